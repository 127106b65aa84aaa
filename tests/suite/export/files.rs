//! CSV hygiene (formula injection, headers from the one definition),
//! byte-identical rebuilds, the sitemap, checksums and the docs dictionary.

use crate::support::built::{build_site, built_example};
use crate::support::*;
use std::collections::BTreeSet;
use vetro::export::schema::Kind;
use vetro::export::tables::TABLES;

const FORMULA: &str = "=HYPERLINK(\"http://example.com/x\",\"clic\")";

#[test]
fn formula_injection_comes_out_inert_in_every_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("root");
    copy_example(&root);
    let act = root.join("content/atti/comune-di-livorno/determinazione-10107-2025.md");
    let text = std::fs::read_to_string(&act).unwrap();
    let text: String = text
        .lines()
        .map(|line| match line.starts_with("oggetto = ") {
            true => format!("oggetto = {FORMULA:?}\n"),
            false => format!("{line}\n"),
        })
        .collect();
    let text = text.replace(
        "denominazione = \"Omniconnect S.r.l.\"",
        "denominazione = \"@SUM(1+1) Omniconnect\"",
    );
    std::fs::write(&act, text).unwrap();
    let site = tmp.path().join("site");
    build_site(&root, &site);
    let mut seen_formula = false;
    for path in files(&site.join("dati"))
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
    {
        let mut reader = csv::Reader::from_path(site.join("dati").join(path)).unwrap();
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{}: live formula {cell:?}",
                    path.display()
                );
                seen_formula |= cell == format!("'{FORMULA}");
            }
        }
    }
    assert!(seen_formula, "the oggetto is kept, with its apostrophe");
    let aggiudicatari = std::fs::read_to_string(site.join("dati/aggiudicatari.csv")).unwrap();
    assert!(
        aggiudicatari.contains("'@SUM(1+1) Omniconnect"),
        "{aggiudicatari}"
    );
    assert!(
        aggiudicatari.contains(",104832.00\r\n"),
        "amounts untouched: {aggiudicatari}"
    );
}

/// Formulas hidden behind a blank, a NBSP, a zero-width space, a BOM or a
/// line break, and fullwidth signs, as TOML escapes in an act's front matter.
const HIDDEN_FORMULAS: [(&str, &str); 5] = [
    (
        "\\u00A0=HYPERLINK(\\\"http://example.com/x\\\")",
        "\u{A0}=HYPERLINK(\"http://example.com/x\")",
    ),
    (
        "\\u200B+1+1 spazio a larghezza zero",
        "\u{200B}+1+1 spazio a larghezza zero",
    ),
    ("\\uFEFF-1-1 BOM", "\u{FEFF}-1-1 BOM"),
    (" \\n@SUM(1) a capo", " \n@SUM(1) a capo"),
    ("\\uFF1D1+1 larghezza piena", "\u{FF1D}1+1 larghezza piena"),
];

#[test]
fn hidden_and_fullwidth_formulas_come_out_inert_and_numbers_stay_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("root");
    copy_example(&root);
    let acts = files(&root.join("content/atti"));
    let acts: Vec<_> = acts
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    // One formula per act, on the first acts (every act's subject is in atti.csv).
    assert!(acts.len() >= HIDDEN_FORMULAS.len());
    for (act, (escaped, _)) in acts.iter().zip(HIDDEN_FORMULAS) {
        let path = root.join("content/atti").join(act);
        let text = std::fs::read_to_string(&path).unwrap();
        let text: String = text
            .lines()
            .map(|line| match line.starts_with("oggetto = ") {
                true => format!("oggetto = \"{escaped}\"\n"),
                false => format!("{line}\n"),
            })
            .collect();
        std::fs::write(&path, text).unwrap();
    }
    let site = tmp.path().join("site");
    build_site(&root, &site);
    let mut cells = BTreeSet::new();
    for table in TABLES {
        let path = site.join(format!("dati/{}.csv", table.name));
        let mut reader = csv::Reader::from_path(&path).unwrap();
        for record in reader.records() {
            let record = record.unwrap();
            for (column, cell) in table.columns.iter().zip(record.iter()) {
                let numeric = matches!(column.kind, Kind::Number | Kind::Integer);
                if numeric && !cell.is_empty() {
                    assert!(
                        cell.parse::<rust_decimal::Decimal>().is_ok(),
                        "{}.{}: {cell:?} is not a plain number",
                        table.name,
                        column.name
                    );
                }
                cells.insert(cell.to_string());
            }
        }
    }
    for (_, formula) in HIDDEN_FORMULAS {
        assert!(
            cells.contains(&format!("'{formula}")),
            "{formula:?} neutralized"
        );
        assert!(!cells.contains(formula), "{formula:?} left live");
    }
}

#[test]
fn csv_headers_come_from_the_table_definitions() {
    let (_tmp, site) = built_example();
    for table in TABLES {
        for dir in ["dati", "dati/anni/2025", "dati/enti/comune-di-livorno"] {
            let mut reader =
                csv::Reader::from_path(site.join(dir).join(format!("{}.csv", table.name))).unwrap();
            let header: Vec<String> = reader
                .headers()
                .unwrap()
                .iter()
                .map(str::to_string)
                .collect();
            let expected: Vec<&str> = table.columns.iter().map(|c| c.name).collect();
            assert_eq!(header, expected, "{dir}/{}.csv", table.name);
        }
    }
    let lotti = std::fs::read_to_string(site.join("dati/anni/2025/lotti.csv")).unwrap();
    assert_eq!(lotti.lines().count(), 3, "two lots in 2025: {lotti}");
    assert!(!lotti.starts_with('\u{feff}'), "no BOM");
}

#[test]
fn two_builds_are_byte_identical() {
    let (_a, first) = built_example();
    let (_b, second) = built_example();
    let (left, right) = (files(&first), files(&second));
    assert_eq!(left, right);
    assert!(left.iter().any(|p| p.ends_with("vetro.sqlite")));
    for path in &left {
        let (x, y) = (
            std::fs::read(first.join(path)).unwrap(),
            std::fs::read(second.join(path)).unwrap(),
        );
        assert!(x == y, "{} differs between two builds", path.display());
    }
}

#[test]
fn sitemap_lists_every_html_page_and_checksums_every_download() {
    let (_tmp, site) = built_example();
    let sitemap = std::fs::read_to_string(site.join("sitemap.xml")).unwrap();
    let listed: BTreeSet<String> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| {
            s.split("</loc>")
                .next()
                .unwrap()
                .trim_start_matches("https://vetro.example.org")
                .to_string()
        })
        .collect();
    let pages: BTreeSet<String> = files(&site)
        .iter()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .filter(|p| p.ends_with("index.html"))
        .map(|p| format!("/{}", p.trim_end_matches("index.html")))
        .collect();
    assert_eq!(listed, pages);
    let robots = std::fs::read_to_string(site.join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://vetro.example.org/sitemap.xml"));
    let sums = std::fs::read_to_string(site.join("dati/SHA256SUMS")).unwrap();
    for line in sums.lines() {
        let (digest, name) = line.split_once("  ").unwrap();
        let bytes = std::fs::read(site.join("dati").join(name)).unwrap();
        use sha2::Digest;
        assert_eq!(digest, hex::encode(sha2::Sha256::digest(&bytes)), "{name}");
    }
    for needed in [
        "vetro.sqlite",
        "vetro.json",
        "lotti.csv",
        "anni/2024/lotti.csv",
        "ocds/record-package.json",
        "catalogo-dcat.rdf",
    ] {
        assert!(
            sums.contains(&format!("  {needed}\n")),
            "{needed} not in SHA256SUMS"
        );
    }
    let dati = std::fs::read_to_string(site.join("dati/index.html")).unwrap();
    for table in TABLES {
        assert!(dati.contains(&format!("{}.csv", table.name)));
        for column in table.columns {
            assert!(
                dati.contains(&format!("<code>{}</code>", column.name)),
                "/dati/ lacks {}",
                column.name
            );
        }
    }
    assert!(
        dati.contains("rel=\"license\">CC-BY-4.0</a>"),
        "licence on /dati/"
    );
}

const START: &str =
    "<!-- dizionario: inizio (generato da vetro::export::dictionary_markdown) -->\n";
const END: &str = "<!-- dizionario: fine -->";

/// The dictionary in docs/dati-aperti.md is the generated one; run with
/// VETRO_WRITE_DOCS=1 to regenerate it after changing a table definition.
#[test]
fn the_docs_list_every_column() {
    let path = repo().join("docs/dati-aperti.md");
    let doc = std::fs::read_to_string(&path).expect("docs/dati-aperti.md");
    let start = doc.find(START).expect("start marker") + START.len();
    let end = doc.find(END).expect("end marker");
    let generated = vetro::export::dictionary_markdown();
    if std::env::var_os("VETRO_WRITE_DOCS").is_some() {
        let updated = format!("{}{generated}{}", &doc[..start], &doc[end..]);
        std::fs::write(&path, updated).expect("write docs");
        return;
    }
    assert_eq!(
        &doc[start..end],
        generated,
        "docs/dati-aperti.md is out of date: run VETRO_WRITE_DOCS=1 cargo test --test export_files the_docs"
    );
    for table in TABLES {
        for column in table.columns {
            assert!(
                doc.contains(&format!("| `{}` |", column.name)),
                "{}",
                column.name
            );
        }
    }
}

/// The large dumps come compressed too: each `.gz` holds exactly its file's
/// bytes, both are in SHA256SUMS and on /dati/ with their digests, and both
/// `sha256sum -c` on SHA256SUMS and on the build manifest pass.
#[test]
fn compressed_dumps_hold_the_same_bytes_and_are_listed_with_their_digests() {
    let (_tmp, site) = built_example();
    let dati = site.join("dati");
    let sums = std::fs::read_to_string(dati.join("SHA256SUMS")).unwrap();
    let page = std::fs::read_to_string(dati.join("index.html")).unwrap();
    for name in [
        "lotti.csv",
        "vetro.json",
        "vetro.sqlite",
        "ocds/record-package.json",
        "anni/2025/lotti.csv",
    ] {
        let plain = std::fs::read(dati.join(name)).unwrap();
        let packed = std::fs::read(dati.join(format!("{name}.gz"))).unwrap();
        assert!(packed.len() < plain.len(), "{name}.gz is smaller");
        let mut unpacked = Vec::new();
        std::io::Read::read_to_end(
            &mut flate2::read::GzDecoder::new(packed.as_slice()),
            &mut unpacked,
        )
        .unwrap();
        assert!(unpacked == plain, "{name}.gz holds {name}");
        use sha2::Digest;
        let digest = hex::encode(sha2::Sha256::digest(&packed));
        assert!(
            sums.contains(&format!("{digest}  {name}.gz\n")),
            "{name}.gz in SHA256SUMS"
        );
        // The whole catalogue's digests are on the page; a slice's in SHA256SUMS.
        if !name.starts_with("anni/") {
            assert!(
                page.contains(&format!("<code>{digest}</code>")),
                "{name}.gz digest on /dati/"
            );
        }
        assert!(
            page.contains(&format!("dati/{name}.gz\" download")),
            "{name}.gz linked"
        );
    }
    // A body's slice is small: not compressed.
    assert!(
        !files(&dati.join("enti"))
            .iter()
            .any(|p| p.to_string_lossy().ends_with(".gz"))
    );
    for (dir, list) in [(&dati, "SHA256SUMS"), (&site, ".vetro-manifest")] {
        let checked = std::process::Command::new("sha256sum")
            .args(["-c", "--quiet", list])
            .current_dir(dir)
            .output()
            .unwrap();
        assert!(
            checked.status.success(),
            "sha256sum -c {list}: {}",
            String::from_utf8_lossy(&checked.stdout)
        );
    }
}

/// /dati/ opens with its contents, offers no table without rows (the file
/// is still written, for the data package) and tells the reader, not the
/// clerk, what is missing.
#[test]
fn the_open_data_page_has_contents_and_offers_no_empty_table() {
    let (_tmp, site) = built_example();
    let page = std::fs::read_to_string(site.join("dati/index.html")).unwrap();
    let contents = page
        .split("</nav>")
        .find(|p| p.contains("In questa pagina"))
        .unwrap();
    for anchor in [
        "#scarica",
        "#anni",
        "#enti",
        "#dizionario",
        "#tabella-lotti",
    ] {
        assert!(
            contents.contains(&format!("href=\"{anchor}\"")),
            "contents link {anchor}"
        );
    }
    // The example has no payment: pagamenti.csv is written with its header only.
    let empty = std::fs::read_to_string(site.join("dati/pagamenti.csv")).unwrap();
    assert_eq!(empty.lines().count(), 1, "{empty}");
    assert!(
        !page.contains("dati/pagamenti.csv\" download"),
        "no empty file offered"
    );
    assert!(page.contains("dati/lotti.csv\" download"));
    assert!(!page.contains("vetro.toml"), "no instruction for the clerk");
}
