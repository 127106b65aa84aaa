//! The generated corpus parses with the act model and its numbers add up.

use super::*;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use vetro::check::ids::{CigSeries, check_cig, check_partita_iva};
use vetro::model::{ActHeader, EnteFile, Lotto, PROCEDURE_TYPES};

fn corpus(acts: usize, seed: u64, out: &Path) -> CorpusStats {
    let opts = CorpusOptions {
        acts,
        seed,
        out: out.to_path_buf(),
    };
    generate(&opts).expect("corpus generation")
}

/// A CIG of a series whose check code is known, with the right code.
fn cig_is_valid(cig: &str) -> bool {
    matches!(check_cig(cig), Ok(CigSeries::Ordinary | CigSeries::Smart))
}

fn piva_is_valid(piva: &str) -> bool {
    check_partita_iva(piva).is_ok()
}

fn files(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap().to_path_buf();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Splits `+++\n<toml>+++\n<body>` by hand, as the test must not trust the loader.
fn front(text: &str) -> &str {
    let rest = text.strip_prefix("+++\n").expect("opening +++");
    let end = rest.find("\n+++\n").expect("closing +++");
    &rest[..=end]
}

fn dec(m: &Option<vetro::model::Money>) -> Decimal {
    m.expect("amount present").0
}

/// Checks one lot; returns its total.
fn check_lot(lot: &Lotto, cpv_known: &dyn Fn(&str) -> bool) -> Decimal {
    let (net, rate, total) = (
        dec(&lot.importo_netto),
        dec(&lot.aliquota_iva),
        dec(&lot.importo_totale),
    );
    assert_eq!(
        net * (Decimal::ONE + rate / Decimal::from(100)),
        total,
        "VAT arithmetic"
    );
    assert_eq!(net.scale().max(total.scale()), 2, "amounts in cents");
    if let Some(iva) = &lot.importo_iva {
        assert_eq!(iva.0, total - net);
    }
    match (&lot.cig, &lot.codice) {
        (Some(cig), None) => assert!(cig_is_valid(cig), "CIG {cig}"),
        (None, Some(_)) => {}
        other => panic!("a lot has a CIG or an internal code: {other:?}"),
    }
    for code in &lot.cpv {
        assert!(cpv_known(code), "CPV {code} is not a real code");
    }
    let procedura = lot.procedura.expect("procedure");
    if procedura.id == "affidamento-diretto" {
        // Works (CPV division 45) have a higher threshold than services and supplies.
        let works = lot.cpv.iter().all(|c| c.starts_with("45"));
        let limit = Decimal::from(if works { 150_000 } else { 140_000 });
        assert!(net < limit, "direct award above threshold: {net}");
    }
    assert!(!lot.aggiudicatari.is_empty());
    for op in &lot.aggiudicatari {
        assert!(piva_is_valid(op.partita_iva.as_deref().unwrap()), "{op:?}");
    }
    if lot.aggiudicatari.len() > 1 {
        let quotas: Decimal = lot.aggiudicatari.iter().map(|o| dec(&o.quota)).sum();
        assert_eq!(quotas, Decimal::from(100));
        assert_eq!(lot.aggiudicatari[0].ruolo.as_deref(), Some("mandataria"));
        assert!(
            lot.aggiudicatari
                .iter()
                .all(|o| o.raggruppamento == lot.aggiudicatari[0].raggruppamento)
        );
    }
    total
}

#[test]
fn acts_parse_with_the_model_and_add_up() {
    let dir = tempfile::tempdir().unwrap();
    let stats = corpus(3000, 7, dir.path());
    let all = files(dir.path());
    assert_eq!(stats.files, all.len());
    assert_eq!(stats.acts + stats.enti + 1, all.len());
    assert!((45..=55).contains(&stats.enti));
    let vocabulary = vetro::model::CpvVocabulary::builtin();
    let cpv_known = |code: &str| vocabulary.contains(code);
    let mut totals: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut paid: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut seen = BTreeMap::<&str, usize>::new();
    let mut wins = BTreeMap::<String, usize>::new();
    for (path, bytes) in &all {
        let text = std::str::from_utf8(bytes).unwrap();
        if path.starts_with("content/enti") {
            let ente: EnteFile = toml::from_str(text).unwrap();
            assert!(
                piva_is_valid(&ente.codice_fiscale),
                "{}",
                ente.codice_fiscale
            );
            continue;
        }
        if !path.starts_with("content/atti") {
            continue;
        }
        let toml_text = front(text);
        let header: ActHeader =
            toml::from_str(toml_text).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        let top: Lotto = toml::from_str(toml_text).unwrap();
        let year = header.data.year().to_string();
        assert!(
            path.starts_with(format!("content/atti/{}/{year}", header.ente)),
            "{path:?}"
        );
        let mut act_total = Decimal::ZERO;
        let lots: Vec<&Lotto> = if header.lotti.is_empty() {
            vec![&top]
        } else {
            header.lotti.iter().collect()
        };
        if !header.liquidazioni.is_empty() {
            *seen.entry("liquidazioni").or_default() += 1;
            // Payments of in-house lots without a CIG cannot be matched by CIG.
            for p in header.liquidazioni.iter().filter(|p| p.cig.is_some()) {
                *paid.entry(p.cig.clone().unwrap()).or_default() += p.importo.0;
            }
        } else if top.importo_netto.is_some() || !header.lotti.is_empty() {
            for lot in lots {
                let total = check_lot(lot, &cpv_known);
                act_total += total;
                if let Some(cig) = &lot.cig {
                    assert!(
                        totals.insert(cig.clone(), total).is_none(),
                        "CIG {cig} awarded twice"
                    );
                }
                for op in &lot.aggiudicatari {
                    *wins.entry(op.partita_iva.clone().unwrap()).or_default() += 1;
                }
                if lot.aggiudicatari.len() > 1 {
                    *seen.entry("rti").or_default() += 1;
                }
            }
            let committed: Decimal = header.impegni.iter().map(|i| i.importo.0).sum();
            assert_eq!(
                committed, act_total,
                "{path:?}: commitments cover the award"
            );
        }
        if header.lotti.len() > 1 {
            *seen.entry("lotti").or_default() += 1;
        }
        if header.pnrr.is_some() {
            *seen.entry("pnrr").or_default() += 1;
        }
        for link in &header.collegati {
            *seen.entry("collegati").or_default() += 1;
            let linked = act_path(
                &header.ente,
                link.data.unwrap().year(),
                link.tipo.0,
                link.numero.as_deref().unwrap(),
            );
            assert!(
                all.contains_key(&linked),
                "{path:?} links to missing {linked:?}"
            );
            assert!(link.data.unwrap() <= header.data);
        }
    }
    for (cig, amount) in &paid {
        let total = totals
            .get(cig)
            .unwrap_or_else(|| panic!("payment for unknown CIG {cig}"));
        assert!(
            amount <= total,
            "CIG {cig}: paid {amount} > awarded {total}"
        );
    }
    for feature in ["liquidazioni", "rti", "lotti", "pnrr", "collegati"] {
        assert!(
            seen.get(feature).copied().unwrap_or(0) > 3,
            "too few {feature}: {seen:?}"
        );
    }
    // Skew: the top 5% of winners take a large share of the lots.
    let mut counts: Vec<usize> = wins.values().copied().collect();
    counts.sort_unstable_by(|a, b| b.cmp(a));
    let top: usize = counts.iter().take(counts.len() / 20).sum();
    assert!(
        top * 3 > counts.iter().sum::<usize>(),
        "top 5% win {top} of {}",
        counts.iter().sum::<usize>()
    );
    assert!(PROCEDURE_TYPES.len() > 20);
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let (a, b, c) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    corpus(300, 42, a.path());
    corpus(300, 42, b.path());
    corpus(300, 43, c.path());
    assert_eq!(files(a.path()), files(b.path()));
    assert_ne!(files(a.path()), files(c.path()));
}

#[test]
fn refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x"), "keep me").unwrap();
    let opts = CorpusOptions {
        acts: 10,
        seed: 1,
        out: dir.path().into(),
    };
    assert!(generate(&opts).is_err());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("x")).unwrap(),
        "keep me"
    );
}
