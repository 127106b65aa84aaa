//! Money and percentages: exact decimals written as a string or an integer.
//!
//! A TOML float (`importo = 104832.5`) is refused on purpose: binary floats
//! cannot hold cents exactly, and a silent rounding would publish a wrong sum.

use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An amount in euro (or a rate, for `aliquota_iva`), parsed exactly.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(pub Decimal);

/// Serialized as a decimal string ("104832.00"): exact in every JSON reader.
impl Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl Money {
    pub(crate) const ZERO: Money = Money(Decimal::ZERO);

    pub(crate) fn value(self) -> Decimal {
        self.0
    }
}

impl From<Decimal> for Money {
    fn from(value: Decimal) -> Self {
        Money(value)
    }
}

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, other: Money) -> Money {
        Money(self.0 + other.0)
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Message shown when a float literal is used for money.
pub const FLOAT_MONEY: &str = "un importo non può essere un numero decimale TOML: scrivilo tra virgolette, ad esempio \"104832.00\"";

/// Parses "104832.00", "1500", "1500.0": digits, an optional sign and one dot.
/// Thousands separators and commas are refused rather than guessed.
pub fn parse_amount(text: &str) -> Result<Decimal, String> {
    let trimmed = text.trim();
    let well_formed = !trimmed.is_empty()
        && trimmed
            .trim_start_matches(['-', '+'])
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.')
        && trimmed.matches('.').count() <= 1
        && trimmed.chars().any(|c| c.is_ascii_digit());
    if !well_formed {
        return Err(format!(
            "«{trimmed}» non è un importo: usa solo cifre e il punto per i decimali, senza separatore delle migliaia (es. \"104832.00\")"
        ));
    }
    Decimal::from_str(trimmed).map_err(|e| format!("«{trimmed}» non è un importo valido: {e}"))
}

struct MoneyVisitor;

impl<'de> Visitor<'de> for MoneyVisitor {
    type Value = Money;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an amount as a string (\"104832.00\") or an integer")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Money, E> {
        parse_amount(v).map(Money).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Money, E> {
        Ok(Money(Decimal::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Money, E> {
        Ok(Money(Decimal::from(v)))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Money, E> {
        Err(E::custom(FLOAT_MONEY))
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(MoneyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Doc {
        importo: Money,
    }

    fn parse(src: &str) -> Result<Money, String> {
        toml::from_str::<Doc>(src)
            .map(|d| d.importo)
            .map_err(|e| e.message().to_string())
    }

    #[test]
    fn strings_and_integers_are_exact() {
        assert_eq!(
            parse("importo = \"104832.00\"").unwrap().to_string(),
            "104832.00"
        );
        assert_eq!(parse("importo = 1500").unwrap().to_string(), "1500");
        assert_eq!(
            parse("importo = \"0.1\"").unwrap().0 * Decimal::from(3),
            Decimal::from_str("0.3").unwrap()
        );
    }

    #[test]
    fn floats_and_formatted_numbers_are_refused() {
        assert!(
            parse("importo = 104832.5")
                .unwrap_err()
                .contains("tra virgolette")
        );
        assert!(parse("importo = \"104.832,00\"").is_err());
        assert!(parse("importo = \"€ 10\"").is_err());
        assert!(parse("importo = \"\"").is_err());
    }
}
