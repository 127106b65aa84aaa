//! Winners, bidders and suppliers.

use super::{CIG_COL, ID_PROCEDURA, TO_LOTTI, c};
use crate::export::schema::{ForeignKey, Kind::*, Table};

const COMPANY_CF: &str = "Codice fiscale di una società (mai quello di una persona fisica)";

pub static AGGIUDICATARI: Table = Table {
    name: "aggiudicatari",
    title: "Aggiudicatari",
    description: "Una riga per aggiudicatario di ogni lotto, con il ruolo nel raggruppamento e l'importo attribuito",
    columns: &[
        ID_PROCEDURA,
        CIG_COL,
        c(
            "posizione",
            Integer,
            "Posizione dell'aggiudicatario nel lotto (da 1)",
        ),
        c(
            "id_fornitore",
            Text,
            "Identificativo del fornitore (vedi fornitori.csv)",
        ),
        c(
            "denominazione",
            Text,
            "Denominazione dell'operatore economico",
        ),
        c("partita_iva", Text, "Partita IVA"),
        c("codice_fiscale", Text, COMPANY_CF),
        c("id_estero", Text, "Identificativo fiscale estero"),
        c(
            "raggruppamento",
            Text,
            "Raggruppamento (RTI, consorzio) di cui l'operatore fa parte",
        ),
        c(
            "ruolo",
            Text,
            "Ruolo nel raggruppamento (mandataria, mandante, ...)",
        ),
        c(
            "quota",
            Number,
            "Quota nel raggruppamento, in percentuale, se indicata",
        ),
        c(
            "importo_attribuito",
            Number,
            "Importo attribuito all'operatore, IVA esclusa: l'intero lotto per un aggiudicatario unico, la sua quota in un raggruppamento, vuoto se non indicata. Non moltiplicare per il numero di righe",
        ),
    ],
    primary_key: &["id_procedura", "posizione"],
    foreign_keys: &[
        TO_LOTTI,
        ForeignKey {
            columns: &["id_fornitore"],
            table: "fornitori",
            reference: &["id_fornitore"],
        },
    ],
    indexes: &["id_fornitore", "cig"],
};

pub static PARTECIPANTI: Table = Table {
    name: "partecipanti",
    title: "Partecipanti",
    description: "Una riga per operatore economico che ha presentato offerta per un lotto",
    columns: &[
        ID_PROCEDURA,
        CIG_COL,
        c(
            "posizione",
            Integer,
            "Posizione del partecipante nel lotto (da 1)",
        ),
        c(
            "denominazione",
            Text,
            "Denominazione dell'operatore economico",
        ),
        c("partita_iva", Text, "Partita IVA"),
        c("codice_fiscale", Text, COMPANY_CF),
        c("id_estero", Text, "Identificativo fiscale estero"),
        c(
            "raggruppamento",
            Text,
            "Raggruppamento (RTI, consorzio) di cui l'operatore fa parte",
        ),
        c(
            "ruolo",
            Text,
            "Ruolo nel raggruppamento (mandataria, mandante, ...)",
        ),
    ],
    primary_key: &["id_procedura", "posizione"],
    foreign_keys: &[TO_LOTTI],
    indexes: &["cig", "partita_iva"],
};

pub static FORNITORI: Table = Table {
    name: "fornitori",
    title: "Fornitori",
    description: "Una riga per fornitore aggiudicatario, con i totali attribuiti (nei file per anno o per ente, i totali di quell'anno o ente)",
    columns: &[
        c(
            "id_fornitore",
            Text,
            "Identificativo: partita IVA, altrimenti codice fiscale della società, identificativo estero o nome normalizzato; per le persone fisiche un codice anonimo",
        ),
        c(
            "tipo_identificativo",
            Text,
            "Che cosa è l'identificativo: partita-iva, codice-fiscale, persona-fisica, id-estero o nome",
        ),
        c("denominazione", Text, "Denominazione del fornitore"),
        c("partita_iva", Text, "Partita IVA"),
        c("id_estero", Text, "Identificativo fiscale estero"),
        c("sede", Text, "Sede indicata negli atti"),
        c("numero_lotti", Integer, "Numero di lotti aggiudicati"),
        c(
            "importo_attribuito",
            Number,
            "Somma degli importi attribuiti, IVA esclusa (quote dei raggruppamenti, mai l'intero lotto)",
        ),
        c(
            "importo_affidamenti_diretti",
            Number,
            "Parte di importo_attribuito che viene da affidamenti diretti",
        ),
        c(
            "lotti_senza_importo",
            Integer,
            "Lotti vinti senza importo attribuibile (es. quota del raggruppamento non indicata)",
        ),
        c(
            "importo_in_raggruppamento",
            Number,
            "Somma degli importi dei lotti vinti con altri senza quota indicata, ciascun lotto una volta, IVA esclusa: non compresa in importo_attribuito",
        ),
        c("url", Text, "Pagina del fornitore sul portale"),
    ],
    primary_key: &["id_fornitore"],
    foreign_keys: &[],
    indexes: &["partita_iva"],
};
