//! One import run: records from the sources, merged into `content/`.

use super::enti::Enti;
use super::merge::merge;
use super::record::{check, read_table, record_table, render};
use super::rooted::Rooted;
use crate::model::{Lotto, RecordHeader};
use crate::safe_name;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use toml::Table;

/// A record as a source gives it, before it meets `content/`.
pub struct Incoming {
    /// `ente` is set by the batch from the body's codice fiscale.
    pub header: RecordHeader,
    pub lotto: Lotto,
    pub ente_cf: String,
    pub ente_nome: String,
    /// e.g. "ANAC L.190 2019"; also written into `fonte`.
    pub source: String,
    /// Where it was read, for the report: "file.xml, lotto 3 (riga 40)".
    pub position: String,
    /// Further source records folded into this one before it got here.
    pub combined: usize,
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
    pub rejected: Vec<String>,
    pub warnings: Vec<String>,
    pub updates: Vec<String>,
    pub conflicts: Vec<String>,
    /// Files written, relative to the site root.
    pub written: Vec<PathBuf>,
}

impl Summary {
    pub fn print(&self, out: &mut impl Write) -> io::Result<()> {
        for (title, lines) in [
            ("Avvisi (dati corretti in lettura)", &self.warnings),
            ("Aggiornati da una fonte più recente", &self.updates),
            ("Conflitti (valore del file mantenuto)", &self.conflicts),
            ("Scartati", &self.rejected),
        ] {
            if !lines.is_empty() {
                writeln!(out, "{title}: {}", lines.len())?;
                for line in lines {
                    writeln!(out, "  - {line}")?;
                }
            }
        }
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
        )
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

pub struct Batch {
    root: Rooted,
    enti: Enti,
    store: BTreeMap<PathBuf, Stored>,
    pub summary: Summary,
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
        })
    }

    pub fn add(&mut self, mut incoming: Incoming) -> io::Result<()> {
        self.summary.merged += incoming.combined;
        let position = incoming.position.clone();
        let Some(key) = incoming.lotto.cig.clone().or(incoming.lotto.codice.clone()) else {
            self.summary
                .rejected
                .push(format!("{position}: né CIG né codice"));
            return Ok(());
        };
        let ente = self.enti.resolve(
            &incoming.ente_cf,
            &incoming.ente_nome,
            &mut self.summary.warnings,
        );
        incoming.header.ente = ente.clone();
        incoming.header.fonte = Some(incoming.source.clone());
        let table =
            record_table(&incoming.header, &incoming.lotto).and_then(|t| check(&t).map(|()| t));
        let table = match table {
            Ok(t) => t,
            Err(e) => {
                self.summary.rejected.push(format!("{position}: {e}"));
                return Ok(());
            }
        };
        // Both parts come from the source's text: names, never paths.
        let relative = Path::new("content/procedure")
            .join(safe_name::name(&ente))
            .join(format!("{}.toml", safe_name::name(&key)));
        if !self.store.contains_key(&relative) && !self.load(&relative, &position)? {
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
        let at = format!("{} ({position})", relative.display());
        let summary = &mut self.summary;
        summary
            .updates
            .extend(merged.updates.iter().map(|u| format!("{at}: {u}")));
        summary
            .conflicts
            .extend(merged.conflicts.iter().map(|c| format!("{at}: {c}")));
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
    fn load(&mut self, relative: &Path, position: &str) -> io::Result<bool> {
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
                self.summary.rejected.push(format!(
                    "{position}: {} esiste ma non è leggibile ({e}); correggilo e ripeti l'import",
                    relative.display()
                ));
                Ok(false)
            }
        }
    }

    /// Renders every record as `finish` would, writing nothing: the end of
    /// a dry run (the fuzz targets' entry).
    pub fn render_all(self) -> io::Result<Summary> {
        for stored in self.store.values() {
            render(&stored.table).map_err(io::Error::other)?;
        }
        Ok(self.summary)
    }

    /// Writes the records that changed and the bodies created.
    pub fn finish(mut self) -> io::Result<Summary> {
        for (relative, stored) in &self.store {
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
