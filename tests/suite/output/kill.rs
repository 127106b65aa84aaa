//! A rebuild killed at any instant leaves the output as the old build or
//! the new one, byte for byte, and the next build completes it.
//!
//! The corpus is sized so that a rebuild takes a fraction of a second; the
//! kills sweep from the start to the end of a rebuild's measured duration.
//! Each rebuild changes every page (the title) and removes or adds an act,
//! so most of the run is spent writing.

use crate::support;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ACTS: usize = 40;
const KILLS: u32 = 50;

type Tree = BTreeMap<String, Vec<u8>>;

/// The two states of the inputs the rebuilds go back and forth between.
struct Inputs {
    root: PathBuf,
    config: String,
    act: PathBuf,
    stash: PathBuf,
}

impl Inputs {
    fn set(&self, state: usize) {
        let title = ["Portale A", "Portale BB"][state];
        let config = self
            .config
            .replacen("titolo = \"", &format!("titolo = \"{title} "), 1);
        std::fs::write(self.root.join("vetro.toml"), config).unwrap();
        let (from, to) = match state {
            0 => (&self.stash, &self.act),
            _ => (&self.act, &self.stash),
        };
        if from.exists() {
            std::fs::rename(from, to).unwrap();
        }
    }
}

fn build(root: &Path, out: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_vetro"))
        .args(["build", "--root", root.to_str().unwrap()])
        .args(["--output", out.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn build_ok(root: &Path, out: &Path) {
    let run = build(root, out).wait_with_output().unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// The output's files; the manifest without its first line (which holds
/// the inputs' modification times).
fn tree(dir: &Path) -> Tree {
    let mut files = support::snapshot(dir);
    if let Some(manifest) = files.get_mut(".vetro-manifest") {
        let body = manifest
            .iter()
            .position(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        manifest.drain(..body);
    }
    files
}

#[test]
fn a_killed_rebuild_leaves_the_old_site_or_the_new_one() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("corpus");
    let corpus = xtask::corpus::CorpusOptions {
        acts: ACTS,
        seed: 1,
        out: root.clone(),
    };
    xtask::corpus::generate(&corpus).unwrap();
    let act = walkdir::WalkDir::new(root.join("content/atti"))
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .unwrap();
    let inputs = Inputs {
        config: support::read(&root.join("vetro.toml")),
        stash: tmp.path().join("stash.md"),
        act,
        root: root.clone(),
    };
    let references: Vec<Tree> = (0..2)
        .map(|state| {
            inputs.set(state);
            let dir = tmp.path().join(format!("riferimento-{state}"));
            build_ok(&root, &dir);
            tree(&dir)
        })
        .collect();
    assert_ne!(references[0], references[1]);

    let out = tmp.path().join("site");
    inputs.set(0);
    build_ok(&root, &out);
    let mut state = 0;
    // How long a rebuild takes, followed as the machine's load changes.
    let mut duration = Duration::ZERO;
    for _ in 0..2 {
        state = 1 - state;
        inputs.set(state);
        let started = Instant::now();
        build_ok(&root, &out);
        duration += started.elapsed() / 2;
    }

    let mut seen = [0; 3];
    for kill in 0..KILLS {
        let target = 1 - state;
        inputs.set(target);
        let delay = duration.mul_f64(1.2 * f64::from(kill) / f64::from(KILLS - 1));
        let started = Instant::now();
        let mut child = build(&root, &out);
        std::thread::sleep(delay);
        let finished = child.try_wait().unwrap().is_some();
        let _ = child.kill();
        child.wait().unwrap();
        let now = tree(&out);
        let which = references.iter().position(|r| *r == now);
        assert!(
            which == Some(state) || which == Some(target),
            "kill {kill} after {delay:?}: the output is neither build"
        );
        seen[if finished {
            2
        } else {
            usize::from(which == Some(target))
        }] += 1;
        if finished {
            duration = (duration + started.elapsed()) / 2;
        }
        let started = Instant::now();
        build_ok(&root, &out);
        // The next build does at least the killed one's work.
        duration = (duration * 3 + started.elapsed()) / 4;
        assert!(
            tree(&out) == references[target],
            "kill {kill}: the next build is wrong"
        );
        state = target;
    }
    eprintln!(
        "{KILLS} kills over ~{duration:?}: {} left the old site, {} the new one, {} after the end",
        seen[0], seen[1], seen[2]
    );
    assert!(seen[0] > 0 && seen[1] + seen[2] > 0, "{seen:?}");
    let work = tmp.path().join(".site.vetro");
    let left: Vec<_> = std::fs::read_dir(&work)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != "lock" && n != "precedente")
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
