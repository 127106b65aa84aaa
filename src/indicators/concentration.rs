//! IND-06 and IND-07: how concentrated a body's awarded value is among
//! its suppliers in one CPV division: the top supplier's share and the
//! Herfindahl-Hirschman index.

use super::definitions;
use super::facts::{Fact, Facts};
use super::{Ambito, Esito, Flag, Found, euro, percent, share};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The top supplier holds half or more.
const TOP_SHARE: Decimal = Decimal::from_parts(5, 0, 0, false, 1);
/// "Highly concentrated" (Horizontal Merger Guidelines, 2010).
const HHI_LIMIT: Decimal = Decimal::from_parts(2500, 0, 0, false, 0);

/// The HHI of `amounts` on a 0–10,000 scale (shares in percentage points).
pub(crate) fn hhi(amounts: &[Decimal]) -> Decimal {
    let total: Decimal = amounts.iter().copied().sum();
    if total.is_zero() {
        return Decimal::ZERO;
    }
    amounts
        .iter()
        .map(|a| {
            let points = *a * Decimal::ONE_HUNDRED / total;
            points * points
        })
        .sum::<Decimal>()
        .round_dp(0)
}

/// A group's suppliers, each with its amount and procedures.
type Shares<'a> = BTreeMap<&'a str, (Decimal, Vec<&'a str>)>;

pub(super) fn find(facts: &Facts, found: &mut Found) {
    let groups = facts.grouped(|f| Some((f.p.ente.as_str(), f.division?)));
    let minimum = definitions::of("IND-06").minimo;
    for ((ente, division), procedures) in groups {
        let mut shares: Shares = BTreeMap::new();
        let mut counted = 0;
        for f in &procedures {
            counted += usize::from(credit(f, &mut shares));
        }
        let total: Decimal = shares.values().map(|(a, _)| *a).sum();
        if counted < minimum || total <= Decimal::ZERO {
            continue;
        }
        let group = Group {
            ente,
            chiave: format!("{ente}/{division}"),
            division,
            n: counted,
            total,
        };
        top_share(&group, &shares, found);
        concentration_index(&group, &shares, found);
    }
}

/// Credits each winner's attributed amount; whether the procedure counts.
fn credit<'a>(f: &'a Fact, shares: &mut Shares<'a>) -> bool {
    let mut any = false;
    for award in &f.p.aggiudicatari {
        if let Some(amount) = award.importo_attribuito.filter(|a| a.0 > Decimal::ZERO) {
            let entry = shares.entry(award.fornitore.as_str()).or_default();
            entry.0 += amount.0;
            entry.1.push(&f.p.key);
            any = true;
        }
    }
    any
}

struct Group<'a> {
    ente: &'a str,
    chiave: String,
    division: &'a str,
    n: usize,
    total: Decimal,
}

impl Group<'_> {
    fn flag(&self, codice: &'static str, valore: Decimal, soglia: Decimal) -> Flag {
        Flag {
            codice,
            ambito: Ambito::Ente,
            ente: self.ente.to_string(),
            chiave: self.chiave.clone(),
            id_procedura: None,
            cig: None,
            fornitore: None,
            valore,
            soglia,
            n: self.n,
            esito: Esito::DaVerificare,
            nota: String::new(),
            procedure: Vec::new(),
        }
    }
}

fn top_share(group: &Group, shares: &Shares, found: &mut Found) {
    let Some((top, (amount, keys))) = shares
        .iter()
        .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.0.cmp(a.0)))
    else {
        return;
    };
    let value = share(*amount, group.total);
    if value < TOP_SHARE {
        return;
    }
    let mut flag = group.flag("IND-06", value, TOP_SHARE);
    flag.fornitore = Some(top.to_string());
    flag.nota = format!(
        "il primo fornitore ha {} su {} attribuiti nella divisione CPV {} ({}), in {} procedure su {}",
        euro(*amount),
        euro(group.total),
        group.division,
        percent(value),
        keys.len(),
        group.n
    );
    flag.procedure = keys.iter().map(|k| k.to_string()).collect();
    found.flags.push(flag);
}

fn concentration_index(group: &Group, shares: &Shares, found: &mut Found) {
    let amounts: Vec<Decimal> = shares.values().map(|(a, _)| *a).collect();
    let index = hhi(&amounts);
    if index < HHI_LIMIT {
        return;
    }
    let mut flag = group.flag("IND-07", index, HHI_LIMIT);
    flag.nota = format!(
        "indice di Herfindahl-Hirschman {} su 10.000 nella divisione CPV {}: {} fornitori per {} in {} procedure",
        crate::format::count(index.to_string().parse().unwrap_or(0)),
        group.division,
        shares.len(),
        euro(group.total),
        group.n
    );
    flag.procedure = shares
        .values()
        .flat_map(|(_, keys)| keys.iter().map(|k| k.to_string()))
        .collect();
    found.flags.push(flag);
}

#[cfg(test)]
mod tests {
    use super::hhi;
    use rust_decimal::Decimal;

    #[test]
    fn hhi_runs_from_many_suppliers_to_one() {
        let d = Decimal::from;
        assert_eq!(hhi(&[d(100)]), d(10_000));
        assert_eq!(hhi(&[d(50), d(50)]), d(5_000));
        assert_eq!(hhi(&[d(1); 100]), d(100));
        // 60/30/10: 3600 + 900 + 100.
        assert_eq!(hhi(&[d(60), d(30), d(10)]), d(4_600));
        assert_eq!(hhi(&[]), d(0));
    }
}
