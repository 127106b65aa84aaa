//! `sitemap.xml`: every HTML page of the portal, from the catalog. Above
//! 50,000 addresses (the protocol's limit per file) it becomes an index of
//! `sitemap/<n>.xml` files.

use super::rows::Ctx;
use super::xml;
use crate::config::Config;
use crate::write::Output;
use anyhow::Result;

const MAX_URLS: usize = 50_000;
const NS: (&str, &str) = ("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9");

/// A page address with the date it last changed, when known.
struct Loc {
    url: String,
    lastmod: Option<String>,
}

fn paginated(urls: &mut Vec<Loc>, base: &str, items: usize, per: usize) {
    let pages = items.div_ceil(per).max(1);
    urls.push(Loc {
        url: base.to_string(),
        lastmod: None,
    });
    for n in 2..=pages {
        urls.push(Loc {
            url: format!("{base}pagina/{n}/"),
            lastmod: None,
        });
    }
}

fn pages(ctx: &Ctx, per: usize) -> Vec<Loc> {
    let c = ctx.catalog;
    let plain = |url: &str| Loc {
        url: url.to_string(),
        lastmod: None,
    };
    let mut urls: Vec<Loc> = ["/", "/enti/", "/anni/", "/cerca/", "/dati/"]
        .map(plain)
        .into();
    paginated(&mut urls, "/atti/", c.acts.len(), per);
    paginated(&mut urls, "/cig/", c.procedures.len(), per);
    paginated(&mut urls, "/fornitori/", c.suppliers.len(), per);
    paginated(&mut urls, "/cpv/", c.cpvs.len(), per);
    for g in c.enti.iter().map(|(_, g)| g).chain(&c.years).chain(&c.cpvs) {
        paginated(&mut urls, &g.url, g.procedure.len(), per);
    }
    urls.extend(
        c.pages
            .iter()
            .map(|p| plain(&format!("/pagine/{}/", p.slug))),
    );
    urls.extend(c.acts.iter().map(|a| Loc {
        url: a.url.clone(),
        lastmod: Some(a.header.data.iso()),
    }));
    urls.extend(c.procedures.iter().map(|p| {
        Loc {
            url: p.url.clone(),
            lastmod: p
                .eventi
                .iter()
                .filter_map(|e| e.data)
                .max()
                .map(|d| d.iso()),
        }
    }));
    urls.extend(c.suppliers.iter().map(|s| plain(&s.url)));
    urls
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

pub fn export(ctx: &Ctx, config: &Config, out: &Output) -> Result<()> {
    let locs = pages(ctx, config.per_pagina);
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
                    xml::text(w, "loc", &ctx.absolute(&format!("/sitemap/{i}.xml")))
                })?;
            }
            Ok(())
        })?;
    out.write("sitemap.xml", &xml::finish(w))?;
    Ok(())
}
