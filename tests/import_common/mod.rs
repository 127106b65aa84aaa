//! Helpers shared by the import tests.
#![allow(dead_code)]

use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use vetro::model::{Lotto, RecordHeader};

pub fn test_data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path)
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub records: usize,
    pub awarded: Decimal,
    pub paid: Decimal,
}

/// Every file under the site, with its bytes.
pub fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// The procedure records of a site, loaded with the model's own types.
pub fn records(root: &Path) -> Vec<(PathBuf, RecordHeader, Lotto)> {
    snapshot(&root.join("content/procedure"))
        .into_iter()
        .map(|(path, bytes)| {
            let text = String::from_utf8(bytes).unwrap();
            let header: RecordHeader = toml::from_str(&text).unwrap();
            let lotto: Lotto = toml::from_str(&text).unwrap();
            (path, header, lotto)
        })
        .collect()
}

pub fn site_totals(root: &Path) -> Totals {
    let mut totals = Totals::default();
    for (_, header, lotto) in records(root) {
        totals.records += 1;
        totals.awarded += lotto.importo_netto.map_or(Decimal::ZERO, |m| m.0);
        totals.paid += header
            .liquidazioni
            .iter()
            .map(|l| l.importo.0)
            .sum::<Decimal>();
    }
    totals
}
