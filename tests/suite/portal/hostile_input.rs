//! Hostile and unlucky input, end to end: the attachment a page fingerprints
//! is the one published, links run no script, huge or deeply nested texts
//! and XML are refused quickly, imported text never panics.

use crate::support::html::Page;
use crate::support::{build, build_ok, example_site, read, vetro};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::time::{Duration, Instant};

const ACT: &str = "content/atti/comune-di-livorno/determinazione-10107-2025.md";

/// Appends TOML to the front matter of the example act `ACT`.
fn add_to_header(root: &Path, toml: &str) {
    let path = root.join(ACT);
    let text = read(&path);
    let end = text[3..].find("+++\n").expect("closing +++") + 3;
    let patched = format!("{}\n{toml}\n{}", &text[..end], &text[end..]);
    std::fs::write(path, patched).unwrap();
}

fn replace_body(root: &Path, body: &str) {
    let path = root.join(ACT);
    let text = read(&path);
    let end = text[3..].find("+++\n").expect("closing +++") + 3 + 4;
    std::fs::write(path, format!("{}{body}", &text[..end])).unwrap();
}

fn check(root: &Path) -> std::process::Output {
    vetro(&["check", "--root", root.to_str().unwrap()])
}

/// What vetro printed: reports go to standard output, failures to standard error.
fn printed(run: &std::process::Output) -> String {
    String::from_utf8_lossy(&run.stdout).into_owned() + &String::from_utf8_lossy(&run.stderr)
}

#[test]
fn the_published_attachment_is_the_one_whose_fingerprint_the_page_shows() {
    let site = example_site();
    let root = site.path();
    let signed = b"%PDF-1.7 determinazione firmata";
    std::fs::write(
        root.join("content/atti/comune-di-livorno/det-10107.pdf"),
        signed,
    )
    .unwrap();
    // The file `build` used to copy: content/<file>, not the one beside the act.
    std::fs::write(
        root.join("content/det-10107.pdf"),
        b"%PDF-1.7 un altro file",
    )
    .unwrap();
    let sha = hex::encode(Sha256::digest(signed));
    add_to_header(
        root,
        &format!(
            "[[allegati]]\ntitolo = \"Determinazione firmata\"\nfile = \"det-10107.pdf\"\nsha256 = \"{sha}\""
        ),
    );
    let out = tempfile::tempdir().unwrap();
    build_ok(root, out.path());
    let published = out
        .path()
        .join("allegati/atti/comune-di-livorno/det-10107.pdf");
    assert_eq!(std::fs::read(&published).unwrap(), signed);
    assert!(!out.path().join("allegati/det-10107.pdf").exists());
    let page = Page::read(
        &out.path()
            .join("atti/comune-di-livorno/2025/determinazione-10107/index.html"),
    );
    assert_eq!(
        page.attributes("main a[href^='/allegati/']", "href"),
        ["/allegati/atti/comune-di-livorno/det-10107.pdf"]
    );
    let main = page.texts("main").join(" ");
    assert!(main.contains(&sha), "{main}");
}

#[test]
fn a_script_link_in_a_body_s_site_stops_check_and_build() {
    let site = example_site();
    let root = site.path();
    let ente = root.join("content/enti/comune-di-livorno.toml");
    let text = read(&ente) + "sito = \"  JaVaScRiPt:alert(document.cookie)\"\n";
    std::fs::write(&ente, text).unwrap();
    let run = check(root);
    assert_eq!(run.status.code(), Some(1));
    let report = printed(&run);
    assert!(report.contains("error[E505]"), "{report}");
    assert!(
        report.contains("content/enti/comune-di-livorno.toml:5:"),
        "{report}"
    );
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("index.html"), "sito precedente").unwrap();
    // The marker of a previous vetro output: a foreign folder is refused.
    std::fs::write(out.path().join(".vetro-manifest"), "").unwrap();
    let run = build(root, out.path());
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(read(&out.path().join("index.html")), "sito precedente");
}

#[test]
fn deep_and_huge_texts_are_refused_quickly() {
    let cases = [
        ("40,000 nested quotes", "> ".repeat(40_000) + "x\n", "E014"),
        ("40,000 nested divs", "<div>\n".repeat(40_000), "E014"),
        (
            "40,000 nested list items",
            "- ".repeat(40_000) + "x\n",
            "E014",
        ),
        (
            "4 million nested quotes",
            "> ".repeat(4_000_000) + "x\n",
            "E013",
        ),
        (
            "9 MB of links",
            "[a](https://e.it/) ".repeat(480_000),
            "E013",
        ),
    ];
    for (what, body, code) in cases {
        let site = example_site();
        replace_body(site.path(), &body);
        let started = Instant::now();
        let run = check(site.path());
        let took = started.elapsed();
        assert_eq!(run.status.code(), Some(1), "{what}");
        assert!(printed(&run).contains(&format!("error[{code}]")), "{what}");
        assert!(took < Duration::from_secs(5), "{what}: {took:?}");
    }
}

#[test]
fn a_text_at_the_limits_builds() {
    let site = example_site();
    let depth = vetro::check::MAX_NESTING / 2 - 1;
    let quotes = "> ".repeat(depth) + "citazione\n\n";
    let body = quotes.repeat(vetro::check::MAX_BODY_BYTES / quotes.len() - 1);
    replace_body(site.path(), &body);
    let out = tempfile::tempdir().unwrap();
    let started = Instant::now();
    build_ok(site.path(), out.path());
    assert!(started.elapsed() < Duration::from_secs(20));
}

/// A one-lot L.190 dataset of the Comune di Livorno with `lot` inside `<lotto>`.
fn l190(lot: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<legge190:pubblicazione xmlns:legge190=\"legge190_1_0\">\n<metadata>\
<titolo>t</titolo><abstract>a</abstract><dataPubblicazioneDataset>2020-01-31</dataPubblicazioneDataset>\
<entePubblicatore>Comune di Livorno</entePubblicatore><dataUltimoAggiornamentoDataset>2020-01-31</dataUltimoAggiornamentoDataset>\
<annoRiferimento>2019</annoRiferimento><urlFile>http://example.org/2019.xml</urlFile><licenza>IODL</licenza></metadata>\n\
<data>\n<lotto><cig>B9538AC2B9</cig><strutturaProponente><codiceFiscaleProp>00104330493</codiceFiscaleProp>\
<denominazione>Comune di Livorno</denominazione></strutturaProponente><oggetto>Fornitura</oggetto>\
<sceltaContraente>23-AFFIDAMENTO DIRETTO</sceltaContraente><partecipanti/><aggiudicatari/>\
<importoAggiudicazione>100.00</importoAggiudicazione>{lot}<importoSommeLiquidate>0</importoSommeLiquidate></lotto>\n\
</data>\n</legge190:pubblicazione>\n"
    )
}

fn import(root: &Path, xml: &str) -> std::process::Output {
    let file = root.join("dataset.xml");
    std::fs::write(&file, xml).unwrap();
    vetro(&[
        "import",
        "l190",
        file.to_str().unwrap(),
        "--root",
        root.to_str().unwrap(),
    ])
}

#[test]
fn seven_megabytes_of_nested_xml_are_refused_not_a_stack_overflow() {
    let site = example_site();
    let depth = 1_000_000;
    let xml = "<a>".repeat(depth) + &"</a>".repeat(depth);
    assert!(xml.len() >= 7_000_000);
    let started = Instant::now();
    let run = import(site.path(), &xml);
    // A stack overflow ends the process by a signal, without an exit code.
    assert_eq!(run.status.code(), Some(1), "{}", printed(&run));
    assert!(
        printed(&run).contains("annidato oltre 64 livelli"),
        "{}",
        printed(&run)
    );
    assert!(!site.path().join("content/procedure").exists());
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn a_date_with_a_multi_byte_character_is_reported_not_a_panic() {
    let site = example_site();
    let lot = "<tempiCompletamento><dataInizio>2016€-1234</dataInizio></tempiCompletamento>";
    let run = import(site.path(), &l190(lot));
    let report = printed(&run);
    assert!(!report.contains("panicked"), "{report}");
    assert!(matches!(run.status.code(), Some(0 | 1)), "{report}");
    assert!(report.contains("2016€-1234"), "{report}");
}

#[test]
fn the_portal_address_is_a_web_address() {
    for (base, ok) in [
        ("https://trasparenza.comune.it/", true),
        ("javascript:alert(1)//", false),
        ("data:text/html,x", false),
        ("/trasparenza", false),
    ] {
        let site = example_site();
        let config = site.path().join("vetro.toml");
        let text = read(&config).replace("url_base", "# url_base");
        std::fs::write(&config, format!("url_base = {base:?}\n{text}")).unwrap();
        let run = check(site.path());
        assert_eq!(run.status.success(), ok, "{base}: {}", printed(&run));
        if !ok {
            assert!(printed(&run).contains("E010"), "{base}");
            assert!(
                printed(&run).contains("vetro.toml:1:"),
                "{base}: {}",
                printed(&run)
            );
        }
    }
}

#[test]
fn an_attachment_changed_after_check_is_not_published() {
    let site = example_site();
    let root = site.path();
    let file = root.join("content/atti/comune-di-livorno/det-10107.pdf");
    std::fs::write(&file, b"%PDF-1.7 firmato").unwrap();
    let sha = hex::encode(Sha256::digest(b"%PDF-1.7 firmato"));
    add_to_header(
        root,
        &format!(
            "[[allegati]]\ntitolo = \"Firmata\"\nfile = \"det-10107.pdf\"\nsha256 = \"{sha}\""
        ),
    );
    let (site_data, diagnostics) = vetro::build::load_and_check(root);
    assert!(diagnostics.iter().all(|d| d.code != "E603"));
    let site_data = site_data.unwrap();
    let theme = site_data.config.tema.clone();
    let catalog = vetro::catalog::Catalog::build(site_data);
    // Swapped between check and copy: the copy verifies the bytes it writes.
    std::fs::write(&file, b"%PDF-1.7 sostituito").unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let lock = vetro::write::OutputLock::acquire(&out_dir.path().join("sito")).unwrap();
    let out = vetro::write::Output::begin(&lock, true).unwrap();
    let error = vetro::render::copy_assets(&catalog, root, &theme, None, &out).unwrap_err();
    assert!(format!("{error:#}").contains("E603"), "{error:#}");
    out.abort();
}
