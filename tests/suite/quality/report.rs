//! Privacy by default and the data-quality report, end to end: an L.190
//! dataset with natural persons' codici fiscali in `oggetto` and in a
//! supplier's name, an act whose text carries an IBAN and a record with
//! the importer's `[[segnalazioni]]`; imported, built, and read back from
//! every file of the site.

use crate::support;
use crate::support::{build_ok, read, snapshot, vetro};
use std::path::{Path, PathBuf};

const FIXTURES: &str = "tests/fixtures/messy";
/// What the fixtures hold and no output may show (lower case: the search
/// index folds case).
const PERSONAL: [&str; 4] = [
    "rssmra85t10a562s",
    "clnvnt90d64l219v",
    "it60 x054 2811 1010 0000 0123 456",
    "it60x0542811101000000123456",
];

fn fixture(name: &str) -> PathBuf {
    support::repo().join(FIXTURES).join(name)
}

/// A site of the Comune di Prova with the act and the hand-written record,
/// then the L.190 dataset imported into it.
fn messy_site(privacy: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    for sub in [
        "content/enti",
        "content/atti",
        "content/procedure/comune-di-prova",
    ] {
        std::fs::create_dir_all(root.join(sub)).expect("mkdir");
    }
    std::fs::write(
        root.join("vetro.toml"),
        format!("titolo = \"Prova\"\nurl_base = \"https://example.org/trasparenza\"\nocds_prefisso = \"ocds-abc123\"\ndata_riferimento = 2026-11-22\n{privacy}"),
    )
    .expect("vetro.toml");
    let copy = |from: &str, to: &str| std::fs::copy(fixture(from), root.join(to)).expect(from);
    copy("quality-ente.toml", "content/enti/comune-di-prova.toml");
    copy("quality-iban-atto.md", "content/atti/determinazione-212.md");
    copy(
        "quality-segnalazioni.toml",
        "content/procedure/comune-di-prova/Z714E3F2A1.toml",
    );
    let run = import(root);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    dir
}

fn import(root: &Path) -> std::process::Output {
    let xml = fixture("quality-dati-personali.xml");
    vetro(&[
        "import",
        "l190",
        xml.to_str().expect("utf8"),
        "--root",
        root.to_str().expect("utf8"),
    ])
}

/// Files of the site that show any of `PERSONAL`, gzip members (the search
/// index) decompressed first.
fn files_showing_personal_data(site: &Path) -> Vec<String> {
    snapshot(site)
        .into_iter()
        .filter(|(_, bytes)| {
            let bytes = match bytes.starts_with(&[0x1f, 0x8b]) {
                true => gunzip(bytes),
                false => bytes.clone(),
            };
            let text = String::from_utf8_lossy(&bytes).to_lowercase();
            PERSONAL.iter().any(|p| text.contains(p))
        })
        .map(|(path, _)| path)
        .collect()
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("gzip");
    out
}

#[test]
fn natural_persons_codes_and_ibans_are_in_no_output() {
    let site = messy_site("");
    let out = site.path().join("site");
    build_ok(site.path(), &out);
    assert_eq!(files_showing_personal_data(&out), Vec::<String>::new());
    let page = read(&out.join("cig/Z5C2C1D0E9/index.html"));
    assert!(page.contains("(C.F. [codice fiscale omesso]) PER IL FRAZIONAMENTO"));
    let act = read(&out.join("atti/comune-di-prova/2020/determinazione-212/index.html"));
    assert!(act.contains("IBAN [IBAN omesso] intestato"));
    // The natural person is shown by name, as before.
    assert!(read(&out.join("dati/aggiudicatari.csv")).contains("ROSSI MARIO"));

    // The same site with the setting off publishes them: the search above
    // reaches every kind of file.
    let off = messy_site("\n[privacy]\nmaschera = []\n");
    let out = off.path().join("site");
    build_ok(off.path(), &out);
    let shown = files_showing_personal_data(&out);
    for file in [
        "dati/lotti.csv",
        "dati/vetro.sqlite",
        "dati/vetro.json",
        "dati/l190/comune-di-prova/2020.xml",
        "cerca/d/0.bin",
        "atti/comune-di-prova/2020/determinazione-212/index.html",
    ] {
        assert!(shown.iter().any(|f| f == file), "{file} not in {shown:?}");
    }
    assert!(
        shown.iter().any(|f| f.starts_with("dati/ocds/")),
        "{shown:?}"
    );
}

#[test]
fn an_unknown_kind_of_personal_data_stops_the_build_and_keeps_the_site() {
    let site = messy_site("");
    let out = site.path().join("site");
    build_ok(site.path(), &out);
    let before = snapshot(&out);
    let config = site.path().join("vetro.toml");
    let text = read(&config) + "\n[privacy]\nmaschera = [\"codice_fiscale\", \"nomi\"]\n";
    std::fs::write(&config, text).expect("write");
    let run = support::build(site.path(), &out);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("E010"), "{stderr}");
    assert!(
        stderr.contains("«nomi» non è un dato personale che vetro sa mascherare"),
        "{stderr}"
    );
    assert!(stderr.contains("vetro.toml:"), "{stderr}");
    assert!(
        stderr.contains("codice_fiscale, iban, email, telefono"),
        "{stderr}"
    );
    assert_eq!(snapshot(&out), before);
}

/// Counts of the report's CSV rows by rule.
fn csv_counts(rows: &[csv::StringRecord]) -> std::collections::BTreeMap<String, usize> {
    let mut counts = std::collections::BTreeMap::new();
    for row in rows {
        *counts.entry(row[1].to_string()).or_insert(0) += 1;
    }
    counts
}

#[test]
fn the_report_counts_and_links_every_finding() {
    let site = messy_site("");
    let out = site.path().join("site");
    build_ok(site.path(), &out);

    let mut reader = csv::Reader::from_path(out.join("dati/qualita.csv")).expect("csv");
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(
        header,
        [
            "ente",
            "regola",
            "scheda",
            "chiave",
            "posizione",
            "campo",
            "valore",
            "nota",
            "url"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let counts = csv_counts(&rows);
    assert_eq!(counts.get("voci-discordanti"), Some(&1));
    assert_eq!(counts.get("campo-scartato"), Some(&1));
    assert_eq!(counts.get("iban-mascherato"), Some(&1));
    // The subject of one lot, the winner and bidder of another, the supplier.
    assert_eq!(counts.get("codice-fiscale-mascherato"), Some(&4));
    let discordant = rows
        .iter()
        .find(|r| &r[1] == "voci-discordanti")
        .expect("row");
    assert_eq!(&discordant[0], "comune-di-prova");
    assert_eq!(&discordant[5], "importo_aggiudicazione");
    assert_eq!(&discordant[6], "1000.00");
    assert_eq!(
        &discordant[8],
        "https://example.org/trasparenza/cig/Z714E3F2A1/"
    );
    let iban = rows
        .iter()
        .find(|r| &r[1] == "iban-mascherato")
        .expect("row");
    assert_eq!(&iban[2], "atto");
    assert!(
        iban[6].contains("IBAN [IBAN omesso] intestato"),
        "{:?}",
        &iban[6]
    );
    assert!(!iban[6].contains('\n'));

    let json: serde_json::Value =
        serde_json::from_str(&read(&out.join("dati/qualita.json"))).expect("json");
    let body = &json["enti"][0];
    assert_eq!(body["ente"], "comune-di-prova");
    assert_eq!(body["totale"].as_u64(), Some(rows.len() as u64));
    assert_eq!(
        body["segnalazioni"].as_array().map(Vec::len),
        Some(rows.len())
    );
    let rule = |name: &str| {
        body["regole"]
            .as_array()
            .and_then(|r| r.iter().find(|r| r["regola"] == name))
            .map(|r| r["segnalazioni"].clone())
    };
    assert_eq!(
        rule("codice-fiscale-mascherato"),
        Some(serde_json::json!(4))
    );
    assert_eq!(rule("voci-discordanti"), Some(serde_json::json!(1)));

    let html = read(&out.join("dati/qualita/index.html"));
    assert!(
        html.contains("id=\"ente-comune-di-prova\""),
        "the body's anchor"
    );
    assert!(html.contains("id=\"ente-comune-di-prova-voci-discordanti\""));
    for link in [
        "href=\"/trasparenza/cig/Z714E3F2A1/\"",
        "href=\"/trasparenza/cig/Z5C2C1D0E9/\"",
        "href=\"/trasparenza/atti/comune-di-prova/2020/determinazione-212/\"",
        "href=\"/trasparenza/dati/qualita.csv\"",
        "href=\"/trasparenza/dati/qualita.json\"",
    ] {
        assert!(html.contains(link), "{link}");
    }
    assert!(html.contains("importo più alto tenuto: 1.200,00"));
    assert!(html.contains("<caption>"), "accessible tables");

    let ente = read(&out.join("enti/comune-di-prova/index.html"));
    assert!(ente.contains("Qualità dei dati"));
    assert!(ente.contains("href=\"/trasparenza/dati/qualita/#ente-comune-di-prova\""));
    assert!(ente.contains(
        "href=\"/trasparenza/dati/qualita/#ente-comune-di-prova-codice-fiscale-mascherato\""
    ));
    let procedure = read(&out.join("cig/Z714E3F2A1/index.html"));
    assert!(procedure.contains("Voci dello stesso CIG discordanti"));
    assert!(procedure.contains("data illeggibile: il lotto è importato senza data di fine"));
    let supplier = std::fs::read_dir(out.join("fornitori"))
        .expect("suppliers")
        .filter_map(Result::ok)
        .map(|e| e.path().join("index.html"))
        .filter(|p| p.is_file())
        .map(|p| read(&p))
        .find(|page| page.contains("Valentina Colonna"))
        .expect("the supplier named with a code");
    assert!(supplier.contains("Codice fiscale di persona fisica mascherato"));

    // Listed with the other downloads, and a table of the SQLite file.
    let package = read(&out.join("dati/datapackage.json"));
    assert!(package.contains("\"qualita.csv\"") || package.contains("qualita.csv"));
    assert!(read(&out.join("dati/catalogo-dcat.rdf")).contains("qualita.json"));
    let db = rusqlite::Connection::open(out.join("dati/vetro.sqlite")).expect("sqlite");
    let n: i64 = db
        .query_row("SELECT count(*) FROM qualita", [], |r| r.get(0))
        .expect("qualita table");
    assert_eq!(n as usize, rows.len());
}

#[test]
fn the_report_is_the_same_bytes_on_every_build() {
    let site = messy_site("");
    let (a, b) = (site.path().join("a"), site.path().join("b"));
    build_ok(site.path(), &a);
    build_ok(site.path(), &b);
    for file in [
        "dati/qualita.csv",
        "dati/qualita.json",
        "dati/qualita/index.html",
        "dati/qualita/index.json",
    ] {
        assert_eq!(
            std::fs::read(a.join(file)).expect(file),
            std::fs::read(b.join(file)).expect(file),
            "{file}"
        );
    }
}

#[test]
fn import_prints_the_findings_per_rule() {
    let site = messy_site("");
    let record = site
        .path()
        .join("content/procedure/comune-di-prova/Z0E3D2E1F0.toml");
    let mut text = read(&record);
    text.push_str("\n[[segnalazioni]]\nregola = \"entita-decodificate\"\ncampo = \"oggetto\"\nvalore = \"Rimborso spese per attivit&amp;agrave; di volontariato estivo\"\n");
    text.push_str("\n[[segnalazioni]]\nregola = \"voci-ripetute\"\ncampo = \"cig\"\nvalore = \"Z0E3D2E1F0\"\n");
    std::fs::write(&record, text).expect("write");
    let run = import(site.path());
    assert!(run.status.success());
    assert_eq!(
        String::from_utf8_lossy(&run.stdout),
        "Record letti: 2; importati: 0; uniti: 0; invariati: 2; scartati: 0; esclusi (altri enti): 0; file scritti: 0\n\
         Segnalazioni sulla qualità dei dati: 2 (ogni regola è spiegata in docs/qualita.md; dopo vetro build il rapporto è in /dati/qualita/)\n\
         \x20 - voci-ripetute: 1 (Voci dello stesso CIG ripetute)\n\
         \x20 - entita-decodificate: 1 (Entità HTML decodificate)\n"
    );
    // Not a terminal: no progress bar on stderr.
    assert!(!String::from_utf8_lossy(&run.stderr).contains('['));
}

#[test]
fn a_body_named_like_an_office_is_in_its_section_of_the_report() {
    let site = messy_site("");
    std::fs::copy(
        fixture("quality-ente-ufficio.toml"),
        site.path().join("content/enti/comune-di-bolzano.toml"),
    )
    .expect("ente");
    let out = site.path().join("site");
    build_ok(site.path(), &out);
    let csv = read(&out.join("dati/qualita.csv"));
    let row = csv
        .lines()
        .find(|l| l.contains("ente-nome-ufficio"))
        .expect("the office-like name is reported");
    assert!(row.starts_with("comune-di-bolzano,ente-nome-ufficio,ente,comune-di-bolzano,1,denominazione,Comune di Bolzano - 1.1 - Ufficio Personale,"), "{row}");
    assert!(
        row.ends_with(",https://example.org/trasparenza/enti/comune-di-bolzano/"),
        "{row}"
    );
    assert!(!csv.contains("comune-di-prova,ente-nome-ufficio"));
    let page = read(&out.join("enti/comune-di-bolzano/index.html"));
    assert!(
        page.contains("#ente-comune-di-bolzano-ente-nome-ufficio\">Nome dell&#39;ente simile a quello di un ufficio</a>"),
        "the body's section counts it"
    );
    assert!(page.contains("href=\"/trasparenza/dati/qualita/#ente-comune-di-bolzano\""));
}
