//! The registry of diagnostic codes. Codes are stable: documentation,
//! editors and CI scripts refer to them. `docs/diagnostica.md` lists them.

use super::Severity::{self, Error, Warning};

pub struct CodeInfo {
    pub code: &'static str,
    pub severity: Severity,
    pub title: &'static str,
}

macro_rules! codes {
    ($(($code:literal, $sev:ident, $title:literal)),* $(,)?) => {
        pub const CODES: &[CodeInfo] = &[$(CodeInfo { code: $code, severity: $sev, title: $title }),*];
    };
}

codes![
    // Files and syntax
    ("E001", Error, "file non leggibile"),
    ("E002", Error, "file non codificato in UTF-8"),
    ("E003", Error, "file vuoto"),
    ("E004", Error, "file troppo grande"),
    (
        "E005",
        Error,
        "intestazione TOML (+++) mancante o non chiusa"
    ),
    ("E006", Error, "sintassi TOML non valida"),
    (
        "W007",
        Warning,
        "file non riconosciuto nella cartella degli atti"
    ),
    ("E010", Error, "configurazione vetro.toml non valida"),
    // Structure
    ("E101", Error, "chiave sconosciuta"),
    ("E102", Error, "campo obbligatorio mancante"),
    ("E103", Error, "tipo di valore errato"),
    ("E104", Error, "valore non ammesso"),
    (
        "E105",
        Error,
        "lotto indicato sia in testa sia in [[lotti]]"
    ),
    // References
    ("E501", Error, "ente sconosciuto"),
    ("E502", Error, "atto duplicato"),
    ("W503", Warning, "atto collegato non presente nel sito"),
    ("E504", Error, "percorso fuori dalla cartella del sito"),
    // Build environment
    (
        "W901",
        Warning,
        "Bootstrap Italia non installato: tema semplice"
    ),
];

pub fn code_info(code: &str) -> Option<&'static CodeInfo> {
    CODES.iter().find(|c| c.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_prefixed_by_severity() {
        let mut seen = std::collections::BTreeSet::new();
        for c in CODES {
            assert!(seen.insert(c.code), "duplicate code {}", c.code);
            let prefix = if c.severity == Error { 'E' } else { 'W' };
            assert!(
                c.code.starts_with(prefix),
                "{} has the wrong prefix",
                c.code
            );
        }
    }
}
