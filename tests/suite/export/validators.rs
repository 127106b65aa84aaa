//! The open data checked by the real validators: the official OCDS 1.1
//! schemas, Frictionless, and pandas as users load the CSV files.

use crate::support::built::built_example;
use crate::support::{files, repo, test_data};
use std::path::Path;
use std::process::Command;

/// Runs `tests/validators/<script>` with python3; returns its stdout and
/// panics (failing the test) if python3 or a module is missing or the
/// validator reports errors: a missing validator never skips a test.
fn python(script: &str, args: &[&Path]) -> String {
    let path = repo().join("tests/validators").join(script);
    let output = Command::new("python3")
        .arg(&path)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("python3 is required for {script}: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{script} failed (install tests/validators/requirements.txt):\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

#[test]
fn ocds_packages_are_valid_against_the_official_schemas() {
    let (_tmp, site) = built_example();
    let ocds = site.join("dati/ocds");
    let schemas = test_data("schemas/ocds");
    let mut releases: Vec<_> = files(&ocds)
        .into_iter()
        .filter(|p| {
            let name = p.to_string_lossy();
            name.starts_with("release-package") && name.ends_with(".json")
        })
        .map(|p| ocds.join(p))
        .collect();
    assert!(
        releases.len() >= 2,
        "full and per-year packages: {releases:?}"
    );
    releases.sort();
    let mut args = vec![schemas.as_path(), std::path::Path::new("release")];
    args.extend(releases.iter().map(|p| p.as_path()));
    let out = python("ocds.py", &args);
    assert!(
        out.contains("release-package.json: 5 releases checked"),
        "{out}"
    );
    let record = ocds.join("record-package.json");
    let out = python(
        "ocds.py",
        &[&schemas, std::path::Path::new("record"), &record],
    );
    assert!(out.contains("5 records checked"), "{out}");
}

#[test]
fn ocds_releases_join_anac_data() {
    let (_tmp, site) = built_example();
    let text = std::fs::read_to_string(site.join("dati/ocds/release-package.json")).unwrap();
    let package: serde_json::Value = serde_json::from_str(&text).unwrap();
    let release = package["releases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["tender"]["id"] == "B9538AC2B9")
        .expect("release of CIG B9538AC2B9");
    assert_eq!(release["ocid"], "ocds-vetro0-B9538AC2B9");
    assert_eq!(release["tender"]["procurementMethod"], "direct");
    assert_eq!(
        release["tender"]["procurementMethodDetails"],
        "AFFIDAMENTO DIRETTO"
    );
    assert_eq!(
        release["tender"]["items"][0]["classification"]["id"],
        "72910000-2"
    );
    assert_eq!(release["awards"][0]["value"]["amount"], 104832.0);
    assert_eq!(
        release["awards"][0]["value"]["valueAddedTaxIncluded"],
        false
    );
    assert_eq!(
        release["planning"]["budget"]["amount"]["valueAddedTaxIncluded"],
        true
    );
    let supplier = &release["awards"][0]["suppliers"][0]["id"];
    assert_eq!(supplier, "IT-CF-01586840504");
    assert!(
        package["extensions"][0]
            .as_str()
            .unwrap()
            .contains("valueAddedTax")
    );
    let pnrr = package["releases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["tender"]["id"] == "B85C478F9C")
        .unwrap();
    assert_eq!(pnrr["planning"]["budget"]["projectID"], "J46G24000020006");
}

#[test]
fn data_package_is_valid_for_frictionless() {
    let (_tmp, site) = built_example();
    let out = python("datapackage.py", &[&site.join("dati/datapackage.json")]);
    assert!(out.trim_end().ends_with("valid"), "{out}");
}

#[test]
fn csv_files_load_in_pandas_with_codes_as_text() {
    let (_tmp, site) = built_example();
    let out = python("pandas_load.py", &[&site.join("dati")]);
    let tables: serde_json::Value = serde_json::from_str(&out).expect("json from pandas_load.py");
    let fornitori = &tables["fornitori"];
    let piva = fornitori["values"]["partita_iva"].as_array().unwrap();
    assert!(
        piva.iter().any(|v| v == "01586840504"),
        "leading zero kept: {piva:?}"
    );
    assert!(piva.iter().any(|v| v == "02831630161"), "{piva:?}");
    let cf = tables["lotti"]["values"]["cf_amministrazione_appaltante"]
        .as_array()
        .unwrap();
    assert!(cf.iter().any(|v| v == "00104330493"), "{cf:?}");
    for (name, table) in tables.as_object().unwrap() {
        if table["rows"] == 0 {
            continue; // an empty column has no type to infer
        }
        for (column, numeric) in table["numeric"].as_object().unwrap() {
            assert_eq!(numeric, true, "{name}.{column} is not numeric in pandas");
        }
    }
    assert_eq!(tables["lotti"]["rows"], 5);
    assert_eq!(tables["lotti"]["sums"]["importo_aggiudicato"], 210235.9);
}

/// Datasette (the real one, from PyPI) on `vetro.sqlite`: `?_search=`
/// filters through the full-text index (never every row), the bodies are a
/// table with names, and the metadata file gives licence and descriptions.
#[test]
fn datasette_searches_the_database_and_reads_its_metadata() {
    let (_tmp, site) = built_example();
    let dati = site.join("dati");
    let get = |path: &str| -> serde_json::Value {
        let output = Command::new("datasette")
            .current_dir(&dati)
            .args(["vetro.sqlite", "-m", "vetro-metadata.json", "--get", path])
            .output()
            .unwrap_or_else(|e| {
                panic!("datasette is required (tests/validators/requirements.txt): {e}")
            });
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap()
    };
    let lots = crate::support::dumps::csv_rows(&site, "lotti.csv");
    for word in ["omniconnect", "sistema", "livorno"] {
        let expected = lots
            .iter()
            .filter(|r| {
                [
                    "cig",
                    "oggetto_lotto",
                    "denominazione_amministrazione_appaltante",
                    "ufficio",
                    "descrizione_cpv",
                    "aggiudicatari",
                ]
                .iter()
                .any(|c| {
                    r[*c]
                        .to_lowercase()
                        .split(|ch: char| !ch.is_alphanumeric())
                        .any(|w| w == word)
                })
            })
            .count();
        let found = get(&format!("/vetro/lotti.json?_search={word}&_shape=objects"));
        assert_eq!(found["rows"].as_array().unwrap().len(), expected, "{word}");
        assert!(
            expected > 0 && expected < lots.len(),
            "{word}: {expected} of {}",
            lots.len()
        );
    }
    let none = get("/vetro/lotti.json?_search=parolachenonce&_shape=objects");
    assert!(none["rows"].as_array().unwrap().is_empty());
    let enti = get("/vetro/enti.json?_shape=objects");
    let names: Vec<&str> = enti["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["denominazione"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Comune di Livorno"), "{names:?}");
    let meta = get("/-/metadata.json");
    assert_eq!(meta["license"], "CC-BY-4.0");
    let cig = &meta["databases"]["vetro"]["tables"]["lotti"]["columns"]["cig"];
    assert!(cig.as_str().unwrap().contains("ANAC"), "{cig}");
}
