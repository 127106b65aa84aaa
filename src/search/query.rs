//! A Rust reader of the index, mirroring the JS client's core (lookup, AND of words,
//! identifier boost, facet counts). Used by tests and tools; the site uses cerca.js.

use std::collections::BTreeMap;

use anyhow::{Context, Result, anyhow, bail};
use serde::Deserialize;

use super::INDEX_DIR;
use super::analysis::{Analyzer, identifier_term};
use super::encode::{get_id_set, get_varint, gunzip};

#[derive(Deserialize)]
struct Header {
    docs: usize,
    facets: Vec<String>,
    values: Vec<Vec<(String, String)>>,
    shards: Vec<String>,
    /// (term, df, postings file), ascending by term.
    hot: Vec<(String, u64, u64)>,
    #[serde(rename = "metaBlock")]
    meta_block: usize,
}

/// An index loaded from the files `build_index` returned.
pub struct Index {
    files: BTreeMap<String, Vec<u8>>,
    header: Header,
    /// (first doc id, tuple) per run.
    runs: Vec<(u32, Vec<u32>)>,
}

/// Result of a query: doc ids best first, all matching `matched` of the query's `tokens`
/// (stop-word-only tokens not counted); `matched < tokens` means partial matches.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Hits {
    pub ids: Vec<u32>,
    pub matched: usize,
    pub tokens: usize,
}

/// Docs containing a term, and those where it is strong (title or own identifier).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Postings {
    pub all: Vec<u32>,
    pub strong: Vec<u32>,
}

impl Index {
    pub fn open(files: Vec<(String, Vec<u8>)>) -> Result<Self> {
        let files: BTreeMap<String, Vec<u8>> = files.into_iter().collect();
        let header: Header = serde_json::from_slice(&read(&files, "meta.bin")?)?;
        let raw = read(&files, "runs.bin")?;
        let mut pos = 0;
        let count = get_varint(&raw, &mut pos).context("run count")?;
        let mut runs = Vec::new();
        let mut start = 0u32;
        let mut tuple = vec![0u32; header.facets.len()];
        for _ in 0..count {
            let n = get_varint(&raw, &mut pos).context("run length")? as u32;
            let first = get_varint(&raw, &mut pos).context("run change")? as usize;
            for v in tuple.iter_mut().skip(first) {
                *v = get_varint(&raw, &mut pos).context("run tuple")? as u32;
            }
            runs.push((start, tuple.clone()));
            start += n;
        }
        Ok(Index {
            files,
            header,
            runs,
        })
    }

    pub fn doc_count(&self) -> usize {
        self.header.docs
    }

    /// Postings of one dictionary term (a stem, or `#` + normalized identifier).
    pub fn lookup(&self, term: &str) -> Result<Option<Postings>> {
        if let Ok(i) = self.header.hot.binary_search_by(|h| h.0.as_str().cmp(term)) {
            let file = self.header.hot[i].2;
            return decode_postings(&read(&self.files, &format!("p/{file}.bin"))?).map(Some);
        }
        let shard = self
            .header
            .shards
            .partition_point(|first| first.as_str() <= term);
        let Some(shard) = shard.checked_sub(1) else {
            return Ok(None);
        };
        let buf = read(&self.files, &format!("t/{shard}.bin"))?;
        let mut pos = 0;
        let count = get_varint(&buf, &mut pos).context("shard count")?;
        let mut prev: Vec<u8> = Vec::new();
        for _ in 0..count {
            let shared = varint(&buf, &mut pos)? as usize;
            let len = varint(&buf, &mut pos)? as usize;
            let suffix = buf.get(pos..pos + len).context("term suffix")?;
            pos += len;
            prev.truncate(shared);
            prev.extend_from_slice(suffix);
            let _df = varint(&buf, &mut pos)?;
            let inline = varint(&buf, &mut pos)? as usize;
            let postings = if inline > 0 {
                let bytes = buf.get(pos..pos + inline).context("inline postings")?;
                pos += inline;
                bytes.to_vec()
            } else {
                let file = varint(&buf, &mut pos)?;
                if prev != term.as_bytes() {
                    continue;
                }
                read(&self.files, &format!("p/{file}.bin"))?
            };
            if prev == term.as_bytes() {
                return decode_postings(&postings).map(Some);
            }
        }
        Ok(None)
    }

    /// Doc ids matching every word of `query`, best first; when no doc matches them all,
    /// the docs matching the most tokens (see [`Index::search_hits`]).
    pub fn search(&self, query: &str) -> Result<Vec<u32>> {
        Ok(self.search_hits(query)?.ids)
    }

    /// Like [`Index::search`], and says how many of the query's tokens the docs match.
    pub fn search_hits(&self, query: &str) -> Result<Hits> {
        let analyzer = Analyzer::new();
        let mut groups = Vec::new();
        for token in query.split_whitespace() {
            groups.extend(self.token_scores(&analyzer, token)?);
        }
        // Tokens matched and summed score per doc.
        let mut hits: BTreeMap<u32, (usize, f64)> = BTreeMap::new();
        for group in &groups {
            for (&id, &score) in group {
                let h = hits.entry(id).or_default();
                h.0 += 1;
                h.1 += score;
            }
        }
        let matched = hits.values().map(|h| h.0).max().unwrap_or(0);
        let mut ranked: Vec<(u32, f64)> = hits
            .into_iter()
            .filter(|(_, h)| h.0 == matched)
            .map(|(id, h)| (id, h.1))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(Hits {
            ids: ranked.into_iter().map(|(id, _)| id).collect(),
            matched,
            tokens: groups.len(),
        })
    }

    /// Scores of the docs matching one typed token; None when it is only stop words.
    fn token_scores(&self, analyzer: &Analyzer, token: &str) -> Result<Option<BTreeMap<u32, f64>>> {
        let words = Analyzer::words(token);
        let mut text: Option<BTreeMap<u32, f64>> = None;
        for word in &words {
            let postings = self.lookup(&analyzer.stem(word))?.unwrap_or_default();
            let idf = (1.0 + self.header.docs as f64 / (postings.all.len() as f64).max(1.0)).ln();
            let mut map: BTreeMap<u32, f64> = postings.all.iter().map(|&d| (d, idf)).collect();
            for d in &postings.strong {
                map.entry(*d).and_modify(|s| *s += 2.0 * idf);
            }
            text = Some(match text {
                None => map,
                Some(acc) => acc
                    .into_iter()
                    .filter_map(|(id, s)| map.get(&id).map(|m| (id, s + m)))
                    .collect(),
            });
        }
        let ident = match identifier_term(token) {
            Some(term) => self.lookup(&term)?,
            None => None,
        };
        if words.is_empty() && ident.is_none() {
            return Ok(None);
        }
        let mut group = text.unwrap_or_default();
        if let Some(p) = ident {
            for d in &p.all {
                *group.entry(*d).or_default() += 1000.0;
            }
            for d in &p.strong {
                *group.entry(*d).or_default() += 1000.0;
            }
        }
        Ok(Some(group))
    }

    /// Facet values (id) of a doc, in facet order; None where the doc has no value.
    pub fn facets_of(&self, id: u32) -> Vec<Option<String>> {
        let run = self.runs.partition_point(|(start, _)| *start <= id);
        let tuple = run.checked_sub(1).map(|r| &self.runs[r].1);
        (0..self.header.facets.len())
            .map(|f| {
                let v = *tuple?.get(f)?;
                let (id, _) = self.header.values.get(f)?.get(v.checked_sub(1)? as usize)?;
                Some(id.clone())
            })
            .collect()
    }

    /// Count of `ids` per value of facet `name`, in the facet's display order.
    pub fn facet_counts(&self, ids: &[u32], name: &str) -> Result<Vec<(String, usize)>> {
        let f = self
            .header
            .facets
            .iter()
            .position(|n| n == name)
            .ok_or_else(|| anyhow!("no facet {name}"))?;
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for &id in ids {
            if let Some(Some(v)) = self.facets_of(id).get(f) {
                *counts.entry(v.clone()).or_default() += 1;
            }
        }
        Ok(self.header.values[f]
            .iter()
            .filter_map(|(v, _)| counts.get(v).map(|c| (v.clone(), *c)))
            .collect())
    }

    /// Result row of a doc: [kind, title, url, date, amount, ente name, snippet].
    pub fn doc(&self, id: u32) -> Result<serde_json::Value> {
        let block = id as usize / self.header.meta_block;
        let raw = read(&self.files, &format!("d/{block}.bin"))?;
        let rows: Vec<serde_json::Value> = serde_json::from_slice(&raw)?;
        rows.into_iter()
            .nth(id as usize % self.header.meta_block)
            .ok_or_else(|| anyhow!("doc {id} not in block {block}"))
    }
}

fn varint(buf: &[u8], pos: &mut usize) -> Result<u64> {
    get_varint(buf, pos).ok_or_else(|| anyhow!("truncated varint at {pos}"))
}

fn decode_postings(bytes: &[u8]) -> Result<Postings> {
    let mut pos = 0;
    let all = get_id_set(bytes, &mut pos).context("postings")?;
    let strong = get_id_set(bytes, &mut pos).context("strong postings")?;
    Ok(Postings { all, strong })
}

fn read(files: &BTreeMap<String, Vec<u8>>, name: &str) -> Result<Vec<u8>> {
    let path = format!("{INDEX_DIR}/{name}");
    let Some(bytes) = files.get(&path) else {
        bail!("missing index file {path}");
    };
    Ok(gunzip(bytes)?)
}
