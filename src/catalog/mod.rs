//! The catalog stage (ARCHITECTURE.md): the one in-memory model every output is a view of.
//!
//! Pages, dumps and the search index all read the catalog and nothing
//! else, so a number on a page and the same number in a CSV cannot disagree.

pub(crate) mod bandi;
pub(crate) mod dates;
pub(crate) mod documents;
mod identity;
pub mod page_keys;
pub(crate) mod plausibility;
pub(crate) mod privacy;
pub(crate) mod procedure;
pub(crate) mod quality;
pub(crate) mod supplier;

pub(crate) use procedure::{Award, Event, Procedure};
pub(crate) use supplier::{Supplier, SupplierLot};

use crate::model::ActId;
use crate::model::{Act, Ente, Page, Site};
use crate::model::{Allegato, Collegato, Money};
use crate::route::{Route, Section, Urls};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// A row of a "totals by year / body / CPV" table.
#[derive(Clone, Debug, Serialize)]
pub struct Breakdown {
    pub chiave: String,
    pub lotti: usize,
    pub importo: Money,
}

/// Accumulates breakdown rows by key in O(log n) per lot.
#[derive(Default)]
pub(crate) struct Tally(BTreeMap<String, (usize, Money)>);

impl Tally {
    pub(crate) fn add(&mut self, key: &str, amount: Option<Money>) {
        if !self.0.contains_key(key) {
            self.0.insert(key.to_string(), (0, Money::ZERO));
        }
        if let Some(row) = self.0.get_mut(key) {
            row.0 += 1;
            row.1 = row.1 + amount.unwrap_or(Money::ZERO);
        }
    }

    /// Rows by key order.
    pub(crate) fn by_key(self) -> Vec<Breakdown> {
        self.0
            .into_iter()
            .map(|(chiave, (lotti, importo))| Breakdown {
                chiave,
                lotti,
                importo,
            })
            .collect()
    }

    /// Rows by amount, largest first; ties by key.
    pub(crate) fn by_amount(self) -> Vec<Breakdown> {
        let mut rows = self.by_key();
        rows.sort_by(|a, b| b.importo.cmp(&a.importo).then(a.chiave.cmp(&b.chiave)));
        rows
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Totals {
    pub atti: usize,
    pub procedure: usize,
    pub fornitori: usize,
    pub enti: usize,
    pub importo_aggiudicato: Money,
    /// `None` when no procedure has a commitment: unknown, not 0.
    pub importo_impegnato: Option<Money>,
    pub importo_liquidato: Option<Money>,
}

/// An act with what its page needs besides the file's own data.
#[derive(Clone, Debug, Serialize)]
pub struct ActEntry {
    pub id: ActId,
    pub url: String,
    pub file: String,
    #[serde(flatten)]
    pub header: crate::model::ActHeader,
    /// Procedure key of each of the act's lots, in the order of `header.lotti`.
    pub procedure: Vec<String>,
    pub collegamenti: Vec<LinkEntry>,
    pub documenti: Vec<AttachmentEntry>,
    #[serde(rename = "testo")]
    pub body: String,
    /// Doubts about the act's own text (personal data masked in it).
    pub segnalazioni: Vec<crate::model::Segnalazione>,
}

#[derive(Clone, Debug, Serialize)]
pub struct LinkEntry {
    #[serde(flatten)]
    pub collegato: Collegato,
    /// The linked act's page, when the act is in the site.
    pub pagina: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct AttachmentEntry {
    #[serde(flatten)]
    pub allegato: Allegato,
    /// Where the copied file is served, for attachments kept in `content/`.
    pub href: Option<String>,
    pub dimensione: Option<u64>,
}

/// A list page's subject: a body, a year or a CPV code, with its lots.
#[derive(Clone, Debug, Serialize)]
pub struct Group {
    pub chiave: String,
    pub titolo: String,
    pub url: String,
    pub procedure: Vec<usize>,
    pub atti: Vec<usize>,
    pub importo_aggiudicato: Money,
    pub fornitori: Vec<Breakdown>,
}

pub struct Catalog {
    pub acts: Vec<ActEntry>,
    pub procedures: Vec<Procedure>,
    /// Sorted by id (OCDS looks suppliers up by it).
    pub suppliers: Vec<Supplier>,
    pub enti: Vec<(Ente, Group)>,
    pub years: Vec<Group>,
    pub cpvs: Vec<Group>,
    pub pages: Vec<Page>,
    pub totals: Totals,
    /// Every address pages, exports and the search index write.
    pub urls: Urls,
    /// The data-quality report: every finding, per body and rule.
    pub quality: quality::Quality,
    /// The parts of «Bandi di gara e contratti».
    pub bandi: bandi::Bandi,
}

impl Catalog {
    pub fn build(site: Site) -> Catalog {
        let mut acts = site.acts;
        acts.par_sort_by(|a, b| act_order(a).cmp(&act_order(b)));
        let urls = Urls::new(&site.config.url_base);
        let mut procedures = procedure::build(&acts, &site.records, &urls);
        let buyers: BTreeMap<String, String> = site
            .enti
            .iter()
            .map(|e| (e.id.clone(), e.data.codice_fiscale.trim().to_string()))
            .collect();
        let identities = supplier::identify(&mut procedures, &buyers, site.secret.as_ref(), &urls);
        // Before the suppliers: their lots carry the flags.
        plausibility::check(&mut procedures, &buyers);
        let suppliers = supplier::build(&procedures, identities, &urls);
        let act_urls: BTreeMap<ActId, String> = acts
            .iter()
            .map(|a| (a.id.clone(), urls.href(&Route::Act(&a.id))))
            .collect();
        let keys_by_act: Vec<Vec<String>> = acts
            .iter()
            .map(|a| {
                (0..a.lots.len())
                    .map(|i| procedure::lot_key(a, i))
                    .collect()
            })
            .collect();
        let entries: Vec<ActEntry> = acts
            .into_par_iter()
            .zip(keys_by_act)
            .map(|(act, keys)| act_entry(act, keys, &act_urls, &urls, &site.root))
            .collect();
        drop(act_urls);
        let ente_groups = group_by(
            &procedures,
            &entries,
            |p| {
                p.body_shares()
                    .into_iter()
                    .map(|(ente, amount, _)| (ente.to_string(), amount))
                    .collect()
            },
            |a| vec![a.header.ente.clone()],
        );
        let enti = site
            .enti
            .iter()
            .map(|e| {
                let mut g = ente_groups
                    .get(&e.id)
                    .cloned()
                    .unwrap_or_else(|| empty_group(&e.id));
                g.titolo = e.data.denominazione.clone();
                g.url = urls.href(&Route::Item(Section::Enti, &e.id));
                (e.clone(), g)
            })
            .collect();
        let years = group_by(
            &procedures,
            &entries,
            |p| vec![(p.anno.to_string(), p.importo_aggiudicato)],
            |a| vec![a.header.data.year().to_string()],
        )
        .into_values()
        .rev()
        .map(|mut g| {
            g.url = urls.href(&Route::Item(Section::Anni, &g.chiave));
            g.titolo = format!("Anno {}", g.chiave);
            g
        })
        .collect();
        let cpvs = group_by(
            &procedures,
            &entries,
            |p| {
                p.cpv
                    .iter()
                    .map(|c| (c.clone(), p.importo_aggiudicato))
                    .collect()
            },
            |_| Vec::new(),
        )
        .into_values()
        .map(|mut g| {
            g.url = urls.href(&Route::Item(Section::Cpv, &g.chiave));
            g.titolo = site.cpv.get(&g.chiave).unwrap_or_default().to_string();
            g
        })
        .collect();
        let totals = Totals {
            atti: entries.len(),
            procedure: procedures.len(),
            fornitori: suppliers.len(),
            enti: site.enti.len(),
            importo_aggiudicato: procedures
                .iter()
                .filter_map(|p| p.importo_aggiudicato)
                .sum(),
            importo_impegnato: procedure::sum(
                procedures.iter().filter_map(|p| p.importo_impegnato),
            ),
            importo_liquidato: procedure::sum(
                procedures.iter().filter_map(|p| p.importo_liquidato),
            ),
        };
        let bandi = bandi::Bandi::build(&procedures, &entries);
        let mut catalog = Catalog {
            bandi,
            acts: entries,
            procedures,
            suppliers,
            enti,
            years,
            cpvs,
            pages: site.pages,
            totals,
            urls,
            quality: quality::Quality::default(),
        };
        // Last, so that every view of the catalog is masked.
        privacy::mask_catalog(&mut catalog, &site.config.privacy);
        documents::assign(&mut catalog.procedures, &catalog.acts);
        catalog.quality = quality::build(&catalog);
        catalog
    }

    /// The procedure of key `key` (procedures are sorted by key).
    pub(crate) fn procedure(&self, key: &str) -> Option<&Procedure> {
        self.procedures
            .binary_search_by(|p| p.key.as_str().cmp(key))
            .ok()
            .map(|j| &self.procedures[j])
    }

    pub(crate) fn ente_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.enti
            .iter()
            .find(|(e, _)| e.id == id)
            .map_or(id, |(e, _)| e.data.denominazione.as_str())
    }
}

fn act_order(act: &Act) -> (crate::model::Date, &str, &str, Option<&str>) {
    let h = &act.header;
    (h.data, h.ente.as_str(), h.tipo.0, h.numero.as_deref())
}

fn act_entry(
    act: Act,
    procedure: Vec<String>,
    act_urls: &BTreeMap<ActId, String>,
    urls: &Urls,
    root: &std::path::Path,
) -> ActEntry {
    let url = act_urls
        .get(&act.id)
        .cloned()
        .unwrap_or_else(|| urls.href(&Route::Act(&act.id)));
    let mut header = act.header;
    header.lotti = act.lots;
    let collegamenti = header
        .collegati
        .iter()
        .map(|c| {
            let ente = c.ente.clone().unwrap_or_else(|| header.ente.clone());
            let pagina = match (&c.numero, c.data) {
                (Some(n), Some(d)) => act_urls
                    .get(&ActId::new(&ente, c.tipo, Some(n), d))
                    .cloned(),
                _ => None,
            };
            LinkEntry {
                collegato: c.clone(),
                pagina,
            }
        })
        .collect();
    let documenti = header
        .allegati
        .iter()
        .map(|a| {
            // The file the build copies: resolved as `check` resolved it.
            let located = a
                .file
                .as_ref()
                .and_then(|f| crate::check::resolve_attachment(root, &act.file, f).ok());
            AttachmentEntry {
                dimensione: located
                    .as_ref()
                    .and_then(|l| std::fs::metadata(&l.source).ok())
                    .map(|m| m.len()),
                href: located.map(|l| urls.href(&Route::Attachment(&l.published))),
                allegato: a.clone(),
            }
        })
        .collect();
    ActEntry {
        id: act.id,
        url,
        file: act.file.to_string_lossy().replace('\\', "/"),
        header,
        procedure,
        collegamenti,
        documenti,
        body: act.body,
        segnalazioni: Vec::new(),
    }
}

fn empty_group(key: &str) -> Group {
    Group {
        chiave: key.to_string(),
        titolo: String::new(),
        url: String::new(),
        procedure: Vec::new(),
        atti: Vec::new(),
        importo_aggiudicato: Money::ZERO,
        fornitori: Vec::new(),
    }
}

/// Groups procedures and acts under keys (bodies, years, CPV codes).
/// `procedure_keys` gives each key with the amount credited to it.
fn group_by(
    procedures: &[Procedure],
    acts: &[ActEntry],
    procedure_keys: impl Fn(&Procedure) -> Vec<(String, Option<Money>)>,
    act_keys: impl Fn(&ActEntry) -> Vec<String>,
) -> BTreeMap<String, Group> {
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    for (i, p) in procedures.iter().enumerate() {
        for (key, amount) in procedure_keys(p) {
            let g = groups
                .entry(key.clone())
                .or_insert_with(|| empty_group(&key));
            g.procedure.push(i);
            g.importo_aggiudicato = g.importo_aggiudicato + amount.unwrap_or(Money::ZERO);
            // A shared CIG's winners come from one body's lot: they are
            // credited under the procedure's own body only.
            if key != p.ente && !p.parti.is_empty() {
                continue;
            }
            let tally = tallies.entry(key).or_default();
            for award in &p.aggiudicatari {
                tally.add(&award.fornitore, award.importo_attribuito);
            }
        }
    }
    for (key, tally) in tallies {
        if let Some(g) = groups.get_mut(&key) {
            g.fornitori = tally.by_amount();
        }
    }
    for (i, a) in acts.iter().enumerate() {
        for key in act_keys(a) {
            groups
                .entry(key.clone())
                .or_insert_with(|| empty_group(&key))
                .atti
                .push(i);
        }
    }
    for g in groups.values_mut() {
        g.fornitori.truncate(10);
        // Lists show the most recent procedures first.
        g.procedure.sort_by(|&a, &b| {
            let (pa, pb) = (&procedures[a], &procedures[b]);
            pb.data.cmp(&pa.data).then(pa.key.cmp(&pb.key))
        });
    }
    groups
}
