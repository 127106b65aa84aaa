//! Supplier identity: which awards are one supplier (`docs/qualita.md`,
//! "Identità dei fornitori").
//!
//! An id counts only if it is valid (`page_keys::claim`) and is not the buyer's
//! own codice fiscale; a natural person's codice fiscale is keyed with the
//! site's secret. An award with no id joins the one supplier of the same
//! normalized name that has an id, when exactly one has it; otherwise it is
//! a supplier of its body by name: never one "supplier" across bodies or
//! records by a dummy id.

use super::page_keys::{self, Claim};
use super::procedure::Procedure;
use crate::check::ids::Validity;
use crate::check::supplier_ids::RejectedId;
use crate::model::SupplierIdKind;
use crate::model::{Regola, Segnalazione};
use crate::route::{Route, Section, Urls};
use crate::secret::SiteSecret;
use std::collections::{BTreeMap, BTreeSet};

/// What the rules found about one supplier, for its page.
#[derive(Debug, Default)]
pub(crate) struct Identity {
    pub kind: SupplierIdKind,
    pub segnalazioni: Vec<Segnalazione>,
    /// Published ids not used, as shown on the page.
    pub non_validi: Vec<String>,
}

/// One award's id once the site-wide rules have run.
struct Resolved {
    id: Option<(String, SupplierIdKind)>,
    claim: Claim,
    /// The buyer's own codice fiscale, given as the supplier's.
    buyer_code: Option<String>,
    ente: String,
}

/// Keys every award of `procedures` (`fornitore`, `fornitore_url`) and
/// returns, by supplier id, what its page shows about its identity.
/// `buyers` maps a body's id to its codice fiscale.
pub(crate) fn identify(
    procedures: &mut [Procedure],
    buyers: &BTreeMap<String, String>,
    secret: Option<&SiteSecret>,
    urls: &Urls,
) -> BTreeMap<String, Identity> {
    let resolved: Vec<Vec<Resolved>> = procedures
        .iter_mut()
        .map(|p| {
            let buyer = buyers.get(&p.ente).map(String::as_str);
            p.aggiudicatari
                .iter_mut()
                .map(|a| resolve(std::mem::take(&mut a.claim), &p.ente, buyer, secret))
                .collect()
        })
        .collect();
    let by_name = ids_by_name(resolved.iter().flatten());
    let mut identities: BTreeMap<String, Identity> = BTreeMap::new();
    for (p, awards) in procedures.iter_mut().zip(&resolved) {
        for (award, r) in p.aggiudicatari.iter_mut().zip(awards) {
            let (id, kind, how) = final_id(r, &by_name);
            let identity = identities.entry(id.clone()).or_insert_with(|| Identity {
                kind,
                ..Identity::default()
            });
            note(identity, r, &how);
            award.fornitore_url = urls.href(&Route::Item(Section::Fornitori, &id));
            award.fornitore = id;
        }
    }
    identities
}

/// The claim's id, minus the buyer's own code; a natural person's code
/// keyed by the secret, or dropped (name rules) when the site has none.
fn resolve(
    mut claim: Claim,
    ente: &str,
    buyer: Option<&str>,
    secret: Option<&SiteSecret>,
) -> Resolved {
    let mut buyer_code = None;
    let id = match claim.id.take() {
        Some((code, _)) if Some(code.as_str()) == buyer => {
            buyer_code = Some(code);
            None
        }
        Some((code, SupplierIdKind::PersonaFisica)) => secret.map(|s| {
            (
                crate::safe_name::name(&page_keys::person_id(s, &code)),
                SupplierIdKind::PersonaFisica,
            )
        }),
        Some((code, kind)) => Some((crate::safe_name::name(&code), kind)),
        None => None,
    };
    Resolved {
        id,
        claim,
        buyer_code,
        ente: ente.to_string(),
    }
}

/// Normalized name → the valid ids seen with it.
fn ids_by_name<'a>(
    awards: impl Iterator<Item = &'a Resolved>,
) -> BTreeMap<&'a str, BTreeSet<(&'a str, SupplierIdKind)>> {
    let mut by_name: BTreeMap<&str, BTreeSet<(&str, SupplierIdKind)>> = BTreeMap::new();
    for r in awards {
        if let Some((id, kind)) = &r.id
            && !r.claim.name.is_empty()
        {
            by_name
                .entry(r.claim.name.as_str())
                .or_default()
                .insert((id.as_str(), *kind));
        }
    }
    by_name
}

/// The supplier id of an award, its kind, and how it was chosen (for the notes).
fn final_id(
    r: &Resolved,
    by_name: &BTreeMap<&str, BTreeSet<(&str, SupplierIdKind)>>,
) -> (String, SupplierIdKind, String) {
    if let Some((id, kind)) = &r.id {
        return (
            id.clone(),
            *kind,
            format!("identificato da {}", describe(id, *kind)),
        );
    }
    let unique = by_name
        .get(r.claim.name.as_str())
        .filter(|ids| ids.len() == 1)
        .and_then(|ids| ids.first());
    if let Some((id, kind)) = unique {
        let how = format!(
            "unito per nome all'unico fornitore omonimo con un identificativo valido ({})",
            describe(id, *kind)
        );
        return (id.to_string(), *kind, how);
    }
    let how = format!("identificato per nome tra i fornitori dell'ente {}", r.ente);
    (
        page_keys::name_id(&r.ente, &r.claim.name),
        SupplierIdKind::Nome,
        how,
    )
}

fn describe(id: &str, kind: SupplierIdKind) -> String {
    match kind {
        SupplierIdKind::PartitaIva => format!("partita IVA {id}"),
        SupplierIdKind::CodiceFiscale => format!("codice fiscale {id}"),
        SupplierIdKind::PersonaFisica => "codice fiscale di persona fisica".to_string(),
        SupplierIdKind::IdEstero => format!("identificativo estero {}", id.to_uppercase()),
        SupplierIdKind::Nome => "nome".to_string(),
    }
}

/// Adds one award's findings to its supplier, each once.
fn note(identity: &mut Identity, r: &Resolved, how: &str) {
    let mut add = |finding: Segnalazione, shown: Option<String>| {
        let same = |f: &Segnalazione| {
            (f.regola, &f.campo, &f.valore) == (finding.regola, &finding.campo, &finding.valore)
        };
        if !identity.segnalazioni.iter().any(same) {
            identity.segnalazioni.push(finding);
        }
        if let Some(shown) = shown
            && !identity.non_validi.contains(&shown)
        {
            identity.non_validi.push(shown);
        }
    };
    for rejected in &r.claim.rejected {
        let valore = published(rejected);
        let why = match rejected.validity {
            Validity::Placeholder => "segnaposto",
            Validity::CheckFails => "cifra di controllo errata",
            _ => "formato non valido",
        };
        let finding = Segnalazione::new(Regola::IdFornitoreNonValido)
            .campo(rejected.campo)
            .valore(valore.clone())
            .nota(format!("{why}: non usato come identificativo; {how}"));
        add(finding, Some(format!("«{valore}» ({why})")));
    }
    if let Some(code) = &r.buyer_code {
        let finding = Segnalazione::new(Regola::IdFornitoreEnte)
            .campo("codice_fiscale")
            .valore(code.clone())
            .nota(format!(
                "è il codice fiscale dell'ente committente: non usato come identificativo; {how}"
            ));
        add(
            finding,
            Some(format!("«{code}» (codice dell'ente committente)")),
        );
    }
    if r.claim.from_name {
        let valore = match &r.id {
            Some((id, SupplierIdKind::PartitaIva)) => id.clone(),
            _ => "codice fiscale di persona fisica".to_string(),
        };
        let finding = Segnalazione::new(Regola::IdFornitoreDalNome)
            .campo("denominazione")
            .valore(valore)
            .nota(format!(
                "identificativo letto nel nome del fornitore; {how}"
            ));
        add(finding, None);
    }
}

/// A rejected id as it may be published: a 16-character code may be a
/// person's codice fiscale with a typo, so it is never shown.
fn published(rejected: &RejectedId) -> String {
    let personal = rejected
        .valore
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .count()
        == 16
        && rejected.valore.chars().any(|c| c.is_ascii_alphabetic());
    if personal {
        "codice di 16 caratteri (non pubblicato)".to_string()
    } else {
        rejected.valore.clone()
    }
}
