//! What an import reports about the files it read: each notice has a code
//! of the 8xx range of `diagnostics::codes` (W8xx: imported with a warning,
//! E8xx: not imported), the file and the place in it, the message and the
//! code's hint. `docs/diagnostica.md` explains every code.

use std::fmt;

/// One warning or rejection of an import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub kind: Kind,
    /// The file read (as given on the command line), or the record file of
    /// `content/` the notice is about.
    pub file: String,
    /// Where in the file: `lotto 3 (riga 40)`, `riga 7`, or several such
    /// places joined by commas; `None` for the whole file.
    pub position: Option<String>,
    pub message: String,
}

impl Notice {
    /// A notice about a whole file.
    pub(crate) fn file(kind: Kind, file: &str, message: impl Into<String>) -> Notice {
        Notice {
            kind,
            file: file.to_string(),
            position: None,
            message: message.into(),
        }
    }

    /// A notice about a place in a file.
    pub(crate) fn at(kind: Kind, file: &str, position: &str, message: impl Into<String>) -> Notice {
        Notice {
            position: Some(position.to_string()),
            ..Notice::file(kind, file, message)
        }
    }

    pub(crate) fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// The severity registered for the code.
    #[cfg(test)]
    pub fn severity(&self) -> crate::diagnostics::Severity {
        use crate::diagnostics::{Severity, code_info};
        code_info(self.code()).map_or(Severity::Error, |c| c.severity)
    }
}

/// `W801 file.xml, lotto 3 (riga 40): message`.
impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code(), self.file)?;
        if let Some(position) = &self.position {
            write!(f, ", {position}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The kinds of notice, each with its code and hint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A source value repaired, or ignored, while reading.
    Repaired,
    /// An unreadable field left out; the record is imported without it.
    FieldDropped,
    /// A missing, placeholder or malformed CIG: keyed by an internal code.
    NoCig,
    /// Entries of one procedure repeated or disagreeing in the source.
    Repeated,
    /// A CIG cancelled by ANAC, left out.
    Cancelled,
    /// A file not in UTF-8, read as Windows-1252.
    NotUtf8,
    /// A body's codice fiscale that cannot name a file.
    EnteCodiceFiscale,
    /// A body's file of `content/enti/` that cannot be read.
    EnteUnreadable,
    /// The source disagrees with a record already in `content/`: kept as is.
    Conflict,
    /// A file that is not the dataset asked for, or not readable as one.
    NotADataset,
    /// A dataset an index names, not found beside it.
    DatasetMissing,
    /// A row or lot that cannot be read.
    Unreadable,
    /// A lot with neither CIG nor code.
    NoKey,
    /// A record that does not fit the record format.
    Invalid,
    /// A record file of `content/` that exists but cannot be read.
    RecordUnreadable,
    /// A CIG awarded more than once: the latest award kept.
    ReAward,
    /// Rows of a BDNCP dataset whose CIG no `cig` file read describes.
    Orphan,
    /// An award without winners, or winners of no award.
    AwardWithoutWinners,
    /// An operator's codice fiscale that is a placeholder.
    PlaceholderId,
    /// A file that is none of the BDNCP datasets read.
    UnknownDataset,
}

impl Kind {
    #[cfg(test)]
    pub(crate) const ALL: [Kind; 20] = [
        Kind::Repaired,
        Kind::FieldDropped,
        Kind::NoCig,
        Kind::Repeated,
        Kind::Cancelled,
        Kind::NotUtf8,
        Kind::EnteCodiceFiscale,
        Kind::EnteUnreadable,
        Kind::Conflict,
        Kind::NotADataset,
        Kind::DatasetMissing,
        Kind::Unreadable,
        Kind::NoKey,
        Kind::Invalid,
        Kind::RecordUnreadable,
        Kind::ReAward,
        Kind::Orphan,
        Kind::AwardWithoutWinners,
        Kind::PlaceholderId,
        Kind::UnknownDataset,
    ];

    /// The code, registered in `diagnostics::codes`.
    pub(crate) fn code(self) -> &'static str {
        self.code_and_hint().0
    }

    /// What to do about notices of this kind.
    pub(crate) fn hint(self) -> &'static str {
        self.code_and_hint().1
    }

    fn code_and_hint(self) -> (&'static str, &'static str) {
        match self {
            Kind::Repaired => (
                "W801",
                "nessuna azione se la correzione è giusta; se il file è dell'ente, correggilo all'origine",
            ),
            Kind::FieldDropped => (
                "W802",
                "il record è importato senza quel campo: completalo a mano nel file del record se serve",
            ),
            Kind::NoCig => (
                "W803",
                "il record ha un codice interno SENZA-CIG-…: se il CIG vero è noto, scrivilo nel record",
            ),
            Kind::Repeated => (
                "W804",
                "verifica nella fonte quale voce è giusta: il record tiene quella indicata",
            ),
            Kind::Cancelled => ("W805", "nessuna azione: ANAC ha annullato il CIG"),
            Kind::NotUtf8 => (
                "W806",
                "se le lettere accentate risultano sbagliate, converti il file in UTF-8 e ripeti l'import",
            ),
            Kind::EnteCodiceFiscale => (
                "W807",
                "correggi il codice fiscale nel file dell'ente creato in content/enti/",
            ),
            Kind::EnteUnreadable => (
                "W808",
                "correggi il file dell'ente (vetro check lo mostra) e ripeti l'import",
            ),
            Kind::Conflict => (
                "W809",
                "se la fonte ha ragione, correggi il valore nel file del record e ripeti l'import",
            ),
            Kind::NotADataset => (
                "E801",
                "verifica di aver indicato il file giusto, scaricato per intero da ANAC o dal sito dell'ente",
            ),
            Kind::DatasetMissing => (
                "E802",
                "scarica il dataset nella cartella dell'indice e ripeti l'import",
            ),
            Kind::Unreadable => (
                "E803",
                "correggi la riga o il lotto nel file (o chiedi all'ente un file corretto) e ripeti l'import",
            ),
            Kind::NoKey => (
                "E804",
                "senza CIG né codice il lotto non ha un record: aggiungi il CIG nella fonte",
            ),
            Kind::Invalid => (
                "E805",
                "il record non rispetta il formato dei record (docs/formato-atti.md): correggi la fonte",
            ),
            Kind::RecordUnreadable => (
                "E806",
                "correggi il file del record (vetro check lo mostra) e ripeti l'import",
            ),
            Kind::ReAward => (
                "W810",
                "nessuna azione: l'aggiudicazione precedente resta nella segnalazione riaggiudicazione del record",
            ),
            Kind::Orphan => (
                "W811",
                "importa insieme il file «cig» dello stesso periodo, che dice di quale ente è ogni CIG",
            ),
            Kind::AwardWithoutWinners => (
                "W812",
                "verifica su dati.anticorruzione.it l'aggiudicazione del CIG e completa il record a mano",
            ),
            Kind::PlaceholderId => (
                "W813",
                "chiedi all'ente o ad ANAC il codice fiscale vero dell'operatore e scrivilo nel record",
            ),
            Kind::UnknownDataset => (
                "E810",
                "indica un file di dati.anticorruzione.it scaricato per intero (cig, aggiudicazioni, aggiudicatari, partecipanti, stazioni-appaltanti)",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Severity, code_info};

    #[test]
    fn every_import_code_is_registered_with_a_hint() {
        for kind in Kind::ALL {
            let info = code_info(kind.code()).unwrap_or_else(|| panic!("{kind:?} not registered"));
            assert!(
                !kind.hint().is_empty() && !info.title.is_empty(),
                "{kind:?}"
            );
        }
        let registered = crate::diagnostics::CODES
            .iter()
            .filter(|c| c.code[1..].starts_with('8'))
            .count();
        assert_eq!(registered, Kind::ALL.len());
    }

    #[test]
    fn a_notice_reads_code_file_place_message() {
        let n = Notice::at(
            Kind::Unreadable,
            "cig.csv",
            "riga 7",
            "2 campi invece di 30",
        );
        assert_eq!(n.to_string(), "E803 cig.csv, riga 7: 2 campi invece di 30");
        assert_eq!(n.severity(), Severity::Error);
        let w = Notice::file(Kind::NotUtf8, "cig.csv", "letto come Windows-1252");
        assert_eq!(w.to_string(), "W806 cig.csv: letto come Windows-1252");
        assert_eq!(w.severity(), Severity::Warning);
    }
}
