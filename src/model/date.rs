//! Calendar dates of acts, periods and payments.
//!
//! Written in act files as TOML dates (`data = 2025-12-12`); a quoted ISO
//! string is accepted too, since spreadsheets and imports often produce one.

use chrono::{Datelike, NaiveDate};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl Date {
    /// Years outside this range are placeholders: ANAC CIGs exist since 2006
    /// and L.190 datasets since 2012, so a contract running in them cannot have
    /// started before 1990; an end after 2100 is an "open-ended" filler (9999).
    pub(crate) const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

    /// A filler for an unknown date (0001-01-01, 9999-12-31): its year is
    /// outside `PLAUSIBLE_YEARS`.
    pub(crate) fn is_placeholder(self) -> bool {
        !Self::PLAUSIBLE_YEARS.contains(&self.year())
    }

    pub fn year(self) -> i32 {
        self.0.year()
    }

    /// `12/12/2025`, as dates are written in Italian acts.
    pub(crate) fn italian(self) -> String {
        self.0.format("%d/%m/%Y").to_string()
    }

    pub fn iso(self) -> String {
        self.0.format("%Y-%m-%d").to_string()
    }

    pub(crate) fn parse_iso(text: &str) -> Result<Date, String> {
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map(Date)
            .map_err(|_| {
                format!("«{text}» non è una data valida: scrivi AAAA-MM-GG, ad esempio 2025-12-12")
            })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.iso())
    }
}

struct DateVisitor;

impl<'de> Visitor<'de> for DateVisitor {
    type Value = Date;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date such as 2025-12-12")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
        Date::parse_iso(v).map_err(E::custom)
    }

    /// TOML dates reach serde as a one-entry map holding their text.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Date, A::Error> {
        let Some((_, text)) = map.next_entry::<String, String>()? else {
            return Err(de::Error::custom("data mancante"));
        };
        if text.len() != 10 {
            return Err(de::Error::custom(format!(
                "«{text}» non è una data semplice: scrivi solo AAAA-MM-GG, senza ora"
            )));
        }
        Date::parse_iso(&text).map_err(de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DateVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Doc {
        data: Date,
    }

    #[test]
    fn toml_dates_and_iso_strings() {
        let d: Doc = toml::from_str("data = 2025-12-12").unwrap();
        assert_eq!(d.data.italian(), "12/12/2025");
        let d: Doc = toml::from_str("data = \"2020-03-30\"").unwrap();
        assert_eq!(d.data.year(), 2020);
        assert!(toml::from_str::<Doc>("data = 2025-02-30").is_err());
        assert!(toml::from_str::<Doc>("data = 2025-12-12T10:00:00").is_err());
        assert!(toml::from_str::<Doc>("data = \"12/12/2025\"").is_err());
    }
}
