//! `dati/datapackage.json`: the Frictionless Data Package describing the
//! CSV files of the whole catalogue (types, descriptions, keys, licence).

use super::Download;
use super::rows::Slice;
use super::schema::Table;
use super::tables::TABLES;
use crate::model::Config;
use crate::route::{Route, Section, Urls};
use crate::write::Output;
use anyhow::Result;
use serde_json::{Value, json};

/// Licence deed of the SPDX ids a portal is likely to use.
pub(crate) fn licence_url(spdx: &str) -> Option<&'static str> {
    Some(match spdx {
        "CC-BY-4.0" => "https://creativecommons.org/licenses/by/4.0/",
        "CC-BY-SA-4.0" => "https://creativecommons.org/licenses/by-sa/4.0/",
        "CC0-1.0" => "https://creativecommons.org/publicdomain/zero/1.0/",
        "ODbL-1.0" => "https://opendatacommons.org/licenses/odbl/1-0/",
        "IODL-2.0" => "https://www.dati.gov.it/content/italian-open-data-license-v20",
        _ => return None,
    })
}

pub fn schema(table: &Table) -> Value {
    let fields: Vec<Value> = table
        .columns
        .iter()
        .map(|c| {
            let description = match c.anac {
                Some(dataset) => format!(
                    "{} (stessa colonna del dataset ANAC «{dataset}»)",
                    c.description
                ),
                None => c.description.to_string(),
            };
            json!({ "name": c.name, "type": c.kind.frictionless(), "description": description })
        })
        .collect();
    let foreign: Vec<Value> = table
        .foreign_keys
        .iter()
        .map(|fk| json!({ "fields": fk.columns, "reference": { "resource": fk.table, "fields": fk.reference } }))
        .collect();
    json!({
        "fields": fields,
        "primaryKey": table.primary_key,
        "foreignKeys": foreign,
        "missingValues": [""],
    })
}

pub(crate) fn export(config: &Config, downloads: &[Download], out: &Output) -> Result<Download> {
    let resources: Vec<Value> = TABLES
        .iter()
        .map(|t| {
            let path = format!("{}.csv", t.name);
            let bytes = downloads
                .iter()
                .find(|d| d.section == Slice::All && d.path == format!("dati/{path}"))
                .map(|d| d.bytes);
            json!({
                "name": t.name,
                "path": path,
                "title": t.title,
                "description": t.description,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": bytes,
                "schema": schema(t),
            })
        })
        .collect();
    let mut licence = json!({ "name": config.licenza, "title": config.licenza });
    if let Some(url) = licence_url(&config.licenza) {
        licence["path"] = json!(url);
    }
    let package = json!({
        "profile": "tabular-data-package",
        "name": "vetro-appalti",
        "title": config.titolo,
        "description": config.descrizione.as_deref().unwrap_or("Atti e procedure di affidamento, in formato aperto"),
        "homepage": Urls::new(&config.url_base).absolute(&Route::Section(Section::Dati)),
        "licenses": [licence],
        "resources": resources,
    });
    Download::new("dati/datapackage.json".into(), "Descrittore Frictionless Data Package", "JSON", "application/json")
        .describe("Descrizione delle tabelle CSV (tipi, descrizioni, chiavi, licenza) secondo Frictionless Data Package")
        .emit(out, &serde_json::to_vec_pretty(&package)?)
}
