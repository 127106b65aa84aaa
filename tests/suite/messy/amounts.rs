//! Amounts from messy L.190 data (issue 15, items 3 and 6): one CIG has one
//! amount, never a sum of its entries; implausible amounts are flagged in
//! pages and dumps and stay in totals; joint ventures and lots without a
//! winner keep their value; unknown is empty; every amount says its VAT
//! basis. Each fixture under `tests/fixtures/messy/amounts-*.xml` is one
//! pattern seen in real files.

use crate::support::dumps::{csv_rows, dec, home_total};
use crate::support::*;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/messy").join(name)
}

/// A fresh site with `files` imported and built; returns (site, output).
fn imported(files: &[&Path]) -> (tempfile::TempDir, PathBuf) {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(
        site.path().join("vetro.toml"),
        "titolo = \"Dati importati\"\nurl_base = \"https://example.org\"\nocds_prefisso = \"ocds-prova0\"\ndata_riferimento = 2026-11-22\n",
    )
    .unwrap();
    std::fs::create_dir_all(site.path().join("content")).unwrap();
    let root = site.path().to_str().unwrap();
    let mut args = vec!["import", "l190"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    args.extend(["--root", root]);
    let run = vetro(&args);
    assert!(
        run.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let out = site.path().join("site");
    build_ok(site.path(), &out);
    (site, out)
}

fn lot<'a>(lots: &'a [BTreeMap<String, String>], cig: &str) -> &'a BTreeMap<String, String> {
    lots.iter()
        .find(|r| r["cig"] == cig)
        .unwrap_or_else(|| panic!("{cig} not in lotti.csv"))
}

/// The findings stored in the record of `cig`, as (regola, campo, valore).
fn findings(root: &Path, cig: &str) -> Vec<(String, String, String)> {
    let path = walkdir::WalkDir::new(root.join("content/procedure"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().contains(cig))
        .unwrap_or_else(|| panic!("no record for {cig}"));
    let table: toml::Table = read(path.path()).parse().unwrap();
    let text =
        |v: &toml::Value, k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
    table
        .get("segnalazioni")
        .and_then(|s| s.as_array())
        .map(|list| {
            list.iter()
                .map(|s| (text(s, "regola"), text(s, "campo"), text(s, "valore")))
                .collect()
        })
        .unwrap_or_default()
}

/// The fixture with its `<lotto>` elements in reverse order.
fn reversed(name: &str, dir: &Path) -> PathBuf {
    let text = read(&fixture(name));
    let start = text.find("    <lotto>").unwrap();
    let end = text.rfind("</lotto>\n").unwrap() + "</lotto>\n".len();
    let mut lots: Vec<String> = text[start..end]
        .split_inclusive("</lotto>\n")
        .map(String::from)
        .collect();
    lots.reverse();
    let out = dir.join(name);
    std::fs::write(
        &out,
        format!("{}{}{}", &text[..start], lots.concat(), &text[end..]),
    )
    .unwrap();
    out
}

#[test]
fn a_cig_listed_four_times_has_its_largest_amount_whatever_the_order() {
    let file = fixture("amounts-cig-quattro-voci.xml");
    let (site, out) = imported(&[&file]);
    let lots = csv_rows(&out, "lotti.csv");
    let cig = lot(&lots, "ZA12B3C4D5");
    // Four reports of one CIG: 12,000 + 3,500 + 18,000 + 2,500.50 were
    // summed to 36,000.50; the lot is the largest award, 18,000.
    assert_eq!(dec(&cig["importo_aggiudicato"]), dec("18000.00"));
    assert_eq!(
        dec(&cig["importo_liquidato"]),
        dec("12000.00"),
        "largest paid"
    );
    assert_eq!(cig["importo_dubbio"], "voci-discordanti");
    assert_eq!(home_total(&out), dec("23000.00"));
    let found = findings(site.path(), "ZA12B3C4D5");
    assert!(
        found.contains(&(
            "voci-discordanti".into(),
            "importo_netto".into(),
            "12000.00; 3500.00; 2500.50".into()
        )),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|f| f.0 == "voci-discordanti" && f.1 == "liquidazioni")
    );

    let tmp = tempfile::tempdir().unwrap();
    let back = reversed("amounts-cig-quattro-voci.xml", tmp.path());
    let (_site2, out2) = imported(&[&back]);
    let again = csv_rows(&out2, "lotti.csv");
    let mut first = cig.clone();
    let mut second = lot(&again, "ZA12B3C4D5").clone();
    for row in [&mut first, &mut second] {
        row.remove("url");
    }
    assert_eq!(first, second, "the order of the entries changes nothing");
}

#[test]
fn repeats_differing_only_by_an_entity_or_the_order_of_parties_count_once() {
    let (site, out) = imported(&[&fixture("amounts-voci-ripetute.xml")]);
    let lots = csv_rows(&out, "lotti.csv");
    assert_eq!(
        dec(&lot(&lots, "ZB22C3D4E5")["importo_aggiudicato"]),
        dec("7800.00")
    );
    assert_eq!(
        dec(&lot(&lots, "ZC33D4E5F6")["importo_aggiudicato"]),
        dec("4200.00")
    );
    assert_eq!(home_total(&out), dec("12000.00"), "not 24,000.00");
    let paid: Decimal = csv_rows(&out, "pagamenti.csv")
        .iter()
        .map(|r| dec(&r["importo"]))
        .sum();
    assert_eq!(paid, dec("12000.00"));
    for cig in ["ZB22C3D4E5", "ZC33D4E5F6"] {
        let found = findings(site.path(), cig);
        let rules: Vec<&str> = found
            .iter()
            .map(|f| f.0.as_str())
            .filter(|r| r.starts_with("voci-"))
            .collect();
        assert_eq!(rules, vec!["voci-ripetute"], "{cig}: {found:?}");
        assert_eq!(
            lot(&lots, cig)["importo_dubbio"],
            "",
            "a repeat is no doubt"
        );
    }
}

#[test]
fn an_amount_equal_to_the_winners_partita_iva_is_flagged_and_kept() {
    let (_site, out) = imported(&[&fixture("amounts-importo-id.xml")]);
    let lots = csv_rows(&out, "lotti.csv");
    let typo = lot(&lots, "ZD44E5F6A7");
    assert_eq!(dec(&typo["importo_aggiudicato"]), dec("2094561202.00"));
    assert_eq!(
        typo["importo_dubbio"],
        "importo-uguale-id; importo-oltre-pagato"
    );
    assert_eq!(lot(&lots, "Z112233445")["importo_dubbio"], "");
    // Flagged, never dropped: the home total still holds it, and says so.
    assert_eq!(home_total(&out), dec("2094576202.00"));
    let page = read(&out.join("cig/ZD44E5F6A7/index.html"));
    assert!(
        page.contains("data-importo-dubbio=\"importo-uguale-id;importo-oltre-pagato\""),
        "{page}"
    );
    assert!(page.contains("resta nei totali"));
    let home = read(&out.join("index.html"));
    assert!(home.contains(
        "A.S.D. Polisportiva Valdiprova</a> <span class=\"tag vetro-dubbio\">importo dubbio</span>"
    ));
    assert!(home.contains("comprendono importi segnalati come dubbi"));
    // The supplier's page marks the lot, and its charts the bars.
    let supplier = csv_rows(&out, "fornitori.csv")
        .into_iter()
        .find(|s| s["partita_iva"] == "02094561202")
        .unwrap();
    let page = read(&out.join(format!("fornitori/{}/index.html", supplier["id_fornitore"])));
    assert!(page.contains("<span class=\"tag vetro-dubbio\">importo dubbio</span>"));
    assert!(page.contains("comprendono importi segnalati come dubbi"));
    let json: serde_json::Value =
        serde_json::from_str(&read(&out.join("cig/ZD44E5F6A7/index.json"))).unwrap();
    let rules: Vec<&str> = json["pagina"]["segnalazioni"]
        .as_array()
        .or(json["segnalazioni"].as_array())
        .unwrap()
        .iter()
        .filter_map(|s| s["regola"].as_str())
        .filter(|r| r.starts_with("importo-"))
        .collect();
    assert_eq!(rules, vec!["importo-uguale-id", "importo-oltre-pagato"]);
}

#[test]
fn an_outlier_among_a_bodys_forty_lots_is_flagged_alone() {
    let (_site, out) = imported(&[&fixture("amounts-anomalo.xml")]);
    let lots = csv_rows(&out, "lotti.csv");
    assert_eq!(lots.len(), 41);
    let flagged: Vec<(&str, &str)> = lots
        .iter()
        .filter(|r| !r["importo_dubbio"].is_empty())
        .map(|r| (r["cig"].as_str(), r["importo_dubbio"].as_str()))
        .collect();
    // 95 M among awards of 1,000 to 60,000 (and over 100 times its 8,400 paid).
    assert_eq!(
        flagged,
        vec![("Z9F8E7D6C5", "importo-oltre-pagato; importo-anomalo")]
    );
    let total: Decimal = lots.iter().map(|r| dec(&r["importo_aggiudicato"])).sum();
    assert_eq!(home_total(&out), total, "the outlier stays in the total");
    // In the SQLite database too.
    let conn = rusqlite::Connection::open(out.join("dati/vetro.sqlite")).unwrap();
    let n: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM lotti WHERE importo_dubbio LIKE '%importo-anomalo%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn joint_ventures_and_lots_without_a_winner_keep_their_value() {
    let (_site, out) = imported(&[&fixture("amounts-rti.xml")]);
    assert_eq!(home_total(&out), dec("374000.00"));
    let suppliers = csv_rows(&out, "fornitori.csv");
    let by_name = |name: &str| {
        suppliers
            .iter()
            .find(|s| s["denominazione"] == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    let alfa = by_name("Alfa Costruzioni S.r.l.");
    assert_eq!(dec(&alfa["importo_attribuito"]), dec("20000.00"));
    assert_eq!(dec(&alfa["importo_in_raggruppamento"]), dec("300000.00"));
    for member in ["Gamma S.p.A.", "Edilvaldi S.r.l."] {
        assert_eq!(
            dec(&by_name(member)["importo_in_raggruppamento"]),
            dec("300000.00")
        );
    }
    // Each member's page shows the lot once, "in raggruppamento".
    let page = read(&out.join(format!("fornitori/{}/index.html", alfa["id_fornitore"])));
    assert!(
        page.contains("data-totale-in-raggruppamento=\"300000.00\""),
        "{page}"
    );
    assert!(page.contains("€ 300.000,00 in raggruppamento"));
    // The top suppliers say what they leave out: 345,000 of 374,000.
    let home = read(&out.join("index.html"));
    assert!(
        home.contains("Il 92,2% dell&#39;importo aggiudicato (€ 345.000,00) non è attribuito a un singolo fornitore"),
        "{home}"
    );
    // OCDS: the lot without a winner has its award value.
    let package: serde_json::Value =
        serde_json::from_str(&read(&out.join("dati/ocds/record-package.json"))).unwrap();
    let record = package["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ocid"].as_str().unwrap().ends_with("ZE55F6A7B8"))
        .expect("record of the lot without a winner");
    let award = &record["compiledRelease"]["awards"][0];
    assert_eq!(award["value"]["amount"], 45000.0);
    assert!(award.get("suppliers").is_none());
    let awarded: f64 = package["records"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| {
            r["compiledRelease"]["awards"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .map(|a| a["value"]["amount"].as_f64().unwrap())
        .sum();
    assert_eq!(awarded, 374000.0, "every award value in OCDS");
    let validator = std::process::Command::new("python3")
        .arg(repo().join("tests/validators/ocds.py"))
        .arg(repo().join("tests/data/schemas/ocds"))
        .arg("record")
        .arg(out.join("dati/ocds/record-package.json"))
        .output()
        .expect("python3 (tests/validators/requirements.txt)");
    assert!(
        validator.status.success(),
        "{}{}",
        String::from_utf8_lossy(&validator.stdout),
        String::from_utf8_lossy(&validator.stderr)
    );
    // An adhesion to a framework agreement is not a direct award.
    let lots = csv_rows(&out, "lotti.csv");
    let call_off = lot(&lots, "Z7B8C9D0E1");
    assert_eq!(call_off["affidamento_diretto"], "false");
    assert_eq!(call_off["adesione_accordo_quadro"], "true");
    assert_eq!(lot(&lots, "Z2A3B4C5D6")["affidamento_diretto"], "true");
}

#[test]
fn unknown_amounts_are_empty_and_every_amount_says_its_vat_basis() {
    let (_site, out) = imported(&[&fixture("amounts-rti.xml")]);
    let lots = csv_rows(&out, "lotti.csv");
    for row in &lots {
        assert_eq!(row["importo_impegnato"], "", "L.190 has no commitments");
    }
    let paid = lot(&lots, "Z2A3B4C5D6");
    assert_eq!(dec(&paid["importo_liquidato"]), dec("20000.00"));
    assert_eq!(paid["base_iva_liquidato"], "netto");
    let no_payment = lot(&lots, "ZE55F6A7B8");
    assert_eq!(no_payment["importo_liquidato"], "");
    assert_eq!(no_payment["base_iva_liquidato"], "");
    for row in csv_rows(&out, "pagamenti.csv") {
        assert_eq!(row["base_iva"], "netto");
    }
    let home = read(&out.join("index.html"));
    assert!(!home.contains("Impegnato"), "no commitment is known");
    let page = read(&out.join("cig/Z2A3B4C5D6/index.html"));
    assert!(!page.contains("Impegnato"));
    assert!(page.contains("Liquidato (netto IVA)"));
    let json: serde_json::Value =
        serde_json::from_str(&read(&out.join("dati/vetro.json"))).unwrap();
    assert!(json["totali"]["importo_impegnato"].is_null());
}
