//! What the targets share: a folder for the files they need on disk.

use std::path::{Path, PathBuf};

/// A fresh folder for this process under `fuzz/work/` (scripts/fuzz removes
/// it after the run): the importers and the report read real files.
pub fn work_dir(target: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("work")
        .join(format!("{target}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("fuzz work folder");
    dir
}

/// Writes `data` where the code under test will read it.
pub fn put(path: &Path, data: &[u8]) {
    std::fs::write(path, data).expect("write the fuzz input");
}
