//! Helpers shared by the integration tests: copies of the example site and
//! runs of the real `vetro` binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of the example site (vetro.toml and content/) in a temp folder.
pub fn example_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&repo().join("content"), &dir.path().join("content"));
    std::fs::copy(repo().join("vetro.toml"), dir.path().join("vetro.toml")).expect("vetro.toml");
    dir
}

pub fn copy_tree(from: &Path, to: &Path) {
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
pub fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
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

/// The rows of a CSV dump, each as column → value.
pub fn csv_rows(site: &Path, file: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(site.join("dati").join(file)).unwrap();
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect()
}
