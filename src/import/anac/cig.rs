//! ANAC BDNCP `cig` open-data CSV → procedure records.
//!
//! The file is `;`-separated and quoted, with 30 columns (older extracts) or
//! 61, headers in mixed case; columns are found by name. A CIG with several
//! CPV codes takes several rows. ANAC numbers procedure types differently
//! from L.190 from 22 upward, so they are matched by label.

use super::batch::{Batch, Incoming};
use super::notice::{Kind, Notice};
use crate::l190::{is_valid_cig, lenient_amount, lenient_date, procedura_from_label};
use crate::model::{Lotto, Money, RecordHeader, Segnalazione};
use std::collections::BTreeMap;
use std::io;
use std::path::Path;

pub(crate) const SOURCE: &str = "ANAC BDNCP cig";

/// Columns every extract has.
const REQUIRED: &[&str] = &[
    "cig",
    "cf_amministrazione_appaltante",
    "denominazione_amministrazione_appaltante",
];

struct Row<'a> {
    header: &'a [String],
    record: &'a csv::StringRecord,
}

impl Row<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        let i = self.header.iter().position(|h| h == name)?;
        self.record.get(i).map(str::trim).filter(|v| !v.is_empty())
    }
}

fn decode(bytes: Vec<u8>, name: &str, warnings: &mut Vec<Notice>) -> String {
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            warnings.push(Notice::file(
                Kind::NotUtf8,
                name,
                "il file non è UTF-8: letto come Windows-1252",
            ));
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(e.as_bytes());
            text.into_owned()
        }
    }
}

pub(crate) fn import(batch: &mut Batch, file: &Path, cfs: &[String]) -> io::Result<()> {
    let name = file.display().to_string();
    let bytes =
        std::fs::read(file).map_err(|e| io::Error::new(e.kind(), format!("{name}: {e}")))?;
    let text = decode(bytes, &name, &mut batch.summary.warnings);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h
            .iter()
            .map(|c| c.trim().trim_start_matches('\u{feff}').to_lowercase())
            .collect(),
        Err(e) => {
            let message = format!("intestazione illeggibile: {e}");
            let rejected = Notice::file(Kind::NotADataset, &name, message);
            batch.summary.rejected.push(rejected);
            return Ok(());
        }
    };
    if let Some(missing) = REQUIRED.iter().find(|c| !header.iter().any(|h| h == *c)) {
        let message = format!("manca la colonna «{missing}»: non è il dataset «cig» di ANAC");
        let rejected = Notice::file(Kind::NotADataset, &name, message);
        batch.summary.rejected.push(rejected);
        return Ok(());
    }
    let wanted: Vec<String> = cfs.iter().map(|c| c.trim().to_uppercase()).collect();
    let mut by_cig: BTreeMap<String, Incoming> = BTreeMap::new();
    let mut order = Vec::new();
    for (i, result) in reader.records().enumerate() {
        batch.summary.read += 1;
        let line = result
            .as_ref()
            .ok()
            .and_then(|r| r.position())
            .map_or(i + 2, |p| p.line() as usize);
        let position = format!("riga {line}");
        let notice = |kind, message| Notice::at(kind, &name, &position, message);
        let record = match result {
            Ok(r) if r.len() == header.len() => r,
            Ok(r) => {
                let reason = format!("{} campi invece di {}", r.len(), header.len());
                batch
                    .summary
                    .rejected
                    .push(notice(Kind::Unreadable, reason));
                continue;
            }
            Err(e) => {
                let reason = format!("riga illeggibile: {e}");
                batch
                    .summary
                    .rejected
                    .push(notice(Kind::Unreadable, reason));
                continue;
            }
        };
        let row = Row {
            header: &header,
            record: &record,
        };
        let cf = row
            .get("cf_amministrazione_appaltante")
            .unwrap_or_default()
            .to_uppercase();
        if !wanted.is_empty() && !wanted.contains(&cf) {
            batch.summary.skipped += 1;
            continue;
        }
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
            continue;
        }
        let mut notes = Vec::new();
        let new = incoming(&row, &name, &position, &mut notes);
        let key = new.lotto.cig.clone().or(new.lotto.codice.clone());
        let key = key.unwrap_or_default();
        match by_cig.get_mut(&key) {
            Some(first) => add_row(first, new, &mut notes),
            None => {
                order.push(key.clone());
                by_cig.insert(key, new);
            }
        }
        batch
            .summary
            .warnings
            .extend(notes.into_iter().map(|(kind, n)| notice(kind, n)));
    }
    batch.expect(by_cig.values().map(|i| 1 + i.combined).sum());
    for cig in order {
        if let Some(incoming) = by_cig.remove(&cig) {
            batch.add(incoming)?;
        }
    }
    Ok(())
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
    Some(super::no_cig::code(
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
            .extend(super::no_cig::finding(published, code));
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
        lenient_date,
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
