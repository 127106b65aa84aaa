//! The corpus of broken act files: each declares the diagnostics it must
//! produce, next to the problem.
//!
//! A case is a file of `tests/fixtures/broken/` (or a folder, for problems
//! that need several files), copied into `content/atti/` of a fresh site.
//! Lines anywhere in a file declare:
//! - `# expect: CODE SEVERITY LINE ["text"] [@path]`: a diagnostic with this
//!   code, severity and 1-based line must be reported for the file (or for
//!   `path`, relative to the site root), with `text` in its message or hint;
//! - `# expect-not: CODE`: no diagnostic with this code for the file;
//! - `# setup: file NAME CONTENT`: create NAME (relative to the act's folder;
//!   `\n` in CONTENT is a newline);
//! - `# setup: symlink NAME TARGET`: create a symbolic link.
//!
//! A file that cannot hold them (an empty file) has them in `NAME.expect`.
//! Every expected diagnostic must be present, and no other diagnostic may
//! appear (warnings included: a false alarm is a defect too).

use crate::support::repo;
use std::path::{Path, PathBuf};
use vetro::diagnostics::{Diagnostic, Report, Severity};

const ENTE: &str = "denominazione = \"Comune di Esempio\"\ncodice_fiscale = \"00104330493\"\n";

#[derive(Debug)]
struct Expect {
    file: String,
    code: String,
    severity: Severity,
    line: usize,
    text: Option<String>,
}

#[derive(Default)]
pub(super) struct Case {
    expects: Vec<Expect>,
    absent: Vec<(String, String)>,
    setups: Vec<(String, Vec<String>)>,
}

/// Reads the directives of one fixture file, copied to `site_file`.
fn directives(text: &str, site_file: &str, case: &mut Case) {
    for line in text.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("# expect:") {
            case.expects.push(parse_expect(rest, site_file));
        } else if let Some(rest) = line.strip_prefix("# expect-not:") {
            case.absent
                .push((site_file.to_string(), rest.trim().to_string()));
        } else if let Some(rest) = line.strip_prefix("# setup:") {
            let words = rest.split_whitespace().map(String::from).collect();
            let folder = Path::new(site_file)
                .parent()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            case.setups.push((folder, words));
        }
    }
}

fn parse_expect(rest: &str, site_file: &str) -> Expect {
    let (head, text) = match rest.split_once('"') {
        Some((head, quoted)) => (
            head.to_string() + quoted.rsplit_once('"').unwrap().1,
            Some(quoted.rsplit_once('"').unwrap().0.to_string()),
        ),
        None => (rest.to_string(), None),
    };
    let words: Vec<&str> = head.split_whitespace().collect();
    let severity = match words[1] {
        "error" => Severity::Error,
        "warning" => Severity::Warning,
        other => panic!("unknown severity {other} in {site_file}"),
    };
    let file = words
        .iter()
        .find_map(|w| w.strip_prefix('@'))
        .map_or(site_file.to_string(), String::from);
    Expect {
        file,
        code: words[0].to_string(),
        severity,
        line: words[2].parse().expect("line number"),
        text,
    }
}

/// A site with the standard body, vocabulary and reference date.
pub(super) fn new_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("sito");
    std::fs::create_dir_all(root.join("content/atti")).unwrap();
    std::fs::create_dir_all(root.join("content/enti")).unwrap();
    let config =
        "titolo = \"Prova\"\ndata_riferimento = 2026-11-22\nocds_prefisso = \"ocds-prova1\"\n";
    std::fs::write(root.join("vetro.toml"), config).unwrap();
    std::fs::write(root.join("content/enti/comune-di-esempio.toml"), ENTE).unwrap();
    // A file just outside the site, for links that try to reach it.
    std::fs::write(dir.path().join("segreto.txt"), "riservato").unwrap();
    (dir, root)
}

/// Copies a case into a fresh site and reads its directives.
pub(super) fn install(case_path: &Path, root: &Path) -> Case {
    let mut case = Case::default();
    let files: Vec<PathBuf> = if case_path.is_dir() {
        let mut files: Vec<_> = std::fs::read_dir(case_path)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files
    } else {
        vec![case_path.to_path_buf()]
    };
    for file in files
        .iter()
        .filter(|f| f.extension().is_none_or(|e| e != "expect"))
    {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        // A `.toml` file is a procedure record; anything else goes with the acts.
        let folder = match file.extension().is_some_and(|e| e == "toml") {
            true => "content/procedure",
            false => "content/atti",
        };
        let site_file = format!("{folder}/{name}");
        let bytes = std::fs::read(file).unwrap();
        std::fs::create_dir_all(root.join(folder)).unwrap();
        std::fs::write(root.join(&site_file), &bytes).unwrap();
        directives(&String::from_utf8_lossy(&bytes), &site_file, &mut case);
        let sidecar = file.with_file_name(format!("{name}.expect"));
        if let Ok(text) = std::fs::read_to_string(&sidecar) {
            let prefixed: String = text.lines().map(|l| format!("# expect: {l}\n")).collect();
            directives(&prefixed, &site_file, &mut case);
        }
    }
    for (folder, words) in &case.setups {
        let target = root.join(folder).join(&words[1]);
        match words[0].as_str() {
            "file" => std::fs::write(&target, words[2..].join(" ").replace("\\n", "\n")).unwrap(),
            #[cfg(unix)]
            "symlink" => std::os::unix::fs::symlink(&words[2], &target).unwrap(),
            other => panic!("unknown setup {other}"),
        }
    }
    case
}

/// Loads and checks a site: the report and each diagnostic's line.
fn check(root: &Path) -> (Report, Vec<(Diagnostic, usize)>) {
    let (site, diagnostics) = vetro::build::load_and_check(root);
    assert!(site.is_some(), "the test site config loads");
    let report = Report::new(root, diagnostics);
    let lines = report
        .diagnostics
        .iter()
        .map(|d| (d.clone(), report.line_of(d)))
        .collect();
    (report, lines)
}

fn file_of(d: &Diagnostic) -> String {
    d.file.to_string_lossy().replace('\\', "/")
}

/// Problems of one case, as lines of the failure message.
fn verify(name: &str, case: &Case, found: &[(Diagnostic, usize)]) -> Vec<String> {
    let mut problems = Vec::new();
    let matches = |e: &Expect, d: &Diagnostic, line: usize| {
        file_of(d) == e.file
            && d.code == e.code
            && d.severity == e.severity
            && line == e.line
            && e.text.as_ref().is_none_or(|t| {
                d.message.contains(t.as_str())
                    || d.hint.as_ref().is_some_and(|h| h.contains(t.as_str()))
            })
    };
    for e in &case.expects {
        if !found.iter().any(|(d, line)| matches(e, d, *line)) {
            problems.push(format!(
                "{name}: missing {} {:?} line {} {:?} in {}",
                e.code, e.severity, e.line, e.text, e.file
            ));
        }
    }
    for (d, line) in found {
        let expected = case.expects.iter().any(|e| matches(e, d, *line));
        if !expected {
            problems.push(format!(
                "{name}: unexpected {} line {line} in {}: {}",
                d.code,
                file_of(d),
                d.message
            ));
        }
        if case
            .absent
            .iter()
            .any(|(file, code)| *file == file_of(d) && d.code == code)
        {
            problems.push(format!(
                "{name}: {} must not be reported: {}",
                d.code, d.message
            ));
        }
    }
    problems
}

#[test]
fn every_broken_file_reports_what_it_declares() {
    let dir = repo().join("tests/fixtures/broken");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_none_or(|e| e != "expect"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    let mut problems = Vec::new();
    for path in &cases {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let (_dir, root) = new_site();
        let case = install(path, &root);
        assert!(
            !case.expects.is_empty() || !case.absent.is_empty(),
            "{name} declares nothing"
        );
        let (report, found) = check(&root);
        // Both renderings must work on every input.
        assert_eq!(report.to_human().is_empty(), found.is_empty(), "{name}");
        assert!(report.to_json().starts_with('['));
        problems.extend(verify(&name, &case, &found));
        problems.extend(build_agrees_with_check(&name, &root, &found));
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// `check` is the build's gate: where it finds errors, `build` stops on the
/// same diagnostics and leaves the output alone; where it finds none,
/// `build` succeeds.
fn build_agrees_with_check(
    name: &str,
    root: &Path,
    checked: &[(Diagnostic, usize)],
) -> Vec<String> {
    if checked.iter().any(|(d, _)| d.severity == Severity::Error) {
        return build_leaves_output_alone(name, root, checked);
    }
    let options = vetro::build::BuildOptions {
        root: root.to_path_buf(),
        output: root.parent().unwrap().join("sito-pubblicato"),
        full: false,
    };
    match vetro::build::build(&options) {
        Ok(_) => Vec::new(),
        Err(e) => vec![format!(
            "{name}: check passes but build fails: {}",
            build_error(&e)
        )],
    }
}

fn build_error(e: &vetro::build::BuildError) -> String {
    match e {
        vetro::build::BuildError::Content(report) => report.to_human(),
        vetro::build::BuildError::Render(m) | vetro::build::BuildError::Io(m) => m.clone(),
    }
}

/// Code, file and line of each diagnostic, sorted; the build's warning that
/// the theme package is missing is about the machine, not the content.
fn keys(found: &[(Diagnostic, usize)]) -> Vec<(String, String, usize)> {
    let mut keys: Vec<_> = found
        .iter()
        .filter(|(d, _)| d.code != "W901")
        .map(|(d, line)| (d.code.to_string(), file_of(d), *line))
        .collect();
    keys.sort();
    keys
}

/// `vetro build` on a site with errors fails with the diagnostics `check`
/// reported and leaves an existing output folder exactly as it was.
fn build_leaves_output_alone(
    name: &str,
    root: &Path,
    checked: &[(Diagnostic, usize)],
) -> Vec<String> {
    let output = root.join("pubblicato");
    std::fs::create_dir_all(output.join("cig")).unwrap();
    std::fs::write(output.join("index.html"), "sito precedente").unwrap();
    std::fs::write(output.join("cig/pagina.html"), "pagina precedente").unwrap();
    // The marker of a previous vetro output: a foreign folder is refused.
    std::fs::write(output.join(".vetro-manifest"), "").unwrap();
    let options = vetro::build::BuildOptions {
        root: root.to_path_buf(),
        output: output.clone(),
        full: false,
    };
    let mut problems = Vec::new();
    match vetro::build::build(&options) {
        Err(vetro::build::BuildError::Content(report)) => {
            let built: Vec<_> = report
                .diagnostics
                .iter()
                .map(|d| (d.clone(), report.line_of(d)))
                .collect();
            if keys(&built) != keys(checked) {
                problems.push(format!(
                    "{name}: build reports {:?}, check {:?}",
                    keys(&built),
                    keys(checked)
                ));
            }
        }
        Err(e) => problems.push(format!(
            "{name}: build failed otherwise: {}",
            build_error(&e)
        )),
        Ok(_) => problems.push(format!("{name}: build did not stop on the content errors")),
    }
    let files: Vec<_> = walkdir::WalkDir::new(root.parent().unwrap())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().starts_with(&output))
        .map(|e| {
            e.path()
                .strip_prefix(&output)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    if files.len() != 3
        || std::fs::read_to_string(output.join("index.html")).unwrap() != "sito precedente"
    {
        problems.push(format!("{name}: the output folder changed: {files:?}"));
    }
    problems
}

#[test]
fn a_clean_act_gives_no_diagnostics() {
    let (_dir, root) = new_site();
    let clean = repo().join("tests/fixtures/clean");
    for entry in std::fs::read_dir(&clean).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(
            &path,
            root.join("content/atti").join(path.file_name().unwrap()),
        )
        .unwrap();
    }
    let (report, _) = check(&root);
    assert!(report.diagnostics.is_empty(), "{}", report.to_human());
}

#[test]
fn a_huge_file_is_reported_not_read() {
    let (_dir, root) = new_site();
    let path = root.join("content/atti/enorme.md");
    let mut text = String::from("+++\nente = \"comune-di-esempio\"\n+++\n");
    let line = "Testo di riempimento di un atto enorme, ripetuto fino a superare il limite.\n";
    while text.len() as u64 <= vetro::load::MAX_FILE_BYTES {
        text.push_str(line);
    }
    std::fs::write(&path, text).unwrap();
    let (_, found) = check(&root);
    let codes: Vec<_> = found.iter().map(|(d, _)| (d.code, file_of(d))).collect();
    assert_eq!(codes, [("E004", "content/atti/enorme.md".to_string())]);
}

#[test]
fn a_procedure_record_is_checked_like_a_lot() {
    let (_dir, root) = new_site();
    let folder = root.join("content/procedure/comune-di-esempio");
    std::fs::create_dir_all(&folder).unwrap();
    let record = "ente = \"comune-di-esempio\"\nanno = 2019\ndata_pubblicazione = 2020-01-31\ncig = \"9914876E7E\"\n\
        importo_netto = \"1000.00\"\naliquota_iva = \"22\"\nimporto_totale = \"1219.00\"\n\
        [[liquidazioni]]\ndata = 2019-05-10\nimporto = \"1220.00\"\nbeneficiario = \"RSSMRA85T10A562S\"\n";
    std::fs::write(folder.join("9914876E7E.toml"), record).unwrap();
    let (_, found) = check(&root);
    let got: Vec<(&str, usize)> = found.iter().map(|(d, line)| (d.code, *line)).collect();
    assert_eq!(got, [("W204", 4), ("E303", 7), ("W309", 10), ("W701", 11)]);
}
