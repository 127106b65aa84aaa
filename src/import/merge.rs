//! Merging a record from a source into a record already present.
//!
//! Yearly L.190 files tell the same story again with newer figures: between
//! them the latest year wins, and the record lists every source in `fonte`.
//! Between different kinds of source, or over a record written by hand,
//! empty keys are filled and a different value is a conflict: reported,
//! and the value already in the file is kept.

use toml::Table;
use toml::Value;

pub(crate) struct Merged {
    pub table: Table,
    /// Values replaced by a newer source, as "key: old → new".
    pub updates: Vec<String>,
    /// Values left as they were although the source says otherwise.
    pub conflicts: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Winner {
    Incoming,
    Existing,
    /// Neither: fill the gaps, report the differences.
    Neither,
}

const SEPARATOR: &str = "; ";

/// Listed in `fonte` when a record that had none is merged: what a person
/// wrote is then never taken for an older import.
pub(crate) const BY_HAND: &str = "redazione manuale";

/// The sources listed in a record's `fonte`.
pub(crate) fn sources(table: &Table) -> Vec<String> {
    table
        .get("fonte")
        .and_then(Value::as_str)
        .map(|f| {
            f.split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

/// `ANAC L.190 2019` → 2019.
fn l190_year(source: &str) -> Option<i32> {
    source.strip_prefix("ANAC L.190 ")?.trim().parse().ok()
}

fn winner(existing: &[String], incoming: &str) -> Winner {
    if existing.is_empty() {
        return Winner::Neither;
    }
    if let Some(year) = l190_year(incoming) {
        let years: Option<Vec<i32>> = existing.iter().map(|s| l190_year(s)).collect();
        if let Some(newest) = years.and_then(|y| y.into_iter().max()) {
            return if year >= newest {
                Winner::Incoming
            } else {
                Winner::Existing
            };
        }
    }
    if existing.iter().all(|s| s == incoming) {
        // A newer extract of the same dataset.
        return Winner::Incoming;
    }
    Winner::Neither
}

fn short(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if text.chars().count() > 80 {
        format!("{}…", text.chars().take(80).collect::<String>())
    } else {
        text
    }
}

pub(crate) fn merge(existing: &Table, incoming: &Table, source: &str) -> Merged {
    let mut listed = sources(existing);
    let winner = winner(&listed, source);
    if listed.is_empty() {
        listed.push(BY_HAND.to_string());
    }
    let mut out = Merged {
        table: existing.clone(),
        updates: Vec::new(),
        conflicts: Vec::new(),
    };
    for (key, new) in incoming {
        if key == "fonte" {
            continue;
        }
        let Some(old) = existing.get(key) else {
            out.table.insert(key.clone(), new.clone());
            continue;
        };
        if old == new {
            continue;
        }
        match winner {
            Winner::Incoming => {
                if key != "anno" {
                    out.updates
                        .push(format!("{key}: «{}» → «{}»", short(old), short(new)));
                }
                out.table.insert(key.clone(), new.clone());
            }
            Winner::Existing => {}
            Winner::Neither => out.conflicts.push(format!(
                "{key}: il file ha «{}», la fonte «{source}» dice «{}»; mantenuto il valore del file",
                short(old),
                short(new)
            )),
        }
    }
    if !listed.iter().any(|s| s == source) {
        listed.push(source.to_string());
    }
    listed.sort_by_key(|s| (l190_year(s).unwrap_or(i32::MAX), s.clone()));
    out.table
        .insert("fonte".into(), Value::String(listed.join(SEPARATOR)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Table {
        text.parse().unwrap()
    }

    #[test]
    fn latest_year_wins_and_history_is_kept() {
        let y2019 = table(
            "fonte = \"ANAC L.190 2019\"\nanno = 2019\nimporto_netto = \"100.00\"\noggetto = \"A\"",
        );
        let y2020 = table(
            "fonte = \"ANAC L.190 2020\"\nanno = 2020\nimporto_netto = \"150.00\"\ncup = \"X\"",
        );
        let m = merge(&y2019, &y2020, "ANAC L.190 2020");
        assert_eq!(m.table["importo_netto"].as_str(), Some("150.00"));
        assert_eq!(m.table["oggetto"].as_str(), Some("A"));
        assert_eq!(m.table["cup"].as_str(), Some("X"));
        assert_eq!(
            m.table["fonte"].as_str(),
            Some("ANAC L.190 2019; ANAC L.190 2020")
        );
        assert_eq!(m.updates, vec!["importo_netto: «100.00» → «150.00»"]);
        assert!(m.conflicts.is_empty());
        // The older file imported afterwards changes nothing but the history.
        let back = merge(&m.table, &y2019, "ANAC L.190 2019");
        assert_eq!(back.table, m.table);
        assert!(back.updates.is_empty() && back.conflicts.is_empty());
    }

    #[test]
    fn hand_written_records_are_never_overwritten() {
        let by_hand = table("ente = \"x\"\nimporto_netto = \"99.00\"");
        let l190 = table("importo_netto = \"100.00\"\noggetto = \"A\"");
        let m = merge(&by_hand, &l190, "ANAC L.190 2019");
        assert_eq!(m.table["importo_netto"].as_str(), Some("99.00"));
        assert_eq!(m.table["oggetto"].as_str(), Some("A"));
        assert_eq!(m.conflicts.len(), 1);
        assert!(m.conflicts[0].starts_with("importo_netto"));
        // Another kind of source: a conflict too.
        let csv = merge(
            &m.table,
            &table("importo_netto = \"1.00\""),
            "ANAC BDNCP cig",
        );
        assert_eq!(csv.conflicts.len(), 1);
        let fonte = "ANAC L.190 2019; ANAC BDNCP cig; redazione manuale";
        assert_eq!(csv.table["fonte"].as_str(), Some(fonte));
        let later = merge(
            &csv.table,
            &table("importo_netto = \"5.00\""),
            "ANAC L.190 2020",
        );
        assert_eq!(later.table["importo_netto"].as_str(), Some("99.00"));
        assert_eq!(later.conflicts.len(), 1);
    }
}
