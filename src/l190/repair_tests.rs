use super::*;

fn amount_ok(raw: &str) -> (String, usize) {
    let mut notes = Vec::new();
    let value = amount(raw, "importo", &mut notes).unwrap();
    (value.to_string(), notes.len())
}

#[test]
fn amounts_are_repaired_or_refused() {
    assert_eq!(amount_ok("40188.64"), ("40188.64".into(), 0));
    assert_eq!(amount_ok("1500.0"), ("1500.00".into(), 0));
    assert_eq!(amount_ok("1500"), ("1500.00".into(), 0));
    assert_eq!(amount_ok("910,00"), ("910.00".into(), 1));
    assert_eq!(amount_ok("1.234,56"), ("1234.56".into(), 1));
    assert_eq!(amount_ok("1,234.56"), ("1234.56".into(), 1));
    assert_eq!(amount_ok("€ 1.234.567"), ("1234567.00".into(), 1));
    assert_eq!(amount_ok("10.005"), ("10.00".into(), 1));
    let mut notes = Vec::new();
    for bad in ["-5.00", "circa 100", "1.23.4", "", "12,34,5"] {
        assert!(amount(bad, "importo", &mut notes).is_err(), "{bad}");
    }
}

fn date_ok(raw: &str) -> (String, usize) {
    let mut notes = Vec::new();
    let value = date(raw, "dataInizio", &mut notes).unwrap();
    (value.iso(), notes.len())
}

#[test]
fn dates_are_repaired_or_refused() {
    assert_eq!(date_ok("2013-01-01"), ("2013-01-01".into(), 0));
    assert_eq!(date_ok("2020-7-28"), ("2020-07-28".into(), 1));
    assert_eq!(date_ok("2016-04-27+02:00"), ("2016-04-27".into(), 1));
    assert_eq!(date_ok("2016-04-27Z"), ("2016-04-27".into(), 1));
    assert_eq!(date_ok("2016-04-27T10:00:00"), ("2016-04-27".into(), 1));
    assert_eq!(date_ok("17/12/2019"), ("2019-12-17".into(), 1));
    let mut notes = Vec::new();
    for bad in ["31/02/2019", "17/12/19", "ieri", "2019-13-01"] {
        assert!(date(bad, "dataInizio", &mut notes).is_err(), "{bad}");
    }
}

#[test]
fn dates_with_multi_byte_characters_are_refused_not_a_panic() {
    // «2016€-1234»: the sixth byte from the end is inside «€» (a byte split panicked).
    let mut notes = Vec::new();
    assert!(date("2016€-1234", "dataInizio", &mut notes).is_err());
    for c in ['é', '€', '😀'] {
        for base in ["2016-04-27+02:00", "17/12/2019", "2016-04-27"] {
            for at in 0..=base.len() {
                let mut bad = base.to_string();
                bad.insert(at, c);
                assert!(date(&bad, "dataInizio", &mut notes).is_err(), "{bad}");
            }
        }
    }
}

#[test]
fn procedures_by_code_then_label() {
    let read = |raw: &str| {
        let mut notes = Vec::new();
        let p = procedura(raw, &mut notes).map(|p| p.id);
        (p, notes.len())
    };
    assert_eq!(
        read("23-AFFIDAMENTO DIRETTO"),
        (Some("affidamento-diretto"), 0)
    );
    assert_eq!(
        read("23-AFFIDAMENTO IN ECONOMIA - AFFIDAMENTO DIRETTO"),
        (Some("affidamento-diretto"), 1)
    );
    assert_eq!(
        read("23- AFFIDAMENTO DIRETTO"),
        (Some("affidamento-diretto"), 1)
    );
    assert_eq!(
        read("4-PROCEDURA NEGOZIATA SENZA PREVIA PUBBLICAZIONE"),
        (Some("negoziata-senza-bando"), 1)
    );
    assert_eq!(read("PROCEDURA APERTA"), (Some("procedura-aperta"), 1));
    assert_eq!(read("99-BOH"), (None, 1));
    // ANAC's CSV label for its code 24 is L.190's 23.
    assert_eq!(
        procedura_from_label("affidamento  diretto").map(|p| p.code),
        Some("23")
    );
    assert_eq!(
        procedura_from_label("PARTERNARIATO PER L'INNOVAZIONE").map(|p| p.code),
        Some("35")
    );
}

#[test]
fn cigs() {
    let mut notes = Vec::new();
    assert_eq!(cig("ZE82B2C90C", &mut notes), Some("ZE82B2C90C".into()));
    assert!(notes.is_empty());
    assert_eq!(cig("0000000000", &mut notes), None);
    assert_eq!(cig(" ze82b2c90c", &mut notes), Some("ZE82B2C90C".into()));
    assert_eq!(cig("ZDF0AC2F3", &mut notes), Some("ZDF0AC2F3".into()));
    assert_eq!(notes.len(), 3);
    assert!(notes[2].contains("malformato"));
    assert!(!is_valid_cig("ZDF0AC2F3") && !is_valid_cig("0000000000"));
}

#[test]
fn fiscal_codes() {
    let mut notes = Vec::new();
    let ids = |cf: Option<&str>, estero: Option<&str>, notes: &mut Vec<String>| {
        operator_ids(cf, estero, notes)
    };
    assert_eq!(
        ids(Some("01763870225"), None, &mut notes),
        (Some("01763870225".into()), None)
    );
    assert!(notes.is_empty());
    // Leading zeros lost by a spreadsheet, restored when the check digit agrees.
    assert_eq!(
        ids(Some("586170300"), Some(""), &mut notes),
        (Some("00586170300".into()), None)
    );
    assert_eq!(notes.len(), 1);
    assert_eq!(
        ids(None, Some("IT00891951006"), &mut notes).0,
        Some("00891951006".into())
    );
    assert_eq!(
        ids(None, Some("pmtrld38b07l644u"), &mut notes).0,
        Some("PMTRLD38B07L644U".into())
    );
    assert_eq!(
        ids(None, Some("A79524057"), &mut notes),
        (None, Some("A79524057".into()))
    );
    // A malformed code is kept, as a foreign id, with a note.
    let before = notes.len();
    assert_eq!(
        ids(Some("12345"), None, &mut notes),
        (None, Some("12345".into()))
    );
    assert!(notes[before].contains("malformato"));
    assert!(is_valid_codice_fiscale("PRDMLN57A60H501A"));
    assert!(!is_valid_codice_fiscale("1894100302"));
}
