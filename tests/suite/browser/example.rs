//! Browser tests on the real example portal (Node + playwright-core + Debian
//! chromium, installed by scripts/test).

use crate::support::*;

#[test]
fn search_on_the_example_portal() {
    let site = example_site();
    let out = site.path().join("site");
    build_ok(site.path(), &out);
    run_node("search_example.mjs", &out, &[]);
}

#[test]
fn search_under_a_sub_path() {
    let site = example_site();
    let config = site.path().join("vetro.toml");
    let text = read(&config).replace(
        "url_base = \"https://vetro.example.org\"",
        "url_base = \"https://www.comune.example.it/trasparenza/appalti\"",
    );
    assert!(text.contains("/trasparenza/appalti"));
    std::fs::write(&config, text).unwrap();
    let out = site.path().join("site");
    build_ok(site.path(), &out);
    run_node("search_prefix.mjs", &out, &["/trasparenza/appalti/"]);
}
