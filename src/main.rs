//! The `vetro` command line.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;
use vetro::build::{BuildError, BuildOptions};
use vetro::diagnostics::{Detail, Report};

#[derive(Parser)]
#[command(
    name = "vetro",
    version,
    about = "Portale statico per la trasparenza degli appalti pubblici"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Builds the portal into the output folder (default: <root>/site).
    Build {
        /// Site folder, holding vetro.toml and content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Rewrites every file instead of only those that changed.
        #[arg(long)]
        full: bool,
        /// Prints each stage as `timing <stage> <ms> <peak MiB>`.
        #[arg(long)]
        timings: bool,
    },
    /// Checks the content and reports every problem, without building.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Imports ANAC data (L.190 XML, BDNCP CSV) as procedure records.
    Import {
        #[command(subcommand)]
        command: vetro::import::cli::ImportCommand,
    },
    /// Builds, serves the portal on 127.0.0.1 and rebuilds on every change.
    Serve(vetro::serve::Args),
    /// Creates a new site, ready to build.
    Init(vetro::init::Args),
    /// Creates a new file to fill: `vetro new atto`.
    New(vetro::new::Args),
    /// Sends the built site to a folder or an SSH host, only what changed.
    Publish(vetro::publish::Args),
    /// Checks a copy of the site (folder or URL) against the build.
    Verify(vetro::publish::VerifyArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Build {
            root,
            output,
            full,
            timings,
        } => build(root, output, full, timings),
        Command::Check { root, format } => check(root, format),
        Command::Import { command } => vetro::import::cli::run(command),
        Command::Serve(args) => vetro::serve::run(args),
        Command::Init(args) => vetro::init::run(args),
        Command::New(args) => vetro::new::run(args),
        Command::Publish(args) => vetro::publish::run(args),
        Command::Verify(args) => vetro::publish::verify(args),
    }
}

fn build(root: PathBuf, output: Option<PathBuf>, full: bool, timings: bool) -> ExitCode {
    let started = Instant::now();
    let output = output.unwrap_or_else(|| root.join("site"));
    let options = BuildOptions { root, output, full };
    match vetro::build::build(&options) {
        Ok((stats, report)) => {
            eprint!("{}", report.to_human_with(Detail::GroupRepeatedWarnings));
            if timings {
                for stage in &stats.timings {
                    let peak_mb = stage.peak_bytes.map_or(0, |b| b >> 20);
                    println!("timing {} {} {peak_mb}", stage.name, stage.time.as_millis());
                }
            }
            let w = stats.write;
            println!(
                "vetro: {} atti, {} procedure, {} fornitori, {} pagine; {} file ({} scritti, {} rimossi) in {:.2} s",
                stats.acts,
                stats.procedures,
                stats.suppliers,
                stats.pages,
                w.files,
                w.written,
                w.removed,
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(BuildError::Content(report)) => {
            eprint!("{}", report.to_human());
            let s = report.summary();
            eprintln!(
                "vetro: build interrotta, {} errori e {} avvisi; il sito esistente non è stato modificato",
                s.errors, s.warnings
            );
            ExitCode::from(1)
        }
        Err(BuildError::Render(message)) => {
            eprintln!("errore: {message}");
            eprintln!("vetro: build interrotta; il sito esistente non è stato modificato");
            ExitCode::from(1)
        }
        Err(BuildError::Io(message)) => {
            eprintln!("errore: {message}");
            ExitCode::from(2)
        }
    }
}

fn check(root: PathBuf, format: Format) -> ExitCode {
    let (site, diagnostics) = vetro::build::load_and_check(&root);
    let acts = site.as_ref().map_or(0, |s| s.acts.len() + s.records.len());
    let report = Report::new(&root, diagnostics);
    let summary = report.summary();
    match format {
        Format::Human => {
            print!("{}", report.to_human());
            println!(
                "{acts} atti controllati: {} errori, {} avvisi",
                summary.errors, summary.warnings
            );
        }
        Format::Json => println!("{}", report.to_json()),
    }
    if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
