//! The example site in a real browser: axe-core finds no accessibility
//! violation, no page scrolls sideways at 360 px, and screenshots of the CIG
//! and supplier pages land in target/screenshots/. Needs `npm ci` and
//! /usr/bin/chromium; a missing tool fails the test, never skips it.

use std::path::Path;
use std::process::Command;

fn build_example(out: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let options = vetro::build::BuildOptions {
        root: root.to_path_buf(),
        output: out.to_path_buf(),
        full: true,
    };
    if let Err(e) = vetro::build::build(&options) {
        let message = match e {
            vetro::build::BuildError::Content(report) => report.to_human(),
            vetro::build::BuildError::Render(m) | vetro::build::BuildError::Io(m) => m,
        };
        panic!("the example site does not build:\n{message}");
    }
}

fn run_node(script: &str) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    build_example(&site);
    let root = env!("CARGO_MANIFEST_DIR");
    let output = Command::new("node")
        .arg(format!("tests/browser/{script}"))
        .arg(&site)
        .current_dir(root)
        .output()
        .expect("node is needed by the browser tests (apt-get install nodejs; npm ci)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert!(
        output.status.success(),
        "{script} failed:\n{stdout}\n{stderr}"
    );
}

#[test]
fn axe_finds_no_violation_on_any_page_kind() {
    run_node("axe.mjs");
}

#[test]
fn no_page_scrolls_sideways_and_screenshots_are_taken() {
    run_node("layout.mjs");
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    for name in [
        "cig-360.png",
        "cig-1280.png",
        "supplier-360.png",
        "supplier-1280.png",
    ] {
        let size = std::fs::metadata(shots.join(name)).map_or(0, |m| m.len());
        assert!(size > 10_000, "screenshot {name} missing or empty");
    }
}
