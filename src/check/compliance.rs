//! What the law wants published for a procedure started since 1 January
//! 2024, when the BDNCP regime began (D.Lgs. 36/2023 art. 28; delibera ANAC
//! 264/2023, Allegato 1). Each rule names the Allegato 1 item a procedure of
//! its kind must publish and the basis for it; `docs/diagnostica.md`
//! explains each code. The site's acts are grouped by CIG; a procedure's
//! documents are the `documento` keys of its acts and their attachments.

use super::ids::{IdKind, Validity, canonical, classify};
use super::site::span_in_file;
use crate::diagnostics::Diagnostic;
use crate::model::{Act, Date, Regime, Site, TipoDocumento};
use crate::toml_doc::Seg;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// What the rules need to know of one procedure (one CIG).
struct Procedura<'a> {
    cig: String,
    /// The acts naming the CIG, with the lot's index, in date order.
    acts: Vec<(&'a Act, usize)>,
    documenti: BTreeSet<&'static str>,
}

/// Which act a warning points at: where the missing document belongs.
#[derive(Clone, Copy)]
enum At {
    /// The procedure's first act: the decision to contract, the notice.
    First,
    /// Its latest act: the award and what follows it.
    Last,
}

struct Rule {
    code: &'static str,
    documento: &'static str,
    applies: fn(&Procedura) -> bool,
    /// The kind of procedure, for the message.
    caso: &'static str,
    norma: &'static str,
    /// When the law asks for the document only in a case vetro cannot see.
    condizione: Option<&'static str>,
    at: At,
}

/// The basis of W152 and W153: the commission's composition and its CVs.
const COMMISSIONE: &str = "art. 28, c. 2, e art. 93, c. 1, D.Lgs. 36/2023; Allegato 1 della delibera ANAC 264/2023, composizione delle commissioni giudicatrici e CV dei componenti";

const RULES: &[Rule] = &[
    Rule {
        code: "W150",
        documento: DECISIONE,
        applies: always,
        caso: "ogni procedura",
        norma: "art. 17, c. 1 e 2, D.Lgs. 36/2023 (la decisione di contrarre precede ogni affidamento; per l'affidamento diretto è l'atto che affida); Allegato 1 della delibera ANAC 264/2023, documenti di gara (artt. 82 e 85, c. 4)",
        condizione: None,
        at: At::First,
    },
    Rule {
        code: "W151",
        documento: "bando",
        applies: has_notice,
        caso: "le procedure con bando, avviso o lettera di invito",
        norma: "artt. 82 e 85, c. 4, D.Lgs. 36/2023; Allegato 1 della delibera ANAC 264/2023, documenti di gara (bando, avviso di gara o lettera di invito)",
        condizione: None,
        at: At::First,
    },
    Rule {
        code: "W152",
        documento: "commissione-giudicatrice",
        applies: oepv_awarded,
        caso: "le aggiudicazioni con l'offerta economicamente più vantaggiosa",
        norma: COMMISSIONE,
        condizione: None,
        at: At::Last,
    },
    Rule {
        code: "W153",
        documento: "cv-commissione",
        applies: oepv_awarded,
        caso: "le aggiudicazioni con l'offerta economicamente più vantaggiosa",
        norma: COMMISSIONE,
        condizione: None,
        at: At::Last,
    },
    Rule {
        code: "W154",
        documento: "rapporto-personale",
        applies: pnrr_awarded,
        caso: "le procedure PNRR e PNC aggiudicate",
        norma: "art. 47, c. 2 e 9, D.L. 77/2021 (L. 108/2021); art. 46 D.Lgs. 198/2006; Allegato 1 della delibera ANAC 264/2023, pari opportunità nei contratti PNRR e PNC",
        condizione: Some(
            "è dovuto dagli operatori che occupano oltre 50 dipendenti: se l'aggiudicatario ne ha di meno l'avviso non si applica",
        ),
        at: At::Last,
    },
];

/// Started under the BDNCP regime: the cut-off is `model::Regime`'s.
fn started_in_bdncp_regime(start: Date) -> bool {
    Regime::of(Some(start)) == Regime::Dal2024
}

pub(super) fn check_compliance(site: &Site, out: &mut Vec<Diagnostic>) {
    for procedura in by_cig(&site.acts) {
        let Some(&(first, _)) = procedura.acts.first() else {
            continue;
        };
        if !started_in_bdncp_regime(first.header.data) {
            continue;
        }
        for rule in RULES {
            if (rule.applies)(&procedura) && !procedura.documenti.contains(rule.documento) {
                out.push(warning(&site.root, &procedura, rule));
            }
        }
    }
}

/// The site's acts grouped by CIG: every lot with a usable CIG.
fn by_cig(acts: &[Act]) -> Vec<Procedura<'_>> {
    let mut groups: BTreeMap<String, Vec<(&Act, usize)>> = BTreeMap::new();
    // A programme or a general act may name a CIG (W140 says it should not);
    // it does not make a procedure.
    for act in acts.iter().filter(|a| a.header.tipo.parte(true).is_none()) {
        for (index, lot) in act.lots.iter().enumerate() {
            let Some(raw) = lot.cig.as_deref() else {
                continue;
            };
            if matches!(
                classify(IdKind::Cig, raw),
                Validity::Valid | Validity::CheckFails
            ) {
                groups
                    .entry(canonical(IdKind::Cig, raw))
                    .or_default()
                    .push((act, index));
            }
        }
    }
    groups
        .into_iter()
        .map(|(cig, mut acts)| {
            acts.sort_by(|a, b| (a.0.header.data, &a.0.file).cmp(&(b.0.header.data, &b.0.file)));
            let mut documenti: BTreeSet<_> = acts.iter().flat_map(|(a, _)| documents(a)).collect();
            if awarded_by_decision(&acts) {
                // Art. 17, c. 2: for a direct award the act that awards is the
                // decision to contract.
                documenti.insert(DECISIONE);
            }
            Procedura {
                cig,
                acts,
                documenti,
            }
        })
        .collect()
}

/// The Allegato 1 item of the decision to contract (W150).
const DECISIONE: &str = "delibera-a-contrarre";

/// A direct award whose winner a decision of the body names: a
/// determinazione, delibera, decreto or provvedimento with its awardee.
fn awarded_by_decision(acts: &[(&Act, usize)]) -> bool {
    const DECISIONS: &[&str] = &["determinazione", "delibera", "decreto", "provvedimento"];
    let direct = acts
        .iter()
        .rev()
        .find_map(|(a, i)| a.lots[*i].procedura)
        .is_some_and(|t| t.is_direct_award());
    direct
        && acts.iter().any(|(a, i)| {
            DECISIONS.contains(&a.header.tipo.0) && !a.lots[*i].aggiudicatari.is_empty()
        })
}

/// The Allegato 1 items an act publishes: its own and its attachments'.
fn documents(act: &Act) -> impl Iterator<Item = &'static str> + '_ {
    let h = &act.header;
    h.documento
        .into_iter()
        .chain(h.allegati.iter().filter_map(|a| a.documento))
        .map(|d: TipoDocumento| d.id)
}

fn warning(root: &Path, procedura: &Procedura, rule: &Rule) -> Diagnostic {
    let at = match rule.at {
        At::First => procedura.acts.first(),
        At::Last => procedura.acts.last(),
    };
    let start = procedura.acts.first().map(|(a, _)| a.header.data.italian());
    let titolo = TipoDocumento::from_id(rule.documento).map_or(rule.documento, |d| d.titolo);
    let mut hint = format!(
        "{}: pubblica il documento come atto o allegato della procedura con documento = \"{}\" (vedi docs/documenti.md)",
        rule.norma, rule.documento
    );
    if let Some(condizione) = rule.condizione {
        hint.push_str(&format!("; {condizione}"));
    }
    let message = format!(
        "CIG {}, avviata il {}: manca «{titolo}» (documento dovuto per {})",
        procedura.cig,
        start.unwrap_or_default(),
        rule.caso
    );
    let (file, span) = match at {
        Some((act, index)) => {
            let path = super::join(&super::lot_prefix(act, *index), &[Seg::Key("cig")]);
            (act.file.as_path(), span_in_file(root, &act.file, &path))
        }
        None => (Path::new(""), None),
    };
    Diagnostic::new(rule.code, file, message)
        .at(span)
        .hint(hint)
}

fn always(_: &Procedura) -> bool {
    true
}

/// The procedure types that publish a notice or send an invitation
/// (D.Lgs. 36/2023 artt. 50, c. 1, lett. c-e, 71-76 and 169-170).
fn has_notice(p: &Procedura) -> bool {
    const WITH_NOTICE: &[&str] = &[
        "procedura-aperta",
        "procedura-ristretta",
        "negoziata-con-bando",
        "negoziata-senza-bando",
        "dialogo-competitivo",
        "ristretta-da-avvisi",
        "negoziata-con-indizione-settori-speciali",
        "ristretta-semplificata",
        "negoziata-sotto-soglia",
        "partenariato-innovazione",
        "competitiva-con-negoziazione",
    ];
    latest(p, |a, i| a.lots[i].procedura).is_some_and(|t| WITH_NOTICE.contains(&t.id))
}

/// An award under the most economically advantageous tender, the criterion
/// that needs a commission (art. 93, c. 1); direct awards have none.
fn oepv_awarded(p: &Procedura) -> bool {
    let direct = latest(p, |a, i| a.lots[i].procedura).is_some_and(|t| t.is_direct_award());
    let oepv = latest(p, |a, i| a.lots[i].criterio.clone()).is_some_and(|c| is_oepv(&c));
    !direct && oepv && awarded(p)
}

fn pnrr_awarded(p: &Procedura) -> bool {
    p.acts.iter().any(|(a, _)| a.header.pnrr.is_some()) && awarded(p)
}

/// A winner is stated, or an act reports the outcome.
fn awarded(p: &Procedura) -> bool {
    p.acts
        .iter()
        .any(|(a, i)| !a.lots[*i].aggiudicatari.is_empty() || a.header.tipo.0 == "esito")
}

/// `criterio` is free text: "offerta economicamente più vantaggiosa",
/// "OEPV", "miglior rapporto qualità/prezzo".
fn is_oepv(criterio: &str) -> bool {
    let c = criterio.to_lowercase();
    [
        "economicamente pi",
        "oepv",
        "qualità/prezzo",
        "qualità-prezzo",
        "qualità prezzo",
    ]
    .iter()
    .any(|k| c.contains(k))
}

/// The latest value a lot of the procedure states.
fn latest<T>(p: &Procedura, f: impl Fn(&Act, usize) -> Option<T>) -> Option<T> {
    p.acts.iter().rev().find_map(|(a, i)| f(a, *i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_regime_starts_on_1_january_2024() {
        let day = |y, m, d| Date(chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap());
        assert!(!started_in_bdncp_regime(day(2023, 12, 31)));
        assert!(started_in_bdncp_regime(day(2024, 1, 1)));
    }

    #[test]
    fn oepv_is_recognised_in_its_usual_wordings() {
        assert!(is_oepv(
            "Offerta economicamente più vantaggiosa (art. 108, c. 1)"
        ));
        assert!(is_oepv("OEPV"));
        assert!(is_oepv("miglior rapporto qualità/prezzo"));
        assert!(!is_oepv("minor prezzo (art. 108, c. 3)"));
    }

    #[test]
    fn every_rule_names_an_item_of_the_allegato() {
        for rule in RULES {
            assert!(
                TipoDocumento::from_id(rule.documento).is_some(),
                "{}",
                rule.code
            );
            assert!(
                rule.norma.contains("art") && rule.norma.contains("Allegato 1"),
                "{}",
                rule.code
            );
        }
    }
}
