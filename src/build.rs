//! The build: the stages of ARCHITECTURE.md, in its order, as a flat list
//! of timed steps.

use crate::catalog::Catalog;
use crate::check;
use crate::diagnostics::{Diagnostic, Report};
use crate::indicators::Indicators;
use crate::load;
use crate::model::{Config, Site};
use crate::render;
use crate::stages::{Stage, Stages};
use crate::write::{BuildCounts, BuildRecord, Output, OutputLock, WriteStats};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    /// Rewrite every file, ignoring the previous build's manifest.
    pub full: bool,
}

/// What a successful build did, for the summary line and the benchmark.
pub struct BuildStats {
    pub acts: usize,
    pub procedures: usize,
    pub suppliers: usize,
    pub pages: usize,
    pub write: WriteStats,
    pub timings: Vec<Stage>,
}

pub enum BuildError {
    /// The content has errors: the report says which; exit code 1.
    Content(Report),
    /// Templates or outputs failed on valid content; exit code 1.
    Render(String),
    /// Reading or writing files failed; exit code 2.
    Io(String),
}

/// Loads and checks a site: the shared first half of `build` and `check`.
pub fn load_and_check(root: &Path) -> (Option<Site>, Vec<Diagnostic>) {
    match Config::load(root) {
        Ok(config) => {
            let (site, mut diagnostics) = load_site(root, config);
            check::check_site(&site, &mut diagnostics);
            (Some(site), diagnostics)
        }
        Err(diagnostics) => (None, diagnostics),
    }
}

/// Loads the site at `root` whose settings are `config`, running the
/// per-file rules of `check` on each file as it is parsed.
fn load_site(root: &Path, config: Config) -> (Site, Vec<Diagnostic>) {
    let reference_date = config.reference_date();
    load::load(root, config, |cpv| {
        Box::new(check::Rules::new(root, reference_date, cpv))
    })
}

pub fn build(options: &BuildOptions) -> Result<(BuildStats, Report), BuildError> {
    let root = options.root.as_path();
    let dest = crate::write::guard::check_output(root, &options.output).map_err(BuildError::Io)?;
    // Held until the build returns: one build per output at a time.
    let lock = OutputLock::acquire(&dest).map_err(|e| io_error("preparare", &e))?;
    let mut stages = Stages::default();
    let started = Instant::now();
    // Read once per build, and handed to every stage that needs them.
    let theme_package = render::bootstrap::locate(root);
    let (config, inputs) = stages.run("inputs", || {
        let config = Config::load(root);
        let inputs = config
            .as_ref()
            .ok()
            .map(|c| crate::fingerprint::inputs(root, c, theme_package.as_deref()));
        (config, inputs)
    });
    let previous = BuildRecord::of(&dest);
    if let (false, Some(inputs), Some(previous)) = (options.full, &inputs, previous)
        && *inputs == previous.inputs
    {
        return Ok((
            unchanged(previous, started.elapsed()),
            Report::new(root, Vec::new()),
        ));
    }
    let (site, mut diagnostics) = match config {
        Ok(config) => {
            let (site, diagnostics) = stages.run("load", || load_site(root, config));
            (Some(site), diagnostics)
        }
        Err(diagnostics) => (None, diagnostics),
    };
    if let Some(site) = &site {
        stages.run("check", || check::check_site(site, &mut diagnostics));
    }
    if theme_package.is_none() {
        diagnostics.push(missing_theme_package());
    }
    let report = Report::new(root, diagnostics);
    let site = match site {
        Some(site) if !report.has_errors() => site,
        _ => return Err(BuildError::Content(report)),
    };
    let config = site.config.clone();
    let catalog = stages.run("catalog", || Catalog::build(site));
    let indicators = stages.run("indicators", || Indicators::compute(&catalog));

    let out = Output::begin(&lock, options.full).map_err(|e| io_error("preparare", &e))?;
    let theme = Theme {
        root,
        package: theme_package.as_deref(),
    };
    let views = Views {
        catalog: &catalog,
        indicators: &indicators,
    };
    let pages = match produce(views, &config, theme, &out, &mut stages) {
        Ok(pages) => pages,
        Err(e) => {
            out.abort();
            return Err(match crate::write::output_error(e.as_ref()) {
                Some(_) => io_error("scrivere", e.as_ref()),
                None => BuildError::Render(format!("{e:#}")),
            });
        }
    };
    let record = BuildRecord {
        inputs: inputs.unwrap_or_default(),
        counts: BuildCounts {
            acts: catalog.acts.len(),
            procedures: catalog.procedures.len(),
            suppliers: catalog.suppliers.len(),
            pages,
            files: out.files(),
        },
    };
    // Everything is staged: the catalogue's memory is not needed to commit.
    drop(indicators);
    drop(catalog);
    let write = stages
        .run("write", || out.commit(&record))
        .map_err(|e| io_error("pubblicare", &e))?;
    Ok((stats(record.counts, write, stages.into_vec()), report))
}

/// The summary of a build that made `counts`.
fn stats(counts: BuildCounts, write: WriteStats, timings: Vec<Stage>) -> BuildStats {
    BuildStats {
        acts: counts.acts,
        procedures: counts.procedures,
        suppliers: counts.suppliers,
        pages: counts.pages,
        write,
        timings,
    }
}

/// An I/O problem with the output (exit code 2), naming the path; the
/// published site is never touched before the switch, so it says so.
fn io_error(doing: &str, e: &(dyn std::error::Error + 'static)) -> BuildError {
    let what = match crate::write::output_error(e) {
        Some(failed) => format!("{}: {}", failed.path.display(), failed.source),
        None => e.to_string(),
    };
    BuildError::Io(format!(
        "impossibile {doing} l'uscita, {what}; il sito esistente non è stato modificato"
    ))
}

/// The stats of a build skipped because no input changed since the last.
fn unchanged(record: BuildRecord, elapsed: Duration) -> BuildStats {
    let write = WriteStats {
        files: record.counts.files,
        ..WriteStats::default()
    };
    let timings = vec![Stage {
        name: "inputs",
        time: elapsed,
        peak_bytes: None,
    }];
    stats(record.counts, write, timings)
}

/// Where the theme's files come from: the site's folder (its `themes/` and
/// `templates/`) and Bootstrap Italia's `dist/`, if found.
#[derive(Clone, Copy)]
struct Theme<'a> {
    root: &'a Path,
    package: Option<&'a Path>,
}

/// What every output reads: the catalogue and the indicators computed on it.
#[derive(Clone, Copy)]
struct Views<'a> {
    catalog: &'a Catalog,
    indicators: &'a Indicators,
}

/// Every output of the catalog, written through `out`.
fn produce(
    views: Views,
    config: &Config,
    theme: Theme,
    out: &Output,
    stages: &mut Stages,
) -> anyhow::Result<usize> {
    let Views {
        catalog,
        indicators,
    } = views;
    let downloads = stages.run("export", || {
        crate::export::export(catalog, indicators, config, out)
    })?;
    let pages = stages.run("render", || -> anyhow::Result<usize> {
        let data = render::Data {
            catalog,
            indicators,
            downloads: &downloads,
        };
        let rendered = render::render_pages(data, config, theme.root, theme.package, out)?;
        render::copy_assets(catalog, theme.root, &config.tema, theme.package, out)?;
        // The sitemap lists what was written, after it was.
        crate::export::site_map(catalog, &rendered.urls, out)?;
        Ok(rendered.pages)
    })?;
    stages.run("search", || -> anyhow::Result<()> {
        for (path, bytes) in
            crate::search::build_index(&crate::search::documents(catalog, indicators))
        {
            out.write(&path, &bytes)?;
        }
        Ok(())
    })?;
    Ok(pages)
}

/// The site builds without Bootstrap Italia, with the plain stylesheet.
fn missing_theme_package() -> Diagnostic {
    Diagnostic::new(
        "W901",
        "package.json",
        format!(
            "pacchetto npm bootstrap-italia non trovato (node_modules/bootstrap-italia nella cartella del sito o sopra, oppure ${}): il portale usa il foglio di stile semplice",
            render::bootstrap::ENV_VAR
        ),
    )
    .hint("esegui `npm ci` nella cartella del progetto (vedi docs/tema.md)")
}
