//! IND-04: splitting. Direct awards of one body to one supplier in one CPV
//! group within 12 months, each under the threshold of its date, together
//! at or over the threshold of the last one's date.

use super::facts::{Fact, Facts};
use super::{Ambito, Esito, Flag, Found, euro};
use crate::check::direct_award_limit;
use crate::model::Date;
use rust_decimal::Decimal;

const CODE: &str = "IND-04";
/// The window, first to last award.
const WINDOW_DAYS: i64 = 365;

/// A direct award under its threshold, with the threshold and rule.
struct Award<'a> {
    fact: &'a Fact<'a>,
    date: Date,
    amount: Decimal,
    threshold: Decimal,
    rule: &'static str,
}

pub(super) fn find(facts: &Facts, found: &mut Found) {
    let mut keys = Vec::new();
    for f in facts.all.iter().filter(|f| f.bound()) {
        if f.date().is_none() || f.amount.is_none() || f.group.is_none() {
            found.exclude(CODE);
            continue;
        }
        for w in &f.winners {
            keys.push((f, *w));
        }
    }
    let mut groups: std::collections::BTreeMap<(&str, &str, &str), Vec<Award>> = Default::default();
    for (f, winner) in keys {
        let (Some(date), Some(amount), Some(group)) = (f.date(), f.amount, f.group) else {
            continue;
        };
        let (threshold, rule) = direct_award_limit(&f.p.cpv, date);
        if amount >= threshold {
            continue;
        }
        groups
            .entry((f.p.ente.as_str(), winner, group))
            .or_default()
            .push(Award {
                fact: f,
                date,
                amount,
                threshold,
                rule,
            });
    }
    for ((ente, winner, group), mut awards) in groups {
        awards.sort_by(|a, b| (a.date, &a.fact.p.key).cmp(&(b.date, &b.fact.p.key)));
        for (start, end) in windows(&awards) {
            let window = &awards[start..=end];
            found.flags.push(flag(ente, winner, group, window));
        }
    }
}

/// The maximal runs `start..=end` of awards within the window whose sum
/// reaches the threshold of the last: each run reported once.
fn windows(awards: &[Award]) -> Vec<(usize, usize)> {
    let mut starts = Vec::with_capacity(awards.len());
    let mut i = 0;
    for a in awards {
        while (a.date.0 - awards[i].date.0).num_days() > WINDOW_DAYS {
            i += 1;
        }
        starts.push(i);
    }
    let mut prefix = Vec::with_capacity(awards.len() + 1);
    prefix.push(Decimal::ZERO);
    for a in awards {
        let last = prefix.last().copied().unwrap_or_default();
        prefix.push(last + a.amount);
    }
    let reaches: Vec<bool> = starts
        .iter()
        .enumerate()
        .map(|(j, &i)| j > i && prefix[j + 1] - prefix[i] >= awards[j].threshold)
        .collect();
    // A run that the next award extends (same start, still over) is not
    // reported on its own.
    (0..awards.len())
        .filter(|&j| reaches[j])
        .filter(|&j| !(starts.get(j + 1) == Some(&starts[j]) && reaches[j + 1]))
        .map(|j| (starts[j], j))
        .collect()
}

fn flag(ente: &str, winner: &str, group: &str, window: &[Award]) -> Flag {
    let last = &window[window.len() - 1];
    let sum: Decimal = window.iter().map(|a| a.amount).sum();
    let first = window[0].date.italian();
    Flag {
        codice: CODE,
        ambito: Ambito::Procedura,
        ente: ente.to_string(),
        chiave: format!("{ente}/{winner}/{group}"),
        id_procedura: Some(last.fact.p.key.clone()),
        cig: last.fact.p.cig.clone(),
        fornitore: Some(winner.to_string()),
        valore: sum,
        soglia: last.threshold,
        n: window.len(),
        esito: Esito::DaVerificare,
        nota: format!(
            "{} affidamenti diretti allo stesso fornitore nel gruppo CPV {group} dal {first} al {}, ciascuno sotto soglia, insieme {}: pari o oltre la soglia di {} ({})",
            window.len(),
            last.date.italian(),
            euro(sum),
            euro(last.threshold),
            last.rule
        ),
        procedure: window.iter().map(|a| a.fact.p.key.clone()).collect(),
    }
}
