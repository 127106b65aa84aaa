//! Sites for imports, and their procedure records read back with the
//! model's own types.

use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use vetro::model::{Lotto, RecordHeader};

/// An empty site for imported data, with the site secret `secret` if given.
pub fn import_site(secret: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("vetro.toml"),
        "titolo = \"Dati importati\"\nurl_base = \"https://example.org\"\ndata_riferimento = 2026-11-22\n",
    )
    .expect("vetro.toml");
    std::fs::create_dir_all(dir.path().join("content")).expect("content/");
    if let Some(secret) = secret {
        std::fs::create_dir_all(dir.path().join(".vetro")).expect(".vetro/");
        std::fs::write(dir.path().join(".vetro/segreto"), secret).expect("segreto");
    }
    dir
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub records: usize,
    pub awarded: Decimal,
    pub paid: Decimal,
}

/// The procedure records of a site, by path.
pub fn records(root: &Path) -> Vec<(PathBuf, RecordHeader, Lotto)> {
    let folder = root.join("content/procedure");
    let mut records: Vec<_> = super::snapshot(&folder)
        .into_iter()
        .map(|(path, bytes)| {
            let text = String::from_utf8(bytes).expect("a record is UTF-8");
            let header: RecordHeader = toml::from_str(&text).expect("a record header");
            let lotto: Lotto = toml::from_str(&text).expect("a record's lot");
            (folder.join(path), header, lotto)
        })
        .collect();
    records.sort_by(|a, b| a.0.cmp(&b.0));
    records
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
