//! CSV files: RFC 4180, UTF-8 without BOM, `,` separator, `.` decimals,
//! ISO dates, CRLF line ends (the csv crate's RFC 4180 default).
//!
//! No BOM: pandas, R, Frictionless and ANAC's own files expect none; the
//! /dati/ page and docs/dati-aperti.md explain how to open the files in a
//! spreadsheet as UTF-8.

use super::schema::{Cell, Table};

/// Characters a spreadsheet reads as the start of a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Prefixes `'` to a text a spreadsheet would run as a formula. Only text
/// cells pass here: amounts are numbers and are never altered.
pub fn neutralize(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// The text of a cell as written in a CSV file.
pub fn cell_text(cell: &Cell) -> std::borrow::Cow<'_, str> {
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
pub fn writer<W: std::io::Write>(table: &Table, file: W) -> anyhow::Result<csv::Writer<W>> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(file);
    writer.write_record(table.columns.iter().map(|c| c.name))?;
    Ok(writer)
}

/// Appends rows to a table's CSV.
pub fn append<W: std::io::Write>(
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
    use crate::model::Money;
    use rust_decimal::Decimal;

    #[test]
    fn formulas_are_neutralized_but_amounts_are_not() {
        assert_eq!(neutralize("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        for s in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralize(s).starts_with('\''), "{s:?}");
        }
        assert_eq!(neutralize("Comune di Livorno"), "Comune di Livorno");
        let negative = Cell::Money(Money(Decimal::new(-1250, 2)));
        assert_eq!(cell_text(&negative), "-12.50");
        assert_eq!(cell_text(&Cell::Text("-12.50".into())), "'-12.50");
    }
}
