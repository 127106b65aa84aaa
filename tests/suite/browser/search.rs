//! Runs the browser tests (tests/browser/search.mjs, Node + playwright-core + Debian
//! chromium) against a fixture site built from the fixture docs.

use crate::support::{repo, run_node, search};
use std::collections::BTreeMap;
use std::path::Path;

use vetro::search::analysis::{Analyzer, fold};

/// Rust stems of the word list and of every fixture word, for the JS stemmer check.
fn stems(root: &Path, docs: &[vetro::search::SearchDoc]) -> String {
    let list =
        std::fs::read_to_string(root.join("tests/browser/fixtures/parole.txt")).expect("word list");
    let analyzer = Analyzer::new();
    let mut text = list;
    for d in docs {
        text.push_str(&format!(" {} {}", d.title, d.text.join(" ")));
    }
    let words: BTreeMap<String, String> = fold(&text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| (w.to_owned(), analyzer.stem(w)))
        .collect();
    serde_json::to_string(&words).expect("stems serialize")
}

#[test]
fn search_page_in_chromium() {
    let root = repo();
    let dir = tempfile::tempdir().expect("temp dir");
    let docs = search::docs();
    search::write_site(dir.path(), &docs).expect("fixture site");
    std::fs::write(dir.path().join("stems.json"), stems(&root, &docs)).expect("stems");
    run_node("search.mjs", dir.path(), &[]);
}

#[test]
fn first_pages_of_hot_terms_in_chromium() {
    let dir = tempfile::tempdir().expect("temp dir");
    search::write_site(dir.path(), &search::many_docs(3000)).expect("fixture site");
    run_node("search_first_page.mjs", dir.path(), &[]);
}

/// The search page's look and tools (filters, pages, highlighting, ranges, the CSV, the
/// empty state) on the example portal built by the real binary.
#[test]
fn search_page_tools_in_chromium() {
    let site = crate::support::example_site();
    let out = site.path().join("site");
    crate::support::build_ok(site.path(), &out);
    run_node("search_page.mjs", &out, &[]);
}

/// Amount ranges on 5,000 docs of distinct amounts (i + 0.50 euro for doc i): more than
/// one `a/` chunk of amounts, so a range can straddle two chunks.
#[test]
fn amount_ranges_across_chunks_in_chromium() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut docs = search::many_docs(5000);
    for (i, d) in docs.iter_mut().enumerate() {
        d.amount = Some(rust_decimal::Decimal::new(i as i64 * 100 + 50, 2));
    }
    search::write_site(dir.path(), &docs).expect("fixture site");
    run_node("search_ranges.mjs", dir.path(), &[]);
}
