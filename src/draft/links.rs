//! Earlier acts the text cites about this award ("con determina n. 10809
//! del 16/12/2024 è stato affidato"), and the PNRR measure.

use super::header::date_of;
use super::text::Text;
use super::{Field, Found, Link, Value};
use regex::Regex;
use std::sync::LazyLock;

static CITED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(determin\p{L}*|delibera\p{L}*|decreto)(?:\s+dirigenziale)?(\s+di\s+aggiudicazione)?[\s:]*(?:n\.?|numero)\s*(\d+(?:-\d+)?)\s+del\s+(\d{1,2})[./](\d{1,2})[./](\d{4})\b")
        .expect("valid regex")
});
static PNRR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bM(\d)C(\d)I(\d{1,2}\.\d{1,2})\b").expect("valid regex"));
static MEASURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\binvestimento\s+\d{1,2}\.\d{1,2}\s*[“\x22«]([^”\x22»]{3,60})[”\x22»]")
        .expect("valid regex")
});

pub(crate) fn find(text: &Text, found: &mut Found) {
    linked(text, found);
    pnrr(text, found);
}

/// Why an act is cited, from the words around it; none: not about this award.
fn relation(cited: &str, around: &str) -> Option<&'static str> {
    let around = around.to_lowercase();
    if cited.to_lowercase().contains("aggiudicazione") {
        Some("determinazione di aggiudicazione")
    } else if around.contains("rup") || around.contains("responsabil") {
        Some("nomina del Responsabile unico di progetto")
    } else if around.contains("affid") {
        Some("affidamento precedente")
    } else {
        None
    }
}

fn linked(text: &Text, found: &mut Found) {
    let own = found.get("numero").map(|f| f.value.clone());
    for caps in CITED.captures_iter(&text.flat) {
        let Some(all) = caps.get(0) else { continue };
        let numero = caps[3].to_string();
        if own == Some(Value::Text(numero.clone()))
            || found.links.iter().any(|l| {
                l.fields
                    .iter()
                    .any(|f| f.key == "collegati.numero" && f.value == Value::Text(numero.clone()))
            })
        {
            continue;
        }
        let Some(date) = date_of(&caps[4], &caps[5], &caps[6]) else {
            continue;
        };
        let end = ceil(&text.flat, (all.end() + 160).min(text.flat.len()));
        let around = &text.flat[all.end()..end];
        let Some(why) = relation(all.as_str(), around) else {
            continue;
        };
        let tipo = match caps[1].to_lowercase() {
            t if t.starts_with("determin") => "determinazione",
            t if t.starts_with("delibera") => "delibera",
            _ => "decreto",
        };
        let origin = text.origin(all.range());
        let field = |key: &'static str, value: Value| Field {
            key,
            value,
            origin: origin.clone(),
            note: None,
        };
        found.links.push(Link {
            fields: vec![
                field("collegati.tipo", Value::Text(tipo.into())),
                field("collegati.numero", Value::Text(numero)),
                field("collegati.data", Value::Date(date)),
                field("collegati.relazione", Value::Text(why.into())),
            ],
        });
    }
}

fn ceil(text: &str, mut at: usize) -> usize {
    while at < text.len() && !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

fn pnrr(text: &Text, found: &mut Found) {
    let Some(caps) = PNRR.captures(&text.flat) else {
        return;
    };
    let Some(all) = caps.get(0) else { return };
    let origin = text.origin(all.range());
    for (key, value) in [
        ("pnrr.missione", format!("M{}", &caps[1])),
        ("pnrr.componente", format!("C{}", &caps[2])),
        ("pnrr.investimento", caps[3].to_string()),
    ] {
        found.push(Field {
            key,
            value: Value::Text(value),
            origin: origin.clone(),
            note: None,
        });
    }
    // The measure's name as written in running text, not in capitals.
    let measures: Vec<regex::Captures> = MEASURE.captures_iter(&text.flat).collect();
    let best = measures
        .iter()
        .find(|m| m[1].chars().any(char::is_lowercase))
        .or(measures.first());
    if let Some(m) = best {
        let (Some(all), Some(name)) = (m.get(0), m.get(1)) else {
            return;
        };
        found.push(Field {
            key: "pnrr.misura",
            value: Value::Text(name.as_str().trim().to_string()),
            origin: text.origin(all.range()),
            note: None,
        });
    }
}
