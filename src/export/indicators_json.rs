//! `dati/indicatori.json`: the definitions of the integrity indicators with
//! their counts on this site, and every flag (the same rows as
//! `indicatori.csv`), with the pages behind it.

use super::Download;
use super::rows::Ctx;
use crate::indicators::{DEFINITIONS, Definition, Flag};
use crate::write::Output;
use anyhow::Result;
use serde::Serialize;

#[derive(Serialize)]
struct Document<'a> {
    formato: &'static str,
    /// The methodology page.
    metodo: String,
    indicatori: Vec<Counted<'a>>,
    segnalazioni: Vec<Row<'a>>,
}

/// A definition with what it found here.
#[derive(Serialize)]
struct Counted<'a> {
    #[serde(flatten)]
    definizione: &'a Definition,
    segnalazioni: usize,
    /// Procedures left out because a fact the indicator needs is missing.
    esclusi: usize,
}

#[derive(Serialize)]
struct Row<'a> {
    #[serde(flatten)]
    flag: &'a Flag,
    url: Option<String>,
    url_procedure: Vec<String>,
}

pub(crate) fn export(ctx: &Ctx, out: &Output) -> Result<Download> {
    let ix = ctx.indicators;
    let counts = ix.counts();
    let indicatori = DEFINITIONS
        .iter()
        .zip(counts)
        .map(|(d, (_, n))| Counted {
            definizione: d,
            segnalazioni: n,
            esclusi: ix.esclusi.get(d.codice).copied().unwrap_or_default(),
        })
        .collect();
    let segnalazioni = ix.flags.iter().map(|f| row(ctx, f)).collect();
    let doc = Document {
        formato: "vetro-indicatori-1",
        metodo: ctx.absolute_route(&crate::route::INDICATORI),
        indicatori,
        segnalazioni,
    };
    Download::new(
        "dati/indicatori.json".into(),
        "Indicatori di integrità in JSON",
        "JSON",
        "application/json",
    )
    .describe("Gli indicatori di integrità: per ciascuno formula, base, soglia, minimo e denominatore, quante segnalazioni ha dato, e ogni segnalazione con le pagine delle procedure che la compongono (metodo su /dati/indicatori/)")
    .stream(out, |file| Ok(serde_json::to_writer(file, &doc)?))
}

fn row<'a>(ctx: &Ctx, f: &'a Flag) -> Row<'a> {
    let ix = ctx.indicators;
    Row {
        flag: f,
        url: ix.subject_link(f).map(|l| ctx.absolute(&l.url)),
        url_procedure: f
            .procedure
            .iter()
            .filter_map(|k| ix.procedure_link(k))
            .map(|l| ctx.absolute(&l.url))
            .collect(),
    }
}
