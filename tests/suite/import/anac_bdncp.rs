//! ANAC BDNCP: one body's `cig`, `aggiudicazioni` and `aggiudicatari`
//! (fixtures written here with ANAC's headers), imported in any order.

use crate::support::html::Page;
use crate::support::import::{import_site, records};
use crate::support::{build_ok, dumps, read, snapshot, test_data};
use rust_decimal::Decimal;
use vetro::import::import_anac;

fn files() -> Vec<std::path::PathBuf> {
    ["cig", "aggiudicazioni", "aggiudicatari"]
        .iter()
        .map(|d| test_data(&format!("anac-csv/fixture-{d}.csv")))
        .collect()
}

/// The latest award per CIG of the body, read here from the fixture.
fn expected_total() -> Decimal {
    let text = std::fs::read_to_string(test_data("anac-csv/fixture-aggiudicazioni.csv")).unwrap();
    let mut latest: std::collections::BTreeMap<String, (String, Decimal)> = Default::default();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(';').map(|v| v.trim_matches('"')).collect();
        if f[0] == "A0A0A0A0A5" || f[5] == "-1" {
            continue;
        }
        let amount: Decimal = f[5].parse().unwrap();
        let e = latest
            .entry(f[0].to_string())
            .or_insert((f[2].to_string(), amount));
        if f[2] > e.0.as_str() {
            *e = (f[2].to_string(), amount);
        }
    }
    latest.values().map(|(_, a)| *a).sum()
}

#[test]
fn one_body_any_order_one_amount_per_award() {
    let cf = vec!["84001470305".to_string()];
    let site = tempfile::tempdir().unwrap();
    let s = import_anac(site.path(), &files(), &cf).unwrap();
    assert!(s.rejected.is_empty(), "{:?}", s.rejected);
    let all = records(site.path());
    assert_eq!(all.len(), 4);
    let total: Decimal = all
        .iter()
        .filter_map(|(_, _, l)| l.importo_netto)
        .map(|m| m.0)
        .sum();
    assert_eq!(total, expected_total());
    let delegated = all
        .iter()
        .find(|(_, _, l)| l.cig.as_deref() == Some("A0A0A0A0A3"))
        .unwrap();
    assert!(
        delegated
            .1
            .svolta_da
            .as_deref()
            .unwrap()
            .contains("02345678901")
    );
    let jv = all
        .iter()
        .find(|(_, _, l)| l.cig.as_deref() == Some("A0A0A0A0A1"))
        .unwrap();
    assert_eq!(jv.2.aggiudicatari.len(), 2);
    assert!(
        jv.2.aggiudicatari
            .iter()
            .all(|o| o.raggruppamento.is_some())
    );
    let mut reversed = files();
    reversed.reverse();
    let other = tempfile::tempdir().unwrap();
    import_anac(other.path(), &reversed, &cf).unwrap();
    assert_eq!(
        snapshot(&other.path().join("content")),
        snapshot(&site.path().join("content"))
    );
}

#[test]
fn an_unknown_header_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.csv");
    std::fs::write(&file, "\"cig\";\"cup\"\n\"A0A0A0A0A1\";\"X\"\n").unwrap();
    let s = import_anac(dir.path(), &[file], &[]).unwrap();
    assert_eq!(s.exit_code(), 1);
    let msg = s.rejected[0].to_string();
    assert!(
        msg.starts_with("E810") && msg.contains("«aggiudicazioni»"),
        "{msg}"
    );
}

/// The imported body built into a portal: each award counted once (the
/// joint venture's and the re-awarded CIG's), winners on their CIG pages,
/// the natural person's codice fiscale nowhere, the re-award's notice at
/// the row of the award it replaces.
#[test]
fn imported_awards_build_into_pages_counted_once() {
    let site = import_site(None);
    let s = import_anac(site.path(), &files(), &["84001470305".to_string()]).unwrap();
    let re_award = s
        .warnings
        .iter()
        .map(ToString::to_string)
        .find(|w| w.starts_with("W810 "))
        .unwrap();
    assert!(
        re_award.contains("fixture-aggiudicazioni.csv, riga 3:"),
        "{re_award}"
    );
    let out = site.path().join("site");
    build_ok(site.path(), &out);
    assert_eq!(dumps::home_total(&out), expected_total());
    let suppliers = dumps::csv_rows(&out, "fornitori.csv");
    let credited: Decimal = suppliers
        .iter()
        .map(|r| dumps::dec(&r["importo_attribuito"]))
        .sum();
    assert!(
        credited <= expected_total(),
        "a member credited the JV's award"
    );
    for member in ["RISTORA SRL", "CUCINA COOP"] {
        let row = suppliers
            .iter()
            .find(|r| r["denominazione"] == member)
            .unwrap();
        assert_eq!(
            dumps::dec(&row["importo_in_raggruppamento"]),
            dumps::dec("180000.50")
        );
    }
    let jv = read(&out.join("cig/A0A0A0A0A1/index.html"));
    assert!(jv.contains("RISTORA SRL") && jv.contains("CUCINA COOP"));
    let delegated = Page::read(&out.join("cig/A0A0A0A0A3/index.html"));
    let svolta_da = delegated.fact("main dl.facts", "Svolta da");
    assert!(svolta_da.contains("(CF 02345678901)"), "{svolta_da:?}");
    let re_awarded = read(&out.join("cig/A0A0A0A0A2/index.html"));
    assert!(re_awarded.contains("SPLENDENTE SRL"), "the latest winner");
    assert!(
        re_awarded.contains("PULITO SPA"),
        "the replaced award's finding"
    );
    for (path, bytes) in snapshot(&out) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("RSSMRA80A01H501U"),
            "{path:?} publishes a person's CF"
        );
    }
}

/// `stazioni-appaltanti` names the kept body; `partecipanti` (no award id)
/// lists the parties of each kept CIG, a joint venture as one party.
#[test]
fn bodies_are_named_and_participants_joined() {
    let mut all = files();
    for d in ["partecipanti", "stazioni-appaltanti"] {
        all.push(test_data(&format!("anac-csv/fixture-{d}.csv")));
    }
    let site = import_site(None);
    let s = import_anac(site.path(), &all, &["84001470305".to_string()]).unwrap();
    assert!(s.rejected.is_empty(), "{:?}", s.rejected);
    let ente = read(
        &site
            .path()
            .join("content/enti/comune-di-cercivento-ud.toml"),
    );
    assert!(
        ente.contains("denominazione = \"COMUNE DI CERCIVENTO (UD)\""),
        "{ente}"
    );
    let records = records(site.path());
    let lot = |cig: &str| {
        records
            .iter()
            .find(|(_, _, l)| l.cig.as_deref() == Some(cig))
            .map(|(_, _, l)| l)
            .unwrap()
    };
    let mensa = lot("A0A0A0A0A1");
    let names: Vec<&str> = mensa
        .partecipanti
        .iter()
        .map(|p| p.denominazione.as_str())
        .collect();
    assert_eq!(names, ["RISTORA SRL", "CUCINA COOP", "GUSTO SRL"]);
    assert_eq!(mensa.offerte_ricevute, Some(3), "the award's count stands");
    assert_eq!(lot("A0A0A0A0A4").partecipanti.len(), 1);
    assert!(
        !records
            .iter()
            .any(|(_, _, l)| l.cig.as_deref() == Some("A0A0A0A0A9"))
    );
}
