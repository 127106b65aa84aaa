//! Italian and EU identifiers: format and check characters.
//!
//! Pure functions, no diagnostics: the rules in `id_rules.rs` decide
//! severities and wording.

/// Why an identifier is not valid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdError {
    /// Not the shape of this identifier (length, characters).
    Format,
    /// Right shape, wrong check character; `fixed` carries the right one.
    Check { fixed: String },
}

/// Kinds of CIG, by series.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CigSeries {
    /// `NNNNNNNKKK`: seven digits and a hex check code.
    Ordinary,
    /// `[XYZ]KKCCCCCCC`: SmartCIG for small direct awards.
    Smart,
    /// Series with no public check (A, B, ... since 2023): format only.
    Unchecked,
}

/// Partita IVA, or the 11-digit codice fiscale of a company: the Luhn-style
/// check digit of the Agenzia delle Entrate.
pub fn check_partita_iva(code: &str) -> Result<(), IdError> {
    let digits: Vec<u32> = code.chars().filter_map(|c| c.to_digit(10)).collect();
    if code.len() != 11 || digits.len() != 11 || digits[..10].iter().all(|d| *d == 0) {
        return Err(IdError::Format);
    }
    let expected = partita_iva_check_digit(digits[..10].iter().copied());
    if expected == digits[10] {
        Ok(())
    } else {
        Err(IdError::Check {
            fixed: format!("{}{expected}", &code[..10]),
        })
    }
}

/// The check digit of a partita IVA (or a company's codice fiscale) from its
/// first ten digits: odd places as they are, even places doubled with 9
/// taken off above 9, then the complement to ten of the sum.
pub fn partita_iva_check_digit(first_ten: impl IntoIterator<Item = u32>) -> u32 {
    let sum: u32 = first_ten
        .into_iter()
        .enumerate()
        .map(|(i, d)| match i % 2 {
            0 => d,
            _ if d * 2 > 9 => d * 2 - 9,
            _ => d * 2,
        })
        .sum();
    (10 - sum % 10) % 10
}

/// The check code of an ordinary CIG `NNNNNNNKKK` from its seven-digit
/// number: hex(KKK) = NNNNNNN × 211 mod 4091, three upper-case hex digits.
pub fn ordinary_cig_key(number: u64) -> String {
    format!("{:03X}", number * 211 % 4091)
}

/// The check code of a SmartCIG `[XYZ]KKCCCCCCC` from its seven hex digits
/// C: hex(KK) = C × 211 mod 251, two upper-case hex digits.
pub fn smart_cig_key(counter: u64) -> String {
    format!("{:02X}", counter * 211 % 251)
}

/// Letters that replace digits in a codice fiscale shared by two people (omocodia).
const OMOCODIA: &str = "LMNPQRSTUV";
/// Positions (0-based) of the digits of a 16-character codice fiscale.
const CF_DIGITS: [usize; 7] = [6, 7, 9, 10, 12, 13, 14];
/// Value of a character in an odd (1st, 3rd, ...) position; digits count as A..J.
const CF_ODD: [u32; 26] = [
    1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
];

/// 16-character codice fiscale of a natural person: shape, month letter,
/// day, and check letter (omocodia letters are accepted in digit places).
pub fn check_codice_fiscale(code: &str) -> Result<(), IdError> {
    let chars: Vec<char> = code.chars().collect();
    if chars.len() != 16
        || !chars
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        return Err(IdError::Format);
    }
    let digit_place = |i: usize| CF_DIGITS.contains(&i);
    let shape_ok = chars[..15].iter().enumerate().all(|(i, c)| {
        if digit_place(i) {
            c.is_ascii_digit() || OMOCODIA.contains(*c)
        } else {
            c.is_ascii_uppercase()
        }
    }) && chars[15].is_ascii_uppercase();
    if !shape_ok || !"ABCDEHLMPRST".contains(chars[8]) {
        return Err(IdError::Format);
    }
    let day = decode_omocodia(chars[9]) * 10 + decode_omocodia(chars[10]);
    if !(1..=31).contains(&(day % 40)) || day > 71 {
        return Err(IdError::Format);
    }
    let sum: u32 = chars[..15]
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let value = cf_value(*c);
            if i % 2 == 0 {
                CF_ODD[value as usize]
            } else {
                value
            }
        })
        .sum();
    let expected = char::from(b'A' + (sum % 26) as u8);
    if chars[15] == expected {
        Ok(())
    } else {
        Err(IdError::Check {
            fixed: format!("{}{expected}", &code[..15]),
        })
    }
}

/// Value 0..=25 of a codice fiscale character: digits 0-9, letters A-Z.
fn cf_value(c: char) -> u32 {
    match c {
        '0'..='9' => c as u32 - '0' as u32,
        _ => c as u32 - 'A' as u32,
    }
}

/// The digit an omocodia letter stands for (digits map to themselves).
fn decode_omocodia(c: char) -> u32 {
    OMOCODIA
        .find(c)
        .map_or_else(|| c.to_digit(10).unwrap_or(0), |i| i as u32)
}

fn is_hex(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_ascii_digit() || ('A'..='F').contains(&c))
}

/// CIG: 10 uppercase letters or digits; ordinary and SmartCIG series carry a
/// check code (AgID PEPPOL rules), the others are checked for format only.
pub fn check_cig(code: &str) -> Result<CigSeries, IdError> {
    if !is_cig_shaped(code) {
        return Err(IdError::Format);
    }
    let first = code.as_bytes()[0];
    if first.is_ascii_digit() {
        let (number, key) = code.split_at(7);
        let Ok(n) = number.parse::<u64>() else {
            return Err(IdError::Format);
        };
        let expected = ordinary_cig_key(n);
        return check_key(key, expected, format!("{number}{{}}")).map(|_| CigSeries::Ordinary);
    }
    if matches!(first, b'X' | b'Y' | b'Z') {
        let (key, counter) = (&code[1..3], &code[3..]);
        if !is_hex(counter) {
            return Err(IdError::Format);
        }
        let c = u64::from_str_radix(counter, 16).map_err(|_| IdError::Format)?;
        let expected = smart_cig_key(c);
        let template = format!("{}{{}}{counter}", &code[..1]);
        return check_key(key, expected, template).map(|_| CigSeries::Smart);
    }
    Ok(CigSeries::Unchecked)
}

/// Compares a check code; `template` rebuilds the CIG around `{}`.
fn check_key(key: &str, expected: String, template: String) -> Result<(), IdError> {
    if key == expected {
        Ok(())
    } else {
        Err(IdError::Check {
            fixed: template.replacen("{}", &expected, 1),
        })
    }
}

/// CUP: a letter, two digits, a letter, eleven digits.
pub(crate) fn check_cup(code: &str) -> Result<(), IdError> {
    let b = code.as_bytes();
    let ok = b.len() == 15
        && b[0].is_ascii_uppercase()
        && b[1..3].iter().all(u8::is_ascii_digit)
        && b[3].is_ascii_uppercase()
        && b[4..].iter().all(u8::is_ascii_digit);
    if ok { Ok(()) } else { Err(IdError::Format) }
}

/// Codes of the CPV 2008 list whose check digit is not the weighted sum.
const CPV_EXCEPTIONS: &str = include_str!("cpv_exceptions.txt");

/// The check digit of an 8-digit CPV stem: the weighted sum (3, 7, 1, ...)
/// mod 10 that the CPV list follows, except for the codes it publishes with
/// another digit.
pub(crate) fn cpv_check_digit(stem: &str) -> Option<u32> {
    if stem.len() != 8 || !stem.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let listed = CPV_EXCEPTIONS
        .lines()
        .find(|line| line.starts_with(stem))
        .and_then(|line| line[9..].parse().ok());
    let weighted = || {
        stem.chars()
            .zip([3, 7, 1].iter().cycle())
            .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
            .sum::<u32>()
            % 10
    };
    Some(listed.unwrap_or_else(weighted))
}

/// CPV `NNNNNNNN-C` with its check digit.
pub(crate) fn check_cpv(code: &str) -> Result<(), IdError> {
    let Some((stem, digit)) = code.split_once('-') else {
        return Err(IdError::Format);
    };
    let expected = cpv_check_digit(stem).ok_or(IdError::Format)?;
    match digit.parse::<u32>() {
        Ok(d) if digit.len() == 1 && d == expected => Ok(()),
        Ok(_) if digit.len() == 1 => Err(IdError::Check {
            fixed: format!("{stem}-{expected}"),
        }),
        _ => Err(IdError::Format),
    }
}

/// Which identifier a text is published as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IdKind {
    Cig,
    PartitaIva,
    /// 11 digits (companies, bodies) or 16 characters (natural persons).
    CodiceFiscale,
    /// A foreign tax id (`GB 983576466`): no check character is known.
    Estero,
}

/// What an identifier is worth as a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Validity {
    Valid,
    /// Right shape, wrong check character (a typo, or a real CIG of a
    /// series whose check vetro does not know).
    CheckFails,
    /// Not an identifier at all: one repeated character, a well-known
    /// dummy, a role word, too short.
    Placeholder,
    /// Not the shape of this identifier.
    Malformed,
}

impl Validity {
    /// Whether the identifier may key a page: a failed check still names
    /// one thing, a placeholder or a malformed text names nothing.
    pub(crate) fn keys(self) -> bool {
        matches!(self, Validity::Valid | Validity::CheckFails)
    }
}

/// Fewer characters than this (after dropping spaces and punctuation)
/// cannot be an identifier: the shortest foreign VAT ids have 8.
const MIN_ID_CHARS: usize = 6;

/// Runs of counting digits that only a dummy holds (`1234567891`,
/// `0123456789`, `12345678901`, `9876543210`).
const COUNTING: [&str; 2] = ["123456789", "987654321"];

/// The characters of an identifier that carry it: letters and digits, upper case.
fn significant(raw: &str) -> String {
    raw.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Whether a published identifier is a placeholder, whatever its kind:
/// empty or too short (`0`, `00000`), one repeated character
/// (`00000000000`, `XXXXXXXXXX`), a counting run (`1234567891`), only
/// zeros around two significant digits (`00000000001`), or no digit at all
/// (`mandataria`, `N.D.`: every identifier vetro knows holds digits).
pub(crate) fn is_placeholder(raw: &str) -> bool {
    let text = significant(raw);
    let Some(first) = text.chars().next() else {
        return true;
    };
    let digits = text.chars().filter(char::is_ascii_digit).count();
    text.len() < MIN_ID_CHARS
        || text.chars().all(|c| c == first)
        || COUNTING.iter().any(|run| text.contains(run))
        || text.trim_start_matches('0').len() < 3
        || digits == 0
}

/// An Italian P.IVA, with or without its country prefix (`01586840504`,
/// `IT01586840504`, `IT 01586840504`): the 11 digits.
pub(crate) fn italian_vat(raw: &str) -> Option<String> {
    let text = significant(raw);
    let digits = text.strip_prefix("IT").unwrap_or(&text);
    (digits.len() == 11 && digits.bytes().all(|b| b.is_ascii_digit())).then(|| digits.to_string())
}

/// A foreign id that is an Italian P.IVA with its `IT` prefix.
pub(crate) fn prefixed_italian_vat(raw: &str) -> Option<String> {
    significant(raw)
        .starts_with("IT")
        .then(|| italian_vat(raw))
        .flatten()
}

/// The form an identifier is compared and keyed in: a CIG or codice
/// fiscale in upper case without spaces, a P.IVA without `IT`, a foreign
/// id in lower case letters and digits only (`GB 983576466` = `gb983576466`).
pub(crate) fn canonical(kind: IdKind, raw: &str) -> String {
    match kind {
        IdKind::Cig => raw.trim().to_uppercase(),
        IdKind::PartitaIva | IdKind::CodiceFiscale => {
            italian_vat(raw).unwrap_or_else(|| significant(raw))
        }
        IdKind::Estero => {
            prefixed_italian_vat(raw).unwrap_or_else(|| significant(raw).to_lowercase())
        }
    }
}

/// Classifies an identifier as published (see [`Validity`]).
pub(crate) fn classify(kind: IdKind, raw: &str) -> Validity {
    if is_placeholder(raw) {
        return Validity::Placeholder;
    }
    let code = canonical(kind, raw);
    let checked = match kind {
        IdKind::Cig => check_cig(&code).map(|_| ()),
        IdKind::PartitaIva => check_partita_iva(&code),
        IdKind::CodiceFiscale if code.len() == 11 => check_partita_iva(&code),
        IdKind::CodiceFiscale => check_codice_fiscale(&code),
        // An Italian P.IVA given as foreign id is checked as one.
        IdKind::Estero if prefixed_italian_vat(raw).is_some() => check_partita_iva(&code),
        IdKind::Estero if code.len() <= 20 => Ok(()),
        IdKind::Estero => Err(IdError::Format),
    };
    match checked {
        Ok(()) => Validity::Valid,
        Err(IdError::Check { .. }) => Validity::CheckFails,
        // Ten capitals and digits that fit no series whose check vetro
        // knows: real datasets carry such codes (Terracina 2013 lists
        // `76E0B83FA5` twelve times), and a real CIG cannot be ruled out,
        // so the page stays, flagged like a failed check.
        Err(IdError::Format) if kind == IdKind::Cig && is_cig_shaped(&code) => Validity::CheckFails,
        Err(IdError::Format) => Validity::Malformed,
    }
}

/// Ten upper-case letters and digits: the shape of every CIG.
fn is_cig_shaped(code: &str) -> bool {
    code.len() == 10
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn test_data(path: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data")
            .join(path)
    }

    #[test]
    fn partita_iva() {
        assert_eq!(check_partita_iva("01586840504"), Ok(()));
        assert_eq!(check_partita_iva("02831630161"), Ok(()));
        assert_eq!(check_partita_iva("01995120019"), Ok(()));
        assert_eq!(
            check_partita_iva("01586840505"),
            Err(IdError::Check {
                fixed: "01586840504".into()
            })
        );
        assert_eq!(check_partita_iva("1586840504"), Err(IdError::Format));
        assert_eq!(check_partita_iva("0158684050X"), Err(IdError::Format));
        assert_eq!(check_partita_iva("00000000000"), Err(IdError::Format));
    }

    #[test]
    fn codice_fiscale_with_and_without_omocodia() {
        assert_eq!(check_codice_fiscale("RSSMRA85T10A562S"), Ok(()));
        // The same person's code with every digit place substituted.
        assert_eq!(check_codice_fiscale("RSSMRAURTMLARSNL"), Ok(()));
        assert_eq!(check_codice_fiscale("RSSMRA85T10A56NH"), Ok(()));
        assert_eq!(
            check_codice_fiscale("RSSMRA85T10A562T"),
            Err(IdError::Check {
                fixed: "RSSMRA85T10A562S".into()
            })
        );
        assert_eq!(
            check_codice_fiscale("RSSMRA85Z10A562S"),
            Err(IdError::Format)
        );
        assert_eq!(
            check_codice_fiscale("RSSMRA85T35A562S"),
            Err(IdError::Format)
        );
        assert_eq!(
            check_codice_fiscale("rssmra85t10a562s"),
            Err(IdError::Format)
        );
        assert_eq!(
            check_codice_fiscale("RSSMRA85T10A562"),
            Err(IdError::Format)
        );
    }

    #[test]
    fn cig_series() {
        for seed in ["B9538AC2B9", "BA0649FD87", "B85C478F9C", "B153F2DE65"] {
            assert_eq!(check_cig(seed), Ok(CigSeries::Unchecked), "{seed}");
        }
        assert_eq!(check_cig("9914876E7F"), Ok(CigSeries::Ordinary));
        assert_eq!(
            check_cig("9914876E7E"),
            Err(IdError::Check {
                fixed: "9914876E7F".into()
            })
        );
        assert_eq!(check_cig("ZA50A1B2C3"), Ok(CigSeries::Smart));
        assert_eq!(check_cig("ZDD1F1D7F3"), Ok(CigSeries::Smart));
        assert_eq!(
            check_cig("ZDE1F1D7F3"),
            Err(IdError::Check {
                fixed: "ZDD1F1D7F3".into()
            })
        );
        assert_eq!(check_cig("B9538AC2B"), Err(IdError::Format));
        assert_eq!(check_cig("b9538ac2b9"), Err(IdError::Format));
        assert_eq!(check_cig("12345AB789"), Err(IdError::Format));
    }

    #[test]
    fn every_ordinary_cig_of_the_anac_sample_passes() {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_path(test_data("anac-csv/cig_csv_20231001_head500.csv"))
            .unwrap();
        let mut ordinary = 0;
        for row in reader.records() {
            let cig = row.unwrap()[0].to_string();
            let series = check_cig(&cig).unwrap_or_else(|e| panic!("{cig}: {e:?}"));
            ordinary += usize::from(series == CigSeries::Ordinary);
        }
        assert_eq!(ordinary, 194);
    }

    #[test]
    fn cup() {
        assert_eq!(check_cup("J46G24000020006"), Ok(()));
        assert_eq!(check_cup("J46G2400002000"), Err(IdError::Format));
        assert_eq!(check_cup("946G24000020006"), Err(IdError::Format));
    }

    #[test]
    fn cpv_check_digit_and_repair() {
        assert_eq!(check_cpv("72910000-2"), Ok(()));
        assert_eq!(check_cpv("09100000-0"), Ok(()));
        assert_eq!(
            check_cpv("72910000-3"),
            Err(IdError::Check {
                fixed: "72910000-2".into()
            })
        );
        assert_eq!(check_cpv("7291000-2"), Err(IdError::Format));
        assert_eq!(check_cpv("72910000"), Err(IdError::Format));
        assert_eq!(check_cpv("72910000-22"), Err(IdError::Format));
    }

    #[test]
    fn every_code_of_the_cpv_2008_list_passes() {
        let codes: Vec<String> = crate::model::CpvVocabulary::builtin()
            .codes()
            .map(str::to_string)
            .collect();
        assert_eq!(codes.len(), 9454);
        for code in &codes {
            assert_eq!(check_cpv(code), Ok(()), "{code}");
        }
        // The exceptions are real codes of the list, each breaking the rule.
        let exceptions: Vec<&str> = CPV_EXCEPTIONS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect();
        assert_eq!(exceptions.len(), 532);
        for line in exceptions {
            assert!(codes.iter().any(|c| c == line), "{line}");
            let weighted: u32 = line[..8]
                .chars()
                .zip([3, 7, 1].iter().cycle())
                .map(|(c, w)| c.to_digit(10).unwrap() * w)
                .sum::<u32>()
                % 10;
            assert_ne!(weighted, line[9..].parse::<u32>().unwrap(), "{line}");
        }
    }

    #[test]
    fn classify_placeholders() {
        use IdKind::*;
        use Validity::*;
        for dummy in [
            "00000000000",
            "XXXXXXXXXX",
            "1111111111",
            "99999999999",
            "1234567891",
            "1234567890",
            "0123456789",
            "12345678901",
            "9876543210",
            "mandataria",
            "Mandante",
            "N.D.",
            "0",
            "00000",
            "",
            "  ",
            "00000000001",
        ] {
            for kind in [Cig, PartitaIva, CodiceFiscale, Estero] {
                assert_eq!(classify(kind, dummy), Placeholder, "{kind:?} «{dummy}»");
            }
        }
    }

    #[test]
    fn classify_real_and_broken_ids() {
        use IdKind::*;
        use Validity::*;
        assert_eq!(classify(Cig, "9914876E7F"), Valid);
        assert_eq!(classify(Cig, " b9538ac2b9 "), Valid);
        assert_eq!(classify(Cig, "9914876E7E"), CheckFails);
        assert_eq!(classify(Cig, "Z1A2B3C"), Malformed);
        assert_eq!(classify(Cig, "CIG 9914876E7F"), Malformed);
        assert_eq!(classify(PartitaIva, "01586840504"), Valid);
        assert_eq!(classify(PartitaIva, "IT01586840504"), Valid);
        assert_eq!(classify(PartitaIva, "IT 01586840504"), Valid);
        assert_eq!(classify(PartitaIva, "01586840505"), CheckFails);
        assert_eq!(classify(PartitaIva, "1586840504"), Malformed);
        assert_eq!(classify(CodiceFiscale, "RSSMRA85T10A562S"), Valid);
        assert_eq!(classify(CodiceFiscale, "rssmra85t10a562s"), Valid);
        assert_eq!(classify(CodiceFiscale, "RSSMRA85T10A562T"), CheckFails);
        assert_eq!(classify(CodiceFiscale, "80001110487"), Valid);
        assert_eq!(classify(CodiceFiscale, "RSSMRA85T10"), Malformed);
        assert_eq!(classify(Estero, "GB 983576466"), Valid);
        assert_eq!(classify(Estero, "IT01586840504"), Valid);
        assert_eq!(classify(Estero, "IT01586840505"), CheckFails);
        assert_eq!(classify(Estero, &"9".repeat(10).replace('9', "98")), Valid);
        assert_eq!(classify(Estero, &"A1".repeat(11)), Malformed);
    }

    #[test]
    fn canonical_forms() {
        use IdKind::*;
        assert_eq!(canonical(Estero, "GB 983576466"), "gb983576466");
        assert_eq!(canonical(Estero, "gb983576466"), "gb983576466");
        assert_eq!(canonical(Estero, "IT01586840504"), "01586840504");
        assert_eq!(canonical(PartitaIva, "IT01586840504"), "01586840504");
        assert_eq!(canonical(PartitaIva, " 01586840504 "), "01586840504");
        assert_eq!(
            canonical(CodiceFiscale, "rssmra85t10a562s"),
            "RSSMRA85T10A562S"
        );
        assert_eq!(canonical(Cig, " b9538ac2b9 "), "B9538AC2B9");
        assert!(Validity::CheckFails.keys() && !Validity::Placeholder.keys());
    }
}
