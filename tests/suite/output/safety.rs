//! The output folder is never a user's folder, a build holds the output's
//! lock, a killed `--full` build leaves nothing behind, and a failed write
//! exits 2 naming the path.

use crate::support::*;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn vetro_in(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_vetro"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run vetro")
}

/// Every file and folder under `dir` (folders as empty entries).
fn everything(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk"))
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            let bytes = match e.file_type().is_file() {
                true => std::fs::read(e.path()).unwrap(),
                false => Vec::new(),
            };
            (rel, bytes)
        })
        .collect()
}

/// The output's files, without the manifest (whose first line holds the
/// inputs' times).
fn published(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = snapshot(dir);
    files.remove(".vetro-manifest");
    files
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn user_folders_are_refused_as_output() {
    let site = example_site();
    let root = site.path();
    build_ok(root, &root.join("site"));
    for dir in ["templates", "static", "themes/mio"] {
        std::fs::create_dir_all(root.join(dir)).unwrap();
        std::fs::write(root.join(dir).join("tengo.txt"), "mio").unwrap();
    }
    let foreign = root.join("documenti");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("lettera.odt"), "mia").unwrap();
    std::os::unix::fs::symlink(root.join("content/atti"), root.join("collegamento")).unwrap();
    std::os::unix::fs::symlink(root.join("templates"), root.join("uscita")).unwrap();
    let before = everything(root);
    let cases = [
        ("site/../content", "content"),
        ("content", "content"),
        ("content/atti/nuova", "content"),
        ("templates", "templates"),
        ("static", "static"),
        ("themes", "themes"),
        ("vetro.toml", "vetro.toml"),
        (".", "la contiene"),
        ("..", "la contiene"),
        ("documenti", "non è vuota"),
        ("collegamento", "content"),
        ("collegamento/sotto", "content"),
        ("uscita", "templates"),
        ("content/enti/comune-di-livorno.toml", "content"),
    ];
    for (output, why) in cases {
        let run = vetro_in(root, &["build", "--output", output]);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "--output {output}: {stderr}");
        assert!(
            stderr.contains("la cartella di uscita") && stderr.contains(why),
            "--output {output}: {stderr}"
        );
        assert!(stderr.contains("--output"), "no hint: {stderr}");
        assert_eq!(everything(root), before, "--output {output} changed files");
    }
}

#[test]
fn an_empty_folder_and_a_previous_output_are_accepted() {
    let site = example_site();
    let root = site.path();
    let empty = root.join("vuota");
    std::fs::create_dir(&empty).unwrap();
    build_ok(root, &empty);
    build_ok(root, &empty);
    assert!(empty.join("index.html").is_file());
    // Through a link, the real folder is built and the link kept.
    std::os::unix::fs::symlink(&empty, root.join("pubblico")).unwrap();
    build_ok(root, &root.join("pubblico"));
    assert!(
        std::fs::symlink_metadata(root.join("pubblico"))
            .unwrap()
            .is_symlink()
    );
    assert!(root.join("pubblico/index.html").is_file());
}

/// A write that fails (the file size limit stands in for a full disk; it
/// holds for root too) exits 2, names the file and leaves the site as it
/// was; the next build succeeds.
#[test]
fn a_failed_write_exits_2_naming_the_path() {
    let site = example_site();
    let root = site.path();
    let out = root.join("site");
    build_ok(root, &out);
    let before = snapshot(&out);
    let act = root.join("content/atti/comune-di-ponte-san-pietro/lettera-di-impegno-2024-06-18.md");
    let text = read(&act).replace("sistema informativo", "sistema informatico");
    std::fs::write(&act, text).unwrap();
    let script = format!(
        "trap '' XFSZ; ulimit -f 4; exec '{}' build --root '{}' --output '{}'",
        env!("CARGO_BIN_EXE_vetro"),
        root.display(),
        out.display()
    );
    let run = Command::new("sh").arg("-c").arg(&script).output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(".site.vetro/"), "no path: {stderr}");
    assert!(
        stderr.contains("il sito esistente non è stato modificato"),
        "{stderr}"
    );
    assert_eq!(snapshot(&out), before);
    build_ok(root, &out);
    assert!(read(&out.join("cig/B153F2DE65/index.html")).contains("sistema informatico"));
}

#[test]
fn a_second_build_waits_for_the_first() {
    let site = example_site();
    let root = site.path();
    let out = root.join("site");
    build_ok(root, &out);
    let act = root.join("content/atti/comune-di-ponte-san-pietro/lettera-di-impegno-2024-06-18.md");
    let text = read(&act).replace("sistema informativo", "sistema informatico");
    std::fs::write(&act, text).unwrap();
    let reference = root.join("riferimento");
    build_ok(root, &reference);
    let before = snapshot(&out);

    // A build holding the lock, played by the test.
    let lock = std::fs::File::options()
        .write(true)
        .open(root.join(".site.vetro/lock"))
        .unwrap();
    lock.lock().unwrap();
    let mut waiting = Command::new(env!("CARGO_BIN_EXE_vetro"))
        .args(["build", "--root", root.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(800));
    assert!(waiting.try_wait().unwrap().is_none(), "it did not wait");
    assert_eq!(snapshot(&out), before);
    drop(lock);
    let run = waiting.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(stderr.contains("un'altra build sta scrivendo"), "{stderr}");
    assert_eq!(published(&out), published(&reference));

    // Two real builds at once: both succeed, the output is one build.
    std::fs::write(&act, read(&act).replace("informatico", "informativo")).unwrap();
    build_ok(root, &reference);
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_vetro"))
            .args(["build", "--root", root.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (first, second) = (spawn(), spawn());
    for child in [first, second] {
        let run = child.wait_with_output().unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    assert_eq!(published(&out), published(&reference));
}

/// `--full` builds killed at instants across their run, then a normal
/// build: it succeeds, the site is complete and no staging folder is left
/// (nor those of older vetro versions).
#[test]
fn a_killed_full_build_leaves_nothing_behind() {
    let site = example_site();
    let root = site.path();
    let out = root.join("site");
    build_ok(root, &out);
    let reference = published(&out);
    let started = std::time::Instant::now();
    let full = vetro(&["build", "--full", "--root", root.to_str().unwrap()]);
    assert!(full.status.success());
    let duration = started.elapsed();
    for step in 0..10u32 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vetro"))
            .args(["build", "--full", "--root", root.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(duration * step / 10);
        let _ = child.kill();
        child.wait().unwrap();
        assert_eq!(published(&out), reference, "killed after {step}/10");
    }
    for old in [
        ".site.vetro-staging-4242.old/atti/x",
        ".site.vetro-staging-77/cig",
    ] {
        std::fs::create_dir_all(root.join(old)).unwrap();
        std::fs::write(root.join(old).join("index.html"), "x").unwrap();
    }
    let run = vetro(&["build", "--root", root.to_str().unwrap()]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(published(&out), reference);
    let leftovers: Vec<String> = names(root)
        .into_iter()
        .filter(|n| n.contains("vetro"))
        .collect();
    assert_eq!(leftovers, [".site.vetro", "vetro.toml"]);
    let work = root.join(".site.vetro");
    for name in names(&work) {
        assert!(name == "lock" || name == "precedente", "{name} left over");
    }
    let previous = work.join("precedente");
    assert!(!previous.exists() || previous.join(".vetro-manifest").is_file());
}
