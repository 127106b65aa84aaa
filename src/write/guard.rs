//! The output folder can never be a user's folder: `build` empties and
//! replaces it, so it must not hold the site's sources nor anything that a
//! vetro build did not write. Paths are compared after resolving `..` and
//! symbolic links, so `site/../content` or a link into `templates/` is seen
//! for what it is.

use super::MANIFEST;
use std::path::{Component, Path, PathBuf};

/// The site's own files and folders, which no output may be or be inside.
const SOURCES: [&str; 5] = ["content", "templates", "static", "themes", "vetro.toml"];

/// The output folder `output` of the site at `root`, resolved, or why it
/// cannot be one (an Italian message for the user).
pub(crate) fn check_output(root: &Path, output: &Path) -> Result<PathBuf, String> {
    let dest = resolve(output);
    let root = resolve(root);
    let refuse = |why: String| {
        Err(format!(
            "la cartella di uscita {} {why}: vetro la svuoterebbe; scegli un'altra cartella con --output (ad esempio {})",
            dest.display(),
            root.join("site").display()
        ))
    };
    if root.starts_with(&dest) {
        return refuse(format!(
            "è la cartella del sito {} o la contiene",
            root.display()
        ));
    }
    for name in SOURCES {
        let source = resolve(&root.join(name));
        if dest.starts_with(&source) || source.starts_with(&dest) {
            return refuse(format!("è {} del sito o vi è dentro", source.display()));
        }
    }
    match std::fs::symlink_metadata(&dest) {
        Ok(meta) if !meta.is_dir() => refuse("esiste e non è una cartella".into()),
        Ok(_) if !dest.join(MANIFEST).is_file() && !is_empty(&dest) => refuse(format!(
            "non è vuota e non è l'uscita di una build di vetro (manca {MANIFEST})"
        )),
        _ => Ok(dest),
    }
}

fn is_empty(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// `path` made absolute with its symbolic links and `..` resolved: the
/// nearest existing ancestor is canonicalized, the rest (which does not
/// exist, so holds no link) is applied to it.
pub(crate) fn resolve(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    let base = loop {
        if let Ok(real) = existing.canonicalize() {
            break real;
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => break existing.to_path_buf(),
        }
    };
    let mut resolved = base;
    for component in rest.into_iter().rev() {
        match component {
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => resolved.push(name),
            _ => {}
        }
    }
    resolved
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_parents_and_links_of_missing_paths() {
        let tmp = tempfile::tempdir().unwrap();
        let base = tmp.path().canonicalize().unwrap();
        std::fs::create_dir(base.join("content")).unwrap();
        assert_eq!(resolve(&base.join("site/../content")), base.join("content"));
        assert_eq!(resolve(&base.join("new/../x/y")), base.join("x/y"));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(base.join("content"), base.join("link")).unwrap();
            assert_eq!(resolve(&base.join("link/new")), base.join("content/new"));
        }
    }
}
