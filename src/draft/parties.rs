//! The supplier: name, partita IVA (check digit) and seat. The body's own
//! codes are never taken for the supplier's.

use super::text::Text;
use super::{Body, Field, Found, Value};
use crate::check::ids;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

static VAT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:P\.?\s?IVA|partita\s+IVA)\b[\s:.n°]*([0-9OIl]{11})\b")
        .expect("valid regex")
});
/// A firm's name ending with its legal form, after the word that
/// introduces it ("alla ditta", "Aggiudicatario:").
static FIRM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:ditta|società|impresa|gestore|fornitore|aggiudicatario\s*:|operatore economico)\s+((?:[\p{L}0-9&'’.-]+\s+){1,4}?(?:S\.?\s?p\.?\s?A\.?|S\.?\s?r\.?\s?l\.?|S\.?\s?n\.?\s?c\.?|S\.?\s?a\.?\s?s\.?))(?:[\s,;:)]|$)")
        .expect("valid regex")
});
static SEAT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bcon sede(?: legale)? in\s+(.+?)[\s,]*$").expect("valid regex")
});

/// A firm named in the text, with its partita IVA when one follows it.
struct Named {
    name: String,
    name_at: Range<usize>,
    vat: Option<(String, Range<usize>, Option<String>)>,
    seat: Option<String>,
}

pub(crate) fn find(text: &Text, body: &Body, found: &mut Found) {
    let decision = text.decision_start().unwrap_or(0);
    let mut firms = named_with_vat(text, body);
    if firms.is_empty() {
        firms = named_in_award(text);
    }
    let key = |f: &Named| {
        f.vat
            .as_ref()
            .map_or_else(|| f.name.to_lowercase(), |v| v.0.clone())
    };
    let mut distinct: Vec<&Named> = Vec::new();
    for firm in &firms {
        if !distinct.iter().any(|d| key(d) == key(firm)) {
            distinct.push(firm);
        }
    }
    if distinct.len() > 1 {
        // Several firms: the one the decision names.
        let in_decision: Vec<&Named> = distinct
            .iter()
            .copied()
            .filter(|f| f.name_at.start >= decision && decision > 0)
            .collect();
        distinct = in_decision;
    }
    match distinct.as_slice() {
        [] if firms.is_empty() => found.hint(
            "aggiudicatari",
            "nessuna ditta con la sua forma societaria (S.r.l., S.p.A.) accanto all'affidamento"
                .into(),
        ),
        [one] => {
            // The last mention in the decision carries the fullest form.
            let best = firms
                .iter()
                .filter(|f| key(f) == key(one))
                .max_by_key(|f| (f.name_at.start >= decision, f.seat.is_some()))
                .unwrap_or(one);
            write_firm(text, best, found);
        }
        _ => found.hint(
            "aggiudicatari",
            format!(
                "più ditte citate ({}): scegli l'aggiudicatario",
                firms
                    .iter()
                    .map(|f| f.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
    }
}

fn write_firm(text: &Text, firm: &Named, found: &mut Found) {
    found.push(Field {
        key: "aggiudicatari.denominazione",
        value: Value::Text(firm_name(&firm.name)),
        origin: text.origin(firm.name_at.clone()),
        note: None,
    });
    match &firm.vat {
        Some((vat, range, repaired)) => found.push(Field {
            key: "aggiudicatari.partita_iva",
            value: Value::Text(vat.clone()),
            origin: text.origin(range.clone()),
            note: repaired.as_ref().map(|from| format!("letto «{from}»: corretto un errore di lettura perché solo la forma corretta supera il controllo")),
        }),
        None => found.hint("aggiudicatari.partita_iva", "nessuna partita IVA accanto al nome".into()),
    }
    if let Some(seat) = &firm.seat {
        found.push(Field {
            key: "aggiudicatari.sede",
            value: Value::Text(seat.clone()),
            origin: text.origin(firm.name_at.clone()),
            note: None,
        });
    }
}

/// Every valid partita IVA that is not the body's, with the firm named
/// in the 220 characters before it.
fn named_with_vat(text: &Text, body: &Body) -> Vec<Named> {
    let mut out = Vec::new();
    for caps in VAT.captures_iter(&text.flat) {
        let (Some(all), Some(raw)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        let Some((vat, repaired)) = valid_vat(raw.as_str()) else {
            continue;
        };
        if body.codes.iter().any(|c| c == &vat) {
            continue;
        }
        let from = floor_char(&text.flat, all.start().saturating_sub(220));
        let window = &text.flat[from..all.start()];
        let Some(firm) = FIRM.captures_iter(window).last() else {
            continue;
        };
        let Some(name) = firm.get(1) else { continue };
        let between = &window[name.end()..];
        out.push(Named {
            name: name.as_str().trim().to_string(),
            name_at: from + name.start()..from + name.end(),
            vat: Some((vat, all.range(), repaired)),
            seat: SEAT
                .captures(between)
                .and_then(|c| c.get(1))
                .map(|m| m.as_str().to_string()),
        });
    }
    out
}

/// Firms with a legal form named right after a word of awarding
/// ("affidamento diretto alla società Infocert S.p.A.").
fn named_in_award(text: &Text) -> Vec<Named> {
    FIRM.captures_iter(&text.flat)
        .filter_map(|caps| {
            let (all, name) = (caps.get(0)?, caps.get(1)?);
            let from = floor_char(&text.flat, all.start().saturating_sub(100));
            let before = text.flat[from..all.start()].to_lowercase();
            before.contains("affid").then(|| Named {
                name: name.as_str().trim().to_string(),
                name_at: name.range(),
                vat: None,
                seat: None,
            })
        })
        .collect()
}

/// The partita IVA as read if valid, else its one OCR repair that is.
fn valid_vat(raw: &str) -> Option<(String, Option<String>)> {
    if ids::check_partita_iva(raw).is_ok() {
        return Some((raw.to_string(), None));
    }
    let fixed: String = raw
        .chars()
        .map(|c| match c {
            'O' => '0',
            'I' | 'l' => '1',
            d => d,
        })
        .collect();
    ids::check_partita_iva(&fixed)
        .is_ok()
        .then(|| (fixed, Some(raw.to_string())))
}

/// The largest char boundary of `text` not after `at`.
fn floor_char(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The firm's name with its legal form written one way ("S.r.l.",
/// "S.p.A."), and an all-capital name in title case.
pub(crate) fn firm_name(raw: &str) -> String {
    let words: Vec<&str> = raw.split_whitespace().collect();
    let Some((form, name)) = words.split_last() else {
        return raw.to_string();
    };
    let letters: String = form
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    let form = match letters.as_str() {
        "spa" => "S.p.A.",
        "srl" => "S.r.l.",
        "snc" => "S.n.c.",
        "sas" => "S.a.s.",
        _ => form,
    };
    let name: Vec<String> = name
        .iter()
        .map(|w| {
            if w.chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
                && w.chars().count() > 3
            {
                super::header::sentence_case(w)
            } else {
                (*w).to_string()
            }
        })
        .collect();
    format!("{} {form}", name.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn supplier(input: &str, body_codes: &[&str]) -> Found {
        let text = Text::new(&[input.to_string()]);
        let body = Body {
            codes: body_codes.iter().map(|c| c.to_string()).collect(),
            ..Body::default()
        };
        let mut found = Found::default();
        find(&text, &body, &mut found);
        found
    }

    #[test]
    fn firm_and_vat_are_read_and_the_bodys_code_is_not() {
        let found = supplier(
            "Il Comune, P.IVA 00104330493, affida alla ditta Omniconnect srl, con sede legale in Via Roma 1, Pontedera (PI), P. IVA 0158684O504, il servizio",
            &["00104330493"],
        );
        let name = found.get("aggiudicatari.denominazione").expect("name");
        assert_eq!(name.value, Value::Text("Omniconnect S.r.l.".into()));
        let vat = found.get("aggiudicatari.partita_iva").expect("vat");
        assert_eq!(vat.value, Value::Text("01586840504".into()));
        assert!(vat.note.is_some(), "the O read for 0 is said");
        assert_eq!(
            found.get("aggiudicatari.sede").map(|f| f.value.clone()),
            Some(Value::Text("Via Roma 1, Pontedera (PI)".into()))
        );
    }

    #[test]
    fn a_wrong_check_digit_is_not_a_supplier() {
        let found = supplier("alla ditta Alfa S.r.l., P. IVA 01586840505", &[]);
        assert!(found.get("aggiudicatari.partita_iva").is_none());
    }
}
