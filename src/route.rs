//! Every address of the portal, from one type.
//!
//! A `Route` names a page or a file of the site; `Urls`, made from
//! `url_base`, gives each route its three forms:
//! - `path`: where the file goes in the output folder (`cig/B9538AC2B9/`);
//! - `href`: the link a page writes, with the base path of `url_base`
//!   (`/trasparenza/appalti/cig/B9538AC2B9/`), so the portal works under any
//!   sub-path and from any depth (the 404 page is served at every depth);
//! - `absolute`: the full URL of feeds, sitemap, canonical links and open
//!   data (`https://host/trasparenza/appalti/cig/B9538AC2B9/`).

use crate::model::ActId;

/// A section of the portal: its list page and the pages of its items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Section {
    Atti,
    Cig,
    Fornitori,
    Enti,
    Anni,
    Cpv,
    Pagine,
    Cerca,
    Dati,
    /// «Bandi di gara e contratti» by part (`BandiPage`).
    Bandi,
}

impl Section {
    const ALL: [Section; 10] = [
        Section::Atti,
        Section::Cig,
        Section::Fornitori,
        Section::Enti,
        Section::Anni,
        Section::Cpv,
        Section::Pagine,
        Section::Cerca,
        Section::Dati,
        Section::Bandi,
    ];

    /// The section's folder, which is also its name in templates.
    pub(crate) fn dir(self) -> &'static str {
        match self {
            Section::Atti => "atti",
            Section::Cig => "cig",
            Section::Fornitori => "fornitori",
            Section::Enti => "enti",
            Section::Anni => "anni",
            Section::Cpv => "cpv",
            Section::Pagine => "pagine",
            Section::Cerca => "cerca",
            Section::Dati => "dati",
            Section::Bandi => "bandi-di-gara",
        }
    }

    pub(crate) fn from_dir(dir: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.dir() == dir)
    }
}

/// A page of «Bandi di gara e contratti» beneath its index, in the order
/// of the sub-section: `bandi-di-gara/<slug>/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum BandiPage {
    Procedure,
    AttiGenerali,
    Programmazione,
    Avvisi,
    FinoAl2023,
}

impl BandiPage {
    pub(crate) const ALL: [BandiPage; 5] = [
        BandiPage::Procedure,
        BandiPage::AttiGenerali,
        BandiPage::Programmazione,
        BandiPage::Avvisi,
        BandiPage::FinoAl2023,
    ];

    pub(crate) fn slug(self) -> &'static str {
        match self {
            BandiPage::Procedure => "procedure",
            BandiPage::AttiGenerali => "atti-generali",
            BandiPage::Programmazione => "programmazione",
            BandiPage::Avvisi => "avvisi",
            BandiPage::FinoAl2023 => "fino-al-2023",
        }
    }

    pub(crate) fn route(self) -> Route<'static> {
        Route::Item(Section::Bandi, self.slug())
    }
}

/// A page or a file of the site.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Route<'a> {
    Home,
    /// A section's list (first page): `cig/`.
    Section(Section),
    /// One item's page in a section: `cig/<key>/`, `pagine/<slug>/`.
    Item(Section, &'a str),
    /// An act's page: `atti/<ente>/<anno>/<tipo>-<numero>/`.
    Act(&'a ActId),
    /// A theme or site static file: `static/<file>`.
    Static(&'a str),
    /// An attachment copied from `content/`: `allegati/<file>`.
    Attachment(&'a str),
    /// Any other file, by its path in the site: `dati/lotti.csv`, `feed.xml`.
    File(&'a str),
    NotFound,
}

impl Route<'_> {
    /// The path relative to the site root; pages end with `/`.
    pub(crate) fn path(&self) -> String {
        match *self {
            Route::Home => String::new(),
            Route::Section(s) => format!("{}/", s.dir()),
            // A key is data (a CIG, an imported CPV code): a name, never a path.
            Route::Item(s, key) => format!("{}/{}/", s.dir(), crate::safe_name::name(key)),
            Route::Act(id) => format!("atti/{id}/"),
            Route::Static(file) => format!("static/{}", file.trim_start_matches('/')),
            Route::Attachment(file) => format!("allegati/{}", file.trim_start_matches('/')),
            Route::File(file) => file.trim_start_matches('/').to_string(),
            Route::NotFound => "404.html".into(),
        }
    }

    /// The path of page `n` of a list whose first page is this route.
    pub(crate) fn page_path(&self, n: usize) -> String {
        paged(&self.path(), n)
    }

    /// A route as a template names it: `route("cig")` is the list of
    /// procedures, `route("cig", "B9538AC2B9")` one procedure,
    /// `route("static", "css/portale.css")` a file of the theme.
    pub(crate) fn named<'k>(kind: &str, key: Option<&'k str>) -> Result<Route<'k>, String> {
        let route = match (kind, key) {
            ("home", None) => Route::Home,
            ("static", Some(file)) => Route::Static(file),
            ("allegati", Some(file)) => Route::Attachment(file),
            ("file", Some(file)) => Route::File(file),
            (name, key) => match (Section::from_dir(name), key) {
                (Some(s), None) => Route::Section(s),
                (Some(s), Some(key)) if !key.is_empty() => Route::Item(s, key),
                (Some(_), Some(_)) => return Err(format!("route(\"{name}\", …): chiave vuota")),
                (None, _) => return Err(unknown_kind(name, key.is_some())),
            },
        };
        Ok(route)
    }
}

/// The methodology page of the integrity indicators, `dati/indicatori/`
/// (next to the data-quality report, `dati/qualita/`).
pub(crate) const INDICATORI: Route<'static> = Route::Item(Section::Dati, "indicatori");

/// Page `n` of a list whose first page is `first` (a path or an href):
/// `cig/`, `cig/pagina/2/`, ...
pub(crate) fn paged(first: &str, n: usize) -> String {
    if n <= 1 {
        first.to_string()
    } else {
        format!("{first}pagina/{n}/")
    }
}

fn unknown_kind(name: &str, keyed: bool) -> String {
    let sections: Vec<&str> = Section::ALL.iter().map(|s| s.dir()).collect();
    let hint = match (name, keyed) {
        ("home", true) => "route(\"home\") non ha chiave".to_string(),
        ("static" | "allegati" | "file", false) => format!("route(\"{name}\", percorso)"),
        _ => format!(
            "i tipi sono home, static, allegati, file e le sezioni {}",
            sections.join(", ")
        ),
    };
    format!("route(\"{name}\"): tipo sconosciuto o incompleto ({hint})")
}

/// `url_base` split into what hrefs and absolute URLs need.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Urls {
    /// `https://host` (scheme, host and port), no trailing slash.
    origin: String,
    /// `/` or `/some/path/`: the base path, with both slashes.
    base: String,
}

impl Urls {
    /// `url_base` as `Config::load` checked it (see `check_url_base`).
    pub fn new(url_base: &str) -> Urls {
        let url_base = url_base.trim_end_matches('/');
        let after_scheme = url_base.find("://").map_or(0, |i| i + 3);
        let path_start = url_base[after_scheme..]
            .find('/')
            .map_or(url_base.len(), |i| after_scheme + i);
        let (origin, path) = url_base.split_at(path_start);
        Urls {
            origin: origin.to_string(),
            base: format!("{}/", path.trim_end_matches('/')),
        }
    }

    /// `/` or `/some/path/`.
    pub(crate) fn base_path(&self) -> &str {
        &self.base
    }

    /// The link to `route` from any page of the site.
    pub(crate) fn href(&self, route: &Route) -> String {
        format!("{}{}", self.base, route.path())
    }

    /// The link to page `n` of the list `route`.
    pub(crate) fn page_href(&self, route: &Route, n: usize) -> String {
        format!("{}{}", self.base, route.page_path(n))
    }

    /// The absolute URL of `route`.
    pub(crate) fn absolute(&self, route: &Route) -> String {
        format!("{}{}{}", self.origin, self.base, route.path())
    }

    /// The absolute URL of a link made by `href` or `page_href`.
    pub(crate) fn absolute_href(&self, href: &str) -> String {
        format!("{}{href}", self.origin)
    }

    /// The site path of a link made by `href` or `page_href`: the inverse of
    /// `href`, for the catalogue's links (the file a page is written to, the
    /// search documents' addresses).
    pub(crate) fn path_of<'h>(&self, href: &'h str) -> &'h str {
        href.strip_prefix(self.base.as_str())
            .unwrap_or_else(|| href.trim_start_matches('/'))
    }
}

/// Whether `url_base` is a reserved `.invalid` address (the one `vetro init`
/// writes when none is given).
pub(crate) fn is_placeholder_url(url_base: &str) -> bool {
    let rest = url_base.split_once("://").map_or(url_base, |(_, r)| r);
    let host = rest.split(['/', ':']).next().unwrap_or_default();
    let host = host.trim_end_matches('.').to_lowercase();
    host == "invalid" || host.ends_with(".invalid")
}

/// Why `url_base` cannot be the portal's address, if it cannot: it must be
/// an absolute http(s) URL with a host and no query or fragment.
pub(crate) fn check_url_base(url_base: &str) -> Result<(), String> {
    let rest = url_base
        .strip_prefix("https://")
        .or_else(|| url_base.strip_prefix("http://"))
        .ok_or("url_base deve iniziare con https:// (o http://)")?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() {
        return Err("url_base non indica l'host (es. https://www.comune.example.it)".into());
    }
    if let Some(c) = url_base
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || "?#\\\"<>`{}|^".contains(*c))
    {
        return Err(format!(
            "url_base contiene «{}», che non può stare nell'indirizzo di base",
            c.escape_default()
        ));
    }
    if rest.split('/').skip(1).any(|seg| seg == "." || seg == "..") {
        return Err("url_base non può contenere «.» o «..» come parte del percorso".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sub_path_is_in_every_href_and_absolute_url() {
        let urls = Urls::new("https://www.comune.example.it/trasparenza/appalti");
        let cig = Route::Item(Section::Cig, "B9538AC2B9");
        assert_eq!(cig.path(), "cig/B9538AC2B9/");
        assert_eq!(urls.href(&cig), "/trasparenza/appalti/cig/B9538AC2B9/");
        assert_eq!(
            urls.absolute(&cig),
            "https://www.comune.example.it/trasparenza/appalti/cig/B9538AC2B9/"
        );
        assert_eq!(urls.href(&Route::Home), "/trasparenza/appalti/");
        assert_eq!(
            urls.page_href(&Route::Section(Section::Atti), 3),
            "/trasparenza/appalti/atti/pagina/3/"
        );
        assert_eq!(urls.path_of(&urls.href(&cig)), "cig/B9538AC2B9/");
        assert_eq!(
            urls.absolute_href(&urls.href(&Route::File("feed.xml"))),
            "https://www.comune.example.it/trasparenza/appalti/feed.xml"
        );
    }

    #[test]
    fn the_root_base_and_trailing_slashes() {
        for base in ["https://example.org", "https://example.org/"] {
            let urls = Urls::new(base);
            assert_eq!(urls.base_path(), "/");
            assert_eq!(
                urls.href(&Route::Static("css/portale.css")),
                "/static/css/portale.css"
            );
            assert_eq!(urls.absolute(&Route::Home), "https://example.org/");
        }
        let urls = Urls::new("http://localhost:8080/a/");
        assert_eq!(
            urls.absolute(&Route::Section(Section::Dati)),
            "http://localhost:8080/a/dati/"
        );
    }

    #[test]
    fn templates_name_routes() {
        let urls = Urls::new("https://h/p");
        let href = |kind, key| Route::named(kind, key).map(|r| urls.href(&r));
        assert_eq!(href("atti", None).as_deref(), Ok("/p/atti/"));
        assert_eq!(
            href("cpv", Some("72910000-2")).as_deref(),
            Ok("/p/cpv/72910000-2/")
        );
        assert_eq!(href("home", None).as_deref(), Ok("/p/"));
        assert_eq!(
            href("file", Some("dati/lotti.csv")).as_deref(),
            Ok("/p/dati/lotti.csv")
        );
        assert!(
            href("atto", Some("x"))
                .unwrap_err()
                .contains("tipo sconosciuto")
        );
        assert!(href("static", None).is_err());
        assert!(href("cig", Some("")).is_err());
        assert_eq!(
            href("bandi-di-gara", Some("fino-al-2023")).as_deref(),
            Ok("/p/bandi-di-gara/fino-al-2023/")
        );
        assert_eq!(
            urls.href(&BandiPage::Avvisi.route()),
            "/p/bandi-di-gara/avvisi/"
        );
    }

    #[test]
    fn bad_bases_are_refused() {
        assert!(check_url_base("https://www.comune.example.it/trasparenza/appalti").is_ok());
        assert!(check_url_base("http://localhost:8080").is_ok());
        for bad in [
            "www.comune.example.it",
            "/trasparenza",
            "https://",
            "https:///path",
            "https://host/a b",
            "https://host/?q=1",
            "https://host/#x",
            "https://host/a/../b",
        ] {
            assert!(check_url_base(bad).is_err(), "{bad}");
        }
    }
}
