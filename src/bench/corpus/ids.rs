//! Identifiers with check digits: P.IVA / numeric codice fiscale, CIG, SmartCIG.
//!
//! The CIG rules were verified against every CIG of the ANAC samples in
//! `tests/data/` (ordinary series and SmartCIG). CIGs of the 2024 format
//! (`A...`, `B...`) have no published check, so the corpus does not make them.

/// Check digit of an 11-digit P.IVA (or numeric codice fiscale) from its
/// first ten digits: odd positions as they are, even positions doubled with
/// 9 taken off above 9, then the complement to ten of the sum.
pub fn piva_check(first_ten: &[u8; 10]) -> u8 {
    let sum: u32 = first_ten
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 0 {
                d
            } else if d * 2 > 9 {
                d * 2 - 9
            } else {
                d * 2
            }
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// A P.IVA from a 7-digit registration number and a 3-digit office code.
pub fn make_piva(matricola: u32, ufficio: u32) -> String {
    let head = format!("{:07}{:03}", matricola % 10_000_000, ufficio % 1000);
    let mut digits = [0u8; 10];
    for (d, c) in digits.iter_mut().zip(head.bytes()) {
        *d = c - b'0';
    }
    format!("{head}{}", piva_check(&digits))
}

/// Whether `text` is 11 digits with a correct check digit.
pub fn piva_is_valid(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() != 11 || !bytes.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let mut digits = [0u8; 10];
    for (d, c) in digits.iter_mut().zip(bytes) {
        *d = c - b'0';
    }
    piva_check(&digits) == bytes[10] - b'0'
}

/// Ordinary CIG `NNNNNNNKKK`: seven decimal digits, then
/// hex(KKK) = NNNNNNN × 211 mod 4091, three uppercase hex digits.
pub fn cig_ordinary(number: u32) -> String {
    let number = number % 10_000_000;
    let check = u64::from(number) * 211 % 4091;
    format!("{number:07}{check:03X}")
}

/// SmartCIG `[XYZ]KKCCCCCCC`: seven hex digits C, and
/// hex(KK) = C × 211 mod 251 as two uppercase hex digits.
pub fn cig_smart(prefix: char, number: u32) -> String {
    let number = number & 0x0FFF_FFFF;
    let check = u64::from(number) * 211 % 251;
    format!("{prefix}{check:02X}{number:07X}")
}

/// Whether `cig` is a valid ordinary CIG or SmartCIG.
pub fn cig_is_valid(cig: &str) -> bool {
    let upper_hex = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b))
    };
    if cig.len() != 10 || !cig.is_ascii() {
        return false;
    }
    match cig.as_bytes()[0] {
        b'X' | b'Y' | b'Z' => {
            let (check, number) = (&cig[1..3], &cig[3..]);
            upper_hex(&cig[1..])
                && u64::from_str_radix(number, 16).ok().map(|n| n * 211 % 251)
                    == u64::from_str_radix(check, 16).ok()
        }
        _ => {
            let (number, check) = (&cig[..7], &cig[7..]);
            number.bytes().all(|b| b.is_ascii_digit())
                && upper_hex(check)
                && number.parse::<u64>().ok().map(|n| n * 211 % 4091)
                    == u64::from_str_radix(check, 16).ok()
        }
    }
}

/// A bijection of `0..modulus` (multiplier coprime to it): distinct lot
/// numbers give distinct, scattered CIG numbers.
pub fn scatter(index: u64, multiplier: u64, offset: u64, modulus: u64) -> u32 {
    ((index % modulus * multiplier + offset) % modulus) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_identifiers_pass_and_altered_ones_fail() {
        // From the seed acts and the ANAC samples.
        assert!(cig_is_valid("5853345D16"));
        assert!(!cig_is_valid("5853345D17"));
        assert!(cig_is_valid("X010D48F4E"));
        assert!(!cig_is_valid("X010D48F4F"));
        assert!(
            !cig_is_valid("B9538AC2B9"),
            "2024 format: no published check"
        );
        assert!(piva_is_valid("01586840504"));
        assert!(!piva_is_valid("01586840505"));
        assert!(piva_is_valid("00250450160"));
    }

    #[test]
    fn generated_identifiers_are_valid() {
        for n in [0, 1, 4_999_999, 9_999_999] {
            assert!(cig_is_valid(&cig_ordinary(n)), "{}", cig_ordinary(n));
            assert!(cig_is_valid(&cig_smart('Z', n)), "{}", cig_smart('Z', n));
        }
        assert_eq!(cig_ordinary(5_853_345), "5853345D16");
        assert!(piva_is_valid(&make_piva(158_684, 50)));
        assert_eq!(make_piva(158_684, 50), "01586840504");
    }

    #[test]
    fn scatter_is_a_bijection() {
        let mut seen: Vec<u32> = (0..1000).map(|i| scatter(i, 7919, 13, 1000)).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), 1000);
    }
}
