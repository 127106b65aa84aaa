//! OCDS 1.1 packages: every release (one per act and lot, one per procedure
//! record without acts), the same per year, and one record per procedure
//! whose compiled release is the catalog's merged view of it.
//!
//! `ocid` = `ocds_prefisso` + "-" + the procedure key (the CIG, or body and
//! internal code for procedures without one); `tender.id` is the same key,
//! so the data joins ANAC's. Without a prefix no OCDS file is written: each
//! publisher must register its own, and borrowing one would be wrong.

use super::Download;
use super::ocds_release::{Buyer, LotView, date_time, release};
use super::rows::{Ctx, Slice, act_id};
use crate::catalog::{ActEntry, Procedure};
use crate::config::Config;
use crate::model::{Date, Lotto, Money};
use crate::write::Output;
use anyhow::Result;
use serde_json::{Value, json};
use std::collections::BTreeMap;

pub const VAT_EXTENSION: &str = "https://raw.githubusercontent.com/openprocurement/ocds_valueAddedTax_extension/master/extension.json";

/// A release with the year it belongs to.
struct Dated {
    year: i32,
    date: Date,
    value: Value,
}

pub fn export(ctx: &Ctx, config: &Config, out: &Output) -> Result<Vec<Download>> {
    let Some(prefix) = config.ocds_prefisso.as_deref() else {
        return Ok(Vec::new());
    };
    let mut all: Vec<Dated> = Vec::new();
    let mut records = Vec::new();
    for p in &ctx.catalog.procedures {
        let ocid = format!("{prefix}-{}", p.key);
        let buyer = buyer(ctx, p);
        let releases = procedure_releases(ctx, p, &ocid, &buyer);
        let compiled = compiled(ctx, p, &ocid, &buyer);
        let embedded: Vec<&Value> = releases.iter().map(|d| &d.value).collect();
        if let Some(c) = compiled {
            records.push(json!({ "ocid": ocid, "releases": embedded, "compiledRelease": c }));
        }
        all.extend(releases);
    }
    let everything: Vec<&Dated> = all.iter().collect();
    let mut downloads = vec![package(
        ctx,
        config,
        "release-package.json",
        Slice::All,
        &everything,
        out,
    )?];
    let mut by_year: BTreeMap<i32, Vec<&Dated>> = BTreeMap::new();
    for d in &all {
        by_year.entry(d.year).or_default().push(d);
    }
    for (year, releases) in by_year {
        let name = format!("release-package-{year}.json");
        downloads.push(package(
            ctx,
            config,
            &name,
            Slice::Year(year),
            &releases,
            out,
        )?);
    }
    let published = latest(all.iter().map(|d| d.date));
    let mut head = header(ctx, config, "record-package.json", published);
    head["records"] = json!(records);
    let bytes = serde_json::to_vec(&head)?;
    downloads.push(
        Download::new("dati/ocds/record-package.json".into(), "OCDS: un record per procedura", "OCDS", "application/json")
            .describe("Open Contracting Data Standard 1.1: un record per CIG con tutte le sue release e la release compilata")
            .emit(out, &bytes)?,
    );
    Ok(downloads)
}

fn latest(dates: impl Iterator<Item = Date>) -> String {
    dates
        .max()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), date_time)
}

fn header(ctx: &Ctx, config: &Config, name: &str, published: String) -> Value {
    let mut head = json!({
        "uri": ctx.absolute(&format!("/dati/ocds/{name}")),
        "version": "1.1",
        "publishedDate": published,
        "publisher": { "name": config.editore.as_deref().unwrap_or(&config.titolo), "uri": config.url_base },
        "publicationPolicy": ctx.absolute("/dati/"),
        "extensions": [VAT_EXTENSION],
    });
    if let Some(url) = super::datapackage::licence_url(&config.licenza) {
        head["license"] = json!(url);
    }
    head
}

fn package(
    ctx: &Ctx,
    config: &Config,
    name: &str,
    section: Slice,
    releases: &[&Dated],
    out: &Output,
) -> Result<Download> {
    let published = latest(releases.iter().map(|d| d.date));
    let mut head = header(ctx, config, name, published);
    head["releases"] = releases.iter().map(|d| d.value.clone()).collect();
    let bytes = serde_json::to_vec(&head)?;
    let title = match &section {
        Slice::Year(y) => format!("OCDS: release dell'anno {y}"),
        _ => "OCDS: tutte le release".to_string(),
    };
    Download::new(
        format!("dati/ocds/{name}"),
        &title,
        "OCDS",
        "application/json",
    )
    .describe("Open Contracting Data Standard 1.1: una release per atto e lotto")
    .in_section(section)
    .emit(out, &bytes)
}

fn buyer<'a>(ctx: &Ctx<'a>, p: &'a Procedure) -> Buyer<'a> {
    let ente = ctx.ente(&p.ente);
    Buyer {
        ente: &p.ente,
        codice_fiscale: ente.map(|e| e.codice_fiscale.as_str()),
        name: ente.map_or(p.ente.as_str(), |e| e.denominazione.as_str()),
    }
}

/// The lot of `act` that is procedure `p`.
fn lot_of<'a>(act: &'a ActEntry, p: &Procedure) -> Option<&'a Lotto> {
    let index = act.procedure.iter().position(|k| *k == p.key)?;
    act.header.lotti.get(index)
}

fn documents<'a>(ctx: &Ctx, act: &'a ActEntry) -> Vec<(&'a str, String)> {
    act.documenti
        .iter()
        .filter_map(|d| {
            let url = match (&d.href, &d.allegato.url) {
                (Some(href), _) => ctx.absolute(href),
                (None, Some(url)) => url.clone(),
                (None, None) => return None,
            };
            Some((d.allegato.titolo.as_str(), url))
        })
        .collect()
}

fn tags(winners: bool, payments: bool) -> Vec<&'static str> {
    match (winners, payments) {
        (false, _) => vec!["tender"],
        (true, false) => vec!["award", "contract"],
        (true, true) => vec!["award", "contract", "implementation"],
    }
}

fn procedure_releases(ctx: &Ctx, p: &Procedure, ocid: &str, buyer: &Buyer) -> Vec<Dated> {
    let cpv_titles = |cpv: &[String]| cpv.iter().map(|c| ctx.cpv_title(c)).collect();
    let mut out = Vec::new();
    for &i in &p.acts {
        let act = &ctx.catalog.acts[i];
        let Some(lot) = lot_of(act, p) else { continue };
        let h = &act.header;
        let single = h.lotti.len() == 1;
        let mine = |cig: &Option<String>| match cig {
            Some(c) => lot
                .cig
                .as_deref()
                .is_some_and(|l| l.eq_ignore_ascii_case(c)),
            None => single,
        };
        let liquidazioni: Vec<_> = h.liquidazioni.iter().filter(|l| mine(&l.cig)).collect();
        let impegni: Vec<Money> = h
            .impegni
            .iter()
            .filter(|m| mine(&m.cig))
            .map(|m| m.importo)
            .collect();
        let view = LotView {
            ocid: ocid.to_string(),
            id: act_id(act).to_string(),
            date: h.data,
            tags: tags(!lot.aggiudicatari.is_empty(), !liquidazioni.is_empty()),
            key: &p.key,
            oggetto: lot.oggetto.as_deref().unwrap_or(&h.oggetto),
            cpv: &lot.cpv,
            cpv_titles: cpv_titles(&lot.cpv),
            categoria: crate::catalog::procedure::category(&lot.cpv),
            cup: lot.cup.as_deref(),
            procedura: lot.procedura,
            norma: lot.norma.as_deref(),
            criterio: lot.criterio.as_deref(),
            importo_base: lot.importo_base,
            importo_netto: lot.importo_netto,
            importo_impegnato: impegni.into_iter().reduce(|a, b| a + b),
            periodo: lot.periodo.as_ref(),
            offerte_ricevute: lot.offerte_ricevute,
            winners: lot.aggiudicatari.iter().collect(),
            partecipanti: lot.partecipanti.iter().collect(),
            liquidazioni,
            documents: documents(ctx, act),
        };
        out.push(Dated {
            year: h.data.year(),
            date: h.data,
            value: release(&view, buyer),
        });
    }
    if p.acts.is_empty()
        && let Some(date) = p.data
    {
        let view = procedure_view(ctx, p, ocid, format!("{ocid}-scheda"), date, false);
        out.push(Dated {
            year: p.anno,
            date,
            value: release(&view, buyer),
        });
    }
    out
}

/// The catalog's merged view of a procedure, as the record's compiled release.
fn compiled(ctx: &Ctx, p: &Procedure, ocid: &str, buyer: &Buyer) -> Option<Value> {
    let date = p.eventi.iter().filter_map(|e| e.data).max().or(p.data)?;
    let view = procedure_view(ctx, p, ocid, format!("{ocid}-compilata"), date, true);
    Some(release(&view, buyer))
}

fn procedure_view<'a>(
    ctx: &Ctx<'a>,
    p: &'a Procedure,
    ocid: &str,
    id: String,
    date: Date,
    compiled: bool,
) -> LotView<'a> {
    let winners: Vec<_> = p.aggiudicatari.iter().map(|a| &a.operatore).collect();
    let tags = if compiled {
        vec!["compiled"]
    } else {
        tags(!winners.is_empty(), !p.liquidazioni.is_empty())
    };
    LotView {
        ocid: ocid.to_string(),
        id,
        date,
        tags,
        key: &p.key,
        oggetto: &p.oggetto,
        cpv: &p.cpv,
        cpv_titles: p.cpv.iter().map(|c| ctx.cpv_title(c)).collect(),
        categoria: p.categoria,
        cup: p.cup.as_deref(),
        procedura: p.procedura,
        norma: p.norma.as_deref(),
        criterio: p.criterio.as_deref(),
        importo_base: p.importo_base,
        importo_netto: p.importo_aggiudicato,
        importo_impegnato: (!p.impegni.is_empty()).then_some(p.importo_impegnato),
        periodo: p.periodo.as_ref(),
        offerte_ricevute: p.offerte_ricevute,
        winners,
        partecipanti: p.partecipanti.iter().collect(),
        liquidazioni: p.liquidazioni.iter().collect(),
        documents: p
            .acts
            .iter()
            .flat_map(|&i| documents(ctx, &ctx.catalog.acts[i]))
            .collect(),
    }
}
