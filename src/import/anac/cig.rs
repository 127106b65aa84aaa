//! The BDNCP `cig` dataset: one procedure record per CIG.
//!
//! The file is `;`-separated and quoted, with 30 columns (older extracts) or
//! 61, headers in mixed case; columns are found by name. A CIG with several
//! CPV codes takes several rows. ANAC numbers procedure types differently
//! from L.190 from 22 upward, so they are matched by label.

use super::Filter;
use super::rows::{Opened, Row, day};
use crate::import::batch::{Batch, Incoming};
use crate::import::notice::{Kind, Notice};
use crate::l190::{is_valid_cig, lenient_amount, lenient_date, procedura_from_label};
use crate::model::{Lotto, Money, RecordHeader, Segnalazione};
use std::collections::BTreeMap;

pub(crate) const SOURCE: &str = "ANAC BDNCP cig";

/// The records kept so far, by CIG (or internal code).
#[derive(Default)]
pub(crate) struct Kept {
    pub records: BTreeMap<String, Incoming>,
}

impl Kept {
    /// Whether a CIG of another dataset joins a kept record.
    pub(crate) fn has(&self, cig: &str) -> bool {
        self.records.contains_key(cig)
    }
}

/// Reads a `cig` file: the rows of the bodies `filter` keeps, one record
/// per CIG (a CIG takes one row per CPV code).
pub(crate) fn read(
    batch: &mut Batch,
    opened: Opened,
    filter: &Filter,
    kept: &mut Kept,
    progress: &indicatif::ProgressBar,
) {
    let name = opened.name.clone();
    opened.rows(batch, progress, |batch, row, position| {
        batch.summary.read += 1;
        let notice = |kind, message| Notice::at(kind, &name, position, message);
        let Some(body) = Body::of(row, filter) else {
            batch.summary.skipped += 1;
            return;
        };
        if row
            .get("stato")
            .is_some_and(|s| s.eq_ignore_ascii_case("CANCELLATO"))
        {
            batch.summary.skipped += 1;
            let why = row
                .get("motivo_cancellazione")
                .unwrap_or("motivo non indicato");
            let message = format!("CIG cancellato da ANAC ({why}): non importato");
            batch
                .summary
                .warnings
                .push(notice(Kind::Cancelled, message));
            return;
        }
        let mut notes = Vec::new();
        let mut new = incoming(row, &name, position, &mut notes);
        body.apply(&mut new);
        let key = new.lotto.cig.clone().or(new.lotto.codice.clone());
        let key = key.unwrap_or_default();
        match kept.records.get_mut(&key) {
            Some(first) => add_row(first, new, &mut notes),
            None => {
                kept.records.insert(key, new);
            }
        }
        batch
            .summary
            .warnings
            .extend(notes.into_iter().map(|(kind, n)| notice(kind, n)));
    });
}

/// The body a row belongs to and the one that ran it, when another: a
/// procedure delegated to a central purchasing body (`FLAG_DELEGA`) is the
/// delegating body's (`CF_SA_DELEGANTE`), unless `--cf` asked for the
/// central body itself.
struct Body {
    cf: String,
    nome: String,
    svolta_da: Option<String>,
}

impl Body {
    fn of(row: &Row, filter: &Filter) -> Option<Body> {
        let runner_cf = row.code("cf_amministrazione_appaltante");
        let runner_nome = row
            .get("denominazione_amministrazione_appaltante")
            .unwrap_or_default();
        let runner = Body {
            cf: runner_cf.clone(),
            nome: runner_nome.to_string(),
            svolta_da: None,
        };
        let delegante = ["cf_sa_delegante", "cf_sa_delegata"]
            .into_iter()
            .map(|c| row.code(c))
            .find(|cf| !cf.is_empty() && *cf != runner_cf && !cf.chars().all(|c| c == '0'));
        let delegated = |cf: String| {
            let nome = row
                .get("denominazione_sa_delegante")
                .filter(|_| cf == row.code("cf_sa_delegante"))
                .or(row.get("denominazione_sa_delegata"))
                .unwrap_or_default();
            Body {
                cf,
                nome: nome.to_string(),
                svolta_da: Some(format!("{} (CF {runner_cf})", runner_nome.trim())),
            }
        };
        if filter.all() {
            return Some(delegante.map_or(runner, delegated));
        }
        if filter.wants(&runner_cf) {
            return Some(runner);
        }
        delegante.filter(|cf| filter.wants(cf)).map(delegated)
    }

    fn apply(self, incoming: &mut Incoming) {
        incoming.ente_cf = self.cf;
        if !self.nome.trim().is_empty() {
            incoming.ente_nome = self.nome;
        }
        incoming.header.svolta_da = self.svolta_da;
    }
}

/// Reads a `stazioni-appaltanti` file: the official name of each kept body.
pub(crate) fn name_bodies(
    batch: &mut Batch,
    opened: Opened,
    kept: &mut Kept,
    progress: &indicatif::ProgressBar,
) {
    let mut wanted: BTreeMap<String, Option<String>> = kept
        .records
        .values()
        .map(|i| (i.ente_cf.to_uppercase(), None))
        .collect();
    opened.rows(batch, progress, |_, row, _| {
        let cf = row.code("codice_fiscale");
        if let (Some(slot), Some(nome)) = (wanted.get_mut(&cf), row.get("denominazione"))
            && slot.is_none()
        {
            *slot = Some(nome.to_string());
        }
    });
    for incoming in kept.records.values_mut() {
        if let Some(Some(nome)) = wanted.get(&incoming.ente_cf.to_uppercase()) {
            incoming.ente_nome = nome.clone();
        }
    }
}

/// A further row of the same CIG: one more CPV code.
fn add_row(first: &mut Incoming, row: Incoming, notes: &mut Vec<(Kind, String)>) {
    first.combined += 1;
    for finding in row.header.segnalazioni {
        if !first.header.segnalazioni.contains(&finding) {
            first.header.segnalazioni.push(finding);
        }
    }
    for cpv in row.lotto.cpv {
        if !first.lotto.cpv.contains(&cpv) {
            first.lotto.cpv.push(cpv);
        }
    }
    if row.lotto.importo_base != first.lotto.importo_base
        || row.lotto.oggetto != first.lotto.oggetto
    {
        notes.push((
            Kind::Repeated,
            format!(
                "stesso CIG di {}, con oggetto o importo diversi: vale la prima riga",
                first.place()
            ),
        ));
    }
}

/// What reading one row found: warnings for the summary, findings for the
/// record. A field that cannot be read is left out, never the row.
struct Found<'a> {
    notes: &'a mut Vec<(Kind, String)>,
    findings: Vec<Segnalazione>,
}

impl Found<'_> {
    fn dropped(&mut self, campo: &str, raw: &str, reason: String) {
        self.notes.push((
            Kind::FieldDropped,
            format!("{reason}: campo scartato, riga importata senza"),
        ));
        self.findings
            .push(Segnalazione::campo_scartato(campo, raw, &reason));
    }

    /// A column read with `read`, or nothing (and a finding) when unreadable.
    fn field<T>(
        &mut self,
        row: &Row,
        column: &str,
        campo: &str,
        read: fn(&str, &str, &mut Vec<String>) -> Result<T, String>,
    ) -> Option<T> {
        let raw = row.get(column)?;
        let mut repairs = Vec::new();
        let value = read(raw, column, &mut repairs);
        let repaired = repairs.into_iter().map(|r| (Kind::Repaired, r));
        self.notes.extend(repaired);
        match value {
            Ok(value) => Some(value),
            Err(reason) => {
                self.dropped(campo, raw, reason);
                None
            }
        }
    }
}

/// The key of a row: its CIG, or a code from the body, the object and the
/// published text when the CIG is missing, a placeholder or malformed.
fn key(row: &Row, cig: &str) -> Option<String> {
    if is_valid_cig(cig) {
        return None;
    }
    let parts = [
        row.get("cf_amministrazione_appaltante").unwrap_or_default(),
        row.get("oggetto_lotto")
            .or(row.get("oggetto_gara"))
            .unwrap_or_default(),
    ];
    Some(crate::import::no_cig::code(
        &parts,
        Some(cig).filter(|c| !c.is_empty()),
    ))
}

fn incoming(row: &Row, file: &str, position: &str, notes: &mut Vec<(Kind, String)>) -> Incoming {
    let cig = row.get("cig").unwrap_or_default().to_uppercase();
    let codice = key(row, &cig);
    let mut found = Found {
        notes,
        findings: Vec::new(),
    };
    if let Some(code) = &codice {
        let published = Some(cig.as_str()).filter(|c| !c.is_empty());
        found.notes.push((
            Kind::NoCig,
            format!("CIG «{cig}» non valido: importato come procedura con codice interno {code}"),
        ));
        found
            .findings
            .extend(crate::import::no_cig::finding(published, code));
    }
    let procedura = row.get("tipo_scelta_contraente").and_then(|label| {
        let found_type = procedura_from_label(label);
        if found_type.is_none() {
            found.notes.push((
                Kind::FieldDropped,
                format!("tipo_scelta_contraente «{label}» sconosciuto: procedura lasciata vuota"),
            ));
        }
        found_type
    });
    let data = found.field(
        row,
        "data_pubblicazione",
        "data_pubblicazione",
        |raw, what, notes| lenient_date(day(raw), what, notes),
    );
    let anno = row
        .get("anno_pubblicazione")
        .and_then(|a| a.split('.').next()?.parse::<i32>().ok());
    let sicurezza = found
        .field(row, "importo_sicurezza", "oneri_sicurezza", lenient_amount)
        .filter(|m| *m != Money::ZERO);
    let importo_base = found.field(row, "importo_lotto", "importo_base", lenient_amount);
    let lotto = Lotto {
        cig: codice.is_none().then_some(cig),
        codice,
        oggetto: row
            .get("oggetto_lotto")
            .or(row.get("oggetto_gara"))
            .map(String::from),
        cpv: row.get("cod_cpv").map(String::from).into_iter().collect(),
        procedura,
        strumento: row.get("strumento_svolgimento").map(String::from),
        importo_base,
        oneri_sicurezza: sicurezza,
        ..Lotto::default()
    };
    Incoming {
        header: RecordHeader {
            ente: String::new(),
            anno: anno.or(data.map(|d| d.year())),
            fonte: None,
            data_pubblicazione: data,
            ufficio: None,
            svolta_da: None,
            liquidazioni: Vec::new(),
            segnalazioni: found.findings,
        },
        lotto,
        ente_cf: row
            .get("cf_amministrazione_appaltante")
            .unwrap_or_default()
            .to_string(),
        ente_nome: row
            .get("denominazione_amministrazione_appaltante")
            .unwrap_or_default()
            .to_string(),
        source: SOURCE.to_string(),
        file: file.to_string(),
        position: position.to_string(),
        combined: 0,
    }
}
