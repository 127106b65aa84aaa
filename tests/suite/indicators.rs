//! The integrity indicators end to end: for every indicator a small site
//! that trips it and a near miss that does not, built with the library and
//! read back from `dati/indicatori.csv` and the CIG page; and the flags of
//! the example site's three Omniconnect awards, as a snapshot.

use crate::support::built::{build_site, built_example};
use crate::support::dumps::{csv_rows, dec};
use crate::support::html::Page;
use crate::support::snapshot_settings;
use std::collections::BTreeMap;
use std::path::PathBuf;

const ENTE: &str = "comune-di-prova";
/// Services (CPV division 72): the direct-award threshold is 140,000 € in
/// 2024 (art. 50, c. 1, lett. b, D.Lgs. 36/2023).
const CPV_722: &str = "72224000-1";
const CPV_729: &str = "72910000-2";

/// One act awarding one lot to one supplier.
struct Award {
    numero: u32,
    data: &'static str,
    cpv: &'static str,
    procedura: &'static str,
    netto: u32,
    /// The supplier, by number (`Ditta N S.r.l.` with a valid P.IVA).
    fornitore: u32,
    /// More keys of the act (`offerte_ricevute = 1`).
    extra: String,
    testo: &'static str,
}

fn award(numero: u32, data: &'static str, netto: u32, fornitore: u32) -> Award {
    Award {
        numero,
        data,
        cpv: CPV_722,
        procedura: "affidamento-diretto",
        netto,
        fornitore,
        extra: String::new(),
        testo: "Si affida il servizio.",
    }
}

/// A CIG of the unchecked series, derived from the act's number.
fn cig(numero: u32) -> String {
    let mixed = (u64::from(numero) * 2_654_435_761 + 977) % 0xF_FFFF_FFFF;
    format!("B{mixed:09X}")
}

/// An Italian P.IVA with its check digit.
fn piva(n: u32) -> String {
    let digits: Vec<u32> = format!("0{:09}", 158_684_050 + n * 7)
        .chars()
        .filter_map(|c| c.to_digit(10))
        .collect();
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, &d)| match i % 2 {
            0 => d,
            _ if d * 2 > 9 => d * 2 - 9,
            _ => d * 2,
        })
        .sum();
    let check = (10 - sum % 10) % 10;
    format!(
        "{}{check}",
        digits.iter().map(u32::to_string).collect::<String>()
    )
}

fn act_file(a: &Award) -> String {
    format!(
        "+++\nente = \"{ENTE}\"\ntipo = \"determinazione\"\nnumero = \"{n}\"\ndata = {data}\noggetto = \"Servizio informatico n. {n}\"\ncig = \"{cig}\"\ncpv = [\"{cpv}\"]\nprocedura = \"{proc}\"\nimporto_netto = \"{netto}.00\"\n{extra}\n[[aggiudicatari]]\ndenominazione = \"Ditta {f} S.r.l.\"\npartita_iva = \"{piva}\"\n+++\n{testo}\n",
        n = a.numero,
        data = a.data,
        cig = cig(a.numero),
        cpv = a.cpv,
        proc = a.procedura,
        netto = a.netto,
        extra = a.extra,
        f = a.fornitore,
        piva = piva(a.fornitore),
        testo = a.testo,
    )
}

/// A built site of the Comune di Prova with `awards`.
struct Built {
    _dir: tempfile::TempDir,
    site: PathBuf,
}

impl Built {
    fn new(awards: &[Award]) -> Built {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("src");
        for sub in ["content/enti", "content/atti"] {
            std::fs::create_dir_all(root.join(sub)).expect("mkdir");
        }
        let write = |path: &str, text: &str| std::fs::write(root.join(path), text).expect(path);
        write(
            "vetro.toml",
            "titolo = \"Prova\"\nurl_base = \"https://example.org\"\nocds_prefisso = \"ocds-prova0\"\ndata_riferimento = 2026-11-22\n",
        );
        write(
            &format!("content/enti/{ENTE}.toml"),
            "denominazione = \"Comune di Prova\"\ncodice_fiscale = \"00246180590\"\ntipo = \"Comune\"\n",
        );
        for a in awards {
            write(
                &format!("content/atti/determinazione-{}.md", a.numero),
                &act_file(a),
            );
        }
        let site = dir.path().join("site");
        build_site(&root, &site);
        Built { _dir: dir, site }
    }

    /// The rows of `dati/indicatori.csv` with `codice`.
    fn flags(&self, codice: &str) -> Vec<BTreeMap<String, String>> {
        csv_rows(&self.site, "indicatori.csv")
            .into_iter()
            .filter(|r| r["codice"] == codice)
            .collect()
    }

    /// The one flag with `codice` about the procedure of act `numero`.
    fn flag_of(&self, codice: &str, numero: u32) -> BTreeMap<String, String> {
        let cig = cig(numero);
        let mut rows: Vec<_> = self
            .flags(codice)
            .into_iter()
            .filter(|r| r["cig"] == cig)
            .collect();
        assert_eq!(rows.len(), 1, "{codice} on {cig}: {rows:?}");
        rows.remove(0)
    }

    fn page(&self, numero: u32) -> Page {
        Page::read(&self.site.join("cig").join(cig(numero)).join("index.html"))
    }

    /// The codes and outcomes of the CIG page's "Indicatori" section.
    fn page_flags(&self, numero: u32) -> Vec<(String, String)> {
        let page = self.page(numero);
        let codes = page.attributes(".vetro-indicators tr[data-indicatore]", "data-indicatore");
        let outcomes = page.texts(".vetro-indicators tr[data-indicatore] .tag");
        codes.into_iter().zip(outcomes).collect()
    }
}

// IND-01: single offer.

fn open(numero: u32, offerte: u32) -> Award {
    Award {
        procedura: "procedura-aperta",
        extra: format!("offerte_ricevute = {offerte}\n"),
        ..award(numero, "2024-03-01", 200_000, numero)
    }
}

#[test]
fn single_offer_in_an_open_procedure_is_flagged() {
    let b = Built::new(&[open(1, 1)]);
    let f = b.flag_of("IND-01", 1);
    assert_eq!(f["esito"], "da-verificare");
    assert_eq!(
        f["equivalente"],
        "R018 (Cardinal); INTEGRITY_SINGLE_BID (DIGIWHIST)"
    );
    assert_eq!(f["n"], "1");
    assert!(f["url"].ends_with(&format!("/cig/{}/", cig(1))), "{f:?}");
    assert_eq!(
        b.page_flags(1),
        vec![("IND-01".to_string(), "da verificare".to_string())]
    );
    let page = b.page(1);
    let text = page.texts(".vetro-indicators").join(" ");
    assert!(!text.contains("irregolar"), "{text}");
    let method = page.attributes(".vetro-indicators a", "href");
    assert!(
        method.iter().any(|h| h == "/dati/indicatori/"),
        "{method:?}"
    );
}

/// OCDS carries what a reuser needs to compute IND-01 the same way.
#[test]
fn ocds_states_the_offers_received() {
    let b = Built::new(&[open(1, 1)]);
    let text = crate::support::read(&b.site.join("dati/ocds/release-package.json"));
    let package: serde_json::Value = serde_json::from_str(&text).expect("OCDS JSON");
    let extensions = package["extensions"].to_string();
    assert!(extensions.contains("ocds_bid_extension"), "{extensions}");
    let releases = package["releases"].as_array().expect("releases");
    let release = releases
        .iter()
        .find(|r| r["tender"]["id"] == cig(1).as_str())
        .expect("the release of the open procedure");
    assert_eq!(release["tender"]["numberOfTenderers"], 1);
    assert_eq!(release["tender"]["procurementMethod"], "open");
    let statistic = &release["bids"]["statistics"][0];
    assert_eq!(statistic["measure"], "bids");
    assert_eq!(statistic["value"], 1);
}

#[test]
fn two_offers_are_not_a_single_offer() {
    let b = Built::new(&[open(1, 2)]);
    assert!(b.flags("IND-01").is_empty());
    assert!(b.page_flags(1).is_empty());
    let none = b.page(1).texts(".vetro-indicators p").join(" ");
    assert!(none.contains("Nessun indicatore oltre la soglia"), "{none}");
}

// IND-02: non-competitive share of a body.

/// Ten procedures of the body of 30,000 € each, to ten suppliers: `direct`
/// direct awards, the rest open procedures.
fn mix(direct: u32) -> Vec<Award> {
    (1..=10)
        .map(|n| match n <= direct {
            true => award(n, "2024-03-01", 30_000, n),
            false => Award {
                procedura: "procedura-aperta",
                extra: "offerte_ricevute = 3\n".into(),
                ..award(n, "2024-03-01", 30_000, n)
            },
        })
        .collect()
}

#[test]
fn mostly_direct_awards_by_value_are_flagged_for_the_body() {
    let b = Built::new(&mix(6));
    let rows: Vec<_> = b
        .flags("IND-02")
        .into_iter()
        .filter(|r| r["chiave"] == ENTE)
        .collect();
    assert_eq!(rows.len(), 1, "{rows:?}");
    let r = &rows[0];
    // 180,000 of 300,000 €.
    assert_eq!(dec(&r["valore"]), dec("0.6"));
    assert_eq!(dec(&r["soglia"]), dec("0.5"));
    assert_eq!(r["n"], "10");
    assert_eq!(r["procedure"].split("; ").count(), 6);
    let body = Page::read(&b.site.join("enti").join(ENTE).join("index.html"));
    let codes = body.attributes(".vetro-indicators tr[data-indicatore]", "data-indicatore");
    assert!(codes.iter().any(|c| c == "IND-02"), "{codes:?}");
}

#[test]
fn a_minority_of_direct_awards_is_not_flagged() {
    let b = Built::new(&mix(4));
    let rows: Vec<_> = b
        .flags("IND-02")
        .into_iter()
        .filter(|r| r["chiave"] == ENTE)
        .collect();
    assert!(rows.is_empty(), "{rows:?}");
}

// IND-03: rotation.

fn second_award(testo: &'static str, netto: u32, cpv: &'static str) -> Vec<Award> {
    vec![
        award(1, "2024-03-01", 20_000, 1),
        Award {
            testo,
            cpv,
            ..award(2, "2024-09-02", netto, 1)
        },
    ]
}

#[test]
fn a_second_award_to_the_outgoing_supplier_is_to_be_checked() {
    let b = Built::new(&second_award("Si affida il servizio.", 20_000, CPV_722));
    let f = b.flag_of("IND-03", 2);
    assert_eq!(f["esito"], "da-verificare");
    assert_eq!(f["id_fornitore"], piva(1));
    assert_eq!(f["procedure"], format!("{}; {}", cig(1), cig(2)));
    assert!(f["nota"].contains("non cita una deroga"), "{f:?}");
    assert_eq!(
        b.page_flags(2),
        vec![("IND-03".to_string(), "da verificare".to_string())]
    );
}

#[test]
fn a_second_award_citing_comma_4_reads_motivated() {
    let testo = "Il riaffidamento al contraente uscente è motivato ai sensi dell'art. 49, comma 4, D.Lgs. 36/2023 dal grado di soddisfazione maturato.";
    let b = Built::new(&second_award(testo, 20_000, CPV_722));
    let f = b.flag_of("IND-03", 2);
    assert_eq!(f["esito"], "motivata");
    assert_eq!(
        b.page_flags(2),
        vec![("IND-03".to_string(), "motivata".to_string())]
    );
}

#[test]
fn rotation_spares_awards_under_5000_euro_and_other_cpv_groups() {
    let small = Built::new(&second_award("Si affida il servizio.", 4_000, CPV_722));
    assert!(small.flags("IND-03").is_empty());
    let other = Built::new(&second_award("Si affida il servizio.", 20_000, CPV_729));
    assert!(other.flags("IND-03").is_empty());
}

// IND-04: splitting.

fn three_awards(amounts: [u32; 3]) -> Vec<Award> {
    let dates = ["2024-02-01", "2024-06-03", "2024-11-04"];
    (0..3)
        .map(|i| award(i as u32 + 1, dates[i], amounts[i], 1))
        .collect()
}

#[test]
fn direct_awards_together_over_the_threshold_are_a_split_award() {
    let b = Built::new(&three_awards([60_000, 50_000, 40_000]));
    let f = b.flag_of("IND-04", 3);
    assert_eq!(dec(&f["valore"]), dec("150000.00"));
    assert_eq!(dec(&f["soglia"]), dec("140000"));
    assert_eq!(f["n"], "3");
    assert_eq!(
        f["procedure"],
        format!("{}; {}; {}", cig(1), cig(2), cig(3))
    );
    for n in 1..=3 {
        assert!(
            b.page_flags(n).iter().any(|(c, _)| c == "IND-04"),
            "CIG page {n}"
        );
    }
}

#[test]
fn direct_awards_together_under_the_threshold_are_not_split() {
    let b = Built::new(&three_awards([50_000, 40_000, 40_000]));
    assert!(b.flags("IND-04").is_empty());
}

// IND-05: bunching below the threshold.

/// Direct awards of the body in the three bands under 140,000 €: `top`
/// in 130–140 k€, then `middle` and `low`.
fn bands(top: u32, middle: u32, low: u32) -> Vec<Award> {
    let amounts = std::iter::repeat_n(135_000, top as usize)
        .chain(std::iter::repeat_n(125_000, middle as usize))
        .chain(std::iter::repeat_n(115_000, low as usize));
    amounts
        .enumerate()
        .map(|(i, a)| award(i as u32 + 1, "2024-05-06", a, i as u32 + 1))
        .collect()
}

#[test]
fn awards_bunched_just_under_the_threshold_are_flagged() {
    let b = Built::new(&bands(12, 2, 1));
    let rows = b.flags("IND-05");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(dec(&rows[0]["valore"]), dec("0.8"));
    assert_eq!(rows[0]["n"], "15");
    assert_eq!(rows[0]["procedure"].split("; ").count(), 12);
}

#[test]
fn awards_spread_evenly_are_not_bunched() {
    let b = Built::new(&bands(5, 5, 5));
    assert!(b.flags("IND-05").is_empty());
}

// IND-06 and IND-07: concentration.

#[test]
fn one_supplier_with_most_of_a_division_is_flagged() {
    let mut awards: Vec<Award> = (1..=4)
        .map(|n| Award {
            cpv: if n % 2 == 0 { CPV_722 } else { CPV_729 },
            ..award(n, "2024-03-01", 50_000, 1)
        })
        .collect();
    awards.push(award(5, "2024-03-01", 10_000, 2));
    let b = Built::new(&awards);
    let top = b.flags("IND-06");
    assert_eq!(top.len(), 1, "{top:?}");
    assert_eq!(top[0]["chiave"], format!("{ENTE}/72"));
    assert_eq!(dec(&top[0]["valore"]), dec("0.9524"));
    assert_eq!(top[0]["id_fornitore"], piva(1));
    let hhi = b.flags("IND-07");
    assert_eq!(hhi.len(), 1, "{hhi:?}");
    assert_eq!(hhi[0]["n"], "5");
}

#[test]
fn five_equal_suppliers_are_not_concentrated() {
    let awards: Vec<Award> = (1..=5).map(|n| award(n, "2024-03-01", 20_000, n)).collect();
    let b = Built::new(&awards);
    assert!(b.flags("IND-06").is_empty());
    assert!(b.flags("IND-07").is_empty());
}

// IND-08: paid more than awarded.

fn paid(totale: u32, pagato: u32) -> Vec<Award> {
    vec![Award {
        extra: format!(
            "importo_totale = \"{totale}.00\"\n\n[[liquidazioni]]\ndata = 2024-12-02\nimporto = \"{pagato}.00\"\n"
        ),
        ..award(1, "2024-03-01", 10_000, 1)
    }]
}

#[test]
fn paid_over_the_award_is_flagged() {
    let b = Built::new(&paid(12_200, 15_000));
    let f = b.flag_of("IND-08", 1);
    assert_eq!(dec(&f["valore"]), dec("1.2295"));
    assert_eq!(f["unita"], "rapporto");
}

#[test]
fn paid_within_the_award_is_not_flagged() {
    let b = Built::new(&paid(12_200, 12_000));
    assert!(b.flags("IND-08").is_empty());
}

// IND-09: awarded far above the base.

fn over_base(netto: u32) -> Vec<Award> {
    vec![Award {
        extra: "importo_base = \"100000.00\"\n".into(),
        ..award(1, "2024-03-01", netto, 1)
    }]
}

#[test]
fn an_award_far_above_the_base_is_flagged() {
    let b = Built::new(&over_base(130_000));
    let f = b.flag_of("IND-09", 1);
    assert_eq!(dec(&f["valore"]), dec("1.3"));
    assert_eq!(dec(&f["soglia"]), dec("1.2"));
}

#[test]
fn an_award_a_little_above_the_base_is_not_flagged() {
    let b = Built::new(&over_base(115_000));
    assert!(b.flags("IND-09").is_empty());
}

// The open data and the methodology page.

#[test]
fn every_output_lists_the_indicators() {
    let b = Built::new(&[open(1, 1)]);
    for file in [
        "dati/indicatori.csv",
        "dati/indicatori.json",
        "dati/indicatori/index.html",
        "dati/anni/2024/indicatori.csv",
        "dati/enti/comune-di-prova/indicatori.csv",
    ] {
        assert!(b.site.join(file).exists(), "{file}");
    }
    let sums = crate::support::read(&b.site.join("dati/SHA256SUMS"));
    assert!(sums.contains("  indicatori.csv\n"), "{sums}");
    assert!(sums.contains("  indicatori.json\n"), "{sums}");
    let method = Page::read(&b.site.join("dati/indicatori/index.html"));
    let headings = method.texts("h2");
    for d in vetro::indicators::DEFINITIONS {
        assert!(
            headings.iter().any(|h| h.starts_with(d.codice)),
            "{} in {headings:?}",
            d.codice
        );
    }
    let counts = method.texts("tr[data-indicatore=\"IND-01\"] td");
    assert_eq!(counts.first().map(String::as_str), Some("1"), "{counts:?}");
    let dati = Page::read(&b.site.join("dati/index.html"));
    let links = dati.attributes("a", "href");
    assert!(links.iter().any(|h| h == "/dati/indicatori/"), "{links:?}");
}

/// The example site's three awards to Omniconnect S.r.l. (Comune di
/// Livorno): two cite art. 49, c. 4, and read "motivata".
#[test]
fn the_omniconnect_awards_as_a_reader_sees_them() {
    let (_tmp, site) = built_example();
    let rows: Vec<String> = csv_rows(&site, "indicatori.csv")
        .into_iter()
        .filter(|r| r["id_fornitore"] == "01586840504")
        .map(|r| {
            format!(
                "{} {} {} esito={} valore={} soglia={} n={}\n  {}\n  procedure: {}",
                r["codice"],
                r["cig"],
                r["chiave"],
                r["esito"],
                r["valore"],
                r["soglia"],
                r["n"],
                r["nota"],
                r["procedure"]
            )
        })
        .collect();
    let mut pages = Vec::new();
    for cig in ["B85C478F9C", "BA0649FD87", "B9538AC2B9"] {
        let page = Page::read(&site.join("cig").join(cig).join("index.html"));
        let rows = ".vetro-indicators tr[data-indicatore]";
        let codes = page.attributes(rows, "data-indicatore");
        let about = page.texts(&format!("{rows} .vetro-subject a"));
        let outcomes = page.texts(&format!("{rows} .tag"));
        let flags: Vec<String> = (0..codes.len())
            .map(|i| format!("{} su {} {}", codes[i], about[i], outcomes[i]))
            .collect();
        pages.push(format!("{cig}: {}", flags.join(" | ")));
    }
    let text = format!("{}\n\n{}\n", rows.join("\n"), pages.join("\n"));
    snapshot_settings().bind(|| insta::assert_snapshot!(text));
}
