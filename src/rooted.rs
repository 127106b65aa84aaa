//! The one place imports (and import atti drafts) read and write files: paths relative to the
//! site's root that cannot leave it. Every folder on the way is checked
//! after resolving symlinks (a `content/procedure` linked elsewhere is
//! refused before anything is created there), and a file is replaced by a
//! rename, so a symlink in its place is never written through.

use std::ffi::OsString;
use std::io::{self, ErrorKind};
use std::path::{Component, Path, PathBuf};

pub(crate) struct Rooted {
    /// The root as given, for messages.
    shown: PathBuf,
    /// The root canonicalized: every path used must start with it.
    real: PathBuf,
}

impl Rooted {
    pub fn open(root: &Path) -> io::Result<Rooted> {
        let real = root
            .canonicalize()
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", root.display())))?;
        Ok(Rooted {
            shown: root.to_path_buf(),
            real,
        })
    }

    /// The text of `relative`, None when it does not exist.
    pub(crate) fn read(&self, relative: &Path) -> io::Result<Option<String>> {
        let Some(dir) = self.folder(relative, false)? else {
            return Ok(None);
        };
        let path = dir.join(file_name(relative)?);
        match std::fs::symlink_metadata(&path) {
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(self.error(relative, e)),
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(self.refused(relative, "è un collegamento simbolico"));
            }
            Ok(_) => {}
        }
        std::fs::read_to_string(&path)
            .map(Some)
            .map_err(|e| self.error(relative, e))
    }

    /// Writes `relative` (creating its folders) through a temporary file
    /// renamed into place.
    pub(crate) fn write(&self, relative: &Path, bytes: &[u8]) -> io::Result<()> {
        let dir = self
            .folder(relative, true)?
            .ok_or_else(|| self.refused(relative, "cartella non creata"))?;
        let name = file_name(relative)?;
        let mut temporary = OsString::from(".");
        temporary.push(name);
        temporary.push(".vetro-import");
        let temporary = dir.join(temporary);
        std::fs::write(&temporary, bytes)
            .and_then(|()| std::fs::rename(&temporary, dir.join(name)))
            .map_err(|e| {
                let _ = std::fs::remove_file(&temporary);
                self.error(relative, e)
            })
    }

    /// The real folder holding `relative`, each step checked to be inside
    /// the root; None when a step is missing and `create` is false.
    fn folder(&self, relative: &Path, create: bool) -> io::Result<Option<PathBuf>> {
        let parts: Vec<_> = relative.components().collect();
        let plain = !parts.is_empty() && parts.iter().all(|c| matches!(c, Component::Normal(_)));
        if !plain {
            return Err(self.refused(relative, "il percorso esce dalla cartella del sito"));
        }
        let mut dir = self.real.clone();
        for part in &parts[..parts.len() - 1] {
            let next = dir.join(part);
            if create {
                match std::fs::create_dir(&next) {
                    Err(e) if e.kind() != ErrorKind::AlreadyExists => {
                        return Err(self.error(relative, e));
                    }
                    _ => {}
                }
            } else if std::fs::symlink_metadata(&next).is_err() {
                return Ok(None);
            }
            let real = next.canonicalize().map_err(|e| self.error(relative, e))?;
            if !real.starts_with(&self.real) || !real.is_dir() {
                let why = format!("{} porta fuori dalla cartella del sito", next.display());
                return Err(self.refused(relative, &why));
            }
            dir = real;
        }
        Ok(Some(dir))
    }

    fn refused(&self, relative: &Path, why: &str) -> io::Error {
        io::Error::new(
            ErrorKind::InvalidInput,
            format!(
                "{}: rifiutato: {why} ({})",
                relative.display(),
                self.shown.display()
            ),
        )
    }

    fn error(&self, relative: &Path, e: io::Error) -> io::Error {
        io::Error::new(
            e.kind(),
            format!("{}: {e}", self.shown.join(relative).display()),
        )
    }
}

fn file_name(relative: &Path) -> io::Result<&std::ffi::OsStr> {
    relative
        .file_name()
        .ok_or_else(|| io::Error::new(ErrorKind::InvalidInput, "percorso senza nome di file"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn writes_and_reads_inside_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = Rooted::open(dir.path()).unwrap();
        let file = Path::new("content/procedure/ente/B9538AC2B9.toml");
        assert_eq!(root.read(file).unwrap(), None);
        root.write(file, b"cig = \"B9538AC2B9\"\n").unwrap();
        assert_eq!(
            root.read(file).unwrap().as_deref(),
            Some("cig = \"B9538AC2B9\"\n")
        );
        // No temporary file is left beside it.
        let names: Vec<_> = std::fs::read_dir(dir.path().join("content/procedure/ente"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["B9538AC2B9.toml"]);
    }

    #[test]
    fn paths_that_leave_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir(&site).unwrap();
        let root = Rooted::open(&site).unwrap();
        for bad in [
            "../victim.toml",
            "/tmp/victim.toml",
            "content/../../victim.toml",
            "",
        ] {
            let e = root.write(Path::new(bad), b"x").unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidInput, "{bad}");
            assert!(e.to_string().contains("esce dalla cartella"), "{e}");
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn symlinks_out_of_the_root_are_refused_before_writing() {
        let dir = tempfile::tempdir().unwrap();
        let (site, elsewhere) = (dir.path().join("site"), dir.path().join("elsewhere"));
        std::fs::create_dir_all(site.join("content")).unwrap();
        std::fs::create_dir(&elsewhere).unwrap();
        symlink(&elsewhere, site.join("content/procedure")).unwrap();
        let root = Rooted::open(&site).unwrap();
        let file = Path::new("content/procedure/ente/X.toml");
        let e = root.write(file, b"x").unwrap_err();
        assert!(e.to_string().contains("porta fuori"), "{e}");
        assert!(root.read(file).is_err());
        assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
        // A symlinked file is not read through.
        std::fs::write(elsewhere.join("secret"), "s").unwrap();
        symlink(elsewhere.join("secret"), site.join("content/x.toml")).unwrap();
        assert!(root.read(Path::new("content/x.toml")).is_err());
        // A link that stays inside the root is fine.
        std::fs::create_dir(site.join("real")).unwrap();
        symlink(site.join("real"), site.join("content/enti")).unwrap();
        root.write(Path::new("content/enti/a.toml"), b"a").unwrap();
        assert!(site.join("real/a.toml").is_file());
    }
}
