//! CIG, CUP and CPV: found after their label, validated with the check
//! characters of `check::ids`, and repaired for OCR slips (O/0, I/1, l/1)
//! only when the repaired code passes its check and the code as read does not.

use super::text::Text;
use super::{Field, Found, Value};
use crate::check::ids::{self, CigSeries, IdError};
use regex::Regex;
use std::sync::LazyLock;

static CIG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bCIG\b[\s:.n°]*([A-Za-z0-9]{10})\b").expect("valid regex"));
static CUP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bCUP\b[\s:.n°]*([A-Za-z0-9]{15})\b").expect("valid regex"));
static CPV: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bCPV\b[\s:.n°]*([0-9OIl]{8}\s?-\s?[0-9OIl])").expect("valid regex")
});

/// A code as read, or repaired, and whether it was repaired.
struct Code {
    value: String,
    repaired_from: Option<String>,
}

/// The CIG, CUP and CPV of the act: one distinct valid value each, or a
/// hint when the text names several or only invalid ones.
pub(crate) fn find(text: &Text, found: &mut Found) {
    one_code(text, &CIG, "cig", valid_cig, found);
    one_code(text, &CUP, "cup", |c| ids::check_cup(c).is_ok(), found);
    cpv_list(text, found);
}

fn valid_cig(code: &str) -> bool {
    // A series with no public check code is taken only as written: a
    // repair could not be told from a misreading.
    matches!(
        ids::check_cig(code),
        Ok(CigSeries::Ordinary | CigSeries::Smart)
    ) || (matches!(ids::check_cig(code), Ok(CigSeries::Unchecked)) && has_digit(code))
}

fn has_digit(code: &str) -> bool {
    code.chars().any(|c| c.is_ascii_digit())
}

fn one_code(
    text: &Text,
    label: &Regex,
    key: &'static str,
    valid: impl Fn(&str) -> bool,
    found: &mut Found,
) {
    let mut seen: Vec<(Code, std::ops::Range<usize>)> = Vec::new();
    let mut invalid = Vec::new();
    for caps in label.captures_iter(&text.flat) {
        let (Some(all), Some(raw)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        match read_code(raw.as_str(), &valid) {
            Some(code) if !seen.iter().any(|(c, _)| c.value == code.value) => {
                seen.push((code, all.range()))
            }
            Some(_) => {}
            None => invalid.push(raw.as_str().to_string()),
        }
    }
    match seen.len() {
        0 if invalid.is_empty() => {}
        0 => found.hint(
            key,
            format!("letto {} ma non supera il controllo", invalid.join(", ")),
        ),
        1 => {
            let (code, range) = seen.remove(0);
            let note = code.repaired_from.map(|from| {
                format!("letto «{from}»: corretto un errore di lettura (O/0, I/1) perché solo la forma corretta supera il controllo")
            });
            found.push(Field {
                key,
                value: Value::Text(code.value),
                origin: text.origin(range),
                note,
            });
        }
        _ => found.hint(
            key,
            format!(
                "il testo ne cita più d'uno ({}): scegli quello dell'affidamento",
                seen.iter()
                    .map(|(c, _)| c.value.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
    }
}

/// The code as read if it is valid, else its one repair that is: each
/// OCR slip alone, then all of them.
fn read_code(raw: &str, valid: &impl Fn(&str) -> bool) -> Option<Code> {
    if valid(raw) {
        return Some(Code {
            value: raw.to_string(),
            repaired_from: None,
        });
    }
    let chars: Vec<char> = raw.chars().collect();
    let slips: Vec<usize> = (0..chars.len())
        .filter(|i| slip_digit(chars[*i]).is_some())
        .collect();
    let repair = |places: &[usize]| -> String {
        let mut fixed = chars.clone();
        for i in places {
            fixed[*i] = slip_digit(fixed[*i]).unwrap_or(fixed[*i]);
        }
        fixed.into_iter().collect()
    };
    let mut results: Vec<String> = slips.iter().map(|i| repair(&[*i])).collect();
    results.push(repair(&slips));
    results.retain(|r| r != raw && valid(r));
    results.sort();
    results.dedup();
    match results.len() {
        1 => results.pop().map(|value| Code {
            value,
            repaired_from: Some(raw.to_string()),
        }),
        _ => None,
    }
}

/// The digit an OCR engine commonly reads as this letter.
fn slip_digit(c: char) -> Option<char> {
    match c {
        'O' | 'o' => Some('0'),
        'I' | 'l' => Some('1'),
        _ => None,
    }
}

fn cpv_list(text: &Text, found: &mut Found) {
    let valid = |c: &str| ids::check_cpv(c).is_ok();
    let mut codes: Vec<(Code, std::ops::Range<usize>)> = Vec::new();
    let mut invalid = Vec::new();
    for caps in CPV.captures_iter(&text.flat) {
        let (Some(all), Some(raw)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        let compact: String = raw
            .as_str()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        match read_code(&compact, &valid) {
            Some(code) if !codes.iter().any(|(c, _)| c.value == code.value) => {
                codes.push((code, all.range()))
            }
            Some(_) => {}
            None => invalid.push(cpv_problem(&compact)),
        }
    }
    let Some((first, range)) = codes.first() else {
        if !invalid.is_empty() {
            found.hint("cpv", invalid.join("; "));
        }
        return;
    };
    let note = first
        .repaired_from
        .as_ref()
        .map(|from| format!("letto «{from}»: corretto un errore di lettura"));
    found.push(Field {
        key: "cpv",
        value: Value::List(codes.iter().map(|(c, _)| c.value.clone()).collect()),
        origin: text.origin(range.clone()),
        note,
    });
}

fn cpv_problem(code: &str) -> String {
    match ids::check_cpv(code) {
        Err(IdError::Check { fixed }) => {
            format!("letto {code}: la cifra di controllo non torna (sarebbe {fixed})")
        }
        _ => format!("letto {code}: non è un CPV"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(input: &str) -> Found {
        let text = Text::new(&[input.to_string()]);
        let mut found = Found::default();
        find(&text, &mut found);
        found
    }

    #[test]
    fn ocr_slip_is_repaired_only_when_the_check_then_passes() {
        let key = ids::ordinary_cig_key(1203456);
        let good = format!("1203456{key}");
        let slipped = format!("12O3456{key}");
        let found = codes(&format!(
            "Oggetto: servizio. CIG: {slipped}; CPV: 72910000-2."
        ));
        let cig = found.get("cig").expect("cig found");
        assert_eq!(cig.value, Value::Text(good));
        assert!(cig.note.as_deref().unwrap_or("").contains(&slipped));
        let cpv = found.get("cpv").expect("cpv found");
        assert_eq!(cpv.value, Value::List(vec!["72910000-2".into()]));
    }

    #[test]
    fn a_code_failing_its_check_is_a_hint_not_a_value() {
        let found = codes("CIG 1234567000 e CPV 72910000-3");
        assert!(found.get("cig").is_none());
        assert!(found.get("cpv").is_none());
        assert!(
            found
                .hints
                .iter()
                .any(|h| h.key == "cpv" && h.why.contains("72910000-2"))
        );
    }

    #[test]
    fn two_different_cigs_are_left_to_the_clerk() {
        let found = codes("CIG B9538AC2B9 e poi CIG BA0649FD87");
        assert!(found.get("cig").is_none());
        assert!(found.hints.iter().any(|h| h.key == "cig"));
    }
}
