//! `vetro init DIR --ente NAME --cf CF`: a new portal for the user's own
//! body that builds at once — `vetro.toml` (published by that body), the
//! body's file, the accessibility statement, privacy and legal-notes pages,
//! and a `package.json` for Bootstrap Italia. The example body and act
//! (Comune di Livorno) come only with `--esempio`, so nothing of the demo
//! reaches a real site.

use crate::model::EnteFile;
use clap::Args as ClapArgs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(ClapArgs, Debug)]
pub struct Args {
    /// Folder of the new site; created if missing, and must be empty.
    pub dir: PathBuf,
    /// Name of the body the portal publishes for ("Comune di Cercivento").
    #[arg(long)]
    pub ente: Option<String>,
    /// Its codice fiscale (11 digits).
    #[arg(long)]
    pub cf: Option<String>,
    /// Public address of the portal; without it a placeholder that `vetro
    /// check` reports (W222).
    #[arg(long = "url-base")]
    pub url_base: Option<String>,
    /// Adds the example body and act (Comune di Livorno), to try vetro out.
    #[arg(long)]
    pub esempio: bool,
}

/// What the new site is for.
#[derive(Clone, Debug, Default)]
pub(crate) struct Options {
    /// The user's own body: name and codice fiscale.
    pub ente: Option<(String, String)>,
    pub url_base: Option<String>,
    pub esempio: bool,
}

impl Options {
    /// The example portal alone: the demo body and act, published by it.
    pub(crate) fn example() -> Options {
        Options {
            esempio: true,
            ..Options::default()
        }
    }

    #[cfg(test)]
    /// A portal for the body `name` with codice fiscale `cf`.
    pub fn for_body(name: &str, cf: &str) -> Options {
        Options {
            ente: Some((name.to_string(), cf.to_string())),
            ..Options::default()
        }
    }
}

/// The `url_base` written when none is given: `.invalid` is reserved
/// (RFC 2606), so it can never be a real portal, and check reports it.
pub(crate) const PLACEHOLDER_URL: &str = "https://trasparenza.invalid";

const PACKAGE: &str = r#"{
  "name": "portale-trasparenza",
  "private": true,
  "description": "Bootstrap Italia per il tema di vetro: installalo con npm install.",
  "dependencies": {
    "bootstrap-italia": "2.18.3"
  }
}
"#;

/// (path in the new site, contents): the pages every portal needs.
const PAGES: [(&str, &str); 3] = [
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

/// The example site's body and act, written only with `--esempio`.
const EXAMPLE: [(&str, &str); 2] = [
    (
        "content/enti/comune-di-livorno.toml",
        include_str!("../content/enti/comune-di-livorno.toml"),
    ),
    (
        "content/atti/comune-di-livorno/determinazione-10107-2025.md",
        include_str!("../content/atti/comune-di-livorno/determinazione-10107-2025.md"),
    ),
];
const EXAMPLE_PUBLISHER: &str = "Comune di Livorno";

pub fn run(args: Args) -> ExitCode {
    let created = options(&args).and_then(|options| {
        create_site(&args.dir, &options)?;
        Ok(options)
    });
    match created {
        Ok(options) => {
            let dir = args.dir.display();
            println!("vetro: nuovo sito in {dir}");
            if options.url_base.is_none() {
                println!(
                    "  imposta url_base in {dir}/vetro.toml: l'indirizzo pubblico del portale"
                );
            }
            println!("  cd {dir} && npm install   # tema Bootstrap Italia (facoltativo)");
            println!("  vetro import l190 FILE.xml --root {dir}   # i dataset L.190 dell'ente");
            println!("  vetro serve --root {dir}  # anteprima con ricarica automatica");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("errore: {message}");
            ExitCode::from(2)
        }
    }
}

/// The options of the command line, with the body's name and code checked.
fn options(args: &Args) -> Result<Options, String> {
    let ente = match (&args.ente, &args.cf) {
        (Some(name), Some(cf)) => Some((body_name(name)?, body_cf(cf)?)),
        (None, None) if args.esempio => None,
        (None, None) => return Err(
            "indica l'ente del portale: vetro init DIR --ente \"Comune di Esempio\" --cf 12345678901 (oppure --esempio per un sito di prova)".into(),
        ),
        (Some(_), None) => return Err("manca --cf: il codice fiscale dell'ente (11 cifre)".into()),
        (None, Some(_)) => return Err("manca --ente: il nome dell'ente (es. \"Comune di Esempio\")".into()),
    };
    let url_base = match &args.url_base {
        Some(url) => {
            let url = url.trim().trim_end_matches('/').to_string();
            crate::route::check_url_base(&url).map_err(|e| format!("--url-base: {e}"))?;
            Some(url)
        }
        None => None,
    };
    Ok(Options {
        ente,
        url_base,
        esempio: args.esempio,
    })
}

fn body_name(name: &str) -> Result<String, String> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() || crate::safe_name::slug(&name).is_empty() {
        return Err(format!(
            "--ente «{name}»: serve il nome dell'ente, es. \"Comune di Esempio\""
        ));
    }
    Ok(name)
}

/// A body's codice fiscale: 11 digits with a valid check digit.
fn body_cf(cf: &str) -> Result<String, String> {
    let cf: String = cf.split_whitespace().collect();
    match crate::check::ids::check_partita_iva(&cf) {
        Ok(()) => Ok(cf),
        Err(crate::check::ids::IdError::Check { .. }) => Err(format!(
            "--cf «{cf}»: codice fiscale non valido, la cifra di controllo non torna (ricopialo da indicepa.gov.it)"
        )),
        Err(_) => Err(format!(
            "--cf «{cf}»: il codice fiscale di un ente ha 11 cifre (ricopialo da indicepa.gov.it)"
        )),
    }
}

/// The example portal, as `vetro init DIR --esempio` makes it.
pub fn create(dir: &Path) -> Result<(), String> {
    create_site(dir, &Options::example())
}

/// Writes a new site into `dir`, refusing a folder that has files.
pub(crate) fn create_site(dir: &Path, options: &Options) -> Result<(), String> {
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
    write_files(dir, &files(options)?)
}

/// Every file of a new site, (path, contents).
fn files(options: &Options) -> Result<Vec<(String, String)>, String> {
    let publisher = match &options.ente {
        Some((name, _)) => name.as_str(),
        None => EXAMPLE_PUBLISHER,
    };
    let url_base = options.url_base.as_deref().unwrap_or(PLACEHOLDER_URL);
    let mut files = vec![
        ("vetro.toml".to_string(), config(publisher, url_base)),
        ("package.json".to_string(), PACKAGE.to_string()),
    ];
    if let Some((name, cf)) = &options.ente {
        let ente = EnteFile {
            denominazione: name.clone(),
            codice_fiscale: cf.clone(),
            codice_ipa: None,
            tipo: None,
            indirizzo: None,
            sito: None,
            pec: None,
        };
        let text = toml::to_string(&ente).map_err(|e| e.to_string())?;
        let id = crate::safe_name::slug(name);
        files.push((format!("content/enti/{id}.toml"), text));
    }
    let example = EXAMPLE.iter().filter(|_| options.esempio);
    for (path, text) in PAGES.iter().chain(example) {
        files.push((path.to_string(), text.to_string()));
    }
    Ok(files)
}

fn config(publisher: &str, url_base: &str) -> String {
    let quoted = |s: &str| toml::Value::String(s.to_string()).to_string();
    format!(
        "# Impostazioni del portale: ogni chiave è descritta in docs/.
titolo = \"Trasparenza appalti\"
descrizione = \"Atti e dati delle procedure di affidamento, pubblicati con vetro.\"
editore = {}
# L'indirizzo pubblico del portale (vetro check segnala quello segnaposto).
url_base = {}
licenza = \"CC-BY-4.0\"
per_pagina = 50
# Il prefisso OCDS assegnato dall'Open Contracting Partnership: senza, i file OCDS
# non sono pubblicati (vetro check lo ricorda).
# ocds_prefisso = \"ocds-abc123\"
",
        quoted(publisher),
        quoted(url_base)
    )
}

/// The one place where `vetro init` writes.
fn write_files(dir: &Path, files: &[(String, String)]) -> Result<(), String> {
    for (path, text) in files {
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

    fn diagnostics_of(root: &Path) -> Vec<crate::diagnostics::Diagnostic> {
        let (site, diagnostics) = crate::build::load_and_check(root);
        assert!(site.is_some());
        diagnostics
    }

    #[test]
    fn a_site_for_the_users_body_has_nothing_of_the_example() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("cercivento");
        create_site(
            &root,
            &Options::for_body("Comune di Cercivento", "84001470305"),
        )
        .unwrap();
        let config = std::fs::read_to_string(root.join("vetro.toml")).unwrap();
        assert!(
            config.contains("editore = \"Comune di Cercivento\""),
            "{config}"
        );
        assert!(!config.contains("Livorno"));
        let ente =
            std::fs::read_to_string(root.join("content/enti/comune-di-cercivento.toml")).unwrap();
        assert!(ente.contains("codice_fiscale = \"84001470305\""), "{ente}");
        assert!(!root.join("content/atti").exists());
        assert!(!root.join("content/enti/comune-di-livorno.toml").exists());
        let diagnostics = diagnostics_of(&root);
        let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["W222", "W223"], "{diagnostics:?}");
    }

    #[test]
    fn bad_names_and_codes_are_refused_with_a_reason() {
        let args = |ente: Option<&str>, cf: Option<&str>, url: Option<&str>| Args {
            dir: PathBuf::from("x"),
            ente: ente.map(String::from),
            cf: cf.map(String::from),
            url_base: url.map(String::from),
            esempio: false,
        };
        let error = |a: Args| options(&a).unwrap_err();
        assert!(error(args(None, None, None)).contains("--esempio"));
        assert!(error(args(Some("Comune di X"), None, None)).contains("manca --cf"));
        assert!(error(args(None, Some("84001470305"), None)).contains("manca --ente"));
        assert!(
            error(args(Some("Comune di X"), Some("84001470306"), None))
                .contains("cifra di controllo")
        );
        assert!(error(args(Some("Comune di X"), Some("1234"), None)).contains("11 cifre"));
        assert!(error(args(Some("  "), Some("84001470305"), None)).contains("nome dell'ente"));
        let url = error(args(
            Some("Comune di X"),
            Some("84001470305"),
            Some("trasparenza.it"),
        ));
        assert!(url.starts_with("--url-base"), "{url}");
        let ok = options(&args(
            Some(" Comune  di X "),
            Some("8400 1470305"),
            Some("https://t.example.it/"),
        ))
        .unwrap();
        assert_eq!(ok.ente, Some(("Comune di X".into(), "84001470305".into())));
        assert_eq!(ok.url_base.as_deref(), Some("https://t.example.it"));
        assert!(crate::route::is_placeholder_url(PLACEHOLDER_URL));
        assert!(!crate::route::is_placeholder_url(
            "https://vetro.example.org"
        ));
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
