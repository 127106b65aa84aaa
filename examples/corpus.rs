//! `cargo run --release --example corpus -- N OUT [SEED]`: writes a synthetic
//! site until `vetro bench corpus` is wired into the main binary.

use std::process::ExitCode;
use vetro::bench::cli::{BenchCommand, run};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(out)) = (args.first().and_then(|n| n.parse().ok()), args.get(1)) else {
        eprintln!("uso: corpus N CARTELLA [SEME]");
        return ExitCode::FAILURE;
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    run(BenchCommand::Corpus {
        n,
        out: out.into(),
        seed,
    })
}
