//! Winners, bidders and suppliers.

use super::{CIG_COL, ID_PROCEDURA, TO_LOTTI, c};
use crate::catalog::{Procedure, Supplier};
use crate::export::rows::{Ctx, Rows, Slice, keyed, public_code};
use crate::export::schema::{Cell, ForeignKey, Kind::*, RowBuilder, Table};
use crate::model::{Money, Operatore};
use std::collections::BTreeSet;

const COMPANY_CF: &str = "Codice fiscale di una società (mai quello di una persona fisica)";

pub(crate) static AGGIUDICATARI: Table = Table {
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
    rows: Rows::PerProcedure(winner_rows),
};

pub(crate) static PARTECIPANTI: Table = Table {
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
    rows: Rows::PerProcedure(participant_rows),
};

pub(crate) static FORNITORI: Table = Table {
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
    rows: Rows::Whole(supplier_rows),
};

fn winner_rows(_: &Ctx, p: &Procedure) -> Vec<Vec<Cell>> {
    p.aggiudicatari
        .iter()
        .enumerate()
        .map(|(i, a)| {
            operator(&AGGIUDICATARI, p, i, &a.operatore, Some(&a.fornitore))
                .set("quota", a.operatore.quota)
                .set("importo_attribuito", a.importo_attribuito)
                .finish()
        })
        .collect()
}

fn participant_rows(_: &Ctx, p: &Procedure) -> Vec<Vec<Cell>> {
    p.partecipanti
        .iter()
        .enumerate()
        .map(|(i, op)| operator(&PARTECIPANTI, p, i, op, None).finish())
        .collect()
}

fn operator(
    table: &'static Table,
    p: &Procedure,
    index: usize,
    op: &Operatore,
    supplier: Option<&String>,
) -> RowBuilder {
    let row = keyed(table, p, index);
    let row = match supplier {
        Some(id) => row.set("id_fornitore", id),
        None => row,
    };
    row.set("denominazione", op.denominazione.trim())
        .set("partita_iva", op.partita_iva.as_ref())
        .set("codice_fiscale", public_code(op.codice_fiscale.as_deref()))
        .set("id_estero", op.id_estero.as_ref())
        .set("raggruppamento", op.raggruppamento.as_ref())
        .set("ruolo", op.ruolo.as_ref())
}

/// Suppliers that won a lot of the slice, with the slice's totals.
fn supplier_rows(ctx: &Ctx, slice: &Slice) -> Vec<Vec<Cell>> {
    let all = &ctx.catalog.suppliers;
    let selected: Vec<&Supplier> = match slice {
        Slice::All => all.iter().collect(),
        _ => {
            let ids: BTreeSet<&str> = ctx
                .procedures(slice)
                .iter()
                .flat_map(|p| p.aggiudicatari.iter().map(|a| a.fornitore.as_str()))
                .collect();
            all.iter().filter(|s| ids.contains(s.id.as_str())).collect()
        }
    };
    selected
        .into_iter()
        .map(|s| supplier(ctx, s, slice))
        .collect()
}

fn supplier(ctx: &Ctx, s: &Supplier, slice: &Slice) -> Vec<Cell> {
    let lots: Vec<_> = s
        .lotti
        .iter()
        .filter(|l| match slice {
            Slice::All => true,
            Slice::Year(y) => l.anno == *y,
            Slice::Ente(id) => &l.ente == id,
        })
        .collect();
    let credited = |direct: bool| {
        lots.iter()
            .filter(|l| !direct || l.affidamento_diretto)
            .filter_map(|l| l.importo_attribuito)
            .sum::<Money>()
    };
    let kind = serde_json::to_value(s.tipo_id)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string));
    RowBuilder::new(&FORNITORI)
        .set("id_fornitore", &s.id)
        .set("tipo_identificativo", kind)
        .set("denominazione", &s.denominazione)
        .set("partita_iva", s.partita_iva.as_ref())
        .set("id_estero", s.id_estero.as_ref())
        .set("sede", s.sede.as_ref())
        .set("numero_lotti", lots.len())
        .set("importo_attribuito", credited(false))
        .set("importo_affidamenti_diretti", credited(true))
        .set(
            "lotti_senza_importo",
            lots.iter()
                .filter(|l| l.importo_attribuito.is_none())
                .count(),
        )
        .set(
            "importo_in_raggruppamento",
            lots.iter()
                .filter_map(|l| l.importo_in_raggruppamento)
                .sum::<Money>(),
        )
        .set("url", ctx.absolute(&s.url))
        .finish()
}
