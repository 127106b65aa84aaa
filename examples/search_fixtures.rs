//! Inputs of the search client's Node tests (tests/js/), written by vetro's own Rust code,
//! so the JS decoders are checked against the encoder and reader they must agree with.
//!
//! cargo run --release --example search_fixtures -- <out-dir> [<site-dir>...]
//!
//! Writes <out-dir>/vectors.json: varints and id sets at their edge cases as the encoder
//! writes them, and the analysis (fold, words, identifiers, stems) of a word list as the
//! Rust analyzer makes it. For every built site given (a site or a bench index with
//! `cerca/`), writes <site-dir>/rust-reader.json: what `vetro::search::query::Index`
//! reads there (every doc's facets and row, the postings of sampled terms, the results
//! of sampled queries).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde_json::{Value, json};
use vetro::search::analysis::{Analyzer, fold, normalize_identifier};
use vetro::search::encode::{gunzip, put_id_set, put_varint};
use vetro::search::query::Index;

/// Around every length boundary of a 7-bit varint, up to the largest id a u32 holds and
/// the largest integer a JS number holds exactly.
const VARINTS: &[u64] = &[
    0,
    1,
    127,
    128,
    255,
    256,
    16_383,
    16_384,
    2_097_151,
    2_097_152,
    268_435_455,
    268_435_456,
    4_294_967_295,
    (1 << 53) - 1,
];

/// Id sets for both codings: empty, one id, gaps across varint boundaries, dense runs
/// (bitmap), a bitmap starting past 0, and ids near the top of u32.
fn id_sets() -> Vec<Vec<u32>> {
    vec![
        vec![],
        vec![0],
        vec![127],
        vec![128],
        vec![0, 128, 16_512, 16_513],
        vec![16_383, 16_384, 2_097_152],
        (0..64).collect(),
        (1000..1100).step_by(2).collect(),
        (40_000..40_017).collect(),
        vec![7, 8, 9, 15, 16, 23, 24, 31],
        vec![u32::MAX - 2, u32::MAX - 1],
    ]
}

/// Texts for fold, words and identifiers: accents, elisions, stop words, punctuation.
const TEXTS: &[&str] = &[
    "Attività ÈCCO Perché",
    "Servizio dell'illuminazione pubblica e della rete",
    "CIG B9538AC2B9 — CPV 72910000-2",
    "IT 01586840504",
    "manutenzione-straordinaria/2025",
    "  ",
];

fn vectors(root: &Path) -> Result<Value> {
    let varints: Vec<Value> = VARINTS
        .iter()
        .map(|&v| {
            let mut bytes = Vec::new();
            put_varint(&mut bytes, v);
            json!([v, bytes])
        })
        .collect();
    let sets: Vec<Value> = id_sets()
        .into_iter()
        .map(|ids| {
            let mut bytes = Vec::new();
            put_id_set(&mut bytes, &ids);
            json!([ids, bytes])
        })
        .collect();
    let texts: Vec<Value> = TEXTS
        .iter()
        .map(|t| json!({"text": t, "fold": fold(t), "words": Analyzer::words(t), "id": normalize_identifier(t)}))
        .collect();
    Ok(json!({"varints": varints, "sets": sets, "texts": texts, "stems": stems(root)?}))
}

/// Rust stems of every word of the browser tests' word list.
fn stems(root: &Path) -> Result<BTreeMap<String, String>> {
    let list = std::fs::read_to_string(root.join("tests/browser/fixtures/parole.txt"))
        .context("tests/browser/fixtures/parole.txt")?;
    let analyzer = Analyzer::new();
    Ok(fold(&list)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| (w.to_owned(), analyzer.stem(w)))
        .collect())
}

/// Every file under `site/cerca/`, named as `build_index` names them.
fn index_files(site: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(site.join("cerca")).sort_by_file_name() {
        let entry = entry?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "bin") {
            let name = entry
                .path()
                .strip_prefix(site)?
                .to_string_lossy()
                .replace('\\', "/");
            files.push((name, std::fs::read(entry.path())?));
        }
    }
    anyhow::ensure!(!files.is_empty(), "no index under {}", site.display());
    Ok(files)
}

/// What the Rust reader finds in one built index.
fn reader_view(site: &Path) -> Result<Value> {
    let files = index_files(site)?;
    let meta: Value = serde_json::from_slice(&gunzip(
        &files
            .iter()
            .find(|f| f.0 == "cerca/meta.bin")
            .context("cerca/meta.bin")?
            .1,
    )?)?;
    let index = Index::open(files)?;
    let docs = index.doc_count() as u32;
    let facets: Vec<Value> = (0..docs).map(|id| json!(index.facets_of(id))).collect();
    let rows = (0..docs)
        .map(|id| index.doc(id))
        .collect::<Result<Vec<_>>>()?;
    let mut postings = BTreeMap::new();
    for term in sampled_terms(&meta) {
        if let Some(p) = index.lookup(&term)? {
            postings.insert(term, json!({"all": p.all, "strong": p.strong}));
        }
    }
    let mut searches = BTreeMap::new();
    for query in sampled_queries(&meta) {
        let ids: Vec<u32> = index.search(&query)?;
        searches.insert(
            query,
            json!({"total": ids.len(), "first": &ids[..ids.len().min(10)]}),
        );
    }
    Ok(
        json!({"docs": docs, "facets": facets, "rows": rows, "postings": postings, "searches": searches}),
    )
}

/// Terms listed in the header: the frequent ones (postings in p/) and the first of each
/// dictionary shard (inline postings, most of them).
fn sampled_terms(meta: &Value) -> Vec<String> {
    let hot = meta["hot"].as_array().into_iter().flatten().map(|h| &h[0]);
    let firsts = meta["shards"].as_array().into_iter().flatten();
    hot.chain(firsts)
        .filter_map(|t| t.as_str().map(str::to_owned))
        .collect()
}

/// One-word queries of the 20 most frequent terms, and pairs of them (a pair may match
/// no doc at all: then the docs matching one word, as partial results).
fn sampled_queries(meta: &Value) -> Vec<String> {
    let mut hot: Vec<(&str, u64)> = meta["hot"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|h| Some((h[0].as_str()?, h[1].as_u64()?)))
        .collect();
    hot.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let top: Vec<&str> = hot.iter().take(20).map(|h| h.0).collect();
    let pairs = top.windows(2).map(|w| format!("{} {}", w[0], w[1]));
    top.iter().map(|t| t.to_string()).chain(pairs).collect()
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().context("usage: <out-dir> [<site-dir>...]")?);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("vectors.json"), vectors(root)?.to_string())?;
    for site in args.map(PathBuf::from) {
        let view = reader_view(&site).with_context(|| site.display().to_string())?;
        std::fs::write(site.join("rust-reader.json"), view.to_string())?;
    }
    Ok(())
}
