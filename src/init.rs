//! `vetro init DIR`: a new portal that builds at once — `vetro.toml`, one
//! body, one real act from the example site, the accessibility statement,
//! privacy and legal-notes pages, and a `package.json` for Bootstrap Italia.

use clap::Args as ClapArgs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(ClapArgs, Debug)]
pub struct Args {
    /// Folder of the new site; created if missing, and must be empty.
    pub dir: PathBuf,
}

const CONFIG: &str = r#"# Impostazioni del portale: ogni chiave è descritta in docs/.
titolo = "Trasparenza appalti"
descrizione = "Atti e dati delle procedure di affidamento, pubblicati con vetro."
editore = "Comune di Livorno"
url_base = "https://trasparenza.example.org"
licenza = "CC-BY-4.0"
per_pagina = 50
"#;

const PACKAGE: &str = r#"{
  "name": "portale-trasparenza",
  "private": true,
  "description": "Bootstrap Italia per il tema di vetro: installalo con npm install.",
  "dependencies": {
    "bootstrap-italia": "2.18.3"
  }
}
"#;

/// (path in the new site, contents): the example site's own files.
const FILES: [(&str, &str); 7] = [
    ("vetro.toml", CONFIG),
    ("package.json", PACKAGE),
    (
        "content/enti/comune-di-livorno.toml",
        include_str!("../content/enti/comune-di-livorno.toml"),
    ),
    (
        "content/atti/comune-di-livorno/determinazione-10107-2025.md",
        include_str!("../content/atti/comune-di-livorno/determinazione-10107-2025.md"),
    ),
    (
        "content/pagine/accessibilita.md",
        include_str!("../content/pagine/accessibilita.md"),
    ),
    (
        "content/pagine/privacy.md",
        include_str!("../content/pagine/privacy.md"),
    ),
    (
        "content/pagine/note-legali.md",
        include_str!("../content/pagine/note-legali.md"),
    ),
];

pub fn run(args: Args) -> ExitCode {
    match create(&args.dir) {
        Ok(()) => {
            println!("vetro: nuovo sito in {}", args.dir.display());
            println!(
                "  cd {} && npm install   # tema Bootstrap Italia (facoltativo)",
                args.dir.display()
            );
            println!(
                "  vetro serve --root {}  # anteprima con ricarica automatica",
                args.dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("errore: {message}");
            ExitCode::from(2)
        }
    }
}

/// Writes the starter files into `dir`, refusing a folder that has files.
pub fn create(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir)
            .map_err(|e| format!("impossibile leggere {}: {e}", dir.display()))?;
        if entries.next().is_some() {
            return Err(format!(
                "{} non è vuota: indica una cartella nuova o vuota",
                dir.display()
            ));
        }
    }
    for (path, text) in FILES {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("impossibile creare {}: {e}", parent.display()))?;
        }
        std::fs::write(&target, text)
            .map_err(|e| format!("impossibile scrivere {}: {e}", target.display()))?;
    }
    // The key of natural persons' page ids: kept with the sources (`crate::secret`).
    crate::secret::create(dir).map_err(|e| {
        let file = crate::secret::SECRET_FILE;
        format!("impossibile scrivere {}: {e}", dir.join(file).display())
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_folder_with_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x"), "").unwrap();
        assert!(create(dir.path()).unwrap_err().contains("non è vuota"));
    }

    #[test]
    fn writes_a_site_that_loads_without_errors() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("nuovo");
        create(&root).unwrap();
        let (site, diagnostics) = crate::build::load_and_check(&root);
        assert!(site.is_some());
        let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "{errors:?}");
    }
}
