//! `vetro import atti DIR`: a draft for every PDF or text file of a folder
//! (a clerk's archive), with a line per file saying what was found.
//!
//! Re-running it is safe. Each draft carries a seal, the digest of its own
//! text: a draft whose seal still matches was not touched by a person and may
//! be rewritten when vetro reads the source better; one that does not match
//! was edited and is never written again. A source whose act is already in
//! the site (same body, type, number and date) is not drafted a second time,
//! whatever its file is now called.

use super::{Body, Found, Value};
use crate::model::{ActId, Date, TipoAtto};
use crate::rooted::Rooted;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The comment line that carries the seal.
const SEAL: &str = "# Impronta vetro ";

/// Adds the seal line right after the opening `+++`.
pub(crate) fn seal(text: &str) -> String {
    let digest = digest(text);
    match text.strip_prefix("+++\n") {
        Some(rest) => format!(
            "+++\n{SEAL}{digest}: se modifichi il file, vetro import atti non lo riscrive.\n{rest}"
        ),
        None => text.to_string(),
    }
}

/// True when `text` carries a seal and is still exactly what vetro wrote.
fn untouched(text: &str) -> bool {
    let Some(start) = text.find(&format!("\n{SEAL}")).map(|i| i + 1) else {
        return false;
    };
    let end = text[start..]
        .find('\n')
        .map_or(text.len(), |i| start + i + 1);
    let line = &text[start..end];
    let Some(written) = line
        .strip_prefix(SEAL)
        .and_then(|rest| rest.split(':').next())
    else {
        return false;
    };
    let unsealed = format!("{}{}", &text[..start], &text[end..]);
    digest(&unsealed) == written
}

fn digest(text: &str) -> String {
    let hash = blake3::hash(text.as_bytes());
    hash.to_hex()[..32].to_string()
}

/// What became of one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    Written,
    Updated,
    Unchanged,
    EditedKept,
    InSite,
    Unreadable,
}

impl Outcome {
    fn label(self) -> &'static str {
        match self {
            Outcome::Written => "nuova",
            Outcome::Updated => "aggiornata",
            Outcome::Unchanged => "invariata",
            Outcome::EditedKept => "modificata a mano, lasciata",
            Outcome::InSite => "già nel sito",
            Outcome::Unreadable => "illeggibile",
        }
    }

    fn counted(self, n: usize) -> String {
        let many = match self {
            Outcome::Written => "nuove",
            Outcome::Updated => "aggiornate",
            Outcome::Unchanged => "invariate",
            Outcome::EditedKept => "modificate a mano, lasciate",
            Outcome::InSite => "già nel sito",
            Outcome::Unreadable => "illeggibili",
        };
        format!("{n} {}", if n == 1 { self.label() } else { many })
    }
}

/// One line of the summary.
struct Line {
    source: String,
    outcome: Outcome,
    detail: String,
}

/// The keys a clerk needs to publish, named as the summary shows them.
const KEY_FIELDS: &[(&str, &str)] = &[
    ("cig", "CIG"),
    ("numero", "numero"),
    ("data", "data"),
    ("oggetto", "oggetto"),
    ("aggiudicatari.denominazione", "fornitore"),
    ("aggiudicatari.partita_iva", "P.IVA"),
    ("importo_netto", "importo netto"),
];

/// Drafts every `.pdf` and `.txt` under `dir` for the body `ente` of the
/// site at `root`, prints the summary to `out`; returns the exit status
/// (0 all read, 1 some file unreadable).
pub fn import_folder(
    root: &Path,
    ente: Option<&str>,
    dir: &Path,
    out: &mut dyn Write,
) -> Result<u8, String> {
    let ente = super::choose_ente(root, ente)?;
    let body = super::body_of_site(root, &ente);
    let sources = sources(dir)?;
    if sources.is_empty() {
        return Err(format!(
            "{}: nessun file .pdf o .txt da leggere",
            dir.display()
        ));
    }
    let site = Rooted::open(root).map_err(|e| e.to_string())?;
    let target_dir = Path::new("content/atti").join(crate::safe_name::name(&ente));
    let in_site = acts_in_site(root);
    let mut lines = Vec::new();
    for source in &sources {
        let relative = source.strip_prefix(dir).unwrap_or(source);
        let target = Target {
            site: &site,
            root: root.to_path_buf(),
            relative: target_dir.join(format!("bozza-{}.md", stem_of(relative))),
            full: root
                .join(&target_dir)
                .join(format!("bozza-{}.md", stem_of(relative))),
        };
        let line = match import_one(source, &target, &body, &in_site) {
            Ok((outcome, detail)) => Line {
                source: relative.display().to_string(),
                outcome,
                detail,
            },
            Err(e) => Line {
                source: relative.display().to_string(),
                outcome: Outcome::Unreadable,
                detail: e,
            },
        };
        lines.push(line);
    }
    print(out, &lines, root, &root.join(&target_dir)).map_err(|e| format!("riepilogo: {e}"))?;
    Ok(u8::from(
        lines.iter().any(|l| l.outcome == Outcome::Unreadable),
    ))
}

/// The PDF and text files under `dir`, in name order, sub-folders included.
fn sources(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| format!("impossibile leggere {}: {e}", dir.display()))?;
        let is_source = entry.file_type().is_file()
            && entry
                .path()
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| x.eq_ignore_ascii_case("pdf") || x.eq_ignore_ascii_case("txt"));
        if is_source {
            found.push(entry.into_path());
        }
    }
    Ok(found)
}

/// The draft's name from the source's path in the folder: sub-folders are
/// part of it, so `2024/det-1.pdf` and `2025/det-1.pdf` stay two drafts.
fn stem_of(relative: &Path) -> String {
    let without_extension = relative.with_extension("");
    let joined: Vec<String> = without_extension
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    crate::safe_name::name(&joined.join("-"))
}

/// The acts of the site by identity, with their files.
fn acts_in_site(root: &Path) -> BTreeMap<ActId, PathBuf> {
    let (site, _) = crate::build::load_and_check(root);
    site.map(|s| {
        s.acts
            .into_iter()
            .map(|a| (a.id, root.join(a.file)))
            .collect()
    })
    .unwrap_or_default()
}

/// Where a draft goes: its path in the site, and as shown and compared.
struct Target<'a> {
    site: &'a Rooted,
    root: PathBuf,
    relative: PathBuf,
    full: PathBuf,
}

fn import_one(
    source: &Path,
    target: &Target,
    body: &Body,
    in_site: &BTreeMap<ActId, PathBuf>,
) -> Result<(Outcome, String), String> {
    let read = super::read_input(source)?;
    if read.pages.iter().all(|p| p.trim().is_empty()) {
        return Err("nessun testo leggibile, nemmeno con l'OCR".to_string());
    }
    let found = super::extract(&read.pages, body);
    let mut detail = found_summary(&found);
    if !read.ocr_pages.is_empty() {
        detail.push_str(&format!("; OCR su {} pagine", read.ocr_pages.len()));
    }
    if let Some(id) = identity(&found, body)
        && let Some(file) = in_site.get(&id)
        && !same_file(file, &target.full)
    {
        let shown = file.strip_prefix(&target.root).unwrap_or(file);
        return Ok((Outcome::InSite, format!("è {}", shown.display())));
    }
    let text = seal(&super::write::render(&found, body, &read));
    let existing = target
        .site
        .read(&target.relative)
        .map_err(|e| e.to_string())?;
    let outcome = match existing {
        None => Outcome::Written,
        Some(existing) if existing == text => return Ok((Outcome::Unchanged, detail)),
        Some(existing) if !untouched(&existing) => return Ok((Outcome::EditedKept, detail)),
        Some(_) => Outcome::Updated,
    };
    target
        .site
        .write(&target.relative, text.as_bytes())
        .map_err(|e| e.to_string())?;
    Ok((outcome, detail))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// The act's identity, when its type, number and date were all read.
fn identity(found: &Found, body: &Body) -> Option<ActId> {
    let text = |key| match found.get(key).map(|f| &f.value) {
        Some(Value::Text(t)) => Some(t.as_str()),
        _ => None,
    };
    let tipo = TipoAtto::from_id(text("tipo")?)?;
    let Some(Value::Date(data)) = found.get("data").map(|f| &f.value) else {
        return None;
    };
    Some(ActId::new(&body.id, tipo, text("numero"), Date(*data)))
}

/// "trovati: CIG, numero, ...; da compilare: P.IVA".
fn found_summary(found: &Found) -> String {
    let (got, missing): (Vec<_>, Vec<_>) = KEY_FIELDS
        .iter()
        .partition(|(key, _)| found.get(key).is_some());
    let names = |list: Vec<&(&str, &str)>| {
        list.iter()
            .map(|(_, name)| *name)
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (got.is_empty(), missing.is_empty()) {
        (_, true) => format!("trovati: {}", names(got)),
        (true, false) => format!("da compilare: {}", names(missing)),
        (false, false) => format!("trovati: {}; da compilare: {}", names(got), names(missing)),
    }
}

fn print(out: &mut dyn Write, lines: &[Line], root: &Path, dir: &Path) -> std::io::Result<()> {
    let width = lines
        .iter()
        .map(|l| l.source.chars().count())
        .max()
        .unwrap_or(0);
    for line in lines {
        writeln!(
            out,
            "  {:<width$}  {:<27}  {}",
            line.source,
            line.outcome.label(),
            line.detail
        )?;
    }
    let mut counts: BTreeMap<Outcome, usize> = BTreeMap::new();
    for line in lines {
        *counts.entry(line.outcome).or_default() += 1;
    }
    let tally: Vec<String> = counts
        .iter()
        .map(|(outcome, n)| outcome.counted(*n))
        .collect();
    writeln!(
        out,
        "vetro: {} file letti: {}. Bozze in {}",
        lines.len(),
        tally.join(", "),
        dir.display()
    )?;
    writeln!(
        out,
        "  controlla ogni bozza sull'atto firmato, poi: vetro check --root {}",
        root.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seal_holds_until_a_byte_changes() {
        let sealed = seal("+++\nente = \"comune-di-livorno\"\n+++\nTesto.\n");
        assert!(sealed.starts_with("+++\n# Impronta vetro "));
        assert!(untouched(&sealed));
        assert!(!untouched(&sealed.replace("Testo.", "Testo!")));
        assert!(!untouched(
            &sealed.replace("# Impronta vetro ", "# Impronta vetro 0")
        ));
        // Without a seal, a file is a person's: never rewritten.
        assert!(!untouched("+++\nente = \"x\"\n+++\n"));
    }

    #[test]
    fn sub_folders_are_part_of_the_draft_name() {
        assert_eq!(
            stem_of(Path::new("2024/det 1.pdf")),
            stem_of(Path::new("2024/det 1.pdf"))
        );
        assert_ne!(
            stem_of(Path::new("2024/det-1.pdf")),
            stem_of(Path::new("2025/det-1.pdf"))
        );
        assert!(crate::safe_name::is_safe(&stem_of(Path::new(
            "../../etc/passwd.txt"
        ))));
    }
}
