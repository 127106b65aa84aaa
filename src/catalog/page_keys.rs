//! Identities and URLs of the things the portal has a page for.

use crate::check::ids::{IdKind, canonical, classify};
use crate::check::supplier_ids::{PublishedIds, RejectedId, published_ids};
use crate::model::{Operatore, SupplierIdKind};
use crate::secret::SiteSecret;

/// A CIG that may key a page: well formed, not a placeholder (a failed
/// check character still names one lot: the page says so).
pub(crate) fn keying_cig(cig: Option<&str>) -> Option<&str> {
    cig.filter(|c| classify(IdKind::Cig, c).keys())
}

/// The key of a procedure: its CIG, or body + internal code when it has
/// none, or only a placeholder or malformed one (`XXXXXXXXXX` of two bodies
/// must never make one page).
pub(crate) fn procedure_key(
    ente: &str,
    cig: Option<&str>,
    codice: Option<&str>,
    fallback: &str,
) -> String {
    let key = match (keying_cig(cig), codice) {
        (Some(cig), _) => canonical(IdKind::Cig, cig),
        (None, Some(code)) => format!("{ente}-{}", slug(code)),
        (None, None) => format!("{ente}-{}", slug(fallback)),
    };
    // The key names the page's folder (`/cig/<key>/`).
    crate::safe_name::name(&key)
}

/// What an operator's own data says about who it is, before the rules
/// that need the whole site (the buyer's code, other records' names).
#[derive(Clone, Debug, Default)]
pub struct Claim {
    /// The first valid id, canonical, by priority (`PublishedIds::id`). A
    /// natural person's codice fiscale stays here, in memory only, until it
    /// is keyed.
    pub id: Option<(String, SupplierIdKind)>,
    /// The id was read from the name (`… P.IVA 04048980405 …`).
    pub from_name: bool,
    /// Published ids not used: placeholders, failed checks, wrong shapes.
    pub rejected: Vec<RejectedId>,
    /// The name as compared (`normalize_name`).
    pub name: String,
}

/// Reads an operator's ids (see [`Claim`]).
pub(crate) fn claim(op: &Operatore) -> Claim {
    let PublishedIds {
        id,
        from_name,
        rejected,
    } = published_ids(op);
    Claim {
        id,
        from_name,
        rejected,
        // A natural person's code in the name never reaches a URL.
        name: normalize_name(&super::privacy::without_personal(&op.denominazione)),
    }
}

/// The id of a supplier known by its name only: per body, since a name
/// alone cannot tell two firms of two bodies apart.
pub(crate) fn name_id(ente: &str, name: &str) -> String {
    crate::safe_name::name(&format!("nome-{ente}-{name}"))
}

/// The page id of a natural person: a keyed hash of the codice fiscale,
/// not computable from the code without the site's secret.
pub(crate) fn person_id(secret: &SiteSecret, codice_fiscale: &str) -> String {
    format!("pf-{}", secret.digest(codice_fiscale))
}

/// A supplier id from the operator alone, with no site-wide rule: its
/// valid id (never a natural person's code: those are name-keyed here),
/// else its name. The catalog's suppliers use `supplier::identify`.
pub(crate) fn supplier_id(op: &Operatore) -> (String, SupplierIdKind) {
    let claim = claim(op);
    let (id, kind) = match claim.id {
        Some((id, kind)) if kind != SupplierIdKind::PersonaFisica => (id, kind),
        _ => (format!("nome-{}", claim.name), SupplierIdKind::Nome),
    };
    (crate::safe_name::name(&id), kind)
}

/// "Infocert S.p.A." and "INFOCERT SPA" are the same name.
pub(crate) fn normalize_name(name: &str) -> String {
    let lower = slug(name);
    let mut words: Vec<&str> = lower.split('-').filter(|w| !w.is_empty()).collect();
    // Joined legal-form letters: s-p-a → spa, s-r-l → srl.
    let mut joined = Vec::new();
    let mut letters = String::new();
    for w in words.drain(..) {
        if w.len() == 1 {
            letters.push_str(w);
        } else {
            if !letters.is_empty() {
                joined.push(std::mem::take(&mut letters));
            }
            joined.push(w.to_string());
        }
    }
    if !letters.is_empty() {
        joined.push(letters);
    }
    joined.join("-")
}

/// Lower-case ASCII slug: letters, digits and single dashes (the rule is
/// in `safe_name`, with every other name made from data).
pub fn slug(text: &str) -> String {
    crate::safe_name::slug(text)
}

pub(crate) fn anac_url(cig: &str) -> String {
    format!(
        "https://dati.anticorruzione.it/superset/dashboard/dettaglio_cig/?cig={cig}&standalone=2"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::ids::Validity;
    use crate::check::supplier_ids::id_in_name;

    #[test]
    fn slugs_and_names() {
        assert_eq!(slug("DC20_036_MEPA"), "dc20_036_mepa");
        assert_eq!(slug("11-21"), "11-21");
        assert_eq!(slug("Città di Torino"), "citta-di-torino");
        assert_eq!(
            normalize_name("Infocert S.p.A."),
            normalize_name("INFOCERT SPA")
        );
    }

    #[test]
    fn page_keys_are_safe_names() {
        let op = |piva: Option<&str>, cf: Option<&str>| Operatore {
            denominazione: "X".into(),
            partita_iva: piva.map(String::from),
            codice_fiscale: cf.map(String::from),
            ..Default::default()
        };
        assert_eq!(supplier_id(&op(Some("01586840504"), None)).0, "01586840504");
        for hostile in ["../../../victim", "/etc/x", "..", &"9".repeat(300)] {
            for id in [
                supplier_id(&op(Some(hostile), None)).0,
                supplier_id(&op(None, Some(hostile))).0,
                procedure_key("ente", Some(hostile), None, "1"),
                procedure_key("ente", None, Some(hostile), "1"),
                procedure_key("ente", None, None, hostile),
            ] {
                assert!(crate::safe_name::is_safe(&id), "{hostile} → {id}");
            }
        }
        assert_eq!(
            procedure_key("e", Some(" b9538ac2b9 "), None, "1"),
            "B9538AC2B9"
        );
    }

    #[test]
    fn natural_persons_are_not_in_urls() {
        let op = Operatore {
            denominazione: "Mario Rossi".into(),
            codice_fiscale: Some("RSSMRA85T10A562S".into()),
            ..Default::default()
        };
        let (id, kind) = supplier_id(&op);
        assert_eq!(kind, SupplierIdKind::Nome);
        assert!(!id.to_uppercase().contains("RSSMRA"));
        assert_eq!(
            claim(&op).id,
            Some(("RSSMRA85T10A562S".into(), SupplierIdKind::PersonaFisica))
        );
        let secret = SiteSecret::from_text(&"k".repeat(40)).unwrap();
        let id = person_id(&secret, "RSSMRA85T10A562S");
        assert!(id.starts_with("pf-") && !id.to_uppercase().contains("RSS"));
    }

    fn op(name: &str, piva: Option<&str>, cf: Option<&str>, estero: Option<&str>) -> Operatore {
        Operatore {
            denominazione: name.into(),
            partita_iva: piva.map(String::from),
            codice_fiscale: cf.map(String::from),
            id_estero: estero.map(String::from),
            ..Default::default()
        }
    }

    #[test]
    fn claims_use_only_valid_ids() {
        let dummy = claim(&op("Alfa S.r.l.", Some("00000000000"), None, None));
        assert_eq!(dummy.id, None);
        assert_eq!(dummy.rejected[0].validity, Validity::Placeholder);
        assert_eq!(dummy.rejected[0].valore, "00000000000");
        let typo = claim(&op("Alfa", Some("01586840505"), None, None));
        assert_eq!(typo.id, None);
        assert_eq!(typo.rejected[0].validity, Validity::CheckFails);
        // A placeholder P.IVA does not hide a valid codice fiscale.
        let cf = claim(&op("Alfa", Some("11111111111"), Some("80001110487"), None));
        assert_eq!(
            cf.id,
            Some(("80001110487".into(), SupplierIdKind::CodiceFiscale))
        );
        for foreign in ["0000000000", "00000", "0", "mandataria"] {
            assert_eq!(
                claim(&op("Beta Ltd", None, None, Some(foreign))).id,
                None,
                "{foreign}"
            );
        }
        let gb = |id: &str| claim(&op("Beta Ltd", None, None, Some(id))).id;
        assert_eq!(gb("GB 983576466"), gb("gb983576466"));
        assert_eq!(
            gb("GB 983576466"),
            Some(("gb983576466".into(), SupplierIdKind::IdEstero))
        );
        assert_eq!(
            gb("IT01586840504"),
            Some(("01586840504".into(), SupplierIdKind::PartitaIva))
        );
        let prefixed = claim(&op("Omniconnect", Some("IT01586840504"), None, None));
        assert_eq!(
            prefixed.id,
            Some(("01586840504".into(), SupplierIdKind::PartitaIva))
        );
    }

    #[test]
    fn ids_are_read_from_names() {
        let named = claim(&op(
            "MUTAMETAM DI ROSSI MARIO P.IVA 04048980405 C.F. RSSMRA85T10A562S",
            Some("00000000000"),
            None,
            None,
        ));
        assert_eq!(
            named.id,
            Some(("04048980405".into(), SupplierIdKind::PartitaIva))
        );
        assert!(named.from_name);
        assert_eq!(
            id_in_name("Mario Rossi C.F. RSSMRA85T10A562S"),
            Some(("RSSMRA85T10A562S".into(), SupplierIdKind::PersonaFisica))
        );
        assert_eq!(
            id_in_name("Alfa P.IVA IT01586840504"),
            Some(("01586840504".into(), SupplierIdKind::PartitaIva))
        );
        // A wrong check digit, or a number that is not a P.IVA, is not taken.
        assert_eq!(id_in_name("Alfa P.IVA 04048980406"), None);
        assert_eq!(id_in_name("Lavori 2020 lotto 12345678901"), None);
        assert_eq!(id_in_name("Infocert S.p.A."), None);
    }
}
