//! A body named after one of its offices.
//!
//! L.190 files name, in each lot, the office that ran it
//! (`strutturaProponente`): "Settore Lavori Pubblici", "Comune di Bolzano -
//! 1.1 - Ufficio Personale". A body file that took such a name shows every
//! procedure of the body under one office; the clerk fixes it once, in the
//! body file.

use super::Out;
use crate::model::Ente;
use crate::toml_doc::Seg;

/// Words that name an office of a body, not a body (lowercase).
const OFFICE_WORDS: &[&str] = &[
    "settore",
    "ufficio",
    "uffici",
    "area",
    "direzione",
    "dipartimento",
    "servizio",
    "servizi",
    "sezione",
    "reparto",
    "segreteria",
    "ragioneria",
    "economato",
    "provveditorato",
    "u.o.",
    "u.o.c.",
    "u.o.s.",
    "uo",
    "uoc",
    "affari generali",
    "unità operativa",
];

/// Words that make a name starting with an office word a body's after all:
/// "Servizi Ambientali S.p.A.", "Ufficio Scolastico Regionale per il Lazio",
/// "Azienda Servizi Municipalizzati" (lowercase, matched as words).
const BODY_WORDS: &[&str] = &[
    "s.p.a.",
    "spa",
    "s.r.l.",
    "srl",
    "società",
    "consorzio",
    "azienda",
    "agenzia",
    "istituto",
    "fondazione",
    "scolastico",
    "marina",
    "metropolitana",
];

/// Whether a body's name looks like an office's: it starts with an office
/// word (unless a body word says otherwise), a part after a separator
/// (` - `, `/`, `:`, `,`, `(`) starts with one, or a part is numbered like
/// an organisation chart (`1.1 -`, `3 -`).
pub fn looks_like_office(name: &str) -> bool {
    let lower = name.trim().to_lowercase();
    let segments = segments(&lower);
    let Some(first) = segments.first() else {
        return false;
    };
    if starts_with_office_word(first) && !has_word(&lower, BODY_WORDS) {
        return true;
    }
    segments
        .iter()
        .skip(1)
        .any(|s| starts_with_office_word(s) || is_numbering(s))
        || is_numbering(first)
}

/// The name's parts between separators.
fn segments(lower: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    for piece in lower.split(" - ").flat_map(|p| p.split(" – ")) {
        parts.extend(
            piece
                .split(['/', ':', ',', '(', ')', '|'])
                .map(str::trim)
                .filter(|p| !p.is_empty()),
        );
    }
    parts
}

fn words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

fn starts_with_office_word(segment: &str) -> bool {
    let w = words(segment);
    OFFICE_WORDS.iter().any(|office| {
        let o = words(office);
        w.len() >= o.len() && w[..o.len()] == o[..]
    })
}

fn has_word(lower: &str, list: &[&str]) -> bool {
    let w = words(lower);
    list.iter().any(|word| w.contains(word))
}

/// A number alone in a part (`- 3 -`), or a dotted one at its start
/// (`2.3 Ufficio Tributi`); "3 Valli Ambiente" is a name.
fn is_numbering(segment: &str) -> bool {
    let w = words(segment);
    let head = w.first().copied().unwrap_or_default();
    let number = head.trim_end_matches('.');
    let numeric = !number.is_empty()
        && number.len() <= 6
        && number.starts_with(|c: char| c.is_ascii_digit())
        && number.chars().all(|c| c.is_ascii_digit() || c == '.');
    numeric && (w.len() == 1 || number.contains('.'))
}

/// W221 at the body file's `denominazione`.
pub(super) fn check_ente_name(out: &Out, ente: &Ente) {
    let name = &ente.data.denominazione;
    if !looks_like_office(name) {
        return;
    }
    out.at(
        "W221",
        &[Seg::Key("denominazione")],
        format!("la denominazione «{}» sembra il nome di un ufficio, non dell'ente", name.trim()),
        "scrivi in denominazione il nome dell'ente (es. \"Comune di Bolzano\"): l'ufficio di ogni procedura è in ufficio = \"...\" della scheda; se è davvero il nome dell'ente, ignora l'avviso".into(),
    );
}

#[cfg(test)]
mod tests {
    use super::looks_like_office;

    #[test]
    fn offices_are_told_from_bodies() {
        for office in [
            "Affari Generali e Istituzionali",
            "Comune di Bolzano - 1.1 - Ufficio Personale",
            "Settore Lavori Pubblici",
            "SERVIZIO PATRIMONIO",
            "Area Tecnica",
            "Direzione Risorse Umane",
            "Dipartimento Infrastrutture",
            "U.O. Acquisti",
            "Comune di Prato - Servizio Gare",
            "ASL Roma 1 / UOC Provveditorato",
            "2.3 Ufficio Tributi",
            "Comune di Prato - 4 - Gare",
        ] {
            assert!(looks_like_office(office), "{office}");
        }
        for body in [
            "Comune di Bolzano",
            "Azienda Servizi Municipalizzati",
            "Servizi Ambientali S.p.A.",
            "Ufficio Scolastico Regionale per il Lazio",
            "Area Marina Protetta Isole Egadi",
            "Provincia di Livorno",
            "Consorzio Area Vasta",
            "CSI-Piemonte",
            "3 Valli Ambiente",
            "Comune di Ponte San Pietro",
            "",
        ] {
            assert!(!looks_like_office(body), "{body}");
        }
    }
}
