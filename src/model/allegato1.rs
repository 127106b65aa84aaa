//! The documents of Allegato 1 of ANAC delibera n. 264 of 20 June 2023, as
//! amended by delibera n. 601 of 19 December 2023: what a body publishes in
//! "Bandi di gara e contratti" besides the BDNCP link, grouped by phase as
//! the Allegato groups them. Each item cites the basis the Allegato gives;
//! `docs/documenti.md` lists them for clerks. An act or an attachment names
//! its item with `documento = "<id>"`.

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

/// The phase of a procedure a document belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fase {
    Pubblicazione,
    Affidamento,
    Esecuzione,
    Sponsorizzazioni,
    SommaUrgenza,
    FinanzaDiProgetto,
}

impl Fase {
    pub fn label(self) -> &'static str {
        match self {
            Fase::Pubblicazione => "Fase di pubblicazione",
            Fase::Affidamento => "Fase di affidamento",
            Fase::Esecuzione => "Fase di esecuzione",
            Fase::Sponsorizzazioni => "Sponsorizzazioni",
            Fase::SommaUrgenza => "Procedure di somma urgenza e di protezione civile",
            Fase::FinanzaDiProgetto => "Finanza di progetto",
        }
    }
}

/// One item of Allegato 1.
#[derive(Debug, PartialEq, Eq)]
pub struct Documento {
    /// The value written in act files, e.g. `commissione-giudicatrice`.
    pub id: &'static str,
    pub titolo: &'static str,
    pub fase: Fase,
    /// The legal basis as the Allegato cites it.
    pub norma: &'static str,
    /// When the item is due.
    pub quando: &'static str,
}

macro_rules! documenti {
    ($(($id:literal, $fase:ident, $titolo:literal, $norma:literal, $quando:literal)),* $(,)?) => {
        /// The closed list, in the Allegato's order.
        pub const DOCUMENTI: &[Documento] = &[
            $(Documento { id: $id, fase: Fase::$fase, titolo: $titolo, norma: $norma, quando: $quando }),*
        ];
    };
}

documenti![
    (
        "dibattito-pubblico",
        Pubblicazione,
        "Dibattito pubblico: relazione sul progetto dell'opera, relazione conclusiva, documento conclusivo",
        "art. 40, c. 3 e 5, D.Lgs. 36/2023; allegato I.6, artt. 5 e 7",
        "opere sottoposte a dibattito pubblico, obbligatorio o facoltativo"
    ),
    (
        "delibera-a-contrarre",
        Pubblicazione,
        "Delibera o determina a contrarre (o atto equivalente)",
        "art. 82 e art. 85, c. 4, D.Lgs. 36/2023; la decisione di contrarre è quella dell'art. 17, c. 1 e 2",
        "ogni procedura: l'atto che decide di contrarre (per l'affidamento diretto, l'atto che affida)"
    ),
    (
        "bando",
        Pubblicazione,
        "Bando, avviso di gara o lettera di invito",
        "art. 82 e art. 85, c. 4, D.Lgs. 36/2023",
        "procedure con bando, avviso o invito"
    ),
    (
        "disciplinare",
        Pubblicazione,
        "Disciplinare di gara",
        "art. 82 e art. 85, c. 4, D.Lgs. 36/2023",
        "procedure con documenti di gara"
    ),
    (
        "capitolato",
        Pubblicazione,
        "Capitolato speciale",
        "art. 82 e art. 85, c. 4, D.Lgs. 36/2023",
        "procedure con documenti di gara"
    ),
    (
        "condizioni-contrattuali",
        Pubblicazione,
        "Condizioni contrattuali proposte",
        "art. 82 e art. 85, c. 4, D.Lgs. 36/2023",
        "procedure con documenti di gara"
    ),
    (
        "commissione-giudicatrice",
        Affidamento,
        "Composizione della commissione giudicatrice",
        "art. 28, c. 2, D.Lgs. 36/2023; la commissione è quella dell'art. 93",
        "criterio dell'offerta economicamente più vantaggiosa"
    ),
    (
        "cv-commissione",
        Affidamento,
        "Curricula dei componenti della commissione giudicatrice",
        "art. 28, c. 2, D.Lgs. 36/2023; la commissione è quella dell'art. 93",
        "criterio dell'offerta economicamente più vantaggiosa"
    ),
    (
        "rapporto-personale",
        Affidamento,
        "Rapporto sulla situazione del personale maschile e femminile dell'operatore",
        "art. 47, c. 2 e 9, D.L. 77/2021 (L. 108/2021); art. 46 D.Lgs. 198/2006; D.P.C.M. 20 giugno 2023",
        "contratti PNRR, PNC e riservati; operatori con oltre 50 dipendenti; dopo l'avviso sull'esito della procedura"
    ),
    (
        "spl-istituzione",
        Affidamento,
        "Deliberazione di istituzione del servizio pubblico locale",
        "art. 10, c. 5, D.Lgs. 201/2022",
        "servizi pubblici locali di rilevanza economica"
    ),
    (
        "spl-relazione-scelta",
        Affidamento,
        "Relazione sulla scelta della modalità di gestione",
        "art. 14, c. 3, D.Lgs. 201/2022",
        "servizi pubblici locali di rilevanza economica"
    ),
    (
        "spl-affidamento-in-house",
        Affidamento,
        "Deliberazione di affidamento a società in house",
        "art. 17, c. 2, D.Lgs. 201/2022",
        "servizi pubblici locali sopra soglia affidati in house"
    ),
    (
        "spl-contratto-di-servizio",
        Affidamento,
        "Contratto di servizio",
        "artt. 24 e 31, c. 2, D.Lgs. 201/2022",
        "servizi pubblici locali di rilevanza economica"
    ),
    (
        "spl-relazione-periodica",
        Esecuzione,
        "Relazione periodica sulla situazione gestionale",
        "art. 30, c. 2, D.Lgs. 201/2022",
        "servizi pubblici locali di rilevanza economica"
    ),
    (
        "collegio-consultivo-tecnico",
        Esecuzione,
        "Composizione del collegio consultivo tecnico (nominativi) e curricula dei componenti",
        "art. 215 e ss. e allegato V.2, D.Lgs. 36/2023",
        "contratti per cui il collegio è costituito"
    ),
    (
        "relazione-di-genere",
        Esecuzione,
        "Relazione di genere sulla situazione del personale",
        "art. 47, c. 3 e 9, D.L. 77/2021 (L. 108/2021); D.P.C.M. 20 giugno 2023",
        "contratti PNRR, PNC e riservati; operatori con almeno 15 dipendenti, entro sei mesi dalla conclusione"
    ),
    (
        "certificazione-disabili",
        Esecuzione,
        "Certificazione e relazione sugli obblighi della L. 68/1999",
        "art. 47, c. 3-bis e 9, D.L. 77/2021 (L. 108/2021); art. 17 L. 68/1999",
        "contratti PNRR, PNC e riservati; operatori con almeno 15 dipendenti, entro sei mesi dalla conclusione"
    ),
    (
        "avviso-sponsorizzazione",
        Sponsorizzazioni,
        "Avviso di ricerca di sponsor o di proposta di sponsorizzazione ricevuta",
        "art. 134, c. 4, D.Lgs. 36/2023",
        "sponsorizzazioni di importo superiore a 40.000 euro"
    ),
    (
        "somma-urgenza-verbale",
        SommaUrgenza,
        "Verbale di somma urgenza e provvedimento di affidamento",
        "art. 140, D.Lgs. 36/2023; comunicato del Presidente ANAC del 19/9/2023",
        "affidamenti di somma urgenza, di qualunque importo"
    ),
    (
        "somma-urgenza-perizia",
        SommaUrgenza,
        "Perizia giustificativa",
        "art. 140, D.Lgs. 36/2023",
        "affidamenti di somma urgenza, di qualunque importo"
    ),
    (
        "somma-urgenza-prezzi",
        SommaUrgenza,
        "Elenco prezzi unitari",
        "art. 140, D.Lgs. 36/2023",
        "affidamenti di somma urgenza, di qualunque importo"
    ),
    (
        "somma-urgenza-consegna",
        SommaUrgenza,
        "Verbale di consegna dei lavori o di avvio dell'esecuzione",
        "art. 140, D.Lgs. 36/2023",
        "affidamenti di somma urgenza, di qualunque importo"
    ),
    (
        "somma-urgenza-contratto",
        SommaUrgenza,
        "Contratto, ove stipulato",
        "art. 140, D.Lgs. 36/2023",
        "affidamenti di somma urgenza, di qualunque importo"
    ),
    (
        "finanza-di-progetto-esito",
        FinanzaDiProgetto,
        "Provvedimento conclusivo della valutazione della proposta del promotore (concessione di lavori o servizi)",
        "art. 193, D.Lgs. 36/2023",
        "proposte di finanza di progetto"
    ),
];

/// An Allegato 1 item, as written in an act (`documento = "bando"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TipoDocumento(pub &'static Documento);

impl TipoDocumento {
    pub(crate) fn from_id(id: &str) -> Option<TipoDocumento> {
        DOCUMENTI.iter().find(|d| d.id == id).map(TipoDocumento)
    }
}

impl std::ops::Deref for TipoDocumento {
    type Target = Documento;
    fn deref(&self) -> &Documento {
        self.0
    }
}

impl Serialize for TipoDocumento {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0.id)
    }
}

impl<'de> Deserialize<'de> for TipoDocumento {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let id = String::deserialize(deserializer)?;
        TipoDocumento::from_id(&id).ok_or_else(|| {
            de::Error::custom(super::vocab::unknown_value(
                "documento",
                &id,
                DOCUMENTI.iter().map(|d| d.id),
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_cited() {
        let mut ids: Vec<_> = DOCUMENTI.iter().map(|d| d.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), DOCUMENTI.len());
        for d in DOCUMENTI {
            assert!(
                d.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                d.id
            );
            assert!(!d.norma.is_empty() && !d.fase.label().is_empty());
        }
    }

    #[test]
    fn every_item_is_documented() {
        let doc =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/documenti.md"))
                .unwrap();
        for d in DOCUMENTI {
            assert!(
                doc.contains(&format!("`{}`", d.id)),
                "docs/documenti.md: `{}`",
                d.id
            );
        }
    }

    #[test]
    fn a_mistyped_id_gets_a_suggestion() {
        let err = toml::from_str::<std::collections::BTreeMap<String, TipoDocumento>>(
            "documento = \"commissione-giudicatrici\"",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("forse intendevi «commissione-giudicatrice»"),
            "{err}"
        );
    }
}
