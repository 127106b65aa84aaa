//! Per-document files, all addressed by doc id so a query fetches only what it shows:
//! result metadata in blocks of 16 docs (`d/<n>.bin`), sort keys in blocks of 128
//! (`s/<n>.bin`), and the doc ids in date and amount order in chunks of 4096
//! (`o/data-<n>.bin`, `o/importo-<n>.bin`) for sorting large result sets.

use chrono::NaiveDate;
use rayon::prelude::*;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::encode::gzip;
use super::{INDEX_DIR, SearchDoc, sizes};

/// Longest result text stored, in chars: the client shows a part of it around the first
/// word that matched (`static/js/highlight.js`).
const SNIPPET_CHARS: usize = 600;

/// Sort key of the first doc of every permutation chunk, so a client can skip the
/// chunks outside the keys it needs (e.g. newer years than any matching doc).
#[derive(serde::Serialize)]
pub(crate) struct PermFirsts {
    data: Vec<u32>,
    importo: Vec<u32>,
    /// The first amount of every `a/` chunk (meta.bin's `amountFirst`, not in `permFirst`).
    #[serde(skip)]
    pub(crate) amount_first: Vec<String>,
}

pub fn build(docs: &[&SearchDoc<'_>], files: &mut Vec<(String, Vec<u8>)>) -> PermFirsts {
    let metas: Vec<(String, Vec<u8>)> = docs
        .par_chunks(sizes::META_BLOCK)
        .enumerate()
        .map(|(n, block)| meta_block(n, block))
        .collect();
    files.extend(metas);
    let dates: Vec<u16> = docs.iter().map(|d| date_key(d.date)).collect();
    let (amounts, distinct) = amount_ranks(docs);
    let amount_first = write_amounts(&distinct, files);
    for (n, range) in (0..docs.len()).step_by(sizes::SORT_BLOCK).enumerate() {
        let end = (range + sizes::SORT_BLOCK).min(docs.len());
        let mut out = Vec::with_capacity((end - range) * 5);
        for id in range..end {
            out.extend_from_slice(&dates[id].to_le_bytes());
            out.extend_from_slice(&amounts[id].to_le_bytes()[..3]);
        }
        files.push((format!("{INDEX_DIR}/s/{n}.bin"), gzip(&out)));
    }
    let dates: Vec<u32> = dates.iter().map(|&d| u32::from(d)).collect();
    PermFirsts {
        data: write_permutation("data", &dates, files),
        importo: write_permutation("importo", &amounts, files),
        amount_first,
    }
}

/// gzip(JSON array of [kind, title, url, date, amount, ente name, snippet]).
fn meta_block(n: usize, block: &[&SearchDoc<'_>]) -> (String, Vec<u8>) {
    (
        format!("{INDEX_DIR}/d/{n}.bin"),
        rows_bytes(block.iter().copied()),
    )
}

/// `r/<file>.bin`: the rows of a frequent term's first page of results (`ids`, best
/// first), in the format of the `d/` blocks; `file` is the term's postings file.
pub(crate) fn first_page_file(
    file: u64,
    docs: &[&SearchDoc<'_>],
    ids: &[u32],
) -> (String, Vec<u8>) {
    let rows = ids.iter().map(|&id| docs[id as usize]);
    (format!("{INDEX_DIR}/r/{file}.bin"), rows_bytes(rows))
}

fn rows_bytes<'a, 'd: 'a>(docs: impl Iterator<Item = &'a SearchDoc<'d>>) -> Vec<u8> {
    let rows: Vec<Value> = docs
        .map(|d| {
            json!([
                d.kind,
                d.title,
                d.url,
                d.date.map(|x| x.format("%Y-%m-%d").to_string()),
                d.amount.map(|a| format!("{:.2}", a.round_dp(2))),
                d.ente_name.as_deref().or(d.ente.as_deref()),
                snippet(&d.title, &text_without_title(d)),
            ])
        })
        .collect();
    // A JSON array of strings and nulls always serializes.
    gzip(&serde_json::to_vec(&rows).expect("rows serialize"))
}

/// The doc's text, without the parts that only repeat its title (a lot's object is often
/// the act's).
fn text_without_title(d: &SearchDoc<'_>) -> String {
    let title = d.title.trim();
    let parts: Vec<&str> = d
        .text
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty() && *t != title)
        .collect();
    parts.join(" \n")
}

/// Start of the text, without a leading copy of the title, on one line (runs of white
/// space made one space), cut at a word boundary.
fn snippet(title: &str, text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let body = flat.as_str();
    let body = body.strip_prefix(title.trim()).unwrap_or(body);
    let body = body.trim_start_matches(|c: char| c.is_whitespace() || ".,;:-—".contains(c));
    if body.chars().count() <= SNIPPET_CHARS {
        return body.to_owned();
    }
    let cut: String = body.chars().take(SNIPPET_CHARS).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

/// Days since 1950-01-01 plus one, clamped to u16 (covers 1950-2129); 0 = no date.
fn date_key(date: Option<NaiveDate>) -> u16 {
    let Some(date) = date else { return 0 };
    let base = NaiveDate::from_ymd_opt(1950, 1, 1).unwrap_or_default();
    let days = (date - base).num_days() + 1;
    days.clamp(1, i64::from(u16::MAX)) as u16
}

/// Dense rank of each doc's amount (1 = smallest, ties equal, 0 = none), at most 2^24-1,
/// and the distinct amounts, ascending (rank r is `distinct[r - 1]`).
fn amount_ranks(docs: &[&SearchDoc<'_>]) -> (Vec<u32>, Vec<Decimal>) {
    let mut distinct: Vec<Decimal> = docs.iter().filter_map(|d| d.amount).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let ranks = docs
        .iter()
        .map(|d| match d.amount {
            Some(a) => distinct
                .binary_search(&a)
                .map_or(0, |i| (i as u32 + 1).min(0xff_ffff)),
            None => 0,
        })
        .collect();
    (ranks, distinct)
}

/// `a/<n>.bin`: the distinct amounts of ranks 4096n+1.., ascending, as a JSON array of
/// strings with 2 decimals, so an amount range maps to a range of ranks. Returns the
/// first amount of each chunk.
fn write_amounts(distinct: &[Decimal], files: &mut Vec<(String, Vec<u8>)>) -> Vec<String> {
    let text = |a: &Decimal| format!("{:.2}", a.round_dp(2));
    let mut firsts = Vec::new();
    for (n, chunk) in distinct.chunks(sizes::PERM_CHUNK).enumerate() {
        let values: Vec<String> = chunk.iter().map(text).collect();
        firsts.push(values.first().cloned().unwrap_or_default());
        // A JSON array of strings always serializes.
        let bytes = serde_json::to_vec(&values).expect("amounts serialize");
        files.push((format!("{INDEX_DIR}/a/{n}.bin"), gzip(&bytes)));
    }
    firsts
}

/// Ids by key descending (ties and keyless docs by id), in chunks of u24 little endian.
/// Returns the key of the first id of each chunk.
fn write_permutation(name: &str, keys: &[u32], files: &mut Vec<(String, Vec<u8>)>) -> Vec<u32> {
    let mut ids: Vec<u32> = (0..keys.len() as u32).collect();
    ids.sort_by_key(|&i| (std::cmp::Reverse(keys[i as usize]), i));
    let mut firsts = Vec::new();
    for (n, chunk) in ids.chunks(sizes::PERM_CHUNK).enumerate() {
        firsts.push(keys[chunk[0] as usize]);
        let bytes: Vec<u8> = chunk
            .iter()
            .flat_map(|id| id.to_le_bytes()[..3].to_vec())
            .collect();
        files.push((format!("{INDEX_DIR}/o/{name}-{n}.bin"), gzip(&bytes)));
    }
    firsts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_skips_title_and_cuts_at_words() {
        assert_eq!(
            snippet("Backup O365", "Backup O365. Servizio \n annuale"),
            "Servizio annuale"
        );
        let long = "parola ".repeat(100);
        let s = snippet("", &long);
        assert!(s.ends_with('…') && s.chars().count() <= SNIPPET_CHARS + 1);
    }

    #[test]
    fn date_keys_order_dates() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(date_key(None), 0);
        assert_eq!(date_key(d(1950, 1, 1)), 1);
        assert!(date_key(d(2025, 12, 12)) > date_key(d(2025, 1, 1)));
        assert_eq!(date_key(d(1800, 1, 1)), 1);
    }
}
