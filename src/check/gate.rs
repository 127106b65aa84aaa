//! Conditions that would stop `build` after `check` passed: each is a
//! diagnostic here first, at the key that causes it, so that `check` is the
//! build's gate.

use super::{Out, join};
use crate::model::Lotto;
use crate::model::Ruolo;
use crate::model::{Act, Record};
use crate::toml_doc::Seg;

/// Longest act number. Real ones are short ("10107", "DC20_036_MEPA"); the
/// number is part of the act's page name, which the file system bounds.
pub(crate) const MAX_NUMERO_CHARS: usize = 64;

pub(super) fn check_act(out: &Out, act: &Act) {
    if let Some(numero) = &act.header.numero
        && numero.chars().count() > MAX_NUMERO_CHARS
    {
        out.at(
            "E212",
            &[Seg::Key("numero")],
            format!(
                "il numero dell'atto è lungo {} caratteri, oltre il limite di {MAX_NUMERO_CHARS}",
                numero.chars().count()
            ),
            "scrivi solo il numero di registro (es. \"10107\" o \"DC20_036_MEPA\"): il resto va in oggetto".into(),
        );
    }
}

/// The L.190 dataset of a year needs a publication date, and every record
/// without one could leave its year undated.
pub(super) fn check_record(out: &Out, record: &Record) {
    if record.header.data_pubblicazione.is_none() {
        out.at(
            "E102",
            &[Seg::Key("ente")],
            "manca data_pubblicazione: la data in cui la fonte ha pubblicato la scheda".into(),
            "aggiungi data_pubblicazione = AAAA-MM-GG (per un dataset L.190 è dataPubblicazioneDataset): serve a datare il dataset L.190 dell'anno".into(),
        );
    }
    let lot = &record.lot;
    if let Some(cig) = &lot.cig
        && !publishable_cig(cig)
    {
        out.at(
            "E213",
            &[Seg::Key("cig")],
            format!("il CIG importato «{}» non si può pubblicare: ha più di 10 caratteri o caratteri diversi da lettere e cifre", shown(cig)),
            "correggi il CIG dalla fonte, oppure spostalo in codice = \"...\" (codice interno della procedura) e togli cig".into(),
        );
    }
    for (i, cpv) in lot.cpv.iter().enumerate() {
        if !publishable_cpv(cpv) {
            out.at(
                "E213",
                &[Seg::Key("cpv"), Seg::Index(i)],
                format!("il CPV importato «{}» non si può pubblicare: un CPV è fatto di cifre e di un trattino", shown(cpv)),
                "correggi il codice dalla fonte (es. \"72910000-2\") o toglilo".into(),
            );
        }
    }
}

/// Joint-venture members need a known role: the L.190 dataset requires one.
pub(super) fn check_lot(out: &Out, lot: &Lotto, prefix: &[Seg<'static>]) {
    for (key, operators) in [
        ("aggiudicatari", &lot.aggiudicatari),
        ("partecipanti", &lot.partecipanti),
    ] {
        for (i, op) in operators.iter().enumerate() {
            if op.raggruppamento.is_none() {
                continue;
            }
            let path = join(prefix, &[Seg::Key(key), Seg::Index(i), Seg::Key("ruolo")]);
            let known = op.ruolo.as_deref().and_then(Ruolo::from_id).is_some();
            if !known {
                let roles: Vec<&str> = Ruolo::ALL.iter().map(|r| r.id()).collect();
                let what = op
                    .ruolo
                    .as_ref()
                    .map_or("manca".to_string(), |r| format!("«{}» non è", shown(r)));
                out.at(
                    "E214",
                    &path,
                    format!(
                        "il ruolo di «{}» nel raggruppamento {what} un ruolo ammesso",
                        op.denominazione
                    ),
                    format!("indica ruolo = uno tra {}", roles.join(", ")),
                );
            }
        }
    }
}

fn publishable_cig(cig: &str) -> bool {
    cig.chars().count() <= 10 && cig.chars().all(|c| c.is_ascii_alphanumeric())
}

fn publishable_cpv(cpv: &str) -> bool {
    !cpv.is_empty() && cpv.len() <= 12 && cpv.chars().all(|c| c.is_ascii_digit() || c == '-')
}

/// A value as a message shows it: at most 80 characters, controls visible.
fn shown(value: &str) -> String {
    value
        .chars()
        .take(80)
        .flat_map(char::escape_debug)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publishable_identifiers() {
        assert!(publishable_cig("B9538AC2B9") && publishable_cig("ZABC123456"));
        assert!(!publishable_cig("B9538AC2B9X") && !publishable_cig("../../x"));
        assert!(publishable_cpv("72910000-2") && !publishable_cpv("72910000/../.."));
    }
}
