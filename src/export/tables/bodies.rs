//! The bodies (`enti`): who they are, and the counts and total of the slice,
//! so that a body is a name and a code in every tool, not a slug.

use super::c;
use crate::catalog::Group;
use crate::export::rows::{Ctx, Rows, Slice};
use crate::export::schema::{Cell, Kind::*, RowBuilder, Table};
use crate::model::{Ente, Money};
use std::collections::BTreeMap;

pub(crate) static ENTI: Table = Table {
    name: "enti",
    title: "Enti",
    description: "Una riga per ente del portale, con il numero di procedure e di atti e l'importo aggiudicato (nei file per anno, i numeri di quell'anno)",
    columns: &[
        c(
            "id_ente",
            Text,
            "Identificativo dell'ente nel portale (pagina /enti/<id_ente>/)",
        ),
        c("denominazione", Text, "Denominazione ufficiale dell'ente"),
        c("codice_fiscale", Text, "Codice fiscale dell'ente"),
        c(
            "codice_ipa",
            Text,
            "Codice dell'ente nell'Indice dei domicili digitali della PA (IPA)",
        ),
        c(
            "tipo",
            Text,
            "Tipo di ente (comune, società in house…), come dichiarato",
        ),
        c("sito", Text, "Sito istituzionale dell'ente"),
        c("numero_procedure", Integer, "Procedure (lotti) dell'ente"),
        c("numero_atti", Integer, "Atti pubblicati dall'ente"),
        c(
            "importo_aggiudicato",
            Number,
            "Somma degli importi aggiudicati dei suoi lotti, IVA esclusa",
        ),
        c("url", Text, "Pagina dell'ente sul portale"),
    ],
    primary_key: &["id_ente"],
    foreign_keys: &[],
    indexes: &["codice_fiscale"],
    rows: Rows::Whole(body_rows),
};

/// What the slice holds of one body.
#[derive(Default)]
struct Counts {
    procedures: usize,
    acts: usize,
    awarded: Money,
}

/// The bodies with a procedure or an act in the slice (every body for the
/// whole site), with the slice's counts.
fn body_rows(ctx: &Ctx, slice: &Slice) -> Vec<Vec<Cell>> {
    let mut counts: BTreeMap<&str, Counts> = BTreeMap::new();
    if *slice == Slice::All {
        for (ente, _) in &ctx.catalog.enti {
            counts.entry(ente.id.as_str()).or_default();
        }
    }
    for p in ctx.procedures(slice) {
        let c = counts.entry(p.ente.as_str()).or_default();
        c.procedures += 1;
        c.awarded = c.awarded + p.importo_aggiudicato.unwrap_or_default();
    }
    for a in ctx.acts(slice) {
        counts.entry(a.header.ente.as_str()).or_default().acts += 1;
    }
    ctx.catalog
        .enti
        .iter()
        .filter_map(|(ente, group)| {
            let c = counts.get(ente.id.as_str())?;
            Some(body(ctx, ente, group, c))
        })
        .collect()
}

fn body(ctx: &Ctx, ente: &Ente, group: &Group, counts: &Counts) -> Vec<Cell> {
    let data = &ente.data;
    RowBuilder::new(&ENTI)
        .set("id_ente", &ente.id)
        .set("denominazione", &data.denominazione)
        .set("codice_fiscale", &data.codice_fiscale)
        .set("codice_ipa", data.codice_ipa.as_ref())
        .set("tipo", data.tipo.as_ref())
        .set("sito", data.sito.as_ref())
        .set("numero_procedure", counts.procedures)
        .set("numero_atti", counts.acts)
        .set("importo_aggiudicato", counts.awarded)
        .set("url", ctx.absolute(&group.url))
        .finish()
}
