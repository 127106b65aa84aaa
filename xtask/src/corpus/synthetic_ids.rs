//! Valid identifiers for the synthetic acts: P.IVA / numeric codice fiscale,
//! ordinary CIG and SmartCIG, their check characters computed by the
//! product's own rules (`vetro::check::ids`).
//!
//! CIGs of the 2024 format (`A...`, `B...`) have no published check, so the
//! corpus does not make them.

use vetro::check::ids::{ordinary_cig_key, partita_iva_check_digit, smart_cig_key};

/// A P.IVA from a 7-digit registration number and a 3-digit office code.
pub fn make_piva(matricola: u32, ufficio: u32) -> String {
    let head = format!("{:07}{:03}", matricola % 10_000_000, ufficio % 1000);
    let digits = head.bytes().map(|c| u32::from(c - b'0'));
    format!("{head}{}", partita_iva_check_digit(digits))
}

/// Ordinary CIG `NNNNNNNKKK` of a seven-digit number.
pub fn cig_ordinary(number: u32) -> String {
    let number = number % 10_000_000;
    format!("{number:07}{}", ordinary_cig_key(u64::from(number)))
}

/// SmartCIG `[XYZ]KKCCCCCCC` of a counter of seven hex digits.
pub fn cig_smart(prefix: char, number: u32) -> String {
    let number = number & 0x0FFF_FFFF;
    format!("{prefix}{}{number:07X}", smart_cig_key(u64::from(number)))
}

/// A bijection of `0..modulus` (multiplier coprime to it): distinct lot
/// numbers give distinct, scattered CIG numbers.
pub fn scatter(index: u64, multiplier: u64, offset: u64, modulus: u64) -> u32 {
    ((index % modulus * multiplier + offset) % modulus) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use vetro::check::ids::{CigSeries, check_cig, check_partita_iva};

    #[test]
    fn generated_identifiers_pass_the_products_checks() {
        for n in [0, 1, 4_999_999, 9_999_999] {
            let ordinary = cig_ordinary(n);
            assert_eq!(check_cig(&ordinary), Ok(CigSeries::Ordinary), "{ordinary}");
            let smart = cig_smart('Z', n);
            assert_eq!(check_cig(&smart), Ok(CigSeries::Smart), "{smart}");
        }
        assert_eq!(cig_ordinary(5_853_345), "5853345D16");
        assert_eq!(make_piva(158_684, 50), "01586840504");
        assert_eq!(check_partita_iva(&make_piva(8_123_456, 123)), Ok(()));
    }

    #[test]
    fn scatter_is_a_bijection() {
        let mut seen: Vec<u32> = (0..1000).map(|i| scatter(i, 7919, 13, 1000)).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), 1000);
    }
}
