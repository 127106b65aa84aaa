//! `vetro publish` and `vetro verify` (docs/pubblicazione.md): the built
//! site sent to where it is served, and a copy checked against the build's
//! manifest.
//!
//! Publishing compares the built manifest with the target's and sends the
//! new files first, then the changed ones, then removes the files no
//! longer built, and writes the manifest last. New files are linked by no
//! old page and a changed page reaches the target only once every new file
//! it may link to is there. Every file takes its name by a rename from
//! `.vetro-publish/` inside the target, so none is seen half-written. Until
//! the end the target's old manifest stays, so an interrupted publish, run
//! again, makes the same plan and finishes the job; the files it already
//! sent are found in place and not sent again.

mod folder;
mod ssh;
mod verify;

pub use verify::{VerifyArgs, run as verify};

use crate::write::{self, Digest, MANIFEST, OutputLock};
use anyhow::{Context, Result, bail};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The scratch folder inside the target where files are written whole
/// before they are renamed into place; emptied at the start of a publish.
const WORK: &str = ".vetro-publish";

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Where the site is served: a folder, ssh://user@host[:port]/path or
    /// user@host:path.
    pub target: String,
    /// The built site.
    #[arg(long, default_value = "site")]
    pub output: PathBuf,
}

/// A place the site is published to. Each step leaves the target
/// consistent: its manifest, until `finish`, is the old one.
trait Target {
    /// The text of the target's manifest; `None` when it has none.
    fn manifest(&mut self) -> Result<Option<String>>;
    /// Makes the target folder and an empty scratch folder.
    fn prepare(&mut self) -> Result<()>;
    /// Sends `files` of `site`; returns how many were already in place.
    fn upload(&mut self, site: &Path, files: &[String]) -> Result<usize>;
    /// Removes `files`, and the folders they leave empty.
    fn delete(&mut self, files: &[String]) -> Result<()>;
    /// Places the manifest of `site`, then removes the scratch folder.
    fn finish(&mut self, site: &Path) -> Result<()>;
}

/// What a publish has to do, from the two manifests; every list sorted.
#[derive(Debug, Default, PartialEq)]
struct Plan {
    added: Vec<String>,
    changed: Vec<String>,
    removed: Vec<String>,
    kept: Vec<String>,
}

fn plan(built: &HashMap<String, Digest>, old: &HashMap<String, Digest>) -> Plan {
    let mut plan = Plan::default();
    for (path, digest) in built {
        match old.get(path) {
            None => plan.added.push(path.clone()),
            Some(d) if d == digest => plan.kept.push(path.clone()),
            Some(_) => plan.changed.push(path.clone()),
        }
    }
    plan.removed = old
        .keys()
        .filter(|p| !built.contains_key(*p))
        .cloned()
        .collect();
    for list in [
        &mut plan.added,
        &mut plan.changed,
        &mut plan.removed,
        &mut plan.kept,
    ] {
        list.sort();
    }
    plan
}

pub fn run(args: Args) -> ExitCode {
    match publish(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("vetro publish: {e:#}");
            eprintln!(
                "vetro publish: la destinazione ha ancora il manifesto di prima e resta coerente; \
                 risolto il problema, rilancia lo stesso comando per completare la pubblicazione"
            );
            ExitCode::from(1)
        }
    }
}

fn publish(args: &Args) -> Result<()> {
    let site = &args.output;
    let built = write::read_manifest(site).with_context(|| {
        format!(
            "{} non è un sito costruito (manca {MANIFEST} o è rovinato): esegui prima vetro build",
            site.display()
        )
    })?;
    // A build switching the site mid-upload would send a mix of two builds.
    let _lock = OutputLock::acquire(&std::path::absolute(site)?)?;
    let mut target = open(&args.target, site)?;
    let old = match target.manifest()? {
        None => HashMap::new(),
        Some(text) => write::parse_manifest(&text).unwrap_or_else(|| {
            eprintln!(
                "vetro publish: attenzione: il manifesto della destinazione è rovinato; \
                 ricarico tutti i file e non ne tolgo nessuno"
            );
            HashMap::new()
        }),
    };
    let plan = plan(&built, &old);
    target.prepare()?;
    let resumed = target.upload(site, &plan.added)? + target.upload(site, &plan.changed)?;
    target.delete(&plan.removed)?;
    target.finish(site)?;
    report(site, &plan, resumed, &args.target);
    Ok(())
}

/// The target named on the command line: SSH when it looks like
/// `ssh://…` or `host:path` (a colon before any slash), else a folder.
fn open(target: &str, site: &Path) -> Result<Box<dyn Target>> {
    if let Some(remote) = ssh::Ssh::parse(target)? {
        return Ok(Box::new(remote));
    }
    let folder = PathBuf::from(target);
    if let (Ok(t), Ok(s)) = (folder.canonicalize(), site.canonicalize())
        && t.starts_with(&s)
    {
        bail!(
            "la destinazione {} è il sito costruito o vi è dentro",
            folder.display()
        );
    }
    Ok(Box::new(folder::Folder::new(folder)))
}

fn report(site: &Path, plan: &Plan, resumed: usize, target: &str) {
    let size = |files: &[String]| -> u64 {
        files
            .iter()
            .filter_map(|f| std::fs::metadata(site.join(f)).ok())
            .map(|m| m.len())
            .sum()
    };
    let count = |files: &[String]| crate::format::count(files.len() as u64);
    let line = |what: &str, files: &[String]| {
        let bytes = crate::format::bytes(size(files));
        println!("  {what:<11} {:>9} file  {bytes:>10}", count(files));
    };
    println!("vetro publish: {target}");
    line("nuovi", &plan.added);
    line("cambiati", &plan.changed);
    println!("  {:<11} {:>9} file", "tolti", count(&plan.removed));
    line("invariati", &plan.kept);
    if resumed > 0 {
        println!(
            "  {} file erano già al loro posto (pubblicazione interrotta ripresa)",
            crate::format::count(resumed as u64)
        );
    }
    let sent = plan.added.len() + plan.changed.len() - resumed;
    println!(
        "vetro publish: caricati {sent} file, tolti {}, manifesto scritto per ultimo",
        plan.removed.len()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(entries: &[(&str, u8)]) -> HashMap<String, Digest> {
        entries
            .iter()
            .map(|(p, d)| (p.to_string(), [*d; 32]))
            .collect()
    }

    #[test]
    fn plan_sends_only_what_differs_and_removes_what_is_gone() {
        let built = manifest(&[("a.html", 1), ("b.html", 2), ("new/c.css", 3)]);
        let old = manifest(&[("a.html", 1), ("b.html", 9), ("gone.html", 4)]);
        let p = plan(&built, &old);
        assert_eq!(p.added, ["new/c.css"]);
        assert_eq!(p.changed, ["b.html"]);
        assert_eq!(p.removed, ["gone.html"]);
        assert_eq!(p.kept, ["a.html"]);
    }

    #[test]
    fn an_absent_target_manifest_sends_everything_and_removes_nothing() {
        let built = manifest(&[("b", 1), ("a", 2)]);
        let p = plan(&built, &HashMap::new());
        assert_eq!(p.added, ["a", "b"]);
        assert!(p.removed.is_empty() && p.changed.is_empty());
    }
}
