//! Reading `vetro.toml`: the settings of one portal, validated, with
//! every problem as a diagnostic at its key (the types are `model::Config`).

use crate::diagnostics::Diagnostic;
use crate::model::{Config, DatoPersonale};
use crate::toml_doc::TomlDoc;
use std::path::Path;

pub(crate) const CONFIG_FILE: &str = "vetro.toml";

impl Config {
    /// Reads `vetro.toml` under `root`; problems come back as diagnostics.
    pub(crate) fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
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
                    .at(doc.value_span(&[crate::toml_doc::Seg::Key("url_base")]))
                    .hint("l'indirizzo pubblico del portale, anche in una sottocartella: url_base = \"https://www.comune.example.it/trasparenza/appalti\""),
            ]);
        }
        if config.per_pagina == 0 {
            return Err(vec![
                Diagnostic::new("E010", file, "per_pagina deve essere almeno 1")
                    .at(doc.value_span(&[crate::toml_doc::Seg::Key("per_pagina")])),
            ]);
        }
        if !crate::safe_name::is_safe(&config.tema) {
            return Err(vec![
                Diagnostic::new(
                    "E010",
                    file,
                    format!("tema = «{}» non è il nome di una cartella di themes/", config.tema),
                )
                .at(doc.value_span(&[crate::toml_doc::Seg::Key("tema")]))
                .hint("scrivi solo il nome della cartella, ad esempio tema = \"default\" per themes/default/"),
            ]);
        }
        if let Some(bad) = config
            .privacy
            .maschera
            .iter()
            .find(|n| DatoPersonale::parse(n).is_none())
        {
            let names: Vec<&str> = DatoPersonale::ALL.iter().map(|(n, _)| *n).collect();
            return Err(vec![
                Diagnostic::new(
                    "E010",
                    file,
                    format!("[privacy] maschera: «{bad}» non è un dato personale che vetro sa mascherare"),
                )
                .at(doc.value_span(&[
                    crate::toml_doc::Seg::Key("privacy"),
                    crate::toml_doc::Seg::Key("maschera"),
                ]))
                .hint(format!(
                    "i valori ammessi sono {}; maschera = [] non maschera nulla",
                    names.join(", ")
                )),
            ]);
        }
        Ok(config)
    }
}
