//! One OCDS release of ANAC → one procedure record per lot.
//!
//! ANAC's releases (ocid `ocds-hu01ve-<numero gara>`) key each lot by its
//! CIG (`tender.lots[].id`, repeated in `items[].relatedLot` and
//! `awards[].relatedLots`); `tender.id` is the gara number, not a CIG.
//! `buyer.id` is the body's codice fiscale. An award lists every member of a
//! joint venture among its `suppliers`, without their roles.

use super::fields::{Unusable, at, code, count, date, date_at, list, text};
use crate::import::batch::Incoming;
use crate::import::notice::{Kind, Notice};
use crate::l190::{
    Soggetti, Soggetto, is_valid_cig, is_valid_codice_fiscale, procedura_from_label,
};
use crate::model::{Lotto, Money, Periodo, RecordHeader, Regola, Segnalazione};
use serde_json::Value;

pub(crate) const SOURCE: &str = "ANAC OCDS";

/// What one release gave: its records, and what to report about it.
#[derive(Default)]
pub(super) struct Outcome {
    pub records: Vec<Incoming>,
    pub warnings: Vec<Notice>,
    /// Lots left out on purpose (cancelled).
    pub skipped: usize,
}

/// The contracting body: `buyer`, completed from its party.
pub(super) struct Body {
    pub cf: String,
    pub nome: String,
}

fn has_role(party: &Value, roles: &[&str]) -> bool {
    list(party, "roles")
        .iter()
        .filter_map(Value::as_str)
        .any(|r| roles.iter().any(|want| r.eq_ignore_ascii_case(want)))
}

/// A party's codice fiscale: its `IT-CF` identifier, else its id.
fn party_code(party: &Value) -> Option<String> {
    let scheme = text(party, &["identifier", "scheme"]).unwrap_or_default();
    let id = if scheme.eq_ignore_ascii_case("IT-CF") {
        text(party, &["identifier", "id"])
    } else {
        None
    };
    id.or_else(|| text(party, &["id"])).map(|c| code(&c))
}

/// The buyer, or `None` when the release names no body at all.
pub(super) fn body(release: &Value) -> Option<Body> {
    let parties = list(release, "parties");
    let buyer_id = text(release, &["buyer", "id"]).map(|c| code(&c));
    let party = parties.iter().find(|p| {
        let same = buyer_id.is_some() && text(p, &["id"]).map(|c| code(&c)) == buyer_id;
        same || (buyer_id.is_none() && has_role(p, &["buyer"]))
    });
    let cf = buyer_id
        .or_else(|| party.and_then(party_code))
        .unwrap_or_default();
    let nome = party
        .and_then(|p| text(p, &["identifier", "legalName"]).or_else(|| text(p, &["name"])))
        .or_else(|| text(release, &["buyer", "name"]))
        .unwrap_or_default();
    (!cf.is_empty() || !nome.is_empty()).then_some(Body { cf, nome })
}

/// Every codice fiscale the `--cf` filter matches: the buyer's and those of
/// the parties acting as buyer or procuring entity.
pub(super) fn body_codes(release: &Value) -> Vec<String> {
    let mut codes: Vec<String> = text(release, &["buyer", "id"])
        .map(|c| code(&c))
        .into_iter()
        .collect();
    for party in list(release, "parties") {
        if has_role(party, &["buyer", "procuringEntity"]) {
            codes.extend(party_code(party));
        }
    }
    codes
}

/// One lot of the tender, as found.
struct Lot<'a> {
    id: Option<String>,
    value: Option<&'a Value>,
    oggetto: Option<String>,
    status: Option<String>,
}

/// `tender.lots`; a tender without them is one lot, keyed by the one lot
/// id its items or awards name (or by none).
fn lots(release: &Value) -> Vec<Lot<'_>> {
    let tender = release.get("tender").unwrap_or(&Value::Null);
    let described = |v: &Value| text(v, &["title"]).or_else(|| text(v, &["description"]));
    let declared: Vec<Lot> = list(tender, "lots")
        .iter()
        .map(|lot| Lot {
            id: text(lot, &["id"]),
            value: lot.get("value"),
            oggetto: described(lot),
            status: text(lot, &["status"]),
        })
        .collect();
    if !declared.is_empty() {
        return declared;
    }
    let mut ids: Vec<String> = Vec::new();
    let named = list(tender, "items")
        .iter()
        .filter_map(|i| text(i, &["relatedLot"]))
        .chain(
            list(release, "awards")
                .iter()
                .flat_map(|a| list(a, "relatedLots").iter().filter_map(Value::as_str))
                .map(|s| s.trim().to_string()),
        );
    for id in named {
        if !id.is_empty() && !ids.contains(&id) {
            ids.push(id);
        }
    }
    let single = ids.len() <= 1;
    let whole = |id: Option<String>| Lot {
        id,
        value: tender.get("value").filter(|_| single),
        oggetto: described(tender),
        status: text(tender, &["status"]),
    };
    if single {
        return vec![whole(ids.pop())];
    }
    ids.into_iter().map(|id| whole(Some(id))).collect()
}

/// How many records a release stands for: one per lot.
pub(super) fn lot_count(release: &Value) -> usize {
    lots(release).len()
}

/// Whether an element naming lots (`relatedLots` or `relatedLot`) is about
/// `lot`; an element naming none belongs to the only lot of a tender.
fn related(element: &Value, lot: Option<&str>, single: bool) -> bool {
    let mut named = list(element, "relatedLots")
        .iter()
        .filter_map(Value::as_str)
        .map(str::trim)
        .chain(
            element
                .get("relatedLot")
                .and_then(Value::as_str)
                .map(str::trim),
        )
        .peekable();
    if named.peek().is_none() {
        return single;
    }
    named.any(|id| Some(id) == lot)
}

/// Notices and findings of one lot.
struct Found<'a> {
    file: &'a str,
    position: String,
    warnings: Vec<Notice>,
    findings: Vec<Segnalazione>,
}

impl Found<'_> {
    fn warn(&mut self, kind: Kind, message: impl Into<String>) {
        self.warnings
            .push(Notice::at(kind, self.file, &self.position, message));
    }

    fn repaired(&mut self, repairs: Vec<String>) {
        for r in repairs {
            self.warn(Kind::Repaired, r);
        }
    }

    /// A value that was there and is left out of the record.
    fn dropped(&mut self, campo: &str, bad: Unusable) {
        self.warn(
            Kind::FieldDropped,
            format!("{}: campo scartato, lotto importato senza", bad.reason),
        );
        self.findings
            .push(Segnalazione::campo_scartato(campo, &bad.raw, &bad.reason));
    }

    fn amount(&mut self, value: Option<&Value>, campo: &str) -> Option<Money> {
        let mut repairs = Vec::new();
        let read = super::fields::amount(value, campo, &mut repairs);
        self.repaired(repairs);
        read.unwrap_or_else(|bad| {
            self.dropped(campo, bad);
            None
        })
    }

    /// Text with entities escaped twice at source decoded once, and said.
    fn decoded(&mut self, campo: &str, raw: String) -> String {
        let (text, n) = crate::l190::decode_entities(&raw);
        if n == 0 {
            return raw;
        }
        let text = text.into_owned();
        self.findings.push(
            Segnalazione::new(Regola::EntitaDecodificate)
                .campo(campo)
                .valore(raw.clone())
                .nota(format!("{n} entità HTML decodificate una volta")),
        );
        text
    }
}

/// Reads one release into records. `place` is where it is in the file.
pub(super) fn read(release: &Value, body: &Body, file: &str, place: &str) -> Outcome {
    let mut out = Outcome::default();
    let lots = lots(release);
    let single = lots.len() == 1;
    let shared = Shared::of(release, body, file, place, single, &mut out);
    for (k, lot) in lots.iter().enumerate() {
        let position = if single {
            place.to_string()
        } else {
            format!("{place}, lotto {}", k + 1)
        };
        let mut found = Found {
            file,
            position,
            warnings: Vec::new(),
            findings: shared.findings.clone(),
        };
        if let Some(status) = lot
            .status
            .as_deref()
            .filter(|s| s.eq_ignore_ascii_case("cancelled"))
        {
            let cig = lot.id.as_deref().unwrap_or("senza CIG");
            found.warn(
                Kind::Cancelled,
                format!("lotto {cig} annullato (status «{status}»): non importato"),
            );
            out.warnings.append(&mut found.warnings);
            out.skipped += 1;
            continue;
        }
        let record = lot_record(release, lot, single, &shared, &mut found);
        out.warnings.append(&mut found.warnings);
        out.records.push(record);
    }
    out
}

/// What every lot of a release shares.
struct Shared {
    ocid: String,
    body_cf: String,
    body_nome: String,
    data_pubblicazione: Option<crate::model::Date>,
    procedura: Option<crate::model::TipoProcedura>,
    ufficio: Option<String>,
    findings: Vec<Segnalazione>,
    tender_oggetto: Option<String>,
}

impl Shared {
    fn of(
        release: &Value,
        body: &Body,
        file: &str,
        place: &str,
        single: bool,
        out: &mut Outcome,
    ) -> Shared {
        let mut found = Found {
            file,
            position: place.to_string(),
            warnings: Vec::new(),
            findings: Vec::new(),
        };
        if body.cf.is_empty() {
            found.warn(
                Kind::OcdsNoBodyCode,
                format!(
                    "la release non indica il codice fiscale dell'ente (buyer.id): ente «{}» riconosciuto solo per denominazione",
                    body.nome
                ),
            );
            found.findings.push(
                Segnalazione::new(Regola::CampoScartato)
                    .campo("ente")
                    .valore(body.nome.clone())
                    .nota("codice fiscale dell'ente assente nella fonte: ente riconosciuto solo per denominazione"),
            );
        }
        let data_pubblicazione = text(release, &["date"]).and_then(|raw| {
            let mut repairs = Vec::new();
            let read = date(&raw, "date", &mut repairs);
            found.repaired(repairs);
            read.map_err(|bad| found.dropped("data_pubblicazione", bad))
                .ok()
        });
        let procedura = text(release, &["tender", "procurementMethodDetails"]).and_then(|raw| {
            let found_type = procedura_from_label(method_label(&raw));
            if found_type.is_none() {
                found.warn(
                    Kind::FieldDropped,
                    format!(
                        "procurementMethodDetails «{raw}» sconosciuto: procedura lasciata vuota"
                    ),
                );
            }
            found_type
        });
        let tender = release.get("tender").unwrap_or(&Value::Null);
        if !single
            && (!list(tender, "tenderers").is_empty() || tender.get("numberOfTenderers").is_some())
        {
            found.warn(
                Kind::OcdsNotPerLot,
                "partecipanti o numero di offerte indicati per l'intera gara di più lotti: non attribuiti ai lotti",
            );
        }
        let ufficio = office(release, &body.nome);
        let tender_oggetto = text(tender, &["title"]).or_else(|| text(tender, &["description"]));
        out.warnings.append(&mut found.warnings);
        Shared {
            ocid: text(release, &["ocid"]).unwrap_or_default(),
            body_cf: body.cf.clone(),
            body_nome: body.nome.clone(),
            data_pubblicazione,
            procedura,
            ufficio,
            findings: found.findings,
            tender_oggetto,
        }
    }
}

/// `COD:34 ; TITLE:PROCEDURA NEGOZIATA …` → the label after `TITLE:`.
fn method_label(raw: &str) -> &str {
    match raw.find("TITLE:") {
        Some(i) => raw[i + "TITLE:".len()..].trim(),
        None => raw.trim(),
    }
}

/// ANAC's `payer` party is the body's cost centre ("AREA URBANISTICA"):
/// its office, when there is one and it is not the body itself.
fn office(release: &Value, body: &str) -> Option<String> {
    let payers: Vec<String> = list(release, "parties")
        .iter()
        .filter(|p| has_role(p, &["payer"]))
        .filter_map(|p| text(p, &["name"]))
        .collect();
    let [only] = payers.as_slice() else {
        return None;
    };
    let same = crate::safe_name::slug(only) == crate::safe_name::slug(body);
    (!same).then(|| only.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn lot_record(
    release: &Value,
    lot: &Lot,
    single: bool,
    shared: &Shared,
    found: &mut Found,
) -> Incoming {
    let tender = release.get("tender").unwrap_or(&Value::Null);
    let id = lot.id.as_deref();
    let oggetto = lot
        .oggetto
        .clone()
        .or_else(|| shared.tender_oggetto.clone())
        .map(|o| found.decoded("oggetto", o));
    let published = id
        .map(|c| c.trim().to_uppercase())
        .filter(|c| !c.is_empty());
    let valid = published.clone().filter(|c| is_valid_cig(c));
    let codice = valid.is_none().then(|| {
        let parts = [
            shared.body_cf.as_str(),
            shared.ocid.as_str(),
            oggetto.as_deref().unwrap_or_default(),
        ];
        let code = crate::import::no_cig::code(&parts, published.as_deref());
        let shown = published.as_deref().unwrap_or("");
        found.warn(
            Kind::NoCig,
            format!("CIG «{shown}» mancante o non valido: importato come procedura con codice interno {code}"),
        );
        found
            .findings
            .extend(crate::import::no_cig::finding(published.as_deref(), &code));
        code
    });
    let lot_value = lot.value.or(tender.get("value").filter(|_| single));
    let importo_base = found.amount(lot_value, "importo_base");
    let award = award(release, id, single, found);
    let importo_netto = award.and_then(|a| found.amount(a.get("value"), "importo_netto"));
    let aggiudicatari = award.map_or_else(Vec::new, |a| winners(release, a, found));
    let periodo = award.and_then(|a| period(release, a));
    let lotto = Lotto {
        cig: valid,
        codice,
        oggetto,
        cpv: cpvs(release, id, single),
        procedura: shared.procedura,
        importo_base,
        importo_netto,
        offerte_ricevute: offers(release, id, single, found),
        periodo,
        aggiudicatari,
        partecipanti: tenderers(release, id, single, found),
        ..Lotto::default()
    };
    let anno = year(release, award);
    Incoming {
        header: RecordHeader {
            ente: String::new(),
            anno,
            fonte: None,
            data_pubblicazione: shared.data_pubblicazione,
            ufficio: shared.ufficio.clone(),
            svolta_da: None,
            liquidazioni: Vec::new(),
            segnalazioni: std::mem::take(&mut found.findings),
        },
        lotto,
        ente_cf: shared.body_cf.clone(),
        ente_nome: shared.body_nome.clone(),
        source: SOURCE.to_string(),
        file: found.file.to_string(),
        position: found.position.clone(),
        combined: 0,
    }
}

/// The year of the procedure: its start (the tender period, the notice),
/// else its award or contract; never the release's date, which is when
/// ANAC published the data.
fn year(release: &Value, award: Option<&Value>) -> Option<i32> {
    let tender = release.get("tender").unwrap_or(&Value::Null);
    date_at(tender, &["tenderPeriod", "startDate"])
        .or_else(|| date_at(tender, &["datePublished"]))
        .or_else(|| award.and_then(|a| date_at(a, &["date"])))
        .or_else(|| {
            list(release, "contracts")
                .iter()
                .find_map(|c| date_at(c, &["dateSigned"]))
        })
        .filter(|d| !d.is_placeholder())
        .map(|d| d.year())
}

/// CPV codes of the lot's items (the tender's, else the awards'), main
/// classification first, each once.
fn cpvs(release: &Value, lot: Option<&str>, single: bool) -> Vec<String> {
    let tender = release.get("tender").unwrap_or(&Value::Null);
    let mut items: Vec<&Value> = list(tender, "items").iter().collect();
    if items.is_empty() {
        items = list(release, "awards")
            .iter()
            .flat_map(|a| list(a, "items"))
            .collect();
    }
    let mut out: Vec<String> = Vec::new();
    for item in items.into_iter().filter(|i| related(i, lot, single)) {
        let main = item.get("classification").into_iter();
        for class in main.chain(list(item, "additionalClassifications")) {
            let cpv = text(class, &["scheme"]).is_some_and(|s| s.eq_ignore_ascii_case("CPV"));
            if let Some(id) = text(class, &["id"]).filter(|_| cpv)
                && !out.contains(&id)
            {
                out.push(id);
            }
        }
    }
    out
}

/// The award that stands for the lot: an active one (a cancelled,
/// unsuccessful or pending award is said and left out); of several, the
/// most recent, since a re-award replaces the award before it.
fn award<'a>(
    release: &'a Value,
    lot: Option<&str>,
    single: bool,
    found: &mut Found,
) -> Option<&'a Value> {
    let mut active: Vec<&Value> = Vec::new();
    for award in list(release, "awards")
        .iter()
        .filter(|a| related(a, lot, single))
    {
        let status = text(award, &["status"]).unwrap_or_default();
        if status.is_empty() || status.eq_ignore_ascii_case("active") {
            active.push(award);
            continue;
        }
        found.warn(
            Kind::OcdsAwardUnused,
            format!(
                "aggiudicazione {} con stato «{status}»: non usata",
                text(award, &["id"]).unwrap_or_default()
            ),
        );
    }
    // Stable: of awards of the same day, the last listed.
    active.sort_by_key(|a| date_at(a, &["date"]));
    let kept = *active.last()?;
    if active.len() > 1 {
        several_awards(&active, kept, found);
    }
    Some(kept)
}

fn several_awards(active: &[&Value], kept: &Value, found: &mut Found) {
    let describe = |a: &Value| {
        let amount = text(a, &["value", "amount"]).unwrap_or_else(|| "senza importo".into());
        let day = date_at(a, &["date"]).map_or("senza data".to_string(), |d| d.italian());
        format!(
            "{} del {day}: {amount}",
            text(a, &["id"]).unwrap_or_default()
        )
    };
    let others: Vec<String> = active
        .iter()
        .filter(|a| !std::ptr::eq(**a, kept))
        .map(|a| describe(a))
        .collect();
    let nota = format!(
        "{} aggiudicazioni dello stesso lotto: tenuta la più recente ({}), mai la somma",
        active.len(),
        describe(kept)
    );
    found.warn(
        Kind::Repeated,
        format!("{nota}; le altre: {}", others.join("; ")),
    );
    let amounts: Vec<Option<String>> = active
        .iter()
        .map(|a| text(a, &["value", "amount"]))
        .collect();
    let regola = if amounts.iter().all(|a| *a == amounts[0]) {
        Regola::VociRipetute
    } else {
        Regola::VociDiscordanti
    };
    found.findings.push(
        Segnalazione::new(regola)
            .campo("importo_netto")
            .valore(others.join("; "))
            .nota(nota),
    );
}

/// The contract period of the award, else the award's own.
fn period(release: &Value, award: &Value) -> Option<Periodo> {
    let id = text(award, &["id"]);
    let contract = list(release, "contracts")
        .iter()
        .find(|c| id.is_some() && text(c, &["awardID"]) == id);
    let periods = contract
        .and_then(|c| c.get("period"))
        .into_iter()
        .chain(award.get("contractPeriod"));
    periods
        .map(|p| Periodo {
            dal: date_at(p, &["startDate"]),
            al: date_at(p, &["endDate"]),
        })
        .find(|p| p.dal.is_some() || p.al.is_some())
}

/// The award's suppliers. Several suppliers of one award are the members
/// of a joint venture: ANAC's OCDS does not give their roles (mandataria,
/// mandante), so none is claimed, and the award's amount is credited to
/// none of them alone (the portal shows it "in raggruppamento", once).
fn winners(release: &Value, award: &Value, found: &mut Found) -> Vec<crate::model::Operatore> {
    let singoli: Vec<Soggetto> = list(award, "suppliers")
        .iter()
        .filter_map(|s| soggetto(release, s, "aggiudicatari", found))
        .collect();
    if singoli.len() > 1 {
        found.warn(
            Kind::OcdsJointWinners,
            format!(
                "aggiudicazione {} a {} operatori insieme (raggruppamento): l'OCDS non ne indica i ruoli, l'importo non è attribuito a nessuno da solo",
                text(award, &["id"]).unwrap_or_default(),
                singoli.len()
            ),
        );
    }
    operators(singoli)
}

fn operators(singoli: Vec<Soggetto>) -> Vec<crate::model::Operatore> {
    crate::import::from_l190::operatori(&Soggetti {
        raggruppamenti: Vec::new(),
        singoli,
    })
}

/// Tenderers of the lot: the bids naming it, or the tender's own list
/// when the tender has one lot.
fn tenderers(
    release: &Value,
    lot: Option<&str>,
    single: bool,
    found: &mut Found,
) -> Vec<crate::model::Operatore> {
    let tender = release.get("tender").unwrap_or(&Value::Null);
    let from_bids = at(release, &["bids", "details"])
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .filter(|b| related(b, lot, single))
        .flat_map(|b| list(b, "tenderers"));
    let from_tender = list(tender, "tenderers").iter().filter(|_| single);
    let mut seen: Vec<String> = Vec::new();
    let mut singoli = Vec::new();
    for org in from_bids.chain(from_tender) {
        let key = text(org, &["id"])
            .or_else(|| text(org, &["name"]))
            .unwrap_or_default();
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        singoli.extend(soggetto(release, org, "partecipanti", found));
    }
    operators(singoli)
}

/// Offers received: the bids statistics of the lot (`bids`, else
/// `validBids`), or the tender's `numberOfTenderers` for a one-lot tender.
fn offers(release: &Value, lot: Option<&str>, single: bool, found: &mut Found) -> Option<u32> {
    let stats = at(release, &["bids", "statistics"])
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    let measure = |m: &str| {
        stats
            .iter()
            .find(|s| text(s, &["measure"]).is_some_and(|x| x == m) && related(s, lot, single))
    };
    let value = measure("bids")
        .or_else(|| measure("validBids"))
        .and_then(|s| s.get("value"))
        .or_else(|| {
            release
                .get("tender")
                .and_then(|t| t.get("numberOfTenderers"))
                .filter(|_| single)
        });
    count(value, "offerte_ricevute").unwrap_or_else(|bad| {
        found.dropped("offerte_ricevute", bad);
        None
    })
}

/// An organization reference (`{"id", "name"}`) as an operator: its party
/// says which scheme its id is in. An Italian code (11 digits, or a
/// person's 16 characters) is a codice fiscale; others are foreign ids.
fn soggetto(release: &Value, org: &Value, campo: &str, found: &mut Found) -> Option<Soggetto> {
    let id = text(org, &["id"]);
    let party = list(release, "parties")
        .iter()
        .find(|p| id.is_some() && text(p, &["id"]) == id);
    let scheme = party.and_then(|p| text(p, &["identifier", "scheme"]));
    let internal = scheme
        .as_deref()
        .is_some_and(|s| s.eq_ignore_ascii_case("internal"));
    let italian = scheme
        .as_deref()
        .is_none_or(|s| s.eq_ignore_ascii_case("IT-CF"));
    let raw = party
        .filter(|_| italian)
        .and_then(|p| text(p, &["identifier", "id"]))
        .or(id.clone())
        .filter(|_| !internal)
        .map(|c| code(&c));
    let name = text(org, &["name"])
        .or_else(|| party.and_then(|p| text(p, &["name"])))
        .or_else(|| party.and_then(|p| text(p, &["identifier", "legalName"])))
        .map(|n| found.decoded(campo, n));
    let ragione_sociale = match (name, &raw) {
        (Some(name), _) => name,
        (None, Some(raw)) => {
            found.warn(
                Kind::Repaired,
                format!("operatore {raw} senza denominazione: indicato con il suo identificativo"),
            );
            raw.clone()
        }
        (None, None) => {
            found.dropped(
                campo,
                Unusable {
                    raw: org.to_string(),
                    reason: "operatore senza identificativo né denominazione".into(),
                },
            );
            return None;
        }
    };
    let (codice_fiscale, id_estero) = match raw {
        Some(c) if italian && is_valid_codice_fiscale(&c) => (Some(c), None),
        Some(c) if italian => {
            found.warn(
                Kind::Repaired,
                format!("codice fiscale «{c}» di «{ragione_sociale}» malformato: conservato come identificativo estero"),
            );
            (None, Some(c))
        }
        other => (None, other),
    };
    Some(Soggetto {
        codice_fiscale,
        id_estero,
        ragione_sociale,
    })
}
