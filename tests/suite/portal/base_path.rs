//! The portal under a sub-path: built with `url_base =
//! "https://www.comune.example.it/trasparenza/appalti"`, served only under
//! `/trasparenza/appalti/` (anything else is a 404), and crawled from its home
//! page: every link, asset, icon sprite, stylesheet font, JSON twin, feed and
//! sitemap entry, and every own absolute URL in the open data, must answer and
//! stay under the prefix. The same crawl runs on a portal at the host's root.

use crate::support::*;
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const HOST: &str = "https://www.comune.example.it";

/// A static server for `site`, answering only under `prefix`.
struct Server {
    http: Arc<tiny_http::Server>,
    addr: String,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start(site: PathBuf, prefix: &'static str) -> Server {
        let http = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("listen"));
        let addr = http.server_addr().to_ip().expect("ip address").to_string();
        let server = http.clone();
        let thread = std::thread::spawn(move || {
            for request in server.incoming_requests() {
                let file = file_for(&site, prefix, request.url());
                let response = match file.and_then(|f| std::fs::read(f).ok()) {
                    Some(bytes) => tiny_http::Response::from_data(bytes),
                    None => {
                        tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404)
                    }
                };
                let _ = request.respond(response);
            }
        });
        Server {
            http,
            addr,
            thread: Some(thread),
        }
    }

    /// Status and body of `GET path`.
    fn get(&self, path: &str) -> (u16, Vec<u8>) {
        get(&self.addr, path).0
    }
}

/// Status and body of `GET path` from `addr`, and the response's headers.
fn get(addr: &str, path: &str) -> ((u16, Vec<u8>), String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("request");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("response");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("headers end");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(&raw[split + 4..])
    } else {
        raw[split + 4..].to_vec()
    };
    ((status, body), head)
}

impl Drop for Server {
    fn drop(&mut self) {
        self.http.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = body.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&body[..end]).trim(), 16)
            .expect("chunk size");
        if size == 0 {
            break;
        }
        out.extend_from_slice(&body[end + 2..end + 2 + size]);
        body = &body[end + 2 + size + 2..];
    }
    out
}

/// The file a request path maps to: under `prefix` only, folders by their
/// `index.html`, never outside `site`.
fn file_for(site: &Path, prefix: &str, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next()?;
    let rest = percent_decode(path.strip_prefix(prefix)?);
    if rest.split('/').any(|seg| seg == "..") {
        return None;
    }
    let file = site.join(&rest);
    let file = if file.is_dir() {
        file.join("index.html")
    } else {
        file
    };
    file.is_file().then_some(file)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What the crawl found.
#[derive(Default)]
struct Crawl {
    /// Every path fetched, with its status.
    fetched: BTreeMap<String, u16>,
    /// "problem (in referrer)" lines.
    problems: Vec<String>,
}

/// Crawls the portal served by `server` whose public address is `url_base`.
struct Crawler<'a> {
    server: &'a Server,
    url_base: &'a str,
    /// `/` or `/trasparenza/appalti/`.
    prefix: &'a str,
    attribute: Regex,
    css_url: Regex,
    absolute: Regex,
}

impl<'a> Crawler<'a> {
    fn new(server: &'a Server, url_base: &'a str, prefix: &'a str) -> Crawler<'a> {
        Crawler {
            server,
            url_base,
            prefix,
            attribute: Regex::new(r#"\s(?:href|src|action)="([^"]*)""#).unwrap(),
            css_url: Regex::new(r#"url\(\s*['"]?([^'")]+)['"]?\s*\)"#).unwrap(),
            // No port in the test hosts: a ':' ends the URL, as in DCAT's
            // identifier `<url_base>:vetro-appalti`.
            absolute: Regex::new(r#"https?://[^\s"'<>\\),:]+"#).unwrap(),
        }
    }

    fn run(&self, seeds: &[&str]) -> Crawl {
        let mut crawl = Crawl::default();
        let mut queue: VecDeque<(String, String)> = seeds
            .iter()
            .map(|s| (format!("{}{s}", self.prefix), "(seed)".to_string()))
            .collect();
        let mut fragments: Vec<(String, String, String)> = Vec::new();
        let mut bodies: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        while let Some((path, from)) = queue.pop_front() {
            if crawl.fetched.contains_key(&path) {
                continue;
            }
            let (status, body) = self.server.get(&path);
            crawl.fetched.insert(path.clone(), status);
            if status != 200 {
                crawl
                    .problems
                    .push(format!("{path}: HTTP {status} (linked from {from})"));
                continue;
            }
            for link in self.links(&path, &body) {
                match self.resolve(&path, &link) {
                    Ok(Some((target, fragment))) => {
                        if let Some(f) = fragment {
                            fragments.push((target.clone(), f, path.clone()));
                        }
                        queue.push_back((target, path.clone()));
                    }
                    Ok(None) => {}
                    Err(problem) => crawl.problems.push(format!("{problem} (in {path})")),
                }
            }
            bodies.insert(path, body);
        }
        for (target, fragment, from) in fragments {
            let text = bodies
                .get(&target)
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .unwrap_or_default();
            if !text.contains(&format!("id=\"{fragment}\"")) {
                crawl.problems.push(format!(
                    "{target}#{fragment}: no such id (linked from {from})"
                ));
            }
        }
        crawl
    }

    /// The links a fetched file holds, by its kind.
    fn links(&self, path: &str, body: &[u8]) -> Vec<String> {
        let text = String::from_utf8_lossy(body);
        let mut links = Vec::new();
        let page = path.ends_with('/') || path.ends_with(".html");
        if page {
            links.extend(
                self.attribute
                    .captures_iter(&text)
                    .map(|c| c[1].replace("&amp;", "&")),
            );
            // Every page has a JSON twin beside it (not the 404 page).
            if path.ends_with('/') {
                links.push("index.json".into());
            }
        } else if path.ends_with(".css") {
            links.extend(
                self.css_url
                    .captures_iter(&text)
                    .map(|c| c[1].to_string())
                    .filter(|u| !u.starts_with("data:") && !u.starts_with('#')),
            );
        } else if path.ends_with(".json")
            && let Ok(value) = serde_json::from_slice::<serde_json::Value>(body)
        {
            json_links(&value, &mut links);
        }
        let textual = [".xml", ".rdf", ".csv", ".json", ".txt", "SHA256SUMS"];
        if page || textual.iter().any(|e| path.ends_with(e)) {
            // Own absolute URLs anywhere: canonical links, feed, sitemap,
            // robots.txt, OCDS, DCAT, L.190, CSV url columns.
            let own = self
                .url_base
                .split('/')
                .take(3)
                .collect::<Vec<_>>()
                .join("/");
            links.extend(
                self.absolute
                    .find_iter(&text)
                    .map(|m| m.as_str().replace("&amp;", "&"))
                    .filter(|u| u == &own || u.starts_with(&format!("{own}/"))),
            );
        }
        links
    }

    /// The server path a link points to (and its fragment), `None` for an
    /// outside link, or why the link is wrong.
    fn resolve(&self, page: &str, link: &str) -> Result<Option<(String, Option<String>)>, String> {
        if link.starts_with("javascript:") {
            return Err(format!("script link {link}"));
        }
        if link.is_empty() || link.starts_with('#') || link.starts_with("mailto:") {
            return Ok(None);
        }
        let (link, fragment) = match link.split_once('#') {
            Some((l, f)) => (l, Some(f.to_string())),
            None => (link, None),
        };
        let link = link.split('?').next().unwrap_or(link);
        let own = self
            .url_base
            .split('/')
            .take(3)
            .collect::<Vec<_>>()
            .join("/");
        let path = if link.starts_with("http://") || link.starts_with("https://") {
            if link != own && !link.starts_with(&format!("{own}/")) {
                return Ok(None);
            }
            let base = format!("{}/", self.url_base);
            if !link.starts_with(&base) && format!("{link}/") != base {
                return Err(format!("absolute URL {link} escapes {base}"));
            }
            format!("{}{}", self.prefix, &link[base.len().min(link.len())..])
        } else if link.starts_with("//") {
            return Err(format!("scheme-relative link {link}"));
        } else if link.starts_with('/') {
            link.to_string()
        } else {
            let dir = &page[..page.rfind('/').map_or(0, |i| i + 1)];
            normalize(&format!("{dir}{link}"))
        };
        if !path.starts_with(self.prefix) {
            return Err(format!("link {link} escapes the prefix {}", self.prefix));
        }
        // A page is fetched with its folder's address.
        let fetch = path.strip_suffix("index.html").unwrap_or(&path).to_string();
        Ok(Some((
            fetch,
            fragment.filter(|f| !f.is_empty() && !page_anchor(f)),
        )))
    }
}

/// In-page anchors of pages (#contenuto, #lotto-1, DCAT's #dataset): only
/// sprite symbols are checked, where a missing id is a missing icon.
fn page_anchor(fragment: &str) -> bool {
    !fragment.starts_with("it-")
}

/// Strings of a JSON twin that are links: root-absolute paths.
fn json_links(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) if s.starts_with('/') => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| json_links(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| json_links(v, out)),
        _ => {}
    }
}

/// `/a/b/../c/./d` → `/a/c/d`; a path climbing above the root keeps a
/// `..`, which no prefix starts with.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        match *seg {
            "." => {}
            ".." if parts.len() > 1 => {
                parts.pop();
            }
            ".." => return format!("..{path}"),
            s if s.is_empty() && i > 0 && i + 1 < segments.len() => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Builds the example site with `url_base`, with Bootstrap Italia when the
/// repository has it (so icons and fonts are crawled too).
fn build_example(url_base: &str) -> (tempfile::TempDir, PathBuf, bool) {
    let site = example_site();
    let config_path = site.path().join("vetro.toml");
    let config = read(&config_path);
    let line = config
        .lines()
        .find(|l| l.starts_with("url_base"))
        .expect("url_base in vetro.toml")
        .to_string();
    std::fs::write(
        &config_path,
        config.replace(&line, &format!("url_base = \"{url_base}\"")),
    )
    .unwrap();
    let out = site.path().join("site");
    let dist = repo().join("node_modules/bootstrap-italia/dist");
    let themed = dist.join("css/bootstrap-italia.min.css").is_file();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_vetro"));
    command
        .args(["build", "--root"])
        .arg(site.path())
        .arg("--output")
        .arg(&out);
    if themed {
        command.env("VETRO_BOOTSTRAP_ITALIA", &dist);
    }
    let run = command.output().expect("run vetro");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    (site, out, themed)
}

/// Crawls a build served under `prefix`; returns what was fetched.
fn crawl_ok(out: &Path, url_base: &str, prefix: &'static str) -> BTreeSet<String> {
    let server = Server::start(out.to_path_buf(), prefix);
    let crawler = Crawler::new(&server, url_base, prefix);
    let crawl = crawler.run(&["", "404.html", "robots.txt", "sitemap.xml", "feed.xml"]);
    assert!(
        crawl.problems.is_empty(),
        "{} problems:\n{}",
        crawl.problems.len(),
        crawl.problems.join("\n")
    );
    // Outside the prefix, nothing is served: the crawl did not pass by chance.
    if prefix != "/" {
        assert_eq!(server.get("/cig/").0, 404);
        assert_eq!(server.get("/static/css/portale.css").0, 404);
    }
    println!("{prefix}: {} addresses crawled", crawl.fetched.len());
    crawl.fetched.into_keys().collect()
}

/// Every kind of page was reached by following links from the home page.
fn assert_every_page_kind(fetched: &BTreeSet<String>, prefix: &str, themed: bool) {
    let kinds = [
        ("home", format!("^{prefix}$")),
        ("act", format!("^{prefix}atti/[^/]+/\\d{{4}}/[^/]+/$")),
        ("CIG", format!("^{prefix}cig/[A-Z0-9]{{10}}/$")),
        ("supplier", format!("^{prefix}fornitori/[^/]+/$")),
        ("body", format!("^{prefix}enti/[^/]+/$")),
        ("year", format!("^{prefix}anni/\\d{{4}}/$")),
        ("CPV", format!("^{prefix}cpv/\\d{{8}}-\\d/$")),
        ("search", format!("^{prefix}cerca/$")),
        ("data", format!("^{prefix}dati/$")),
        (
            "JSON twin",
            format!("^{prefix}cig/[A-Z0-9]{{10}}/index\\.json$"),
        ),
        ("free page", format!("^{prefix}pagine/[^/]+/$")),
        ("search index", format!("^{prefix}cerca/meta\\.bin$")),
        ("search client", format!("^{prefix}static/js/cerca\\.js$")),
        ("download", format!("^{prefix}dati/lotti\\.csv$")),
        (
            "OCDS",
            format!("^{prefix}dati/ocds/release-package\\.json$"),
        ),
        ("sitemap", format!("^{prefix}sitemap\\.xml$")),
    ];
    for (kind, pattern) in kinds {
        let re = Regex::new(&pattern).unwrap();
        assert!(
            fetched.iter().any(|p| re.is_match(p)),
            "no {kind} page reached ({pattern}) among {} fetched",
            fetched.len()
        );
    }
    let sprite = format!("{prefix}static/bootstrap-italia/sprites.svg");
    assert_eq!(fetched.contains(&sprite), themed, "{sprite}");
    if themed {
        assert!(
            fetched.iter().any(|p| p.ends_with(".woff2")),
            "no font reached from the stylesheet"
        );
    }
}

#[test]
fn a_portal_under_a_sub_path_has_no_broken_or_escaping_link() {
    let url_base = format!("{HOST}/trasparenza/appalti");
    let (_site, out, themed) = build_example(&url_base);
    let prefix = "/trasparenza/appalti/";
    let fetched = crawl_ok(&out, &url_base, prefix);
    assert_every_page_kind(&fetched, prefix, themed);
    // The crawl covers the whole portal: every page the sitemap lists.
    let sitemap = read(&out.join("sitemap.xml"));
    let locs = Regex::new("<loc>([^<]+)</loc>").unwrap();
    for loc in locs.captures_iter(&sitemap) {
        let path = loc[1].replacen(HOST, "", 1);
        assert!(fetched.contains(&path), "{path} of the sitemap not crawled");
    }
}

#[test]
fn a_portal_at_the_root_still_has_no_broken_link() {
    let url_base = "https://vetro.example.org";
    let (_site, out, themed) = build_example(url_base);
    let fetched = crawl_ok(&out, url_base, "/");
    assert_every_page_kind(&fetched, "/", themed);
    let home = read(&out.join("index.html"));
    assert!(home.contains("href=\"/static/css/portale.css\""), "{home}");
    assert!(home.contains("<link rel=\"canonical\" href=\"https://vetro.example.org/\">"));
}

#[test]
fn every_form_of_an_address_carries_the_sub_path() {
    let url_base = format!("{HOST}/trasparenza/appalti");
    let (_site, out, _) = build_example(&url_base);
    let page = read(&out.join("cig/B9538AC2B9/index.html"));
    for expected in [
        "<link rel=\"canonical\" href=\"https://www.comune.example.it/trasparenza/appalti/cig/B9538AC2B9/\">",
        "href=\"/trasparenza/appalti/static/css/portale.css\"",
        "href=\"/trasparenza/appalti/cig/B9538AC2B9/index.json\"",
        "href=\"/trasparenza/appalti/feed.xml\"",
        "action=\"/trasparenza/appalti/cerca/\"",
    ] {
        assert!(page.contains(expected), "{expected} not in the CIG page");
    }
    let twin: serde_json::Value =
        serde_json::from_str(&read(&out.join("cig/B9538AC2B9/index.json"))).unwrap();
    assert_eq!(twin["url"], "/trasparenza/appalti/cig/B9538AC2B9/");
    let feed = read(&out.join("feed.xml"));
    assert!(feed.contains("href=\"https://www.comune.example.it/trasparenza/appalti/feed.xml\""));
    let robots = read(&out.join("robots.txt"));
    assert!(
        robots.contains("Sitemap: https://www.comune.example.it/trasparenza/appalti/sitemap.xml")
    );
    let lots = read(&out.join("dati/lotti.csv"));
    assert!(lots.contains(",https://www.comune.example.it/trasparenza/appalti/cig/B9538AC2B9/"));
    // The 404 page, served at any depth, links with the full base path.
    let missing = read(&out.join("404.html"));
    assert!(
        missing.contains("href=\"/trasparenza/appalti/cerca/\""),
        "{missing}"
    );
    assert!(!missing.contains("index.json"), "{missing}");
}

#[test]
fn url_base_must_be_an_absolute_http_address() {
    let site = example_site();
    let config_path = site.path().join("vetro.toml");
    let config = read(&config_path);
    let line = config
        .lines()
        .find(|l| l.starts_with("url_base"))
        .unwrap()
        .to_string();
    for bad in [
        "www.comune.example.it/trasparenza",
        "https://host/trasparenza?x=1",
        "https://host/a b",
    ] {
        std::fs::write(
            &config_path,
            config.replace(&line, &format!("url_base = \"{bad}\"")),
        )
        .unwrap();
        let run = vetro(&["check", "--root", site.path().to_str().unwrap()]);
        let out = String::from_utf8_lossy(&run.stdout).into_owned()
            + &String::from_utf8_lossy(&run.stderr);
        assert_ne!(run.status.code(), Some(0), "{bad}: {out}");
        assert!(
            out.contains("E010") && out.contains("url_base"),
            "{bad}: {out}"
        );
        assert!(out.contains("vetro.toml"), "{bad}: {out}");
    }
}

#[test]
fn no_template_of_the_theme_writes_an_address_by_hand() {
    let attribute = Regex::new(r#"(?:href|src|action)="(/[^"]*)""#).unwrap();
    let dir = repo().join("themes/default/templates");
    let mut found = Vec::new();
    // Partials (`parti/…`) included.
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let text = read(path);
        for (n, line) in text.lines().enumerate() {
            for c in attribute.captures_iter(line) {
                found.push(format!("{}:{}: {}", path.display(), n + 1, &c[1]));
            }
        }
    }
    assert!(found.is_empty(), "use route(...):\n{}", found.join("\n"));
}

/// A `vetro serve` started by the test, stopped when the test ends.
struct Preview(std::process::Child);

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_preview_serves_the_portal_under_its_sub_path() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("portale");
    vetro::init::create(&site).unwrap();
    let config = site.join("vetro.toml");
    let text = read(&config);
    let line = text
        .lines()
        .find(|l| l.starts_with("url_base"))
        .unwrap()
        .to_string();
    let url_base = format!("url_base = \"{HOST}/trasparenza/appalti\"");
    std::fs::write(&config, text.replace(&line, &url_base)).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_vetro"))
        .args(["serve", "--port", "0", "--root"])
        .arg(&site)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let _preview = Preview(child);
    let mut lines = std::io::BufReader::new(stdout)
        .lines()
        .map_while(Result::ok);
    let address = lines
        .find_map(|l| l.split("anteprima su http://").nth(1).map(str::to_string))
        .expect("serve printed no address");
    std::thread::spawn(move || lines.for_each(drop));
    let (addr, path) = address.split_once('/').unwrap();
    assert!(path.starts_with("trasparenza/appalti/ "), "{address}");
    let ((status, _), head) = get(addr, "/");
    assert_eq!(status, 302);
    assert!(head.contains("/trasparenza/appalti/"), "{head}");
    let ((status, home), _) = get(addr, "/trasparenza/appalti/");
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&home).contains("href=\"/trasparenza/appalti/atti/\""));
    assert_eq!(
        get(addr, "/trasparenza/appalti/static/css/portale.css").0.0,
        200
    );
    assert_eq!(get(addr, "/static/css/portale.css").0.0, 404);
    assert_eq!(get(addr, "/trasparenza/appaltiX/").0.0, 404);
}

#[test]
fn the_search_index_is_the_same_under_any_base_path() {
    let (_a, root_out, _) = build_example("https://vetro.example.org");
    let (_b, sub_out, _) = build_example(&format!("{HOST}/trasparenza/appalti"));
    // The index files, not the search page beside them.
    let index = |out: &Path| {
        let mut files = snapshot(&out.join("cerca"));
        files.retain(|name, _| !name.starts_with("index."));
        files
    };
    let at_root = index(&root_out);
    assert!(at_root.contains_key("meta.bin"), "{:?}", at_root.keys());
    assert!(
        at_root == index(&sub_out),
        "cerca/ differs with the base path"
    );
}
