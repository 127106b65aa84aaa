//! Budget commitments and payments.

use super::{CIG_COL, ID_PROCEDURA, TO_LOTTI, c};
use crate::export::schema::{Kind::*, Table};

pub static IMPEGNI: Table = Table {
    name: "impegni",
    title: "Impegni di spesa",
    description: "Una riga per impegno di spesa legato a un lotto; importi IVA inclusa",
    columns: &[
        ID_PROCEDURA,
        CIG_COL,
        c(
            "posizione",
            Integer,
            "Posizione dell'impegno nella procedura (da 1)",
        ),
        c("esercizio", Integer, "Esercizio finanziario"),
        c("capitolo", Text, "Capitolo di bilancio"),
        c(
            "missione_programma",
            Text,
            "Missione e programma del bilancio (es. 01.08)",
        ),
        c(
            "piano_dei_conti",
            Text,
            "Codice del piano dei conti finanziario",
        ),
        c("numero", Text, "Numero dell'impegno"),
        c("importo", Number, "Importo impegnato, IVA inclusa"),
    ],
    primary_key: &["id_procedura", "posizione"],
    foreign_keys: &[TO_LOTTI],
    indexes: &["cig", "esercizio"],
};

pub static PAGAMENTI: Table = Table {
    name: "pagamenti",
    title: "Pagamenti (liquidazioni)",
    description: "Una riga per liquidazione di un lotto; importi IVA inclusa per gli atti, IVA esclusa per le schede L.190 (colonna base_iva)",
    columns: &[
        ID_PROCEDURA,
        CIG_COL,
        c(
            "posizione",
            Integer,
            "Posizione della liquidazione nella procedura (da 1)",
        ),
        c("data", Date, "Data della liquidazione"),
        c(
            "importo",
            Number,
            "Importo liquidato, sulla base IVA indicata da base_iva",
        ),
        c(
            "base_iva",
            Text,
            "Base IVA dell'importo come la dichiara la fonte: lordo (IVA inclusa, atti) o netto (IVA esclusa, dataset L.190)",
        ),
        c("fattura", Text, "Estremi della fattura"),
        c(
            "beneficiario",
            Text,
            "Partita IVA o codice fiscale di una società beneficiaria",
        ),
    ],
    primary_key: &["id_procedura", "posizione"],
    foreign_keys: &[TO_LOTTI],
    indexes: &["cig", "data"],
};
