//! The data dictionary, for the /dati/ page and for docs/dati-aperti.md,
//! from the same table definitions as the files.

use super::schema::{Column, Table};
use super::tables::TABLES;
use serde::Serialize;

/// A table as the /dati/ page shows it.
#[derive(Serialize)]
pub(crate) struct TableEntry {
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub primary_key: &'static [&'static str],
    pub columns: Vec<ColumnEntry>,
}

/// A column, with its type in Italian.
#[derive(Serialize)]
pub(crate) struct ColumnEntry {
    pub name: &'static str,
    pub tipo: &'static str,
    pub description: &'static str,
    pub anac: Option<&'static str>,
}

/// The tables and columns as the /dati/ page shows them.
pub(crate) fn page_tables() -> Vec<TableEntry> {
    TABLES.iter().map(|t| table_entry(t)).collect()
}

fn table_entry(t: &Table) -> TableEntry {
    TableEntry {
        name: t.name,
        title: t.title,
        description: t.description,
        primary_key: t.primary_key,
        columns: t.columns.iter().map(column_entry).collect(),
    }
}

fn column_entry(c: &Column) -> ColumnEntry {
    ColumnEntry {
        name: c.name,
        tipo: c.kind.italian(),
        description: c.description,
        anac: c.anac,
    }
}

/// The dictionary as Markdown: one section and one table per CSV file.
/// docs/dati-aperti.md holds this text verbatim (a test checks it).
pub fn dictionary_markdown() -> String {
    let mut md = String::new();
    for t in TABLES {
        md.push_str(&format!(
            "### `{}.csv` – {}\n\n{}.\n\n",
            t.name, t.title, t.description
        ));
        md.push_str(&format!("Chiave primaria: {}.", list(t.primary_key)));
        for fk in t.foreign_keys {
            md.push_str(&format!(
                " {} rimanda a `{}.csv` ({}).",
                list(fk.columns),
                fk.table,
                list(fk.reference)
            ));
        }
        md.push_str(
            "\n\n| colonna | tipo | descrizione | dataset ANAC |\n| --- | --- | --- | --- |\n",
        );
        for c in t.columns {
            md.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                c.name,
                c.kind.italian(),
                c.description.replace('|', "\\|"),
                c.anac.map_or("–".to_string(), |d| format!("«{d}»"))
            ));
        }
        md.push('\n');
    }
    md
}

fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(" + ")
}
