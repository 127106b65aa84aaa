//! CPV codes: real ones only, so every check digit is the official one.
//!
//! With the CPV 2008 vocabulary at hand (`cpv2008_it.csv`), a lot takes any
//! code under its subject's code; without it, the subject's own code.
//! The check digit of CPV is not computable from a published formula for
//! every code (about 6% of the 2008 codes break the 3-7-1 weighting), which
//! is why codes are taken from the vocabulary rather than made up.

use super::rng::Rng;
use std::collections::BTreeMap;
use std::path::Path;

/// Default place of the vocabulary, relative to the repository root.
pub const DEFAULT_CPV_CSV: &str = "../shared/data/cpv/cpv2008_it.csv";

#[derive(serde::Deserialize)]
struct Row {
    code: String,
}

/// Real CPV codes, grouped under each subject's code.
#[derive(Default)]
pub struct CpvTable {
    /// Subject code → codes under it (itself included), sorted.
    under: BTreeMap<&'static str, Vec<String>>,
}

impl CpvTable {
    /// Reads the vocabulary; `None` when the file is absent (built-in codes then).
    pub fn load(path: &Path, subjects: &[&'static str]) -> anyhow::Result<Option<CpvTable>> {
        if !path.is_file() {
            return Ok(None);
        }
        let mut reader = csv::Reader::from_path(path)?;
        let mut all = Vec::new();
        for row in reader.deserialize::<Row>() {
            all.push(row?.code);
        }
        all.sort();
        let under = subjects
            .iter()
            .map(|&subject| {
                let prefix = subject_prefix(subject);
                let codes: Vec<String> = all
                    .iter()
                    .filter(|code| code.starts_with(prefix))
                    .cloned()
                    .collect();
                (subject, codes)
            })
            .collect();
        Ok(Some(CpvTable { under }))
    }

    /// A code under `subject`: the subject's own when nothing is loaded.
    pub fn pick(&self, subject: &'static str, rng: &mut Rng) -> String {
        match self.under.get(subject) {
            Some(codes) if !codes.is_empty() => rng.pick(codes).clone(),
            _ => subject.to_string(),
        }
    }
}

/// `45214200-2` → `452142`: the digits that name the subject's branch.
fn subject_prefix(code: &str) -> &str {
    let digits = &code[..code.len().min(8)];
    let trimmed = digits.trim_end_matches('0');
    &digits[..trimmed.len().max(2)]
}
