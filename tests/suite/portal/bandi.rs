//! «Bandi di gara e contratti» by part, end to end: a site with a 2023 and a
//! 2024 procedure, a general act, a programme and notices, built under a
//! sub-path. Each lands in its part and only there; the L.190 datasets are
//! offered under «fino al 2023» only; every link of the parts resolves.

use crate::support::html::Page;
use crate::support::{build_ok, read};
use serde_json::Value;
use std::path::Path;

const PREFIX: &str = "/trasparenza/appalti/";
const LEGACY_CIG: &str = "B153F2DE65";
const CURRENT_CIG: &str = "B9538AC2B9";

fn write(root: &Path, path: &str, text: &str) {
    let file = root.join(path);
    std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
    std::fs::write(file, text).expect("write");
}

fn act(root: &Path, name: &str, header: &str) {
    let text = format!("+++\nente = \"comune-di-prova\"\n{header}\n+++\nTesto dell'atto.\n");
    write(
        root,
        &format!("content/atti/comune-di-prova/{name}.md"),
        &text,
    );
}

/// A procedure by its first act on `data`, with one lot of `cig`.
fn procedure_act(root: &Path, numero: &str, data: &str, cig: &str) {
    act(
        root,
        &format!("determinazione-{numero}"),
        &format!(
            "tipo = \"determinazione\"\nnumero = \"{numero}\"\ndata = {data}\n\
             oggetto = \"Affidamento {cig}\"\ncig = \"{cig}\"\n\
             procedura = \"affidamento-diretto\"\nimporto_netto = \"1000.00\"\n\
             [[aggiudicatari]]\ndenominazione = \"Ditta Prova S.r.l.\"\npartita_iva = \"02831630161\""
        ),
    );
}

fn fixture(root: &Path) {
    write(
        root,
        "vetro.toml",
        "titolo = \"Prova\"\nurl_base = \"https://www.comune.example.it/trasparenza/appalti\"\n\
         licenza = \"CC-BY-4.0\"\n",
    );
    write(
        root,
        "content/enti/comune-di-prova.toml",
        "denominazione = \"Comune di Prova\"\ncodice_fiscale = \"00250450160\"\ntipo = \"Comune\"\n",
    );
    procedure_act(root, "1-2023", "2023-12-31", LEGACY_CIG);
    // Starts on the first day of the current regime.
    procedure_act(root, "1-2024", "2024-01-01", CURRENT_CIG);
    act(
        root,
        "avviso-2024-01-01",
        &format!(
            "tipo = \"avviso\"\ndata = 2024-01-01\noggetto = \"Avviso della procedura\"\ncig = \"{CURRENT_CIG}\""
        ),
    );
    act(
        root,
        "atto-generale-5-2024",
        "tipo = \"atto-generale\"\nnumero = \"5\"\ndata = 2024-03-01\noggetto = \"Regolamento dei contratti\"",
    );
    act(
        root,
        "programma-triennale-9-2024",
        "tipo = \"programma-triennale\"\nnumero = \"9\"\ndata = 2024-02-01\noggetto = \"Programma triennale 2024-2026\"",
    );
    act(
        root,
        "avviso-2024-05-01",
        "tipo = \"avviso\"\ndata = 2024-05-01\noggetto = \"Ricerca di sponsor\"",
    );
}

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("src");
    fixture(&root);
    let out = dir.path().join("site");
    build_ok(&root, &out);
    (dir, out)
}

fn twin(out: &Path, part: &str) -> Value {
    let path = out.join("bandi-di-gara").join(part).join("index.json");
    serde_json::from_str(&read(&path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The values of `key` in the rows of `list` of a part's twin.
fn column(out: &Path, part: &str, list: &str, key: &str) -> Vec<String> {
    twin(out, part)[list]
        .as_array()
        .expect("rows")
        .iter()
        .map(|row| row[key].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn each_procedure_and_act_lands_in_its_part_only() {
    let (_dir, out) = built();
    assert_eq!(column(&out, "procedure", "procedure", "cig"), [CURRENT_CIG]);
    assert_eq!(
        column(&out, "fino-al-2023", "procedure", "cig"),
        [LEGACY_CIG]
    );
    assert_eq!(
        column(&out, "atti-generali", "atti", "oggetto"),
        ["Regolamento dei contratti"]
    );
    assert_eq!(
        column(&out, "programmazione", "atti", "oggetto"),
        ["Programma triennale 2024-2026"]
    );
    // The notice with a CIG is its procedure's, not one of «Avvisi».
    assert_eq!(
        column(&out, "avvisi", "atti", "oggetto"),
        ["Ricerca di sponsor"]
    );
    for part in ["atti-generali", "programmazione", "avvisi"] {
        assert!(column(&out, part, "procedure", "cig").is_empty(), "{part}");
    }
    for part in ["procedure", "fino-al-2023"] {
        assert!(column(&out, part, "atti", "oggetto").is_empty(), "{part}");
    }
    let index = twin(&out, "");
    let counts: Vec<(String, u64)> = index["parti"]
        .as_array()
        .expect("parts")
        .iter()
        .map(|p| {
            (
                p["parte"].as_str().unwrap_or_default().into(),
                p["elementi"].as_u64().unwrap_or(99),
            )
        })
        .collect();
    let expected = [
        ("procedure", 1),
        ("atti-generali", 1),
        ("programmazione", 1),
        ("avvisi", 1),
        ("fino-al-2023", 1),
    ];
    let expected: Vec<(String, u64)> = expected.iter().map(|(p, n)| (p.to_string(), *n)).collect();
    assert_eq!(counts, expected);
}

#[test]
fn the_bdncp_link_is_the_one_of_the_cig_page() {
    let (_dir, out) = built();
    let cig_page: Value =
        serde_json::from_str(&read(&out.join(format!("cig/{CURRENT_CIG}/index.json"))))
            .expect("json");
    let link = cig_page["anac_url"]
        .as_str()
        .expect("the CIG page links BDNCP");
    assert_eq!(column(&out, "procedure", "procedure", "anac_url"), [link]);
    let page = Page::read(&out.join("bandi-di-gara/procedure/index.html"));
    assert!(
        page.attributes("main table a", "href")
            .iter()
            .any(|h| h == link)
    );
    assert_eq!(
        page.texts("main table caption"),
        ["Procedure avviate dal 1° gennaio 2024, dalla più recente"]
    );
}

#[test]
fn l190_datasets_are_offered_under_the_legacy_part_only() {
    let (_dir, out) = built();
    // The dataset is due up to 2023: no file for 2024, whose data is BDNCP's.
    assert!(out.join("dati/l190/comune-di-prova/2023.xml").is_file());
    assert!(!out.join("dati/l190/comune-di-prova/2024.xml").exists());
    assert!(
        !out.join("dati/l190/comune-di-prova/indice-2024.xml")
            .exists()
    );
    // The years up to 2023 are offered there only.
    assert_eq!(
        column(&out, "fino-al-2023", "l190", "path"),
        [
            "dati/l190/comune-di-prova/2023.xml",
            "dati/l190/comune-di-prova/indice-2023.xml"
        ]
    );
    for entry in walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
    {
        let name = entry.file_name().to_string_lossy();
        if name != "index.html" {
            continue;
        }
        let page = Page::read(entry.path());
        let l190: Vec<String> = page
            .attributes("main a", "href")
            .into_iter()
            .filter(|h| h.contains("dati/l190/"))
            .collect();
        let rel = entry.path().strip_prefix(&out).expect("prefix");
        if rel == Path::new("bandi-di-gara/fino-al-2023/index.html") {
            assert_eq!(
                l190,
                [
                    format!("{PREFIX}dati/l190/comune-di-prova/2023.xml"),
                    format!("{PREFIX}dati/l190/comune-di-prova/indice-2023.xml")
                ]
            );
        } else {
            assert!(l190.is_empty(), "{}: {l190:?}", rel.display());
        }
    }
    let dati = Page::read(&out.join("dati/index.html"));
    assert!(
        dati.attributes("#l190 ~ p a", "href")
            .contains(&format!("{PREFIX}bandi-di-gara/fino-al-2023/"))
    );
}

/// The output file a portal link names, if it is one of the portal's.
fn target(out: &Path, href: &str) -> Option<std::path::PathBuf> {
    let path = href.split(['#', '?']).next()?.strip_prefix(PREFIX)?;
    Some(if path.is_empty() || path.ends_with('/') {
        out.join(path).join("index.html")
    } else {
        out.join(path)
    })
}

#[test]
fn every_link_of_the_parts_resolves_under_the_sub_path() {
    let (_dir, out) = built();
    let home = Page::read(&out.join("index.html"));
    let index = format!("{PREFIX}bandi-di-gara/");
    assert!(home.attributes("nav.vetro-nav a", "href").contains(&index));
    assert!(home.attributes("main a", "href").contains(&index));
    for part in [
        "",
        "procedure/",
        "atti-generali/",
        "programmazione/",
        "avvisi/",
        "fino-al-2023/",
    ] {
        let file = out.join("bandi-di-gara").join(part).join("index.html");
        let page = Page::read(&file);
        let crumbs = page.attributes("nav.breadcrumb-container a", "href");
        assert!(crumbs.contains(&PREFIX.to_string()), "{part}: {crumbs:?}");
        // The footer's free pages are the site's own (this one has none).
        for href in page.attributes("main a, nav a", "href") {
            // Other sites (BDNCP) and anchors within the page.
            if href.starts_with("https://") || href.starts_with('#') {
                continue;
            }
            let file = target(&out, &href)
                .unwrap_or_else(|| panic!("{part}: «{href}» is not under {PREFIX}"));
            assert!(
                file.is_file(),
                "{part}: «{href}» has no file {}",
                file.display()
            );
        }
        let sitemap = read(&out.join("sitemap.xml"));
        assert!(
            sitemap.contains(&format!(
                "https://www.comune.example.it{PREFIX}bandi-di-gara/{part}<"
            )),
            "{part} is not in the sitemap"
        );
    }
}

#[test]
fn long_parts_are_paged_and_the_datasets_stay_on_the_first_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("src");
    fixture(&root);
    let config = read(&root.join("vetro.toml")) + "per_pagina = 1\n";
    write(&root, "vetro.toml", &config);
    procedure_act(&root, "7-2022", "2022-05-10", "B85C478F9C");
    let out = dir.path().join("site");
    build_ok(&root, &out);
    assert_eq!(
        column(&out, "fino-al-2023", "procedure", "cig"),
        [LEGACY_CIG]
    );
    assert_eq!(
        column(&out, "fino-al-2023/pagina/2", "procedure", "cig"),
        ["B85C478F9C"]
    );
    assert_eq!(column(&out, "fino-al-2023", "l190", "path").len(), 4);
    assert!(column(&out, "fino-al-2023/pagina/2", "l190", "path").is_empty());
    let first = Page::read(&out.join("bandi-di-gara/fino-al-2023/index.html"));
    assert_eq!(
        first.attributes("a[rel=next]", "href"),
        [format!("{PREFIX}bandi-di-gara/fino-al-2023/pagina/2/")]
    );
    let second = Page::read(&out.join("bandi-di-gara/fino-al-2023/pagina/2/index.html"));
    assert!(
        second
            .attributes("main a", "href")
            .iter()
            .all(|h| !h.contains("dati/l190/"))
    );
}
