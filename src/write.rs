//! Stage 7, write: every output file goes through `Output::write`.
//!
//! A first build writes a complete tree into a temporary folder beside the
//! output and swaps it into place. A rebuild compares each file's digest with
//! the manifest of the previous build and stages only the files whose bytes
//! changed; on commit they are moved into place and files no longer produced
//! are removed. Unchanged files are never touched, so they keep their
//! modification time and a sync tool uploads only the difference. Nothing
//! reaches the output folder before every stage has succeeded.

use std::collections::{BTreeMap, HashMap};
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// Name of the manifest kept inside the output folder.
pub const MANIFEST: &str = ".vetro-manifest";

type Digest = [u8; 16];

/// What the manifest remembers of the build that wrote it: the fingerprint
/// of its inputs and its counts, so an unchanged rebuild can stop early.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BuildRecord {
    pub inputs: String,
    /// Acts, procedures, suppliers, pages and files of the build.
    pub counts: [usize; 5],
}

impl BuildRecord {
    fn line(&self) -> String {
        let [a, p, s, g, f] = self.counts;
        format!(
            "# vetro inputs={} atti={a} procedure={p} fornitori={s} pagine={g} file={f}\n",
            self.inputs
        )
    }

    fn parse(line: &str) -> Option<BuildRecord> {
        let mut fields = line
            .strip_prefix("# vetro ")?
            .split(' ')
            .map(|f| f.split_once('=').map(|(_, v)| v));
        let inputs = fields.next()??.to_string();
        let mut counts = [0; 5];
        for slot in &mut counts {
            *slot = fields.next()??.parse().ok()?;
        }
        Some(BuildRecord { inputs, counts })
    }

    /// The record of the build that last wrote `dest`, if any.
    pub fn of(dest: &Path) -> Option<BuildRecord> {
        use std::io::BufRead;
        // Only the first line: the manifest of a large site is tens of MB.
        let file = std::fs::File::open(dest.join(MANIFEST)).ok()?;
        let mut line = String::new();
        io::BufReader::new(file).read_line(&mut line).ok()?;
        BuildRecord::parse(line.trim_end())
    }
}

pub struct Output {
    dest: PathBuf,
    staging: PathBuf,
    /// Digests of the previous build; `None` when the tree is written anew.
    previous: Option<HashMap<String, Digest>>,
    produced: Mutex<BTreeMap<String, Digest>>,
    written: AtomicUsize,
    bytes_written: AtomicU64,
    bytes_total: AtomicU64,
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

impl Output {
    /// Prepares a build into `dest`; `full` ignores the previous manifest.
    pub fn begin(dest: &Path, full: bool) -> io::Result<Output> {
        let parent = dest
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let name = dest.file_name().and_then(|n| n.to_str()).unwrap_or("site");
        let staging = parent.join(format!(".{name}.vetro-staging-{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging)?;
        }
        std::fs::create_dir_all(&staging)?;
        let previous = if full { None } else { read_manifest(dest) };
        Ok(Output {
            dest: dest.to_path_buf(),
            staging,
            previous,
            produced: Mutex::new(BTreeMap::new()),
            written: AtomicUsize::new(0),
            bytes_written: AtomicU64::new(0),
            bytes_total: AtomicU64::new(0),
        })
    }

    /// Records one output file; writes it to staging only if it changed.
    pub fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let relative = safe_relative(path)?;
        if !self.record(path, digest(bytes), bytes.len() as u64)? {
            return Ok(());
        }
        let target = self.staging_path(relative)?;
        std::fs::write(&target, bytes)?;
        self.count_written(bytes.len() as u64);
        Ok(())
    }

    /// Starts an output file written piece by piece, for dumps too large to
    /// hold in memory. It is staged as it is written and dropped on
    /// `finish` if its bytes turn out to be those of the previous build.
    pub fn create(&self, path: &str) -> io::Result<FileWriter<'_>> {
        let target = self.staging_path(safe_relative(path)?)?;
        Ok(FileWriter {
            output: self,
            path: path.to_string(),
            file: io::BufWriter::with_capacity(1 << 16, std::fs::File::create(&target)?),
            target,
            hasher: blake3::Hasher::new(),
            len: 0,
        })
    }

    /// Notes that `path` was produced with `digest`; whether it must be
    /// written (it is new or changed since the previous build).
    fn record(&self, path: &str, digest: Digest, len: u64) -> io::Result<bool> {
        let mut produced = self
            .produced
            .lock()
            .map_err(|_| io::Error::other("output lock poisoned"))?;
        if produced.insert(path.to_string(), digest).is_some() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("two outputs would be written at {path}"),
            ));
        }
        drop(produced);
        self.bytes_total.fetch_add(len, Ordering::Relaxed);
        let unchanged = self
            .previous
            .as_ref()
            .is_some_and(|m| m.get(path) == Some(&digest));
        Ok(!unchanged)
    }

    fn staging_path(&self, relative: &Path) -> io::Result<PathBuf> {
        let target = self.staging.join(relative);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir)?;
        }
        Ok(target)
    }

    fn count_written(&self, len: u64) {
        self.written.fetch_add(1, Ordering::Relaxed);
        self.bytes_written.fetch_add(len, Ordering::Relaxed);
    }

    /// How many files the build has produced so far.
    pub fn files(&self) -> usize {
        self.produced.lock().map_or(0, |p| p.len())
    }

    /// Moves the new or changed files into place and removes stale ones;
    /// `record` describes this build in the manifest.
    pub fn commit(self, record: &BuildRecord) -> io::Result<WriteStats> {
        let produced = self
            .produced
            .into_inner()
            .map_err(|_| io::Error::other("output lock poisoned"))?;
        let mut stats = WriteStats {
            files: produced.len(),
            written: self.written.into_inner(),
            removed: 0,
            bytes_total: self.bytes_total.into_inner(),
            bytes_written: self.bytes_written.into_inner(),
        };
        match &self.previous {
            None => swap_in(&self.staging, &self.dest)?,
            Some(previous) => {
                move_changed(&self.staging, &self.dest)?;
                stats.removed = remove_stale(&self.dest, previous, &produced)?;
                std::fs::remove_dir_all(&self.staging)?;
            }
        }
        let same_record = BuildRecord::of(&self.dest).as_ref() == Some(record);
        if stats.written > 0 || stats.removed > 0 || self.previous.is_none() || !same_record {
            write_manifest(&self.dest, record, &produced)?;
        }
        Ok(stats)
    }

    /// Drops everything staged; the output folder is left as it was.
    pub fn abort(self) {
        let _ = std::fs::remove_dir_all(&self.staging);
    }
}

/// An output file being written; see `Output::create`.
pub struct FileWriter<'o> {
    output: &'o Output,
    path: String,
    target: PathBuf,
    file: io::BufWriter<std::fs::File>,
    hasher: blake3::Hasher,
    len: u64,
}

impl io::Write for FileWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl FileWriter<'_> {
    /// Completes the file; returns its length in bytes.
    pub fn finish(self) -> io::Result<u64> {
        let FileWriter {
            output,
            path,
            target,
            file,
            hasher,
            len,
        } = self;
        drop(file.into_inner().map_err(|e| e.into_error())?);
        if output.record(&path, truncate(hasher.finalize()), len)? {
            output.count_written(len);
        } else {
            std::fs::remove_file(&target)?;
        }
        Ok(len)
    }
}

/// Refuses absolute paths and `..`: outputs stay inside the output folder.
fn safe_relative(path: &str) -> io::Result<&Path> {
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
    truncate(blake3::hash(bytes))
}

/// The manifest keeps 128 bits of the BLAKE3 hash: plenty to tell files apart.
fn truncate(hash: blake3::Hash) -> Digest {
    let mut out = [0u8; 16];
    out.copy_from_slice(&hash.as_bytes()[..16]);
    out
}

/// Replaces `dest` with the complete new tree in `staging`.
fn swap_in(staging: &Path, dest: &Path) -> io::Result<()> {
    if dest.exists() {
        let old = staging.with_extension("old");
        std::fs::rename(dest, &old)?;
        std::fs::rename(staging, dest)?;
        std::fs::remove_dir_all(&old)?;
    } else {
        std::fs::rename(staging, dest)?;
    }
    Ok(())
}

fn move_changed(staging: &Path, dest: &Path) -> io::Result<()> {
    for entry in walkdir::WalkDir::new(staging).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = entry
            .path()
            .strip_prefix(staging)
            .map_err(io::Error::other)?;
        let target = dest.join(relative);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::rename(entry.path(), &target)?;
    }
    Ok(())
}

fn remove_stale(
    dest: &Path,
    previous: &HashMap<String, Digest>,
    produced: &BTreeMap<String, Digest>,
) -> io::Result<usize> {
    let mut stale: Vec<&String> = previous
        .keys()
        .filter(|p| !produced.contains_key(*p))
        .collect();
    stale.sort();
    for path in &stale {
        let target = dest.join(path);
        match std::fs::remove_file(&target) {
            Ok(()) => remove_empty_parents(dest, &target),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(stale.len())
}

fn remove_empty_parents(dest: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == dest || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

fn read_manifest(dest: &Path) -> Option<HashMap<String, Digest>> {
    let text = std::fs::read_to_string(dest.join(MANIFEST)).ok()?;
    let mut map = HashMap::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let (hash, path) = line.split_once(' ')?;
        let bytes = hex::decode(hash).ok()?;
        map.insert(path.to_string(), bytes.try_into().ok()?);
    }
    Some(map)
}

fn write_manifest(
    dest: &Path,
    record: &BuildRecord,
    produced: &BTreeMap<String, Digest>,
) -> io::Result<()> {
    let mut text = String::with_capacity(produced.len() * 80);
    text.push_str(&record.line());
    for (path, digest) in produced {
        text.push_str(&hex::encode(digest));
        text.push(' ');
        text.push_str(path);
        text.push('\n');
    }
    let tmp = dest.join(format!("{MANIFEST}.tmp"));
    std::fs::write(&tmp, text)?;
    std::fs::rename(tmp, dest.join(MANIFEST))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(dest: &Path, files: &[(&str, &str)]) -> WriteStats {
        let out = Output::begin(dest, false).unwrap();
        for (path, text) in files {
            out.write(path, text.as_bytes()).unwrap();
        }
        out.commit(&BuildRecord::default()).unwrap()
    }

    #[test]
    fn rebuilds_write_only_what_changed() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("site");
        let first = build(&dest, &[("a/index.html", "A"), ("b/index.html", "B")]);
        assert_eq!((first.files, first.written), (2, 2));
        let same = build(&dest, &[("a/index.html", "A"), ("b/index.html", "B")]);
        assert_eq!((same.written, same.removed), (0, 0));
        let changed = build(&dest, &[("a/index.html", "A2")]);
        assert_eq!((changed.written, changed.removed), (1, 1));
        assert_eq!(
            std::fs::read_to_string(dest.join("a/index.html")).unwrap(),
            "A2"
        );
        assert!(!dest.join("b").exists());
    }

    #[test]
    fn streamed_files_are_kept_only_when_they_change() {
        use std::io::Write;
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("site");
        let stream = |text: &str| {
            let out = Output::begin(&dest, false).unwrap();
            let mut file = out.create("dati/grande.json").unwrap();
            for part in text.split_inclusive(',') {
                file.write_all(part.as_bytes()).unwrap();
            }
            assert_eq!(file.finish().unwrap(), text.len() as u64);
            out.write("small.txt", b"s").unwrap();
            out.commit(&BuildRecord::default()).unwrap()
        };
        assert_eq!(stream("[1,2,3]").written, 2);
        let path = dest.join("dati/grande.json");
        let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let same = stream("[1,2,3]");
        assert_eq!((same.files, same.written), (2, 0));
        assert_eq!(
            std::fs::metadata(&path).unwrap().modified().unwrap(),
            modified
        );
        assert_eq!(stream("[1,2,4]").written, 1);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "[1,2,4]");
        // The same bytes through `write` and through `create` get one digest.
        let out = Output::begin(&dest, false).unwrap();
        out.write("dati/grande.json", b"[1,2,4]").unwrap();
        out.write("small.txt", b"s").unwrap();
        assert_eq!(out.commit(&BuildRecord::default()).unwrap().written, 0);
    }

    #[test]
    fn the_manifest_remembers_the_build() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("site");
        let out = Output::begin(&dest, false).unwrap();
        out.write("a", b"x").unwrap();
        let record = BuildRecord {
            inputs: "abc".into(),
            counts: [5, 4, 3, 2, 1],
        };
        out.commit(&record).unwrap();
        assert_eq!(BuildRecord::of(&dest), Some(record));
        assert_eq!(read_manifest(&dest).unwrap().len(), 1);
    }

    #[test]
    fn aborted_builds_leave_the_output_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("site");
        build(&dest, &[("a.html", "A")]);
        let out = Output::begin(&dest, false).unwrap();
        out.write("a.html", b"changed").unwrap();
        out.abort();
        assert_eq!(std::fs::read_to_string(dest.join("a.html")).unwrap(), "A");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn paths_stay_inside_and_are_written_once() {
        let tmp = tempfile::tempdir().unwrap();
        let out = Output::begin(&tmp.path().join("site"), false).unwrap();
        assert!(out.write("../evil", b"x").is_err());
        assert!(out.write("/etc/passwd", b"x").is_err());
        out.write("a", b"x").unwrap();
        assert!(out.write("a", b"y").is_err());
        out.abort();
    }
}
