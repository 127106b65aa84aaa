//! Compact rows for lists: what a table line shows, and nothing more, so
//! a list page stays small whatever the size of the catalog.

use crate::catalog::{ActEntry, Catalog, Procedure, Supplier};
use crate::model::{Date, Money};
use serde::Serialize;

#[derive(Serialize)]
pub(crate) struct ProcedureRow<'a> {
    pub url: &'a str,
    pub chiave: &'a str,
    pub cig: Option<&'a str>,
    pub oggetto: &'a str,
    pub ente: &'a str,
    pub ente_nome: &'a str,
    pub anno: i32,
    pub data: Option<Date>,
    pub procedura: Option<&'static str>,
    pub importo_aggiudicato: Option<Money>,
    pub aggiudicatari: Vec<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct ActRow<'a> {
    pub url: &'a str,
    pub tipo: &'static str,
    pub numero: Option<&'a str>,
    pub data: Date,
    pub oggetto: &'a str,
    pub ente: &'a str,
    pub ente_nome: &'a str,
}

#[derive(Serialize)]
pub(crate) struct SupplierRow<'a> {
    pub url: &'a str,
    pub id: &'a str,
    pub denominazione: &'a str,
    pub lotti: usize,
    pub totale: Money,
}

pub(crate) fn procedure_row<'a>(catalog: &'a Catalog, p: &'a Procedure) -> ProcedureRow<'a> {
    ProcedureRow {
        url: &p.url,
        chiave: &p.key,
        cig: p.cig.as_deref(),
        oggetto: &p.oggetto,
        ente: &p.ente,
        ente_nome: catalog.ente_name(&p.ente),
        anno: p.anno,
        data: p.data,
        procedura: p.procedura.map(|x| x.id),
        importo_aggiudicato: p.importo_aggiudicato,
        aggiudicatari: p
            .aggiudicatari
            .iter()
            .map(|a| a.operatore.denominazione.as_str())
            .collect(),
    }
}

pub(crate) fn act_row<'a>(catalog: &'a Catalog, a: &'a ActEntry) -> ActRow<'a> {
    ActRow {
        url: &a.url,
        tipo: a.header.tipo.label(),
        numero: a.header.numero.as_deref(),
        data: a.header.data,
        oggetto: &a.header.oggetto,
        ente: &a.header.ente,
        ente_nome: catalog.ente_name(&a.header.ente),
    }
}

pub(crate) fn supplier_row(s: &Supplier) -> SupplierRow<'_> {
    SupplierRow {
        url: &s.url,
        id: &s.id,
        denominazione: &s.denominazione,
        lotti: s.lotti.len(),
        totale: s.totale,
    }
}
