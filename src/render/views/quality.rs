//! The data-quality report: per body, the counts per rule and every
//! finding with its page.

use crate::catalog::Catalog;
use crate::catalog::quality::BodyQuality;
use crate::route::Route;
use serde::Serialize;

#[derive(Serialize)]
pub(crate) struct QualityView<'a> {
    pub enti: Vec<BodyReport<'a>>,
    /// Findings in all.
    pub totale: usize,
    /// The report's downloads.
    pub json: String,
    pub csv: String,
}

/// A body's part of the report, with the id of its section's anchor.
#[derive(Serialize)]
pub(crate) struct BodyReport<'a> {
    #[serde(flatten)]
    pub body: &'a BodyQuality,
    pub id: String,
}

impl<'a> QualityView<'a> {
    pub fn new(c: &'a Catalog) -> QualityView<'a> {
        let enti = c
            .quality
            .enti
            .iter()
            .map(|body| BodyReport {
                body,
                id: crate::catalog::quality::anchor(&body.ente),
            })
            .collect();
        QualityView {
            enti,
            totale: c.quality.findings().count(),
            json: c.urls.href(&Route::File("dati/qualita.json")),
            csv: c.urls.href(&Route::File("dati/qualita.csv")),
        }
    }
}
