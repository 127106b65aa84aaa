//! The data of every page kind: one typed view per kind, serialized once
//! into the `page` variable of its template and into its `index.json`.
//!
//! A view goes through `serde_json::Value` (built without `preserve_order`),
//! so every object's keys come out sorted, as `index.json` has always had
//! them, whatever the order of the fields here. docs/tema.md lists every
//! key of every kind; a test holds the two together.

mod act;
mod bandi;
mod group;
mod home;
mod indicators;
mod lists;
mod procedure;
mod quality;
mod supplier;

pub(crate) use act::ActView;
pub(crate) use bandi::{BandiPartView, BandiView};
pub(crate) use group::{BodyExtra, GroupKind, GroupView};
pub(crate) use home::HomeView;
pub(crate) use indicators::{IndicatorsSection, MethodView};
pub(crate) use lists::{ActList, GroupList, ProcedureList, SupplierList};
pub(crate) use procedure::ProcedureView;
pub(crate) use quality::QualityView;
pub(crate) use supplier::SupplierView;

use crate::export::OpenDataPage;
use crate::model::{Regola, Segnalazione};
use serde::Serialize;

/// What a page is: it picks the template and the view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum PageKind {
    Home,
    Act,
    Procedure,
    Supplier,
    Ente,
    Year,
    Cpv,
    ActList,
    ProcedureList,
    SupplierList,
    EnteList,
    YearList,
    CpvList,
    FreePage,
    Search,
    OpenData,
    Quality,
    Indicators,
    Bandi,
    BandiPart,
    NotFound,
}

impl PageKind {
    #[cfg(test)]
    pub(crate) const ALL: [PageKind; 21] = [
        PageKind::Home,
        PageKind::Act,
        PageKind::Procedure,
        PageKind::Supplier,
        PageKind::Ente,
        PageKind::Year,
        PageKind::Cpv,
        PageKind::ActList,
        PageKind::ProcedureList,
        PageKind::SupplierList,
        PageKind::EnteList,
        PageKind::YearList,
        PageKind::CpvList,
        PageKind::FreePage,
        PageKind::Search,
        PageKind::OpenData,
        PageKind::Quality,
        PageKind::Indicators,
        PageKind::Bandi,
        PageKind::BandiPart,
        PageKind::NotFound,
    ];

    /// The theme's template for pages of this kind.
    pub(crate) fn template(self) -> &'static str {
        match self {
            PageKind::Home => "home.html",
            PageKind::Act => "act.html",
            PageKind::Procedure => "procedure.html",
            PageKind::Supplier => "supplier.html",
            PageKind::Ente | PageKind::Year | PageKind::Cpv => "group.html",
            PageKind::ActList
            | PageKind::ProcedureList
            | PageKind::SupplierList
            | PageKind::EnteList
            | PageKind::YearList
            | PageKind::CpvList => "list.html",
            PageKind::FreePage => "page.html",
            PageKind::Search => "search.html",
            PageKind::OpenData => "dati.html",
            PageKind::Quality => "quality.html",
            PageKind::Indicators => "methodology.html",
            PageKind::Bandi => "bandi.html",
            PageKind::BandiPart => "bandi-parte.html",
            PageKind::NotFound => "404.html",
        }
    }

    /// The kind's name in docs/tema.md.
    #[cfg(test)]
    pub fn name(self) -> &'static str {
        match self {
            PageKind::Home => "home",
            PageKind::Act => "atto",
            PageKind::Procedure => "procedura",
            PageKind::Supplier => "fornitore",
            PageKind::Ente => "ente",
            PageKind::Year => "anno",
            PageKind::Cpv => "cpv",
            PageKind::ActList => "elenco-atti",
            PageKind::ProcedureList => "elenco-procedure",
            PageKind::SupplierList => "elenco-fornitori",
            PageKind::EnteList => "elenco-enti",
            PageKind::YearList => "elenco-anni",
            PageKind::CpvList => "elenco-cpv",
            PageKind::FreePage => "pagina",
            PageKind::Search => "cerca",
            PageKind::OpenData => "dati",
            PageKind::Quality => "qualita",
            PageKind::Indicators => "indicatori",
            PageKind::Bandi => "bandi",
            PageKind::BandiPart => "bandi-parte",
            PageKind::NotFound => "404",
        }
    }
}

/// The data of one page, whatever its kind.
#[derive(Serialize)]
#[serde(untagged)]
pub(crate) enum View<'a> {
    Home(HomeView<'a>),
    Act(ActView<'a>),
    Procedure(Box<ProcedureView<'a>>),
    Supplier(SupplierView<'a>),
    Group(GroupView<'a>),
    Acts(ActList<'a>),
    Procedures(ProcedureList<'a>),
    Suppliers(SupplierList<'a>),
    Groups(GroupList<'a>),
    FreePage(FreePage<'a>),
    OpenData(&'a OpenDataPage<'a>),
    Quality(QualityView<'a>),
    Method(MethodView),
    Bandi(BandiView),
    BandiPart(BandiPartView<'a>),
    /// The search and 404 pages: their templates need no data.
    Empty(Empty),
}

impl View<'_> {
    /// The view as the template and `index.json` receive it.
    pub fn to_json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(self)
    }
}

/// No data: `{}`.
#[derive(Serialize)]
pub(crate) struct Empty {}

/// A free page of `content/pagine/`.
#[derive(Serialize)]
pub(crate) struct FreePage<'a> {
    pub titolo: &'a str,
    pub descrizione: Option<&'a str>,
    /// The page's Markdown.
    pub testo: &'a str,
}

/// A doubt about a page's data, with the rule's title for the reader.
#[derive(Serialize)]
pub(crate) struct LabelledFinding<'a> {
    pub regola: Regola,
    pub titolo: &'static str,
    pub campo: Option<&'a str>,
    pub valore: Option<&'a str>,
    pub nota: Option<&'a str>,
}

pub(crate) fn labelled(list: &[Segnalazione]) -> Vec<LabelledFinding<'_>> {
    list.iter()
        .map(|s| LabelledFinding {
            regola: s.regola,
            titolo: crate::catalog::quality::title(s.regola),
            campo: s.campo.as_deref(),
            valore: s.valore.as_deref(),
            nota: s.nota.as_deref(),
        })
        .collect()
}

#[cfg(test)]
mod tests;
