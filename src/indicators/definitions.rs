//! Every indicator, defined once: the methodology page, the open data and
//! `docs/indicatori.md` state these same words.

use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Definition {
    /// Stable code, e.g. `IND-01`.
    pub codice: &'static str,
    pub titolo: &'static str,
    /// What is computed, in plain Italian.
    pub formula: &'static str,
    /// The rule of law or the literature the indicator rests on.
    pub base: &'static str,
    /// When a figure is flagged.
    pub soglia: &'static str,
    /// Below this many procedures in the denominator it is not computed.
    pub minimo: usize,
    /// What the figure is counted on.
    pub denominatore: &'static str,
    /// The same indicator in Cardinal (OCP) or DIGIWHIST (opentender.eu).
    pub equivalente: Option<&'static str>,
}

pub static DEFINITIONS: &[Definition] = &[
    Definition {
        codice: "IND-01",
        titolo: "Offerta unica in una procedura competitiva",
        formula: "La procedura è aperta, ristretta o comunque competitiva (metodo OCDS «open» o «selective») e le offerte ricevute sono una sola.",
        base: "Fazekas, Tóth e King, «An Objective Corruption Risk Index Using Public Procurement Data» (2016): «single bidder»",
        soglia: "offerte ricevute = 1",
        minimo: 1,
        denominatore: "le procedure competitive con il numero di offerte indicato",
        equivalente: Some("R018 (Cardinal); INTEGRITY_SINGLE_BID (DIGIWHIST)"),
    },
    Definition {
        codice: "IND-02",
        titolo: "Quota di procedure non competitive",
        formula: "Importo aggiudicato degli affidamenti diretti (escluse le adesioni ad accordi quadro e convenzioni) e delle procedure negoziate senza bando, diviso l'importo aggiudicato di tutte le procedure del gruppo; si calcola per ente, per fornitore e per divisione CPV di un ente. Il conteggio per numero è nella nota.",
        base: "D.Lgs. 36/2023, art. 50 (affidamenti sotto soglia) e art. 76 (procedura negoziata senza bando); DIGIWHIST, indicatore «procedure type»",
        soglia: "oltre il 50% dell'importo",
        minimo: 10,
        denominatore: "le procedure del gruppo con tipo di procedura e importo aggiudicato indicati",
        equivalente: Some("INTEGRITY_PROCEDURE_TYPE (DIGIWHIST)"),
    },
    Definition {
        codice: "IND-03",
        titolo: "Rotazione: affidamento consecutivo allo stesso fornitore",
        formula: "Due affidamenti consecutivi dello stesso ente nello stesso gruppo CPV (prime tre cifre) allo stesso fornitore, il secondo un affidamento diretto o una procedura negoziata. Non si segnala sotto 5.000 € (art. 49, c. 6; prima del 1/7/2023 sotto 1.000 €, Linee guida ANAC n. 4). Quando l'atto cita l'art. 49, c. 4 (deroga motivata) o c. 5 (indagine di mercato aperta) l'esito è «deroga motivata nell'atto»; è segnalato così anche l'atto che dichiara di riaffidare al contraente uscente quando l'affidamento precedente non è nel catalogo.",
        base: "D.Lgs. 36/2023, art. 49 (dal 1/7/2023); prima, art. 36, c. 1, D.Lgs. 50/2016 e Linee guida ANAC n. 4, par. 3.6",
        soglia: "stesso fornitore in due affidamenti consecutivi del gruppo CPV, da 5.000 € in su",
        minimo: 2,
        denominatore: "gli affidamenti datati dell'ente nel gruppo CPV",
        equivalente: None,
    },
    Definition {
        codice: "IND-04",
        titolo: "Frazionamento: affidamenti diretti ravvicinati allo stesso fornitore",
        formula: "Affidamenti diretti dello stesso ente allo stesso fornitore nello stesso gruppo CPV, entro 12 mesi (365 giorni) dal primo all'ultimo, ciascuno sotto la soglia dell'affidamento diretto in vigore alla sua data, insieme pari o oltre la soglia in vigore alla data dell'ultimo.",
        base: "D.Lgs. 36/2023, art. 14, c. 6 (divieto di frazionamento) e art. 50, c. 1; prima, art. 35, c. 6, D.Lgs. 50/2016",
        soglia: "somma degli importi ≥ soglia dell'affidamento diretto",
        minimo: 2,
        denominatore: "gli affidamenti diretti nella finestra di 12 mesi",
        equivalente: None,
    },
    Definition {
        codice: "IND-05",
        titolo: "Addensamento appena sotto la soglia",
        formula: "Per ogni affidamento diretto di un ente si prende la fascia del suo importo rispetto alla soglia in vigore alla sua data: la fascia appena sotto (larga 5.000 € per soglie fino a 100.000 €, 10.000 € oltre: 35–40 mila € con la soglia di 40.000 €, 130–140 mila € con quella di 140.000 €) e le due fasce sotto di essa. Se gli importi fossero distribuiti in modo uniforme, ogni fascia ne conterrebbe un terzo: si calcola la probabilità binomiale di trovarne tanti o più nella fascia appena sotto (test a una coda).",
        base: "Letteratura sul «bunching» sotto soglia (es. Palguta e Pertold, American Economic Journal: Economic Policy, 2017); soglie dell'art. 50 D.Lgs. 36/2023 e delle norme precedenti",
        soglia: "più di un terzo degli affidamenti nella fascia appena sotto e probabilità binomiale ≤ 0,05",
        minimo: 15,
        denominatore: "gli affidamenti diretti dell'ente nelle tre fasce",
        equivalente: None,
    },
    Definition {
        codice: "IND-06",
        titolo: "Concentrazione: quota del primo fornitore",
        formula: "Importo attribuito al primo fornitore diviso l'importo attribuito a tutti i fornitori dell'ente nella stessa divisione CPV (prime due cifre).",
        base: "DIGIWHIST, indicatore «winner's share»",
        soglia: "50% o più",
        minimo: 5,
        denominatore: "le procedure dell'ente nella divisione CPV con importo attribuito ai vincitori",
        equivalente: Some("INTEGRITY_WINNER_SHARE (DIGIWHIST)"),
    },
    Definition {
        codice: "IND-07",
        titolo: "Concentrazione: indice di Herfindahl-Hirschman",
        formula: "Somma dei quadrati delle quote (in punti percentuali) dei fornitori nell'importo attribuito dell'ente nella stessa divisione CPV: da quasi 0 (molti fornitori) a 10.000 (uno solo).",
        base: "Indice di Herfindahl-Hirschman; 2.500 è il limite di «mercato molto concentrato» delle Horizontal Merger Guidelines (U.S. DoJ/FTC, 2010)",
        soglia: "2.500 o più",
        minimo: 5,
        denominatore: "le procedure dell'ente nella divisione CPV con importo attribuito ai vincitori",
        equivalente: None,
    },
    Definition {
        codice: "IND-08",
        titolo: "Pagato oltre l'aggiudicato",
        formula: "Somma delle liquidazioni della procedura diviso l'importo aggiudicato, sulla stessa base IVA: le liquidazioni al netto si confrontano con l'importo netto, quelle IVA compresa con l'importo totale. Non si calcola se le liquidazioni mescolano le due basi.",
        base: "DIGIWHIST, indicatore «cost overrun»; D.Lgs. 36/2023, art. 120 (modifiche del contratto, c. 9: quinto d'obbligo)",
        soglia: "pagato oltre l'aggiudicato (rapporto > 1); fino a 1,2 può essere il quinto d'obbligo",
        minimo: 1,
        denominatore: "le procedure con importo e liquidazioni sulla stessa base IVA",
        equivalente: Some("INTEGRITY_COST_OVERRUN (DIGIWHIST)"),
    },
    Definition {
        codice: "IND-09",
        titolo: "Aggiudicato molto oltre l'importo a base",
        formula: "Importo aggiudicato diviso l'importo a base della procedura.",
        base: "Un'offerta si esprime di norma come ribasso sull'importo a base (D.Lgs. 36/2023, art. 108); un aggiudicato molto più alto chiede di leggere l'atto",
        soglia: "oltre 1,2 volte la base",
        minimo: 1,
        denominatore: "le procedure con importo a base e aggiudicato",
        equivalente: None,
    },
];

/// The definition of a code of `DEFINITIONS`.
pub(crate) fn of(codice: &str) -> &'static Definition {
    DEFINITIONS
        .iter()
        .find(|d| d.codice == codice)
        .unwrap_or(&DEFINITIONS[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_in_order() {
        let codes: Vec<&str> = DEFINITIONS.iter().map(|d| d.codice).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(codes, sorted);
    }
}
