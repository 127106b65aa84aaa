//! `dati/vetro.sqlite`: the same tables as the CSV files, with primary and
//! foreign keys, indexes, a few views and full-text indexes, ready for
//! Datasette; `dati/vetro-metadata.json` gives Datasette the title, licence,
//! source and every column's description (`datasette vetro.sqlite -m
//! vetro-metadata.json`).
//!
//! Built in a temporary file and read back into bytes for `Output`. The
//! bytes are deterministic: the same statements in the same order on the
//! same SQLite version give the same pages, and the header holds no time.

use super::Download;
use super::datapackage::licence_url;
use super::rows::{self, Ctx, Slice};
use super::schema::{Cell, Table};
use super::tables::TABLES;
use crate::model::Config;
use crate::route::{Route, Section, Urls};
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
        "fornitori_per_ente",
        "SELECT l.id_ente, e.denominazione AS ente, a.id_fornitore, a.denominazione, \
         COUNT(*) AS lotti, ROUND(SUM(a.importo_attribuito), 2) AS importo_attribuito \
         FROM aggiudicatari a JOIN lotti l USING (id_procedura) JOIN enti e USING (id_ente) \
         GROUP BY l.id_ente, a.id_fornitore ORDER BY l.id_ente, importo_attribuito DESC",
    ),
    (
        "aggiudicazioni",
        "SELECT a.id_procedura, a.cig, l.oggetto_lotto, l.id_ente, l.anno, l.tipo_scelta_contraente, \
         a.id_fornitore, a.denominazione, a.ruolo, a.importo_attribuito \
         FROM aggiudicatari a JOIN lotti l USING (id_procedura)",
    ),
];

/// Columns of each table in its full-text index `<table>_fts` (FTS5, an
/// external-content table Datasette finds by itself for `?_search=`).
/// Accents are folded, so «citta» finds «Città».
const FULL_TEXT: &[(&str, &[&str])] = &[
    (
        "lotti",
        &[
            "cig",
            "oggetto_lotto",
            "denominazione_amministrazione_appaltante",
            "ufficio",
            "descrizione_cpv",
            "aggiudicatari",
        ],
    ),
    (
        "atti",
        &[
            "oggetto",
            "ufficio",
            "denominazione_amministrazione_appaltante",
        ],
    ),
    ("fornitori", &["denominazione", "partita_iva"]),
    ("enti", &["denominazione", "codice_fiscale"]),
];

/// The column Datasette shows for a row another table points at.
const LABELS: &[(&str, &str)] = &[("enti", "denominazione"), ("fornitori", "denominazione")];

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

/// The FTS5 index of `columns` of `table`, filled from its rows.
fn full_text(table: &str, columns: &[&str]) -> String {
    let list = quoted(columns);
    format!(
        "CREATE VIRTUAL TABLE \"{table}_fts\" USING fts5({list}, content=\"{table}\", \
         tokenize=\"unicode61 remove_diacritics 2\");\n\
         INSERT INTO \"{table}_fts\" (rowid, {list}) SELECT rowid, {list} FROM \"{table}\";"
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
    for (table, columns) in FULL_TEXT {
        tx.execute_batch(&full_text(table, columns))?;
    }
    for (name, select) in VIEWS {
        tx.execute_batch(&format!("CREATE VIEW \"{name}\" AS {select}"))?;
    }
    tx.commit()?;
    Ok(())
}

/// The database and its Datasette metadata.
pub(crate) fn export(ctx: &Ctx, config: &Config, out: &Output) -> Result<Vec<Download>> {
    Ok(vec![database(ctx, out)?, metadata(config, out)?])
}

fn database(ctx: &Ctx, out: &Output) -> Result<Download> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("vetro.sqlite");
    let mut conn = Connection::open(&path)?;
    conn.execute_batch("PRAGMA journal_mode = OFF; PRAGMA foreign_keys = ON;")?;
    fill(&mut conn, ctx)?;
    conn.execute_batch("VACUUM")?;
    conn.close().map_err(|(_, e)| e)?;
    Download::new("dati/vetro.sqlite".into(), "Database SQLite", "SQLite", "application/vnd.sqlite3")
        .describe("Le stesse tabelle dei file CSV in un database SQLite, con chiavi, indici e viste di totali; si apre con Datasette o DB Browser for SQLite")
        .gzipped()
        .stream(out, |file| {
            std::io::copy(&mut std::fs::File::open(&path)?, file)?;
            Ok(())
        })
}

/// `dati/vetro-metadata.json`, Datasette's metadata: the portal as source,
/// its licence, each table's and column's description from `TABLES`.
fn metadata(config: &Config, out: &Output) -> Result<Download> {
    let tables: serde_json::Map<String, serde_json::Value> = TABLES
        .iter()
        .map(|t| {
            let columns: serde_json::Map<String, serde_json::Value> = t
                .columns
                .iter()
                .map(|c| (c.name.to_string(), c.description.into()))
                .collect();
            let mut entry = serde_json::json!({
                "title": t.title,
                "description": t.description,
                "columns": columns,
            });
            if let Some((_, label)) = LABELS.iter().find(|(name, _)| *name == t.name) {
                entry["label_column"] = (*label).into();
            }
            (t.name.to_string(), entry)
        })
        .collect();
    let mut meta = serde_json::json!({
        "title": config.titolo,
        "description": "Atti e procedure di affidamento del portale, le stesse tabelle dei file CSV",
        "license": config.licenza,
        "source": config.titolo,
        "source_url": Urls::new(&config.url_base).absolute(&Route::Section(Section::Dati)),
        "databases": { "vetro": { "tables": tables } },
    });
    if let Some(url) = licence_url(&config.licenza) {
        meta["license_url"] = url.into();
    }
    Download::new("dati/vetro-metadata.json".into(), "Metadati per Datasette", "JSON", "application/json")
        .describe("Titolo, licenza, fonte e descrizione di ogni tabella e colonna del database SQLite, per Datasette: datasette vetro.sqlite -m vetro-metadata.json")
        .emit(out, &serde_json::to_vec_pretty(&meta)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_text_and_label_columns_exist() {
        let has = |table: &str, column: &str| {
            TABLES
                .iter()
                .any(|t| t.name == table && t.columns.iter().any(|c| c.name == column))
        };
        for (table, columns) in FULL_TEXT {
            for column in *columns {
                assert!(has(table, column), "{table}.{column}");
            }
        }
        for (table, column) in LABELS {
            assert!(has(table, column), "{table}.{column}");
        }
    }
}
