//! CSV files: RFC 4180, UTF-8 without BOM, `,` separator, `.` decimals,
//! ISO dates, CRLF line ends (the csv crate's RFC 4180 default).
//!
//! No BOM: pandas, R, Frictionless and ANAC's own files expect none; the
//! /dati/ page and docs/dati-aperti.md explain how to open the files in a
//! spreadsheet as UTF-8.

use super::schema::{Cell, Table};

/// Characters a spreadsheet reads as the start of a formula, with the
/// fullwidth and small forms that some spreadsheets fold into them.
const FORMULA_STARTS: [char; 12] = [
    '=', '+', '-', '@', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}', '\u{FE66}', '\u{FE62}',
    '\u{FE63}', '\u{FE6B}',
];

/// Characters a spreadsheet skips, or a reader does not see, before a
/// formula: blanks (NBSP included), line breaks, controls, zero-width
/// characters, direction marks and the BOM.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{00AD}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

/// Prefixes `'` to a text a spreadsheet would run as a formula: one that
/// starts with a tab or a carriage return, or whose first visible character
/// starts a formula. Only text cells pass here: amounts and counts are
/// numbers and are never altered.
pub(crate) fn neutralize(text: &str) -> std::borrow::Cow<'_, str> {
    let visible = text.trim_start_matches(is_invisible);
    if text.starts_with(['\t', '\r']) || visible.starts_with(FORMULA_STARTS) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// The text of a cell as written in a CSV file.
pub(crate) fn cell_text(cell: &Cell) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    match cell {
        Cell::Null => Cow::Borrowed(""),
        Cell::Text(t) => neutralize(t),
        Cell::Int(n) => Cow::Owned(n.to_string()),
        Cell::Money(m) => Cow::Owned(m.0.to_string()),
        Cell::Date(d) => Cow::Owned(d.iso()),
        Cell::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
    }
}

/// A CSV writer for `table` whose header is already written.
pub(crate) fn writer<W: std::io::Write>(table: &Table, file: W) -> anyhow::Result<csv::Writer<W>> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(file);
    writer.write_record(table.columns.iter().map(|c| c.name))?;
    Ok(writer)
}

/// Appends rows to a table's CSV.
pub(crate) fn append<W: std::io::Write>(
    writer: &mut csv::Writer<W>,
    rows: &[Vec<Cell>],
) -> anyhow::Result<()> {
    for row in rows {
        for cell in row {
            writer.write_field(cell_text(cell).as_bytes())?;
        }
        writer.write_record(None::<&[u8]>)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::schema::Kind;
    use crate::model::Money;
    use rust_decimal::Decimal;

    #[test]
    fn formulas_are_neutralized_behind_any_invisible_prefix() {
        assert_eq!(neutralize("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        let starts = [
            "=", "+", "-", "@", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}",
        ];
        let prefixes = [
            "",
            " ",
            "  ",
            "\u{A0}",
            "\u{200B}",
            "\u{FEFF}",
            "\n",
            "\t",
            "\r",
            "\r\n",
            "\u{3000}",
            "\u{2060}",
            "\u{200E}",
            "\u{A0}\u{200B} ",
        ];
        for prefix in prefixes {
            for start in starts {
                let text = format!("{prefix}{start}cmd|' /C calc'!A0");
                assert_eq!(neutralize(&text), format!("'{text}"), "{text:?}");
            }
        }
        for text in ["\tx", "\rx", "\u{FE66}1+1"] {
            assert!(neutralize(text).starts_with('\''), "{text:?}");
        }
    }

    #[test]
    fn plain_texts_are_left_as_they_are() {
        for text in [
            "Comune di Livorno",
            " Comune con spazio",
            "\u{A0}Fornitura",
            "\nRiga",
            "B9538AC2B9",
            "01586840504",
            "",
            "\u{200B}",
            "Lotto 1 - Fornitura",
            "email a@b.it",
        ] {
            assert_eq!(neutralize(text), text, "{text:?}");
        }
    }

    #[test]
    fn numbers_keep_their_sign_and_text_that_looks_numeric_is_neutralized() {
        let negative = Cell::Money(Money(Decimal::new(-1250, 2)));
        assert_eq!(cell_text(&negative), "-12.50");
        assert_eq!(cell_text(&Cell::Int(-3)), "-3");
        assert_eq!(cell_text(&Cell::Text("-12.50".into())), "'-12.50");
    }

    #[test]
    fn a_written_table_keeps_numbers_numeric_and_texts_neutralized() {
        let table = &crate::export::tables::LOTTI;
        let first = |kind| table.columns.iter().position(|c| c.kind == kind).unwrap();
        let (text_at, number_at) = (first(Kind::Text), first(Kind::Number));
        let mut row = vec![Cell::Null; table.columns.len()];
        row[text_at] = Cell::Text("\u{A0}\u{FF1D}1+1".into());
        row[number_at] = Cell::Money(Money(Decimal::new(-1250, 2)));
        let mut out = writer(table, Vec::new()).unwrap();
        append(&mut out, &[row]).unwrap();
        let bytes = out.into_inner().unwrap();
        let mut reader = csv::Reader::from_reader(&bytes[..]);
        let record = reader.records().next().unwrap().unwrap();
        assert_eq!(&record[text_at], "'\u{A0}\u{FF1D}1+1");
        assert_eq!(&record[number_at], "-12.50");
        assert_eq!(
            record[number_at].parse::<Decimal>().unwrap(),
            Decimal::new(-1250, 2)
        );
    }
}
