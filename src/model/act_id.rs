//! The identity of an act, computed once when it is loaded.

use super::{ActHeader, Date, TipoAtto};

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
            Some(n) => crate::safe_name::slug(n),
            None => data.iso(),
        };
        // `ente` is checked to name a body's file (E501, E012); a name anyway.
        let ente = crate::safe_name::name(ente);
        ActId(format!("{ente}/{}/{}-{number}", data.year(), tipo.0))
    }

    pub(crate) fn of(header: &ActHeader) -> ActId {
        ActId::new(
            &header.ente,
            header.tipo,
            header.numero.as_deref(),
            header.data,
        )
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ActId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
