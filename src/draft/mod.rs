//! `vetro new atto --da FILE`: a draft act file from the text of a signed
//! act (plain text, or a PDF with a text layer). Each value is validated
//! before it is written and carries a comment naming the page and line it
//! was read on; what is uncertain stays a commented key with a hint, so that
//! `vetro check` then lists what is left to fill. Precision over recall.

mod amounts;
pub mod archive;
mod codes;
mod commitments;
mod header;
mod law;
mod links;
mod ocr;
mod parties;
mod pdf;
mod text;
mod write;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::path::Path;
pub(crate) use text::Origin;

/// A value as it goes into the TOML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Value {
    Text(String),
    Date(NaiveDate),
    Amount(Decimal),
    Rate(Decimal),
    /// A budget year (`esercizio = 2025`).
    Year(i32),
    List(Vec<String>),
}

/// One key found, where it was read, and a note (e.g. a repaired code).
#[derive(Clone, Debug)]
pub(crate) struct Field {
    /// The key, `table.key` for a key of a table (`aggiudicatari.partita_iva`).
    pub key: &'static str,
    pub value: Value,
    pub origin: Origin,
    pub note: Option<String>,
}

/// A key not written, and why.
#[derive(Clone, Debug)]
pub(crate) struct Hint {
    pub key: &'static str,
    pub why: String,
}

/// An earlier act the text cites.
#[derive(Clone, Debug)]
pub(crate) struct Link {
    pub fields: Vec<Field>,
}

/// Everything the extractors found.
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub fields: Vec<Field>,
    pub hints: Vec<Hint>,
    pub links: Vec<Link>,
    /// The body's name as read in the heading.
    pub body: Option<Origin>,
}

impl Found {
    pub(crate) fn push(&mut self, field: Field) {
        if self.get(field.key).is_none() {
            self.fields.push(field);
        }
    }

    pub(crate) fn hint(&mut self, key: &'static str, why: String) {
        self.hints.push(Hint { key, why });
    }

    pub(crate) fn get(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
}

/// The input as read: its pages, the pages read by OCR, and those left
/// without text.
pub(crate) struct Input {
    pub name: String,
    pub pages: Vec<String>,
    /// Pages (from 1) with no text layer, read with Tesseract.
    pub ocr_pages: Vec<usize>,
    /// Pages with no text even after OCR.
    pub empty_pages: Vec<usize>,
}

/// Reads `path`: a PDF by its signature, plain text otherwise.
pub(crate) fn read_input(path: &Path) -> Result<Input, String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("impossibile leggere {}: {e}", path.display()))?;
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    if bytes.starts_with(b"%PDF") {
        let mut pages = pdf::pages(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        let ocr_pages: Vec<usize> = (1..=pages.len())
            .filter(|n| pages[n - 1].trim().is_empty())
            .collect();
        for &n in &ocr_pages {
            pages[n - 1] = ocr::read_page(path, n)
                .map_err(|e| format!("{}, pagina {n}: {e}", path.display()))?;
        }
        let empty_pages = (1..=pages.len())
            .filter(|n| pages[n - 1].trim().is_empty())
            .collect();
        return Ok(Input {
            name,
            pages,
            ocr_pages,
            empty_pages,
        });
    }
    Ok(Input {
        name,
        pages: vec![text::read_plain(&bytes)],
        ocr_pages: Vec::new(),
        empty_pages: Vec::new(),
    })
}

/// What the body is known by, so that its own codes are never taken for
/// the supplier's.
#[derive(Debug, Default)]
pub(crate) struct Body {
    pub id: String,
    pub codes: Vec<String>,
}

/// Reads every value the extractors can vouch for.
pub(crate) fn extract(pages: &[String], body: &Body) -> Found {
    let text = text::Text::new(pages);
    let mut found = Found::default();
    header::find(&text, &mut found);
    codes::find(&text, &mut found);
    law::find(&text, &mut found);
    parties::find(&text, body, &mut found);
    amounts::find(&text, &mut found);
    commitments::find(&text, &mut found);
    links::find(&text, &mut found);
    found
}

/// The draft act file for `input`, for the body `body`.
pub(crate) fn draft_text(input: &Path, body: &Body) -> Result<String, String> {
    let read = read_input(input)?;
    if read.pages.iter().all(|p| p.trim().is_empty()) {
        return Err(format!(
            "{}: nessun testo leggibile, nemmeno con l'OCR (pagina bianca o immagine illeggibile?)",
            input.display()
        ));
    }
    let found = extract(&read.pages, body);
    Ok(archive::seal(&write::render(&found, body, &read)))
}

/// The body `id` of the site at `root`: its name and codes from
/// `content/enti/<id>.toml`, when that file can be read.
pub(crate) fn body_of_site(root: &Path, id: &str) -> Body {
    let path = root
        .join("content/enti")
        .join(format!("{}.toml", crate::safe_name::name(id)));
    let table: Option<toml::Table> = std::fs::read_to_string(path)
        .ok()
        .and_then(|t| t.parse().ok());
    let get = |key: &str| {
        table
            .as_ref()
            .and_then(|t| t.get(key))
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    Body {
        id: id.to_string(),
        codes: ["codice_fiscale", "partita_iva"]
            .iter()
            .filter_map(|k| get(k))
            .collect(),
    }
}

/// The body named by `--ente`, or the only one of the site.
pub(crate) fn choose_ente(root: &Path, wanted: Option<&str>) -> Result<String, String> {
    let dir = root.join("content/enti");
    let mut known: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| {
            format!(
                "impossibile leggere {}: {e} (è la cartella di un sito? usa --root)",
                dir.display()
            )
        })?
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".toml").map(str::to_string)
        })
        .collect();
    known.sort();
    match wanted {
        Some(id) if known.iter().any(|k| k == id) => Ok(id.to_string()),
        Some(id) => Err(format!(
            "l'ente {id} non esiste in content/enti/; enti del sito: {}",
            known.join(", ")
        )),
        None if known.len() == 1 => Ok(known.remove(0)),
        None => Err(format!(
            "indica l'ente con --ente; enti del sito: {}",
            if known.is_empty() {
                "nessuno".to_string()
            } else {
                known.join(", ")
            }
        )),
    }
}
