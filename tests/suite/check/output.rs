//! Snapshots of `vetro check`'s human and JSON output on every case of the
//! broken-file corpus, each in a site of its own as a clerk would meet it:
//! any change in wording, order, codes, spans or exit code shows up here for
//! review.

use super::corpus::{install, new_site};
use crate::support::{repo, snapshot_settings, vetro};
use std::path::PathBuf;

/// The cases of `tests/fixtures/broken/`, sorted.
fn cases() -> Vec<PathBuf> {
    let corpus = repo().join("tests/fixtures/broken");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .expect("the broken corpus")
        .map(|e| e.expect("a corpus entry").path())
        .filter(|p| p.extension().is_none_or(|e| e != "expect"))
        .collect();
    cases.sort();
    cases
}

/// For each case: its name, `vetro check`'s exit code and stdout (the
/// temporary site's path replaced by `[sito]`), run with `args`.
fn check_each_case(args: &[&str]) -> Vec<(String, Option<i32>, String)> {
    cases()
        .iter()
        .map(|case| {
            let (_dir, root) = new_site();
            install(case, &root);
            let root_text = root.to_str().expect("utf8 temp path");
            let mut all = vec!["check", "--root", root_text];
            all.extend(args);
            let run = vetro(&all);
            let name = case.file_name().expect("a name").to_string_lossy();
            let out = String::from_utf8_lossy(&run.stdout).replace(root_text, "[sito]");
            (name.into_owned(), run.status.code(), out)
        })
        .collect()
}

#[test]
fn human_output_on_the_broken_corpus() {
    let out: String = check_each_case(&[])
        .into_iter()
        .map(|(name, code, out)| {
            let code = code.map_or("none (killed)".to_string(), |c| c.to_string());
            format!("──── {name} (exit {code})\n{out}\n")
        })
        .collect();
    snapshot_settings().bind(|| insta::assert_snapshot!(out));
}

#[test]
fn json_output_on_the_broken_corpus() {
    let items: serde_json::Map<String, serde_json::Value> = check_each_case(&["--format", "json"])
        .into_iter()
        .map(|(name, code, out)| {
            let items: serde_json::Value = serde_json::from_str(&out)
                .unwrap_or_else(|e| panic!("{name}: check printed no JSON ({e}):\n{out}"));
            (
                name,
                serde_json::json!({ "exit": code, "diagnostics": items }),
            )
        })
        .collect();
    snapshot_settings().bind(|| insta::assert_json_snapshot!(items));
}
