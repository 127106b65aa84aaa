//! Lots whose published CIG cannot key them (none, a placeholder, a
//! malformed code) are keyed by a code derived from their content, and keep
//! the published text in a finding. Both importers use this one rule.

use crate::check::ids::{IdKind, Validity, classify};
use crate::model::{Regola, Segnalazione};

/// `SENZA-CIG-<8 hex>` from the lot's content (`parts`, in a fixed order)
/// and the published CIG, if any. Stable, so a re-import finds the same
/// record; a lot without CIG keeps the key it always had.
pub(crate) fn code(parts: &[&str], published: Option<&str>) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(parts.join("\n").as_bytes());
    if let Some(published) = published {
        hasher.update(b"\ncig\n");
        hasher.update(published.as_bytes());
    }
    let hex = hasher.finalize().to_hex();
    format!("SENZA-CIG-{}", hex[..8].to_uppercase())
}

/// The finding of a lot whose published CIG does not key it.
pub(crate) fn finding(published: Option<&str>, key: &str) -> Option<Segnalazione> {
    let cig = published?;
    let (regola, what) = match classify(IdKind::Cig, cig) {
        Validity::Placeholder => (Regola::CigSegnaposto, "CIG segnaposto"),
        Validity::Malformed => (Regola::CigNonValido, "CIG di formato non valido"),
        Validity::Valid | Validity::CheckFails => return None,
    };
    Some(
        Segnalazione::new(regola)
            .campo("cig")
            .valore(cig)
            .nota(format!(
                "{what}, non usato come chiave: il lotto è una procedura dell'ente con codice interno {key}"
            )),
    )
}
