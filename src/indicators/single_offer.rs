//! IND-01: one offer received in a competitive procedure (Cardinal R018).

use super::facts::Facts;
use super::{Ambito, Esito, Flag, Found};
use rust_decimal::Decimal;

const CODE: &str = "IND-01";

pub(super) fn find(facts: &Facts, found: &mut Found) {
    for f in &facts.all {
        let p = f.p;
        let competitive = p
            .procedura
            .is_some_and(|t| matches!(t.ocds_method, "open" | "selective"));
        if !competitive {
            continue;
        }
        let Some(offers) = p.offerte_ricevute else {
            found.exclude(CODE);
            continue;
        };
        if offers != 1 {
            continue;
        }
        let tipo = p.procedura.map_or("", |t| t.label);
        found.flags.push(Flag {
            codice: CODE,
            ambito: Ambito::Procedura,
            ente: p.ente.clone(),
            chiave: p.key.clone(),
            id_procedura: Some(p.key.clone()),
            cig: p.cig.clone(),
            fornitore: f.winners.first().map(|w| w.to_string()),
            valore: Decimal::ONE,
            soglia: Decimal::ONE,
            n: 1,
            esito: Esito::DaVerificare,
            nota: format!(
                "una sola offerta ricevuta in una procedura competitiva ({})",
                tipo.to_lowercase()
            ),
            procedure: vec![p.key.clone()],
        });
    }
}
