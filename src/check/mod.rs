//! The check stage (ARCHITECTURE.md): rules on identifiers, arithmetic,
//! dates, references and privacy. Per-file rules run
//! during load, handed to it as `Rules` (`load::FileRules`), with the file's
//! parsed tree at hand for positions; rules that need the whole site run in
//! `check_site`.

mod active;
mod attachments;
mod bandi;
mod compliance;
mod dates;
mod gate;
mod id_rules;
pub mod ids;
mod money;
mod offices;
mod privacy;
mod site;
pub(crate) mod supplier_ids;
mod text;
mod thresholds;
mod urls;

pub(crate) use attachments::{describe, read_attachment, resolve_attachment};
pub use offices::looks_like_office;
pub(crate) use privacy::{Personal, find_kinds};
pub use site::check_site;
pub(crate) use text::check_body;
pub use text::{MAX_BODY_BYTES, MAX_NESTING, markdown_options};
pub(crate) use thresholds::{bound_by_threshold, direct_award_limit};

use crate::diagnostics::Diagnostic;
use crate::load::FileRules;
use crate::model::{Act, Ente, Record};
use crate::model::{CpvVocabulary, Date};
use crate::toml_doc::{Seg, TomlDoc};
use std::cell::RefCell;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// What the rules need to know about the site besides the file at hand.
pub(crate) struct CheckSettings<'a> {
    /// The site folder, where attachments are looked up.
    pub root: PathBuf,
    /// Acts dated after this day are flagged.
    pub reference_date: Date,
    /// The CPV codes acts may name (`Site::cpv`).
    pub cpv: &'a CpvVocabulary,
}

/// The per-file rules, handed to `load::load` to run on each file it parses.
pub struct Rules<'a> {
    settings: CheckSettings<'a>,
}

impl<'a> Rules<'a> {
    pub fn new(root: &Path, reference_date: Date, cpv: &'a CpvVocabulary) -> Rules<'a> {
        Rules {
            settings: CheckSettings {
                root: root.to_path_buf(),
                reference_date,
                cpv,
            },
        }
    }

    /// Runs `rules` on one file and returns what they found.
    fn run(&self, file: &Path, rules: impl FnOnce(&FileCheck)) -> Vec<Diagnostic> {
        let ctx = FileCheck::new(file, &self.settings);
        rules(&ctx);
        ctx.take()
    }
}

impl FileRules for Rules<'_> {
    fn act(&self, file: &Path, doc: &TomlDoc, act: &Act, body_offset: usize) -> Vec<Diagnostic> {
        self.run(file, |ctx| check_act(ctx, doc, act, body_offset))
    }

    fn record(&self, file: &Path, doc: &TomlDoc, record: &Record) -> Vec<Diagnostic> {
        self.run(file, |ctx| check_record(ctx, doc, record))
    }

    fn ente(&self, file: &Path, doc: &TomlDoc, ente: &Ente) -> Vec<Diagnostic> {
        self.run(file, |ctx| check_ente(ctx, doc, ente))
    }

    fn page_body(&self, file: &Path, body: &str, body_offset: usize) -> Vec<Diagnostic> {
        self.run(file, |ctx| check_body(ctx, body, body_offset))
    }
}

/// The context of one file's checks: where to report, and the settings.
pub(crate) struct FileCheck<'a> {
    pub file: &'a Path,
    pub settings: &'a CheckSettings<'a>,
    found: RefCell<Vec<Diagnostic>>,
}

impl<'a> FileCheck<'a> {
    pub fn new(file: &'a Path, settings: &'a CheckSettings<'a>) -> Self {
        FileCheck {
            file,
            settings,
            found: RefCell::new(Vec::new()),
        }
    }

    pub(crate) fn push(&self, diagnostic: Diagnostic) {
        self.found.borrow_mut().push(diagnostic);
    }

    pub(crate) fn take(self) -> Vec<Diagnostic> {
        self.found.into_inner()
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

    fn settings(&self) -> &CheckSettings<'_> {
        self.ctx.settings
    }
}

/// Per-file rules of an act.
fn check_act(ctx: &FileCheck, doc: &TomlDoc, act: &Act, body_offset: usize) {
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
    bandi::check_act(&out, act);
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
fn check_record(ctx: &FileCheck, doc: &TomlDoc, record: &Record) {
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
fn check_ente(ctx: &FileCheck, doc: &TomlDoc, ente: &Ente) {
    let out = Out { ctx, doc };
    id_rules::check_ente(&out, ente);
    offices::check_ente_name(&out, ente);
    if let Some(sito) = &ente.data.sito {
        urls::check_at(&out, &[Seg::Key("sito")], sito);
    }
}
