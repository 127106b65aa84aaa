//! `cargo xtask bench ...`: generate a corpus, or run the whole benchmark.

use crate::corpus::{CorpusOptions, generate};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::Subcommand, Debug)]
pub enum BenchCommand {
    /// Writes a synthetic site of N acts (same N and seed, same bytes).
    Corpus {
        /// Number of acts.
        n: usize,
        /// Folder to create; it must not exist or be empty.
        out: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Writes ANAC BDNCP files (`cig`, `aggiudicazioni`, `aggiudicatari`)
    /// of N CIGs, for timing `vetro import anac`.
    Anac {
        /// Number of CIGs.
        n: usize,
        /// Folder to write the three files into.
        out: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Runs `scripts/bench`: corpus, vetro build, floor copy, Hugo, rebuilds.
    Run {
        /// Corpus sizes, e.g. `10000 100000`.
        #[arg(default_values_t = [10_000usize, 100_000])]
        sizes: Vec<usize>,
        /// The bench script (default: `scripts/bench` of this repository).
        #[arg(long)]
        script: Option<PathBuf>,
        /// Where corpora and outputs go (never inside the repository).
        #[arg(long, default_value = "/tmp/vetro-bench")]
        work: PathBuf,
    },
}

pub fn run(cmd: BenchCommand) -> ExitCode {
    match cmd {
        BenchCommand::Corpus { n, out, seed } => corpus(n, out, seed),
        BenchCommand::Anac { n, out, seed } => anac(n, &out, seed),
        BenchCommand::Run {
            sizes,
            script,
            work,
        } => run_script(&sizes, &script.unwrap_or_else(repository_script), &work),
    }
}

fn corpus(acts: usize, out: PathBuf, seed: u64) -> ExitCode {
    let start = Instant::now();
    let opts = CorpusOptions { acts, seed, out };
    match generate(&opts) {
        Ok(stats) => {
            println!(
                "corpus {} atti, {} enti, {} fornitori: {} file, {} byte in {:.2} s",
                stats.acts,
                stats.enti,
                stats.suppliers,
                stats.files,
                stats.bytes,
                start.elapsed().as_secs_f64(),
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("errore: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn anac(cigs: usize, out: &std::path::Path, seed: u64) -> ExitCode {
    let start = Instant::now();
    match crate::anac_corpus::generate(cigs, seed, out) {
        Ok(stats) => {
            for (path, bytes) in &stats.files {
                println!("{}: {bytes} byte", path.display());
            }
            println!(
                "{cigs} CIG in {:.2} s; --cf {} ({} CIG)",
                start.elapsed().as_secs_f64(),
                stats.body_cf,
                stats.body_cigs
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("errore: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// `scripts/bench` beside this crate, wherever cargo is run from.
fn repository_script() -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/bench")
}

fn run_script(sizes: &[usize], script: &std::path::Path, work: &std::path::Path) -> ExitCode {
    if !script.is_file() {
        eprintln!(
            "errore: {} non trovato: indica lo script con --script",
            script.display()
        );
        return ExitCode::FAILURE;
    }
    let status = std::process::Command::new("bash")
        .arg(script)
        .args(sizes.iter().map(ToString::to_string))
        .env("BENCH_WORK", work)
        .status();
    match status {
        Ok(s) if s.success() => ExitCode::SUCCESS,
        Ok(s) => {
            eprintln!("errore: {} è terminato con {s}", script.display());
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("errore: impossibile eseguire {}: {e}", script.display());
            ExitCode::FAILURE
        }
    }
}
