//! Imports of ANAC data into `content/`: L.190 datasets and the BDNCP
//! `cig` open-data CSV become procedure records (`content/procedure/<ente>/<CIG>.toml`)
//! and, for bodies not yet known, `content/enti/<id>.toml`.
//!
//! See `docs/import.md` for the commands and every repair they make.

mod anac;
mod batch;
pub mod cli;
mod combine;
mod enti;
mod from_l190;
mod merge;
mod no_cig;
pub(crate) mod notice;
mod ocds;
mod record;

pub use batch::Summary;

use std::io;
use std::path::{Path, PathBuf};

/// Imports L.190 datasets (or indexes of datasets saved beside them) into
/// the site at `root`.
pub fn import_l190(root: &Path, files: &[PathBuf]) -> io::Result<Summary> {
    read_l190(root, files)?.finish()
}

/// Imports ANAC's BDNCP open-data CSV files (any of `cig`, `aggiudicazioni`,
/// `aggiudicatari`, `partecipanti`, `stazioni-appaltanti`, in any order),
/// keeping the bodies whose codice fiscale is in `cfs` (all when empty).
pub fn import_anac(root: &Path, files: &[PathBuf], cfs: &[String]) -> io::Result<Summary> {
    read_anac(root, files, cfs)?.finish()
}

/// The former `vetro import anac-cig`: the same import.
pub fn import_anac_cig(root: &Path, files: &[PathBuf], cfs: &[String]) -> io::Result<Summary> {
    import_anac(root, files, cfs)
}

/// What `import_l190` does, writing nothing: every record is read, checked
/// and rendered. The entry of the L.190 fuzz target (`fuzz/`).
pub fn dry_run_l190(root: &Path, files: &[PathBuf]) -> io::Result<Summary> {
    read_l190(root, files)?.render_all()
}

/// What `import_anac_cig` does, writing nothing. The entry of the ANAC CSV
/// fuzz target (`fuzz/`).
pub fn dry_run_anac_cig(root: &Path, files: &[PathBuf], cfs: &[String]) -> io::Result<Summary> {
    read_anac(root, files, cfs)?.render_all()
}

fn read_l190(root: &Path, files: &[PathBuf]) -> io::Result<batch::Batch> {
    let mut batch = batch::Batch::open(root)?;
    from_l190::import(&mut batch, files)?;
    Ok(batch)
}

fn read_anac(root: &Path, files: &[PathBuf], cfs: &[String]) -> io::Result<batch::Batch> {
    let mut batch = batch::Batch::open(root)?;
    anac::import(&mut batch, files, cfs)?;
    Ok(batch)
}

/// Imports ANAC's OCDS releases (release or record packages, JSON lines,
/// gzipped or not), keeping the bodies whose codice fiscale is in `cfs`
/// (all when empty).
pub fn import_ocds(root: &Path, files: &[PathBuf], cfs: &[String]) -> io::Result<Summary> {
    let mut batch = batch::Batch::open(root)?;
    for file in files {
        ocds::import(&mut batch, file, cfs)?;
    }
    batch.finish()
}
