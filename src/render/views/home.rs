//! The home page: the totals, the latest acts, the bodies and years, the
//! charts of the whole catalogue.

use super::lists::GroupRow;
use crate::catalog::{Catalog, Totals};
use crate::render::charts::ChartData;
use crate::render::rows::{ActRow, act_row};
use serde::Serialize;

/// Acts the home page lists.
const LATEST: usize = 10;

#[derive(Serialize)]
pub(crate) struct HomeView<'a> {
    pub totali: &'a Totals,
    /// The last acts in date order, newest first.
    pub ultimi_atti: Vec<ActRow<'a>>,
    pub enti: Vec<GroupRow<'a>>,
    pub anni: Vec<GroupRow<'a>>,
    pub grafici: Vec<ChartData>,
}

impl<'a> HomeView<'a> {
    pub fn new(c: &'a Catalog) -> HomeView<'a> {
        HomeView {
            totali: &c.totals,
            ultimi_atti: c
                .acts
                .iter()
                .rev()
                .take(LATEST)
                .map(|a| act_row(c, a))
                .collect(),
            enti: c.enti.iter().map(|(_, g)| GroupRow::new(g)).collect(),
            anni: c.years.iter().map(GroupRow::new).collect(),
            grafici: crate::render::chart_data::home(c),
        }
    }
}
