//! IND-02: the share of direct awards and negotiated procedures without a
//! notice in what a body, a body's CPV division or a supplier was awarded.

use super::definitions;
use super::facts::Facts;
use super::{Ambito, Esito, Flag, Found, euro, percent, share};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

const CODE: &str = "IND-02";
/// Over half of the awarded value.
const THRESHOLD: Decimal = Decimal::from_parts(5, 0, 0, false, 1);

/// One procedure in a group: its key, amount and whether it was competed.
struct Item<'a> {
    key: &'a str,
    amount: Decimal,
    non_competitive: bool,
}

/// A group: what the figure is about, and its procedures.
type Groups<'a> = BTreeMap<(Ambito, String, String), Vec<Item<'a>>>;

pub(super) fn find(facts: &Facts, found: &mut Found) {
    let mut groups: Groups = BTreeMap::new();
    for f in &facts.all {
        let (Some(non_competitive), Some(amount)) = (f.non_competitive(), f.p.importo_aggiudicato)
        else {
            found.exclude(CODE);
            continue;
        };
        let item = |amount: Decimal| Item {
            key: &f.p.key,
            amount,
            non_competitive,
        };
        let ente = f.p.ente.clone();
        groups
            .entry((Ambito::Ente, ente.clone(), ente.clone()))
            .or_default()
            .push(item(amount.0));
        if let Some(d) = f.division {
            groups
                .entry((Ambito::Ente, ente.clone(), format!("{ente}/{d}")))
                .or_default()
                .push(item(amount.0));
        }
        for award in &f.p.aggiudicatari {
            let Some(credited) = award.importo_attribuito else {
                continue;
            };
            groups
                .entry((Ambito::Fornitore, String::new(), award.fornitore.clone()))
                .or_default()
                .push(item(credited.0));
        }
    }
    let minimum = definitions::of(CODE).minimo;
    for ((ambito, ente, chiave), items) in groups {
        if items.len() < minimum {
            continue;
        }
        let total: Decimal = items.iter().map(|i| i.amount).sum();
        let flagged: Vec<&Item> = items.iter().filter(|i| i.non_competitive).collect();
        let part: Decimal = flagged.iter().map(|i| i.amount).sum();
        let value = share(part, total);
        if value <= THRESHOLD {
            continue;
        }
        let nota = format!(
            "{} su {} procedure non competitive, per {} su {} aggiudicati ({} dell'importo)",
            flagged.len(),
            items.len(),
            euro(part),
            euro(total),
            percent(value)
        );
        found.flags.push(Flag {
            codice: CODE,
            ambito,
            fornitore: (ambito == Ambito::Fornitore).then(|| chiave.clone()),
            ente,
            chiave,
            id_procedura: None,
            cig: None,
            valore: value,
            soglia: THRESHOLD,
            n: items.len(),
            esito: Esito::DaVerificare,
            nota,
            procedure: flagged.iter().map(|i| i.key.to_string()).collect(),
        });
    }
}
