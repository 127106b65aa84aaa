//! IND-03: the rotation principle (art. 49 D.Lgs. 36/2023; before 1 July
//! 2023, ANAC Linee guida n. 4): two consecutive awards of one body in one
//! CPV group to the same supplier. An act that cites the motivated
//! exception (c. 4) or the open market survey (c. 5) reads "motivata".

use super::facts::{Fact, Facts};
use super::{Ambito, Esito, Flag, Found, euro};
use crate::model::Date;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

const CODE: &str = "IND-03";

/// From this date art. 49 D.Lgs. 36/2023 applies.
fn code_2023() -> Option<Date> {
    chrono::NaiveDate::from_ymd_opt(2023, 7, 1).map(Date)
}

/// Below this amount an award may skip rotation: 5,000 € (art. 49, c. 6),
/// 1,000 € before (Linee guida ANAC n. 4, par. 3.7).
fn floor(date: Date) -> Decimal {
    if code_2023().is_some_and(|d| date >= d) {
        Decimal::from(5_000)
    } else {
        Decimal::from(1_000)
    }
}

/// Awards subject to rotation: direct awards and negotiated procedures
/// (not the call-offs of framework agreements, competed once centrally).
fn subject(f: &Fact) -> bool {
    f.p.procedura.is_some_and(|t| {
        t.is_direct_award() || (t.ocds_method == "limited" && !t.is_framework_call())
    })
}

pub(super) fn find(facts: &Facts, found: &mut Found) {
    let groups = facts.grouped(|f| {
        if f.winners.is_empty() {
            return None;
        }
        Some((f.p.ente.as_str(), f.group?)).filter(|_| f.date().is_some())
    });
    let excluded = facts
        .all
        .iter()
        .filter(|f| !f.winners.is_empty() && (f.date().is_none() || f.group.is_none()))
        .count();
    for _ in 0..excluded {
        found.exclude(CODE);
    }
    let mut paired: BTreeSet<&str> = BTreeSet::new();
    for ((ente, group), awards) in &groups {
        for pair in awards.windows(2) {
            let (before, after) = (pair[0], pair[1]);
            let shared: Vec<&str> = after
                .winners
                .iter()
                .filter(|w| before.winners.contains(w))
                .copied()
                .collect();
            if shared.is_empty() || !subject(after) {
                continue;
            }
            let Some(date) = after.date() else { continue };
            if after.amount.is_some_and(|a| a < floor(date)) {
                continue;
            }
            paired.insert(&after.p.key);
            let text = facts.text_of(after.p);
            let exception = exception_cited(&text);
            found.flags.push(Flag {
                codice: CODE,
                ambito: Ambito::Procedura,
                ente: ente.to_string(),
                chiave: format!("{ente}/{group}"),
                id_procedura: Some(after.p.key.clone()),
                cig: after.p.cig.clone(),
                fornitore: shared.first().map(|s| s.to_string()),
                valore: after.amount.unwrap_or_default(),
                soglia: floor(date),
                n: awards.len(),
                esito: if exception.is_some() {
                    Esito::Motivata
                } else {
                    Esito::DaVerificare
                },
                nota: pair_note(before, after, group, exception),
                procedure: vec![before.p.key.clone(), after.p.key.clone()],
            });
        }
    }
    declared(facts, &paired, found);
}

fn pair_note(before: &Fact, after: &Fact, group: &str, exception: Option<&str>) -> String {
    let when = before
        .date()
        .map(|d| format!(" del {}", d.italian()))
        .unwrap_or_default();
    let amount = after
        .amount
        .map(|a| format!(" ({})", euro(a)))
        .unwrap_or_else(|| " (importo non indicato)".into());
    let mut nota = format!(
        "stesso fornitore dell'affidamento precedente{when} nel gruppo CPV {group}{amount}"
    );
    match exception {
        Some(c) => nota.push_str(&format!(": l'atto cita l'art. 49, {c}, D.Lgs. 36/2023")),
        None => nota.push_str(": l'atto non cita una deroga alla rotazione"),
    }
    nota
}

/// Acts that state they award the outgoing contractor again (art. 49,
/// c. 4) when the earlier award is not in the catalogue: shown as what the
/// act declares, never as a pair the data shows.
fn declared(facts: &Facts, paired: &BTreeSet<&str>, found: &mut Found) {
    for f in &facts.all {
        if paired.contains(f.p.key.as_str()) || !subject(f) || f.winners.is_empty() {
            continue;
        }
        let text = facts.text_of(f.p);
        if exception_cited(&text) != Some("c. 4") {
            continue;
        }
        let chiave = match f.group {
            Some(g) => format!("{}/{g}", f.p.ente),
            None => f.p.ente.clone(),
        };
        found.flags.push(Flag {
            codice: CODE,
            ambito: Ambito::Procedura,
            ente: f.p.ente.clone(),
            chiave,
            id_procedura: Some(f.p.key.clone()),
            cig: f.p.cig.clone(),
            fornitore: f.winners.first().map(|s| s.to_string()),
            valore: f.amount.unwrap_or_default(),
            soglia: f.date().map(floor).unwrap_or_default(),
            n: 1,
            esito: Esito::Motivata,
            nota: "l'atto dichiara di affidare di nuovo al contraente uscente, motivando la deroga (art. 49, c. 4, D.Lgs. 36/2023); l'affidamento precedente non è nel catalogo".into(),
            procedure: vec![f.p.key.clone()],
        });
    }
}

/// The paragraph of art. 49 an act cites as the exception to rotation:
/// `c. 4` (motivated) or `c. 5` (open market survey), else `None`.
pub(crate) fn exception_cited(text: &str) -> Option<&'static str> {
    let mut found = None;
    for (at, _) in text.match_indices("49") {
        let before = &text[..at];
        let is_article = ["art. ", "art.", "articolo ", "art "]
            .iter()
            .any(|a| before.ends_with(a));
        if !is_article {
            continue;
        }
        let after: String = text[at + 2..].chars().take(24).collect();
        let after = after.replace("comma", "c.").replace("co.", "c.");
        let after = after.replace(' ', "");
        let paragraph = |n: char| {
            after.find("c.").is_some_and(|i| {
                let rest = &after[i + 2..];
                rest.starts_with(n) && !rest[1..].starts_with(|c: char| c.is_ascii_digit())
            })
        };
        if paragraph('4') {
            return Some("c. 4");
        }
        if paragraph('5') {
            found = Some("c. 5");
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::exception_cited;

    #[test]
    fn the_exception_is_read_in_the_ways_acts_write_it() {
        let c4 = [
            "reinvitato ai sensi dell'art. 49, c. 4, d.lgs. 36/2023",
            "derogato motivatamente (art. 49, c. 4, d.lgs. 36/2023)",
            "ai sensi dell'articolo 49, comma 4 del codice",
            "art.49 co.4",
        ];
        for text in c4 {
            assert_eq!(exception_cited(text), Some("c. 4"), "{text}");
        }
        assert_eq!(
            exception_cited("ai sensi dell'art. 49, comma 5, del codice"),
            Some("c. 5")
        );
        let none = [
            "il principio di rotazione è rispettato (art. 49 d.lgs. 36/2023)",
            "art. 49, c. 45",
            "art. 50, c. 4",
            "determinazione n. 49, c. 4",
            "",
        ];
        for text in none {
            assert_eq!(exception_cited(text), None, "{text}");
        }
    }
}
