//! The content types: what a clerk writes (acts, records, bodies, pages,
//! `vetro.toml`) as Rust types, and the vocabularies they use. Every stage
//! reads them; this module reads no other stage.

mod act;
mod act_id;
mod allegato1;
mod config;
mod cpv;
mod date;
mod money;
mod quality;
mod regime;
mod site;
mod vocab;

pub use act::*;
pub(crate) use act_id::ActId;
pub use allegato1::{DOCUMENTI, Documento, Fase, TipoDocumento};
pub(crate) use config::{Config, DatoPersonale, Privacy};
pub use cpv::{CPV_2008_CSV, CpvVocabulary};
pub(crate) use date::Date;
pub use money::{FLOAT_MONEY, Money, parse_amount};
pub use quality::{Regola, Segnalazione};
pub use regime::Regime;
pub use site::{Act, Site};
pub(crate) use site::{Ente, Page, PageHeader, Record};
pub use vocab::{
    ACT_TYPES, ActType, PROCEDURE_TYPES, Parte, ProcedureType, Ruolo, SupplierIdKind, TipoAtto,
    TipoProcedura, closest,
};
