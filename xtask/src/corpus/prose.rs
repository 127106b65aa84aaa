//! The Markdown body of an act: premises and operative part, in Italian.

use super::lots::LotPlan;
use super::plan::ActPlan;
use super::rng::Rng;
use super::skeleton::Context;
use std::fmt::Write;

/// `1234567` cents → `12.345,67`, as amounts are written in Italian acts.
pub fn euro(cents: i64) -> String {
    let whole = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    format!("{grouped},{:02}", cents % 100)
}

const NEEDS: &[&str] = &[
    "Considerato che è necessario garantire la continuità dei servizi erogati ai cittadini e il regolare funzionamento degli uffici.",
    "Rilevato che la dotazione attuale non è più adeguata alle esigenze dell'Ente e che occorre provvedere con urgenza.",
    "Dato atto che l'intervento è previsto nel programma triennale e nel documento unico di programmazione.",
    "Visto che il contratto in essere giunge a scadenza e che non è possibile provvedere con personale interno.",
];

const CHECKS: &[&str] = &[
    "È stata verificata la regolarità contributiva dell'operatore (DURC) e l'assenza di cause di esclusione.",
    "Il prezzo offerto è stato ritenuto congruo rispetto ai valori di mercato e alle precedenti forniture.",
    "È stato rispettato il principio di rotazione degli affidamenti.",
    "La spesa trova copertura negli stanziamenti del bilancio di previsione.",
];

/// The body text; draws from its own stream so the front matter is unaffected.
pub fn body(ctx: &Context, plan: &ActPlan, rng: &mut Rng) -> String {
    let mut out = String::from("## Premesse\n\n");
    let _ = writeln!(out, "{}\n", rng.pick(NEEDS));
    if let Some(link) = plan.links.first() {
        let _ = writeln!(
            out,
            "Richiamato l'atto ({}) n. {} del {}, al quale si fa rinvio.\n",
            link.relazione,
            link.numero,
            link.data.format("%d/%m/%Y")
        );
    }
    let _ = writeln!(out, "{}\n", rng.pick(CHECKS));
    out.push_str("## Dispositivo\n\n");
    if !plan.payments.is_empty() {
        for (i, p) in plan.payments.iter().enumerate() {
            let _ = writeln!(
                out,
                "{}. Liquida la fattura {} di € {} IVA compresa.",
                i + 1,
                p.fattura,
                euro(p.importo)
            );
        }
        return out;
    }
    for (i, lot) in plan.lots.iter().enumerate() {
        let _ = writeln!(out, "{}. {}", i + 1, award_sentence(ctx, lot));
    }
    let step = plan.lots.len() + 1;
    let total: i64 = plan.impegni.iter().map(|c| c.importo).sum();
    if total > 0 {
        let _ = writeln!(
            out,
            "{step}. Impegna la spesa complessiva di € {} IVA compresa sul cap. {}.",
            euro(total),
            plan.impegni[0].capitolo
        );
    }
    let _ = writeln!(
        out,
        "{}. Dà atto che il RUP è {} e dispone la pubblicazione all'Albo pretorio on-line.",
        step + 1,
        plan.rup
    );
    out
}

fn award_sentence(ctx: &Context, lot: &LotPlan) -> String {
    let who: Vec<&str> = lot
        .winners
        .iter()
        .map(|w| ctx.suppliers[w.supplier].denominazione.as_str())
        .collect();
    let what = lot
        .oggetto
        .as_deref()
        .unwrap_or("la prestazione in oggetto");
    format!(
        "Affida {what} a {}, ai sensi dell'{}, per € {} oltre IVA al {}% (€ {} IVA compresa).",
        who.join(" e "),
        lot.norma,
        euro(lot.netto),
        lot.aliquota,
        euro(lot.totale())
    )
}
