//! Known keys of every table of the act format, read from the serde structs
//! themselves so that the check of unknown keys cannot drift from the model.

use crate::diagnostics::Diagnostic;
use crate::model::{self, closest};
use crate::toml_doc::TomlDoc;
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use std::path::Path;
use toml::de::{DeTable, DeValue};

/// The field names serde derive passes to `deserialize_struct`.
pub(crate) fn fields_of<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    struct Probe<'a>(&'a mut &'static [&'static str]);

    #[derive(Debug)]
    struct Stop;
    impl std::fmt::Display for Stop {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("stop")
        }
    }
    impl std::error::Error for Stop {}
    impl de::Error for Stop {
        fn custom<M: std::fmt::Display>(_: M) -> Self {
            Stop
        }
    }

    impl<'de> Deserializer<'de> for Probe<'_> {
        type Error = Stop;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
            Err(Stop)
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Stop> {
            *self.0 = fields;
            Err(Stop)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map enum identifier ignored_any
        }
    }

    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(Probe(&mut fields));
    fields
}

/// Which kind of file a table belongs to.
#[derive(Clone, Copy)]
pub(crate) enum Root {
    Act,
    Record,
    Ente,
}

fn root_fields(root: Root) -> Vec<&'static str> {
    let lot = fields_of::<model::Lotto>().iter().copied();
    let mut keys: Vec<&'static str> = match root {
        Root::Act => fields_of::<model::ActHeader>()
            .iter()
            .copied()
            .chain(lot)
            .collect(),
        Root::Record => fields_of::<model::RecordHeader>()
            .iter()
            .copied()
            .chain(lot)
            .collect(),
        Root::Ente => fields_of::<model::EnteFile>().to_vec(),
    };
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Known keys of the table held under `key`, if it is a table of the format.
fn child_fields(key: &str) -> Option<&'static [&'static str]> {
    Some(match key {
        "lotti" => fields_of::<model::Lotto>(),
        "pnrr" => fields_of::<model::Pnrr>(),
        "impegni" => fields_of::<model::Impegno>(),
        "liquidazioni" => fields_of::<model::Liquidazione>(),
        "collegati" => fields_of::<model::Collegato>(),
        "allegati" => fields_of::<model::Allegato>(),
        "periodo" => fields_of::<model::Periodo>(),
        "aggiudicatari" | "partecipanti" => fields_of::<model::Operatore>(),
        "voci" => fields_of::<model::Voce>(),
        "cauzione" => fields_of::<model::Cauzione>(),
        "segnalazioni" => fields_of::<model::Segnalazione>(),
        _ => return None,
    })
}

/// Reports every key the format does not know, with the closest known one.
pub(crate) fn check_unknown_keys(
    doc: &TomlDoc,
    file: &Path,
    root: Root,
    out: &mut Vec<Diagnostic>,
) {
    let known = root_fields(root);
    walk_table(doc, file, doc.table(), &known, out);
}

fn walk_table(
    doc: &TomlDoc,
    file: &Path,
    table: &DeTable,
    known: &[&str],
    out: &mut Vec<Diagnostic>,
) {
    for (key, value) in table.iter() {
        let name = key.get_ref().as_ref();
        if !known.contains(&name) {
            out.push(unknown_key(doc, file, name, key.span(), known));
            continue;
        }
        let Some(child) = child_fields(name) else {
            continue;
        };
        match value.get_ref() {
            DeValue::Table(t) => walk_table(doc, file, t, child, out),
            DeValue::Array(items) => {
                for item in items.iter() {
                    if let DeValue::Table(t) = item.get_ref() {
                        walk_table(doc, file, t, child, out);
                    }
                }
            }
            _ => {}
        }
    }
}

fn unknown_key(
    doc: &TomlDoc,
    file: &Path,
    name: &str,
    span: std::ops::Range<usize>,
    known: &[&str],
) -> Diagnostic {
    let offset = doc.offset();
    let diagnostic = Diagnostic::new("E101", file, format!("chiave sconosciuta `{name}`"))
        .at(Some(span.start + offset..span.end + offset));
    match closest(name, known.iter().copied()) {
        Some(guess) => diagnostic.hint(format!("forse intendevi `{guess}`?")),
        None => diagnostic.hint(format!("chiavi ammesse qui: {}", known.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_come_from_the_model() {
        assert!(fields_of::<model::Lotto>().contains(&"importo_netto"));
        assert!(fields_of::<model::ActHeader>().contains(&"ente"));
    }

    #[test]
    fn unknown_keys_get_a_suggestion_at_any_depth() {
        let text = "ente = \"x\"\nimporto_neto = \"1\"\n[[aggiudicatari]]\ndenominazione = \"A\"\npartita_iv = \"1\"\n";
        let doc = TomlDoc::parse(Path::new("a.md"), text, 0).unwrap();
        let mut out = Vec::new();
        check_unknown_keys(&doc, Path::new("a.md"), Root::Act, &mut out);
        assert_eq!(out.len(), 2, "{out:?}");
        let top = out
            .iter()
            .find(|d| d.message.contains("importo_neto"))
            .unwrap();
        assert_eq!(
            top.hint.as_deref(),
            Some("forse intendevi `importo_netto`?")
        );
        assert_eq!(&text[top.span.clone().unwrap()], "importo_neto");
        let nested = out
            .iter()
            .find(|d| d.message.contains("partita_iv`"))
            .unwrap();
        assert_eq!(
            nested.hint.as_deref(),
            Some("forse intendevi `partita_iva`?")
        );
    }
}

#[cfg(test)]
mod docs_tests {
    use super::*;

    /// Every key of the format is documented, with its backticks, in docs/.
    #[test]
    fn every_key_is_documented() {
        let doc =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/formato-atti.md"))
                .unwrap();
        let mut keys: Vec<&str> = root_fields(Root::Act);
        keys.extend(root_fields(Root::Record));
        keys.extend(root_fields(Root::Ente));
        for table in [
            "lotti",
            "pnrr",
            "impegni",
            "liquidazioni",
            "collegati",
            "allegati",
            "periodo",
            "aggiudicatari",
            "voci",
            "cauzione",
            "segnalazioni",
        ] {
            keys.extend(child_fields(table).unwrap_or_default());
        }
        keys.extend(fields_of::<crate::model::Config>());
        for key in keys {
            assert!(
                doc.contains(&format!("`{key}`")),
                "docs/formato-atti.md does not document `{key}`"
            );
        }
    }
}
