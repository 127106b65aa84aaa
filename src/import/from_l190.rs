//! L.190 datasets (and indexes of local datasets) → procedure records.

use super::batch::{Batch, Incoming};
use super::notice::{Kind, Notice};
use crate::l190::{self, L190File, L190Lotto, L190Metadata, ReadOutcome, Soggetti, Soggetto};
use crate::model::{Liquidazione, Lotto, Money, Operatore, Periodo, RecordHeader, Segnalazione};
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// A dataset read, with the name it is reported under.
struct Loaded {
    name: String,
    outcome: ReadOutcome,
}

/// Imports the files into the batch. Only I/O errors stop the run; a file
/// that is not an L.190 dataset is reported as rejected.
pub(crate) fn import(batch: &mut Batch, files: &[PathBuf]) -> io::Result<()> {
    let mut loaded = Vec::new();
    for file in files {
        load(batch, file, true, &mut loaded)?;
    }
    // Oldest year first, so that the latest one wins in every record.
    loaded.sort_by_key(|l| (l.outcome.dataset.metadata.anno_riferimento, l.name.clone()));
    batch.expect(loaded.iter().map(|l| l.outcome.dataset.lotti.len()).sum());
    for dataset in loaded {
        add_dataset(batch, dataset)?;
    }
    Ok(())
}

fn load(batch: &mut Batch, file: &Path, follow: bool, out: &mut Vec<Loaded>) -> io::Result<()> {
    let bytes = std::fs::read(file)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", file.display())))?;
    let name = file.display().to_string();
    match l190::read_file(&bytes) {
        Err(e) => {
            batch
                .summary
                .rejected
                .push(Notice::file(Kind::NotADataset, &name, e.to_string()))
        }
        Ok(L190File::Dataset(outcome)) => out.push(Loaded { name, outcome }),
        Ok(L190File::Index { .. }) if !follow => batch.summary.rejected.push(Notice::file(
            Kind::NotADataset,
            &name,
            "un indice che rimanda a un altro indice non è seguito",
        )),
        Ok(L190File::Index { index, warnings }) => {
            let summary = &mut batch.summary;
            summary
                .warnings
                .extend(warnings.iter().map(|w| issue(Kind::Repaired, &name, w)));
            let dir = file.parent().unwrap_or(Path::new("."));
            for entry in &index.datasets {
                // Only the file name is used: the dataset must sit beside the
                // index, and a link cannot lead out of that folder.
                let local = entry.link.rsplit(['/', '\\']).next().unwrap_or_default();
                let path = dir.join(local);
                if local.is_empty() || !path.is_file() {
                    batch.summary.rejected.push(Notice::file(
                        Kind::DatasetMissing,
                        &name,
                        format!(
                            "dataset «{}» non trovato in {} (scaricalo accanto all'indice)",
                            entry.link,
                            dir.display()
                        ),
                    ));
                    continue;
                }
                load(batch, &path, false, out)?;
            }
        }
    }
    Ok(())
}

/// The key of a lot: its CIG, or a code derived from the lot's content
/// when it has none, or only a placeholder or malformed one: lots sharing
/// `XXXXXXXXXX` of different objects or suppliers are different lots, never
/// combined (entries that agree on those are one lot's repeats, which
/// `combine` compares). The key is stable, so a re-import finds the same record.
fn key(lotto: &L190Lotto) -> String {
    if let Some(cig) = lotto.cig.as_deref().filter(|c| l190::is_valid_cig(c)) {
        return cig.to_string();
    }
    let mut parts = vec![
        lotto.struttura.codice_fiscale.as_str(),
        lotto.oggetto.as_str(),
    ];
    for s in singles(&lotto.aggiudicatari).chain(singles(&lotto.partecipanti)) {
        let id = s.codice_fiscale.as_ref().or(s.id_estero.as_ref());
        parts.push(id.unwrap_or(&s.ragione_sociale));
    }
    super::no_cig::code(&parts, lotto.cig.as_deref())
}

fn singles(s: &Soggetti) -> impl Iterator<Item = &Soggetto> {
    s.raggruppamenti
        .iter()
        .flatten()
        .map(|m| &m.soggetto)
        .chain(&s.singoli)
}

fn add_dataset(batch: &mut Batch, loaded: Loaded) -> io::Result<()> {
    let Loaded { name, outcome } = loaded;
    let summary = &mut batch.summary;
    summary.read += outcome.dataset.lotti.len() + outcome.rejected.len();
    summary.warnings.extend(grouped(&name, &outcome.warnings));
    summary.rejected.extend(
        outcome
            .rejected
            .iter()
            .map(|r| issue(Kind::Unreadable, &name, r)),
    );
    let meta = &outcome.dataset.metadata;
    let publisher = Publisher::of(&outcome.dataset);
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut order = Vec::new();
    for (i, lotto) in outcome.dataset.lotti.iter().enumerate() {
        let k = key(lotto);
        if !groups.contains_key(&k) {
            order.push(k.clone());
        }
        groups.entry(k).or_default().push(i);
    }
    for k in order {
        let members = &groups[&k];
        let lots: Vec<&L190Lotto> = members.iter().map(|&i| &outcome.dataset.lotti[i]).collect();
        let at = |i: usize| {
            let (n, line) = outcome.positions[i];
            format!("lotto {n} (riga {line})")
        };
        let position = at(members[0]);
        let combined = super::combine::combine(&lots, &|j| at(members[j]));
        batch.summary.warnings.extend(
            combined
                .notes
                .into_iter()
                .map(|n| Notice::at(Kind::Repeated, &name, &position, n)),
        );
        let mut incoming = incoming(&combined.lotto, meta, k, &name, position, members.len() - 1);
        incoming.header.segnalazioni.extend(combined.segnalazioni);
        publisher.name_body(&combined.lotto, &mut incoming);
        incoming.header.segnalazioni.splice(
            0..0,
            found_in(members.iter().map(|&i| &outcome.findings[i])),
        );
        batch.add(incoming)?;
    }
    Ok(())
}

/// The body that published a dataset: the codice fiscale most of its lots
/// name in `strutturaProponente` (the first seen on a tie) and the header's
/// `entePubblicatore`. A lot's `strutturaProponente/denominazione` is often
/// an office ("Settore Lavori Pubblici"), never the body's name.
struct Publisher {
    codice_fiscale: String,
    denominazione: String,
}

impl Publisher {
    fn of(dataset: &l190::L190Dataset) -> Publisher {
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for lotto in &dataset.lotti {
            let cf = lotto.struttura.codice_fiscale.as_str();
            match counts.iter_mut().find(|(c, _)| *c == cf) {
                Some((_, n)) => *n += 1,
                None => counts.push((cf, 1)),
            }
        }
        // `max_by_key` keeps the last maximum: reversed, the first seen wins.
        let codice_fiscale = counts
            .iter()
            .rev()
            .max_by_key(|(_, n)| *n)
            .map_or("", |(cf, _)| cf);
        Publisher {
            codice_fiscale: codice_fiscale.to_string(),
            denominazione: dataset.metadata.ente_pubblicatore.trim().to_string(),
        }
    }

    /// The body is the lot's codice fiscale. When that is the publisher's,
    /// the body is named from the header and the lot's struttura is its
    /// office; a lot of another body (a central purchasing body's file)
    /// keeps its struttura's name, the only one the file gives.
    fn name_body(&self, lotto: &L190Lotto, incoming: &mut Incoming) {
        let office = lotto.struttura.denominazione.trim();
        if lotto.struttura.codice_fiscale != self.codice_fiscale || self.denominazione.is_empty() {
            return;
        }
        incoming.ente_nome = self.denominazione.clone();
        let same = crate::safe_name::slug(office) == crate::safe_name::slug(&self.denominazione);
        incoming.header.ufficio = (!office.is_empty() && !same).then(|| office.to_string());
    }
}

/// The findings of the source lots folded into one record, each once.
fn found_in<'a>(lists: impl Iterator<Item = &'a Vec<Segnalazione>>) -> Vec<Segnalazione> {
    let mut out: Vec<Segnalazione> = Vec::new();
    for finding in lists.flatten() {
        if !out.contains(finding) {
            out.push(finding.clone());
        }
    }
    out
}

/// A notice of the L.190 reader's issue, at its lot or line.
fn issue(kind: Kind, name: &str, issue: &l190::Issue) -> Notice {
    Notice::at(kind, name, &place(issue), issue.message.clone())
}

/// `lotto 3 (riga 40)`, or `riga 12` for what is not a lot.
fn place(issue: &l190::Issue) -> String {
    match issue.lotto {
        Some(n) => format!("lotto {n} (riga {})", issue.line),
        None => format!("riga {}", issue.line),
    }
}

/// One notice per distinct message, listing the lots it concerns: a file
/// with the same old label in 48 lots gives one line, not 48.
fn grouped(name: &str, issues: &[l190::Issue]) -> Vec<Notice> {
    let mut by_message: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut order = Vec::new();
    for issue in issues {
        let at = place(issue);
        let places = by_message.entry(&issue.message).or_insert_with(|| {
            order.push(issue.message.as_str());
            Vec::new()
        });
        if !places.contains(&at) {
            places.push(at);
        }
    }
    order
        .into_iter()
        .map(|message| {
            let places = by_message[message].join(", ");
            Notice::at(Kind::Repaired, name, &places, message)
        })
        .collect()
}

fn incoming(
    l: &L190Lotto,
    meta: &L190Metadata,
    key: String,
    file: &str,
    position: String,
    combined: usize,
) -> Incoming {
    let valid = l.cig.as_deref().filter(|c| l190::is_valid_cig(c));
    let segnalazioni = super::no_cig::finding(l.cig.as_deref(), &key)
        .into_iter()
        .collect();
    let source = match meta.anno_riferimento {
        Some(year) => format!("ANAC L.190 {year}"),
        None => "ANAC L.190".to_string(),
    };
    let paid = l.importo_somme_liquidate.filter(|m| *m != Money::ZERO);
    let header = RecordHeader {
        ente: String::new(),
        anno: meta.anno_riferimento,
        fonte: None,
        data_pubblicazione: meta.data_pubblicazione,
        ufficio: None,
        svolta_da: None,
        liquidazioni: paid
            .map(|importo| Liquidazione {
                data: None,
                importo,
                fattura: None,
                cig: None,
                beneficiario: None,
                base_iva: Some(crate::model::BaseIva::Netto),
            })
            .into_iter()
            .collect(),
        segnalazioni,
    };
    let periodo = (l.data_inizio.is_some() || l.data_ultimazione.is_some()).then_some(Periodo {
        dal: l.data_inizio,
        al: l.data_ultimazione,
    });
    let lotto = Lotto {
        cig: valid.map(String::from),
        codice: valid.is_none().then_some(key),
        oggetto: Some(l.oggetto.clone()).filter(|o| !o.is_empty()),
        procedura: l.scelta_contraente,
        importo_netto: l.importo_aggiudicazione,
        periodo,
        aggiudicatari: operatori(&l.aggiudicatari),
        partecipanti: operatori(&l.partecipanti),
        ..Lotto::default()
    };
    Incoming {
        header,
        lotto,
        ente_cf: l.struttura.codice_fiscale.clone(),
        ente_nome: l.struttura.denominazione.clone(),
        source,
        file: file.to_string(),
        position,
        combined,
    }
}

/// Joint ventures get a name from their leader ("RTI Alfa S.r.l."), the
/// L.190 format having none; members carry it with their role.
pub(crate) fn operatori(s: &Soggetti) -> Vec<Operatore> {
    let mut out = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for group in &s.raggruppamenti {
        let leader = group
            .iter()
            .find(|m| m.ruolo.is_some_and(|r| r.leads()))
            .or(group.first());
        let base = format!(
            "RTI {}",
            leader.map_or("", |m| m.soggetto.ragione_sociale.as_str())
        );
        let same = names.iter().filter(|n| n.starts_with(&base)).count();
        let name = if same == 0 {
            base
        } else {
            format!("{base} ({})", same + 1)
        };
        names.push(name.clone());
        for member in group {
            let mut op = operatore(&member.soggetto);
            op.raggruppamento = Some(name.clone());
            op.ruolo = member.ruolo.map(|r| r.id().to_string());
            out.push(op);
        }
    }
    out.extend(s.singoli.iter().map(operatore));
    out
}

/// An 11-digit code is a partita IVA, except those starting with 8 or 9:
/// codici fiscali of bodies without VAT number (associations, schools).
fn operatore(s: &Soggetto) -> Operatore {
    let cf = s.codice_fiscale.clone();
    let company = cf
        .as_ref()
        .is_some_and(|c| c.len() == 11 && !c.starts_with(['8', '9']));
    Operatore {
        denominazione: s.ragione_sociale.clone(),
        partita_iva: cf.clone().filter(|_| company),
        codice_fiscale: cf.filter(|_| !company),
        id_estero: s.id_estero.clone(),
        ..Operatore::default()
    }
}
