//! The facts of each procedure the indicators read, taken from the
//! catalogue once: body, date, amount, CPV, procedure type, winners.

use crate::catalog::{Catalog, Procedure};
use crate::model::Date;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

pub(crate) struct Fact<'a> {
    pub p: &'a Procedure,
    /// Net awarded amount, else the base amount (as the thresholds count).
    pub amount: Option<Decimal>,
    /// The first CPV code's division (2 digits) and group (3 digits).
    pub division: Option<&'a str>,
    pub group: Option<&'a str>,
    /// The winners' supplier ids, sorted.
    pub winners: Vec<&'a str>,
}

impl Fact<'_> {
    pub(crate) fn date(&self) -> Option<Date> {
        self.p.data
    }

    /// A direct award bound by the value thresholds (art. 50 c. 1 a/b).
    pub(crate) fn bound(&self) -> bool {
        self.p
            .procedura
            .is_some_and(crate::check::bound_by_threshold)
    }

    /// A procedure without competition: a direct award (framework call-offs
    /// aside) or a negotiated procedure without a prior notice.
    pub(crate) fn non_competitive(&self) -> Option<bool> {
        let t = self.p.procedura?;
        Some(t.is_direct_award() || matches!(t.code, "04" | "06"))
    }
}

pub(crate) struct Facts<'a> {
    pub catalog: &'a Catalog,
    /// In the catalogue's order (by procedure key).
    pub all: Vec<Fact<'a>>,
}

impl<'a> Facts<'a> {
    pub(crate) fn new(catalog: &'a Catalog) -> Facts<'a> {
        let all = catalog.procedures.iter().map(fact).collect();
        Facts { catalog, all }
    }

    /// The facts grouped by `key` (None: left out), groups in key order,
    /// each in date order (undated last), ties by procedure key.
    pub(crate) fn grouped<K: Ord>(
        &self,
        key: impl Fn(&Fact<'a>) -> Option<K>,
    ) -> BTreeMap<K, Vec<&Fact<'a>>> {
        let mut groups: BTreeMap<K, Vec<&Fact<'a>>> = BTreeMap::new();
        for f in &self.all {
            if let Some(k) = key(f) {
                groups.entry(k).or_default().push(f);
            }
        }
        for g in groups.values_mut() {
            g.sort_by(|a, b| {
                let order = |f: &Fact| (f.date().is_none(), f.date(), f.p.key.clone());
                order(a).cmp(&order(b))
            });
        }
        groups
    }

    /// The text of every act of a procedure and its `norma`, lowercased:
    /// where an act states the legal basis of an exception.
    pub(crate) fn text_of(&self, p: &Procedure) -> String {
        let mut text = p.norma.clone().unwrap_or_default();
        for &i in &p.acts {
            if let Some(act) = self.catalog.acts.get(i) {
                text.push('\n');
                text.push_str(&act.body);
                for lot in &act.header.lotti {
                    if let Some(n) = &lot.norma {
                        text.push('\n');
                        text.push_str(n);
                    }
                }
            }
        }
        text.to_lowercase()
    }
}

fn fact(p: &Procedure) -> Fact<'_> {
    let code = p.cpv.first().map(|c| c.trim());
    let digits = |n: usize| {
        code.and_then(|c| c.get(..n))
            .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))
    };
    let mut winners: Vec<&str> = p
        .aggiudicatari
        .iter()
        .map(|a| a.fornitore.as_str())
        .collect();
    winners.sort_unstable();
    winners.dedup();
    Fact {
        amount: p.importo_aggiudicato.or(p.importo_base).map(|m| m.0),
        division: digits(2),
        group: digits(3),
        winners,
        p,
    }
}
