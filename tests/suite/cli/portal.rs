//! The clerk's commands through the real binary: `init` then `build`, and
//! `serve` answering on loopback and rebuilding after a change.

use crate::support;
use crate::support::html::Page;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn vetro() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vetro"))
}

#[test]
fn init_then_build() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("portale");
    let init = vetro()
        .arg("init")
        .arg(&site)
        .arg("--esempio")
        .output()
        .unwrap();
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let build = vetro()
        .args(["build", "--root"])
        .arg(&site)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(build.status.success(), "{stderr}");
    let home = Page::read(&site.join("site/index.html"));
    assert_eq!(home.attributes("html", "lang"), ["it"]);
    for page in ["accessibilita", "note-legali", "privacy"] {
        assert!(
            site.join(format!("site/pagine/{page}/index.html"))
                .is_file()
        );
    }
    assert!(site.join("site/cig/B9538AC2B9/index.html").is_file());
    // A second init into the same folder is refused.
    let again = vetro()
        .arg("init")
        .arg(&site)
        .arg("--esempio")
        .output()
        .unwrap();
    assert!(!again.status.success());
}

/// Kills the server when the test ends, even on failure.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A GET on loopback: (status code, body).
fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    )
    .unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    (status, body)
}

/// Polls the build number until it differs from `from`, within 30 s.
fn wait_for_build(port: u16, from: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        let (_, build) = get(port, "/__vetro/build");
        if build != from {
            return build;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("no rebuild within 30 s");
}

#[test]
fn serve_answers_on_loopback_and_rebuilds_after_a_change() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("portale");
    vetro::init::create(&site).unwrap();
    let child = vetro()
        .args(["serve", "--port", "0", "--root"])
        .arg(&site)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut server = Server(child);
    let port = support::listening_port(&mut server.0);

    let (status, home) = get(port, "/");
    assert_eq!(status, 200);
    assert!(home.contains("/__vetro/build"), "reload script injected");
    let (_, build) = get(port, "/__vetro/build");

    let page = site.join("content/pagine/note-legali.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{text}\nRiga aggiunta durante il test.\n")).unwrap();
    let build = wait_for_build(port, &build);
    let (status, legal) = get(port, "/pagine/note-legali/");
    assert_eq!(status, 200);
    assert!(legal.contains("Riga aggiunta durante il test."));

    // A broken act: every page becomes the error overlay, naming the file.
    let act = site.join("content/atti/comune-di-livorno/rotto.md");
    std::fs::write(&act, "+++\nente = \"comune-di-livorno\"\n").unwrap();
    wait_for_build(port, &build);
    let (status, overlay) = get(port, "/");
    assert_eq!(status, 500);
    assert!(overlay.contains("La build non è riuscita"));
    assert!(overlay.contains("rotto.md"));
    assert_eq!(get(port, "/no/such/page/").0, 404);
}

#[test]
fn without_bootstrap_italia_the_site_builds_with_the_plain_stylesheet() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("portale");
    vetro::init::create(&site).unwrap();
    let build = vetro()
        .args(["build", "--root"])
        .arg(&site)
        .env("VETRO_BOOTSTRAP_ITALIA", dir.path().join("assente"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(build.status.success(), "{stderr}");
    assert!(stderr.contains("W901"), "a clear warning: {stderr}");
    let css = std::fs::read_to_string(site.join("site/static/css/portale.css")).unwrap();
    assert!(css.contains("vetro plain stylesheet"));
    assert!(!site.join("site/static/bootstrap-italia").exists());
}

#[test]
fn with_bootstrap_italia_only_used_rules_and_icons_are_published() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("portale");
    vetro::init::create(&site).unwrap();
    let dist = support::repo().join("node_modules/bootstrap-italia/dist");
    assert!(dist.is_dir(), "run `npm ci` first");
    let build = vetro()
        .args(["build", "--root"])
        .arg(&site)
        .env("VETRO_BOOTSTRAP_ITALIA", &dist)
        .output()
        .unwrap();
    assert!(build.status.success());
    let out = site.join("site/static");
    let css = std::fs::read_to_string(out.join("css/portale.css")).unwrap();
    assert!(css.contains(".it-header-slim-wrapper"), "used rules kept");
    assert!(!css.contains(".vjs-"), "video player rules dropped");
    assert!(css.contains("@font-face{font-family:\"Titillium Web\""));
    assert!(css.len() < 100_000, "purged: {} bytes", css.len());
    let sprite = std::fs::read_to_string(out.join("bootstrap-italia/sprites.svg")).unwrap();
    assert!(sprite.contains("id=\"it-search\"") && !sprite.contains("id=\"it-android\""));
    assert!(out.join("bootstrap-italia/LICENSE").is_file());
    assert!(
        out.join("bootstrap-italia/fonts/lora-v20-latin-ext_latin-regular.woff2")
            .is_file()
    );
}
