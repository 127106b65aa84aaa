//! The compliance warnings (W150–W154) stay quiet where the law is met: the
//! same procedures as the broken cases, complete, or started before 2024.

use super::corpus::{install, new_site};
use crate::support::built::build_site;
use crate::support::html::{Page, text};
use crate::support::repo;
use std::path::Path;

fn broken(case: &str) -> std::path::PathBuf {
    repo().join("tests/fixtures/broken").join(case)
}

/// The W15x codes `vetro check` reports for the site.
fn compliance_codes(root: &Path) -> Vec<&'static str> {
    let (site, diagnostics) = vetro::build::load_and_check(root);
    assert!(site.is_some());
    let mut codes: Vec<_> = diagnostics
        .iter()
        .map(|d| d.code)
        .filter(|c| c.starts_with("W15"))
        .collect();
    codes.sort();
    codes
}

const NOMINA: &str = r#"+++
ente = "comune-di-esempio"
tipo = "determinazione"
numero = "250"
data = 2025-05-12
oggetto = "Servizio di assistenza domiciliare – nomina della commissione giudicatrice"
documento = "commissione-giudicatrice"
cig = "B9538AC2B9"

[[allegati]]
titolo = "Curricula dei commissari"
url = "https://www.comune.esempio.it/gare/cv-commissione-120.pdf"
documento = "cv-commissione"
+++
Nomina la commissione.
"#;

/// Rewrites the year of every act of the site.
fn move_to(root: &Path, from: &str, to: &str) {
    for entry in std::fs::read_dir(root.join("content/atti")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace(from, to)).unwrap();
    }
}

#[test]
fn an_open_procedure_with_its_commission_published_gets_no_warning() {
    let (_dir, root) = new_site();
    install(&broken("commissione-mancante"), &root);
    assert_eq!(compliance_codes(&root), ["W152", "W153"]);
    std::fs::write(root.join("content/atti/c-nomina.md"), NOMINA).unwrap();
    assert_eq!(compliance_codes(&root), Vec::<&str>::new());
}

#[test]
fn a_procedure_started_in_2023_gets_none_of_the_warnings() {
    for case in [
        "commissione-mancante",
        "manca-delibera-a-contrarre.md",
        "manca-bando.md",
        "manca-rapporto-personale.md",
    ] {
        let (_dir, root) = new_site();
        install(&broken(case), &root);
        assert!(!compliance_codes(&root).is_empty(), "{case} is a 2025 case");
        move_to(&root, "data = 2025-", "data = 2023-");
        assert_eq!(compliance_codes(&root), Vec::<&str>::new(), "{case}");
    }
}

#[test]
fn the_start_is_the_first_act_not_the_latest() {
    let (_dir, root) = new_site();
    install(&broken("commissione-mancante"), &root);
    // The notice of December 2023 starts the procedure; the award is of 2025.
    let first = root.join("content/atti/a-determina-a-contrarre.md");
    let text = std::fs::read_to_string(&first).unwrap();
    std::fs::write(
        &first,
        text.replace("data = 2025-02-03", "data = 2023-12-20"),
    )
    .unwrap();
    assert_eq!(compliance_codes(&root), Vec::<&str>::new());
}

#[test]
fn the_published_report_silences_the_pnrr_warning() {
    let (_dir, root) = new_site();
    install(&broken("manca-rapporto-personale.md"), &root);
    assert_eq!(compliance_codes(&root), ["W154"]);
    let act = root.join("content/atti/manca-rapporto-personale.md");
    let text = std::fs::read_to_string(&act).unwrap().replacen(
        "+++\nIl rapporto",
        "[[allegati]]\ntitolo = \"Rapporto biennale sul personale\"\nurl = \"https://www.comune.esempio.it/pnrr/rapporto.pdf\"\ndocumento = \"rapporto-personale\"\n+++\nIl rapporto",
        1,
    );
    std::fs::write(&act, text).unwrap();
    assert_eq!(compliance_codes(&root), Vec::<&str>::new());
}

#[test]
fn the_procedure_page_lists_the_documents_by_phase() {
    let (dir, root) = new_site();
    install(&broken("commissione-mancante"), &root);
    std::fs::write(root.join("content/atti/c-nomina.md"), NOMINA).unwrap();
    let out = dir.path().join("out");
    build_site(&root, &out);
    let page = Page::read(&out.join("cig/B9538AC2B9/index.html"));
    let section = page.one("section[aria-labelledby='documenti-per-fase']");
    let phases: Vec<String> = section
        .select(&scraper::Selector::parse("h3").unwrap())
        .map(text)
        .collect();
    assert_eq!(phases, ["Fase di pubblicazione", "Fase di affidamento"]);
    let rows: Vec<(String, String)> = section
        .select(&scraper::Selector::parse("tbody tr").unwrap())
        .map(|row| {
            let head = row
                .select(&scraper::Selector::parse("th").unwrap())
                .map(text)
                .collect();
            let link = row
                .select(&scraper::Selector::parse("a").unwrap())
                .filter_map(|a| a.value().attr("href"))
                .collect();
            (head, link)
        })
        .collect();
    assert_eq!(rows.len(), 4, "{rows:?}");
    assert_eq!(
        rows[0].0,
        "Delibera o determina a contrarre (o atto equivalente)"
    );
    assert!(rows[0].1.starts_with("/atti/"), "{rows:?}");
    assert_eq!(rows[1].0, "Bando, avviso di gara o lettera di invito");
    assert_eq!(
        rows[1].1,
        "https://www.comune.esempio.it/gare/bando-120.pdf"
    );
    assert_eq!(rows[2].0, "Composizione della commissione giudicatrice");
    assert_eq!(
        rows[3].1,
        "https://www.comune.esempio.it/gare/cv-commissione-120.pdf"
    );
}

/// Art. 17, c. 2: the determina that awards directly is the decision to
/// contract; a contract alone, or a programme naming the CIG, is not.
#[test]
fn a_direct_award_by_determina_is_its_own_decision_to_contract() {
    let (_dir, root) = new_site();
    install(&broken("manca-delibera-a-contrarre.md"), &root);
    assert_eq!(compliance_codes(&root), ["W150"]);
    let act = root.join("content/atti/manca-delibera-a-contrarre.md");
    let text = std::fs::read_to_string(&act).unwrap();
    let determina = text.replace("tipo = \"contratto\"", "tipo = \"determinazione\"");
    std::fs::write(&act, &determina).unwrap();
    assert_eq!(compliance_codes(&root), Vec::<&str>::new());
    // Without its awardee the determina decides, but does not award.
    let cut = determina.find("\n[[aggiudicatari]]").unwrap();
    let end = determina.find("+++\nIl contratto").unwrap();
    let no_winner = format!("{}\n{}", &determina[..cut], &determina[end..]);
    std::fs::write(&act, no_winner).unwrap();
    assert_eq!(compliance_codes(&root), ["W150"]);
}
