//! One OCDS 1.1 release, from an act's lot or from a whole procedure
//! (the compiled release of a record).
//!
//! Amounts of tenders, awards and contracts are net of VAT, commitments and
//! payments include it: each value says which with `valueAddedTaxIncluded`
//! (the valueAddedTax extension declared in the package).

use crate::catalog::page_keys;
use crate::model::SupplierIdKind;
use crate::model::{Date, Liquidazione, Money, Operatore, Periodo, TipoProcedura};
use rust_decimal::prelude::ToPrimitive;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// The buyer, as it appears in `parties`.
pub(crate) struct Buyer<'a> {
    /// The body's id in the portal, used when its codice fiscale is unknown.
    pub ente: &'a str,
    pub codice_fiscale: Option<&'a str>,
    pub name: &'a str,
}

/// What one release states about one lot.
pub(crate) struct LotView<'a> {
    pub ocid: String,
    pub id: String,
    pub date: Date,
    pub tags: Vec<&'static str>,
    pub key: &'a str,
    pub oggetto: &'a str,
    pub cpv: &'a [String],
    pub cpv_titles: Vec<Option<&'a str>>,
    pub categoria: Option<&'static str>,
    pub cup: Option<&'a str>,
    pub procedura: Option<TipoProcedura>,
    pub norma: Option<&'a str>,
    pub criterio: Option<&'a str>,
    pub importo_base: Option<Money>,
    pub importo_netto: Option<Money>,
    pub importo_impegnato: Option<Money>,
    pub periodo: Option<&'a Periodo>,
    pub offerte_ricevute: Option<u32>,
    pub winners: Vec<Resolved<'a>>,
    pub partecipanti: Vec<Resolved<'a>>,
    pub liquidazioni: Vec<&'a Liquidazione>,
    /// (title, absolute URL) of the act documents.
    pub documents: Vec<(&'a str, String)>,
}

/// An operator as published, with the portal's supplier it was resolved to
/// (`None` for an operator no award of the procedure names).
#[derive(Clone, Copy)]
pub(crate) struct Resolved<'a> {
    pub operatore: &'a Operatore,
    pub supplier: Option<(&'a str, SupplierIdKind)>,
}

impl Resolved<'_> {
    /// The portal's supplier id and its kind, else the operator's own.
    fn id(&self) -> (String, SupplierIdKind) {
        match self.supplier {
            Some((id, kind)) => (id.to_string(), kind),
            None => page_keys::supplier_id(self.operatore),
        }
    }
}

/// `2025-12-12T00:00:00Z`: dates come from the acts, never from the clock.
pub(crate) fn date_time(d: Date) -> String {
    format!("{}T00:00:00Z", d.iso())
}

fn end_time(d: Date) -> String {
    format!("{}T23:59:59Z", d.iso())
}

fn value(amount: Money, vat_included: bool) -> Value {
    json!({
        "amount": amount.0.to_f64().unwrap_or_default(),
        "currency": "EUR",
        "valueAddedTaxIncluded": vat_included,
    })
}

/// The party id and identifier of an operator: a P.IVA or a company's
/// codice fiscale under `IT-CF`; a natural person's codice fiscale never.
fn operator_party(op: &Operatore, (id, kind): (String, SupplierIdKind)) -> (String, Value) {
    let name = op.denominazione.trim();
    match kind {
        SupplierIdKind::PartitaIva | SupplierIdKind::CodiceFiscale => (
            format!("IT-CF-{id}"),
            json!({ "name": name, "identifier": { "scheme": "IT-CF", "id": id, "legalName": name } }),
        ),
        _ => (format!("vetro-{id}"), json!({ "name": name })),
    }
}

/// Parties accumulate roles: a tenderer that wins is one party.
#[derive(Default)]
struct Parties(BTreeMap<String, (Value, Vec<&'static str>)>);

impl Parties {
    fn add(&mut self, id: String, party: Value, role: &'static str) -> Value {
        let name = party["name"].clone();
        let entry = self.0.entry(id.clone()).or_insert((party, Vec::new()));
        if !entry.1.contains(&role) {
            entry.1.push(role);
        }
        json!({ "id": id, "name": name })
    }

    fn into_value(self) -> Value {
        self.0
            .into_iter()
            .map(|(id, (mut party, roles))| {
                party["id"] = json!(id);
                party["roles"] = json!(roles);
                party
            })
            .collect()
    }
}

fn period(p: Option<&Periodo>) -> Option<Value> {
    let p = p?;
    let mut m = Map::new();
    if let Some(d) = p.dal {
        m.insert("startDate".into(), json!(date_time(d)));
    }
    if let Some(d) = p.al {
        m.insert("endDate".into(), json!(end_time(d)));
    }
    (!m.is_empty()).then_some(Value::Object(m))
}

fn items(v: &LotView) -> Option<Value> {
    let (first, rest) = v.cpv.split_first()?;
    let classification = |code: &String, title: Option<&str>| {
        let mut c = json!({ "scheme": "CPV", "id": code });
        if let Some(t) = title {
            c["description"] = json!(t);
        }
        c
    };
    let extra: Vec<Value> = rest
        .iter()
        .zip(v.cpv_titles.iter().skip(1))
        .map(|(code, title)| classification(code, *title))
        .collect();
    let mut item = json!({
        "id": "1",
        "description": v.oggetto,
        "classification": classification(first, v.cpv_titles.first().copied().flatten()),
    });
    if !extra.is_empty() {
        item["additionalClassifications"] = json!(extra);
    }
    Some(json!([item]))
}

fn insert(m: &mut Map<String, Value>, key: &str, v: Option<Value>) {
    if let Some(v) = v {
        m.insert(key.into(), v);
    }
}

fn tender(v: &LotView, parties: &mut Parties) -> Value {
    let mut t = Map::new();
    t.insert("id".into(), json!(v.key));
    t.insert("title".into(), json!(v.oggetto));
    let status = if awarded(v) { "complete" } else { "active" };
    t.insert("status".into(), json!(status));
    insert(&mut t, "items", items(v));
    insert(&mut t, "value", v.importo_base.map(|m| value(m, false)));
    if let Some(p) = v.procedura {
        t.insert("procurementMethod".into(), json!(p.ocds_method));
        t.insert("procurementMethodDetails".into(), json!(p.label));
    }
    insert(
        &mut t,
        "procurementMethodRationale",
        v.norma.map(|n| json!(n)),
    );
    let category = v.categoria.map(|c| match c {
        "lavori" => "works",
        "forniture" => "goods",
        _ => "services",
    });
    insert(
        &mut t,
        "mainProcurementCategory",
        category.map(|c| json!(c)),
    );
    insert(&mut t, "awardCriteriaDetails", v.criterio.map(|c| json!(c)));
    insert(
        &mut t,
        "numberOfTenderers",
        v.offerte_ricevute.map(|n| json!(n)),
    );
    if !v.partecipanti.is_empty() {
        let refs: Vec<Value> = v
            .partecipanti
            .iter()
            .map(|r| {
                let (id, party) = operator_party(r.operatore, r.id());
                parties.add(id, party, "tenderer")
            })
            .collect();
        t.insert("tenderers".into(), json!(refs));
    }
    insert(&mut t, "contractPeriod", period(v.periodo));
    if !v.documents.is_empty() {
        let docs: Vec<Value> = v
            .documents
            .iter()
            .enumerate()
            .map(|(i, (title, url))| json!({ "id": (i + 1).to_string(), "title": title, "url": url }))
            .collect();
        t.insert("documents".into(), json!(docs));
    }
    Value::Object(t)
}

/// Award and contract of a lot with winners; payments as transactions.
fn award_and_contract(v: &LotView, parties: &mut Parties) -> (Value, Value) {
    let by_code: BTreeMap<String, Value> = v
        .winners
        .iter()
        .map(|w| {
            let code = w.id();
            let key = code.0.clone();
            let (id, party) = operator_party(w.operatore, code);
            (key, parties.add(id, party, "supplier"))
        })
        .collect();
    let suppliers: Vec<Value> = v
        .winners
        .iter()
        .filter_map(|w| by_code.get(&w.id().0).cloned())
        .collect();
    let award_id = format!("{}-aggiudicazione", v.key);
    let mut award = json!({ "id": award_id, "status": "active", "date": date_time(v.date) });
    // A lot whose winner the source does not list keeps its award value.
    if !suppliers.is_empty() {
        award["suppliers"] = json!(suppliers);
    }
    let mut contract =
        json!({ "id": format!("{}-contratto", v.key), "awardID": award_id, "status": "active" });
    if let Some(amount) = v.importo_netto {
        award["value"] = value(amount, false);
        contract["value"] = value(amount, false);
    }
    if let Some(items) = items(v) {
        award["items"] = items;
    }
    if let Some(p) = period(v.periodo) {
        award["contractPeriod"] = p.clone();
        contract["period"] = p;
    }
    let sole = (suppliers.len() == 1).then(|| suppliers[0].clone());
    let transactions: Vec<Value> = v
        .liquidazioni
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let gross = l.base_iva() == crate::model::BaseIva::Lordo;
            let mut t = json!({ "id": (i + 1).to_string(), "value": value(l.importo, gross) });
            if let Some(d) = l.data {
                t["date"] = json!(date_time(d));
            }
            let payee = l
                .beneficiario
                .as_ref()
                .and_then(|b| by_code.get(b.trim().trim_start_matches("IT")).cloned())
                .or_else(|| sole.clone());
            if let Some(p) = payee {
                t["payee"] = p;
            }
            t
        })
        .collect();
    if !transactions.is_empty() {
        contract["implementation"] = json!({ "transactions": transactions });
    }
    (award, contract)
}

/// Whether the lot has an award: a listed winner, or an awarded amount
/// (kept even when the source lists no winner).
pub(crate) fn awarded(v: &LotView) -> bool {
    !v.winners.is_empty() || v.importo_netto.is_some()
}

/// The release as JSON.
/// The offers received as a bid statistic (OCDS bid extension, measure
/// `bids`): what a single-bid indicator (Cardinal R018) counts.
fn bid_statistics(v: &LotView) -> Option<Value> {
    let n = v.offerte_ricevute?;
    Some(json!({
        "statistics": [{ "id": "1", "measure": "bids", "value": n }]
    }))
}

pub(crate) fn release(v: &LotView, buyer: &Buyer) -> Value {
    let mut parties = Parties::default();
    let (buyer_id, buyer_party) = match buyer.codice_fiscale {
        Some(cf) => (
            format!("IT-CF-{cf}"),
            json!({
                "name": buyer.name,
                "identifier": { "scheme": "IT-CF", "id": cf, "legalName": buyer.name },
            }),
        ),
        None => (
            format!("vetro-{}", buyer.ente),
            json!({ "name": buyer.name }),
        ),
    };
    parties.add(buyer_id.clone(), buyer_party.clone(), "buyer");
    let buyer_ref = parties.add(buyer_id, buyer_party, "procuringEntity");
    let mut r = Map::new();
    r.insert("ocid".into(), json!(v.ocid));
    r.insert("id".into(), json!(v.id));
    r.insert("date".into(), json!(date_time(v.date)));
    r.insert("tag".into(), json!(v.tags));
    r.insert("initiationType".into(), json!("tender"));
    r.insert("language".into(), json!("it"));
    r.insert("buyer".into(), buyer_ref);
    if v.cup.is_some() || v.importo_impegnato.is_some() {
        let mut budget = Map::new();
        insert(&mut budget, "projectID", v.cup.map(|c| json!(c)));
        insert(
            &mut budget,
            "amount",
            v.importo_impegnato.map(|m| value(m, true)),
        );
        r.insert("planning".into(), json!({ "budget": budget }));
    }
    r.insert("tender".into(), tender(v, &mut parties));
    insert(&mut r, "bids", bid_statistics(v));
    if awarded(v) {
        let (award, contract) = award_and_contract(v, &mut parties);
        r.insert("awards".into(), json!([award]));
        if !v.winners.is_empty() || !v.liquidazioni.is_empty() {
            r.insert("contracts".into(), json!([contract]));
        }
    }
    r.insert("parties".into(), parties.into_value());
    Value::Object(r)
}
