//! Publishing to a folder: a mounted share, or any path of this machine.

use super::{Target, WORK};
use crate::write::{self, MANIFEST};
use anyhow::{Context, Result};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

pub(super) struct Folder {
    root: PathBuf,
}

impl Folder {
    pub(super) fn new(root: PathBuf) -> Folder {
        Folder { root }
    }

    fn work(&self) -> PathBuf {
        self.root.join(WORK)
    }

    /// Copies `from` whole into the scratch folder as `scratch`, then
    /// renames it to `to`: a reader sees the old file or the new one.
    fn place(&self, from: &Path, scratch: &str, to: &Path) -> Result<()> {
        let tmp = self.work().join(scratch);
        copy_with_time(from, &tmp).with_context(|| format!("copia in {}", tmp.display()))?;
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent).with_context(|| format!("{}", parent.display()))?;
        }
        fs::rename(&tmp, to).with_context(|| format!("{}", to.display()))
    }
}

impl Target for Folder {
    fn manifest(&mut self) -> Result<Option<String>> {
        let path = self.root.join(MANIFEST);
        match fs::read_to_string(&path) {
            Ok(text) => Ok(Some(text)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e).with_context(|| format!("{}", path.display())),
        }
    }

    fn prepare(&mut self) -> Result<()> {
        let work = self.work();
        match fs::remove_dir_all(&work) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("{}", work.display())),
        }
        fs::create_dir_all(&work).with_context(|| format!("{}", work.display()))
    }

    fn upload(&mut self, site: &Path, files: &[String]) -> Result<usize> {
        let mut in_place = 0;
        for (n, path) in files.iter().enumerate() {
            let relative = write::safe_relative(path)?;
            let (from, to) = (site.join(relative), self.root.join(relative));
            // Sent by an interrupted publish: the same bytes are already there.
            if same_bytes(&from, &to) {
                in_place += 1;
                continue;
            }
            self.place(&from, &n.to_string(), &to)?;
        }
        Ok(in_place)
    }

    fn delete(&mut self, files: &[String]) -> Result<()> {
        for path in files {
            write::safe_relative(path)?;
            write::remove_stale(&self.root, path)?;
        }
        Ok(())
    }

    fn finish(&mut self, site: &Path) -> Result<()> {
        self.place(&site.join(MANIFEST), "manifesto", &self.root.join(MANIFEST))?;
        let work = self.work();
        fs::remove_dir_all(&work).with_context(|| format!("{}", work.display()))
    }
}

/// Copies a file and keeps its modification time, so that a later sync
/// tool sees the file as the build left it.
fn copy_with_time(from: &Path, to: &Path) -> io::Result<()> {
    fs::copy(from, to)?;
    let modified = fs::metadata(from)?.modified()?;
    fs::File::options()
        .write(true)
        .open(to)?
        .set_modified(modified)
}

/// Whether `to` is a file with the bytes of `from` (both readable).
fn same_bytes(from: &Path, to: &Path) -> bool {
    let (Ok(a), Ok(b)) = (fs::metadata(from), fs::symlink_metadata(to)) else {
        return false;
    };
    if !b.is_file() || a.len() != b.len() {
        return false;
    }
    let digest = |p: &Path| fs::File::open(p).and_then(write::digest_reader).ok();
    matches!((digest(from), digest(to)), (Some(x), Some(y)) if x == y)
}
