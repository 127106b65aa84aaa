//! The indicators stage (ARCHITECTURE.md): integrity indicators computed
//! from the catalogue, read by `export` (the open data) and `render` (the
//! pages).
//!
//! An indicator is a signal, never a verdict: each flag says what to read
//! first ("da verificare"), with the figure, the threshold, the
//! denominator and the procedures behind it. Every indicator is defined
//! once in `definitions::DEFINITIONS` (code, formula, legal basis,
//! threshold, minimum N, equivalent in Cardinal or DIGIWHIST); one file
//! per family computes it. Flags are sorted, so the same catalogue gives
//! the same rows.

mod amounts;
mod bunching;
mod concentration;
pub mod definitions;
mod facts;
mod non_competitive;
mod rotation;
mod single_offer;
mod splitting;

pub use definitions::{DEFINITIONS, Definition, Unita};

use crate::catalog::Catalog;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// What a flag's figure is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Ambito {
    /// One procedure (one CIG).
    Procedura,
    /// A body's procedures, or a body's procedures of one CPV division.
    Ente,
    /// A supplier's procedures.
    Fornitore,
}

/// How a flag reads: to be checked, or an exception the act itself motivates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Esito {
    /// The figure passes the threshold: a reason to read the acts.
    DaVerificare,
    /// The act states the exception the law allows (art. 49, c. 4).
    Motivata,
}

/// One flag: an indicator over its threshold for one procedure or group.
#[derive(Clone, Debug, Serialize)]
pub struct Flag {
    pub codice: &'static str,
    pub ambito: Ambito,
    /// The body whose procedures the figure counts; empty for a supplier's
    /// figure across bodies.
    pub ente: String,
    /// The group: the procedure key, the body, the supplier id, or the body
    /// with a CPV division or group (`comune-x/72`).
    pub chiave: String,
    /// The procedure the flag is about (the last one of a group flag).
    pub id_procedura: Option<String>,
    pub cig: Option<String>,
    pub fornitore: Option<String>,
    /// The figure, in the unit of the definition (euro, share 0–1, HHI).
    pub valore: Decimal,
    pub soglia: Decimal,
    /// The denominator: how many procedures the figure is computed on.
    pub n: usize,
    pub esito: Esito,
    /// The figure in a sentence, in Italian.
    pub nota: String,
    /// The procedures behind the figure (keys), sorted.
    pub procedure: Vec<String>,
}

impl Flag {
    pub fn definition(&self) -> &'static Definition {
        definitions::of(self.codice)
    }
}

/// Every flag of the catalogue, with lookups for the pages.
#[derive(Default)]
pub struct Indicators {
    /// Sorted by code, body, key, procedure.
    pub flags: Vec<Flag>,
    /// For each code, procedures left out because a fact it needs is
    /// missing (no date, no amount): counted, never hidden.
    pub esclusi: BTreeMap<&'static str, usize>,
    by_procedure: BTreeMap<String, Vec<usize>>,
    by_supplier: BTreeMap<String, Vec<usize>>,
    by_ente: BTreeMap<String, Vec<usize>>,
    /// The page of every procedure, body and supplier a flag names.
    pages: Pages,
}

/// A page a flag links to: its label (a CIG, a name) and its address.
#[derive(Clone, Debug, Serialize)]
pub struct Link {
    pub titolo: String,
    pub url: String,
}

/// The pages flags link to, by procedure key, body id and supplier id.
#[derive(Default)]
struct Pages {
    procedure: BTreeMap<String, Link>,
    enti: BTreeMap<String, Link>,
    fornitori: BTreeMap<String, Link>,
}

impl Pages {
    /// The pages of what `flags` name, read from the catalogue.
    fn of(catalog: &Catalog, flags: &[Flag]) -> Pages {
        let mut pages = Pages::default();
        let named = |f: &Flag| -> Vec<String> {
            let mut keys = f.procedure.clone();
            keys.extend(f.id_procedura.clone());
            keys
        };
        let keys: std::collections::BTreeSet<String> = flags.iter().flat_map(named).collect();
        for p in catalog.procedures.iter().filter(|p| keys.contains(&p.key)) {
            let titolo = p.cig.clone().unwrap_or_else(|| p.key.clone());
            let link = Link {
                titolo,
                url: p.url.clone(),
            };
            pages.procedure.insert(p.key.clone(), link);
        }
        for (e, g) in &catalog.enti {
            let link = Link {
                titolo: g.titolo.clone(),
                url: g.url.clone(),
            };
            pages.enti.insert(e.id.clone(), link);
        }
        let suppliers: std::collections::BTreeSet<&str> = flags
            .iter()
            .filter_map(|f| f.fornitore.as_deref())
            .collect();
        for s in catalog
            .suppliers
            .iter()
            .filter(|s| suppliers.contains(s.id.as_str()))
        {
            let link = Link {
                titolo: s.denominazione.clone(),
                url: s.url.clone(),
            };
            pages.fornitori.insert(s.id.clone(), link);
        }
        pages
    }
}

impl Indicators {
    /// Computes every indicator on the catalogue.
    pub fn compute(catalog: &Catalog) -> Indicators {
        let facts = facts::Facts::new(catalog);
        let mut found = Found::default();
        single_offer::find(&facts, &mut found);
        non_competitive::find(&facts, &mut found);
        rotation::find(&facts, &mut found);
        splitting::find(&facts, &mut found);
        bunching::find(&facts, &mut found);
        concentration::find(&facts, &mut found);
        amounts::find(&facts, &mut found);
        let mut ix = Indicators::index(found);
        ix.pages = Pages::of(catalog, &ix.flags);
        ix
    }

    fn index(found: Found) -> Indicators {
        let mut flags = found.flags;
        for f in &mut flags {
            f.procedure.sort();
            f.procedure.dedup();
        }
        flags.sort_by(|a, b| {
            (a.codice, &a.ente, &a.chiave, &a.id_procedura).cmp(&(
                b.codice,
                &b.ente,
                &b.chiave,
                &b.id_procedura,
            ))
        });
        let mut ix = Indicators {
            esclusi: found.esclusi,
            ..Indicators::default()
        };
        for (i, f) in flags.iter().enumerate() {
            for key in &f.procedure {
                ix.by_procedure.entry(key.clone()).or_default().push(i);
            }
            if let Some(s) = &f.fornitore {
                ix.by_supplier.entry(s.clone()).or_default().push(i);
            }
            if !f.ente.is_empty() {
                ix.by_ente.entry(f.ente.clone()).or_default().push(i);
            }
        }
        ix.flags = flags;
        ix
    }

    fn pick(&self, index: &BTreeMap<String, Vec<usize>>, key: &str) -> Vec<&Flag> {
        index
            .get(key)
            .map(|ids| ids.iter().map(|&i| &self.flags[i]).collect())
            .unwrap_or_default()
    }

    /// The flags whose figure counts this procedure.
    pub fn of_procedure(&self, key: &str) -> Vec<&Flag> {
        self.pick(&self.by_procedure, key)
    }

    /// The flags that name this supplier.
    pub fn of_supplier(&self, id: &str) -> Vec<&Flag> {
        self.pick(&self.by_supplier, id)
    }

    /// The flags of this body's procedures and groups.
    pub fn of_ente(&self, id: &str) -> Vec<&Flag> {
        self.pick(&self.by_ente, id)
    }

    /// Whether any flag counts this procedure (the search facet).
    pub fn flagged(&self, key: &str) -> bool {
        self.by_procedure.contains_key(key)
    }

    /// The page of a procedure a flag names.
    pub fn procedure_link(&self, key: &str) -> Option<&Link> {
        self.pages.procedure.get(key)
    }

    /// The supplier a flag names, with its page.
    pub fn supplier_link(&self, id: &str) -> Option<&Link> {
        self.pages.fornitori.get(id)
    }

    /// The page the figure is about: the procedure's, else the supplier's
    /// for a supplier's figure, else the body's.
    pub fn subject_link(&self, f: &Flag) -> Option<&Link> {
        let procedure = f
            .id_procedura
            .as_deref()
            .and_then(|k| self.procedure_link(k));
        let supplier = || match f.ambito {
            Ambito::Fornitore => f.fornitore.as_deref().and_then(|s| self.supplier_link(s)),
            _ => None,
        };
        procedure
            .or_else(supplier)
            .or_else(|| self.pages.enti.get(&f.ente))
    }

    /// Flags per code, every code listed (0 when none).
    pub fn counts(&self) -> Vec<(&'static str, usize)> {
        DEFINITIONS
            .iter()
            .map(|d| {
                let n = self.flags.iter().filter(|f| f.codice == d.codice).count();
                (d.codice, n)
            })
            .collect()
    }
}

/// What the indicator families find, before sorting and indexing.
#[derive(Default)]
pub(crate) struct Found {
    pub flags: Vec<Flag>,
    pub esclusi: BTreeMap<&'static str, usize>,
}

impl Found {
    pub(crate) fn exclude(&mut self, codice: &'static str) {
        *self.esclusi.entry(codice).or_default() += 1;
    }
}

/// `part / whole` rounded to 4 decimals; 0 for an empty whole.
pub(crate) fn share(part: Decimal, whole: Decimal) -> Decimal {
    if whole.is_zero() {
        return Decimal::ZERO;
    }
    (part / whole).round_dp(4)
}

/// A share as an Italian percentage: `0.4567` → `45,7%`.
pub(crate) fn percent(value: Decimal) -> String {
    crate::format::percent((value * Decimal::ONE_HUNDRED).round_dp(1))
}

/// An amount in euro as Italian text: `1234.5` → `€ 1.234,50`.
pub(crate) fn euro(value: Decimal) -> String {
    crate::format::euro(value)
}
