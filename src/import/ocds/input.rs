//! Reading an OCDS file the way ANAC and the OCP data registry ship it,
//! without holding it in memory: a release or record package (`.json`, one
//! document of any size, its `releases` or `records` read one by one), or
//! JSON lines (one release, record or package per line), either of them
//! gzipped. What each value is, is decided by the caller.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::cell::Cell;
use std::fmt;
use std::io::{self, BufRead, BufReader, Read};
use std::rc::Rc;

/// What the reader hands on, in file order.
pub(super) enum Event {
    /// A JSON value and where it is (`riga 7`, `release 12 (riga 340)`).
    Value { value: Value, place: String },
    /// A line that is not JSON: the rest of the file is read on.
    BadLine { place: String, message: String },
    /// A line that is not UTF-8, read as Windows-1252.
    Recoded { place: String },
    /// The document cannot be read past `place`: what came before is kept.
    Stopped { place: String, message: String },
    /// Nothing in the file.
    Empty,
}

/// Top-level keys of a release or record package: a file starting with one
/// is one document, never JSON lines.
const PACKAGE_KEYS: &[&str] = &[
    "uri",
    "version",
    "extensions",
    "publisher",
    "license",
    "publicationPolicy",
    "publishedDate",
    "releases",
    "records",
    "packages",
];

type Emit<'a> = dyn FnMut(Event) -> io::Result<()> + 'a;

/// Reads `raw` (the file's bytes, compressed or not) and hands on every
/// value. Only failures to read the file itself are errors; a corrupt
/// gzip stream or a broken document stops the file with an event.
pub(super) fn read(raw: impl Read, emit: &mut Emit) -> io::Result<()> {
    let mut buffered = BufReader::with_capacity(1 << 16, raw);
    let gzip = buffered.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    if gzip {
        let decoder = flate2::bufread::MultiGzDecoder::new(buffered);
        read_plain(BufReader::with_capacity(1 << 16, decoder), emit)
    } else {
        read_plain(buffered, emit)
    }
}

fn read_plain(mut input: impl BufRead, emit: &mut Emit) -> io::Result<()> {
    let head = match input.fill_buf() {
        Ok(head) => head,
        Err(e) if is_data_error(&e) => return stopped(emit, "riga 1", &e),
        Err(e) => return Err(e),
    };
    if head.starts_with(b"\xEF\xBB\xBF") {
        input.consume(3);
    }
    let head = input.fill_buf()?;
    if head.is_empty() {
        return emit(Event::Empty);
    }
    if starts_a_document(head) {
        return read_document(input, 1, emit);
    }
    // JSON lines, unless the first lines do not stand alone (one release
    // written over many lines): then the lines read go back in front.
    let mut first = Vec::new();
    let mut probe = Vec::new();
    while probe.len() < 2 {
        let mut line = Vec::new();
        match input.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) if is_data_error(&e) => return stopped(emit, "riga 1", &e),
            Err(e) => return Err(e),
        }
        first.extend_from_slice(&line);
        if !line.trim_ascii().is_empty() {
            probe.push(is_object(&line));
        }
    }
    if probe.is_empty() {
        return emit(Event::Empty);
    }
    if probe.iter().any(|ok| *ok) {
        let rest = io::Cursor::new(first).chain(input);
        return read_lines(BufReader::new(rest), emit);
    }
    read_document(BufReader::new(io::Cursor::new(first).chain(input)), 1, emit)
}

/// `[`, or `{` followed by a package key: one document.
fn starts_a_document(head: &[u8]) -> bool {
    let text = head.trim_ascii_start();
    if text.starts_with(b"[") {
        return true;
    }
    let Some(rest) = text.strip_prefix(b"{") else {
        return false;
    };
    let rest = rest.trim_ascii_start();
    let Some(rest) = rest.strip_prefix(b"\"") else {
        return false;
    };
    let key: Vec<u8> = rest.iter().take_while(|&&b| b != b'"').copied().collect();
    PACKAGE_KEYS.iter().any(|k| k.as_bytes() == key.as_slice())
}

fn is_object(line: &[u8]) -> bool {
    matches!(parse_line(line).0, Ok(Value::Object(_)))
}

/// A line as JSON; `true` when it was not UTF-8 and was read as Windows-1252.
fn parse_line(bytes: &[u8]) -> (serde_json::Result<Value>, bool) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (serde_json::from_str(text), false),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (serde_json::from_str(&text), true)
        }
    }
}

/// A gzip stream that is corrupt or cut short: bad data, not a failing disk.
fn is_data_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::InvalidData | io::ErrorKind::InvalidInput | io::ErrorKind::UnexpectedEof
    )
}

fn stopped(emit: &mut Emit, place: &str, e: &io::Error) -> io::Result<()> {
    emit(Event::Stopped {
        place: place.to_string(),
        message: format!("file compresso danneggiato o incompleto ({e})"),
    })
}

/// One value per line; a line that is not JSON is reported and skipped.
fn read_lines(mut input: impl BufRead, emit: &mut Emit) -> io::Result<()> {
    let mut line = Vec::new();
    let mut number = 0;
    loop {
        line.clear();
        match input.read_until(b'\n', &mut line) {
            Ok(0) => return Ok(()),
            Ok(_) => {}
            Err(e) if is_data_error(&e) => {
                return stopped(emit, &format!("riga {}", number + 1), &e);
            }
            Err(e) => return Err(e),
        }
        number += 1;
        let bytes = line.trim_ascii();
        if bytes.is_empty() {
            continue;
        }
        let place = format!("riga {number}");
        let (parsed, recoded) = parse_line(bytes);
        if recoded {
            emit(Event::Recoded {
                place: place.clone(),
            })?;
        }
        match parsed {
            Ok(value) => emit(Event::Value { value, place })?,
            Err(e) => emit(Event::BadLine {
                place,
                message: format!("non è JSON ({})", json_error(&e)),
            })?,
        }
    }
}

/// serde_json's message without its own "at line 1 column 5" (the place
/// is given apart), and the column, which helps find a cut line.
fn json_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let message = text.split(" at line ").next().unwrap_or(&text);
    format!("{message}, colonna {}", e.column())
}

/// The line the reader is on, and the line where the value being read
/// started (its first byte that is not blank or a comma).
#[derive(Default)]
struct Lines {
    line: Cell<usize>,
    start: Cell<Option<usize>>,
}

struct Counted<R> {
    inner: R,
    lines: Rc<Lines>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        for &b in &buf[..n] {
            if self.lines.start.get().is_none() && !matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b',')
            {
                self.lines.start.set(Some(self.lines.line.get()));
            }
            if b == b'\n' {
                self.lines.line.set(self.lines.line.get() + 1);
            }
        }
        Ok(n)
    }
}

/// The walk of one document: values handed on as they are read.
struct Walk<'e, 'a> {
    emit: &'e mut Emit<'a>,
    lines: Rc<Lines>,
    /// The caller's own failure, which stops the walk.
    failed: Option<io::Error>,
}

impl Walk<'_, '_> {
    fn hand_on<E: de::Error>(&mut self, value: Value, place: String) -> Result<(), E> {
        match (self.emit)(Event::Value { value, place }) {
            Ok(()) => Ok(()),
            Err(e) => {
                self.failed = Some(e);
                Err(E::custom("interrotto"))
            }
        }
    }

    fn start_line(&self) -> usize {
        self.lines.start.get().unwrap_or(self.lines.line.get())
    }
}

/// A document (or several, one after the other): `releases` and `records`
/// arrays, and top-level arrays, are read element by element.
fn read_document(input: impl Read, first_line: usize, emit: &mut Emit) -> io::Result<()> {
    let lines = Rc::new(Lines::default());
    lines.line.set(first_line);
    let counted = Counted {
        inner: input,
        lines: Rc::clone(&lines),
    };
    let mut de = serde_json::Deserializer::from_reader(counted);
    let mut walk = Walk {
        emit,
        lines: Rc::clone(&lines),
        failed: None,
    };
    let mut documents = 0;
    loop {
        lines.start.set(None);
        let result = Top(&mut walk).deserialize(&mut de);
        if let Some(e) = walk.failed.take() {
            return Err(e);
        }
        match result {
            Ok(()) => documents += 1,
            Err(e) if e.is_eof() && lines.start.get().is_none() && documents > 0 => return Ok(()),
            Err(e) if e.is_eof() && lines.start.get().is_none() => {
                return (walk.emit)(Event::Empty);
            }
            Err(e) if e.is_io() => {
                let place = format!("riga {}", lines.line.get());
                return match io_error(e) {
                    Some(io) if is_data_error(&io) => stopped(walk.emit, &place, &io),
                    Some(io) => Err(io),
                    None => Ok(()),
                };
            }
            Err(e) => {
                return (walk.emit)(Event::Stopped {
                    place: format!("riga {}", lines.line.get()),
                    message: format!("JSON non valido ({})", json_error(&e)),
                });
            }
        }
        if de.end().is_ok() {
            return Ok(());
        }
    }
}

fn io_error(e: serde_json::Error) -> Option<io::Error> {
    e.is_io().then(|| io::Error::from(e))
}

/// The top-level value of a document.
struct Top<'w, 'e, 'a>(&'w mut Walk<'e, 'a>);

impl<'de> DeserializeSeed<'de> for Top<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Top<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("un pacchetto OCDS, una release o un elenco di release")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let walk = self.0;
        let line = walk.start_line();
        let mut rest = serde_json::Map::new();
        let mut streamed = false;
        while let Some(key) = map.next_key::<String>()? {
            let singular = match key.as_str() {
                "releases" => "release",
                "records" => "record",
                _ => {
                    rest.insert(key, map.next_value()?);
                    continue;
                }
            };
            streamed = true;
            map.next_value_seed(List {
                walk: &mut *walk,
                singular,
            })?;
        }
        if streamed {
            return Ok(());
        }
        walk.hand_on(Value::Object(rest), format!("riga {line}"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        List {
            walk: self.0,
            singular: "elemento",
        }
        .visit_seq(seq)
    }
}

/// An array whose elements are handed on one by one.
struct List<'w, 'e, 'a> {
    walk: &'w mut Walk<'e, 'a>,
    singular: &'static str,
}

impl<'de> DeserializeSeed<'de> for List<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for List<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "un elenco di {}", self.singular)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut n = 0;
        loop {
            self.walk.lines.start.set(None);
            let Some(value) = seq.next_element::<Value>()? else {
                return Ok(());
            };
            n += 1;
            let place = format!("{} {n} (riga {})", self.singular, self.walk.start_line());
            self.walk.hand_on(value, place)?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// The events of `bytes`, as text.
    fn events(bytes: &[u8]) -> Vec<String> {
        let mut out = Vec::new();
        read(bytes, &mut |e| {
            out.push(match e {
                Event::Value { value, place } => {
                    let id = value.get("ocid").or(value.get("id")).cloned();
                    format!("{place}: {}", id.unwrap_or(Value::Null))
                }
                Event::BadLine { place, .. } => format!("{place}: non JSON"),
                Event::Recoded { place } => format!("{place}: ricodificata"),
                Event::Stopped { place, message } => format!("{place}: fermo ({message})"),
                Event::Empty => "vuoto".to_string(),
            });
            Ok(())
        })
        .unwrap();
        out
    }

    #[test]
    fn json_lines_with_a_bad_line_and_a_bom() {
        let text = b"\xEF\xBB\xBF{\"ocid\":\"a\"}\n\nnot json\n{\"ocid\":\"b\"}\n{\"ocid\":\"c\"";
        assert_eq!(
            events(text),
            [
                "riga 1: \"a\"",
                "riga 3: non JSON",
                "riga 4: \"b\"",
                "riga 5: non JSON"
            ]
        );
    }

    #[test]
    fn a_first_line_that_is_not_json_still_means_lines() {
        assert_eq!(
            events(b"{\"ocid\": \n{\"ocid\":\"b\"}\n"),
            ["riga 1: non JSON", "riga 2: \"b\""]
        );
    }

    #[test]
    fn a_pretty_package_is_streamed_with_the_lines_of_its_releases() {
        let text = b"{\n  \"uri\": \"x\",\n  \"releases\": [\n    {\"ocid\": \"a\"},\n    {\n      \"ocid\": \"b\"\n    }\n  ],\n  \"publishedDate\": \"2024-01-02\"\n}\n";
        assert_eq!(
            events(text),
            ["release 1 (riga 4): \"a\"", "release 2 (riga 5): \"b\""]
        );
    }

    #[test]
    fn a_pretty_release_records_and_arrays() {
        assert_eq!(
            events(b"{\n \"ocid\": \"a\",\n \"tender\": {}\n}\n"),
            ["riga 1: \"a\""]
        );
        assert_eq!(
            events(b"{\"records\": [{\"ocid\": \"r\"}]}"),
            ["record 1 (riga 1): \"r\""]
        );
        assert_eq!(
            events(b"[{\"ocid\": \"a\"},\n{\"ocid\": \"b\"}]"),
            ["elemento 1 (riga 1): \"a\"", "elemento 2 (riga 2): \"b\""]
        );
        // Two packages one after the other.
        assert_eq!(
            events(b"{\"releases\": [{\"ocid\": \"a\"}]}\n{\"releases\": [{\"ocid\": \"b\"}]}\n"),
            ["release 1 (riga 1): \"a\"", "release 1 (riga 2): \"b\""]
        );
    }

    #[test]
    fn a_broken_document_stops_and_keeps_what_came_before() {
        let got = events(b"{\"releases\": [{\"ocid\": \"a\"},\n{\"ocid\": \"b\"\n");
        assert_eq!(got[0], "release 1 (riga 1): \"a\"");
        assert!(
            got[1].starts_with("riga 3: fermo (JSON non valido"),
            "{got:?}"
        );
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn empty_files_and_windows_1252_lines() {
        assert_eq!(events(b""), ["vuoto"]);
        assert_eq!(events(b"\n  \n"), ["vuoto"]);
        assert_eq!(
            events(b"{\"ocid\":\"Citt\xe0\"}\n"),
            ["riga 1: ricodificata", "riga 1: \"Città\""]
        );
    }

    #[test]
    fn gzip_whole_and_cut_short() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"{\"ocid\":\"a\"}\n{\"ocid\":\"b\"}\n")
            .unwrap();
        let bytes = gz.finish().unwrap();
        assert_eq!(events(&bytes), ["riga 1: \"a\"", "riga 2: \"b\""]);
        let cut = events(&bytes[..bytes.len() - 6]);
        assert!(
            cut.last().unwrap().contains("fermo (file compresso"),
            "{cut:?}"
        );
    }
}
