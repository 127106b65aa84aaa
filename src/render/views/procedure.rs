//! A procedure's (one CIG's) page: every field of the catalogue's record,
//! as `dati/vetro.json` holds it, with body names for display.

use super::{LabelledFinding, labelled};
use crate::catalog::documents::DocumentiFase;
use crate::catalog::procedure::Parte;
use crate::catalog::{Award, Catalog, Event, Procedure};
use crate::model::{
    Cauzione, Date, Impegno, Liquidazione, Money, Operatore, Periodo, Pnrr, Regola, TipoProcedura,
    Voce,
};
use serde::Serialize;

#[derive(Serialize)]
pub(crate) struct ProcedureView<'a> {
    pub key: &'a str,
    pub url: &'a str,
    pub cig: Option<&'a str>,
    pub codice: Option<&'a str>,
    pub ente: &'a str,
    pub ente_nome: &'a str,
    pub oggetto: &'a str,
    pub ufficio: Option<&'a str>,
    /// The central purchasing body that ran it for the body, if another.
    pub svolta_da: Option<&'a str>,
    pub anno: i32,
    pub data: Option<Date>,
    pub anno_riferimento: Option<i32>,
    pub cpv: &'a [String],
    pub categoria: Option<&'static str>,
    pub cup: Option<&'a str>,
    pub procedura: Option<TipoProcedura>,
    pub norma: Option<&'a str>,
    pub strumento: Option<&'a str>,
    pub criterio: Option<&'a str>,
    pub importo_base: Option<Money>,
    pub importo_aggiudicato: Option<Money>,
    pub aliquota_iva: Option<Money>,
    pub importo_totale: Option<Money>,
    pub importo_impegnato: Option<Money>,
    pub importo_liquidato: Option<Money>,
    pub base_iva_liquidato: Option<&'static str>,
    pub periodo: Option<&'a Periodo>,
    pub offerte_ricevute: Option<u32>,
    pub aggiudicatari: &'a [Award],
    pub partecipanti: &'a [Operatore],
    pub voci: &'a [Voce],
    pub cauzione: Option<&'a Cauzione>,
    pub pnrr: Option<&'a Pnrr>,
    pub eventi: &'a [Event],
    pub impegni: &'a [Impegno],
    pub liquidazioni: &'a [Liquidazione],
    pub anac_url: Option<&'a str>,
    pub parti: Vec<PartView<'a>>,
    pub segnalazioni: Vec<LabelledFinding<'a>>,
    pub importo_dubbio: &'a [Regola],
    /// The integrity indicators that count this procedure.
    pub indicatori: super::IndicatorsSection<'a>,
    pub documenti: &'a [DocumentiFase],
}

/// One body's part of a CIG several bodies state, with the body's name.
#[derive(Serialize)]
pub(crate) struct PartView<'a> {
    #[serde(flatten)]
    pub parte: &'a Parte,
    pub ente_nome: &'a str,
}

impl<'a> ProcedureView<'a> {
    pub fn new(
        c: &'a Catalog,
        ix: &'a crate::indicators::Indicators,
        p: &'a Procedure,
    ) -> ProcedureView<'a> {
        let parti = p
            .parti
            .iter()
            .map(|parte| PartView {
                parte,
                ente_nome: c.ente_name(&parte.ente),
            })
            .collect();
        ProcedureView {
            key: &p.key,
            url: &p.url,
            cig: p.cig.as_deref(),
            codice: p.codice.as_deref(),
            ente: &p.ente,
            ente_nome: c.ente_name(&p.ente),
            oggetto: &p.oggetto,
            ufficio: p.ufficio.as_deref(),
            svolta_da: p.svolta_da.as_deref(),
            anno: p.anno,
            data: p.data,
            anno_riferimento: p.anno_riferimento,
            cpv: &p.cpv,
            categoria: p.categoria,
            cup: p.cup.as_deref(),
            procedura: p.procedura,
            norma: p.norma.as_deref(),
            strumento: p.strumento.as_deref(),
            criterio: p.criterio.as_deref(),
            importo_base: p.importo_base,
            importo_aggiudicato: p.importo_aggiudicato,
            aliquota_iva: p.aliquota_iva,
            importo_totale: p.importo_totale,
            importo_impegnato: p.importo_impegnato,
            importo_liquidato: p.importo_liquidato,
            base_iva_liquidato: p.base_iva_liquidato,
            periodo: p.periodo.as_ref(),
            offerte_ricevute: p.offerte_ricevute,
            aggiudicatari: &p.aggiudicatari,
            partecipanti: &p.partecipanti,
            voci: &p.voci,
            cauzione: p.cauzione.as_deref(),
            pnrr: p.pnrr.as_deref(),
            eventi: &p.eventi,
            impegni: &p.impegni,
            liquidazioni: &p.liquidazioni,
            anac_url: p.anac_url.as_deref(),
            parti,
            segnalazioni: labelled(&p.segnalazioni),
            importo_dubbio: &p.importo_dubbio,
            indicatori: super::IndicatorsSection::new(c, ix, ix.of_procedure(&p.key)),
            documenti: &p.documenti,
        }
    }
}
