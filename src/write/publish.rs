//! Where a build prepares the next output, and how it is published: the
//! lock that lets one build at a time work on an output, the atomic switch,
//! and the repair of whatever a killed build left behind.
//!
//! Beside the output `site/` lives the hidden work folder `.site.vetro/`:
//! `lock` (held by the running build), `precedente/` (the previous build,
//! which the next build turns into the new one), `tmp/` (streamed files
//! being written) and, only where folders cannot be exchanged atomically,
//! `scambio/` during the switch.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

/// The right to change one output folder, held until dropped; the kernel
/// releases it when the process dies, so a killed build never blocks the
/// next one.
pub struct OutputLock {
    pub(super) paths: Paths,
    _file: File,
}

/// The output folder and its work folder.
#[derive(Clone)]
pub(super) struct Paths {
    pub dest: PathBuf,
    pub work: PathBuf,
}

impl OutputLock {
    /// Takes the lock of `dest` (waiting, with a message, while another
    /// build holds it), then finishes an interrupted switch and removes the
    /// leftovers of killed builds.
    pub fn acquire(dest: &Path) -> io::Result<OutputLock> {
        let (parent, name) = split(dest)?;
        let work = parent.join(format!(".{name}.vetro"));
        fs::create_dir_all(&work).map_err(super::at(&work))?;
        let path = work.join("lock");
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(super::at(&path))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                eprintln!(
                    "vetro: un'altra build sta scrivendo in {}: attendo che finisca",
                    dest.display()
                );
                file.lock().map_err(super::at(&path))?;
            }
            Err(fs::TryLockError::Error(e)) => return Err(super::at(&path)(e)),
        }
        let paths = Paths {
            dest: dest.to_path_buf(),
            work,
        };
        paths.finish_switch()?;
        paths.collect_leftovers(parent, name)?;
        Ok(OutputLock { paths, _file: file })
    }
}

impl Paths {
    /// The tree the next build is made in: the previous build.
    pub(super) fn next(&self) -> PathBuf {
        self.work.join("precedente")
    }

    pub(super) fn tmp(&self) -> PathBuf {
        self.work.join("tmp")
    }

    fn swap(&self) -> PathBuf {
        self.work.join("scambio")
    }

    /// Publishes the complete tree `next()`: `dest` shows it at once, and
    /// the tree it showed before becomes `next()`.
    pub(super) fn switch(&self) -> io::Result<()> {
        let (next, dest) = (self.next(), &self.dest);
        if fs::symlink_metadata(dest).is_err() {
            return fs::rename(&next, dest).map_err(super::at(dest));
        }
        if exchange(&next, dest)? {
            return Ok(());
        }
        // No atomic exchange here: three renames, each one repaired by
        // `finish_switch` if the build dies after it. For a moment between
        // the first two there is no output folder, but never a mixed one.
        fs::rename(dest, self.swap()).map_err(super::at(dest))?;
        self.finish_switch()
    }

    /// Completes the three renames of a switch without exchange.
    fn finish_switch(&self) -> io::Result<()> {
        let (next, swap) = (self.next(), self.swap());
        if fs::symlink_metadata(&swap).is_err() {
            return Ok(());
        }
        if fs::symlink_metadata(&self.dest).is_err() {
            fs::rename(&next, &self.dest).map_err(super::at(&self.dest))?;
        }
        if fs::symlink_metadata(&next).is_ok() {
            return fs::remove_dir_all(&swap).map_err(super::at(&swap));
        }
        fs::rename(&swap, &next).map_err(super::at(&next))
    }

    /// Removes the streamed files and the unfinished tree of a killed or
    /// failed build, and the staging folders
    /// of vetro versions before this layout (`.site.vetro-staging-<pid>` and
    /// their half-deleted `.old`), which made later builds fail.
    fn collect_leftovers(&self, parent: &Path, name: &str) -> io::Result<()> {
        remove_tree(&self.tmp())?;
        let next = self.next();
        if !next.join(super::MANIFEST).is_file() {
            // Half made by a killed or failed build: nobody can trust it.
            remove_tree(&next)?;
        }
        let old_staging = format!(".{name}.vetro-staging-");
        for entry in fs::read_dir(parent).map_err(super::at(parent))? {
            let entry = entry.map_err(super::at(parent))?;
            if entry
                .file_name()
                .to_string_lossy()
                .starts_with(&old_staging)
            {
                remove_tree(&entry.path())?;
            }
        }
        Ok(())
    }
}

/// The existing folder holding `dest`, and `dest`'s name.
fn split(dest: &Path) -> io::Result<(&Path, &str)> {
    let invalid = || {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{}: non è un nome di cartella utilizzabile", dest.display()),
        )
    };
    let name = dest
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(invalid)?;
    let parent = dest.parent().ok_or_else(invalid)?;
    fs::create_dir_all(parent).map_err(super::at(parent))?;
    Ok((parent, name))
}

/// Removes a file or folder, if there is one.
pub(super) fn remove_tree(path: &Path) -> io::Result<()> {
    let result = match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    };
    result.map_err(super::at(path))
}

/// Swaps two folders in one step; `false` where the system or the file
/// system cannot.
#[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => Ok(false),
        Err(e) => Err(super::at(b)(e.into())),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_os = "macos")))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A complete build: a page and its manifest.
    fn tree(dir: &Path, text: &str) {
        fs::create_dir_all(dir).unwrap();
        fs::write(dir.join("index.html"), text).unwrap();
        fs::write(dir.join(crate::write::MANIFEST), "# vetro\n").unwrap();
    }

    fn page(dir: &Path) -> String {
        fs::read_to_string(dir.join("index.html")).unwrap()
    }

    #[test]
    fn the_switch_exchanges_the_output_with_the_next_build() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("site");
        tree(&dest, "old");
        let lock = OutputLock::acquire(&dest).unwrap();
        tree(&lock.paths.next(), "new");
        lock.paths.switch().unwrap();
        assert_eq!(page(&dest), "new");
        assert_eq!(page(&lock.paths.next()), "old");
    }

    /// A switch without exchange killed after each of its renames is
    /// completed by the next build: the output is the new build.
    #[test]
    fn an_interrupted_switch_without_exchange_is_completed() {
        for renames_done in 1..=2 {
            let tmp = tempfile::tempdir().unwrap();
            let dest = tmp.path().join("site");
            let work = tmp.path().join(".site.vetro");
            tree(&work.join("scambio"), "old");
            if renames_done == 1 {
                tree(&work.join("precedente"), "new");
            } else {
                tree(&dest, "new");
            }
            let lock = OutputLock::acquire(&dest).unwrap();
            assert_eq!(page(&dest), "new");
            assert_eq!(page(&lock.paths.next()), "old");
            assert!(!work.join("scambio").exists());
        }
    }

    #[test]
    fn a_second_lock_waits_for_the_first() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("site");
        let first = OutputLock::acquire(&dest).unwrap();
        let (sender, receiver) = std::sync::mpsc::channel();
        let waiter = {
            let dest = dest.clone();
            std::thread::spawn(move || {
                let _second = OutputLock::acquire(&dest).unwrap();
                sender.send(()).unwrap();
            })
        };
        let wait = std::time::Duration::from_millis(300);
        assert!(receiver.recv_timeout(wait).is_err(), "the lock was shared");
        drop(first);
        receiver.recv_timeout(wait * 10).unwrap();
        waiter.join().unwrap();
    }
}
