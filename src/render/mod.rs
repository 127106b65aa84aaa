//! The render stage (ARCHITECTURE.md): HTML pages through the theme's minijinja templates,
//! each with an `index.json` twin holding the same data.

mod assets;
pub mod bootstrap;
mod chart_data;
mod chart_notes;
pub mod charts;
pub mod env;
mod pages;
mod purge;
mod rows;

pub use assets::copy_assets;

use crate::catalog::Catalog;
use crate::model::Config;
use crate::write::Output;
use anyhow::{Context, Result};
use minijinja::Value;
use rayon::prelude::*;
use serde::Serialize;

/// One link of the breadcrumb trail.
#[derive(Clone, Serialize)]
pub struct Crumb {
    pub titolo: String,
    pub url: String,
}

/// Position in a paginated list.
#[derive(Clone, Serialize)]
pub struct Pager {
    pub corrente: usize,
    pub totale: usize,
    pub precedente: Option<String>,
    pub successiva: Option<String>,
    pub elementi: usize,
}

/// A page ready to render: where it goes, which template, what data.
pub struct PageOut {
    pub url: String,
    pub template: &'static str,
    pub title: String,
    pub crumbs: Vec<Crumb>,
    pub pager: Option<Pager>,
    pub data: serde_json::Value,
}

#[derive(Serialize)]
struct SiteInfo<'a> {
    titolo: &'a str,
    descrizione: Option<&'a str>,
    editore: Option<&'a str>,
    url_base: &'a str,
    licenza: &'a str,
    /// Bootstrap Italia's icon sprite is published (see `bootstrap::locate`).
    icone: bool,
}

/// The address of every page `render_pages` writes, in a stable order.
pub fn page_urls(catalog: &Catalog, per_page: usize) -> Vec<String> {
    pages::jobs(catalog, per_page)
        .iter()
        .filter_map(|job| pages::url(catalog, job))
        .collect()
}

/// Renders every page of the catalog into `out`; returns the page count.
/// `theme_package` is Bootstrap Italia's `dist/` (`bootstrap::locate`), if found.
pub fn render_pages(
    catalog: &Catalog,
    config: &Config,
    root: &std::path::Path,
    theme_package: Option<&std::path::Path>,
    out: &Output,
    downloads: &[crate::export::Download],
) -> Result<usize> {
    let env = env::environment(
        env::ThemeSource::new(root, &config.tema),
        catalog.urls.clone(),
    );
    let site = SiteInfo {
        titolo: &config.titolo,
        descrizione: config.descrizione.as_deref(),
        editore: config.editore.as_deref(),
        url_base: &config.url_base,
        licenza: &config.licenza,
        icone: theme_package.is_some(),
    };
    let site = Value::from(minijinja::value::Serde(&site));
    let jobs = pages::jobs(catalog, config.per_pagina);
    let dati = crate::export::page_data(catalog, config, downloads);
    let bar = crate::progress::bar(jobs.len() as u64, "pagine");
    jobs.par_iter()
        .map(|job| {
            let page = pages::page(catalog, config.per_pagina, job, &dati);
            let written = write_page(&env, &site, &page, &catalog.urls, out);
            bar.inc(1);
            written
        })
        .collect::<Result<Vec<()>>>()?;
    bar.finish_and_clear();
    Ok(jobs.len())
}

fn write_page(
    env: &minijinja::Environment,
    site: &Value,
    page: &PageOut,
    urls: &crate::route::Urls,
    out: &Output,
) -> Result<()> {
    let not_found = page.template == "404.html";
    let template = env
        .get_template(page.template)
        .with_context(|| format!("template {} non trovato o non valido", page.template))?;
    let ctx = minijinja::context! {
        site => site,
        page => Value::from(minijinja::value::Serde(&page.data)),
        titolo => &page.title,
        briciole => Value::from(minijinja::value::Serde(&page.crumbs)),
        paginazione => Value::from(minijinja::value::Serde(&page.pager)),
        url => &page.url,
        // The 404 page is served at every missing address: it has no
        // address, nor a JSON twin, of its own.
        canonico => (!not_found).then(|| urls.absolute_href(&page.url)),
    };
    let html = template
        .render(ctx)
        .map_err(|e| anyhow::anyhow!("{}", describe_template_error(&e)))?;
    let base = urls.path_of(&page.url);
    out.write(
        &format!(
            "{base}{}",
            if base.is_empty() || base.ends_with('/') {
                "index.html"
            } else {
                ""
            }
        ),
        html.as_bytes(),
    )?;
    if !not_found {
        let json = serde_json::to_vec(&page.data)?;
        out.write(&format!("{base}index.json"), &json)?;
    }
    Ok(())
}

/// minijinja's error with its template, line and the chain of causes.
fn describe_template_error(error: &minijinja::Error) -> String {
    let mut text = format!("errore nel template: {error}");
    if let (Some(name), Some(line)) = (error.name(), error.line()) {
        text.push_str(&format!(" ({name}, riga {line})"));
    }
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(&format!("\n  causato da: {cause}"));
        source = cause.source();
    }
    text
}
