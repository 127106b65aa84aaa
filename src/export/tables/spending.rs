//! Budget commitments and payments.

use super::{CIG_COL, ID_PROCEDURA, TO_LOTTI, c};
use crate::catalog::Procedure;
use crate::export::rows::{Ctx, Rows, keyed, public_code};
use crate::export::schema::{Cell, Kind::*, Table};

pub(crate) static IMPEGNI: Table = Table {
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
    rows: Rows::PerProcedure(commitment_rows),
};

pub(crate) static PAGAMENTI: Table = Table {
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
    rows: Rows::PerProcedure(payment_rows),
};

fn commitment_rows(_: &Ctx, p: &Procedure) -> Vec<Vec<Cell>> {
    p.impegni
        .iter()
        .enumerate()
        .map(|(i, m)| {
            keyed(&IMPEGNI, p, i)
                .set("esercizio", m.esercizio)
                .set("capitolo", m.capitolo.as_ref())
                .set("missione_programma", m.missione_programma.as_ref())
                .set("piano_dei_conti", m.piano_dei_conti.as_ref())
                .set("numero", m.numero.as_ref())
                .set("importo", m.importo)
                .finish()
        })
        .collect()
}

fn payment_rows(_: &Ctx, p: &Procedure) -> Vec<Vec<Cell>> {
    p.liquidazioni
        .iter()
        .enumerate()
        .map(|(i, l)| {
            keyed(&PAGAMENTI, p, i)
                .set("data", l.data)
                .set("importo", l.importo)
                .set("base_iva", l.base_iva().id())
                .set("fattura", l.fattura.as_ref())
                .set("beneficiario", public_code(l.beneficiario.as_deref()))
                .finish()
        })
        .collect()
}
