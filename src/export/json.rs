//! `dati/vetro.json`: the whole catalogue in one JSON document, serialized
//! entry by entry (no intermediate tree), with amounts as exact strings.

use super::Download;
use super::rows::Ctx;
use crate::model::Config;
use crate::model::EnteFile;
use crate::write::Output;
use anyhow::Result;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

#[derive(Serialize)]
struct Portal<'a> {
    titolo: &'a str,
    url_base: &'a str,
    editore: Option<&'a str>,
    licenza: &'a str,
}

#[derive(Serialize)]
struct Body<'a> {
    id: &'a str,
    url: &'a str,
    #[serde(flatten)]
    data: &'a EnteFile,
    procedure: usize,
    atti: usize,
    importo_aggiudicato: crate::model::Money,
}

pub(crate) fn export(ctx: &Ctx, config: &Config, out: &Output) -> Result<Download> {
    let c = ctx.catalog;
    let enti: Vec<Body> = c
        .enti
        .iter()
        .map(|(e, g)| Body {
            id: &e.id,
            url: &g.url,
            data: &e.data,
            procedure: g.procedure.len(),
            atti: g.atti.len(),
            importo_aggiudicato: g.importo_aggiudicato,
        })
        .collect();
    let portal = Portal {
        titolo: &config.titolo,
        url_base: &config.url_base,
        editore: config.editore.as_deref(),
        licenza: &config.licenza,
    };
    Download::new(
        "dati/vetro.json".into(),
        "Catalogo completo in JSON",
        "JSON",
        "application/json",
    )
    .describe("Atti (con il testo), procedure, fornitori, enti e totali in un unico documento JSON; importi come stringhe decimali esatte")
    .gzipped()
    .stream(out, |file| {
        let mut ser = serde_json::Serializer::new(file);
        let mut map = ser.serialize_map(Some(7))?;
        map.serialize_entry("formato", "vetro-catalogo-1")?;
        map.serialize_entry("portale", &portal)?;
        map.serialize_entry("totali", &c.totals)?;
        map.serialize_entry("enti", &enti)?;
        map.serialize_entry("atti", &c.acts)?;
        map.serialize_entry("procedure", &c.procedures)?;
        map.serialize_entry("fornitori", &c.suppliers)?;
        map.end()?;
        Ok(())
    })
}
