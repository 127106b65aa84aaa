//! The data-quality report: every finding of the catalog (`segnalazioni` of
//! procedures, suppliers and acts: stored by the importer, computed by the
//! catalog, or made by the privacy pass), per body and rule, with the page
//! it concerns. `/dati/qualita/`, `dati/qualita.json`, the `qualita` table
//! and each body's page are views of it; `docs/qualita.md` explains every
//! rule.

use super::{ActEntry, Catalog, Procedure, Supplier};
use crate::model::{Regola, Segnalazione};
use crate::route::{Route, Section, Urls};
use serde::Serialize;
use std::collections::BTreeMap;

/// One finding as the report lists it: what it concerns and where.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub ente: String,
    pub regola: Regola,
    /// What the finding concerns: `procedura`, `fornitore`, `atto` or `ente`.
    pub scheda: &'static str,
    /// The procedure's key, the supplier's id or the act's id.
    pub chiave: String,
    /// Position of the finding among those of its page (from 1).
    pub posizione: usize,
    pub titolo: String,
    pub url: String,
    /// The year of the procedure or act; none for a supplier.
    pub anno: Option<i32>,
    pub campo: Option<String>,
    pub valore: Option<String>,
    pub nota: Option<String>,
}

/// The findings of one rule in one body.
#[derive(Clone, Debug, Serialize)]
pub struct RuleFindings {
    pub regola: Regola,
    pub titolo: &'static str,
    /// How many findings, and on how many pages.
    pub segnalazioni: usize,
    pub schede: usize,
    pub voci: Vec<Finding>,
}

/// A body's part of the report.
#[derive(Clone, Debug, Serialize)]
pub struct BodyQuality {
    pub ente: String,
    pub nome: String,
    /// The body's page.
    pub url: String,
    /// The body's section of the report page.
    pub ancora: String,
    pub totale: usize,
    pub regole: Vec<RuleFindings>,
}

/// Every body of the site, with or without findings, in the catalog's order.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Quality {
    pub enti: Vec<BodyQuality>,
}

impl Quality {
    pub(crate) fn body(&self, ente: &str) -> Option<&BodyQuality> {
        self.enti.iter().find(|b| b.ente == ente)
    }

    /// Every finding, body by body and rule by rule.
    pub(crate) fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.enti
            .iter()
            .flat_map(|b| b.regole.iter().flat_map(|r| &r.voci))
    }
}

/// The report page's address.
pub(crate) fn report_href(urls: &Urls) -> String {
    urls.href(&Route::Item(Section::Dati, "qualita"))
}

/// The id of a body's section on the report page.
pub(crate) fn anchor(ente: &str) -> String {
    format!("ente-{}", crate::safe_name::name(ente))
}

pub fn build(c: &Catalog) -> Quality {
    let mut by_body: BTreeMap<&str, Vec<Finding>> = BTreeMap::new();
    for p in &c.procedures {
        let page = Page::procedure(p);
        by_body
            .entry(&p.ente)
            .or_default()
            .extend(page.findings(&p.ente, &p.segnalazioni));
    }
    for a in &c.acts {
        let page = Page::act(a);
        by_body
            .entry(&a.header.ente)
            .or_default()
            .extend(page.findings(&a.header.ente, &a.segnalazioni));
    }
    for s in c.suppliers.iter().filter(|s| !s.segnalazioni.is_empty()) {
        // A supplier's doubt concerns every body that deals with it.
        let mut enti: Vec<&str> = s.lotti.iter().map(|l| l.ente.as_str()).collect();
        enti.sort_unstable();
        enti.dedup();
        let page = Page::supplier(s);
        for ente in enti {
            by_body
                .entry(ente)
                .or_default()
                .extend(page.findings(ente, &s.segnalazioni));
        }
    }
    let report = report_href(&c.urls);
    let enti = c
        .enti
        .iter()
        .map(|(e, g)| {
            let mut findings = by_body.remove(e.id.as_str()).unwrap_or_default();
            findings.extend(body_findings(e, &g.url));
            BodyQuality {
                ente: e.id.clone(),
                nome: e.data.denominazione.clone(),
                url: g.url.clone(),
                ancora: format!("{report}#{}", anchor(&e.id)),
                totale: findings.len(),
                regole: by_rule(findings),
            }
        })
        .collect();
    Quality { enti }
}

/// The report's own checks of a body's file: a name that looks like an
/// office's (the W221 of `vetro check`), which every page of the body shows.
fn body_findings(e: &crate::model::Ente, url: &str) -> Option<Finding> {
    let name = e.data.denominazione.trim();
    crate::check::looks_like_office(name).then(|| Finding {
        ente: e.id.clone(),
        regola: Regola::EnteNomeUfficio,
        scheda: "ente",
        chiave: e.id.clone(),
        posizione: 1,
        titolo: name.to_string(),
        url: url.to_string(),
        anno: None,
        campo: Some("denominazione".into()),
        valore: Some(name.to_string()),
        nota: Some(format!(
            "nome tenuto com'è: scrivi il nome dell'ente in content/enti/{}.toml (l'ufficio di ogni procedura è nella sua scheda)",
            crate::safe_name::name(&e.id)
        )),
    })
}

/// What a finding links to.
struct Page<'a> {
    scheda: &'static str,
    chiave: &'a str,
    titolo: String,
    url: &'a str,
    anno: Option<i32>,
}

impl<'a> Page<'a> {
    fn procedure(p: &'a Procedure) -> Page<'a> {
        let titolo = match &p.cig {
            Some(cig) => format!("CIG {cig}"),
            None => format!("Procedura {}", p.codice.as_deref().unwrap_or(&p.key)),
        };
        Page {
            scheda: "procedura",
            chiave: &p.key,
            titolo,
            url: &p.url,
            anno: Some(p.anno),
        }
    }

    fn act(a: &'a ActEntry) -> Page<'a> {
        let h = &a.header;
        let numero = h
            .numero
            .as_deref()
            .map_or(String::new(), |n| format!(" n. {n}"));
        Page {
            scheda: "atto",
            chiave: a.id.as_str(),
            titolo: format!("{}{numero} del {}", h.tipo.label(), h.data.italian()),
            url: &a.url,
            anno: Some(h.data.year()),
        }
    }

    fn supplier(s: &'a Supplier) -> Page<'a> {
        Page {
            scheda: "fornitore",
            chiave: &s.id,
            titolo: s.denominazione.clone(),
            url: &s.url,
            anno: None,
        }
    }

    fn findings<'s>(
        &'s self,
        ente: &'s str,
        list: &'s [Segnalazione],
    ) -> impl Iterator<Item = Finding> + 's {
        list.iter().enumerate().map(move |(i, s)| Finding {
            ente: ente.to_string(),
            regola: s.regola,
            scheda: self.scheda,
            chiave: self.chiave.to_string(),
            posizione: i + 1,
            titolo: self.titolo.clone(),
            url: self.url.to_string(),
            anno: self.anno,
            campo: s.campo.clone(),
            valore: s.valore.clone(),
            nota: s.nota.clone(),
        })
    }
}

/// Findings grouped by rule (in the order `Regola` declares them), each
/// group in page order.
fn by_rule(findings: Vec<Finding>) -> Vec<RuleFindings> {
    let mut groups: BTreeMap<Regola, Vec<Finding>> = BTreeMap::new();
    for f in findings {
        groups.entry(f.regola).or_default().push(f);
    }
    groups
        .into_iter()
        .map(|(regola, mut voci)| {
            voci.sort_by(|a, b| {
                (a.scheda, &a.chiave, a.posizione).cmp(&(b.scheda, &b.chiave, b.posizione))
            });
            let mut pages: Vec<(&str, &str)> =
                voci.iter().map(|f| (f.scheda, f.chiave.as_str())).collect();
            pages.dedup();
            RuleFindings {
                regola,
                titolo: title(regola),
                segnalazioni: voci.len(),
                schede: pages.len(),
                voci,
            }
        })
        .collect()
}

/// The rule's kebab-case name, as files and `docs/qualita.md` spell it.
pub(crate) fn rule_name(regola: Regola) -> String {
    serde_json::to_value(regola)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

/// The rule as a reader of the portal reads it.
pub(crate) fn title(regola: Regola) -> &'static str {
    match regola {
        Regola::CigSegnaposto => "CIG segnaposto",
        Regola::CigNonValido => "CIG di formato non valido",
        Regola::CigControllo => "CIG con carattere di controllo errato",
        Regola::CigCondiviso => "CIG indicato da più enti",
        Regola::IdFornitoreNonValido => "Identificativo del fornitore non valido",
        Regola::IdFornitoreDalNome => "Identificativo del fornitore preso dal nome",
        Regola::IdFornitoreEnte => "Identificativo del fornitore uguale a quello dell'ente",
        Regola::DataSegnaposto => "Data segnaposto",
        Regola::DataIncoerente => "Fine precedente all'inizio",
        Regola::ImportoUgualeId => "Importo uguale a un identificativo",
        Regola::ImportoOltrePagato => "Aggiudicato oltre 100 volte il liquidato",
        Regola::ImportoAnomalo => "Importo fuori scala per l'ente",
        Regola::VociDiscordanti => "Voci dello stesso CIG discordanti",
        Regola::VociRipetute => "Voci dello stesso CIG ripetute",
        Regola::SoggettoRipetuto => "Soggetto ripetuto nel lotto",
        Regola::EntitaDecodificate => "Entità HTML decodificate",
        Regola::CodiceFiscaleMascherato => "Codice fiscale di persona fisica mascherato",
        Regola::IbanMascherato => "IBAN mascherato",
        Regola::CampoScartato => "Campo illeggibile scartato",
        Regola::EnteNomeUfficio => "Nome dell'ente simile a quello di un ufficio",
        Regola::EmailMascherata => "Indirizzo e-mail mascherato",
        Regola::TelefonoMascherato => "Numero di telefono mascherato",
        Regola::Riaggiudicazione => "CIG aggiudicato più volte",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_are_the_files_names() {
        assert_eq!(
            rule_name(Regola::CodiceFiscaleMascherato),
            "codice-fiscale-mascherato"
        );
        assert_eq!(rule_name(Regola::CigSegnaposto), "cig-segnaposto");
    }

    #[test]
    fn findings_group_by_rule_and_count_pages() {
        let f = |regola, chiave: &str, posizione| Finding {
            ente: "e".into(),
            regola,
            scheda: "procedura",
            chiave: chiave.into(),
            posizione,
            titolo: String::new(),
            url: String::new(),
            anno: None,
            campo: None,
            valore: None,
            nota: None,
        };
        let groups = by_rule(vec![
            f(Regola::IbanMascherato, "B", 1),
            f(Regola::CigSegnaposto, "A", 1),
            f(Regola::IbanMascherato, "A", 2),
            f(Regola::IbanMascherato, "A", 1),
        ]);
        assert_eq!(groups[0].regola, Regola::CigSegnaposto);
        let iban = &groups[1];
        assert_eq!((iban.segnalazioni, iban.schede), (3, 2));
        let order: Vec<_> = iban
            .voci
            .iter()
            .map(|v| (v.chiave.as_str(), v.posizione))
            .collect();
        assert_eq!(order, [("A", 1), ("A", 2), ("B", 1)]);
    }
}
