//! The manifest `.vetro-manifest`: the first line describes the build (its
//! inputs' fingerprint and counts), then one `<sha256>  <path>` line per
//! file — the format `sha256sum -c` reads, which skips the comment line.
//! A tree is trusted only when it holds a complete manifest: it is written
//! to a temporary name and renamed, so a kill never leaves half of one.

use super::Digest;
use std::collections::{BTreeMap, HashMap};
use std::io;
use std::path::Path;

/// Name of the manifest kept inside the output folder; it is also the
/// marker that tells a vetro output from a user's folder.
pub(crate) const MANIFEST: &str = ".vetro-manifest";

/// What the manifest remembers of the build that wrote it: the fingerprint
/// of its inputs and its counts, so an unchanged rebuild can stop early.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct BuildRecord {
    pub inputs: String,
    pub counts: BuildCounts,
}

/// How many of each thing the build made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct BuildCounts {
    pub acts: usize,
    pub procedures: usize,
    pub suppliers: usize,
    pub pages: usize,
    pub files: usize,
}

impl BuildRecord {
    fn line(&self) -> String {
        let c = &self.counts;
        format!(
            "# vetro inputs={} atti={} procedure={} fornitori={} pagine={} file={}\n",
            self.inputs, c.acts, c.procedures, c.suppliers, c.pages, c.files
        )
    }

    fn parse(line: &str) -> Option<BuildRecord> {
        let mut fields = line
            .strip_prefix("# vetro ")?
            .split(' ')
            .map(|f| f.split_once('=').map(|(_, v)| v));
        let inputs = fields.next()??.to_string();
        let mut count = || -> Option<usize> { fields.next()??.parse().ok() };
        let counts = BuildCounts {
            acts: count()?,
            procedures: count()?,
            suppliers: count()?,
            pages: count()?,
            files: count()?,
        };
        Some(BuildRecord { inputs, counts })
    }

    /// The record of the build that last wrote `dest`, if any.
    pub(crate) fn of(dest: &Path) -> Option<BuildRecord> {
        use std::io::BufRead;
        // Only the first line: the manifest of a large site is tens of MB.
        let file = std::fs::File::open(dest.join(MANIFEST)).ok()?;
        let mut line = String::new();
        io::BufReader::new(file).read_line(&mut line).ok()?;
        BuildRecord::parse(line.trim_end())
    }
}

/// The digests of the files of the tree `dir`, if it holds a manifest.
pub(crate) fn read(dir: &Path) -> Option<HashMap<String, Digest>> {
    parse(&std::fs::read_to_string(dir.join(MANIFEST)).ok()?)
}

/// The digests a manifest's text lists; `None` if any line is broken.
pub(crate) fn parse(text: &str) -> Option<HashMap<String, Digest>> {
    let mut map = HashMap::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let (hash, path) = line.split_once("  ")?;
        // Stale paths are removed: a manifest naming `..` is not trusted.
        super::safe_relative(path).ok()?;
        let bytes = hex::decode(hash).ok()?;
        map.insert(path.to_string(), bytes.try_into().ok()?);
    }
    Some(map)
}

/// Writes the manifest of `dir` whole, then renames it into place.
pub(crate) fn write(
    dir: &Path,
    record: &BuildRecord,
    produced: &BTreeMap<String, Digest>,
) -> io::Result<()> {
    let mut text = String::with_capacity(produced.len() * 80);
    text.push_str(&record.line());
    for (path, digest) in produced {
        text.push_str(&hex::encode(digest));
        text.push_str("  ");
        text.push_str(path);
        text.push('\n');
    }
    let tmp = dir.join(format!("{MANIFEST}.tmp"));
    std::fs::write(&tmp, text).map_err(super::at(&tmp))?;
    let target = dir.join(MANIFEST);
    std::fs::rename(&tmp, &target).map_err(super::at(&target))
}
