//! The open data and the totals a portal shows, read back.

use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

use super::html::Page;

/// A decimal amount as the dumps write it.
pub fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

/// The rows of a CSV dump, each as column → value.
pub fn csv_rows(site: &Path, file: &str) -> Vec<BTreeMap<String, String>> {
    let path = site.join("dati").join(file);
    let mut reader =
        csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers: Vec<String> = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(String::from)
        .collect();
    reader
        .records()
        .map(|r| {
            let r = r.expect("a CSV row");
            headers
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect()
}

/// The sum of a CSV dump's amount column, blanks left out.
pub fn csv_total(site: &Path, file: &str, column: &str) -> Decimal {
    csv_rows(site, file)
        .iter()
        .map(|row| {
            row.get(column)
                .unwrap_or_else(|| panic!("{file}: no column {column}"))
        })
        .filter(|v| !v.is_empty())
        .map(|v| dec(v))
        .sum()
}

/// The total awarded that the home page states (its machine-readable attribute).
pub fn home_total(site: &Path) -> Decimal {
    let home = Page::read(&site.join("index.html"));
    let attribute = "data-totale-aggiudicato";
    let stated = home.one(&format!("[{attribute}]")).value().attr(attribute);
    dec(stated.unwrap_or_default())
}
