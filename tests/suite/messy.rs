//! Messy real L.190 data (issue 15): amounts, identity and provenance, imported,
//! built and read back.

mod amounts;
mod identity;
mod provenance;
