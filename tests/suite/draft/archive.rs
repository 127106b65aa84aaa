//! `vetro import atti DIR`: a clerk's folder of signed acts drafted in one
//! run, with a line per file; re-running it never touches what a person
//! edited and never drafts an act the site already has.

use crate::support::{copy_example, files, test_data, vetro};
use std::path::Path;

/// The example site without its acts, and an archive of three Livorno seeds
/// (one in a sub-folder), a text that is not an act and an empty file.
fn archive() -> (tempfile::TempDir, tempfile::TempDir) {
    let site = tempfile::tempdir().expect("temp dir");
    copy_example(site.path());
    std::fs::remove_dir_all(site.path().join("content/atti")).expect("clear acts");
    let folder = tempfile::tempdir().expect("temp dir");
    let dir = folder.path();
    std::fs::create_dir(dir.join("2025")).expect("mkdir");
    for (seed, to) in [
        ("000_9769cbd71375cf6d.txt", "determina-10107.txt"),
        ("001_a3b139742b2db619.txt", "2025/determina-a.txt"),
        ("002_98f32afcc4c161b1.txt", "2025/determina-b.TXT"),
    ] {
        std::fs::copy(test_data(&format!("seeds/{seed}")), dir.join(to)).expect("copy");
    }
    std::fs::write(dir.join("appunti.txt"), "Promemoria: chiamare l'ufficio.\n").expect("write");
    std::fs::write(dir.join("vuoto.txt"), "").expect("write");
    std::fs::write(dir.join("foto.jpg"), [0xFF, 0xD8]).expect("write");
    (site, folder)
}

fn import(site: &Path, folder: &Path) -> (i32, String) {
    let run = vetro(&[
        "import",
        "atti",
        folder.to_str().expect("utf8"),
        "--ente",
        "comune-di-livorno",
        "--root",
        site.to_str().expect("utf8"),
    ]);
    let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
    (run.status.code().unwrap_or(-1), stdout)
}

/// The summary line of `source`.
fn line<'a>(summary: &'a str, source: &str) -> &'a str {
    summary
        .lines()
        .find(|l| l.trim_start().starts_with(source))
        .unwrap_or_else(|| panic!("no line for {source} in\n{summary}"))
}

fn acts_dir(site: &Path) -> std::path::PathBuf {
    site.join("content/atti/comune-di-livorno")
}

#[test]
fn a_folder_of_acts_is_drafted_with_a_line_per_file() {
    let (site, folder) = archive();
    let (code, summary) = import(site.path(), folder.path());
    // The empty file cannot be read: the run says so and exits 1.
    assert_eq!(code, 1, "{summary}");
    assert!(
        line(&summary, "vuoto.txt").contains("illeggibile"),
        "{summary}"
    );
    let first = line(&summary, "determina-10107.txt");
    assert!(first.contains("nuova"), "{first}");
    assert!(
        first.contains("trovati: CIG, numero, data, oggetto, fornitore, P.IVA, importo netto"),
        "{first}"
    );
    assert!(
        line(&summary, "appunti.txt").contains("da compilare: CIG"),
        "{summary}"
    );
    assert!(
        !summary.contains("foto.jpg"),
        "only PDF and text files are read"
    );
    assert!(
        summary.contains("5 file letti: 4 nuove, 1 illeggibile"),
        "{summary}"
    );
    let names: Vec<String> = files(&acts_dir(site.path()))
        .iter()
        .map(|p| p.file_name().expect("name").to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "bozza-2025-determina-a.md",
            "bozza-2025-determina-b.md",
            "bozza-appunti.md",
            "bozza-determina-10107.md",
        ]
    );
    let draft = std::fs::read_to_string(acts_dir(site.path()).join("bozza-determina-10107.md"))
        .expect("draft");
    assert!(draft.contains("cig = \"B9538AC2B9\""), "{draft}");
    // The drafts are act files: check reads them and lists what is missing.
    let check = vetro(&["check", "--root", site.path().to_str().expect("utf8")]);
    let report = String::from_utf8_lossy(&check.stdout);
    assert!(report.contains("bozza-appunti.md"), "{report}");
}

#[test]
fn reimporting_keeps_edits_and_never_drafts_an_act_twice() {
    let (site, folder) = archive();
    import(site.path(), folder.path());
    let dir = acts_dir(site.path());
    // The clerk edits one draft, and renames another as a published act.
    let edited = dir.join("bozza-2025-determina-a.md");
    let text = std::fs::read_to_string(&edited).expect("draft");
    let by_hand = text.replace(
        "# Bozza scritta",
        "# controllata da M. Rossi\n# Bozza scritta",
    );
    assert_ne!(by_hand, text);
    std::fs::write(&edited, &by_hand).expect("edit");
    std::fs::rename(
        dir.join("bozza-determina-10107.md"),
        dir.join("determinazione-10107-2025.md"),
    )
    .expect("rename");
    // The source of a third draft is replaced by a better copy.
    std::fs::write(
        folder.path().join("appunti.txt"),
        "DETERMINAZIONE N. 12 DEL 03/02/2025\nOggetto: fornitura di cancelleria\n",
    )
    .expect("write");

    let (_, summary) = import(site.path(), folder.path());
    assert!(
        line(&summary, "2025/determina-a.txt").contains("modificata a mano, lasciata"),
        "{summary}"
    );
    assert_eq!(std::fs::read_to_string(&edited).expect("draft"), by_hand);
    let renamed = line(&summary, "determina-10107.txt");
    assert!(renamed.contains("già nel sito"), "{renamed}");
    assert!(
        renamed.contains("determinazione-10107-2025.md"),
        "{renamed}"
    );
    assert!(
        !dir.join("bozza-determina-10107.md").exists(),
        "not drafted twice"
    );
    assert!(
        line(&summary, "2025/determina-b.TXT").contains("invariata"),
        "{summary}"
    );
    assert!(
        line(&summary, "appunti.txt").contains("aggiornata"),
        "{summary}"
    );
    let updated = std::fs::read_to_string(dir.join("bozza-appunti.md")).expect("draft");
    assert!(updated.contains("numero = \"12\""), "{updated}");
}

#[test]
fn a_missing_folder_or_body_is_a_clear_error() {
    let (site, _folder) = archive();
    let before = files(&site.path().join("content"));
    let (code, _) = import(site.path(), &site.path().join("non-esiste"));
    assert_eq!(code, 2);
    let run = vetro(&[
        "import",
        "atti",
        site.path().to_str().expect("utf8"),
        "--ente",
        "comune-di-x",
        "--root",
        site.path().to_str().expect("utf8"),
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr.contains("comune-di-livorno"),
        "names the bodies: {stderr}"
    );
    assert_eq!(
        files(&site.path().join("content")),
        before,
        "nothing written"
    );
}
