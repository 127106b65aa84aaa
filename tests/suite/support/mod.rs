//! Helpers shared by the suite: the repository's files, copies of the
//! example site, runs of the real `vetro` binary, and the trees it writes.

pub mod built;
pub mod dumps;
pub mod html;
pub mod import;
pub mod search;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file of `tests/data/` (real public data and schemas).
pub fn test_data(path: &str) -> PathBuf {
    repo().join("tests/data").join(path)
}

/// A copy of the example site (vetro.toml and content/) in a temp folder.
pub fn example_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_example(dir.path());
    dir
}

/// Copies the example site's config and content into `dest`.
pub fn copy_example(dest: &Path) {
    copy_tree(&repo().join("content"), &dest.join("content"));
    std::fs::copy(repo().join("vetro.toml"), dest.join("vetro.toml")).expect("vetro.toml");
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).expect("prefix"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

pub fn vetro(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vetro"))
        .args(args)
        .output()
        .expect("run vetro")
}

pub fn build(root: &Path, output: &Path) -> Output {
    vetro(&[
        "build",
        "--root",
        root.to_str().expect("utf8"),
        "--output",
        output.to_str().expect("utf8"),
    ])
}

/// Builds `root` into `output` and fails the test, with vetro's report, if
/// the build does not succeed.
pub fn build_ok(root: &Path, output: &Path) -> Output {
    let run = build(root, output);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    run
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every file under `dir` with its bytes, by relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("prefix")
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
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

/// The port a `vetro serve` child (stdout piped) says it listens on; its
/// output keeps being read, as a terminal would, until it exits.
pub fn listening_port(child: &mut std::process::Child) -> u16 {
    use std::io::{BufRead, BufReader};
    let stdout = child.stdout.take().expect("serve's stdout is piped");
    let mut lines = BufReader::new(stdout).lines().map_while(Result::ok);
    let port = lines
        .find_map(|line| {
            line.split("http://127.0.0.1:")
                .nth(1)
                .and_then(|rest| rest.split('/').next()?.parse::<u16>().ok())
        })
        .expect("serve printed no address");
    std::thread::spawn(move || lines.for_each(drop));
    port
}

/// Runs `node tests/browser/<script> <site> <args>` from the repository and
/// fails the test, with the script's output, when it fails or node is missing.
pub fn run_node(script: &str, site: &Path, args: &[&str]) {
    let output = Command::new("node")
        .arg(repo().join("tests/browser").join(script))
        .arg(site)
        .args(args)
        .current_dir(repo())
        .output()
        .expect("node is needed by the browser tests (apt-get install nodejs; npm ci)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    println!("{stdout}");
    assert!(
        output.status.success(),
        "{script} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// insta's settings for the suite: every snapshot in `tests/suite/snapshots/`,
/// named after its test module.
pub fn snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(repo().join("tests/suite/snapshots"));
    settings
}
