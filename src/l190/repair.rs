//! Lenient readers of single values found in real L.190 files.
//!
//! Each function returns the value or the reason it cannot be read, and
//! pushes a note for every repair it made, so that nothing changes silently.

use crate::model::{Date, Money, PROCEDURE_TYPES, TipoProcedura, parse_amount};
use chrono::NaiveDate;
use std::fmt;

/// A warning or a rejection, with the position of the record it concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    /// 1-based position of the `<lotto>` in the file, when about a lot.
    pub lotto: Option<usize>,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.lotto {
            Some(n) => write!(f, "lotto {n} (riga {}): {}", self.line, self.message),
            None => write!(f, "riga {}: {}", self.line, self.message),
        }
    }
}

/// Labels of the 2013 schema (v1.0) that later versions renamed.
const OLD_LABELS: &[(&str, &str)] = &[
    ("PROCEDURA NEGOZIATA PREVIA PUBBLICAZIONE DEL BANDO", "03"),
    (
        "PROCEDURA NEGOZIATA SENZA PREVIA PUBBLICAZIONE DEL BANDO",
        "04",
    ),
    (
        "PROCEDURA NEGOZIATA SENZA PREVIA INDIZIONE DI GARA ART. 221 D.LGS. 163/2006",
        "06",
    ),
    ("AFFIDAMENTO DIRETTO EX ART. 5 DELLA LEGGE N.381/91", "17"),
    (
        "PROCEDURA NEGOZIATA DERIVANTE DA AVVISI CON CUI SI INDICE LA GARA",
        "22",
    ),
    ("AFFIDAMENTO IN ECONOMIA - AFFIDAMENTO DIRETTO", "23"),
    (
        "AFFIDAMENTO DIRETTO A SOCIETA' RAGGRUPPATE/CONSORZIATE O CONTROLLATE NELLE CONCESSIONI DI LL.PP",
        "25",
    ),
];

fn normalize_label(label: &str) -> String {
    label
        .replace(['’', '`', '´'], "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase()
}

/// A procedure type by its label, current or from the 2013 schema.
/// ANAC's open-data CSV numbers procedures differently from L.190 from 22
/// upward, so its rows are matched by label only.
pub fn procedura_from_label(label: &str) -> Option<TipoProcedura> {
    let wanted = normalize_label(label);
    PROCEDURE_TYPES
        .iter()
        .find(|p| normalize_label(p.label) == wanted)
        .map(TipoProcedura)
        .or_else(|| {
            OLD_LABELS
                .iter()
                .find(|(old, _)| normalize_label(old) == wanted)
                .and_then(|(_, code)| TipoProcedura::from_code(code))
        })
}

/// `sceltaContraente`, e.g. `23-AFFIDAMENTO DIRETTO`. The code decides;
/// the label is used only when the code is missing or unknown.
pub(crate) fn procedura(raw: &str, notes: &mut Vec<String>) -> Option<TipoProcedura> {
    let raw = raw.trim();
    let code: String = raw.chars().take_while(char::is_ascii_digit).collect();
    let label = raw[code.len()..]
        .trim_start()
        .trim_start_matches('-')
        .trim();
    let found = TipoProcedura::from_code(&code)
        .filter(|_| !code.is_empty())
        .or_else(|| procedura_from_label(label));
    match found {
        Some(p) if p.l190_value() != raw => {
            notes.push(format!(
                "sceltaContraente «{raw}» letta come «{}»",
                p.l190_value()
            ));
        }
        Some(_) => {}
        None => notes.push(format!(
            "sceltaContraente «{raw}» sconosciuta: procedura lasciata vuota"
        )),
    }
    found
}

/// A CIG that may key a procedure: 10 uppercase letters or digits, not a
/// placeholder (`XXXXXXXXXX`, `1111111111`, `1234567891`); a failed check
/// character still names one lot.
pub fn is_valid_cig(cig: &str) -> bool {
    cig.len() == 10
        && cig
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        && crate::check::ids::classify(crate::check::ids::IdKind::Cig, cig).keys()
}

/// `None` for a lot without CIG (`0000000000` or empty); a malformed CIG is
/// kept as written, with a note.
pub(crate) fn cig(raw: &str, notes: &mut Vec<String>) -> Option<String> {
    let value = raw.trim().to_uppercase();
    if value.is_empty() || value.chars().all(|c| c == '0') {
        notes.push(format!("CIG «{}»: lotto senza CIG", raw.trim()));
        return None;
    }
    if is_valid_cig(&value) {
        if value != raw.trim() {
            notes.push(format!("CIG «{}» scritto in maiuscolo", raw.trim()));
        }
    } else {
        notes.push(format!(
            "CIG «{value}» malformato (servono 10 lettere o cifre): conservato come codice interno"
        ));
    }
    Some(value)
}

/// A natural person's codice fiscale, as the XSD patterns allow it.
fn is_personal_code(code: &str) -> bool {
    let b = code.as_bytes();
    let omocode = |c: u8| c.is_ascii_digit() || b"LMNPQRSTUV".contains(&c);
    b.len() == 16
        && b[..6].iter().all(u8::is_ascii_uppercase)
        && b[6..8].iter().all(|&c| omocode(c))
        && b[8].is_ascii_uppercase()
        && b[9..11].iter().all(|&c| omocode(c))
        && b[11].is_ascii_uppercase()
        && b[12..15].iter().all(|&c| omocode(c))
        && b[15].is_ascii_uppercase()
}

fn is_eleven_digits(code: &str) -> bool {
    code.len() == 11 && code.chars().all(|c| c.is_ascii_digit())
}

/// Valid for the XSD's `codiceFiscaleType`: 11 digits or a personal code.
pub fn is_valid_codice_fiscale(code: &str) -> bool {
    is_eleven_digits(code) || is_personal_code(code)
}

/// Whether 11 digits end with the check digit of the first ten (all zeros
/// included: this only tells a padded code from a wrong one).
fn partita_iva_checks(code: &str) -> bool {
    let digits: Vec<u32> = code.chars().filter_map(|c| c.to_digit(10)).collect();
    digits.len() == 11
        && crate::check::ids::partita_iva_check_digit(digits[..10].iter().copied()) == digits[10]
}

/// Reads an Italian fiscal code, repairing what spreadsheets do to it.
/// `Err` carries the cleaned value that is still not a valid code.
pub(crate) fn codice_fiscale(
    raw: &str,
    what: &str,
    notes: &mut Vec<String>,
) -> Result<String, String> {
    let value: String = raw.split_whitespace().collect::<String>().to_uppercase();
    if is_valid_codice_fiscale(&value) {
        if value != raw.trim() {
            notes.push(format!("{what} «{}» normalizzato in «{value}»", raw.trim()));
        }
        return Ok(value);
    }
    if let Some(rest) = value.strip_prefix("IT").filter(|r| is_eleven_digits(r)) {
        notes.push(format!("{what} «{value}»: tolto il prefisso IT"));
        return Ok(rest.to_string());
    }
    let digits_only = value.chars().all(|c| c.is_ascii_digit());
    if digits_only && (8..11).contains(&value.len()) {
        let padded = format!("{value:0>11}");
        if partita_iva_checks(&padded) {
            notes.push(format!(
                "{what} «{value}» ha perso gli zeri iniziali: completato in «{padded}»"
            ));
            return Ok(padded);
        }
    }
    Err(value)
}

/// The two identifiers of an operator (`codiceFiscale`, `identificativoFiscaleEstero`).
pub(crate) fn operator_ids(
    cf: Option<&str>,
    estero: Option<&str>,
    notes: &mut Vec<String>,
) -> (Option<String>, Option<String>) {
    let mut estero = estero
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(String::from);
    let mut codice = None;
    if let Some(raw) = cf.map(str::trim).filter(|c| !c.is_empty()) {
        match codice_fiscale(raw, "codiceFiscale", notes) {
            Ok(code) => codice = Some(code),
            Err(bad) if estero.is_none() => {
                notes.push(format!(
                    "codiceFiscale «{bad}» malformato: conservato come identificativo estero"
                ));
                estero = Some(bad);
            }
            Err(bad) => notes.push(format!(
                "codiceFiscale «{bad}» malformato e scartato: resta l'identificativo estero"
            )),
        }
    }
    if codice.is_none()
        && let Some(foreign) = estero.clone()
    {
        let mut quiet = Vec::new();
        let italian = codice_fiscale(&foreign, "", &mut quiet)
            .ok()
            .filter(|c| is_personal_code(c) || foreign.starts_with("IT") || c == &foreign);
        if let Some(code) = italian {
            notes.push(format!(
                "identificativoFiscaleEstero «{foreign}» è un codice fiscale italiano: letto come codiceFiscale «{code}»"
            ));
            return (Some(code), None);
        }
    }
    (codice, estero)
}

/// An amount: xs:decimal, repaired from Italian or spreadsheet writing.
pub fn amount(raw: &str, what: &str, notes: &mut Vec<String>) -> Result<Money, String> {
    let original = raw.trim();
    let mut text: String = original
        .trim_start_matches('€')
        .trim_start_matches("EUR")
        .split_whitespace()
        .collect();
    if text.starts_with('-') {
        return Err(format!("{what} «{original}» è negativo"));
    }
    let decimal_comma = match (text.rfind(','), text.rfind('.')) {
        (Some(c), Some(d)) => c > d,
        (Some(_), None) => text.matches(',').count() == 1,
        _ => false,
    };
    let thousands = if decimal_comma { '.' } else { ',' };
    let (int_part, frac) = match text.rfind(if decimal_comma { ',' } else { '.' }) {
        Some(i) if decimal_comma || text.matches('.').count() == 1 => {
            (text[..i].to_string(), Some(text[i + 1..].to_string()))
        }
        _ => (text.clone(), None),
    };
    let groups: Vec<&str> = int_part.split([thousands, '.']).collect();
    if groups.len() > 1 {
        let well_grouped = groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3);
        if !well_grouped {
            return Err(format!("{what} «{original}» non è un importo leggibile"));
        }
    }
    text = groups.concat();
    if let Some(frac) = frac {
        text = format!("{text}.{frac}");
    }
    let mut value =
        parse_amount(&text).map_err(|_| format!("{what} «{original}» non è un importo"))?;
    if text != original {
        notes.push(format!("{what} «{original}» letto come {text}"));
    }
    let rounded = value.round_dp(2);
    if rounded != value {
        notes.push(format!(
            "{what} {value} arrotondato al centesimo: {rounded}"
        ));
    }
    value = rounded;
    value.rescale(2);
    Ok(Money(value))
}

/// A date: xs:date, repaired from other common writings.
pub fn date(raw: &str, what: &str, notes: &mut Vec<String>) -> Result<Date, String> {
    let text = raw.trim();
    let invalid = || format!("{what} «{text}» non è una data valida");
    if let Ok(d) = Date::parse_iso(text)
        && text.len() == 10
    {
        return Ok(d);
    }
    let (day_part, dropped) = split_time_zone(text);
    let numbers: Vec<&str> = day_part.split(['-', '/', '.']).collect();
    if numbers.len() != 3 || numbers.iter().any(|n| n.parse::<u32>().is_err()) {
        return Err(invalid());
    }
    let n = |i: usize| numbers[i].parse::<u32>().unwrap_or(0);
    let (y, m, d) = if numbers[0].len() == 4 {
        (n(0), n(1), n(2))
    } else if numbers[2].len() == 4 {
        (n(2), n(1), n(0))
    } else {
        return Err(invalid());
    };
    let date = NaiveDate::from_ymd_opt(y as i32, m, d).ok_or_else(invalid)?;
    let what_changed = if dropped.is_empty() {
        String::new()
    } else {
        format!(" (tolto «{dropped}»)")
    };
    let date = Date(date);
    notes.push(format!("{what} «{text}» letta come {date}{what_changed}"));
    Ok(date)
}

/// `2016-04-27+02:00` → (`2016-04-27`, `+02:00`); `…T10:00:00` likewise.
fn split_time_zone(text: &str) -> (&str, &str) {
    if let Some(i) = text.find(['T', ' ']) {
        return (&text[..i], &text[i..]);
    }
    if let Some(rest) = text.strip_suffix('Z') {
        return (rest, "Z");
    }
    // `get` rather than `split_at`: the sixth byte from the end may fall
    // inside a multi-byte character of a malformed date.
    if let Some(cut) = text.len().checked_sub(6).filter(|&cut| cut > 0)
        && let (Some(head), Some(tail)) = (text.get(..cut), text.get(cut..))
    {
        let tz = tail.as_bytes();
        if (tz[0] == b'+' || tz[0] == b'-') && tz[3] == b':' {
            return (head, tail);
        }
    }
    (text, "")
}

#[cfg(test)]
#[path = "repair_tests.rs"]
mod tests;
