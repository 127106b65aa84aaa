//! The rows of every table, read from the catalog, for the whole site or
//! one slice of it (a year, a body).

use super::schema::{Cell, RowBuilder, Table};
use super::tables::*;
use crate::catalog::{ActEntry, Catalog, Procedure, Supplier};
use crate::model::{EnteFile, Money, Operatore};
use crate::route::{Route, Urls};
use std::collections::{BTreeSet, HashMap};

/// Which part of the catalog a file holds.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "tipo", content = "chiave")]
pub enum Slice {
    #[serde(rename = "catalogo")]
    All,
    #[serde(rename = "anno")]
    Year(i32),
    #[serde(rename = "ente")]
    Ente(String),
}

impl Slice {
    /// Folder of the slice's files, relative to the site root.
    pub fn dir(&self) -> String {
        match self {
            Slice::All => "dati".into(),
            Slice::Year(y) => format!("dati/anni/{y}"),
            Slice::Ente(id) => format!("dati/enti/{id}"),
        }
    }
}

/// The catalog with the lookups every table needs.
pub struct Ctx<'a> {
    pub catalog: &'a Catalog,
    pub urls: &'a Urls,
    enti: HashMap<&'a str, &'a EnteFile>,
    cpv: HashMap<&'a str, &'a str>,
}

impl<'a> Ctx<'a> {
    pub fn new(catalog: &'a Catalog) -> Ctx<'a> {
        Ctx {
            catalog,
            urls: &catalog.urls,
            enti: catalog
                .enti
                .iter()
                .map(|(e, _)| (e.id.as_str(), &e.data))
                .collect(),
            cpv: catalog
                .cpvs
                .iter()
                .filter(|g| !g.titolo.is_empty())
                .map(|g| (g.chiave.as_str(), g.titolo.as_str()))
                .collect(),
        }
    }

    pub fn ente(&self, id: &str) -> Option<&'a EnteFile> {
        self.enti.get(id).copied()
    }

    pub fn cpv_title(&self, code: &str) -> Option<&'a str> {
        self.cpv.get(code).copied()
    }

    /// The absolute URL of a catalogue link (an act's, a procedure's `url`).
    pub fn absolute(&self, href: &str) -> String {
        self.urls.absolute_href(href)
    }

    /// The absolute URL of a route.
    pub fn absolute_route(&self, route: &Route) -> String {
        self.urls.absolute(route)
    }

    /// Indices of the procedures and acts of a slice, from the catalog's groups.
    fn group(&self, slice: &Slice) -> Option<(&'a [usize], &'a [usize])> {
        let c = self.catalog;
        let g = match slice {
            Slice::All => return None,
            Slice::Year(y) => c.years.iter().find(|g| g.chiave == y.to_string()),
            Slice::Ente(id) => c.enti.iter().find(|(e, _)| &e.id == id).map(|(_, g)| g),
        };
        Some(g.map_or((&[][..], &[][..]), |g| {
            (g.procedure.as_slice(), g.atti.as_slice())
        }))
    }

    pub fn procedures(&self, slice: &Slice) -> Vec<&'a Procedure> {
        match self.group(slice) {
            None => self.catalog.procedures.iter().collect(),
            Some((procs, _)) => procs.iter().map(|&i| &self.catalog.procedures[i]).collect(),
        }
    }

    pub fn acts(&self, slice: &Slice) -> Vec<&'a ActEntry> {
        match self.group(slice) {
            None => self.catalog.acts.iter().collect(),
            Some((_, acts)) => acts.iter().map(|&i| &self.catalog.acts[i]).collect(),
        }
    }
}

/// Rows are made this many acts or procedures at a time, so that a table
/// is never whole in memory.
const CHUNK: usize = 2048;

/// The rows of `table` for `slice`, in a stable order, handed to `sink` a
/// chunk at a time.
pub fn for_each_chunk(
    ctx: &Ctx,
    table: &'static Table,
    slice: &Slice,
    mut sink: impl FnMut(Vec<Vec<Cell>>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    match table.name {
        "atti" => {
            for acts in ctx.acts(slice).chunks(CHUNK) {
                sink(acts.iter().map(|a| act(ctx, a)).collect())?;
            }
        }
        "fornitori" => sink(suppliers(ctx, slice))?,
        "qualita" => sink(quality(ctx, slice))?,
        _ => {
            for procs in ctx.procedures(slice).chunks(CHUNK) {
                sink(procedure_rows(ctx, table, procs))?;
            }
        }
    }
    Ok(())
}

/// The rows of a table with one row or more per procedure.
fn procedure_rows(ctx: &Ctx, table: &'static Table, procs: &[&Procedure]) -> Vec<Vec<Cell>> {
    let procs = || procs.iter().copied();
    match table.name {
        "lotti" => procs().map(|p| lotto(ctx, p)).collect(),
        "aggiudicatari" => per_procedure(procs(), |p| {
            p.aggiudicatari
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    operator(&AGGIUDICATARI, p, i, &a.operatore, Some(&a.fornitore))
                        .set("quota", a.operatore.quota)
                        .set("importo_attribuito", a.importo_attribuito)
                        .finish()
                })
                .collect()
        }),
        "partecipanti" => per_procedure(procs(), |p| {
            p.partecipanti
                .iter()
                .enumerate()
                .map(|(i, op)| operator(&PARTECIPANTI, p, i, op, None).finish())
                .collect()
        }),
        "impegni" => per_procedure(procs(), |p| {
            p.impegni
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    keyed(&IMPEGNI, p, i)
                        .set("esercizio", m.esercizio)
                        .set("capitolo", m.capitolo.as_ref())
                        .set("missione_programma", m.missione_programma.as_ref())
                        .set("piano_dei_conti", m.piano_dei_conti.as_ref())
                        .set("numero", m.numero.as_ref())
                        .set("importo", m.importo)
                        .finish()
                })
                .collect()
        }),
        "pagamenti" => per_procedure(procs(), |p| {
            p.liquidazioni
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    keyed(&PAGAMENTI, p, i)
                        .set("data", l.data)
                        .set("importo", l.importo)
                        .set("base_iva", l.base_iva().id())
                        .set("fattura", l.fattura.as_ref())
                        .set("beneficiario", public_code(l.beneficiario.as_deref()))
                        .finish()
                })
                .collect()
        }),
        other => unreachable!("table {other} has no rows"),
    }
}

fn per_procedure<'p>(
    procs: impl Iterator<Item = &'p Procedure>,
    f: impl Fn(&Procedure) -> Vec<Vec<Cell>>,
) -> Vec<Vec<Cell>> {
    procs.flat_map(f).collect()
}

fn keyed(table: &'static Table, p: &Procedure, index: usize) -> RowBuilder {
    RowBuilder::new(table)
        .set("id_procedura", &p.key)
        .set("cig", p.cig.as_ref())
        .set("posizione", index + 1)
}

/// A natural person's codice fiscale (16 characters) is never published.
fn public_code(code: Option<&str>) -> Option<&str> {
    code.filter(|c| c.trim().len() != 16)
}

fn operator(
    table: &'static Table,
    p: &Procedure,
    index: usize,
    op: &Operatore,
    supplier: Option<&String>,
) -> RowBuilder {
    let row = keyed(table, p, index);
    let row = match supplier {
        Some(id) => row.set("id_fornitore", id),
        None => row,
    };
    row.set("denominazione", op.denominazione.trim())
        .set("partita_iva", op.partita_iva.as_ref())
        .set("codice_fiscale", public_code(op.codice_fiscale.as_deref()))
        .set("id_estero", op.id_estero.as_ref())
        .set("raggruppamento", op.raggruppamento.as_ref())
        .set("ruolo", op.ruolo.as_ref())
}

fn lotto(ctx: &Ctx, p: &Procedure) -> Vec<Cell> {
    let ente = ctx.ente(&p.ente);
    let cpv = p.cpv.first();
    let winners: Vec<&str> = p
        .aggiudicatari
        .iter()
        .map(|a| a.operatore.denominazione.trim())
        .collect();
    RowBuilder::new(&LOTTI)
        .set("id_procedura", &p.key)
        .set("cig", p.cig.as_ref())
        .set("codice_interno", p.codice.as_ref())
        .set("oggetto_lotto", &p.oggetto)
        .set("id_ente", &p.ente)
        .set(
            "cf_amministrazione_appaltante",
            ente.map(|e| &e.codice_fiscale),
        )
        .set(
            "denominazione_amministrazione_appaltante",
            ente.map(|e| &e.denominazione),
        )
        .set("ufficio", p.ufficio.as_ref())
        .set("anno", p.anno)
        .set("data_primo_atto", p.data)
        .set(
            "oggetto_principale_contratto",
            p.categoria.map(str::to_uppercase),
        )
        .set("cod_cpv", cpv)
        .set("descrizione_cpv", cpv.and_then(|c| ctx.cpv_title(c)))
        .set(
            "cpv_secondari",
            joined(p.cpv.iter().skip(1).map(String::as_str)),
        )
        .set("cup", p.cup.as_ref())
        .set("procedura", p.procedura.map(|m| m.id))
        .set("cod_scelta_contraente_l190", p.procedura.map(|m| m.code))
        .set("tipo_scelta_contraente", p.procedura.map(|m| m.label))
        .set("metodo_ocds", p.procedura.map(|m| m.ocds_method))
        .set("affidamento_diretto", p.is_direct_award())
        .set("adesione_accordo_quadro", p.is_framework_call())
        .set("norma", p.norma.as_ref())
        .set("strumento", p.strumento.as_ref())
        .set("criterio_aggiudicazione", p.criterio.as_ref())
        .set("importo_lotto", p.importo_base)
        .set("importo_aggiudicato", p.importo_aggiudicato)
        .set("importo_dubbio", rule_names(&p.importo_dubbio))
        .set("aliquota_iva", p.aliquota_iva)
        .set("importo_totale", p.importo_totale)
        .set("importo_impegnato", p.importo_impegnato)
        .set("importo_liquidato", p.importo_liquidato)
        .set("base_iva_liquidato", p.base_iva_liquidato)
        .set("data_inizio", p.periodo.as_ref().and_then(|d| d.dal))
        .set("data_fine", p.periodo.as_ref().and_then(|d| d.al))
        .set("offerte_ricevute", p.offerte_ricevute)
        .set("numero_aggiudicatari", winners.len())
        .set("aggiudicatari", joined(winners.into_iter()))
        .set("flag_pnrr_pnc", i64::from(p.pnrr.is_some()))
        .set("pnrr_missione", p.pnrr.as_ref().map(|x| &x.missione))
        .set("pnrr_componente", p.pnrr.as_ref().map(|x| &x.componente))
        .set(
            "pnrr_investimento",
            p.pnrr.as_ref().map(|x| &x.investimento),
        )
        .set("numero_atti", p.acts.len())
        .set("url", ctx.absolute(&p.url))
        .set("url_anac", p.anac_url.as_ref())
        .finish()
}

/// The kebab-case names of rules, joined with "; ", or nothing.
fn rule_names(rules: &[crate::model::Regola]) -> Option<String> {
    let names: Vec<String> = rules
        .iter()
        .filter_map(|r| serde_json::to_value(r).ok())
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    (!names.is_empty()).then(|| names.join("; "))
}

/// Values joined with "; ", or nothing when there are none.
fn joined<'a>(values: impl Iterator<Item = &'a str>) -> Option<String> {
    let list: Vec<&str> = values.collect();
    (!list.is_empty()).then(|| list.join("; "))
}

/// `comune-di-livorno/2025/determinazione-10107`: the act's `ActId`.
pub fn act_id(a: &ActEntry) -> &str {
    a.id.as_str()
}

fn act(ctx: &Ctx, a: &ActEntry) -> Vec<Cell> {
    let h = &a.header;
    let ente = ctx.ente(&h.ente);
    let cigs = joined(h.lotti.iter().filter_map(|l| l.cig.as_deref()));
    RowBuilder::new(&ATTI)
        .set("id_atto", act_id(a))
        .set("id_ente", &h.ente)
        .set(
            "cf_amministrazione_appaltante",
            ente.map(|e| &e.codice_fiscale),
        )
        .set(
            "denominazione_amministrazione_appaltante",
            ente.map(|e| &e.denominazione),
        )
        .set("tipo", h.tipo.0)
        .set("numero", h.numero.as_ref())
        .set("data", h.data)
        .set("anno", h.data.year())
        .set("oggetto", &h.oggetto)
        .set("ufficio", h.ufficio.as_ref())
        .set("firmatario", h.firmatario.as_ref())
        .set("rup", h.rup.as_ref())
        .set("cig_lotti", cigs)
        .set(
            "id_procedure",
            joined(a.procedure.iter().map(String::as_str)),
        )
        .set(
            "importo_impegnato",
            sum(h.impegni.iter().map(|i| i.importo)),
        )
        .set(
            "importo_liquidato",
            sum(h.liquidazioni.iter().map(|l| l.importo)),
        )
        .set("numero_allegati", h.allegati.len())
        .set("file", &a.file)
        .set("url", ctx.absolute(&a.url))
        .finish()
}

/// A sum, or nothing when there is nothing to add.
fn sum(values: impl Iterator<Item = Money>) -> Option<Money> {
    values.reduce(|a, b| a + b)
}

/// Suppliers that won a lot of the slice, with the slice's totals.
/// The report's findings of a slice: a year holds those of its procedures
/// and acts, a body all of its own.
fn quality(ctx: &Ctx, slice: &Slice) -> Vec<Vec<Cell>> {
    ctx.catalog
        .quality
        .findings()
        .filter(|f| match slice {
            Slice::All => true,
            Slice::Year(y) => f.anno == Some(*y),
            Slice::Ente(id) => &f.ente == id,
        })
        .map(|f| {
            RowBuilder::new(&QUALITA)
                .set("ente", &f.ente)
                .set("regola", crate::catalog::quality::rule_name(f.regola))
                .set("scheda", f.scheda)
                .set("chiave", &f.chiave)
                .set("posizione", f.posizione)
                .set("campo", f.campo.as_ref())
                .set("valore", f.valore.as_ref())
                .set("nota", f.nota.as_ref())
                .set("url", ctx.absolute(&f.url))
                .finish()
        })
        .collect()
}

fn suppliers(ctx: &Ctx, slice: &Slice) -> Vec<Vec<Cell>> {
    let all = &ctx.catalog.suppliers;
    let selected: Vec<&Supplier> = match slice {
        Slice::All => all.iter().collect(),
        _ => {
            let ids: BTreeSet<&str> = ctx
                .procedures(slice)
                .iter()
                .flat_map(|p| p.aggiudicatari.iter().map(|a| a.fornitore.as_str()))
                .collect();
            all.iter().filter(|s| ids.contains(s.id.as_str())).collect()
        }
    };
    selected
        .into_iter()
        .map(|s| supplier(ctx, s, slice))
        .collect()
}

fn supplier(ctx: &Ctx, s: &Supplier, slice: &Slice) -> Vec<Cell> {
    let lots: Vec<_> = s
        .lotti
        .iter()
        .filter(|l| match slice {
            Slice::All => true,
            Slice::Year(y) => l.anno == *y,
            Slice::Ente(id) => &l.ente == id,
        })
        .collect();
    let credited = |direct: bool| {
        lots.iter()
            .filter(|l| !direct || l.affidamento_diretto)
            .filter_map(|l| l.importo_attribuito)
            .sum::<Money>()
    };
    let kind = serde_json::to_value(s.tipo_id)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string));
    RowBuilder::new(&FORNITORI)
        .set("id_fornitore", &s.id)
        .set("tipo_identificativo", kind)
        .set("denominazione", &s.denominazione)
        .set("partita_iva", s.partita_iva.as_ref())
        .set("id_estero", s.id_estero.as_ref())
        .set("sede", s.sede.as_ref())
        .set("numero_lotti", lots.len())
        .set("importo_attribuito", credited(false))
        .set("importo_affidamenti_diretti", credited(true))
        .set(
            "lotti_senza_importo",
            lots.iter()
                .filter(|l| l.importo_attribuito.is_none())
                .count(),
        )
        .set(
            "importo_in_raggruppamento",
            lots.iter()
                .filter_map(|l| l.importo_in_raggruppamento)
                .sum::<Money>(),
        )
        .set("url", ctx.absolute(&s.url))
        .finish()
}
