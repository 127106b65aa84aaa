//! The lenient reader: element tree → neutral types, with warnings.

use super::repair::{self, Issue};
use super::tree::{self, Element};
use super::{
    IndexEntry, L190Dataset, L190Index, L190Lotto, L190Metadata, Membro, Ruolo, Soggetti, Soggetto,
    Struttura,
};
use crate::model::Date;
use std::fmt;

/// A file that cannot be read at all (not XML, not an L.190 file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError(pub String);

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ReadError {}

/// A dataset as read: the lots kept, where each came from, and the issues.
#[derive(Debug, Default)]
pub struct ReadOutcome {
    pub dataset: L190Dataset,
    /// For each kept lot, its 1-based position among the file's `<lotto>`
    /// elements and its line.
    pub positions: Vec<(usize, usize)>,
    pub warnings: Vec<Issue>,
    /// Lots left out, with the reason.
    pub rejected: Vec<Issue>,
}

#[derive(Debug)]
pub enum L190File {
    Dataset(ReadOutcome),
    Index {
        index: L190Index,
        warnings: Vec<Issue>,
    },
}

/// Reads a dataset (`<pubblicazione>`) or an index (`<indici>`).
pub fn read_file(bytes: &[u8]) -> Result<L190File, ReadError> {
    let decoded = tree::decode(bytes).map_err(ReadError)?;
    let root = tree::parse(&decoded.text).map_err(ReadError)?;
    let mut warnings = Vec::new();
    if let Some(note) = decoded.note {
        warnings.push(Issue {
            lotto: None,
            line: 1,
            message: note,
        });
    }
    match root.name.as_str() {
        "pubblicazione" => Ok(L190File::Dataset(read_dataset(&root, warnings))),
        "indici" => {
            let index = read_index(&root, &mut warnings);
            Ok(L190File::Index { index, warnings })
        }
        other => Err(ReadError(format!(
            "non è un file L.190: l'elemento radice è «{other}», non «pubblicazione» o «indici»"
        ))),
    }
}

fn read_dataset(root: &Element, mut warnings: Vec<Issue>) -> ReadOutcome {
    let mut out = ReadOutcome::default();
    let meta = root.child("metadata");
    let mut notes = Vec::new();
    out.dataset.metadata = metadata(meta, "Dataset", &mut notes);
    let meta_line = meta.map_or(root.line, |m| m.line);
    warnings.extend(notes.into_iter().map(|message| Issue {
        lotto: None,
        line: meta_line,
        message,
    }));
    let lotti = root
        .child("data")
        .map(|d| d.children("lotto").collect::<Vec<_>>());
    for (i, element) in lotti.unwrap_or_default().into_iter().enumerate() {
        let mut notes = Vec::new();
        let issue = |message| Issue {
            lotto: Some(i + 1),
            line: element.line,
            message,
        };
        match lotto(element, &mut notes) {
            Ok(lot) => {
                out.dataset.lotti.push(lot);
                out.positions.push((i + 1, element.line));
            }
            Err(reason) => out.rejected.push(issue(reason)),
        }
        warnings.extend(notes.into_iter().map(issue));
    }
    out.warnings = warnings;
    out
}

fn metadata(meta: Option<&Element>, suffix: &str, notes: &mut Vec<String>) -> L190Metadata {
    let Some(meta) = meta else {
        notes.push("elemento metadata mancante".to_string());
        return L190Metadata::default();
    };
    let text = |name: &str| meta.text_of(name).unwrap_or_default().to_string();
    let published = format!("dataPubblicazione{suffix}");
    let typo = format!("dataPubbicazione{suffix}");
    let raw_published = meta.text_of(&published).or_else(|| {
        let found = meta.text_of(&typo);
        if found.is_some() {
            notes.push(format!(
                "«{typo}» (refuso dello schema 2013) letto come «{published}»"
            ));
        }
        found
    });
    let updated = format!("dataUltimoAggiornamento{suffix}");
    let anno = meta.text_of("annoRiferimento").and_then(|a| {
        let parsed = a.parse::<i32>().ok();
        if parsed.is_none() {
            notes.push(format!("annoRiferimento «{a}» non è un anno: ignorato"));
        }
        parsed
    });
    L190Metadata {
        titolo: text("titolo"),
        r#abstract: text("abstract"),
        data_pubblicazione: optional_date(raw_published, &published, notes),
        ente_pubblicatore: text("entePubblicatore"),
        data_ultimo_aggiornamento: optional_date(meta.text_of(&updated), &updated, notes),
        anno_riferimento: anno,
        url_file: text("urlFile"),
        licenza: text("licenza"),
    }
}

/// Metadata dates are not worth refusing a file for: a bad one is dropped
/// with a note.
fn optional_date(raw: Option<&str>, what: &str, notes: &mut Vec<String>) -> Option<Date> {
    match repair::date(raw?, what, notes) {
        Ok(d) => Some(d),
        Err(reason) => {
            notes.push(format!("{reason}: ignorata"));
            None
        }
    }
}

fn lotto(el: &Element, notes: &mut Vec<String>) -> Result<L190Lotto, String> {
    let struttura = struttura(el.child("strutturaProponente"), notes)?;
    let oggetto = el.text_of("oggetto").unwrap_or_default().to_string();
    if oggetto.is_empty() {
        notes.push("oggetto mancante".to_string());
    }
    let length = oggetto.chars().count();
    if length > 250 {
        notes.push(format!(
            "oggetto di {length} caratteri: lo schema ne ammette 250, l'export L.190 lo troncherà"
        ));
    }
    let scelta = match el.text_of("sceltaContraente") {
        Some(raw) => repair::procedura(raw, notes),
        None => {
            notes.push("sceltaContraente mancante".to_string());
            None
        }
    };
    let tempi = el.child("tempiCompletamento");
    let when = |name: &str, notes: &mut Vec<String>| -> Result<Option<Date>, String> {
        tempi
            .and_then(|t| t.text_of(name))
            .map(|raw| repair::date(raw, name, notes))
            .transpose()
    };
    Ok(L190Lotto {
        cig: repair::cig(el.text_of("cig").unwrap_or_default(), notes),
        struttura,
        oggetto,
        scelta_contraente: scelta,
        partecipanti: soggetti(
            el.child("partecipanti"),
            "raggruppamento",
            "partecipante",
            notes,
        ),
        aggiudicatari: soggetti(
            el.child("aggiudicatari"),
            "aggiudicatarioRaggruppamento",
            "aggiudicatario",
            notes,
        ),
        importo_aggiudicazione: importo(el, "importoAggiudicazione", notes)?,
        data_inizio: when("dataInizio", notes)?,
        data_ultimazione: when("dataUltimazione", notes)?,
        importo_somme_liquidate: importo(el, "importoSommeLiquidate", notes)?,
    })
}

fn importo(
    el: &Element,
    name: &str,
    notes: &mut Vec<String>,
) -> Result<Option<crate::model::Money>, String> {
    match el.text_of(name) {
        Some(raw) => repair::amount(raw, name, notes).map(Some),
        None => {
            notes.push(format!("{name} mancante"));
            Ok(None)
        }
    }
}

fn struttura(el: Option<&Element>, notes: &mut Vec<String>) -> Result<Struttura, String> {
    let el = el.ok_or("strutturaProponente mancante")?;
    let denominazione = el.text_of("denominazione").unwrap_or_default().to_string();
    let raw_cf = el.text_of("codiceFiscaleProp").unwrap_or_default();
    if raw_cf.is_empty() && denominazione.is_empty() {
        return Err("strutturaProponente senza codice fiscale né denominazione".to_string());
    }
    let codice_fiscale = match repair::codice_fiscale(raw_cf, "codiceFiscaleProp", notes) {
        Ok(code) => code,
        Err(bad) => {
            notes.push(format!(
                "codiceFiscaleProp «{bad}» non valido: conservato così"
            ));
            bad
        }
    };
    Ok(Struttura {
        codice_fiscale,
        denominazione,
    })
}

fn soggetti(el: Option<&Element>, group: &str, single: &str, notes: &mut Vec<String>) -> Soggetti {
    let mut out = Soggetti::default();
    let Some(el) = el else {
        return out;
    };
    for raggruppamento in el.children(group) {
        let membri: Vec<Membro> = raggruppamento
            .children("membro")
            .filter_map(|m| membro(m, notes))
            .collect();
        if membri.len() == 1 {
            notes.push(format!(
                "{group} con un solo membro: letto come operatore singolo"
            ));
            out.singoli.extend(membri.into_iter().map(|m| m.soggetto));
        } else if !membri.is_empty() {
            out.raggruppamenti.push(membri);
        }
    }
    out.singoli
        .extend(el.children(single).filter_map(|s| soggetto(s, notes)));
    out
}

fn soggetto(el: &Element, notes: &mut Vec<String>) -> Option<Soggetto> {
    let name = el.text_of("ragioneSociale").unwrap_or_default().to_string();
    let cf = el.text_of("codiceFiscale");
    let estero = el.text_of("identificativoFiscaleEstero");
    if name.is_empty() && cf.is_none() && estero.is_none() {
        notes.push(format!("{} vuoto ignorato (riga {})", el.name, el.line));
        return None;
    }
    if name.is_empty() {
        notes.push(format!(
            "{} senza ragioneSociale (riga {})",
            el.name, el.line
        ));
    }
    let (codice_fiscale, id_estero) = repair::operator_ids(cf, estero, notes);
    Some(Soggetto {
        codice_fiscale,
        id_estero,
        ragione_sociale: name,
    })
}

fn membro(el: &Element, notes: &mut Vec<String>) -> Option<Membro> {
    let soggetto = soggetto(el, notes)?;
    let ruolo = el.text_of("ruolo").and_then(|raw| {
        let found = ruolo(raw);
        match found {
            Some(r) if r.l190_value() != raw => {
                notes.push(format!("ruolo «{raw}» letto come «{}»", r.l190_value()))
            }
            Some(_) => {}
            None => notes.push(format!("ruolo «{raw}» sconosciuto: lasciato vuoto")),
        }
        found
    });
    Some(Membro { soggetto, ruolo })
}

/// `02-MANDATARIA`, `2`, `mandataria`.
fn ruolo(raw: &str) -> Option<Ruolo> {
    let code: String = raw.chars().take_while(char::is_ascii_digit).collect();
    let label = raw[code.len()..].trim().trim_start_matches('-').trim();
    let by_code = code
        .parse::<usize>()
        .ok()
        .and_then(|n| Ruolo::ALL.get(n.checked_sub(1)?).copied());
    by_code.or_else(|| Ruolo::from_id(label))
}

fn read_index(root: &Element, warnings: &mut Vec<Issue>) -> L190Index {
    let meta = root.child("metadata");
    let mut notes = Vec::new();
    let metadata = metadata(meta, "Indice", &mut notes);
    let mut datasets = Vec::new();
    let entries = root
        .child("indice")
        .map(|i| i.children("dataset").collect::<Vec<_>>());
    for entry in entries.unwrap_or_default() {
        let link = entry.text_of("linkDataset").unwrap_or_default().to_string();
        if link.is_empty() {
            notes.push(format!(
                "dataset senza linkDataset alla riga {}",
                entry.line
            ));
            continue;
        }
        let updated = entry.text_of("dataUltimoAggiornamento");
        datasets.push(IndexEntry {
            id: entry.attr("id").unwrap_or_default().to_string(),
            link,
            data_ultimo_aggiornamento: optional_date(
                updated,
                "dataUltimoAggiornamento",
                &mut notes,
            ),
        });
    }
    let line = meta.map_or(root.line, |m| m.line);
    warnings.extend(notes.into_iter().map(|message| Issue {
        lotto: None,
        line,
        message,
    }));
    L190Index { metadata, datasets }
}
