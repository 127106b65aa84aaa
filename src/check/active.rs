//! Active content: bytes a browser would run as a page on the portal's
//! origin (HTML, SVG, XHTML, XML with scripts or style sheets). Attachments
//! are published beside the portal's pages, so such a file could run
//! scripts as the portal; it is refused whatever its extension says.

use encoding_rs::Encoding;

/// How much of a file's start browsers read to sniff its type (the WHATWG
/// MIME Sniffing standard's "resource header").
const SNIFF_BYTES: usize = 1445;

/// Tags that make browsers sniff a file as HTML (WHATWG MIME Sniffing,
/// "identifying a resource with an unknown MIME type"), plus SVG.
const HTML_STARTS: &[&str] = &[
    "<!doctype html",
    "<html",
    "<head",
    "<script",
    "<iframe",
    "<h1",
    "<div",
    "<font",
    "<table",
    "<a",
    "<style",
    "<title",
    "<b",
    "<body",
    "<br",
    "<p",
    "<!--",
    "<svg",
];

/// Markers of XML that a browser renders as a page or that runs scripts.
const ACTIVE_XML: &[&str] = &[
    "<script",
    "www.w3.org/1999/xhtml",
    "www.w3.org/2000/svg",
    "<?xml-stylesheet",
    "javascript:",
    "<!doctype html",
    "<html",
    "<svg",
];

/// Why `bytes` are active content, or None for a passive document.
pub(crate) fn active_content(bytes: &[u8]) -> Option<&'static str> {
    let text = as_utf8(bytes);
    let text: &[u8] = &text;
    let start = markup_start(text)?;
    let head = &start[..start.len().min(SNIFF_BYTES)];
    if HTML_STARTS.iter().any(|tag| starts_with_tag(head, tag)) {
        return Some("è una pagina HTML o un'immagine SVG");
    }
    if ACTIVE_XML
        .iter()
        .any(|marker| contains_ignore_case(text, marker))
    {
        return Some("è XML con script, XHTML, SVG o un foglio di stile");
    }
    None
}

/// Bytes to read of a file's start to know whether `active_content` must
/// see all of it.
pub(crate) const HEAD_BYTES: usize = 4096;

/// Whether a file starting with `head` (its first `HEAD_BYTES`) may be
/// active: markup (or UTF-16, decoded first). Any other file is passive
/// whatever follows, so its content need not be kept to be judged.
pub(crate) fn may_be_active(head: &[u8]) -> bool {
    match Encoding::for_bom(head) {
        Some((encoding, _)) if encoding != encoding_rs::UTF_8 => true,
        _ => markup_start(&as_utf8(head)).is_some(),
    }
}

/// The text from its first non-blank byte, when that byte is `<` within
/// the sniffed start (browsers look no further).
fn markup_start(text: &[u8]) -> Option<&[u8]> {
    let head = &text[..text.len().min(SNIFF_BYTES)];
    let at = head.iter().position(|b| !b.is_ascii_whitespace())?;
    (text[at] == b'<').then(|| &text[at..])
}

/// The text with any byte-order mark removed, UTF-16 decoded to UTF-8
/// (markers are ASCII, so other bytes are compared as they are).
fn as_utf8(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    match Encoding::for_bom(bytes) {
        Some((encoding, bom)) if encoding == encoding_rs::UTF_8 => bytes[bom..].into(),
        Some((encoding, bom)) => {
            let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
            text.into_owned().into_bytes().into()
        }
        None => bytes.into(),
    }
}

fn starts_with_ignore_case(text: &[u8], prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// `tag` at the start, ended as a tag is: by a space, `>` or `/` (so `<b`
/// matches `<b>` and `<b class>`, not `<bando>`).
fn starts_with_tag(text: &[u8], tag: &str) -> bool {
    starts_with_ignore_case(text, tag)
        && (tag == "<!--"
            || text
                .get(tag.len())
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/'))
}

fn contains_ignore_case(text: &[u8], needle: &str) -> bool {
    let needle = needle.as_bytes();
    text.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_images_that_run_scripts_are_active() {
        for active in [
            "<!DOCTYPE html><p>x",
            "  \n<HTML>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
            "\u{feff}<script>alert(1)</script>",
            "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>",
            "<?xml version=\"1.0\"?><?xml-stylesheet href=\"x.xsl\"?><a/>",
            "<?xml version=\"1.0\"?><a><h:script xmlns:h=\"http://www.w3.org/1999/xhtml\"/></a>",
            "<?xml version=\"1.0\"?>\n<dati><script>alert(1)</script></dati>",
            "<b>grassetto</b>",
            "<!-- commento -->",
        ] {
            assert!(active_content(active.as_bytes()).is_some(), "{active}");
        }
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("<html>".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert!(active_content(&utf16).is_some());
        assert!(may_be_active(&utf16) && may_be_active(b"  <a"));
    }

    #[test]
    fn documents_and_data_are_passive() {
        for passive in [
            &b"%PDF-1.7\n<script>"[..],
            b"<?xml version=\"1.0\"?><legge190:pubblicazione><data/></legge190:pubblicazione>",
            b"<bando>testo</bando>",
            b"cig;importo\nB9538AC2B9;100\n",
            b"\x89PNG\r\n\x1a\n",
            b"",
        ] {
            assert_eq!(active_content(passive), None, "{passive:?}");
            assert!(!may_be_active(passive) || passive.starts_with(b"<"));
        }
    }
}
