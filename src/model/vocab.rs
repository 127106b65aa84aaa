//! Closed vocabularies of the act format: procedure types and act types.
//!
//! Procedure types follow ANAC's `sceltaContraente` list of the L.190/2012
//! schema (TypesL190.xsd); each id maps to its code, its official label and
//! the OCDS `procurementMethod`.

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// One entry of the closed list of procedure types.
#[derive(Debug, PartialEq, Eq)]
pub struct ProcedureType {
    /// The value written in act files, e.g. `affidamento-diretto`.
    pub id: &'static str,
    /// ANAC L.190 `sceltaContraente` code, e.g. `23`.
    pub code: &'static str,
    /// ANAC L.190 label, e.g. `AFFIDAMENTO DIRETTO`.
    pub label: &'static str,
    /// OCDS procurementMethod: open, selective, limited or direct.
    pub ocds_method: &'static str,
}

impl ProcedureType {
    /// `23-AFFIDAMENTO DIRETTO`, the enumeration value of the L.190 XSD.
    pub fn l190_value(&self) -> String {
        format!("{}-{}", self.code, self.label)
    }

    /// A direct award, but not a call-off from a framework agreement or
    /// convention (code 26, "AFFIDAMENTO DIRETTO IN ADESIONE AD ACCORDO
    /// QUADRO/CONVENZIONE"): that contract was competed for once, by the
    /// central buyer, and "direct award" totals must not count it.
    pub(crate) fn is_direct_award(&self) -> bool {
        self.ocds_method == "direct" && !self.is_framework_call()
    }

    /// An adhesion to a framework agreement or convention (codes 26, 27).
    pub(crate) fn is_framework_call(&self) -> bool {
        matches!(self.code, "26" | "27")
    }
}

macro_rules! procedures {
    ($(($id:literal, $code:literal, $method:literal, $label:literal)),* $(,)?) => {
        pub const PROCEDURE_TYPES: &[ProcedureType] = &[
            $(ProcedureType { id: $id, code: $code, label: $label, ocds_method: $method }),*
        ];
    };
}

procedures![
    ("procedura-aperta", "01", "open", "PROCEDURA APERTA"),
    (
        "procedura-ristretta",
        "02",
        "selective",
        "PROCEDURA RISTRETTA"
    ),
    (
        "negoziata-con-bando",
        "03",
        "limited",
        "PROCEDURA NEGOZIATA PREVIA PUBBLICAZIONE"
    ),
    (
        "negoziata-senza-bando",
        "04",
        "limited",
        "PROCEDURA NEGOZIATA SENZA PREVIA PUBBLICAZIONE"
    ),
    (
        "dialogo-competitivo",
        "05",
        "selective",
        "DIALOGO COMPETITIVO"
    ),
    (
        "negoziata-senza-indizione-settori-speciali",
        "06",
        "limited",
        "PROCEDURA NEGOZIATA SENZA PREVIA INDIZIONE DI GARA (SETTORI SPECIALI)"
    ),
    (
        "sistema-dinamico-acquisizione",
        "07",
        "selective",
        "SISTEMA DINAMICO DI ACQUISIZIONE"
    ),
    (
        "cottimo-fiduciario",
        "08",
        "limited",
        "AFFIDAMENTO IN ECONOMIA - COTTIMO FIDUCIARIO"
    ),
    (
        "selettiva-art-238",
        "14",
        "selective",
        "PROCEDURA SELETTIVA EX ART 238 C.7, D.LGS. 163/2006"
    ),
    (
        "affidamento-diretto-cooperative-sociali",
        "17",
        "direct",
        "AFFIDAMENTO DIRETTO EX ART. 5 DELLA LEGGE 381/91"
    ),
    (
        "ristretta-da-avvisi",
        "21",
        "selective",
        "PROCEDURA RISTRETTA DERIVANTE DA AVVISI CON CUI SI INDICE LA GARA"
    ),
    (
        "negoziata-con-indizione-settori-speciali",
        "22",
        "limited",
        "PROCEDURA NEGOZIATA CON PREVIA INDIZIONE DI GARA (SETTORI SPECIALI)"
    ),
    ("affidamento-diretto", "23", "direct", "AFFIDAMENTO DIRETTO"),
    (
        "affidamento-in-house",
        "24",
        "direct",
        "AFFIDAMENTO DIRETTO A SOCIETA' IN HOUSE"
    ),
    (
        "affidamento-diretto-raggruppate",
        "25",
        "direct",
        "AFFIDAMENTO DIRETTO A SOCIETA' RAGGRUPPATE/CONSORZIATE O CONTROLLATE NELLE CONCESSIONI E NEI PARTENARIATI"
    ),
    (
        "adesione-accordo-quadro",
        "26",
        "direct",
        "AFFIDAMENTO DIRETTO IN ADESIONE AD ACCORDO QUADRO/CONVENZIONE"
    ),
    (
        "confronto-competitivo-accordo-quadro",
        "27",
        "limited",
        "CONFRONTO COMPETITIVO IN ADESIONE AD ACCORDO QUADRO/CONVENZIONE"
    ),
    (
        "procedura-organi-costituzionali",
        "28",
        "limited",
        "PROCEDURA AI SENSI DEI REGOLAMENTI DEGLI ORGANI COSTITUZIONALI"
    ),
    (
        "ristretta-semplificata",
        "29",
        "selective",
        "PROCEDURA RISTRETTA SEMPLIFICATA"
    ),
    (
        "procedura-legge-regionale",
        "30",
        "limited",
        "PROCEDURA DERIVANTE DA LEGGE REGIONALE"
    ),
    (
        "affidamento-diretto-variante",
        "31",
        "direct",
        "AFFIDAMENTO DIRETTO PER VARIANTE SUPERIORE AL 20% DELL'IMPORTO CONTRATTUALE"
    ),
    (
        "affidamento-riservato",
        "32",
        "limited",
        "AFFIDAMENTO RISERVATO"
    ),
    (
        "negoziata-sotto-soglia",
        "33",
        "limited",
        "PROCEDURA NEGOZIATA PER AFFIDAMENTI SOTTO SOGLIA"
    ),
    (
        "opere-urbanizzazione-scomputo",
        "34",
        "limited",
        "PROCEDURA ART.16 COMMA 2-BIS DPR 380/2001 PER OPERE URBANIZZAZIONE A SCOMPUTO PRIMARIE SOTTO SOGLIA COMUNITARIA"
    ),
    (
        "partenariato-innovazione",
        "35",
        "selective",
        "PARTERNARIATO PER L’INNOVAZIONE"
    ),
    (
        "affidamento-diretto-supplementari",
        "36",
        "direct",
        "AFFIDAMENTO DIRETTO PER LAVORI, SERVIZI O FORNITURE SUPPLEMENTARI"
    ),
    (
        "competitiva-con-negoziazione",
        "37",
        "selective",
        "PROCEDURA COMPETITIVA CON NEGOZIAZIONE"
    ),
    (
        "regolamento-interno-settori-speciali",
        "38",
        "limited",
        "PROCEDURA DISCIPLINATA DA REGOLAMENTO INTERNO PER SETTORI SPECIALI"
    ),
    (
        "affidamento-diretto-modifiche",
        "39",
        "direct",
        "AFFIDAMENTO DIRETTO PER MODIFICHE CONTRATTUALI O VARIANTI PER LE QUALI È NECESSARIA UNA NUOVA PROCEDURA DI AFFIDAMENTO"
    ),
];

/// The part of «Bandi di gara e contratti» an act belongs to (the
/// structure of delibera ANAC 264/2023 and of AgID's PAT software).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Parte {
    /// An act of one procedure: shown on the procedure's page.
    Procedura,
    /// «Atti e documenti di carattere generale riferiti a tutte le procedure».
    AttiGenerali,
    /// «Atti relativi alla programmazione di lavori, opere, servizi e forniture».
    Programmazione,
    /// «Avvisi»: notices not tied to one procedure.
    Avvisi,
}

/// One entry of the closed list of act types.
#[derive(Debug, PartialEq, Eq)]
pub struct ActType {
    /// The value written in act files; part of the act's URL.
    pub id: &'static str,
    pub label: &'static str,
    /// Where an act of this type goes when it names no procedure.
    pub parte: Parte,
}

macro_rules! act_types {
    ($(($id:literal, $label:literal, $parte:ident)),* $(,)?) => {
        /// Types of act a body publishes.
        pub const ACT_TYPES: &[ActType] = &[
            $(ActType { id: $id, label: $label, parte: Parte::$parte }),*
        ];
    };
}

act_types![
    ("determinazione", "Determinazione", Procedura),
    ("delibera", "Delibera", Procedura),
    ("decreto", "Decreto", Procedura),
    ("ordinanza", "Ordinanza", Procedura),
    ("provvedimento", "Provvedimento", Procedura),
    ("contratto", "Contratto", Procedura),
    ("lettera-di-impegno", "Lettera di impegno", Procedura),
    ("ordine", "Ordine di acquisto", Procedura),
    ("verbale", "Verbale", Procedura),
    ("avviso", "Avviso", Avvisi),
    ("bando", "Bando", Procedura),
    ("esito", "Esito di gara", Procedura),
    ("liquidazione", "Atto di liquidazione", Procedura),
    ("atto-generale", "Atto di carattere generale", AttiGenerali),
    ("programma-triennale", "Programma triennale", Programmazione),
    (
        "aggiornamento-programma",
        "Aggiornamento del programma triennale",
        Programmazione
    ),
    ("altro", "Altro atto", Procedura),
];

/// The closest id of `candidates` to a mistyped `value`, for "did you mean".
pub fn closest<'a>(value: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(value, c), c))
        .filter(|(score, _)| *score > 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

pub(crate) fn unknown_value(
    kind: &str,
    value: &str,
    ids: impl IntoIterator<Item = &'static str>,
) -> String {
    match closest(value, ids) {
        Some(guess) => format!("{kind} «{value}» sconosciuto: forse intendevi «{guess}»?"),
        None => format!("{kind} «{value}» sconosciuto: vedi docs/formato-atti.md per l'elenco"),
    }
}

/// A procedure type, as written in an act (`procedura = "affidamento-diretto"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TipoProcedura(pub &'static ProcedureType);

impl TipoProcedura {
    pub(crate) fn from_id(id: &str) -> Option<TipoProcedura> {
        PROCEDURE_TYPES
            .iter()
            .find(|p| p.id == id)
            .map(TipoProcedura)
    }

    /// Finds a procedure by its ANAC code (`"23"`, `"8"`).
    pub(crate) fn from_code(code: &str) -> Option<TipoProcedura> {
        let code = format!("{:0>2}", code.trim());
        PROCEDURE_TYPES
            .iter()
            .find(|p| p.code == code)
            .map(TipoProcedura)
    }
}

impl std::ops::Deref for TipoProcedura {
    type Target = ProcedureType;
    fn deref(&self) -> &ProcedureType {
        self.0
    }
}

impl Serialize for TipoProcedura {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0.id)
    }
}

impl<'de> Deserialize<'de> for TipoProcedura {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let id = String::deserialize(deserializer)?;
        TipoProcedura::from_id(&id).ok_or_else(|| {
            de::Error::custom(unknown_value(
                "tipo di procedura",
                &id,
                PROCEDURE_TYPES.iter().map(|p| p.id),
            ))
        })
    }
}

/// An act type (`tipo = "determinazione"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TipoAtto(pub &'static str);

impl TipoAtto {
    pub(crate) fn from_id(id: &str) -> Option<TipoAtto> {
        ACT_TYPES
            .iter()
            .find(|t| t.id == id)
            .map(|t| TipoAtto(t.id))
    }

    fn entry(self) -> Option<&'static ActType> {
        ACT_TYPES.iter().find(|t| t.id == self.0)
    }

    pub(crate) fn label(self) -> &'static str {
        self.entry().map_or(self.0, |t| t.label)
    }

    /// The part of «Bandi di gara e contratti» an act of this type is
    /// listed in, if any: `names_procedure` when the act has a lot (a CIG
    /// or an internal code). Such an act is told on its procedure's page,
    /// a notice too; general and programming acts keep their own part.
    pub(crate) fn parte(self, names_procedure: bool) -> Option<Parte> {
        match self.entry().map_or(Parte::Procedura, |t| t.parte) {
            Parte::Procedura => None,
            Parte::Avvisi if names_procedure => None,
            parte => Some(parte),
        }
    }
}

impl fmt::Display for TipoAtto {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl Serialize for TipoAtto {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for TipoAtto {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let id = String::deserialize(deserializer)?;
        TipoAtto::from_id(&id).ok_or_else(|| {
            de::Error::custom(unknown_value(
                "tipo di atto",
                &id,
                ACT_TYPES.iter().map(|t| t.id),
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_match_the_xsd_shape() {
        let mut codes: Vec<_> = PROCEDURE_TYPES.iter().map(|p| p.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), PROCEDURE_TYPES.len());
        let direct = TipoProcedura::from_id("affidamento-diretto").unwrap();
        assert_eq!(direct.l190_value(), "23-AFFIDAMENTO DIRETTO");
        assert_eq!(
            TipoProcedura::from_code("1").unwrap().id,
            "procedura-aperta"
        );
    }

    #[test]
    fn act_types_know_their_part() {
        let tipo = |id| TipoAtto::from_id(id).unwrap();
        assert_eq!(
            tipo("atto-generale").parte(false),
            Some(Parte::AttiGenerali)
        );
        assert_eq!(
            tipo("programma-triennale").parte(false),
            Some(Parte::Programmazione)
        );
        assert_eq!(
            tipo("aggiornamento-programma").parte(true),
            Some(Parte::Programmazione)
        );
        assert_eq!(tipo("avviso").parte(false), Some(Parte::Avvisi));
        // A notice with a CIG is its procedure's.
        assert_eq!(tipo("avviso").parte(true), None);
        assert_eq!(tipo("determinazione").parte(false), None);
        let mut ids: Vec<_> = ACT_TYPES.iter().map(|t| t.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), ACT_TYPES.len());
    }

    #[test]
    fn mistyped_ids_get_a_suggestion() {
        let err = unknown_value(
            "tipo di procedura",
            "afidamento-diretto",
            PROCEDURE_TYPES.iter().map(|p| p.id),
        );
        assert!(
            err.contains("forse intendevi «affidamento-diretto»"),
            "{err}"
        );
    }
}

/// How a supplier is identified, most reliable first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SupplierIdKind {
    PartitaIva,
    CodiceFiscale,
    PersonaFisica,
    IdEstero,
    #[default]
    Nome,
}

/// The role of a joint venture's member (`ruolo = "mandataria"`; `ruoloType` of L.190).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ruolo {
    Mandante,
    Mandataria,
    Associata,
    Capogruppo,
    Consorziata,
}

impl Ruolo {
    pub(crate) const ALL: [Ruolo; 5] = [
        Ruolo::Mandante,
        Ruolo::Mandataria,
        Ruolo::Associata,
        Ruolo::Capogruppo,
        Ruolo::Consorziata,
    ];

    /// Lowercase id used in act files (`ruolo = "mandataria"`).
    pub fn id(self) -> &'static str {
        match self {
            Ruolo::Mandante => "mandante",
            Ruolo::Mandataria => "mandataria",
            Ruolo::Associata => "associata",
            Ruolo::Capogruppo => "capogruppo",
            Ruolo::Consorziata => "consorziata",
        }
    }

    pub(crate) fn from_id(id: &str) -> Option<Ruolo> {
        let id = id.trim().to_lowercase();
        Ruolo::ALL.into_iter().find(|r| r.id() == id)
    }

    /// Whether this member leads the joint venture.
    pub(crate) fn leads(self) -> bool {
        matches!(self, Ruolo::Mandataria | Ruolo::Capogruppo)
    }
}
