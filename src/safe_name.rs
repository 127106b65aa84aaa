//! Names made from data. Every value that becomes a file or folder name
//! (a body's id, a CIG, a CPV code, an act's number, an internal code, a
//! supplier id) passes here, so that text read from a file downloaded from
//! the internet can name a file but never a path: the result is ASCII
//! letters, digits, `-` and `_` only (no separator, no `.` or `..`, no
//! hidden file), never empty, and at most [`MAX_BYTES`] long.

use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

/// Longest name made, in bytes: far below the 255 of every file system.
pub const MAX_BYTES: usize = 100;

/// Hex digits of the digest that keeps changed or shortened names distinct.
const DIGEST_HEX: usize = 12;

/// Whether `name` is used as it is: 1 to [`MAX_BYTES`] ASCII letters,
/// digits, `-` and `_`.
pub fn is_safe(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_BYTES
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `text` as a file name. A safe name (a CIG, a CPV code, a partita IVA,
/// `comune-di-livorno`) is kept as it is; any other text is mended (accents
/// dropped, every run of other characters made one `-`, case kept) and
/// followed by a digest of the whole text, so that two different values
/// never get the same name: `a/b` and `a b` stay apart, and so do two long
/// values that share their first hundred bytes.
pub fn name(text: &str) -> String {
    if is_safe(text) {
        return text.to_string();
    }
    with_digest(&mended(text, false), text)
}

/// Lower-case slug for names shown in URLs: `Città di Torino` →
/// `citta-di-torino`, `DC20_036_MEPA` → `dc20_036_mepa`. Unlike [`name`]
/// it folds case and punctuation on purpose (`INFOCERT SPA` and `Infocert
/// S.p.A.` come close), so it may be empty (text without ASCII letters or
/// digits); a slug over [`MAX_BYTES`] is shortened with a digest.
pub fn slug(text: &str) -> String {
    let slug = mended(text, true);
    if slug.len() <= MAX_BYTES {
        return slug;
    }
    with_digest(&slug, text)
}

/// Letters (NFKD-folded to ASCII), digits and `_`, every other run one `-`,
/// with no `-` at either end.
fn mended(text: &str, lowercase: bool) -> String {
    let mut out = String::with_capacity(text.len().min(4 * MAX_BYTES));
    for c in text.nfkd().filter(char::is_ascii) {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(if lowercase { c.to_ascii_lowercase() } else { c });
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// `stem-<digest of original>`, with `stem` cut so the whole fits.
fn with_digest(stem: &str, original: &str) -> String {
    let digest = hex::encode(Sha256::digest(original.as_bytes()));
    let digest = &digest[..DIGEST_HEX];
    // `stem` is ASCII, so any byte index is a character boundary.
    let room = MAX_BYTES - DIGEST_HEX - 1;
    let stem = stem[..stem.len().min(room)].trim_end_matches('-');
    if stem.is_empty() {
        digest.to_string()
    } else {
        format!("{stem}-{digest}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_names_are_kept() {
        for id in [
            "B9538AC2B9",
            "72910000-2",
            "01586840504",
            "comune-di-livorno",
            "DC20_036_MEPA",
            "SENZA-CIG-1A2B3C4D",
        ] {
            assert_eq!(name(id), id);
        }
    }

    #[test]
    fn paths_become_names() {
        for hostile in [
            "/../../../../../victim/csvdir",
            "..",
            ".",
            "...",
            "a/b",
            "a\\b",
            "C:\\Windows",
            "a\0b",
            ".hidden",
            "",
            "  ",
            "città/../x",
            "北京",
            "\u{202e}exe.pdf",
        ] {
            let n = name(hostile);
            assert!(is_safe(&n), "{hostile:?} → {n:?}");
            assert!(!n.contains(['/', '\\', '.', '\0']), "{n}");
        }
        assert!(name("/../../../../../victim/csvdir").starts_with("victim-csvdir-"));
        assert!(name("città/x").starts_with("citta-x-"));
        // Nothing to keep: the digest alone.
        assert_eq!(name("..").len(), DIGEST_HEX);
        assert_eq!(name("北京").len(), DIGEST_HEX);
        assert_ne!(name(".."), name("..."));
        assert_ne!(name(""), name(" "));
    }

    #[test]
    fn different_values_get_different_names() {
        assert_ne!(name("a/b"), name("a b"));
        assert_ne!(name("a/b"), name("a-b"));
        let long_a = format!("{}A", "X".repeat(300));
        let long_b = format!("{}B", "X".repeat(300));
        let (a, b) = (name(&long_a), name(&long_b));
        assert_ne!(a, b);
        assert_eq!(a.len(), MAX_BYTES);
        assert!(is_safe(&a) && is_safe(&b));
        // Exactly at the bound it is kept; one byte more is shortened.
        let at_bound = "Y".repeat(MAX_BYTES);
        assert_eq!(name(&at_bound), at_bound);
        assert_eq!(name(&"Y".repeat(MAX_BYTES + 1)).len(), MAX_BYTES);
        // Long multi-byte text is cut on ASCII, never inside a character.
        let accents = "è/".repeat(400);
        assert!(is_safe(&name(&accents)));
    }

    #[test]
    fn names_are_deterministic() {
        let hostile = "/../../etc/passwd";
        assert_eq!(name(hostile), name(hostile));
        assert!(name(hostile).starts_with("etc-passwd-"));
        assert_eq!(slug(&"Parola ".repeat(50)), slug(&"Parola ".repeat(50)));
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("DC20_036_MEPA"), "dc20_036_mepa");
        assert_eq!(slug("11-21"), "11-21");
        assert_eq!(slug("Città di Torino"), "citta-di-torino");
        assert_eq!(
            slug("S.I.TO SPA - SOCIETÀ INTERPORTO"),
            "s-i-to-spa-societa-interporto"
        );
        assert_eq!(slug("../../x"), "x");
        assert_eq!(slug("..."), "");
        let long = slug(&"Comune di Qualcosa ".repeat(20));
        assert_eq!(long.len(), MAX_BYTES);
        assert!(is_safe(&long));
        assert_ne!(long, slug(&"Comune di Qualcosa ".repeat(21)));
    }
}
