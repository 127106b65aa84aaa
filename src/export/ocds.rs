//! OCDS 1.1 packages: every release (one per act and lot, one per procedure
//! record without acts), the same per year, and one record per procedure
//! whose compiled release is the catalog's merged view of it.
//!
//! `ocid` = `ocds_prefisso` + "-" + the procedure key (the CIG, or body and
//! internal code for procedures without one); `tender.id` is the same key,
//! so the data joins ANAC's. Without a prefix no OCDS file is written: each
//! publisher must register its own, and borrowing one would be wrong.

use super::Download;
use super::ocds_release::{Buyer, LotView, Resolved, date_time, release};
use super::rows::{Ctx, Slice, act_id};
use crate::catalog::procedure::concerns_lot;
use crate::catalog::{ActEntry, Procedure};
use crate::model::Config;
use crate::model::SupplierIdKind;
use crate::model::{Date, Lotto, Money, Operatore};
use crate::route::{Route, Section};
use crate::write::Output;
use anyhow::Result;
use rayon::prelude::*;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::Write;

pub(crate) const VAT_EXTENSION: &str = "https://raw.githubusercontent.com/openprocurement/ocds_valueAddedTax_extension/master/extension.json";

/// The bid extension: `bids.statistics`, the offers received.
pub(crate) const BID_EXTENSION: &str = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/master/extension.json";

/// A release with the year it belongs to.
struct Dated {
    year: i32,
    value: Value,
}

/// Procedures serialized together, in parallel, before being appended in
/// order to the packages: bounds the memory a large site needs.
const CHUNK: usize = 512;

/// The OCDS output of one procedure, serialized.
struct Serialized {
    /// Year and JSON of each release.
    releases: Vec<(i32, Vec<u8>)>,
    record: Option<Vec<u8>>,
}

pub(crate) fn export(ctx: &Ctx, config: &Config, out: &Output) -> Result<Vec<Download>> {
    let Some(prefix) = config.ocds_prefisso.as_deref() else {
        return Ok(Vec::new());
    };
    let procedures = &ctx.catalog.procedures;
    // Each package states the date of its latest release before listing them.
    let mut latest_by_year: BTreeMap<i32, Date> = BTreeMap::new();
    for p in procedures {
        for source in sources(ctx, p) {
            let latest = latest_by_year.entry(source.year()).or_insert(source.date());
            *latest = (*latest).max(source.date());
        }
    }
    let published = latest(latest_by_year.values().copied());
    let mut all = Package::open(
        ctx,
        config,
        "release-package.json",
        Slice::All,
        &published,
        out,
    )?;
    let mut by_year = BTreeMap::new();
    for (&year, &date) in &latest_by_year {
        let name = format!("release-package-{year}.json");
        let package = Package::open(ctx, config, &name, Slice::Year(year), &date_time(date), out)?;
        by_year.insert(year, package);
    }
    let mut records = Package::open(
        ctx,
        config,
        "record-package.json",
        Slice::All,
        &published,
        out,
    )?;
    for chunk in procedures.chunks(CHUNK) {
        let serialized: Vec<Serialized> = chunk
            .par_iter()
            .map(|p| serialize(ctx, prefix, p))
            .collect::<Result<_>>()?;
        for s in serialized {
            for (year, release) in &s.releases {
                all.push(release)?;
                if let Some(package) = by_year.get_mut(year) {
                    package.push(release)?;
                }
            }
            if let Some(record) = &s.record {
                records.push(record)?;
            }
        }
    }
    let mut downloads = vec![all.finish()?];
    for package in by_year.into_values() {
        downloads.push(package.finish()?);
    }
    downloads.push(records.finish()?);
    Ok(downloads)
}

/// The releases of a procedure and its record (all releases embedded, plus
/// the compiled release), as JSON.
fn serialize(ctx: &Ctx, prefix: &str, p: &Procedure) -> Result<Serialized> {
    let ocid = format!("{prefix}-{}", p.key);
    let buyer = buyer(ctx, p);
    let releases = procedure_releases(ctx, p, &ocid, &buyer);
    let record = match compiled(ctx, p, &ocid, &buyer) {
        Some(c) => {
            let embedded: Vec<&Value> = releases.iter().map(|d| &d.value).collect();
            let record = json!({ "ocid": ocid, "releases": embedded, "compiledRelease": c });
            Some(serde_json::to_vec(&record)?)
        }
        None => None,
    };
    let releases = releases
        .iter()
        .map(|d| Ok((d.year, serde_json::to_vec(&d.value)?)))
        .collect::<Result<_>>()?;
    Ok(Serialized { releases, record })
}

/// An OCDS package file being written: its header, then its releases or
/// records one by one.
struct Package<'o> {
    file: super::DownloadWriter<'o>,
    empty: bool,
}

impl<'o> Package<'o> {
    fn open(
        ctx: &Ctx,
        config: &Config,
        name: &str,
        section: Slice,
        published: &str,
        out: &'o Output,
    ) -> Result<Package<'o>> {
        let (title, description, list) = match (&section, name) {
            (_, "record-package.json") => (
                "OCDS: un record per procedura".to_string(),
                "Open Contracting Data Standard 1.1: un record per CIG con tutte le sue release e la release compilata",
                "records",
            ),
            (Slice::Year(y), _) => (
                format!("OCDS: release dell'anno {y}"),
                "Open Contracting Data Standard 1.1: una release per atto e lotto",
                "releases",
            ),
            _ => (
                "OCDS: tutte le release".to_string(),
                "Open Contracting Data Standard 1.1: una release per atto e lotto",
                "releases",
            ),
        };
        let mut file = Download::new(
            format!("dati/ocds/{name}"),
            &title,
            "OCDS",
            "application/json",
        )
        .describe(description)
        .in_section(section)
        .gzipped()
        .open(out)?;
        // The header object, left open so the list can follow it.
        let head = serde_json::to_string(&header(ctx, config, name, published.to_string()))?;
        let open = head.strip_suffix('}').unwrap_or(&head);
        write!(file, "{open},\"{list}\":[")?;
        Ok(Package { file, empty: true })
    }

    fn push(&mut self, json: &[u8]) -> Result<()> {
        if !std::mem::take(&mut self.empty) {
            self.file.write_all(b",")?;
        }
        self.file.write_all(json)?;
        Ok(())
    }

    fn finish(mut self) -> Result<Download> {
        self.file.write_all(b"]}")?;
        self.file.finish()
    }
}

fn latest(dates: impl Iterator<Item = Date>) -> String {
    dates
        .max()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), date_time)
}

fn header(ctx: &Ctx, config: &Config, name: &str, published: String) -> Value {
    let mut head = json!({
        "uri": ctx.absolute_route(&Route::File(&format!("dati/ocds/{name}"))),
        "version": "1.1",
        "publishedDate": published,
        "publisher": { "name": config.editore.as_deref().unwrap_or(&config.titolo), "uri": config.url_base },
        "publicationPolicy": ctx.absolute_route(&Route::Section(Section::Dati)),
        "extensions": [VAT_EXTENSION, BID_EXTENSION],
    });
    if let Some(url) = super::datapackage::licence_url(&config.licenza) {
        head["license"] = json!(url);
    }
    head
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

/// Tags of a release: an award with a value but no listed winner (and no
/// payment) has no contract block.
fn tags(winners: bool, amount: bool, payments: bool) -> Vec<&'static str> {
    match (winners || amount, winners || payments, payments) {
        (false, _, _) => vec!["tender"],
        (true, false, _) => vec!["award"],
        (true, true, false) => vec!["award", "contract"],
        (true, true, true) => vec!["award", "contract", "implementation"],
    }
}

/// Where a release comes from: the lot of an act, or a procedure record
/// that no act tells.
enum Source<'a> {
    Act(&'a ActEntry, &'a Lotto),
    Record { year: i32, date: Date },
}

impl Source<'_> {
    fn date(&self) -> Date {
        match self {
            Source::Act(act, _) => act.header.data,
            Source::Record { date, .. } => *date,
        }
    }

    fn year(&self) -> i32 {
        match self {
            Source::Act(act, _) => act.header.data.year(),
            Source::Record { year, .. } => *year,
        }
    }
}

fn sources<'a>(ctx: &Ctx<'a>, p: &'a Procedure) -> Vec<Source<'a>> {
    let mut sources: Vec<Source> = p
        .acts
        .iter()
        .filter_map(|&i| {
            let act = &ctx.catalog.acts[i];
            lot_of(act, p).map(|lot| Source::Act(act, lot))
        })
        .collect();
    // A record's release is dated when its source published it (OCDS
    // `date`), not by the procedure's own date.
    let published = p.eventi.iter().filter_map(|e| e.data).max();
    if p.acts.is_empty()
        && let Some(date) = published.or(p.data)
    {
        sources.push(Source::Record { year: p.anno, date });
    }
    sources
}

fn procedure_releases(ctx: &Ctx, p: &Procedure, ocid: &str, buyer: &Buyer) -> Vec<Dated> {
    sources(ctx, p)
        .into_iter()
        .map(|source| {
            let view = match source {
                Source::Act(act, lot) => act_view(ctx, p, ocid, act, lot),
                Source::Record { date, .. } => {
                    procedure_view(ctx, p, ocid, format!("{ocid}-scheda"), date, false)
                }
            };
            Dated {
                year: source.year(),
                value: release(&view, buyer),
            }
        })
        .collect()
}

/// A release of one act about one lot.
fn act_view<'a>(
    ctx: &Ctx<'a>,
    p: &'a Procedure,
    ocid: &str,
    act: &'a ActEntry,
    lot: &'a Lotto,
) -> LotView<'a> {
    let h = &act.header;
    let mine = |cig: &Option<String>| concerns_lot(lot, h.lotti.len(), cig.as_deref());
    let liquidazioni: Vec<_> = h.liquidazioni.iter().filter(|l| mine(&l.cig)).collect();
    let impegni: Vec<Money> = h
        .impegni
        .iter()
        .filter(|m| mine(&m.cig))
        .map(|m| m.importo)
        .collect();
    LotView {
        ocid: ocid.to_string(),
        id: act_id(act).to_string(),
        date: h.data,
        tags: tags(
            !lot.aggiudicatari.is_empty(),
            lot.importo_netto.is_some(),
            !liquidazioni.is_empty(),
        ),
        key: &p.key,
        oggetto: lot.oggetto.as_deref().unwrap_or(&h.oggetto),
        cpv: &lot.cpv,
        cpv_titles: lot.cpv.iter().map(|c| ctx.cpv_title(c)).collect(),
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
        winners: resolve(ctx, p, &lot.aggiudicatari),
        partecipanti: resolve(ctx, p, &lot.partecipanti),
        liquidazioni,
        documents: documents(ctx, act),
    }
}

/// Operators of one of the procedure's sources, each with the portal's
/// supplier of the award that names it (same name and joint venture), so
/// that an OCDS party is the supplier page's identity.
fn resolve<'a>(ctx: &Ctx<'a>, p: &'a Procedure, ops: &'a [Operatore]) -> Vec<Resolved<'a>> {
    ops.iter()
        .map(|op| {
            let award = p.aggiudicatari.iter().find(|a| {
                a.operatore.denominazione.trim() == op.denominazione.trim()
                    && a.operatore.raggruppamento == op.raggruppamento
            });
            let supplier = award
                .and_then(|a| supplier_kind(ctx, &a.fornitore).map(|k| (a.fornitore.as_str(), k)));
            Resolved {
                operatore: op,
                supplier,
            }
        })
        .collect()
}

/// The kind of id of the catalog's supplier `id` (suppliers are by id).
fn supplier_kind(ctx: &Ctx, id: &str) -> Option<SupplierIdKind> {
    let suppliers = &ctx.catalog.suppliers;
    let i = suppliers.binary_search_by(|s| s.id.as_str().cmp(id)).ok()?;
    Some(suppliers[i].tipo_id)
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
    let winners: Vec<_> = p
        .aggiudicatari
        .iter()
        .map(|a| Resolved {
            operatore: &a.operatore,
            supplier: supplier_kind(ctx, &a.fornitore).map(|k| (a.fornitore.as_str(), k)),
        })
        .collect();
    let tags = if compiled {
        vec!["compiled"]
    } else {
        tags(
            !winners.is_empty(),
            p.importo_aggiudicato.is_some(),
            !p.liquidazioni.is_empty(),
        )
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
        importo_impegnato: p.importo_impegnato,
        periodo: p.periodo.as_ref(),
        offerte_ricevute: p.offerte_ricevute,
        winners,
        partecipanti: resolve(ctx, p, &p.partecipanti),
        liquidazioni: p.liquidazioni.iter().collect(),
        documents: p
            .acts
            .iter()
            .flat_map(|&i| documents(ctx, &ctx.catalog.acts[i]))
            .collect(),
    }
}
