//! «Bandi di gara e contratti» as the law orders it (D.Lgs. 36/2023 art. 28,
//! delibera ANAC 264/2023): an index of the parts, and one list per part.
//! The catalogue says what each part holds (`catalog::bandi`).

use crate::catalog::{Catalog, Procedure};
use crate::export::Download;
use crate::model::{Date, Money, Parte, Regime};
use crate::render::rows::{ActRow, act_row};
use crate::route::BandiPage;
use serde::Serialize;
use std::ops::Range;

impl BandiPage {
    pub(crate) fn title(self) -> &'static str {
        match self {
            BandiPage::Procedure => "Procedure avviate dal 1° gennaio 2024",
            BandiPage::AttiGenerali => {
                "Atti e documenti di carattere generale riferiti a tutte le procedure"
            }
            BandiPage::Programmazione => {
                "Atti relativi alla programmazione di lavori, opere, servizi e forniture"
            }
            BandiPage::Avvisi => "Avvisi",
            BandiPage::FinoAl2023 => "Procedure fino al 31/12/2023",
        }
    }

    fn description(self) -> &'static str {
        match self {
            BandiPage::Procedure => {
                "Per ogni procedura avviata dal 1° gennaio 2024: CIG, oggetto e collegamento alla scheda nella Banca dati nazionale dei contratti pubblici (BDNCP) dell'ANAC, dove sono pubblicati i dati della procedura."
            }
            BandiPage::AttiGenerali => {
                "Atti che valgono per tutte le procedure dell'ente: regolamenti, direttive, elenchi di operatori, criteri generali."
            }
            BandiPage::Programmazione => {
                "Il programma triennale dei lavori pubblici, il programma triennale degli acquisti di beni e servizi e i loro aggiornamenti annuali."
            }
            BandiPage::Avvisi => {
                "Avvisi non legati a una singola procedura: preinformazione, indagini di mercato, sponsorizzazioni. L'avviso di una procedura (con il suo CIG) è nella pagina di quella procedura."
            }
            BandiPage::FinoAl2023 => {
                "Le procedure avviate entro il 31 dicembre 2023 restano nel regime precedente: le informazioni e i dataset XML previsti dall'art. 1, comma 32, della legge 190/2012."
            }
        }
    }

    fn basis(self) -> &'static str {
        match self {
            BandiPage::Procedure => {
                "art. 28 D.Lgs. 36/2023; delibere ANAC 261/2023 e 264/2023 (modificata dalla delibera 601/2023)"
            }
            BandiPage::AttiGenerali => "art. 37 D.Lgs. 33/2013; art. 28 D.Lgs. 36/2023",
            BandiPage::Programmazione => "art. 37 D.Lgs. 36/2023",
            BandiPage::Avvisi => "art. 28 D.Lgs. 36/2023; delibera ANAC 264/2023",
            BandiPage::FinoAl2023 => {
                "art. 1, c. 32, L. 190/2012; art. 37 D.Lgs. 33/2013; art. 225 D.Lgs. 36/2023"
            }
        }
    }

    /// What the page lists: acts of a part, or procedures of a regime.
    pub(crate) fn content(self) -> Listed {
        match self {
            BandiPage::Procedure => Listed::Procedures(Regime::Dal2024),
            BandiPage::AttiGenerali => Listed::Acts(Parte::AttiGenerali),
            BandiPage::Programmazione => Listed::Acts(Parte::Programmazione),
            BandiPage::Avvisi => Listed::Acts(Parte::Avvisi),
            BandiPage::FinoAl2023 => Listed::Procedures(Regime::FinoAl2023),
        }
    }

    /// The catalogue's indexes this page lists.
    pub(crate) fn items(self, c: &Catalog) -> &[usize] {
        match self.content() {
            Listed::Procedures(regime) => c.bandi.procedures(regime),
            Listed::Acts(parte) => c.bandi.acts(parte),
        }
    }
}

#[derive(Clone, Copy)]
pub(crate) enum Listed {
    Procedures(Regime),
    Acts(Parte),
}

/// One part in the index.
#[derive(Serialize)]
pub(crate) struct PartLink {
    pub parte: &'static str,
    pub titolo: &'static str,
    pub descrizione: &'static str,
    pub norma: &'static str,
    pub url: String,
    pub elementi: usize,
}

/// The index of «Bandi di gara e contratti».
#[derive(Serialize)]
pub(crate) struct BandiView {
    pub parti: Vec<PartLink>,
    /// The first day of the current regime.
    pub dal: Date,
}

impl BandiView {
    pub fn new(c: &Catalog) -> BandiView {
        let parti = BandiPage::ALL
            .into_iter()
            .map(|page| PartLink {
                parte: page.slug(),
                titolo: page.title(),
                descrizione: page.description(),
                norma: page.basis(),
                url: c.urls.href(&page.route()),
                elementi: page.items(c).len(),
            })
            .collect();
        BandiView {
            parti,
            dal: Regime::cutoff(),
        }
    }
}

/// A procedure in a part's list: CIG, subject, its BDNCP record.
#[derive(Serialize)]
pub(crate) struct BandiRow<'a> {
    pub url: &'a str,
    pub chiave: &'a str,
    pub cig: Option<&'a str>,
    pub oggetto: &'a str,
    pub ente_nome: &'a str,
    /// The date the procedure started (`Regime::of` reads it).
    pub data: Option<Date>,
    pub anac_url: Option<&'a str>,
    pub importo_aggiudicato: Option<Money>,
}

fn bandi_row<'a>(c: &'a Catalog, p: &'a Procedure) -> BandiRow<'a> {
    BandiRow {
        url: &p.url,
        chiave: &p.key,
        cig: p.cig.as_deref(),
        oggetto: &p.oggetto,
        ente_nome: c.ente_name(&p.ente),
        data: p.data,
        anac_url: p.anac_url.as_deref(),
        importo_aggiudicato: p.importo_aggiudicato,
    }
}

/// One page of one part.
#[derive(Serialize)]
pub(crate) struct BandiPartView<'a> {
    pub parte: &'static str,
    pub descrizione: &'static str,
    pub norma: &'static str,
    pub procedure: Vec<BandiRow<'a>>,
    pub atti: Vec<ActRow<'a>>,
    /// The L. 190/2012 datasets of the years up to 2023: offered in the
    /// legacy part only, on its first page.
    pub l190: Vec<&'a Download>,
}

impl<'a> BandiPartView<'a> {
    pub fn new(
        c: &'a Catalog,
        page: BandiPage,
        range: Range<usize>,
        l190: Vec<&'a Download>,
    ) -> BandiPartView<'a> {
        let items = &page.items(c)[range];
        let (procedure, atti) = match page.content() {
            Listed::Procedures(_) => (
                items
                    .iter()
                    .map(|&i| bandi_row(c, &c.procedures[i]))
                    .collect(),
                Vec::new(),
            ),
            Listed::Acts(_) => (
                Vec::new(),
                items.iter().map(|&i| act_row(c, &c.acts[i])).collect(),
            ),
        };
        BandiPartView {
            parte: page.slug(),
            descrizione: page.description(),
            norma: page.basis(),
            procedure,
            atti,
            l190,
        }
    }
}
