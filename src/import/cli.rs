//! `vetro import ...`: the subcommands, for the lead to wire into main.rs.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum ImportCommand {
    /// Import ANAC L.190/2012 XML datasets (or index files pointing to
    /// datasets saved beside them) as procedure records.
    L190 {
        /// Dataset or index files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Site folder (the one holding content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Import ANAC's BDNCP open data (cig, aggiudicazioni, aggiudicatari,
    /// partecipanti, stazioni-appaltanti; CSV, any order) as procedure records.
    #[command(alias = "anac-cig")]
    Anac {
        /// CSV files of the BDNCP datasets, each recognised by its header.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Keep only this contracting body's procedures, those delegated to a
        /// central purchasing body included (repeatable).
        #[arg(long = "cf", value_name = "CODICE_FISCALE")]
        cf: Vec<String>,
        /// Site folder (the one holding content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

/// Runs an import and prints its summary. Exit status: 0 all imported,
/// 1 some records rejected or in conflict, 2 files unreadable or unwritable.
pub fn run(cmd: ImportCommand) -> ExitCode {
    let result = match &cmd {
        ImportCommand::L190 { files, root } => super::import_l190(root, files),
        ImportCommand::Anac { files, cf, root } => super::import_anac(root, files, cf),
    };
    match result {
        Ok(summary) => {
            let mut out = std::io::stdout().lock();
            if summary.print(&mut out).and_then(|()| out.flush()).is_err() {
                return ExitCode::from(2);
            }
            ExitCode::from(summary.exit_code())
        }
        Err(e) => {
            eprintln!("errore: {e}");
            ExitCode::from(2)
        }
    }
}
