//! Rules on attachments: the file exists inside the site, and its declared
//! SHA-256 matches.
//!
//! `file` is relative to the folder of the act file (keep the PDF beside the
//! act). A path that leaves the site folder — `..` past the root, an absolute
//! path, or a symlink pointing outside — is refused, since the build copies
//! attachments into the published site.

use super::Out;
use crate::load::Act;
use crate::load::toml_doc::Seg;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// Why an attachment path cannot be used.
#[derive(Debug, PartialEq, Eq)]
pub enum AttachmentError {
    /// No file at that path (or a directory, or a broken link).
    NotFound(PathBuf),
    /// The path, or the file a link points to, is outside the site folder.
    OutsideSite,
}

/// The real path of attachment `file` of the act at `act_file` (relative to
/// `root`), checked to be a file inside `root`.
pub fn resolve_attachment(
    root: &Path,
    act_file: &Path,
    file: &str,
) -> Result<PathBuf, AttachmentError> {
    let written = Path::new(file);
    let mut inside: Vec<&std::ffi::OsStr> = Vec::new();
    let folder = act_file.parent().unwrap_or(Path::new(""));
    for component in folder.components().chain(written.components()) {
        match component {
            Component::Normal(name) => inside.push(name),
            Component::CurDir => {}
            Component::ParentDir => {
                inside.pop().ok_or(AttachmentError::OutsideSite)?;
            }
            Component::RootDir | Component::Prefix(_) => return Err(AttachmentError::OutsideSite),
        }
    }
    let candidate: PathBuf = inside.iter().fold(root.to_path_buf(), |p, c| p.join(c));
    let relative: PathBuf = inside.iter().collect();
    let real = candidate
        .canonicalize()
        .map_err(|_| AttachmentError::NotFound(relative.clone()))?;
    let real_root = root
        .canonicalize()
        .map_err(|_| AttachmentError::NotFound(relative.clone()))?;
    if !real.starts_with(&real_root) {
        return Err(AttachmentError::OutsideSite);
    }
    if !real.is_file() {
        return Err(AttachmentError::NotFound(relative));
    }
    Ok(real)
}

fn sha256_of(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0; 64 * 1024];
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(hex::encode(hasher.finalize()))
}

fn is_sha256(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

pub(super) fn check(out: &Out, act: &Act) {
    let root = &out.settings().root;
    for (i, allegato) in act.header.allegati.iter().enumerate() {
        let at = |key| [Seg::Key("allegati"), Seg::Index(i), Seg::Key(key)];
        let declared = allegato.sha256.as_deref().map(str::trim);
        if let Some(sha) = declared
            && !is_sha256(sha)
        {
            out.at(
                "E604",
                &at("sha256"),
                format!("«{sha}» non è un'impronta SHA-256: servono 64 cifre esadecimali"),
                "calcola l'impronta con `sha256sum file.pdf` (Linux, macOS) o `certutil -hashfile file.pdf SHA256` (Windows)".into(),
            );
        }
        let Some(file) = &allegato.file else {
            if allegato.url.is_none() {
                out.at(
                    "W605",
                    &at("titolo"),
                    format!("l'allegato «{}» non indica né file né url", allegato.titolo),
                    "aggiungi file = \"nome.pdf\" (nella cartella dell'atto) oppure url = \"https://...\"".into(),
                );
            }
            continue;
        };
        let real = match resolve_attachment(root, &act.file, file) {
            Ok(real) => real,
            Err(AttachmentError::NotFound(path)) => {
                out.at(
                    "E601",
                    &at("file"),
                    format!("allegato non trovato: {}", path.display()),
                    "il percorso è relativo alla cartella dell'atto: controlla nome ed estensione del file".into(),
                );
                continue;
            }
            Err(AttachmentError::OutsideSite) => {
                out.at(
                    "E602",
                    &at("file"),
                    format!("l'allegato «{file}» è fuori dalla cartella del sito"),
                    "copia il file nella cartella dell'atto e indica solo il suo nome: vetro pubblica soltanto file del sito".into(),
                );
                continue;
            }
        };
        let Some(sha) = declared.filter(|s| is_sha256(s)) else {
            continue;
        };
        match sha256_of(&real) {
            Ok(actual) if actual.eq_ignore_ascii_case(sha) => {}
            Ok(actual) => out.at(
                "E603",
                &at("sha256"),
                format!("l'impronta SHA-256 dichiarata non è quella del file {file} ({actual})"),
                "il file è cambiato dopo la firma, o l'impronta è di un altro file: ricontrolla quale versione pubblicare".into(),
            ),
            Err(e) => out.at(
                "E601",
                &at("file"),
                format!("allegato {file} non leggibile: {e}"),
                "controlla i permessi del file".into(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/atti")).unwrap();
        std::fs::write(root.join("content/atti/a.pdf"), b"x").unwrap();
        let act = Path::new("content/atti/atto.md");
        assert!(resolve_attachment(root, act, "a.pdf").is_ok());
        assert!(resolve_attachment(root, act, "./../atti/a.pdf").is_ok());
        assert_eq!(
            resolve_attachment(root, act, "b.pdf"),
            Err(AttachmentError::NotFound("content/atti/b.pdf".into()))
        );
        assert_eq!(
            resolve_attachment(root, act, "../../../etc/passwd"),
            Err(AttachmentError::OutsideSite)
        );
        assert_eq!(
            resolve_attachment(root, act, "/etc/passwd"),
            Err(AttachmentError::OutsideSite)
        );
        assert!(matches!(
            resolve_attachment(root, act, ".."),
            Err(AttachmentError::NotFound(_))
        ));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc/hostname", root.join("content/atti/link.pdf"))
                .unwrap();
            assert_eq!(
                resolve_attachment(root, act, "link.pdf"),
                Err(AttachmentError::OutsideSite)
            );
        }
    }

    #[test]
    fn sha256_of_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.txt");
        std::fs::write(&path, b"abc").unwrap();
        assert_eq!(
            sha256_of(&path).unwrap(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(is_sha256(&"a".repeat(64)));
        assert!(!is_sha256(&"g".repeat(64)));
    }
}
