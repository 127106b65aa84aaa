//! The total awarded is the same, to the cent, in every place it appears:
//! lotti.csv, vetro.json, the SQLite database, the OCDS packages and the
//! home page.

use crate::support::built::built_example;
use crate::support::dumps::{csv_total, dec, home_total};
use rust_decimal::Decimal;
use std::path::Path;

fn json_totals(site: &Path) -> (Decimal, Decimal) {
    let text = std::fs::read_to_string(site.join("dati/vetro.json")).unwrap();
    let catalog: serde_json::Value = serde_json::from_str(&text).unwrap();
    let stated = dec(catalog["totali"]["importo_aggiudicato"].as_str().unwrap());
    let summed = catalog["procedure"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["importo_aggiudicato"].as_str())
        .map(dec)
        .sum();
    (stated, summed)
}

fn sqlite_total(site: &Path) -> Decimal {
    let conn = rusqlite::Connection::open(site.join("dati/vetro.sqlite")).unwrap();
    let text: String = conn
        .query_row(
            "SELECT printf('%.2f', SUM(importo_aggiudicato)) FROM lotti",
            [],
            |r| r.get(0),
        )
        .unwrap();
    dec(&text)
}

/// Sum of the award values of the compiled release of every record.
fn ocds_total(site: &Path) -> Decimal {
    let text = std::fs::read_to_string(site.join("dati/ocds/record-package.json")).unwrap();
    let package: serde_json::Value = serde_json::from_str(&text).unwrap();
    let cents: i64 = package["records"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| {
            r["compiledRelease"]["awards"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .map(|a| (a["value"]["amount"].as_f64().unwrap() * 100.0).round() as i64)
        .sum();
    Decimal::new(cents, 2)
}

#[test]
fn total_awarded_reconciles_everywhere() {
    let (_tmp, site) = built_example();
    let csv = csv_total(&site, "lotti.csv", "importo_aggiudicato");
    assert_eq!(csv, dec("210235.90"), "the five seed acts");
    let (stated, summed) = json_totals(&site);
    assert_eq!(stated, csv, "vetro.json totali");
    assert_eq!(summed, csv, "vetro.json procedure");
    assert_eq!(sqlite_total(&site), csv, "vetro.sqlite");
    assert_eq!(ocds_total(&site), csv, "OCDS record package");
    assert_eq!(home_total(&site), csv, "home page");
}

#[test]
fn supplier_totals_never_multiply_amounts() {
    let (_tmp, site) = built_example();
    let conn = rusqlite::Connection::open(site.join("dati/vetro.sqlite")).unwrap();
    let (credited, suppliers): (String, String) = conn
        .query_row(
            "SELECT printf('%.2f', (SELECT SUM(importo_attribuito) FROM aggiudicatari)), \
                    printf('%.2f', (SELECT SUM(importo_attribuito) FROM fornitori))",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(dec(&credited), dec("210235.90"));
    assert_eq!(dec(&suppliers), dec("210235.90"));
    let views: i64 = conn
        .query_row("SELECT COUNT(*) FROM totali_per_ente_anno", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(
        views, 4,
        "Livorno 2025 and 2026, Ponte San Pietro 2024, CSI 2020"
    );
}
