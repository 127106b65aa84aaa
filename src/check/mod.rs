//! Stage 2, check: rules on identifiers, arithmetic, dates, references and
//! privacy. Per-file rules run during load (`check_act`, `check_record`,
//! `check_ente`) with the file's parsed tree at hand for positions; rules
//! that need the whole site run in `check_site`.

mod site;

pub use site::act_key;

pub use site::check_site;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::load::toml_doc::{Seg, TomlDoc};
use crate::load::{Act, Ente, Record};
use crate::model::Date;
use std::cell::{RefCell, RefMut};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What the rules need to know about the site, loaded once.
pub struct CheckSettings {
    pub root: PathBuf,
    /// Acts dated after this day are flagged.
    pub reference_date: Date,
    /// CPV code → Italian description, when the site configures a vocabulary.
    pub cpv: Option<BTreeMap<String, String>>,
}

impl CheckSettings {
    pub fn new(root: &Path, config: &Config, diagnostics: &mut Vec<Diagnostic>) -> CheckSettings {
        let cpv = config.cpv_vocabolario.as_ref().and_then(|path| {
            load_cpv(&root.join(path))
                .map_err(|e| {
                    diagnostics.push(
                        Diagnostic::new("E010", crate::config::CONFIG_FILE, format!("vocabolario CPV {} non leggibile: {e}", path.display()))
                            .hint("cpv_vocabolario indica un CSV con le colonne code,parent_code,level,description_it"),
                    )
                })
                .ok()
        });
        CheckSettings {
            root: root.to_path_buf(),
            reference_date: config.reference_date(),
            cpv,
        }
    }
}

/// Reads the CPV 2008 vocabulary (`code,parent_code,level,description_it`).
pub fn load_cpv(path: &Path) -> Result<BTreeMap<String, String>, String> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| e.to_string())?;
    let mut map = BTreeMap::new();
    for row in reader.records() {
        let row = row.map_err(|e| e.to_string())?;
        if let (Some(code), Some(desc)) = (row.get(0), row.get(3)) {
            map.insert(code.trim().to_string(), desc.trim().to_string());
        }
    }
    Ok(map)
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
    if act.header.lotti.is_empty() {
        vec![Seg::Key(key)]
    } else {
        vec![Seg::Key("lotti"), Seg::Index(index), Seg::Key(key)]
    }
}

/// Per-file rules of an act.
pub fn check_act(_ctx: &FileCheck, _doc: &TomlDoc, _act: &Act, _body_offset: usize) {}

/// Per-file rules of a procedure record.
pub fn check_record(_ctx: &FileCheck, _doc: &TomlDoc, _record: &Record) {}

/// Per-file rules of a body.
pub fn check_ente(_ctx: &FileCheck, _doc: &TomlDoc, _ente: &Ente) {}
