//! The procedure and its legal basis, from the article the decision cites
//! (art. 50, c. 1, lett. b), D.Lgs. 36/2023 → affidamento diretto), the
//! purchasing tool and the award criterion.

use super::text::Text;
use super::{Field, Found, Value};
use crate::model::TipoProcedura;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

static ARTICLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bart(?:icolo|\.)?\s*(\d+)\s*,?(?:\s*c(?:omma|\.)?\s*(\d+)\s*,?)?(?:\s*lett(?:era|\.)?\s*([a-z])\s*\)?\s*,?)?\s*(?:del\s+|dello\s+)?(?:d\.?\s*lgs\.?|decreto legislativo)\s*(?:n\.?\s*)?(?:(\d+)\s*/\s*(\d{4})|\d{1,2}\s+\p{L}+\s+(\d{4}),?\s*n\.?\s*(\d+))")
        .expect("valid regex")
});
static CRITERION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bcriterio\s+(?:di aggiudicazione\s+)?del(?:l['’]\s*)?\s*(minor prezzo|offerta economicamente più vantaggiosa)").expect("valid regex")
});

/// A citation of an article of a procurement code.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Citation {
    article: u32,
    comma: Option<u32>,
    letter: Option<char>,
    law: (u32, u32),
}

impl Citation {
    /// The procedure the article regulates, when it names one.
    fn procedure(&self) -> Option<&'static str> {
        let (art, c, l) = (self.article, self.comma, self.letter);
        match (self.law, art) {
            ((36, 2023), 50) if c == Some(1) && matches!(l, Some('a' | 'b')) => {
                Some("affidamento-diretto")
            }
            ((36, 2023), 50) if c == Some(1) && matches!(l, Some('c' | 'd' | 'e')) => {
                Some("negoziata-sotto-soglia")
            }
            ((36, 2023), 76) | ((50, 2016), 63) => Some("negoziata-senza-bando"),
            ((36, 2023), 71) | ((50, 2016), 60) => Some("procedura-aperta"),
            ((36, 2023), 72) | ((50, 2016), 61) => Some("procedura-ristretta"),
            ((50, 2016), 36) if c == Some(2) && l == Some('a') => Some("affidamento-diretto"),
            _ => None,
        }
    }

    /// "art. 50, c. 1, lett. b), D.Lgs. 36/2023".
    fn norma(&self) -> String {
        let mut out = format!("art. {}", self.article);
        if let Some(c) = self.comma {
            out.push_str(&format!(", c. {c}"));
        }
        if let Some(l) = self.letter {
            out.push_str(&format!(", lett. {l})"));
        }
        format!("{out}, D.Lgs. {}/{}", self.law.0, self.law.1)
    }
}

pub(crate) fn find(text: &Text, found: &mut Found) {
    procedure(text, found);
    tool(text, found);
    criterion(text, found);
}

/// The decision's citations first; without one, those of a section whose
/// title names the procedure ("TIPOLOGIA DI PROCEDURA").
fn procedure(text: &Text, found: &mut Found) {
    let mut zones: Vec<Range<usize>> = Vec::new();
    if let Some(from) = text.decision_start() {
        zones.push(from..text.flat.len());
    }
    zones.extend(procedure_sections(text));
    for zone in zones {
        let cited = citations(&text.flat[zone.clone()], zone.start);
        let mut distinct: Vec<&(Citation, Range<usize>)> = Vec::new();
        for c in &cited {
            if !distinct.iter().any(|d| d.0.procedure() == c.0.procedure()) {
                distinct.push(c);
            }
        }
        match distinct.as_slice() {
            [] => continue,
            [(citation, range)] => {
                let origin = text.origin(range.clone());
                let procedura = citation.procedure().and_then(TipoProcedura::from_id);
                if let Some(p) = procedura {
                    found.push(Field {
                        key: "procedura",
                        value: Value::Text(p.0.id.to_string()),
                        origin: origin.clone(),
                        note: None,
                    });
                }
                found.push(Field {
                    key: "norma",
                    value: Value::Text(citation.norma()),
                    origin,
                    note: None,
                });
                return;
            }
            _ => {
                let list: Vec<String> = distinct.iter().map(|(c, _)| c.norma()).collect();
                found.hint(
                    "procedura",
                    format!("più articoli citati: {}", list.join("; ")),
                );
                return;
            }
        }
    }
    found.hint(
        "procedura",
        "nessun articolo del codice dei contratti che indichi la procedura".into(),
    );
}

/// The citations in `zone` that name a procedure.
fn citations(zone: &str, offset: usize) -> Vec<(Citation, Range<usize>)> {
    ARTICLE
        .captures_iter(zone)
        .filter_map(|caps| {
            let num = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
            let law = match (num(4), num(5), num(6), num(7)) {
                (Some(n), Some(y), _, _) => (n, y),
                (_, _, Some(y), Some(n)) => (n, y),
                _ => return None,
            };
            let citation = Citation {
                article: num(1)?,
                comma: num(2),
                letter: caps
                    .get(3)
                    .and_then(|m| m.as_str().chars().next())
                    .map(|c| c.to_ascii_lowercase()),
                law,
            };
            let all = caps.get(0)?;
            citation
                .procedure()
                .map(|_| (citation, offset + all.start()..offset + all.end()))
        })
        .collect()
}

/// The text under an upper-case title that names the procedure, up to the
/// next upper-case title.
fn procedure_sections(text: &Text) -> Vec<Range<usize>> {
    let is_title = |t: &str| {
        let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
        letters.len() >= 6 && letters.iter().all(|c| c.is_uppercase())
    };
    let mut out = Vec::new();
    for (i, line) in text.lines.iter().enumerate() {
        if !(is_title(&line.text) && line.text.contains("PROCEDURA")) {
            continue;
        }
        let end = (i + 1..text.lines.len())
            .find(|j| is_title(&text.lines[*j].text))
            .unwrap_or(text.lines.len());
        out.push(text.offset_of_line(i + 1)..text.offset_of_line(end));
    }
    out
}

fn tool(text: &Text, found: &mut Found) {
    let lower = text.flat.to_lowercase();
    let Some(at) = lower.find("trattativa diretta") else {
        return;
    };
    if lower.contains("mepa") || lower.contains("me.pa") {
        found.push(Field {
            key: "strumento",
            value: Value::Text("MePA, trattativa diretta".into()),
            origin: text.origin(at..at + "trattativa diretta".len()),
            note: None,
        });
    }
}

fn criterion(text: &Text, found: &mut Found) {
    if let Some(caps) = CRITERION.captures(&text.flat) {
        let (Some(all), Some(what)) = (caps.get(0), caps.get(1)) else {
            return;
        };
        found.push(Field {
            key: "criterio",
            value: Value::Text(what.as_str().to_lowercase()),
            origin: text.origin(all.range()),
            note: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn law(input: &str) -> Found {
        let text = Text::new(&[input.to_string()]);
        let mut found = Found::default();
        find(&text, &mut found);
        found
    }

    #[test]
    fn the_decisions_article_names_the_procedure() {
        let found = law(
            "Visto l'art. 63 del D.Lgs. 50/2016;\nDETERMINA\nDi affidare ai sensi dell'art. 50, comma 1, lettera b), del decreto legislativo 31 marzo 2023, n. 36",
        );
        assert_eq!(
            found.get("procedura").map(|f| f.value.clone()),
            Some(Value::Text("affidamento-diretto".into()))
        );
        assert_eq!(
            found.get("norma").map(|f| f.value.clone()),
            Some(Value::Text(
                "art. 50, c. 1, lett. b), D.Lgs. 36/2023".into()
            ))
        );
    }

    #[test]
    fn old_code_articles_map_too() {
        for (cited, id) in [
            (
                "art. 36, comma 2, lett. a) del D. Lgs. 50/2016",
                "affidamento-diretto",
            ),
            ("art. 63 del D.Lgs. 50/2016", "negoziata-senza-bando"),
            ("art. 60 D.Lgs. n. 50/2016", "procedura-aperta"),
        ] {
            let found = law(&format!("DETERMINA\nai sensi dell'{cited}"));
            assert_eq!(
                found.get("procedura").map(|f| f.value.clone()),
                Some(Value::Text(id.into())),
                "{cited}"
            );
        }
    }
}
