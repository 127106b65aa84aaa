//! The example site in a real browser: axe-core finds no accessibility
//! violation, no page scrolls sideways at 360 px, and screenshots of the CIG
//! and supplier pages land in target/screenshots/. Needs `npm ci` and
//! /usr/bin/chromium; a missing tool fails the test, never skips it.

use crate::support::built::built_example;
use crate::support::{repo, run_node};

/// Runs a browser script on the example site, built afresh.
fn run_on_example(script: &str) {
    let (_tmp, site) = built_example();
    run_node(script, &site, &[]);
}

#[test]
fn axe_finds_no_violation_on_any_page_kind() {
    run_on_example("axe.mjs");
}

#[test]
fn no_page_scrolls_sideways_and_screenshots_are_taken() {
    run_on_example("layout.mjs");
    let shots = repo().join("target/screenshots");
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
