//! The award's amounts with their VAT meaning: net ("oltre IVA", "IVA
//! esclusa"), total ("IVA inclusa", "IVA compresa"), the rate, and the rows
//! of an economic table (quadro economico). Read in the decision, so that
//! the amounts of earlier acts cited in the premesse are not taken.

use super::text::Text;
use super::{Field, Found, Value};
use regex::Regex;
use rust_decimal::Decimal;
use std::ops::Range;
use std::str::FromStr;
use std::sync::LazyLock;

const AMOUNT: &str = r"(\d{1,3}(?:\.\d{3})+,\d{2}|\d+,\d{2})";
static EURO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)(?:€|\beuro\b)\s*(?:€\s*)?{AMOUNT}")).expect("valid regex")
});
static NET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[^;€]{0,70}?\b(?:oltre\s+(?:l['’]\s*)?iva|iva\s+esclusa|esclusa\s+iva|al netto dell['’]\s*iva|oltre oneri di legge)").expect("valid regex")
});
static GROSS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[^;€]{0,40}?\b(?:iva\s+(?:inclusa|compresa)|(?:inclusa|compresa)\s+iva|con\s+iva|comprensiv[oa]\s+di\s+iva)").expect("valid regex")
});
static RATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:aliquota(?:\s+iva)?\s+(?:al\s+|del\s+)?|iva\s+(?:\(?al\s+)?)(\d{1,2})\s*%",
    )
    .expect("valid regex")
});
static TABLE_TOTAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\btotale\s+A\s*\+\s*B\s*\+\s*C\b\s*(?:euro|€)\s*{AMOUNT}"
    ))
    .expect("valid regex")
});
static TABLE_VAT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\bIVA\s*\(al\s*(\d{{1,2}})\s*%\)\s*di\s*A\)\s*(?:euro|€)\s*{AMOUNT}"
    ))
    .expect("valid regex")
});
static TABLE_SAFETY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^\w?\d?\s*oneri per la sicurezza[^€]{{0,40}}?(?:euro|€)\s*{AMOUNT}$"
    ))
    .expect("valid regex")
});

/// "104.832,00" → 104832.00.
pub(crate) fn italian_amount(text: &str) -> Option<Decimal> {
    Decimal::from_str(&text.replace('.', "").replace(',', ".")).ok()
}

struct Amount {
    value: Decimal,
    range: Range<usize>,
    overall: bool,
}

pub(crate) fn find(text: &Text, found: &mut Found) {
    let from = text.decision_start().unwrap_or(0);
    let zone = &text.flat[from..];
    let (nets, grosses) = classified(zone, from);
    choose(text, "importo_netto", &nets, found);
    choose(text, "importo_totale", &grosses, found);
    rate(text, zone, from, found);
    table(text, found);
    consistent(found);
}

/// The amounts of `zone` that say their VAT meaning, net and gross.
fn classified(zone: &str, offset: usize) -> (Vec<Amount>, Vec<Amount>) {
    let (mut nets, mut grosses) = (Vec::new(), Vec::new());
    for caps in EURO.captures_iter(zone) {
        let (Some(all), Some(number)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        let Some(value) = italian_amount(number.as_str()) else {
            continue;
        };
        let after = &zone[all.end()..];
        let before_from = floor(zone, all.start().saturating_sub(60));
        let before = zone[before_from..all.start()].to_lowercase();
        let amount = Amount {
            value,
            range: offset + all.start()..offset + all.end(),
            overall: before.contains("complessiv") || before.contains("totale"),
        };
        if NET.is_match(after) {
            nets.push(amount);
        } else if GROSS.is_match(after) {
            grosses.push(amount);
        }
    }
    (nets, grosses)
}

fn floor(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// One distinct value, or the one said to be overall ("importo
/// complessivo"); anything else is left to the clerk.
fn choose(text: &Text, key: &'static str, amounts: &[Amount], found: &mut Found) {
    let mut values: Vec<Decimal> = amounts.iter().map(|a| a.value).collect();
    values.sort();
    values.dedup();
    let chosen = match values.len() {
        0 => return,
        1 => amounts.first(),
        _ => {
            let overall: Vec<&Amount> = amounts.iter().filter(|a| a.overall).collect();
            let same = overall.windows(2).all(|w| w[0].value == w[1].value);
            if overall.is_empty() || !same {
                None
            } else {
                overall.first().copied()
            }
        }
    };
    match chosen {
        Some(a) => found.push(Field {
            key,
            value: Value::Amount(a.value.round_dp(2)),
            origin: text.origin(a.range.clone()),
            note: None,
        }),
        None => found.hint(
            key,
            format!(
                "più importi nel dispositivo: {}",
                values
                    .iter()
                    .map(|v| format!("{v:.2}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
    }
}

fn rate(text: &Text, zone: &str, offset: usize, found: &mut Found) {
    let caps = RATE
        .captures(zone)
        .map(|c| (c, offset))
        .or_else(|| RATE.captures(&text.flat).map(|c| (c, 0)));
    let Some((caps, at)) = caps else { return };
    let (Some(all), Some(number)) = (caps.get(0), caps.get(1)) else {
        return;
    };
    let Ok(rate) = Decimal::from_str(number.as_str()) else {
        return;
    };
    // Italian VAT rates: 4, 5, 10, 22 (and 0 for exempt supplies).
    if [4, 5, 10, 22].contains(&rate.to_string().parse::<u32>().unwrap_or(0)) {
        found.push(Field {
            key: "aliquota_iva",
            value: Value::Rate(rate),
            origin: text.origin(at + all.start()..at + all.end()),
            note: None,
        });
    }
}

/// The rows of an economic table: «Totale A + B + C», «IVA (al 22%) di A)»,
/// «Oneri per la sicurezza».
fn table(text: &Text, found: &mut Found) {
    let row = |re: &Regex, group: usize| {
        text.lines.iter().enumerate().find_map(|(i, l)| {
            let caps = re.captures(&l.text)?;
            Some((
                i,
                italian_amount(caps.get(group)?.as_str())?,
                caps.get(1).map(|m| m.as_str().to_string()),
            ))
        })
    };
    let mut put = |key: &'static str, value: Value, i: usize| {
        found.push(Field {
            key,
            value,
            origin: text.origin_of_line(i),
            note: Some("riga del quadro economico".into()),
        });
    };
    if let Some((i, total, _)) = row(&TABLE_TOTAL, 1) {
        put("importo_totale", Value::Amount(total), i);
    }
    if let Some((i, vat, rate)) = row(&TABLE_VAT, 2) {
        put("importo_iva", Value::Amount(vat), i);
        if let Some(rate) = rate.and_then(|r| Decimal::from_str(&r).ok()) {
            put("aliquota_iva", Value::Rate(rate), i);
        }
    }
    if let Some((i, safety, _)) = row(&TABLE_SAFETY, 1) {
        put("oneri_sicurezza", Value::Amount(safety), i);
    }
}

/// Drops the total (and the VAT) when the amounts found do not add up:
/// net + safety + VAT, or net × (1 + rate), within 5 cents.
fn consistent(found: &mut Found) {
    let amount = |found: &Found, key: &str| match found.get(key).map(|f| &f.value) {
        Some(Value::Amount(v) | Value::Rate(v)) => Some(*v),
        _ => None,
    };
    let (Some(net), Some(total)) = (
        amount(found, "importo_netto"),
        amount(found, "importo_totale"),
    ) else {
        return;
    };
    let safety = amount(found, "oneri_sicurezza").unwrap_or_default();
    let expected = match (amount(found, "importo_iva"), amount(found, "aliquota_iva")) {
        (Some(vat), _) => Some(net + safety + vat),
        (None, Some(rate)) => Some((net + safety) * (Decimal::ONE + rate / Decimal::from(100))),
        (None, None) => (total >= net).then_some(total),
    };
    let cent5 = Decimal::new(5, 2);
    if expected.is_some_and(|e| (e - total).abs() <= cent5) {
        return;
    }
    found
        .fields
        .retain(|f| f.key != "importo_totale" && f.key != "importo_iva");
    found.hint(
        "importo_totale",
        format!("il totale letto ({total:.2}) non torna con l'importo netto {net:.2} e l'IVA"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amounts(input: &str) -> Found {
        let text = Text::new(&[input.to_string()]);
        let mut found = Found::default();
        find(&text, &mut found);
        found
    }

    fn value(found: &Found, key: &str) -> Option<String> {
        match found.get(key).map(|f| &f.value) {
            Some(Value::Amount(v) | Value::Rate(v)) => Some(v.to_string()),
            _ => None,
        }
    }

    #[test]
    fn premesse_amounts_are_not_the_award() {
        let found = amounts(
            "Premesso che con determina n. 1 fu affidato per euro 60.283,00 oltre IVA;\nDETERMINA\n1. Di affidare alla ditta per euro 16.393,40 oltre IVA;\n2. Di impegnare euro 19.999,95 iva compresa",
        );
        assert_eq!(value(&found, "importo_netto").as_deref(), Some("16393.40"));
        assert_eq!(value(&found, "importo_totale").as_deref(), Some("19999.95"));
    }

    #[test]
    fn a_total_that_does_not_add_up_is_a_hint() {
        let found = amounts(
            "DETERMINA\nDi affidare per € 100,00 oltre IVA e impegnare € 150,00 IVA compresa con aliquota al 22%",
        );
        assert_eq!(value(&found, "importo_netto").as_deref(), Some("100.00"));
        assert!(found.get("importo_totale").is_none());
        assert!(found.hints.iter().any(|h| h.key == "importo_totale"));
    }

    #[test]
    fn the_overall_amount_wins_over_the_yearly_one() {
        let found = amounts(
            "Importo: Euro 19.900,00 oltre IVA 22% annui, per un importo complessivo per il biennio di Euro 39.800,00 oltre IVA 22%.",
        );
        assert_eq!(value(&found, "importo_netto").as_deref(), Some("39800.00"));
        assert_eq!(value(&found, "aliquota_iva").as_deref(), Some("22"));
    }
}
