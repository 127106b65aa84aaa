//! ANAC data in: L.190 XML and the «cig» CSV, real samples and small fixtures,
//! imported, built, and written back.

mod anac_bdncp;
mod anac_csv;
mod build;
mod fixtures;
mod l190;
mod l190_roundtrip;
