//! The same seeds as real PDF files with a text layer, made here with lopdf:
//! the drafts read from the PDF hold the same values as those read from the
//! text.

use super::{SEEDS, acts_by_file, drafted_site, values};
use crate::support::test_data;
use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, Stream, StringFormat, dictionary};
use std::path::Path;

const LINES_PER_PAGE: usize = 60;

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
fn page_content(lines: &[&str]) -> Vec<u8> {
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

/// Writes `text` as an A4 PDF with a text layer, `LINES_PER_PAGE` lines a page.
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
    let lines: Vec<&str> = text.lines().collect();
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
