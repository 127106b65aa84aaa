//! What an operator's published ids say about who it is: the first valid
//! one, and those not used. The catalogue keys suppliers by it
//! (`catalog::page_keys::claim`); the site check asks whether one is a natural
//! person, whose page needs the site's secret.

use super::ids::{IdKind, Validity, canonical, classify, italian_vat, prefixed_italian_vat};
use crate::model::{Operatore, SupplierIdKind};

/// A published id of an operator that vetro does not use, as published.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RejectedId {
    pub campo: &'static str,
    pub valore: String,
    pub validity: Validity,
}

/// The ids of one operator, read from its own data only.
#[derive(Clone, Debug, Default)]
pub(crate) struct PublishedIds {
    /// The first valid id, canonical, by priority: P.IVA, codice fiscale,
    /// foreign id, then one found in the name.
    pub id: Option<(String, SupplierIdKind)>,
    /// The id was read from the name (`… P.IVA 04048980405 …`).
    pub from_name: bool,
    /// Published ids not used: placeholders, failed checks, wrong shapes.
    pub rejected: Vec<RejectedId>,
}

/// Reads an operator's published ids (see [`PublishedIds`]).
pub(crate) fn published_ids(op: &Operatore) -> PublishedIds {
    let mut ids = PublishedIds::default();
    let fields = [
        ("partita_iva", &op.partita_iva, IdKind::PartitaIva),
        ("codice_fiscale", &op.codice_fiscale, IdKind::CodiceFiscale),
        ("id_estero", &op.id_estero, IdKind::Estero),
    ];
    for (campo, value, kind) in fields {
        let Some(value) = value.as_deref().filter(|v| !v.trim().is_empty()) else {
            continue;
        };
        match classify(kind, value) {
            Validity::Valid => {
                if ids.id.is_none() {
                    ids.id = Some(kind_of(kind, value));
                }
            }
            validity => ids.rejected.push(RejectedId {
                campo,
                valore: value.trim().to_string(),
                validity,
            }),
        }
    }
    if ids.id.is_none() {
        ids.id = id_in_name(&op.denominazione);
        ids.from_name = ids.id.is_some();
    }
    ids
}

/// The canonical id and its kind, for a valid id of `kind`.
fn kind_of(kind: IdKind, value: &str) -> (String, SupplierIdKind) {
    let id = canonical(kind, value);
    let kind = match kind {
        IdKind::PartitaIva => SupplierIdKind::PartitaIva,
        IdKind::CodiceFiscale if id.len() == 16 => SupplierIdKind::PersonaFisica,
        IdKind::CodiceFiscale => SupplierIdKind::CodiceFiscale,
        // An `IT` foreign id is a P.IVA (`canonical` dropped the prefix).
        IdKind::Estero if prefixed_italian_vat(value).is_some() => SupplierIdKind::PartitaIva,
        IdKind::Estero | IdKind::Cig => SupplierIdKind::IdEstero,
    };
    (id, kind)
}

/// A valid P.IVA (11 digits, `IT` prefix allowed) or codice fiscale (16
/// characters) written inside a name: the first one whose check verifies.
pub(crate) fn id_in_name(name: &str) -> Option<(String, SupplierIdKind)> {
    let words = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() == 11 || w.len() == 13 || w.len() == 16);
    for word in words {
        let word = word.to_ascii_uppercase();
        let vat = italian_vat(&word).filter(|_| word.len() != 16);
        let found = match vat {
            Some(digits) => classify(IdKind::PartitaIva, &digits)
                .eq(&Validity::Valid)
                .then_some((digits, SupplierIdKind::PartitaIva)),
            None => classify(IdKind::CodiceFiscale, &word)
                .eq(&Validity::Valid)
                .then(|| (word.clone(), SupplierIdKind::PersonaFisica)),
        };
        if found.is_some() {
            return found;
        }
    }
    None
}
