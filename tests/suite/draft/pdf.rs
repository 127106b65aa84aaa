//! The same seeds as real PDF files with a text layer, made here with lopdf:
//! the drafts read from the PDF hold the same values as those read from the
//! text.

use super::{SEEDS, acts_by_file, drafted_site, drafted_site_of, values};
use crate::support::test_data;
use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, Stream, StringFormat, dictionary};
use std::path::Path;

const LINES_PER_PAGE: usize = 60;

/// Characters that fit a line of 9-point Helvetica across A4's text width.
const LINE_WIDTH: usize = 100;

/// Breaks each paragraph at spaces into lines that fit the page, as a word
/// processor does: what a scan shows is what the page holds.
fn wrap(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split(' ') {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > LINE_WIDTH {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines
}

/// A character in the WinAnsi encoding of the standard Helvetica font.
fn win_ansi(c: char) -> u8 {
    match c {
        '€' => 0x80,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '–' => 0x96,
        '—' => 0x97,
        c if (c as u32) < 0x80 || (0xA0..=0xFF).contains(&(c as u32)) => c as u8,
        _ => b'?',
    }
}

/// One page: each line its own text object, top to bottom.
fn page_content(lines: &[String]) -> Vec<u8> {
    let mut operations = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let y = 800 - 13 * i64::try_from(i).expect("line index");
        let bytes: Vec<u8> = line.chars().map(win_ansi).collect();
        operations.extend([
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 9.into()]),
            Operation::new("Td", vec![30.into(), y.into()]),
            Operation::new("Tj", vec![Object::String(bytes, StringFormat::Literal)]),
            Operation::new("ET", vec![]),
        ]);
    }
    Content { operations }.encode().expect("content")
}

/// Writes `text` as an A4 PDF with a text layer, wrapped to the page,
/// `LINES_PER_PAGE` lines a page.
pub(super) fn write_pdf(text: &str, path: &Path) {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let resources = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font } });
    let lines = wrap(text);
    let kids: Vec<Object> = lines
        .chunks(LINES_PER_PAGE)
        .map(|chunk| {
            let content = doc.add_object(Stream::new(dictionary! {}, page_content(chunk)));
            doc.add_object(dictionary! {
                "Type" => "Page",
                "Parent" => pages_id,
                "Contents" => content,
            })
            .into()
        })
        .collect();
    let count = i64::try_from(kids.len()).expect("page count");
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
            "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    doc.save(path).expect("write the PDF");
}

#[test]
fn a_pdf_with_a_text_layer_drafts_as_its_text() {
    let pdfs = tempfile::tempdir().expect("temp dir");
    for (seed, _, _) in SEEDS {
        let text = std::fs::read_to_string(test_data(&format!("seeds/{seed}"))).expect("seed");
        write_pdf(&text, &pdfs.path().join(seed.replace(".txt", ".pdf")));
    }
    let from_pdf =
        acts_by_file(drafted_site(|seed| pdfs.path().join(seed.replace(".txt", ".pdf"))).path());
    let from_text = acts_by_file(drafted_site(|seed| test_data(&format!("seeds/{seed}"))).path());
    assert_eq!(from_pdf.len(), SEEDS.len());
    for (file, act) in &from_text {
        let pdf = from_pdf
            .get(file)
            .unwrap_or_else(|| panic!("no PDF draft {file}"));
        for ((key, text, _), (_, got, _)) in values(act).into_iter().zip(values(pdf)) {
            assert_eq!(got, text, "{file}: {key} from the PDF");
        }
    }
}

/// A4 at 150 dpi: the size a scanner's page image has.
const SCAN_WIDTH: i64 = 1240;
const SCAN_HEIGHT: i64 = 1754;

/// Renders each page of `pdf` to a colour JPEG, as a scanner would produce.
fn scan_pages(pdf: &Path, dir: &Path) -> Vec<Vec<u8>> {
    let prefix = dir.join("scan");
    let run = std::process::Command::new("pdftoppm")
        .args(["-jpeg", "-scale-to-x", &SCAN_WIDTH.to_string()])
        .args(["-scale-to-y", &SCAN_HEIGHT.to_string()])
        .arg(pdf)
        .arg(&prefix)
        .output()
        .expect("pdftoppm (poppler-utils, installed by scripts/test)");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut pages: Vec<_> = std::fs::read_dir(dir)
        .expect("scans")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "jpg"))
        .collect();
    pages.sort();
    pages
        .iter()
        .map(|p| std::fs::read(p).expect("jpeg"))
        .collect()
}

/// An image-only PDF: each JPEG a full page, no text layer.
fn write_scanned_pdf(jpegs: Vec<Vec<u8>>, path: &Path) {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut kids: Vec<Object> = Vec::new();
    for jpeg in jpegs {
        let image = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Image",
                "Width" => SCAN_WIDTH,
                "Height" => SCAN_HEIGHT,
                "ColorSpace" => "DeviceRGB",
                "BitsPerComponent" => 8,
                "Filter" => "DCTDecode",
            },
            jpeg,
        ));
        let draw = Content {
            operations: vec![
                Operation::new("q", vec![]),
                Operation::new(
                    "cm",
                    vec![
                        595.into(),
                        0.into(),
                        0.into(),
                        842.into(),
                        0.into(),
                        0.into(),
                    ],
                ),
                Operation::new("Do", vec!["Im1".into()]),
                Operation::new("Q", vec![]),
            ],
        };
        let content = doc.add_object(Stream::new(dictionary! {}, draw.encode().expect("content")));
        let resources = doc.add_object(dictionary! { "XObject" => dictionary! { "Im1" => image } });
        kids.push(
            doc.add_object(dictionary! {
                "Type" => "Page",
                "Parent" => pages_id,
                "Contents" => content,
                "Resources" => resources,
            })
            .into(),
        );
    }
    let count = i64::try_from(kids.len()).expect("page count");
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    doc.save(path).expect("write the PDF");
}

/// A scan (the seed's pages as images only) goes through Tesseract: the
/// draft says so, and no identifier or amount it writes is wrong.
#[test]
fn a_scanned_pdf_is_read_with_ocr_and_says_so() {
    // OCR takes seconds a page: the shortest seed (three pages) is enough to
    // show the path works and that what it reads is right.
    let seeds = &SEEDS[2..3];
    let work = tempfile::tempdir().expect("temp dir");
    for (seed, _, _) in seeds {
        let text = std::fs::read_to_string(test_data(&format!("seeds/{seed}"))).expect("seed");
        let typed = work.path().join("typed.pdf");
        write_pdf(&text, &typed);
        let pages = tempfile::tempdir().expect("temp dir");
        let jpegs = scan_pages(&typed, pages.path());
        write_scanned_pdf(jpegs, &work.path().join(seed.replace(".txt", ".pdf")));
    }
    let site = drafted_site_of(seeds, |seed| work.path().join(seed.replace(".txt", ".pdf")));
    let drafts = acts_by_file(site.path());
    let keys = super::answer_key();
    for (seed, _, answer) in seeds {
        let stem = seed.trim_end_matches(".txt");
        let file = format!("bozza-{stem}.md");
        let draft = drafts
            .get(&file)
            .unwrap_or_else(|| panic!("no draft {file}"));
        let text = std::fs::read_to_string(site.path().join(&draft.file)).expect("draft");
        assert!(text.contains("lette con l'OCR (Tesseract): 1"), "{file}");
        let want = values(&keys[*answer]);
        for ((key, expected, _), (_, got, _)) in want.into_iter().zip(values(draft)) {
            if let Some(got) = &got
                && super::EXACT.contains(&key)
            {
                assert_eq!(Some(got), expected.as_ref(), "{file}: {key} read by OCR");
            }
            if ["cig", "partita_iva", "importo_netto"].contains(&key) && expected.is_some() {
                assert!(got.is_some(), "{file}: {key} missed by OCR");
            }
        }
    }
}

/// Without Tesseract on the machine a scan is a clear error naming what to
/// install, and no draft is written.
#[test]
fn a_scan_without_tesseract_says_what_to_install() {
    let work = tempfile::tempdir().expect("temp dir");
    let typed = work.path().join("typed.pdf");
    write_pdf("DETERMINAZIONE N. 1 DEL 02/01/2025\nOggetto: prova", &typed);
    let pages = tempfile::tempdir().expect("temp dir");
    let scan = work.path().join("scansione.pdf");
    write_scanned_pdf(scan_pages(&typed, pages.path()), &scan);
    let site = tempfile::tempdir().expect("temp dir");
    crate::support::copy_example(site.path());
    let acts = site.path().join("content/atti/comune-di-livorno");
    let before = crate::support::files(&acts);
    let empty_path = tempfile::tempdir().expect("temp dir");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_vetro"))
        .args(["new", "atto", "--da"])
        .arg(&scan)
        .args(["--ente", "comune-di-livorno", "--root"])
        .arg(site.path())
        .env("PATH", empty_path.path())
        .output()
        .expect("run vetro");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success(), "{stderr}");
    assert!(stderr.contains("pagina 1"), "{stderr}");
    assert!(stderr.contains("tesseract-ocr-ita"), "{stderr}");
    assert_eq!(crate::support::files(&acts), before, "no draft written");
}
