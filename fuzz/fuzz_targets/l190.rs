#![no_main]
//! An L.190 XML file as `vetro import l190` reads it: every record read,
//! repaired, checked and rendered (nothing written), and the dataset written
//! back as the export's L.190 XML.

mod common;

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;
use vetro::l190::L190File;

/// (empty site root, path of the input file)
fn paths() -> &'static (PathBuf, PathBuf) {
    static PATHS: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    PATHS.get_or_init(|| {
        let dir = common::work_dir("l190");
        std::fs::create_dir_all(dir.join("sito")).expect("site root");
        (dir.join("sito"), dir.join("dataset.xml"))
    })
}

fuzz_target!(|data: &[u8]| {
    match vetro::l190::read_file(data) {
        Ok(L190File::Dataset(outcome)) => drop(vetro::l190::write_dataset(&outcome.dataset)),
        Ok(L190File::Index { index, .. }) => drop(vetro::l190::write_index(&index)),
        Err(_) => {}
    }
    let (root, file) = paths();
    common::put(file, data);
    if let Ok(summary) = vetro::import::dry_run_l190(root, std::slice::from_ref(file)) {
        let _ = summary.print(&mut Vec::new());
    }
});
