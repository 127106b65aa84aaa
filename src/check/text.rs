//! Bounds on the Markdown text of acts and pages, so that rendering takes
//! bounded time and memory whatever a file holds.
//!
//! Rendering a body costs about a hundred times its size in memory (9 MB of
//! links took 968 MB), and the HTML sanitizer's time grows with the square
//! of the nesting (40,000 nested `> ` took 6.6 s; 4 million never ended).
//! `check` measures both on the same Markdown parse the renderer uses and
//! stops the build before the renderer sees such a text.

use super::FileCheck;
use crate::diagnostics::Diagnostic;
use pulldown_cmark::{Event, Options, Parser};
use std::ops::Range;

/// Longest text of an act or page, in bytes (256 KiB, about 80 pages of
/// prose: an act's summary is a few KB; the full document is an attachment).
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// Deepest nesting of quotes, lists and HTML elements in a text. Real acts
/// nest three or four levels; the sanitizer's work grows with the square.
pub const MAX_NESTING: usize = 32;

/// The Markdown dialect of acts and pages, shared with the renderer.
pub fn markdown_options() -> Options {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options
}

/// Checks the size and nesting of `body`, found at `offset` in the file.
pub(crate) fn check_body(ctx: &FileCheck, body: &str, offset: usize) {
    if body.len() > MAX_BODY_BYTES {
        ctx.push(
            Diagnostic::new(
                "E013",
                ctx.file,
                format!(
                    "il testo dopo l'intestazione è di {} byte, oltre il limite di {} KiB",
                    body.len(),
                    MAX_BODY_BYTES / 1024
                ),
            )
            .at(Some(offset..offset))
            .hint("il testo è una sintesi dell'atto: pubblica il documento completo come allegato (PDF)"),
        );
        return;
    }
    if let Some(at) = too_deep(body) {
        ctx.push(
            Diagnostic::new(
                "E014",
                ctx.file,
                format!(
                    "il testo annida citazioni, elenchi o elementi HTML oltre {MAX_NESTING} livelli"
                ),
            )
            .at(Some(offset + at.start..offset + at.end))
            .hint("riduci i livelli di «>», di elenchi rientrati o di <div> uno dentro l'altro"),
        );
    }
}

/// Where the text first nests deeper than `MAX_NESTING`: Markdown blocks and
/// inline spans, plus the HTML elements opened by raw HTML inside them.
fn too_deep(body: &str) -> Option<Range<usize>> {
    deep_line(body).or_else(|| deep_parse(body))
}

/// A line whose prefix alone opens too many quotes or list items: found in
/// one pass, before the parser meets it (a line of 100,000 `> `).
fn deep_line(body: &str) -> Option<Range<usize>> {
    let mut start = 0;
    for line in body.split_inclusive('\n') {
        if prefix_depth(line) > MAX_NESTING {
            return Some(start..start + line.trim_end().len());
        }
        start += line.len();
    }
    None
}

/// Container markers (`>`, `-`, `*`, `+`, `1.`, `1)`) at the start of a line.
fn prefix_depth(line: &str) -> usize {
    let mut depth = 0;
    let mut rest = line.trim_start_matches([' ', '\t']);
    loop {
        let Some(after) = rest.strip_prefix('>').or_else(|| list_marker(rest)) else {
            return depth;
        };
        depth += 1;
        rest = after.trim_start_matches([' ', '\t']);
    }
}

/// The text after a list item's marker, if `text` starts with one.
fn list_marker(text: &str) -> Option<&str> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let after = match digits {
        0 => text.strip_prefix(['-', '*', '+'])?,
        1..=9 => text[digits..].strip_prefix(['.', ')'])?,
        _ => return None,
    };
    after.starts_with([' ', '\t']).then_some(after)
}

/// The first event nested deeper than the limit, on the renderer's parse.
fn deep_parse(body: &str) -> Option<Range<usize>> {
    let mut markdown = 0usize;
    let mut html = 0usize;
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(_) => markdown += 1,
            Event::End(_) => markdown = markdown.saturating_sub(1),
            Event::Html(text) | Event::InlineHtml(text) => html = html_depth(&text, html),
            _ => {}
        }
        if markdown + html > MAX_NESTING {
            let end = body[range.start..]
                .find('\n')
                .map_or(body.len(), |n| range.start + n);
            return Some(range.start..end.max(range.start));
        }
    }
    None
}

/// Elements that have no end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// The open-element depth after the tags of `html`, starting from `depth`.
fn html_depth(html: &str, mut depth: usize) -> usize {
    for tag in html.split('<').skip(1) {
        let (closing, tag) = match tag.strip_prefix('/') {
            Some(rest) => (true, rest),
            None => (false, tag),
        };
        // A tag name starts with a letter: `a < b` and `<3` are text.
        if !tag.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let self_closed = tag.split('>').next().is_some_and(|t| t.ends_with('/'));
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closed && !VOID.contains(&name.as_str()) {
            depth += 1;
        }
    }
    depth
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_measured_across_markdown_and_html() {
        assert_eq!(
            too_deep("Testo\n\n> citazione\n> > risposta\n\n- a\n  - b\n"),
            None
        );
        let quotes = "> ".repeat(MAX_NESTING) + "x\n";
        assert!(too_deep(&quotes).is_some());
        let shallow = "> ".repeat(MAX_NESTING / 2 - 1) + "x\n";
        assert_eq!(too_deep(&shallow), None);
        let divs = "<div>\n".repeat(MAX_NESTING + 1);
        assert!(too_deep(&divs).is_some());
        let closed = "<div><br><img src=x/><span></span></div>\n".repeat(100);
        assert_eq!(too_deep(&closed), None);
        assert_eq!(prefix_depth("> > - 1. testo"), 4);
        assert_eq!(prefix_depth("-1 e *enfasi* > x"), 0);
        assert!(deep_line(&("> ".repeat(100_000) + "x")).is_some());
        let lists: String = (0..MAX_NESTING)
            .map(|i| format!("{}- x\n", "  ".repeat(i)))
            .collect();
        assert!(too_deep(&lists).is_some());
    }

    #[test]
    fn html_tags_open_and_close() {
        assert_eq!(html_depth("<div><p>a</p><br/><hr>", 0), 1);
        assert_eq!(html_depth("</div></div>", 1), 0);
        assert_eq!(html_depth("a < b e <3", 0), 0);
    }
}
