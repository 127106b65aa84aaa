//! Several `<lotto>` of one file with the same CIG become one record, with
//! one amount.
//!
//! Real files list a CIG more than once: the same lot again, word for word
//! or differing only in noise (`citt&agrave;` for `città`, the participants
//! in another order, spacing, case), or several reports about one CIG with
//! different text and amounts (a smart CIG named by each commitment, an old
//! report next to a new one). On 36 bodies' 2020 files, adding such entries
//! up inflated the total by €215.8 M over 816 CIGs, and in 162 of them every
//! entry had the same amount: certain double counts. So entries are never
//! added up:
//!
//! - entries equal after normalizing ([`normal_form`]) count once, and the
//!   record carries a `voci-ripetute` finding;
//! - entries that still differ give the record the **largest** award and
//!   the **largest** paid amount, each taken on its own (L.190 amounts are
//!   cumulative to the date of the report, so the largest is true under
//!   either reading of the entries, a sum only under one); the other
//!   amounts are listed in a `voci-discordanti` finding. Operators are
//!   united and the period widened; text fields come from the entry with
//!   the largest award.
//!
//! The result does not depend on the order of the entries in the file.

use crate::l190::{L190Lotto, Soggetti, Soggetto, decode_entities};
use crate::model::{Money, Regola, Segnalazione};

/// The record made of a CIG's entries, and what was found on the way.
pub(crate) struct Combined {
    pub lotto: L190Lotto,
    /// Lines for the import summary.
    pub notes: Vec<String>,
    /// Findings stored in the record (`[[segnalazioni]]`).
    pub segnalazioni: Vec<Segnalazione>,
}

/// Combines the entries `lots` of one CIG; `at(i)` names entry `i` in the
/// messages ("lotto 3 (riga 120)").
pub(crate) fn combine(lots: &[&L190Lotto], at: &dyn Fn(usize) -> String) -> Combined {
    let forms: Vec<String> = lots.iter().map(|l| normal_form(l)).collect();
    let mut out = Combined {
        lotto: L190Lotto::default(),
        notes: Vec::new(),
        segnalazioni: Vec::new(),
    };
    let distinct = distinct_entries(lots, &forms, at, &mut out);
    // Largest award first, then a fixed order of the text: the first is the
    // base whatever the order of the file.
    let mut ranked = distinct;
    ranked.sort_by(|&a, &b| {
        let key = |i: usize| std::cmp::Reverse(lots[i].importo_aggiudicazione);
        key(a).cmp(&key(b)).then(forms[a].cmp(&forms[b]))
    });
    out.lotto = lots[ranked[0]].clone();
    if ranked.len() == 1 {
        return out;
    }
    let others = &ranked[1..];
    let listed: Vec<String> = ranked.iter().map(|&i| at(i)).collect();
    out.notes.push(format!(
        "lo stesso CIG compare in {} lotti diversi ({}): importi non sommati, tenuto il più alto ({}), operatori uniti, periodo esteso",
        ranked.len(),
        listed.join(", "),
        shown(out.lotto.importo_aggiudicazione)
    ));
    for &i in others {
        note_text_differences(lots[i], &out.lotto.clone(), &at(i), &mut out.notes);
    }
    let paid = lots.iter().filter_map(|l| l.importo_somme_liquidate).max();
    out.segnalazioni.push(discordant(
        "importo_netto",
        "importo di aggiudicazione",
        out.lotto.importo_aggiudicazione,
        others.iter().map(|&i| lots[i].importo_aggiudicazione),
        ranked.len(),
    ));
    if ranked
        .iter()
        .any(|&i| lots[i].importo_somme_liquidate != paid)
    {
        out.segnalazioni.push(discordant(
            "liquidazioni",
            "importo delle somme liquidate",
            paid,
            ranked
                .iter()
                .map(|&i| lots[i].importo_somme_liquidate)
                .filter(|&m| m != paid),
            ranked.len(),
        ));
    }
    let base = &mut out.lotto;
    base.importo_somme_liquidate = paid;
    for &i in others {
        let lot = lots[i];
        base.data_inizio = earliest(base.data_inizio, lot.data_inizio);
        base.data_ultimazione = base.data_ultimazione.max(lot.data_ultimazione);
        unite(&mut base.partecipanti, &lot.partecipanti);
        unite(&mut base.aggiudicatari, &lot.aggiudicatari);
    }
    out
}

/// One entry of each normal form; the others are reported as repeats of
/// the first in file order. Of equal entries the one kept is fixed (the
/// smallest exact content), so the record does not depend on the order.
fn distinct_entries(
    lots: &[&L190Lotto],
    forms: &[String],
    at: &dyn Fn(usize) -> String,
    out: &mut Combined,
) -> Vec<usize> {
    // (first in file order, the one kept)
    let mut classes: Vec<(usize, usize)> = Vec::new();
    for (i, form) in forms.iter().enumerate() {
        let Some(class) = classes.iter_mut().find(|c| forms[c.0] == *form) else {
            classes.push((i, i));
            continue;
        };
        if raw(lots[i]) < raw(lots[class.1]) {
            class.1 = i;
        }
        out.notes.push(format!(
            "{} ripete {} (a meno di entità, spazi, maiuscole o ordine dei soggetti): contato una volta",
            at(i),
            at(class.0)
        ));
        out.segnalazioni.push(
            Segnalazione::new(Regola::VociRipetute)
                .campo("cig")
                .valore(format!("{} = {}", at(i), at(class.0)))
                .nota("voce ripetuta contata una volta"),
        );
    }
    classes.into_iter().map(|c| c.1).collect()
}

/// A lot's exact content, to choose one entry among equal ones: the one
/// with the fewest entities left, then the smallest text.
fn raw(lot: &L190Lotto) -> (usize, String) {
    let text = format!("{lot:?}");
    (text.matches('&').count(), text)
}

/// A `voci-discordanti` finding: the amount kept and the others, which are
/// never added to it.
fn discordant(
    campo: &str,
    what: &str,
    kept: Option<Money>,
    others: impl Iterator<Item = Option<Money>>,
    entries: usize,
) -> Segnalazione {
    let others: Vec<String> = others.map(shown).collect();
    Segnalazione::new(Regola::VociDiscordanti)
        .campo(campo)
        .valore(others.join("; "))
        .nota(format!(
            "{entries} voci diverse dello stesso CIG: {what} più alto tenuto ({}), gli altri non sommati",
            shown(kept)
        ))
}

fn shown(amount: Option<Money>) -> String {
    amount.map_or_else(|| "vuoto".to_string(), |m| m.to_string())
}

fn note_text_differences(lot: &L190Lotto, kept: &L190Lotto, at: &str, notes: &mut Vec<String>) {
    if fold(&lot.oggetto) != fold(&kept.oggetto) {
        notes.push(format!(
            "{at}: oggetto «{}» non riportato (resta quello della voce con l'importo più alto)",
            lot.oggetto
        ));
    }
    if lot.scelta_contraente != kept.scelta_contraente {
        let other = lot
            .scelta_contraente
            .map_or("vuota".into(), |p| p.l190_value());
        notes.push(format!(
            "{at}: sceltaContraente «{other}» non riportata (resta quella della voce con l'importo più alto)"
        ));
    }
    if lot.struttura.codice_fiscale != kept.struttura.codice_fiscale
        || fold(&lot.struttura.denominazione) != fold(&kept.struttura.denominazione)
    {
        let s = &lot.struttura;
        notes.push(format!(
            "{at}: strutturaProponente «{} {}» non riportata (resta quella della voce con l'importo più alto)",
            s.codice_fiscale, s.denominazione
        ));
    }
}

/// Text compared without its noise: entities escaped twice decoded, runs
/// of white space made one space, case folded.
pub fn fold(text: &str) -> String {
    let (decoded, _) = decode_entities(text);
    decoded
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// An operator as compared: its id when it has one, else its folded name.
fn party(s: &Soggetto) -> String {
    let id = s.codice_fiscale.as_deref().or(s.id_estero.as_deref());
    match id.map(str::trim).filter(|i| !i.is_empty()) {
        Some(id) => id.to_uppercase(),
        None => fold(&s.ragione_sociale),
    }
}

/// The parties of a lot in a fixed order: each joint venture's members
/// sorted, the joint ventures sorted, the single operators sorted.
fn parties(s: &Soggetti) -> String {
    let mut groups: Vec<String> = s
        .raggruppamenti
        .iter()
        .map(|g| {
            let mut members: Vec<String> = g
                .iter()
                .map(|m| format!("{}:{}", party(&m.soggetto), m.ruolo.map_or("", |r| r.id())))
                .collect();
            members.sort();
            members.dedup();
            members.join(",")
        })
        .collect();
    groups.sort();
    groups.dedup();
    let mut singles: Vec<String> = s.singoli.iter().map(party).collect();
    singles.sort();
    singles.dedup();
    format!("[{}]{}", groups.join("|"), singles.join("|"))
}

/// What makes two entries of one CIG the same report.
pub(crate) fn normal_form(l: &L190Lotto) -> String {
    let date = |d: Option<crate::model::Date>| d.map(|d| d.iso()).unwrap_or_default();
    [
        l.cig.clone().unwrap_or_default().trim().to_uppercase(),
        l.struttura.codice_fiscale.trim().to_string(),
        fold(&l.struttura.denominazione),
        fold(&l.oggetto),
        l.scelta_contraente
            .map(|p| p.code.to_string())
            .unwrap_or_default(),
        parties(&l.partecipanti),
        parties(&l.aggiudicatari),
        shown(l.importo_aggiudicazione),
        shown(l.importo_somme_liquidate),
        date(l.data_inizio),
        date(l.data_ultimazione),
    ]
    .join("\n")
}

fn earliest<T: Ord>(a: Option<T>, b: Option<T>) -> Option<T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Adds the parties of `from` that `into` lacks, compared as in the normal
/// form (a name spelled with an entity is the same party).
fn unite(into: &mut Soggetti, from: &Soggetti) {
    for group in &from.raggruppamenti {
        let key = |g: &Vec<crate::l190::Membro>| {
            let mut k: Vec<String> = g.iter().map(|m| party(&m.soggetto)).collect();
            k.sort();
            k
        };
        if !into.raggruppamenti.iter().any(|g| key(g) == key(group)) {
            into.raggruppamenti.push(group.clone());
        }
    }
    for single in &from.singoli {
        if !into.singoli.iter().any(|s| party(s) == party(single)) {
            into.singoli.push(single.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn lot(amount: i64, winner: &str, oggetto: &str) -> L190Lotto {
        L190Lotto {
            cig: Some("ZDC274EE2F".into()),
            oggetto: oggetto.into(),
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

    fn at(i: usize) -> String {
        format!("lotto {}", i + 1)
    }

    #[test]
    fn repeats_up_to_noise_count_once() {
        let a = lot(100000, "CSM", "Servizi cimiteriali della città");
        let mut b = lot(100000, "csm ", "Servizi  cimiteriali della citt&agrave;");
        b.partecipanti.singoli = vec![Soggetto::default()];
        let mut a2 = a.clone();
        a2.partecipanti.singoli = vec![Soggetto::default()];
        let one = combine(&[&a2, &b], &at);
        assert_eq!(one.lotto, a2);
        assert_eq!(one.segnalazioni.len(), 1);
        assert_eq!(one.segnalazioni[0].regola, Regola::VociRipetute);
    }

    #[test]
    fn different_entries_keep_the_largest_in_any_order() {
        let (a, b, c) = (
            lot(100000, "CSM", "Proroga"),
            lot(387500, "CSM", "Integrazione"),
            lot(160000, "Altra", "Affidamento"),
        );
        let first = combine(&[&a, &b, &c], &at);
        let award = first.lotto.importo_aggiudicazione.unwrap().to_string();
        assert_eq!(award, "3875.00");
        assert_eq!(
            first.lotto.importo_somme_liquidate.unwrap().to_string(),
            "3875.00"
        );
        assert_eq!(first.lotto.oggetto, "Integrazione");
        assert_eq!(first.lotto.aggiudicatari.singoli.len(), 2);
        let rules: Vec<_> = first.segnalazioni.iter().map(|s| s.regola).collect();
        assert_eq!(rules, vec![Regola::VociDiscordanti; 2]);
        assert_eq!(
            first.segnalazioni[0].valore.as_deref(),
            Some("1600.00; 1000.00")
        );
        for order in [[&c, &b, &a], [&b, &a, &c], [&c, &a, &b]] {
            let again = combine(&order, &at);
            assert_eq!(again.lotto, first.lotto);
            let values = |s: &Combined| -> Vec<_> {
                s.segnalazioni.iter().map(|f| f.valore.clone()).collect()
            };
            assert_eq!(values(&again), values(&first));
        }
    }
}
