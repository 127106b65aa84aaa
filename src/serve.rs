//! `vetro serve`: builds the site, serves it on 127.0.0.1, rebuilds when the
//! content, templates or `vetro.toml` change, and reloads the browser.
//!
//! The preview is written to a temporary folder, so `site/` is never touched;
//! the folder is removed on exit, Ctrl+C and SIGTERM included. Requests are
//! answered by a pool of workers, only for a loopback Host (no DNS
//! rebinding), from percent-decoded paths that never leave the folder.
//! Served HTML pages get a small script that polls `/__vetro/build` and
//! reloads when the build number changes; while the content has errors every
//! page is replaced by an overlay with the report, also printed on the terminal.

use crate::build::{BuildError, BuildOptions};
use clap::Args as ClapArgs;
use notify::{EventKind, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, TryLockError, mpsc};
use std::time::{Duration, Instant};
use tiny_http::{Header, Request, Response, Server};

mod target;

#[derive(ClapArgs, Debug)]
pub struct Args {
    /// Site folder, holding vetro.toml and content/.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Port on 127.0.0.1 (0: any free port).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
}

/// The number of the latest build and its error report, if it failed.
#[derive(Default)]
struct State {
    build: u64,
    error: Option<String>,
    /// The base path of `url_base` (`/` or `/some/path/`): the preview serves
    /// the site under it, as the host will.
    base: String,
}

type Shared = Arc<Mutex<State>>;

const BUILD_PATH: &str = "/__vetro/build";
/// Folders under the site root whose changes trigger a rebuild.
const WATCHED: [&str; 4] = ["content", "templates", "static", "themes"];

pub fn run(args: Args) -> ExitCode {
    let temp = match tempfile::Builder::new().prefix("vetro-serve-").tempdir() {
        Ok(t) => t,
        Err(e) => return fail(&format!("cartella temporanea: {e}")),
    };
    let output = temp.path().join("site");
    let building = Arc::new(Mutex::new(()));
    if let Err(e) = remove_on_signal(temp.path(), &building) {
        say(&format!(
            "vetro: attenzione: Ctrl+C non rimuoverà {} ({e})",
            temp.path().display()
        ));
    }
    let state: Shared = Arc::default();
    rebuild(&args.root, &output, &state, &building);
    let server = match Server::http(("127.0.0.1", args.port)) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            return fail(&format!(
                "impossibile ascoltare su 127.0.0.1:{}: {e}",
                args.port
            ));
        }
    };
    // Watch before announcing the address: a change made as soon as the
    // server is up must not be missed.
    let (watcher, events) = match start_watching(&args.root) {
        Ok(w) => w,
        Err(e) => return fail(&format!("impossibile osservare i file del sito: {e}")),
    };
    let port = server.server_addr().to_ip().map_or(args.port, |a| a.port());
    let base = state.lock().map(|s| s.base.clone()).unwrap_or_default();
    println!("vetro: anteprima su http://127.0.0.1:{port}{base} (Ctrl+C per uscire)");
    let (root, out, shared) = (args.root.clone(), output.clone(), state.clone());
    std::thread::spawn(move || {
        let _watcher = watcher;
        rebuild_on_change(&root, &out, &shared, &events, &building);
    });
    let site = Arc::new(Served {
        output,
        state,
        port,
    });
    serve_concurrently(&server, &site);
    ExitCode::SUCCESS
}

/// What the workers answer from.
struct Served {
    output: PathBuf,
    state: Shared,
    port: u16,
}

/// Requests answered at once. A client that stalls (a body announced and
/// never sent, a download never read) holds one worker, not the preview.
const WORKERS: usize = 8;

fn serve_concurrently(server: &Arc<Server>, site: &Arc<Served>) {
    let workers: Vec<_> = (0..WORKERS)
        .map(|_| {
            let (server, site) = (Arc::clone(server), Arc::clone(site));
            std::thread::spawn(move || {
                for request in server.incoming_requests() {
                    respond(request, &site);
                }
            })
        })
        .collect();
    for worker in workers {
        let _ = worker.join();
    }
}

/// On Ctrl+C (SIGINT), SIGTERM or SIGHUP: waits for a build that is writing
/// the preview (a few seconds at most), removes the temporary folder and exits.
fn remove_on_signal(dir: &Path, building: &Arc<Mutex<()>>) -> Result<(), ctrlc::Error> {
    let (dir, building) = (dir.to_path_buf(), Arc::clone(building));
    ctrlc::set_handler(move || {
        let _idle = wait_for_build(&building, Duration::from_secs(5));
        for _ in 0..3 {
            if std::fs::remove_dir_all(&dir).is_ok() || !dir.exists() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        say("\nvetro: anteprima chiusa");
        std::process::exit(130);
    })
}

/// The build lock, once the running build (if any) is done, within `limit`.
fn wait_for_build(building: &Mutex<()>, limit: Duration) -> Option<MutexGuard<'_, ()>> {
    let deadline = Instant::now() + limit;
    loop {
        match building.try_lock() {
            Ok(guard) => return Some(guard),
            Err(TryLockError::Poisoned(p)) => return Some(p.into_inner()),
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(TryLockError::WouldBlock) => return None,
        }
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("errore: {message}");
    ExitCode::from(2)
}

/// Builds once and records the outcome for the browser. `building` is held
/// meanwhile, so a signal never removes the folder under a build.
fn rebuild(root: &Path, output: &Path, state: &Shared, building: &Mutex<()>) {
    let _writing = building.lock().unwrap_or_else(PoisonError::into_inner);
    let options = BuildOptions {
        root: root.to_path_buf(),
        output: output.to_path_buf(),
        full: false,
    };
    let started = std::time::Instant::now();
    let error = match crate::build::build(&options) {
        Ok((stats, report)) => {
            say(report.to_human().trim_end());
            say(&format!(
                "vetro: {} atti, {} pagine, {} file scritti in {:.2} s",
                stats.acts,
                stats.pages,
                stats.write.written,
                started.elapsed().as_secs_f64()
            ));
            None
        }
        Err(BuildError::Content(report)) => Some(report.to_human()),
        Err(BuildError::Render(message) | BuildError::Io(message)) => Some(message),
    };
    if let Some(text) = &error {
        say(&format!(
            "{text}\nvetro: build non riuscita; la pagina nel browser mostra gli errori"
        ));
    }
    let base = crate::model::Config::load(root).map_or_else(
        |_| "/".to_string(),
        |c| crate::route::Urls::new(&c.url_base).base_path().to_string(),
    );
    if let Ok(mut s) = state.lock() {
        s.build += 1;
        s.error = error;
        s.base = base;
    }
}

/// A line on the terminal; a closed terminal must not stop the server.
fn say(text: &str) {
    use std::io::Write;
    if !text.is_empty() {
        let _ = writeln!(std::io::stdout(), "{text}");
    }
}

type Events = mpsc::Receiver<notify::Result<notify::Event>>;

/// Starts watching the site's sources; events arrive on the receiver.
fn start_watching(root: &Path) -> notify::Result<(notify::RecommendedWatcher, Events)> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx)?;
    // The root itself, not vetro.toml: editors replace files on save.
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    for dir in WATCHED.map(|d| root.join(d)).iter().filter(|d| d.is_dir()) {
        watcher.watch(dir, RecursiveMode::Recursive)?;
    }
    Ok((watcher, rx))
}

/// Rebuilds after each burst of changes, until the watcher goes away.
fn rebuild_on_change(
    root: &Path,
    output: &Path,
    state: &Shared,
    events: &Events,
    building: &Mutex<()>,
) {
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    while let Ok(event) = events.recv() {
        if !event.is_ok_and(|e| relevant(&root, &e)) {
            continue;
        }
        // Let a save that touches several files settle into one rebuild.
        while events.recv_timeout(Duration::from_millis(150)).is_ok() {}
        rebuild(&root, output, state, building);
    }
}

fn relevant(root: &Path, event: &notify::Event) -> bool {
    if matches!(event.kind, EventKind::Access(_)) {
        return false;
    }
    event.paths.iter().any(|p| {
        let p = p.strip_prefix(root).unwrap_or(p);
        p == Path::new(crate::config::CONFIG_FILE) || WATCHED.iter().any(|d| p.starts_with(d))
    })
}

fn respond(request: Request, site: &Served) {
    let hosts: Vec<&str> = request
        .headers()
        .iter()
        .filter(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str())
        .collect();
    let response = match hosts[..] {
        [host] if target::is_loopback_host(host, site.port) => answer(request.url(), site),
        _ => text_response(
            421,
            target::host_refusal(hosts.first().copied(), site.port),
            "text/plain; charset=utf-8",
        ),
    };
    // A browser that went away is not an error of the preview.
    let _ = request.respond(response);
}

fn answer(url: &str, site: &Served) -> Response<std::io::Cursor<Vec<u8>>> {
    let (build, error, base) = match site.state.lock() {
        Ok(s) => (s.build, s.error.clone(), s.base.clone()),
        Err(_) => (0, None, "/".to_string()),
    };
    let path = target::decode_path(url);
    if path.as_deref() == Some(BUILD_PATH) {
        return text_response(200, build.to_string(), "text/plain; charset=utf-8");
    }
    if path.as_deref() == Some("/") && base != "/" {
        return redirect(&base);
    }
    // The site lives under the base path of url_base, as on the host.
    let in_site = path.as_deref().and_then(|p| {
        p.strip_prefix(base.trim_end_matches('/'))
            .filter(|rest| rest.is_empty() || rest.starts_with('/'))
    });
    let file = in_site.and_then(|p| target::resolve(&site.output, p));
    match (error, file) {
        (Some(report), Some(file)) if is_html(&file) => {
            text_response(500, overlay(&report, build), "text/html; charset=utf-8")
        }
        (_, Some(file)) => file_response(&file, build),
        (_, None) => not_found(&site.output, build),
    }
}

/// Sends the browser to the portal's home under its base path.
fn redirect(to: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let mut response = text_response(302, String::new(), "text/plain; charset=utf-8");
    if let Some(h) = header("Location", to) {
        response.add_header(h);
    }
    response
}

fn is_html(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "html")
}

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn text_response(status: u16, body: String, kind: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    bytes_response(status, body.into_bytes(), kind)
}

fn bytes_response(status: u16, body: Vec<u8>, kind: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let mut response = Response::from_data(body).with_status_code(status);
    for h in [
        header("Content-Type", kind),
        header("Cache-Control", "no-store"),
    ]
    .into_iter()
    .flatten()
    {
        response.add_header(h);
    }
    response
}

fn file_response(path: &Path, build: u64) -> Response<std::io::Cursor<Vec<u8>>> {
    let Ok(mut bytes) = std::fs::read(path) else {
        return text_response(404, "non trovato".into(), "text/plain; charset=utf-8");
    };
    if is_html(path) {
        bytes = inject_reload(&String::from_utf8_lossy(&bytes), build).into_bytes();
    }
    bytes_response(200, bytes, content_type(path))
}

fn not_found(output: &Path, build: u64) -> Response<std::io::Cursor<Vec<u8>>> {
    let page = std::fs::read_to_string(output.join("404.html")).unwrap_or_default();
    text_response(404, inject_reload(&page, build), "text/html; charset=utf-8")
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "woff2" => "font/woff2",
        "xml" => "application/xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// The poller that reloads the page after the next build.
fn reload_script(build: u64) -> String {
    format!(
        "<script>(function(){{var b=\"{build}\";setInterval(function(){{fetch(\"{BUILD_PATH}\",{{cache:\"no-store\"}}).then(function(r){{return r.text()}}).then(function(t){{if(t!==b)location.reload()}}).catch(function(){{}})}},700)}})();</script>"
    )
}

fn inject_reload(html: &str, build: u64) -> String {
    let script = reload_script(build);
    match html.rfind("</body>") {
        Some(at) => format!("{}{script}{}", &html[..at], &html[at..]),
        None => format!("{html}{script}"),
    }
}

const OVERLAY: &str = r#"<!DOCTYPE html>
<html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Errori nel contenuto – vetro</title>
<style>body{margin:0;font-family:system-ui,sans-serif;background:#1a1a1a;color:#fff}main{max-width:60rem;margin:0 auto;padding:1.5rem}
h1{color:#ffb3b3}pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#000;padding:1rem;border-left:4px solid #ff6b6b;font-size:.9rem}</style>
</head><body><main><h1>La build non è riuscita</h1>
<p>Correggi i file indicati e salva: la pagina si ricarica da sola.</p>
<pre>{{ report }}</pre></main></body></html>"#;

/// The error page shown instead of every HTML page while the build fails.
fn overlay(report: &str, build: u64) -> String {
    let mut env = minijinja::Environment::new();
    // Autoescape: the report quotes the user's files.
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    let html = env
        .render_str(OVERLAY, minijinja::context! { report => report })
        .unwrap_or_else(|_| "La build non è riuscita: vedi il terminale.".into());
    inject_reload(&html, build)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_get_the_reload_script_and_errors_are_escaped() {
        let html = inject_reload("<body><p>x</p></body>", 7);
        assert!(html.contains("var b=\"7\""));
        assert!(html.ends_with("</script></body>"));
        let page = overlay("errore: <script>x</script> in a.md", 3);
        assert!(page.contains("&lt;script&gt;x"));
        assert!(!page.contains("<script>x"));
        assert!(page.contains("var b=\"3\""));
    }
}
