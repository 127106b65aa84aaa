//! An act's page: the act as the catalogue holds it, with names for display.

use super::{LabelledFinding, labelled};
use crate::catalog::{ActEntry, AttachmentEntry, Catalog, LinkEntry};
use crate::model::ActHeader;
use crate::model::ActId;
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
    pub segnalazioni: Vec<LabelledFinding<'a>>,
}

impl<'a> ActView<'a> {
    pub fn new(c: &'a Catalog, a: &'a ActEntry) -> ActView<'a> {
        let procedure_collegate = a
            .procedure
            .iter()
            .filter_map(|k| {
                c.procedures
                    .binary_search_by(|p| p.key.as_str().cmp(k))
                    .ok()
            })
            .map(|j| procedure_row(c, &c.procedures[j]))
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
            segnalazioni: labelled(&a.segnalazioni),
        }
    }
}
