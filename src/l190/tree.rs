//! Bytes → text → a small element tree with line numbers.
//!
//! quick-xml does the parsing; the tree only keeps what the lenient reader
//! needs (local names, text, attributes, the line of each element), so that
//! fields can be looked up in any order and a missing one reported.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use quick_xml::XmlVersion;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

#[derive(Clone, Debug, Default)]
pub(crate) struct Element {
    /// Local name, without namespace prefix.
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<Element>,
    pub line: usize,
}

impl Element {
    pub(crate) fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    pub(crate) fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// Trimmed text of a child; `None` when absent or blank.
    pub(crate) fn text_of(&self, name: &str) -> Option<&str> {
        self.child(name)
            .map(|c| c.text.trim())
            .filter(|t| !t.is_empty())
    }

    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Text decoded from a file's bytes, with a note when the encoding was guessed.
pub(crate) struct Decoded {
    pub text: String,
    pub note: Option<String>,
}

/// Decodes with the BOM, else the XML declaration's encoding, else UTF-8;
/// bytes that are not valid in the declared or default UTF-8 are read as
/// Windows-1252 (the usual encoding of files saved by Italian office suites).
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return strict(encoding, &bytes[bom..])
            .map(|text| Decoded { text, note: None })
            .ok_or_else(|| format!("il file non è {} valido", encoding.name()));
    }
    let declared = declared_encoding(bytes);
    let encoding = declared.unwrap_or(UTF_8);
    if let Some(text) = strict(encoding, bytes) {
        return Ok(Decoded { text, note: None });
    }
    if encoding != UTF_8 {
        return Err(format!("il file non è {} valido", encoding.name()));
    }
    let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
    let said = if declared.is_some() {
        "dichiara UTF-8 ma contiene byte non UTF-8"
    } else {
        "non dichiara la codifica e non è UTF-8"
    };
    Ok(Decoded {
        text: text.into_owned(),
        note: Some(format!("il file {said}: letto come Windows-1252")),
    })
}

fn strict(encoding: &'static Encoding, bytes: &[u8]) -> Option<String> {
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|t| t.into_owned())
}

/// The encoding named by the XML declaration, read with quick-xml from the
/// raw bytes (the declaration itself is ASCII in every encoding we accept).
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let end = bytes.iter().position(|&b| b == b'>')? + 1;
    let head = std::str::from_utf8(&bytes[..end]).ok()?;
    let mut reader = Reader::from_str(head);
    match reader.read_event() {
        Ok(Event::Decl(decl)) => {
            let label = decl.encoding()?.ok()?;
            Encoding::for_label(label.trim().as_bytes())
        }
        _ => None,
    }
}

/// Deepest element nesting read. An L.190 dataset is 7 levels deep; a limit
/// keeps a hostile file (millions of nested elements) from exhausting the
/// stack when the tree is walked or dropped.
pub(crate) const MAX_DEPTH: usize = 64;

fn too_deep(line: usize) -> String {
    format!("XML annidato oltre {MAX_DEPTH} livelli alla riga {line}: non è un dataset L.190")
}

/// Parses the whole document; returns its root element.
pub(crate) fn parse(text: &str) -> Result<Element, String> {
    let lines = LineIndex::new(text);
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    loop {
        let pos = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| {
            let at = lines.line(reader.error_position() as usize);
            format!("XML non valido alla riga {at}: {e}")
        })?;
        match event {
            Event::Start(e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(too_deep(lines.line(pos)));
                }
                stack.push(open(&e, lines.line(pos))?)
            }
            Event::Empty(e) => attach(&mut stack, &mut root, open(&e, lines.line(pos))?),
            Event::End(_) => {
                if let Some(done) = stack.pop() {
                    attach(&mut stack, &mut root, done);
                }
            }
            Event::Text(t) => push_text(&mut stack, &t.xml_content(XmlVersion::Implicit1_0)),
            Event::CData(t) => push_text(&mut stack, &t.xml_content(XmlVersion::Implicit1_0)),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => resolve_predefined_entity(&r)
                        .map(str::to_string)
                        .ok_or_else(|| {
                            format!(
                                "entità sconosciuta «&{};» alla riga {}",
                                &*r,
                                lines.line(pos)
                            )
                        })?,
                };
                push_text(&mut stack, &resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    root.ok_or_else(|| "il file non contiene alcun elemento XML".to_string())
}

fn open(start: &BytesStart, line: usize) -> Result<Element, String> {
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|e| format!("attributo non valido alla riga {line}: {e}"))?;
        let value = attr
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| format!("attributo non valido alla riga {line}: {e}"))?;
        let key = attr.key.local_name().as_ref().to_string();
        attrs.push((key, value.into_owned()));
    }
    Ok(Element {
        name: start.local_name().as_ref().to_string(),
        attrs,
        line,
        ..Element::default()
    })
}

fn attach(stack: &mut [Element], root: &mut Option<Element>, element: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(element),
        None => {
            if root.is_none() {
                *root = Some(element);
            }
        }
    }
}

fn push_text(stack: &mut [Element], text: &str) {
    if let Some(top) = stack.last_mut() {
        top.text.push_str(text);
    }
}

/// Byte offset → 1-based line number.
struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(text: &str) -> Self {
        LineIndex(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        )
    }

    fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&nl| nl < offset) + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_entities_and_prefixes() {
        let xml = "<?xml version=\"1.0\"?>\n<a:root xmlns:a=\"x\">\n  <b id=\"7\">P &amp; Q &#233;</b>\n  <c/>\n</a:root>";
        let root = parse(xml).unwrap();
        assert_eq!(root.name, "root");
        assert_eq!(root.line, 2);
        let b = root.child("b").unwrap();
        assert_eq!(
            (b.text.as_str(), b.line, b.attr("id")),
            ("P & Q é", 3, Some("7"))
        );
        assert_eq!(root.child("c").unwrap().line, 4);
        assert!(parse("<a><b></a>").is_err());
    }

    #[test]
    fn deep_nesting_is_refused_quickly() {
        let at_limit = "<a>".repeat(MAX_DEPTH) + &"</a>".repeat(MAX_DEPTH);
        assert!(parse(&at_limit).is_ok());
        // 7 MB of nested elements overflowed the stack (SIGABRT) before the limit.
        let deep = "<a>\n".repeat(1_750_000);
        let started = std::time::Instant::now();
        let error = parse(&deep).unwrap_err();
        assert!(error.contains("oltre 64 livelli alla riga 65"), "{error}");
        assert!(started.elapsed().as_secs() < 2);
    }

    #[test]
    fn encodings_declared_guessed_and_refused() {
        let latin = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>citt\xe0</a>";
        let d = decode(latin).unwrap();
        assert!(d.text.ends_with("<a>città</a>") && d.note.is_none());
        let lying = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>citt\xe0</a>";
        let d = decode(lying).unwrap();
        assert!(d.text.contains("città"));
        assert!(d.note.unwrap().contains("dichiara UTF-8"));
        let bare = b"<a>perch\xe9</a>";
        assert!(decode(bare).unwrap().note.unwrap().contains("non dichiara"));
        let utf8 = "<a>è</a>".as_bytes();
        assert!(decode(utf8).unwrap().note.is_none());
        let bad16 = b"\xff\xfe<\x00\x00\xd8";
        assert!(decode(bad16).is_err());
    }
}
