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
    /// Draft an act file for every PDF or text file of a folder (a
    /// clerk's archive of signed acts), as `vetro new atto --da` does for
    /// one; re-running it never rewrites a draft a person edited.
    Atti {
        /// Folder of signed acts (.pdf, .txt; sub-folders included).
        dir: PathBuf,
        /// Body of the acts (id of a file in content/enti/); needed when the
        /// site has more than one.
        #[arg(long)]
        ente: Option<String>,
        /// Site folder (the one holding content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Import ANAC's OCDS releases (release or record packages, JSON lines,
    /// gzipped or not) as procedure records.
    Ocds {
        /// OCDS files (.json, .jsonl, .gz).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Keep only the releases of this contracting body (repeatable).
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
        ImportCommand::Atti { dir, ente, root } => return import_acts(root, ente.as_deref(), dir),
        ImportCommand::L190 { files, root } => super::import_l190(root, files),
        ImportCommand::Anac { files, cf, root } => super::import_anac(root, files, cf),
        ImportCommand::Ocds { files, cf, root } => super::import_ocds(root, files, cf),
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

/// `vetro import atti`: its summary is printed as each file is read.
fn import_acts(root: &std::path::Path, ente: Option<&str>, dir: &std::path::Path) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match crate::draft::archive::import_folder(root, ente, dir, &mut out) {
        Ok(status) => ExitCode::from(status),
        Err(e) => {
            eprintln!("errore: {e}");
            ExitCode::from(2)
        }
    }
}
