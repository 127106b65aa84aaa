//! The registry of diagnostic codes. Codes are stable: documentation,
//! editors and CI scripts refer to them. `docs/diagnostica.md` lists them.

use super::Severity::{self, Error, Warning};

pub(crate) struct CodeInfo {
    pub code: &'static str,
    pub severity: Severity,
    pub title: &'static str,
}

macro_rules! codes {
    ($(($code:literal, $sev:ident, $title:literal)),* $(,)?) => {
        pub(crate) const CODES: &[CodeInfo] = &[$(CodeInfo { code: $code, severity: $sev, title: $title }),*];
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
    ("E011", Error, "collegamento simbolico non seguito"),
    ("E012", Error, "nome di file non valido come identificativo"),
    ("E013", Error, "testo dell'atto o della pagina troppo lungo"),
    ("E014", Error, "testo annidato troppo in profondità"),
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
    // Documents the law requires since 2024 (Allegato 1, delibera ANAC 264/2023)
    ("W150", Warning, "manca la delibera o determina a contrarre"),
    (
        "W151",
        Warning,
        "manca il bando, l'avviso o la lettera di invito"
    ),
    (
        "W152",
        Warning,
        "manca la composizione della commissione giudicatrice"
    ),
    (
        "W153",
        Warning,
        "mancano i curricula della commissione giudicatrice"
    ),
    (
        "W154",
        Warning,
        "manca il rapporto sulla situazione del personale (PNRR/PNC)"
    ),
    (
        "W140",
        Warning,
        "atto generale o di programmazione con un lotto"
    ),
    // Identifiers
    ("E201", Error, "partita IVA non valida"),
    ("E202", Error, "codice fiscale numerico non valido"),
    ("E203", Error, "codice fiscale di persona fisica non valido"),
    ("W204", Warning, "CIG con codice di controllo errato"),
    ("E205", Error, "CIG di formato non valido"),
    ("E206", Error, "CUP di formato non valido"),
    ("E207", Error, "CPV di formato non valido"),
    ("W208", Warning, "CPV con cifra di controllo errata"),
    ("W209", Warning, "CPV assente dal vocabolario"),
    ("W210", Warning, "dato non valido nei dati importati"),
    (
        "W211",
        Warning,
        "codice provvisorio ANAC al posto del codice fiscale dell'ente"
    ),
    ("E212", Error, "numero dell'atto troppo lungo"),
    ("E213", Error, "CIG o CPV importato non pubblicabile"),
    (
        "E214",
        Error,
        "ruolo nel raggruppamento mancante o sconosciuto"
    ),
    ("E215", Error, "segreto del sito non utilizzabile"),
    (
        "W215",
        Warning,
        "persone fisiche aggiudicatarie senza segreto del sito"
    ),
    ("W220", Warning, "data segnaposto nel periodo"),
    (
        "W221",
        Warning,
        "denominazione dell'ente simile a un ufficio"
    ),
    ("W222", Warning, "url_base segnaposto"),
    ("W223", Warning, "prefisso OCDS mancante"),
    // Money and arithmetic
    ("E301", Error, "importo con più di due decimali"),
    ("E302", Error, "importo negativo"),
    ("E303", Error, "importo totale diverso da netto più IVA"),
    ("E304", Error, "importo IVA incoerente"),
    ("W305", Warning, "impegni di spesa oltre l'importo totale"),
    (
        "W306",
        Warning,
        "voce: quantità per prezzo diversa dall'importo"
    ),
    (
        "W307",
        Warning,
        "somma delle voci diversa dall'importo netto"
    ),
    ("W308", Warning, "aliquota IVA insolita"),
    ("W309", Warning, "liquidazioni oltre l'importo totale"),
    // Dates and thresholds
    ("E401", Error, "data dell'atto nel futuro"),
    ("E402", Error, "periodo con inizio dopo la fine"),
    ("W403", Warning, "liquidazione precedente all'atto"),
    ("W404", Warning, "data nel futuro"),
    (
        "W410",
        Warning,
        "affidamento diretto oltre la soglia di legge"
    ),
    // References
    ("E501", Error, "ente sconosciuto"),
    ("E502", Error, "atto duplicato"),
    ("W503", Warning, "atto collegato non presente nel sito"),
    ("E505", Error, "indirizzo (URL) non ammesso"),
    // Attachments
    ("E601", Error, "allegato non trovato"),
    ("E602", Error, "allegato fuori dalla cartella del sito"),
    ("E603", Error, "impronta SHA-256 dell'allegato diversa"),
    ("E604", Error, "impronta SHA-256 non valida"),
    ("W605", Warning, "allegato senza file né indirizzo"),
    ("E606", Error, "allegato di un tipo non ammesso"),
    // Privacy
    ("W701", Warning, "codice fiscale di persona fisica"),
    ("W702", Warning, "IBAN nel testo o nei dati"),
    ("W703", Warning, "indirizzo e-mail nel testo o nei dati"),
    ("W704", Warning, "numero di telefono nel testo o nei dati"),
    // Import (vetro import: the files read, not the site)
    (
        "W801",
        Warning,
        "dato della fonte corretto o ignorato in lettura"
    ),
    ("W802", Warning, "campo illeggibile della fonte scartato"),
    (
        "W803",
        Warning,
        "CIG della fonte non valido: codice interno"
    ),
    (
        "W804",
        Warning,
        "voci ripetute o discordanti della stessa procedura"
    ),
    ("W805", Warning, "CIG cancellato da ANAC, non importato"),
    (
        "W806",
        Warning,
        "file non in UTF-8, letto come Windows-1252"
    ),
    (
        "W807",
        Warning,
        "codice fiscale dell'ente non utilizzabile come nome di file"
    ),
    ("W808", Warning, "file dell'ente non leggibile"),
    (
        "W809",
        Warning,
        "la fonte contraddice il record: mantenuto il valore del file"
    ),
    ("E801", Error, "file non importabile"),
    ("E802", Error, "dataset dell'indice non trovato"),
    ("E803", Error, "riga o lotto illeggibile"),
    ("E804", Error, "lotto senza CIG né codice"),
    ("E805", Error, "record non conforme al formato"),
    ("E806", Error, "record esistente non leggibile"),
    (
        "W810",
        Warning,
        "CIG riaggiudicato: vale l'ultima aggiudicazione"
    ),
    ("W811", Warning, "righe di CIG assenti dai file cig letti"),
    (
        "W812",
        Warning,
        "aggiudicazione e aggiudicatari non corrispondono"
    ),
    ("W813", Warning, "codice fiscale segnaposto di un operatore"),
    ("E810", Error, "file che non è un dataset ANAC BDNCP"),
    // Import of ANAC's OCDS (vetro import ocds)
    (
        "W830",
        Warning,
        "release OCDS senza codice fiscale dell'ente"
    ),
    (
        "W831",
        Warning,
        "aggiudicazione OCDS annullata, non riuscita o in attesa: non usata"
    ),
    (
        "W832",
        Warning,
        "partecipanti o offerte della gara OCDS non attribuibili ai lotti"
    ),
    (
        "W833",
        Warning,
        "più aggiudicatari OCDS senza ruoli: importo non attribuito ai singoli"
    ),
    ("E830", Error, "riga o valore OCDS illeggibile"),
    ("E831", Error, "release OCDS senza ente"),
    ("E832", Error, "file OCDS interrotto: il resto non è letto"),
    // Build environment
    (
        "W901",
        Warning,
        "Bootstrap Italia non installato: tema semplice"
    ),
];

pub(crate) fn code_info(code: &str) -> Option<&'static CodeInfo> {
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

    #[test]
    fn every_code_is_documented() {
        let docs = include_str!("../../docs/diagnostica.md");
        for c in CODES {
            let heading = format!("### {} — ", c.code);
            assert!(
                docs.contains(&heading),
                "{} is missing from docs/diagnostica.md",
                c.code
            );
        }
    }
}
