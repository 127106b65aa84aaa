//! An act plan as TOML front matter, through serde and the `toml` crate.

use super::lots::LotPlan;
use super::plan::{ActPlan, Commitment, Link, Payment};
use super::skeleton::Context;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use toml::value::{Date, Datetime};

#[derive(Serialize)]
struct Front<'a> {
    ente: &'a str,
    tipo: &'a str,
    numero: &'a str,
    data: Datetime,
    ufficio: &'a str,
    oggetto: &'a str,
    firmatario: &'a str,
    rup: &'a str,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    lot: Option<Lot<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pnrr: Option<PnrrOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    lotti: Vec<Lot<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    impegni: Vec<ImpegnoOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    liquidazioni: Vec<LiquidazioneOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    collegati: Vec<CollegatoOut<'a>>,
}

#[derive(Serialize, Default)]
struct Lot<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    cig: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    codice: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    oggetto: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    cpv: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cup: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    procedura: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    norma: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    strumento: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    criterio: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    importo_base: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    importo_netto: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    aliquota_iva: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    importo_iva: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    importo_totale: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    offerte_ricevute: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    periodo: Option<PeriodoOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    aggiudicatari: Vec<OperatoreOut<'a>>,
}

#[derive(Serialize)]
struct PeriodoOut {
    dal: Datetime,
    al: Datetime,
}

#[derive(Serialize)]
struct OperatoreOut<'a> {
    denominazione: &'a str,
    partita_iva: &'a str,
    sede: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    raggruppamento: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ruolo: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    quota: Option<String>,
}

#[derive(Serialize)]
struct PnrrOut<'a> {
    missione: &'a str,
    componente: &'a str,
    investimento: &'a str,
    progetto: &'a str,
}

#[derive(Serialize)]
struct ImpegnoOut<'a> {
    capitolo: &'a str,
    missione_programma: &'a str,
    piano_dei_conti: &'a str,
    esercizio: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    cig: Option<&'a str>,
    importo: String,
}

#[derive(Serialize)]
struct LiquidazioneOut<'a> {
    data: Datetime,
    importo: String,
    fattura: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    cig: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    beneficiario: Option<&'a str>,
}

#[derive(Serialize)]
struct CollegatoOut<'a> {
    tipo: &'a str,
    numero: &'a str,
    data: Datetime,
    relazione: &'a str,
}

/// `1234567` cents → `"12345.67"`: money is written as an exact string.
pub fn money(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

fn date(d: NaiveDate) -> Datetime {
    let date = Date {
        year: d.year() as u16,
        month: d.month() as u8,
        day: d.day() as u8,
    };
    Datetime {
        date: Some(date),
        time: None,
        offset: None,
    }
}

fn lot<'a>(ctx: &'a Context, plan: &'a LotPlan) -> Lot<'a> {
    Lot {
        cig: plan.cig.as_deref(),
        codice: plan.codice.as_deref(),
        oggetto: plan.oggetto.as_deref(),
        cpv: vec![plan.cpv.as_str()],
        cup: plan.cup.as_deref(),
        procedura: Some(plan.procedura),
        norma: Some(&plan.norma),
        strumento: plan.strumento,
        criterio: plan.criterio,
        importo_base: plan.importo_base.map(money),
        importo_netto: Some(money(plan.netto)),
        aliquota_iva: Some(plan.aliquota.to_string()),
        importo_iva: plan.show_iva.then(|| money(plan.iva())),
        importo_totale: Some(money(plan.totale())),
        offerte_ricevute: plan.offerte,
        periodo: plan.periodo.map(|(dal, al)| PeriodoOut {
            dal: date(dal),
            al: date(al),
        }),
        aggiudicatari: plan
            .winners
            .iter()
            .map(|w| {
                let s = &ctx.suppliers[w.supplier];
                OperatoreOut {
                    denominazione: &s.denominazione,
                    partita_iva: &s.partita_iva,
                    sede: &s.sede,
                    raggruppamento: w.raggruppamento.as_deref(),
                    ruolo: w.ruolo,
                    quota: w.quota.map(|q| q.to_string()),
                }
            })
            .collect(),
    }
}

/// The TOML between the `+++` lines of the act.
pub fn front_matter(ctx: &Context, plan: &ActPlan) -> Result<String, toml::ser::Error> {
    let mut lots: Vec<Lot> = plan.lots.iter().map(|l| lot(ctx, l)).collect();
    let single = if lots.len() == 1 { lots.pop() } else { None };
    let paid = plan.paid_lot.as_ref().map(|(cig, codice)| Lot {
        cig: cig.as_deref(),
        codice: codice.as_deref(),
        ..Lot::default()
    });
    let front = Front {
        ente: &ctx.enti[plan.ente].id,
        tipo: plan.tipo,
        numero: &plan.numero,
        data: date(plan.date),
        ufficio: plan.ufficio,
        oggetto: &plan.oggetto,
        firmatario: &plan.firmatario,
        rup: &plan.rup,
        lot: single.or(paid),
        pnrr: plan.pnrr.map(|p| PnrrOut {
            missione: p.0,
            componente: p.1,
            investimento: p.2,
            progetto: p.3,
        }),
        lotti: lots,
        impegni: plan.impegni.iter().map(impegno).collect(),
        liquidazioni: plan.payments.iter().map(liquidazione).collect(),
        collegati: plan.links.iter().map(collegato).collect(),
    };
    toml::to_string(&front)
}

fn impegno(c: &Commitment) -> ImpegnoOut<'_> {
    ImpegnoOut {
        capitolo: &c.capitolo,
        missione_programma: c.missione_programma,
        piano_dei_conti: c.piano_dei_conti,
        esercizio: c.esercizio,
        cig: c.cig.as_deref(),
        importo: money(c.importo),
    }
}

fn liquidazione(p: &Payment) -> LiquidazioneOut<'_> {
    LiquidazioneOut {
        data: date(p.data),
        importo: money(p.importo),
        fattura: &p.fattura,
        cig: p.cig.as_deref(),
        beneficiario: p.beneficiario.as_deref(),
    }
}

fn collegato(l: &Link) -> CollegatoOut<'_> {
    CollegatoOut {
        tipo: l.tipo,
        numero: &l.numero,
        data: date(l.data),
        relazione: l.relazione,
    }
}
