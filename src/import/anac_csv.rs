//! ANAC BDNCP `cig` CSV → procedure records.
use super::batch::Batch;
use std::path::Path;

pub fn import(_batch: &mut Batch, _file: &Path, _cfs: &[String]) -> std::io::Result<()> {
    Ok(())
}
