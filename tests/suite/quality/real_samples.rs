//! The three real L.190 datasets in `tests/data/l190/` (Cercivento 2019,
//! Terracina 2013, S.I.TO 2022), imported and built: every euro of the
//! source is either in the portal's totals or listed, entry by entry, in
//! the data-quality report; and the report's counts are what these files
//! really contain (issue 15, "Must show").

use crate::support::dumps::csv_rows;
use crate::support::*;
use quick_xml::XmlVersion;
use quick_xml::events::Event;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

const SAMPLES: [(&str, &str); 3] = [
    ("comune-cercivento-2019.xml", "84001470305"),
    ("comune-terracina-2013.xml", "00246180590"),
    ("sito-interporto-torino-200lotti.xml", "03717710010"),
];

/// An amount as these files write it: `3875,00`, `1.234,56` or `605.00`.
fn amount(text: &str) -> Decimal {
    let text = text.trim();
    let normal = if text.contains(',') {
        text.replace('.', "").replace(',', ".")
    } else {
        text.to_string()
    };
    Decimal::from_str(&normal).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

/// Awarded and paid totals of a dataset, read straight from its XML with a
/// reader of this test's own (not vetro's).
fn source_totals(file: &Path) -> (Decimal, Decimal) {
    let xml = std::fs::read_to_string(file).unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut awarded, mut paid) = (Decimal::ZERO, Decimal::ZERO);
    let mut current = String::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) => {
                current = e.local_name().as_ref().to_string();
            }
            Event::Text(t) => {
                let text = t.xml_content(XmlVersion::Implicit1_0);
                match current.as_str() {
                    "importoAggiudicazione" if !text.trim().is_empty() => awarded += amount(&text),
                    "importoSommeLiquidate" if !text.trim().is_empty() => paid += amount(&text),
                    _ => {}
                }
            }
            Event::End(_) => current.clear(),
            Event::Eof => break,
            _ => {}
        }
    }
    (awarded, paid)
}

fn column_sum(rows: &[BTreeMap<String, String>], ente: &str, column: &str) -> Decimal {
    rows.iter()
        .filter(|r| r["id_ente"] == ente)
        .filter(|r| !r[column].is_empty())
        .map(|r| amount(&r[column]))
        .sum()
}

fn lots(site: &Path) -> Vec<BTreeMap<String, String>> {
    csv_rows(site, "lotti.csv")
}

/// The id vetro gave the body with codice fiscale `cf`.
fn body_id(rows: &[BTreeMap<String, String>], cf: &str) -> String {
    rows.iter()
        .find(|r| r["cf_amministrazione_appaltante"] == cf)
        .map(|r| r["id_ente"].clone())
        .unwrap_or_else(|| panic!("no lot of {cf}"))
}

/// The sites built once for every test of this file.
fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(
        site.path().join("vetro.toml"),
        "titolo = \"Campioni L.190\"\nurl_base = \"https://example.org\"\nocds_prefisso = \"ocds-prova0\"\ndata_riferimento = 2026-11-22\n",
    )
    .unwrap();
    std::fs::create_dir_all(site.path().join("content")).unwrap();
    let root = site.path().to_str().unwrap().to_string();
    let files: Vec<String> = SAMPLES
        .iter()
        .map(|(f, _)| repo().join("tests/data/l190").join(f).display().to_string())
        .collect();
    let mut args = vec!["import", "l190"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["--root", root.as_str()]);
    let run = vetro(&args);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let out = site.path().join("site");
    build_ok(site.path(), &out);
    (site, out)
}

fn report(site: &Path) -> serde_json::Value {
    serde_json::from_str(&read(&site.join("dati/qualita.json"))).unwrap()
}

/// What a body's findings under `rule` set aside for `campo`: the amounts
/// of the entries not kept, as the finding's `valore` lists them.
fn set_aside(body: &serde_json::Value, rule: &str, campo: &str) -> Decimal {
    body["segnalazioni"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["regola"] == rule && f["campo"] == campo)
        .flat_map(|f| {
            f["valore"]
                .as_str()
                .unwrap()
                .split("; ")
                .map(amount)
                .collect::<Vec<_>>()
        })
        .sum()
}

/// Entries counted once: each `voci-ripetute` finding stands for one
/// entry equal to the procedure's, so its amount is the procedure's.
fn repeated(body: &serde_json::Value, rows: &[BTreeMap<String, String>], column: &str) -> Decimal {
    body["segnalazioni"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["regola"] == "voci-ripetute")
        .map(|f| {
            let key = f["chiave"].as_str().unwrap();
            let row = rows
                .iter()
                .find(|r| r["id_procedura"] == key || r["cig"] == key)
                .unwrap_or_else(|| panic!("{key} not in lotti.csv"));
            if row[column].is_empty() {
                Decimal::ZERO
            } else {
                amount(&row[column])
            }
        })
        .sum()
}

#[test]
fn every_euro_of_the_source_is_in_the_totals_or_in_the_report() {
    let (_site, out) = built();
    let rows = lots(&out);
    let report = report(&out);
    for (file, cf) in SAMPLES {
        let ente = body_id(&rows, cf);
        let ente = ente.as_str();
        let (awarded, paid) = source_totals(&repo().join("tests/data/l190").join(file));
        let body = report["enti"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["ente"] == ente)
            .cloned()
            .unwrap_or(serde_json::json!({"segnalazioni": []}));
        let portal = column_sum(&rows, ente, "importo_aggiudicato");
        let aside = set_aside(&body, "voci-discordanti", "importo_netto");
        let again = repeated(&body, &rows, "importo_aggiudicato");
        assert_eq!(
            portal + aside + again,
            awarded,
            "{file}: awarded {portal} + {aside} + {again}"
        );
        let portal_paid = column_sum(&rows, ente, "importo_liquidato");
        let aside_paid = set_aside(&body, "voci-discordanti", "liquidazioni");
        let again_paid = repeated(&body, &rows, "importo_liquidato");
        assert_eq!(
            portal_paid + aside_paid + again_paid,
            paid,
            "{file}: paid {portal_paid} + {aside_paid} + {again_paid}"
        );
    }
}

/// The report's counts per body and rule. Each number was checked by hand
/// against the source: Cercivento repeats four CIGs (one word for word);
/// Terracina lists `76E0B83FA5` twelve times with twelve suppliers (a code
/// of no known series, so flagged `cig-controllo`) and `ZFA0C705CA` three
/// times; S.I.TO repeats bidders of one lot (X8116E9605), pays €95.51 of a
/// €95,507.29 award and ends one contract before it starts.
#[test]
fn the_report_counts_what_the_samples_contain() {
    let (_site, out) = built();
    let rows = lots(&out);
    let report = report(&out);
    let expected: [(&str, &[(&str, u64)]); 3] = [
        (
            "84001470305",
            &[("voci-discordanti", 6), ("voci-ripetute", 1)],
        ),
        (
            "00246180590",
            &[
                ("cig-non-valido", 1),
                ("cig-controllo", 3),
                ("id-fornitore-non-valido", 1),
                ("voci-discordanti", 4),
            ],
        ),
        (
            "03717710010",
            &[
                ("cig-controllo", 2),
                ("data-incoerente", 1),
                ("importo-oltre-pagato", 1),
                ("soggetto-ripetuto", 79),
            ],
        ),
    ];
    for (cf, rules) in expected {
        let ente = body_id(&rows, cf);
        let body = report["enti"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["ente"] == ente.as_str())
            .unwrap_or_else(|| panic!("{ente} not in the report"));
        let counts: Vec<(String, u64)> = body["regole"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["regola"].as_str().unwrap().to_string(),
                    r["segnalazioni"].as_u64().unwrap(),
                )
            })
            .collect();
        let want: Vec<(String, u64)> = rules.iter().map(|(r, n)| (r.to_string(), *n)).collect();
        assert_eq!(counts, want, "{ente}");
    }
    // The CSV has one row per finding, as the JSON.
    let csv_rows = csv::Reader::from_path(out.join("dati/qualita.csv"))
        .unwrap()
        .records()
        .count() as u64;
    let json_rows: u64 = report["totali"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["segnalazioni"].as_u64().unwrap())
        .sum();
    assert_eq!(csv_rows, json_rows);
}
