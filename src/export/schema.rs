//! The shape of every open-data table: one definition that drives the CSV
//! headers, the data dictionary on /dati/, the Frictionless descriptor and
//! the SQLite schema, so they cannot drift apart.

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
    pub fn frictionless(self) -> &'static str {
        match self {
            Kind::Text => "string",
            Kind::Integer => "integer",
            Kind::Number => "number",
            Kind::Date => "date",
            Kind::Boolean => "boolean",
        }
    }

    /// SQLite column type (dates as ISO text, booleans as 0/1).
    pub fn sqlite(self) -> &'static str {
        match self {
            Kind::Text | Kind::Date => "TEXT",
            Kind::Integer | Kind::Boolean => "INTEGER",
            Kind::Number => "REAL",
        }
    }

    /// Italian name shown in the data dictionary.
    pub fn italian(self) -> &'static str {
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
}

impl Table {
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }
}

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

/// Builds a row in column order; in debug builds every value is checked
/// against the column it is meant for, so a reordered definition fails the
/// tests instead of shifting data under the wrong header.
pub struct RowBuilder {
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

    pub fn set(mut self, name: &'static str, value: impl Into<Cell>) -> RowBuilder {
        let column = &self.table.columns[self.cells.len()];
        debug_assert_eq!(column.name, name, "table {}", self.table.name);
        let cell = value.into();
        debug_assert!(
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

    pub fn finish(self) -> Vec<Cell> {
        debug_assert_eq!(
            self.cells.len(),
            self.table.columns.len(),
            "table {}",
            self.table.name
        );
        self.cells
    }
}
