//! A fingerprint of everything a build reads, so that a rebuild with
//! nothing changed can stop before loading a single act.
//!
//! Files are fingerprinted by path, size and modification time (as make
//! does), not by content: reading 100,000 files would cost more than the
//! check is meant to save. `vetro build --full` ignores the fingerprint.

use crate::config::CONFIG_FILE;
use crate::model::Config;
use std::path::Path;
use std::time::UNIX_EPOCH;

/// The fingerprint of a build of `root` with settings `config` and the
/// theme package at `theme_package` (`render::bootstrap::locate`).
pub(crate) fn inputs(root: &Path, config: &Config, theme_package: Option<&Path>) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    if let Ok(exe) = std::env::current_exe() {
        stamp(&mut hasher, "exe", &exe);
    }
    hasher.update(config.reference_date().iso().as_bytes());
    stamp(&mut hasher, CONFIG_FILE, &root.join(CONFIG_FILE));
    // The secret keys natural persons' page ids: a new one renames pages.
    use crate::secret::{SECRET_ENV, SECRET_FILE};
    stamp(&mut hasher, SECRET_FILE, &root.join(SECRET_FILE));
    if let Ok(secret) = std::env::var(SECRET_ENV) {
        hasher.update(blake3::hash(secret.as_bytes()).as_bytes());
    }
    if let Some(cpv) = &config.cpv_vocabolario {
        stamp(&mut hasher, "cpv", &root.join(cpv));
    }
    for dir in ["content", "templates", "static"] {
        tree(&mut hasher, &root.join(dir));
    }
    tree(&mut hasher, &root.join("themes").join(&config.tema));
    match theme_package {
        Some(dist) => stamp(&mut hasher, "bootstrap", &dist.join("../package.json")),
        None => {
            hasher.update(b"no bootstrap");
        }
    }
    hasher.finalize().to_hex()[..32].to_string()
}

/// Path, size and modification time of every file under `dir`, in order.
fn tree(hasher: &mut blake3::Hasher, dir: &Path) {
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            let name = entry
                .path()
                .strip_prefix(dir)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .into_owned();
            stamp(hasher, &name, entry.path());
        }
    }
}

fn stamp(hasher: &mut blake3::Hasher, name: &str, path: &Path) {
    hasher.update(name.as_bytes());
    hasher.update(&[0]);
    if let Ok(meta) = std::fs::metadata(path) {
        hasher.update(&meta.len().to_le_bytes());
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        hasher.update(&modified.to_le_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_change_of_an_input_changes_the_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(
            root.join(CONFIG_FILE),
            "titolo = \"x\"\ndata_riferimento = 2026-01-01\n",
        )
        .unwrap();
        std::fs::create_dir_all(root.join("content/atti")).unwrap();
        std::fs::write(root.join("content/atti/a.md"), "uno").unwrap();
        let config = Config::load(root).unwrap();
        let first = inputs(root, &config, None);
        assert_eq!(first, inputs(root, &config, None));
        std::fs::write(root.join("content/atti/a.md"), "due!").unwrap();
        let second = inputs(root, &config, None);
        assert_ne!(first, second);
        std::fs::write(root.join("content/atti/b.md"), "").unwrap();
        assert_ne!(second, inputs(root, &config, None));
    }
}
