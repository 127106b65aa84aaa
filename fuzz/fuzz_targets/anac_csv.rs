#![no_main]
//! ANAC's `cig` open-data CSV as `vetro import anac-cig` reads it: every row
//! read, repaired, grouped by CIG, checked and rendered (nothing written).

mod common;

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

/// (empty site root, path of the input file)
fn paths() -> &'static (PathBuf, PathBuf) {
    static PATHS: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    PATHS.get_or_init(|| {
        let dir = common::work_dir("anac_csv");
        std::fs::create_dir_all(dir.join("sito")).expect("site root");
        (dir.join("sito"), dir.join("cig.csv"))
    })
}

fuzz_target!(|data: &[u8]| {
    let (root, file) = paths();
    common::put(file, data);
    let files = std::slice::from_ref(file);
    if let Ok(summary) = vetro::import::dry_run_anac_cig(root, files, &[]) {
        let _ = summary.print(&mut Vec::new());
    }
});
