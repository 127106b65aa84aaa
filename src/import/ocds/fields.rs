//! Single values of an OCDS release, read leniently: numbers or text,
//! date-times, ANAC's placeholders (`-1`, `0`), prefixed party ids.

use crate::l190::{lenient_amount, lenient_date};
use crate::model::{Date, Money};
use serde_json::Value;

/// A value that was there and could not be used: the text as published
/// and why, for the notice and the record's finding.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Unusable {
    pub raw: String,
    pub reason: String,
}

impl Unusable {
    fn new(raw: impl Into<String>, reason: impl Into<String>) -> Unusable {
        Unusable {
            raw: raw.into(),
            reason: reason.into(),
        }
    }
}

/// The value at `path`, if every step is there.
pub(super) fn at<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, key| v.get(key))
}

/// The text at `path` (a string, or a number as written), trimmed; `None`
/// when absent, null or blank.
pub(super) fn text(value: &Value, path: &[&str]) -> Option<String> {
    match at(value, path)? {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The array at `key`, or nothing (absent, null, or not an array).
pub(super) fn list<'a>(value: &'a Value, key: &str) -> &'a [Value] {
    value
        .get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// A party's code as ANAC writes it: the bare codice fiscale; an org-id
/// prefix (`IT-CF-`), blanks and lower case are removed.
pub(super) fn code(raw: &str) -> String {
    let upper: String = raw.split_whitespace().collect::<String>().to_uppercase();
    upper
        .strip_prefix("IT-CF-")
        .map(String::from)
        .unwrap_or(upper)
}

/// The amount of an OCDS `Value` object (`{"amount": …, "currency": …}`).
/// `Ok(None)`: no amount. ANAC writes `-1` for an amount it does not have,
/// and an unknown amount is never 0: both are unusable, as are amounts in
/// another currency and text that is not an amount.
pub(super) fn amount(
    value: Option<&Value>,
    what: &str,
    repairs: &mut Vec<String>,
) -> Result<Option<Money>, Unusable> {
    let Some(amount) = value.and_then(|v| v.get("amount")) else {
        return Ok(None);
    };
    let raw = match amount {
        Value::Null => return Ok(None),
        Value::Number(n) => n.to_string(),
        Value::String(s) if s.trim().is_empty() => return Ok(None),
        Value::String(s) => s.trim().to_string(),
        other => return Err(Unusable::new(other.to_string(), "non è un importo")),
    };
    if let Some(currency) = value.and_then(|v| text(v, &["currency"]))
        && !currency.eq_ignore_ascii_case("EUR")
    {
        return Err(Unusable::new(
            format!("{raw} {currency}"),
            format!("{what} in {currency}, non in euro"),
        ));
    }
    if raw.parse::<f64>().is_ok_and(|n| n == -1.0) {
        return Err(Unusable::new(
            raw,
            format!("{what} «-1»: il segnaposto di ANAC per un importo non indicato"),
        ));
    }
    let money =
        lenient_amount(&raw, what, repairs).map_err(|reason| Unusable::new(&raw, reason))?;
    if money == Money::ZERO {
        return Err(Unusable::new(
            raw,
            format!("{what} 0: importo non indicato (un importo ignoto resta vuoto, mai 0)"),
        ));
    }
    Ok(Some(money))
}

/// A date or date-time. The day of an ISO date-time is its first ten
/// characters and needs no notice (ANAC writes `2025-01-08 17:31:38.793T12:00:00Z`
/// for the release date); other writings are repaired with one.
pub(super) fn date(raw: &str, what: &str, repairs: &mut Vec<String>) -> Result<Date, Unusable> {
    let text = raw.trim();
    if let Some(day) = text.get(..10)
        && let Ok(date) = Date::parse_iso(day)
        && text[10..]
            .chars()
            .next()
            .is_none_or(|c| c == 'T' || c == ' ')
    {
        return Ok(date);
    }
    lenient_date(text, what, repairs).map_err(|reason| Unusable::new(text, reason))
}

/// The date at `path`, if there and readable.
pub(super) fn date_at(value: &Value, path: &[&str]) -> Option<Date> {
    let raw = text(value, path)?;
    date(&raw, "", &mut Vec::new()).ok()
}

/// A count (offers received): a whole number, `-1` unusable.
pub(super) fn count(value: Option<&Value>, what: &str) -> Result<Option<u32>, Unusable> {
    let raw = match value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) if s.trim().is_empty() => return Ok(None),
        Some(Value::String(s)) => s.trim().to_string(),
        Some(other) => other.to_string(),
    };
    if raw == "-1" {
        return Err(Unusable::new(
            raw,
            format!("{what} «-1»: il segnaposto di ANAC per un dato non indicato"),
        ));
    }
    raw.parse::<u32>()
        .map(Some)
        .map_err(|_| Unusable::new(&raw, format!("{what} «{raw}» non è un numero intero")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(v: Value) -> Result<Option<String>, Unusable> {
        amount(Some(&v), "importo", &mut Vec::new()).map(|m| m.map(|m| m.to_string()))
    }

    #[test]
    fn amounts_as_numbers_text_and_placeholders() {
        assert_eq!(
            read(json!({"amount": 196721.31, "currency": "EUR"})),
            Ok(Some("196721.31".into()))
        );
        assert_eq!(read(json!({"amount": 64500})), Ok(Some("64500.00".into())));
        assert_eq!(
            read(json!({"amount": "1.234,50"})),
            Ok(Some("1234.50".into()))
        );
        assert_eq!(read(json!({"amount": null})), Ok(None));
        assert_eq!(read(json!({})), Ok(None));
        for bad in [
            json!({"amount": -1}),
            json!({"amount": -1.0}),
            json!({"amount": "-1"}),
            json!({"amount": 0}),
            json!({"amount": "0,00"}),
            json!({"amount": -5}),
            json!({"amount": "circa 100"}),
            json!({"amount": true}),
            json!({"amount": 10, "currency": "USD"}),
            json!({"amount": 1e300}),
        ] {
            assert!(read(bad.clone()).is_err(), "{bad}");
        }
        let e = read(json!({"amount": -1})).unwrap_err();
        assert_eq!(e.raw, "-1");
        assert!(e.reason.contains("segnaposto"), "{}", e.reason);
    }

    #[test]
    fn dates_of_anac_and_others() {
        let mut notes = Vec::new();
        let d = |raw: &str, notes: &mut Vec<String>| date(raw, "data", notes).map(|d| d.iso());
        assert_eq!(
            d("2025-01-08 17:31:38.793T12:00:00Z", &mut notes),
            Ok("2025-01-08".into())
        );
        assert_eq!(
            d("2022-02-18T12:00:00Z", &mut notes),
            Ok("2022-02-18".into())
        );
        assert_eq!(d("2022-02-18", &mut notes), Ok("2022-02-18".into()));
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(d("18/02/2022", &mut notes), Ok("2022-02-18".into()));
        assert_eq!(notes.len(), 1);
        assert!(d("2022-02-30T00:00:00Z", &mut notes).is_err());
        assert!(d("è", &mut notes).is_err());
        assert!(d("2022-02-18é", &mut notes).is_err());
    }

    #[test]
    fn codes_and_counts() {
        assert_eq!(code(" it-cf-83000350724 "), "83000350724");
        assert_eq!(code("RNAGPP54B15L328M"), "RNAGPP54B15L328M");
        assert_eq!(count(Some(&json!(3)), "offerte"), Ok(Some(3)));
        assert_eq!(count(Some(&json!("4")), "offerte"), Ok(Some(4)));
        assert!(count(Some(&json!(-1)), "offerte").is_err());
        assert!(count(Some(&json!(2.5)), "offerte").is_err());
        assert_eq!(count(None, "offerte"), Ok(None));
        let v = json!({"a": {"b": [1]}});
        assert_eq!(list(&v["a"], "b").len(), 1);
        assert!(list(&v, "zz").is_empty());
        assert_eq!(text(&json!({"x": " y "}), &["x"]).as_deref(), Some("y"));
    }
}
