//! `vetro serve` through the real binary, spoken to over raw TCP so that the
//! Host header and the exact bytes of a path are the test's: decoded paths,
//! a stalled client beside a normal one, DNS-rebinding Hosts, traversal after
//! decoding, and the temporary folder removed on SIGINT and SIGTERM.

use crate::support;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// A running preview of a fresh `vetro init` site, whose temporary folder is
/// made under `tmp` (its TMPDIR). Killed when the test ends, even on failure.
struct Preview {
    child: Child,
    port: u16,
    tmp: PathBuf,
    site: PathBuf,
    _dir: tempfile::TempDir,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Creates a site, lets `prepare` add files to it, and starts the preview.
fn start(prepare: impl FnOnce(&Path)) -> Preview {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("portale");
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    vetro::init::create(&site).unwrap();
    prepare(&site);
    let mut child = Command::new(env!("CARGO_BIN_EXE_vetro"))
        .args(["serve", "--port", "0", "--root"])
        .arg(&site)
        .env("TMPDIR", &tmp)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let port = support::listening_port(&mut child);
    Preview {
        child,
        port,
        tmp,
        site,
        _dir: dir,
    }
}

impl Preview {
    /// Sends `head` (request line and headers, without the blank line) and
    /// returns (status, body), waiting at most `limit`.
    fn send(&self, head: &str, limit: Duration) -> (u16, Vec<u8>) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(limit)).unwrap();
        write!(stream, "{head}\r\n\r\n").unwrap();
        let mut bytes = Vec::new();
        stream
            .read_to_end(&mut bytes)
            .unwrap_or_else(|e| panic!("no answer to {head:?} within {limit:?}: {e}"));
        let text = String::from_utf8_lossy(&bytes);
        let status = text
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let start = text.find("\r\n\r\n").map_or(bytes.len(), |at| at + 4);
        (status, bytes[start..].to_vec())
    }

    /// A GET of `path` (sent as is) naming the preview as browsers do.
    fn get(&self, path: &str) -> (u16, Vec<u8>) {
        let head = format!("GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{}", self.port);
        self.send(&head, Duration::from_secs(10))
    }

    /// The preview folders under this preview's TMPDIR.
    fn temp_folders(&self) -> Vec<PathBuf> {
        std::fs::read_dir(&self.tmp)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("vetro-serve-"))
            })
            .collect()
    }

    /// Sends `signal` with kill(1) and waits for the exit, within 15 s.
    fn signal(&mut self, signal: &str) -> ExitStatus {
        let pid = self.child.id().to_string();
        let kill = Command::new("kill").args([signal, &pid]).status().unwrap();
        assert!(kill.success(), "kill {signal} {pid}");
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "serve still running after {signal}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

#[test]
fn percent_encoded_paths_are_decoded() {
    let preview = start(|site| {
        let dir = site.join("static/documenti");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("Guida all'uso è.pdf"), b"%PDF-1.4 guida").unwrap();
        std::fs::write(dir.join("più lotti.csv"), b"cig\r\n").unwrap();
    });
    let (status, body) = preview.get("/static/documenti/Guida%20all%27uso%20%C3%A8.pdf");
    assert_eq!(status, 200);
    assert_eq!(body, b"%PDF-1.4 guida");
    // Lowercase escapes and a query are fine too; a bad escape is not found.
    let (status, body) = preview.get("/static/documenti/pi%c3%b9%20lotti.csv?v=2");
    assert_eq!((status, body), (200, b"cig\r\n".to_vec()));
    assert_eq!(preview.get("/static/documenti/pi%c3%20lotti.csv").0, 404);
}

#[test]
fn a_stalled_client_does_not_block_another_request() {
    let preview = start(|_| {});
    // Announces a body and never sends it: whoever answers it waits for the
    // body when the request ends. Two of them, to be sure.
    let stalled: Vec<TcpStream> = (0..2)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", preview.port)).unwrap();
            write!(
                s,
                "POST / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: 100000\r\n\r\nabc",
                preview.port
            )
            .unwrap();
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    let (status, body) = preview.send(
        &format!("GET / HTTP/1.0\r\nHost: 127.0.0.1:{}", preview.port),
        Duration::from_secs(5),
    );
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).contains("</html>"));
    assert!(started.elapsed() < Duration::from_secs(5));
    drop(stalled);
}

#[test]
fn requests_naming_another_host_are_refused() {
    let preview = start(|_| {});
    let port = preview.port;
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("127.0.0.1.evil.example:{port}"),
        format!("localhost:{}", port.wrapping_add(1)),
    ] {
        let head = format!("GET / HTTP/1.0\r\nHost: {host}");
        let (status, body) = preview.send(&head, Duration::from_secs(10));
        let body = String::from_utf8_lossy(&body);
        assert_eq!(status, 421, "{host}");
        assert!(body.contains(&format!("«{host}»")), "{host}: {body}");
        assert!(body.contains("DNS rebinding"), "{body}");
        assert!(!body.contains("<html"), "no page for {host}");
    }
    // No Host at all (HTTP/1.0 allows it): refused as well.
    assert_eq!(
        preview.send("GET / HTTP/1.0", Duration::from_secs(10)).0,
        421
    );
    for host in [format!("127.0.0.1:{port}"), format!("localhost:{port}")] {
        let head = format!("GET /__vetro/build HTTP/1.0\r\nHost: {host}");
        assert_eq!(
            preview.send(&head, Duration::from_secs(10)).0,
            200,
            "{host}"
        );
    }
}

#[test]
fn paths_leading_outside_the_preview_are_refused_after_decoding() {
    let preview = start(|_| {});
    // Beside the preview's temporary folder, two and three levels up.
    std::fs::write(preview.tmp.join("segreto.txt"), "SEGRETO-TMP").unwrap();
    std::fs::write(preview.site.join("segreto.txt"), "SEGRETO-SITO").unwrap();
    for path in [
        "/../../segreto.txt",
        "/%2e%2e/%2e%2e/segreto.txt",
        "/%2E%2E/%2E%2E/segreto.txt",
        "/..%2f..%2fsegreto.txt",
        "/static/..%2F..%2F..%2Fsegreto.txt",
        "/..%5c..%5csegreto.txt",
        "/%2e%2e%5c%2e%2e%5csegreto.txt",
        "/..\\..\\segreto.txt",
        "/..%252f..%252fsegreto.txt",
        "/../../segreto.txt%00.html",
        "/%00/../../segreto.txt",
        "/.%2e/.%2e/segreto.txt",
    ] {
        let (status, body) = preview.get(path);
        let body = String::from_utf8_lossy(&body);
        assert_ne!(status, 200, "{path}");
        assert!(!body.contains("SEGRETO"), "{path} served an outside file");
    }
    assert_eq!(preview.get("/").0, 200, "still serving");
}

#[test]
fn sigint_and_sigterm_remove_the_temporary_folder() {
    for signal in ["-INT", "-TERM"] {
        let mut preview = start(|_| {});
        assert_eq!(preview.get("/").0, 200);
        let folders = preview.temp_folders();
        assert_eq!(folders.len(), 1, "one preview folder: {folders:?}");
        assert!(folders[0].join("site/index.html").is_file());
        let status = preview.signal(signal);
        assert_eq!(status.code(), Some(130), "{signal}: {status}");
        assert_eq!(preview.temp_folders(), Vec::<PathBuf>::new(), "{signal}");
    }
}
