//! The ANAC L.190/2012 (art. 1 c. 32) dataset format, both ways.
//!
//! One neutral set of types mirrors the XSD (`datasetAppaltiL190.xsd`,
//! `TypesL190.xsd`, `datasetIndiceAppaltiL190.xsd`, namespace `legge190_1_0`).
//! [`read_file`] is lenient: real files published from 2013 to 2023 are full
//! of slips, and each repair is reported as a warning with the lot's position;
//! a lot that cannot be repaired is rejected with a reason. [`write_dataset`]
//! and [`write_index`] produce files valid against the XSD.

mod entities;
mod read;
mod repair;
mod tree;
mod write;

pub(crate) use entities::decode_entities;
pub use read::{L190File, ReadError, ReadOutcome, read_file};
pub use repair::{
    Issue, amount as lenient_amount, date as lenient_date, is_valid_cig, is_valid_codice_fiscale,
    procedura_from_label,
};
pub use write::{WriteError, write_dataset, write_index};

use crate::model::{Date, Money, Ruolo, TipoProcedura};

/// Namespace of the dataset root element.
pub(crate) const NAMESPACE: &str = "legge190_1_0";
/// The CIG written for a lot that has none.
pub(crate) const NO_CIG: &str = "0000000000";

/// `<pubblicazione>`: one body's lots of one year.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct L190Dataset {
    pub metadata: L190Metadata,
    pub lotti: Vec<L190Lotto>,
}

/// `<metadata>` of a dataset, and of an index (where the dates are named
/// `dataPubblicazioneIndice` and `dataUltimoAggiornamentoIndice`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct L190Metadata {
    pub titolo: String,
    pub r#abstract: String,
    pub data_pubblicazione: Option<Date>,
    pub ente_pubblicatore: String,
    pub data_ultimo_aggiornamento: Option<Date>,
    pub anno_riferimento: Option<i32>,
    pub url_file: String,
    pub licenza: String,
}

/// `<lotto>`: one CIG.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct L190Lotto {
    /// `None` when the file says `0000000000` or nothing; a malformed value
    /// is kept as written (see [`is_valid_cig`]).
    pub cig: Option<String>,
    pub struttura: Struttura,
    pub oggetto: String,
    /// `sceltaContraente`; `None` when the file's value is unknown.
    pub scelta_contraente: Option<TipoProcedura>,
    pub partecipanti: Soggetti,
    pub aggiudicatari: Soggetti,
    pub importo_aggiudicazione: Option<Money>,
    pub data_inizio: Option<Date>,
    pub data_ultimazione: Option<Date>,
    pub importo_somme_liquidate: Option<Money>,
}

/// `<strutturaProponente>`: the contracting body.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Struttura {
    pub codice_fiscale: String,
    pub denominazione: String,
}

/// `<partecipanti>` or `<aggiudicatari>`: joint ventures and single operators.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Soggetti {
    pub raggruppamenti: Vec<Vec<Membro>>,
    pub singoli: Vec<Soggetto>,
}

impl Soggetti {}

/// `singoloType`: an operator, identified by an Italian codice fiscale
/// (11 digits or 16 characters) or a foreign tax id.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Soggetto {
    pub codice_fiscale: Option<String>,
    pub id_estero: Option<String>,
    pub ragione_sociale: String,
}

/// `aggregatoType`: a member of a joint venture.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Membro {
    pub soggetto: Soggetto,
    pub ruolo: Option<Ruolo>,
}

impl Ruolo {
    /// The XSD enumeration value (`ruoloType`), e.g. `02-MANDATARIA`.
    pub fn l190_value(self) -> String {
        let code = Ruolo::ALL.iter().position(|r| *r == self).unwrap_or(0) + 1;
        format!("{code:02}-{}", self.id().to_uppercase())
    }
}

/// `<indici>`: an index listing a body's dataset files.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct L190Index {
    pub metadata: L190Metadata,
    pub datasets: Vec<IndexEntry>,
}

/// `<dataset id="...">` of an index.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IndexEntry {
    pub id: String,
    pub link: String,
    pub data_ultimo_aggiornamento: Option<Date>,
}
