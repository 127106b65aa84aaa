//! An act's page: the act as the catalogue holds it, with names for display.

use super::{LabelledFinding, labelled};
use crate::catalog::{ActEntry, AttachmentEntry, Award, Catalog, LinkEntry};
use crate::model::ActId;
use crate::model::{ActHeader, Operatore};
use crate::render::rows::{ProcedureRow, procedure_row};
use serde::Serialize;

#[derive(Serialize)]
pub(crate) struct ActView<'a> {
    pub id: &'a ActId,
    pub url: &'a str,
    /// The act's file, relative to `content/`.
    pub file: &'a str,
    /// Every key of the act's front matter (docs/formato-atti.md).
    #[serde(flatten)]
    pub header: &'a ActHeader,
    /// The procedure key of each of the act's lots.
    pub procedure: &'a [String],
    pub collegamenti: &'a [LinkEntry],
    pub documenti: &'a [AttachmentEntry],
    /// The act's Markdown text.
    pub testo: &'a str,
    pub ente_nome: &'a str,
    pub tipo_etichetta: &'static str,
    /// The rows of the act's procedures found in the catalogue.
    pub procedure_collegate: Vec<ProcedureRow<'a>>,
    /// Per lot, per winner: the winner's supplier page, when the lot's
    /// procedure credits the same operator.
    pub fornitori_url: Vec<Vec<Option<&'a str>>>,
    pub segnalazioni: Vec<LabelledFinding<'a>>,
}

impl<'a> ActView<'a> {
    pub fn new(c: &'a Catalog, a: &'a ActEntry) -> ActView<'a> {
        let procedure_collegate = a
            .procedure
            .iter()
            .filter_map(|k| c.procedure(k))
            .map(|p| procedure_row(c, p))
            .collect();
        let fornitori_url = a
            .header
            .lotti
            .iter()
            .enumerate()
            .map(|(i, lot)| {
                let awards: &[Award] = a
                    .procedure
                    .get(i)
                    .and_then(|k| c.procedure(k))
                    .map_or(&[], |p| &p.aggiudicatari);
                lot.aggiudicatari
                    .iter()
                    .map(|op| supplier_url(awards, op))
                    .collect()
            })
            .collect();
        ActView {
            id: &a.id,
            url: &a.url,
            file: &a.file,
            header: &a.header,
            procedure: &a.procedure,
            collegamenti: &a.collegamenti,
            documenti: &a.documenti,
            testo: &a.body,
            ente_nome: c.ente_name(&a.header.ente),
            tipo_etichetta: a.header.tipo.label(),
            procedure_collegate,
            fornitori_url,
            segnalazioni: labelled(&a.segnalazioni),
        }
    }
}

/// The supplier page of the award that is `op`: same name, and the same
/// P.IVA when both state one.
fn supplier_url<'a>(awards: &'a [Award], op: &Operatore) -> Option<&'a str> {
    awards
        .iter()
        .find(|aw| {
            let w = &aw.operatore;
            w.denominazione == op.denominazione
                && (w.partita_iva.is_none()
                    || op.partita_iva.is_none()
                    || w.partita_iva == op.partita_iva)
        })
        .map(|aw| aw.fornitore_url.as_str())
}
