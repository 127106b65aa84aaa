//! The pages of the portal and the data each one shows.

use super::rows::{act_row, procedure_row, supplier_row};
use super::views::*;
use super::{Crumb, PageLink, PageOut, Pager};
use crate::catalog::{Catalog, Group};
use crate::export::OpenDataPage;
use crate::indicators::Indicators;
use crate::route::{BandiPage, Route, Section, paged};

/// One page to render.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Job {
    Home,
    Act(usize),
    Procedure(usize),
    Supplier(usize, usize),
    Ente(usize, usize),
    Year(usize, usize),
    Cpv(usize, usize),
    Acts(usize),
    Procedures(usize),
    Suppliers(usize),
    Enti,
    Years,
    Cpvs(usize),
    Page(usize),
    Search,
    /// The open-data page: downloads and data dictionary.
    Dati,
    /// The data-quality report.
    Qualita,
    /// The methodology of the integrity indicators.
    Indicatori,
    /// The index of «Bandi di gara e contratti».
    Bandi,
    /// Page `n` of one part of it.
    BandiPart(BandiPage, usize),
    NotFound,
}

fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page).max(1)
}

impl Job {
    pub(crate) fn kind(&self) -> PageKind {
        match self {
            Job::Home => PageKind::Home,
            Job::Act(_) => PageKind::Act,
            Job::Procedure(_) => PageKind::Procedure,
            Job::Supplier(..) => PageKind::Supplier,
            Job::Ente(..) => PageKind::Ente,
            Job::Year(..) => PageKind::Year,
            Job::Cpv(..) => PageKind::Cpv,
            Job::Acts(_) => PageKind::ActList,
            Job::Procedures(_) => PageKind::ProcedureList,
            Job::Suppliers(_) => PageKind::SupplierList,
            Job::Enti => PageKind::EnteList,
            Job::Years => PageKind::YearList,
            Job::Cpvs(_) => PageKind::CpvList,
            Job::Page(_) => PageKind::FreePage,
            Job::Search => PageKind::Search,
            Job::Dati => PageKind::OpenData,
            Job::Qualita => PageKind::Quality,
            Job::Indicatori => PageKind::Indicators,
            Job::Bandi => PageKind::Bandi,
            Job::BandiPart(..) => PageKind::BandiPart,
            Job::NotFound => PageKind::NotFound,
        }
    }
}

/// Every page of the catalog, paginated lists included.
pub(crate) fn jobs(c: &Catalog, per: usize) -> Vec<Job> {
    let mut jobs = vec![
        Job::Home,
        Job::Enti,
        Job::Years,
        Job::Search,
        Job::Dati,
        Job::Qualita,
        Job::Indicatori,
        Job::Bandi,
        Job::NotFound,
    ];
    for part in BandiPage::ALL {
        let pages = page_count(part.items(c).len(), per);
        jobs.extend((1..=pages).map(|n| Job::BandiPart(part, n)));
    }
    jobs.extend((0..c.acts.len()).map(Job::Act));
    jobs.extend((0..c.procedures.len()).map(Job::Procedure));
    for (i, s) in c.suppliers.iter().enumerate() {
        jobs.extend((1..=page_count(s.lotti.len(), per)).map(|p| Job::Supplier(i, p)));
    }
    jobs.extend((0..c.pages.len()).map(Job::Page));
    for (i, (_, g)) in c.enti.iter().enumerate() {
        jobs.extend((1..=page_count(g.procedure.len(), per)).map(|p| Job::Ente(i, p)));
    }
    for (i, g) in c.years.iter().enumerate() {
        jobs.extend((1..=page_count(g.procedure.len(), per)).map(|p| Job::Year(i, p)));
    }
    for (i, g) in c.cpvs.iter().enumerate() {
        jobs.extend((1..=page_count(g.procedure.len(), per)).map(|p| Job::Cpv(i, p)));
    }
    jobs.extend((1..=page_count(c.acts.len(), per)).map(Job::Acts));
    jobs.extend((1..=page_count(c.procedures.len(), per)).map(Job::Procedures));
    jobs.extend((1..=page_count(c.suppliers.len(), per)).map(Job::Suppliers));
    jobs.extend((1..=page_count(c.cpvs.len(), per)).map(Job::Cpvs));
    jobs
}

/// The href of a section's list.
fn section(c: &Catalog, s: Section) -> String {
    c.urls.href(&Route::Section(s))
}

/// The href of page `n` of a section's list.
fn list_href(c: &Catalog, s: Section, n: usize) -> String {
    c.urls.page_href(&Route::Section(s), n)
}

fn crumbs(c: &Catalog, extra: &[(&str, &str)]) -> Vec<Crumb> {
    let home = c.urls.href(&Route::Home);
    let mut trail = vec![
        Crumb {
            titolo: "Amministrazione trasparente".into(),
            url: home.clone(),
        },
        Crumb {
            titolo: "Bandi di gara e contratti".into(),
            url: home,
        },
    ];
    trail.extend(extra.iter().map(|(t, u)| Crumb {
        titolo: t.to_string(),
        url: u.to_string(),
    }));
    trail
}

/// The slice of `items` on page `n`, and the pager that goes with it.
fn paginate<T>(items: &[T], per: usize, n: usize, base: &str) -> (std::ops::Range<usize>, Pager) {
    let total = page_count(items.len(), per);
    let start = ((n - 1) * per).min(items.len());
    let end = (start + per).min(items.len());
    let pager = Pager {
        corrente: n,
        totale: total,
        precedente: (n > 1).then(|| paged(base, n - 1)),
        successiva: (n < total).then(|| paged(base, n + 1)),
        elementi: items.len(),
        pagine: Pager::window(n, total)
            .into_iter()
            .map(|k| {
                k.map(|numero| PageLink {
                    numero,
                    url: paged(base, numero),
                })
            })
            .collect(),
    };
    (start..end, pager)
}

/// The page of `job`; `dati` is the open-data page's data, built by export.
pub(crate) fn page<'a>(
    c: &'a Catalog,
    ix: &'a Indicators,
    per: usize,
    job: &Job,
    dati: &'a OpenDataPage<'a>,
) -> PageOut<'a> {
    let kind = job.kind();
    match *job {
        Job::Home => home(c),
        Job::Act(i) => act(c, i),
        Job::Procedure(i) => procedure(c, ix, i),
        Job::Supplier(i, n) => supplier(c, ix, i, per, n),
        Job::Ente(i, n) => {
            let (ente, g) = &c.enti[i];
            let extra = BodyExtra::new(c, ix, ente, n);
            let parent = section(c, Section::Enti);
            group(
                c,
                GroupKind::Ente,
                g,
                per,
                n,
                Some(extra),
                ("Enti", &parent),
            )
        }
        Job::Year(i, n) => {
            let parent = section(c, Section::Anni);
            group(
                c,
                GroupKind::Anno,
                &c.years[i],
                per,
                n,
                None,
                ("Anni", &parent),
            )
        }
        Job::Cpv(i, n) => {
            let parent = section(c, Section::Cpv);
            group(
                c,
                GroupKind::Cpv,
                &c.cpvs[i],
                per,
                n,
                None,
                ("CPV", &parent),
            )
        }
        Job::Acts(n) => {
            let (range, pager) = paginate(&c.acts, per, n, &section(c, Section::Atti));
            // Newest first: page 1 holds the last acts of the date order.
            let last = c.acts.len().saturating_sub(1);
            let atti = range.map(|i| act_row(c, &c.acts[last - i])).collect();
            let view = View::Acts(ActList { atti });
            list(c, kind, Section::Atti, n, "Atti", Some(pager), view)
        }
        Job::Procedures(n) => {
            let (range, pager) = paginate(&c.procedures, per, n, &section(c, Section::Cig));
            let procedure = c.procedures[range]
                .iter()
                .map(|p| procedure_row(c, p))
                .collect();
            let view = View::Procedures(ProcedureList { procedure });
            list(
                c,
                kind,
                Section::Cig,
                n,
                "Procedure (CIG)",
                Some(pager),
                view,
            )
        }
        Job::Suppliers(n) => {
            let (range, pager) = paginate(&c.suppliers, per, n, &section(c, Section::Fornitori));
            let fornitori = c.suppliers[range].iter().map(supplier_row).collect();
            let view = View::Suppliers(SupplierList { fornitori });
            list(
                c,
                kind,
                Section::Fornitori,
                n,
                "Fornitori",
                Some(pager),
                view,
            )
        }
        Job::Cpvs(n) => {
            let (range, pager) = paginate(&c.cpvs, per, n, &section(c, Section::Cpv));
            let view = View::Groups(GroupList::new(c.cpvs[range].iter()));
            list(c, kind, Section::Cpv, n, "Categorie CPV", Some(pager), view)
        }
        Job::Enti => {
            let view = View::Groups(GroupList::new(c.enti.iter().map(|(_, g)| g)));
            list(c, kind, Section::Enti, 1, "Enti", None, view)
        }
        Job::Years => {
            let view = View::Groups(GroupList::new(c.years.iter()));
            list(c, kind, Section::Anni, 1, "Anni", None, view)
        }
        Job::Page(i) => free_page(c, i),
        Job::Search => single(c, kind, Section::Cerca, "Cerca", View::Empty(Empty {})),
        Job::Dati => single(c, kind, Section::Dati, "Open data", View::OpenData(dati)),
        Job::Qualita => quality(c),
        Job::Indicatori => methodology(c, ix),
        Job::Bandi => bandi(c),
        Job::BandiPart(part, n) => bandi_part(c, part, per, n, dati),
        Job::NotFound => PageOut {
            url: c.urls.href(&Route::NotFound),
            kind,
            title: "Pagina non trovata".into(),
            crumbs: crumbs(c, &[]),
            pager: None,
            view: View::Empty(Empty {}),
        },
    }
}

/// Page `n` of a section's list.
fn list<'a>(
    c: &Catalog,
    kind: PageKind,
    s: Section,
    n: usize,
    title: &str,
    pager: Option<Pager>,
    view: View<'a>,
) -> PageOut<'a> {
    let first = section(c, s);
    PageOut {
        url: list_href(c, s, n),
        kind,
        title: title.to_string(),
        crumbs: crumbs(c, &[(title, &first)]),
        pager,
        view,
    }
}

/// A section with a single page of its own template (search, open data).
fn single<'a>(c: &Catalog, kind: PageKind, s: Section, title: &str, view: View<'a>) -> PageOut<'a> {
    let url = section(c, s);
    PageOut {
        crumbs: crumbs(c, &[(title, &url)]),
        url,
        kind,
        title: title.to_string(),
        pager: None,
        view,
    }
}

fn home(c: &Catalog) -> PageOut<'_> {
    PageOut {
        url: c.urls.href(&Route::Home),
        kind: PageKind::Home,
        title: "Bandi di gara e contratti".into(),
        crumbs: crumbs(c, &[]),
        pager: None,
        view: View::Home(HomeView::new(c)),
    }
}

fn free_page(c: &Catalog, i: usize) -> PageOut<'_> {
    let p = &c.pages[i];
    let url = c.urls.href(&Route::Item(Section::Pagine, &p.slug));
    let view = FreePage {
        titolo: &p.header.titolo,
        descrizione: p.header.descrizione.as_deref(),
        testo: &p.body,
    };
    PageOut {
        crumbs: crumbs(c, &[(&p.header.titolo, &url)]),
        url,
        kind: PageKind::FreePage,
        title: p.header.titolo.clone(),
        pager: None,
        view: View::FreePage(view),
    }
}

fn act(c: &Catalog, i: usize) -> PageOut<'_> {
    let a = &c.acts[i];
    let title = match &a.header.numero {
        Some(n) => format!(
            "{} n. {} del {}",
            a.header.tipo.label(),
            n,
            a.header.data.italian()
        ),
        None => format!("{} del {}", a.header.tipo.label(), a.header.data.italian()),
    };
    PageOut {
        url: a.url.clone(),
        kind: PageKind::Act,
        crumbs: crumbs(c, &[("Atti", &section(c, Section::Atti)), (&title, &a.url)]),
        title,
        pager: None,
        view: View::Act(ActView::new(c, a)),
    }
}

fn procedure<'a>(c: &'a Catalog, ix: &'a Indicators, i: usize) -> PageOut<'a> {
    let p = &c.procedures[i];
    let title = match &p.cig {
        Some(cig) => format!("CIG {cig}"),
        None => format!("Procedura {}", p.codice.as_deref().unwrap_or(&p.key)),
    };
    let parent = section(c, Section::Cig);
    PageOut {
        url: p.url.clone(),
        kind: PageKind::Procedure,
        crumbs: crumbs(c, &[("Procedure (CIG)", &parent), (&title, &p.url)]),
        title,
        pager: None,
        view: View::Procedure(Box::new(ProcedureView::new(c, ix, p))),
    }
}

/// Page `n` of a supplier's lots.
fn supplier<'a>(c: &'a Catalog, ix: &'a Indicators, i: usize, per: usize, n: usize) -> PageOut<'a> {
    let s = &c.suppliers[i];
    let (range, pager) = paginate(&s.lotti, per, n, &s.url);
    let parent = section(c, Section::Fornitori);
    PageOut {
        url: paged(&s.url, n),
        kind: PageKind::Supplier,
        title: s.denominazione.clone(),
        crumbs: crumbs(c, &[("Fornitori", &parent), (&s.denominazione, &s.url)]),
        pager: Some(pager),
        view: View::Supplier(SupplierView::new(c, ix, s, range, n)),
    }
}

/// Page `n` of a body's, a year's or a CPV code's procedures.
fn group<'a>(
    c: &'a Catalog,
    grouping: GroupKind,
    g: &'a Group,
    per: usize,
    n: usize,
    extra: Option<BodyExtra<'a>>,
    parent: (&str, &str),
) -> PageOut<'a> {
    let (range, pager) = paginate(&g.procedure, per, n, &g.url);
    let view = GroupView::new(c, g, grouping, extra, range, n);
    PageOut {
        url: paged(&g.url, n),
        kind: grouping.page_kind(),
        crumbs: crumbs(c, &[parent, (&view.titolo, &g.url)]),
        title: view.titolo.clone(),
        pager: Some(pager),
        view: View::Group(view),
    }
}

fn quality(c: &Catalog) -> PageOut<'_> {
    let url = crate::catalog::quality::report_href(&c.urls);
    let title = "Qualità dei dati";
    let dati = section(c, Section::Dati);
    PageOut {
        crumbs: crumbs(c, &[("Open data", &dati), (title, &url)]),
        url,
        kind: PageKind::Quality,
        title: title.into(),
        pager: None,
        view: View::Quality(QualityView::new(c)),
    }
}

/// The methodology of the integrity indicators, next to the quality report.
fn methodology<'a>(c: &Catalog, ix: &Indicators) -> PageOut<'a> {
    let url = c.urls.href(&crate::route::INDICATORI);
    let title = "Indicatori di integrità: il metodo";
    let dati = section(c, Section::Dati);
    PageOut {
        crumbs: crumbs(c, &[("Open data", &dati), (title, &url)]),
        url,
        kind: PageKind::Indicators,
        title: title.into(),
        pager: None,
        view: View::Method(MethodView::new(c, ix)),
    }
}

/// The title of the index of «Bandi di gara e contratti» (the home page
/// is the sub-section itself).
const BANDI_TITLE: &str = "Struttura della sotto-sezione";

fn bandi(c: &Catalog) -> PageOut<'_> {
    let url = section(c, Section::Bandi);
    PageOut {
        crumbs: crumbs(c, &[(BANDI_TITLE, &url)]),
        url,
        kind: PageKind::Bandi,
        title: BANDI_TITLE.into(),
        pager: None,
        view: View::Bandi(BandiView::new(c)),
    }
}

/// Page `n` of one part; the legacy part offers the L. 190 datasets on
/// its first page.
fn bandi_part<'a>(
    c: &'a Catalog,
    part: BandiPage,
    per: usize,
    n: usize,
    dati: &'a OpenDataPage<'a>,
) -> PageOut<'a> {
    let first = c.urls.href(&part.route());
    let (range, pager) = paginate(part.items(c), per, n, &first);
    let l190 = match part {
        BandiPage::FinoAl2023 if n == 1 => dati.l190_fino_al_2023(),
        _ => Vec::new(),
    };
    let index = section(c, Section::Bandi);
    PageOut {
        url: paged(&first, n),
        kind: PageKind::BandiPart,
        title: part.title().into(),
        crumbs: crumbs(c, &[(BANDI_TITLE, &index), (part.title(), &first)]),
        pager: Some(pager),
        view: View::BandiPart(BandiPartView::new(c, part, range, l190)),
    }
}
