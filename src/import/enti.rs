//! Contracting bodies: found by codice fiscale in `content/enti/`, or
//! created there with an id made from their name.

use super::notice::{Kind, Notice};
use crate::model::EnteFile;
use crate::rooted::Rooted;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub(crate) struct Enti {
    /// codice fiscale (see [`identity`]) → id
    by_cf: BTreeMap<String, String>,
    taken: BTreeMap<String, ()>,
    /// Bodies to create, by id.
    pub created: BTreeMap<String, EnteFile>,
}

/// One body per codice fiscale; a body without one is known by its name
/// only, so that bodies without codes are never merged into one.
fn identity(codice_fiscale: &str, denominazione: &str) -> String {
    let cf = codice_fiscale.trim().to_uppercase();
    if cf.is_empty() {
        format!("senza-cf:{}", slug(denominazione))
    } else {
        cf
    }
}

/// `Comune di Cercivento` → `comune-di-cercivento`: the one slug of
/// `safe_name`, so a body's id is always a safe file name.
pub(crate) use crate::safe_name::slug;

impl Enti {
    /// Reads the existing bodies; files that cannot be read are reported in
    /// `problems` and their id is still kept out of reach.
    pub(crate) fn load(root: &Path, problems: &mut Vec<Notice>) -> std::io::Result<Enti> {
        let dir = root.join("content").join("enti");
        let mut enti = Enti {
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
                    let key = identity(&ente.codice_fiscale, &ente.denominazione);
                    enti.by_cf.entry(key).or_insert_with(|| id.to_string());
                }
                Err(e) => problems.push(Notice::file(
                    Kind::EnteUnreadable,
                    &path.display().to_string(),
                    format!(
                        "ente non leggibile, non usato per riconoscere i codici fiscali: {}",
                        e.message()
                    ),
                )),
            }
        }
        Ok(enti)
    }

    /// The id of the body with this codice fiscale, creating it if unknown.
    /// A codice fiscale that is not letters and digits is kept as data (the
    /// body is created, `vetro check` reports the code) but never reaches
    /// a file name; `warnings` says so.
    pub(crate) fn resolve(
        &mut self,
        codice_fiscale: &str,
        denominazione: &str,
        warnings: &mut Vec<String>,
    ) -> String {
        let cf = codice_fiscale.trim().to_uppercase();
        let key = identity(&cf, denominazione);
        if let Some(id) = self.by_cf.get(&key) {
            return id.clone();
        }
        let id = self.free_id(&cf, denominazione);
        if !cf.is_empty() && !crate::safe_name::is_safe(&cf) {
            warnings.push(format!(
                "codice fiscale dell'ente «{cf}» non valido (ammessi solo lettere e cifre): ente «{}» creato come content/enti/{id}.toml, correggi il codice",
                denominazione.trim()
            ));
        }
        self.taken.insert(id.clone(), ());
        self.by_cf.insert(key, id.clone());
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

    /// An id no file has: the name's slug, else the codice fiscale's, then
    /// with the codice fiscale, then numbered.
    fn free_id(&self, cf: &str, denominazione: &str) -> String {
        let mut base = slug(denominazione);
        if base.is_empty() {
            base = slug(&format!("ente-{cf}"));
        }
        let mut id = base.clone();
        let mut n = 1;
        while self.taken.contains_key(&id) {
            id = match n {
                1 => slug(&format!("{base}-{cf}")),
                _ => slug(&format!("{base}-{n}")),
            };
            n += 1;
        }
        id
    }

    /// Writes the bodies created; returns their paths, relative to the root.
    pub(crate) fn write_created(&self, root: &Rooted) -> std::io::Result<Vec<PathBuf>> {
        let mut written = Vec::new();
        for (id, ente) in &self.created {
            let relative = Path::new("content/enti").join(format!("{id}.toml"));
            let text = toml::to_string(ente).map_err(std::io::Error::other)?;
            root.write(&relative, text.as_bytes())?;
            written.push(relative);
        }
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site whose only body is `cercivento` (CF 84001470305).
    fn site_with_cercivento() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let enti_dir = dir.path().join("content/enti");
        std::fs::create_dir_all(&enti_dir).unwrap();
        std::fs::write(
            enti_dir.join("cercivento.toml"),
            "denominazione = \"Comune di Cercivento\"\ncodice_fiscale = \"84001470305\"\n",
        )
        .unwrap();
        dir
    }

    #[test]
    fn slugs_and_reuse_by_codice_fiscale() {
        assert_eq!(slug("Comune di Cercivento"), "comune-di-cercivento");
        assert_eq!(
            slug("S.I.TO SPA - SOCIETÀ INTERPORTO"),
            "s-i-to-spa-societa-interporto"
        );
        let dir = site_with_cercivento();
        let mut problems = Vec::new();
        let mut enti = Enti::load(dir.path(), &mut problems).unwrap();
        let mut warnings = Vec::new();
        let mut resolve = |cf: &str, name: &str| enti.resolve(cf, name, &mut warnings);
        assert_eq!(resolve("84001470305", "CERCIVENTO"), "cercivento");
        assert_eq!(
            resolve("00246180590", "Comune di Terracina"),
            "comune-di-terracina"
        );
        // Same name, another body: the id gets the codice fiscale.
        assert_eq!(
            resolve("99999999999", "Cercivento"),
            "cercivento-99999999999"
        );
        assert!(warnings.is_empty());
        assert_eq!(enti.created.len(), 2);
        assert!(problems.is_empty());
    }

    #[test]
    fn bodies_without_a_codice_fiscale_are_told_apart_by_name() {
        let dir = site_with_cercivento();
        let mut enti = Enti::load(dir.path(), &mut Vec::new()).unwrap();
        let mut warnings = Vec::new();
        let a = enti.resolve("", "Unione dei Comuni della Carnia", &mut warnings);
        let b = enti.resolve(" ", "Consorzio Boschi Carnici", &mut warnings);
        let again = enti.resolve("", "UNIONE DEI COMUNI DELLA CARNIA", &mut warnings);
        assert_eq!(a, "unione-dei-comuni-della-carnia");
        assert_eq!(b, "consorzio-boschi-carnici");
        assert_eq!(again, a);
        assert_eq!(enti.created.len(), 2);
    }

    #[test]
    fn hostile_codici_fiscali_never_reach_a_file_name() {
        let dir = site_with_cercivento();
        let mut enti = Enti::load(dir.path(), &mut Vec::new()).unwrap();
        let mut warnings = Vec::new();
        let hostile = "/../../../../../victim/csvdir";
        // Taken name: the id gets the code, slugged.
        let id = enti.resolve(hostile, "Cercivento", &mut warnings);
        assert_eq!(id, "cercivento-victim-csvdir");
        // No name: the id is the code's slug.
        let id = enti.resolve("../../x/", "", &mut warnings);
        assert_eq!(id, "ente-x");
        let id = enti.resolve("..", "...", &mut warnings);
        assert_eq!(id, "ente");
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(warnings[0].contains("non valido"), "{}", warnings[0]);
        for id in enti.created.keys() {
            assert!(crate::safe_name::is_safe(id), "{id}");
        }
        // The code is kept as data, for check to report.
        assert_eq!(enti.created["ente-x"].codice_fiscale, "../../X/");
    }
}
