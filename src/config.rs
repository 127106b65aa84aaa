//! `vetro.toml`: the settings of one portal.

use crate::diagnostics::Diagnostic;
use crate::load::toml_doc::TomlDoc;
use crate::model::Date;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = "vetro.toml";

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Title of the portal, e.g. "Trasparenza appalti".
    pub titolo: String,
    /// Public address of the portal, used in feeds, sitemap and open data.
    #[serde(default = "default_base")]
    pub url_base: String,
    #[serde(default)]
    pub descrizione: Option<String>,
    /// Who publishes the portal (shown in the footer and open-data metadata).
    #[serde(default)]
    pub editore: Option<String>,
    /// IPA code (else codice fiscale) of the publisher: the identifier of
    /// the publisher and of the dataset in the DCAT-AP_IT catalogue.
    #[serde(default)]
    pub editore_codice: Option<String>,
    /// Licence of the open data (SPDX id).
    #[serde(default = "default_licence")]
    pub licenza: String,
    /// OCDS ocid prefix registered with the Open Contracting Partnership.
    #[serde(default)]
    pub ocds_prefisso: Option<String>,
    /// CPV 2008 vocabulary (CSV: code,parent_code,level,description_it).
    #[serde(default)]
    pub cpv_vocabolario: Option<PathBuf>,
    /// Rows per page of every list.
    #[serde(default = "default_page_size")]
    pub per_pagina: usize,
    /// Reference date of checks ("act date not after today"); today if unset.
    #[serde(default)]
    pub data_riferimento: Option<Date>,
    /// Theme folder name under `themes/`.
    #[serde(default = "default_theme")]
    pub tema: String,
    /// Personal data masked in every output (`[privacy]`).
    #[serde(default)]
    pub privacy: Privacy,
}

/// `[privacy]`: which personal data found in free text every output masks.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Privacy {
    /// Default: natural persons' codici fiscali and IBANs; `[]` masks nothing.
    #[serde(default = "default_mask")]
    pub maschera: Vec<DatoPersonale>,
}

/// A kind of personal data `[privacy] maschera` can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DatoPersonale {
    CodiceFiscale,
    Iban,
    Email,
    Telefono,
}

impl Default for Privacy {
    fn default() -> Privacy {
        Privacy {
            maschera: default_mask(),
        }
    }
}

fn default_mask() -> Vec<DatoPersonale> {
    vec![DatoPersonale::CodiceFiscale, DatoPersonale::Iban]
}

fn default_base() -> String {
    "http://localhost".into()
}
fn default_licence() -> String {
    "CC-BY-4.0".into()
}
fn default_page_size() -> usize {
    50
}
fn default_theme() -> String {
    "default".into()
}

impl Config {
    /// Reads `vetro.toml` under `root`; problems come back as diagnostics.
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let file = Path::new(CONFIG_FILE);
        let text = std::fs::read_to_string(root.join(file)).map_err(|e| {
            vec![
                Diagnostic::new(
                    "E010",
                    file,
                    format!("impossibile leggere {CONFIG_FILE}: {e}"),
                )
                .hint("esegui vetro nella cartella del sito o indica --root"),
            ]
        })?;
        let doc = TomlDoc::parse(file, &text, 0)?;
        let mut config: Config = doc.deserialize(file).map_err(|d| vec![d.code_as("E010")])?;
        config.url_base = config.url_base.trim_end_matches('/').to_string();
        if let Err(problem) = crate::route::check_url_base(&config.url_base) {
            return Err(vec![
                Diagnostic::new("E010", file, problem)
                    .at(doc.value_span(&[crate::load::toml_doc::Seg::Key("url_base")]))
                    .hint("l'indirizzo pubblico del portale, anche in una sottocartella: url_base = \"https://www.comune.example.it/trasparenza/appalti\""),
            ]);
        }
        if config.per_pagina == 0 {
            return Err(vec![
                Diagnostic::new("E010", file, "per_pagina deve essere almeno 1")
                    .at(doc.value_span(&[crate::load::toml_doc::Seg::Key("per_pagina")])),
            ]);
        }
        if !crate::safe_name::is_safe(&config.tema) {
            return Err(vec![
                Diagnostic::new(
                    "E010",
                    file,
                    format!("tema = «{}» non è il nome di una cartella di themes/", config.tema),
                )
                .at(doc.value_span(&[crate::load::toml_doc::Seg::Key("tema")]))
                .hint("scrivi solo il nome della cartella, ad esempio tema = \"default\" per themes/default/"),
            ]);
        }
        Ok(config)
    }

    /// The date checks compare act dates against.
    pub fn reference_date(&self) -> Date {
        self.data_riferimento
            .unwrap_or_else(|| Date(chrono::Local::now().date_naive()))
    }
}
