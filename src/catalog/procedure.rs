//! Procedures (lots, by CIG): the whole story told by every act that names them.

use super::dates;
use super::page_keys::{self, anac_url};
use crate::check::ids::{IdKind, Validity, canonical, classify};
use crate::model::*;
use crate::model::{Act, Record};
use crate::route::{Route, Section, Urls};
use serde::Serialize;
use std::collections::BTreeMap;

/// One step of a procedure's story: an act or an imported record.
#[derive(Clone, Debug, Serialize)]
pub struct Event {
    pub data: Option<Date>,
    pub tipo: &'static str,
    pub numero: Option<String>,
    pub oggetto: String,
    pub url: Option<String>,
    pub importo_netto: Option<Money>,
    pub fonte: Option<String>,
}

/// A winner of a lot, with the amount credited to it.
#[derive(Clone, Debug, Serialize)]
pub struct Award {
    #[serde(flatten)]
    pub operatore: Operatore,
    pub fornitore: String,
    pub fornitore_url: String,
    /// The amount the supplier is credited with: the whole lot for a sole
    /// winner, its stated share in a joint venture, nothing when unknown.
    pub importo_attribuito: Option<Money>,
    /// What the operator's own ids say; `supplier::identify` turns it
    /// into `fornitore` with the site-wide rules. Never published.
    #[serde(skip)]
    pub claim: page_keys::Claim,
}

/// One body's part of a CIG that several bodies state (a convention).
#[derive(Clone, Debug, Serialize)]
pub struct Parte {
    pub ente: String,
    /// The body's amount: its latest source's.
    pub importo: Option<Money>,
    /// What the body's own sources say it paid; `None` when none says.
    pub liquidato: Option<Money>,
    pub fonte: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Procedure {
    pub key: String,
    pub url: String,
    pub cig: Option<String>,
    pub codice: Option<String>,
    pub ente: String,
    pub oggetto: String,
    /// The office running the procedure, as the latest act or record says.
    pub ufficio: Option<String>,
    /// The central purchasing body that ran the procedure for the body, as
    /// an ANAC record names it («name (CF code)»).
    pub svolta_da: Option<String>,
    /// Year of `data`: 0 when nothing dates the procedure.
    pub anno: i32,
    /// First act, else contract start, else 1 January of the reference year
    /// (see `catalog::dates`); never a record's publication date.
    pub data: Option<Date>,
    /// Reference year of the latest record (L.190 `annoRiferimento`): the
    /// year of the L.190 dataset the procedure is exported in.
    pub anno_riferimento: Option<i32>,
    pub cpv: Vec<String>,
    pub categoria: Option<&'static str>,
    pub cup: Option<String>,
    pub procedura: Option<TipoProcedura>,
    pub norma: Option<String>,
    pub strumento: Option<String>,
    pub criterio: Option<String>,
    pub importo_base: Option<Money>,
    /// Net amount awarded, as the latest act states it.
    pub importo_aggiudicato: Option<Money>,
    pub aliquota_iva: Option<Money>,
    pub importo_totale: Option<Money>,
    /// Sum of the commitments; `None` when no source states any (L.190
    /// has none): unknown is empty, never 0.
    pub importo_impegnato: Option<Money>,
    /// Sum of the payments; `None` when no source states any.
    pub importo_liquidato: Option<Money>,
    /// VAT basis of `importo_liquidato`: `netto` (L.190), `lordo` (acts),
    /// `misto` when the payments mix both.
    pub base_iva_liquidato: Option<&'static str>,
    pub periodo: Option<Periodo>,
    pub offerte_ricevute: Option<u32>,
    pub aggiudicatari: Vec<Award>,
    pub partecipanti: Vec<Operatore>,
    pub voci: Vec<Voce>,
    pub cauzione: Option<Box<Cauzione>>,
    pub pnrr: Option<Box<Pnrr>>,
    pub eventi: Vec<Event>,
    pub impegni: Vec<Impegno>,
    pub liquidazioni: Vec<Liquidazione>,
    pub anac_url: Option<String>,
    /// Each body's part when several bodies state this CIG; empty otherwise.
    /// Body pages and each body's L.190 dataset count only the body's part.
    pub parti: Vec<Parte>,
    /// Doubts about this procedure's data: stored by the importer in its
    /// records, or found by the catalog (see `model::quality`).
    pub segnalazioni: Vec<Segnalazione>,
    /// The rules under which the awarded amount is doubtful (empty when it
    /// is not): set by `catalog::plausibility`. The amount stays in totals.
    pub importo_dubbio: Vec<Regola>,
    /// The Allegato 1 documents the procedure's acts publish, by phase:
    /// set by `catalog::documents` once the acts are masked.
    pub documenti: Vec<super::documents::DocumentiFase>,
    /// Index of the acts that name this procedure, in date order.
    #[serde(skip)]
    pub acts: Vec<usize>,
}

impl Procedure {
    pub(crate) fn is_direct_award(&self) -> bool {
        self.procedura.is_some_and(|p| p.is_direct_award())
    }

    pub(crate) fn is_framework_call(&self) -> bool {
        self.procedura.is_some_and(|p| p.is_framework_call())
    }
}

/// Works, services or supplies, from the CPV division.
pub(crate) fn category(cpv: &[String]) -> Option<&'static str> {
    let division: u32 = cpv.first()?.get(..2)?.parse().ok()?;
    Some(match division {
        45 => "lavori",
        0..=44 | 48 => "forniture",
        _ => "servizi",
    })
}

/// A lot as one source states it, waiting to be merged with the others.
struct Contribution<'a> {
    date: Option<Date>,
    act: Option<usize>,
    ente: &'a str,
    ufficio: Option<&'a str>,
    svolta_da: Option<&'a str>,
    /// A record's reference year.
    anno: Option<i32>,
    lot: &'a Lotto,
    event: Event,
    pnrr: Option<&'a Pnrr>,
    impegni: Vec<&'a Impegno>,
    liquidazioni: Vec<&'a Liquidazione>,
    segnalazioni: &'a [Segnalazione],
}

impl Procedure {
    /// The bodies this procedure belongs to, each with the awarded and paid
    /// amounts credited to it: the whole procedure for its one body, each
    /// body's part when several state the CIG (never the sum to each).
    pub(crate) fn body_shares(&self) -> Vec<(&str, Option<Money>, Option<Money>)> {
        if self.parti.is_empty() {
            return vec![(
                self.ente.as_str(),
                self.importo_aggiudicato,
                self.importo_liquidato,
            )];
        }
        self.parti
            .iter()
            .map(|p| (p.ente.as_str(), p.importo, p.liquidato))
            .collect()
    }
}

/// Groups every lot of every act and record by procedure key and merges them.
pub fn build(acts: &[Act], records: &[Record], urls: &Urls) -> Vec<Procedure> {
    let mut groups: BTreeMap<String, Vec<Contribution>> = BTreeMap::new();
    for (index, act) in acts.iter().enumerate() {
        let href = urls.href(&Route::Act(&act.id));
        for (lot_index, lot) in act.lots.iter().enumerate() {
            groups
                .entry(lot_key(act, lot_index))
                .or_default()
                .push(act_contribution(index, act, lot, &href));
        }
    }
    for record in records {
        let stem = record
            .file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("record");
        let key = page_keys::procedure_key(
            &record.header.ente,
            record.lot.cig.as_deref(),
            record.lot.codice.as_deref(),
            stem,
        );
        groups
            .entry(key)
            .or_default()
            .push(record_contribution(record));
    }
    groups
        .into_iter()
        .map(|(key, parts)| merge(key, parts, urls))
        .collect()
}

/// The procedure key of lot `index` of an act: its CIG, else its internal
/// code, else the act's own number (with the lot's position when several).
pub(crate) fn lot_key(act: &Act, index: usize) -> String {
    let lot = &act.lots[index];
    let number = act
        .header
        .numero
        .clone()
        .unwrap_or_else(|| act.header.data.iso());
    let fallback = if act.lots.len() > 1 {
        format!("{number}-{}", index + 1)
    } else {
        number
    };
    page_keys::procedure_key(
        &act.header.ente,
        lot.cig.as_deref(),
        lot.codice.as_deref(),
        &fallback,
    )
}

/// Whether a commitment or payment naming `cig` concerns `lot`, one of the
/// `lots` lots of its act: one that names no CIG concerns a single lot only.
pub(crate) fn concerns_lot(lot: &Lotto, lots: usize, cig: Option<&str>) -> bool {
    match cig {
        Some(cig) => lot
            .cig
            .as_deref()
            .is_some_and(|c| c.eq_ignore_ascii_case(cig)),
        None => lots == 1,
    }
}

fn act_contribution<'a>(
    index: usize,
    act: &'a Act,
    lot: &'a Lotto,
    href: &str,
) -> Contribution<'a> {
    let h = &act.header;
    let belongs = |cig: &Option<String>| concerns_lot(lot, act.lots.len(), cig.as_deref());
    Contribution {
        date: Some(h.data),
        act: Some(index),
        ente: &h.ente,
        ufficio: h.ufficio.as_deref(),
        svolta_da: None,
        anno: None,
        lot,
        event: Event {
            data: Some(h.data),
            tipo: h.tipo.label(),
            numero: h.numero.clone(),
            oggetto: h.oggetto.clone(),
            url: Some(href.to_string()),
            importo_netto: lot.importo_netto,
            fonte: None,
        },
        pnrr: h.pnrr.as_deref(),
        impegni: h.impegni.iter().filter(|i| belongs(&i.cig)).collect(),
        liquidazioni: h.liquidazioni.iter().filter(|l| belongs(&l.cig)).collect(),
        segnalazioni: &[],
    }
}

fn record_contribution(record: &Record) -> Contribution<'_> {
    let h = &record.header;
    Contribution {
        date: h.data_pubblicazione,
        act: None,
        ente: &h.ente,
        ufficio: h.ufficio.as_deref(),
        svolta_da: h.svolta_da.as_deref(),
        anno: h.anno,
        lot: &record.lot,
        event: Event {
            data: h.data_pubblicazione,
            tipo: "Scheda della procedura",
            numero: None,
            oggetto: record.lot.oggetto.clone().unwrap_or_default(),
            url: None,
            importo_netto: record.lot.importo_netto,
            fonte: h.fonte.clone(),
        },
        pnrr: None,
        impegni: Vec::new(),
        liquidazioni: h.liquidazioni.iter().collect(),
        segnalazioni: &h.segnalazioni,
    }
    .with_year(h.anno)
}

impl Contribution<'_> {
    /// A record without a publication date is placed at the start of its
    /// year among the sources (this orders the sources, it does not date the
    /// procedure).
    fn with_year(mut self, year: Option<i32>) -> Self {
        if self.date.is_none() {
            self.date = year
                .and_then(|y| chrono::NaiveDate::from_ymd_opt(y, 1, 1))
                .map(Date);
        }
        self
    }
}

/// Later sources override earlier ones field by field.
fn merge(key: String, mut parts: Vec<Contribution>, urls: &Urls) -> Procedure {
    parts.sort_by_key(|p| p.date);
    let latest = |f: &dyn Fn(&Lotto) -> bool| parts.iter().rev().find(|p| f(p.lot)).map(|p| p.lot);
    macro_rules! last {
        ($field:ident) => {
            parts.iter().rev().find_map(|p| p.lot.$field.clone())
        };
    }
    let first = &parts[0];
    let mut date_findings = Vec::new();
    let periodo = last!(periodo).and_then(|p| dates::usable_period(&p, &mut date_findings));
    let first_act = parts
        .iter()
        .filter(|p| p.act.is_some())
        .filter_map(|p| p.date)
        .min();
    let reference_year = parts.iter().filter_map(|p| p.anno).min();
    let date = dates::procedure_date(first_act, periodo.as_ref(), reference_year);
    let oggetto = parts
        .iter()
        .rev()
        .find_map(|p| p.lot.oggetto.clone())
        .or_else(|| {
            parts
                .iter()
                .rev()
                .find(|p| p.act.is_some())
                .map(|p| p.event.oggetto.clone())
        })
        .unwrap_or_default();
    let cpv = latest(&|l| !l.cpv.is_empty())
        .map(|l| l.cpv.clone())
        .unwrap_or_default();
    let winners = latest(&|l| !l.aggiudicatari.is_empty())
        .map(|l| l.aggiudicatari.clone())
        .unwrap_or_default();
    let parti = shares(&parts);
    let importo_aggiudicato = match parti.len() {
        0 => last!(importo_netto),
        _ => sum(parti.iter().filter_map(|p| p.importo)),
    };
    let cig = parts
        .iter()
        .rev()
        .find_map(|p| page_keys::keying_cig(p.lot.cig.as_deref()))
        .map(|c| canonical(IdKind::Cig, c));
    let mut segnalazioni = findings(&key, &parts, &parti);
    segnalazioni.append(&mut date_findings);
    Procedure {
        url: urls.href(&Route::Item(Section::Cig, &key)),
        anac_url: cig.as_deref().map(anac_url),
        cig,
        codice: last!(codice),
        ente: first.ente.to_string(),
        oggetto,
        ufficio: parts.iter().rev().find_map(|p| p.ufficio.map(String::from)),
        svolta_da: parts
            .iter()
            .rev()
            .find_map(|p| p.svolta_da.map(String::from)),
        anno: date.map_or(0, |d| d.year()),
        data: date,
        anno_riferimento: parts.iter().filter_map(|p| p.anno).max(),
        categoria: category(&cpv),
        cpv,
        cup: last!(cup),
        procedura: last!(procedura),
        norma: last!(norma),
        strumento: last!(strumento),
        criterio: last!(criterio),
        importo_base: last!(importo_base),
        aggiudicatari: awards(&winners, importo_aggiudicato, urls),
        importo_aggiudicato,
        aliquota_iva: last!(aliquota_iva),
        importo_totale: last!(importo_totale),
        importo_impegnato: sum(parts.iter().flat_map(|p| &p.impegni).map(|i| i.importo)),
        importo_liquidato: sum(parts
            .iter()
            .flat_map(|p| &p.liquidazioni)
            .map(|l| l.importo)),
        base_iva_liquidato: vat_basis(
            parts
                .iter()
                .flat_map(|p| &p.liquidazioni)
                .map(|l| l.base_iva()),
        ),
        periodo,
        offerte_ricevute: last!(offerte_ricevute),
        partecipanti: latest(&|l| !l.partecipanti.is_empty())
            .map(|l| l.partecipanti.iter().map(public_operator).collect())
            .unwrap_or_default(),
        voci: latest(&|l| !l.voci.is_empty())
            .map(|l| l.voci.clone())
            .unwrap_or_default(),
        cauzione: last!(cauzione),
        pnrr: parts
            .iter()
            .rev()
            .find_map(|p| p.pnrr.cloned().map(Box::new)),
        impegni: exact(
            parts
                .iter()
                .flat_map(|p| p.impegni.iter().map(|i| (*i).clone())),
        ),
        liquidazioni: exact(
            parts
                .iter()
                .flat_map(|p| p.liquidazioni.iter().map(|l| (*l).clone())),
        ),
        segnalazioni,
        parti,
        importo_dubbio: Vec::new(),
        documenti: Vec::new(),
        acts: exact(parts.iter().filter_map(|p| p.act)),
        eventi: events(parts),
        key,
    }
}

/// Each body's part, when more than one body states the key's CIG: its
/// latest amount and source. Empty for a procedure of one body.
fn shares(parts: &[Contribution]) -> Vec<Parte> {
    let mut by_body: BTreeMap<&str, Parte> = BTreeMap::new();
    for part in parts {
        let share = by_body.entry(part.ente).or_insert_with(|| Parte {
            ente: part.ente.to_string(),
            importo: None,
            liquidato: None,
            fonte: None,
        });
        let paid = sum(part.liquidazioni.iter().map(|l| l.importo));
        share.liquidato = sum(share.liquidato.into_iter().chain(paid));
        // Parts are in date order: the latest amount of the body wins.
        if part.lot.importo_netto.is_some() {
            share.importo = part.lot.importo_netto;
        }
        if part.event.fonte.is_some() {
            share.fonte = part.event.fonte.clone();
        }
    }
    if by_body.len() < 2 {
        return Vec::new();
    }
    by_body.into_values().collect()
}

/// The importers' findings, and those the CIGs of the parts show:
/// placeholder, malformed, failed check, stated by several bodies.
fn findings(key: &str, parts: &[Contribution], parti: &[Parte]) -> Vec<Segnalazione> {
    let mut found: Vec<Segnalazione> = Vec::new();
    let mut push = |s: Segnalazione| {
        let same =
            |f: &Segnalazione| (f.regola, &f.campo, &f.valore) == (s.regola, &s.campo, &s.valore);
        if !found.iter().any(same) {
            found.push(s);
        }
    };
    for part in parts {
        part.segnalazioni.iter().cloned().for_each(&mut push);
        if let Some(finding) = part.lot.cig.as_deref().and_then(|c| cig_finding(key, c)) {
            push(finding);
        }
    }
    if !parti.is_empty() {
        let bodies: Vec<&str> = parti.iter().map(|p| p.ente.as_str()).collect();
        push(
            Segnalazione::new(Regola::CigCondiviso)
                .campo("cig")
                .valore(key)
                .nota(format!(
                    "CIG indicato da {} enti ({}): una pagina, importo pari alla somma delle parti di ciascun ente",
                    bodies.len(),
                    bodies.join(", ")
                )),
        );
    }
    found
}

/// The finding a published CIG calls for, if any.
pub(crate) fn cig_finding(key: &str, cig: &str) -> Option<Segnalazione> {
    let (regola, nota) = match classify(IdKind::Cig, cig) {
        Validity::Valid => return None,
        Validity::CheckFails => (
            Regola::CigControllo,
            "il carattere di controllo del CIG non corrisponde: pagina tenuta, verifica il CIG sul portale ANAC".to_string(),
        ),
        Validity::Placeholder => (
            Regola::CigSegnaposto,
            format!("CIG segnaposto, non usato come chiave: procedura identificata come {key}"),
        ),
        Validity::Malformed => (
            Regola::CigNonValido,
            format!("CIG di formato non valido, non usato come chiave: procedura identificata come {key}"),
        ),
    };
    Some(
        Segnalazione::new(regola)
            .campo("cig")
            .valore(cig.trim())
            .nota(nota),
    )
}

/// The VAT basis shared by amounts, `misto` when they differ.
fn vat_basis(mut bases: impl Iterator<Item = BaseIva>) -> Option<&'static str> {
    let first = bases.next()?;
    Some(if bases.all(|b| b == first) {
        first.id()
    } else {
        "misto"
    })
}

/// A sum, or nothing when there is nothing to add.
pub(crate) fn sum(values: impl Iterator<Item = Money>) -> Option<Money> {
    values.reduce(|a, b| a + b)
}

/// A vector with no spare capacity: a large site holds millions of them.
fn exact<T>(items: impl Iterator<Item = T>) -> Vec<T> {
    let mut items: Vec<T> = items.collect();
    items.shrink_to_fit();
    items
}

/// The events of the parts, in a buffer of their own: collecting
/// `into_iter().map()` would reuse (and keep) the larger buffer of the parts.
fn events(parts: Vec<Contribution>) -> Vec<Event> {
    let mut events = Vec::with_capacity(parts.len());
    events.extend(parts.into_iter().map(|p| p.event));
    events
}

/// A sole winner is credited the whole lot; members of a joint venture (or
/// of any multi-winner lot) only their stated share, never the whole amount.
fn awards(winners: &[Operatore], amount: Option<Money>, urls: &Urls) -> Vec<Award> {
    let sole = winners.len() == 1;
    winners
        .iter()
        .map(|op| {
            let (id, _) = page_keys::supplier_id(op);
            let credited = match (sole, op.quota, amount) {
                (true, _, Some(a)) => Some(a),
                (false, Some(q), Some(a)) => Some(Money(
                    (a.0 * q.0 / rust_decimal::Decimal::ONE_HUNDRED).round_dp(2),
                )),
                _ => None,
            };
            Award {
                operatore: public_operator(op),
                fornitore_url: urls.href(&Route::Item(Section::Fornitori, &id)),
                fornitore: id,
                importo_attribuito: credited,
                claim: page_keys::claim(op),
            }
        })
        .collect()
}

/// An operator as it may be published: a natural person's codice fiscale
/// is personal data that transparency does not require.
pub(crate) fn public_operator(op: &Operatore) -> Operatore {
    let mut public = op.clone();
    if public
        .codice_fiscale
        .as_deref()
        .is_some_and(|cf| cf.trim().len() == 16)
    {
        public.codice_fiscale = None;
    }
    public
}
