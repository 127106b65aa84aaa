//! Italian text analysis shared by the index builder and (mirrored) by the JS client:
//! lower case, accents folded, split on non-alphanumerics, stop words dropped,
//! Snowball Italian stemming. Identifiers are normalized separately.

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Marks an identifier term in the dictionary; the text analyzer never emits it
/// because it splits on every non-alphanumeric character.
pub(crate) const IDENT_PREFIX: char = '#';

/// Common Italian function words, in folded form. Kept short on purpose: words that
/// carry meaning in procurement (e.g. "lavori", "servizi") must stay searchable.
const STOP_WORDS: &[&str] = &[
    "a", "ad", "agli", "al", "alla", "alle", "allo", "all", "anche", "che", "chi", "ci", "col",
    "come", "con", "cui", "da", "dagli", "dai", "dal", "dall", "dalla", "dalle", "dallo", "de",
    "degli", "dei", "del", "dell", "della", "delle", "dello", "di", "e", "ed", "era", "gli", "ha",
    "hanno", "i", "il", "in", "la", "le", "lo", "ma", "ne", "negli", "nei", "nel", "nell", "nella",
    "nelle", "nello", "non", "o", "od", "per", "piu", "quale", "quali", "quella", "quelle",
    "quello", "questa", "queste", "questo", "se", "si", "sia", "sono", "su", "sugli", "sui", "sul",
    "sull", "sulla", "sulle", "sullo", "tra", "fra", "un", "una", "uno", "l", "d", "n", "s", "c",
    "ai", "è",
];

/// Analyzer holding the stemmer (building one per word would be wasteful).
pub struct Analyzer {
    stemmer: Stemmer,
}

impl Default for Analyzer {
    fn default() -> Self {
        Self::new()
    }
}

impl Analyzer {
    pub fn new() -> Self {
        Analyzer {
            stemmer: Stemmer::create(Algorithm::Italian),
        }
    }

    /// Folded words of `text` without stop words, not yet stemmed.
    pub fn words(text: &str) -> Vec<String> {
        let folded = fold(text);
        folded
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty() && !is_stop_word(w))
            .map(str::to_owned)
            .collect()
    }

    /// Stem of one folded word.
    pub fn stem(&self, word: &str) -> String {
        self.stemmer.stem(word).into_owned()
    }

    #[cfg(test)]
    /// Full pipeline: the index terms of `text`, in order of appearance.
    pub fn terms(&self, text: &str) -> Vec<String> {
        Self::words(text).iter().map(|w| self.stem(w)).collect()
    }
}

/// Lower case and strip diacritics ("Attività" -> "attivita").
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

pub(crate) fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(&word)
}

/// Canonical form of an identifier: folded, only letters and digits
/// ("72910000-2" -> "729100002", "IT 01586840504" -> "it01586840504").
pub fn normalize_identifier(id: &str) -> String {
    fold(id).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Dictionary term for an identifier; None when nothing is left after normalizing.
pub(crate) fn identifier_term(id: &str) -> Option<String> {
    let norm = normalize_identifier(id);
    (!norm.is_empty()).then(|| format!("{IDENT_PREFIX}{norm}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("Attività ÈCCO Perché"), "attivita ecco perche");
    }

    #[test]
    fn plural_and_singular_share_a_stem() {
        let a = Analyzer::new();
        assert_eq!(a.terms("servizi"), a.terms("servizio"));
        assert_eq!(a.terms("manutenzioni"), a.terms("Manutenzione"));
        assert_eq!(a.terms("attività"), a.terms("ATTIVITA"));
    }

    #[test]
    fn drops_stop_words_and_elisions() {
        let a = Analyzer::new();
        let terms = a.terms("Fornitura dell'impianto per il Comune di Livorno");
        assert_eq!(terms.len(), 4, "{terms:?}");
        assert!(!terms.iter().any(|t| t == "dell" || t == "il" || t == "di"));
    }

    #[test]
    fn identifiers_are_normalized() {
        assert_eq!(normalize_identifier("72910000-2"), "729100002");
        assert_eq!(
            identifier_term("B9538AC2B9").as_deref(),
            Some("#b9538ac2b9")
        );
        assert_eq!(identifier_term(" - "), None);
    }
}
