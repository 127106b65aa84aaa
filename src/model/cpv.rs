//! The CPV 2008 vocabulary: code → Italian description.
//!
//! The EU's official list ships inside the binary (`data/cpv2008_it.csv`), so
//! every site shows CPV names and checks codes with no configuration;
//! `cpv_vocabolario` in `vetro.toml` replaces it with a file of the site.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// The CSV as published: `code,parent_code,level,description_it`.
pub const CPV_2008_CSV: &str = include_str!("../../data/cpv2008_it.csv");

/// A CPV vocabulary, cheap to clone (the built-in one is parsed once).
#[derive(Clone, Debug)]
pub struct CpvVocabulary {
    names: Arc<BTreeMap<String, String>>,
}

impl CpvVocabulary {
    /// The CPV 2008 vocabulary compiled into vetro.
    pub fn builtin() -> CpvVocabulary {
        static BUILTIN: OnceLock<Arc<BTreeMap<String, String>>> = OnceLock::new();
        let names = BUILTIN.get_or_init(|| {
            // The embedded file is tested to parse; an error here is a build defect.
            Arc::new(parse(CPV_2008_CSV.as_bytes()).unwrap_or_default())
        });
        CpvVocabulary {
            names: Arc::clone(names),
        }
    }

    /// A site's own vocabulary file, in the same columns.
    pub(crate) fn from_file(path: &Path) -> Result<CpvVocabulary, String> {
        let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
        let names = parse(file)?;
        if names.is_empty() {
            return Err("il file non contiene codici".into());
        }
        Ok(CpvVocabulary {
            names: Arc::new(names),
        })
    }

    pub(crate) fn get(&self, code: &str) -> Option<&str> {
        self.names.get(code).map(String::as_str)
    }

    pub fn contains(&self, code: &str) -> bool {
        self.names.contains_key(code)
    }

    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.names.keys().map(String::as_str)
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.names.len()
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

fn parse(input: impl Read) -> Result<BTreeMap<String, String>, String> {
    let mut reader = csv::Reader::from_reader(input);
    let mut map = BTreeMap::new();
    for row in reader.records() {
        let row = row.map_err(|e| e.to_string())?;
        if let (Some(code), Some(desc)) = (row.get(0), row.get(3)) {
            map.insert(code.trim().to_string(), desc.trim().to_string());
        }
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_vocabulary_is_the_whole_cpv_2008() {
        let cpv = CpvVocabulary::builtin();
        // The CPV 2008 main vocabulary has 9,454 codes.
        assert_eq!(cpv.len(), 9454);
        assert_eq!(
            cpv.get("72910000-2"),
            Some("Servizi di back-up informatico")
        );
        assert!(cpv.contains("45000000-7"));
        assert!(!cpv.contains("72910001-4"));
    }

    #[test]
    fn a_site_file_replaces_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cpv.csv");
        std::fs::write(
            &path,
            "code,parent_code,level,description_it\n72910000-2,,Categoria,Back-up\n",
        )
        .unwrap();
        let cpv = CpvVocabulary::from_file(&path).unwrap();
        assert_eq!(cpv.len(), 1);
        assert_eq!(cpv.get("72910000-2"), Some("Back-up"));
        assert!(CpvVocabulary::from_file(&dir.path().join("missing.csv")).is_err());
        std::fs::write(&path, "code,parent_code,level,description_it\n").unwrap();
        assert!(CpvVocabulary::from_file(&path).is_err());
    }
}
