//! Thresholds of direct awards, by the law in force at the act date.
//!
//! The amount compared is the value net of VAT (`importo_netto`, else
//! `importo_base`), as the codes count it; works are lots with a CPV of
//! division 45. Direct awards that follow other rules (in-house companies,
//! framework agreements and conventions, social cooperatives, variants and
//! supplementary works) have no such threshold and are not checked. Above the
//! threshold the check warns rather than fails: exceptions exist (urgency,
//! exclusive rights) and the act must state them.

use super::{Out, join};
use crate::model::{Date, Lotto};
use crate::toml_doc::Seg;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Direct awards bound by the value thresholds.
const BOUND: &[&str] = &["affidamento-diretto"];

/// One period of law: from `since`, services and supplies below `goods`,
/// works below `works`, with the rule each cites.
struct Regime {
    since: (i32, u32, u32),
    goods: i64,
    goods_rule: &'static str,
    works: i64,
    works_rule: &'static str,
}

/// Newest first.
const REGIMES: &[Regime] = &[
    Regime {
        since: (2023, 7, 1),
        goods: 140_000,
        goods_rule: "art. 50, c. 1, lett. b), D.Lgs. 36/2023",
        works: 150_000,
        works_rule: "art. 50, c. 1, lett. a), D.Lgs. 36/2023",
    },
    Regime {
        since: (2021, 6, 1),
        goods: 139_000,
        goods_rule: "art. 1, c. 2, lett. a), DL 76/2020 (come modificato dal DL 77/2021)",
        works: 150_000,
        works_rule: "art. 1, c. 2, lett. a), DL 76/2020",
    },
    Regime {
        since: (2020, 7, 17),
        goods: 75_000,
        goods_rule: "art. 1, c. 2, lett. a), DL 76/2020",
        works: 150_000,
        works_rule: "art. 1, c. 2, lett. a), DL 76/2020",
    },
    Regime {
        since: (2019, 1, 1),
        goods: 40_000,
        goods_rule: "art. 36, c. 2, lett. a), D.Lgs. 50/2016",
        works: 150_000,
        works_rule: "art. 1, c. 912, L. 145/2018 e art. 36, c. 2, lett. b), D.Lgs. 50/2016",
    },
    Regime {
        since: (2016, 4, 19),
        goods: 40_000,
        goods_rule: "art. 36, c. 2, lett. a), D.Lgs. 50/2016",
        works: 40_000,
        works_rule: "art. 36, c. 2, lett. a), D.Lgs. 50/2016",
    },
    Regime {
        since: (1, 1, 1),
        goods: 40_000,
        goods_rule: "art. 125, c. 11, D.Lgs. 163/2006",
        works: 40_000,
        works_rule: "art. 125, c. 8, D.Lgs. 163/2006",
    },
];

fn regime_at(date: Date) -> &'static Regime {
    REGIMES
        .iter()
        .find(|r| {
            let (y, m, d) = r.since;
            NaiveDate::from_ymd_opt(y, m, d).is_some_and(|since| date.0 >= since)
        })
        .unwrap_or(&REGIMES[REGIMES.len() - 1])
}

/// Whether a procedure type is bound by the value thresholds of direct awards.
pub(crate) fn bound_by_threshold(procedura: crate::model::TipoProcedura) -> bool {
    procedura.is_direct_award() && BOUND.contains(&procedura.id)
}

/// The threshold and rule of a direct award of `cpv` made on `date`: the
/// one table the checks and the integrity indicators read.
pub(crate) fn direct_award_limit(cpv: &[String], date: Date) -> (Decimal, &'static str) {
    let (threshold, rule, _) = limit(cpv, date);
    (Decimal::from(threshold), rule)
}

/// The threshold and rule for a lot of `cpv` awarded on `date`, and whether
/// the lot's category is unknown (no CPV: the higher threshold applies).
fn limit(cpv: &[String], date: Date) -> (i64, &'static str, bool) {
    let regime = regime_at(date);
    let works = cpv.iter().any(|c| c.starts_with("45"));
    if cpv.is_empty() {
        // Unknown category: only the higher threshold is certain to apply.
        if regime.works >= regime.goods {
            return (regime.works, regime.works_rule, true);
        }
        return (regime.goods, regime.goods_rule, true);
    }
    if works {
        (regime.works, regime.works_rule, false)
    } else {
        (regime.goods, regime.goods_rule, false)
    }
}

pub(super) fn check_lot(out: &Out, lot: &Lotto, prefix: &[Seg<'static>], date: Date) {
    let Some(procedura) = lot.procedura else {
        return;
    };
    if !bound_by_threshold(procedura) {
        return;
    }
    let (key, amount) = match (lot.importo_netto, lot.importo_base) {
        (Some(n), _) => ("importo_netto", n.0),
        (None, Some(b)) => ("importo_base", b.0),
        _ => return,
    };
    let (threshold, rule, unknown) = limit(&lot.cpv, date);
    if amount < Decimal::from(threshold) {
        return;
    }
    let kind = if unknown {
        "senza CPV, soglia più alta"
    } else if lot.cpv.iter().any(|c| c.starts_with("45")) {
        "lavori"
    } else {
        "servizi e forniture"
    };
    out.at(
        "W410",
        &join(prefix, &[Seg::Key(key)]),
        format!(
            "affidamento diretto di {amount} € IVA esclusa, non sotto la soglia di {} € ({kind}) dell'{rule}, in vigore il {}",
            threshold,
            date.italian()
        ),
        "verifica la procedura: sopra soglia serve una procedura negoziata o aperta, oppure l'atto deve citare la deroga che la consente (norma = \"...\")".into(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse_iso(text).unwrap()
    }

    #[test]
    fn regimes_by_date() {
        assert_eq!(regime_at(date("2023-07-01")).goods, 140_000);
        assert_eq!(regime_at(date("2023-06-30")).goods, 139_000);
        assert_eq!(regime_at(date("2021-05-31")).goods, 75_000);
        assert_eq!(regime_at(date("2020-07-16")).goods, 40_000);
        assert_eq!(regime_at(date("2020-07-16")).works, 150_000);
        assert_eq!(regime_at(date("2018-12-31")).works, 40_000);
        assert!(
            regime_at(date("2010-01-01"))
                .goods_rule
                .contains("163/2006")
        );
    }

    #[test]
    fn works_are_cpv_division_45() {
        let mut lot = Lotto {
            cpv: vec!["45233140-2".into()],
            ..Lotto::default()
        };
        assert_eq!(limit(&lot.cpv, date("2024-01-01")).0, 150_000);
        lot.cpv = vec!["72910000-2".into()];
        assert_eq!(limit(&lot.cpv, date("2024-01-01")).0, 140_000);
        lot.cpv.clear();
        assert_eq!(
            limit(&lot.cpv, date("2024-01-01")),
            (150_000, REGIMES[0].works_rule, true)
        );
    }
}
