//! IND-05: bunching just below the direct-award threshold. A body's direct
//! awards are placed in three bands under the threshold of each award's
//! date; with amounts spread evenly each band would hold a third of them.
//! The stated test: the one-sided binomial probability of finding at least
//! as many awards in the band just below, with p = 1/3.

use super::definitions;
use super::facts::{Fact, Facts};
use super::{Ambito, Esito, Flag, Found, percent, share};
use crate::check::direct_award_limit;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::collections::BTreeMap;

const CODE: &str = "IND-05";
/// The probability at or below which the band is flagged.
const ALPHA: f64 = 0.05;

/// The width of a band: 5,000 € for thresholds up to 100,000 €
/// (35–40 k€ under 40,000), 10,000 € above (130–140 k€ under 140,000).
pub(crate) fn band_width(threshold: Decimal) -> Decimal {
    if threshold <= Decimal::from(100_000) {
        Decimal::from(5_000)
    } else {
        Decimal::from(10_000)
    }
}

/// Band 0 is just under the threshold, 1 and 2 below it; `None` outside.
pub(crate) fn band(amount: Decimal, threshold: Decimal) -> Option<usize> {
    if amount >= threshold || amount < Decimal::ZERO {
        return None;
    }
    let below = threshold - amount;
    // Band 0 is [threshold - width, threshold): `below` in (0, width].
    let index = (below / band_width(threshold)).ceil() - Decimal::ONE;
    index.to_usize().filter(|&b| b < 3)
}

pub(super) fn find(facts: &Facts, found: &mut Found) {
    let mut bodies: BTreeMap<&str, [Vec<&Fact>; 3]> = BTreeMap::new();
    for f in facts.all.iter().filter(|f| f.bound()) {
        let (Some(date), Some(amount)) = (f.date(), f.amount) else {
            found.exclude(CODE);
            continue;
        };
        let (threshold, _) = direct_award_limit(&f.p.cpv, date);
        if let Some(b) = band(amount, threshold) {
            bodies.entry(f.p.ente.as_str()).or_default()[b].push(f);
        }
    }
    let minimum = definitions::of(CODE).minimo;
    for (ente, bands) in bodies {
        let n = bands.iter().map(Vec::len).sum::<usize>();
        let top = bands[0].len();
        if n < minimum || top * 3 <= n {
            continue;
        }
        let p = binomial_tail(n, top);
        if p > ALPHA {
            continue;
        }
        let value = share(Decimal::from(top), Decimal::from(n));
        found.flags.push(Flag {
            codice: CODE,
            ambito: Ambito::Ente,
            ente: ente.to_string(),
            chiave: ente.to_string(),
            id_procedura: None,
            cig: None,
            fornitore: None,
            valore: value,
            soglia: share(Decimal::ONE, Decimal::from(3)),
            n,
            esito: Esito::DaVerificare,
            nota: format!(
                "{top} affidamenti diretti su {n} nella fascia appena sotto la soglia ({}), {} e {} nelle due fasce sotto; con importi uniformi sarebbe un terzo: probabilità binomiale {:.4}",
                percent(value),
                bands[1].len(),
                bands[2].len(),
                p
            ),
            procedure: bands[0].iter().map(|f| f.p.key.clone()).collect(),
        });
    }
}

/// P(X ≥ k) for X ~ Binomial(n, 1/3), summed in log space so that large
/// `n` does not underflow.
pub(crate) fn binomial_tail(n: usize, k: usize) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if k > n {
        return 0.0;
    }
    let nf = n as f64;
    let mut log_pmf = Vec::with_capacity(n + 1);
    let mut current = nf * (2.0f64 / 3.0).ln();
    log_pmf.push(current);
    for i in 0..n {
        current += ((n - i) as f64).ln() - ((i + 1) as f64).ln() - 2.0f64.ln();
        log_pmf.push(current);
    }
    let tail = &log_pmf[k..];
    let max = tail.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = tail.iter().map(|l| (l - max).exp()).sum();
    (max + sum.ln()).exp().min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(n: i64) -> Decimal {
        Decimal::from(n)
    }

    #[test]
    fn bands_follow_the_threshold_of_the_date() {
        assert_eq!(band(d(39_999), d(40_000)), Some(0));
        assert_eq!(band(d(35_000), d(40_000)), Some(0));
        assert_eq!(band(d(34_999), d(40_000)), Some(1));
        assert_eq!(band(d(25_000), d(40_000)), Some(2));
        assert_eq!(band(d(24_999), d(40_000)), None);
        assert_eq!(band(d(40_000), d(40_000)), None);
        assert_eq!(band(d(130_000), d(140_000)), Some(0));
        assert_eq!(band(d(129_999), d(140_000)), Some(1));
        assert_eq!(band(d(110_000), d(140_000)), Some(2));
        assert_eq!(band(d(109_999), d(140_000)), None);
    }

    #[test]
    fn the_binomial_tail_is_exact_on_small_cases() {
        // n = 3: P(X ≥ 3) = 1/27, P(X ≥ 1) = 1 - 8/27.
        assert!((binomial_tail(3, 3) - 1.0 / 27.0).abs() < 1e-12);
        assert!((binomial_tail(3, 1) - 19.0 / 27.0).abs() < 1e-12);
        assert_eq!(binomial_tail(3, 0), 1.0);
        assert_eq!(binomial_tail(3, 4), 0.0);
        // 10 of 15 in one band is unlikely, 6 of 15 is not.
        assert!(binomial_tail(15, 10) < 0.01);
        assert!(binomial_tail(15, 6) > 0.05);
        // Large n does not underflow to nothing.
        assert!(binomial_tail(5_000, 1_700) > 0.0);
    }
}
