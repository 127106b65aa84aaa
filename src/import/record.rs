//! Procedure records as TOML tables: built from the model's structs,
//! merged key by key, written in a stable, readable key order.

use crate::model::{Date, Lotto, RecordHeader};
use serde::Serialize;
use toml::Table;
use toml::value::{Datetime, Value};

/// A record's keys: the header's and the lot's, at the same level.
#[derive(Serialize)]
struct Record<'a> {
    #[serde(flatten)]
    header: &'a RecordHeader,
    #[serde(flatten)]
    lotto: &'a Lotto,
}

/// Keys holding dates, written as TOML dates rather than strings.
const DATE_KEYS: &[&str] = &["data", "data_pubblicazione", "dal", "al"];

/// The order keys are written in; others follow alphabetically.
const KEY_ORDER: &[&str] = &[
    "ente",
    "cig",
    "codice",
    "anno",
    "fonte",
    "data_pubblicazione",
    "oggetto",
    "ufficio",
    "svolta_da",
    "cpv",
    "cup",
    "procedura",
    "norma",
    "strumento",
    "criterio",
    "importo_base",
    "oneri_sicurezza",
    "importo_netto",
    "aliquota_iva",
    "importo_iva",
    "importo_totale",
    "offerte_ricevute",
    "dal",
    "al",
    "data",
    "denominazione",
    "partita_iva",
    "codice_fiscale",
    "id_estero",
    "raggruppamento",
    "ruolo",
    "importo",
];

/// The table of a record, with dates as TOML dates and no empty lists.
pub(crate) fn record_table(header: &RecordHeader, lotto: &Lotto) -> Result<Table, String> {
    let record = Record { header, lotto };
    let mut table = Table::try_from(&record).map_err(|e| e.to_string())?;
    tidy(&mut table);
    Ok(table)
}

fn tidy(table: &mut Table) {
    table.retain(|_, v| !matches!(v, Value::Array(a) if a.is_empty()));
    for (key, value) in table.iter_mut() {
        match value {
            Value::String(s) if DATE_KEYS.contains(&key.as_str()) => {
                if let Ok(date) = Date::parse_iso(s)
                    && let Ok(datetime) = date.iso().parse::<Datetime>()
                {
                    *value = Value::Datetime(datetime);
                }
            }
            Value::Table(inner) => tidy(inner),
            Value::Array(items) => items.iter_mut().for_each(|item| {
                if let Value::Table(inner) = item {
                    tidy(inner);
                }
            }),
            _ => {}
        }
    }
}

/// Reads a record file as a plain table, keeping every key (also those an
/// import does not know), and checks that the model can load it.
pub(crate) fn read_table(text: &str) -> Result<Table, String> {
    let table: Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
    check(&table)?;
    Ok(table)
}

/// Whether the table loads as a `RecordHeader` and a `Lotto`.
pub(crate) fn check(table: &Table) -> Result<(), String> {
    let text = toml::to_string(table).map_err(|e| e.to_string())?;
    toml::from_str::<RecordHeader>(&text).map_err(|e| e.message().to_string())?;
    toml::from_str::<Lotto>(&text).map_err(|e| e.message().to_string())?;
    Ok(())
}

/// The file's text: keys in `KEY_ORDER`, then alphabetical; tables and
/// lists of tables come last, alphabetically.
pub(crate) fn render(table: &Table) -> Result<String, String> {
    let text = toml::to_string(table).map_err(|e| e.to_string())?;
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e| format!("{e}"))?;
    sort(doc.as_table_mut());
    Ok(doc.to_string())
}

fn rank(key: &str) -> (usize, String) {
    let position = KEY_ORDER.iter().position(|k| *k == key);
    (position.unwrap_or(KEY_ORDER.len()), key.to_string())
}

fn sort(table: &mut toml_edit::Table) {
    table.sort_values_by(|a, _, b, _| rank(a.get()).cmp(&rank(b.get())));
    for (_, item) in table.iter_mut() {
        match item {
            toml_edit::Item::Table(inner) => sort(inner),
            toml_edit::Item::ArrayOfTables(array) => array.iter_mut().for_each(sort),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Liquidazione, Money, Operatore, Periodo};
    use rust_decimal::Decimal;

    #[test]
    fn rendered_in_order_with_dates_and_without_empty_lists() {
        let header = RecordHeader {
            ente: "comune-di-prova".into(),
            anno: Some(2019),
            fonte: Some("ANAC L.190 2019".into()),
            data_pubblicazione: Date::parse_iso("2020-01-31").ok(),
            ufficio: None,
            svolta_da: None,
            liquidazioni: vec![Liquidazione {
                data: None,
                importo: Money(Decimal::new(91000, 2)),
                fattura: None,
                cig: None,
                beneficiario: None,
                base_iva: None,
            }],
            segnalazioni: Vec::new(),
        };
        let lotto = Lotto {
            cig: Some("ZE82B2C90C".into()),
            oggetto: Some("Licenze".into()),
            importo_netto: Some(Money(Decimal::new(91000, 2))),
            periodo: Some(Periodo {
                dal: Date::parse_iso("2019-12-17").ok(),
                al: None,
            }),
            aggiudicatari: vec![Operatore {
                denominazione: "DB Srl".into(),
                partita_iva: Some("01894100302".into()),
                ..Operatore::default()
            }],
            ..Lotto::default()
        };
        let table = record_table(&header, &lotto).unwrap();
        let text = render(&table).unwrap();
        let expected = "ente = \"comune-di-prova\"\ncig = \"ZE82B2C90C\"\nanno = 2019\n\
fonte = \"ANAC L.190 2019\"\ndata_pubblicazione = 2020-01-31\noggetto = \"Licenze\"\n\
importo_netto = \"910.00\"\n\n[[aggiudicatari]]\ndenominazione = \"DB Srl\"\n\
partita_iva = \"01894100302\"\n\n[[liquidazioni]]\nimporto = \"910.00\"\n\n\
[periodo]\ndal = 2019-12-17\n";
        assert_eq!(text, expected);
        let again = read_table(&text).unwrap();
        assert_eq!(again, table);
    }
}
