//! Printing diagnostics for people (like rustc) and for tools (JSON).

use super::{Diagnostic, Severity, sort};
use codespan_reporting::diagnostic::{Diagnostic as Pretty, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Config};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Diagnostics of one code that `to_human` prints in full; the rest are counted in one
/// line. A single mistake (a missing body file) can put the same error on every act, and
/// a million copies of it would hide everything else.
pub(crate) const SHOWN_PER_CODE: usize = 20;

/// How much `to_human` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    /// Every diagnostic (up to `SHOWN_PER_CODE` of a code): `vetro check`, failed builds.
    Full,
    /// A warning that occurs once in full, a repeated one as one line: a successful
    /// build's closing words, where a wall of the same warning would hide the summary.
    GroupRepeatedWarnings,
}

/// The diagnostics of one run, ready to print.
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    root: PathBuf,
    /// Sources of the diagnostics `to_human` shows; others are read when needed.
    sources: BTreeMap<PathBuf, String>,
}

/// Counts for the closing line of `check` and `build`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    severity: Severity,
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
    hint: Option<&'a str>,
}

impl Report {
    /// Sorts the diagnostics and reads the sources they point into.
    pub fn new(root: &Path, mut diagnostics: Vec<Diagnostic>) -> Report {
        sort(&mut diagnostics);
        let mut sources = BTreeMap::new();
        let shown = shown(&diagnostics, Detail::Full);
        for (d, _) in diagnostics
            .iter()
            .zip(shown)
            .filter(|(d, show)| *show && d.span.is_some())
        {
            sources
                .entry(d.file.clone())
                .or_insert_with(|| read_source(root, &d.file));
        }
        Report {
            diagnostics,
            root: root.to_path_buf(),
            sources,
        }
    }

    pub fn summary(&self) -> Summary {
        let errors = self.diagnostics.iter().filter(|d| d.is_error()).count();
        Summary {
            errors,
            warnings: self.diagnostics.len() - errors,
        }
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// rustc-style text: code, message, the source line with a marker, hint.
    pub fn to_human(&self) -> String {
        self.to_human_with(Detail::Full)
    }

    pub fn to_human_with(&self, detail: Detail) -> String {
        let mut files = SimpleFiles::new();
        let ids: BTreeMap<&PathBuf, usize> = self
            .sources
            .iter()
            .map(|(path, src)| (path, files.add(display(path), src.as_str())))
            .collect();
        let config = Config::default();
        let mut out = String::new();
        let mut hidden: BTreeMap<&str, (usize, &Diagnostic)> = BTreeMap::new();
        for (d, show) in self
            .diagnostics
            .iter()
            .zip(shown(&self.diagnostics, detail))
        {
            if !show {
                hidden.entry(d.code).or_insert((0, d)).0 += 1;
                continue;
            }
            let mut pretty = match d.severity {
                Severity::Error => Pretty::error(),
                Severity::Warning => Pretty::warning(),
            }
            .with_code(d.code)
            .with_message(&d.message);
            match (ids.get(&d.file), &d.span) {
                (Some(id), Some(span)) => {
                    pretty = pretty.with_labels(vec![Label::primary(
                        *id,
                        clamp(span, &self.sources[&d.file]),
                    )]);
                }
                _ => pretty = pretty.with_notes(vec![format!("in {}", display(&d.file))]),
            }
            if let Some(hint) = &d.hint {
                pretty = pretty.with_notes(vec![format!("suggerimento: {hint}")]);
            }
            match term::emit_into_string(&config, &files, &pretty) {
                Ok(text) => out.push_str(&text),
                Err(_) => out.push_str(&format!(
                    "{}: {} [{}]\n",
                    display(&d.file),
                    d.message,
                    d.code
                )),
            }
        }
        for (code, (n, d)) in hidden {
            let kind = if d.is_error() { "errori" } else { "avvisi" };
            if detail == Detail::GroupRepeatedWarnings && !d.is_error() {
                out.push_str(&format!(
                    "avviso[{code}]: {} avvisi come «{}» ({}:{}); `vetro check` li mostra uno per uno\n",
                    crate::format::count(n as u64),
                    d.message,
                    display(&d.file),
                    self.line_of(d)
                ));
                continue;
            }
            out.push_str(&format!(
                "nota: altri {} {kind} {code} non mostrati, come «{}»; `vetro check --format json` li elenca tutti\n\n",
                crate::format::count(n as u64),
                d.message
            ));
        }
        out
    }

    /// One object per diagnostic, for editors and CI.
    pub fn to_json(&self) -> String {
        let items: Vec<JsonDiagnostic> =
            self.diagnostics.iter().map(|d| self.json_item(d)).collect();
        serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into())
    }

    fn json_item<'a>(&self, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
        let (line, column, end_line, end_column) = match &d.span {
            Some(span) => {
                let read;
                let source = match self.sources.get(&d.file) {
                    Some(source) => source,
                    None => {
                        read = read_source(&self.root, &d.file);
                        &read
                    }
                };
                let span = clamp(span, source);
                let (l, c) = line_column(source, span.start);
                let (el, ec) = line_column(source, span.end);
                (l, c, el, ec)
            }
            None => (1, 1, 1, 1),
        };
        JsonDiagnostic {
            code: d.code,
            severity: d.severity,
            file: display(&d.file),
            line,
            column,
            end_line,
            end_column,
            message: &d.message,
            hint: d.hint.as_deref(),
        }
    }

    /// The 1-based line of a diagnostic, as tests and summaries want it.
    pub fn line_of(&self, d: &Diagnostic) -> usize {
        self.json_item(d).line
    }
}

/// Whether `to_human` prints each diagnostic (sorted): the first `SHOWN_PER_CODE` of a
/// code, and with `GroupRepeatedWarnings` no warning whose code occurs more than once.
fn shown(diagnostics: &[Diagnostic], detail: Detail) -> Vec<bool> {
    let mut total: BTreeMap<&str, usize> = BTreeMap::new();
    for d in diagnostics {
        *total.entry(d.code).or_default() += 1;
    }
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    diagnostics
        .iter()
        .map(|d| {
            let n = seen.entry(d.code).or_default();
            *n += 1;
            let grouped =
                detail == Detail::GroupRepeatedWarnings && !d.is_error() && total[d.code] > 1;
            *n <= SHOWN_PER_CODE && !grouped
        })
        .collect()
}

/// A file a diagnostic points into; empty if it cannot be read any more.
fn read_source(root: &Path, file: &Path) -> String {
    std::fs::read(root.join(file))
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn floor_char_boundary(source: &str, mut offset: usize) -> usize {
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn clamp(span: &std::ops::Range<usize>, source: &str) -> std::ops::Range<usize> {
    let start = floor_char_boundary(source, span.start.min(source.len()));
    let end = floor_char_boundary(source, span.end.min(source.len())).max(start);
    start..end
}

fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_diagnostic_is_shown_a_few_times_then_counted() {
        let dir = tempfile::tempdir().unwrap();
        let mut all = Vec::new();
        for i in 0..SHOWN_PER_CODE + 5 {
            let file = format!("atto-{i:02}.md");
            std::fs::write(dir.path().join(&file), "+++\nente = \"x\"\n+++\n").unwrap();
            all.push(
                Diagnostic::new("E501", &file, "ente «x» sconosciuto".to_string()).at(Some(12..15)),
            );
        }
        all.push(Diagnostic::new(
            "W007",
            "altro.txt",
            "file ignorato".to_string(),
        ));
        let report = Report::new(dir.path(), all);
        let human = report.to_human();
        assert_eq!(human.matches("error[E501]").count(), SHOWN_PER_CODE);
        assert!(
            human.contains("atto-19.md") && !human.contains("atto-20.md"),
            "{human}"
        );
        assert!(
            human.contains("nota: altri 5 errori E501 non mostrati, come «ente «x» sconosciuto»")
        );
        assert!(
            human.contains("warning[W007]"),
            "other codes are still shown"
        );
        // JSON lists every diagnostic, with its line even when its source was not kept.
        let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
        assert_eq!(json.as_array().unwrap().len(), SHOWN_PER_CODE + 6);
        assert_eq!(json[SHOWN_PER_CODE + 5]["file"], "atto-24.md");
        assert_eq!(json[SHOWN_PER_CODE + 5]["line"], 2);
    }

    #[test]
    fn a_successful_build_groups_repeated_warnings_in_one_line() {
        let dir = tempfile::tempdir().unwrap();
        let mut all = Vec::new();
        for i in 0..7 {
            let file = format!("atto-{i}.md");
            std::fs::write(dir.path().join(&file), "+++\n[[collegati]]\n+++\n").unwrap();
            all.push(
                Diagnostic::new("W503", &file, format!("atto collegato n. {i} non nel sito"))
                    .at(Some(4..17)),
            );
        }
        std::fs::write(dir.path().join("solo.md"), "+++\ncpv = 1\n+++\n").unwrap();
        all.push(Diagnostic::new("W208", "solo.md", "CPV errato".to_string()).at(Some(4..7)));
        let report = Report::new(dir.path(), all);
        let brief = report.to_human_with(Detail::GroupRepeatedWarnings);
        assert_eq!(brief.matches("W503").count(), 1, "{brief}");
        assert!(brief.contains(
            "avviso[W503]: 7 avvisi come «atto collegato n. 0 non nel sito» (atto-0.md:2); `vetro check` li mostra uno per uno"
        ), "{brief}");
        // A warning that occurs once is the user's real problem: shown in full, with its line.
        assert!(brief.contains("warning[W208]: CPV errato"), "{brief}");
        assert!(brief.contains("solo.md:2:1"), "{brief}");
        // `vetro check` still shows each one.
        assert_eq!(report.to_human().matches("warning[W503]").count(), 7);
    }

    #[test]
    fn lines_and_columns_are_one_based_and_count_characters() {
        let src = "a = 1\nè = \"x\"\n";
        assert_eq!(line_column(src, 0), (1, 1));
        assert_eq!(line_column(src, 6), (2, 1));
        assert_eq!(line_column(src, 10), (2, 4));
    }
}
