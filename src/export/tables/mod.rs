//! Every open-data table and column, defined once.
//!
//! Column names follow ANAC's open data where a column has the same meaning
//! (`anac` names the dataset); the rest are vetro's own, in Italian.

use super::schema::{Column, ForeignKey, Kind, Table};

mod bodies;
mod indicators;
mod lots;
mod parties;
mod quality;
mod spending;

pub(crate) use bodies::ENTI;
pub(crate) use indicators::INDICATORI;
pub(crate) use lots::{ATTI, LOTTI};
pub(crate) use parties::{AGGIUDICATARI, FORNITORI, PARTECIPANTI};
pub(crate) use quality::QUALITA;
pub(crate) use spending::{IMPEGNI, PAGAMENTI};

/// ANAC's «cig» dataset (bando CIG), as in `bando-cig_fields.csv`.
const CIG: Option<&str> = Some("cig");

const fn c(name: &'static str, kind: Kind, description: &'static str) -> Column {
    Column {
        name,
        kind,
        description,
        anac: None,
    }
}

const fn anac(name: &'static str, kind: Kind, description: &'static str) -> Column {
    Column {
        name,
        kind,
        description,
        anac: CIG,
    }
}

const ID_PROCEDURA: Column = c(
    "id_procedura",
    Kind::Text,
    "Chiave della procedura: il CIG o, per le procedure senza CIG, l'ente seguito dal codice interno",
);
const CIG_COL: Column = anac(
    "cig",
    Kind::Text,
    "Codice Identificativo di Gara assegnato da ANAC al lotto; vuoto se la procedura non ne ha",
);
const TO_LOTTI: ForeignKey = ForeignKey {
    columns: &["id_procedura"],
    table: "lotti",
    reference: &["id_procedura"],
};

const TO_ENTI: ForeignKey = ForeignKey {
    columns: &["id_ente"],
    table: "enti",
    reference: &["id_ente"],
};

/// Every table, in the order of the downloads and of the dictionary.
pub static TABLES: &[&Table] = &[
    &LOTTI,
    &ATTI,
    &AGGIUDICATARI,
    &PARTECIPANTI,
    &IMPEGNI,
    &PAGAMENTI,
    &FORNITORI,
    &ENTI,
    &QUALITA,
    &INDICATORI,
];
