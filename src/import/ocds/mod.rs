//! ANAC's OCDS publication (ocid prefix `ocds-hu01ve`) → procedure records,
//! one per lot, the same the L.190 and CSV imports write.
//!
//! `input` reads the file as it comes (package, record package, JSON lines,
//! gzipped or not) one value at a time; `release` turns one release into
//! records; this module tells packages, records and releases apart, applies
//! `--cf` and reports. `docs/import.md` («Dall'OCDS di ANAC») lists every
//! field read and every repair.

mod fields;
mod input;
mod release;

use super::batch::Batch;
use super::notice::{Kind, Notice};
use fields::list;
use input::Event;
use serde_json::Value;
use std::io::{self, Read};
use std::path::Path;

/// Imports one OCDS file, keeping the releases of the bodies in `cfs`
/// (all when empty). Only I/O errors stop the run.
pub(crate) fn import(batch: &mut Batch, file: &Path, cfs: &[String]) -> io::Result<()> {
    let name = file.display().to_string();
    let with_name = |e: io::Error| io::Error::new(e.kind(), format!("{name}: {e}"));
    let opened = std::fs::File::open(file).map_err(with_name)?;
    let size = opened.metadata().map_err(with_name)?.len();
    // The file's bytes are the steps: a JSON lines file is never counted
    // ahead, and the bar follows the compressed bytes of a gzip.
    let bar = crate::progress::growing_bar("byte");
    crate::progress::grow(&bar, size);
    let counted = Counted {
        inner: opened,
        bar: bar.clone(),
    };
    let mut handler = Handler {
        batch,
        file: &name,
        wanted: cfs.iter().map(|c| fields::code(c)).collect(),
    };
    let result = input::read(counted, &mut |event| handler.event(event));
    bar.finish_and_clear();
    result.map_err(with_name)
}

struct Counted<R> {
    inner: R,
    bar: indicatif::ProgressBar,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bar.inc(n as u64);
        Ok(n)
    }
}

struct Handler<'b, 'f> {
    batch: &'b mut Batch,
    file: &'f str,
    wanted: Vec<String>,
}

/// What a JSON value of an OCDS file is.
enum Shape {
    Package,
    Record,
    Release,
    Other(&'static str),
}

fn shape(value: &Value) -> Shape {
    let Some(object) = value.as_object() else {
        return Shape::Other("non è un oggetto JSON");
    };
    let array = |key: &str| object.get(key).is_some_and(Value::is_array);
    if object.contains_key("compiledRelease") || (object.contains_key("ocid") && array("releases"))
    {
        Shape::Record
    } else if array("releases") || array("records") {
        Shape::Package
    } else if ["ocid", "tender", "awards", "buyer"]
        .iter()
        .any(|k| object.contains_key(*k))
    {
        Shape::Release
    } else {
        Shape::Other("non è una release, un record né un pacchetto OCDS (manca ocid)")
    }
}

impl Handler<'_, '_> {
    fn event(&mut self, event: Event) -> io::Result<()> {
        match event {
            Event::Value { value, place } => return self.value(&value, &place),
            Event::BadLine { place, message } => {
                self.batch.summary.read += 1;
                self.reject(Kind::OcdsUnreadable, &place, message);
            }
            Event::Recoded { place } => {
                let notice = Notice::at(
                    Kind::NotUtf8,
                    self.file,
                    &place,
                    "riga non in UTF-8: letta come Windows-1252",
                );
                self.batch.summary.warnings.push(notice);
            }
            Event::Stopped { place, message } => self.reject(
                Kind::OcdsStopped,
                &place,
                format!("{message}: il resto del file non è letto, ciò che precede è importato"),
            ),
            Event::Empty => {
                let notice = Notice::file(
                    Kind::NotADataset,
                    self.file,
                    "file vuoto: nessuna release OCDS",
                );
                self.batch.summary.rejected.push(notice);
            }
        }
        Ok(())
    }

    fn reject(&mut self, kind: Kind, place: &str, message: impl Into<String>) {
        let notice = Notice::at(kind, self.file, place, message);
        self.batch.summary.rejected.push(notice);
    }

    fn value(&mut self, value: &Value, place: &str) -> io::Result<()> {
        match shape(value) {
            Shape::Release => self.release(value, place),
            Shape::Record => self.record(value, place),
            Shape::Package => {
                for (k, r) in list(value, "releases").iter().enumerate() {
                    self.value(r, &format!("{place}, release {}", k + 1))?;
                }
                for (k, r) in list(value, "records").iter().enumerate() {
                    self.value(r, &format!("{place}, record {}", k + 1))?;
                }
                Ok(())
            }
            Shape::Other(why) => {
                self.batch.summary.read += 1;
                self.reject(Kind::OcdsUnreadable, place, why);
                Ok(())
            }
        }
    }

    /// A record: its compiled release, else the latest release it embeds.
    fn record(&mut self, record: &Value, place: &str) -> io::Result<()> {
        if let Some(compiled) = record.get("compiledRelease").filter(|c| c.is_object()) {
            return self.release(compiled, place);
        }
        let mut embedded: Vec<&Value> = list(record, "releases")
            .iter()
            .filter(|r| matches!(shape(r), Shape::Release))
            .collect();
        embedded.sort_by_key(|r| fields::date_at(r, &["date"]));
        let Some(latest) = embedded.last() else {
            self.batch.summary.read += 1;
            self.reject(
                Kind::OcdsUnreadable,
                place,
                "record senza compiledRelease né release complete (solo collegamenti): non importabile",
            );
            return Ok(());
        };
        if embedded.len() > 1 {
            let notice = Notice::at(
                Kind::Repaired,
                self.file,
                place,
                format!(
                    "record senza compiledRelease: letta la più recente delle sue {} release",
                    embedded.len()
                ),
            );
            self.batch.summary.warnings.push(notice);
        }
        self.release(latest, place)
    }

    fn release(&mut self, value: &Value, place: &str) -> io::Result<()> {
        let lots = release::lot_count(value);
        let summary = &mut self.batch.summary;
        summary.read += lots;
        if !self.wanted.is_empty() {
            let codes = release::body_codes(value);
            if !codes.iter().any(|c| self.wanted.contains(c)) {
                summary.skipped += lots;
                if codes.is_empty() {
                    summary.warnings.push(Notice::at(
                        Kind::OcdsNoBodyCode,
                        self.file,
                        place,
                        "la release non indica il codice fiscale dell'ente: non confrontabile con --cf, esclusa",
                    ));
                }
                return Ok(());
            }
        }
        let Some(body) = release::body(value) else {
            for k in 1..=lots {
                let at = if lots == 1 {
                    place.to_string()
                } else {
                    format!("{place}, lotto {k}")
                };
                self.reject(
                    Kind::OcdsNoBody,
                    &at,
                    "release senza ente (né buyer né parte con ruolo buyer): non si sa di quale ente sia il lotto",
                );
            }
            return Ok(());
        };
        let out = release::read(value, &body, self.file, place);
        let summary = &mut self.batch.summary;
        summary.warnings.extend(out.warnings);
        summary.skipped += out.skipped;
        for record in out.records {
            self.batch.add(record)?;
        }
        Ok(())
    }
}
