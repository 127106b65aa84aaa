//! `sitemap.xml`: every HTML page of the portal, as the renderer wrote them. Above
//! 50,000 addresses (the protocol's limit per file) it becomes an index of
//! `sitemap/<n>.xml` files.

use super::rows::Ctx;
use super::xml;
use crate::route::Route;
use crate::write::Output;
use anyhow::Result;
use std::collections::HashMap;

const MAX_URLS: usize = 50_000;
const NS: (&str, &str) = ("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9");

/// A page address with the date it last changed, when known.
struct Loc {
    url: String,
    lastmod: Option<String>,
}

/// Every rendered page, from the renderer's own list, with the date of
/// the latest act for act and procedure pages.
fn pages(ctx: &Ctx, urls: &[String]) -> Vec<Loc> {
    let c = ctx.catalog;
    let mut lastmod: HashMap<&str, String> = c
        .acts
        .iter()
        .map(|a| (a.url.as_str(), a.header.data.iso()))
        .collect();
    for p in &c.procedures {
        if let Some(d) = p.eventi.iter().filter_map(|e| e.data).max() {
            lastmod.insert(p.url.as_str(), d.iso());
        }
    }
    urls.iter()
        .map(|url| Loc {
            lastmod: lastmod.get(url.as_str()).cloned(),
            url: url.clone(),
        })
        .collect()
}

fn urlset(ctx: &Ctx, locs: &[Loc]) -> Result<Vec<u8>> {
    let mut w = xml::document()?;
    w.create_element("urlset")
        .with_attribute(NS)
        .write_inner_content(|w| {
            for loc in locs {
                w.create_element("url").write_inner_content(|w| {
                    xml::text(w, "loc", &ctx.absolute(&loc.url))?;
                    match &loc.lastmod {
                        Some(d) => xml::text(w, "lastmod", d),
                        None => Ok(()),
                    }
                })?;
            }
            Ok(())
        })?;
    Ok(xml::finish(w))
}

/// Writes the sitemap of `urls`, the pages the renderer wrote.
pub(crate) fn export(ctx: &Ctx, urls: &[String], out: &Output) -> Result<()> {
    let locs = pages(ctx, urls);
    if locs.len() <= MAX_URLS {
        out.write("sitemap.xml", &urlset(ctx, &locs)?)?;
        return Ok(());
    }
    let mut w = xml::document()?;
    let chunks: Vec<&[Loc]> = locs.chunks(MAX_URLS).collect();
    for (i, chunk) in chunks.iter().enumerate() {
        out.write(&format!("sitemap/{}.xml", i + 1), &urlset(ctx, chunk)?)?;
    }
    w.create_element("sitemapindex")
        .with_attribute(NS)
        .write_inner_content(|w| {
            for i in 1..=chunks.len() {
                w.create_element("sitemap").write_inner_content(|w| {
                    xml::text(
                        w,
                        "loc",
                        &ctx.absolute_route(&Route::File(&format!("sitemap/{i}.xml"))),
                    )
                })?;
            }
            Ok(())
        })?;
    out.write("sitemap.xml", &xml::finish(w))?;
    Ok(())
}
