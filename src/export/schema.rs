//! The shape of every open-data table: one definition that drives the CSV
//! headers, the data dictionary on /dati/, the Frictionless descriptor and
//! the SQLite schema, so they cannot drift apart.

use super::rows::Rows;
use crate::model::{Date, Money};
use serde::Serialize;

/// The type of a column, as every format spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Text, codes included: P.IVA, CIG and CPV keep their leading zeros.
    Text,
    Integer,
    /// An amount in euro (or a rate), written with `.` decimals.
    Number,
    /// ISO date, `YYYY-MM-DD`.
    Date,
    Boolean,
}

impl Kind {
    /// Frictionless Table Schema type.
    pub(crate) fn frictionless(self) -> &'static str {
        match self {
            Kind::Text => "string",
            Kind::Integer => "integer",
            Kind::Number => "number",
            Kind::Date => "date",
            Kind::Boolean => "boolean",
        }
    }

    /// SQLite column type (dates as ISO text, booleans as 0/1).
    pub(crate) fn sqlite(self) -> &'static str {
        match self {
            Kind::Text | Kind::Date => "TEXT",
            Kind::Integer | Kind::Boolean => "INTEGER",
            Kind::Number => "REAL",
        }
    }

    /// Italian name shown in the data dictionary.
    pub(crate) fn italian(self) -> &'static str {
        match self {
            Kind::Text => "testo",
            Kind::Integer => "intero",
            Kind::Number => "numero",
            Kind::Date => "data",
            Kind::Boolean => "vero/falso",
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
    /// Italian description for the dictionary and the descriptors.
    pub description: &'static str,
    /// The ANAC open-data dataset whose column has this same name and meaning.
    pub anac: Option<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct ForeignKey {
    pub columns: &'static [&'static str],
    pub table: &'static str,
    pub reference: &'static [&'static str],
}

#[derive(Debug, Serialize)]
pub struct Table {
    /// File stem and SQLite table name, e.g. `lotti`.
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub columns: &'static [Column],
    pub primary_key: &'static [&'static str],
    pub foreign_keys: &'static [ForeignKey],
    /// Columns worth an index in SQLite besides keys.
    pub indexes: &'static [&'static str],
    /// Where the table's rows come from.
    #[serde(skip)]
    pub(crate) rows: Rows,
}

impl Table {}

/// One value of a row.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Null,
    Text(String),
    Int(i64),
    Money(Money),
    Date(Date),
    Bool(bool),
}

impl From<Option<String>> for Cell {
    fn from(v: Option<String>) -> Cell {
        v.map_or(Cell::Null, Cell::Text)
    }
}
impl From<Option<&String>> for Cell {
    fn from(v: Option<&String>) -> Cell {
        v.map_or(Cell::Null, |s| Cell::Text(s.clone()))
    }
}
impl From<Option<&str>> for Cell {
    fn from(v: Option<&str>) -> Cell {
        v.map_or(Cell::Null, |s| Cell::Text(s.to_string()))
    }
}
impl From<&str> for Cell {
    fn from(v: &str) -> Cell {
        Cell::Text(v.to_string())
    }
}
impl From<String> for Cell {
    fn from(v: String) -> Cell {
        Cell::Text(v)
    }
}
impl From<&String> for Cell {
    fn from(v: &String) -> Cell {
        Cell::Text(v.clone())
    }
}
impl From<Option<Money>> for Cell {
    fn from(v: Option<Money>) -> Cell {
        v.map_or(Cell::Null, Cell::Money)
    }
}
impl From<Money> for Cell {
    fn from(v: Money) -> Cell {
        Cell::Money(v)
    }
}
impl From<Option<Date>> for Cell {
    fn from(v: Option<Date>) -> Cell {
        v.map_or(Cell::Null, Cell::Date)
    }
}
impl From<Date> for Cell {
    fn from(v: Date) -> Cell {
        Cell::Date(v)
    }
}
impl From<i64> for Cell {
    fn from(v: i64) -> Cell {
        Cell::Int(v)
    }
}
impl From<i32> for Cell {
    fn from(v: i32) -> Cell {
        Cell::Int(v.into())
    }
}
impl From<usize> for Cell {
    fn from(v: usize) -> Cell {
        Cell::Int(i64::try_from(v).unwrap_or(i64::MAX))
    }
}
impl From<Option<i32>> for Cell {
    fn from(v: Option<i32>) -> Cell {
        v.map_or(Cell::Null, |n| Cell::Int(n.into()))
    }
}
impl From<Option<u32>> for Cell {
    fn from(v: Option<u32>) -> Cell {
        v.map_or(Cell::Null, |n| Cell::Int(n.into()))
    }
}
impl From<bool> for Cell {
    fn from(v: bool) -> Cell {
        Cell::Bool(v)
    }
}

/// Builds a row in column order; every value is checked against the column
/// it is meant for, so a reordered definition stops the export (and fails
/// the tests, which run in release) instead of shifting data under the wrong
/// header. The check is a comparison of two short names per cell.
pub(crate) struct RowBuilder {
    table: &'static Table,
    cells: Vec<Cell>,
}

impl RowBuilder {
    pub fn new(table: &'static Table) -> RowBuilder {
        RowBuilder {
            table,
            cells: Vec::with_capacity(table.columns.len()),
        }
    }

    pub(crate) fn set(mut self, name: &'static str, value: impl Into<Cell>) -> RowBuilder {
        let column = &self.table.columns[self.cells.len()];
        assert_eq!(column.name, name, "table {}", self.table.name);
        let cell = value.into();
        assert!(
            matches!(
                (&cell, column.kind),
                (Cell::Null, _)
                    | (Cell::Text(_), Kind::Text)
                    | (Cell::Int(_), Kind::Integer)
                    | (Cell::Money(_), Kind::Number)
                    | (Cell::Date(_), Kind::Date)
                    | (Cell::Bool(_), Kind::Boolean)
            ),
            "{}.{name} is {:?}, got {cell:?}",
            self.table.name,
            column.kind
        );
        self.cells.push(cell);
        self
    }

    pub(crate) fn finish(self) -> Vec<Cell> {
        assert_eq!(
            self.cells.len(),
            self.table.columns.len(),
            "table {}",
            self.table.name
        );
        self.cells
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static TWO: Table = Table {
        name: "prova",
        title: "Prova",
        description: "",
        columns: &[
            Column {
                name: "cig",
                kind: Kind::Text,
                description: "",
                anac: None,
            },
            Column {
                name: "importo",
                kind: Kind::Number,
                description: "",
                anac: None,
            },
        ],
        primary_key: &["cig"],
        foreign_keys: &[],
        indexes: &[],
        rows: Rows::Whole(|_, _| Vec::new()),
    };

    #[test]
    fn a_row_in_column_order_is_built() {
        let row = RowBuilder::new(&TWO)
            .set("cig", "B9538AC2B9")
            .set("importo", Cell::Null)
            .finish();
        assert_eq!(row.len(), 2);
    }

    // These guards are plain asserts so that they hold in the release build the
    // test suite runs (they used to be debug_asserts, silent there).
    #[test]
    #[should_panic(expected = "table prova")]
    fn a_value_for_the_wrong_column_stops_the_export() {
        let _ = RowBuilder::new(&TWO).set("importo", Cell::Null);
    }

    #[test]
    #[should_panic(expected = "prova.cig is Text")]
    fn a_value_of_the_wrong_type_stops_the_export() {
        let _ = RowBuilder::new(&TWO).set("cig", Cell::Int(1));
    }

    #[test]
    #[should_panic(expected = "table prova")]
    fn a_short_row_stops_the_export() {
        let _ = RowBuilder::new(&TWO).set("cig", "X").finish();
    }
}
