//! `cargo xtask ...`: the alias in `.cargo/config.toml` runs this binary.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Attività di sviluppo di vetro")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Synthetic corpora and the build benchmark.
    Bench {
        #[command(subcommand)]
        command: xtask::bench::BenchCommand,
    },
}

fn main() -> ExitCode {
    match Cli::parse().task {
        Task::Bench { command } => xtask::bench::run(command),
    }
}
