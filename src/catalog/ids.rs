//! Identities and URLs of the things the portal has a page for.

use crate::model::{ActHeader, Date, Operatore, TipoAtto};
use sha2::{Digest, Sha256};

/// The identity of an act: `<ente>/<anno>/<tipo>-<numero>`, the number
/// slugged (an act without a number, a letter or a contract, is identified
/// by its date). Computed once, when the act is loaded; the duplicate check,
/// the page address (`atti/<id>/`), `id_atto` of the tables and the OCDS
/// award ids all read this value, so two acts cannot share a page or a row.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct ActId(String);

impl ActId {
    pub fn new(ente: &str, tipo: TipoAtto, numero: Option<&str>, data: Date) -> ActId {
        let number = match numero {
            Some(n) => slug(n),
            None => data.iso(),
        };
        // `ente` is checked to name a body's file (E501, E012); a name anyway.
        let ente = crate::safe_name::name(ente);
        ActId(format!("{ente}/{}/{}-{number}", data.year(), tipo.0))
    }

    pub fn of(header: &ActHeader) -> ActId {
        ActId::new(
            &header.ente,
            header.tipo,
            header.numero.as_deref(),
            header.data,
        )
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ActId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The key of a procedure: its CIG, or body + internal code when it has none.
pub fn procedure_key(
    ente: &str,
    cig: Option<&str>,
    codice: Option<&str>,
    fallback: &str,
) -> String {
    let key = match (cig, codice) {
        (Some(cig), _) => cig.trim().to_uppercase(),
        (None, Some(code)) => format!("{ente}-{}", slug(code)),
        (None, None) => format!("{ente}-{}", slug(fallback)),
    };
    // The key names the page's folder (`/cig/<key>/`).
    crate::safe_name::name(&key)
}

/// How a supplier is identified, most reliable first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SupplierIdKind {
    PartitaIva,
    CodiceFiscale,
    PersonaFisica,
    IdEstero,
    Nome,
}

/// Supplier id: P.IVA, else codice fiscale, else foreign id, else name.
/// A natural person's codice fiscale never appears in a URL: it is replaced
/// by a digest, so the page exists without publishing the code. The id
/// names the page's folder (`/fornitori/<id>/`), so it is a safe name.
pub fn supplier_id(op: &Operatore) -> (String, SupplierIdKind) {
    let (id, kind) = raw_supplier_id(op);
    (crate::safe_name::name(&id), kind)
}

fn raw_supplier_id(op: &Operatore) -> (String, SupplierIdKind) {
    let clean = |s: &Option<String>| {
        s.as_deref()
            .map(|v| v.trim().to_uppercase())
            .filter(|v| !v.is_empty())
    };
    if let Some(piva) = clean(&op.partita_iva) {
        return (
            piva.trim_start_matches("IT").to_string(),
            SupplierIdKind::PartitaIva,
        );
    }
    if let Some(cf) = clean(&op.codice_fiscale) {
        if cf.len() == 16 {
            let digest = Sha256::digest(cf.as_bytes());
            return (
                format!("pf-{}", &hex::encode(digest)[..12]),
                SupplierIdKind::PersonaFisica,
            );
        }
        return (cf, SupplierIdKind::CodiceFiscale);
    }
    if let Some(foreign) = clean(&op.id_estero) {
        return (slug(&foreign), SupplierIdKind::IdEstero);
    }
    (
        // A natural person's code in the name never reaches the URL.
        format!(
            "nome-{}",
            slug(&normalize_name(&super::privacy::without_personal(
                &op.denominazione
            )))
        ),
        SupplierIdKind::Nome,
    )
}

/// "Infocert S.p.A." and "INFOCERT SPA" are the same name.
pub fn normalize_name(name: &str) -> String {
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

pub fn anac_url(cig: &str) -> String {
    format!(
        "https://dati.anticorruzione.it/superset/dashboard/dettaglio_cig/?cig={cig}&standalone=2"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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
            codice_fiscale: Some("RSSMRA80A01H501U".into()),
            ..Default::default()
        };
        let (id, kind) = supplier_id(&op);
        assert_eq!(kind, SupplierIdKind::PersonaFisica);
        assert!(!id.contains("RSS"));
    }
}
