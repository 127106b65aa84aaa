//! Static files of the theme and the acts' attachments.

use super::bootstrap;
use super::env::{DEFAULT_THEME, ThemeSource};
use crate::catalog::Catalog;
use crate::write::Output;
use anyhow::{Context, Result};
use include_dir::Dir;
use std::collections::BTreeMap;
use std::path::Path;

/// Copies the theme's `static/` (site `static/` overriding it file by file)
/// to `/static/`, and every attachment kept in `content/` to `/allegati/`.
pub fn copy_assets(
    catalog: &Catalog,
    root: &Path,
    theme: &str,
    theme_package: Option<&Path>,
    out: &Output,
) -> Result<usize> {
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let theme_dir = root.join("themes").join(theme);
    if theme_dir.is_dir() {
        read_tree(&theme_dir.join("static"), &mut files)?;
    } else if let Some(dir) = DEFAULT_THEME.get_dir("static") {
        read_embedded(dir, &mut files);
    }
    read_tree(&root.join("static"), &mut files)?;
    stylesheet(root, theme, theme_package, &mut files)?;
    let mut count = 0;
    for (path, bytes) in &files {
        out.write(&format!("static/{path}"), bytes)?;
        count += 1;
    }
    count += copy_attachments(catalog, root, out)?;
    Ok(count)
}

/// Files of the theme's stylesheet: `css/bi.css` holds additions to
/// Bootstrap Italia, `css/vetro.css` the plain stylesheet used without it;
/// either way pages link one file, `css/portale.css`.
fn stylesheet(
    root: &Path,
    theme: &str,
    theme_package: Option<&Path>,
    files: &mut BTreeMap<String, Vec<u8>>,
) -> Result<()> {
    let additions = files.remove("css/bi.css").unwrap_or_default();
    let plain = files.remove("css/vetro.css").unwrap_or_default();
    match theme_package {
        Some(dist) => {
            let mut words = ThemeSource::new(root, theme).words();
            for (path, bytes) in files.iter() {
                if path.ends_with(".js") {
                    super::purge::words(&String::from_utf8_lossy(bytes), &mut words);
                }
            }
            files.extend(bootstrap::files(dist, &words, &additions)?);
        }
        None => {
            files.insert(bootstrap::STYLESHEET.to_string(), plain);
        }
    }
    Ok(())
}

/// Every file under `dir`. Symlinks are never followed (one could publish
/// any file of the machine): `vetro check` reports them (E011) and the
/// build stops here if one is met all the same; hidden ones (editor lock
/// files) are skipped.
fn read_tree(dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) -> Result<()> {
    match std::fs::symlink_metadata(dir) {
        Ok(meta) if meta.file_type().is_symlink() => anyhow::bail!(linked(dir)),
        Ok(meta) if meta.is_dir() => {}
        _ => return Ok(()),
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry?;
        if entry.path_is_symlink() {
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            anyhow::ensure!(hidden, linked(entry.path()));
            continue;
        }
        if entry.file_type().is_file() {
            let relative = entry
                .path()
                .strip_prefix(dir)?
                .to_string_lossy()
                .replace('\\', "/");
            let bytes = std::fs::read(entry.path())
                .with_context(|| format!("lettura di {}", entry.path().display()))?;
            files.insert(relative, bytes);
        }
    }
    Ok(())
}

fn linked(path: &Path) -> String {
    format!(
        "{} è un collegamento simbolico: i file statici non seguono i collegamenti (E011); sostituiscilo con una copia",
        path.display()
    )
}

fn read_embedded(dir: &Dir, files: &mut BTreeMap<String, Vec<u8>>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        let relative = path.trim_start_matches("static/").to_string();
        files.insert(relative, file.contents().to_vec());
    }
    for sub in dir.dirs() {
        read_embedded(sub, files);
    }
}

/// Copies every attachment kept in `content/`, read and verified by the
/// same function as `check`: the bytes written are the bytes whose SHA-256
/// and type were verified, even if the file changed after `check`.
fn copy_attachments(catalog: &Catalog, root: &Path, out: &Output) -> Result<usize> {
    let mut seen = std::collections::BTreeSet::new();
    for act in &catalog.acts {
        for doc in &act.documenti {
            let Some(file) = &doc.allegato.file else {
                continue;
            };
            let sha256 = doc.allegato.sha256.as_deref();
            let verified = crate::check::read_attachment(root, Path::new(&act.file), file, sha256)
                .map_err(|e| {
                    anyhow::anyhow!("{} ({})", crate::check::describe(file, e), act.file)
                })?;
            if seen.insert(verified.located.published.clone()) {
                out.write(
                    &crate::route::Route::Attachment(&verified.located.published).path(),
                    &verified.bytes,
                )?;
            }
        }
    }
    Ok(seen.len())
}
