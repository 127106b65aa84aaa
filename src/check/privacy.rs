//! Privacy: personal data that transparency does not require (Garante per la
//! protezione dei dati personali, linee guida del 15 maggio 2014) — a natural
//! person's codice fiscale, an IBAN, an e-mail address (PEC addresses of
//! companies excepted: they are public by law) or a phone number — in the
//! act's text or in supplier data. Warnings: the clerk decides, with `omissis`.

use super::{Out, join};
use crate::model::{Liquidazione, Lotto};
use crate::toml_doc::Seg;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

const OMISSIS: &str = "sostituisci il dato con «omissis»: la trasparenza non lo richiede (linee guida del Garante privacy, 15 maggio 2014)";

// ASCII word boundaries (`(?-u:\b)`): the fast engines of `regex` give up
// Unicode ones on text with accented letters, and the build runs these on
// every text of the catalog. A code beside an accented letter then counts
// as a word of its own, which errs on the side of privacy.
static CF16: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z](?-u:\b)")
        .expect("valid regex")
});
/// Country code, check digits, then 11 to 30 letters or digits, possibly in
/// groups separated by single spaces; the length is settled by `iban_length`.
static IBAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}(?-u:\b)").expect("valid regex")
});
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})")
        .expect("valid regex")
});
/// Italian mobile (3xx) and landline (0x) numbers, with optional +39 and
/// space, dot or dash separators.
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\+ ?39[ .]?)?\b(?:3[0-9]{2}|0[0-9]{1,3})(?:[ .-]?[0-9]{3,8}){1,2}\b")
        .expect("valid regex")
});

/// Kinds of personal data found in text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Personal {
    CodiceFiscale,
    Iban,
    Email,
    Phone,
}

impl Personal {
    fn code(self) -> &'static str {
        match self {
            Personal::CodiceFiscale => "W701",
            Personal::Iban => "W702",
            Personal::Email => "W703",
            Personal::Phone => "W704",
        }
    }

    fn what(self) -> &'static str {
        match self {
            Personal::CodiceFiscale => "un codice fiscale di persona fisica",
            Personal::Iban => "un IBAN",
            Personal::Email => "un indirizzo e-mail",
            Personal::Phone => "un numero di telefono",
        }
    }
}

/// Personal data in `text`, with byte ranges, in order.
pub(crate) fn find_personal(text: &str) -> Vec<(Personal, Range<usize>)> {
    find_kinds(
        text,
        &[
            Personal::CodiceFiscale,
            Personal::Iban,
            Personal::Email,
            Personal::Phone,
        ],
    )
}

/// Personal data of the given kinds only: the build masks every text of
/// the catalog, and runs only the detectors it needs.
pub(crate) fn find_kinds(text: &str, kinds: &[Personal]) -> Vec<(Personal, Range<usize>)> {
    let mut found: Vec<(Personal, Range<usize>)> = Vec::new();
    if kinds.contains(&Personal::CodiceFiscale) {
        found.extend(
            CF16.find_iter(text)
                .map(|m| (Personal::CodiceFiscale, m.range())),
        );
    }
    if kinds.contains(&Personal::Iban) {
        for m in IBAN.find_iter(text) {
            if let Some(len) = iban_length(m.as_str()) {
                found.push((Personal::Iban, m.start()..m.start() + len));
            }
        }
    }
    if kinds.contains(&Personal::Email) {
        for c in EMAIL.captures_iter(text) {
            if let (Some(all), Some(domain)) = (c.get(0), c.get(1))
                && !is_pec(domain.as_str())
            {
                found.push((Personal::Email, all.range()));
            }
        }
    }
    let phones = if kinds.contains(&Personal::Phone) {
        PHONE.find_iter(text).collect()
    } else {
        Vec::new()
    };
    for m in phones {
        if is_phone(m.as_str())
            && !found
                .iter()
                .any(|(_, r)| r.start <= m.start() && m.end() <= r.end)
        {
            found.push((Personal::Phone, m.range()));
        }
    }
    found.sort_by_key(|(_, r)| (r.start, r.end));
    found
}

/// Bytes of `text` (from its start) that make an IBAN: the Italian format, or
/// any country's IBAN whose ISO 13616 check digits hold.
fn iban_length(text: &str) -> Option<usize> {
    let mut compact = String::new();
    let mut ends = Vec::new();
    for (i, c) in text.char_indices() {
        if c != ' ' {
            compact.push(c);
            ends.push(i + c.len_utf8());
        }
    }
    let italian = |s: &str| {
        let b = s.as_bytes();
        b.len() == 27 && b[4].is_ascii_uppercase() && b[5..15].iter().all(u8::is_ascii_digit)
    };
    if compact.starts_with("IT") {
        return (compact.len() >= 27 && italian(&compact[..27])).then(|| ends[26]);
    }
    (15..=compact.len().min(34))
        .rev()
        .find(|n| mod97(&compact[..*n]) == Some(1))
        .map(|n| ends[n - 1])
}

/// ISO 13616 remainder of an IBAN.
fn mod97(iban: &str) -> Option<u32> {
    let rearranged = iban[4..].chars().chain(iban[..4].chars());
    let mut rest = 0u32;
    for c in rearranged {
        let value = c.to_digit(36)?;
        rest = if value >= 10 {
            (rest * 100 + value) % 97
        } else {
            (rest * 10 + value) % 97
        };
    }
    Some(rest)
}

fn is_pec(domain: &str) -> bool {
    domain.to_ascii_lowercase().split('.').any(|label| {
        label.starts_with("pec")
            || [
                "legalmail",
                "postacert",
                "arubapec",
                "cert",
                "sicurezzapostale",
            ]
            .contains(&label)
    })
}

/// Whether a match of `PHONE` has the digits of an Italian number, and is not
/// an 11-digit P.IVA or codice fiscale written without separators.
fn is_phone(text: &str) -> bool {
    let national = text
        .trim_start_matches(['+', ' '])
        .strip_prefix("39")
        .filter(|_| text.starts_with('+'));
    let digits: String = national
        .unwrap_or(text)
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let plain = text.chars().all(|c| c.is_ascii_digit());
    if plain && digits.len() == 11 && super::ids::check_partita_iva(&digits).is_ok() {
        return false;
    }
    match digits.as_bytes().first() {
        Some(b'3') => (9..=10).contains(&digits.len()),
        Some(b'0') => (9..=11).contains(&digits.len()),
        _ => false,
    }
}

/// Personal data in the act's Markdown text, found at `offset` of the file.
pub(super) fn check_text(out: &Out, text: &str, offset: usize) {
    for (kind, range) in find_personal(text) {
        out.span(
            kind.code(),
            Some(offset + range.start..offset + range.end),
            format!("il testo contiene {}: «{}»", kind.what(), &text[range]),
            OMISSIS.into(),
        );
    }
}

/// Payees named by a natural person's codice fiscale.
pub(super) fn check_payees(out: &Out, payments: &[Liquidazione]) {
    for (i, payment) in payments.iter().enumerate() {
        if let Some(payee) = &payment.beneficiario
            && payee.trim().len() == 16
        {
            out.at(
                "W701",
                &[Seg::Key("liquidazioni"), Seg::Index(i), Seg::Key("beneficiario")],
                "il beneficiario è indicato con il codice fiscale di una persona fisica".into(),
                "indica la partita IVA del beneficiario; il codice fiscale di una persona non va pubblicato".into(),
            );
        }
    }
}

/// Suppliers: a natural person's codice fiscale, and personal data in the
/// free-text fields.
pub(super) fn check_operators(out: &Out, lot: &Lotto, prefix: &[Seg<'static>]) {
    for (key, operators) in [
        ("aggiudicatari", &lot.aggiudicatari),
        ("partecipanti", &lot.partecipanti),
    ] {
        for (i, op) in operators.iter().enumerate() {
            let at = |field| join(prefix, &[Seg::Key(key), Seg::Index(i), Seg::Key(field)]);
            if let Some(cf) = &op.codice_fiscale
                && cf.trim().len() == 16
            {
                out.at(
                    "W701",
                    &at("codice_fiscale"),
                    format!("il codice fiscale di «{}» è quello di una persona fisica", op.denominazione),
                    "per una ditta individuale indica la partita_iva e ometti il codice fiscale, che non va pubblicato".into(),
                );
            }
            for (field, value) in [
                ("denominazione", Some(&op.denominazione)),
                ("sede", op.sede.as_ref()),
            ] {
                let Some(value) = value else { continue };
                for (kind, range) in find_personal(value) {
                    out.at(
                        kind.code(),
                        &at(field),
                        format!(
                            "i dati dell'operatore contengono {}: «{}»",
                            kind.what(),
                            &value[range]
                        ),
                        OMISSIS.into(),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Personal, &str)> {
        find_personal(text)
            .into_iter()
            .map(|(k, r)| (k, &text[r]))
            .collect()
    }

    #[test]
    fn finds_personal_data() {
        assert_eq!(
            kinds("nato a Roma, CF RSSMRA85T10A562S."),
            [(Personal::CodiceFiscale, "RSSMRA85T10A562S")]
        );
        assert_eq!(
            kinds("IBAN IT60 X054 2811 1010 0000 0123 456 presso"),
            [(Personal::Iban, "IT60 X054 2811 1010 0000 0123 456")]
        );
        assert_eq!(
            kinds("conto DE89370400440532013000."),
            [(Personal::Iban, "DE89370400440532013000")]
        );
        assert_eq!(
            kinds("scrivere a mario.rossi@gmail.com"),
            [(Personal::Email, "mario.rossi@gmail.com")]
        );
        assert_eq!(
            kinds("tel. 333 1234567"),
            [(Personal::Phone, "333 1234567")]
        );
        assert_eq!(
            kinds("tel. +39 0586 820111"),
            [(Personal::Phone, "+39 0586 820111")]
        );
    }

    #[test]
    fn leaves_identifiers_amounts_and_pec_alone() {
        for text in [
            "P.IVA 01586840504, CIG 9914876E7F, CUP J46G24000020006, CPV 72910000-2",
            "impegna € 127.895,04 sul cap. 1965/10, cod. U.1.03.02.19.006, 01.08",
            "dal 30/09/2020 al 31.12.2020, prot. n. 0012345/2025",
            "PEC: omniconnect@pec.it, comune.livorno@postacert.toscana.it",
            "Trasparenza AMMINISTRAZIONE",
        ] {
            assert_eq!(kinds(text), [], "{text}");
        }
    }
}
