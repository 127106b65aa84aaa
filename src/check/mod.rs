//! Stage 2, check: rules on identifiers, arithmetic, dates, references and
//! privacy. Per-file rules run during load (`check_act`, `check_record`,
//! `check_ente`) with the file's parsed tree at hand for positions; rules
//! that need the whole site run in `check_site`.

mod active;
mod attachments;
mod dates;
mod gate;
mod id_rules;
pub mod ids;
mod money;
mod offices;
mod privacy;
mod site;
mod text;
mod thresholds;
mod urls;

pub use attachments::{
    AttachmentError, Located, Verified, describe, read_attachment, resolve_attachment,
    verify_attachment,
};
pub use gate::MAX_NUMERO_CHARS;
pub use offices::looks_like_office;
pub use privacy::{Personal, find_kinds, find_personal};
pub use site::check_site;
pub use text::{MAX_BODY_BYTES, MAX_NESTING, check_body, markdown_options};
pub use urls::url_problem;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::load::toml_doc::{Seg, TomlDoc};
use crate::load::{Act, Ente, Record};
use crate::model::{CpvVocabulary, Date};
use std::cell::{RefCell, RefMut};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// What the rules need to know about the site, loaded once.
pub struct CheckSettings {
    pub root: PathBuf,
    /// Acts dated after this day are flagged.
    pub reference_date: Date,
    /// CPV code → Italian description: the built-in CPV 2008 list, or the
    /// site's own file when `cpv_vocabolario` names one.
    pub cpv: CpvVocabulary,
}

impl CheckSettings {
    pub fn new(root: &Path, config: &Config, diagnostics: &mut Vec<Diagnostic>) -> CheckSettings {
        let cpv = match &config.cpv_vocabolario {
            None => CpvVocabulary::builtin(),
            Some(path) => CpvVocabulary::from_file(&root.join(path)).unwrap_or_else(|e| {
                diagnostics.push(
                    Diagnostic::new("E010", crate::config::CONFIG_FILE, format!("vocabolario CPV {} non leggibile: {e}", path.display()))
                        .hint("cpv_vocabolario indica un CSV con le colonne code,parent_code,level,description_it; senza la chiave vetro usa il CPV 2008 incluso"),
                );
                CpvVocabulary::builtin()
            }),
        };
        CheckSettings {
            root: root.to_path_buf(),
            reference_date: config.reference_date(),
            cpv,
        }
    }
}

/// The context of one file's checks: where to report, and the settings.
pub struct FileCheck<'a> {
    pub file: &'a Path,
    pub settings: &'a CheckSettings,
    found: RefCell<Vec<Diagnostic>>,
}

impl<'a> FileCheck<'a> {
    pub fn new(file: &'a Path, settings: &'a CheckSettings) -> Self {
        FileCheck {
            file,
            settings,
            found: RefCell::new(Vec::new()),
        }
    }

    pub fn push(&self, diagnostic: Diagnostic) {
        self.found.borrow_mut().push(diagnostic);
    }

    pub fn sink(&self) -> RefMut<'_, Vec<Diagnostic>> {
        self.found.borrow_mut()
    }

    pub fn take(self) -> Vec<Diagnostic> {
        self.found.into_inner()
    }
}

/// Key path of lot `index` of an act: top-level keys for a single lot
/// written in shorthand, `lotti[index]` otherwise.
pub fn lot_path<'k>(act: &Act, index: usize, key: &'k str) -> Vec<Seg<'k>> {
    if act.shorthand {
        vec![Seg::Key(key)]
    } else {
        vec![Seg::Key("lotti"), Seg::Index(index), Seg::Key(key)]
    }
}

/// Key path of lot `index` of an act: empty for the shorthand single lot.
fn lot_prefix(act: &Act, index: usize) -> Vec<Seg<'static>> {
    if act.shorthand {
        Vec::new()
    } else {
        vec![Seg::Key("lotti"), Seg::Index(index)]
    }
}

/// `prefix` followed by `rest`.
fn join(prefix: &[Seg<'static>], rest: &[Seg<'static>]) -> Vec<Seg<'static>> {
    prefix.iter().chain(rest).copied().collect()
}

/// Where rules report: one file's context and its parsed tree.
struct Out<'c, 'd> {
    ctx: &'c FileCheck<'c>,
    doc: &'c TomlDoc<'d>,
}

impl Out<'_, '_> {
    /// Reports `code` at the value of `path` (or its nearest existing parent).
    fn at(&self, code: &'static str, path: &[Seg], message: String, hint: String) {
        let span = self.doc.nearest_span(path);
        self.span(code, span, message, hint);
    }

    fn span(&self, code: &'static str, span: Option<Range<usize>>, message: String, hint: String) {
        self.ctx.push(
            Diagnostic::new(code, self.ctx.file, message)
                .at(span)
                .hint(hint),
        );
    }

    fn settings(&self) -> &CheckSettings {
        self.ctx.settings
    }
}

/// Per-file rules of an act.
pub fn check_act(ctx: &FileCheck, doc: &TomlDoc, act: &Act, body_offset: usize) {
    let out = Out { ctx, doc };
    let h = &act.header;
    for (i, lot) in act.lots.iter().enumerate() {
        let prefix = lot_prefix(act, i);
        id_rules::check_lot(&out, lot, &prefix);
        money::check_lot(&out, lot, &prefix);
        dates::check_period(&out, lot, &prefix);
        thresholds::check_lot(&out, lot, &prefix, h.data);
        privacy::check_operators(&out, lot, &prefix);
        gate::check_lot(&out, lot, &prefix);
    }
    gate::check_act(&out, act);
    money::check_act_amounts(&out, act);
    money::check_commitments(&out, act);
    id_rules::check_payees(&out, &h.liquidazioni);
    privacy::check_payees(&out, &h.liquidazioni);
    dates::check_act_dates(&out, act);
    attachments::check(&out, act);
    for (i, link) in h.collegati.iter().enumerate() {
        if let Some(url) = &link.url {
            let at = [Seg::Key("collegati"), Seg::Index(i), Seg::Key("url")];
            urls::check_at(&out, &at, url);
        }
    }
    text::check_body(ctx, &act.body, body_offset);
    privacy::check_text(&out, &act.body, body_offset);
}

/// Per-file rules of a procedure record.
pub fn check_record(ctx: &FileCheck, doc: &TomlDoc, record: &Record) {
    let first = ctx.found.borrow().len();
    check_record_rules(ctx, doc, record);
    // A record copies data as its source published it: a malformed
    // identifier or a reversed period there is the source's error,
    // reported but not blocking.
    for d in ctx.found.borrow_mut()[first..].iter_mut() {
        if IMPORTED_ID_ERRORS.contains(&d.code) {
            d.refile("W210");
            d.message = format!("{} (dato della fonte importata)", d.message);
        }
    }
}

/// Errors that become warnings in imported procedure records.
const IMPORTED_ID_ERRORS: &[&str] = &["E201", "E202", "E203", "E205", "E206", "E207", "E402"];

fn check_record_rules(ctx: &FileCheck, doc: &TomlDoc, record: &Record) {
    let out = Out { ctx, doc };
    let lot = &record.lot;
    id_rules::check_lot(&out, lot, &[]);
    id_rules::check_payees(&out, &record.header.liquidazioni);
    privacy::check_payees(&out, &record.header.liquidazioni);
    money::check_lot(&out, lot, &[]);
    money::check_record_amounts(&out, record);
    dates::check_period(&out, lot, &[]);
    dates::check_record_dates(&out, record);
    privacy::check_operators(&out, lot, &[]);
    gate::check_lot(&out, lot, &[]);
    gate::check_record(&out, record);
}

/// Per-file rules of a body.
pub fn check_ente(ctx: &FileCheck, doc: &TomlDoc, ente: &Ente) {
    let out = Out { ctx, doc };
    id_rules::check_ente(&out, ente);
    offices::check_ente_name(&out, ente);
    if let Some(sito) = &ente.data.sito {
        urls::check_at(&out, &[Seg::Key("sito")], sito);
    }
}
