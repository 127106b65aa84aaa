//! Rules on identifiers (the diagnostics E201-E207, W204, W208-W211):
//! P.IVA, codice fiscale, CIG, CUP, CPV. The format and check-digit tests
//! themselves are in `ids.rs`.

use super::ids::{self, IdError};
use super::{Out, join};
use crate::model::Ente;
use crate::model::{Liquidazione, Lotto, Operatore};
use crate::toml_doc::Seg;

pub(super) fn check_lot(out: &Out, lot: &Lotto, prefix: &[Seg<'static>]) {
    if let Some(cig) = &lot.cig {
        check_cig(out, cig, &join(prefix, &[Seg::Key("cig")]));
    }
    if let Some(cup) = &lot.cup
        && ids::check_cup(cup).is_err()
    {
        out.at(
            "E206",
            &join(prefix, &[Seg::Key("cup")]),
            format!("CUP «{cup}» non valido: deve essere una lettera, due cifre, una lettera e undici cifre"),
            "copia il CUP dal CIPE/OpenCUP, ad esempio \"J46G24000020006\"".into(),
        );
    }
    for (i, cpv) in lot.cpv.iter().enumerate() {
        check_cpv(out, cpv, &join(prefix, &[Seg::Key("cpv"), Seg::Index(i)]));
    }
    for (key, operators) in [
        ("aggiudicatari", &lot.aggiudicatari),
        ("partecipanti", &lot.partecipanti),
    ] {
        for (i, op) in operators.iter().enumerate() {
            check_operator(out, op, &join(prefix, &[Seg::Key(key), Seg::Index(i)]));
        }
    }
}

fn check_cig(out: &Out, cig: &str, path: &[Seg]) {
    match ids::check_cig(cig) {
        Ok(_) => {}
        Err(IdError::Format) => {
            let hint = if ids::check_cig(&cig.trim().to_uppercase()).is_ok() {
                format!(
                    "scrivilo in maiuscolo e senza spazi: \"{}\"",
                    cig.trim().to_uppercase()
                )
            } else {
                "il CIG è di 10 caratteri, lettere maiuscole e cifre (es. \"B9538AC2B9\"): ricopialo dalla piattaforma ANAC".into()
            };
            out.at(
                "E205",
                path,
                format!("CIG «{cig}» di formato non valido"),
                hint,
            );
        }
        Err(IdError::Check { fixed }) => out.at(
            "W204",
            path,
            format!("il codice di controllo del CIG «{cig}» non corrisponde (sarebbe «{fixed}»)"),
            "verifica il CIG sul portale ANAC: un carattere è probabilmente ricopiato male".into(),
        ),
    }
}

fn check_cpv(out: &Out, cpv: &str, path: &[Seg]) {
    match ids::check_cpv(cpv) {
        Err(IdError::Format) => out.at(
            "E207",
            path,
            format!("CPV «{cpv}» di formato non valido"),
            "un CPV ha otto cifre, un trattino e la cifra di controllo, ad esempio \"72910000-2\""
                .into(),
        ),
        Err(IdError::Check { fixed }) => out.at(
            "W208",
            path,
            format!("la cifra di controllo del CPV «{cpv}» è errata"),
            format!("il codice corretto è \"{fixed}\"{}", describe(out, &fixed)),
        ),
        Ok(()) => {
            if !out.settings().cpv.contains(cpv) {
                out.at(
                    "W209",
                    path,
                    format!("il CPV «{cpv}» non è nel vocabolario CPV 2008"),
                    "cerca il codice nel vocabolario CPV 2008 (https://simap.ted.europa.eu/cpv) e usa uno di quelli elencati".into(),
                );
            }
        }
    }
}

/// ` («description»)` of a CPV code, when the vocabulary has it.
fn describe(out: &Out, code: &str) -> String {
    out.settings()
        .cpv
        .get(code)
        .map(|d| format!(" («{d}»)"))
        .unwrap_or_default()
}

fn check_operator(out: &Out, op: &Operatore, path: &[Seg<'static>]) {
    if let Some(piva) = &op.partita_iva {
        check_piva(out, piva, &join(path, &[Seg::Key("partita_iva")]));
    }
    if let Some(cf) = &op.codice_fiscale {
        check_cf(out, cf, &join(path, &[Seg::Key("codice_fiscale")]));
    }
}

fn check_piva(out: &Out, piva: &str, path: &[Seg]) {
    let hint = match ids::check_partita_iva(piva) {
        Ok(()) => return,
        Err(IdError::Check { .. }) => {
            "la cifra di controllo non torna: una cifra è sbagliata o due sono invertite; verifica sul servizio dell'Agenzia delle Entrate"
        }
        Err(IdError::Format) if piva.len() < 11 && piva.bytes().all(|b| b.is_ascii_digit()) => {
            "la partita IVA ha 11 cifre: se l'hai scritta senza virgolette gli zeri iniziali si perdono, scrivila tra virgolette (\"01586840504\")"
        }
        Err(IdError::Format) => {
            "la partita IVA italiana ha 11 cifre; per un operatore estero usa id_estero"
        }
    };
    out.at(
        "E201",
        path,
        format!("partita IVA «{piva}» non valida: i pagamenti sarebbero attribuiti all'impresa sbagliata"),
        hint.into(),
    );
}

/// A codice fiscale: 11 digits for companies and bodies, 16 characters for people.
fn check_cf(out: &Out, cf: &str, path: &[Seg]) {
    if cf.len() == 11 && cf.bytes().all(|b| b.is_ascii_digit()) {
        if ids::check_partita_iva(cf).is_err() {
            out.at(
                "E202",
                path,
                format!("codice fiscale «{cf}» non valido: la cifra di controllo non torna"),
                "ricopia il codice fiscale dal certificato camerale o dall'anagrafe tributaria"
                    .into(),
            );
        }
        return;
    }
    let hint = match ids::check_codice_fiscale(cf) {
        Ok(()) => return,
        Err(IdError::Check { .. }) => {
            "il carattere di controllo (l'ultimo) non torna: un carattere è ricopiato male"
                .to_string()
        }
        Err(IdError::Format) if ids::check_codice_fiscale(&cf.trim().to_uppercase()).is_ok() => {
            format!(
                "scrivilo in maiuscolo e senza spazi: \"{}\"",
                cf.trim().to_uppercase()
            )
        }
        Err(IdError::Format) => {
            "un codice fiscale ha 11 cifre (imprese, enti) o 16 caratteri (persone fisiche)".into()
        }
    };
    out.at(
        "E203",
        path,
        format!("codice fiscale «{cf}» non valido"),
        hint,
    );
}

/// The payee of a payment is a P.IVA or a codice fiscale.
pub(super) fn check_payees(out: &Out, payments: &[Liquidazione]) {
    for (i, payment) in payments.iter().enumerate() {
        if let Some(payee) = &payment.beneficiario {
            let path = [
                Seg::Key("liquidazioni"),
                Seg::Index(i),
                Seg::Key("beneficiario"),
            ];
            check_cf(out, payee, &path);
        }
    }
}

/// A body's codice fiscale is 11 digits with a valid check digit.
pub(super) fn check_ente(out: &Out, ente: &Ente) {
    let cf = &ente.data.codice_fiscale;
    if is_anac_placeholder(cf) {
        out.at(
            "W211",
            &[Seg::Key("codice_fiscale")],
            format!("«{cf}» è un codice provvisorio assegnato da ANAC, non un codice fiscale"),
            "se l'ente ha un codice fiscale, indicalo: senza, i dataset L.190 dell'ente non possono essere pubblicati".into(),
        );
        return;
    }
    let message = match ids::check_partita_iva(cf) {
        Ok(()) => return,
        Err(IdError::Check { .. }) => {
            format!("codice fiscale dell'ente «{cf}» non valido: la cifra di controllo non torna")
        }
        Err(IdError::Format) => {
            format!("codice fiscale dell'ente «{cf}» non valido: un ente ha un codice di 11 cifre")
        }
    };
    out.at(
        "E202",
        &[Seg::Key("codice_fiscale")],
        message,
        "ricopia il codice fiscale dall'Indice dei domicili digitali della PA (indicepa.gov.it)"
            .into(),
    );
}

/// ANAC gives bodies without a codice fiscale a code like `CFAVCP-0000DA6`.
pub(crate) fn is_anac_placeholder(cf: &str) -> bool {
    cf.strip_prefix("CFAVCP-").is_some_and(|rest| {
        rest.len() == 7
            && rest
                .chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
    })
}
