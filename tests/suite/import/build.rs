//! Real ANAC data imported, built into a portal, and exported again: the
//! pages, the totals and the L.190 round trip agree with the source.

use crate::support::dumps::home_total;
use crate::support::import::import_site;
use crate::support::*;
use rust_decimal::Decimal;
use std::path::Path;
use std::str::FromStr;
use vetro::l190::{L190File, read_file};

/// Sum of a money key over every procedure record of the site.
fn records_total(root: &Path, key: &str) -> (usize, Decimal) {
    let mut count = 0;
    let mut total = Decimal::ZERO;
    for entry in walkdir::WalkDir::new(root.join("content/procedure"))
        .into_iter()
        .filter_map(Result::ok)
    {
        if !entry.file_type().is_file() {
            continue;
        }
        count += 1;
        let value: toml::Value = toml::from_str(&read(entry.path())).unwrap();
        let amounts: Vec<&toml::Value> = match key {
            "liquidazioni" => value
                .get("liquidazioni")
                .and_then(|l| l.as_array())
                .map(|a| a.iter().filter_map(|l| l.get("importo")).collect())
                .unwrap_or_default(),
            _ => value.get(key).into_iter().collect(),
        };
        for amount in amounts {
            total += Decimal::from_str(amount.as_str().unwrap()).unwrap();
        }
    }
    (count, total)
}

/// Pages under /cig/<key>/, not counting the list's own /cig/pagina/N/.
fn procedure_pages(site: &Path) -> usize {
    std::fs::read_dir(site.join("cig"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() != "pagina" && e.path().join("index.html").exists())
        .count()
}

fn exported_lots(site: &Path) -> Vec<vetro::l190::L190Lotto> {
    let mut lots = Vec::new();
    for entry in walkdir::WalkDir::new(site.join("dati/l190"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !entry.file_type().is_file() || name.starts_with("indice") {
            continue;
        }
        let status = std::process::Command::new("xmllint")
            .args(["--noout", "--schema"])
            .arg(test_data("schemas/anac-l190/datasetAppaltiL190.xsd"))
            .arg(entry.path())
            .output()
            .expect("xmllint is installed by scripts/test");
        assert!(
            status.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&status.stderr)
        );
        match read_file(&std::fs::read(entry.path()).unwrap()).unwrap() {
            L190File::Dataset(outcome) => lots.extend(outcome.dataset.lotti),
            L190File::Index { .. } => panic!("{name} is not a dataset"),
        }
    }
    lots
}

fn import_and_build(args: &[&str]) -> (tempfile::TempDir, std::path::PathBuf) {
    let site = import_site(None);
    let root = site.path().to_str().unwrap().to_string();
    let mut all = vec!["import"];
    all.extend(args);
    all.extend(["--root", &root]);
    let run = vetro(&all);
    assert!(
        run.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let out = site.path().join("site");
    let built = build(site.path(), &out);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    (site, out)
}

#[test]
fn each_real_l190_file_becomes_a_portal_and_round_trips() {
    for file in [
        "comune-cercivento-2019.xml",
        "comune-terracina-2013.xml",
        "sito-interporto-torino-200lotti.xml",
    ] {
        let source = test_data(&format!("l190/{file}"));
        let (site, out) = import_and_build(&["l190", &source.to_string_lossy()]);
        let (records, awarded) = records_total(site.path(), "importo_netto");
        let (_, paid) = records_total(site.path(), "liquidazioni");
        assert_eq!(
            procedure_pages(&out),
            records,
            "{file}: one CIG page per record"
        );
        assert_eq!(
            home_total(&out),
            awarded,
            "{file}: total awarded on the home page"
        );

        let lots = exported_lots(&out);
        assert_eq!(
            lots.len(),
            records,
            "{file}: every record is in the L.190 export"
        );
        let exported_awarded: Decimal = lots
            .iter()
            .filter_map(|l| l.importo_aggiudicazione)
            .map(|m| m.0)
            .sum();
        let exported_paid: Decimal = lots
            .iter()
            .filter_map(|l| l.importo_somme_liquidate)
            .map(|m| m.0)
            .sum();
        assert_eq!(
            exported_awarded, awarded,
            "{file}: awarded after the round trip"
        );
        assert_eq!(exported_paid, paid, "{file}: paid after the round trip");

        let L190File::Dataset(original) = read_file(&std::fs::read(&source).unwrap()).unwrap()
        else {
            panic!("dataset")
        };
        for lot in original
            .dataset
            .lotti
            .iter()
            .filter(|l| l.cig.as_deref().is_some_and(vetro::l190::is_valid_cig))
        {
            let back = lots
                .iter()
                .find(|b| b.cig == lot.cig)
                .unwrap_or_else(|| panic!("{file}: CIG {:?} lost", lot.cig));
            let winners = |s: &vetro::l190::Soggetti| {
                s.singoli.len() + s.raggruppamenti.iter().map(Vec::len).sum::<usize>()
            };
            assert!(
                winners(&back.aggiudicatari) >= winners(&lot.aggiudicatari).min(1),
                "{file}: winners of {:?}",
                lot.cig
            );
        }
    }
}

#[test]
fn the_anac_csv_sample_becomes_a_portal() {
    let source = test_data("anac-csv/cig_csv_20231001_head500.csv");
    let (site, out) = import_and_build(&["anac-cig", &source.to_string_lossy()]);
    let (records, awarded) = records_total(site.path(), "importo_netto");
    assert!(records > 400, "{records} records");
    assert_eq!(procedure_pages(&out), records);
    assert_eq!(home_total(&out), awarded);
}
