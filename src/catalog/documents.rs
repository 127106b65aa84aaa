//! The Allegato 1 documents each procedure publishes, grouped by phase
//! (delibera ANAC 264/2023): computed once here, shown on the CIG page.

use super::{ActEntry, Procedure};
use crate::model::{DOCUMENTI, Fase, TipoDocumento};
use serde::Serialize;

/// The documents of one phase of a procedure.
#[derive(Clone, Debug, Serialize)]
pub struct DocumentiFase {
    pub fase: Fase,
    pub titolo: &'static str,
    pub documenti: Vec<DocumentoPubblicato>,
}

/// An act or attachment of the procedure that names its Allegato 1 item.
#[derive(Clone, Debug, Serialize)]
pub struct DocumentoPubblicato {
    /// The item's id (`delibera-a-contrarre`).
    pub documento: TipoDocumento,
    /// The item's title and legal basis, as the Allegato gives them.
    pub voce: &'static str,
    pub norma: &'static str,
    /// The act, as "Determinazione n. 12 del 3/4/2025".
    pub atto: String,
    /// The attachment's title; none when the act itself is the document.
    pub allegato: Option<String>,
    /// The copied file, else the attachment's link, else the act's page.
    pub url: String,
}

/// Fills `documenti` of every procedure from the acts that name it.
pub(crate) fn assign(procedures: &mut [Procedure], acts: &[ActEntry]) {
    for p in procedures {
        p.documenti = by_phase(p.acts.iter().filter_map(|&i| acts.get(i)));
    }
}

/// The documents of `acts`, by phase and then in the Allegato's order.
fn by_phase<'a>(acts: impl Iterator<Item = &'a ActEntry>) -> Vec<DocumentiFase> {
    let mut found: Vec<(usize, DocumentoPubblicato)> = acts.flat_map(published).collect();
    // Stable: acts keep their date order within one item.
    found.sort_by_key(|(order, d)| (d.documento.fase, *order));
    let mut phases: Vec<DocumentiFase> = Vec::new();
    for (_, doc) in found {
        let fase = doc.documento.fase;
        match phases.last_mut() {
            Some(last) if last.fase == fase => last.documenti.push(doc),
            _ => phases.push(DocumentiFase {
                fase,
                titolo: fase.label(),
                documenti: vec![doc],
            }),
        }
    }
    phases
}

/// The act's own item and its attachments', each with the item's position.
fn published(act: &ActEntry) -> Vec<(usize, DocumentoPubblicato)> {
    let h = &act.header;
    let mut atto = h.tipo.label().to_string();
    if let Some(n) = &h.numero {
        atto.push_str(&format!(" n. {n}"));
    }
    atto.push_str(&format!(" del {}", h.data.italian()));
    let entry = |documento: TipoDocumento, allegato: Option<String>, url: String| {
        let order = DOCUMENTI
            .iter()
            .position(|d| d.id == documento.id)
            .unwrap_or(DOCUMENTI.len());
        let doc = DocumentoPubblicato {
            documento,
            voce: documento.titolo,
            norma: documento.norma,
            atto: atto.clone(),
            allegato,
            url,
        };
        (order, doc)
    };
    let mut out: Vec<_> = h
        .documento
        .map(|d| entry(d, None, act.url.clone()))
        .into_iter()
        .collect();
    for file in &act.documenti {
        if let Some(d) = file.allegato.documento {
            let url = file
                .href
                .clone()
                .or_else(|| file.allegato.url.clone())
                .unwrap_or_else(|| act.url.clone());
            out.push(entry(d, Some(file.allegato.titolo.clone()), url));
        }
    }
    out
}
