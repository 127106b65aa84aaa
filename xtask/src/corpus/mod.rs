//! A deterministic synthetic site for benchmarks: `vetro.toml`, ~50 bodies
//! and N act files spread over bodies and the years 2015-2025.
//!
//! Same N, seed and CPV source → byte-identical files. Each act is a pure
//! function of (seed, index) over a small skeleton drawn first, so the acts
//! are written in parallel.

mod cpv;
mod enti;
mod front;
mod lots;
mod plan;
mod prose;
pub mod rng;
mod skeleton;
mod suppliers;
pub mod synthetic_ids;
mod words;

#[cfg(test)]
mod tests;

use anyhow::Context as _;
use rayon::prelude::*;
use rng::{Rng, Stream};
use skeleton::Context;
use std::path::{Path, PathBuf};

/// What to generate.
#[derive(Clone, Debug)]
pub struct CorpusOptions {
    pub acts: usize,
    pub seed: u64,
    pub out: PathBuf,
}

/// What was written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CorpusStats {
    pub acts: usize,
    pub enti: usize,
    pub suppliers: usize,
    pub files: usize,
    pub bytes: u64,
}

/// Writes the corpus under `opts.out`, which must not exist or be empty.
pub fn generate(opts: &CorpusOptions) -> anyhow::Result<CorpusStats> {
    ensure_empty(&opts.out)?;
    let subjects: Vec<&'static str> = words::SUBJECTS.iter().map(|s| s.cpv).collect();
    let cpv = cpv::CpvTable::new(&vetro::model::CpvVocabulary::builtin(), &subjects);
    let ctx = Context::new(opts.acts, opts.seed, cpv);
    let mut stats = CorpusStats {
        acts: opts.acts,
        enti: ctx.enti.len(),
        suppliers: ctx.suppliers.len(),
        ..CorpusStats::default()
    };
    let mut add = |bytes: usize| {
        stats.files += 1;
        stats.bytes += bytes as u64;
    };
    add(write(
        &opts.out.join("vetro.toml"),
        config(opts).as_bytes(),
    )?);
    let enti_dir = opts.out.join("content/enti");
    std::fs::create_dir_all(&enti_dir)?;
    for ente in &ctx.enti {
        let text = toml::to_string(&ente.file)?;
        add(write(
            &enti_dir.join(format!("{}.toml", ente.id)),
            text.as_bytes(),
        )?);
    }
    let (files, bytes) = write_acts(&ctx, &opts.out)?;
    stats.files += files;
    stats.bytes += bytes;
    Ok(stats)
}

fn config(opts: &CorpusOptions) -> String {
    format!(
        "# Synthetic benchmark site: {} acts, seed {}.\n\
         titolo = \"Portale di prova – {} atti\"\n\
         url_base = \"https://example.org\"\n\
         # Fixed, so that checks against \"today\" give the same result every day.\n\
         data_riferimento = 2026-01-01\n\
         # A placeholder prefix, so that the OCDS packages are built and measured too.\n\
         ocds_prefisso = \"ocds-bench0\"\n",
        opts.acts, opts.seed, opts.acts
    )
}

/// Relative path of act `index`: `content/atti/<ente>/<anno>/<tipo>-<numero>.md`.
pub fn act_path(ente: &str, year: i32, tipo: &str, numero: &str) -> PathBuf {
    Path::new("content/atti")
        .join(ente)
        .join(year.to_string())
        .join(format!("{tipo}-{numero}.md"))
}

/// The text of act `index`: front matter between `+++` lines, then Markdown.
fn act_text(ctx: &Context, index: usize) -> anyhow::Result<(PathBuf, String)> {
    let plan = plan::plan_act(ctx, index);
    let front = front::front_matter(ctx, &plan)?;
    let mut rng = Rng::stream(ctx.seed ^ 0x5EED_B0D1, Stream::Act, index as u64);
    let body = prose::body(ctx, &plan, &mut rng);
    let slot = ctx.slots[index];
    let path = act_path(
        &ctx.enti[plan.ente].id,
        i32::from(slot.year),
        plan.tipo,
        &plan.numero,
    );
    Ok((path, format!("+++\n{front}+++\n{body}")))
}

fn write_acts(ctx: &Context, out: &Path) -> anyhow::Result<(usize, u64)> {
    let mut dirs: Vec<(u16, u16)> = ctx.slots.iter().map(|s| (s.ente, s.year)).collect();
    dirs.sort_unstable();
    dirs.dedup();
    for (ente, year) in dirs {
        let dir = out
            .join("content/atti")
            .join(&ctx.enti[usize::from(ente)].id)
            .join(year.to_string());
        std::fs::create_dir_all(&dir).with_context(|| format!("creazione di {}", dir.display()))?;
    }
    (0..ctx.slots.len())
        .into_par_iter()
        .map(|index| {
            let (path, text) = act_text(ctx, index)?;
            write(&out.join(path), text.as_bytes()).map(|b| (1, b as u64))
        })
        .try_reduce(|| (0, 0), |a, b| Ok((a.0 + b.0, a.1 + b.1)))
}

fn write(path: &Path, bytes: &[u8]) -> anyhow::Result<usize> {
    std::fs::write(path, bytes).with_context(|| format!("scrittura di {}", path.display()))?;
    Ok(bytes.len())
}

fn ensure_empty(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() && dir.read_dir()?.next().is_some() {
        anyhow::bail!(
            "{} esiste e non è vuota: indica una cartella nuova (il corpus non sovrascrive)",
            dir.display()
        );
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creazione di {}", dir.display()))
}
