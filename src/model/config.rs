//! `vetro.toml` as Rust types: the settings of one portal (read and
//! validated by `crate::config`).

use super::Date;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

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
    /// Names of `DatoPersonale` (checked by `Config::load`). Default:
    /// natural persons' codici fiscali and IBANs; `[]` masks nothing.
    #[serde(default = "default_mask")]
    pub maschera: Vec<String>,
}

/// A kind of personal data `[privacy] maschera` can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DatoPersonale {
    CodiceFiscale,
    Iban,
    Email,
    Telefono,
}

impl DatoPersonale {
    pub(crate) const ALL: [(&'static str, DatoPersonale); 4] = [
        ("codice_fiscale", DatoPersonale::CodiceFiscale),
        ("iban", DatoPersonale::Iban),
        ("email", DatoPersonale::Email),
        ("telefono", DatoPersonale::Telefono),
    ];

    pub(crate) fn parse(name: &str) -> Option<DatoPersonale> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, d)| *d)
    }
}

impl Privacy {
    /// The kinds to mask; names `Config::load` refused are not here.
    pub(crate) fn kinds(&self) -> Vec<DatoPersonale> {
        self.maschera
            .iter()
            .filter_map(|n| DatoPersonale::parse(n))
            .collect()
    }
}

impl Default for Privacy {
    fn default() -> Privacy {
        Privacy {
            maschera: default_mask(),
        }
    }
}

fn default_mask() -> Vec<String> {
    vec!["codice_fiscale".into(), "iban".into()]
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
    /// The date checks compare act dates against.
    pub fn reference_date(&self) -> Date {
        self.data_riferimento
            .unwrap_or_else(|| Date(chrono::Local::now().date_naive()))
    }
}
