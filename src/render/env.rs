//! The template environment: theme templates, site overrides, filters.
//!
//! The default theme is embedded in the binary; a site overrides it file by
//! file with `templates/<name>` (and a theme folder `themes/<tema>/` in the
//! site, when present, replaces the embedded copy as a whole).

use crate::format;
use crate::route::{Route, Urls};
use include_dir::{Dir, include_dir};
use minijinja::{Environment, Error, ErrorKind, Value};
use std::path::{Path, PathBuf};

pub(crate) static DEFAULT_THEME: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where templates and static files come from, most specific first.
#[derive(Clone)]
pub(crate) struct ThemeSource {
    pub site_templates: PathBuf,
    pub theme_dir: Option<PathBuf>,
}

impl ThemeSource {
    pub fn new(root: &Path, theme: &str) -> ThemeSource {
        let theme_dir = root.join("themes").join(theme);
        ThemeSource {
            site_templates: root.join("templates"),
            theme_dir: theme_dir.is_dir().then_some(theme_dir),
        }
    }

    /// The text of template `name`, None when no folder has it. A name is
    /// a relative path of plain parts (`{% include "../x" %}` is refused)
    /// and the file found must be inside its folder once symlinks are
    /// resolved: templates never read files outside the theme.
    pub(crate) fn template(&self, name: &str) -> Result<Option<String>, String> {
        if !is_template_name(name) {
            return Err(format!(
                "il template «{name}» non è un percorso dentro le cartelle dei template (templates/ o themes/<tema>/templates/): usa un nome come \"macros.html\" o \"parti/testata.html\""
            ));
        }
        if let Some(text) = read_inside(&self.site_templates, name)? {
            return Ok(Some(text));
        }
        if let Some(dir) = &self.theme_dir {
            return read_inside(&dir.join("templates"), name);
        }
        Ok(DEFAULT_THEME
            .get_file(format!("templates/{name}"))
            .and_then(|f| f.contents_utf8())
            .map(str::to_string))
    }
}

/// `a.html`, `parti/b.html`: no `..`, `.`, empty part, root or backslash.
fn is_template_name(name: &str) -> bool {
    !name.contains(['\\', '\0'])
        && name
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
        && Path::new(name)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

/// The file `name` of `dir`, if it exists there and stays there.
fn read_inside(dir: &Path, name: &str) -> Result<Option<String>, String> {
    let (Ok(base), Ok(real)) = (dir.canonicalize(), dir.join(name).canonicalize()) else {
        return Ok(None);
    };
    if !real.starts_with(&base) {
        return Err(format!(
            "il template «{name}» di {} è un collegamento simbolico che porta fuori dalla cartella: non viene letto",
            dir.display()
        ));
    }
    if !real.is_file() {
        return Ok(None);
    }
    std::fs::read_to_string(&real)
        .map(Some)
        .map_err(|e| format!("template {}: {e}", dir.join(name).display()))
}

impl ThemeSource {
    /// Every word of every template that pages may use: the class names a
    /// stylesheet purge must keep. Scans the embedded theme, the site's
    /// theme folder and the site's overrides, so an override's classes count.
    pub fn words(&self) -> std::collections::BTreeSet<String> {
        let mut words = std::collections::BTreeSet::new();
        match &self.theme_dir {
            Some(dir) => words_in_dir(&dir.join("templates"), &mut words),
            None => {
                if let Some(dir) = DEFAULT_THEME.get_dir("templates") {
                    embedded_words(dir, &mut words);
                }
            }
        }
        words_in_dir(&self.site_templates, &mut words);
        words
    }
}

/// The words of every embedded template, partials in subfolders included.
fn embedded_words(dir: &Dir<'_>, words: &mut std::collections::BTreeSet<String>) {
    for file in dir.files() {
        super::purge::words(&String::from_utf8_lossy(file.contents()), words);
    }
    for sub in dir.dirs() {
        embedded_words(sub, words);
    }
}

fn words_in_dir(dir: &Path, words: &mut std::collections::BTreeSet<String>) {
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if entry.file_type().is_file()
            && let Ok(text) = std::fs::read_to_string(entry.path())
        {
            super::purge::words(&text, words);
        }
    }
}

pub(crate) fn environment(source: ThemeSource, urls: Urls) -> Environment<'static> {
    let mut env = Environment::new();
    env.add_function(
        "route",
        move |kind: &str, keys: minijinja::value::Rest<Value>| route_href(&urls, kind, &keys),
    );
    env.set_loader(move |name| {
        source
            .template(name)
            .map_err(|message| Error::new(ErrorKind::InvalidOperation, message))
    });
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
    if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build()
    {
        env.set_syntax(syntax);
    }
    env.set_formatter(html_formatter);
    env.add_filter("euro", euro_filter);
    env.add_filter("data", |v: Value| format::date(&v.to_string()));
    env.add_filter("numero", |n: u64| format::count(n));
    env.add_filter("percento", |v: Value| {
        decimal(&v).map(format::percent).unwrap_or_default()
    });
    env.add_filter("dimensione", |n: u64| format::bytes(n));
    env.add_filter("markdown", |text: &str| {
        Value::from_safe_string(markdown(text))
    });
    env.add_filter("tipo_atto", |id: &str| {
        crate::model::TipoAtto::from_id(id)
            .map_or(id, |t| t.label())
            .to_string()
    });
    env.add_filter("grafico", chart_filter);
    env.add_filter("descrizione_grafico", |v: Value| {
        chart_data(&v).map(|c| c.description())
    });
    env.add_filter("procedura", |id: &str| {
        crate::model::TipoProcedura::from_id(id).map_or(id.to_string(), |p| capitalize(p.label))
    });
    env
}

/// `route(kind, key)` of templates: the href of a page or file of the site,
/// with the base path of `url_base` (see `crate::route::Route::named`).
/// A key given but undefined or none is an error, not the section's list.
fn route_href(urls: &Urls, kind: &str, keys: &[Value]) -> Result<String, Error> {
    let invalid = |text: String| Error::new(ErrorKind::InvalidOperation, text);
    let key = match keys {
        [] => None,
        [v] if v.is_undefined() || v.is_none() => {
            return Err(invalid(format!(
                "route(\"{kind}\", …): la chiave è vuota o non definita"
            )));
        }
        [v] => Some(v.to_string()),
        _ => return Err(invalid(format!("route(\"{kind}\", …): al più una chiave"))),
    };
    Route::named(kind, key.as_deref())
        .map(|route| urls.href(&route))
        .map_err(invalid)
}

/// Escapes the five characters that matter in HTML text and attributes;
/// minijinja's default also escapes `/`, which only bloats URLs.
fn html_formatter(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &Value,
) -> Result<(), Error> {
    if value.is_safe() || matches!(state.auto_escape(), minijinja::AutoEscape::None) {
        return minijinja::escape_formatter(out, state, value);
    }
    if value.is_undefined() || value.is_none() {
        return Ok(());
    }
    let text = value.to_string();
    let mut escaped = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            _ => escaped.push(c),
        }
    }
    out.write_str(&escaped)
        .map_err(|e| Error::new(ErrorKind::WriteFailure, e.to_string()))
}

fn decimal(v: &Value) -> Option<rust_decimal::Decimal> {
    if v.is_undefined() || v.is_none() {
        return None;
    }
    format::decimal(&v.to_string())
}

/// A chart of a page's `grafici` as inline SVG.
fn chart_filter(v: Value) -> Result<Value, Error> {
    chart_data(&v).map(|c| Value::from_safe_string(super::charts::svg(&c)))
}

fn chart_data(v: &Value) -> Result<super::charts::ChartData, Error> {
    serde_json::to_value(v)
        .and_then(serde_json::from_value)
        .map_err(|e| {
            Error::new(
                ErrorKind::InvalidOperation,
                format!("dati del grafico non validi: {e}"),
            )
        })
}

/// Money filter: an absent amount prints as a dash, not as "€ 0,00".
fn euro_filter(v: Value) -> Result<String, Error> {
    if v.is_undefined() || v.is_none() {
        return Ok("–".into());
    }
    decimal(&v)
        .map(format::euro)
        .ok_or_else(|| Error::new(ErrorKind::InvalidOperation, format!("{v} is not an amount")))
}

/// "AFFIDAMENTO DIRETTO" → "Affidamento diretto".
pub(super) fn capitalize(label: &str) -> String {
    let lower = label.to_lowercase();
    let mut chars = lower.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

/// Markdown to HTML, with any raw HTML sanitized.
pub fn markdown(text: &str) -> String {
    use pulldown_cmark::{Parser, html};
    // `check` bounded the text's size and nesting on this same dialect.
    let options = crate::check::markdown_options();
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, Parser::new_ext(text, options));
    ammonia::clean(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_sanitized() {
        let html = markdown("**ok** <script>alert(1)</script> <a href=\"javascript:x()\">l</a>");
        assert!(html.contains("<strong>ok</strong>"));
        assert!(!html.contains("<script"));
        assert!(!html.contains("javascript:"));
    }

    #[test]
    fn templates_write_addresses_with_route() {
        let mut env = environment(
            ThemeSource::new(Path::new("/nonexistent"), "default"),
            Urls::new("https://h.example/sub"),
        );
        let render = |env: &mut Environment, text: &str| {
            env.add_template_owned("t.html", text.to_string())?;
            env.get_template("t.html")?
                .render(minijinja::context! { c => "72910000-2", vuoto => () })
        };
        let html = render(
            &mut env,
            r#"<a href="{{ route("cpv", c) }}">{{ route("home") }}"#,
        );
        assert_eq!(html.unwrap(), r#"<a href="/sub/cpv/72910000-2/">/sub/"#);
        for bad in [
            r#"{{ route("atto") }}"#,
            r#"{{ route("cig", vuoto) }}"#,
            r#"{{ route("cig", manca) }}"#,
        ] {
            let error = render(&mut env, bad).unwrap_err();
            assert!(error.to_string().contains("route("), "{bad}: {error}");
        }
    }

    #[test]
    fn templates_stay_in_their_folders() {
        for bad in [
            "../../../../etc/hostname",
            "/etc/hostname",
            "parti/../../x.html",
            "./a.html",
            "a//b.html",
            "a\\b.html",
            "",
        ] {
            assert!(!is_template_name(bad), "{bad}");
        }
        assert!(is_template_name("parti/testata.html"));
        let dir = tempfile::tempdir().unwrap();
        let (site, outside) = (
            dir.path().join("templates"),
            dir.path().join("segreto.html"),
        );
        std::fs::create_dir(&site).unwrap();
        std::fs::write(&outside, "SEGRETO").unwrap();
        std::os::unix::fs::symlink(&outside, site.join("home.html")).unwrap();
        std::fs::write(site.join("vero.html"), "ok").unwrap();
        let source = ThemeSource {
            site_templates: site,
            theme_dir: None,
        };
        let err = source.template("home.html").unwrap_err();
        assert!(err.contains("porta fuori dalla cartella"), "{err}");
        assert!(source.template("../segreto.html").is_err());
        assert_eq!(source.template("vero.html").unwrap().as_deref(), Some("ok"));
        // Not in the site: the embedded theme's.
        assert!(source.template("macros.html").unwrap().is_some());
        assert_eq!(source.template("nessuno.html").unwrap(), None);
    }

    #[test]
    fn labels_are_capitalized() {
        assert_eq!(capitalize("AFFIDAMENTO DIRETTO"), "Affidamento diretto");
    }
}
