//! IND-08 (paid more than awarded) and IND-09 (awarded far above the base).

use super::facts::{Fact, Facts};
use super::{Ambito, Esito, Flag, Found, euro, share};
use rust_decimal::Decimal;

/// Awarded over 1.2 times the base amount.
const BASE_RATIO: Decimal = Decimal::from_parts(12, 0, 0, false, 1);

pub(super) fn find(facts: &Facts, found: &mut Found) {
    for f in &facts.all {
        paid_over_awarded(f, found);
        awarded_over_base(f, found);
    }
}

fn flag(f: &Fact, codice: &'static str, valore: Decimal, soglia: Decimal, nota: String) -> Flag {
    Flag {
        codice,
        ambito: Ambito::Procedura,
        ente: f.p.ente.clone(),
        chiave: f.p.key.clone(),
        id_procedura: Some(f.p.key.clone()),
        cig: f.p.cig.clone(),
        fornitore: f.winners.first().map(|w| w.to_string()),
        valore,
        soglia,
        n: 1,
        esito: Esito::DaVerificare,
        nota,
        procedure: vec![f.p.key.clone()],
    }
}

/// The awarded amount on the VAT basis of the payments: net for L.190
/// payments, gross (the act's total) for an act's payments.
fn comparable_award(f: &Fact) -> Option<(Decimal, &'static str)> {
    let p = f.p;
    match p.base_iva_liquidato? {
        "netto" => p.importo_aggiudicato.map(|m| (m.0, "netto")),
        "lordo" => p.importo_totale.map(|m| (m.0, "IVA compresa")),
        _ => None,
    }
}

fn paid_over_awarded(f: &Fact, found: &mut Found) {
    const CODE: &str = "IND-08";
    let Some(paid) = f.p.importo_liquidato else {
        return;
    };
    let Some((awarded, basis)) = comparable_award(f).filter(|(a, _)| *a > Decimal::ZERO) else {
        found.exclude(CODE);
        return;
    };
    if paid.0 <= awarded {
        return;
    }
    let ratio = share(paid.0, awarded);
    let nota = format!(
        "liquidati {} contro {} aggiudicati ({basis}): {} volte; fino a 1,2 volte può essere il quinto d'obbligo",
        euro(paid.0),
        euro(awarded),
        ratio.round_dp(2).to_string().replace('.', ",")
    );
    found.flags.push(flag(f, CODE, ratio, Decimal::ONE, nota));
}

fn awarded_over_base(f: &Fact, found: &mut Found) {
    const CODE: &str = "IND-09";
    let (Some(awarded), Some(base)) = (f.p.importo_aggiudicato, f.p.importo_base) else {
        return;
    };
    if base.0 <= Decimal::ZERO {
        found.exclude(CODE);
        return;
    }
    let ratio = share(awarded.0, base.0);
    if ratio <= BASE_RATIO {
        return;
    }
    let nota = format!(
        "aggiudicati {} su una base di {}: {} volte la base",
        euro(awarded.0),
        euro(base.0),
        ratio.round_dp(2).to_string().replace('.', ",")
    );
    found.flags.push(flag(f, CODE, ratio, BASE_RATIO, nota));
}
