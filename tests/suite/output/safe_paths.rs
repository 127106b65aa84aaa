//! Paths made from data stay names: hostile imports write only inside the
//! site, templates read only the theme, symlinks are reported, never
//! followed (issue 14, items 1 and 8).

use crate::support::*;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::Output;

/// A temp folder holding `site/` (an empty site) and room for victims.
fn sandbox() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("content/enti")).unwrap();
    std::fs::write(
        site.join("vetro.toml"),
        "titolo = \"Dati importati\"\nurl_base = \"https://example.org\"\ndata_riferimento = 2026-11-22\n",
    )
    .unwrap();
    // A body already known: its name is taken, so a new body with the same
    // name gets the codice fiscale in its id (where the old code broke out).
    std::fs::write(
        site.join("content/enti/comune-di-prova.toml"),
        "denominazione = \"Comune di Prova\"\ncodice_fiscale = \"00246180590\"\n",
    )
    .unwrap();
    (dir, site)
}

fn text(run: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    )
}

/// Every file under `dir`, relative to it.
fn files(dir: &Path) -> Vec<String> {
    let mut all: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let relative = e.path().strip_prefix(dir).unwrap();
            relative.to_string_lossy().into_owned()
        })
        .collect();
    all.sort();
    all
}

/// Nothing outside `site/` but the inputs; every file of the site is a
/// plain file under `content/` with safe names only.
fn assert_confined(dir: &Path, inputs: &[&str]) {
    for victim in ["victim", "/victim"] {
        assert!(!dir.join(victim).exists(), "{victim} was created");
    }
    for file in files(dir) {
        if inputs.contains(&file.as_str()) || file == "site/vetro.toml" {
            continue;
        }
        let inside = file.strip_prefix("site/content/").unwrap_or_else(|| {
            panic!("{file} written outside content/");
        });
        let mut parts: Vec<&str> = inside.split('/').collect();
        let last = parts.pop().unwrap();
        assert!(last.ends_with(".toml"), "{file}");
        parts.push(last.trim_end_matches(".toml"));
        for part in parts {
            assert!(vetro::safe_name::is_safe(part), "{file}: «{part}»");
        }
    }
}

fn import(kind: &str, file: &Path, site: &Path) -> Output {
    vetro(&[
        "import",
        kind,
        file.to_str().unwrap(),
        "--root",
        site.to_str().unwrap(),
    ])
}

const CSV_HEADER: &str = "cig;cf_amministrazione_appaltante;denominazione_amministrazione_appaltante;oggetto_lotto;importo_lotto;cod_cpv;data_pubblicazione;anno_pubblicazione\n";

#[test]
fn a_hostile_anac_csv_writes_only_inside_the_site() {
    let (dir, site) = sandbox();
    let absolute = dir.path().join("victim/csvdir");
    let rows = [
        // The reproduction, with the victim inside the sandbox.
        format!("B9538AC2B9;{};;Uno;1000.00;72910000-2;2023-06-07;2023", absolute.display()),
        "99106352BA;../../../../../victim/csvdir;;Due;1000.00;72910000-2;2023-06-07;2023".into(),
        "7012345228;../../../victim/taken;Comune di Prova;Tre;1000.00;72910000-2;2023-06-07;2023".into(),
        // A CIG that is a path is no CIG: the row is the body's procedure
        // under an internal code, and the text only a finding.
        "../../../victim/cig;00246180590;Comune di Prova;Quattro;1000.00;72910000-2;2023-06-07;2023".into(),
    ];
    let csv = dir.path().join("cig.csv");
    std::fs::write(&csv, format!("{CSV_HEADER}{}\n", rows.join("\n"))).unwrap();
    let run = import("anac-cig", &csv, &site);
    let out = text(&run);
    // Nothing refused, nothing dropped.
    assert_eq!(run.status.code(), Some(0), "{out}");
    assert!(
        out.contains("Record letti: 4; importati: 4; uniti: 0; invariati: 0; scartati: 0"),
        "{out}"
    );
    assert!(
        out.contains("CIG «../../../VICTIM/CIG» non valido: importato come procedura con codice interno SENZA-CIG-"),
        "{out}"
    );
    assert_eq!(
        out.matches("non valido (ammessi solo lettere e cifre)")
            .count(),
        3,
        "{out}"
    );
    assert_confined(dir.path(), &["cig.csv"]);
    let written = files(&site.join("content/procedure"));
    let first = vetro::safe_name::slug(&format!("ente-{}", absolute.display()));
    let mut expected = vec![
        "comune-di-prova-victim-taken/7012345228.toml".to_string(),
        "ente-victim-csvdir/99106352BA.toml".to_string(),
        format!("{first}/B9538AC2B9.toml"),
    ];
    let (no_cig, written): (Vec<String>, Vec<String>) = written
        .into_iter()
        .partition(|f| f.starts_with("comune-di-prova/SENZA-CIG-"));
    assert_eq!(no_cig.len(), 1, "{no_cig:?}");
    let record = read(&site.join("content/procedure").join(&no_cig[0]));
    assert!(
        record.contains("valore = \"../../../VICTIM/CIG\""),
        "{record}"
    );
    expected.sort();
    assert_eq!(written, expected);
    // The code is kept as data in the body's file, for check to report.
    let body = read(&site.join("content/enti/ente-victim-csvdir.toml"));
    assert!(
        body.contains("codice_fiscale = \"../../../../../VICTIM/CSVDIR\""),
        "{body}"
    );
    let check = vetro(&["check", "--root", site.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(1));
    assert!(text(&check).contains("E202"), "{}", text(&check));
}

#[test]
fn a_hostile_l190_dataset_writes_only_inside_the_site() {
    let (dir, site) = sandbox();
    let absolute = dir.path().join("victim/l190");
    let xml = read(&repo().join("tests/fixtures/l190/rti-2019.xml"))
        .replacen("<cig>7012345228</cig>", "<cig>../../../../victim/cig</cig>", 1)
        .replacen(
            "<codiceFiscaleProp>00246180590</codiceFiscaleProp>\n        <denominazione>Comune di Prova</denominazione>",
            &format!("<codiceFiscaleProp>{}</codiceFiscaleProp>\n        <denominazione></denominazione>", absolute.display()),
            1,
        )
        .replacen(
            "<codiceFiscaleProp>00246180590</codiceFiscaleProp>",
            "<codiceFiscaleProp>../../../victim/taken</codiceFiscaleProp>",
            1,
        );
    let file = dir.path().join("2019.xml");
    std::fs::write(&file, xml).unwrap();
    let run = import("l190", &file, &site);
    let out = text(&run);
    // Both lots imported under safe names; warnings, so exit 0.
    assert_eq!(run.status.code(), Some(0), "{out}");
    assert!(out.contains("Record letti: 2; importati: 2;"), "{out}");
    assert!(out.contains("conservato come codice interno"), "{out}");
    assert_confined(dir.path(), &["2019.xml"]);
    let written = files(&site.join("content/procedure"));
    assert_eq!(written.len(), 2, "{written:?}");
    assert!(
        written.contains(&"comune-di-prova-victim-taken/Z0A1B2C3D4.toml".to_string()),
        "{written:?}"
    );
    // The malformed CIG keys nothing: the lot has an internal code of its
    // own (and file name), the published text is kept in its finding.
    let lot = written.iter().find(|f| !f.contains("Z0A1B2C3D4")).unwrap();
    assert!(lot.contains("/SENZA-CIG-"), "{lot}");
    let record = read(&site.join("content/procedure").join(lot));
    assert!(
        record.contains("regola = \"cig-segnaposto\"")
            && record.contains("valore = \"../../../../VICTIM/CIG\""),
        "{record}"
    );
}

#[test]
fn an_import_through_a_symlinked_folder_is_refused() {
    let (dir, site) = sandbox();
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    symlink(&elsewhere, site.join("content/procedure")).unwrap();
    let csv = dir.path().join("cig.csv");
    std::fs::write(
        &csv,
        format!("{CSV_HEADER}B9538AC2B9;00246180590;Comune di Prova;Uno;1000.00;72910000-2;2023-06-07;2023\n"),
    )
    .unwrap();
    let run = import("anac-cig", &csv, &site);
    let out = text(&run);
    assert_eq!(run.status.code(), Some(2), "{out}");
    assert!(out.contains("porta fuori dalla cartella del sito"), "{out}");
    assert!(files(&elsewhere).is_empty(), "{:?}", files(&elsewhere));
}

#[test]
fn an_imported_cpv_path_is_refused_by_check_and_never_becomes_a_path() {
    let (dir, site) = sandbox();
    let csv = dir.path().join("cig.csv");
    std::fs::write(
        &csv,
        format!("{CSV_HEADER}B9538AC2B9;00246180590;Comune di Prova;Uno;1000.00;/../../../victim/cpv;2023-06-07;2023\n"),
    )
    .unwrap();
    let run = import("anac-cig", &csv, &site);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run));
    assert_confined(dir.path(), &["cig.csv"]);
    // The record keeps the value as published; check refuses to publish it
    // (E213) and the build stops before writing anything.
    let check = vetro(&["check", "--root", site.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check));
    assert!(text(&check).contains("E213"), "{}", text(&check));
    let output = dir.path().join("out");
    let built = build(&site, &output);
    assert_eq!(built.status.code(), Some(1), "{}", text(&built));
    assert!(!output.exists());
    assert!(!dir.path().join("victim").exists() && !Path::new("/victim").exists());
    // Were it published, the page would sit under a safe name.
    let name = vetro::safe_name::name("/../../../victim/cpv");
    assert!(name.starts_with("victim-cpv-"), "{name}");
}

/// The example site with `edit` applied, checked and built.
fn check_and_build(edit: impl FnOnce(&Path)) -> (tempfile::TempDir, Output, Output) {
    let site = example_site();
    edit(site.path());
    let check = vetro(&["check", "--root", site.path().to_str().unwrap()]);
    let built = build(site.path(), &site.path().join("site"));
    (site, check, built)
}

#[test]
fn a_template_include_outside_the_theme_is_an_error() {
    let (site, _, built) = check_and_build(|root| {
        std::fs::create_dir_all(root.join("templates")).unwrap();
        std::fs::write(
            root.join("templates/home.html"),
            "{% include \"../../../../etc/hostname\" %}",
        )
        .unwrap();
    });
    let out = text(&built);
    assert_eq!(built.status.code(), Some(1), "{out}");
    assert!(
        out.contains("il template «../../../../etc/hostname» non è un percorso dentro le cartelle dei template"),
        "{out}"
    );
    assert!(!site.path().join("site").exists());
}

#[test]
fn a_symlinked_template_is_reported_and_not_read() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.html");
    std::fs::write(&secret, "SEGRETO-FUORI-DAL-TEMA").unwrap();
    let (site, check, built) = check_and_build(|root| {
        std::fs::create_dir_all(root.join("templates")).unwrap();
        symlink(&secret, root.join("templates/home.html")).unwrap();
    });
    let out = text(&check);
    assert_eq!(check.status.code(), Some(1), "{out}");
    assert!(
        out.contains("E011") && out.contains("templates/home.html"),
        "{out}"
    );
    assert_eq!(built.status.code(), Some(1), "{}", text(&built));
    assert!(!site.path().join("site").exists());
}

#[test]
fn a_symlinked_static_folder_is_reported_and_not_published() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "SEGRETO").unwrap();
    let (site, check, built) = check_and_build(|root| {
        symlink(outside.path(), root.join("static")).unwrap();
    });
    let out = text(&check);
    assert_eq!(check.status.code(), Some(1), "{out}");
    assert!(out.contains("E011") && out.contains("static"), "{out}");
    assert_eq!(built.status.code(), Some(1), "{}", text(&built));
    assert!(!site.path().join("site").exists());
}

#[test]
fn a_symlink_inside_static_is_reported_and_not_published() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "SEGRETO").unwrap();
    let (site, check, built) = check_and_build(|root| {
        std::fs::create_dir_all(root.join("static")).unwrap();
        std::fs::write(root.join("static/logo.txt"), "logo").unwrap();
        symlink(
            outside.path().join("secret.txt"),
            root.join("static/secret.txt"),
        )
        .unwrap();
        // An editor's lock file is not a finding.
        symlink("nowhere", root.join("static/.#logo.txt")).unwrap();
    });
    let out = text(&check);
    assert_eq!(check.status.code(), Some(1), "{out}");
    assert_eq!(out.matches("E011").count(), 1, "{out}");
    assert!(out.contains("static/secret.txt"), "{out}");
    assert_eq!(built.status.code(), Some(1), "{}", text(&built));
    assert!(!site.path().join("site").exists());
}

#[test]
fn symlinked_acts_are_reported_not_skipped() {
    let outside = tempfile::tempdir().unwrap();
    let (_site, check, built) = check_and_build(|root| {
        let acts = root.join("content/atti/comune-di-livorno");
        let original = acts.join("determinazione-10107-2025.md");
        let copy = outside.path().join("atto.md");
        std::fs::rename(&original, &copy).unwrap();
        symlink(&copy, &original).unwrap();
        // A folder of acts linked in, and an editor's dangling lock file.
        std::fs::create_dir_all(outside.path().join("cartella")).unwrap();
        symlink(outside.path().join("cartella"), acts.join("cartella")).unwrap();
        symlink("utente@host.123", acts.join(".#bozza.md")).unwrap();
        // A whole content folder linked in.
        let pages = root.join("content/pagine");
        std::fs::rename(&pages, outside.path().join("pagine")).unwrap();
        symlink(outside.path().join("pagine"), &pages).unwrap();
    });
    let out = text(&check);
    assert_eq!(check.status.code(), Some(1), "{out}");
    assert_eq!(out.matches("error[E011]").count(), 3, "{out}");
    assert!(out.contains("content/pagine"), "{out}");
    assert!(
        out.contains("content/atti/comune-di-livorno/determinazione-10107-2025.md"),
        "{out}"
    );
    assert!(
        out.contains("content/atti/comune-di-livorno/cartella"),
        "{out}"
    );
    assert!(out.contains("è un collegamento simbolico"), "{out}");
    assert_eq!(built.status.code(), Some(1), "{}", text(&built));
}

#[test]
fn a_body_file_name_that_is_no_name_is_e012() {
    let (_site, check, built) = check_and_build(|root| {
        let enti = root.join("content/enti");
        std::fs::copy(
            enti.join("csi-piemonte.toml"),
            enti.join("Comune di Prova.toml"),
        )
        .unwrap();
    });
    let out = text(&check);
    assert_eq!(check.status.code(), Some(1), "{out}");
    assert!(out.contains("error[E012]"), "{out}");
    assert!(
        out.contains("rinomina il file in comune-di-prova.toml"),
        "{out}"
    );
    assert_eq!(built.status.code(), Some(1));
}

#[test]
fn a_theme_that_is_a_path_is_refused() {
    let (_site, check, _) = check_and_build(|root| {
        let config = read(&root.join("vetro.toml"));
        std::fs::write(
            root.join("vetro.toml"),
            format!("{config}\ntema = \"../../x\"\n"),
        )
        .unwrap();
    });
    let out = text(&check);
    assert_eq!(check.status.code(), Some(1), "{out}");
    assert!(
        out.contains("E010") && out.contains("non è il nome di una cartella di themes/"),
        "{out}"
    );
}

#[test]
fn a_long_act_number_gets_a_bounded_page_folder() {
    // 300 characters is no act number (E212, tests/fixtures/broken/numero-lungo.md);
    // the longest accepted one, of characters that each spell several letters
    // once decomposed (㎯ is "rad∕s²"), still gets a folder of bounded length.
    let site = example_site();
    let act = site
        .path()
        .join("content/atti/comune-di-livorno/determinazione-10107-2025.md");
    let long = "㎯".repeat(64);
    let text = read(&act).replacen("numero = \"10107\"", &format!("numero = \"{long}\""), 1);
    std::fs::write(&act, text).unwrap();
    let output = site.path().join("site");
    build_ok(site.path(), &output);
    let year = output.join("atti/comune-di-livorno/2025");
    let folders: Vec<String> = std::fs::read_dir(&year)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("determinazione-rad"))
        .collect();
    assert_eq!(folders.len(), 1, "{folders:?}");
    let name = &folders[0];
    let bound = "determinazione-".len() + vetro::safe_name::MAX_BYTES;
    // The decomposed number is longer than the bound, so it was cut there.
    assert!(name.len() <= bound && name.len() > bound - 10, "{name}");
    assert!(year.join(name).join("index.html").is_file());
}
