//! The lenient reader: element tree → neutral types, with warnings.

use super::repair::{self, Issue};
use super::tree::{self, Element};
use super::{
    IndexEntry, L190Dataset, L190Index, L190Lotto, L190Metadata, Membro, Ruolo, Soggetti, Soggetto,
    Struttura,
};
use crate::model::{Date, Money, Regola, Segnalazione};
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
    /// For each kept lot, the doubts the reader found in it (a field left
    /// out, entities decoded, a party listed twice): the record keeps them.
    pub findings: Vec<Vec<Segnalazione>>,
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
        let mut found = Found::default();
        let issue = |message| Issue {
            lotto: Some(i + 1),
            line: element.line,
            message,
        };
        match lotto(element, &mut found) {
            Ok(lot) => {
                out.dataset.lotti.push(lot);
                out.positions.push((i + 1, element.line));
                out.findings.push(found.findings);
            }
            Err(reason) => out.rejected.push(issue(reason)),
        }
        warnings.extend(found.notes.into_iter().map(issue));
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
        ente_pubblicatore: super::decode_entities(&text("entePubblicatore"))
            .0
            .into_owned(),
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

/// What reading one lot found: warnings for the import summary, and the
/// findings its record keeps.
#[derive(Default)]
struct Found {
    notes: Vec<String>,
    findings: Vec<Segnalazione>,
}

impl Found {
    /// A field that cannot be read is left out, never the lot: the record
    /// is imported without it, with a warning and a `campo-scartato` finding.
    fn dropped(&mut self, campo: &str, raw: &str, reason: String) {
        self.notes
            .push(format!("{reason}: campo scartato, lotto importato senza"));
        self.findings
            .push(Segnalazione::campo_scartato(campo, raw, &reason));
    }

    /// Text with entities escaped twice at source (`&amp;quot;`), decoded once.
    fn text(&mut self, raw: &str, campo: &str) -> String {
        let (decoded, count) = super::decode_entities(raw);
        if count > 0 {
            self.notes
                .push(format!("entità HTML decodificate in {campo}"));
            self.findings.push(
                Segnalazione::new(Regola::EntitaDecodificate)
                    .campo(campo)
                    .valore(raw)
                    .nota(format!(
                        "{count} entità HTML decodificate una volta: «{decoded}»"
                    )),
            );
        }
        decoded.into_owned()
    }
}

fn lotto(el: &Element, found: &mut Found) -> Result<L190Lotto, String> {
    let struttura = struttura(el.child("strutturaProponente"), found)?;
    let oggetto = oggetto(el, found);
    let scelta = scelta(el, found);
    let tempi = el.child("tempiCompletamento");
    let when = |name: &str, campo: &str, found: &mut Found| -> Option<Date> {
        let raw = tempi.and_then(|t| t.text_of(name))?;
        match repair::date(raw, name, &mut found.notes) {
            Ok(date) => Some(date),
            Err(reason) => {
                found.dropped(campo, raw, reason);
                None
            }
        }
    };
    let data_inizio = when("dataInizio", "dal", found);
    let data_ultimazione = when("dataUltimazione", "al", found);
    let cig = repair::cig(el.text_of("cig").unwrap_or_default(), &mut found.notes);
    let partecipanti = soggetti(
        el.child("partecipanti"),
        ("raggruppamento", "partecipante", "partecipanti"),
        found,
    );
    let aggiudicatari = soggetti(
        el.child("aggiudicatari"),
        (
            "aggiudicatarioRaggruppamento",
            "aggiudicatario",
            "aggiudicatari",
        ),
        found,
    );
    Ok(L190Lotto {
        cig,
        struttura,
        oggetto,
        scelta_contraente: scelta,
        partecipanti,
        aggiudicatari,
        importo_aggiudicazione: importo(el, "importoAggiudicazione", "importo_netto", found),
        data_inizio,
        data_ultimazione,
        importo_somme_liquidate: importo(el, "importoSommeLiquidate", "liquidazioni", found),
    })
}

fn oggetto(el: &Element, found: &mut Found) -> String {
    let oggetto = found.text(el.text_of("oggetto").unwrap_or_default(), "oggetto");
    if oggetto.is_empty() {
        found.notes.push("oggetto mancante".to_string());
    }
    let length = oggetto.chars().count();
    if length > 250 {
        found.notes.push(format!(
            "oggetto di {length} caratteri: lo schema ne ammette 250, l'export L.190 lo troncherà"
        ));
    }
    oggetto
}

/// `sceltaContraente`; an unknown one leaves the record without procedure.
fn scelta(el: &Element, found: &mut Found) -> Option<crate::model::TipoProcedura> {
    let Some(raw) = el.text_of("sceltaContraente") else {
        found.notes.push("sceltaContraente mancante".to_string());
        return None;
    };
    let procedura = repair::procedura(raw, &mut found.notes);
    if procedura.is_none() {
        found.findings.push(
            Segnalazione::new(Regola::CampoScartato)
                .campo("procedura")
                .valore(raw)
                .nota("sceltaContraente sconosciuta: il lotto è importato senza procedura"),
        );
    }
    procedura
}

fn importo(el: &Element, name: &str, campo: &str, found: &mut Found) -> Option<Money> {
    let Some(raw) = el.text_of(name) else {
        found.notes.push(format!("{name} mancante"));
        return None;
    };
    match repair::amount(raw, name, &mut found.notes) {
        Ok(amount) => Some(amount),
        Err(reason) => {
            found.dropped(campo, raw, reason);
            None
        }
    }
}

fn struttura(el: Option<&Element>, found: &mut Found) -> Result<Struttura, String> {
    let el = el.ok_or("strutturaProponente mancante")?;
    let denominazione = found.text(el.text_of("denominazione").unwrap_or_default(), "ufficio");
    let raw_cf = el.text_of("codiceFiscaleProp").unwrap_or_default();
    if raw_cf.is_empty() && denominazione.is_empty() {
        return Err("strutturaProponente senza codice fiscale né denominazione".to_string());
    }
    let notes = &mut found.notes;
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

/// The element names of a list of parties: (joint venture, single, record key).
type Names<'a> = (&'a str, &'a str, &'a str);

fn soggetti(el: Option<&Element>, names: Names, found: &mut Found) -> Soggetti {
    let (group, single, campo) = names;
    let mut out = Soggetti::default();
    let Some(el) = el else {
        return out;
    };
    for raggruppamento in el.children(group) {
        let mut membri: Vec<Membro> = Vec::new();
        for m in raggruppamento.children("membro") {
            if let Some(m) = membro(m, campo, found) {
                membri.push(m);
            }
        }
        let membri = once_each(membri, campo, found, member_key, |m| {
            m.soggetto.ragione_sociale.clone()
        });
        if membri.len() == 1 {
            found.notes.push(format!(
                "{group} con un solo membro: letto come operatore singolo"
            ));
            out.singoli.extend(membri.into_iter().map(|m| m.soggetto));
        } else if !membri.is_empty() {
            out.raggruppamenti.push(membri);
        }
    }
    let groups = std::mem::take(&mut out.raggruppamenti);
    out.raggruppamenti = once_each(groups, campo, found, |g| group_key(g), |g| group_name(g));
    let mut singoli = std::mem::take(&mut out.singoli);
    for s in el.children(single) {
        if let Some(s) = soggetto(s, campo, found) {
            singoli.push(s);
        }
    }
    out.singoli = once_each(singoli, campo, found, party_key, |s| {
        s.ragione_sociale.clone()
    });
    out
}

/// A party as compared for repeats: its ids and its name, spaces and case aside.
fn party_key(s: &Soggetto) -> String {
    let name = s
        .ragione_sociale
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "{}|{}|{}",
        s.codice_fiscale.as_deref().unwrap_or_default(),
        s.id_estero.as_deref().unwrap_or_default(),
        name.to_lowercase()
    )
}

fn member_key(m: &Membro) -> String {
    format!("{}|{:?}", party_key(&m.soggetto), m.ruolo)
}

/// A joint venture is the same whatever order its members are listed in.
fn group_key(group: &[Membro]) -> String {
    let mut keys: Vec<String> = group.iter().map(member_key).collect();
    keys.sort();
    keys.join("\n")
}

fn group_name(group: &[Membro]) -> String {
    let names: Vec<&str> = group
        .iter()
        .map(|m| m.soggetto.ragione_sociale.as_str())
        .collect();
    format!("raggruppamento {}", names.join(", "))
}

/// Keeps the first of items with the same key: the source listing one
/// party (or joint venture) several times in a lot counts it once.
fn once_each<T>(
    items: Vec<T>,
    campo: &str,
    found: &mut Found,
    key: impl Fn(&T) -> String,
    name: impl Fn(&T) -> String,
) -> Vec<T> {
    let mut seen: Vec<(String, usize)> = Vec::new();
    let mut kept = Vec::new();
    let mut names = Vec::new();
    for item in items {
        let k = key(&item);
        match seen.iter_mut().find(|(s, _)| *s == k) {
            Some((_, times)) => *times += 1,
            None => {
                seen.push((k, 1));
                names.push(name(&item));
                kept.push(item);
            }
        }
    }
    for ((_, times), name) in seen.iter().zip(&names).filter(|((_, t), _)| *t > 1) {
        found.notes.push(format!(
            "{campo}: lo stesso soggetto è elencato più volte nel lotto: contato una volta"
        ));
        found.findings.push(
            Segnalazione::new(Regola::SoggettoRipetuto)
                .campo(campo)
                .valore(name.clone())
                .nota(format!(
                    "elencato {times} volte nel lotto: contato una volta"
                )),
        );
    }
    kept
}

fn soggetto(el: &Element, campo: &str, found: &mut Found) -> Option<Soggetto> {
    let name = found.text(el.text_of("ragioneSociale").unwrap_or_default(), campo);
    let notes = &mut found.notes;
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

fn membro(el: &Element, campo: &str, found: &mut Found) -> Option<Membro> {
    let soggetto = soggetto(el, campo, found)?;
    let notes = &mut found.notes;
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
