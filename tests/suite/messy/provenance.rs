//! Issue 15, provenance: dates, bodies, text and fields of messy L.190
//! files, imported into a fresh site, built, and read back from the pages,
//! the CSV, the JSON twins and the L.190 export.

use crate::support::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A fresh site that an import fills: no example body, no example act.
struct Site {
    dir: tempfile::TempDir,
    import: std::process::Output,
}

impl Site {
    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn out(&self) -> PathBuf {
        self.root().join("site")
    }

    fn import_text(&self) -> String {
        String::from_utf8_lossy(&self.import.stdout).into_owned()
            + &String::from_utf8_lossy(&self.import.stderr)
    }

    /// The record of `cig` as a TOML table.
    fn record(&self, cig: &str) -> toml::Table {
        let found = walkdir::WalkDir::new(self.root().join("content/procedure"))
            .into_iter()
            .filter_map(Result::ok)
            .find(|e| e.file_name().to_string_lossy() == format!("{cig}.toml"))
            .unwrap_or_else(|| panic!("no record for {cig}\n{}", self.import_text()));
        read(found.path()).parse().unwrap()
    }

    /// The JSON twin of a CIG page.
    fn procedure(&self, cig: &str) -> Value {
        let text = read(&self.out().join(format!("cig/{cig}/index.json")));
        serde_json::from_str(&text).unwrap()
    }

    fn page(&self, cig: &str) -> String {
        read(&self.out().join(format!("cig/{cig}/index.html")))
    }

    /// The CIG page without its data-quality section, which quotes the
    /// values as the source published them.
    fn page_data(&self, cig: &str) -> String {
        let page = self.page(cig);
        let end = page
            .find("<section aria-labelledby=\"qualita\"")
            .unwrap_or(page.len());
        page[..end].to_string()
    }

    /// `dati/lotti.csv` by `cig`, each row as column → value.
    fn lots_csv(&self) -> BTreeMap<String, BTreeMap<String, String>> {
        let mut reader = csv::Reader::from_path(self.out().join("dati/lotti.csv")).unwrap();
        let headers: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').to_string())
            .collect();
        let mut rows = BTreeMap::new();
        for row in reader.records() {
            let row: BTreeMap<String, String> = headers
                .iter()
                .cloned()
                .zip(row.unwrap().iter().map(String::from))
                .collect();
            rows.insert(row["cig"].clone(), row);
        }
        rows
    }

    fn check(&self) -> String {
        let run = vetro(&["check", "--root", self.root().to_str().unwrap()]);
        String::from_utf8_lossy(&run.stdout).into_owned() + &String::from_utf8_lossy(&run.stderr)
    }
}

/// A fresh site with no body yet (as `vetro init` leaves it, without the
/// example), then `vetro import l190 FIXTURE`, then `vetro build`.
fn import_and_build(fixture: &str) -> Site {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_str().unwrap().to_string();
    std::fs::write(
        dir.path().join("vetro.toml"),
        "titolo = \"Trasparenza appalti\"\nurl_base = \"https://trasparenza.comune.example.it\"\ndata_riferimento = 2026-11-22\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    let source = repo().join("tests/fixtures/messy").join(fixture);
    let import = vetro(&["import", "l190", source.to_str().unwrap(), "--root", &root]);
    let site = Site { dir, import };
    let built = build(site.root(), &site.out());
    assert!(
        built.status.success(),
        "{}\n{}",
        site.import_text(),
        String::from_utf8_lossy(&built.stderr)
    );
    site
}

/// The exported L.190 file, checked against ANAC's XSD.
fn valid_l190(path: &Path) -> String {
    let schema = repo().join("tests/data/schemas/anac-l190/datasetAppaltiL190.xsd");
    let run = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&schema)
        .arg(path)
        .output()
        .expect("xmllint is installed by scripts/test");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    read(path)
}

fn findings(procedure: &Value, regola: &str) -> Vec<Value> {
    procedure["segnalazioni"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["regola"] == regola)
        .cloned()
        .collect()
}

fn year_page_lists(site: &Site, year: i32, cig: &str) -> bool {
    let page = site.out().join(format!("anni/{year}/index.html"));
    page.is_file() && read(&page).contains(&format!("/cig/{cig}/"))
}

#[test]
fn a_2020_dataset_published_in_2021_is_dated_2020() {
    let site = import_and_build("provenance-published-next-year.xml");
    // First act absent: the start of the contract, else 1 January of the
    // reference year; never 31/01/2021, the date the dataset was published.
    let dated = site.procedure("Z7C2C4E6F8");
    assert_eq!(dated["data"], "2020-03-02");
    assert_eq!(dated["anno"], 2020);
    let undated = site.procedure("ZD52C3D4E5");
    assert_eq!(undated["data"], "2020-01-01");
    let earlier = site.procedure("7035971AF0");
    assert_eq!(earlier["data"], "2019-09-16");
    assert!(year_page_lists(&site, 2020, "Z7C2C4E6F8"));
    assert!(year_page_lists(&site, 2020, "ZD52C3D4E5"));
    assert!(year_page_lists(&site, 2019, "7035971AF0"));
    assert!(!site.out().join("anni/2021/index.html").exists());
    // The publication date stays as provenance: the record and its event.
    let record = site.record("ZD52C3D4E5");
    assert_eq!(record["data_pubblicazione"].to_string(), "2021-01-31");
    assert_eq!(undated["eventi"][0]["data"], "2021-01-31");
    let csv = site.lots_csv();
    assert_eq!(csv["ZD52C3D4E5"]["anno"], "2020");
    assert_eq!(csv["ZD52C3D4E5"]["data_primo_atto"], "2020-01-01");
    assert_eq!(csv["7035971AF0"]["anno"], "2019");
    // The L.190 export keeps the reference year it was given: one 2020
    // dataset with all three lots, the 2019-started one included.
    let ente = site.out().join("dati/l190/comune-di-monteriggioni");
    let xml = valid_l190(&ente.join("2020.xml"));
    assert!(
        xml.contains("<annoRiferimento>2020</annoRiferimento>"),
        "{xml}"
    );
    for cig in ["Z7C2C4E6F8", "ZD52C3D4E5", "7035971AF0"] {
        assert!(xml.contains(&format!("<cig>{cig}</cig>")), "{cig}");
    }
    assert!(!ente.join("2021.xml").exists());
    assert!(!ente.join("2019.xml").exists());
}

#[test]
fn placeholder_and_reversed_dates_are_kept_but_not_used() {
    let site = import_and_build("provenance-placeholder-dates.xml");
    // Kept as published in the record.
    let record = site.record("Z718D7C6B5");
    assert_eq!(record["periodo"]["dal"].to_string(), "0001-01-01");
    let record = site.record("ZF16B5A4F3");
    assert_eq!(record["periodo"]["dal"].to_string(), "2020-06-01");
    assert_eq!(record["periodo"]["al"].to_string(), "2020-02-01");
    // Not used: every procedure is dated by the reference year.
    for cig in ["Z718D7C6B5", "Z597C6B5A4", "ZF16B5A4F3"] {
        let p = site.procedure(cig);
        assert_eq!(p["data"], "2020-01-01", "{cig}");
        assert!(year_page_lists(&site, 2020, cig), "{cig}");
    }
    for year in [1, 1970] {
        assert!(!site.out().join(format!("anni/{year}")).exists(), "{year}");
    }
    // Reported, with the value as published.
    let p = site.procedure("Z718D7C6B5");
    let found = findings(&p, "data-segnaposto");
    assert_eq!(found.len(), 1, "{p}");
    assert_eq!(
        (&found[0]["campo"], &found[0]["valore"]),
        (&"dal".into(), &"0001-01-01".into())
    );
    assert_eq!(p["periodo"]["al"], "2020-12-31");
    assert!(p["periodo"]["dal"].is_null());
    let p = site.procedure("Z597C6B5A4");
    assert_eq!(findings(&p, "data-segnaposto").len(), 2);
    assert!(p["periodo"].is_null());
    let p = site.procedure("ZF16B5A4F3");
    let found = findings(&p, "data-incoerente");
    assert_eq!(found[0]["valore"], "dal 2020-06-01, al 2020-02-01");
    let csv = site.lots_csv();
    assert_eq!(csv["Z718D7C6B5"]["data_inizio"], "");
    assert_eq!(csv["Z718D7C6B5"]["data_fine"], "2020-12-31");
    assert_eq!(csv["ZF16B5A4F3"]["data_inizio"], "");
    // The export leaves the placeholders out and stays valid.
    let xml = valid_l190(
        &site
            .out()
            .join("dati/l190/comune-di-monteriggioni/2020.xml"),
    );
    assert!(
        !xml.contains("0001-01-01") && !xml.contains("1970-01-01"),
        "{xml}"
    );
    // `vetro check` says where, in the record.
    let check = site.check();
    assert_eq!(check.matches("W220").count(), 3, "{check}");
    assert!(check.contains("0001-01-01"), "{check}");
}

#[test]
fn a_lot_with_an_unreadable_field_is_imported_without_it() {
    let site = import_and_build("provenance-bad-fields.xml");
    let text = site.import_text();
    assert!(site.import.status.success(), "{text}");
    assert!(!text.contains("Scartati"), "{text}");
    assert!(text.contains("importati: 5"), "{text}");
    let cases = [
        ("Z5D5A4F3E2", "al", "202415-12-31"),
        ("ZCA4F3E2D1", "importo_netto", "circa 1.500 euro"),
        ("ZB23E2D1C0", "liquidazioni", "-640.00"),
        ("Z052D1C0B9", "procedura", "99-PROCEDURA NON PREVISTA"),
    ];
    for (cig, campo, valore) in cases {
        let record = site.record(cig);
        let found = record["segnalazioni"].as_array().expect(cig);
        let dropped: Vec<_> = found
            .iter()
            .filter(|f| f["regola"].as_str() == Some("campo-scartato"))
            .collect();
        assert_eq!(dropped.len(), 1, "{cig}: {found:?}");
        assert_eq!(dropped[0]["campo"].as_str(), Some(campo), "{cig}");
        assert_eq!(dropped[0]["valore"].as_str(), Some(valore), "{cig}");
        // The finding reaches the procedure, for the quality report.
        assert_eq!(
            findings(&site.procedure(cig), "campo-scartato").len(),
            1,
            "{cig}"
        );
    }
    // What could be read is kept.
    let record = site.record("Z5D5A4F3E2");
    assert_eq!(record["periodo"]["dal"].to_string(), "2020-01-01");
    assert!(record["periodo"].get("al").is_none());
    assert_eq!(record["importo_netto"].as_str(), Some("18900.00"));
    assert!(site.record("ZCA4F3E2D1").get("importo_netto").is_none());
    assert!(site.record("ZB23E2D1C0").get("liquidazioni").is_none());
    assert_eq!(
        site.record("ZB23E2D1C0")["importo_netto"].as_str(),
        Some("640.00")
    );
    // A codice fiscale that is not one is kept as a foreign id, record and all.
    let record = site.record("ZF01C0B9A8");
    let winner = &record["aggiudicatari"][0];
    assert_eq!(winner["id_estero"].as_str(), Some("ARCH-BIANCHI"));
    assert!(
        site.page("ZF01C0B9A8")
            .contains("Studio Bianchi Architetti")
    );
    assert!(text.contains("campo scartato"), "{text}");
}

#[test]
fn bodies_are_named_from_the_header_and_lots_keep_their_office() {
    let site = import_and_build("provenance-office-names.xml");
    let enti = site.root().join("content/enti");
    let mut files: Vec<String> = std::fs::read_dir(&enti)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    // One body per codice fiscale: Bolzano once (not once per office), and
    // the other body of the file.
    assert_eq!(
        files,
        ["comune-di-bolzano.toml", "settore-gare-e-contratti.toml"]
    );
    let bolzano = read(&enti.join("comune-di-bolzano.toml"));
    assert!(
        bolzano.contains("denominazione = \"Comune di Bolzano\""),
        "{bolzano}"
    );
    let offices = [
        (
            "8516273ACB",
            Some("Comune di Bolzano - 1.1 - Ufficio Personale"),
        ),
        ("Z501E2D3C4", Some("Affari Generali e Istituzionali")),
        ("Z732E3D4C5", None),
    ];
    let csv = site.lots_csv();
    for (cig, office) in offices {
        let record = site.record(cig);
        assert_eq!(
            record.get("ufficio").and_then(|u| u.as_str()),
            office,
            "{cig}"
        );
        let p = site.procedure(cig);
        assert_eq!(p["ente_nome"], "Comune di Bolzano", "{cig}");
        assert_eq!(csv[cig]["ufficio"], office.unwrap_or_default(), "{cig}");
        assert_eq!(
            csv[cig]["denominazione_amministrazione_appaltante"],
            "Comune di Bolzano"
        );
        if let Some(office) = office {
            let page = site.page(cig);
            assert!(page.contains("<dt>Ufficio</dt>"), "{cig}");
            assert!(page.contains(office), "{cig}");
        }
    }
    // The lot of another codice fiscale is that body's; its only name is an
    // office's, which check reports at the body file's denominazione.
    let other = site.procedure("962738409C");
    assert_eq!(other["ente"], "settore-gare-e-contratti");
    let check = site.check();
    let w221: Vec<&str> = check.lines().filter(|l| l.contains("W221")).collect();
    assert_eq!(w221.len(), 1, "{check}");
    assert!(
        check.contains("settore-gare-e-contratti.toml:1:"),
        "{check}"
    );
    assert!(vetro::check::looks_like_office("Settore Gare e Contratti"));
    assert!(!vetro::check::looks_like_office("Comune di Bolzano"));
}

#[test]
fn entities_escaped_twice_are_decoded_once() {
    let site = import_and_build("provenance-entities.xml");
    let record = site.record("Z187D8E9F0");
    assert_eq!(
        record["oggetto"].as_str(),
        Some("Fornitura \"carta riciclata\" per gli uffici")
    );
    assert_eq!(
        record["aggiudicatari"][0]["denominazione"].as_str(),
        Some("Rossi & Figli S.n.c.")
    );
    let found = record["segnalazioni"].as_array().unwrap();
    let decoded: Vec<_> = found
        .iter()
        .filter(|f| f["regola"].as_str() == Some("entita-decodificate"))
        .collect();
    assert_eq!(decoded.len(), 3, "{found:?}");
    assert_eq!(
        decoded[0]["valore"].as_str(),
        Some("Fornitura &quot;carta riciclata&quot; per gli uffici")
    );
    let csv = site.lots_csv();
    assert_eq!(
        csv["Z738E9F0A1"]["oggetto_lotto"],
        "Manutenzione strade città e frazioni"
    );
    assert_eq!(csv["Z187D8E9F0"]["aggiudicatari"], "Rossi & Figli S.n.c.");
    for cig in ["Z187D8E9F0", "Z738E9F0A1"] {
        let page = site.page_data(cig);
        for literal in ["&amp;quot;", "&amp;amp;", "&amp;agrave;"] {
            assert!(!page.contains(literal), "{cig}: {literal}");
        }
    }
    assert!(site.page("Z738E9F0A1").contains("città"));
}

#[test]
fn a_joint_venture_listed_three_times_counts_once() {
    let site = import_and_build("provenance-rti-repeated.xml");
    let record = site.record("8738495233");
    let winners = record["aggiudicatari"].as_array().unwrap();
    assert_eq!(winners.len(), 2, "{winners:?}");
    for w in winners {
        assert_eq!(
            w["raggruppamento"].as_str(),
            Some("RTI COSTRUZIONI VALDELSA S.P.A.")
        );
    }
    let bidders = record["partecipanti"].as_array().unwrap();
    assert_eq!(bidders.len(), 3, "{bidders:?}");
    let repeated: Vec<_> = record["segnalazioni"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["regola"].as_str() == Some("soggetto-ripetuto"))
        .map(|f| {
            (
                f["campo"].as_str().unwrap().to_string(),
                f["nota"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // In the file's order: bidders come before winners.
    assert_eq!(
        repeated,
        [
            (
                "partecipanti".to_string(),
                "elencato 2 volte nel lotto: contato una volta".to_string()
            ),
            (
                "aggiudicatari".to_string(),
                "elencato 3 volte nel lotto: contato una volta".to_string()
            ),
        ]
    );
    let p = site.procedure("8738495233");
    assert_eq!(p["aggiudicatari"].as_array().unwrap().len(), 2);
    assert_eq!(site.lots_csv()["8738495233"]["numero_aggiudicatari"], "2");
    let page = site.page_data("8738495233");
    assert_eq!(
        page.matches("IMPIANTI SENESI S.R.L.").count(),
        2,
        "one winner, one bidder"
    );
}

#[test]
fn init_makes_a_site_for_the_users_body_and_the_example_only_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("portale");
    let refused = vetro(&[
        "init",
        root.to_str().unwrap(),
        "--ente",
        "Comune di Monteriggioni",
        "--cf",
        "00142700524",
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("cifra di controllo"));
    assert!(!root.exists());
    let made = vetro(&[
        "init",
        root.to_str().unwrap(),
        "--ente",
        "Comune di Monteriggioni",
        "--cf",
        "00142700525",
    ]);
    assert!(made.status.success());
    let out = root.join("site");
    build_ok(&root, &out);
    let home = read(&out.join("index.html"));
    assert!(!home.contains("Livorno"), "no example publisher");
    assert!(!out.join("cig/B9538AC2B9").exists(), "no example act");
    assert!(!out.join("enti/comune-di-livorno").exists());
    assert!(
        out.join("enti/comune-di-monteriggioni/index.html")
            .is_file()
    );
    let dcat = read(&out.join("dati/catalogo-dcat.rdf"));
    assert!(dcat.contains("Comune di Monteriggioni") && !dcat.contains("Livorno"));
    // The placeholder address is reported until the clerk sets it.
    let check = vetro(&["check", "--root", root.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&check.stdout).into_owned()
        + &String::from_utf8_lossy(&check.stderr);
    assert!(said.contains("W222"), "{said}");
    // So is the missing OCDS prefix, to the clerk; the public page names no setting.
    assert!(
        said.contains("W223") && said.contains("ocds_prefisso"),
        "{said}"
    );
    let dati = read(&out.join("dati/index.html"));
    assert!(dati.contains("non pubblica ancora i file nello standard OCDS"));
    assert!(!dati.contains("vetro.toml") && !dati.contains("ocds_prefisso"));
    assert!(!out.join("dati/ocds").exists());
    // The example, on request.
    let demo = dir.path().join("prova");
    assert!(
        vetro(&["init", demo.to_str().unwrap(), "--esempio"])
            .status
            .success()
    );
    assert!(
        demo.join("content/atti/comune-di-livorno/determinazione-10107-2025.md")
            .is_file()
    );
}
