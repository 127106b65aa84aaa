//! `dati/qualita.json`: the data-quality report, per body and rule, with
//! every finding (the same as `qualita.csv` and `/dati/qualita/`).

use super::Download;
use super::rows::Ctx;
use crate::catalog::quality::{Finding, rule_name};
use crate::write::Output;
use anyhow::Result;
use serde::Serialize;

#[derive(Serialize)]
struct Report<'a> {
    formato: &'static str,
    /// Findings per rule over every body.
    totali: Vec<Count>,
    enti: Vec<Body<'a>>,
}

#[derive(Serialize)]
struct Count {
    regola: String,
    titolo: &'static str,
    segnalazioni: usize,
}

#[derive(Serialize)]
struct Body<'a> {
    ente: &'a str,
    nome: &'a str,
    url: String,
    totale: usize,
    regole: Vec<Count>,
    segnalazioni: Vec<Row<'a>>,
}

#[derive(Serialize)]
struct Row<'a> {
    regola: String,
    scheda: &'static str,
    chiave: &'a str,
    titolo: &'a str,
    campo: Option<&'a str>,
    valore: Option<&'a str>,
    nota: Option<&'a str>,
    url: String,
}

pub(crate) fn export(ctx: &Ctx, out: &Output) -> Result<Download> {
    let q = &ctx.catalog.quality;
    let mut totals: std::collections::BTreeMap<_, usize> = Default::default();
    let enti = q
        .enti
        .iter()
        .map(|b| {
            for r in &b.regole {
                *totals.entry(r.regola).or_default() += r.segnalazioni;
            }
            Body {
                ente: &b.ente,
                nome: &b.nome,
                url: ctx.absolute(&b.ancora),
                totale: b.totale,
                regole: b
                    .regole
                    .iter()
                    .map(|r| count(r.regola, r.segnalazioni))
                    .collect(),
                segnalazioni: b
                    .regole
                    .iter()
                    .flat_map(|r| &r.voci)
                    .map(|f| row(ctx, f))
                    .collect(),
            }
        })
        .collect();
    let report = Report {
        formato: "vetro-qualita-1",
        totali: totals.into_iter().map(|(r, n)| count(r, n)).collect(),
        enti,
    };
    Download::new(
        "dati/qualita.json".into(),
        "Qualità dei dati in JSON",
        "JSON",
        "application/json",
    )
    .describe("Il rapporto sulla qualità dei dati: per ente, il numero di segnalazioni per regola e ogni segnalazione con la pagina che riguarda (docs/qualita.md)")
    .stream(out, |file| Ok(serde_json::to_writer(file, &report)?))
}

fn count(regola: crate::model::Regola, segnalazioni: usize) -> Count {
    Count {
        regola: rule_name(regola),
        titolo: crate::catalog::quality::title(regola),
        segnalazioni,
    }
}

fn row<'a>(ctx: &Ctx, f: &'a Finding) -> Row<'a> {
    Row {
        regola: rule_name(f.regola),
        scheda: f.scheda,
        chiave: &f.chiave,
        titolo: &f.titolo,
        campo: f.campo.as_deref(),
        valore: f.valore.as_deref(),
        nota: f.nota.as_deref(),
        url: ctx.absolute(&f.url),
    }
}
