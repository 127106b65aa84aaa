//! The load stage (ARCHITECTURE.md): read every file of `content/` into
//! typed values (`model::Site`).
//!
//! Files are read and parsed in parallel. Every problem becomes a
//! diagnostic; a file with errors is left out of the site but never
//! silently: its errors are in the report. The per-file rules (`FileRules`,
//! given by the caller: `check` provides them) run here, while each file's
//! parsed tree (with the positions diagnostics need) is at hand; cross-file
//! checks run later on the whole site.

mod frontmatter;
pub mod schema;

use crate::config::CONFIG_FILE;
use crate::diagnostics::Diagnostic;
use crate::model::{
    Act, ActHeader, ActId, Config, CpvVocabulary, Ente, EnteFile, Lotto, Page, PageHeader, Record,
    RecordHeader, Site,
};
use crate::toml_doc::{self, TomlDoc};
use rayon::prelude::*;
use schema::Root;
use std::cell::{RefCell, RefMut};
use std::path::{Path, PathBuf};

pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Extensions of documents that may sit beside acts: the allow-list of
/// attachment types (docs/formato-atti.md). None is a type browsers run.
pub(crate) const ATTACHMENT_EXTENSIONS: &[&str] = &[
    "pdf", "p7m", "xml", "doc", "docx", "odt", "xls", "xlsx", "ods", "csv", "zip", "jpg", "jpeg",
    "png", "txt", "tsd",
];

/// The rules of one file, run by `load` on each file it parses, with the
/// file's tree at hand for positions. They return what they found; load
/// keeps it beside its own diagnostics of the file, in the file's order.
pub trait FileRules: Sync {
    fn act(&self, file: &Path, doc: &TomlDoc, act: &Act, body_offset: usize) -> Vec<Diagnostic>;
    fn record(&self, file: &Path, doc: &TomlDoc, record: &Record) -> Vec<Diagnostic>;
    fn ente(&self, file: &Path, doc: &TomlDoc, ente: &Ente) -> Vec<Diagnostic>;
    /// The Markdown text of a free page.
    fn page_body(&self, file: &Path, body: &str, body_offset: usize) -> Vec<Diagnostic>;
}

/// Loads the site at `root`, whose `vetro.toml` is `config`. `rules` makes
/// the per-file rules once the CPV vocabulary (which they check codes
/// against) is read. Diagnostics hold every problem found.
pub(crate) fn load(
    root: &Path,
    config: Config,
    rules: impl for<'v> FnOnce(&'v CpvVocabulary) -> Box<dyn FileRules + 'v>,
) -> (Site, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let cpv = cpv_vocabulary(root, &config, &mut diagnostics);
    let (enti, acts, records, pages) = {
        let rules = rules(&cpv);
        let rules = rules.as_ref();
        let folder = |name: &str| root.join("content").join(name);
        let d = &mut diagnostics;
        (
            load_folder(root, &folder("enti"), "toml", rules, load_ente, d),
            load_folder(root, &folder("atti"), "md", rules, load_act, d),
            load_folder(root, &folder("procedure"), "toml", rules, load_record, d),
            load_folder(root, &folder("pagine"), "md", rules, load_page, d),
        )
    };
    theme_symlinks(root, &config.tema, &mut diagnostics);
    let secret = load_secret(root, &mut diagnostics);
    let site = Site {
        root: root.to_path_buf(),
        config,
        cpv,
        enti,
        acts,
        records,
        pages,
        secret,
    };
    (site, diagnostics)
}

/// The CPV vocabulary: the built-in CPV 2008 list, or the site's own file
/// when `cpv_vocabolario` names one (E010 and the built-in list if unreadable).
fn cpv_vocabulary(
    root: &Path,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> CpvVocabulary {
    let Some(path) = &config.cpv_vocabolario else {
        return CpvVocabulary::builtin();
    };
    CpvVocabulary::from_file(&root.join(path)).unwrap_or_else(|e| {
        diagnostics.push(
            Diagnostic::new("E010", CONFIG_FILE, format!("vocabolario CPV {} non leggibile: {e}", path.display()))
                .hint("cpv_vocabolario indica un CSV con le colonne code,parent_code,level,description_it; senza la chiave vetro usa il CPV 2008 incluso"),
        );
        CpvVocabulary::builtin()
    })
}

/// The site's secret; an unusable one is an error (E215), never replaced
/// by another key: that would change every natural person's page id.
fn load_secret(
    root: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<crate::secret::SiteSecret> {
    use crate::secret::{MIN_SECRET_CHARS, SECRET_ENV, SECRET_FILE, SiteSecret};
    match SiteSecret::load(root) {
        Ok(secret) => secret,
        Err((at, problem)) => {
            diagnostics.push(
                Diagnostic::new("E215", at, format!("segreto del sito non utilizzabile: {problem}"))
                    .hint(format!("scrivi in {SECRET_FILE} (o in {SECRET_ENV}) una riga di almeno {MIN_SECRET_CHARS} caratteri casuali, per esempio con `openssl rand -hex 32`; se il sito è già pubblicato, rimetti il segreto di prima: da esso dipendono gli indirizzi delle pagine delle persone fisiche")),
            );
            None
        }
    }
}

/// Files with extension `ext` under `dir`, sorted; stray files are reported.
/// Diagnostics name files relative to `root`.
fn list(root: &Path, dir: &Path, ext: &str, diagnostics: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let relative = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .follow_root_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        let linked = entry.path_is_symlink() && !is_hidden(entry.path());
        if linked && symlink_would_load(entry.path(), ext) {
            diagnostics.push(symlink_diagnostic(&relative(entry.path())));
            continue;
        }
        if !entry.file_type().is_file() && !entry.path_is_symlink() {
            continue;
        }
        let path = entry.into_path();
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if extension == ext {
            files.push(path);
        } else if !ATTACHMENT_EXTENSIONS.contains(&extension.as_str()) && !is_hidden(&path) {
            diagnostics.push(
                Diagnostic::new("W007", relative(&path), format!("il file non è un .{ext} e non è un allegato riconosciuto: viene ignorato"))
                    .hint(format!("rinomina il file con estensione .{ext} se è un atto, oppure spostalo fuori da {}", relative(dir).display())),
            );
        }
    }
    files
}

/// Symlinks in the folders published as they are or read as templates
/// (E011): the build refuses them, `check` says so first.
fn theme_symlinks(root: &Path, theme: &str, diagnostics: &mut Vec<Diagnostic>) {
    let theme_dir = Path::new("themes").join(theme);
    for dir in [Path::new("static"), Path::new("templates"), &theme_dir] {
        let walk = walkdir::WalkDir::new(root.join(dir))
            .follow_root_links(false)
            .sort_by_file_name();
        for entry in walk.into_iter().filter_map(Result::ok) {
            if entry.path_is_symlink() && !is_hidden(entry.path()) {
                let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
                diagnostics.push(symlink_diagnostic(relative));
            }
        }
    }
}

/// Symlinks are never followed: one to an act (or to a folder of acts)
/// could publish any file of the machine. Others (say, to an attachment)
/// are left to the rules for their kind of file.
fn symlink_would_load(path: &Path, ext: &str) -> bool {
    let named = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(ext));
    named || path.is_dir() || !path.exists()
}

pub(crate) fn symlink_diagnostic(relative: &Path) -> Diagnostic {
    Diagnostic::new(
        "E011",
        relative,
        "è un collegamento simbolico: vetro non lo segue, quindi non viene letto né pubblicato"
            .to_string(),
    )
    .hint("sostituisci il collegamento con una copia del file (o della cartella) a cui rimanda")
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.') || n.ends_with('~'))
}

/// One file being loaded: where its diagnostics go, and the rules to run on it.
struct Reading<'a> {
    file: &'a Path,
    rules: &'a dyn FileRules,
    found: RefCell<Vec<Diagnostic>>,
}

impl<'a> Reading<'a> {
    fn new(file: &'a Path, rules: &'a dyn FileRules) -> Self {
        Reading {
            file,
            rules,
            found: RefCell::new(Vec::new()),
        }
    }

    fn push(&self, diagnostic: Diagnostic) {
        self.found.borrow_mut().push(diagnostic);
    }

    fn extend(&self, diagnostics: Vec<Diagnostic>) {
        self.found.borrow_mut().extend(diagnostics);
    }

    fn sink(&self) -> RefMut<'_, Vec<Diagnostic>> {
        self.found.borrow_mut()
    }

    fn take(self) -> Vec<Diagnostic> {
        self.found.into_inner()
    }
}

type Loader<T> = fn(&Reading, &str) -> Result<T, ()>;

/// Loads every `.ext` file of one content folder.
fn load_folder<T: Send>(
    root: &Path,
    dir: &Path,
    ext: &str,
    rules: &dyn FileRules,
    loader: Loader<T>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<T> {
    let files = list(root, dir, ext, diagnostics);
    load_all(root, &files, rules, loader, diagnostics)
}

/// Reads and parses files in parallel, keeping their order.
fn load_all<T: Send>(
    root: &Path,
    files: &[PathBuf],
    rules: &dyn FileRules,
    loader: Loader<T>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<T> {
    let load_one = |path: &PathBuf| {
        let relative = path.strip_prefix(root).unwrap_or(path);
        let mut out = Vec::new();
        let value = read_text(path, relative, &mut out).and_then(|text| {
            let ctx = Reading::new(relative, rules);
            let value = loader(&ctx, &text).ok();
            out.extend(ctx.take());
            value
        });
        (value, out)
    };
    let results: Vec<(Option<T>, Vec<Diagnostic>)> = match reading_pool(files.len()) {
        Some(pool) => pool.install(|| files.par_iter().map(load_one).collect()),
        None => files.par_iter().map(load_one).collect(),
    };
    let mut values = Vec::with_capacity(results.len());
    for (value, out) in results {
        diagnostics.extend(out);
        values.extend(value);
    }
    values
}

/// Files read at once while loading. A read from a cold disk cache waits on the device,
/// not the CPU: with one read per core in flight, loading 100,000 acts took 24.6 s cold
/// against 9.2 s warm; with 32 in flight, 14.3 s cold and the same warm.
const READS_IN_FLIGHT: usize = 32;

/// A pool wide enough to keep `READS_IN_FLIGHT` reads waiting on the disk; None for few
/// files (or if threads cannot be made), which then load on the global pool.
fn reading_pool(files: usize) -> Option<rayon::ThreadPool> {
    let threads = READS_IN_FLIGHT.max(rayon::current_num_threads());
    if files < 4 * threads {
        return None;
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("vetro-load-{i}"))
        .build()
        .ok()
}

/// Reads a file as UTF-8 text, refusing huge, empty and non-UTF-8 files.
fn read_text(path: &Path, relative: &Path, out: &mut Vec<Diagnostic>) -> Option<String> {
    let fail =
        |code, message: String, hint: &str| Diagnostic::new(code, relative, message).hint(hint);
    let unreadable = |e: std::io::Error| {
        fail(
            "E001",
            format!("impossibile leggere il file: {e}"),
            "controlla i permessi del file",
        )
    };
    match std::fs::metadata(path) {
        Ok(meta) if meta.len() > MAX_FILE_BYTES => {
            out.push(fail(
                "E004",
                format!("il file pesa {} byte, oltre il limite di 10 MB", meta.len()),
                "un atto è testo: sposta i documenti pesanti negli allegati",
            ));
            return None;
        }
        Ok(meta) if meta.len() == 0 => {
            out.push(fail(
                "E003",
                "il file è vuoto".into(),
                "scrivi l'intestazione tra due righe +++ oppure elimina il file",
            ));
            return None;
        }
        Ok(_) => {}
        Err(e) => {
            out.push(unreadable(e));
            return None;
        }
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            out.push(unreadable(e));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            out.push(
                Diagnostic::new("E002", relative, format!("il file non è in UTF-8 (byte non valido alla posizione {at})"))
                    .hint("salva il file con codifica UTF-8 (in Blocco note: Salva con nome → Codifica UTF-8)"),
            );
            None
        }
    }
}

/// Loads and checks one act file's text as `load` does each file of
/// `content/atti/`; `file` is the path its diagnostics name. The entry of
/// the act fuzz target (`fuzz/`), which feeds it arbitrary text.
pub fn load_act_text(
    file: &Path,
    text: &str,
    rules: &dyn FileRules,
) -> (Option<Act>, Vec<Diagnostic>) {
    let ctx = Reading::new(file, rules);
    let act = load_act(&ctx, text).ok();
    (act, ctx.take())
}

/// The `+++` parts of a file, or an E005 diagnostic with `hint`.
fn split<'t>(ctx: &Reading, text: &'t str, hint: &str) -> Result<frontmatter::Parts<'t>, ()> {
    frontmatter::split(text).map_err(|message| {
        ctx.push(
            Diagnostic::new("E005", ctx.file, message)
                .at(Some(0..0))
                .hint(hint),
        );
    })
}

fn load_act(ctx: &Reading, text: &str) -> Result<Act, ()> {
    let parts = split(
        ctx,
        text,
        "un atto inizia con +++, poi le chiavi TOML, poi di nuovo +++ e il testo",
    )?;
    let doc = parse(ctx, parts.toml, parts.toml_offset)?;
    schema::check_unknown_keys(&doc, ctx.file, Root::Act, &mut ctx.sink());
    let mut header: ActHeader = doc.deserialize(ctx.file).map_err(|d| ctx.push(d))?;
    let top_level: Lotto = doc.deserialize(ctx.file).map_err(|d| ctx.push(d))?;
    let in_table = !header.lotti.is_empty();
    let lots = match (!in_table, top_level.is_empty()) {
        (true, true) => Vec::new(),
        (true, false) => vec![top_level],
        (false, true) => std::mem::take(&mut header.lotti),
        (false, false) => {
            ctx.push(
                Diagnostic::new("E105", ctx.file, "il lotto è indicato sia con le chiavi in testa sia con [[lotti]]")
                    .at(doc.key_span(&[toml_doc::Seg::Key("lotti")]))
                    .hint("per un solo lotto usa le chiavi in testa (cig, importo_netto, ...); per più lotti mettile tutte in [[lotti]]"),
            );
            return Err(());
        }
    };
    let act = Act {
        file: ctx.file.to_path_buf(),
        id: ActId::of(&header),
        shorthand: !in_table,
        header,
        lots,
        body: parts.body.to_string(),
    };
    ctx.extend(ctx.rules.act(ctx.file, &doc, &act, parts.body_offset));
    Ok(act)
}

fn load_record(ctx: &Reading, text: &str) -> Result<Record, ()> {
    let doc = parse(ctx, text, 0)?;
    schema::check_unknown_keys(&doc, ctx.file, Root::Record, &mut ctx.sink());
    let header: RecordHeader = doc.deserialize(ctx.file).map_err(|d| ctx.push(d))?;
    let lot: Lotto = doc.deserialize(ctx.file).map_err(|d| ctx.push(d))?;
    let record = Record {
        file: ctx.file.to_path_buf(),
        header,
        lot,
    };
    ctx.extend(ctx.rules.record(ctx.file, &doc, &record));
    Ok(record)
}

fn load_ente(ctx: &Reading, text: &str) -> Result<Ente, ()> {
    let doc = parse(ctx, text, 0)?;
    schema::check_unknown_keys(&doc, ctx.file, Root::Ente, &mut ctx.sink());
    let data: EnteFile = doc.deserialize(ctx.file).map_err(|d| ctx.push(d))?;
    let id = file_id(ctx)?;
    let ente = Ente {
        id,
        file: ctx.file.to_path_buf(),
        data,
    };
    ctx.extend(ctx.rules.ente(ctx.file, &doc, &ente));
    Ok(ente)
}

fn load_page(ctx: &Reading, text: &str) -> Result<Page, ()> {
    let parts = split(
        ctx,
        text,
        "una pagina inizia con +++, titolo = \"...\", +++ e poi il testo",
    )?;
    let doc = parse(ctx, parts.toml, parts.toml_offset)?;
    let header: PageHeader = doc.deserialize(ctx.file).map_err(|d| ctx.push(d))?;
    ctx.extend(ctx.rules.page_body(ctx.file, parts.body, parts.body_offset));
    Ok(Page {
        slug: file_id(ctx)?,
        file: ctx.file.to_path_buf(),
        header,
        body: parts.body.to_string(),
    })
}

/// The id a body or a page takes from its file name, which names its
/// page's folder: it must be a safe name (E012 otherwise).
fn file_id(ctx: &Reading) -> Result<String, ()> {
    let stem = ctx.file.file_stem().map(|s| s.to_string_lossy());
    let stem = stem.as_deref().unwrap_or_default();
    if crate::safe_name::is_safe(stem) {
        return Ok(stem.to_string());
    }
    let suggestion = crate::safe_name::slug(stem);
    let hint = if suggestion.is_empty() {
        "usa solo lettere non accentate, cifre, - e _ (al massimo 100), ad esempio comune-di-livorno".to_string()
    } else {
        format!(
            "rinomina il file in {suggestion}.{}: solo lettere non accentate, cifre, - e _ (al massimo 100)",
            ctx.file
                .extension()
                .map(|e| e.to_string_lossy())
                .unwrap_or_default()
        )
    };
    ctx.push(
        Diagnostic::new(
            "E012",
            ctx.file,
            format!("il nome del file «{stem}» non può fare da identificativo nell'indirizzo della pagina"),
        )
        .hint(hint),
    );
    Err(())
}

/// The TOML part of a `+++` file and its offset, if the file has one.
pub(crate) fn split_front_matter(text: &str) -> Option<(&str, usize)> {
    frontmatter::split(text)
        .ok()
        .map(|p| (p.toml, p.toml_offset))
}

fn parse<'t>(ctx: &Reading, text: &'t str, offset: usize) -> Result<TomlDoc<'t>, ()> {
    TomlDoc::parse(ctx.file, text, offset)
        .map_err(|errors| errors.into_iter().for_each(|d| ctx.push(d)))
}
