//! Rules across files: references to bodies and acts, duplicates.

use crate::diagnostics::Diagnostic;
use crate::load::toml_doc::{Seg, TomlDoc};
use crate::load::{Act, Site};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

/// The identity of an act: body, type, number (or date when unnumbered), year.
pub fn act_key(act: &Act) -> (String, &'static str, String, i32) {
    let h = &act.header;
    let number = h.numero.clone().unwrap_or_else(|| h.data.iso());
    (h.ente.clone(), h.tipo.0, number, h.data.year())
}

pub fn check_site(site: &Site, out: &mut Vec<Diagnostic>) {
    let enti: BTreeSet<&str> = site.enti.iter().map(|e| e.id.as_str()).collect();
    for act in &site.acts {
        check_ente_ref(&site.root, &act.file, &act.header.ente, &enti, out);
    }
    for record in &site.records {
        check_ente_ref(&site.root, &record.file, &record.header.ente, &enti, out);
    }
    check_duplicates(&site.root, &site.acts, out);
    check_links(&site.root, &site.acts, &enti, out);
}

fn check_ente_ref(
    root: &Path,
    file: &Path,
    ente: &str,
    enti: &BTreeSet<&str>,
    out: &mut Vec<Diagnostic>,
) {
    if enti.contains(ente) {
        return;
    }
    let hint = match crate::model::closest(ente, enti.iter().copied()) {
        Some(guess) => format!("forse intendevi «{guess}»? Gli enti sono i file di content/enti/"),
        None => format!("crea content/enti/{ente}.toml con denominazione e codice_fiscale"),
    };
    out.push(
        Diagnostic::new("E501", file, format!("ente «{ente}» sconosciuto"))
            .at(span_in_file(root, file, &[Seg::Key("ente")]))
            .hint(hint),
    );
}

fn check_duplicates(root: &Path, acts: &[Act], out: &mut Vec<Diagnostic>) {
    let mut first: BTreeMap<_, &Path> = BTreeMap::new();
    for act in acts {
        let key = act_key(act);
        if let Some(previous) = first.get(&key) {
            out.push(
                Diagnostic::new(
                    "E502",
                    &act.file,
                    format!(
                        "atto duplicato: {} n. {} del {} è già in {}",
                        act.header.tipo.label(),
                        key.2,
                        key.3,
                        previous.display()
                    ),
                )
                .at(span_in_file(root, &act.file, &[Seg::Key("numero")]))
                .hint(
                    "ogni atto ha un solo file: unisci i due file o correggi tipo, numero o data",
                ),
            );
        } else {
            first.insert(key, &act.file);
        }
    }
}

fn check_links(root: &Path, acts: &[Act], enti: &BTreeSet<&str>, out: &mut Vec<Diagnostic>) {
    let known: BTreeSet<_> = acts.iter().map(act_key).collect();
    for act in acts {
        for (i, link) in act.header.collegati.iter().enumerate() {
            let ente = link.ente.clone().unwrap_or_else(|| act.header.ente.clone());
            let path = [Seg::Key("collegati"), Seg::Index(i)];
            if link.ente.is_some() && !enti.contains(ente.as_str()) {
                out.push(
                    Diagnostic::new("E501", &act.file, format!("l'atto collegato indica l'ente «{ente}», sconosciuto"))
                        .at(span_in_file(root, &act.file, &path))
                        .hint("usa l'id di un file di content/enti/ oppure ometti ente per lo stesso ente dell'atto"),
                );
                continue;
            }
            let (Some(numero), Some(data)) = (&link.numero, link.data) else {
                continue;
            };
            let present = known.contains(&(ente, link.tipo.0, numero.clone(), data.year()));
            if !present && link.url.is_none() {
                out.push(
                    Diagnostic::new(
                        "W503",
                        &act.file,
                        format!(
                            "l'atto collegato {} n. {numero} del {} non è nel sito",
                            link.tipo.label(),
                            data.italian()
                        ),
                    )
                    .at(span_in_file(root, &act.file, &path))
                    .hint("aggiungi l'atto al sito, oppure indica url = \"...\" dove è pubblicato"),
                );
            }
        }
    }
}

/// Re-reads a file to locate a key: cross-file problems are rare, so
/// positions are found on demand instead of kept for every act.
pub fn span_in_file(root: &Path, file: &Path, path: &[Seg]) -> Option<Range<usize>> {
    let text = std::fs::read_to_string(root.join(file)).ok()?;
    let (toml, offset) = match crate::load::split_front_matter(&text) {
        Some(parts) => parts,
        None => (text.as_str(), 0),
    };
    let doc = TomlDoc::parse(file, toml, offset).ok()?;
    doc.nearest_span(path)
}
