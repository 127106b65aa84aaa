//! The render stage (ARCHITECTURE.md): HTML pages through the theme's
//! minijinja templates, each with an `index.json` twin holding the same
//! data (the page's typed view, `views`).

mod assets;
pub(crate) mod bootstrap;
mod chart_data;
mod chart_notes;
pub(crate) mod charts;
pub mod env;
mod pages;
mod purge;
mod rows;
pub(crate) mod views;

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
pub(crate) struct Crumb {
    pub titolo: String,
    pub url: String,
}

/// Position in a paginated list.
#[derive(Clone, Serialize)]
pub(crate) struct Pager {
    pub corrente: usize,
    pub totale: usize,
    pub precedente: Option<String>,
    pub successiva: Option<String>,
    pub elementi: usize,
    /// The numbered links: the first and last page and the two either side
    /// of the current one; `None` where pages are left out.
    pub pagine: Vec<Option<PageLink>>,
}

/// One numbered page of a list.
#[derive(Clone, Serialize)]
pub(crate) struct PageLink {
    pub numero: usize,
    pub url: String,
}

impl Pager {
    /// Which page numbers to show of `total` around `n`, a gap as `None`:
    /// 1 … 5 6 [7] 8 9 … 1570. A gap of one page shows the page instead.
    pub(crate) fn window(n: usize, total: usize) -> Vec<Option<usize>> {
        let near = n.saturating_sub(2).max(1)..=(n + 2).min(total);
        let mut shown: Vec<usize> = [1, total].into_iter().chain(near).collect();
        shown.sort_unstable();
        shown.dedup();
        let mut out = Vec::with_capacity(shown.len() + 2);
        let mut last = 0;
        for k in shown {
            match k - last {
                1 => {}
                2 => out.push(Some(last + 1)),
                _ => out.push(None),
            }
            out.push(Some(k));
            last = k;
        }
        out
    }
}

/// A page ready to render: where it goes, what kind it is, what data.
pub(crate) struct PageOut<'a> {
    pub url: String,
    pub kind: views::PageKind,
    pub title: String,
    pub crumbs: Vec<Crumb>,
    pub pager: Option<Pager>,
    pub view: views::View<'a>,
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

/// What `render_pages` wrote.
pub(crate) struct Rendered {
    /// Pages written, the 404 page included.
    pub pages: usize,
    /// The address of every page but the 404 page, in a stable order: the
    /// sitemap's list.
    pub urls: Vec<String>,
}

/// What the pages show: the catalogue, the indicators computed on it and
/// the downloads export wrote.
#[derive(Clone, Copy)]
pub(crate) struct Data<'a> {
    pub catalog: &'a Catalog,
    pub indicators: &'a crate::indicators::Indicators,
    pub downloads: &'a [crate::export::Download],
}

/// Renders every page of the catalog into `out`. `theme_package` is
/// Bootstrap Italia's `dist/` (`bootstrap::locate`), if found.
pub(crate) fn render_pages(
    data: Data,
    config: &Config,
    root: &std::path::Path,
    theme_package: Option<&std::path::Path>,
    out: &Output,
) -> Result<Rendered> {
    let Data {
        catalog,
        indicators,
        downloads,
    } = data;
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
    let dati = crate::export::OpenDataPage::new(catalog, config, downloads);
    let bar = crate::progress::bar(jobs.len() as u64, "pagine");
    let urls = jobs
        .par_iter()
        .map(|job| {
            let page = pages::page(catalog, indicators, config.per_pagina, job, &dati);
            let written = write_page(&env, &site, &page, &catalog.urls, out);
            bar.inc(1);
            written
        })
        .collect::<Result<Vec<Option<String>>>>()?;
    bar.finish_and_clear();
    Ok(Rendered {
        pages: urls.len(),
        urls: urls.into_iter().flatten().collect(),
    })
}

/// Writes a page and its `index.json`; returns its address, or `None` for
/// the 404 page, which is served at every missing address and has no
/// address, nor a JSON twin, of its own.
fn write_page(
    env: &minijinja::Environment,
    site: &Value,
    page: &PageOut,
    urls: &crate::route::Urls,
    out: &Output,
) -> Result<Option<String>> {
    let not_found = page.kind == views::PageKind::NotFound;
    let name = page.kind.template();
    let template = env
        .get_template(name)
        .with_context(|| format!("template {name} non trovato o non valido"))?;
    let data = page.view.to_json()?;
    let ctx = minijinja::context! {
        site => site,
        page => Value::from(minijinja::value::Serde(&data)),
        titolo => &page.title,
        briciole => Value::from(minijinja::value::Serde(&page.crumbs)),
        paginazione => Value::from(minijinja::value::Serde(&page.pager)),
        url => &page.url,
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
    if not_found {
        return Ok(None);
    }
    out.write(&format!("{base}index.json"), &serde_json::to_vec(&data)?)?;
    Ok(Some(page.url.clone()))
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

#[cfg(test)]
mod pager_tests {
    use super::Pager;

    fn shown(n: usize, total: usize) -> String {
        Pager::window(n, total)
            .iter()
            .map(|k| k.map_or("…".to_string(), |k| k.to_string()))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn the_window_keeps_first_last_and_neighbours() {
        assert_eq!(shown(1, 1), "1");
        assert_eq!(shown(1, 3), "1 2 3");
        assert_eq!(shown(1, 1570), "1 2 3 … 1570");
        assert_eq!(shown(7, 1570), "1 … 5 6 7 8 9 … 1570");
        assert_eq!(shown(4, 1570), "1 2 3 4 5 6 … 1570");
        assert_eq!(shown(1570, 1570), "1 … 1568 1569 1570");
        assert_eq!(shown(5, 9), "1 2 3 4 5 6 7 8 9");
    }
}
