//! Builds through the library, in this process: for tests that read the
//! output only, without the binary's command line.

use std::path::{Path, PathBuf};
use vetro::build::{BuildError, BuildOptions, build};

/// Builds the site at `root` into `output` (a full build); panics with the
/// report on failure.
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

/// The repository's example site built into a fresh temporary folder.
pub fn built_example() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let site = tmp.path().join("site");
    build_site(&super::repo(), &site);
    (tmp, site)
}
