//! ANAC BDNCP open data (dati.anticorruzione.it) → procedure records.
//!
//! Each file is recognised by its header as one of the datasets below and
//! streamed row by row. The passes run in a fixed order whatever the order
//! of the files: `cig` first (which CIGs and bodies are kept, `--cf`
//! included), then `stazioni-appaltanti` (the kept bodies' names), then
//! `aggiudicazioni`, `aggiudicatari` and `partecipanti`, joined to the kept
//! CIGs by `cig` and `id_aggiudicazione`. Only kept records are held in
//! memory; files of one dataset are read sorted by path, so the same files
//! give the same records in any order. `docs/import.md` lists the columns
//! used and every repair.

mod awards;
mod cig;
mod rows;

use super::batch::Batch;
use super::notice::{Kind, Notice};
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// The datasets read, with the columns that recognise each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Dataset {
    Cig,
    StazioniAppaltanti,
    Aggiudicazioni,
    Aggiudicatari,
    Partecipanti,
}

impl Dataset {
    /// In the order they are tried (and read).
    const ALL: [Dataset; 5] = [
        Dataset::Cig,
        Dataset::StazioniAppaltanti,
        Dataset::Aggiudicazioni,
        Dataset::Aggiudicatari,
        Dataset::Partecipanti,
    ];

    fn name(self) -> &'static str {
        match self {
            Dataset::Cig => "cig",
            Dataset::StazioniAppaltanti => "stazioni-appaltanti",
            Dataset::Aggiudicazioni => "aggiudicazioni",
            Dataset::Aggiudicatari => "aggiudicatari",
            Dataset::Partecipanti => "partecipanti",
        }
    }

    /// Columns a file of the dataset must have (lower-cased).
    fn required(self) -> &'static [&'static str] {
        match self {
            Dataset::Cig => &[
                "cig",
                "cf_amministrazione_appaltante",
                "denominazione_amministrazione_appaltante",
            ],
            Dataset::StazioniAppaltanti => &["codice_fiscale", "denominazione", "codice_ausa"],
            Dataset::Aggiudicazioni => &["cig", "id_aggiudicazione", "importo_aggiudicazione"],
            Dataset::Aggiudicatari => &[
                "cig",
                "id_aggiudicazione",
                "ruolo",
                "codice_fiscale",
                "denominazione",
            ],
            Dataset::Partecipanti => &["cig", "ruolo", "codice_fiscale", "denominazione"],
        }
    }

    /// Columns a file of the dataset must not have: they tell apart the
    /// winners (per award) from the participants, and the bodies from the rest.
    fn excluded(self) -> &'static [&'static str] {
        match self {
            Dataset::StazioniAppaltanti => &["cig"],
            Dataset::Partecipanti => &["id_aggiudicazione"],
            _ => &[],
        }
    }

    fn missing(self, header: &rows::Header) -> Vec<&'static str> {
        self.required()
            .iter()
            .copied()
            .filter(|c| !header.has(c))
            .collect()
    }

    /// The dataset of a header, or a message naming those it could be.
    fn recognise(header: &rows::Header) -> Result<Dataset, String> {
        let fits = |d: &Dataset| d.missing(header).is_empty();
        let clean = |d: &Dataset| !d.excluded().iter().any(|c| header.has(c));
        if let Some(d) = Dataset::ALL.into_iter().find(|d| fits(d) && clean(d)) {
            return Ok(d);
        }
        let mut near: Vec<(usize, Dataset)> = Dataset::ALL
            .into_iter()
            .map(|d| (d.missing(header).len(), d))
            .collect();
        near.sort();
        let options: Vec<String> = near
            .iter()
            .map(|(_, d)| match d.missing(header) {
                m if m.is_empty() => format!("«{}»", d.name()),
                m => format!("«{}» (mancano {})", d.name(), m.join(", ")),
            })
            .collect();
        Err(format!(
            "intestazione non riconosciuta: non è un dataset ANAC BDNCP che vetro legge; potrebbe essere {}",
            options.join(", ")
        ))
    }
}

/// Which bodies to keep: the codici fiscali of `--cf`, or all.
pub(crate) struct Filter(Vec<String>);

impl Filter {
    fn new(cfs: &[String]) -> Filter {
        Filter(cfs.iter().map(|c| c.trim().to_uppercase()).collect())
    }

    fn all(&self) -> bool {
        self.0.is_empty()
    }

    fn wants(&self, cf: &str) -> bool {
        !cf.is_empty() && self.0.iter().any(|c| c == cf)
    }
}

/// Imports the files into the batch. Only I/O errors stop the run; a file
/// that is none of the datasets is rejected (E810), the others are read.
pub(crate) fn import(batch: &mut Batch, files: &[PathBuf], cfs: &[String]) -> io::Result<()> {
    let filter = Filter::new(cfs);
    let mut by_dataset: BTreeMap<Dataset, Vec<rows::Opened>> = BTreeMap::new();
    let mut sorted: Vec<&PathBuf> = files.iter().collect();
    sorted.sort();
    sorted.dedup();
    for file in sorted {
        if let Some((dataset, opened)) = classify(batch, file)? {
            by_dataset.entry(dataset).or_default().push(opened);
        }
    }
    let progress = crate::progress::growing_bar("KiB letti");
    let total: u64 = by_dataset.values().flatten().map(|o| o.size / 1024).sum();
    crate::progress::grow(&progress, total);
    let mut take = |d: Dataset| by_dataset.remove(&d).unwrap_or_default();
    let mut kept = cig::Kept::default();
    for opened in take(Dataset::Cig) {
        cig::read(batch, opened, &filter, &mut kept, &progress);
    }
    for opened in take(Dataset::StazioniAppaltanti) {
        cig::name_bodies(batch, opened, &mut kept, &progress);
    }
    let mut joined = awards::Joined::default();
    for dataset in [
        Dataset::Aggiudicazioni,
        Dataset::Aggiudicatari,
        Dataset::Partecipanti,
    ] {
        for opened in take(dataset) {
            awards::read(
                batch,
                dataset,
                opened,
                &kept,
                &filter,
                &mut joined,
                &progress,
            );
        }
    }
    progress.finish_and_clear();
    batch.expect(kept.records.len());
    for (cig, mut incoming) in kept.records {
        let record = awards::Place {
            file: incoming.file.clone(),
            position: incoming.position.clone(),
        };
        joined.apply(&cig, &mut incoming, &record, &mut batch.summary.warnings);
        batch.add(incoming)?;
    }
    Ok(())
}

/// Opens a file and tells its dataset; a file of none is rejected.
fn classify(batch: &mut Batch, file: &Path) -> io::Result<Option<(Dataset, rows::Opened)>> {
    let name = file.display().to_string();
    let opened = match rows::open(file)? {
        Ok(o) => o,
        Err(message) => {
            let rejected = Notice::file(Kind::UnknownDataset, &name, message);
            batch.summary.rejected.push(rejected);
            return Ok(None);
        }
    };
    match Dataset::recognise(&opened.header) {
        Ok(dataset) => Ok(Some((dataset, opened))),
        Err(message) => {
            let rejected = Notice::file(Kind::UnknownDataset, &name, message);
            batch.summary.rejected.push(rejected);
            Ok(None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(line: &str) -> rows::Header {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(line.as_bytes());
        let raw = reader.byte_headers().unwrap().clone();
        rows::Header::new(&raw)
    }

    #[test]
    fn datasets_are_told_by_their_header_in_either_case() {
        let cases = [
            (
                "\u{feff}\"CIG\";\"CF_AMMINISTRAZIONE_APPALTANTE\";\"DENOMINAZIONE_AMMINISTRAZIONE_APPALTANTE\"",
                Dataset::Cig,
            ),
            (
                "\"cig\";\"ruolo\";\"codice_fiscale\";\"denominazione\";\"tipo_soggetto\";\"id_aggiudicazione\"",
                Dataset::Aggiudicatari,
            ),
            (
                "\"cig\";\"ruolo\";\"codice_fiscale\";\"denominazione\";\"tipo_soggetto\"",
                Dataset::Partecipanti,
            ),
            (
                "\"CIG\";\"ID_AGGIUDICAZIONE\";\"IMPORTO_AGGIUDICAZIONE\"",
                Dataset::Aggiudicazioni,
            ),
            (
                "\"codice_fiscale\";\"partita_iva\";\"denominazione\";\"codice_ausa\"",
                Dataset::StazioniAppaltanti,
            ),
        ];
        for (line, dataset) in cases {
            assert_eq!(Dataset::recognise(&header(line)), Ok(dataset), "{line}");
        }
        let unknown = Dataset::recognise(&header("\"cig\";\"cup\"")).unwrap_err();
        assert!(
            unknown
                .contains("«aggiudicazioni» (mancano id_aggiudicazione, importo_aggiudicazione)"),
            "{unknown}"
        );
    }
}
