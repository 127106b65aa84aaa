//! `feed.xml`: an Atom feed of the latest acts, dated by the acts themselves.

use super::ocds_release::date_time;
use super::rows::Ctx;
use super::xml::{self, XmlWriter};
use crate::catalog::ActEntry;
use crate::model::Config;
use crate::route::Route;
use crate::write::Output;
use anyhow::Result;
use std::io;

/// How many acts the feed carries.
pub(crate) const FEED_ENTRIES: usize = 50;

/// "Determinazione n. 10107 del 12/12/2025".
pub(crate) fn act_title(a: &ActEntry) -> String {
    let h = &a.header;
    match &h.numero {
        Some(n) => format!("{} n. {n} del {}", h.tipo.label(), h.data.italian()),
        None => format!("{} del {}", h.tipo.label(), h.data.italian()),
    }
}

fn entry(w: &mut XmlWriter, ctx: &Ctx, a: &ActEntry) -> io::Result<()> {
    let url = ctx.absolute(&a.url);
    let ente = ctx
        .ente(&a.header.ente)
        .map_or(a.header.ente.as_str(), |e| e.denominazione.as_str());
    w.create_element("entry").write_inner_content(|w| {
        xml::text(w, "id", &url)?;
        xml::text(
            w,
            "title",
            &format!("{} – {}", act_title(a), a.header.oggetto),
        )?;
        xml::text(w, "updated", &date_time(a.header.data))?;
        xml::empty(
            w,
            "link",
            &[("rel", "alternate"), ("type", "text/html"), ("href", &url)],
        )?;
        xml::empty(w, "category", &[("term", &a.header.ente), ("label", ente)])?;
        xml::text(w, "summary", &format!("{ente}: {}", a.header.oggetto))
    })?;
    Ok(())
}

pub(crate) fn export(ctx: &Ctx, config: &Config, out: &Output) -> Result<()> {
    let acts = &ctx.catalog.acts;
    let latest: Vec<&ActEntry> = acts.iter().rev().take(FEED_ENTRIES).collect();
    let updated = latest.first().map_or_else(
        || "1970-01-01T00:00:00Z".to_string(),
        |a| date_time(a.header.data),
    );
    let mut w = xml::document()?;
    w.create_element("feed")
        .with_attributes([("xmlns", "http://www.w3.org/2005/Atom"), ("xml:lang", "it")])
        .write_inner_content(|w| {
            xml::text(w, "id", &ctx.absolute_route(&Route::Home))?;
            xml::text(w, "title", &format!("{} – ultimi atti", config.titolo))?;
            xml::text(w, "updated", &updated)?;
            xml::empty(
                w,
                "link",
                &[
                    ("rel", "self"),
                    ("type", "application/atom+xml"),
                    ("href", &ctx.absolute_route(&Route::File("feed.xml"))),
                ],
            )?;
            xml::empty(
                w,
                "link",
                &[
                    ("rel", "alternate"),
                    ("type", "text/html"),
                    ("href", &ctx.absolute_route(&Route::Home)),
                ],
            )?;
            w.create_element("author").write_inner_content(|w| {
                xml::text(
                    w,
                    "name",
                    config.editore.as_deref().unwrap_or(&config.titolo),
                )
            })?;
            for a in &latest {
                entry(w, ctx, a)?;
            }
            Ok(())
        })?;
    out.write("feed.xml", &xml::finish(w))?;
    Ok(())
}
