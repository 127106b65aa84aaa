//! The data-quality report (`docs/qualita.md`).

use super::c;
use crate::export::rows::{Ctx, Rows, Slice};
use crate::export::schema::{Cell, Kind::*, RowBuilder, Table};

pub(crate) static QUALITA: Table = Table {
    name: "qualita",
    title: "Qualità dei dati",
    description: "Una riga per segnalazione del rapporto sulla qualità dei dati: che cosa vetro ha trovato dubbio in una procedura, un fornitore o un atto, e che cosa ne ha fatto",
    columns: &[
        c(
            "ente",
            Text,
            "Identificativo dell'ente (pagina /enti/<ente>/)",
        ),
        c(
            "regola",
            Text,
            "Nome della regola (es. cig-segnaposto), spiegata in docs/qualita.md",
        ),
        c(
            "scheda",
            Text,
            "Che cosa riguarda: procedura, fornitore, atto o ente",
        ),
        c(
            "chiave",
            Text,
            "Chiave della procedura (id_procedura), del fornitore (id_fornitore), dell'atto (id_atto) o dell'ente",
        ),
        c(
            "posizione",
            Integer,
            "Posizione della segnalazione nella scheda (da 1)",
        ),
        c(
            "campo",
            Text,
            "Il dato interessato (cig, importo_netto, oggetto…)",
        ),
        c(
            "valore",
            Text,
            "Il valore come la fonte l'ha pubblicato; per i dati personali, il testo già mascherato",
        ),
        c("nota", Text, "Che cosa ha fatto vetro"),
        c("url", Text, "Indirizzo della pagina della scheda"),
    ],
    primary_key: &["ente", "scheda", "chiave", "posizione"],
    foreign_keys: &[],
    indexes: &["regola"],
    rows: Rows::Whole(finding_rows),
};

/// The report's findings of a slice: a year holds those of its procedures
/// and acts, a body all of its own.
fn finding_rows(ctx: &Ctx, slice: &Slice) -> Vec<Vec<Cell>> {
    ctx.catalog
        .quality
        .findings()
        .filter(|f| match slice {
            Slice::All => true,
            Slice::Year(y) => f.anno == Some(*y),
            Slice::Ente(id) => &f.ente == id,
        })
        .map(|f| {
            RowBuilder::new(&QUALITA)
                .set("ente", &f.ente)
                .set("regola", crate::catalog::quality::rule_name(f.regola))
                .set("scheda", f.scheda)
                .set("chiave", &f.chiave)
                .set("posizione", f.posizione)
                .set("campo", f.campo.as_ref())
                .set("valore", f.valore.as_ref())
                .set("nota", f.nota.as_ref())
                .set("url", ctx.absolute(&f.url))
                .finish()
        })
        .collect()
}
