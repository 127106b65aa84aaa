//! What a request to the preview may ask: the Host it names and the file its
//! path leads to. Pure functions, so every refusal is tested on its own.

use std::path::{Path, PathBuf};

/// The names under which the preview answers. A page of another site whose
/// name was re-pointed at 127.0.0.1 (DNS rebinding) sends its own name in
/// `Host` and is refused, so it cannot read the preview.
const LOOPBACK_NAMES: [&str; 3] = ["127.0.0.1", "localhost", "[::1]"];

/// Whether `host` (the Host header) names the preview on `port`.
pub(crate) fn is_loopback_host(host: &str, port: u16) -> bool {
    LOOPBACK_NAMES.iter().any(|name| {
        // Port 80 is the only one a browser leaves out of the header.
        host.eq_ignore_ascii_case(&format!("{name}:{port}"))
            || (port == 80 && host.eq_ignore_ascii_case(name))
    })
}

/// The answer to a request for another host, in the user's words.
pub(crate) fn host_refusal(host: Option<&str>, port: u16) -> String {
    let asked = host.map_or("nessun Host".to_string(), |h| format!("Host «{h}»"));
    format!(
        "vetro serve risponde solo a http://127.0.0.1:{port}/ (o localhost:{port}): \
         richiesta con {asked} rifiutata, perché un sito esterno non possa leggere \
         l'anteprima (DNS rebinding). Apri l'indirizzo stampato dal terminale.\n"
    )
}

/// The path of a URL without query, percent-decoded; None when it cannot
/// name a file: a bad escape, bytes that are not UTF-8, a NUL.
pub(crate) fn decode_path(url: &str) -> Option<String> {
    let raw = url.split(['?', '#']).next().unwrap_or_default().as_bytes();
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'%' {
            let high = hex_digit(*raw.get(i + 1)?)?;
            let low = hex_digit(*raw.get(i + 2)?)?;
            out.push(high << 4 | low);
            i += 3;
        } else {
            out.push(raw[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok().filter(|p| !p.contains('\0'))
}

fn hex_digit(byte: u8) -> Option<u8> {
    char::from(byte)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

/// The file a decoded path names inside `output`, if it exists; never
/// outside: `..`, hidden names and backslashes are refused after decoding,
/// so `%2e%2e/` and `..%2f` are refused too.
pub(crate) fn resolve(output: &Path, path: &str) -> Option<PathBuf> {
    let mut file = output.to_path_buf();
    for part in path.split('/').filter(|p| !p.is_empty()) {
        if part.starts_with('.') || part.contains('\\') {
            return None;
        }
        file.push(part);
    }
    if file.is_dir() {
        file.push("index.html");
    }
    file.is_file().then_some(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_names_on_our_port_are_accepted() {
        for host in [
            "127.0.0.1:8080",
            "localhost:8080",
            "LOCALHOST:8080",
            "[::1]:8080",
        ] {
            assert!(is_loopback_host(host, 8080), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:8080",
            "127.0.0.1",
            "127.0.0.1:8081",
            "localhost.evil.example:8080",
            "127.0.0.1:8080.evil.example",
            "",
        ] {
            assert!(!is_loopback_host(host, 8080), "{host}");
        }
        assert!(is_loopback_host("localhost", 80));
        assert!(host_refusal(Some("evil.example"), 8080).contains("«evil.example»"));
    }

    #[test]
    fn paths_are_percent_decoded_and_bad_escapes_refused() {
        assert_eq!(
            decode_path("/static/Guida%20all%27uso%20%C3%A8.pdf?v=1").as_deref(),
            Some("/static/Guida all'uso è.pdf")
        );
        assert_eq!(decode_path("/a+b").as_deref(), Some("/a+b"));
        for bad in ["/%", "/%2", "/%zz", "/%+1", "/%00", "/%C3", "/%FF", "/%é"] {
            assert_eq!(decode_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn paths_stay_inside_the_output_also_after_decoding() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("a/index.html"), "x").unwrap();
        assert_eq!(
            resolve(dir.path(), "/a/"),
            Some(dir.path().join("a/index.html"))
        );
        for url in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a%2f..%2f..%2fetc/passwd",
            "/a/%2E%2E%5C..%5Cetc",
            "/..\\..\\etc",
            "/a/.hidden",
            "/missing/",
        ] {
            let decoded = decode_path(url).unwrap();
            assert_eq!(resolve(dir.path(), &decoded), None, "{url}");
        }
    }
}
