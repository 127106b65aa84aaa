//! Read each real L.190 file, write it back, validate the output with
//! xmllint against the official XSD, read it again: same lots.

use crate::support::test_data;
use std::process::Command;
use vetro::l190::{self, L190Dataset, L190File, ReadOutcome};

fn read(bytes: &[u8]) -> ReadOutcome {
    match l190::read_file(bytes).expect("readable") {
        L190File::Dataset(outcome) => outcome,
        L190File::Index { .. } => panic!("expected a dataset"),
    }
}

/// Fails (never skips) when xmllint is missing: the round trip is the proof.
fn xmllint(xml: &[u8], xsd: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.xml");
    std::fs::write(&file, xml).unwrap();
    let output = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(test_data(xsd))
        .arg(&file)
        .output()
        .expect("xmllint must be installed (Debian package libxml2-utils)");
    assert!(
        output.status.success(),
        "XSD validation failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn round_trip(name: &str, lots: usize, warned: bool) -> L190Dataset {
    let bytes = std::fs::read(test_data(&format!("l190/{name}"))).unwrap();
    let mut first = read(&bytes);
    assert_eq!(first.dataset.lotti.len(), lots, "{name}");
    assert!(first.rejected.is_empty(), "{:?}", first.rejected);
    assert_eq!(!first.warnings.is_empty(), warned, "{:?}", first.warnings);
    let written = l190::write_dataset(&first.dataset).expect("writable");
    // The XSD's limit, announced by a warning on the first read.
    for lotto in &mut first.dataset.lotti {
        lotto.oggetto = lotto.oggetto.chars().take(250).collect();
    }
    xmllint(&written, "schemas/anac-l190/datasetAppaltiL190.xsd");
    let second = read(&written);
    // Only the facts that stay true are warned again (lots without a valid CIG).
    let cig_only = second.warnings.iter().all(|w| w.message.starts_with("CIG"));
    assert!(cig_only, "{:?}", second.warnings);
    assert_eq!(second.dataset.metadata, first.dataset.metadata);
    for (a, b) in first.dataset.lotti.iter().zip(&second.dataset.lotti) {
        assert_eq!(a, b);
    }
    assert_eq!(second.dataset, first.dataset);
    assert_eq!(l190::write_dataset(&second.dataset).unwrap(), written);
    first.dataset
}

#[test]
fn cercivento_2019() {
    let ds = round_trip("comune-cercivento-2019.xml", 39, true);
    assert_eq!(ds.metadata.anno_riferimento, Some(2019));
    assert_eq!(ds.metadata.data_pubblicazione.unwrap().iso(), "2020-07-28");
}

#[test]
fn terracina_2013() {
    let ds = round_trip("comune-terracina-2013.xml", 87, true);
    assert_eq!(ds.metadata.data_pubblicazione.unwrap().iso(), "2014-01-31");
    let rti = ds
        .lotti
        .iter()
        .flat_map(|l| &l.partecipanti.raggruppamenti)
        .next()
        .expect("a joint venture");
    assert_eq!(rti.len(), 2);
    assert_eq!(rti[1].soggetto.id_estero.as_deref(), Some("A79524057"));
}

#[test]
fn interporto_200_lots() {
    round_trip("sito-interporto-torino-200lotti.xml", 200, true);
}

#[test]
fn index_round_trip() {
    let xml = br#"<?xml version="1.0" encoding="UTF-8"?>
<indici>
  <metadata>
    <titolo>Indice</titolo><abstract>Indice 2019</abstract>
    <dataPubblicazioneIndice>2020-01-31</dataPubblicazioneIndice>
    <entePubblicatore>Comune di Prova</entePubblicatore>
    <dataUltimoAggiornamentoIndice>2020-01-31</dataUltimoAggiornamentoIndice>
    <annoRiferimento>2019</annoRiferimento>
    <urlFile>http://example.org/indice.xml</urlFile><licenza>IODL</licenza>
  </metadata>
  <indice>
    <dataset id="ds1"><linkDataset>http://example.org/a.xml</linkDataset><dataUltimoAggiornamento>2020-01-30</dataUltimoAggiornamento></dataset>
  </indice>
</indici>"#;
    let L190File::Index { index, warnings } = l190::read_file(xml).unwrap() else {
        panic!("expected an index");
    };
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(index.datasets[0].link, "http://example.org/a.xml");
    let written = l190::write_index(&index).unwrap();
    xmllint(&written, "schemas/anac-l190/datasetIndiceAppaltiL190.xsd");
    let L190File::Index { index: again, .. } = l190::read_file(&written).unwrap() else {
        panic!("expected an index");
    };
    assert_eq!(again, index);
}

#[test]
fn joint_venture_fixture() {
    let path = crate::support::repo().join("tests/fixtures/l190/rti-2019.xml");
    let first = read(&std::fs::read(path).unwrap());
    assert!(first.warnings.is_empty(), "{:?}", first.warnings);
    let written = l190::write_dataset(&first.dataset).unwrap();
    xmllint(&written, "schemas/anac-l190/datasetAppaltiL190.xsd");
    let second = read(&written);
    assert_eq!(second.dataset, first.dataset);
    let rti = &second.dataset.lotti[0].aggiudicatari.raggruppamenti[0];
    assert_eq!(
        rti[0].ruolo.map(|r| r.l190_value()).as_deref(),
        Some("02-MANDATARIA")
    );
}
