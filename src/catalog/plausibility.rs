//! Implausible amounts: flagged, never dropped or changed.
//!
//! Three rules, documented in `docs/qualita.md`, each pushing a finding
//! onto the procedure (`segnalazioni`) and naming the awarded amount
//! doubtful (`importo_dubbio`): pages, dumps and charts say so, and the
//! amount stays in every total.
//!
//! - `importo-uguale-id`: the amount's digits are an identifier of the same
//!   lot (a winner's P.IVA typed into the amount field: €2,094,561,202.00
//!   won by P.IVA 02094561202);
//! - `importo-oltre-pagato`: the award is over [`PAID_FACTOR`] times what
//!   was paid;
//! - `importo-anomalo`: the amount is far from the body's other awards, on
//!   a log scale: more than [`K`] robust deviations (1.4826 × MAD) from the
//!   median, for bodies with at least [`MIN_LOTS`] awarded lots.

use super::Procedure;
use crate::model::{Money, Regola, Segnalazione};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::collections::BTreeMap;

/// An award over this many times the amount paid is flagged.
pub(crate) const PAID_FACTOR: i64 = 100;
/// Fewer awarded lots than this and a body's distribution says nothing.
pub(crate) const MIN_LOTS: usize = 30;
/// Robust deviations (on log10 of the amount) beyond which an award is
/// far outside its body's distribution.
pub(crate) const K: f64 = 5.0;
/// The smallest spread used, in decades: a body whose awards are nearly
/// all alike would otherwise flag an ordinary one.
pub(crate) const MIN_SPREAD: f64 = 0.25;
/// Identifiers shorter than this (without leading zeros) are not compared:
/// a 4-digit amount equal to a 4-digit code means nothing.
const MIN_ID_DIGITS: usize = 8;
/// The field the awarded amount has in record and act files.
const AWARD: &str = "importo_netto";

/// Runs every rule; `body_cf` gives each body's codice fiscale.
pub(crate) fn check(procedures: &mut [Procedure], body_cf: &BTreeMap<String, String>) {
    for p in procedures.iter_mut() {
        let cf = body_cf.get(&p.ente).map(String::as_str);
        equal_to_id(p, cf);
        over_paid(p);
    }
    outliers(procedures);
    for p in procedures.iter_mut() {
        p.importo_dubbio = doubtful_award(p);
    }
}

/// The rules under which the awarded amount is doubtful, including
/// entries of the source that disagreed on it.
fn doubtful_award(p: &Procedure) -> Vec<Regola> {
    let mut rules: Vec<Regola> = p
        .segnalazioni
        .iter()
        .filter(|s| s.campo.as_deref() == Some(AWARD))
        .map(|s| s.regola)
        .filter(|r| {
            matches!(
                r,
                Regola::ImportoUgualeId
                    | Regola::ImportoOltrePagato
                    | Regola::ImportoAnomalo
                    | Regola::VociDiscordanti
            )
        })
        .collect();
    rules.sort();
    rules.dedup();
    rules
}

/// Digits of an identifier without leading zeros, when it is long enough.
fn id_digits(id: &str) -> Option<String> {
    let digits: String = id.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_start_matches('0');
    (digits.len() >= MIN_ID_DIGITS).then(|| digits.to_string())
}

/// The ways an amount can be an identifier typed in: its whole euros (when
/// it has no cents) or all its digits, cents included.
fn amount_digits(amount: Money) -> Vec<String> {
    let cents = amount.0.round_dp(2);
    let mut out = Vec::new();
    if cents.fract().is_zero() {
        out.push(cents.trunc().abs().to_string());
    }
    let all = (cents * Decimal::ONE_HUNDRED).trunc().abs().to_string();
    out.push(all.trim_start_matches('0').to_string());
    out
}

fn equal_to_id(p: &mut Procedure, body_cf: Option<&str>) {
    let mut ids: Vec<(String, &str)> = Vec::new();
    let operators = p
        .aggiudicatari
        .iter()
        .map(|a| &a.operatore)
        .chain(&p.partecipanti);
    for op in operators {
        for (id, what) in [
            (&op.partita_iva, "partita IVA"),
            (&op.codice_fiscale, "codice fiscale"),
            (&op.id_estero, "identificativo fiscale estero"),
        ] {
            if let Some(digits) = id.as_deref().and_then(id_digits) {
                ids.push((digits, what));
            }
        }
    }
    if let Some(digits) = body_cf.and_then(id_digits) {
        ids.push((digits, "codice fiscale dell'ente"));
    }
    let cig = p.cig.as_deref().or(p.codice.as_deref());
    let numeric = cig.filter(|c| c.chars().all(|ch| ch.is_ascii_digit()));
    if let Some(digits) = numeric.and_then(id_digits) {
        ids.push((digits, "CIG"));
    }
    let amounts = [
        (AWARD, p.importo_aggiudicato),
        ("importo_base", p.importo_base),
        ("liquidazioni", p.importo_liquidato),
    ];
    for (campo, amount) in amounts {
        let Some(amount) = amount else { continue };
        let forms = amount_digits(amount);
        if let Some((_, what)) = ids.iter().find(|(id, _)| forms.contains(id)) {
            p.segnalazioni.push(
                Segnalazione::new(Regola::ImportoUgualeId)
                    .campo(campo)
                    .valore(amount.to_string())
                    .nota(format!(
                        "le cifre dell'importo sono quelle della {what} di un soggetto del lotto: probabile errore di compilazione; importo lasciato com'è e nei totali"
                    )),
            );
        }
    }
}

fn over_paid(p: &mut Procedure) {
    let (Some(award), Some(paid)) = (p.importo_aggiudicato, p.importo_liquidato) else {
        return;
    };
    if paid.0 > Decimal::ZERO && award.0 > paid.0 * Decimal::from(PAID_FACTOR) {
        p.segnalazioni.push(
            Segnalazione::new(Regola::ImportoOltrePagato)
                .campo(AWARD)
                .valore(award.to_string())
                .nota(format!(
                    "aggiudicato oltre {PAID_FACTOR} volte il liquidato ({paid}): importo lasciato com'è e nei totali"
                )),
        );
    }
}

/// log10 of an awarded amount, for the amounts the distribution uses.
fn log_amount(p: &Procedure) -> Option<f64> {
    let amount = p.importo_aggiudicato?.0;
    (amount > Decimal::ZERO)
        .then(|| amount.to_f64())
        .flatten()
        .map(f64::log10)
}

fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

fn sorted(mut values: Vec<f64>) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    values
}

fn outliers(procedures: &mut [Procedure]) {
    let mut by_body: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, p) in procedures.iter().enumerate() {
        if log_amount(p).is_some() {
            by_body.entry(p.ente.clone()).or_default().push(i);
        }
    }
    for members in by_body.into_values() {
        if members.len() < MIN_LOTS {
            continue;
        }
        let logs = sorted(
            members
                .iter()
                .filter_map(|&i| log_amount(&procedures[i]))
                .collect(),
        );
        let centre = median(&logs);
        let spread = 1.4826 * median(&sorted(logs.iter().map(|x| (x - centre).abs()).collect()));
        let limit = K * spread.max(MIN_SPREAD);
        let typical = Decimal::from_f64_retain(10f64.powf(centre))
            .map_or(Money::ZERO, |d| Money(d.round_dp(2)));
        for &i in &members {
            let p = &mut procedures[i];
            let (Some(x), Some(amount)) = (log_amount(p), p.importo_aggiudicato) else {
                continue;
            };
            if (x - centre).abs() > limit {
                let direction = if x > centre { "sopra" } else { "sotto" };
                p.segnalazioni.push(
                    Segnalazione::new(Regola::ImportoAnomalo)
                        .campo(AWARD)
                        .valore(amount.to_string())
                        .nota(format!(
                            "molto {direction} gli importi dell'ente (mediana {typical} su {} lotti, oltre {K} deviazioni robuste in scala logaritmica): importo lasciato com'è e nei totali",
                            members.len()
                        )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_amount_is_compared_with_ids_as_typed() {
        let m = |s: &str| Money(s.parse().unwrap());
        assert!(amount_digits(m("2094561202.00")).contains(&"2094561202".to_string()));
        assert!(amount_digits(m("20945612.02")).contains(&"2094561202".to_string()));
        assert_eq!(id_digits("02094561202").as_deref(), Some("2094561202"));
        assert_eq!(id_digits("0001234"), None);
    }

    #[test]
    fn the_median_of_even_and_odd_lists() {
        assert_eq!(median(&[1.0, 2.0, 3.0]), 2.0);
        assert_eq!(median(&[1.0, 2.0, 3.0, 5.0]), 2.5);
    }
}
