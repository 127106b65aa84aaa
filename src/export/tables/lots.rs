//! The lots (procedures by CIG) and the acts.

use super::{CIG_COL, ID_PROCEDURA, TO_ENTI, anac, c};
use crate::catalog::{ActEntry, Procedure};
use crate::export::rows::{Ctx, Rows, act_id, joined, sum};
use crate::export::schema::{Cell, Kind::*, RowBuilder, Table};

pub(crate) static LOTTI: Table = Table {
    name: "lotti",
    title: "Lotti e procedure (CIG)",
    description: "Una riga per lotto (CIG) o procedura senza CIG, con i dati di tutti gli atti che la citano",
    columns: &[
        ID_PROCEDURA,
        CIG_COL,
        c(
            "codice_interno",
            Text,
            "Codice interno della procedura, per quelle senza CIG",
        ),
        anac("oggetto_lotto", Text, "Oggetto del lotto"),
        c("id_ente", Text, "Identificativo dell'ente nel portale"),
        anac(
            "cf_amministrazione_appaltante",
            Text,
            "Codice fiscale dell'amministrazione appaltante",
        ),
        anac(
            "denominazione_amministrazione_appaltante",
            Text,
            "Denominazione dell'amministrazione appaltante",
        ),
        c(
            "ufficio",
            Text,
            "Ufficio dell'ente che svolge la procedura (L.190 strutturaProponente)",
        ),
        c(
            "anno",
            Integer,
            "Anno della procedura: del primo atto, altrimenti dell'inizio del contratto, altrimenti l'anno di riferimento del dataset",
        ),
        c(
            "data_primo_atto",
            Date,
            "Data del primo atto; per una procedura senza atti l'inizio del contratto, altrimenti il 1° gennaio dell'anno di riferimento (mai la data di pubblicazione del dataset)",
        ),
        anac(
            "oggetto_principale_contratto",
            Text,
            "LAVORI, SERVIZI o FORNITURE, dalla divisione del CPV",
        ),
        anac(
            "cod_cpv",
            Text,
            "Codice CPV prevalente (vocabolario comune per gli appalti)",
        ),
        anac("descrizione_cpv", Text, "Descrizione del CPV prevalente"),
        c(
            "cpv_secondari",
            Text,
            "Altri codici CPV, separati da punto e virgola",
        ),
        c("cup", Text, "Codice Unico di Progetto dell'investimento"),
        c(
            "procedura",
            Text,
            "Tipo di procedura, come scritto negli atti (es. affidamento-diretto)",
        ),
        c(
            "cod_scelta_contraente_l190",
            Text,
            "Codice della scelta del contraente nel tracciato ANAC L. 190/2012 (sceltaContraente)",
        ),
        anac(
            "tipo_scelta_contraente",
            Text,
            "Descrizione della procedura di scelta del contraente",
        ),
        c(
            "metodo_ocds",
            Text,
            "Metodo di affidamento OCDS: open, selective, limited o direct",
        ),
        c(
            "affidamento_diretto",
            Boolean,
            "Vero se la procedura è un affidamento diretto (esclusa l'adesione ad accordo quadro o convenzione)",
        ),
        c(
            "adesione_accordo_quadro",
            Boolean,
            "Vero se la procedura è un'adesione ad accordo quadro o convenzione (codici L.190 26 e 27)",
        ),
        c("norma", Text, "Norma che consente la procedura"),
        c(
            "strumento",
            Text,
            "Strumento di acquisto (es. MePA, trattativa diretta)",
        ),
        c(
            "criterio_aggiudicazione",
            Text,
            "Criterio di aggiudicazione",
        ),
        anac(
            "importo_lotto",
            Number,
            "Importo a base della procedura, IVA esclusa",
        ),
        c(
            "importo_aggiudicato",
            Number,
            "Importo aggiudicato, IVA esclusa, come indicato dall'atto più recente",
        ),
        c(
            "importo_dubbio",
            Text,
            "Regole per cui l'importo aggiudicato è dubbio, separate da punto e virgola (importo-uguale-id, importo-oltre-pagato, importo-anomalo, voci-discordanti; docs/qualita.md); vuoto se non lo è. L'importo resta nei totali",
        ),
        c("aliquota_iva", Number, "Aliquota IVA in percentuale"),
        c("importo_totale", Number, "Importo aggiudicato IVA inclusa"),
        c(
            "importo_impegnato",
            Number,
            "Somma degli impegni di spesa, IVA inclusa; vuoto se nessuna fonte ne indica (i dataset L.190 non hanno impegni)",
        ),
        c(
            "importo_liquidato",
            Number,
            "Somma delle liquidazioni, sulla base IVA di base_iva_liquidato; vuoto se nessuna fonte ne indica",
        ),
        c(
            "base_iva_liquidato",
            Text,
            "Base IVA di importo_liquidato come la dichiara la fonte: lordo (atti), netto (dataset L.190) o misto",
        ),
        c("data_inizio", Date, "Inizio del periodo contrattuale"),
        c("data_fine", Date, "Fine del periodo contrattuale"),
        c("offerte_ricevute", Integer, "Numero di offerte ricevute"),
        c(
            "numero_aggiudicatari",
            Integer,
            "Numero di aggiudicatari (più di uno per i raggruppamenti)",
        ),
        c(
            "aggiudicatari",
            Text,
            "Denominazioni degli aggiudicatari, separate da punto e virgola",
        ),
        anac(
            "flag_pnrr_pnc",
            Integer,
            "1 se l'appalto è finanziato dal PNRR, altrimenti 0",
        ),
        c("pnrr_missione", Text, "Missione PNRR (es. M1)"),
        c("pnrr_componente", Text, "Componente PNRR (es. C1)"),
        c("pnrr_investimento", Text, "Investimento PNRR (es. 1.5)"),
        c(
            "numero_atti",
            Integer,
            "Numero di atti del portale che citano la procedura",
        ),
        c("url", Text, "Pagina della procedura sul portale"),
        c("url_anac", Text, "Scheda del CIG sul portale dei dati ANAC"),
    ],
    primary_key: &["id_procedura"],
    foreign_keys: &[TO_ENTI],
    indexes: &["cig", "id_ente", "anno", "cod_cpv", "procedura"],
    rows: Rows::PerProcedure(lot_rows),
};

pub(crate) static ATTI: Table = Table {
    name: "atti",
    title: "Atti",
    description: "Una riga per atto pubblicato (determinazione, delibera, contratto, ...)",
    columns: &[
        c(
            "id_atto",
            Text,
            "Identificativo dell'atto: ente/anno/tipo-numero",
        ),
        c("id_ente", Text, "Identificativo dell'ente nel portale"),
        anac(
            "cf_amministrazione_appaltante",
            Text,
            "Codice fiscale dell'amministrazione appaltante",
        ),
        anac(
            "denominazione_amministrazione_appaltante",
            Text,
            "Denominazione dell'amministrazione appaltante",
        ),
        c(
            "tipo",
            Text,
            "Tipo di atto (determinazione, delibera, contratto, ...)",
        ),
        c("numero", Text, "Numero dell'atto, come testo (es. 11-21)"),
        c("data", Date, "Data dell'atto"),
        c("anno", Integer, "Anno dell'atto"),
        c("oggetto", Text, "Oggetto dell'atto"),
        c("ufficio", Text, "Ufficio che ha adottato l'atto"),
        c("firmatario", Text, "Chi ha firmato l'atto"),
        c("rup", Text, "Responsabile unico del progetto"),
        c(
            "cig_lotti",
            Text,
            "CIG dei lotti citati, separati da punto e virgola",
        ),
        c(
            "id_procedure",
            Text,
            "Chiavi delle procedure citate, separate da punto e virgola",
        ),
        c(
            "importo_impegnato",
            Number,
            "Somma degli impegni di spesa disposti dall'atto, IVA inclusa",
        ),
        c(
            "importo_liquidato",
            Number,
            "Somma delle liquidazioni disposte dall'atto, IVA inclusa",
        ),
        c("numero_allegati", Integer, "Numero di documenti allegati"),
        c(
            "documento",
            Text,
            "Voce dell'Allegato 1 della delibera ANAC 264/2023 che l'atto è (es. delibera-a-contrarre); vuoto se non indicata",
        ),
        c(
            "documenti_allegati",
            Text,
            "Voci dell'Allegato 1 della delibera ANAC 264/2023 degli allegati che ne indicano una, separate da punto e virgola",
        ),
        c("file", Text, "File sorgente dell'atto nel portale"),
        c("url", Text, "Pagina dell'atto sul portale"),
    ],
    primary_key: &["id_atto"],
    foreign_keys: &[TO_ENTI],
    indexes: &["id_ente", "anno", "data"],
    rows: Rows::PerAct(act_row),
};

/// One row per procedure.
fn lot_rows(ctx: &Ctx, p: &Procedure) -> Vec<Vec<Cell>> {
    vec![lot(ctx, p)]
}

fn lot(ctx: &Ctx, p: &Procedure) -> Vec<Cell> {
    let ente = ctx.ente(&p.ente);
    let cpv = p.cpv.first();
    let winners: Vec<&str> = p
        .aggiudicatari
        .iter()
        .map(|a| a.operatore.denominazione.trim())
        .collect();
    RowBuilder::new(&LOTTI)
        .set("id_procedura", &p.key)
        .set("cig", p.cig.as_ref())
        .set("codice_interno", p.codice.as_ref())
        .set("oggetto_lotto", &p.oggetto)
        .set("id_ente", &p.ente)
        .set(
            "cf_amministrazione_appaltante",
            ente.map(|e| &e.codice_fiscale),
        )
        .set(
            "denominazione_amministrazione_appaltante",
            ente.map(|e| &e.denominazione),
        )
        .set("ufficio", p.ufficio.as_ref())
        .set("anno", p.anno)
        .set("data_primo_atto", p.data)
        .set(
            "oggetto_principale_contratto",
            p.categoria.map(str::to_uppercase),
        )
        .set("cod_cpv", cpv)
        .set("descrizione_cpv", cpv.and_then(|c| ctx.cpv_title(c)))
        .set(
            "cpv_secondari",
            joined(p.cpv.iter().skip(1).map(String::as_str)),
        )
        .set("cup", p.cup.as_ref())
        .set("procedura", p.procedura.map(|m| m.id))
        .set("cod_scelta_contraente_l190", p.procedura.map(|m| m.code))
        .set("tipo_scelta_contraente", p.procedura.map(|m| m.label))
        .set("metodo_ocds", p.procedura.map(|m| m.ocds_method))
        .set("affidamento_diretto", p.is_direct_award())
        .set("adesione_accordo_quadro", p.is_framework_call())
        .set("norma", p.norma.as_ref())
        .set("strumento", p.strumento.as_ref())
        .set("criterio_aggiudicazione", p.criterio.as_ref())
        .set("importo_lotto", p.importo_base)
        .set("importo_aggiudicato", p.importo_aggiudicato)
        .set("importo_dubbio", rule_names(&p.importo_dubbio))
        .set("aliquota_iva", p.aliquota_iva)
        .set("importo_totale", p.importo_totale)
        .set("importo_impegnato", p.importo_impegnato)
        .set("importo_liquidato", p.importo_liquidato)
        .set("base_iva_liquidato", p.base_iva_liquidato)
        .set("data_inizio", p.periodo.as_ref().and_then(|d| d.dal))
        .set("data_fine", p.periodo.as_ref().and_then(|d| d.al))
        .set("offerte_ricevute", p.offerte_ricevute)
        .set("numero_aggiudicatari", winners.len())
        .set("aggiudicatari", joined(winners.into_iter()))
        .set("flag_pnrr_pnc", i64::from(p.pnrr.is_some()))
        .set("pnrr_missione", p.pnrr.as_ref().map(|x| &x.missione))
        .set("pnrr_componente", p.pnrr.as_ref().map(|x| &x.componente))
        .set(
            "pnrr_investimento",
            p.pnrr.as_ref().map(|x| &x.investimento),
        )
        .set("numero_atti", p.acts.len())
        .set("url", ctx.absolute(&p.url))
        .set("url_anac", p.anac_url.as_ref())
        .finish()
}

/// The kebab-case names of rules, joined with "; ", or nothing.
fn rule_names(rules: &[crate::model::Regola]) -> Option<String> {
    let names: Vec<String> = rules
        .iter()
        .filter_map(|r| serde_json::to_value(r).ok())
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    (!names.is_empty()).then(|| names.join("; "))
}

fn act_row(ctx: &Ctx, a: &ActEntry) -> Vec<Cell> {
    let h = &a.header;
    let ente = ctx.ente(&h.ente);
    let cigs = joined(h.lotti.iter().filter_map(|l| l.cig.as_deref()));
    RowBuilder::new(&ATTI)
        .set("id_atto", act_id(a))
        .set("id_ente", &h.ente)
        .set(
            "cf_amministrazione_appaltante",
            ente.map(|e| &e.codice_fiscale),
        )
        .set(
            "denominazione_amministrazione_appaltante",
            ente.map(|e| &e.denominazione),
        )
        .set("tipo", h.tipo.0)
        .set("numero", h.numero.as_ref())
        .set("data", h.data)
        .set("anno", h.data.year())
        .set("oggetto", &h.oggetto)
        .set("ufficio", h.ufficio.as_ref())
        .set("firmatario", h.firmatario.as_ref())
        .set("rup", h.rup.as_ref())
        .set("cig_lotti", cigs)
        .set(
            "id_procedure",
            joined(a.procedure.iter().map(String::as_str)),
        )
        .set(
            "importo_impegnato",
            sum(h.impegni.iter().map(|i| i.importo)),
        )
        .set(
            "importo_liquidato",
            sum(h.liquidazioni.iter().map(|l| l.importo)),
        )
        .set("numero_allegati", h.allegati.len())
        .set("documento", h.documento.map(|d| d.id))
        .set(
            "documenti_allegati",
            joined(h.allegati.iter().filter_map(|a| a.documento.map(|d| d.id))),
        )
        .set("file", &a.file)
        .set("url", ctx.absolute(&a.url))
        .finish()
}
