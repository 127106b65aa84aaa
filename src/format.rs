//! Italian formatting of money, dates and counts, used by templates and by
//! the check report.

use rust_decimal::Decimal;
use std::str::FromStr;

/// `€ 104.832,00`: thousands with dots, two decimals after a comma.
pub(crate) fn euro(amount: Decimal) -> String {
    let rounded = amount.round_dp(2);
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    let text = format!("{:.2}", rounded.abs());
    let (int, dec) = text.split_once('.').unwrap_or((&text, "00"));
    let sign = if negative { "-" } else { "" };
    format!("€ {sign}{},{dec}", group_thousands(int))
}

/// `20.000`: an integer with Italian thousands separators.
pub(crate) fn count(n: u64) -> String {
    group_thousands(&n.to_string())
}

fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// `2025-12-12` → `12/12/2025`; anything else is returned unchanged.
pub fn date(iso: &str) -> String {
    match crate::model::Date::parse_iso(iso) {
        Ok(d) => d.italian(),
        Err(_) => iso.to_string(),
    }
}

/// `35.5` → `35,5%`.
pub(crate) fn percent(value: Decimal) -> String {
    format!("{}%", value.normalize().to_string().replace('.', ","))
}

/// Parses a decimal as serialized by the catalog ("104832.00").
pub(crate) fn decimal(text: &str) -> Option<Decimal> {
    Decimal::from_str(text.trim()).ok()
}

/// `1,2 MB`: a file size for attachments and downloads.
pub(crate) fn bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["byte", "kB", "MB", "GB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} byte")
    } else {
        format!("{:.1} {}", value, UNITS[unit]).replace('.', ",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_written_the_italian_way() {
        assert_eq!(
            euro(Decimal::from_str("104832.00").unwrap()),
            "€ 104.832,00"
        );
        assert_eq!(euro(Decimal::from_str("1990").unwrap()), "€ 1.990,00");
        assert_eq!(euro(Decimal::from_str("0.5").unwrap()), "€ 0,50");
        assert_eq!(euro(Decimal::from_str("999").unwrap()), "€ 999,00");
        assert_eq!(
            euro(Decimal::from_str("1234567.891").unwrap()),
            "€ 1.234.567,89"
        );
        assert_eq!(euro(Decimal::from_str("-12.5").unwrap()), "€ -12,50");
    }

    #[test]
    fn dates_counts_and_sizes() {
        assert_eq!(date("2025-12-12"), "12/12/2025");
        assert_eq!(date("non una data"), "non una data");
        assert_eq!(count(20000), "20.000");
        assert_eq!(percent(Decimal::from_str("35.50").unwrap()), "35,5%");
        assert_eq!(bytes(1_234_567), "1,2 MB");
        assert_eq!(bytes(512), "512 byte");
    }
}
