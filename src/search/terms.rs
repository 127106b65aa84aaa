//! Term dictionary and postings. Terms (stems, plus `#`-prefixed identifiers) are
//! sorted and cut into shards of ~12 KB (`t/<n>.bin`); the first term of each shard
//! goes into meta.bin so the client fetches exactly one shard per word (two at most
//! for a prefix). Small postings live inline in the shard, large ones in `p/<n>.bin`;
//! meta.bin also lists the most frequent terms with their `p/` file, so the postings of
//! a common word are fetched without its shard.

use std::collections::HashMap;

use rayon::prelude::*;

use super::analysis::{Analyzer, IDENT_PREFIX, identifier_term, normalize_identifier};
use super::encode::{gzip, put_id_set, put_str, put_varint};
use super::{INDEX_DIR, SearchDoc, sizes};

/// Top-level lookup tables of the dictionary, stored in meta.bin.
pub(crate) struct Dictionary {
    /// First term of every shard, ascending.
    pub shard_firsts: Vec<String>,
    /// (term, document frequency, postings file) of the most frequent terms, ascending
    /// by term: a query fetches their postings without waiting for their shard.
    pub hot: Vec<(String, u64, u64)>,
    /// Identifier terms without a digit (rare), or None when there are more than
    /// `PLAIN_IDS`: a client skips the identifier lookup of any other digitless token.
    pub plain_ids: Option<Vec<String>>,
}

/// Flag bit of a posting: the term is in the title, or the identifier is the page's own.
const STRONG: u32 = 1;

/// Writes shards and postings files into `files`; returns the shard table.
pub fn build(docs: &[&SearchDoc<'_>], files: &mut Vec<(String, Vec<u8>)>) -> Dictionary {
    let mut inverter = Inverter::default();
    // Analyze in parallel chunk by chunk, so per-doc term lists never all coexist.
    for (c, chunk) in docs.chunks(8192).enumerate() {
        let per_doc: Vec<Vec<(String, bool)>> = chunk
            .par_iter()
            .map_init(Analyzer::new, |analyzer, doc| doc_terms(analyzer, doc))
            .collect();
        for (i, terms) in per_doc.into_iter().enumerate() {
            inverter.add((c * 8192 + i) as u32, terms);
        }
    }
    let mut terms: Vec<(String, usize)> = inverter.ids.into_iter().collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let dictionary = write_shards(&terms, &inverter.postings, files);
    // A frequent word on its own is the commonest query: its first page of results is
    // written now, so the client fetches it with the postings instead of after them.
    let first_pages: Vec<_> = dictionary
        .hot
        .par_iter()
        .filter_map(|(term, _, file)| {
            let i = terms.binary_search_by(|t| t.0.as_str().cmp(term)).ok()?;
            let best = best_first(&inverter.postings[terms[i].1], sizes::FIRST_PAGE);
            Some(super::docs::first_page_file(*file, docs, &best))
        })
        .collect();
    files.extend(first_pages);
    dictionary
}

/// The first `k` docs of a one-term query in relevance order: the docs where the term
/// is strong (it scores three times as much there), then the others, each by id.
fn best_first(list: &[u32], k: usize) -> Vec<u32> {
    let strong = list.iter().filter(|p| *p & STRONG != 0);
    let plain = list.iter().filter(|p| *p & STRONG == 0);
    strong.chain(plain).take(k).map(|p| p >> 1).collect()
}

/// Distinct terms of one doc, each with its strong flag, sorted.
fn doc_terms(analyzer: &mut Analyzer, doc: &SearchDoc<'_>) -> Vec<(String, bool)> {
    let mut words: Vec<(String, bool)> = Analyzer::words(&doc.title)
        .into_iter()
        .map(|w| (w, true))
        .chain(
            doc.text
                .iter()
                .flat_map(|part| Analyzer::words(part))
                .map(|w| (w, false)),
        )
        .collect();
    // Strong first, so a title word that the text repeats stays strong.
    words.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    words.dedup_by(|b, a| a.0 == b.0);
    let mut terms: Vec<(String, bool)> = words
        .into_iter()
        .map(|(w, strong)| (analyzer.stem(&w), strong))
        .collect();
    let own_url = normalize_identifier(&doc.url);
    for id in &doc.identifiers {
        if let Some(term) = identifier_term(id) {
            let own = own_url.contains(&term[1..]);
            terms.push((term, own));
        }
    }
    // Strong first, so dedup keeps the strong flag of a term seen twice.
    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    terms.dedup_by(|b, a| a.0 == b.0);
    terms
}

/// Postings per term as `doc_id << 1 | strong`, ascending since docs come in id order.
#[derive(Default)]
struct Inverter {
    // Lookup only: terms are re-sorted by text before anything is written.
    ids: HashMap<String, usize>,
    postings: Vec<Vec<u32>>,
}

impl Inverter {
    fn add(&mut self, doc: u32, terms: Vec<(String, bool)>) {
        for (term, strong) in terms {
            let next = self.postings.len();
            let t = *self.ids.entry(term).or_insert(next);
            if t == next {
                self.postings.push(Vec::new());
            }
            self.postings[t].push(doc << 1 | u32::from(strong));
        }
    }
}

/// Postings bytes: id set of all docs, then id set of the strong ones.
fn encode_postings(list: &[u32]) -> Vec<u8> {
    let all: Vec<u32> = list.iter().map(|p| p >> 1).collect();
    let strong: Vec<u32> = list
        .iter()
        .filter(|p| *p & STRONG != 0)
        .map(|p| p >> 1)
        .collect();
    let mut out = Vec::new();
    put_id_set(&mut out, &all);
    put_id_set(&mut out, &strong);
    out
}

/// Shard layout: varint count, then per term: varint shared-prefix bytes with the
/// previous term, suffix (varint length + UTF-8), varint doc frequency, varint inline
/// length; inline postings bytes if that length is > 0, else varint postings file number.
fn write_shards(
    terms: &[(String, usize)],
    postings: &[Vec<u32>],
    files: &mut Vec<(String, Vec<u8>)>,
) -> Dictionary {
    let encoded: Vec<Vec<u8>> = terms
        .par_iter()
        .map(|(_, t)| encode_postings(&postings[*t]))
        .collect();
    let mut shard_firsts = Vec::new();
    let mut body = Vec::new();
    let mut count = 0u64;
    let mut prev: &str = "";
    let mut next_file = 0u64;
    let mut pending: Vec<(String, Vec<u8>)> = Vec::new();
    let mut hot = Vec::new();
    for ((term, t), bytes) in terms.iter().zip(encoded) {
        if count == 0 {
            shard_firsts.push(term.clone());
            prev = "";
        }
        let shared = shared_prefix(prev, term);
        put_varint(&mut body, shared as u64);
        put_str(&mut body, &term[shared..]);
        put_varint(&mut body, postings[*t].len() as u64);
        if bytes.len() <= sizes::INLINE_POSTINGS {
            put_varint(&mut body, bytes.len() as u64);
            body.extend_from_slice(&bytes);
        } else {
            put_varint(&mut body, 0);
            put_varint(&mut body, next_file);
            hot.push((term.clone(), postings[*t].len() as u64, next_file));
            pending.push((format!("{INDEX_DIR}/p/{next_file}.bin"), bytes));
            next_file += 1;
        }
        count += 1;
        prev = term;
        if body.len() >= sizes::SHARD_BYTES {
            files.push(shard_file(shard_firsts.len() - 1, count, &body));
            body.clear();
            count = 0;
        }
    }
    if count > 0 {
        files.push(shard_file(shard_firsts.len() - 1, count, &body));
    }
    files.extend(
        pending
            .into_par_iter()
            .map(|(p, b)| (p, gzip(&b)))
            .collect::<Vec<_>>(),
    );
    let plain_ids: Vec<String> = terms
        .iter()
        .filter(|(t, _)| t.starts_with(IDENT_PREFIX) && !t.chars().any(char::is_numeric))
        .map(|(t, _)| t.clone())
        .collect();
    Dictionary {
        shard_firsts,
        hot: most_frequent(hot),
        plain_ids: (plain_ids.len() <= sizes::PLAIN_IDS).then_some(plain_ids),
    }
}

/// The `HOT_TERMS` terms of highest frequency (ties by term), back in term order.
fn most_frequent(mut terms: Vec<(String, u64, u64)>) -> Vec<(String, u64, u64)> {
    terms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    terms.truncate(sizes::HOT_TERMS);
    terms.sort_by(|a, b| a.0.cmp(&b.0));
    terms
}

fn shard_file(n: usize, count: u64, body: &[u8]) -> (String, Vec<u8>) {
    let mut out = Vec::with_capacity(body.len() + 4);
    put_varint(&mut out, count);
    out.extend_from_slice(body);
    (format!("{INDEX_DIR}/t/{n}.bin"), gzip(&out))
}

/// Length in bytes of the common prefix, cut at a char boundary.
fn shared_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .take_while(|((_, ca), cb)| ca == cb)
        .map(|((i, c), _)| i + c.len_utf8())
        .last()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc<'a>(title: &'a str, text: &'a str) -> SearchDoc<'a> {
        SearchDoc {
            kind: crate::search::DocKind::Atto,
            title: title.into(),
            url: "atti/x/".into(),
            date: None,
            amount: None,
            ente: None,
            ente_name: None,
            year: None,
            procedura: None,
            categoria: None,
            text: vec![text.into()],
            identifiers: Vec::new(),
            indicatori: false,
        }
    }

    #[test]
    fn a_title_word_repeated_in_the_text_stays_strong() {
        let mut analyzer = Analyzer::new();
        let terms = doc_terms(
            &mut analyzer,
            &doc("Servizio antispam", "antispam e backup"),
        );
        let strong = |word: &str| {
            let stem = Analyzer::new().stem(word);
            terms.iter().find(|(t, _)| *t == stem).map(|(_, s)| *s)
        };
        assert_eq!(strong("antispam"), Some(true));
        assert_eq!(strong("servizio"), Some(true));
        assert_eq!(strong("backup"), Some(false));
    }

    #[test]
    fn shared_prefix_respects_char_boundaries() {
        assert_eq!(shared_prefix("serviz", "servizi"), 6);
        assert_eq!(shared_prefix("", "abc"), 0);
        assert_eq!(shared_prefix("càsa", "càro"), 3);
    }

    #[test]
    fn hot_terms_are_the_most_frequent_in_term_order() {
        let terms = (0..sizes::HOT_TERMS as u64 + 2)
            .map(|i| (format!("t{i:04}"), i, i))
            .collect();
        let hot = most_frequent(terms);
        assert_eq!(hot.len(), sizes::HOT_TERMS);
        assert_eq!(hot[0].0, "t0002", "the two least frequent are left out");
        assert!(hot.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn first_page_puts_strong_docs_first_each_by_id() {
        let list = [1 << 1, 2 << 1 | 1, 3 << 1, 7 << 1 | 1, 8 << 1];
        assert_eq!(best_first(&list, 3), [2, 7, 1]);
        assert_eq!(best_first(&list, 10), [2, 7, 1, 3, 8]);
    }

    #[test]
    fn postings_keep_strong_subset() {
        let list = [2 << 1 | 1, 5 << 1, 9 << 1 | 1];
        let bytes = encode_postings(&list);
        let mut pos = 0;
        let all = crate::search::encode::get_id_set(&bytes, &mut pos);
        let strong = crate::search::encode::get_id_set(&bytes, &mut pos);
        assert_eq!(all, Some(vec![2, 5, 9]));
        assert_eq!(strong, Some(vec![2, 9]));
    }
}
