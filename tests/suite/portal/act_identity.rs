//! One identity per act: the duplicate check, the page address and every
//! export read the same `ActId`.

use crate::support::*;
use std::path::Path;

const LIVORNO: &str = "content/atti/comune-di-livorno/determinazione-10107-2025.md";
const COPY: &str = "content/atti/comune-di-livorno/determinazione-11-21-2025.md";

/// The example site with two acts of one body, type and year numbered
/// `11/21` and `11-21`: one address, one `id_atto`, two files.
fn site_with_slug_twins() -> tempfile::TempDir {
    let site = example_site();
    let original = read(&site.path().join(LIVORNO));
    assert!(original.contains("numero = \"10107\""));
    let write = |file: &str, numero: &str| {
        let text = original.replace("numero = \"10107\"", &format!("numero = \"{numero}\""));
        std::fs::write(site.path().join(file), text).unwrap();
    };
    write(LIVORNO, "11/21");
    write(COPY, "11-21");
    site
}

fn line_of_numero(site: &Path, file: &str) -> usize {
    read(&site.join(file))
        .lines()
        .position(|l| l.starts_with("numero = "))
        .expect("numero line")
        + 1
}

#[test]
fn acts_whose_numbers_slug_alike_fail_check_naming_both_files() {
    let site = site_with_slug_twins();
    let root = site.path().to_str().unwrap();
    let run = vetro(&["check", "--root", root]);
    assert_eq!(run.status.code(), Some(1));
    let out = String::from_utf8_lossy(&run.stdout);
    // The second file in load order is reported, at its numero, naming the first.
    let line = line_of_numero(site.path(), COPY);
    assert!(out.contains("error[E502]"), "{out}");
    assert!(out.contains(&format!("{COPY}:{line}:")), "{out}");
    assert!(out.contains(LIVORNO), "{out}");
    assert!(out.contains("«11-21»") && out.contains("«11/21»"), "{out}");

    let run = vetro(&["check", "--root", root, "--format", "json"]);
    assert_eq!(run.status.code(), Some(1));
    let items: Vec<serde_json::Value> = serde_json::from_slice(&run.stdout).unwrap();
    let errors: Vec<_> = items.iter().filter(|d| d["severity"] == "error").collect();
    assert_eq!(errors.len(), 1, "{items:#?}");
    assert_eq!(errors[0]["code"], "E502");
    assert_eq!(errors[0]["file"], COPY);
    assert_eq!(errors[0]["line"], line as u64);
    let message = errors[0]["message"].as_str().unwrap();
    assert!(message.contains(LIVORNO), "{message}");
    assert!(
        message.contains("comune-di-livorno/2025/determinazione-11-21"),
        "{message}"
    );
}

#[test]
fn acts_whose_numbers_slug_alike_stop_the_build_before_any_export() {
    let site = site_with_slug_twins();
    let fresh = site.path().join("nuovo");
    let run = build(site.path(), &fresh);
    assert_eq!(run.status.code(), Some(1));
    let report =
        String::from_utf8_lossy(&run.stderr).into_owned() + &String::from_utf8_lossy(&run.stdout);
    assert!(report.contains("E502"), "{report}");
    assert!(
        report.contains(COPY) && report.contains(LIVORNO),
        "{report}"
    );
    assert!(!report.contains("UNIQUE"), "{report}");
    assert!(!fresh.exists(), "a failed build wrote {}", fresh.display());

    // An earlier output stays as it was.
    let published = site.path().join("pubblicato");
    std::fs::create_dir_all(&published).unwrap();
    std::fs::write(published.join("index.html"), "sito precedente").unwrap();
    // The marker of a vetro output: a folder without it is never an output.
    std::fs::write(published.join(".vetro-manifest"), "").unwrap();
    let before = snapshot(&published);
    assert_eq!(build(site.path(), &published).status.code(), Some(1));
    assert_eq!(snapshot(&published), before);
}

#[test]
fn the_page_the_rows_and_the_ocds_releases_carry_one_act_id() {
    let site = example_site();
    let out = site.path().join("site");
    build_ok(site.path(), &out);
    let mut table = csv::Reader::from_path(out.join("dati/atti.csv")).unwrap();
    let headers = table.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (id_col, url_col) = (column("id_atto"), column("url"));
    let ocds = read(&out.join("dati/ocds/record-package.json"));
    let mut ids = Vec::new();
    for row in table.records() {
        let row = row.unwrap();
        let id = row[id_col].to_string();
        // The page is at atti/<id>/, its JSON twin says so, the table links it.
        let twin: serde_json::Value =
            serde_json::from_str(&read(&out.join(format!("atti/{id}/index.json")))).unwrap();
        assert_eq!(twin["id"], id.as_str());
        assert_eq!(
            row[url_col],
            format!("https://vetro.example.org/atti/{id}/")
        );
        ids.push(id);
    }
    assert_eq!(ids.len(), 8);
    assert!(ids.contains(&"csi-piemonte/2020/provvedimento-dc20_036_mepa".to_string()));
    // Each act of a procedure is an OCDS award (or contract) under the same
    // id; general and programming acts and notices name no procedure.
    let own_part = ["/atto-generale-", "/programma-triennale-", "/avviso-"];
    let of_procedures = ids
        .iter()
        .filter(|id| !own_part.iter().any(|t| id.contains(t)));
    for id in of_procedures {
        assert!(
            ocds.contains(&format!("\"id\":\"{id}\"")),
            "{id} not in OCDS"
        );
    }
}
