//! Pages read as HTML trees: tests select elements with CSS selectors and
//! check their text and attributes, not substrings of the markup.

use scraper::{ElementRef, Html, Selector};
use std::path::Path;

/// One parsed page.
pub struct Page {
    html: Html,
    name: String,
}

impl Page {
    pub fn read(path: &Path) -> Page {
        Page {
            html: Html::parse_document(&super::read(path)),
            name: path.display().to_string(),
        }
    }

    /// Every element matching `css`, in document order.
    pub fn all(&self, css: &str) -> Vec<ElementRef<'_>> {
        self.html.select(&selector(css)).collect()
    }

    /// The one element matching `css`; fails the test if there are none or several.
    pub fn one(&self, css: &str) -> ElementRef<'_> {
        match self.all(css).as_slice() {
            [only] => *only,
            found => panic!("{}: {} elements match {css}", self.name, found.len()),
        }
    }

    /// The text of every element matching `css`.
    pub fn texts(&self, css: &str) -> Vec<String> {
        self.all(css).into_iter().map(text).collect()
    }

    /// The value of `attribute` on every element matching `css` that has it.
    pub fn attributes(&self, css: &str, attribute: &str) -> Vec<String> {
        self.all(css)
            .into_iter()
            .filter_map(|e| e.value().attr(attribute).map(String::from))
            .collect()
    }

    /// The facts of a `<dl>` matching `css`: each `<dt>` with its `<dd>` text.
    pub fn facts(&self, css: &str) -> Vec<(String, String)> {
        let terms = selector("dt");
        let values = selector("dd");
        self.one(css)
            .select(&selector("div"))
            .filter_map(|row| {
                let term = row.select(&terms).next()?;
                let value = row.select(&values).next()?;
                Some((text(term), text(value)))
            })
            .collect()
    }

    /// The value of the fact `term` in the `<dl>` matching `css`.
    pub fn fact(&self, css: &str, term: &str) -> String {
        self.facts(css)
            .into_iter()
            .find_map(|(t, v)| (t == term).then_some(v))
            .unwrap_or_else(|| panic!("{}: no «{term}» in {css}", self.name))
    }
}

/// An element's text, whitespace runs collapsed to one space.
pub fn text(element: ElementRef<'_>) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e}"))
}
