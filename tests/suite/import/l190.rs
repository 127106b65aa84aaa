//! Import each real L.190 file into a fresh site; compare the records with
//! figures computed here by a second, simple pass over the source file.

use crate::support::import::{Totals, site_totals};
use crate::support::{snapshot, test_data};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::str::FromStr;
use vetro::import::import_l190;

/// The text of every `<tag>…</tag>` in `text`, in order.
fn all<'a>(text: &'a str, tag: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start + open.len()..];
        let Some(end) = after.find(&close) else { break };
        out.push(&after[..end]);
        rest = &after[end + close.len()..];
    }
    out
}

/// Records, total awarded and total paid as the source file states them:
/// one record per CIG (each lot without CIG on its own) with the largest
/// award and the largest paid amount of its entries, never their sum
/// (issue 15: repeated entries are reports of one lot), decimal commas read
/// as points.
fn expected(file: &str) -> Totals {
    let text = std::fs::read_to_string(test_data(&format!("l190/{file}"))).unwrap();
    let mut by_cig: BTreeMap<String, (Decimal, Decimal)> = BTreeMap::new();
    for (i, lot) in all(&text, "lotto").into_iter().enumerate() {
        let cig = all(lot, "cig")[0].trim().to_string();
        let key = if cig == "0000000000" {
            format!("none-{i}")
        } else {
            cig
        };
        let amount = |tag| Decimal::from_str(&all(lot, tag)[0].trim().replace(',', ".")).unwrap();
        let entry = by_cig.entry(key).or_default();
        entry.0 = entry.0.max(amount("importoAggiudicazione"));
        entry.1 = entry.1.max(amount("importoSommeLiquidate"));
    }
    Totals {
        records: by_cig.len(),
        awarded: by_cig.values().map(|v| v.0).sum(),
        paid: by_cig.values().map(|v| v.1).sum(),
    }
}

fn import_one(file: &str, lots: usize) -> vetro::import::Summary {
    let site = tempfile::tempdir().unwrap();
    let path = test_data(&format!("l190/{file}"));
    let summary = import_l190(site.path(), std::slice::from_ref(&path)).unwrap();
    assert_eq!(summary.read, lots);
    assert!(summary.rejected.is_empty(), "{:?}", summary.rejected);
    assert!(summary.conflicts.is_empty(), "{:?}", summary.conflicts);
    assert_eq!(summary.imported + summary.merged + summary.unchanged, lots);
    let want = expected(file);
    assert!(want.records > 0 && want.awarded > Decimal::ZERO);
    assert_eq!(site_totals(site.path()), want, "{file}");
    assert_eq!(summary.imported, want.records);
    // Idempotent: a second run changes no byte and writes nothing.
    let before = snapshot(site.path());
    let again = import_l190(site.path(), &[path]).unwrap();
    assert_eq!(snapshot(site.path()), before);
    assert!(again.written.is_empty(), "{:?}", again.written);
    assert_eq!(again.imported, 0);
    summary
}

#[test]
fn cercivento_2019() {
    let s = import_one("comune-cercivento-2019.xml", 39);
    let has = |text: &str| s.warnings.iter().any(|w| w.to_string().contains(text));
    assert!(has("2020-7-28"), "{:?}", s.warnings);
    assert!(has("«910,00» letto come 910.00"));
    assert!(has("«17/12/2019» letta come 2019-12-17"));
    assert!(has("ha perso gli zeri iniziali"));
    assert!(has("ripete"));
    assert!(has("lo stesso CIG compare in 3 lotti diversi"));
    assert!(has("importi non sommati, tenuto il più alto (3875.00)"));
}

#[test]
fn terracina_2013() {
    let s = import_one("comune-terracina-2013.xml", 87);
    let has = |text: &str| s.warnings.iter().any(|w| w.to_string().contains(text));
    assert!(has("dataPubbicazioneDataset"), "{:?}", s.warnings);
    assert!(has(
        "«23-AFFIDAMENTO IN ECONOMIA - AFFIDAMENTO DIRETTO» letta come «23-AFFIDAMENTO DIRETTO»"
    ));
    assert!(has("CIG «0000000000»: lotto senza CIG"));
    assert!(has("CIG «ZDF0AC2F3» malformato"));
    assert!(has("«IT00891951006» è un codice fiscale italiano"));
}

#[test]
fn interporto_200_lots() {
    import_one("sito-interporto-torino-200lotti.xml", 200);
}
