//! Diagnostics: every problem found in a site, with where it is and how to fix it.
//!
//! Stages push `Diagnostic`s instead of stopping at the first problem, so a
//! clerk sees every problem of every file in one run. Positions are byte
//! spans in the file; line and column are computed when reporting.

mod codes;
mod report;

#[cfg(test)]
pub(crate) use codes::CODES;
pub(crate) use codes::code_info;
pub use report::{Detail, Report, Summary};

use std::ops::Range;
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    /// Path relative to the site root, with `/` separators.
    pub file: PathBuf,
    /// Byte range in the file; `None` for problems of the whole file.
    pub span: Option<Range<usize>>,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with the severity registered for its code.
    pub fn new(code: &'static str, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code_info(code).map_or(Severity::Error, |c| c.severity),
            file: file.into(),
            span: None,
            message: message.into(),
            hint: None,
        }
    }

    pub(crate) fn at(mut self, span: Option<Range<usize>>) -> Self {
        self.span = span;
        self
    }

    pub(crate) fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Files the diagnostic under another code (and that code's severity).
    pub(crate) fn code_as(mut self, code: &'static str) -> Self {
        self.refile(code);
        self
    }

    /// In-place form of `code_as`.
    pub(crate) fn refile(&mut self, code: &'static str) {
        self.severity = code_info(code).map_or(self.severity, |c| c.severity);
        self.code = code;
    }

    pub(crate) fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Order of the report: by file, then position, then code.
    fn sort_key(&self) -> (&PathBuf, usize, &'static str, &str) {
        (
            &self.file,
            self.span.as_ref().map_or(0, |s| s.start),
            self.code,
            &self.message,
        )
    }
}

/// Sorts diagnostics into the stable report order and drops exact repeats.
pub(crate) fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
}
