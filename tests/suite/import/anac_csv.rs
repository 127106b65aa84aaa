//! ANAC's `cig` CSV: the real 499-row sample and a messy 30-column fixture.

use crate::support::import::records;
use crate::support::{snapshot, test_data};
use rust_decimal::Decimal;
use std::collections::BTreeSet;
use std::str::FromStr;
use vetro::import::import_anac_cig;
use vetro::model::Regola;

/// Distinct CIGs and the sum of `importo_lotto`, read here by column index.
fn expected(cf: Option<&str>) -> (usize, Decimal) {
    let path = test_data("anac-csv/cig_csv_20231001_head500.csv");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_path(path)
        .unwrap();
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (cig, amount, body) = (
        col("cig"),
        col("importo_lotto"),
        col("cf_amministrazione_appaltante"),
    );
    let mut cigs = BTreeSet::new();
    let mut total = Decimal::ZERO;
    for row in reader.records().map(Result::unwrap) {
        if cf.is_some_and(|cf| cf != &row[body]) || !cigs.insert(row[cig].to_string()) {
            continue;
        }
        total += Decimal::from_str(&row[amount]).unwrap();
    }
    (cigs.len(), total)
}

fn base_total(root: &std::path::Path) -> Decimal {
    records(root)
        .iter()
        .map(|(_, _, l)| l.importo_base.unwrap().0)
        .sum()
}

#[test]
fn the_real_sample() {
    let file = test_data("anac-csv/cig_csv_20231001_head500.csv");
    let site = tempfile::tempdir().unwrap();
    let s = import_anac_cig(site.path(), std::slice::from_ref(&file), &[]).unwrap();
    let (cigs, total) = expected(None);
    assert_eq!((s.read, s.imported, s.exit_code()), (499, cigs, 0));
    assert!(s.rejected.is_empty(), "{:?}", s.rejected);
    assert_eq!(records(site.path()).len(), cigs);
    assert_eq!(base_total(site.path()), total);
    // ANAC's code 24 "AFFIDAMENTO DIRETTO" is L.190's 23.
    let all = records(site.path());
    let direct = all
        .iter()
        .find(|(p, _, _)| p.ends_with("99106352BA.toml"))
        .unwrap();
    assert_eq!(direct.2.procedura.unwrap().code, "23");
    assert_eq!(direct.2.cpv, vec!["42522100-2"]);
    assert_eq!(direct.1.data_pubblicazione.unwrap().iso(), "2023-06-07");
    let before = snapshot(site.path());
    let again = import_anac_cig(site.path(), &[file], &[]).unwrap();
    assert_eq!(snapshot(site.path()), before);
    assert_eq!(again.unchanged, cigs);
}

#[test]
fn only_the_bodies_asked_for() {
    let file = test_data("anac-csv/cig_csv_20231001_head500.csv");
    let site = tempfile::tempdir().unwrap();
    let cf = "87007530170".to_string();
    let s = import_anac_cig(site.path(), &[file], std::slice::from_ref(&cf)).unwrap();
    let (cigs, total) = expected(Some(&cf));
    assert_eq!((s.imported, s.skipped, s.read), (cigs, 499 - cigs, 499));
    assert_eq!(base_total(site.path()), total);
    let enti: Vec<_> = std::fs::read_dir(site.path().join("content/enti"))
        .unwrap()
        .collect();
    assert_eq!(enti.len(), 1);
}

const HEADER: &str = "\"CIG\";\"cig_accordo_quadro\";\"numero_gara\";\"OGGETTO_GARA\";\"importo_complessivo_gara\";\"n_lotti_componenti\";\"oggetto_lotto\";\"IMPORTO_LOTTO\";\"oggetto_principale_contratto\";\"STATO\";\"settore\";\"luogo_istat\";\"provincia\";\"data_pubblicazione\";\"data_scadenza_offerta\";\"cod_tipo_scelta_contraente\";\"tipo_scelta_contraente\";\"cod_modalita_realizzazione\";\"modalita_realizzazione\";\"codice_ausa\";\"cf_amministrazione_appaltante\";\"denominazione_amministrazione_appaltante\";\"sezione_regionale\";\"id_centro_costo\";\"denominazione_centro_costo\";\"anno_pubblicazione\";\"mese_pubblicazione\";\"cod_cpv\";\"descrizione_cpv\";\"flag_prevalente\"";

fn row(cig: &str, stato: &str, code: &str, label: &str, cpv: &str) -> String {
    format!(
        "\"{cig}\";;\"1\";\"Gara\";\"1500.0\";\"1\";\"Servizio mensa\";\"1500.0\";\"SERVIZI\";\"{stato}\";;;;\"2019-03-04\";;\"{code}\";\"{label}\";;;;\"84001470305\";\"Comune di Cercivento\";;;;\"2019\";\"3\";\"{cpv}\";;\"1\""
    )
}

#[test]
fn a_messy_30_column_extract() {
    let lines = [
        HEADER.to_string(),
        row(
            "ZA1B2C3D4E",
            "ATTIVO",
            "24",
            "AFFIDAMENTO DIRETTO",
            "55524000-9",
        ),
        row(
            "ZA1B2C3D4E",
            "ATTIVO",
            "24",
            "AFFIDAMENTO DIRETTO",
            "55320000-9",
        ),
        row(
            "ZB1B2C3D4E",
            "CANCELLATO",
            "24",
            "AFFIDAMENTO DIRETTO",
            "55524000-9",
        ),
        row(
            "ZC1B2C3D4E",
            "ATTIVO",
            "99",
            "PROCEDURA INVENTATA",
            "55524000-9",
        ),
        row("A1B2C3D", "ATTIVO", "1", "PROCEDURA APERTA", "55524000-9"),
        "\"ZD1B2C3D4E\";\"troppo corta\"".to_string(),
    ];
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cig.csv");
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let site = tempfile::tempdir().unwrap();
    let s = import_anac_cig(site.path(), &[file], &[]).unwrap();
    assert_eq!((s.read, s.imported, s.merged, s.skipped), (6, 3, 1, 1));
    let rejected = s
        .rejected
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(!rejected.contains("A1B2C3D"), "{rejected}");
    assert!(
        rejected.contains("riga 7: 2 campi invece di 30"),
        "{rejected}"
    );
    let warned = s
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        warned.contains("riga 4: CIG cancellato da ANAC"),
        "{warned}"
    );
    assert!(warned.contains("riga 5: tipo_scelta_contraente «PROCEDURA INVENTATA» sconosciuto"));
    let all = records(site.path());
    // Records sort by file name: SENZA-CIG-… first.
    let (path, header, lotto) = &all[1];
    assert!(path.ends_with("content/procedure/comune-di-cercivento/ZA1B2C3D4E.toml"));
    assert_eq!(lotto.cpv, vec!["55524000-9", "55320000-9"]);
    assert_eq!(lotto.procedura.unwrap().id, "affidamento-diretto");
    assert_eq!(lotto.importo_base.unwrap().to_string(), "1500.00");
    assert_eq!(
        (header.anno, header.fonte.as_deref()),
        (Some(2019), Some("ANAC BDNCP cig"))
    );
    assert!(all[2].2.procedura.is_none());
    // The malformed CIG is a procedure of the body under an internal code.
    let (path, header, lotto) = &all[0];
    let name = path.file_name().unwrap().to_str().unwrap();
    assert!(name.starts_with("SENZA-CIG-"), "{name}");
    assert_eq!(lotto.cig, None);
    let finding = &header.segnalazioni[0];
    assert_eq!(finding.regola, Regola::CigNonValido);
    assert_eq!(finding.valore.as_deref(), Some("A1B2C3D"));
}

/// Nothing dropped: a row with an unreadable amount or date, or a
/// placeholder CIG, is imported without that field or key, with a warning
/// and a finding; two placeholder rows of different objects stay two.
#[test]
fn bad_fields_are_dropped_not_the_row() {
    let placeholder = |oggetto: &str| {
        row(
            "XXXXXXXXXX",
            "ATTIVO",
            "1",
            "PROCEDURA APERTA",
            "55524000-9",
        )
        .replace("Servizio mensa", oggetto)
    };
    let lines = [
        HEADER.to_string(),
        row(
            "ZA1B2C3D4E",
            "ATTIVO",
            "1",
            "PROCEDURA APERTA",
            "55524000-9",
        )
        .replace("\"1500.0\";\"SERVIZI\"", "\"1.500,0O\";\"SERVIZI\""),
        row(
            "ZE1B2C3D4E",
            "ATTIVO",
            "1",
            "PROCEDURA APERTA",
            "55524000-9",
        )
        .replace("2019-03-04", "201903-04"),
        placeholder("Pulizie"),
        placeholder("Trasporto scolastico"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cig.csv");
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let site = tempfile::tempdir().unwrap();
    let s = import_anac_cig(site.path(), &[file], &[]).unwrap();
    assert!(s.rejected.is_empty(), "{:?}", s.rejected);
    assert_eq!((s.read, s.imported), (4, 4));
    let warned = s
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        warned.contains("riga 2: ") && warned.contains("campo scartato"),
        "{warned}"
    );
    let all = records(site.path());
    let by_cig = |cig: &str| {
        all.iter()
            .find(|(_, _, l)| l.cig.as_deref() == Some(cig))
            .unwrap()
    };
    let rules = |h: &vetro::model::RecordHeader| -> Vec<(Regola, Option<String>)> {
        h.segnalazioni
            .iter()
            .map(|f| (f.regola, f.campo.clone()))
            .collect()
    };
    let (_, header, lotto) = by_cig("ZA1B2C3D4E");
    assert_eq!(lotto.importo_base, None);
    assert_eq!(
        rules(header),
        [(Regola::CampoScartato, Some("importo_base".to_string()))]
    );
    let (_, header, _) = by_cig("ZE1B2C3D4E");
    assert_eq!(header.data_pubblicazione, None);
    assert_eq!(header.anno, Some(2019));
    assert_eq!(header.segnalazioni[0].valore.as_deref(), Some("201903-04"));
    let placeholders: Vec<_> = all.iter().filter(|(_, _, l)| l.cig.is_none()).collect();
    assert_eq!(placeholders.len(), 2);
    for (_, header, _) in placeholders {
        assert_eq!(rules(header)[0].0, Regola::CigSegnaposto);
    }
}
