//! vetro's static search index: a set of small, gzip-framed files under `cerca/`
//! that the JS client (the ES modules of `themes/default/static/js/`) fetches on demand.
//! The format is documented in `docs/search.md`; the search stage
//! (ARCHITECTURE.md) writes it.

pub mod analysis;
mod docs;
pub mod encode;
mod facets;
mod from_catalog;
pub mod query;

pub(crate) use from_catalog::documents;
mod terms;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use std::borrow::Cow;

/// Kind of a searchable page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum DocKind {
    #[serde(rename = "atto")]
    Atto,
    #[serde(rename = "cig")]
    Procedura,
    #[serde(rename = "fornitore")]
    Fornitore,
}

impl DocKind {
    /// Id used in the index and in URLs of the search page.
    pub fn id(self) -> &'static str {
        match self {
            DocKind::Atto => "atto",
            DocKind::Procedura => "cig",
            DocKind::Fornitore => "fornitore",
        }
    }

    /// Italian label shown in the facet.
    pub(crate) fn label(self) -> &'static str {
        match self {
            DocKind::Atto => "Atti",
            DocKind::Procedura => "Procedure (CIG)",
            DocKind::Fornitore => "Fornitori",
        }
    }
}

/// One searchable page, built by the catalogue. Its text borrows from the catalogue:
/// at a million acts, copies of every act's text would double the search stage's memory.
#[derive(Debug, Clone)]
pub struct SearchDoc<'a> {
    pub kind: DocKind,
    /// oggetto of an act/CIG, name of a supplier
    pub title: Cow<'a, str>,
    /// the page's path in the site, as `crate::route::Route::path` gives it,
    /// e.g. "cig/B9538AC2B9/": the client resolves it against the site root
    /// it finds from its own address, so the index holds under any base path
    pub url: Cow<'a, str>,
    pub date: Option<NaiveDate>,
    /// euro, net of VAT
    pub amount: Option<Decimal>,
    /// contracting body id, e.g. "comune-di-livorno"
    pub ente: Option<Cow<'a, str>>,
    pub ente_name: Option<Cow<'a, str>>,
    pub year: Option<i32>,
    /// closed-list id, e.g. "affidamento-diretto"
    pub procedura: Option<Cow<'a, str>>,
    /// "lavori" | "servizi" | "forniture"
    pub categoria: Option<Cow<'a, str>>,
    /// free text in parts: oggetto, office, supplier names, the opening of the body...
    pub text: Vec<Cow<'a, str>>,
    /// exact-match ids: CIG, P.IVA, codice fiscale, CUP, CPV code, act number
    pub identifiers: Vec<Cow<'a, str>>,
    /// a procedure some integrity flag counts (the facet "con indicatori")
    pub indicatori: bool,
}

/// Folder of the index inside the site.
pub(crate) const INDEX_DIR: &str = "cerca";

/// Returns every index file as (path relative to the site root, bytes); all under "cerca/".
/// Same docs in the same order give the same bytes; the order of `docs` does not matter
/// either, since documents are re-sorted by their facet values (see docs/search.md).
pub fn build_index(docs: &[SearchDoc<'_>]) -> Vec<(String, Vec<u8>)> {
    let layout = facets::Layout::new(docs);
    let ordered: Vec<&SearchDoc<'_>> = layout.order.iter().map(|&i| &docs[i]).collect();
    let mut files = Vec::new();
    let dictionary = terms::build(&ordered, &mut files);
    let perms = docs::build(&ordered, &mut files);
    files.push((
        format!("{INDEX_DIR}/meta.bin"),
        layout.meta_file(ordered.len(), &dictionary, &perms),
    ));
    files.push((format!("{INDEX_DIR}/runs.bin"), layout.runs_file()));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// Sizes shared by the builder, the Rust reader and (via meta.bin) the JS client.
pub(crate) mod sizes {
    /// Docs per result-metadata block (`d/<n>.bin`).
    pub(crate) const META_BLOCK: usize = 16;
    /// Docs per sort-key block (`s/<n>.bin`).
    pub(crate) const SORT_BLOCK: usize = 128;
    /// Doc ids per chunk of a sort permutation (`o/<key>-<n>.bin`).
    pub(crate) const PERM_CHUNK: usize = 4096;
    /// Postings up to this many bytes stay inline in the dictionary shard.
    pub(crate) const INLINE_POSTINGS: usize = 384;
    /// Most frequent terms listed in meta.bin with their postings file.
    pub(crate) const HOT_TERMS: usize = 512;
    /// Rows of a hot term's first page of results (`r/<n>.bin`); the client's page size.
    pub(crate) const FIRST_PAGE: usize = 10;
    /// Most digitless identifiers listed in meta.bin (see `terms::Dictionary::plain_ids`).
    pub(crate) const PLAIN_IDS: usize = 256;
    /// A dictionary shard is closed once it reaches this many raw bytes.
    pub(crate) const SHARD_BYTES: usize = 12 * 1024;
}
