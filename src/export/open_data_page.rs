//! What the /dati/ page shows: the downloads by section and the data
//! dictionary of every table, from the same definitions as the files.

use super::rows::Slice;
use super::{Download, L190_FORMAT, datapackage, dictionary};
use crate::catalog::Catalog;
use crate::model::{Config, Regime};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
pub(crate) struct OpenDataPage<'a> {
    /// Where the L. 190/2012 datasets are offered.
    pub l190_url: String,
    /// The whole catalogue's files but the L.190 datasets.
    pub principali: Vec<&'a Download>,
    /// The ANAC L.190/2012 XML datasets: offered on the page of the
    /// procedures up to 2023 (`l190_fino_al_2023`), not here.
    #[serde(skip)]
    pub l190: Vec<&'a Download>,
    /// Each year's files, newest year first.
    pub anni: Vec<SliceFiles<'a, i32>>,
    /// Each body's files.
    pub enti: Vec<SliceFiles<'a, &'a str>>,
    pub tabelle: Vec<dictionary::TableEntry>,
    pub licenza: &'a str,
    pub licenza_url: Option<&'static str>,
    /// OCDS files are published (`ocds_prefisso` is set).
    pub ocds: bool,
}

impl<'a> OpenDataPage<'a> {
    /// The L. 190/2012 files still due: those of the years of the old
    /// regime (the yearly XML is not due for procedures started since 2024).
    pub(crate) fn l190_fino_al_2023(&self) -> Vec<&'a Download> {
        self.l190
            .iter()
            .filter(|d| d.anno_l190.map(Regime::of_year) == Some(Regime::FinoAl2023))
            .copied()
            .collect()
    }
}

/// The files of one year or one body.
#[derive(Serialize)]
pub(crate) struct SliceFiles<'a, K> {
    pub chiave: K,
    pub titolo: String,
    pub file: Vec<&'a Download>,
}

impl<'a> OpenDataPage<'a> {
    pub fn new(catalog: &'a Catalog, config: &'a Config, downloads: &'a [Download]) -> Self {
        let (mut main, mut l190) = (Vec::new(), Vec::new());
        let mut years: BTreeMap<i32, Vec<&Download>> = BTreeMap::new();
        let mut enti: BTreeMap<&str, Vec<&Download>> = BTreeMap::new();
        for d in downloads.iter().filter(|d| d.records != Some(0)) {
            match &d.section {
                Slice::All if d.format == L190_FORMAT => l190.push(d),
                Slice::All => main.push(d),
                Slice::Year(y) => years.entry(*y).or_default().push(d),
                Slice::Ente(id) => enti.entry(id).or_default().push(d),
            }
        }
        let anni = years
            .into_iter()
            .rev()
            .map(|(y, file)| SliceFiles {
                chiave: y,
                titolo: y.to_string(),
                file,
            })
            .collect();
        let enti = enti
            .into_iter()
            .map(|(id, file)| SliceFiles {
                chiave: id,
                titolo: catalog.ente_name(id).to_string(),
                file,
            })
            .collect();
        OpenDataPage {
            l190_url: catalog
                .urls
                .href(&crate::route::BandiPage::FinoAl2023.route()),
            principali: main,
            l190,
            anni,
            enti,
            tabelle: dictionary::page_tables(),
            licenza: &config.licenza,
            licenza_url: datapackage::licence_url(&config.licenza),
            ocds: config.ocds_prefisso.is_some(),
        }
    }
}
