//! `vetro check` as a clerk and a CI job use it.

use crate::support::*;

#[test]
fn the_example_site_has_no_errors() {
    let site = example_site();
    let run = vetro(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stdout)
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    let last = stdout.trim_end().lines().last().unwrap();
    assert!(last.starts_with("8 atti controllati: 0 errori, "), "{last}");
}

#[test]
fn errors_come_as_json_objects_and_exit_1() {
    let site = example_site();
    let act = site
        .path()
        .join("content/atti/comune-di-livorno/determinazione-10107-2025.md");
    let text = read(&act)
        .replace(
            "partita_iva = \"01586840504\"",
            "partita_iva = \"01586840505\"",
        )
        .replace(
            "importo_totale = \"127895.04\"",
            "importo_totale = \"127895.07\"",
        );
    std::fs::write(&act, text).unwrap();
    let run = vetro(&[
        "check",
        "--root",
        site.path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(run.status.code(), Some(1));
    let items: Vec<serde_json::Value> = serde_json::from_slice(&run.stdout).unwrap();
    let errors: Vec<_> = items.iter().filter(|d| d["severity"] == "error").collect();
    assert_eq!(errors.len(), 2, "{items:#?}");
    for d in &errors {
        for key in ["code", "severity", "file", "line", "column", "message"] {
            assert!(!d[key].is_null(), "{key} missing in {d}");
        }
        assert_eq!(
            d["file"],
            "content/atti/comune-di-livorno/determinazione-10107-2025.md"
        );
    }
    let lines: Vec<u64> = errors.iter().map(|d| d["line"].as_u64().unwrap()).collect();
    assert!(
        lines.contains(&19),
        "importo_totale is on line 19: {lines:?}"
    );
}

#[test]
fn human_output_shows_the_line_a_marker_and_a_hint() {
    let site = example_site();
    let act = site
        .path()
        .join("content/atti/comune-di-livorno/determinazione-1061-2026.md");
    std::fs::write(
        &act,
        read(&act).replace(
            "procedura = \"affidamento-diretto\"",
            "procedura = \"afidamento-diretto\"",
        ),
    )
    .unwrap();
    let run = vetro(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(out.contains("determinazione-1061-2026.md:14:"), "{out}");
    assert!(out.contains("^^^"), "{out}");
    assert!(out.contains("affidamento-diretto"), "{out}");
    assert!(out.contains("1 errori"), "{out}");
}
