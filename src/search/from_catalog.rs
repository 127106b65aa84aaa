//! The searchable documents of a catalog: every act, procedure and supplier.

use super::{DocKind, SearchDoc};
use crate::catalog::{ActEntry, Catalog, Procedure, Supplier};
use rayon::prelude::*;

/// How much of an act's text is indexed: the opening states what the act
/// decides; the rest (legal recitals) would only add noise and weight.
const BODY_CHARS: usize = 1500;

pub fn documents(catalog: &Catalog) -> Vec<SearchDoc> {
    let acts = catalog.acts.par_iter().map(|a| act_doc(catalog, a));
    let procedures = catalog
        .procedures
        .par_iter()
        .map(|p| procedure_doc(catalog, p));
    let suppliers = catalog.suppliers.par_iter().map(supplier_doc);
    acts.chain(procedures).chain(suppliers).collect()
}

fn act_doc(catalog: &Catalog, a: &ActEntry) -> SearchDoc {
    let h = &a.header;
    let mut identifiers: Vec<String> = h.numero.iter().cloned().collect();
    let mut text = vec![h.oggetto.clone()];
    text.extend(h.ufficio.clone());
    for lot in &h.lotti {
        identifiers.extend(
            lot.cig
                .iter()
                .chain(lot.codice.iter())
                .chain(lot.cup.iter())
                .cloned(),
        );
        identifiers.extend(lot.cpv.iter().cloned());
        for op in &lot.aggiudicatari {
            identifiers.extend(op.partita_iva.iter().cloned());
            text.push(op.denominazione.clone());
        }
        text.extend(lot.oggetto.clone());
    }
    text.push(a.body.chars().take(BODY_CHARS).collect());
    let first = h.lotti.first();
    let amount = h
        .lotti
        .iter()
        .filter_map(|l| l.importo_netto)
        .map(|m| m.0)
        .reduce(|x, y| x + y);
    SearchDoc {
        kind: DocKind::Atto,
        title: h.oggetto.clone(),
        url: a.url.clone(),
        date: Some(h.data.0),
        amount,
        ente: Some(h.ente.clone()),
        ente_name: Some(catalog.ente_name(&h.ente).to_string()),
        year: Some(h.data.year()),
        procedura: first.and_then(|l| l.procedura).map(|p| p.id.to_string()),
        categoria: first
            .and_then(|l| crate::catalog::procedure::category(&l.cpv))
            .map(str::to_string),
        text: text.join(" \n"),
        identifiers,
    }
}

fn procedure_doc(catalog: &Catalog, p: &Procedure) -> SearchDoc {
    let mut identifiers: Vec<String> = p
        .cig
        .iter()
        .chain(p.codice.iter())
        .chain(p.cup.iter())
        .cloned()
        .collect();
    identifiers.extend(p.cpv.iter().cloned());
    let mut text = vec![p.oggetto.clone()];
    for award in &p.aggiudicatari {
        identifiers.extend(award.operatore.partita_iva.iter().cloned());
        text.push(award.operatore.denominazione.clone());
    }
    text.extend(p.norma.clone());
    text.extend(p.strumento.clone());
    SearchDoc {
        kind: DocKind::Procedura,
        title: p.oggetto.clone(),
        url: p.url.clone(),
        date: p.data.map(|d| d.0),
        amount: p.importo_aggiudicato.map(|m| m.0),
        ente: Some(p.ente.clone()),
        ente_name: Some(catalog.ente_name(&p.ente).to_string()),
        year: (p.anno > 0).then_some(p.anno),
        procedura: p.procedura.map(|x| x.id.to_string()),
        categoria: p.categoria.map(str::to_string),
        text: text.join(" \n"),
        identifiers,
    }
}

fn supplier_doc(s: &Supplier) -> SearchDoc {
    let mut identifiers = vec![s.id.clone()];
    identifiers.extend(s.partita_iva.iter().chain(s.id_estero.iter()).cloned());
    let mut text = s.denominazioni.clone();
    text.extend(s.sede.clone());
    SearchDoc {
        kind: DocKind::Fornitore,
        title: s.denominazione.clone(),
        url: s.url.clone(),
        date: None,
        amount: Some(s.totale.0),
        ente: None,
        ente_name: None,
        year: None,
        procedura: None,
        categoria: None,
        text: text.join(" \n"),
        identifiers,
    }
}
