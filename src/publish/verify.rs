//! `vetro verify`: a copy of the site, a folder or a site served over
//! HTTP(S), checked file by file against the built manifest.

use super::WORK;
use crate::write::{self, Digest, MANIFEST};
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct VerifyArgs {
    /// The copy: a folder, or the address the site is served at.
    pub copy: String,
    /// The built site, whose manifest says what the copy must hold.
    #[arg(long, default_value = "site")]
    pub output: PathBuf,
    /// Site folder: its url_base gives the sub-path when the address has none.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// How one file of the copy differs from the build.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Finding {
    Differs(String),
    Missing(String),
    Extra(String),
    Unreadable(String, String),
}

/// Requests in flight at once against a web server.
const HTTP_WORKERS: usize = 8;

pub fn run(args: VerifyArgs) -> ExitCode {
    match verify(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("vetro verify: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Prints every difference and a summary; whether the copy is identical.
fn verify(args: &VerifyArgs) -> Result<bool> {
    let built = write::read_manifest(&args.output).with_context(|| {
        format!(
            "{} non è un sito costruito (manca {MANIFEST}): esegui prima vetro build",
            args.output.display()
        )
    })?;
    let mut entries: Vec<(&String, &Digest)> = built.iter().collect();
    entries.sort();
    let is_http = args.copy.starts_with("http://") || args.copy.starts_with("https://");
    let mut findings = match is_http {
        true => over_http(&base_url(&args.copy, &args.root), &entries)?,
        false => in_folder(Path::new(&args.copy), &built, &entries)?,
    };
    findings.sort();
    for finding in &findings {
        match finding {
            Finding::Differs(p) => println!("diverso:    {p}"),
            Finding::Missing(p) => println!("mancante:   {p}"),
            Finding::Extra(p) => println!("in più:     {p}"),
            Finding::Unreadable(p, why) => println!("non letto:  {p} ({why})"),
        }
    }
    summary(&findings, entries.len(), is_http);
    Ok(findings.is_empty())
}

fn summary(findings: &[Finding], files: usize, is_http: bool) {
    let n = |f: fn(&Finding) -> bool| findings.iter().filter(|x| f(x)).count();
    let differs = n(|f| matches!(f, Finding::Differs(_) | Finding::Unreadable(..)));
    let missing = n(|f| matches!(f, Finding::Missing(_)));
    let extra = n(|f| matches!(f, Finding::Extra(_)));
    let equal = files - differs - missing;
    let extra = match is_http {
        true => "file in più: non si possono conoscere via HTTP".to_string(),
        false => format!("{extra} in più"),
    };
    println!(
        "vetro verify: {files} file confrontati: {equal} uguali, {differs} diversi, \
         {missing} mancanti; {extra}"
    );
}

/// The copy in a folder: every built file, then what the folder holds beyond.
fn in_folder(
    dir: &Path,
    built: &HashMap<String, Digest>,
    entries: &[(&String, &Digest)],
) -> Result<Vec<Finding>> {
    if !dir.is_dir() {
        anyhow::bail!("{} non è una cartella", dir.display());
    }
    let mut findings: Vec<Finding> = entries
        .par_iter()
        .filter_map(|(path, digest)| {
            let file = std::fs::File::open(dir.join(path));
            match file.and_then(write::digest_reader) {
                Ok(d) if &d == *digest => None,
                Ok(_) => Some(Finding::Differs(path.to_string())),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    Some(Finding::Missing(path.to_string()))
                }
                Err(e) => Some(Finding::Unreadable(path.to_string(), e.to_string())),
            }
        })
        .collect();
    findings.extend(extra_files(dir, built)?.into_iter().map(Finding::Extra));
    Ok(findings)
}

/// Files of `dir` the manifest does not list, beside vetro's own.
fn extra_files(dir: &Path, built: &HashMap<String, Digest>) -> Result<BTreeSet<String>> {
    let mut extra = BTreeSet::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.with_context(|| format!("{}", dir.display()))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let name = relative.to_string_lossy().replace('\\', "/");
        let ours = name == MANIFEST || name.starts_with(&format!("{WORK}/"));
        if !ours && !built.contains_key(&name) {
            extra.insert(name);
        }
    }
    Ok(extra)
}

/// The address files are fetched under, ending in `/`. An address with no
/// path takes the base path of the site's `url_base`, where it is served.
fn base_url(copy: &str, root: &Path) -> String {
    let after_scheme = copy.split_once("://").map_or(copy, |(_, rest)| rest);
    let has_path = after_scheme.trim_end_matches('/').contains('/');
    let mut base = copy.trim_end_matches('/').to_string();
    if !has_path && let Ok(config) = crate::model::Config::load(root) {
        base.push_str(crate::route::Urls::new(&config.url_base).base_path());
    }
    if !base.ends_with('/') {
        base.push('/');
    }
    base
}

fn over_http(base: &str, entries: &[(&String, &Digest)]) -> Result<Vec<Finding>> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(std::time::Duration::from_secs(120)))
        .build()
        .into();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(HTTP_WORKERS)
        .build()
        .context("thread")?;
    Ok(pool.install(|| {
        entries
            .par_iter()
            .filter_map(|(path, digest)| fetch_one(&agent, base, path, digest))
            .collect()
    }))
}

fn fetch_one(agent: &ureq::Agent, base: &str, path: &str, digest: &Digest) -> Option<Finding> {
    let url = format!("{base}{}", encode_path(path));
    let response = match agent.get(&url).call() {
        Ok(r) => r,
        Err(ureq::Error::StatusCode(404 | 410)) => return Some(Finding::Missing(path.into())),
        Err(e) => return Some(Finding::Unreadable(path.into(), e.to_string())),
    };
    match write::digest_reader(response.into_body().into_reader()) {
        Ok(d) if &d == digest => None,
        Ok(_) => Some(Finding::Differs(path.into())),
        Err(e) => Some(Finding::Unreadable(path.into(), e.to_string())),
    }
}

/// A file path as a URL path: bytes outside the unreserved set escaped.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_escaped_for_urls() {
        assert_eq!(encode_path("atti/a b/è.html"), "atti/a%20b/%C3%A8.html");
    }

    #[test]
    fn an_address_with_a_path_is_kept() {
        let nowhere = Path::new("/nonexistent-vetro-root");
        assert_eq!(
            base_url("https://x.it/trasparenza", nowhere),
            "https://x.it/trasparenza/"
        );
        assert_eq!(
            base_url("http://127.0.0.1:8080", nowhere),
            "http://127.0.0.1:8080/"
        );
    }
}
