//! Entities escaped twice at source.
//!
//! Some publishing software escapes text for HTML and then again for XML:
//! `"` becomes `&amp;quot;`, which XML decoding turns into the literal text
//! `&quot;`. Decoding once more, and only once, gives back what the clerk
//! typed; a second pass would turn a literal `&amp;lt;` into `<`.

use std::borrow::Cow;

/// Named HTML entities met in Italian procurement text; others stay as written.
const NAMED: &[(&str, &str)] = &[
    ("quot", "\""),
    ("amp", "&"),
    ("apos", "'"),
    ("lt", "<"),
    ("gt", ">"),
    ("nbsp", "\u{a0}"),
    ("agrave", "à"),
    ("aacute", "á"),
    ("egrave", "è"),
    ("eacute", "é"),
    ("igrave", "ì"),
    ("iacute", "í"),
    ("ograve", "ò"),
    ("oacute", "ó"),
    ("ugrave", "ù"),
    ("uacute", "ú"),
    ("Agrave", "À"),
    ("Egrave", "È"),
    ("Eacute", "É"),
    ("Igrave", "Ì"),
    ("Ograve", "Ò"),
    ("Ugrave", "Ù"),
    ("ccedil", "ç"),
    ("deg", "°"),
    ("ordm", "º"),
    ("ordf", "ª"),
    ("euro", "€"),
    ("laquo", "«"),
    ("raquo", "»"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("ndash", "–"),
    ("mdash", "—"),
    ("hellip", "…"),
    ("middot", "·"),
];

/// Longest entity read (`&#x10FFFF;` and `&hellip;` fit).
const MAX_ENTITY: usize = 10;

/// Decodes, once, the entities left in text after XML decoding; returns the
/// text and how many entities were decoded (0: the text is borrowed as is).
/// `AT&T`, `& C.` and unknown names such as `&foo;` are kept as written.
pub(crate) fn decode_entities(text: &str) -> (Cow<'_, str>, usize) {
    if !text.contains('&') {
        return (Cow::Borrowed(text), 0);
    }
    let mut out = String::with_capacity(text.len());
    let mut count = 0;
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        match entity(tail) {
            Some((decoded, len)) => {
                out.push_str(&decoded);
                count += 1;
                rest = &tail[len..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    if count == 0 {
        return (Cow::Borrowed(text), 0);
    }
    (Cow::Owned(out), count)
}

/// The entity at the start of `tail` (which begins with `&`): its text and
/// its length in bytes, semicolon included.
fn entity(tail: &str) -> Option<(String, usize)> {
    let end = tail
        .char_indices()
        .take(MAX_ENTITY + 2)
        .find(|&(_, c)| c == ';')?
        .0;
    let name = &tail[1..end];
    let decoded = match name.strip_prefix('#') {
        Some(number) => numeric(number)?.to_string(),
        None => NAMED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, text)| (*text).to_string())?,
    };
    Some((decoded, end + 1))
}

/// `#233` or `#xE9`; control characters and invalid code points are refused.
fn numeric(number: &str) -> Option<char> {
    let code = match number.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => number.parse::<u32>().ok()?,
    };
    char::from_u32(code).filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(text: &str) -> (String, usize) {
        let (out, n) = decode_entities(text);
        (out.into_owned(), n)
    }

    #[test]
    fn twice_escaped_text_is_decoded_once() {
        assert_eq!(
            decoded("Fornitura &quot;libri&quot; per l&#39;asilo"),
            ("Fornitura \"libri\" per l'asilo".into(), 3)
        );
        assert_eq!(
            decoded("Manutenzione citt&agrave; &amp; frazioni"),
            ("Manutenzione città & frazioni".into(), 2)
        );
        // `&amp;lt;` (escaped three times at source) becomes `&lt;`, not `<`.
        assert_eq!(decoded("a &amp;lt; b"), ("a &lt; b".into(), 1));
        assert_eq!(decoded("&#xE8; &#232;"), ("è è".into(), 2));
    }

    #[test]
    fn ampersands_that_are_not_entities_are_kept() {
        for text in [
            "AT&T",
            "Rossi & C. s.n.c.",
            "&foo; &#0; &#xZZ; &;",
            "&quot senza punto e virgola",
            "&verylongentityname;",
            "fine &",
            "città",
        ] {
            let (out, n) = decode_entities(text);
            assert_eq!((out.as_ref(), n), (text, 0), "{text}");
            assert!(matches!(out, Cow::Borrowed(_)));
        }
    }

    #[test]
    fn multibyte_text_around_entities() {
        assert_eq!(decoded("è&amp;è&ò;"), ("è&è&ò;".into(), 1));
        assert_eq!(decoded("&€€€€€€€€€€€€;"), ("&€€€€€€€€€€€€;".into(), 0));
    }
}
