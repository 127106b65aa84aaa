//! Small L.190 fixtures: joint ventures, natural persons, every repair and
//! rejection, yearly history, conflicts with hand-written records, indexes.

use crate::support::import::records;
use crate::support::snapshot;
use std::path::{Path, PathBuf};
use vetro::import::import_l190;
use vetro::model::{Lotto, RecordHeader};

fn fixture(name: &str) -> PathBuf {
    crate::support::repo()
        .join("tests/fixtures/l190")
        .join(name)
}

fn record(root: &Path, ente: &str, key: &str) -> (RecordHeader, Lotto, String) {
    let path = root.join(format!("content/procedure/{ente}/{key}.toml"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{path:?} missing"));
    (
        toml::from_str(&text).unwrap(),
        toml::from_str(&text).unwrap(),
        text,
    )
}

/// A dataset of the body 00246180590 for `year`, with the given `<lotto>` bodies.
fn dataset(year: i32, lots: &[String]) -> String {
    let lots: String = lots
        .iter()
        .map(|l| format!("<lotto>{l}</lotto>\n"))
        .collect();
    format!(
        "<?xml version=\"1.0\"?>\n<legge190:pubblicazione xmlns:legge190=\"legge190_1_0\">\n<metadata>\
<titolo>t</titolo><abstract>a</abstract><dataPubblicazioneDataset>{next}-01-31</dataPubblicazioneDataset>\
<entePubblicatore>Comune di Prova</entePubblicatore><dataUltimoAggiornamentoDataset>{next}-01-31</dataUltimoAggiornamentoDataset>\
<annoRiferimento>{year}</annoRiferimento><urlFile>http://example.org/{year}.xml</urlFile><licenza>IODL</licenza></metadata>\n<data>\n{lots}</data>\n</legge190:pubblicazione>\n",
        next = year + 1
    )
}

fn lot(cig: &str, scelta: &str, awarded: &str, start: &str, paid: &str) -> String {
    format!(
        "<cig>{cig}</cig><strutturaProponente><codiceFiscaleProp>00246180590</codiceFiscaleProp>\
<denominazione>Comune di Prova</denominazione></strutturaProponente><oggetto>Fornitura caffè</oggetto>\
<sceltaContraente>{scelta}</sceltaContraente><partecipanti/><aggiudicatari></aggiudicatari>\
<importoAggiudicazione>{awarded}</importoAggiudicazione><tempiCompletamento><dataInizio>{start}</dataInizio>\
</tempiCompletamento><importoSommeLiquidate>{paid}</importoSommeLiquidate>"
    )
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn joint_venture_and_natural_person() {
    let site = tempfile::tempdir().unwrap();
    let s = import_l190(site.path(), &[fixture("rti-2019.xml")]).unwrap();
    assert_eq!((s.read, s.imported, s.exit_code()), (2, 2, 0));
    let ente =
        std::fs::read_to_string(site.path().join("content/enti/comune-di-prova.toml")).unwrap();
    assert!(ente.contains("codice_fiscale = \"00246180590\""));
    let (header, rti, _) = record(site.path(), "comune-di-prova", "7012345228");
    assert_eq!(header.fonte.as_deref(), Some("ANAC L.190 2019"));
    assert_eq!(header.liquidazioni[0].importo.to_string(), "100000.00");
    assert!(header.liquidazioni[0].data.is_none());
    let [alfa, beta] = &rti.aggiudicatari[..] else {
        panic!("two members")
    };
    assert_eq!(
        alfa.raggruppamento.as_deref(),
        Some("RTI Alfa Costruzioni S.r.l.")
    );
    assert_eq!(beta.raggruppamento, alfa.raggruppamento);
    assert_eq!(
        (alfa.ruolo.as_deref(), beta.ruolo.as_deref()),
        (Some("mandataria"), Some("mandante"))
    );
    assert_eq!(alfa.partita_iva.as_deref(), Some("01763870225"));
    assert_eq!(beta.id_estero.as_deref(), Some("ESB12345678"));
    assert_eq!(rti.partecipanti.len(), 3);
    assert_eq!(rti.procedura.unwrap().id, "procedura-aperta");
    let (header, person, _) = record(site.path(), "comune-di-prova", "Z0A1B2C3D4");
    let winner = &person.aggiudicatari[0];
    assert_eq!(winner.codice_fiscale.as_deref(), Some("PRDMLN57A60H501A"));
    assert!(winner.partita_iva.is_none());
    assert!(header.liquidazioni.is_empty(), "0.00 paid is no payment");
    assert!(person.periodo.unwrap().al.is_none());
}

#[test]
fn messy_values_are_repaired_with_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let text = dataset(
        2016,
        &[
            lot(
                "0000000000",
                "23- AFFIDAMENTO DIRETTO",
                "1500.0",
                "2016-04-27+02:00",
                "1500",
            ),
            lot(
                "za1b2c3d4e",
                "23-AFFIDAMENTO IN ECONOMIA - AFFIDAMENTO DIRETTO",
                "1.234,50",
                "2016-4-7",
                "0.00",
            ),
        ],
    );
    // Saved by an office suite in Windows-1252, without saying so.
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    let file = write(dir.path(), "2016.xml", &bytes);
    let site = tempfile::tempdir().unwrap();
    let s = import_l190(site.path(), &[file]).unwrap();
    assert_eq!((s.read, s.imported), (2, 2));
    let warned = s
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    for expected in [
        "non dichiara la codifica e non è UTF-8: letto come Windows-1252",
        "lotto 1 (riga 5): CIG «0000000000»: lotto senza CIG",
        "«23- AFFIDAMENTO DIRETTO» letta come «23-AFFIDAMENTO DIRETTO»",
        "«2016-04-27+02:00» letta come 2016-04-27 (tolto «+02:00»)",
        "lotto 2 (riga 6): CIG «za1b2c3d4e» scritto in maiuscolo",
        "«1.234,50» letto come 1234.50",
        "«2016-4-7» letta come 2016-04-07",
    ] {
        assert!(
            warned.contains(expected),
            "missing «{expected}» in:\n{warned}"
        );
    }
    let all = records(site.path());
    let (path, header, no_cig) = &all[0];
    assert!(path.ends_with(format!("{}.toml", no_cig.codice.as_deref().unwrap())));
    assert!(no_cig.codice.as_deref().unwrap().starts_with("SENZA-CIG-"));
    assert_eq!(no_cig.oggetto.as_deref(), Some("Fornitura caffè"));
    assert_eq!(no_cig.importo_netto.unwrap().to_string(), "1500.00");
    assert_eq!(header.liquidazioni[0].importo.to_string(), "1500.00");
    assert_eq!(
        no_cig.periodo.as_ref().unwrap().dal.unwrap().iso(),
        "2016-04-27"
    );
    assert!(no_cig.aggiudicatari.is_empty() && no_cig.partecipanti.is_empty());
    let (_, repaired, _) = record(site.path(), "comune-di-prova", "ZA1B2C3D4E");
    assert_eq!(repaired.procedura.unwrap().id, "affidamento-diretto");
    assert_eq!(repaired.importo_netto.unwrap().to_string(), "1234.50");
}

#[test]
fn unreadable_fields_are_dropped_and_a_lot_without_body_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let no_body = lot("ZB1B2C3D4E", "01-PROCEDURA APERTA", "1", "2019-01-01", "0")
        .replace("<strutturaProponente><codiceFiscaleProp>00246180590</codiceFiscaleProp><denominazione>Comune di Prova</denominazione></strutturaProponente>", "");
    let text = dataset(
        2019,
        &[
            lot(
                "ZA1B2C3D4E",
                "01-PROCEDURA APERTA",
                "circa 100",
                "2019-01-01",
                "0",
            ),
            lot(
                "ZC1B2C3D4E",
                "01-PROCEDURA APERTA",
                "100",
                "31/02/2019",
                "0",
            ),
            no_body,
            lot(
                "ZD1B2C3D4E",
                "01-PROCEDURA APERTA",
                "100",
                "2019-01-01",
                "-5",
            ),
            lot(
                "ZE1B2C3D4E",
                "01-PROCEDURA APERTA",
                "100",
                "2019-01-01",
                "0",
            ),
        ],
    );
    let file = write(dir.path(), "2019.xml", text.as_bytes());
    let site = tempfile::tempdir().unwrap();
    let s = import_l190(site.path(), &[file]).unwrap();
    // A field that cannot be read is left out, never the lot (issue 15):
    // only the lot without a body is rejected.
    assert_eq!(
        (s.read, s.imported, s.rejected.len(), s.exit_code()),
        (5, 4, 1, 1)
    );
    let rejected = s
        .rejected
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        rejected.contains("lotto 3 (riga 7): strutturaProponente mancante"),
        "{rejected}"
    );
    let warnings = s
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    for expected in [
        "lotto 1 (riga 5): importoAggiudicazione «circa 100» non è un importo: campo scartato, lotto importato senza",
        "lotto 2 (riga 6): dataInizio «31/02/2019» non è una data valida: campo scartato",
        "lotto 4 (riga 8): importoSommeLiquidate «-5» è negativo: campo scartato",
    ] {
        assert!(
            warnings.contains(expected),
            "missing «{expected}» in:\n{warnings}"
        );
    }
    assert_eq!(records(site.path()).len(), 4);
}

fn yearly(dir: &Path) -> (PathBuf, PathBuf) {
    let y2019 = dataset(
        2019,
        &[lot(
            "ZA1B2C3D4E",
            "23-AFFIDAMENTO DIRETTO",
            "1000",
            "2019-05-01",
            "200",
        )],
    );
    let y2020 = dataset(
        2020,
        &[lot(
            "ZA1B2C3D4E",
            "23-AFFIDAMENTO DIRETTO",
            "1000",
            "2019-05-01",
            "800",
        )],
    );
    (
        write(dir, "2019.xml", y2019.as_bytes()),
        write(dir, "2020.xml", y2020.as_bytes()),
    )
}

#[test]
fn the_latest_year_wins_and_the_history_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (y2019, y2020) = yearly(dir.path());
    let together = tempfile::tempdir().unwrap();
    let s = import_l190(together.path(), &[y2020.clone(), y2019.clone()]).unwrap();
    assert_eq!((s.read, s.imported, s.merged), (2, 1, 1));
    assert_eq!(s.updates.len(), 2, "{:?}", s.updates);
    assert!(
        s.updates[1]
            .contains("liquidazioni: «[{ base_iva = \"netto\", importo = \"200.00\" }]» → «[{ base_iva = \"netto\", importo = \"800.00\" }]»"),
        "{:?}",
        s.updates
    );
    let (header, _, _) = record(together.path(), "comune-di-prova", "ZA1B2C3D4E");
    assert_eq!(
        header.fonte.as_deref(),
        Some("ANAC L.190 2019; ANAC L.190 2020")
    );
    assert_eq!(header.anno, Some(2020));
    assert_eq!(header.liquidazioni[0].importo.to_string(), "800.00");
    // One run or two, in either order: the same bytes.
    for order in [[&y2019, &y2020], [&y2020, &y2019]] {
        let site = tempfile::tempdir().unwrap();
        for file in order {
            let s = import_l190(site.path(), std::slice::from_ref(file)).unwrap();
            assert!(s.conflicts.is_empty(), "{:?}", s.conflicts);
        }
        assert_eq!(snapshot(site.path()), snapshot(together.path()));
    }
}

#[test]
fn hand_written_records_are_merged_not_overwritten() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    std::fs::create_dir_all(root.join("content/enti")).unwrap();
    std::fs::create_dir_all(root.join("content/procedure/prova")).unwrap();
    std::fs::write(
        root.join("content/enti/prova.toml"),
        "denominazione = \"Comune di Prova\"\ncodice_fiscale = \"00246180590\"\n",
    )
    .unwrap();
    let by_hand = "ente = \"prova\"\ncig = \"7012345228\"\nimporto_netto = \"240000.00\"\ncpv = [\"45233141-9\"]\n";
    let record_path = root.join("content/procedure/prova/7012345228.toml");
    std::fs::write(&record_path, by_hand).unwrap();
    let s = import_l190(root, &[fixture("rti-2019.xml")]).unwrap();
    assert_eq!((s.imported, s.merged, s.exit_code()), (1, 1, 1));
    assert_eq!(s.conflicts.len(), 1, "{:?}", s.conflicts);
    assert!(
        s.conflicts[0]
            .to_string()
            .contains("importo_netto: il file ha «240000.00»")
    );
    let (header, lotto, _) = record(root, "prova", "7012345228");
    assert_eq!(lotto.importo_netto.unwrap().to_string(), "240000.00");
    assert_eq!(lotto.cpv, vec!["45233141-9"]);
    assert_eq!(lotto.aggiudicatari.len(), 2, "gaps are filled");
    assert_eq!(
        header.fonte.as_deref(),
        Some("ANAC L.190 2019; redazione manuale")
    );
    assert!(!root.join("content/enti/comune-di-prova.toml").exists());
    // Again: nothing changes, the conflict is still told.
    let before = snapshot(root);
    let again = import_l190(root, &[fixture("rti-2019.xml")]).unwrap();
    assert_eq!(snapshot(root), before);
    assert_eq!((again.unchanged, again.conflicts.len()), (2, 1));
}

#[test]
fn indexes_point_to_datasets_saved_beside_them() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("rti-2019.xml"), dir.path().join("2019.xml")).unwrap();
    let index = "<?xml version=\"1.0\"?><indici><metadata><titolo>i</titolo><abstract>a</abstract>\
<dataPubblicazioneIndice>2020-01-31</dataPubblicazioneIndice><entePubblicatore>Comune di Prova</entePubblicatore>\
<dataUltimoAggiornamentoIndice>2020-01-31</dataUltimoAggiornamentoIndice><annoRiferimento>2019</annoRiferimento>\
<urlFile>http://example.org/indice.xml</urlFile><licenza>IODL</licenza></metadata><indice>\
<dataset id=\"d1\"><linkDataset>http://example.org/l190/2019.xml</linkDataset><dataUltimoAggiornamento>2020-01-31</dataUltimoAggiornamento></dataset>\
<dataset id=\"d2\"><linkDataset>http://example.org/l190/2018.xml</linkDataset><dataUltimoAggiornamento>2020-01-31</dataUltimoAggiornamento></dataset>\
</indice></indici>";
    let file = write(dir.path(), "indice.xml", index.as_bytes());
    let site = tempfile::tempdir().unwrap();
    let s = import_l190(site.path(), &[file]).unwrap();
    assert_eq!((s.read, s.imported), (2, 2));
    assert_eq!(s.rejected.len(), 1);
    assert!(
        s.rejected[0]
            .to_string()
            .contains("«http://example.org/l190/2018.xml» non trovato")
    );
}
