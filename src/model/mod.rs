//! The act format: what a clerk writes, as Rust types.

mod act;
mod cpv;
mod date;
mod money;
mod quality;
mod vocab;

pub use act::*;
pub use cpv::{CPV_2008_CSV, CpvVocabulary};
pub use date::Date;
pub use money::{FLOAT_MONEY, Money, parse_amount};
pub use quality::{Regola, Segnalazione};
pub use vocab::{ACT_TYPES, PROCEDURE_TYPES, Procedura, ProcedureType, TipoAtto, closest};
