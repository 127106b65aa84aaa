//! ANAC's OCDS releases: the real samples (JSON lines and a package),
//! filtered by body and not, built into a portal; a messy fixture.

use crate::support::import::{import_site, records};
use crate::support::*;
use rust_decimal::Decimal;
use std::str::FromStr;
use vetro::import::import_ocds;
use vetro::model::Regola;

const TRANI: &str = "83000350724";

#[test]
fn the_real_lines_filtered_by_body_and_not() {
    let file = test_data("anac-ocds/anac-ocds-releases-sample.jsonl");
    let site = import_site(None);
    let s = import_ocds(site.path(), std::slice::from_ref(&file), &[TRANI.into()]).unwrap();
    assert_eq!((s.read, s.imported, s.skipped, s.exit_code()), (2, 1, 1, 0));
    let all = records(site.path());
    let (path, header, lotto) = &all[0];
    assert!(
        path.ends_with("comune-di-trani/90940496A3.toml"),
        "{path:?}"
    );
    assert_eq!(lotto.cpv, ["72322000-8"]);
    assert_eq!(lotto.importo_base.unwrap().to_string(), "196721.31");
    assert_eq!(lotto.procedura.unwrap().id, "negoziata-sotto-soglia");
    assert_eq!(header.anno, Some(2022));
    assert_eq!(header.ufficio.as_deref(), Some("AREA URBANISTICA"));
    let all_bodies = import_site(None);
    let s = import_ocds(all_bodies.path(), &[file], &[]).unwrap();
    assert_eq!((s.read, s.imported, s.skipped), (2, 2, 0));
    let tiggiano = records(all_bodies.path());
    let (_, _, lotto) = &tiggiano[0];
    assert_eq!(lotto.importo_netto.unwrap().to_string(), "811537.41");
    assert_eq!(
        lotto.aggiudicatari[0].partita_iva.as_deref(),
        Some("03213200755")
    );
}

#[test]
fn the_real_package_becomes_a_portal_without_the_persons_code() {
    let file = test_data("anac-ocds/anac-ocds-package-sample-12.json");
    let site = import_site(Some("0123456789abcdef0123456789abcdef-ocds"));
    let s = import_ocds(site.path(), &[file], &[]).unwrap();
    assert!(s.rejected.is_empty(), "{:?}", s.rejected);
    // 12 releases; the port authority's has four lots.
    assert_eq!((s.read, s.imported), (15, 15));
    let awarded: Decimal = records(site.path())
        .iter()
        .filter_map(|(_, _, l)| l.importo_netto)
        .map(|m| m.0)
        .sum();
    let joint = records(site.path())
        .into_iter()
        .find(|(p, _, _)| p.ends_with("9030406EC3.toml"))
        .unwrap();
    assert_eq!(joint.2.aggiudicatari.len(), 3);
    assert!(
        s.warnings
            .iter()
            .any(|w| w.to_string().starts_with("W833 "))
    );
    let out = site.path().join("site");
    build_ok(site.path(), &out);
    assert_eq!(
        dumps::home_total(&out),
        awarded,
        "a joint venture's award counted once"
    );
    let page = read(&out.join("cig/9033544C53/index.html"));
    assert!(
        page.contains("EDILSTUDIO"),
        "the person's firm is on its CIG page"
    );
    for (path, bytes) in snapshot(&out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("RNAGPP54B15L328M"),
            "{path:?} publishes a person's CF"
        );
    }
    let lotti = read(&out.join("dati/lotti.csv"));
    assert!(lotti.contains("9030406EC3") && lotti.contains("8949845DB9"));
}

#[test]
fn a_messy_fixture_is_reported_never_dropped() {
    let file = test_data("anac-ocds/fixture-messy.jsonl");
    let site = import_site(None);
    let s = import_ocds(site.path(), &[file], &[]).unwrap();
    let notices: Vec<String> = s
        .warnings
        .iter()
        .chain(&s.rejected)
        .map(ToString::to_string)
        .collect();
    let all = notices.join("\n");
    assert!(
        all.contains("E830 ") && all.contains("riga 2: non è JSON"),
        "{all}"
    );
    assert!(all.contains("E831 ") && all.contains("riga 4"), "{all}");
    assert!(
        all.contains("W831 ") && all.contains("W833 ") && all.contains("W803 "),
        "{all}"
    );
    // 2 lots + 1 without CIG + 1 bad line + 1 lot without body.
    assert_eq!((s.read, s.imported, s.rejected.len()), (5, 3, 2));
    assert_eq!(s.exit_code(), 1);
    let recs = records(site.path());
    let by_cig = |cig: &str| {
        recs.iter()
            .find(|(_, _, l)| l.cig.as_deref() == Some(cig))
            .unwrap()
    };
    let (_, _, one) = by_cig("A000000001");
    assert_eq!(
        one.importo_base.unwrap().0,
        Decimal::from_str("100000.00").unwrap()
    );
    assert_eq!(one.importo_netto.unwrap().to_string(), "90000.50");
    assert_eq!(one.offerte_ricevute, Some(3));
    assert_eq!(one.aggiudicatari.len(), 2);
    let (_, header, two) = by_cig("B000000002");
    assert_eq!(two.importo_base, None, "-1 is no amount");
    assert_eq!(
        two.importo_netto.unwrap().to_string(),
        "40000.00",
        "the cancelled award is not used"
    );
    assert_eq!(
        two.aggiudicatari[0].codice_fiscale.as_deref(),
        Some("RSSMRA80A01H501U")
    );
    assert!(
        header.segnalazioni.iter().any(
            |f| f.regola == Regola::CampoScartato && f.campo.as_deref() == Some("importo_base")
        )
    );
    let no_cig = recs.iter().find(|(_, _, l)| l.cig.is_none()).unwrap();
    assert!(
        no_cig
            .2
            .codice
            .as_deref()
            .unwrap()
            .starts_with("SENZA-CIG-")
    );
    assert_eq!(no_cig.2.importo_base, None, "0 is no amount");
    let before = snapshot(site.path());
    import_ocds(
        site.path(),
        &[test_data("anac-ocds/fixture-messy.jsonl")],
        &[],
    )
    .unwrap();
    assert_eq!(
        snapshot(site.path()),
        before,
        "a second import changes nothing"
    );
}
