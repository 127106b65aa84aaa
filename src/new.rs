//! `vetro new atto`: a new act file dated today, with every key of the act
//! format written out as a comment, ready to fill.

use clap::{Args as ClapArgs, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(ClapArgs, Debug)]
pub struct Args {
    /// What to create.
    #[arg(value_enum)]
    pub kind: Kind,
    /// Body of the act (id of a file in content/enti/); needed when the
    /// site has more than one.
    #[arg(long)]
    pub ente: Option<String>,
    /// Site folder, holding vetro.toml and content/.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The signed act (PDF, with a text layer or scanned, or plain text):
    /// writes a draft with every value read from it.
    #[arg(long)]
    pub da: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Kind {
    /// An act file under content/atti/<ente>/.
    Atto,
}

const TEMPLATE: &str = include_str!("new_act.md");

pub fn run(args: Args) -> ExitCode {
    let Kind::Atto = args.kind;
    let written = match &args.da {
        Some(input) => write_draft(&args.root, args.ente.as_deref(), input),
        None => write_act(
            &args.root,
            args.ente.as_deref(),
            chrono::Local::now().date_naive(),
        ),
    };
    match written {
        Ok(path) => {
            println!("vetro: nuovo atto in {}", path.display());
            println!(
                "  compilalo, poi controlla con: vetro check --root {}",
                args.root.display()
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("errore: {message}");
            ExitCode::from(2)
        }
    }
}

/// Writes `content/atti/<ente>/nuovo-atto-<date>[-n].md`; returns its path.
pub(crate) fn write_act(
    root: &Path,
    ente: Option<&str>,
    date: chrono::NaiveDate,
) -> Result<PathBuf, String> {
    let ente = crate::draft::choose_ente(root, ente)?;
    let dir = root.join("content/atti").join(&ente);
    std::fs::create_dir_all(&dir)
        .map_err(|e| format!("impossibile creare {}: {e}", dir.display()))?;
    let iso = date.format("%Y-%m-%d").to_string();
    let text = TEMPLATE.replace("{ente}", &ente).replace("{data}", &iso);
    create_new(&dir, &format!("nuovo-atto-{iso}"), &text)
}

/// Writes the draft of `input` as `content/atti/<ente>/bozza-<file>[-n].md`.
fn write_draft(root: &Path, ente: Option<&str>, input: &Path) -> Result<PathBuf, String> {
    let ente = crate::draft::choose_ente(root, ente)?;
    let body = crate::draft::body_of_site(root, &ente);
    let text = crate::draft::draft_text(input, &body)?;
    let dir = root.join("content/atti").join(&ente);
    std::fs::create_dir_all(&dir)
        .map_err(|e| format!("impossibile creare {}: {e}", dir.display()))?;
    let stem = input
        .file_stem()
        .map_or_else(|| "atto".to_string(), |s| s.to_string_lossy().into_owned());
    create_new(
        &dir,
        &format!("bozza-{}", crate::safe_name::name(&stem)),
        &text,
    )
}

/// Writes `text` to `<dir>/<stem>[-n].md`, the first name not taken.
fn create_new(dir: &Path, stem: &str, text: &str) -> Result<PathBuf, String> {
    for n in 1..1000 {
        let name = match n {
            1 => format!("{stem}.md"),
            _ => format!("{stem}-{n}.md"),
        };
        let path = dir.join(name);
        // create_new: never overwrite an act someone is writing.
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                use std::io::Write;
                file.write_all(text.as_bytes())
                    .map_err(|e| format!("impossibile scrivere {}: {e}", path.display()))?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(format!("impossibile scrivere {}: {e}", path.display())),
        }
    }
    Err(format!("troppi atti nuovi in {}", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_act_is_dated_commented_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        crate::init::create(dir.path()).unwrap();
        let date = chrono::NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
        let first = write_act(dir.path(), None, date).unwrap();
        let second = write_act(dir.path(), Some("comune-di-livorno"), date).unwrap();
        assert!(first.ends_with("content/atti/comune-di-livorno/nuovo-atto-2026-03-04.md"));
        assert!(second.ends_with("nuovo-atto-2026-03-04-2.md"));
        let text = std::fs::read_to_string(&first).unwrap();
        assert!(text.contains("data = 2026-03-04\n"));
        assert!(text.contains("ente = \"comune-di-livorno\""));
        assert!(text.contains("# [[aggiudicatari]]"));
        // The file parses: only the empty oggetto is left to fill.
        let (_, diagnostics) = crate::build::load_and_check(dir.path());
        assert!(
            diagnostics
                .iter()
                .any(|d| d.file.to_string_lossy().contains("nuovo-atto"))
        );
    }

    #[test]
    fn unknown_or_missing_body_is_explained() {
        let dir = tempfile::tempdir().unwrap();
        crate::init::create(dir.path()).unwrap();
        let date = chrono::NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
        let err = write_act(dir.path(), Some("comune-di-x"), date).unwrap_err();
        assert!(err.contains("comune-di-livorno"), "{err}");
    }
}
