//! The rows of every table, read from the catalog, for the whole site or
//! one slice of it (a year, a body): each table's own row function
//! (`Table::rows`, in `tables/`) over the slice, a chunk at a time.

use super::schema::{Cell, RowBuilder, Table};
use crate::catalog::{ActEntry, Catalog, Procedure};
use crate::indicators::Indicators;
use crate::model::{EnteFile, Money};
use crate::route::{Route, Urls};
use std::collections::HashMap;

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
    pub(crate) fn dir(&self) -> String {
        match self {
            Slice::All => "dati".into(),
            Slice::Year(y) => format!("dati/anni/{y}"),
            Slice::Ente(id) => format!("dati/enti/{id}"),
        }
    }
}

/// The catalog with the lookups every table needs.
pub(crate) struct Ctx<'a> {
    pub catalog: &'a Catalog,
    /// The integrity indicators computed on `catalog` (the `indicatori` table).
    pub indicators: &'a Indicators,
    pub urls: &'a Urls,
    enti: HashMap<&'a str, &'a EnteFile>,
    cpv: HashMap<&'a str, &'a str>,
}

impl<'a> Ctx<'a> {
    pub fn new(catalog: &'a Catalog, indicators: &'a Indicators) -> Ctx<'a> {
        Ctx {
            catalog,
            indicators,
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

    pub(crate) fn ente(&self, id: &str) -> Option<&'a EnteFile> {
        self.enti.get(id).copied()
    }

    pub(crate) fn cpv_title(&self, code: &str) -> Option<&'a str> {
        self.cpv.get(code).copied()
    }

    /// The absolute URL of a catalogue link (an act's, a procedure's `url`).
    pub(crate) fn absolute(&self, href: &str) -> String {
        self.urls.absolute_href(href)
    }

    /// The absolute URL of a route.
    pub(crate) fn absolute_route(&self, route: &Route) -> String {
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

    pub(crate) fn procedures(&self, slice: &Slice) -> Vec<&'a Procedure> {
        match self.group(slice) {
            None => self.catalog.procedures.iter().collect(),
            Some((procs, _)) => procs.iter().map(|&i| &self.catalog.procedures[i]).collect(),
        }
    }

    pub(crate) fn acts(&self, slice: &Slice) -> Vec<&'a ActEntry> {
        match self.group(slice) {
            None => self.catalog.acts.iter().collect(),
            Some((_, acts)) => acts.iter().map(|&i| &self.catalog.acts[i]).collect(),
        }
    }
}

/// How a table's rows come from the catalogue.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Rows {
    /// One row per act of the slice.
    PerAct(fn(&Ctx, &ActEntry) -> Vec<Cell>),
    /// Any number of rows per procedure of the slice (its winners, its
    /// payments...).
    PerProcedure(fn(&Ctx, &Procedure) -> Vec<Vec<Cell>>),
    /// Every row of the slice at once, from data the catalogue holds whole
    /// (the suppliers, the quality report).
    Whole(fn(&Ctx, &Slice) -> Vec<Vec<Cell>>),
}

/// Rows are made this many acts or procedures at a time, so that a table
/// is never whole in memory.
const CHUNK: usize = 2048;

/// The rows of `table` for `slice`, in a stable order, handed to `sink` a
/// chunk at a time.
pub(crate) fn for_each_chunk(
    ctx: &Ctx,
    table: &'static Table,
    slice: &Slice,
    mut sink: impl FnMut(Vec<Vec<Cell>>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    match table.rows {
        Rows::PerAct(row) => {
            for acts in ctx.acts(slice).chunks(CHUNK) {
                sink(acts.iter().map(|a| row(ctx, a)).collect())?;
            }
        }
        Rows::PerProcedure(rows) => {
            for procs in ctx.procedures(slice).chunks(CHUNK) {
                sink(procs.iter().flat_map(|p| rows(ctx, p)).collect())?;
            }
        }
        Rows::Whole(rows) => sink(rows(ctx, slice))?,
    }
    Ok(())
}

/// A row of a table keyed by procedure and position in it.
pub(crate) fn keyed(table: &'static Table, p: &Procedure, index: usize) -> RowBuilder {
    RowBuilder::new(table)
        .set("id_procedura", &p.key)
        .set("cig", p.cig.as_ref())
        .set("posizione", index + 1)
}

/// A natural person's codice fiscale (16 characters) is never published.
pub(crate) fn public_code(code: Option<&str>) -> Option<&str> {
    code.filter(|c| c.trim().len() != 16)
}

/// Values joined with "; ", or nothing when there are none.
pub(crate) fn joined<'a>(values: impl Iterator<Item = &'a str>) -> Option<String> {
    let list: Vec<&str> = values.collect();
    (!list.is_empty()).then(|| list.join("; "))
}

/// `comune-di-livorno/2025/determinazione-10107`: the act's `ActId`.
pub(crate) fn act_id(a: &ActEntry) -> &str {
    a.id.as_str()
}

/// A sum, or nothing when there is nothing to add.
pub(crate) fn sum(values: impl Iterator<Item = Money>) -> Option<Money> {
    values.reduce(|a, b| a + b)
}
