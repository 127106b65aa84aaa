//! The BDNCP `aggiudicazioni`, `aggiudicatari` and `partecipanti` datasets,
//! joined to the kept CIGs: the award's amount, offers and winners.
//!
//! A CIG awarded more than once (two `id_aggiudicazione`: a re-award after
//! a withdrawal or a ruling) is one lot with one amount, the latest award's;
//! each earlier award stays visible as a `riaggiudicazione` finding with its
//! amount, date and winners, never added. The members of a joint venture
//! (one row each, `ruolo` MANDATARIA/MANDANTE) become one `raggruppamento`
//! of the lot's winners: the award's amount is the lot's, credited to no
//! member alone (the catalogue credits members only a stated `quota`).

use super::cig::Kept;
use super::rows::{Opened, Row, day};
use super::{Dataset, Filter};
use crate::check::ids::{IdKind, Validity, classify};
use crate::import::batch::{Batch, Incoming};
use crate::import::notice::{Kind, Notice};
use crate::l190::{Membro, Soggetti, Soggetto, lenient_amount, lenient_date};
use crate::model::{Date, Money, Regola, Ruolo, Segnalazione};
use std::collections::BTreeMap;

/// Where a source row is: the file and `riga N`, for the notices about it.
#[derive(Clone)]
pub(crate) struct Place {
    pub(crate) file: String,
    pub(crate) position: String,
}

impl Place {
    pub(crate) fn notice(&self, kind: Kind, message: impl Into<String>) -> Notice {
        Notice::at(kind, &self.file, &self.position, message)
    }
}

/// One row of `aggiudicazioni`.
struct Award {
    at: Place,
    id: String,
    importo: Option<Money>,
    data: Option<Date>,
    offerte: Option<u32>,
}

impl Award {
    /// Later awards sort last: by date, then by id (ANAC's ids grow).
    fn order(&self) -> (Option<Date>, u64, &str) {
        (self.data, self.id.parse().unwrap_or(0), &self.id)
    }

    fn describe(&self) -> String {
        let importo = self
            .importo
            .map_or("importo non indicato".to_string(), |m| {
                format!("importo {m}")
            });
        let data = self
            .data
            .map_or("data non indicata".to_string(), |d| format!("del {d}"));
        format!("aggiudicazione {} {data}, {importo}", self.id)
    }
}

/// A winner or a participant, with the role ANAC gives it.
struct Member {
    at: Place,
    role: Role,
    soggetto: Soggetto,
}

#[derive(Clone, Copy, PartialEq)]
enum Role {
    /// `OPERATORE ECONOMICO MONOSOGGETTIVO`, or no role stated.
    Single,
    /// A member of a joint venture; `None` for a role vetro does not know.
    Joint(Option<Ruolo>),
}

/// What the three datasets say of the kept CIGs.
#[derive(Default)]
pub(crate) struct Joined {
    awards: BTreeMap<String, Vec<Award>>,
    winners: BTreeMap<String, BTreeMap<String, Vec<Member>>>,
    participants: BTreeMap<String, Vec<Member>>,
    findings: BTreeMap<String, Vec<Segnalazione>>,
    /// Source rows folded into each CIG's record.
    folded: BTreeMap<String, usize>,
    read_winners: bool,
}

/// Reads one file of `dataset`, keeping the rows of kept CIGs.
pub(crate) fn read(
    batch: &mut Batch,
    dataset: Dataset,
    opened: Opened,
    kept: &Kept,
    filter: &Filter,
    joined: &mut Joined,
    progress: &indicatif::ProgressBar,
) {
    let name = opened.name.clone();
    joined.read_winners |= dataset == Dataset::Aggiudicatari;
    let mut orphans = 0usize;
    opened.rows(batch, progress, |batch, row, position| {
        batch.summary.read += 1;
        let cig = row.code("cig");
        if !kept.has(&cig) {
            batch.summary.skipped += 1;
            orphans += 1;
            return;
        }
        *joined.folded.entry(cig.clone()).or_default() += 1;
        let mut notes = Vec::new();
        let at = Place {
            file: name.clone(),
            position: position.to_string(),
        };
        match dataset {
            Dataset::Aggiudicazioni => joined.award(&cig, row, at, &mut notes),
            Dataset::Aggiudicatari => {
                let id = row.get("id_aggiudicazione").unwrap_or_default().to_string();
                let member = member(row, at, &mut notes);
                let by_id = joined.winners.entry(cig).or_default();
                by_id.entry(id).or_default().push(member);
            }
            _ => {
                let member = member(row, at, &mut notes);
                joined.participants.entry(cig).or_default().push(member);
            }
        }
        batch.summary.warnings.extend(
            notes
                .into_iter()
                .map(|(kind, message)| Notice::at(kind, &name, position, message)),
        );
    });
    // With --cf the other bodies' rows are meant to be left out; without,
    // a row whose CIG no `cig` file describes has no body to go to.
    if filter.all() && orphans > 0 {
        batch.summary.warnings.push(Notice::file(
            Kind::Orphan,
            &name,
            format!(
                "{orphans} righe di CIG assenti dai file «cig» letti: non importate (manca l'ente)"
            ),
        ));
    }
}

impl Joined {
    fn award(&mut self, cig: &str, row: &Row, at: Place, notes: &mut Vec<(Kind, String)>) {
        let id = row.get("id_aggiudicazione").unwrap_or_default().to_string();
        let mut repairs = Vec::new();
        let mut dropped = |campo: &str, raw: &str, reason: String| {
            notes.push((
                Kind::FieldDropped,
                format!("{reason}: campo scartato, aggiudicazione importata senza"),
            ));
            self.findings
                .entry(cig.to_string())
                .or_default()
                .push(Segnalazione::campo_scartato(campo, raw, &reason));
        };
        let importo = row.get("importo_aggiudicazione").and_then(|raw| {
            lenient_amount(raw, "importo_aggiudicazione", &mut repairs)
                .map_err(|reason| dropped("importo_netto", raw, reason))
                .ok()
        });
        let data = row.get("data_aggiudicazione_definitiva").and_then(|raw| {
            lenient_date(day(raw), "data_aggiudicazione_definitiva", &mut repairs)
                .map_err(|reason| dropped("data_aggiudicazione", raw, reason))
                .ok()
        });
        notes.extend(repairs.into_iter().map(|r| (Kind::Repaired, r)));
        let count = |column: &str| {
            row.get(column)
                .and_then(|v| v.split('.').next()?.parse::<u32>().ok())
        };
        let offerte = count("num_imprese_offerenti").or(count("numero_offerte_ammesse"));
        let awards = self.awards.entry(cig.to_string()).or_default();
        if awards.iter().any(|a| a.id == id) {
            notes.push((
                Kind::Repeated,
                format!("aggiudicazione {id} del CIG {cig} ripetuta: vale la prima riga letta"),
            ));
            return;
        }
        awards.push(Award {
            at,
            id,
            importo,
            data,
            offerte,
        });
    }

    /// Writes what the datasets said of `cig` into its record; a notice
    /// about one award or winner points at its row, the others at the
    /// record's (`record`).
    pub(crate) fn apply(
        &mut self,
        cig: &str,
        incoming: &mut Incoming,
        record: &Place,
        notes: &mut Vec<Notice>,
    ) {
        incoming.combined += self.folded.remove(cig).unwrap_or(0);
        let findings = &mut incoming.header.segnalazioni;
        findings.extend(self.findings.remove(cig).unwrap_or_default());
        let mut awards = self.awards.remove(cig).unwrap_or_default();
        awards.sort_by(|a, b| a.order().cmp(&b.order()));
        let mut winners = self.winners.remove(cig).unwrap_or_default();
        let chosen = awards.pop();
        let chosen_id = match &chosen {
            Some(a) => Some(a.id.clone()),
            None => winners
                .keys()
                .max_by_key(|id| id.parse::<u64>().unwrap_or(0))
                .cloned(),
        };
        if let Some(award) = &chosen {
            incoming.lotto.importo_netto = award.importo;
            incoming.lotto.offerte_ricevute = award.offerte;
        }
        let members = chosen_id.as_ref().and_then(|id| winners.remove(id));
        match members {
            Some(members) => incoming.lotto.aggiudicatari = operators(members, false),
            None if self.read_winners => {
                if let Some(award) = &chosen {
                    notes.push(award.at.notice(
                        Kind::AwardWithoutWinners,
                        format!("CIG {cig}: l'aggiudicazione non ha righe in «aggiudicatari»: lotto senza aggiudicatari"),
                    ));
                }
            }
            None => {}
        }
        if let Some(last) = &chosen {
            for earlier in &awards {
                let who = winners.remove(&earlier.id).map(|m| names(&m));
                let finding = re_award(earlier, last, who.as_deref());
                let message = finding.nota.clone().unwrap_or_default();
                notes.push(earlier.at.notice(Kind::ReAward, message));
                findings.push(finding);
            }
        }
        for (id, members) in winners {
            let message = format!(
                "aggiudicatari dell'aggiudicazione {id} ({}) senza riga in «aggiudicazioni»: non attribuiti al lotto",
                names(&members)
            );
            let at = members.first().map_or(record, |m| &m.at);
            notes.push(at.notice(Kind::AwardWithoutWinners, message.clone()));
            findings.push(
                Segnalazione::new(Regola::Riaggiudicazione)
                    .campo("aggiudicatari")
                    .valore(id)
                    .nota(message),
            );
        }
        if let Some(members) = self.participants.remove(cig) {
            let parties = operators(members, true);
            if incoming.lotto.offerte_ricevute.is_none() {
                incoming.lotto.offerte_ricevute = Some(parties_count(&parties));
            }
            incoming.lotto.partecipanti = parties;
        }
    }
}

/// The finding of an earlier award replaced by a later one.
fn re_award(earlier: &Award, last: &Award, who: Option<&str>) -> Segnalazione {
    let winners = who.map_or(String::new(), |w| format!(", aggiudicatari {w}"));
    Segnalazione::new(Regola::Riaggiudicazione)
        .campo("importo_netto")
        .valore(earlier.importo.map_or(String::new(), |m| m.to_string()))
        .nota(format!(
            "{}{winners}: sostituita dalla {}; vale l'ultima, gli importi non si sommano",
            earlier.describe(),
            last.describe()
        ))
}

fn names(members: &[Member]) -> String {
    let names: Vec<&str> = members
        .iter()
        .map(|m| m.soggetto.ragione_sociale.as_str())
        .collect();
    names.join(", ")
}

/// Joint ventures and single operators count one party each.
fn parties_count(parties: &[crate::model::Operatore]) -> u32 {
    let mut groups: Vec<&str> = parties
        .iter()
        .filter_map(|p| p.raggruppamento.as_deref())
        .collect();
    groups.sort_unstable();
    groups.dedup();
    let singles = parties
        .iter()
        .filter(|p| p.raggruppamento.is_none())
        .count();
    u32::try_from(groups.len() + singles).unwrap_or(u32::MAX)
}

fn member(row: &Row, at: Place, notes: &mut Vec<(Kind, String)>) -> Member {
    let label = row.get("ruolo").unwrap_or_default();
    let role = role(label);
    if role == Role::Joint(None) {
        notes.push((
            Kind::Repaired,
            format!("ruolo «{label}» sconosciuto: membro di raggruppamento senza ruolo"),
        ));
    }
    let cf = row.code("codice_fiscale");
    let denominazione = row.get("denominazione").unwrap_or_default().to_string();
    if !cf.is_empty() && classify(IdKind::CodiceFiscale, &cf) == Validity::Placeholder {
        notes.push((
            Kind::PlaceholderId,
            format!("codice fiscale segnaposto «{cf}» di «{denominazione}»: tenuto com'è, non usato come identificativo"),
        ));
    }
    Member {
        at,
        role,
        soggetto: Soggetto {
            codice_fiscale: Some(cf).filter(|c| !c.is_empty()),
            id_estero: None,
            ragione_sociale: denominazione,
        },
    }
}

/// ANAC's `ruolo`: `MANDATARIA`, `MANDANTE`, … or `OPERATORE ECONOMICO
/// MONOSOGGETTIVO` (sometimes with a code prefix, `02-MANDATARIA`).
fn role(label: &str) -> Role {
    let label = label.trim();
    let word = label
        .split_once('-')
        .filter(|(code, _)| code.chars().all(|c| c.is_ascii_digit()))
        .map_or(label, |(_, rest)| rest)
        .trim();
    if word.is_empty() || word.to_uppercase().contains("MONOSOGGETTIVO") {
        return Role::Single;
    }
    Role::Joint(Ruolo::from_id(word))
}

/// The lot's operators. Winners of one award: the joint members form one
/// venture. Participants: each leader (mandataria, capogruppo) starts a
/// venture, the members after it join it.
fn operators(members: Vec<Member>, participants: bool) -> Vec<crate::model::Operatore> {
    let mut soggetti = Soggetti::default();
    for m in members {
        let Role::Joint(ruolo) = m.role else {
            soggetti.singoli.push(m.soggetto);
            continue;
        };
        let leads = ruolo.is_some_and(Ruolo::leads);
        let membro = Membro {
            soggetto: m.soggetto,
            ruolo,
        };
        match soggetti.raggruppamenti.last_mut() {
            Some(group) if !(participants && leads) => group.push(membro),
            _ => soggetti.raggruppamenti.push(vec![membro]),
        }
    }
    crate::import::from_l190::operatori(&soggetti)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_as_anac_writes_them() {
        assert!(role("OPERATORE ECONOMICO MONOSOGGETTIVO") == Role::Single);
        assert!(role("") == Role::Single);
        assert!(role("MANDATARIA") == Role::Joint(Some(Ruolo::Mandataria)));
        assert!(role("02-MANDANTE") == Role::Joint(Some(Ruolo::Mandante)));
        assert!(role("COOPTATA") == Role::Joint(None));
    }
}
