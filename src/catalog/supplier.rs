//! Suppliers: every lot a company or person won, with totals that never
//! credit a joint-venture member with the whole amount.

pub(crate) use super::identity::{Identity, identify};

use super::procedure::Procedure;
use super::{Breakdown, Tally};
use crate::model::SupplierIdKind;
use crate::model::{Money, Operatore, Segnalazione};
use crate::route::{Route, Section, Urls};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// One lot on a supplier's page.
#[derive(Clone, Debug, Serialize)]
pub struct SupplierLot {
    pub procedura: String,
    pub url: String,
    pub cig: Option<String>,
    pub oggetto: String,
    pub anno: i32,
    pub ente: String,
    pub ruolo: Option<String>,
    pub raggruppamento: Option<String>,
    pub importo_lotto: Option<Money>,
    pub importo_attribuito: Option<Money>,
    /// The lot's whole amount, for a lot won with others and no stated
    /// share ("in raggruppamento"): shown, never added to `totale`.
    pub importo_in_raggruppamento: Option<Money>,
    /// Whether the lot's amount is flagged as doubtful (`importo_dubbio`).
    pub importo_dubbio: bool,
    pub affidamento_diretto: bool,
    pub cpv: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Supplier {
    pub id: String,
    pub url: String,
    pub tipo_id: SupplierIdKind,
    pub denominazione: String,
    /// Every spelling of the name seen in the acts.
    pub denominazioni: Vec<String>,
    pub partita_iva: Option<String>,
    pub id_estero: Option<String>,
    /// Ids published for this supplier that vetro does not use, as
    /// published, with why («00000000000» (segnaposto)).
    pub id_non_validi: Vec<String>,
    pub sede: Option<String>,
    pub lotti: Vec<SupplierLot>,
    pub totale: Money,
    /// Lots won in a joint venture with no stated share: not in `totale`.
    pub lotti_quota_non_indicata: usize,
    /// Sum of those lots' amounts, each lot once: what the supplier won
    /// together with others, never credited to it alone.
    pub totale_in_raggruppamento: Money,
    pub per_anno: Vec<Breakdown>,
    pub per_ente: Vec<Breakdown>,
    pub per_cpv: Vec<Breakdown>,
    /// Share of `totale` that comes from direct awards, in percent.
    pub quota_affidamenti_diretti: Option<Decimal>,
    /// Doubts about this supplier's identity (see `model::quality`).
    pub segnalazioni: Vec<Segnalazione>,
}

/// The suppliers of the procedures, whose awards `identify` has keyed.
pub fn build(
    procedures: &[Procedure],
    mut identities: BTreeMap<String, Identity>,
    urls: &Urls,
) -> Vec<Supplier> {
    let mut by_id: BTreeMap<String, Supplier> = BTreeMap::new();
    for p in procedures {
        for award in &p.aggiudicatari {
            let supplier = by_id.entry(award.fornitore.clone()).or_insert_with(|| {
                let identity = identities.remove(&award.fornitore).unwrap_or_default();
                new_supplier(&award.fornitore, &award.operatore, identity, urls)
            });
            note_operator(supplier, &award.operatore);
            supplier.lotti.push(SupplierLot {
                procedura: p.key.clone(),
                url: p.url.clone(),
                cig: p.cig.clone(),
                oggetto: p.oggetto.clone(),
                anno: p.anno,
                ente: p.ente.clone(),
                ruolo: award.operatore.ruolo.clone(),
                raggruppamento: award.operatore.raggruppamento.clone(),
                importo_lotto: p.importo_aggiudicato,
                importo_attribuito: award.importo_attribuito,
                importo_in_raggruppamento: None,
                importo_dubbio: !p.importo_dubbio.is_empty(),
                affidamento_diretto: p.is_direct_award(),
                cpv: p.cpv.first().cloned(),
            });
        }
    }
    by_id.into_values().map(finish).collect()
}

fn new_supplier(id: &str, op: &Operatore, identity: Identity, urls: &Urls) -> Supplier {
    let kind = identity.kind;
    Supplier {
        id: id.to_string(),
        url: urls.href(&Route::Item(Section::Fornitori, id)),
        tipo_id: kind,
        denominazione: op.denominazione.trim().to_string(),
        denominazioni: Vec::new(),
        partita_iva: (kind == SupplierIdKind::PartitaIva).then(|| id.to_string()),
        id_estero: (kind == SupplierIdKind::IdEstero).then(|| id.to_uppercase()),
        id_non_validi: identity.non_validi,
        sede: None,
        lotti: Vec::new(),
        totale: Money::ZERO,
        lotti_quota_non_indicata: 0,
        totale_in_raggruppamento: Money::ZERO,
        per_anno: Vec::new(),
        per_ente: Vec::new(),
        per_cpv: Vec::new(),
        quota_affidamenti_diretti: None,
        segnalazioni: identity.segnalazioni,
    }
}

fn note_operator(supplier: &mut Supplier, op: &Operatore) {
    let name = op.denominazione.trim().to_string();
    if !supplier.denominazioni.contains(&name) {
        supplier.denominazioni.push(name);
    }
    if op.sede.is_some() {
        supplier.sede = op.sede.clone();
    }
}

fn finish(mut s: Supplier) -> Supplier {
    s.lotti
        .sort_by(|a, b| (b.anno, &b.procedura).cmp(&(a.anno, &a.procedura)));
    s.denominazioni.sort();
    let mut direct = Money::ZERO;
    for lot in &mut s.lotti {
        match lot.importo_attribuito {
            Some(amount) => {
                s.totale = s.totale + amount;
                if lot.affidamento_diretto {
                    direct = direct + amount;
                }
            }
            // A sole winner is always credited its lot's amount: a lot with
            // an amount and nothing credited was won with others.
            None if lot.raggruppamento.is_some() || lot.importo_lotto.is_some() => {
                s.lotti_quota_non_indicata += 1;
                lot.importo_in_raggruppamento = lot.importo_lotto;
                if let Some(amount) = lot.importo_lotto {
                    s.totale_in_raggruppamento = s.totale_in_raggruppamento + amount;
                }
            }
            None => {}
        }
    }
    let (mut years, mut enti, mut cpvs) = (Tally::default(), Tally::default(), Tally::default());
    for lot in &s.lotti {
        years.add(&lot.anno.to_string(), lot.importo_attribuito);
        enti.add(&lot.ente, lot.importo_attribuito);
        if let Some(cpv) = &lot.cpv {
            cpvs.add(cpv, lot.importo_attribuito);
        }
    }
    s.per_anno = years.by_key();
    s.per_anno.reverse();
    s.per_ente = enti.by_amount();
    s.per_cpv = cpvs.by_amount();
    if !s.totale.0.is_zero() {
        s.quota_affidamenti_diretti =
            Some((direct.0 * Decimal::ONE_HUNDRED / s.totale.0).round_dp(1));
    }
    s
}
