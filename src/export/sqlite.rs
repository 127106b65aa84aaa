//! `dati/vetro.sqlite`: the same tables as the CSV files, with primary and
//! foreign keys, indexes and a few views, ready for Datasette.
//!
//! Built in a temporary file and read back into bytes for `Output`. The
//! bytes are deterministic: the same statements in the same order on the
//! same SQLite version give the same pages, and the header holds no time.

use super::Download;
use super::rows::{self, Ctx, Slice};
use super::schema::{Cell, Table};
use super::tables::TABLES;
use crate::write::Output;
use anyhow::{Context, Result};
use rusqlite::types::{ToSqlOutput, Value as SqlValue};
use rusqlite::{Connection, params_from_iter};
use rust_decimal::prelude::ToPrimitive;

const VIEWS: &[(&str, &str)] = &[
    (
        "totali_per_fornitore",
        "SELECT f.id_fornitore, f.denominazione, f.numero_lotti, f.importo_attribuito, \
         f.importo_affidamenti_diretti FROM fornitori f ORDER BY f.importo_attribuito DESC",
    ),
    (
        "totali_per_ente_anno",
        "SELECT id_ente, denominazione_amministrazione_appaltante, anno, COUNT(*) AS lotti, \
         ROUND(SUM(importo_aggiudicato), 2) AS importo_aggiudicato, \
         ROUND(SUM(importo_impegnato), 2) AS importo_impegnato, \
         ROUND(SUM(importo_liquidato), 2) AS importo_liquidato \
         FROM lotti GROUP BY id_ente, anno ORDER BY id_ente, anno",
    ),
    (
        "totali_per_procedura",
        "SELECT tipo_scelta_contraente, COUNT(*) AS lotti, \
         ROUND(SUM(importo_aggiudicato), 2) AS importo_aggiudicato \
         FROM lotti GROUP BY tipo_scelta_contraente ORDER BY importo_aggiudicato DESC",
    ),
    (
        "aggiudicazioni",
        "SELECT a.id_procedura, a.cig, l.oggetto_lotto, l.id_ente, l.anno, l.tipo_scelta_contraente, \
         a.id_fornitore, a.denominazione, a.ruolo, a.importo_attribuito \
         FROM aggiudicatari a JOIN lotti l USING (id_procedura)",
    ),
];

/// `CREATE TABLE` from the table definition.
pub(crate) fn create_table(table: &Table) -> String {
    let mut parts: Vec<String> = table
        .columns
        .iter()
        .map(|c| format!("\"{}\" {}", c.name, c.kind.sqlite()))
        .collect();
    parts.push(format!("PRIMARY KEY ({})", quoted(table.primary_key)));
    for fk in table.foreign_keys {
        parts.push(format!(
            "FOREIGN KEY ({}) REFERENCES \"{}\" ({})",
            quoted(fk.columns),
            fk.table,
            quoted(fk.reference)
        ));
    }
    format!(
        "CREATE TABLE \"{}\" (\n  {}\n)",
        table.name,
        parts.join(",\n  ")
    )
}

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn sql_value(cell: &Cell) -> ToSqlOutput<'_> {
    ToSqlOutput::Owned(match cell {
        Cell::Null => SqlValue::Null,
        Cell::Text(t) => SqlValue::Text(t.clone()),
        Cell::Int(n) => SqlValue::Integer(*n),
        Cell::Money(m) => SqlValue::Real(m.0.to_f64().unwrap_or_default()),
        Cell::Date(d) => SqlValue::Text(d.iso()),
        Cell::Bool(b) => SqlValue::Integer(i64::from(*b)),
    })
}

struct SqlCell<'a>(&'a Cell);

impl rusqlite::ToSql for SqlCell<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(sql_value(self.0))
    }
}

fn fill(conn: &mut Connection, ctx: &Ctx) -> Result<()> {
    let tx = conn.transaction()?;
    // Checked at commit, so tables can be filled in any order.
    tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
    for table in TABLES {
        tx.execute_batch(&create_table(table))?;
    }
    for table in TABLES {
        let marks = vec!["?"; table.columns.len()].join(", ");
        let insert = format!("INSERT INTO \"{}\" VALUES ({marks})", table.name);
        let mut stmt = tx.prepare(&insert)?;
        rows::for_each_chunk(ctx, table, &Slice::All, |rows| {
            for row in rows {
                stmt.execute(params_from_iter(row.iter().map(SqlCell)))
                    .with_context(|| format!("SQLite: riga della tabella {}", table.name))?;
            }
            Ok(())
        })?;
        for column in table
            .indexes
            .iter()
            .chain(table.foreign_keys.iter().flat_map(|fk| fk.columns.iter()))
        {
            tx.execute_batch(&format!(
                "CREATE INDEX IF NOT EXISTS \"{0}_{1}\" ON \"{0}\" (\"{1}\")",
                table.name, column
            ))?;
        }
    }
    for (name, select) in VIEWS {
        tx.execute_batch(&format!("CREATE VIEW \"{name}\" AS {select}"))?;
    }
    tx.commit()?;
    Ok(())
}

pub(crate) fn export(ctx: &Ctx, out: &Output) -> Result<Download> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("vetro.sqlite");
    let mut conn = Connection::open(&path)?;
    conn.execute_batch("PRAGMA journal_mode = OFF; PRAGMA foreign_keys = ON;")?;
    fill(&mut conn, ctx)?;
    conn.execute_batch("VACUUM")?;
    conn.close().map_err(|(_, e)| e)?;
    Download::new("dati/vetro.sqlite".into(), "Database SQLite", "SQLite", "application/vnd.sqlite3")
        .describe("Le stesse tabelle dei file CSV in un database SQLite, con chiavi, indici e viste di totali; si apre con Datasette o DB Browser for SQLite")
        .stream(out, |file| {
            std::io::copy(&mut std::fs::File::open(&path)?, file)?;
            Ok(())
        })
}
