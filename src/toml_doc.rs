//! One TOML document with the spans of its keys and values.
//!
//! The document is parsed once into toml's spanned tree; typed structs are
//! deserialized from it, and the tree answers "where is `lotti[1].cig`?" for
//! diagnostics of later checks.

use crate::diagnostics::Diagnostic;
use serde::de::DeserializeOwned;
use std::ops::Range;
use std::path::Path;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A step of a key path: a table key or an array index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

pub struct TomlDoc<'i> {
    root: Spanned<DeTable<'i>>,
    /// Offset of the TOML text inside its file (after the `+++` line).
    offset: usize,
}

impl<'i> TomlDoc<'i> {
    /// Parses `text`, found at byte `offset` of `file`; every syntax error is
    /// returned, not only the first.
    pub(crate) fn parse(
        file: &Path,
        text: &'i str,
        offset: usize,
    ) -> Result<TomlDoc<'i>, Vec<Diagnostic>> {
        let (root, errors) = DeTable::parse_recoverable(text);
        if errors.is_empty() {
            return Ok(TomlDoc { root, offset });
        }
        Err(errors
            .iter()
            .map(|e| {
                Diagnostic::new(
                    "E006",
                    file,
                    format!("sintassi TOML non valida: {}", first_line(e.message())),
                )
                .at(e.span().map(|s| shift(s, offset)))
                .hint("controlla virgolette, parentesi e il segno = tra chiave e valore")
            })
            .collect())
    }

    pub(crate) fn table(&self) -> &DeTable<'i> {
        self.root.get_ref()
    }

    /// Deserializes a typed view of the whole document.
    pub(crate) fn deserialize<T: DeserializeOwned>(&self, file: &Path) -> Result<T, Diagnostic> {
        let de = toml::de::Deserializer::from(self.root.clone());
        T::deserialize(de).map_err(|e| self.serde_error(file, &e))
    }

    /// Span, in file offsets, of the value at `path`.
    pub(crate) fn value_span(&self, path: &[Seg]) -> Option<Range<usize>> {
        self.find(path).map(|(_, value)| shift(value, self.offset))
    }

    /// Span of the key that ends `path` (for a missing or unknown key, the
    /// nearest enclosing value's span is a better target: see `nearest_span`).
    pub(crate) fn key_span(&self, path: &[Seg]) -> Option<Range<usize>> {
        self.find(path)
            .and_then(|(key, _)| key)
            .map(|k| shift(k, self.offset))
    }

    /// Span of the longest prefix of `path` that exists.
    pub(crate) fn nearest_span(&self, path: &[Seg]) -> Option<Range<usize>> {
        (0..=path.len()).rev().find_map(|n| {
            if n == 0 {
                None
            } else {
                self.value_span(&path[..n])
            }
        })
    }

    pub(crate) fn offset(&self) -> usize {
        self.offset
    }

    fn find(&self, path: &[Seg]) -> Option<(Option<Range<usize>>, Range<usize>)> {
        let Seg::Key(first) = path.first()? else {
            return None;
        };
        let (key, mut value) = self.table().get_key_value(*first)?;
        let mut key_span = Some(key.span());
        for seg in &path[1..] {
            value = match (seg, value.get_ref()) {
                (Seg::Key(k), DeValue::Table(t)) => {
                    let (key, v) = t.get_key_value(*k)?;
                    key_span = Some(key.span());
                    v
                }
                (Seg::Index(i), DeValue::Array(a)) => a.get(*i)?,
                _ => return None,
            };
        }
        Some((key_span, value.span()))
    }

    fn serde_error(&self, file: &Path, error: &toml::de::Error) -> Diagnostic {
        let message = first_line(error.message());
        let span = error.span().map(|s| shift(s, self.offset));
        if let Some(field) = message
            .strip_prefix("missing field `")
            .and_then(|m| m.split('`').next())
        {
            return Diagnostic::new(
                "E102",
                file,
                format!("manca il campo obbligatorio `{field}`"),
            )
            .at(span.map(|s| s.start..s.start))
            .hint(format!(
                "aggiungi `{field} = ...`: docs/formato-atti.md ne descrive il valore"
            ));
        }
        if message.starts_with("invalid type") {
            return Diagnostic::new("E103", file, format!("tipo di valore errato: {}", translate_type_error(&message)))
                .at(span)
                .hint("i testi e gli importi vanno tra virgolette, le date senza (2025-12-12), gli elenchi tra [ ]");
        }
        Diagnostic::new("E104", file, message).at(span)
    }
}

fn shift(span: Range<usize>, offset: usize) -> Range<usize> {
    span.start + offset..span.end + offset
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_string()
}

/// serde's "invalid type: integer `5`, expected a string" in Italian terms.
fn translate_type_error(message: &str) -> String {
    let rest = message.trim_start_matches("invalid type: ");
    let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
    format!("trovato {found}, atteso {expected}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_point_into_the_file() {
        let text = "ente = \"x\"\n[[lotti]]\ncig = \"B9538AC2B9\"\n";
        let doc = TomlDoc::parse(Path::new("a.md"), text, 4).unwrap();
        let span = doc
            .value_span(&[Seg::Key("lotti"), Seg::Index(0), Seg::Key("cig")])
            .unwrap();
        assert_eq!(&text[span.start - 4..span.end - 4], "\"B9538AC2B9\"");
        assert!(doc.value_span(&[Seg::Key("nope")]).is_none());
    }

    #[test]
    fn every_syntax_error_is_reported() {
        let errors = TomlDoc::parse(Path::new("a.md"), "a = \nb = [1,\n", 0)
            .err()
            .unwrap();
        assert!(!errors.is_empty());
        assert!(errors.iter().all(|d| d.code == "E006"));
    }
}
