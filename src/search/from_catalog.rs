//! The searchable documents of a catalog: every act, procedure and supplier. Their
//! text is borrowed from the catalogue, never copied.

use super::{DocKind, SearchDoc};
use crate::catalog::{ActEntry, Catalog, Procedure, Supplier};
use crate::indicators::Indicators;
use rayon::prelude::*;
use std::borrow::Cow;

/// How much of an act's text is indexed: the opening states what the act
/// decides; the rest (legal recitals) would only add noise and weight.
const BODY_CHARS: usize = 1500;

pub(crate) fn documents<'a>(catalog: &'a Catalog, ix: &Indicators) -> Vec<SearchDoc<'a>> {
    let acts = catalog.acts.par_iter().map(|a| act_doc(catalog, a));
    let procedures = catalog
        .procedures
        .par_iter()
        .map(|p| procedure_doc(catalog, p, ix.flagged(&p.key)));
    let suppliers = catalog
        .suppliers
        .par_iter()
        .map(|s| supplier_doc(catalog, s));
    acts.chain(procedures).chain(suppliers).collect()
}

fn borrowed<'a>(
    values: impl IntoIterator<Item = &'a String>,
) -> impl Iterator<Item = Cow<'a, str>> {
    values.into_iter().map(|s| Cow::Borrowed(s.as_str()))
}

/// The first `chars` characters of `text`.
fn opening(text: &str, chars: usize) -> &str {
    text.char_indices()
        .nth(chars)
        .map_or(text, |(end, _)| &text[..end])
}

/// The text of a Markdown body without its markup: the words of its paragraphs, lists,
/// quotes and tables, one block a line. Headings (`## Premesse`) are left out: they name
/// a part of the act, they do not say what it decides, and would open every excerpt.
fn plain_text(md: &str) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = String::new();
    let mut in_heading = false;
    for event in Parser::new(md) {
        match event {
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(t) | Event::Code(t) if !in_heading => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak if !in_heading => out.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::TableRow
                | TagEnd::CodeBlock,
            ) => out.push('\n'),
            _ => {}
        }
    }
    out.trim_end().to_owned()
}

fn act_doc<'a>(catalog: &'a Catalog, a: &'a ActEntry) -> SearchDoc<'a> {
    let h = &a.header;
    let mut identifiers: Vec<Cow<str>> = borrowed(&h.numero).collect();
    let mut text: Vec<Cow<str>> = borrowed([&h.oggetto]).chain(borrowed(&h.ufficio)).collect();
    for lot in &h.lotti {
        identifiers.extend(borrowed(
            lot.cig
                .iter()
                .chain(&lot.codice)
                .chain(&lot.cup)
                .chain(&lot.cpv),
        ));
        for op in &lot.aggiudicatari {
            identifiers.extend(borrowed(&op.partita_iva));
            text.push(Cow::Borrowed(&op.denominazione));
        }
        text.extend(borrowed(&lot.oggetto));
    }
    text.push(Cow::Owned(plain_text(opening(&a.body, BODY_CHARS))));
    let first = h.lotti.first();
    let amount = h
        .lotti
        .iter()
        .filter_map(|l| l.importo_netto)
        .map(|m| m.0)
        .reduce(|x, y| x + y);
    SearchDoc {
        kind: DocKind::Atto,
        title: Cow::Borrowed(&h.oggetto),
        url: Cow::Borrowed(catalog.urls.path_of(&a.url)),
        date: Some(h.data.0),
        amount,
        ente: Some(Cow::Borrowed(&h.ente)),
        ente_name: Some(Cow::Borrowed(catalog.ente_name(&h.ente))),
        year: Some(h.data.year()),
        procedura: first.and_then(|l| l.procedura).map(|p| Cow::Borrowed(p.id)),
        categoria: first
            .and_then(|l| crate::catalog::procedure::category(&l.cpv))
            .map(Cow::Borrowed),
        text,
        identifiers,
        indicatori: false,
    }
}

fn procedure_doc<'a>(catalog: &'a Catalog, p: &'a Procedure, flagged: bool) -> SearchDoc<'a> {
    let mut identifiers: Vec<Cow<str>> =
        borrowed(p.cig.iter().chain(&p.codice).chain(&p.cup).chain(&p.cpv)).collect();
    let mut text = vec![Cow::Borrowed(p.oggetto.as_str())];
    for award in &p.aggiudicatari {
        identifiers.extend(borrowed(&award.operatore.partita_iva));
        text.push(Cow::Borrowed(&award.operatore.denominazione));
    }
    text.extend(borrowed(p.norma.iter().chain(&p.strumento)));
    SearchDoc {
        kind: DocKind::Procedura,
        title: Cow::Borrowed(&p.oggetto),
        url: Cow::Borrowed(catalog.urls.path_of(&p.url)),
        date: p.data.map(|d| d.0),
        amount: p.importo_aggiudicato.map(|m| m.0),
        ente: Some(Cow::Borrowed(&p.ente)),
        ente_name: Some(Cow::Borrowed(catalog.ente_name(&p.ente))),
        year: (p.anno > 0).then_some(p.anno),
        procedura: p.procedura.map(|x| Cow::Borrowed(x.id)),
        categoria: p.categoria.map(Cow::Borrowed),
        text,
        identifiers,
        indicatori: flagged,
    }
}

fn supplier_doc<'a>(catalog: &'a Catalog, s: &'a Supplier) -> SearchDoc<'a> {
    let identifiers = borrowed(
        [&s.id]
            .into_iter()
            .chain(&s.partita_iva)
            .chain(&s.id_estero),
    )
    .collect();
    let text = borrowed(s.denominazioni.iter().chain(&s.sede)).collect();
    SearchDoc {
        kind: DocKind::Fornitore,
        title: Cow::Borrowed(&s.denominazione),
        url: Cow::Borrowed(catalog.urls.path_of(&s.url)),
        date: None,
        amount: Some(s.totale.0),
        ente: None,
        ente_name: None,
        year: None,
        procedura: None,
        categoria: None,
        text,
        identifiers,
        indicatori: false,
    }
}

#[cfg(test)]
mod tests {
    use super::{opening, plain_text};

    #[test]
    fn plain_text_drops_markup_and_headings() {
        let md = "## Premesse\n\nVisto il **decreto** e [la legge](https://x.it).\n\n- primo\n- `DC20_036`\n";
        assert_eq!(
            plain_text(md),
            "Visto il decreto e la legge.\nprimo\nDC20_036"
        );
    }

    #[test]
    fn opening_cuts_at_a_character_boundary() {
        assert_eq!(opening("perché sì", 5), "perch");
        assert_eq!(opening("perché sì", 6), "perché");
        assert_eq!(opening("breve", 100), "breve");
    }
}
