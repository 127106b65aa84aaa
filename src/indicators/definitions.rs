//! Every indicator, defined once: the methodology page (`/dati/indicatori/`)
//! and `dati/indicatori.json` are generated from these words;
//! `docs/indicatori.md` says where the flags appear and how they read.

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
    /// The unit of a flag's `valore` and `soglia`.
    pub unita: Unita,
    /// What in the definition is vetro's own choice rather than the law's or
    /// the literature's, and why; shown on the methodology page.
    pub scelta: Option<&'static str>,
}

/// What a flag's figure measures, and so how it reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unita {
    /// A count (offers received).
    Numero,
    /// A share between 0 and 1, shown as a percentage.
    Quota,
    /// An amount in euro.
    Euro,
    /// The Herfindahl-Hirschman index, 0–10,000.
    Indice,
    /// A ratio of two amounts (paid / awarded).
    Rapporto,
}

impl Unita {
    /// A figure of this unit in Italian: `45,7%`, `€ 1.234,50`, `1,25`.
    pub fn text(self, value: rust_decimal::Decimal) -> String {
        match self {
            Unita::Numero | Unita::Indice => {
                crate::format::count(u64::try_from(value.round()).unwrap_or_default())
            }
            Unita::Quota => super::percent(value),
            Unita::Euro => super::euro(value),
            Unita::Rapporto => value.round_dp(2).normalize().to_string().replace('.', ","),
        }
    }
}

pub static DEFINITIONS: &[Definition] = &[
    Definition {
        codice: "IND-01",
        unita: Unita::Numero,
        titolo: "Offerta unica in una procedura competitiva",
        formula: "La procedura è aperta, ristretta o comunque competitiva (metodo OCDS «open» o «selective») e le offerte ricevute sono una sola.",
        base: "Fazekas, Tóth e King, «An Objective Corruption Risk Index Using Public Procurement Data» (2016): «single bidder»",
        soglia: "offerte ricevute = 1",
        minimo: 1,
        denominatore: "le procedure competitive con il numero di offerte indicato",
        equivalente: Some("R018 (Cardinal); INTEGRITY_SINGLE_BID (DIGIWHIST)"),
        scelta: None,
    },
    Definition {
        codice: "IND-02",
        unita: Unita::Quota,
        titolo: "Quota di procedure non competitive",
        formula: "Importo aggiudicato degli affidamenti diretti (escluse le adesioni ad accordi quadro e convenzioni) e delle procedure negoziate senza bando, diviso l'importo aggiudicato di tutte le procedure del gruppo; si calcola per ente, per fornitore e per divisione CPV di un ente. Il conteggio per numero è nella nota.",
        base: "D.Lgs. 36/2023, art. 50 (affidamenti sotto soglia) e art. 76 (procedura negoziata senza bando); DIGIWHIST, indicatore «procedure type»",
        soglia: "oltre il 50% dell'importo",
        minimo: 10,
        denominatore: "le procedure del gruppo con tipo di procedura e importo aggiudicato indicati",
        equivalente: Some("INTEGRITY_PROCEDURE_TYPE (DIGIWHIST)"),
        scelta: Some(
            "La soglia del 50% è una scelta di vetro: la maggioranza dell'importo affidata senza confronto competitivo. La legge non fissa una quota massima e DIGIWHIST pubblica la quota senza soglia; il minimo di 10 procedure evita di segnalare gruppi troppo piccoli per una quota.",
        ),
    },
    Definition {
        codice: "IND-03",
        unita: Unita::Euro,
        titolo: "Rotazione: affidamento consecutivo allo stesso fornitore",
        formula: "Due affidamenti consecutivi dello stesso ente nello stesso gruppo CPV (prime tre cifre) allo stesso fornitore, il secondo un affidamento diretto o una procedura negoziata. Non si segnala sotto 5.000 € (art. 49, c. 6; prima del 1/7/2023 sotto 1.000 €, Linee guida ANAC n. 4). Quando l'atto cita l'art. 49, c. 4 (deroga motivata) o c. 5 (indagine di mercato aperta) l'esito è «deroga motivata nell'atto»; è segnalato così anche l'atto che dichiara di riaffidare al contraente uscente quando l'affidamento precedente non è nel catalogo.",
        base: "D.Lgs. 36/2023, art. 49 (dal 1/7/2023); prima, art. 36, c. 1, D.Lgs. 50/2016 e Linee guida ANAC n. 4, par. 3.6",
        soglia: "stesso fornitore in due affidamenti consecutivi del gruppo CPV, da 5.000 € in su",
        minimo: 2,
        denominatore: "gli affidamenti datati dell'ente nel gruppo CPV",
        equivalente: None,
        scelta: Some(
            "Il «settore merceologico» dell'art. 49, c. 2 è approssimato con il gruppo CPV (prime tre cifre del primo codice CPV): è una scelta di vetro, perché la legge non lo lega al vocabolario CPV; la divisione (due cifre) unirebbe mercati diversi, la classe (quattro) li dividerebbe troppo.",
        ),
    },
    Definition {
        codice: "IND-04",
        unita: Unita::Euro,
        titolo: "Frazionamento: affidamenti diretti ravvicinati allo stesso fornitore",
        formula: "Affidamenti diretti dello stesso ente allo stesso fornitore nello stesso gruppo CPV, entro 12 mesi (365 giorni) dal primo all'ultimo, ciascuno sotto la soglia dell'affidamento diretto in vigore alla sua data, insieme pari o oltre la soglia in vigore alla data dell'ultimo.",
        base: "D.Lgs. 36/2023, art. 14, c. 6 (divieto di frazionamento) e art. 50, c. 1; prima, art. 35, c. 6, D.Lgs. 50/2016",
        soglia: "somma degli importi ≥ soglia dell'affidamento diretto",
        minimo: 2,
        denominatore: "gli affidamenti diretti nella finestra di 12 mesi",
        equivalente: None,
        scelta: Some(
            "Come per la rotazione, lo stesso oggetto è approssimato con il gruppo CPV (prime tre cifre): scelta di vetro. La finestra di 12 mesi è anch'essa una scelta di vetro, pari a un esercizio di programmazione.",
        ),
    },
    Definition {
        codice: "IND-05",
        unita: Unita::Quota,
        titolo: "Addensamento appena sotto la soglia",
        formula: "Per ogni affidamento diretto di un ente si prende la fascia del suo importo rispetto alla soglia in vigore alla sua data: la fascia appena sotto (larga 5.000 € per soglie fino a 100.000 €, 10.000 € oltre: 35–40 mila € con la soglia di 40.000 €, 130–140 mila € con quella di 140.000 €) e le due fasce sotto di essa. Se gli importi fossero distribuiti in modo uniforme, ogni fascia ne conterrebbe un terzo: si calcola la probabilità binomiale di trovarne tanti o più nella fascia appena sotto (test a una coda).",
        base: "Letteratura sul «bunching» sotto soglia (es. Palguta e Pertold, American Economic Journal: Economic Policy, 2017); soglie dell'art. 50 D.Lgs. 36/2023 e delle norme precedenti",
        soglia: "più di un terzo degli affidamenti nella fascia appena sotto e probabilità binomiale ≤ 0,05",
        minimo: 15,
        denominatore: "gli affidamenti diretti dell'ente nelle tre fasce",
        equivalente: None,
        scelta: Some(
            "Le larghezze delle fasce (5.000 € fino a soglie di 100.000 €, 10.000 € oltre) sono una scelta di vetro: abbastanza strette da cogliere l'addensamento appena sotto la soglia, abbastanza larghe da contenere più affidamenti; il confronto con le due fasce sotto e il test binomiale al 5% seguono l'impostazione della letteratura sul «bunching».",
        ),
    },
    Definition {
        codice: "IND-06",
        unita: Unita::Quota,
        titolo: "Concentrazione: quota del primo fornitore",
        formula: "Importo attribuito al primo fornitore diviso l'importo attribuito a tutti i fornitori dell'ente nella stessa divisione CPV (prime due cifre).",
        base: "DIGIWHIST, indicatore «winner's share»",
        soglia: "50% o più",
        minimo: 5,
        denominatore: "le procedure dell'ente nella divisione CPV con importo attribuito ai vincitori",
        equivalente: Some("INTEGRITY_WINNER_SHARE (DIGIWHIST)"),
        scelta: Some(
            "La soglia del 50% è una scelta di vetro: un solo fornitore con la maggioranza dell'importo della divisione CPV. DIGIWHIST pubblica la quota senza una soglia fissa.",
        ),
    },
    Definition {
        codice: "IND-07",
        unita: Unita::Indice,
        titolo: "Concentrazione: indice di Herfindahl-Hirschman",
        formula: "Somma dei quadrati delle quote (in punti percentuali) dei fornitori nell'importo attribuito dell'ente nella stessa divisione CPV: da quasi 0 (molti fornitori) a 10.000 (uno solo).",
        base: "Indice di Herfindahl-Hirschman; 2.500 è il limite di «mercato molto concentrato» delle Horizontal Merger Guidelines (U.S. DoJ/FTC, 2010)",
        soglia: "2.500 o più",
        minimo: 5,
        denominatore: "le procedure dell'ente nella divisione CPV con importo attribuito ai vincitori",
        equivalente: None,
        scelta: None,
    },
    Definition {
        codice: "IND-08",
        unita: Unita::Rapporto,
        titolo: "Pagato oltre l'aggiudicato",
        formula: "Somma delle liquidazioni della procedura diviso l'importo aggiudicato, sulla stessa base IVA: le liquidazioni al netto si confrontano con l'importo netto, quelle IVA compresa con l'importo totale. Non si calcola se le liquidazioni mescolano le due basi.",
        base: "DIGIWHIST, indicatore «cost overrun»; D.Lgs. 36/2023, art. 120 (modifiche del contratto, c. 9: quinto d'obbligo)",
        soglia: "pagato oltre l'aggiudicato (rapporto > 1); fino a 1,2 può essere il quinto d'obbligo",
        minimo: 1,
        denominatore: "le procedure con importo e liquidazioni sulla stessa base IVA",
        equivalente: Some("INTEGRITY_COST_OVERRUN (DIGIWHIST)"),
        scelta: None,
    },
    Definition {
        codice: "IND-09",
        unita: Unita::Rapporto,
        titolo: "Aggiudicato molto oltre l'importo a base",
        formula: "Importo aggiudicato diviso l'importo a base della procedura.",
        base: "Un'offerta si esprime di norma come ribasso sull'importo a base (D.Lgs. 36/2023, art. 108); un aggiudicato molto più alto chiede di leggere l'atto",
        soglia: "oltre 1,2 volte la base",
        minimo: 1,
        denominatore: "le procedure con importo a base e aggiudicato",
        equivalente: None,
        scelta: Some(
            "Il fattore 1,2 è una scelta di vetro, presa dal quinto d'obbligo (art. 120, c. 9, D.Lgs. 36/2023: la stazione appaltante può imporre aumenti fino a un quinto dell'importo del contratto): oltre quel margine lo scostamento dalla base chiede una spiegazione negli atti.",
        ),
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
