//! Identity on messy real data (issue 15, items 1 and 2): placeholder and
//! invalid identifiers never key a page or a merge; supplier identity
//! rules; a CIG shared by two bodies; natural persons' page ids keyed by
//! the site's secret. Each test imports fixtures shaped like real ANAC
//! L.190 files (`tests/fixtures/messy/identity-*.xml`) into a fresh site,
//! builds it and reads the output back.

use crate::support::dumps::csv_total;
use crate::support::import::import_site;
use crate::support::*;
use rust_decimal::Decimal;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::str::FromStr;

struct Built {
    _dir: tempfile::TempDir,
    root: PathBuf,
    site: PathBuf,
}

fn fixture(name: &str) -> String {
    repo()
        .join("tests/fixtures/messy")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn import(root: &Path, files: &[&str]) {
    let mut args = vec!["import".to_string(), "l190".to_string()];
    args.extend(files.iter().map(|f| fixture(f)));
    args.extend(["--root".to_string(), root.display().to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = vetro(&args);
    assert!(
        run.status.success(),
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}

fn import_and_build(files: &[&str], secret: Option<&str>) -> Built {
    let dir = import_site(secret);
    let root = dir.path().to_path_buf();
    import(&root, files);
    let site = root.join("site");
    build_ok(&root, &site);
    Built {
        _dir: dir,
        root,
        site,
    }
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&read(path)).unwrap()
}

fn catalog(b: &Built) -> Value {
    json(&b.site.join("dati/vetro.json"))
}

fn money(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().unwrap_or("0")).unwrap()
}

/// Folder names under `site/<section>/` that are pages (not the list's own).
fn pages(site: &Path, section: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(site.join(section))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().join("index.html").exists() && e.file_name() != "pagina")
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The sum of every `<importoAggiudicazione>` of the fixtures.
fn source_total(files: &[&str]) -> Decimal {
    let mut total = Decimal::ZERO;
    for file in files {
        let text = read(Path::new(&fixture(file)));
        for part in text.split("<importoAggiudicazione>").skip(1) {
            let value = part.split('<').next().unwrap();
            total += Decimal::from_str(value).unwrap();
        }
    }
    total
}

fn supplier<'a>(catalog: &'a Value, id: &str) -> &'a Value {
    catalog["fornitori"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no supplier {id}"))
}

fn procedure<'a>(catalog: &'a Value, key: &str) -> &'a Value {
    catalog["procedure"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["key"] == key)
        .unwrap_or_else(|| panic!("no procedure {key}"))
}

fn rules(findings: &Value) -> Vec<(String, String)> {
    findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["regola"].as_str().unwrap().to_string(),
                f["valore"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

const DUMMY_PIVA: [&str; 2] = [
    "identity-piva-segnaposto-valdoria.xml",
    "identity-piva-segnaposto-montecalvo.xml",
];

#[test]
fn a_dummy_partita_iva_never_joins_firms_of_two_bodies() {
    let b = import_and_build(&DUMMY_PIVA, None);
    let suppliers = pages(&b.site, "fornitori");
    assert!(
        !suppliers.iter().any(|s| s.contains("00000000000")),
        "{suppliers:?}"
    );
    // The same name without a valid id is one supplier per body.
    for body in ["comune-di-valdoria", "comune-di-montecalvo"] {
        let id = format!("nome-{body}-cartoleria-moderna-srl");
        assert!(suppliers.contains(&id), "{id} in {suppliers:?}");
    }
    let c = catalog(&b);
    let cartoleria = supplier(&c, "nome-comune-di-valdoria-cartoleria-moderna-srl");
    assert_eq!(cartoleria["lotti"].as_array().unwrap().len(), 1);
    assert_eq!(cartoleria["tipo_id"], "nome");
    assert!(
        rules(&cartoleria["segnalazioni"])
            .contains(&("id-fornitore-non-valido".into(), "00000000000".into()))
    );
    // Shown as published on the page, as not used.
    let page = json(
        &b.site
            .join("fornitori/nome-comune-di-valdoria-cartoleria-moderna-srl/index.json"),
    );
    let shown = page["id_non_validi"].to_string();
    assert!(
        shown.contains("00000000000") && shown.contains("segnaposto"),
        "{shown}"
    );
    let html = read(
        &b.site
            .join("fornitori/nome-comune-di-valdoria-cartoleria-moderna-srl/index.html"),
    );
    assert!(html.contains("Identificativi pubblicati non validi"));
    // A name-only record joins the one supplier of that name with a valid id.
    let rossi = supplier(&c, "01239870452");
    assert_eq!(rossi["lotti"].as_array().unwrap().len(), 2);
    assert_eq!(
        money(&rossi["totale"]),
        Decimal::from_str("1050.00").unwrap()
    );
    // Nothing lost: every lot's amount reaches exactly one supplier.
    let source = source_total(&DUMMY_PIVA);
    assert_eq!(
        csv_total(&b.site, "fornitori.csv", "importo_attribuito"),
        source
    );
    assert_eq!(
        csv_total(&b.site, "lotti.csv", "importo_aggiudicato"),
        source
    );
}

#[test]
fn placeholder_foreign_ids_key_nothing_and_real_ones_are_canonical() {
    let b = import_and_build(&["identity-id-estero.xml"], None);
    let suppliers = pages(&b.site, "fornitori");
    for dummy in ["0000000000", "00000", "0"] {
        assert!(
            !suppliers.iter().any(|s| s == dummy),
            "{dummy} in {suppliers:?}"
        );
    }
    let c = catalog(&b);
    let gb = supplier(&c, "gb983576466");
    assert_eq!(
        gb["lotti"].as_array().unwrap().len(),
        2,
        "GB 983576466 = gb983576466"
    );
    assert_eq!(gb["tipo_id"], "id-estero");
    let names = gb["denominazioni"].to_string();
    assert!(names.contains("TRANSLATE EUROPE LTD") && names.contains("Translate Europe Ltd."));
    let omniconnect = supplier(&c, "01586840504");
    assert_eq!(omniconnect["lotti"].as_array().unwrap().len(), 2);
    let lexdata = supplier(&c, "nome-comune-di-valdoria-lexdata-editore-srl");
    assert!(
        rules(&lexdata["segnalazioni"])
            .contains(&("id-fornitore-non-valido".into(), "0000000000".into()))
    );
}

const DUMMY_CIG: [&str; 2] = [
    "identity-cig-segnaposto-valdoria.xml",
    "identity-cig-segnaposto-montecalvo.xml",
];

#[test]
fn placeholder_cigs_never_make_one_procedure_of_many_lots() {
    let b = import_and_build(&DUMMY_CIG, None);
    let keys = pages(&b.site, "cig");
    for dummy in ["XXXXXXXXXX", "1111111111", "1234567891"] {
        assert!(
            !keys.iter().any(|k| k.contains(dummy)),
            "{dummy} in {keys:?}"
        );
    }
    // Eight lots in the two files: eight procedures, none combined.
    assert_eq!(keys.len(), 8, "{keys:?}");
    let c = catalog(&b);
    let mut published = Vec::new();
    for p in c["procedure"].as_array().unwrap() {
        assert!(p["cig"].is_null(), "{}", p["key"]);
        let found = rules(&p["segnalazioni"]);
        let placeholder = found.iter().find(|(r, _)| r == "cig-segnaposto");
        published.push(placeholder.expect("a cig-segnaposto finding").1.clone());
    }
    published.sort();
    assert_eq!(
        published,
        [
            "1111111111",
            "1111111111",
            "1111111111",
            "1234567891",
            "1234567891",
            "XXXXXXXXXX",
            "XXXXXXXXXX",
            "XXXXXXXXXX"
        ]
    );
    let source = source_total(&DUMMY_CIG);
    assert_eq!(money(&c["totali"]["importo_aggiudicato"]), source);
    assert_eq!(
        csv_total(&b.site, "lotti.csv", "importo_aggiudicato"),
        source
    );
    // A re-import finds the same records: nothing new, nothing combined.
    let before = snapshot(&b.root.join("content"));
    import(&b.root, &DUMMY_CIG);
    assert_eq!(snapshot(&b.root.join("content")), before);
}

#[test]
fn a_cig_shared_by_two_bodies_shows_each_part_and_sums_them() {
    let files = [
        "identity-cig-condiviso-valdoria.xml",
        "identity-cig-condiviso-montecalvo.xml",
    ];
    let b = import_and_build(&files, None);
    assert_eq!(pages(&b.site, "cig"), ["8317425C3B"]);
    let p = &json(&b.site.join("cig/8317425C3B/index.json"));
    assert_eq!(
        money(&p["importo_aggiudicato"]),
        Decimal::from_str("196465.60").unwrap()
    );
    let parts: Vec<(String, Decimal)> = p["parti"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["ente"].as_str().unwrap().to_string(),
                money(&t["importo"]),
            )
        })
        .collect();
    assert_eq!(
        parts,
        [
            (
                "comune-di-montecalvo".into(),
                Decimal::from_str("84465.60").unwrap()
            ),
            (
                "comune-di-valdoria".into(),
                Decimal::from_str("112000.00").unwrap()
            ),
        ]
    );
    assert!(
        rules(&p["segnalazioni"])
            .iter()
            .any(|(r, _)| r == "cig-condiviso")
    );
    let html = read(&b.site.join("cig/8317425C3B/index.html"));
    assert!(html.contains("CIG indicato da più enti"));
    assert!(
        html.contains("COMUNE DI MONTECALVO") && html.contains("84.465,60"),
        "{html}"
    );
    let c = catalog(&b);
    assert_eq!(
        money(&c["totali"]["importo_aggiudicato"]),
        source_total(&files)
    );
    assert_eq!(
        money(&procedure(&c, "8317425C3B")["importo_liquidato"]),
        Decimal::from(168000)
    );
    // Each body's page and its L.190 dataset count its own part only.
    for (ente, part) in [
        ("comune-di-montecalvo", "84465.60"),
        ("comune-di-valdoria", "112000.00"),
    ] {
        let page = json(&b.site.join(format!("enti/{ente}/index.json")));
        assert_eq!(
            money(&page["importo_aggiudicato"]),
            Decimal::from_str(part).unwrap()
        );
        let dir = b.site.join(format!("dati/l190/{ente}"));
        let xml: String = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                !p.file_name()
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .starts_with("indice")
            })
            .map(|p| read(&p))
            .collect();
        assert!(
            xml.contains(&format!(
                "<importoAggiudicazione>{part}</importoAggiudicazione>"
            )),
            "{ente}: {xml}"
        );
    }
}

#[test]
fn a_failed_cig_check_keeps_the_page_and_the_buyers_own_code_is_no_supplier_id() {
    let b = import_and_build(&["identity-cig-controllo-e-id-ente.xml"], None);
    let html = read(&b.site.join("cig/9914876E7E/index.html"));
    let anac = html.split("Banca dati nazionale").nth(1).unwrap();
    let paragraph = anac.split("</p>").next().unwrap();
    assert!(
        paragraph
            .contains("carattere di controllo del CIG pubblicato «9914876E7E» non corrisponde"),
        "{paragraph}"
    );
    let c = catalog(&b);
    let p = procedure(&c, "9914876E7E");
    assert_eq!(p["cig"], "9914876E7E");
    assert!(rules(&p["segnalazioni"]).contains(&("cig-controllo".into(), "9914876E7E".into())));
    let suppliers = pages(&b.site, "fornitori");
    assert!(
        !suppliers.contains(&"82001450392".to_string()),
        "{suppliers:?}"
    );
    assert!(
        !suppliers.iter().any(|s| s.contains("mandataria")),
        "{suppliers:?}"
    );
    let unione = supplier(&c, "nome-comune-di-valdoria-unione-montana-valli");
    assert!(
        rules(&unione["segnalazioni"])
            .contains(&("id-fornitore-ente".into(), "82001450392".into()))
    );
    let ponteggi = supplier(&c, "nome-comune-di-valdoria-ponteggi-edili-europa-srl");
    assert!(
        rules(&ponteggi["segnalazioni"])
            .contains(&("id-fornitore-non-valido".into(), "mandataria".into()))
    );
}

#[test]
fn a_partita_iva_written_in_the_name_keys_the_supplier() {
    let b = import_and_build(&["identity-piva-nel-nome.xml"], Some(&"s".repeat(40)));
    assert_eq!(pages(&b.site, "fornitori"), ["04048980405"]);
    let c = catalog(&b);
    let s = supplier(&c, "04048980405");
    assert_eq!(s["lotti"].as_array().unwrap().len(), 2);
    assert_eq!(s["tipo_id"], "partita-iva");
    assert_eq!(s["denominazioni"].as_array().unwrap().len(), 2);
    assert!(
        rules(&s["segnalazioni"]).contains(&("id-fornitore-dal-nome".into(), "04048980405".into()))
    );
}

const PERSON: &str = "RSSMRA85T10A562S";

fn person_pages(site: &Path) -> Vec<String> {
    pages(site, "fornitori")
        .into_iter()
        .filter(|s| s.starts_with("pf-"))
        .collect()
}

#[test]
fn a_natural_persons_page_id_is_keyed_by_the_site_secret() {
    let files = ["identity-persona-fisica.xml"];
    let one = import_and_build(&files, Some("segreto-del-sito-di-prova-numero-uno-0001"));
    let ids = person_pages(&one.site);
    assert_eq!(ids.len(), 1, "one person, two lots: {ids:?}");
    let id = &ids[0];
    let unsalted = format!(
        "pf-{}",
        &hex::encode(Sha256::digest(PERSON.as_bytes()))[..12]
    );
    assert_ne!(id, &unsalted);
    assert!(!id.to_uppercase().contains(&PERSON[..6]));
    let page = read(&one.site.join("fornitori").join(id).join("index.json"));
    assert!(!page.contains(PERSON));
    assert_eq!(
        supplier(&catalog(&one), id)["lotti"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // Stable across builds of the same site (a clean rebuild included).
    std::fs::remove_dir_all(&one.site).unwrap();
    build_ok(&one.root, &one.site);
    assert_eq!(&person_pages(&one.site), &ids);
    // Another site's secret, another id; the environment overrides the file.
    let two = import_and_build(&files, Some("segreto-del-sito-di-prova-numero-due-0002"));
    assert_ne!(person_pages(&two.site), ids);
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_vetro"))
        .args(["build", "--root", two.root.to_str().unwrap()])
        .env("VETRO_SEGRETO", "segreto-del-sito-di-prova-numero-uno-0001")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(person_pages(&two.site), ids);
}

#[test]
fn without_a_secret_natural_persons_are_named_and_check_warns() {
    let b = import_and_build(&["identity-persona-fisica.xml"], None);
    assert!(person_pages(&b.site).is_empty());
    for page in pages(&b.site, "fornitori") {
        assert!(!page.to_uppercase().contains(&PERSON[..6]), "{page}");
    }
    let run = vetro(&["check", "--root", b.root.to_str().unwrap()]);
    let report =
        String::from_utf8_lossy(&run.stderr).into_owned() + &String::from_utf8_lossy(&run.stdout);
    assert!(report.contains("W215"), "{report}");
    assert!(report.contains(".vetro/segreto"), "{report}");
    // A secret too short is an error, and nothing is published.
    std::fs::create_dir_all(b.root.join(".vetro")).unwrap();
    std::fs::write(b.root.join(".vetro/segreto"), "corto\n").unwrap();
    let run = vetro(&["check", "--root", b.root.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    let report =
        String::from_utf8_lossy(&run.stderr).into_owned() + &String::from_utf8_lossy(&run.stdout);
    assert!(report.contains("E215"), "{report}");
}

#[test]
fn vetro_init_makes_a_secret_for_each_import_site() {
    let dir = tempfile::tempdir().unwrap();
    let secret = |name: &str, extra: &[&str]| {
        let root = dir.path().join(name);
        let mut args = vec!["init", root.to_str().unwrap()];
        args.extend(extra);
        let run = vetro(&args);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        read(&root.join(".vetro/segreto")).trim().to_string()
    };
    let own = ["--ente", "Comune di Valdoria", "--cf", "82001450392"];
    let (a, b) = (secret("uno", &own), secret("due", &["--esempio"]));
    assert_eq!(a.len(), 64);
    assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
    assert_ne!(a, b);
}

/// An OCDS party is the supplier of the portal's page: the per-body name
/// id of a firm known by name only, the P.IVA a name-only entry joined.
#[test]
fn ocds_parties_are_the_portals_suppliers() {
    let dir = import_site(None);
    let root = dir.path();
    let config = read(&root.join("vetro.toml")) + "ocds_prefisso = \"ocds-test00\"\n";
    std::fs::write(root.join("vetro.toml"), config).unwrap();
    import(root, &DUMMY_PIVA);
    let site = root.join("site");
    build_ok(root, &site);
    let package = json(&site.join("dati/ocds/record-package.json"));
    let mut suppliers = std::collections::BTreeMap::<String, usize>::new();
    for record in package["records"].as_array().unwrap() {
        let release = &record["compiledRelease"];
        for party in release["parties"].as_array().unwrap() {
            let roles = party["roles"].to_string();
            if roles.contains("supplier") {
                *suppliers
                    .entry(party["id"].as_str().unwrap().into())
                    .or_default() += 1;
            }
        }
    }
    let c = json(&site.join("dati/vetro.json"));
    // Each portal supplier is one party id, in as many records as its lots.
    let mut expected = std::collections::BTreeMap::<String, usize>::new();
    for s in c["fornitori"].as_array().unwrap() {
        let id = s["id"].as_str().unwrap();
        let party = match s["tipo_id"].as_str().unwrap() {
            "partita-iva" | "codice-fiscale" => format!("IT-CF-{id}"),
            _ => format!("vetro-{id}"),
        };
        expected.insert(party, s["lotti"].as_array().unwrap().len());
    }
    assert_eq!(suppliers, expected);
    assert_eq!(suppliers.get("IT-CF-01239870452"), Some(&2));
    assert!(suppliers.contains_key("vetro-nome-comune-di-montecalvo-cartoleria-moderna-srl"));
}
