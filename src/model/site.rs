//! What `load` hands on: every file of `content/` as a typed value.

use super::{ActHeader, ActId, Config, CpvVocabulary, EnteFile, Lotto, RecordHeader};
use serde::Deserialize;
use std::path::PathBuf;

/// Everything `content/` holds, as typed values.
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    /// CPV code → Italian description: the built-in CPV 2008 list, or the
    /// site's own file when `cpv_vocabolario` names one.
    pub cpv: CpvVocabulary,
    pub enti: Vec<Ente>,
    pub acts: Vec<Act>,
    pub records: Vec<Record>,
    pub pages: Vec<Page>,
    /// The key of natural persons' page ids (`crate::secret`), when the site has one.
    pub secret: Option<crate::secret::SiteSecret>,
}

/// An act file: front matter, lots and Markdown text.
#[derive(Clone, Debug)]
pub struct Act {
    /// Path relative to the site root.
    pub file: PathBuf,
    /// The act's identity, computed here once from its header.
    pub id: ActId,
    /// The front matter; its `lotti` is empty once loaded: the lots are in `lots`.
    pub header: ActHeader,
    pub lots: Vec<Lotto>,
    /// The single lot is written with top-level keys rather than `[[lotti]]`.
    pub shorthand: bool,
    pub body: String,
}

/// A procedure record: one lot with no act text.
#[derive(Clone, Debug)]
pub struct Record {
    pub file: PathBuf,
    pub header: RecordHeader,
    pub lot: Lotto,
}

#[derive(Clone, Debug)]
pub struct Ente {
    pub id: String,
    pub file: PathBuf,
    pub data: EnteFile,
}

/// A free page (`content/pagine/<slug>.md`), e.g. the accessibility statement.
#[derive(Clone, Debug)]
pub struct Page {
    pub slug: String,
    pub file: PathBuf,
    pub header: PageHeader,
    pub body: String,
}

#[derive(Clone, Debug, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct PageHeader {
    pub titolo: String,
    #[serde(default)]
    pub descrizione: Option<String>,
}
