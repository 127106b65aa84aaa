//! The heading of the act: its type, number and date, the office above it,
//! the oggetto, the signer and the RUP.

use super::text::Text;
use super::{Field, Found, Value};
use crate::model::TipoAtto;
use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

/// Words an act's heading starts with, and the act type they name.
const TYPE_WORDS: &[(&str, &str)] = &[
    ("LETTERA DI IMPEGNO", "lettera-di-impegno"),
    ("DETERMINAZIONE", "determinazione"),
    ("DETERMINA ", "determinazione"),
    ("DELIBERAZIONE", "delibera"),
    ("DELIBERA ", "delibera"),
    ("DECRETO", "decreto"),
    ("ORDINANZA", "ordinanza"),
    ("PROVVEDIMENTO", "provvedimento"),
    ("CONTRATTO", "contratto"),
    ("ORDINE DI ACQUISTO", "ordine"),
    ("VERBALE", "verbale"),
    ("AVVISO", "avviso"),
    ("BANDO", "bando"),
];

/// Lines of the heading looked at: the first ones of the first page.
const HEAD_LINES: usize = 40;

static NUMBER_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bN(?:\.|°|UMERO)?\s*([A-Z0-9][A-Z0-9_/-]*)\s+DEL\s+(\d{1,2})[./-](\d{1,2})[./-](\d{4})\b")
        .expect("valid regex")
});
static CODE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\(([A-Z0-9][A-Z0-9_/-]{3,})\)$").expect("valid regex"));
static OGGETTO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^oggetto(?:\s+\p{L}+)?\s*:\s*(.*)$").expect("valid regex"));
static CODES_IN_OGGETTO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\s.;,–-]*\b(?:CIG|CUP|CPV)\b[\s:.]*[A-Za-z0-9]+(?:-\d)?[.;]?")
        .expect("valid regex")
});
static PLACE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\p{Lu}[\p{L}' ]{1,40},\s*(?:lì\s*)?(\d{1,2})°?(?:[./-](\d{1,2})[./-]|\s+(gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre)\s+)(\d{4})$")
        .expect("valid regex")
});
const NAME: &str = r"(\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+){1,2})";
const TITLE: &str = r"(?:(?:dott|dr|ing|avv|arch)\.?(?:ssa)?\s*)";
static SIGNER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i-u:^)\(?(?i:{TITLE})?{NAME}\)?\s*(?:/.*|\((?i:firmato digitalmente)\))?$"
    ))
    .expect("valid regex")
});
static RUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\bRUP\b[^;]{{0,200}}?(?:\b(?:è|é|¢)\s+(?:il\s+|la\s+)?(?i:{TITLE})?|\b(?:il|la|nel|nella)\s+(?i:{TITLE})){NAME}"
    ))
    .expect("valid regex")
});

pub(crate) fn find(text: &Text, found: &mut Found) {
    let heading = type_heading(text);
    if let Some((index, tipo)) = heading {
        found.push(Field {
            key: "tipo",
            value: Value::Text(tipo.to_string()),
            origin: text.origin_of_line(index),
            note: None,
        });
        number_and_date(text, index, found);
        office(text, index, found);
    } else {
        found.hint(
            "tipo",
            "il titolo dell'atto non è stato riconosciuto".into(),
        );
    }
    if !found.has("data") {
        signature_date(text, found);
    }
    oggetto(text, heading.map(|(i, _)| i), found);
    signer(text, found);
    rup(text, found);
}

/// The first line of the heading that names an act type, upper case.
fn type_heading(text: &Text) -> Option<(usize, &'static str)> {
    text.lines
        .iter()
        .take(HEAD_LINES)
        .enumerate()
        .find_map(|(i, line)| {
            let upper = format!("{} ", line.text.to_uppercase());
            if !mostly_upper(&line.text) {
                return None;
            }
            TYPE_WORDS
                .iter()
                .find(|(word, _)| upper.starts_with(word))
                .and_then(|(_, id)| TipoAtto::from_id(id).map(|t| (i, t.0)))
        })
}

fn mostly_upper(line: &str) -> bool {
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 4
        && letters.iter().filter(|c| c.is_uppercase()).count() * 10 >= letters.len() * 9
}

fn number_and_date(text: &Text, index: usize, found: &mut Found) {
    let line = &text.lines[index].text;
    if let Some(caps) = NUMBER_DATE.captures(line) {
        let number = caps.get(1).map_or("", |m| m.as_str());
        let date = date_of(&caps[2], &caps[3], &caps[4]);
        found.push(Field {
            key: "numero",
            value: Value::Text(number.to_string()),
            origin: text.origin_of_line(index),
            note: None,
        });
        if let Some(date) = date {
            found.push(Field {
                key: "data",
                value: Value::Date(date),
                origin: text.origin_of_line(index),
                note: None,
            });
        }
        return;
    }
    // A code alone in brackets under the heading: "(DC20_036_MEPA)".
    let code = (index + 1..text.lines.len().min(index + 12)).find_map(|i| {
        CODE_LINE
            .captures(&text.lines[i].text)
            .filter(|c| c[1].chars().any(|ch| ch.is_ascii_digit()))
            .map(|c| (i, c[1].to_string()))
    });
    match code {
        Some((i, number)) => found.push(Field {
            key: "numero",
            value: Value::Text(number),
            origin: text.origin_of_line(i),
            note: Some(
                "codice tra parentesi sotto il titolo: verifica che sia il numero dell'atto".into(),
            ),
        }),
        None => found.hint("numero", "nessun numero nel titolo dell'atto".into()),
    }
}

/// A valid calendar date from day, month and year as written.
pub(crate) fn date_of(day: &str, month: &str, year: &str) -> Option<NaiveDate> {
    let (d, m, y) = (day.parse().ok()?, month.parse().ok()?, year.parse().ok()?);
    NaiveDate::from_ymd_opt(y, m, d)
}

fn month_number(name: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ];
    let lower = name.to_lowercase();
    MONTHS
        .iter()
        .position(|m| *m == lower)
        .map(|i| i as u32 + 1)
}

/// The date of the place-and-date line of the signature ("Torino, 30 marzo
/// 2020"): the last such line of the text.
fn signature_date(text: &Text, found: &mut Found) {
    let dated = text.lines.iter().enumerate().rev().find_map(|(i, line)| {
        let caps = PLACE_DATE.captures(&line.text)?;
        let month = match (caps.get(2), caps.get(3)) {
            (Some(m), _) => m.as_str().parse().ok()?,
            (None, Some(name)) => month_number(name.as_str())?,
            _ => return None,
        };
        let date = date_of(&caps[1], &month.to_string(), &caps[4])?;
        Some((i, date))
    });
    match dated {
        Some((i, date)) => found.push(Field {
            key: "data",
            value: Value::Date(date),
            origin: text.origin_of_line(i),
            note: Some("data della firma: verifica che sia quella dell'atto".into()),
        }),
        None => found.hint(
            "data",
            "nessuna data nel titolo né accanto alla firma".into(),
        ),
    }
}

/// The lines above the heading that name the office (not the body).
fn office(text: &Text, heading: usize, found: &mut Found) {
    let above: Vec<usize> = (0..heading)
        .filter(|i| !text.lines[*i].text.is_empty())
        .collect();
    let (body, office): (Vec<usize>, Vec<usize>) = above.into_iter().partition(|i| {
        let upper = text.lines[*i].text.to_uppercase();
        ["COMUNE", "CITTÀ", "PROVINCIA", "REGIONE", "CONSORZIO"]
            .iter()
            .any(|w| upper.contains(w))
    });
    if let Some(first) = body.first() {
        found.body = Some(text.origin_of_line(*first));
    }
    if office.is_empty()
        || office.len() > 3
        || !office.iter().all(|i| mostly_upper(&text.lines[*i].text))
    {
        found.hint("ufficio", "l'ufficio non è nell'intestazione".into());
        return;
    }
    let parts: Vec<String> = office
        .iter()
        .rev()
        .map(|i| sentence_case(&text.lines[*i].text))
        .collect();
    found.push(Field {
        key: "ufficio",
        value: Value::Text(parts.join(" – ")),
        origin: text.origin_of_line(office[0]),
        note: (parts.len() > 1).then(|| "righe dell'intestazione, dalla più generale".to_string()),
    });
}

/// "SISTEMI INFORMATIVI" → "Sistemi informativi".
pub(crate) fn sentence_case(text: &str) -> String {
    let lower = text.trim().to_lowercase();
    let mut chars = lower.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

fn oggetto(text: &Text, heading: Option<usize>, found: &mut Found) {
    let start = text
        .lines
        .iter()
        .take(HEAD_LINES * 2)
        .position(|l| OGGETTO.is_match(&l.text));
    let (index, raw, note) = match (start, heading) {
        (Some(i), _) => (i, oggetto_lines(text, i), None),
        (None, Some(h)) if !NUMBER_DATE.is_match(&text.lines[h].text) => (
            h,
            title_lines(text, h),
            Some("composto dalle righe del titolo".to_string()),
        ),
        _ => {
            found.hint(
                "oggetto",
                "nessuna riga «Oggetto:» nell'intestazione".into(),
            );
            return;
        }
    };
    let cleaned = CODES_IN_OGGETTO.replace_all(&raw, "");
    let value = cleaned
        .trim()
        .trim_end_matches(['.', ';', ',', '–', '-', ' '])
        .to_string();
    if value.chars().filter(|c| c.is_alphabetic()).count() < 8 {
        found.hint("oggetto", format!("letto «{raw}», troppo breve"));
        return;
    }
    found.push(Field {
        key: "oggetto",
        value: Value::Text(value),
        origin: text.origin_of_line(index),
        note,
    });
}

/// The text after "Oggetto:", to the first blank line that does not
/// break a value in two (a line ending with a dash goes on).
fn oggetto_lines(text: &Text, start: usize) -> String {
    let first = OGGETTO
        .captures(&text.lines[start].text)
        .and_then(|c| c.get(1))
        .map_or("", |m| m.as_str());
    let mut parts = vec![first.to_string()];
    let mut i = start + 1;
    while i < text.lines.len() && parts.len() < 8 {
        let line = &text.lines[i].text;
        let open = parts
            .last()
            .is_some_and(|p| p.trim_end().ends_with(['-', '–']));
        if line.is_empty() && !open {
            break;
        }
        if !line.is_empty() {
            if mostly_upper(line) && line.starts_with("LA ") || line.starts_with("IL ") {
                break;
            }
            parts.push(line.clone());
        }
        i += 1;
    }
    parts.join(" ")
}

/// The upper-case lines of the title from the heading on, joined.
fn title_lines(text: &Text, heading: usize) -> String {
    let mut parts = vec![text.lines[heading].text.clone()];
    let mut words = Vec::new();
    for line in text.lines.iter().skip(heading + 1).take(10) {
        if line.text.is_empty() {
            continue;
        }
        if !mostly_upper(&line.text) || CODE_LINE.is_match(&line.text) {
            break;
        }
        words.push(line.text.clone());
    }
    if !words.is_empty() {
        parts.push(words.join(" "));
    }
    parts.join(" – ")
}

/// The name under the signature's heading ("IL DIRIGENTE", "Il Responsabile").
fn signer(text: &Text, found: &mut Found) {
    for (i, line) in text.lines.iter().enumerate() {
        let lower = line.text.to_lowercase();
        let heads = (lower.starts_with("il ") || lower.starts_with("la "))
            && (lower.contains("dirigente") || lower.contains("responsabile"))
            && line.text.split_whitespace().count() <= 8;
        if !heads {
            continue;
        }
        let name = text
            .lines
            .iter()
            .enumerate()
            .skip(i + 1)
            .filter(|(_, l)| !l.text.is_empty())
            .take(3)
            .find_map(|(j, l)| SIGNER.captures(&l.text).map(|c| (j, c[1].to_string())));
        if let Some((j, name)) = name {
            found.push(Field {
                key: "firmatario",
                value: Value::Text(name),
                origin: text.origin_of_line(j),
                note: None,
            });
            return;
        }
    }
}

fn rup(text: &Text, found: &mut Found) {
    let mut names: Vec<(String, std::ops::Range<usize>)> = Vec::new();
    for caps in RUP.captures_iter(&text.flat) {
        let (Some(all), Some(name)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        if !names.iter().any(|(n, _)| n == name.as_str()) {
            names.push((name.as_str().to_string(), all.range()));
        }
    }
    match names.len() {
        0 => found.hint("rup", "il RUP non è nominato con la sigla RUP".into()),
        1 => {
            let (name, range) = names.remove(0);
            found.push(Field {
                key: "rup",
                value: Value::Text(name),
                origin: text.origin(range.start..range.end),
                note: None,
            });
        }
        _ => found.hint(
            "rup",
            format!(
                "più nomi accanto a «RUP»: {}",
                names
                    .iter()
                    .map(|(n, _)| n.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
    }
}
