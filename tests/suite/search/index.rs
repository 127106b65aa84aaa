//! Builds an index from the fixture docs and queries it through the Rust reader.

use crate::support::search;
use vetro::search::build_index;
use vetro::search::query::Index;

fn index() -> Index {
    Index::open(build_index(&search::docs())).expect("index opens")
}

fn urls(index: &Index, query: &str) -> Vec<String> {
    let ids = index.search(query).expect("query runs");
    ids.iter()
        .map(|&id| {
            index.doc(id).expect("doc row")[2]
                .as_str()
                .unwrap_or("")
                .to_owned()
        })
        .collect()
}

#[test]
fn every_file_is_under_cerca_and_output_is_deterministic() {
    let docs = search::docs();
    let files = build_index(&docs);
    assert!(files.iter().all(|(p, _)| p.starts_with("cerca/")));
    let mut reversed = docs.clone();
    reversed.reverse();
    assert_eq!(files, build_index(&reversed), "input order must not matter");
}

#[test]
fn word_finds_the_cig_page() {
    let index = index();
    assert_eq!(index.doc_count(), 7);
    assert!(urls(&index, "backup").contains(&"/cig/B9538AC2B9/".to_owned()));
}

#[test]
fn identifiers_rank_their_own_page_first() {
    let index = index();
    assert_eq!(urls(&index, "01586840504")[0], "/fornitori/01586840504/");
    assert_eq!(urls(&index, "b9538ac2b9")[0], "/cig/B9538AC2B9/");
    assert_eq!(urls(&index, "72910000-2").len(), 2);
}

#[test]
fn stems_match_plural_and_accents() {
    let index = index();
    let servizi = urls(&index, "servizi");
    assert!(servizi.contains(&"/atti/comune-di-livorno/2025/determinazione-10107/".to_owned()));
    let found = urls(&index, "manutenzioni attivita");
    assert_eq!(found, ["/atti/comune-di-livorno/2024/determinazione-500/"]);
}

#[test]
fn no_doc_with_every_word_falls_back_to_the_most_words() {
    let index = index();
    let all = index
        .search_hits("manutenzioni attivita")
        .expect("query runs");
    assert_eq!((all.matched, all.tokens), (2, 2));
    let hits = index
        .search_hits("backup manutenzione")
        .expect("query runs");
    assert_eq!((hits.matched, hits.tokens), (1, 2), "partial matches");
    let found = urls(&index, "backup manutenzione");
    assert!(found.contains(&"/cig/B9538AC2B9/".to_owned()));
    assert!(found.contains(&"/atti/comune-di-livorno/2024/determinazione-500/".to_owned()));
    let none = index
        .search_hits("zzzinesistente backup")
        .expect("query runs");
    assert_eq!((none.matched, none.tokens), (1, 2));
    assert!(
        index
            .search("zzzinesistente")
            .expect("query runs")
            .is_empty()
    );
}

#[test]
fn frequent_terms_are_listed_in_the_header() {
    // Enough docs sharing words that their postings leave the shards for p/ files.
    let docs = search::many_docs(3000);
    let files = build_index(&docs);
    let header = meta_header(&files);
    let hot = header["hot"].as_array().expect("hot list");
    let serviz = hot
        .iter()
        .find(|h| h[0] == "serviz")
        .expect("serviz is hot");
    let df = docs
        .iter()
        .filter(|d| format!("{} {}", d.title, d.text.join(" ")).contains("servizio"))
        .count();
    assert_eq!(serviz[1], df as u64, "document frequency");
    assert!(
        files
            .iter()
            .any(|f| f.0 == format!("cerca/p/{}.bin", serviz[2]))
    );
    // The stored first page is the first page of a query for the word, row for row.
    let first_page = files
        .iter()
        .find(|f| f.0 == format!("cerca/r/{}.bin", serviz[2]))
        .expect("first page of a hot term");
    let stored: Vec<serde_json::Value> =
        serde_json::from_slice(&vetro::search::encode::gunzip(&first_page.1).expect("gzip"))
            .expect("rows");
    assert_eq!(header["firstPage"], 10);
    let index = Index::open(files.clone()).expect("index opens");
    let found = index.lookup("serviz").expect("lookup").expect("postings");
    assert_eq!(found.all.len() as u64, serviz[1].as_u64().unwrap_or(0));
    let best: Vec<serde_json::Value> = index.search("servizi").expect("query")[..10]
        .iter()
        .map(|&id| index.doc(id).expect("row"))
        .collect();
    assert_eq!(stored, best);
    let in_title = |r: &serde_json::Value| {
        r[1].as_str()
            .unwrap_or("")
            .to_lowercase()
            .contains("serviz")
    };
    assert!(
        stored.iter().all(in_title),
        "docs with the word in the title come first"
    );
    let titled = docs
        .iter()
        .filter(|d| d.title.to_lowercase().contains("serviz"))
        .count();
    assert_eq!(
        found.strong.len(),
        titled,
        "strong: every doc with the word in its title, also when its text repeats it"
    );
}

#[test]
fn identifiers_without_digits_are_listed_in_the_header() {
    let docs = search::docs();
    let files = build_index(&docs);
    let header = meta_header(&files);
    assert_eq!(header["plainIds"], serde_json::json!(["#abclavori"]));
    let index = Index::open(files).expect("index opens");
    let found = index.search("abc-lavori").expect("query runs");
    assert_eq!(
        index.doc(found[0]).expect("row")[2],
        "/atti/comune-di-livorno/2024/determinazione-500/"
    );
}

#[test]
fn facet_counts_come_from_the_run_table() {
    let index = index();
    let ids = index.search("servizio").expect("query runs");
    let years = index.facet_counts(&ids, "anno").expect("facet");
    assert_eq!(years, [("2025".into(), 2), ("2020".into(), 1)]);
    let kinds = index.facet_counts(&ids, "tipo").expect("facet");
    assert_eq!(kinds, [("atto".into(), 2), ("cig".into(), 1)]);
}

#[test]
fn result_rows_carry_display_fields() {
    let index = index();
    let id = index.search("B9538AC2B9").expect("query runs")[0];
    let row = index.doc(id).expect("row");
    assert_eq!(row[0], "cig");
    assert_eq!(row[3], "2025-12-12");
    assert_eq!(row[4], "104832.00");
    assert_eq!(row[5], "Comune di Livorno");
}

/// The JSON header of an index's `meta.bin`.
fn meta_header(files: &[(String, Vec<u8>)]) -> serde_json::Value {
    let meta = files
        .iter()
        .find(|f| f.0 == "cerca/meta.bin")
        .expect("meta");
    serde_json::from_slice(&vetro::search::encode::gunzip(&meta.1).expect("gzip")).expect("json")
}
