//! CPV codes: real ones only, so every check digit is the official one.
//!
//! A lot takes any code of the CPV 2008 vocabulary (built into vetro) under
//! its subject's code. The check digit of CPV is not computable from a
//! published formula for every code (about 6% of the 2008 codes break the
//! 3-7-1 weighting), which is why codes are taken from the vocabulary rather
//! than made up.

use super::rng::Rng;
use std::collections::BTreeMap;
use vetro::model::CpvVocabulary;

/// Real CPV codes, grouped under each subject's code.
#[derive(Default)]
pub struct CpvTable {
    /// Subject code → codes under it (itself included), sorted.
    under: BTreeMap<&'static str, Vec<String>>,
}

impl CpvTable {
    pub fn new(vocabulary: &CpvVocabulary, subjects: &[&'static str]) -> CpvTable {
        let under = subjects
            .iter()
            .map(|&subject| {
                let prefix = subject_prefix(subject);
                let codes: Vec<String> = vocabulary
                    .codes()
                    .filter(|code| code.starts_with(prefix))
                    .map(str::to_string)
                    .collect();
                (subject, codes)
            })
            .collect();
        CpvTable { under }
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
