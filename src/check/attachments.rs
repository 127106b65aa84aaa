//! Attachments: the one resolver and reader that `check` and `build` share,
//! so that the file checked is the file published.
//!
//! `file` is relative to the folder of the act file (keep the PDF beside the
//! act). A path that leaves `content/` — `..` past it, an absolute path, or
//! a symlink pointing outside — is refused, since the build copies
//! attachments into the published site. The published bytes are the bytes
//! read, hashed and sniffed here: a declared SHA-256 always describes them.

use super::Out;
use super::active::{HEAD_BYTES, active_content, may_be_active};
use crate::load::ATTACHMENT_EXTENSIONS;
use crate::model::Act;
use crate::toml_doc::Seg;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// Why an attachment cannot be published.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum AttachmentError {
    /// No file at that path (or a directory, or a broken link).
    NotFound(PathBuf),
    /// The path, or the file a link points to, is outside `content/`.
    OutsideSite,
    /// The file exists but cannot be read.
    Unreadable(String),
    /// The declared SHA-256 is not the file's (the file's is given).
    Fingerprint(String),
    /// A type a browser would run (extension not allowed, or active content).
    Active(String),
}

/// Where an attachment is read from and where it is published.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Located {
    /// The real file (links resolved), inside `content/`.
    pub source: PathBuf,
    /// Its path under `content/`, `/`-separated: the site serves it at
    /// `/allegati/<published>`.
    pub published: String,
}

/// An attachment ready to publish: these bytes were hashed and sniffed.
pub(crate) struct Verified {
    pub located: Located,
    pub bytes: Vec<u8>,
}

/// Finds attachment `file` of the act at `act_file` (relative to `root`):
/// a file inside `root/content`.
pub(crate) fn resolve_attachment(
    root: &Path,
    act_file: &Path,
    file: &str,
) -> Result<Located, AttachmentError> {
    let mut inside: Vec<&std::ffi::OsStr> = Vec::new();
    let folder = act_file.parent().unwrap_or(Path::new(""));
    for component in folder.components().chain(Path::new(file).components()) {
        match component {
            Component::Normal(name) => inside.push(name),
            Component::CurDir => {}
            Component::ParentDir => {
                inside.pop().ok_or(AttachmentError::OutsideSite)?;
            }
            Component::RootDir | Component::Prefix(_) => return Err(AttachmentError::OutsideSite),
        }
    }
    let relative: PathBuf = inside.iter().collect();
    let Some((first, under_content)) = inside.split_first().filter(|(c, _)| **c == "content")
    else {
        return Err(AttachmentError::OutsideSite);
    };
    let not_found = || AttachmentError::NotFound(relative.clone());
    let content = root.join(first).canonicalize().map_err(|_| not_found())?;
    let candidate: PathBuf = under_content.iter().fold(content.clone(), |p, c| p.join(c));
    let source = candidate.canonicalize().map_err(|_| not_found())?;
    if !source.starts_with(&content) {
        return Err(AttachmentError::OutsideSite);
    }
    if !source.is_file() {
        return Err(not_found());
    }
    let published = under_content
        .iter()
        .map(|c| c.to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    Ok(Located { source, published })
}

/// Resolves, reads and verifies an attachment: its extension is on the
/// allow-list, its content is not active, and its bytes have the declared
/// SHA-256 (a malformed declaration is reported by `check` and not compared).
/// The build publishes the bytes returned.
pub(crate) fn read_attachment(
    root: &Path,
    act_file: &Path,
    file: &str,
    sha256: Option<&str>,
) -> Result<Verified, AttachmentError> {
    let located = resolve_attachment(root, act_file, file)?;
    allowed_extension(&located.published)?;
    let bytes = std::fs::read(&located.source).map_err(unreadable)?;
    judge(&bytes, &hex::encode(Sha256::digest(&bytes)), sha256)?;
    Ok(Verified { located, bytes })
}

/// The same verification as `read_attachment`, for `check`: a file that
/// cannot be active (see `may_be_active`) is hashed as it streams, so that
/// checking a site never holds its large PDFs in memory.
pub(crate) fn verify_attachment(
    root: &Path,
    act_file: &Path,
    file: &str,
    sha256: Option<&str>,
) -> Result<Located, AttachmentError> {
    let located = resolve_attachment(root, act_file, file)?;
    allowed_extension(&located.published)?;
    let mut reader = std::fs::File::open(&located.source).map_err(unreadable)?;
    let mut content = Vec::new();
    (&mut reader)
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut content)
        .map_err(unreadable)?;
    if may_be_active(&content) {
        reader.read_to_end(&mut content).map_err(unreadable)?;
        judge(&content, &hex::encode(Sha256::digest(&content)), sha256)?;
        return Ok(located);
    }
    let mut hasher = Sha256::new();
    hasher.update(&content);
    let mut buffer = vec![0; 64 * 1024];
    loop {
        let n = reader.read(&mut buffer).map_err(unreadable)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    judge(&content, &hex::encode(hasher.finalize()), sha256)?;
    Ok(located)
}

fn unreadable(e: std::io::Error) -> AttachmentError {
    AttachmentError::Unreadable(e.to_string())
}

/// The rules on a file's content (all of it, or the start of a file that
/// cannot be active) and on its SHA-256, `actual`.
fn judge(content: &[u8], actual: &str, sha256: Option<&str>) -> Result<(), AttachmentError> {
    if let Some(why) = active_content(content) {
        return Err(AttachmentError::Active(format!(
            "il contenuto del file {why}"
        )));
    }
    match sha256.map(str::trim).filter(|s| is_sha256(s)) {
        Some(declared) if !actual.eq_ignore_ascii_case(declared) => {
            Err(AttachmentError::Fingerprint(actual.to_string()))
        }
        _ => Ok(()),
    }
}

/// The published name's extension is one of the allowed document types.
fn allowed_extension(published: &str) -> Result<(), AttachmentError> {
    let extension = Path::new(published)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if ATTACHMENT_EXTENSIONS.contains(&extension.as_str()) {
        Ok(())
    } else if extension.is_empty() {
        Err(AttachmentError::Active("il file non ha estensione".into()))
    } else {
        Err(AttachmentError::Active(format!(
            "l'estensione .{extension} non è tra i tipi ammessi"
        )))
    }
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
        if let Some(url) = &allegato.url {
            super::urls::check_at(out, &at("url"), url);
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
        if let Err(error) = verify_attachment(root, &act.file, file, allegato.sha256.as_deref()) {
            let (code, key, message, hint) = explain(file, error);
            out.at(code, &at(key), message, hint.into());
        }
    }
}

/// Code, key, message and hint of an attachment's error.
fn explain(
    file: &str,
    error: AttachmentError,
) -> (&'static str, &'static str, String, &'static str) {
    match error {
        AttachmentError::NotFound(path) => (
            "E601",
            "file",
            format!("allegato non trovato: {}", path.display()),
            "il percorso è relativo alla cartella dell'atto: controlla nome ed estensione del file",
        ),
        AttachmentError::OutsideSite => (
            "E602",
            "file",
            format!("l'allegato «{file}» è fuori dalla cartella content/ del sito"),
            "copia il file nella cartella dell'atto e indica solo il suo nome: vetro pubblica soltanto file del sito",
        ),
        AttachmentError::Unreadable(e) => (
            "E601",
            "file",
            format!("allegato {file} non leggibile: {e}"),
            "controlla i permessi del file",
        ),
        AttachmentError::Fingerprint(actual) => (
            "E603",
            "sha256",
            format!("l'impronta SHA-256 dichiarata non è quella del file {file} ({actual})"),
            "il file è cambiato dopo la firma, o l'impronta è di un altro file: ricontrolla quale versione pubblicare",
        ),
        AttachmentError::Active(why) => (
            "E606",
            "file",
            format!("l'allegato «{file}» non si può pubblicare: {why}"),
            "pubblica il documento in PDF (o in un altro formato ammesso: vedi docs/formato-atti.md); pagine HTML, immagini SVG e XML con script eseguirebbero codice nel portale",
        ),
    }
}

/// The message of an attachment's error, for a build that meets one.
pub(crate) fn describe(file: &str, error: AttachmentError) -> String {
    let (code, _, message, _) = explain(file, error);
    format!("{code}: {message}")
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
    fn the_bytes_read_are_the_bytes_verified() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/atti/sub")).unwrap();
        std::fs::write(root.join("content/atti/sub/x.txt"), b"abc").unwrap();
        std::fs::write(root.join("vetro.toml"), b"titolo = \"x\"").unwrap();
        let act = Path::new("content/atti/sub/atto.md");
        let abc = "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD";
        let ok = read_attachment(root, act, "x.txt", Some(abc)).unwrap();
        assert_eq!(ok.bytes, b"abc");
        assert_eq!(ok.located.published, "atti/sub/x.txt");
        let other = "a".repeat(64);
        assert_eq!(
            read_attachment(root, act, "x.txt", Some(&other)).err(),
            Some(AttachmentError::Fingerprint(abc.to_ascii_lowercase()))
        );
        // Inside the site but outside content/: never published.
        assert_eq!(
            read_attachment(root, act, "../../../vetro.toml", None).err(),
            Some(AttachmentError::OutsideSite)
        );
        for (name, bytes) in [
            ("p.html", &b"x"[..]),
            ("p", b"x"),
            ("p.svg", b"x"),
            ("p.pdf", b"<html><script>"),
        ] {
            std::fs::write(root.join("content/atti/sub").join(name), bytes).unwrap();
            let refused = read_attachment(root, act, name, None).err();
            assert!(
                matches!(refused, Some(AttachmentError::Active(_))),
                "{name}"
            );
        }
        assert!(is_sha256(&"a".repeat(64)));
        assert!(!is_sha256(&"g".repeat(64)));
    }

    #[test]
    fn check_s_streaming_verification_agrees_with_the_build_s_read() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/atti")).unwrap();
        let act = Path::new("content/atti/atto.md");
        let big_pdf: Vec<u8> = b"%PDF-1.7\n"
            .iter()
            .copied()
            .cycle()
            .take(300_000)
            .collect();
        let late_script = [
            &b"<?xml version=\"1.0\"?><dati>"[..],
            &[b' '; 200_000],
            b"<script>x</script></dati>",
        ]
        .concat();
        let blank_then_html = [&[b' '; 5000][..], b"<html><script>x</script>"].concat();
        for (name, bytes) in [
            ("a.pdf", big_pdf),
            ("b.xml", late_script),
            ("c.txt", blank_then_html),
        ] {
            std::fs::write(root.join("content/atti").join(name), &bytes).unwrap();
            let sha = hex::encode(Sha256::digest(&bytes));
            for declared in [Some(sha.as_str()), Some(&*"0".repeat(64)), None] {
                let read = read_attachment(root, act, name, declared).map(|v| v.located);
                assert_eq!(verify_attachment(root, act, name, declared), read, "{name}");
            }
        }
    }
}
