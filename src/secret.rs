//! The site's secret: the key of the page ids of natural persons.
//!
//! A natural-person supplier's page is keyed by its codice fiscale, which
//! must never be derivable from the page id: a plain hash of a codice
//! fiscale is reversed in a second from the published name (the code is
//! mostly made of it). The id is a keyed hash, and the key is this secret.
//!
//! It lives in `.vetro/segreto` beside `vetro.toml` (made by `vetro init`),
//! committed with the site's sources so that every build — a clerk's, a
//! CI's from a clean clone — gives the same ids; `VETRO_SEGRETO` overrides
//! it (a CI secret, for sources published without it). The sources already
//! hold the codici fiscali themselves, so the secret is no more sensitive
//! than they are; it is never copied into the output.

use std::path::{Path, PathBuf};

/// Where the secret is kept, relative to the site root.
pub(crate) const SECRET_FILE: &str = ".vetro/segreto";
/// The environment variable that overrides the file.
pub(crate) const SECRET_ENV: &str = "VETRO_SEGRETO";
/// A shorter text is guessable.
pub(crate) const MIN_SECRET_CHARS: usize = 32;
/// Separates vetro's use of the secret from any other (blake3 key derivation).
const CONTEXT: &str = "vetro 2026-12 id pagina persona fisica";

/// A key derived from the secret text; the text itself is dropped.
#[derive(Clone)]
pub struct SiteSecret([u8; 32]);

impl std::fmt::Debug for SiteSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SiteSecret(…)")
    }
}

impl SiteSecret {
    pub(crate) fn from_text(text: &str) -> Result<SiteSecret, String> {
        let text = text.trim();
        if text.chars().count() < MIN_SECRET_CHARS {
            return Err(format!(
                "il segreto ha {} caratteri: ne servono almeno {MIN_SECRET_CHARS}",
                text.chars().count()
            ));
        }
        Ok(SiteSecret(blake3::derive_key(CONTEXT, text.as_bytes())))
    }

    /// The secret of the site at `root`: `VETRO_SEGRETO`, else the file;
    /// `Ok(None)` when neither exists, `Err` (with where) when one is unusable.
    pub(crate) fn load(root: &Path) -> Result<Option<SiteSecret>, (PathBuf, String)> {
        if let Ok(text) = std::env::var(SECRET_ENV) {
            let at = PathBuf::from(format!("${SECRET_ENV}"));
            return SiteSecret::from_text(&text).map(Some).map_err(|e| (at, e));
        }
        let path = root.join(SECRET_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => SiteSecret::from_text(&text)
                .map(Some)
                .map_err(|e| (PathBuf::from(SECRET_FILE), e)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err((PathBuf::from(SECRET_FILE), e.to_string())),
        }
    }

    /// 16 hex digits keyed by the secret: stable for one site, unrelated
    /// across sites, and not computable from `text` without the secret.
    pub(crate) fn digest(&self, text: &str) -> String {
        let hash = blake3::keyed_hash(&self.0, text.as_bytes());
        hash.to_hex()[..16].to_string()
    }
}

/// Writes a fresh random secret into the new site at `root`.
pub fn create(root: &Path) -> std::io::Result<()> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
    let path = root.join(SECRET_FILE);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, format!("{}\n", hex::encode(bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_secrets_are_refused_and_digests_depend_on_the_key() {
        assert!(SiteSecret::from_text("corto").is_err());
        let a = SiteSecret::from_text(&"a".repeat(32)).unwrap();
        let b = SiteSecret::from_text(&"b".repeat(32)).unwrap();
        let cf = "RSSMRA85T10A562S";
        assert_eq!(a.digest(cf), a.digest(cf));
        assert_ne!(a.digest(cf), b.digest(cf));
        assert_eq!(a.digest(cf).len(), 16);
    }

    #[test]
    fn created_secrets_load_and_differ() {
        let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        create(one.path()).unwrap();
        create(two.path()).unwrap();
        let read = |p: &Path| std::fs::read_to_string(p.join(SECRET_FILE)).unwrap();
        assert_ne!(read(one.path()), read(two.path()));
        assert_eq!(read(one.path()).trim().len(), 64);
        if std::env::var(SECRET_ENV).is_err() {
            assert!(SiteSecret::load(one.path()).unwrap().is_some());
            assert!(SiteSecret::load(&one.path().join("x")).unwrap().is_none());
        }
    }
}
