//! A supplier's page: its totals and breakdowns, its lots a page at a time
//! (a large supplier wins thousands), and on the first page the charts.

use super::{LabelledFinding, labelled};
use crate::catalog::{Breakdown, Catalog, Supplier, SupplierLot};
use crate::model::Money;
use crate::model::SupplierIdKind;
use crate::render::charts::ChartData;
use crate::route::{Route, Section};
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Serialize)]
pub(crate) struct SupplierView<'a> {
    pub id: &'a str,
    pub url: &'a str,
    pub tipo_id: SupplierIdKind,
    pub denominazione: &'a str,
    pub denominazioni: &'a [String],
    pub partita_iva: Option<&'a str>,
    pub id_estero: Option<&'a str>,
    pub id_non_validi: &'a [String],
    pub sede: Option<&'a str>,
    pub totale: Money,
    /// Every lot, on every page (`lotti` holds this page's only).
    pub n_lotti: usize,
    pub lotti_quota_non_indicata: usize,
    pub totale_in_raggruppamento: Money,
    pub quota_affidamenti_diretti: Option<Decimal>,
    pub per_anno: &'a [Breakdown],
    pub per_ente: Vec<BodyShare<'a>>,
    pub per_cpv: &'a [Breakdown],
    pub segnalazioni: Vec<LabelledFinding<'a>>,
    /// The lots of this page, each with its body's name.
    pub lotti: Vec<LotRow<'a>>,
    /// On the first page only: the charts sum every lot.
    pub grafici: Vec<ChartData>,
    /// On the first page only: the integrity indicators naming the supplier.
    pub indicatori: Option<super::IndicatorsSection<'a>>,
}

/// One lot of the supplier's table.
#[derive(Serialize)]
pub(crate) struct LotRow<'a> {
    #[serde(flatten)]
    pub lot: &'a SupplierLot,
    pub ente_nome: &'a str,
}

/// What the supplier won from one body.
#[derive(Serialize)]
pub(crate) struct BodyShare<'a> {
    pub chiave: &'a str,
    pub titolo: &'a str,
    /// The body's page.
    pub url: String,
    /// The search for the supplier's P.IVA within the body's records.
    pub cerca: Option<String>,
    pub lotti: usize,
    pub importo: Money,
}

impl<'a> SupplierView<'a> {
    /// Page `n` of supplier `s`, with the lots of `range`. Charts are
    /// computed for the first page alone, so that a supplier with N lots
    /// costs O(N) and not O(N²/per) to render.
    pub fn new(
        c: &'a Catalog,
        ix: &'a crate::indicators::Indicators,
        s: &'a Supplier,
        range: std::ops::Range<usize>,
        n: usize,
    ) -> SupplierView<'a> {
        let per_ente = s
            .per_ente
            .iter()
            .map(|b| BodyShare {
                chiave: &b.chiave,
                titolo: c.ente_name(&b.chiave),
                url: c.urls.href(&Route::Item(Section::Enti, &b.chiave)),
                // Body ids and P.IVAs are safe names: nothing to escape.
                cerca: s.partita_iva.as_deref().map(|piva| {
                    let search = c.urls.href(&Route::Section(Section::Cerca));
                    format!("{search}?q={piva}&ente={}", b.chiave)
                }),
                lotti: b.lotti,
                importo: b.importo,
            })
            .collect();
        SupplierView {
            id: &s.id,
            url: &s.url,
            tipo_id: s.tipo_id,
            denominazione: &s.denominazione,
            denominazioni: &s.denominazioni,
            partita_iva: s.partita_iva.as_deref(),
            id_estero: s.id_estero.as_deref(),
            id_non_validi: &s.id_non_validi,
            sede: s.sede.as_deref(),
            totale: s.totale,
            n_lotti: s.lotti.len(),
            lotti_quota_non_indicata: s.lotti_quota_non_indicata,
            totale_in_raggruppamento: s.totale_in_raggruppamento,
            quota_affidamenti_diretti: s.quota_affidamenti_diretti,
            per_anno: &s.per_anno,
            per_ente,
            per_cpv: &s.per_cpv,
            segnalazioni: labelled(&s.segnalazioni),
            lotti: s.lotti[range]
                .iter()
                .map(|lot| LotRow {
                    lot,
                    ente_nome: c.ente_name(&lot.ente),
                })
                .collect(),
            grafici: if n == 1 {
                crate::render::chart_data::supplier(c, s)
            } else {
                Vec::new()
            },
            indicatori: (n == 1)
                .then(|| super::IndicatorsSection::new(c, ix, ix.of_supplier(&s.id))),
        }
    }
}
