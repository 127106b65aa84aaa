//! The sentences under charts and "top" lists, so that a bar never tells
//! more than the data: which bars include an amount flagged as doubtful
//! (it stays in the totals), and what share of the value awarded reaches
//! no single supplier (joint ventures without stated shares, lots without
//! a listed winner).

use super::charts::ChartData;
use crate::catalog::{Catalog, Procedure, Supplier};
use crate::format;
use crate::model::Money;
use crate::route::{Route, Section};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// Said under a chart with a flagged bar.
pub(crate) const FLAGGED: &str = "Le voci segnate «importo dubbio» comprendono importi segnalati come dubbi (vedi la pagina del CIG): sono pubblicati come la fonte li riporta e restano nei totali.";

/// What a flagged procedure adds to each kind of bar, in the bars' own
/// terms (their link, or their label when they have none).
pub(crate) struct Flagged {
    pub years: BTreeSet<String>,
    pub enti: BTreeSet<String>,
    pub suppliers: BTreeSet<String>,
    pub labels: BTreeSet<String>,
}

impl Flagged {
    /// Over the procedures `indices` of the catalog.
    pub(crate) fn of(
        c: &Catalog,
        indices: &[usize],
        label: impl Fn(&Procedure) -> String,
    ) -> Flagged {
        let mut f = Flagged {
            years: BTreeSet::new(),
            enti: BTreeSet::new(),
            suppliers: BTreeSet::new(),
            labels: BTreeSet::new(),
        };
        for p in indices.iter().map(|&i| &c.procedures[i]) {
            if p.importo_dubbio.is_empty() {
                continue;
            }
            f.years.insert(year_href(c, p.anno));
            f.enti
                .insert(c.urls.href(&Route::Item(Section::Enti, &p.ente)));
            f.labels.insert(label(p));
            for a in p.aggiudicatari.iter() {
                if a.importo_attribuito.is_some() {
                    f.suppliers.insert(a.fornitore_url.clone());
                }
            }
        }
        f
    }

    /// Over a supplier's own lots (only those credited to it count).
    pub(crate) fn of_supplier(
        c: &Catalog,
        s: &Supplier,
        label: impl Fn(&str) -> String,
    ) -> Flagged {
        let mut f = Flagged {
            years: BTreeSet::new(),
            enti: BTreeSet::new(),
            suppliers: BTreeSet::new(),
            labels: BTreeSet::new(),
        };
        for lot in &s.lotti {
            if lot.importo_dubbio && lot.importo_attribuito.is_some() {
                f.years.insert(lot.anno.to_string());
                f.enti
                    .insert(c.urls.href(&Route::Item(Section::Enti, &lot.ente)));
                f.labels.insert(label(&lot.procedura));
            }
        }
        f
    }
}

fn year_href(c: &Catalog, year: i32) -> String {
    c.urls.href(&Route::Item(Section::Anni, &year.to_string()))
}

/// Marks the bars whose key (link, else label) is in `keys`, and says so.
pub(crate) fn mark(chart: &mut ChartData, keys: &BTreeSet<String>) {
    let mut any = false;
    for row in &mut chart.righe {
        let key = row.url.as_ref().unwrap_or(&row.etichetta);
        if keys.contains(key) {
            row.dubbio = true;
            any = true;
        }
    }
    if any {
        chart.note.push(FLAGGED.to_string());
    }
}

/// The value of the procedures `indices` that no single supplier is
/// credited with, as a sentence; `None` when every euro reaches one.
pub(crate) fn unattributed(c: &Catalog, indices: &[usize]) -> Option<String> {
    let (mut total, mut shared, mut no_winner) = (Money::ZERO, Money::ZERO, Money::ZERO);
    for p in indices.iter().map(|&i| &c.procedures[i]) {
        let Some(amount) = p.importo_aggiudicato else {
            continue;
        };
        total = total + amount;
        if p.aggiudicatari.is_empty() {
            no_winner = no_winner + amount;
            continue;
        }
        let credited: Money = p
            .aggiudicatari
            .iter()
            .filter_map(|a| a.importo_attribuito)
            .sum();
        if credited < amount {
            shared = Money(shared.0 + amount.0 - credited.0);
        }
    }
    let missing = shared.0 + no_winner.0;
    if total.0 <= Decimal::ZERO || missing <= Decimal::ZERO {
        return None;
    }
    let share = (missing * Decimal::ONE_HUNDRED / total.0).round_dp(1);
    Some(format!(
        "Il {} dell'importo aggiudicato ({}) non è attribuito a un singolo fornitore e non compare in questa classifica: {} in lotti vinti in raggruppamento o da più aggiudicatari senza quota indicata, {} in lotti senza aggiudicatario indicato.",
        format::percent(share),
        format::euro(missing),
        format::euro(shared.0),
        format::euro(no_winner.0)
    ))
}
