//! One import run: records from the sources, merged into `content/`.

use super::enti::Enti;
use super::merge::merge;
use super::notice::{Kind, Notice};
use super::record::{check, read_table, record_table, render};
use crate::model::{Lotto, RecordHeader, Regola};
use crate::rooted::Rooted;
use crate::safe_name;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use toml::Table;

/// A record as a source gives it, before it meets `content/`.
pub(crate) struct Incoming {
    /// `ente` is set by the batch from the body's codice fiscale.
    pub header: RecordHeader,
    pub lotto: Lotto,
    pub ente_cf: String,
    pub ente_nome: String,
    /// e.g. "ANAC L.190 2019"; also written into `fonte`.
    pub source: String,
    /// The file it was read from, as given on the command line.
    pub file: String,
    /// Where in the file, for the report: "lotto 3 (riga 40)", "riga 7".
    pub position: String,
    /// Further source records folded into this one before it got here.
    pub combined: usize,
}

impl Incoming {
    /// The file and the place in it: "file.xml, lotto 3 (riga 40)".
    pub(crate) fn place(&self) -> String {
        format!("{}, {}", self.file, self.position)
    }
}

/// What an import did. Every record read is counted in exactly one of
/// imported, merged, unchanged, rejected or skipped.
#[derive(Debug, Default)]
pub struct Summary {
    pub read: usize,
    /// New record files.
    pub imported: usize,
    /// Records folded into another one (same CIG) or into an existing file.
    pub merged: usize,
    /// Records that found the same data already in `content/`.
    pub unchanged: usize,
    /// Rows left out on purpose (another body than those asked for).
    pub skipped: usize,
    pub rejected: Vec<Notice>,
    pub warnings: Vec<Notice>,
    pub updates: Vec<String>,
    pub conflicts: Vec<Notice>,
    /// Files written, relative to the site root.
    pub written: Vec<PathBuf>,
    /// Findings (`[[segnalazioni]]`) of the records this run touched, per
    /// rule: the importer's part of the data-quality report.
    pub segnalazioni: BTreeMap<Regola, usize>,
}

impl Summary {
    pub fn print(&self, out: &mut impl Write) -> io::Result<()> {
        let lines = |notices: &[Notice]| notices.iter().map(Notice::to_string).collect();
        for (title, lines) in [
            ("Avvisi (dati corretti in lettura)", lines(&self.warnings)),
            ("Aggiornati da una fonte più recente", self.updates.clone()),
            (
                "Conflitti (valore del file mantenuto)",
                lines(&self.conflicts),
            ),
            ("Scartati", lines(&self.rejected)),
        ] {
            if !lines.is_empty() {
                writeln!(out, "{title}: {}", lines.len())?;
                for line in lines {
                    writeln!(out, "  - {line}")?;
                }
            }
        }
        self.print_hints(out)?;
        writeln!(
            out,
            "Record letti: {}; importati: {}; uniti: {}; invariati: {}; scartati: {}; esclusi (altri enti): {}; file scritti: {}",
            self.read,
            self.imported,
            self.merged,
            self.unchanged,
            self.rejected.len(),
            self.skipped,
            self.written.len()
        )?;
        self.print_findings(out)
    }

    /// What to do, once per code the notices carry (docs/diagnostica.md
    /// explains each code).
    fn print_hints(&self, out: &mut impl Write) -> io::Result<()> {
        let mut kinds: Vec<Kind> = [&self.warnings, &self.conflicts, &self.rejected]
            .into_iter()
            .flatten()
            .map(|n| n.kind)
            .collect();
        kinds.sort_unstable();
        kinds.dedup();
        if kinds.is_empty() {
            return Ok(());
        }
        writeln!(
            out,
            "Suggerimenti (ogni codice è spiegato in docs/diagnostica.md):"
        )?;
        for kind in kinds {
            let title = crate::diagnostics::code_info(kind.code()).map_or("", |c| c.title);
            writeln!(out, "  {} {title}: {}", kind.code(), kind.hint())?;
        }
        Ok(())
    }

    /// The findings per rule, as the data-quality report names them.
    fn print_findings(&self, out: &mut impl Write) -> io::Result<()> {
        let total: usize = self.segnalazioni.values().sum();
        if total == 0 {
            return Ok(());
        }
        writeln!(
            out,
            "Segnalazioni sulla qualità dei dati: {total} (ogni regola è spiegata in docs/qualita.md; dopo vetro build il rapporto è in /dati/qualita/)"
        )?;
        for (regola, n) in &self.segnalazioni {
            writeln!(
                out,
                "  - {}: {n} ({})",
                crate::catalog::quality::rule_name(*regola),
                crate::catalog::quality::title(*regola)
            )?;
        }
        Ok(())
    }

    /// 0 when everything read is in `content/` untouched by conflicts, else 1.
    pub fn exit_code(&self) -> u8 {
        u8::from(!self.rejected.is_empty() || !self.conflicts.is_empty())
    }
}

struct Stored {
    table: Table,
    on_disk: Option<Table>,
}

pub(crate) struct Batch {
    root: Rooted,
    enti: Enti,
    store: BTreeMap<PathBuf, Stored>,
    pub summary: Summary,
    /// One step per record added; drawn on long imports only.
    progress: indicatif::ProgressBar,
}

impl Batch {
    pub fn open(root: &Path) -> io::Result<Batch> {
        let mut summary = Summary::default();
        let enti = Enti::load(root, &mut summary.warnings)?;
        Ok(Batch {
            root: Rooted::open(root)?,
            enti,
            store: BTreeMap::new(),
            summary,
            progress: crate::progress::growing_bar("record"),
        })
    }

    /// Announces `records` more source records, for the progress bar.
    pub(crate) fn expect(&self, records: usize) {
        crate::progress::grow(&self.progress, records as u64);
    }

    pub(crate) fn add(&mut self, incoming: Incoming) -> io::Result<()> {
        // A record stands for itself and the source rows folded into it.
        self.progress.inc(1 + incoming.combined as u64);
        self.add_record(incoming)
    }

    fn add_record(&mut self, mut incoming: Incoming) -> io::Result<()> {
        self.summary.merged += incoming.combined;
        let (file, position) = (incoming.file.clone(), incoming.position.clone());
        let notice = |kind, message| Notice::at(kind, &file, &position, message);
        let Some(key) = incoming.lotto.cig.clone().or(incoming.lotto.codice.clone()) else {
            let rejected = notice(Kind::NoKey, "né CIG né codice".to_string());
            self.summary.rejected.push(rejected);
            return Ok(());
        };
        let mut ente_warnings = Vec::new();
        let ente = self
            .enti
            .resolve(&incoming.ente_cf, &incoming.ente_nome, &mut ente_warnings);
        let ente_notices = ente_warnings
            .into_iter()
            .map(|w| notice(Kind::EnteCodiceFiscale, w));
        self.summary.warnings.extend(ente_notices);
        incoming.header.ente = ente.clone();
        incoming.header.fonte = Some(incoming.source.clone());
        let table =
            record_table(&incoming.header, &incoming.lotto).and_then(|t| check(&t).map(|()| t));
        let table = match table {
            Ok(t) => t,
            Err(e) => {
                self.summary.rejected.push(notice(Kind::Invalid, e));
                return Ok(());
            }
        };
        // Both parts come from the source's text: names, never paths.
        let relative = Path::new("content/procedure")
            .join(safe_name::name(&ente))
            .join(format!("{}.toml", safe_name::name(&key)));
        if !self.store.contains_key(&relative) && !self.load(&relative, &incoming)? {
            return Ok(());
        }
        let Some(stored) = self.store.get_mut(&relative) else {
            self.store.insert(
                relative,
                Stored {
                    table,
                    on_disk: None,
                },
            );
            self.summary.imported += 1;
            return Ok(());
        };
        let merged = merge(&stored.table, &table, &incoming.source);
        let at = format!("{} ({})", relative.display(), incoming.place());
        let summary = &mut self.summary;
        summary
            .updates
            .extend(merged.updates.iter().map(|u| format!("{at}: {u}")));
        let record = relative.display();
        summary.conflicts.extend(
            merged
                .conflicts
                .iter()
                .map(|c| notice(Kind::Conflict, format!("{record}: {c}"))),
        );
        if merged.table == stored.table {
            summary.unchanged += 1;
        } else {
            summary.merged += 1;
            stored.table = merged.table;
        }
        Ok(())
    }

    /// Loads an existing record file into the store; `false` (and a
    /// rejection) when it exists but cannot be read.
    fn load(&mut self, relative: &Path, incoming: &Incoming) -> io::Result<bool> {
        let Some(text) = self.root.read(relative)? else {
            return Ok(true);
        };
        match read_table(&text) {
            Ok(table) => {
                let on_disk = Some(table.clone());
                self.store
                    .insert(relative.to_path_buf(), Stored { table, on_disk });
                Ok(true)
            }
            Err(e) => {
                self.summary.rejected.push(Notice::at(
                    Kind::RecordUnreadable,
                    &incoming.file,
                    &incoming.position,
                    format!(
                        "{} esiste ma non è leggibile ({e}); correggilo e ripeti l'import",
                        relative.display()
                    ),
                ));
                Ok(false)
            }
        }
    }

    /// Renders every record as `finish` would, writing nothing: the end of
    /// a dry run (the fuzz targets' entry).
    pub(crate) fn render_all(mut self) -> io::Result<Summary> {
        self.progress.finish_and_clear();
        for stored in self.store.values() {
            render(&stored.table).map_err(io::Error::other)?;
            count_findings(&stored.table, &mut self.summary.segnalazioni);
        }
        Ok(self.summary)
    }

    /// Writes the records that changed and the bodies created.
    pub(crate) fn finish(mut self) -> io::Result<Summary> {
        self.progress.finish_and_clear();
        for (relative, stored) in &self.store {
            count_findings(&stored.table, &mut self.summary.segnalazioni);
            if stored.on_disk.as_ref() == Some(&stored.table) {
                continue;
            }
            let text = render(&stored.table).map_err(io::Error::other)?;
            self.root.write(relative, text.as_bytes())?;
            self.summary.written.push(relative.clone());
        }
        let created = self.enti.write_created(&self.root)?;
        self.summary.written.extend(created);
        Ok(self.summary)
    }
}

/// Adds the `[[segnalazioni]]` of a record's table to the counts per rule;
/// a rule vetro does not know (a hand-edited file) is left to `vetro check`.
fn count_findings(table: &Table, counts: &mut BTreeMap<Regola, usize>) {
    let Some(list) = table.get("segnalazioni").and_then(|v| v.as_array()) else {
        return;
    };
    for finding in list {
        if let Some(regola) = finding
            .get("regola")
            .and_then(|r| r.clone().try_into::<Regola>().ok())
        {
            *counts.entry(regola).or_default() += 1;
        }
    }
}
