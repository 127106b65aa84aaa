//! The spending commitment (impegno di spesa) the decision takes: «di
//! impegnare la somma di € 127.895,04 IVA compresa sul cap. 1965/10,
//! Missione/Programma 01.08, cod. p.f. U.1.03.02.19.006 del PEG 2025-2027,
//! annualità 2025». Read in the decision only, one clause up to its `;`: the
//! premesse often quote the commitment an earlier act took.

use super::amounts::italian_amount;
use super::text::Text;
use super::{Field, Found, Value};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// «impegnare ... € AMOUNT», then the rest of the clause.
static CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bimpegna(?:re)?\b[^;€]{0,120}?(?:€|\beuro\b)\s*(?:€\s*)?(\d{1,3}(?:\.\d{3})+,\d{2}|\d+,\d{2})([^;]{0,400})")
        .expect("valid regex")
});
static NET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[^€]{0,40}?\b(?:oltre\s+(?:l['’]\s*)?iva|iva\s+esclusa|esclusa\s+iva)")
        .expect("valid regex")
});
static CHAPTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bcap(?:itolo)?\.?\s*(?:n\.\s*)?(\d{2,6}(?:/\d{1,4})?)\b")
        .expect("valid regex")
});
static MISSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bmissione\s*/\s*programma\s*(\d{2})\s*[./]\s*(\d{2})\b").expect("valid regex")
});
static ACCOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([UE]\.\d\.\d{2}\.\d{2}\.\d{2}\.\d{3})\b").expect("valid regex")
});
static YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:annualit[àa]|esercizio(?:\s+finanziario)?)\s+(20\d{2})\b")
        .expect("valid regex")
});

pub(crate) fn find(text: &Text, found: &mut Found) {
    let from = text.decision_start().unwrap_or(0);
    let zone = &text.flat[from..];
    let clauses: Vec<_> = CLAUSE.captures_iter(zone).collect();
    let [clause] = clauses.as_slice() else {
        if clauses.len() > 1 {
            found.hint(
                "impegni",
                format!(
                    "{} impegni nel dispositivo: compilali uno per uno",
                    clauses.len()
                ),
            );
        }
        return;
    };
    let (Some(amount), Some(rest)) = (clause.get(1), clause.get(2)) else {
        return;
    };
    let at = |range: Range<usize>| text.origin(from + range.start..from + range.end);
    let whole = clause.get(0).map_or(amount.range(), |m| m.range());
    if NET.is_match(rest.as_str()) {
        found.hint(
            "impegni.importo",
            "l'impegno è scritto al netto dell'IVA: nel file va IVA inclusa".to_string(),
        );
    } else if let Some(value) = italian_amount(amount.as_str()) {
        found.push(field(
            "impegni.importo",
            Value::Amount(value.round_dp(2)),
            at(whole.clone()),
        ));
    }
    let offset = rest.start();
    let in_rest = |m: regex::Match| offset + m.start()..offset + m.end();
    if let Some(m) = CHAPTER.captures(rest.as_str()).and_then(|c| c.get(1)) {
        found.push(field(
            "impegni.capitolo",
            Value::Text(m.as_str().to_string()),
            at(in_rest(m)),
        ));
    }
    if let Some(c) = MISSION.captures(rest.as_str())
        && let (Some(all), Some(mission), Some(programme)) = (c.get(0), c.get(1), c.get(2))
    {
        let value = format!("{}.{}", mission.as_str(), programme.as_str());
        found.push(field(
            "impegni.missione_programma",
            Value::Text(value),
            at(in_rest(all)),
        ));
    }
    if let Some(m) = ACCOUNT.captures(rest.as_str()).and_then(|c| c.get(1)) {
        found.push(field(
            "impegni.piano_dei_conti",
            Value::Text(m.as_str().to_string()),
            at(in_rest(m)),
        ));
    }
    if let Some(m) = YEAR.captures(rest.as_str()).and_then(|c| c.get(1))
        && let Ok(year) = m.as_str().parse()
    {
        found.push(field(
            "impegni.esercizio",
            Value::Year(year),
            at(in_rest(m)),
        ));
    }
}

fn field(key: &'static str, value: Value, origin: super::Origin) -> Field {
    Field {
        key,
        value,
        origin,
        note: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Found {
        let mut found = Found::default();
        find(&Text::new(&[text.to_string()]), &mut found);
        found
    }

    fn value(found: &Found, key: &str) -> Option<String> {
        found.get(key).map(|f| format!("{:?}", f.value))
    }

    #[test]
    fn the_decision_commitment_with_its_budget_line() {
        let found = read(
            "Premesso che con determina n. 1 si impegnava la somma di euro 5.000,00 sul cap. 99;\n\
             DETERMINA\n2. di impegnare la somma occorrente di euro 42.700,00 IVA compresa con\n\
             aliquota al 22% sul\n\ncap. 1850, Missione/Programma 01/08, (cod. p.f.\n\
             U.1.03.02.19.006) del PEG 2026-2028,\nannualità 2026;\n3. di dare atto",
        );
        assert_eq!(
            value(&found, "impegni.importo").as_deref(),
            Some("Amount(42700.00)")
        );
        assert_eq!(
            value(&found, "impegni.capitolo").as_deref(),
            Some("Text(\"1850\")")
        );
        assert_eq!(
            value(&found, "impegni.missione_programma").as_deref(),
            Some("Text(\"01.08\")")
        );
        assert_eq!(
            value(&found, "impegni.piano_dei_conti").as_deref(),
            Some("Text(\"U.1.03.02.19.006\")")
        );
        assert_eq!(
            value(&found, "impegni.esercizio").as_deref(),
            Some("Year(2026)")
        );
    }

    #[test]
    fn a_net_or_a_second_commitment_is_left_to_the_clerk() {
        let net = read("DETERMINA\ndi impegnare euro 1.000,00 oltre IVA sul cap. 12;");
        assert!(net.get("impegni.importo").is_none());
        assert!(net.hints.iter().any(|h| h.key == "impegni.importo"));
        let two = read(
            "DETERMINA\ndi impegnare euro 1.000,00 sul cap. 12; di impegnare euro 2.000,00 sul cap. 13;",
        );
        assert!(two.get("impegni.importo").is_none());
        assert!(two.hints.iter().any(|h| h.key == "impegni"));
    }
}
