//! `vetro publish` to a folder and to a real OpenSSH server on 127.0.0.1,
//! interrupted and resumed, and `vetro verify` of a folder and of a site
//! served over HTTP.

mod sshd;

use crate::support::{self, build_ok, example_site};
use std::collections::BTreeMap;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Instant;

const CHANGED_ACT: &str = "content/atti/comune-di-livorno/determinazione-1061-2026.md";
const REMOVED_ACT: &str =
    "content/atti/comune-di-ponte-san-pietro/lettera-di-impegno-2024-06-18.md";

/// The example site, built into `site/`.
fn built() -> (tempfile::TempDir, PathBuf) {
    let dir = example_site();
    let site = dir.path().join("site");
    build_ok(dir.path(), &site);
    (dir, site)
}

/// One act changed and one removed, then rebuilt.
fn edit_and_rebuild(root: &Path, site: &Path) {
    let act = root.join(CHANGED_ACT);
    let text = support::read(&act) + "5. Dispone una nota aggiunta.\n";
    std::fs::write(&act, text).expect("edit act");
    std::fs::remove_file(root.join(REMOVED_ACT)).expect("remove act");
    build_ok(root, site);
}

fn vetro_in(envs: &[(&str, &str)], args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vetro"))
        .args(args)
        .envs(envs.iter().copied())
        .output()
        .expect("run vetro")
}

fn publish(site: &Path, target: &str, envs: &[(&str, &str)]) -> Output {
    vetro_in(
        envs,
        &["publish", target, "--output", site.to_str().expect("utf8")],
    )
}

fn publish_ok(site: &Path, target: &str, envs: &[(&str, &str)]) -> String {
    let run = publish(site, target, envs);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    String::from_utf8_lossy(&run.stdout).into_owned()
}

fn verify(site: &Path, copy: &str, root: &Path) -> (i32, String) {
    let run = support::vetro(&[
        "verify",
        copy,
        "--output",
        site.to_str().expect("utf8"),
        "--root",
        root.to_str().expect("utf8"),
    ]);
    let code = run.status.code().unwrap_or(-1);
    (code, String::from_utf8_lossy(&run.stdout).into_owned())
}

/// The count printed on the report line `what` of a publish.
fn printed(out: &str, what: &str) -> usize {
    out.lines()
        .find_map(|l| l.trim_start().strip_prefix(what))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.replace('.', "").parse().ok())
        .unwrap_or_else(|| panic!("no line {what:?} in {out}"))
}

/// Every file of `dir` (vetro's scratch folder aside) with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    support::snapshot(dir)
        .into_iter()
        .filter(|(p, _)| !p.starts_with(".vetro-publish"))
        .collect()
}

fn modified(path: &Path) -> std::time::SystemTime {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .expect("mtime")
}

/// The site's files by path, manifest aside.
fn site_files(site: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = tree(site);
    files.remove(".vetro-manifest");
    files
}

#[test]
fn publish_to_a_folder_sends_only_what_changed_and_the_manifest_last() {
    let (dir, site) = built();
    let target = dir.path().join("condivisa/appalti");
    let target_s = target.to_str().expect("utf8");
    let first = publish_ok(&site, target_s, &[]);
    let all = site_files(&site).len();
    assert_eq!(printed(&first, "nuovi"), all, "{first}");
    assert_eq!(
        tree(&target),
        tree(&site),
        "the first publish copies the site"
    );
    assert!(!target.join(".vetro-publish").exists());

    let kept_page = target.join("404.html");
    let kept_time = modified(&kept_page);
    let old = site_files(&site);
    edit_and_rebuild(dir.path(), &site);
    let new = site_files(&site);
    let changed = new.iter().filter(|(p, b)| old.get(*p) != Some(b)).count();
    let removed: Vec<&String> = old.keys().filter(|p| !new.contains_key(*p)).collect();
    assert!(
        changed > 0 && !removed.is_empty(),
        "the edit changes and removes files"
    );

    let second = publish_ok(&site, target_s, &[]);
    assert_eq!(
        printed(&second, "nuovi") + printed(&second, "cambiati"),
        changed
    );
    assert_eq!(printed(&second, "tolti"), removed.len());
    assert_eq!(printed(&second, "invariati"), new.len() - changed);
    assert_eq!(
        modified(&kept_page),
        kept_time,
        "an unchanged file is not rewritten"
    );
    assert_eq!(tree(&target), tree(&site), "the target is the new build");
    assert_eq!(verify(&site, target_s, dir.path()).0, 0);
}

/// A changed file blocked by a folder in its place: the publish fails
/// after sending other files, before removing anything or writing the
/// manifest; once the obstacle is gone, running it again finishes.
#[test]
fn a_failed_publish_to_a_folder_leaves_the_old_manifest_and_resumes() {
    let (dir, site) = built();
    let target = dir.path().join("www");
    let target_s = target.to_str().expect("utf8");
    publish_ok(&site, target_s, &[]);
    let old_manifest = support::read(&target.join(".vetro-manifest"));
    let old = site_files(&site);
    edit_and_rebuild(dir.path(), &site);
    let new = site_files(&site);
    let mut changed: Vec<&String> = new.keys().filter(|p| old.get(*p) != new.get(*p)).collect();
    changed.sort();
    let removed = old
        .keys()
        .find(|p| !new.contains_key(*p))
        .expect("a removed file");
    // The last changed file in the upload order cannot be placed.
    let blocked = target.join(changed.last().expect("changed"));
    std::fs::remove_file(&blocked).expect("rm");
    std::fs::create_dir_all(blocked.join("ostacolo")).expect("obstacle");

    let failed = publish(&site, target_s, &[]);
    assert_eq!(failed.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(stderr.contains("rilancia"), "{stderr}");
    assert_eq!(
        support::read(&target.join(".vetro-manifest")),
        old_manifest,
        "manifest last"
    );
    assert!(
        target.join(removed).exists(),
        "nothing removed before every upload"
    );
    let sent = changed[..changed.len() - 1]
        .iter()
        .filter(|p| std::fs::read(target.join(p)).ok().as_ref() == new.get(**p))
        .count();
    assert_eq!(sent, changed.len() - 1, "the other files were sent");

    std::fs::remove_dir_all(&blocked).expect("clear obstacle");
    let resumed = publish_ok(&site, target_s, &[]);
    assert!(resumed.contains("già al loro posto"), "{resumed}");
    assert_eq!(tree(&target), tree(&site));
}

/// Kills a publish at instants spread over its duration: whatever the
/// instant, the target's manifest is the old or the new one, the new one
/// only once every file is in place, and the next publish finishes.
fn killed_publishes_resume(kills: u32, target: &str, dest: &Path, envs: &[(&str, &str)]) {
    let (dir, site) = built();
    publish_ok(&site, target, envs);
    edit_and_rebuild(dir.path(), &site);
    let new_manifest = support::read(&site.join(".vetro-manifest"));
    let started = Instant::now();
    publish_ok(&site, target, envs);
    let duration = started.elapsed();
    for kill in 0..kills {
        // Back to the old site on the target, then a publish killed.
        let old_site = dir.path().join("old");
        restore_old(dir.path(), &old_site, &site, target, envs);
        let old_manifest = support::read(&dest.join(".vetro-manifest"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_vetro"))
            .args(["publish", target, "--output", site.to_str().expect("utf8")])
            .envs(envs.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("spawn publish");
        std::thread::sleep(duration.mul_f64(f64::from(kill) / f64::from(kills - 1)));
        let group = format!("-{}", child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = child.wait();
        let manifest = support::read(&dest.join(".vetro-manifest"));
        assert!(
            manifest == old_manifest || manifest == new_manifest,
            "kill {kill}: the target's manifest is neither build's"
        );
        if manifest == new_manifest {
            assert_eq!(
                tree(dest),
                tree(&site),
                "kill {kill}: new manifest before its files"
            );
        }
        publish_ok(&site, target, envs);
        assert_eq!(
            tree(dest),
            tree(&site),
            "kill {kill}: the resumed publish is wrong"
        );
    }
}

/// Publishes the example site as first built, keeping the edited build.
fn restore_old(root: &Path, old_site: &Path, site: &Path, target: &str, envs: &[(&str, &str)]) {
    if !old_site.exists() {
        let old_root = root.join("old-root");
        support::copy_example(&old_root);
        build_ok(&old_root, old_site);
    }
    publish_ok(old_site, target, envs);
    assert!(site.join(".vetro-manifest").exists());
}

#[test]
fn a_killed_publish_to_a_folder_is_resumed() {
    let temp = tempfile::tempdir().expect("tmp");
    let dest = temp.path().join("share");
    killed_publishes_resume(6, dest.to_str().expect("utf8"), &dest, &[]);
}

#[test]
fn publish_over_ssh_to_a_loopback_sshd() {
    let server = sshd::Sshd::start();
    let (dir, site) = built();
    let dest = server.dir().join("remote/appalti");
    let url = format!("ssh://127.0.0.1:{}{}", server.port, dest.display());
    let envs = [("VETRO_SSH", server.ssh_command.as_str())];
    let first = publish_ok(&site, &url, &envs);
    assert_eq!(printed(&first, "nuovi"), site_files(&site).len());
    assert_eq!(tree(&dest), tree(&site));

    let kept_time = modified(&dest.join("404.html"));
    edit_and_rebuild(dir.path(), &site);
    // The scp-like form, with the port from the SSH config.
    let short = format!("127.0.0.1:{}", dest.display());
    let second = publish_ok(&site, &short, &envs);
    assert!(printed(&second, "tolti") > 0, "{second}");
    assert_eq!(
        tree(&dest),
        tree(&site),
        "files sent, removed, manifest placed"
    );
    assert_eq!(modified(&dest.join("404.html")), kept_time);
    let empty: Vec<_> = walkdir::WalkDir::new(&dest)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir())
        .filter(|e| std::fs::read_dir(e.path()).is_ok_and(|mut d| d.next().is_none()))
        .collect();
    assert!(
        empty.is_empty(),
        "folders left empty are removed: {empty:?}"
    );
}

#[test]
fn a_killed_publish_over_ssh_is_resumed() {
    let server = sshd::Sshd::start();
    let dest = server.dir().join("www");
    let url = format!("ssh://127.0.0.1:{}{}", server.port, dest.display());
    let envs = [("VETRO_SSH", server.ssh_command.as_str())];
    killed_publishes_resume(3, &url, &dest, &envs);
}

#[test]
fn a_failed_ssh_login_is_reported_and_changes_nothing() {
    let server = sshd::Sshd::start();
    let (_dir, site) = built();
    let dest = server.dir().join("www");
    let url = format!("ssh://nessuno@127.0.0.1:{}{}", server.port, dest.display());
    let envs = [("VETRO_SSH", server.ssh_command.as_str())];
    let run = publish(&site, &url, &envs);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("ssh nessuno@127.0.0.1"), "{stderr}");
    assert!(!dest.exists());
}

#[test]
fn verify_names_what_differs_is_missing_or_extra_in_a_folder() {
    let (dir, site) = built();
    let copy = dir.path().join("copia");
    publish_ok(&site, copy.to_str().expect("utf8"), &[]);
    let copy_s = copy.to_str().expect("utf8");
    let (code, out) = verify(&site, copy_s, dir.path());
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 diversi, 0 mancanti; 0 in più"), "{out}");

    let flipped = copy.join("index.html");
    let mut bytes = std::fs::read(&flipped).expect("read");
    bytes[100] ^= 1;
    std::fs::write(&flipped, bytes).expect("write");
    std::fs::remove_file(copy.join("robots.txt")).expect("rm");
    std::fs::write(copy.join("vecchio.html"), "x").expect("extra");
    let (code, out) = verify(&site, copy_s, dir.path());
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("diverso:    index.html"), "{out}");
    assert!(out.contains("mancante:   robots.txt"), "{out}");
    assert!(out.contains("in più:     vecchio.html"), "{out}");
}

/// The copy served over HTTP under the sub-path of `url_base`: the
/// address given without a path is completed from vetro.toml.
#[test]
fn verify_over_http_under_the_base_path() {
    let dir = example_site();
    let config = dir.path().join("vetro.toml");
    let text = support::read(&config).replace(
        "url_base = \"https://vetro.example.org\"",
        "url_base = \"https://vetro.example.org/trasparenza/appalti\"",
    );
    std::fs::write(&config, text).expect("config");
    let site = dir.path().join("site");
    build_ok(dir.path(), &site);
    let copy = dir.path().join("www");
    publish_ok(&site, copy.to_str().expect("utf8"), &[]);
    let address = serve_under(&copy, "/trasparenza/appalti/");

    let (code, out) = verify(&site, &address, dir.path());
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("non si possono conoscere via HTTP"), "{out}");

    let page = copy.join("index.html");
    let mut bytes = std::fs::read(&page).expect("read");
    bytes[10] ^= 1;
    std::fs::write(&page, bytes).expect("write");
    std::fs::remove_file(copy.join("sitemap.xml")).expect("rm");
    let (code, out) = verify(
        &site,
        &format!("{address}/trasparenza/appalti/"),
        dir.path(),
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("diverso:    index.html"), "{out}");
    assert!(out.contains("mancante:   sitemap.xml"), "{out}");
}

/// Serves `dir` under `base` on a free port of 127.0.0.1, like a web host.
fn serve_under(dir: &Path, base: &'static str) -> String {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("http server");
    let port = server.server_addr().to_ip().expect("ip").port();
    let dir = dir.to_path_buf();
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let path = request.url().strip_prefix(base).map(|p| dir.join(p));
            let _ = match path.and_then(|p| std::fs::read(p).ok()) {
                Some(bytes) => request.respond(tiny_http::Response::from_data(bytes)),
                None => request.respond(tiny_http::Response::empty(404)),
            };
        }
    });
    format!("http://127.0.0.1:{port}")
}
