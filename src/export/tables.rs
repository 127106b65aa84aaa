//! Every open-data table and column, defined once.
//!
//! Column names follow ANAC's open data where a column has the same meaning
//! (`anac` names the dataset); the rest are vetro's own, in Italian.

use super::schema::{Column, ForeignKey, Kind, Table};
use Kind::*;

/// ANAC's «cig» dataset (bando CIG), as in `bando-cig_fields.csv`.
const CIG: Option<&str> = Some("cig");

const fn c(name: &'static str, kind: Kind, description: &'static str) -> Column {
    Column {
        name,
        kind,
        description,
        anac: None,
    }
}

const fn anac(name: &'static str, kind: Kind, description: &'static str) -> Column {
    Column {
        name,
        kind,
        description,
        anac: CIG,
    }
}

const ID_PROCEDURA: Column = c(
    "id_procedura",
    Text,
    "Chiave della procedura: il CIG o, per le procedure senza CIG, l'ente seguito dal codice interno",
);
const CIG_COL: Column = anac(
    "cig",
    Text,
    "Codice Identificativo di Gara assegnato da ANAC al lotto; vuoto se la procedura non ne ha",
);
const TO_LOTTI: ForeignKey = ForeignKey {
    columns: &["id_procedura"],
    table: "lotti",
    reference: &["id_procedura"],
};

pub static LOTTI: Table = Table {
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
        c("anno", Integer, "Anno del primo atto della procedura"),
        c(
            "data_primo_atto",
            Date,
            "Data del primo atto (o della scheda) della procedura",
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
            "Vero se la procedura è un affidamento diretto",
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
        c("aliquota_iva", Number, "Aliquota IVA in percentuale"),
        c("importo_totale", Number, "Importo aggiudicato IVA inclusa"),
        c(
            "importo_impegnato",
            Number,
            "Somma degli impegni di spesa, IVA inclusa",
        ),
        c(
            "importo_liquidato",
            Number,
            "Somma delle liquidazioni, IVA inclusa",
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
    foreign_keys: &[],
    indexes: &["cig", "id_ente", "anno", "cod_cpv", "procedura"],
};

pub static ATTI: Table = Table {
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
        c("file", Text, "File sorgente dell'atto nel portale"),
        c("url", Text, "Pagina dell'atto sul portale"),
    ],
    primary_key: &["id_atto"],
    foreign_keys: &[],
    indexes: &["id_ente", "anno", "data"],
};

pub static AGGIUDICATARI: Table = Table {
    name: "aggiudicatari",
    title: "Aggiudicatari",
    description: "Una riga per aggiudicatario di ogni lotto, con il ruolo nel raggruppamento e l'importo attribuito",
    columns: &[
        ID_PROCEDURA,
        CIG_COL,
        c(
            "posizione",
            Integer,
            "Posizione dell'aggiudicatario nel lotto (da 1)",
        ),
        c(
            "id_fornitore",
            Text,
            "Identificativo del fornitore (vedi fornitori.csv)",
        ),
        c(
            "denominazione",
            Text,
            "Denominazione dell'operatore economico",
        ),
        c("partita_iva", Text, "Partita IVA"),
        c("codice_fiscale", Text, COMPANY_CF),
        c("id_estero", Text, "Identificativo fiscale estero"),
        c(
            "raggruppamento",
            Text,
            "Raggruppamento (RTI, consorzio) di cui l'operatore fa parte",
        ),
        c(
            "ruolo",
            Text,
            "Ruolo nel raggruppamento (mandataria, mandante, ...)",
        ),
        c(
            "quota",
            Number,
            "Quota nel raggruppamento, in percentuale, se indicata",
        ),
        c(
            "importo_attribuito",
            Number,
            "Importo attribuito all'operatore, IVA esclusa: l'intero lotto per un aggiudicatario unico, la sua quota in un raggruppamento, vuoto se non indicata. Non moltiplicare per il numero di righe",
        ),
    ],
    primary_key: &["id_procedura", "posizione"],
    foreign_keys: &[
        TO_LOTTI,
        ForeignKey {
            columns: &["id_fornitore"],
            table: "fornitori",
            reference: &["id_fornitore"],
        },
    ],
    indexes: &["id_fornitore", "cig"],
};

const COMPANY_CF: &str = "Codice fiscale di una società (mai quello di una persona fisica)";

pub static PARTECIPANTI: Table = Table {
    name: "partecipanti",
    title: "Partecipanti",
    description: "Una riga per operatore economico che ha presentato offerta per un lotto",
    columns: &[
        ID_PROCEDURA,
        CIG_COL,
        c(
            "posizione",
            Integer,
            "Posizione del partecipante nel lotto (da 1)",
        ),
        c(
            "denominazione",
            Text,
            "Denominazione dell'operatore economico",
        ),
        c("partita_iva", Text, "Partita IVA"),
        c("codice_fiscale", Text, COMPANY_CF),
        c("id_estero", Text, "Identificativo fiscale estero"),
        c(
            "raggruppamento",
            Text,
            "Raggruppamento (RTI, consorzio) di cui l'operatore fa parte",
        ),
        c(
            "ruolo",
            Text,
            "Ruolo nel raggruppamento (mandataria, mandante, ...)",
        ),
    ],
    primary_key: &["id_procedura", "posizione"],
    foreign_keys: &[TO_LOTTI],
    indexes: &["cig", "partita_iva"],
};

pub static IMPEGNI: Table = Table {
    name: "impegni",
    title: "Impegni di spesa",
    description: "Una riga per impegno di spesa legato a un lotto; importi IVA inclusa",
    columns: &[
        ID_PROCEDURA,
        CIG_COL,
        c(
            "posizione",
            Integer,
            "Posizione dell'impegno nella procedura (da 1)",
        ),
        c("esercizio", Integer, "Esercizio finanziario"),
        c("capitolo", Text, "Capitolo di bilancio"),
        c(
            "missione_programma",
            Text,
            "Missione e programma del bilancio (es. 01.08)",
        ),
        c(
            "piano_dei_conti",
            Text,
            "Codice del piano dei conti finanziario",
        ),
        c("numero", Text, "Numero dell'impegno"),
        c("importo", Number, "Importo impegnato, IVA inclusa"),
    ],
    primary_key: &["id_procedura", "posizione"],
    foreign_keys: &[TO_LOTTI],
    indexes: &["cig", "esercizio"],
};

pub static PAGAMENTI: Table = Table {
    name: "pagamenti",
    title: "Pagamenti (liquidazioni)",
    description: "Una riga per liquidazione di un lotto; importi IVA inclusa",
    columns: &[
        ID_PROCEDURA,
        CIG_COL,
        c(
            "posizione",
            Integer,
            "Posizione della liquidazione nella procedura (da 1)",
        ),
        c("data", Date, "Data della liquidazione"),
        c("importo", Number, "Importo liquidato, IVA inclusa"),
        c("fattura", Text, "Estremi della fattura"),
        c(
            "beneficiario",
            Text,
            "Partita IVA o codice fiscale di una società beneficiaria",
        ),
    ],
    primary_key: &["id_procedura", "posizione"],
    foreign_keys: &[TO_LOTTI],
    indexes: &["cig", "data"],
};

pub static FORNITORI: Table = Table {
    name: "fornitori",
    title: "Fornitori",
    description: "Una riga per fornitore aggiudicatario, con i totali attribuiti (nei file per anno o per ente, i totali di quell'anno o ente)",
    columns: &[
        c(
            "id_fornitore",
            Text,
            "Identificativo: partita IVA, altrimenti codice fiscale della società, identificativo estero o nome normalizzato; per le persone fisiche un codice anonimo",
        ),
        c(
            "tipo_identificativo",
            Text,
            "Che cosa è l'identificativo: partita-iva, codice-fiscale, persona-fisica, id-estero o nome",
        ),
        c("denominazione", Text, "Denominazione del fornitore"),
        c("partita_iva", Text, "Partita IVA"),
        c("id_estero", Text, "Identificativo fiscale estero"),
        c("sede", Text, "Sede indicata negli atti"),
        c("numero_lotti", Integer, "Numero di lotti aggiudicati"),
        c(
            "importo_attribuito",
            Number,
            "Somma degli importi attribuiti, IVA esclusa (quote dei raggruppamenti, mai l'intero lotto)",
        ),
        c(
            "importo_affidamenti_diretti",
            Number,
            "Parte di importo_attribuito che viene da affidamenti diretti",
        ),
        c(
            "lotti_senza_importo",
            Integer,
            "Lotti vinti senza importo attribuibile (es. quota del raggruppamento non indicata)",
        ),
        c("url", Text, "Pagina del fornitore sul portale"),
    ],
    primary_key: &["id_fornitore"],
    foreign_keys: &[],
    indexes: &["partita_iva"],
};

/// Every table, in the order of the downloads and of the dictionary.
pub static TABLES: &[&Table] = &[
    &LOTTI,
    &ATTI,
    &AGGIUDICATARI,
    &PARTECIPANTI,
    &IMPEGNI,
    &PAGAMENTI,
    &FORNITORI,
];
