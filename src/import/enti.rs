//! Contracting bodies: found by codice fiscale in `content/enti/`, or
//! created there with an id made from their name.

use crate::model::EnteFile;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

pub struct Enti {
    dir: PathBuf,
    /// codice fiscale → id
    by_cf: BTreeMap<String, String>,
    taken: BTreeMap<String, ()>,
    /// Bodies to create, by id.
    pub created: BTreeMap<String, EnteFile>,
}

/// `Comune di Cercivento` → `comune-di-cercivento`.
pub fn slug(name: &str) -> String {
    let ascii: String = name
        .nfd()
        .filter(|c| c.is_ascii())
        .collect::<String>()
        .to_lowercase();
    ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

impl Enti {
    /// Reads the existing bodies; files that cannot be read are reported in
    /// `problems` and their id is still kept out of reach.
    pub fn load(root: &Path, problems: &mut Vec<String>) -> std::io::Result<Enti> {
        let dir = root.join("content").join("enti");
        let mut enti = Enti {
            dir: dir.clone(),
            by_cf: BTreeMap::new(),
            taken: BTreeMap::new(),
            created: BTreeMap::new(),
        };
        if !dir.is_dir() {
            return Ok(enti);
        }
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        for path in paths {
            let Some(id) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            enti.taken.insert(id.to_string(), ());
            let text = std::fs::read_to_string(&path)?;
            match toml::from_str::<EnteFile>(&text) {
                Ok(ente) => {
                    let cf = ente.codice_fiscale.trim().to_uppercase();
                    enti.by_cf.entry(cf).or_insert_with(|| id.to_string());
                }
                Err(e) => problems.push(format!(
                    "{}: ente non leggibile, non usato per riconoscere i codici fiscali: {}",
                    path.display(),
                    e.message()
                )),
            }
        }
        Ok(enti)
    }

    /// The id of the body with this codice fiscale, creating it if unknown.
    pub fn resolve(&mut self, codice_fiscale: &str, denominazione: &str) -> String {
        let cf = codice_fiscale.trim().to_uppercase();
        if let Some(id) = self.by_cf.get(&cf) {
            return id.clone();
        }
        let mut id = slug(denominazione);
        if id.is_empty() {
            id = format!("ente-{}", cf.to_lowercase());
        }
        if self.taken.contains_key(&id) {
            id = format!("{id}-{}", cf.to_lowercase());
        }
        self.taken.insert(id.clone(), ());
        self.by_cf.insert(cf.clone(), id.clone());
        let ente = EnteFile {
            denominazione: denominazione.trim().to_string(),
            codice_fiscale: cf,
            codice_ipa: None,
            tipo: None,
            indirizzo: None,
            sito: None,
            pec: None,
        };
        self.created.insert(id.clone(), ente);
        id
    }

    /// Writes the bodies created; returns their paths.
    pub fn write_created(&self) -> std::io::Result<Vec<PathBuf>> {
        let mut written = Vec::new();
        if self.created.is_empty() {
            return Ok(written);
        }
        std::fs::create_dir_all(&self.dir)?;
        for (id, ente) in &self.created {
            let path = self.dir.join(format!("{id}.toml"));
            let text = toml::to_string(ente).map_err(std::io::Error::other)?;
            std::fs::write(&path, text)?;
            written.push(path);
        }
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_reuse_by_codice_fiscale() {
        assert_eq!(slug("Comune di Cercivento"), "comune-di-cercivento");
        assert_eq!(
            slug("S.I.TO SPA - SOCIETÀ INTERPORTO"),
            "s-i-to-spa-societa-interporto"
        );
        let dir = tempfile::tempdir().unwrap();
        let enti_dir = dir.path().join("content/enti");
        std::fs::create_dir_all(&enti_dir).unwrap();
        std::fs::write(
            enti_dir.join("cercivento.toml"),
            "denominazione = \"Comune di Cercivento\"\ncodice_fiscale = \"84001470305\"\n",
        )
        .unwrap();
        let mut problems = Vec::new();
        let mut enti = Enti::load(dir.path(), &mut problems).unwrap();
        assert_eq!(enti.resolve("84001470305", "CERCIVENTO"), "cercivento");
        assert_eq!(
            enti.resolve("00246180590", "Comune di Terracina"),
            "comune-di-terracina"
        );
        // Same name, another body: the id gets the codice fiscale.
        assert_eq!(
            enti.resolve("99999999999", "Cercivento"),
            "cercivento-99999999999"
        );
        assert_eq!(enti.created.len(), 2);
        assert!(problems.is_empty());
    }
}
