//! Rules of the parts of «Bandi di gara e contratti» (docs/bandi-di-gara.md).

use super::Out;
use crate::model::Act;
use crate::toml_doc::Seg;

/// A general or programming act concerns every procedure, not one: a lot
/// in it makes a procedure of its own, which is seldom what was meant.
pub(super) fn check_act(out: &Out, act: &Act) {
    let tipo = act.header.tipo;
    // Types whose part holds even with a lot are the non-procedure ones.
    if act.lots.is_empty() || tipo.parte(true).is_none() {
        return;
    }
    out.at(
        "W140",
        &[Seg::Key("tipo")],
        format!(
            "un atto di tipo «{}» riguarda tutte le procedure, ma indica un lotto (cig, codice, importi…)",
            tipo.label()
        ),
        "togli le chiavi del lotto; se l'atto è di una procedura, usa il tipo di quell'atto (es. \"determinazione\"): il lotto diventa comunque una procedura del portale".into(),
    );
}
