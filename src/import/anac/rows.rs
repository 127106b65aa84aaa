//! Streaming rows of one BDNCP CSV file: `;`-separated, quoted, UTF-8 with
//! or without BOM, headers in lower or upper case. The file is read through
//! a buffer, one row at a time; a row that is not UTF-8 is read as
//! Windows-1252 (one warning per file), never the whole file in memory.

use super::super::batch::Batch;
use super::super::notice::{Kind, Notice};
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufReader};
use std::path::Path;

/// Column names, lower-cased, with their index.
pub(crate) struct Header {
    names: Vec<String>,
    index: HashMap<String, usize>,
}

impl Header {
    pub(super) fn new(raw: &csv::ByteRecord) -> Header {
        let names: Vec<String> = raw
            .iter()
            .map(|c| {
                String::from_utf8_lossy(c)
                    .trim()
                    .trim_start_matches('\u{feff}')
                    .trim_matches('"')
                    .to_lowercase()
            })
            .collect();
        let mut index = HashMap::new();
        for (i, name) in names.iter().enumerate() {
            index.entry(name.clone()).or_insert(i);
        }
        Header { names, index }
    }

    pub(crate) fn has(&self, name: &str) -> bool {
        self.index.contains_key(name)
    }

    pub(crate) fn len(&self) -> usize {
        self.names.len()
    }
}

/// One row: its fields by column name.
pub(crate) struct Row<'a> {
    header: &'a Header,
    fields: &'a [String],
}

impl Row<'_> {
    /// The trimmed value of a column; `None` when absent, empty or `-1`
    /// (ANAC's "not stated", never a value).
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        let i = *self.header.index.get(name)?;
        self.fields
            .get(i)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty() && *v != "-1" && *v != "-1.0")
    }

    /// The value upper-cased (codes: CIG, codice fiscale).
    pub(crate) fn code(&self, name: &str) -> String {
        self.get(name).unwrap_or_default().to_uppercase()
    }
}

/// An open file: its header and the reader positioned after it.
pub(crate) struct Opened {
    pub header: Header,
    reader: csv::Reader<BufReader<File>>,
    pub name: String,
    pub size: u64,
}

/// Opens a file and reads its header; `Ok(Err(message))` when the header
/// cannot be read (the file is then rejected, the others still read).
pub(crate) fn open(file: &Path) -> io::Result<Result<Opened, String>> {
    let name = file.display().to_string();
    let handle = File::open(file).map_err(|e| io::Error::new(e.kind(), format!("{name}: {e}")))?;
    let size = handle.metadata().map_or(0, |m| m.len());
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .has_headers(true)
        .from_reader(BufReader::with_capacity(1 << 16, handle));
    let header = match reader.byte_headers() {
        Ok(h) if h.len() > 1 => Header::new(h),
        Ok(_) => return Ok(Err("intestazione senza colonne separate da «;»".to_string())),
        Err(e) => return Ok(Err(format!("intestazione illeggibile: {e}"))),
    };
    Ok(Ok(Opened {
        header,
        reader,
        name,
        size,
    }))
}

impl Opened {
    /// Calls `each` on every readable row with its position (`riga N`);
    /// a row of the wrong width or unreadable is rejected (E803) and
    /// counted as read. `progress` is told the bytes read so far.
    pub(crate) fn rows(
        mut self,
        batch: &mut Batch,
        progress: &indicatif::ProgressBar,
        mut each: impl FnMut(&mut Batch, &Row, &str),
    ) {
        let mut record = csv::ByteRecord::new();
        let mut fields: Vec<String> = Vec::with_capacity(self.header.len());
        let mut warned_encoding = false;
        let start = progress.position();
        let mut line = 1;
        loop {
            let next = self.reader.read_byte_record(&mut record);
            line += 1;
            let position = match record.position() {
                Some(p) => {
                    line = p.line() as usize;
                    progress.set_position(start + p.byte() / 1024);
                    format!("riga {line}")
                }
                None => format!("riga {line}"),
            };
            match next {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    batch.summary.read += 1;
                    let notice = Notice::at(
                        Kind::Unreadable,
                        &self.name,
                        &position,
                        format!("riga illeggibile: {e}"),
                    );
                    batch.summary.rejected.push(notice);
                    if e.is_io_error() {
                        break;
                    }
                    continue;
                }
            }
            if record.len() != self.header.len() {
                batch.summary.read += 1;
                let reason = format!("{} campi invece di {}", record.len(), self.header.len());
                let notice = Notice::at(Kind::Unreadable, &self.name, &position, reason);
                batch.summary.rejected.push(notice);
                continue;
            }
            fields.clear();
            for raw in record.iter() {
                fields.push(match std::str::from_utf8(raw) {
                    Ok(text) => text.to_string(),
                    Err(_) => {
                        if !warned_encoding {
                            warned_encoding = true;
                            batch.summary.warnings.push(Notice::at(
                                Kind::NotUtf8,
                                &self.name,
                                &position,
                                "righe non in UTF-8 (la prima qui): lette come Windows-1252",
                            ));
                        }
                        let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(raw);
                        text.into_owned()
                    }
                });
            }
            let row = Row {
                header: &self.header,
                fields: &fields,
            };
            each(batch, &row, &position);
        }
        progress.set_position(start + self.size / 1024);
    }
}

/// A date column: ANAC writes `2023-06-26` or `2023-06-26 00:00:00`; the
/// time of day is dropped without a note (it carries nothing).
pub(crate) fn day(raw: &str) -> &str {
    let raw = raw.trim();
    match raw.split_once([' ', 'T']) {
        Some((day, time))
            if time
                .chars()
                .all(|c| c.is_ascii_digit() || c == ':' || c == '.') =>
        {
            day
        }
        _ => raw,
    }
}
