//! The page of a body, a year or a CPV code: its procedures a page at a
//! time, and on the first page its suppliers and charts.

use crate::catalog::quality::{BodyQuality, RuleFindings};
use crate::catalog::{Catalog, Group};
use crate::model::{EnteFile, Money};
use crate::render::charts::ChartData;
use crate::render::rows::{ProcedureRow, procedure_row};
use crate::route::{Route, Section};
use serde::Serialize;

/// Which grouping a group page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum GroupKind {
    Ente,
    Anno,
    Cpv,
}

impl GroupKind {
    pub(crate) fn page_kind(self) -> super::PageKind {
        match self {
            GroupKind::Ente => super::PageKind::Ente,
            GroupKind::Anno => super::PageKind::Year,
            GroupKind::Cpv => super::PageKind::Cpv,
        }
    }
}

#[derive(Serialize)]
pub(crate) struct GroupView<'a> {
    pub tipo: GroupKind,
    pub chiave: &'a str,
    /// The page's title: the body's name, the year, `CPV <code> – <title>`.
    pub titolo: String,
    /// A body's own data; `null` on year and CPV pages.
    pub extra: Option<BodyExtra<'a>>,
    pub importo_aggiudicato: Money,
    pub n_procedure: usize,
    pub n_atti: usize,
    /// On the first page only: the suppliers, by amount.
    pub fornitori: Vec<GroupSupplier<'a>>,
    /// The procedures of this page.
    pub procedure: Vec<ProcedureRow<'a>>,
    /// On the first page only.
    pub grafici: Vec<ChartData>,
}

/// What a body's page shows besides its procedures.
#[derive(Serialize)]
pub(crate) struct BodyExtra<'a> {
    /// The body's file (`content/enti/<id>.toml`).
    pub ente: &'a EnteFile,
    pub id: &'a str,
    /// The body's counts in the data-quality report, when it has findings.
    pub qualita: Option<BodyQualityView<'a>>,
    /// On the first page only: the integrity indicators of the body.
    pub indicatori: Option<super::IndicatorsSection<'a>>,
}

/// A body's counts: one row per rule, linking the report.
#[derive(Serialize)]
pub(crate) struct BodyQualityView<'a> {
    pub totale: usize,
    /// The body's section of the report.
    pub url: &'a str,
    pub regole: Vec<RuleCount<'a>>,
}

#[derive(Serialize)]
pub(crate) struct RuleCount<'a> {
    pub regola: crate::model::Regola,
    pub titolo: &'a str,
    pub segnalazioni: usize,
    pub schede: usize,
}

/// A supplier of the group, with what it won there.
#[derive(Serialize)]
pub(crate) struct GroupSupplier<'a> {
    pub id: &'a str,
    pub url: String,
    /// `null` when the supplier has no page.
    pub denominazione: Option<&'a str>,
    pub lotti: usize,
    pub importo: Money,
}

impl<'a> BodyExtra<'a> {
    /// The extras of page `n` of the body's page.
    pub fn new(
        c: &'a Catalog,
        ix: &'a crate::indicators::Indicators,
        ente: &'a crate::model::Ente,
        n: usize,
    ) -> BodyExtra<'a> {
        BodyExtra {
            ente: &ente.data,
            id: &ente.id,
            qualita: c.quality.body(&ente.id).map(BodyQualityView::new),
            indicatori: (n == 1)
                .then(|| super::IndicatorsSection::new(c, ix, ix.of_ente(&ente.id))),
        }
    }
}

impl<'a> BodyQualityView<'a> {
    fn new(b: &'a BodyQuality) -> BodyQualityView<'a> {
        BodyQualityView {
            totale: b.totale,
            url: &b.ancora,
            regole: b.regole.iter().map(RuleCount::new).collect(),
        }
    }
}

impl<'a> RuleCount<'a> {
    fn new(r: &'a RuleFindings) -> RuleCount<'a> {
        RuleCount {
            regola: r.regola,
            titolo: r.titolo,
            segnalazioni: r.segnalazioni,
            schede: r.schede,
        }
    }
}

impl<'a> GroupView<'a> {
    /// Page `n` of group `g`, with the procedures of `range`. Suppliers and
    /// charts are built for the first page alone, so that a group of N
    /// procedures costs O(N) and not O(N²/per) to render.
    pub fn new(
        c: &'a Catalog,
        g: &'a Group,
        kind: GroupKind,
        extra: Option<BodyExtra<'a>>,
        range: std::ops::Range<usize>,
        n: usize,
    ) -> GroupView<'a> {
        let first = n == 1;
        let procedure = g.procedure[range]
            .iter()
            .map(|&j| procedure_row(c, &c.procedures[j]))
            .collect();
        let fornitori = if first {
            g.fornitori.iter().map(|f| supplier(c, f)).collect()
        } else {
            Vec::new()
        };
        GroupView {
            tipo: kind,
            chiave: &g.chiave,
            titolo: title(g, kind),
            extra,
            importo_aggiudicato: g.importo_aggiudicato,
            n_procedure: g.procedure.len(),
            n_atti: g.atti.len(),
            fornitori,
            procedure,
            grafici: if first {
                crate::render::chart_data::group(c, g, kind)
            } else {
                Vec::new()
            },
        }
    }
}

/// The title of a group's page.
pub(crate) fn title(g: &Group, kind: GroupKind) -> String {
    match kind {
        GroupKind::Cpv if !g.titolo.is_empty() => format!("CPV {} – {}", g.chiave, g.titolo),
        GroupKind::Cpv => format!("CPV {}", g.chiave),
        GroupKind::Ente | GroupKind::Anno => g.titolo.clone(),
    }
}

fn supplier<'a>(c: &'a Catalog, f: &'a crate::catalog::Breakdown) -> GroupSupplier<'a> {
    let name = c
        .suppliers
        .binary_search_by(|s| s.id.as_str().cmp(&f.chiave))
        .ok()
        .map(|j| c.suppliers[j].denominazione.as_str());
    GroupSupplier {
        id: &f.chiave,
        url: c.urls.href(&Route::Item(Section::Fornitori, &f.chiave)),
        denominazione: name,
        lotti: f.lotti,
        importo: f.importo,
    }
}
