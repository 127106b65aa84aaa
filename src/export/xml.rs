//! Small helpers over quick-xml shared by the feed, the sitemap and DCAT.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use std::io;

pub(crate) type XmlWriter = Writer<Vec<u8>>;

/// A document with its XML declaration, indented by one space.
pub(crate) fn document() -> io::Result<XmlWriter> {
    let mut w = Writer::new_with_indent(Vec::with_capacity(1 << 14), b' ', 1);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    Ok(w)
}

/// `<name>text</name>`, with the text escaped.
pub(crate) fn text(w: &mut XmlWriter, name: &str, value: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(value))?;
    Ok(())
}

/// `<name attr="value"/>`.
pub(crate) fn empty(w: &mut XmlWriter, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
    w.create_element(name)
        .with_attributes(attrs.iter().copied())
        .write_empty()?;
    Ok(())
}

/// The finished document, ending with a newline.
pub(crate) fn finish(w: XmlWriter) -> Vec<u8> {
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    bytes
}
