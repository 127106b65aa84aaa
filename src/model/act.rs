//! The act file and the procedure record, as written by clerks and imports.
//!
//! An act's front matter holds the act's own keys (`ActHeader`) and, for an
//! act with one lot, the lot's keys at top level (`Lotto`); an act with
//! several lots lists them under `[[lotti]]`. Both structs are read from the
//! same TOML table, so every key is declared exactly once.

use super::{Date, Money, TipoAtto, TipoDocumento, TipoProcedura};
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};

/// Keys that belong to the act itself.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct ActHeader {
    pub ente: String,
    pub tipo: TipoAtto,
    #[serde(default, deserialize_with = "opt_string_or_int")]
    pub numero: Option<String>,
    pub data: Date,
    pub oggetto: String,
    /// The Allegato 1 item the act is (delibera ANAC 264/2023).
    #[serde(default)]
    pub documento: Option<TipoDocumento>,
    #[serde(default)]
    pub ufficio: Option<String>,
    #[serde(default)]
    pub firmatario: Option<String>,
    #[serde(default)]
    pub rup: Option<String>,
    #[serde(default)]
    pub pnrr: Option<Box<Pnrr>>,
    #[serde(default)]
    pub lotti: Vec<Lotto>,
    #[serde(default)]
    pub impegni: Vec<Impegno>,
    #[serde(default)]
    pub liquidazioni: Vec<Liquidazione>,
    #[serde(default)]
    pub collegati: Vec<Collegato>,
    #[serde(default)]
    pub allegati: Vec<Allegato>,
}

/// One lot of a procedure: the data ANAC keys by CIG.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct Lotto {
    #[serde(default)]
    pub cig: Option<String>,
    /// Internal code of a procedure that has no CIG (e.g. `DC20_036_MEPA`).
    #[serde(default)]
    pub codice: Option<String>,
    /// The lot's own subject, when it differs from the act's.
    #[serde(default)]
    pub oggetto: Option<String>,
    #[serde(default)]
    pub cpv: Vec<String>,
    #[serde(default)]
    pub cup: Option<String>,
    #[serde(default)]
    pub procedura: Option<TipoProcedura>,
    #[serde(default)]
    pub norma: Option<String>,
    #[serde(default)]
    pub strumento: Option<String>,
    #[serde(default)]
    pub criterio: Option<String>,
    #[serde(default)]
    pub importo_base: Option<Money>,
    #[serde(default)]
    pub importo_netto: Option<Money>,
    #[serde(default)]
    pub oneri_sicurezza: Option<Money>,
    #[serde(default)]
    pub aliquota_iva: Option<Money>,
    #[serde(default)]
    pub importo_iva: Option<Money>,
    #[serde(default)]
    pub importo_totale: Option<Money>,
    #[serde(default)]
    pub offerte_ricevute: Option<u32>,
    #[serde(default)]
    pub periodo: Option<Periodo>,
    #[serde(default)]
    pub aggiudicatari: Vec<Operatore>,
    #[serde(default)]
    pub partecipanti: Vec<Operatore>,
    #[serde(default)]
    pub voci: Vec<Voce>,
    #[serde(default)]
    pub cauzione: Option<Box<Cauzione>>,
}

impl Lotto {
    /// Whether any lot key was written (an act may have no lot at all).
    pub(crate) fn is_empty(&self) -> bool {
        self.cig.is_none()
            && self.codice.is_none()
            && self.cpv.is_empty()
            && self.cup.is_none()
            && self.procedura.is_none()
            && self.importo_netto.is_none()
            && self.importo_totale.is_none()
            && self.aggiudicatari.is_empty()
            && self.partecipanti.is_empty()
            && self.voci.is_empty()
            && self.periodo.is_none()
    }
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct Periodo {
    #[serde(default)]
    pub dal: Option<Date>,
    #[serde(default)]
    pub al: Option<Date>,
}

/// A company or person that bid for or won a lot.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct Operatore {
    pub denominazione: String,
    #[serde(default, deserialize_with = "opt_string_or_int")]
    pub partita_iva: Option<String>,
    #[serde(default)]
    pub codice_fiscale: Option<String>,
    /// Foreign tax id, for operators without an Italian one.
    #[serde(default)]
    pub id_estero: Option<String>,
    #[serde(default)]
    pub sede: Option<String>,
    /// Name of the joint venture (RTI, consorzio) this operator belongs to.
    #[serde(default)]
    pub raggruppamento: Option<String>,
    /// Role in the joint venture: mandataria, mandante, ...
    #[serde(default)]
    pub ruolo: Option<String>,
    /// Share of the joint venture's amount, in percent, when the act states it.
    #[serde(default)]
    pub quota: Option<Money>,
}

/// A line item: quantity × unit price (× months, for monthly fees).
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Voce {
    pub descrizione: String,
    #[serde(default)]
    pub quantita: Option<Money>,
    #[serde(default)]
    pub unita: Option<String>,
    #[serde(default)]
    pub prezzo_unitario: Option<Money>,
    #[serde(default)]
    pub mesi: Option<u32>,
    #[serde(default)]
    pub importo: Option<Money>,
}

/// A guarantee (cauzione, garanzia definitiva), or the decision not to ask one.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Cauzione {
    #[serde(default = "yes")]
    pub richiesta: bool,
    #[serde(default)]
    pub tipo: Option<String>,
    #[serde(default)]
    pub numero: Option<String>,
    #[serde(default)]
    pub importo: Option<Money>,
    #[serde(default)]
    pub garante: Option<String>,
    #[serde(default)]
    pub data: Option<Date>,
    #[serde(default)]
    pub norma: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Pnrr {
    pub missione: String,
    pub componente: String,
    pub investimento: String,
    #[serde(default)]
    pub misura: Option<String>,
    #[serde(default)]
    pub progetto: Option<String>,
    #[serde(default)]
    pub finanziamento: Option<Money>,
}

/// A budget commitment (impegno di spesa); VAT included.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Impegno {
    #[serde(default)]
    pub capitolo: Option<String>,
    #[serde(default)]
    pub missione_programma: Option<String>,
    #[serde(default)]
    pub piano_dei_conti: Option<String>,
    #[serde(default)]
    pub esercizio: Option<i32>,
    #[serde(default)]
    pub numero: Option<String>,
    /// The lot this commitment funds, when the act has several.
    #[serde(default)]
    pub cig: Option<String>,
    pub importo: Money,
}

/// The VAT basis of an amount, as its source states it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BaseIva {
    /// Net of VAT: every L.190 amount, paid ones included.
    Netto,
    /// VAT included: an act's commitments and payments.
    Lordo,
}

impl BaseIva {
    pub fn id(self) -> &'static str {
        match self {
            BaseIva::Netto => "netto",
            BaseIva::Lordo => "lordo",
        }
    }
}

/// A payment (liquidazione); VAT included unless `base_iva` says otherwise.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Liquidazione {
    #[serde(default)]
    pub data: Option<Date>,
    pub importo: Money,
    #[serde(default)]
    pub fattura: Option<String>,
    #[serde(default)]
    pub cig: Option<String>,
    /// P.IVA or codice fiscale of the payee, when the lot has several winners.
    #[serde(default, deserialize_with = "opt_string_or_int")]
    pub beneficiario: Option<String>,
    /// `netto` when the source states the payment net of VAT (L.190);
    /// absent, the payment is VAT-inclusive as acts state it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_iva: Option<BaseIva>,
}

impl Liquidazione {
    pub(crate) fn base_iva(&self) -> BaseIva {
        self.base_iva.unwrap_or(BaseIva::Lordo)
    }
}

/// A link to an earlier or later act of the same story.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Collegato {
    #[serde(default)]
    pub ente: Option<String>,
    pub tipo: TipoAtto,
    #[serde(default, deserialize_with = "opt_string_or_int")]
    pub numero: Option<String>,
    #[serde(default)]
    pub data: Option<Date>,
    #[serde(default)]
    pub relazione: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}

/// A document attached to the act: a file in `content/`, or a link.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Allegato {
    pub titolo: String,
    #[serde(default)]
    pub file: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub sha256: Option<String>,
    /// The Allegato 1 item the document is (delibera ANAC 264/2023).
    #[serde(default)]
    pub documento: Option<TipoDocumento>,
}

/// Keys of a procedure record (`content/procedure/**/*.toml`): the data of
/// one lot with no act text, as an import from ANAC data produces it.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct RecordHeader {
    pub ente: String,
    /// Year the record refers to (L.190 `annoRiferimento`).
    #[serde(default)]
    pub anno: Option<i32>,
    /// Where the record comes from, e.g. "ANAC L.190 2019".
    #[serde(default)]
    pub fonte: Option<String>,
    /// When the source published the record: provenance, never the
    /// procedure's date or year.
    #[serde(default)]
    pub data_pubblicazione: Option<Date>,
    /// The office of the body that runs the procedure (L.190
    /// `strutturaProponente/denominazione`), when it is not the body itself.
    #[serde(default)]
    pub ufficio: Option<String>,
    /// The body that ran the procedure for this one, when another: a
    /// central purchasing body a procedure was delegated to (ANAC
    /// `CF_SA_DELEGANTE`), as «name (CF code)».
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub svolta_da: Option<String>,
    #[serde(default)]
    pub liquidazioni: Vec<Liquidazione>,
    /// What the importer found doubtful in the source and what it did.
    #[serde(default)]
    pub segnalazioni: Vec<super::Segnalazione>,
}

/// A contracting body (`content/enti/<id>.toml`).
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct EnteFile {
    pub denominazione: String,
    pub codice_fiscale: String,
    #[serde(default)]
    pub codice_ipa: Option<String>,
    #[serde(default)]
    pub tipo: Option<String>,
    #[serde(default)]
    pub indirizzo: Option<String>,
    #[serde(default)]
    pub sito: Option<String>,
    #[serde(default)]
    pub pec: Option<String>,
}

/// Act numbers and P.IVAs are text ("11-21", "01586840504"), but a clerk may
/// write a plain number; leading zeros would then be lost, which `check` flags.
fn opt_string_or_int<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    struct Text;
    impl de::Visitor<'_> for Text {
        type Value = Option<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string or an integer")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
    }
    deserializer.deserialize_any(Text)
}
