//! Links written in files: only `http`, `https` and site-relative URLs.
//!
//! A link is rendered as `href`: `javascript:`, `data:` or `vbscript:` there
//! runs code on the portal's origin when clicked. Browsers ignore case,
//! surrounding spaces, and tabs or newlines inside a scheme (` JaVaScRiPt:`,
//! `java\tscript:`), so the rule is an allow-list, not a list of bad schemes.

use super::Out;
use crate::toml_doc::Seg;

/// Why `url` cannot be a link, or None when it is an `http(s)://host…` URL
/// or a path of this site (`/…`).
pub(crate) fn url_problem(url: &str) -> Option<&'static str> {
    if url.is_empty() {
        return Some("è vuoto");
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("contiene spazi o caratteri di controllo");
    }
    if url.contains('\\') {
        return Some("contiene una barra rovesciata «\\»");
    }
    let lower = url.to_ascii_lowercase();
    let rest = ["https://", "http://"]
        .iter()
        .find_map(|scheme| lower.strip_prefix(scheme));
    match rest {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => Some("non indica il sito (host)"),
        Some(_) => None,
        // `//host/…` takes the reader to another site: write its scheme.
        None if url.starts_with("//") => Some("è relativo al protocollo (//…)"),
        None if url.starts_with('/') => None,
        None => Some("non inizia con http://, https:// o /"),
    }
}

/// Reports `url` at `path` when it cannot be a link.
pub(super) fn check_at(out: &Out, path: &[Seg], url: &str) {
    if let Some(why) = url_problem(url) {
        out.at(
            "E505",
            path,
            format!("l'indirizzo «{}» non è ammesso: {why}", shown(url)),
            "scrivi un indirizzo completo https://… (o http://…), oppure un percorso di questo sito che inizia con /".into(),
        );
    }
}

/// The URL as a message can show it: control characters made visible.
fn shown(url: &str) -> String {
    url.chars().take(200).flat_map(char::escape_debug).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_site_links_are_accepted() {
        for ok in [
            "https://www.comune.livorno.it",
            "HTTP://albo.example.org/101.pdf?x=1#p",
            "/cig/B9538AC2B9/",
            "https://esempio.it/città",
        ] {
            assert_eq!(url_problem(ok), None, "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{0}javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "&#106;avascript:alert(1)",
            "javascript&colon;alert(1)",
            "//evil.example/x",
            "/\\evil.example/x",
            "https:evil.example",
            "https:///x",
            "https://",
            "ftp://example.org/x",
            "mailto:ufficio@example.org",
            "allegati/x.pdf",
            "",
        ] {
            assert!(url_problem(bad).is_some(), "{bad:?}");
        }
    }
}
