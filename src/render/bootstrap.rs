//! Bootstrap Italia, the design system of Italian public-sector sites.
//!
//! vetro never ships the package: `npm ci` installs it next to the site
//! (see `docs/tema.md`) and the build copies into `site/static/` only what
//! pages use: the CSS purged of unused rules, with vetro's own `@font-face`
//! rules and theme additions in one file, the icons the templates name, the
//! woff2 fonts and the licences. Without the package the site still builds,
//! with the theme's plain stylesheet.

use super::purge;
use anyhow::{Context, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Environment variable naming the package's `dist/` folder explicitly.
pub(crate) const ENV_VAR: &str = "VETRO_BOOTSTRAP_ITALIA";

/// The stylesheet every page links, in both modes.
pub(crate) const STYLESHEET: &str = "css/portale.css";

/// Where the sprite and fonts go under `static/`.
const PREFIX: &str = "bootstrap-italia";

/// Font files copied: (family, weight, style, file under `dist/fonts/`).
const FONTS: [(&str, u16, &str, &str); 7] = [
    (
        "Titillium Web",
        300,
        "normal",
        "Titillium_Web/titillium-web-v10-latin-ext_latin-300.woff2",
    ),
    (
        "Titillium Web",
        400,
        "normal",
        "Titillium_Web/titillium-web-v10-latin-ext_latin-regular.woff2",
    ),
    (
        "Titillium Web",
        400,
        "italic",
        "Titillium_Web/titillium-web-v10-latin-ext_latin-italic.woff2",
    ),
    (
        "Titillium Web",
        600,
        "normal",
        "Titillium_Web/titillium-web-v10-latin-ext_latin-600.woff2",
    ),
    (
        "Titillium Web",
        700,
        "normal",
        "Titillium_Web/titillium-web-v10-latin-ext_latin-700.woff2",
    ),
    (
        "Lora",
        400,
        "normal",
        "Lora/lora-v20-latin-ext_latin-regular.woff2",
    ),
    (
        "Lora",
        700,
        "normal",
        "Lora/lora-v20-latin-ext_latin-700.woff2",
    ),
];

const LICENCES: [(&str, &str); 3] = [
    ("LICENSE", "../LICENSE"),
    ("fonts/OFL-Titillium_Web.txt", "fonts/Titillium_Web/OFL.txt"),
    ("fonts/OFL-Lora.txt", "fonts/Lora/OFL.txt"),
];

/// The package's `dist/` folder: `$VETRO_BOOTSTRAP_ITALIA` if set, else
/// `node_modules/bootstrap-italia/dist` in the site folder or the nearest
/// folder above it (where npm would install it).
pub(crate) fn locate(root: &Path) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(ENV_VAR) {
        let dir = PathBuf::from(dir);
        return is_dist(&dir).then_some(dir);
    }
    let root = std::path::absolute(root).ok()?;
    root.ancestors()
        .map(|dir| dir.join("node_modules/bootstrap-italia/dist"))
        .find(|dir| is_dist(dir))
}

fn is_dist(dir: &Path) -> bool {
    dir.join("css/bootstrap-italia.min.css").is_file()
}

/// The files to publish under `static/`, keyed by path below it.
pub(crate) fn files(
    dist: &Path,
    words: &BTreeSet<String>,
    additions: &[u8],
) -> Result<BTreeMap<String, Vec<u8>>> {
    let read = |rel: &str| {
        let path = dist.join(rel);
        std::fs::read(&path).with_context(|| format!("lettura di {}", path.display()))
    };
    let mut out = BTreeMap::new();
    let css = String::from_utf8_lossy(&read("css/bootstrap-italia.min.css")?).into_owned();
    let mut sheet = font_faces();
    sheet.push_str(&purge::purge(&css, words));
    sheet.push('\n');
    sheet.push_str(&String::from_utf8_lossy(additions));
    out.insert(STYLESHEET.to_string(), sheet.into_bytes());
    let sprite = String::from_utf8_lossy(&read("svg/sprites.svg")?).into_owned();
    out.insert(
        format!("{PREFIX}/sprites.svg"),
        subset_sprite(&sprite, words)?,
    );
    for (_, _, _, file) in FONTS {
        out.insert(
            format!("{PREFIX}/fonts/{}", font_name(file)),
            read(&format!("fonts/{file}"))?,
        );
    }
    for (to, from) in LICENCES {
        out.insert(format!("{PREFIX}/{to}"), read(from)?);
    }
    Ok(out)
}

fn font_name(file: &str) -> &str {
    file.rsplit('/').next().unwrap_or(file)
}

/// The `@font-face` rules the package would otherwise add with JavaScript,
/// relative to the stylesheet (`static/css/`), so they hold under any base path.
fn font_faces() -> String {
    FONTS
        .iter()
        .map(|(family, weight, style, file)| {
            format!(
                "@font-face{{font-family:\"{family}\";font-style:{style};font-weight:{weight};font-display:swap;src:url(../{PREFIX}/fonts/{}) format(\"woff2\")}}\n",
                font_name(file)
            )
        })
        .collect()
}

/// The sprite with only the `<symbol>`s whose id a template names.
fn subset_sprite(svg: &str, words: &BTreeSet<String>) -> Result<Vec<u8>> {
    use quick_xml::events::Event;
    use quick_xml::{Reader, Writer};
    let mut reader = Reader::from_str(svg);
    let mut writer = Writer::new(Vec::with_capacity(16 * 1024));
    let mut skipping = 0usize;
    loop {
        let event = reader
            .read_event()
            .context("sprite SVG di Bootstrap Italia")?;
        match &event {
            Event::Eof => break,
            Event::Start(e) if skipping > 0 || is_unused_symbol(e, words) => {
                skipping += 1;
                continue;
            }
            Event::End(_) if skipping > 0 => {
                skipping -= 1;
                continue;
            }
            Event::Empty(e) if skipping == 0 && is_unused_symbol(e, words) => continue,
            _ if skipping > 0 => continue,
            Event::Text(t) if t.as_ref().trim().is_empty() => continue,
            _ => {}
        }
        writer.write_event(event).context("sprite SVG")?;
    }
    Ok(writer.into_inner())
}

fn is_unused_symbol(e: &quick_xml::events::BytesStart, words: &BTreeSet<String>) -> bool {
    if e.name().as_ref() != "symbol" {
        return false;
    }
    let id = e
        .try_get_attribute("id")
        .ok()
        .flatten()
        .map(|a| a.value.into_owned());
    id.is_none_or(|id| !words.contains(&id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sprite_keeps_only_named_symbols() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg"><symbol id="it-search" viewBox="0 0 24 24"><path d="M1"/></symbol>
<symbol id="it-close"><g><path d="M2"/></g></symbol></svg>"#;
        let words = ["it-search".to_string()].into_iter().collect();
        let out = String::from_utf8(subset_sprite(svg, &words).unwrap()).unwrap();
        assert!(out.contains(r#"id="it-search""#), "{out}");
        assert!(!out.contains("it-close"), "{out}");
        assert!(!out.contains("M2"), "{out}");
    }

    #[test]
    fn font_faces_point_at_copied_files() {
        let css = font_faces();
        assert!(css.contains("font-family:\"Lora\""));
        assert!(css.contains(
            "url(../bootstrap-italia/fonts/titillium-web-v10-latin-ext_latin-600.woff2)"
        ));
        assert_eq!(css.matches("@font-face").count(), FONTS.len());
    }
}
