//! The integrity indicators (`src/indicators/`, the /dati/indicatori/ page):
//! one row per flag.

use super::{CIG_COL, ID_PROCEDURA, c};
use crate::export::rows::{Ctx, Rows, Slice};
use crate::export::schema::{Cell, Kind::*, RowBuilder, Table};
use crate::indicators::Flag;
use crate::model::Money;
use std::collections::BTreeSet;

pub(crate) static INDICATORI: Table = Table {
    name: "indicatori",
    title: "Indicatori di integrità",
    description: "Una riga per segnalazione: un indicatore (IND-01…IND-09) oltre la sua soglia per una procedura, un ente o un fornitore, con il valore, la soglia, il denominatore e le procedure che lo compongono. Un segnale da verificare, mai un giudizio (metodo su /dati/indicatori/)",
    columns: &[
        c(
            "posizione",
            Integer,
            "Numero della segnalazione nell'elenco completo (dati/indicatori.csv), da 1; lo stesso nei file per anno e per ente",
        ),
        c(
            "codice",
            Text,
            "Codice dell'indicatore (IND-01…IND-09), definito su /dati/indicatori/",
        ),
        c(
            "ambito",
            Text,
            "Su che cosa è calcolato il valore: procedura, ente (anche per divisione o gruppo CPV) o fornitore",
        ),
        c(
            "ente",
            Text,
            "Identificativo dell'ente le cui procedure il valore conta; vuoto per un valore di un fornitore su tutti gli enti",
        ),
        c(
            "chiave",
            Text,
            "Il gruppo del valore: la procedura, l'ente, il fornitore o l'ente con la divisione o il gruppo CPV (comune-x/72)",
        ),
        ID_PROCEDURA,
        CIG_COL,
        c(
            "id_fornitore",
            Text,
            "Il fornitore che la segnalazione nomina (come in fornitori.csv), se ne nomina uno",
        ),
        c(
            "valore",
            Number,
            "Il valore calcolato, nell'unità della colonna unita",
        ),
        c(
            "soglia",
            Number,
            "La soglia oltre la quale si segnala, nella stessa unità",
        ),
        c(
            "unita",
            Text,
            "Unità di valore e soglia: numero, quota (da 0 a 1), euro, indice (HHI, da 0 a 10.000) o rapporto",
        ),
        c(
            "n",
            Integer,
            "Il denominatore: quante procedure il valore conta",
        ),
        c("denominatore", Text, "Che cosa il denominatore conta"),
        c(
            "minimo",
            Integer,
            "Sotto questo numero di procedure l'indicatore non si calcola",
        ),
        c(
            "equivalente",
            Text,
            "Lo stesso indicatore in Cardinal (Open Contracting Partnership, es. R018) o DIGIWHIST (opentender.eu), se esiste",
        ),
        c(
            "esito",
            Text,
            "da-verificare (il valore passa la soglia: un motivo per leggere gli atti) o motivata (l'atto motiva la deroga, art. 49, c. 4, D.Lgs. 36/2023)",
        ),
        c("nota", Text, "Il valore in una frase"),
        c(
            "procedure",
            Text,
            "Le procedure dietro il valore (id_procedura separati da \"; \")",
        ),
        c(
            "url",
            Text,
            "Indirizzo della pagina di cui il valore parla: la procedura, altrimenti il fornitore o l'ente",
        ),
        c(
            "url_procedure",
            Text,
            "Indirizzi delle pagine delle procedure dietro il valore, separati da \" \"",
        ),
    ],
    primary_key: &["posizione"],
    foreign_keys: &[],
    indexes: &["codice", "id_procedura", "ente"],
    rows: Rows::Whole(flag_rows),
};

/// The flags of a slice: a year holds those about its procedures, a body
/// those of its own figures.
fn flag_rows(ctx: &Ctx, slice: &Slice) -> Vec<Vec<Cell>> {
    let keys: Option<BTreeSet<&str>> = match slice {
        Slice::Year(_) => Some(
            ctx.procedures(slice)
                .iter()
                .map(|p| p.key.as_str())
                .collect(),
        ),
        _ => None,
    };
    let keep = |f: &Flag| match slice {
        Slice::All => true,
        Slice::Ente(id) => &f.ente == id,
        Slice::Year(_) => {
            let about = f
                .id_procedura
                .as_deref()
                .or(f.procedure.last().map(String::as_str));
            about.is_some_and(|k| keys.as_ref().is_some_and(|ks| ks.contains(k)))
        }
    };
    ctx.indicators
        .flags
        .iter()
        .enumerate()
        .filter(|(_, f)| keep(f))
        .map(|(i, f)| row(ctx, i, f))
        .collect()
}

fn row(ctx: &Ctx, i: usize, f: &Flag) -> Vec<Cell> {
    let d = f.definition();
    let ix = ctx.indicators;
    let urls: Vec<String> = f
        .procedure
        .iter()
        .filter_map(|k| ix.procedure_link(k))
        .map(|l| ctx.absolute(&l.url))
        .collect();
    RowBuilder::new(&INDICATORI)
        .set("posizione", i + 1)
        .set("codice", f.codice)
        .set("ambito", ambito(f))
        .set("ente", (!f.ente.is_empty()).then_some(f.ente.as_str()))
        .set("chiave", &f.chiave)
        .set("id_procedura", f.id_procedura.as_ref())
        .set("cig", f.cig.as_ref())
        .set("id_fornitore", f.fornitore.as_ref())
        .set("valore", Money(f.valore))
        .set("soglia", Money(f.soglia))
        .set("unita", unita(d.unita))
        .set("n", f.n)
        .set("denominatore", d.denominatore)
        .set("minimo", d.minimo)
        .set("equivalente", d.equivalente)
        .set("esito", esito(f))
        .set("nota", (!f.nota.is_empty()).then_some(f.nota.as_str()))
        .set(
            "procedure",
            crate::export::rows::joined(f.procedure.iter().map(String::as_str)),
        )
        .set("url", ix.subject_link(f).map(|l| ctx.absolute(&l.url)))
        .set("url_procedure", (!urls.is_empty()).then(|| urls.join(" ")))
        .finish()
}

fn ambito(f: &Flag) -> &'static str {
    match f.ambito {
        crate::indicators::Ambito::Procedura => "procedura",
        crate::indicators::Ambito::Ente => "ente",
        crate::indicators::Ambito::Fornitore => "fornitore",
    }
}

fn esito(f: &Flag) -> &'static str {
    match f.esito {
        crate::indicators::Esito::DaVerificare => "da-verificare",
        crate::indicators::Esito::Motivata => "motivata",
    }
}

fn unita(u: crate::indicators::Unita) -> &'static str {
    use crate::indicators::Unita::*;
    match u {
        Numero => "numero",
        Quota => "quota",
        Euro => "euro",
        Indice => "indice",
        Rapporto => "rapporto",
    }
}
