//! One act, drawn from its own random stream: a pure function of the seed
//! and the act's index, so acts can be written in parallel, in any order.

use super::lots::{LotPlan, LotRequest, Procedure, choose_procedure, plan_lot};
use super::rng::{Rng, Stream};
use super::skeleton::{Context, Installment, LIQUIDAZIONE};
use super::words::{Kind, PURPOSES, SUBJECTS};
use chrono::{Datelike, NaiveDate};

#[derive(Clone, Debug)]
pub struct ActPlan {
    pub ente: usize,
    pub tipo: &'static str,
    pub numero: String,
    pub date: NaiveDate,
    pub ufficio: &'static str,
    pub firmatario: String,
    pub rup: String,
    pub oggetto: String,
    /// What is bought, without the act's decision ("– affidamento ...").
    pub subject: String,
    /// One lot is written at top level; several under `[[lotti]]`.
    pub lots: Vec<LotPlan>,
    /// A payment act names the CIG (or internal code) it pays, nothing else.
    pub paid_lot: Option<(Option<String>, Option<String>)>,
    pub pnrr: Option<&'static Pnrr>,
    pub impegni: Vec<Commitment>,
    pub payments: Vec<Payment>,
    pub links: Vec<Link>,
}

#[derive(Clone, Debug)]
pub struct Commitment {
    pub capitolo: String,
    pub missione_programma: &'static str,
    pub piano_dei_conti: &'static str,
    pub esercizio: i32,
    pub cig: Option<String>,
    pub importo: i64,
}

#[derive(Clone, Debug)]
pub struct Payment {
    pub data: NaiveDate,
    pub importo: i64,
    pub fattura: String,
    pub cig: Option<String>,
    pub beneficiario: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Link {
    pub tipo: &'static str,
    pub numero: String,
    pub data: NaiveDate,
    pub relazione: &'static str,
}

/// A PNRR investment: mission, component, investment, and its name.
#[derive(Debug)]
pub struct Pnrr(
    pub &'static str,
    pub &'static str,
    pub &'static str,
    pub &'static str,
);

pub const PNRR: &[Pnrr] = &[
    Pnrr("M1", "C1", "1.2", "Abilitazione al cloud per le PA locali"),
    Pnrr(
        "M1",
        "C1",
        "1.4.1",
        "Esperienza del cittadino nei servizi pubblici",
    ),
    Pnrr(
        "M2",
        "C4",
        "2.2",
        "Interventi per la resilienza e l'efficienza energetica dei Comuni",
    ),
    Pnrr(
        "M4",
        "C1",
        "3.3",
        "Messa in sicurezza e riqualificazione dell'edilizia scolastica",
    ),
    Pnrr(
        "M5",
        "C2",
        "2.1",
        "Investimenti in progetti di rigenerazione urbana",
    ),
];

pub fn plan_act(ctx: &Context, act: usize) -> ActPlan {
    let slot = ctx.slots[act];
    let ente = &ctx.enti[usize::from(slot.ente)];
    let mut rng = Rng::stream(ctx.seed, Stream::Act, act as u64);
    let ufficio = *rng.pick(ente.offices);
    let mut plan = ActPlan {
        ente: usize::from(slot.ente),
        tipo: slot.tipo(),
        numero: slot.numero.to_string(),
        date: slot.date(),
        ufficio,
        firmatario: rng.pick(&ente.officials).clone(),
        rup: rng.pick(&ente.officials).clone(),
        oggetto: String::new(),
        subject: String::new(),
        lots: Vec::new(),
        paid_lot: None,
        pnrr: None,
        impegni: Vec::new(),
        payments: Vec::new(),
        links: Vec::new(),
    };
    if slot.tipo == LIQUIDAZIONE {
        if let Some(installment) = ctx.payment_of[act] {
            plan_payment(ctx, &mut plan, installment, &mut rng);
            return plan;
        }
        plan.oggetto = format!("Liquidazione di utenze e canoni – {}", plan.ufficio);
        return plan;
    }
    plan_award(ctx, &mut plan, act, &mut rng);
    plan
}

fn plan_award(ctx: &Context, plan: &mut ActPlan, act: usize, rng: &mut Rng) {
    let subject = rng.pick(SUBJECTS);
    let at_a_place = match subject.kind {
        Kind::Lavori => true,
        Kind::Servizi => rng.chance(0.5),
        Kind::Forniture => false,
    };
    let where_or_why = if at_a_place {
        rng.pick(ctx.enti[plan.ente].places)
    } else {
        rng.pick(PURPOSES)
    };
    plan.subject = format!("{} {}", subject.text, where_or_why);
    plan.oggetto = plan.subject.clone();
    let procedure = choose_procedure(plan.date, rng);
    let lots = if matches!(procedure, Procedure::Open | Procedure::Negotiated) && rng.chance(0.3) {
        rng.range(2, 6) as usize
    } else {
        1
    };
    plan.lots = (0..lots)
        .map(|lot| {
            let req = LotRequest {
                act,
                lot,
                date: plan.date,
                subject,
                procedure,
            };
            let mut plan_of_lot = plan_lot(ctx, &req, rng);
            if lots > 1 {
                plan_of_lot.oggetto = Some(format!("Lotto {} – {}", lot + 1, subject.text));
            }
            plan_of_lot
        })
        .collect();
    plan.oggetto = match (procedure, lots) {
        (Procedure::Open, _) => format!(
            "Procedura aperta per {} – aggiudicazione",
            lower_first(&plan.oggetto)
        ),
        (_, 1) => format!("{} – affidamento e impegno di spesa", plan.oggetto),
        _ => format!("{} – aggiudicazione di {lots} lotti", plan.oggetto),
    };
    if plan.date.year() >= 2022 && rng.chance(0.08) {
        plan.pnrr = Some(rng.pick(PNRR));
        for lot in &mut plan.lots {
            lot.cup = Some(cup(plan.date.year(), rng));
        }
    }
    plan.impegni = commitments(plan, subject.kind, rng);
    if rng.chance(0.25)
        && let Some(earlier) = ctx.earlier_award(act, rng)
    {
        let relazione = *rng.pick(&[
            "determina a contrarre",
            "affidamento precedente",
            "nomina del RUP",
        ]);
        plan.links.push(link_to(ctx, earlier, relazione));
    }
}

/// A payment act: settles invoices of a lot awarded by an earlier act.
fn plan_payment(ctx: &Context, plan: &mut ActPlan, installment: Installment, rng: &mut Rng) {
    let target = installment.target as usize;
    let award = plan_act(ctx, target);
    plan.links.push(link_to(ctx, target, "affidamento"));
    plan.oggetto = format!("Liquidazione fatture – {}", award.subject);
    if award.lots.is_empty() {
        return;
    }
    let lot = &award.lots[usize::from(installment.index) % award.lots.len()];
    plan.paid_lot = Some((lot.cig.clone(), lot.codice.clone()));
    let invoices = rng.range(1, 3);
    // Together the award's payment acts pay 30-100% of each lot, never more.
    let percent = Rng::stream(ctx.seed ^ 0x9A1D, Stream::Act, target as u64).range(30, 100);
    let paid = lot.totale() * percent / 100 / i64::from(installment.count.max(1));
    let rti = lot.winners.len() > 1;
    for k in 0..invoices {
        let share = if k == invoices - 1 {
            paid - paid / invoices * (invoices - 1)
        } else {
            paid / invoices
        };
        let winner = rng.pick(&lot.winners);
        plan.payments.push(Payment {
            data: plan.date,
            importo: share,
            fattura: format!("FPA {}/{}", rng.range(1, 400), plan.date.format("%y")),
            cig: lot.cig.clone(),
            beneficiario: rti.then(|| ctx.suppliers[winner.supplier].partita_iva.clone()),
        });
    }
}

fn link_to(ctx: &Context, act: usize, relazione: &'static str) -> Link {
    let slot = ctx.slots[act];
    Link {
        tipo: slot.tipo(),
        numero: slot.numero.to_string(),
        data: slot.date(),
        relazione,
    }
}

/// Commitments cover each lot's total, split over the budget years the
/// contract spans (at most three), in whole cents.
fn commitments(plan: &ActPlan, kind: Kind, rng: &mut Rng) -> Vec<Commitment> {
    let (programmes, accounts): (&[&str], &str) = match kind {
        Kind::Forniture => (&["01.03", "01.08", "04.06", "03.01"], "U.1.03.01.02.999"),
        Kind::Servizi => (
            &["01.05", "01.08", "09.02", "12.07", "04.06"],
            "U.1.03.02.99.999",
        ),
        Kind::Lavori => (&["01.05", "10.05", "04.02", "09.01"], "U.2.02.01.09.999"),
    };
    let capitolo = if rng.chance(0.5) {
        rng.range(1000, 9999).to_string()
    } else {
        format!("{}/{}", rng.range(100, 9999), rng.range(1, 20))
    };
    let programme = *rng.pick(programmes);
    let many = plan.lots.len() > 1;
    let mut out = Vec::new();
    for lot in &plan.lots {
        let first = plan.date.year();
        let last = lot
            .periodo
            .map_or(first, |(_, al)| al.year())
            .min(first + 2);
        let years = i64::from(last - first + 1);
        let total = lot.totale();
        for (k, esercizio) in (first..=last).enumerate() {
            let share = if k as i64 == years - 1 {
                total - total / years * (years - 1)
            } else {
                total / years
            };
            out.push(Commitment {
                capitolo: capitolo.clone(),
                missione_programma: programme,
                piano_dei_conti: accounts,
                esercizio,
                cig: if many { lot.cig.clone() } else { None },
                importo: share,
            });
        }
    }
    out
}

/// A CUP-shaped project code (15 characters, year of the project inside).
fn cup(year: i32, rng: &mut Rng) -> String {
    let letter = |rng: &mut Rng| char::from(b'A' + rng.below(10) as u8);
    format!(
        "{}{:02}{}{:02}{:09}",
        letter(rng),
        rng.below(100),
        letter(rng),
        year % 100,
        rng.below(1_000_000_000)
    )
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}
