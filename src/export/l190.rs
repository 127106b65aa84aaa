//! ANAC L.190/2012 XML: one dataset per body and year, and one index per
//! body, written by `crate::l190` from the catalog's procedures.

use super::{Download, L190_FORMAT};
use crate::catalog::{Catalog, Procedure};
use crate::l190::{
    self, IndexEntry, L190Dataset, L190Index, L190Lotto, L190Metadata, Membro, Soggetti, Soggetto,
    Struttura,
};
use crate::model::Config;
use crate::model::{Date, Money, Operatore, Regime, Ruolo};
use crate::route::{Route, Urls};
use crate::write::Output;
use anyhow::{Result, anyhow};
use std::collections::BTreeMap;

pub(crate) fn export(catalog: &Catalog, config: &Config, out: &Output) -> Result<Vec<Download>> {
    let mut downloads = Vec::new();
    // The schema requires a real codice fiscale of the body (W211 warns
    // about ANAC's provisional codes): such a body has no L.190 dataset.
    let publishable = catalog
        .enti
        .iter()
        .filter(|(e, _)| l190::is_valid_codice_fiscale(&e.data.codice_fiscale));
    for (ente, _) in publishable {
        let mut by_year: BTreeMap<i32, Vec<Share>> = BTreeMap::new();
        for p in &catalog.procedures {
            // A shared CIG is in each body's dataset with that body's part.
            let shares = p.body_shares().into_iter();
            for (_, awarded, paid) in shares.filter(|(e, _, _)| *e == ente.id) {
                // An imported lot goes back into the dataset of the year it
                // came from, whatever year its contract started in.
                let year = p.anno_riferimento.unwrap_or(p.anno);
                by_year.entry(year).or_default().push(Share {
                    procedure: p,
                    awarded,
                    paid,
                });
            }
        }
        let struttura = Struttura {
            codice_fiscale: ente.data.codice_fiscale.clone(),
            denominazione: ente.data.denominazione.clone(),
        };
        // Art. 1, c. 32, L. 190/2012 no longer applies from 2024: its
        // yearly dataset exists only for the old regime's years.
        let due = by_year
            .into_iter()
            .filter(|(year, _)| Regime::of_year(*year) == Regime::FinoAl2023);
        for (year, procedures) in due {
            let path = format!("dati/l190/{}/{year}.xml", ente.id);
            let url = catalog.urls.absolute(&Route::File(&path));
            let (dataset, left_out) = dataset(&struttura, year, &procedures, &url, &config.licenza);
            let bytes = l190::write_dataset(&dataset)
                .map_err(|e| anyhow!("L.190 {path}: {}", e.0.join("; ")))?;
            let mut description = format!(
                "{} – {} lotti dell'anno {year}",
                ente.data.denominazione,
                dataset.lotti.len()
            );
            if left_out > 0 {
                description.push_str(&format!("; {left_out} lotti senza tipo di procedura non inclusi (lo schema ANAC lo richiede)"));
            }
            let entry = IndexEntry {
                id: format!("{}-{year}", ente.id),
                link: url,
                data_ultimo_aggiornamento: dataset.metadata.data_ultimo_aggiornamento,
            };
            let title = format!("L.190 {} {year}", ente.data.denominazione);
            downloads.push(
                Download::new(path, &title, L190_FORMAT, "application/xml")
                    .l190_year(year)
                    .describe(description)
                    .emit(out, &bytes)?,
            );
            downloads.push(index(
                &ente.id,
                &ente.data.denominazione,
                year,
                entry,
                config,
                &catalog.urls,
                out,
            )?);
        }
    }
    Ok(downloads)
}

/// A procedure as one body states it: a shared CIG's part, or all of it.
struct Share<'a> {
    procedure: &'a Procedure,
    awarded: Option<Money>,
    paid: Option<Money>,
}

fn dataset(
    struttura: &Struttura,
    year: i32,
    procedures: &[Share],
    url: &str,
    licence: &str,
) -> (L190Dataset, usize) {
    let lotti: Vec<L190Lotto> = procedures
        .iter()
        .filter(|s| s.procedure.procedura.is_some())
        .map(|s| lotto(struttura, s))
        .collect();
    let updated = procedures
        .iter()
        .filter_map(|s| last_date(s.procedure))
        .max();
    let metadata = L190Metadata {
        titolo: format!("Pubblicazione 1 legge 190 anno {year}"),
        r#abstract: format!(
            "Pubblicazione 1 legge 190 anno rif. {year} – {}",
            struttura.denominazione
        ),
        data_pubblicazione: updated,
        ente_pubblicatore: struttura.denominazione.clone(),
        data_ultimo_aggiornamento: updated,
        anno_riferimento: Some(year),
        url_file: url.to_string(),
        licenza: licence.to_string(),
    };
    let left_out = procedures.len() - lotti.len();
    (L190Dataset { metadata, lotti }, left_out)
}

/// The latest date the procedure's story mentions: it dates the dataset
/// deterministically, without the build's clock.
fn last_date(p: &Procedure) -> Option<Date> {
    p.eventi.iter().filter_map(|e| e.data).max()
}

fn lotto(struttura: &Struttura, share: &Share) -> L190Lotto {
    let p = share.procedure;
    let winners: Vec<Operatore> = p
        .aggiudicatari
        .iter()
        .map(|a| a.operatore.clone())
        .collect();
    L190Lotto {
        cig: p.cig.clone(),
        struttura: struttura.clone(),
        oggetto: p.oggetto.clone(),
        scelta_contraente: p.procedura,
        partecipanti: soggetti(&p.partecipanti),
        aggiudicatari: soggetti(&winners),
        importo_aggiudicazione: share.awarded,
        data_inizio: p.periodo.as_ref().and_then(|x| x.dal),
        data_ultimazione: p.periodo.as_ref().and_then(|x| x.al),
        importo_somme_liquidate: share.paid.or(Some(Money::ZERO)),
    }
}

/// Operators grouped back into joint ventures by their `raggruppamento`.
fn soggetti(operators: &[Operatore]) -> Soggetti {
    let mut groups: BTreeMap<&str, Vec<Membro>> = BTreeMap::new();
    let mut singoli = Vec::new();
    for op in operators {
        match &op.raggruppamento {
            Some(name) => groups.entry(name.as_str()).or_default().push(Membro {
                soggetto: soggetto(op),
                ruolo: op.ruolo.as_deref().and_then(Ruolo::from_id),
            }),
            None => singoli.push(soggetto(op)),
        }
    }
    Soggetti {
        raggruppamenti: groups.into_values().collect(),
        singoli,
    }
}

fn soggetto(op: &Operatore) -> Soggetto {
    Soggetto {
        codice_fiscale: op.partita_iva.clone().or_else(|| op.codice_fiscale.clone()),
        id_estero: op.id_estero.clone(),
        ragione_sociale: op.denominazione.clone(),
    }
}

/// The index ANAC is given for one body and year, pointing to its dataset.
fn index(
    id: &str,
    name: &str,
    year: i32,
    entry: IndexEntry,
    config: &Config,
    urls: &Urls,
    out: &Output,
) -> Result<Download> {
    let path = format!("dati/l190/{id}/indice-{year}.xml");
    let updated = entry.data_ultimo_aggiornamento;
    let index = L190Index {
        metadata: L190Metadata {
            titolo: format!("Indice dei dataset legge 190 – {name}"),
            r#abstract: format!("Indice dei dataset L.190/2012 pubblicati da {name}"),
            data_pubblicazione: updated,
            ente_pubblicatore: name.to_string(),
            data_ultimo_aggiornamento: updated,
            anno_riferimento: Some(year),
            url_file: urls.absolute(&Route::File(&path)),
            licenza: config.licenza.clone(),
        },
        datasets: vec![entry],
    };
    let bytes =
        l190::write_index(&index).map_err(|e| anyhow!("L.190 {path}: {}", e.0.join("; ")))?;
    Download::new(
        path,
        &format!("Indice L.190 {name}"),
        L190_FORMAT,
        "application/xml",
    )
    .l190_year(year)
    .describe(format!("Indice L.190/2012 di {name} per l'anno {year}"))
    .emit(out, &bytes)
}
