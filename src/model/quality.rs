//! Doubts about the data, kept beside it: a placeholder identifier, a date
//! that cannot be true, two entries of one CIG that disagree. vetro never
//! drops or silently fixes such data; it records what it found and what it
//! did, and the data-quality report (`/dati/qualita/`) counts them.
//!
//! Importers write the findings only they can see (two source entries
//! folded into one, a field that could not be read) into the record file as
//! `[[segnalazioni]]`; the catalog adds those it can compute from the data
//! itself. Both end up in `segnalazioni` of the procedure or supplier.

use serde::{Deserialize, Serialize};

/// The rule a finding is made under. The kebab-case name is what record
/// files, the JSON and the CSV of the report carry; `docs/qualita.md`
/// documents each one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Regola {
    /// A CIG that is a placeholder (`XXXXXXXXXX`, `1111111111`, `1234567891`):
    /// kept as published, the procedure is keyed by body + internal code.
    CigSegnaposto,
    /// A CIG of the wrong format, kept as internal code.
    CigNonValido,
    /// A well-formed CIG whose check character does not verify: page kept.
    CigControllo,
    /// One CIG stated by several bodies: one page, each body's part shown.
    CigCondiviso,
    /// A supplier id that is a placeholder or fails its check: not used as key.
    IdFornitoreNonValido,
    /// A valid P.IVA or codice fiscale found in the supplier's name.
    IdFornitoreDalNome,
    /// A supplier id equal to the buyer's own codice fiscale.
    IdFornitoreEnte,
    /// A placeholder date (year 0001, 1970): kept as published, not used.
    DataSegnaposto,
    /// An end date before the start date.
    DataIncoerente,
    /// An amount equal to an identifier of the same record.
    ImportoUgualeId,
    /// An award over 100 times what was paid.
    ImportoOltrePagato,
    /// An amount far outside the body's distribution.
    ImportoAnomalo,
    /// Entries of one CIG that still differ after normalizing: the largest
    /// amount is kept, never a sum.
    VociDiscordanti,
    /// Entries of one CIG that are the same after normalizing: counted once.
    VociRipetute,
    /// The same party listed more than once in one lot: counted once.
    SoggettoRipetuto,
    /// Text with entities escaped twice at source, decoded once.
    EntitaDecodificate,
    /// A natural person's codice fiscale masked in free text.
    CodiceFiscaleMascherato,
    /// An IBAN masked in free text.
    IbanMascherato,
    /// A field that could not be read: the record is kept without it.
    CampoScartato,
    /// A body's name that looks like an office's (Settore, Ufficio…).
    EnteNomeUfficio,
    /// An e-mail address masked in free text (`[privacy] maschera`).
    EmailMascherata,
    /// A phone number masked in free text (`[privacy] maschera`).
    TelefonoMascherato,
    /// A CIG awarded more than once: the latest award is the lot's amount,
    /// each earlier one kept here, never added.
    Riaggiudicazione,
}

/// One finding, as a record file stores it and as pages and dumps show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segnalazione {
    pub regola: Regola,
    /// The key the finding concerns (`cig`, `importo_netto`, `al`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campo: Option<String>,
    /// The value as the source published it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valore: Option<String>,
    /// What vetro did, in a sentence ("importo più alto tenuto: 1.200,00").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nota: Option<String>,
}

impl Segnalazione {
    /// A field that could not be read (`reason`), left out of the record
    /// that keeps the published text `raw`: the one wording both importers use.
    pub(crate) fn campo_scartato(campo: &str, raw: &str, reason: &str) -> Segnalazione {
        Segnalazione::new(Regola::CampoScartato)
            .campo(campo)
            .valore(raw)
            .nota(format!("{reason}: il lotto è importato senza questo campo"))
    }

    pub fn new(regola: Regola) -> Segnalazione {
        Segnalazione {
            regola,
            campo: None,
            valore: None,
            nota: None,
        }
    }

    pub(crate) fn campo(mut self, campo: &str) -> Self {
        self.campo = Some(campo.to_string());
        self
    }

    pub(crate) fn valore(mut self, valore: impl Into<String>) -> Self {
        self.valore = Some(valore.into());
        self
    }

    pub(crate) fn nota(mut self, nota: impl Into<String>) -> Self {
        self.nota = Some(nota.into());
        self
    }
}
