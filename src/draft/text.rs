//! The text of the input, page by page and line by line, and one flat
//! string over it so that a value broken across lines is still found.

use std::ops::Range;

/// One line of the input: its page, its number on the page (both from 1)
/// and its text, trimmed and without Markdown marks.
#[derive(Clone, Debug)]
pub(crate) struct Line {
    pub page: usize,
    pub number: usize,
    pub text: String,
}

/// Where a value was read: the line it starts on and the text read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Origin {
    pub page: usize,
    pub line: usize,
    pub text: String,
}

/// The input's lines, and the flat text: the non-empty lines joined by
/// one space, with the offset each line starts at.
pub(crate) struct Text {
    pub lines: Vec<Line>,
    pub flat: String,
    starts: Vec<(usize, usize)>,
}

impl Text {
    /// `pages` as read from the file (a form feed also starts a page).
    pub(crate) fn new(pages: &[String]) -> Text {
        let mut lines = Vec::new();
        let mut page_no = 0;
        for page in pages {
            for part in page.split('\u{c}') {
                page_no += 1;
                for (i, raw) in part.lines().enumerate() {
                    lines.push(Line {
                        page: page_no,
                        number: i + 1,
                        text: clean(raw),
                    });
                }
            }
        }
        let mut flat = String::new();
        let mut starts = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            if line.text.is_empty() {
                continue;
            }
            if !flat.is_empty() {
                flat.push(' ');
            }
            starts.push((flat.len(), i));
            flat.push_str(&line.text);
        }
        Text {
            lines,
            flat,
            starts,
        }
    }

    /// The index in `lines` of the line holding flat offset `at`.
    pub(crate) fn line_at(&self, at: usize) -> usize {
        let k = self.starts.partition_point(|(start, _)| *start <= at);
        self.starts.get(k.saturating_sub(1)).map_or(0, |(_, i)| *i)
    }

    /// The flat offset where line `index` starts (the next non-empty one).
    pub(crate) fn offset_of_line(&self, index: usize) -> usize {
        let k = self.starts.partition_point(|(_, i)| *i < index);
        self.starts
            .get(k)
            .map_or(self.flat.len(), |(start, _)| *start)
    }

    /// The origin of the flat range `range`.
    pub(crate) fn origin(&self, range: Range<usize>) -> Origin {
        let line = &self.lines[self.line_at(range.start).min(self.lines.len() - 1)];
        Origin {
            page: line.page,
            line: line.number,
            text: shorten(self.flat.get(range).unwrap_or("")),
        }
    }

    /// The origin of line `index`.
    pub(crate) fn origin_of_line(&self, index: usize) -> Origin {
        let line = &self.lines[index];
        Origin {
            page: line.page,
            line: line.number,
            text: shorten(&line.text),
        }
    }
}

/// A line without surrounding blanks, Markdown emphasis and heading marks.
fn clean(raw: &str) -> String {
    let no_marks: String = raw.chars().filter(|c| *c != '*').collect();
    no_marks.trim().trim_start_matches('#').trim().to_string()
}

/// At most 110 characters of `text`, on one line.
fn shorten(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(110) {
        Some((cut, _)) => format!("{}…", &one_line[..cut]),
        None => one_line,
    }
}

/// Reads a plain text file: UTF-8, or Latin-1 as a fallback.
pub(crate) fn read_plain(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// Words a decision starts with, alone on their line ("D E T E R M I N A").
const DECISION_WORDS: &[&str] = &["DETERMINA", "DELIBERA", "DECRETA", "DISPONE", "ORDINA"];

impl Text {
    /// The flat offset where the decision (dispositivo) starts: the line
    /// "DETERMINA" (spaced or not), or a line opening with "autorizza".
    pub(crate) fn decision_start(&self) -> Option<usize> {
        let index = self.lines.iter().position(|line| {
            let letters: String = line.text.chars().filter(|c| c.is_alphabetic()).collect();
            let opening = line
                .text
                .trim_start_matches(|c: char| !c.is_alphabetic())
                .to_lowercase();
            (line.text.chars().count() <= 40 && DECISION_WORDS.contains(&letters.as_str()))
                || opening.starts_with("autorizza,")
                || opening.starts_with("autorizza ")
        })?;
        Some(self.offset_of_line(index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_offsets_map_back_to_page_and_line() {
        let text = Text::new(&["uno\n\n**due** tre\n".to_string(), "quattro".to_string()]);
        assert_eq!(text.flat, "uno due tre quattro");
        let at = text.flat.find("tre").unwrap_or(0);
        let origin = text.origin(at..at + 3);
        assert_eq!(
            (origin.page, origin.line, origin.text.as_str()),
            (1, 3, "tre")
        );
        let at = text.flat.find("quattro").unwrap_or(0);
        assert_eq!(text.origin(at..at + 1).page, 2);
    }
}
