//! Lots: procedure, legal basis, amounts and winners, by era and threshold.

use super::rng::Rng;
use super::skeleton::Context;
use super::synthetic_ids::{cig_ordinary, cig_smart, scatter};
use super::words::{DIRECT_TOOLS, Kind, Subject};
use chrono::{Datelike, Days, NaiveDate};

/// A winner of a lot: a supplier of the pool, alone or in a joint venture.
#[derive(Clone, Debug)]
pub struct Winner {
    pub supplier: usize,
    pub raggruppamento: Option<String>,
    pub ruolo: Option<&'static str>,
    pub quota: Option<u32>,
}

#[derive(Clone, Debug)]
pub struct LotPlan {
    pub cig: Option<String>,
    pub codice: Option<String>,
    pub oggetto: Option<String>,
    pub cpv: String,
    pub cup: Option<String>,
    pub procedura: &'static str,
    pub norma: String,
    pub strumento: Option<&'static str>,
    pub criterio: Option<&'static str>,
    pub importo_base: Option<i64>,
    /// Amounts in cents; total = net × (100 + vat) / 100 exactly.
    pub netto: i64,
    pub aliquota: i64,
    pub show_iva: bool,
    pub offerte: Option<u32>,
    pub periodo: Option<(NaiveDate, NaiveDate)>,
    pub winners: Vec<Winner>,
}

impl LotPlan {
    pub fn iva(&self) -> i64 {
        self.netto * self.aliquota / 100
    }

    pub fn totale(&self) -> i64 {
        self.netto + self.iva()
    }
}

/// The legal regime in force on a date: thresholds (in euro) and article texts.
struct Regime {
    direct_cap: fn(Kind) -> i64,
    direct_norma: &'static str,
    negotiated: &'static str,
    negotiated_norma: &'static str,
    open_norma: &'static str,
    in_house_norma: &'static str,
}

fn regime(date: NaiveDate) -> Regime {
    let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN);
    if date < ymd(2016, 4, 19) {
        Regime {
            direct_cap: |_| 40_000,
            direct_norma: "art. 125, c. 11, D.Lgs. 163/2006",
            negotiated: "negoziata-senza-bando",
            negotiated_norma: "art. 122, c. 7, D.Lgs. 163/2006",
            open_norma: "art. 55, D.Lgs. 163/2006",
            in_house_norma: "art. 113, D.Lgs. 267/2000",
        }
    } else if date < ymd(2020, 7, 17) {
        Regime {
            direct_cap: |_| 40_000,
            direct_norma: "art. 36, c. 2, lett. a), D.Lgs. 50/2016",
            negotiated: "negoziata-senza-bando",
            negotiated_norma: "art. 36, c. 2, lett. b), D.Lgs. 50/2016",
            open_norma: "art. 60, D.Lgs. 50/2016",
            in_house_norma: "art. 192, D.Lgs. 50/2016",
        }
    } else if date < ymd(2023, 7, 1) {
        Regime {
            direct_cap: |k| if k == Kind::Lavori { 150_000 } else { 75_000 },
            direct_norma: "art. 1, c. 2, lett. a), L. 120/2020",
            negotiated: "negoziata-sotto-soglia",
            negotiated_norma: "art. 1, c. 2, lett. b), L. 120/2020",
            open_norma: "art. 60, D.Lgs. 50/2016",
            in_house_norma: "art. 192, D.Lgs. 50/2016",
        }
    } else {
        Regime {
            direct_cap: |k| if k == Kind::Lavori { 150_000 } else { 140_000 },
            direct_norma: "art. 50, c. 1, lett. b), D.Lgs. 36/2023",
            negotiated: "negoziata-sotto-soglia",
            negotiated_norma: "art. 50, c. 1, lett. c), D.Lgs. 36/2023",
            open_norma: "art. 71, D.Lgs. 36/2023",
            in_house_norma: "art. 7, c. 2, D.Lgs. 36/2023",
        }
    }
}

/// Cents step that keeps VAT exact: net × rate / 100 must be whole cents.
fn cent_step(aliquota: i64) -> i64 {
    match aliquota {
        22 => 50,
        10 => 10,
        5 => 20,
        _ => 25,
    }
}

fn vat_rate(subject: &Subject, rng: &mut Rng) -> i64 {
    match (subject.kind, subject.cpv) {
        (_, "55524000-9" | "15000000-8") => 4,
        (_, "85312000-9" | "85320000-8") => 5,
        (Kind::Lavori, _) if rng.chance(0.5) => 10,
        _ => 22,
    }
}

/// Net amount in cents within `lo..hi` euro, exact for the VAT rate.
fn net_amount(lo: i64, hi: i64, aliquota: i64, rng: &mut Rng) -> i64 {
    let euros = rng.log_uniform(lo, hi);
    if rng.chance(0.6) {
        return euros * 100;
    }
    let step = cent_step(aliquota);
    euros * 100 + step * rng.below((100 / step) as u64) as i64
}

/// The CIG of lot `lot` of act `act`: distinct for distinct lots. Small
/// direct awards before 2024 carry a SmartCIG, as they did in reality.
fn cig_for(ctx: &Context, act: usize, lot: usize, smart: bool) -> String {
    let key = (act as u64) * 8 + lot.min(7) as u64;
    if smart {
        let prefix = ['X', 'Y', 'Z'][(key % 3) as usize];
        cig_smart(
            prefix,
            scatter(key, 0x2F3_7A11, ctx.seed % 0x1000_0000, 0x1000_0000),
        )
    } else {
        cig_ordinary(scatter(key, 7_777_777, ctx.seed % 10_000_000, 10_000_000))
    }
}

pub struct LotRequest<'a> {
    pub act: usize,
    pub lot: usize,
    pub date: NaiveDate,
    pub subject: &'a Subject,
    pub procedure: Procedure,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Procedure {
    Direct,
    Framework,
    InHouse,
    Cooperative,
    Negotiated,
    Open,
}

pub fn choose_procedure(date: NaiveDate, rng: &mut Rng) -> Procedure {
    use Procedure::*;
    let options = [Direct, Framework, InHouse, Cooperative, Negotiated, Open];
    let pre_2016 = date < NaiveDate::from_ymd_opt(2016, 4, 19).unwrap_or(NaiveDate::MIN);
    let weights = [62, 7, 2, 2, 15, if pre_2016 { 8 } else { 12 }];
    options[rng.weighted(&weights)]
}

pub fn plan_lot(ctx: &Context, req: &LotRequest, rng: &mut Rng) -> LotPlan {
    let era = regime(req.date);
    let cap = (era.direct_cap)(req.subject.kind);
    let aliquota = vat_rate(req.subject, rng);
    let (procedura, norma, lo, hi) = match req.procedure {
        Procedure::Direct if req.date.year() == 2015 && rng.chance(0.5) => {
            ("cottimo-fiduciario", era.direct_norma.to_string(), 500, cap)
        }
        Procedure::Direct => (
            "affidamento-diretto",
            era.direct_norma.to_string(),
            500,
            cap,
        ),
        Procedure::Framework => (
            "adesione-accordo-quadro",
            "art. 26, c. 3, L. 488/1999 (convenzione Consip)".to_string(),
            2_000,
            400_000,
        ),
        Procedure::InHouse => (
            "affidamento-in-house",
            era.in_house_norma.to_string(),
            20_000,
            2_000_000,
        ),
        Procedure::Cooperative => (
            "affidamento-diretto-cooperative-sociali",
            "art. 5, L. 381/1991".to_string(),
            5_000,
            cap,
        ),
        Procedure::Negotiated => {
            // Services and supplies go to open tender above the EU threshold.
            let hi = if req.subject.kind == Kind::Lavori {
                1_000_000
            } else {
                215_000
            };
            (era.negotiated, era.negotiated_norma.to_string(), cap, hi)
        }
        Procedure::Open => (
            "procedura-aperta",
            era.open_norma.to_string(),
            140_000,
            5_000_000,
        ),
    };
    let netto = net_amount(lo, hi, aliquota, rng);
    let competitive = matches!(req.procedure, Procedure::Negotiated | Procedure::Open);
    let has_cig = req.procedure != Procedure::InHouse || rng.chance(0.5);
    let smart = !competitive && netto < 4_000_000 && req.date.year() < 2024;
    let periodo = period(req.subject.kind, req.date, rng);
    LotPlan {
        cig: has_cig.then(|| cig_for(ctx, req.act, req.lot, smart)),
        codice: (!has_cig).then(|| format!("IH-{}-{:07}", req.date.year(), req.act)),
        oggetto: None,
        cpv: ctx.cpv.pick(req.subject.cpv, rng),
        cup: None,
        procedura,
        norma,
        strumento: match req.procedure {
            Procedure::Direct | Procedure::Cooperative => Some(*rng.pick(DIRECT_TOOLS)),
            Procedure::Framework => Some("Convenzione Consip"),
            _ => None,
        },
        criterio: competitive.then(|| {
            if rng.chance(0.6) {
                "offerta economicamente più vantaggiosa"
            } else {
                "minor prezzo"
            }
        }),
        importo_base: competitive.then(|| netto + netto * rng.range(3, 30) / 100),
        netto,
        aliquota,
        show_iva: rng.chance(0.3),
        offerte: if competitive {
            Some(rng.range(1, 14) as u32)
        } else {
            None
        },
        periodo,
        winners: winners(ctx, competitive, rng),
    }
}

fn period(kind: Kind, date: NaiveDate, rng: &mut Rng) -> Option<(NaiveDate, NaiveDate)> {
    let start = date.checked_add_days(Days::new(rng.below(45)))?;
    let days = match kind {
        Kind::Forniture if rng.chance(0.7) => return None,
        Kind::Forniture => 90,
        Kind::Servizi => *rng.pick(&[365, 730, 1095]),
        Kind::Lavori => rng.range(60, 540) as u64,
    };
    Some((start, start.checked_add_days(Days::new(days - 1))?))
}

/// One supplier, or for some competitive lots a joint venture of two or three.
fn winners(ctx: &Context, competitive: bool, rng: &mut Rng) -> Vec<Winner> {
    let first = ctx.supplier_rank.sample(rng);
    if !competitive || !rng.chance(0.15) {
        return vec![Winner {
            supplier: first,
            raggruppamento: None,
            ruolo: None,
            quota: None,
        }];
    }
    let mut members = vec![first];
    let size = if rng.chance(0.7) { 2 } else { 3 };
    while members.len() < size {
        let next = rng.below(ctx.suppliers.len() as u64) as usize;
        if !members.contains(&next) {
            members.push(next);
        }
    }
    let quotas: &[u32] = if size == 2 { &[60, 40] } else { &[50, 30, 20] };
    let names: Vec<&str> = members
        .iter()
        .map(|&m| ctx.suppliers[m].denominazione.as_str())
        .collect();
    let rti = format!("RTI {}", names.join(" – "));
    members
        .iter()
        .zip(quotas)
        .enumerate()
        .map(|(i, (&supplier, &quota))| Winner {
            supplier,
            raggruppamento: Some(rti.clone()),
            ruolo: Some(if i == 0 { "mandataria" } else { "mandante" }),
            quota: Some(quota),
        })
        .collect()
}
