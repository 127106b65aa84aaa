//! The write stage (ARCHITECTURE.md): every output file goes through
//! `Output::write`, and the output folder changes in one atomic step.
//!
//! A build never writes into the output folder `site/`. It makes the next
//! tree in `.site.vetro/precedente/`, which holds the build before the
//! current one, and publishes it by exchanging the two folders in one
//! `renameat2(RENAME_EXCHANGE)`: a reader, a web server or a sync tool sees
//! the old site or the new one, never a mix, whenever the build is killed.
//! The site just replaced stays in `precedente/` until the next build.
//!
//! Every file of the current site is also a hard link in the next tree, so
//! a rebuild touches only what changed: a file whose bytes equal the
//! current site's keeps its inode and modification time (a sync tool
//! uploads only the difference); one that the previous tree already shares
//! with the current site costs nothing at all; a changed file is written
//! anew. A rebuild of a large site where one act changed writes and links a
//! few files, never copies the tree.
//!
//! Each tree's manifest (`.vetro-manifest`, see `manifest`) says what the
//! tree holds. The next tree's manifest is removed before the tree is
//! changed, so a build killed half-way leaves a tree without one, which the
//! next build does not trust: it empties it and links it afresh.

pub(crate) mod guard;
mod manifest;
mod publish;

pub(crate) use manifest::{BuildCounts, BuildRecord, MANIFEST};
pub(crate) use manifest::{parse as parse_manifest, read as read_manifest};
pub use publish::OutputLock;

use publish::Paths;
use sha2::{Digest as _, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// A file's digest as the manifest keeps it: SHA-256, so that anyone can
/// check a copy with `sha256sum` and no vetro.
pub(crate) type Digest = [u8; 32];

/// An I/O error on one path of the output; `build` reports it as an I/O
/// problem (exit code 2) naming the path.
#[derive(Debug)]
pub(crate) struct OutputError {
    pub path: PathBuf,
    pub source: io::Error,
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.source)
    }
}

impl std::error::Error for OutputError {}

/// Wraps an I/O error on `path` into an `OutputError`, unless it already
/// names its path.
pub(crate) fn at(path: &Path) -> impl FnOnce(io::Error) -> io::Error + '_ {
    move |source| {
        if output_error(&source).is_some() {
            return source;
        }
        let kind = source.kind();
        io::Error::new(
            kind,
            OutputError {
                path: path.to_path_buf(),
                source,
            },
        )
    }
}

/// The failed path, if `error` (or one of its causes) is an `OutputError`.
pub(crate) fn output_error<'e>(
    error: &'e (dyn std::error::Error + 'static),
) -> Option<&'e OutputError> {
    let mut cause = Some(error);
    while let Some(e) = cause {
        let inner = e
            .downcast_ref::<io::Error>()
            .and_then(|io| io.get_ref())
            .and_then(|i| i.downcast_ref::<OutputError>());
        if let Some(found) = inner.or_else(|| e.downcast_ref::<OutputError>()) {
            return Some(found);
        }
        cause = e.source();
    }
    None
}

pub struct Output {
    paths: Paths,
    /// The tree being made; published by `commit`.
    next: PathBuf,
    /// Digests of the current site; empty when every file is written anew.
    current: HashMap<String, Digest>,
    /// Digests of what `next` held when the build began (the build before
    /// the current one); empty when it was not trusted.
    before: HashMap<String, Digest>,
    produced: Mutex<BTreeMap<String, Digest>>,
    written: AtomicUsize,
    bytes_written: AtomicU64,
    bytes_total: AtomicU64,
    streams: AtomicU64,
}

/// What a build did to the output folder.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WriteStats {
    pub files: usize,
    pub written: usize,
    pub removed: usize,
    pub bytes_total: u64,
    pub bytes_written: u64,
}

/// What one produced file needs in the next tree.
#[derive(PartialEq)]
enum Place {
    /// The next tree already shares the current site's file.
    Keep,
    /// Same bytes as the current site: a hard link to its file.
    Link,
    /// New or changed bytes.
    Write,
}

impl Output {
    /// Prepares a build of the locked output; `full` writes every file anew.
    pub fn begin(lock: &OutputLock, full: bool) -> io::Result<Output> {
        let paths = lock.paths.clone();
        let next = paths.next();
        let (current, before) = match full {
            true => (HashMap::new(), None),
            false => (
                manifest::read(&paths.dest).unwrap_or_default(),
                take_manifest(&next)?,
            ),
        };
        if before.is_none() {
            publish::remove_tree(&next)?;
        }
        fs::create_dir_all(&next).map_err(at(&next))?;
        let tmp = paths.tmp();
        fs::create_dir_all(&tmp).map_err(at(&tmp))?;
        Ok(Output {
            paths,
            next,
            current,
            before: before.unwrap_or_default(),
            produced: Mutex::new(BTreeMap::new()),
            written: AtomicUsize::new(0),
            bytes_written: AtomicU64::new(0),
            bytes_total: AtomicU64::new(0),
            streams: AtomicU64::new(0),
        })
    }

    /// Records one output file and puts it in the next tree; returns its
    /// digest.
    pub(crate) fn write(&self, path: &str, bytes: &[u8]) -> io::Result<Digest> {
        let relative = safe_relative(path)?;
        let len = bytes.len() as u64;
        let digest = digest(bytes);
        let place = self.record(path, digest, len)?;
        if place == Place::Keep || (place == Place::Link && self.link(relative)?) {
            return Ok(digest);
        }
        let target = self.make_room(relative)?;
        fs::write(&target, bytes).map_err(at(&target))?;
        self.count_written(len);
        Ok(digest)
    }

    /// Starts an output file written piece by piece, for dumps too large to
    /// hold in memory. It is written aside and placed on `finish`, as a
    /// link when its bytes turn out to be those of the current site.
    pub(crate) fn create(&self, path: &str) -> io::Result<FileWriter<'_>> {
        safe_relative(path)?;
        let n = self.streams.fetch_add(1, Ordering::Relaxed);
        let target = self.paths.tmp().join(n.to_string());
        let file = fs::File::create(&target).map_err(at(&target))?;
        Ok(FileWriter {
            output: self,
            path: path.to_string(),
            file: io::BufWriter::with_capacity(1 << 16, file),
            target,
            hasher: Sha256::new(),
            len: 0,
        })
    }

    /// Notes that `path` was produced with `digest`; what it needs.
    fn record(&self, path: &str, digest: Digest, len: u64) -> io::Result<Place> {
        let mut produced = self.produced.lock().map_err(|_| poisoned())?;
        if produced.insert(path.to_string(), digest).is_some() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("two outputs would be written at {path}"),
            ));
        }
        drop(produced);
        self.bytes_total.fetch_add(len, Ordering::Relaxed);
        let current = self.current.get(path);
        Ok(if current != Some(&digest) {
            Place::Write
        } else if self.before.get(path) == current {
            // Same bytes in all three builds: by induction, one inode.
            Place::Keep
        } else {
            Place::Link
        })
    }

    /// Links the current site's file into the next tree; `false` when the
    /// current site no longer has it (someone removed it by hand).
    fn link(&self, relative: &Path) -> io::Result<bool> {
        let source = self.paths.dest.join(relative);
        if fs::symlink_metadata(&source).is_err() {
            return Ok(false);
        }
        let target = self.make_room(relative)?;
        if fs::hard_link(&source, &target).is_ok() {
            return Ok(true);
        }
        // A file system without hard links: a copy with the same time.
        fs::copy(&source, &target).map_err(at(&target))?;
        let modified = fs::metadata(&source)
            .and_then(|m| m.modified())
            .map_err(at(&source))?;
        let file = fs::File::options().write(true).open(&target);
        file.and_then(|f| f.set_modified(modified))
            .map_err(at(&target))?;
        Ok(true)
    }

    /// The path of `relative` in the next tree, with its folders made and
    /// whatever the older build had there removed. Files there may be hard
    /// links of the published site: they are replaced, never written into.
    fn make_room(&self, relative: &Path) -> io::Result<PathBuf> {
        let target = self.next.join(relative);
        if let Some(dir) = target.parent()
            && fs::create_dir_all(dir).is_err()
        {
            // A file of the older build where a folder is needed now.
            for ancestor in relative.ancestors().skip(1) {
                let path = self.next.join(ancestor);
                if fs::symlink_metadata(&path).is_ok_and(|m| !m.is_dir()) {
                    self.not_produced(ancestor, &path)?;
                    fs::remove_file(&path).map_err(at(&path))?;
                }
            }
            fs::create_dir_all(dir).map_err(at(dir))?;
        }
        if fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
            // A folder of the older build where a file is needed now.
            let mut prefix = relative.to_string_lossy().into_owned();
            prefix.push('/');
            let produced = self.produced.lock().map_err(|_| poisoned())?;
            if let Some((inside, _)) = produced.range(prefix.clone()..).next()
                && inside.starts_with(&prefix)
            {
                return Err(conflict(&target));
            }
        }
        publish::remove_tree(&target)?;
        Ok(target)
    }

    /// Refuses to remove a file this build produced.
    fn not_produced(&self, relative: &Path, path: &Path) -> io::Result<()> {
        let produced = self.produced.lock().map_err(|_| poisoned())?;
        match produced.contains_key(relative.to_string_lossy().as_ref()) {
            true => Err(conflict(path)),
            false => Ok(()),
        }
    }

    fn count_written(&self, len: u64) {
        self.written.fetch_add(1, Ordering::Relaxed);
        self.bytes_written.fetch_add(len, Ordering::Relaxed);
    }

    /// How many files the build has produced so far.
    pub(crate) fn files(&self) -> usize {
        self.produced.lock().map_or(0, |p| p.len())
    }

    /// Completes the next tree (stale files removed, manifest written) and
    /// publishes it in one step; `record` describes this build.
    pub(crate) fn commit(self, record: &BuildRecord) -> io::Result<WriteStats> {
        let produced = self.produced.into_inner().map_err(|_| poisoned())?;
        for path in self.before.keys().filter(|p| !produced.contains_key(*p)) {
            remove_stale(&self.next, path)?;
        }
        manifest::write(&self.next, record, &produced)?;
        self.paths.switch()?;
        // Published: what is left in tmp/ is collected by the next build.
        let _ = publish::remove_tree(&self.paths.tmp());
        let removed = self.current.keys().filter(|p| !produced.contains_key(*p));
        Ok(WriteStats {
            files: produced.len(),
            written: self.written.into_inner(),
            removed: removed.count(),
            bytes_total: self.bytes_total.into_inner(),
            bytes_written: self.bytes_written.into_inner(),
        })
    }

    /// Drops this build; the output folder is left as it was. The next
    /// tree, already changed and no longer trusted, goes too.
    pub fn abort(self) {
        let _ = publish::remove_tree(&self.paths.tmp());
        let _ = publish::remove_tree(&self.next);
    }
}

/// An output file being written; see `Output::create`.
pub(crate) struct FileWriter<'o> {
    output: &'o Output,
    path: String,
    target: PathBuf,
    file: io::BufWriter<fs::File>,
    hasher: Sha256,
    len: u64,
}

impl io::Write for FileWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf).map_err(at(&self.target))?;
        self.hasher.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush().map_err(at(&self.target))
    }
}

impl FileWriter<'_> {
    /// Completes the file; returns its length in bytes and its digest.
    pub(crate) fn finish(self) -> io::Result<(u64, Digest)> {
        let FileWriter {
            output,
            path,
            target,
            file,
            hasher,
            len,
        } = self;
        let file = file.into_inner().map_err(|e| at(&target)(e.into_error()))?;
        drop(file);
        let relative = safe_relative(&path)?;
        let digest: Digest = hasher.finalize().into();
        let place = output.record(&path, digest, len)?;
        if place == Place::Keep || (place == Place::Link && output.link(relative)?) {
            fs::remove_file(&target).map_err(at(&target))?;
            return Ok((len, digest));
        }
        let placed = output.make_room(relative)?;
        fs::rename(&target, &placed).map_err(at(&placed))?;
        output.count_written(len);
        Ok((len, digest))
    }
}

fn poisoned() -> io::Error {
    io::Error::other("output lock poisoned")
}

/// Two outputs of one build where one is a file and the other a folder.
fn conflict(path: &Path) -> io::Error {
    at(path)(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "la build produce sia un file sia una cartella con questo nome",
    ))
}

/// The manifest of the tree `dir`, removed so that the tree is no longer
/// trusted while it changes; `None` if it had none (or a broken one).
fn take_manifest(dir: &Path) -> io::Result<Option<HashMap<String, Digest>>> {
    let digests = manifest::read(dir);
    let path = dir.join(MANIFEST);
    match fs::remove_file(&path) {
        Ok(()) => Ok(digests),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(at(&path)(e)),
    }
}

/// Removes a file of the older build no longer produced, and the folders
/// it leaves empty.
pub(crate) fn remove_stale(tree: &Path, path: &str) -> io::Result<()> {
    let target = tree.join(path);
    match fs::symlink_metadata(&target) {
        Ok(meta) if !meta.is_dir() => fs::remove_file(&target).map_err(at(&target))?,
        _ => return Ok(()),
    }
    let mut dir = target.parent();
    while let Some(d) = dir {
        if d == tree || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
    Ok(())
}

/// Refuses absolute paths and `..`: outputs stay inside the output folder.
pub(crate) fn safe_relative(path: &str) -> io::Result<&Path> {
    let p = Path::new(path);
    let ok = !path.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)));
    if ok {
        Ok(p)
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("output path {path:?} leaves the output folder"),
        ))
    }
}

fn digest(bytes: &[u8]) -> Digest {
    Sha256::digest(bytes).into()
}

/// The digest of the bytes `reader` yields, read in blocks.
pub(crate) fn digest_reader(mut reader: impl io::Read) -> io::Result<Digest> {
    let mut hasher = Sha256::new();
    let mut block = vec![0u8; 1 << 16];
    loop {
        match reader.read(&mut block) {
            Ok(0) => return Ok(hasher.finalize().into()),
            Ok(n) => hasher.update(&block[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests;
