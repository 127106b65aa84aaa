//! Helpers shared by the export tests: build a site into a temporary
//! folder, and run the Python validators (which must be installed: a
//! missing validator fails the test, it never skips it).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use vetro::build::{BuildError, BuildOptions, build};

pub fn example_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the site at `root` into `output`; panics with the report on failure.
pub fn build_site(root: &Path, output: &Path) {
    let options = BuildOptions {
        root: root.to_path_buf(),
        output: output.to_path_buf(),
        full: true,
    };
    match build(&options) {
        Ok(_) => {}
        Err(BuildError::Content(report)) => panic!("content errors:\n{}", report.to_human()),
        Err(BuildError::Render(e)) | Err(BuildError::Io(e)) => panic!("build failed: {e}"),
    }
}

/// The example site built into a fresh temporary folder.
pub fn example_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let site = tmp.path().join("site");
    build_site(&example_root(), &site);
    (tmp, site)
}

/// Copies the example site (config and content) into `dest`, with the CPV
/// vocabulary path made absolute so it still resolves.
pub fn copy_example(dest: &Path) {
    let root = example_root();
    for entry in walkdir::WalkDir::new(root.join("content")) {
        let entry = entry.expect("walk");
        let target = dest.join(entry.path().strip_prefix(&root).expect("prefix"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
    std::fs::copy(root.join("vetro.toml"), dest.join("vetro.toml")).expect("copy config");
}

/// Runs `tests/validators/<script>` with python3; returns its stdout and
/// panics (failing the test) if python3 or a module is missing or the
/// validator reports errors.
pub fn python(script: &str, args: &[&Path]) -> String {
    let path = example_root().join("tests/validators").join(script);
    let output = Command::new("python3")
        .arg(&path)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("python3 is required for {script}: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{script} failed (install tests/validators/requirements.txt):\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

pub fn test_data(path: &str) -> PathBuf {
    example_root().join("tests/data").join(path)
}

/// Every file under `dir`, relative, sorted.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).expect("prefix").to_path_buf())
        .collect();
    all.sort();
    all
}
