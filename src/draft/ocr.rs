//! Pages without a text layer (scans) read with Tesseract: each page is
//! rendered to a grey image by `pdftoppm` (poppler-utils), then read by
//! `tesseract -l ita`. Both are outside programs; a missing one is a clear
//! error naming the Debian packages, never a silent empty page.

use std::path::Path;
use std::process::{Command, Output};

/// What to install when a tool is missing.
const PACKAGES: &str = "installa i pacchetti Debian tesseract-ocr, tesseract-ocr-ita e poppler-utils (apt-get install tesseract-ocr tesseract-ocr-ita poppler-utils)";

/// Resolution of the rendered page: Tesseract reads 300 dpi best.
const DPI: &str = "300";

/// The text of page `page` (from 1) of the PDF at `pdf`, read by OCR.
pub(crate) fn read_page(pdf: &Path, page: usize) -> Result<String, String> {
    let dir = tempfile::tempdir().map_err(|e| format!("cartella temporanea per l'OCR: {e}"))?;
    let image = dir.path().join("pagina");
    let n = page.to_string();
    let mut render = Command::new("pdftoppm");
    render
        .args([
            "-r",
            DPI,
            "-gray",
            "-png",
            "-singlefile",
            "-f",
            &n,
            "-l",
            &n,
        ])
        .arg(pdf)
        .arg(&image);
    run(render, "pdftoppm")?;
    let mut read = Command::new("tesseract");
    read.arg(image.with_extension("png"))
        .args(["stdout", "-l", "ita", "--psm", "4"]);
    let out = run(read, "tesseract")?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn run(mut command: Command, tool: &str) -> Result<Output, String> {
    let out = command.output().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => {
            format!("per leggere le pagine scansionate serve {tool}: {PACKAGES}")
        }
        _ => format!("{tool} non si avvia: {e}"),
    })?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let last = stderr.lines().last().unwrap_or_default().trim();
        return Err(format!(
            "{tool} non è riuscito a leggere la pagina ({}): {last}; se manca la lingua italiana, {PACKAGES}",
            out.status
        ));
    }
    Ok(out)
}
