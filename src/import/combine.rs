//! Several `<lotto>` of one file with the same CIG become one record.
//!
//! Real files repeat a CIG for each commitment or payment made under it
//! (a smart CIG used for several small purchases), and sometimes repeat a
//! lot word for word. Identical lots count once; the others are added up:
//! amounts summed, operators united, the period widened. Whatever cannot be
//! added up (a different subject or procedure) keeps the first lot's value
//! and is reported.

use crate::l190::{L190Lotto, Soggetti};
use crate::model::Money;

pub fn combine(lots: &[&L190Lotto], at: &dyn Fn(usize) -> String) -> (L190Lotto, Vec<String>) {
    let mut notes = Vec::new();
    let mut unique: Vec<usize> = Vec::new();
    for (i, lot) in lots.iter().enumerate() {
        match unique.iter().find(|&&u| lots[u] == *lot) {
            Some(&u) => notes.push(format!(
                "{} è identico a {}: contato una volta",
                at(i),
                at(u)
            )),
            None => unique.push(i),
        }
    }
    let mut out = lots[unique[0]].clone();
    if unique.len() == 1 {
        return (out, notes);
    }
    let listed: Vec<String> = unique.iter().map(|&i| at(i)).collect();
    notes.push(format!(
        "lo stesso CIG compare in {} lotti ({}): importi sommati, operatori uniti, periodo esteso",
        unique.len(),
        listed.join(", ")
    ));
    for &i in &unique[1..] {
        let lot = lots[i];
        if lot.oggetto != out.oggetto {
            notes.push(format!(
                "{}: oggetto «{}» non riportato (resta il primo)",
                at(i),
                lot.oggetto
            ));
        }
        if lot.scelta_contraente != out.scelta_contraente {
            let other = lot
                .scelta_contraente
                .map_or("vuota".into(), |p| p.l190_value());
            notes.push(format!(
                "{}: sceltaContraente «{other}» non riportata (resta la prima)",
                at(i)
            ));
        }
        if lot.struttura != out.struttura {
            let s = &lot.struttura;
            notes.push(format!(
                "{}: strutturaProponente «{} {}» non riportata (resta la prima)",
                at(i),
                s.codice_fiscale,
                s.denominazione
            ));
        }
        out.importo_aggiudicazione = add(out.importo_aggiudicazione, lot.importo_aggiudicazione);
        out.importo_somme_liquidate = add(out.importo_somme_liquidate, lot.importo_somme_liquidate);
        out.data_inizio = earliest(out.data_inizio, lot.data_inizio);
        out.data_ultimazione = out.data_ultimazione.max(lot.data_ultimazione);
        unite(&mut out.partecipanti, &lot.partecipanti);
        unite(&mut out.aggiudicatari, &lot.aggiudicatari);
    }
    (out, notes)
}

fn add(a: Option<Money>, b: Option<Money>) -> Option<Money> {
    match (a, b) {
        (None, None) => None,
        (a, b) => Some(a.unwrap_or(Money::ZERO) + b.unwrap_or(Money::ZERO)),
    }
}

fn earliest<T: Ord>(a: Option<T>, b: Option<T>) -> Option<T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn unite(into: &mut Soggetti, from: &Soggetti) {
    for group in &from.raggruppamenti {
        if !into.raggruppamenti.contains(group) {
            into.raggruppamenti.push(group.clone());
        }
    }
    for single in &from.singoli {
        if !into.singoli.contains(single) {
            into.singoli.push(single.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::l190::Soggetto;
    use rust_decimal::Decimal;

    fn lot(amount: i64, winner: &str) -> L190Lotto {
        L190Lotto {
            cig: Some("ZDC274EE2F".into()),
            oggetto: "Servizi cimiteriali".into(),
            importo_aggiudicazione: Some(Money(Decimal::new(amount, 2))),
            importo_somme_liquidate: Some(Money(Decimal::new(amount, 2))),
            aggiudicatari: Soggetti {
                singoli: vec![Soggetto {
                    ragione_sociale: winner.into(),
                    ..Soggetto::default()
                }],
                ..Soggetti::default()
            },
            ..L190Lotto::default()
        }
    }

    #[test]
    fn duplicates_count_once_and_parts_add_up() {
        let (a, b, c) = (lot(100000, "CSM"), lot(160000, "CSM"), lot(100000, "Altra"));
        let at = |i: usize| format!("lotto {}", i + 1);
        let (one, notes) = combine(&[&a, &a], &at);
        assert_eq!(one, a);
        assert_eq!(
            notes,
            vec!["lotto 2 è identico a lotto 1: contato una volta"]
        );
        let (sum, notes) = combine(&[&a, &b, &c], &at);
        assert_eq!(sum.importo_aggiudicazione.unwrap().to_string(), "3600.00");
        assert_eq!(sum.importo_somme_liquidate.unwrap().to_string(), "3600.00");
        assert_eq!(sum.aggiudicatari.singoli.len(), 2);
        assert_eq!(notes.len(), 1, "{notes:?}");
    }
}
