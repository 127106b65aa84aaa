//! The "Indicatori" section of a procedure's, a supplier's and a body's
//! page (`indicators.html`), and the methodology page (`dati/indicatori/`).
//! A flag reads "da verificare" or "motivata", never as a verdict.

use crate::catalog::Catalog;
use crate::indicators::{Ambito, DEFINITIONS, Definition, Esito, Flag, Indicators, Link};
use serde::Serialize;

/// At most this many flags on a supplier's or a body's page, and this many
/// procedure links per flag: the rest are in `dati/indicatori.csv`.
const MAX_FLAGS: usize = 50;
const MAX_LINKS: usize = 20;

#[derive(Serialize)]
pub(crate) struct IndicatorsSection<'a> {
    /// The methodology page.
    pub metodo: String,
    /// The open data with every flag.
    pub dati: String,
    /// Every flag of the page, `segnalazioni` the first `MAX_FLAGS`.
    pub totale: usize,
    pub segnalazioni: Vec<FlagView<'a>>,
}

#[derive(Serialize)]
pub(crate) struct FlagView<'a> {
    pub codice: &'static str,
    pub titolo: &'static str,
    pub ambito: Ambito,
    pub esito: Esito,
    /// `da verificare` or `motivata`.
    pub esito_testo: &'static str,
    /// The figure and the threshold, in Italian (`45,7%`, `€ 5.000,00`).
    pub valore: String,
    pub soglia: String,
    /// When the indicator flags, in words.
    pub criterio: &'static str,
    /// The denominator: how many procedures, and what they are.
    pub n: usize,
    pub denominatore: &'static str,
    pub equivalente: Option<&'static str>,
    pub nota: &'a str,
    /// The group the figure is computed on (`comune-x/72`).
    pub gruppo: &'a str,
    /// The page the figure is about, and the supplier it names.
    pub pagina: Option<&'a Link>,
    pub fornitore: Option<&'a Link>,
    /// The procedures behind the figure (the first `MAX_LINKS`).
    pub procedure: Vec<&'a Link>,
    pub altre_procedure: usize,
    /// The indicator's entry on the methodology page.
    pub metodo: String,
}

impl<'a> IndicatorsSection<'a> {
    pub fn new(c: &Catalog, ix: &'a Indicators, flags: Vec<&'a Flag>) -> IndicatorsSection<'a> {
        let metodo = c.urls.href(&crate::route::INDICATORI);
        let totale = flags.len();
        let segnalazioni = flags
            .into_iter()
            .take(MAX_FLAGS)
            .map(|f| FlagView::new(ix, f, &metodo))
            .collect();
        IndicatorsSection {
            dati: c
                .urls
                .href(&crate::route::Route::File("dati/indicatori.csv")),
            metodo,
            totale,
            segnalazioni,
        }
    }
}

impl<'a> FlagView<'a> {
    fn new(ix: &'a Indicators, f: &'a Flag, metodo: &str) -> FlagView<'a> {
        let d = f.definition();
        let procedure: Vec<&Link> = f
            .procedure
            .iter()
            .filter_map(|k| ix.procedure_link(k))
            .collect();
        FlagView {
            codice: f.codice,
            titolo: d.titolo,
            ambito: f.ambito,
            esito: f.esito,
            esito_testo: match f.esito {
                Esito::DaVerificare => "da verificare",
                Esito::Motivata => "motivata",
            },
            valore: d.unita.text(f.valore),
            soglia: d.unita.text(f.soglia),
            criterio: d.soglia,
            n: f.n,
            denominatore: d.denominatore,
            equivalente: d.equivalente,
            nota: &f.nota,
            gruppo: &f.chiave,
            pagina: ix.subject_link(f),
            fornitore: f.fornitore.as_deref().and_then(|s| ix.supplier_link(s)),
            altre_procedure: procedure.len().saturating_sub(MAX_LINKS),
            procedure: procedure.into_iter().take(MAX_LINKS).collect(),
            metodo: format!("{metodo}#{}", anchor(d)),
        }
    }
}

/// The id of an indicator's entry on the methodology page: `ind-01`.
pub(crate) fn anchor(d: &Definition) -> String {
    d.codice.to_lowercase()
}

/// The methodology page: every definition, with this site's counts.
#[derive(Serialize)]
pub(crate) struct MethodView {
    pub indicatori: Vec<MethodEntry>,
    /// Every flag of the site.
    pub totale: usize,
    /// The open data with every flag, CSV and JSON.
    pub csv: String,
    pub json: String,
}

#[derive(Serialize)]
pub(crate) struct MethodEntry {
    #[serde(flatten)]
    pub definizione: &'static Definition,
    pub ancora: String,
    /// Flags of this indicator on the site, and those read as motivated.
    pub segnalazioni: usize,
    pub motivate: usize,
    /// Procedures left out because a fact the indicator needs is missing.
    pub esclusi: usize,
}

impl MethodView {
    pub fn new(c: &Catalog, ix: &Indicators) -> MethodView {
        let indicatori = DEFINITIONS
            .iter()
            .map(|d| {
                let of_code = ix.flags.iter().filter(|f| f.codice == d.codice);
                MethodEntry {
                    definizione: d,
                    ancora: anchor(d),
                    segnalazioni: of_code.clone().count(),
                    motivate: of_code.filter(|f| f.esito == Esito::Motivata).count(),
                    esclusi: ix.esclusi.get(d.codice).copied().unwrap_or_default(),
                }
            })
            .collect();
        let file = |name: &str| c.urls.href(&crate::route::Route::File(name));
        MethodView {
            indicatori,
            totale: ix.flags.len(),
            csv: file("dati/indicatori.csv"),
            json: file("dati/indicatori.json"),
        }
    }
}
