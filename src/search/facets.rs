//! Document order and facets. Documents are sorted by their facet tuple
//! (anno, ente, procedura, categoria, tipo), so every distinct tuple is one run of
//! consecutive ids: the client maps any doc id to its facet values with the run table
//! alone, whose size grows with the number of distinct tuples, not with the corpus.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::docs::PermFirsts;
use super::encode::{gzip, put_varint};
use super::terms::Dictionary;
use super::{DocKind, SearchDoc, sizes};

/// Facet names, in tuple order; also the URL parameter names of the search page.
/// `indicatori` has one value, `si`: a procedure some integrity flag counts.
pub(crate) const FACETS: [&str; N] = [
    "anno",
    "ente",
    "procedura",
    "categoria",
    "tipo",
    "indicatori",
];
const N: usize = 6;
/// The one value of the `indicatori` facet.
const FLAGGED: &str = "si";

const KINDS: [DocKind; 3] = [DocKind::Atto, DocKind::Procedura, DocKind::Fornitore];

/// One facet value: URL id and Italian label.
type Value = (String, String);

pub(crate) struct Layout {
    /// `order[new_id] = index into the caller's docs`.
    pub order: Vec<usize>,
    values: [Vec<Value>; N],
    /// (number of docs, tuple) per run; tuple entries are value index + 1, 0 = none.
    runs: Vec<(u32, [u32; N])>,
}

#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    docs: usize,
    facets: [&'static str; N],
    values: &'a [Vec<Value>; N],
    shards: &'a [String],
    hot: &'a [(String, u64, u64)],
    #[serde(rename = "plainIds")]
    plain_ids: &'a Option<Vec<String>>,
    #[serde(rename = "firstPage")]
    first_page: usize,
    #[serde(rename = "metaBlock")]
    meta_block: usize,
    #[serde(rename = "sortBlock")]
    sort_block: usize,
    #[serde(rename = "permChunk")]
    perm_chunk: usize,
    #[serde(rename = "permFirst")]
    perm_first: &'a PermFirsts,
    /// The first amount of each `a/` chunk (`permChunk` distinct amounts each).
    #[serde(rename = "amountFirst")]
    amount_first: &'a [String],
}

impl Layout {
    pub fn new(docs: &[SearchDoc<'_>]) -> Self {
        let values = facet_values(docs);
        // Lookup only: iteration order of these maps never reaches the output.
        let index: [HashMap<&str, u32>; N] = std::array::from_fn(|f| {
            values[f]
                .iter()
                .enumerate()
                .map(|(i, (id, _))| (id.as_str(), i as u32 + 1))
                .collect()
        });
        let tuples: Vec<[u32; N]> = docs.iter().map(|d| tuple_of(d, &index)).collect();
        let mut order: Vec<usize> = (0..docs.len()).collect();
        order.sort_by(|&a, &b| {
            let (da, db) = (&docs[a], &docs[b]);
            sort_tuple(&tuples[a])
                .cmp(&sort_tuple(&tuples[b]))
                .then_with(|| db.date.cmp(&da.date))
                .then_with(|| db.amount.cmp(&da.amount))
                .then_with(|| da.url.cmp(&db.url))
                .then_with(|| da.title.cmp(&db.title))
                .then_with(|| da.text.cmp(&db.text))
                .then_with(|| da.identifiers.cmp(&db.identifiers))
        });
        let mut runs: Vec<(u32, [u32; N])> = Vec::new();
        for &i in &order {
            match runs.last_mut() {
                Some((len, t)) if *t == tuples[i] => *len += 1,
                _ => runs.push((1, tuples[i])),
            }
        }
        Layout {
            order,
            values,
            runs,
        }
    }

    /// `cerca/meta.bin`: gzip(JSON header). Small, so a query can look up its dictionary
    /// shards while the run table is still on its way.
    pub(crate) fn meta_file(&self, docs: usize, dict: &Dictionary, perms: &PermFirsts) -> Vec<u8> {
        let meta = Meta {
            version: 2,
            docs,
            facets: FACETS,
            values: &self.values,
            shards: &dict.shard_firsts,
            hot: &dict.hot,
            plain_ids: &dict.plain_ids,
            first_page: sizes::FIRST_PAGE,
            meta_block: sizes::META_BLOCK,
            sort_block: sizes::SORT_BLOCK,
            perm_chunk: sizes::PERM_CHUNK,
            perm_first: perms,
            amount_first: &perms.amount_first,
        };
        // Serializing plain strings and numbers cannot fail.
        gzip(&serde_json::to_vec(&meta).expect("meta serializes"))
    }

    /// `cerca/runs.bin`: gzip(binary run table), needed only once the matches are known.
    pub(crate) fn runs_file(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.runs.len() * 6);
        put_varint(&mut out, self.runs.len() as u64);
        // Runs are sorted tuples: write only the facets from the first one that changed.
        let mut prev = [u32::MAX; N];
        for (len, tuple) in &self.runs {
            put_varint(&mut out, u64::from(*len));
            let first = (0..N).find(|&f| tuple[f] != prev[f]).unwrap_or(N);
            put_varint(&mut out, first as u64);
            for v in &tuple[first..] {
                put_varint(&mut out, u64::from(*v));
            }
            prev = *tuple;
        }
        gzip(&out)
    }
}

/// None sorts after every value.
fn sort_tuple(t: &[u32; N]) -> [u32; N] {
    t.map(|v| if v == 0 { u32::MAX } else { v })
}

fn tuple_of(d: &SearchDoc<'_>, index: &[HashMap<&str, u32>; N]) -> [u32; N] {
    let year = d.year.map(|y| y.to_string());
    let keys = [
        year.as_deref(),
        d.ente.as_deref(),
        d.procedura.as_deref(),
        d.categoria.as_deref(),
        Some(d.kind.id()),
        d.indicatori.then_some(FLAGGED),
    ];
    std::array::from_fn(|f| keys[f].and_then(|k| index[f].get(k).copied()).unwrap_or(0))
}

/// Facet value lists in display order: years newest first, bodies by name, the rest by id
/// (kinds in their fixed order).
fn facet_values(docs: &[SearchDoc<'_>]) -> [Vec<Value>; N] {
    let years: BTreeSet<Reverse<i32>> = docs.iter().filter_map(|d| d.year).map(Reverse).collect();
    let mut entes: BTreeMap<&str, &str> = BTreeMap::new();
    for d in docs {
        if let Some(id) = d.ente.as_deref() {
            let name = d.ente_name.as_deref().unwrap_or(id);
            let slot = entes.entry(id).or_insert(name);
            if name < *slot {
                *slot = name;
            }
        }
    }
    let mut entes: Vec<Value> = entes
        .into_iter()
        .map(|(id, name)| (id.to_owned(), name.to_owned()))
        .collect();
    entes.sort_by(|a, b| (&a.1, &a.0).cmp(&(&b.1, &b.0)));
    let closed = |get: for<'d> fn(&'d SearchDoc<'_>) -> Option<&'d str>| -> Vec<Value> {
        let ids: BTreeSet<&str> = docs.iter().filter_map(get).collect();
        ids.into_iter()
            .map(|id| (id.to_owned(), label_of(id)))
            .collect()
    };
    let kinds: BTreeSet<DocKind> = docs.iter().map(|d| d.kind).collect();
    [
        years
            .into_iter()
            .map(|Reverse(y)| (y.to_string(), y.to_string()))
            .collect(),
        entes,
        closed(|d| d.procedura.as_deref()),
        closed(|d| d.categoria.as_deref()),
        KINDS
            .iter()
            .filter(|k| kinds.contains(k))
            .map(|k| (k.id().to_owned(), k.label().to_owned()))
            .collect(),
        match docs.iter().any(|d| d.indicatori) {
            true => vec![(FLAGGED.to_owned(), "Con indicatori".to_owned())],
            false => Vec::new(),
        },
    ]
}

/// "affidamento-diretto" -> "Affidamento diretto".
fn label_of(id: &str) -> String {
    let spaced = id.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
