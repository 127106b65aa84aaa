//! The section lists (acts, procedures, suppliers, bodies, years, CPV
//! codes), a page at a time: compact rows only, so that a list page stays
//! small whatever the size of the catalogue.

use crate::catalog::Group;
use crate::model::Money;
use crate::render::rows::{ActRow, ProcedureRow, SupplierRow};
use serde::Serialize;

/// Acts, newest first.
#[derive(Serialize)]
pub(crate) struct ActList<'a> {
    pub atti: Vec<ActRow<'a>>,
}

#[derive(Serialize)]
pub(crate) struct ProcedureList<'a> {
    pub procedure: Vec<ProcedureRow<'a>>,
}

#[derive(Serialize)]
pub(crate) struct SupplierList<'a> {
    pub fornitori: Vec<SupplierRow<'a>>,
}

/// Bodies, years or CPV codes.
#[derive(Serialize)]
pub(crate) struct GroupList<'a> {
    pub gruppi: Vec<GroupRow<'a>>,
}

/// One body, year or CPV code in a list.
#[derive(Serialize)]
pub(crate) struct GroupRow<'a> {
    pub chiave: &'a str,
    pub titolo: &'a str,
    pub url: &'a str,
    pub procedure: usize,
    pub atti: usize,
    pub importo_aggiudicato: Money,
}

impl<'a> GroupRow<'a> {
    pub fn new(g: &'a Group) -> GroupRow<'a> {
        GroupRow {
            chiave: &g.chiave,
            titolo: &g.titolo,
            url: &g.url,
            procedure: g.procedure.len(),
            atti: g.atti.len(),
            importo_aggiudicato: g.importo_aggiudicato,
        }
    }
}

impl<'a> GroupList<'a> {
    pub fn new(groups: impl Iterator<Item = &'a Group>) -> GroupList<'a> {
        GroupList {
            gruppi: groups.map(GroupRow::new).collect(),
        }
    }
}
