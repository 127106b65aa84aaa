//! The pages of the portal and the data each one shows.

use super::rows::{act_row, procedure_row, supplier_row};
use super::{Crumb, PageOut, Pager};
use crate::catalog::{Catalog, Group, Supplier};
use crate::route::{Route, Section, paged};
use serde_json::{Value, json};
use std::collections::HashMap;

/// One page to render.
#[derive(Clone, Copy, Debug)]
pub enum Job {
    Home,
    Act(usize),
    Procedure(usize),
    Supplier(usize, usize),
    Ente(usize, usize),
    Year(usize, usize),
    Cpv(usize, usize),
    Acts(usize),
    Procedures(usize),
    Suppliers(usize),
    Enti,
    Years,
    Cpvs(usize),
    Page(usize),
    Search,
    /// The open-data page: downloads and data dictionary.
    Dati,
    /// The data-quality report.
    Qualita,
    NotFound,
}

fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page).max(1)
}

/// Every page of the catalog, paginated lists included.
pub fn jobs(c: &Catalog, per: usize) -> Vec<Job> {
    let mut jobs = vec![
        Job::Home,
        Job::Enti,
        Job::Years,
        Job::Search,
        Job::Dati,
        Job::Qualita,
        Job::NotFound,
    ];
    jobs.extend((0..c.acts.len()).map(Job::Act));
    jobs.extend((0..c.procedures.len()).map(Job::Procedure));
    for (i, s) in c.suppliers.iter().enumerate() {
        jobs.extend((1..=page_count(s.lotti.len(), per)).map(|p| Job::Supplier(i, p)));
    }
    jobs.extend((0..c.pages.len()).map(Job::Page));
    for (i, (_, g)) in c.enti.iter().enumerate() {
        jobs.extend((1..=page_count(g.procedure.len(), per)).map(|p| Job::Ente(i, p)));
    }
    for (i, g) in c.years.iter().enumerate() {
        jobs.extend((1..=page_count(g.procedure.len(), per)).map(|p| Job::Year(i, p)));
    }
    for (i, g) in c.cpvs.iter().enumerate() {
        jobs.extend((1..=page_count(g.procedure.len(), per)).map(|p| Job::Cpv(i, p)));
    }
    jobs.extend((1..=page_count(c.acts.len(), per)).map(Job::Acts));
    jobs.extend((1..=page_count(c.procedures.len(), per)).map(Job::Procedures));
    jobs.extend((1..=page_count(c.suppliers.len(), per)).map(Job::Suppliers));
    jobs.extend((1..=page_count(c.cpvs.len(), per)).map(Job::Cpvs));
    jobs
}

/// The address (href) of a job's page; `None` for the 404 page, which is
/// served for every missing address and has none of its own.
pub fn url(c: &Catalog, job: &Job) -> Option<String> {
    Some(match *job {
        Job::Home => c.urls.href(&Route::Home),
        Job::Act(i) => c.acts[i].url.clone(),
        Job::Procedure(i) => c.procedures[i].url.clone(),
        Job::Supplier(i, n) => paged(&c.suppliers[i].url, n),
        Job::Ente(i, n) => paged(&c.enti[i].1.url, n),
        Job::Year(i, n) => paged(&c.years[i].url, n),
        Job::Cpv(i, n) => paged(&c.cpvs[i].url, n),
        Job::Acts(n) => list_href(c, Section::Atti, n),
        Job::Procedures(n) => list_href(c, Section::Cig, n),
        Job::Suppliers(n) => list_href(c, Section::Fornitori, n),
        Job::Cpvs(n) => list_href(c, Section::Cpv, n),
        Job::Enti => section(c, Section::Enti),
        Job::Years => section(c, Section::Anni),
        Job::Page(i) => c.urls.href(&Route::Item(Section::Pagine, &c.pages[i].slug)),
        Job::Search => section(c, Section::Cerca),
        Job::Dati => section(c, Section::Dati),
        Job::Qualita => crate::catalog::quality::report_href(&c.urls),
        Job::NotFound => return None,
    })
}

/// The href of a section's list.
fn section(c: &Catalog, s: Section) -> String {
    c.urls.href(&Route::Section(s))
}

/// The href of page `n` of a section's list.
fn list_href(c: &Catalog, s: Section, n: usize) -> String {
    c.urls.page_href(&Route::Section(s), n)
}

fn crumbs(c: &Catalog, extra: &[(&str, &str)]) -> Vec<Crumb> {
    let home = c.urls.href(&Route::Home);
    let mut trail = vec![
        Crumb {
            titolo: "Amministrazione trasparente".into(),
            url: home.clone(),
        },
        Crumb {
            titolo: "Bandi di gara e contratti".into(),
            url: home,
        },
    ];
    trail.extend(extra.iter().map(|(t, u)| Crumb {
        titolo: t.to_string(),
        url: u.to_string(),
    }));
    trail
}

/// The slice of `items` on page `n`, and the pager that goes with it.
fn paginate<T>(items: &[T], per: usize, n: usize, base: &str) -> (std::ops::Range<usize>, Pager) {
    let total = page_count(items.len(), per);
    let start = ((n - 1) * per).min(items.len());
    let end = (start + per).min(items.len());
    let pager = Pager {
        corrente: n,
        totale: total,
        precedente: (n > 1).then(|| paged(base, n - 1)),
        successiva: (n < total).then(|| paged(base, n + 1)),
        elementi: items.len(),
    };
    (start..end, pager)
}

fn out(
    url: String,
    template: &'static str,
    title: String,
    crumbs: Vec<Crumb>,
    pager: Option<Pager>,
    data: Value,
) -> PageOut {
    PageOut {
        url,
        template,
        title,
        crumbs,
        pager,
        data,
    }
}

/// `dati` is the open-data page's data, built by `crate::export::page_data`.
pub fn page(c: &Catalog, per: usize, job: &Job, dati: &Value) -> PageOut {
    match *job {
        Job::Home => home(c),
        Job::Act(i) => act(c, i),
        Job::Procedure(i) => procedure(c, i),
        Job::Supplier(i, n) => supplier(c, i, per, n),
        Job::Ente(i, n) => {
            let (ente, g) = &c.enti[i];
            let extra = json!({ "ente": ente.data, "id": ente.id, "qualita": c.quality.body(&ente.id).map(body_quality) });
            let parent = section(c, Section::Enti);
            group(c, g, per, n, "ente", extra, ("Enti", &parent))
        }
        Job::Year(i, n) => {
            let parent = section(c, Section::Anni);
            group(
                c,
                &c.years[i],
                per,
                n,
                "anno",
                Value::Null,
                ("Anni", &parent),
            )
        }
        Job::Cpv(i, n) => {
            let parent = section(c, Section::Cpv);
            group(c, &c.cpvs[i], per, n, "cpv", Value::Null, ("CPV", &parent))
        }
        Job::Acts(n) => {
            let (range, pager) = paginate(&c.acts, per, n, &section(c, Section::Atti));
            // Newest first: page 1 holds the last acts of the date order.
            let last = c.acts.len().saturating_sub(1);
            let rows: Vec<_> = range.map(|i| act_row(c, &c.acts[last - i])).collect();
            list(
                c,
                Section::Atti,
                n,
                "Atti",
                Some(pager),
                json!({ "atti": rows }),
            )
        }
        Job::Procedures(n) => {
            let (range, pager) = paginate(&c.procedures, per, n, &section(c, Section::Cig));
            let rows: Vec<_> = c.procedures[range]
                .iter()
                .map(|p| procedure_row(c, p))
                .collect();
            let data = json!({ "procedure": rows });
            list(c, Section::Cig, n, "Procedure (CIG)", Some(pager), data)
        }
        Job::Suppliers(n) => {
            let (range, pager) = paginate(&c.suppliers, per, n, &section(c, Section::Fornitori));
            let rows: Vec<_> = c.suppliers[range].iter().map(supplier_row).collect();
            let data = json!({ "fornitori": rows });
            list(c, Section::Fornitori, n, "Fornitori", Some(pager), data)
        }
        Job::Cpvs(n) => {
            let (range, pager) = paginate(&c.cpvs, per, n, &section(c, Section::Cpv));
            let rows: Vec<_> = c.cpvs[range].iter().map(group_row).collect();
            let data = json!({ "gruppi": rows });
            list(c, Section::Cpv, n, "Categorie CPV", Some(pager), data)
        }
        Job::Enti => {
            let rows: Vec<_> = c.enti.iter().map(|(_, g)| group_row(g)).collect();
            list(c, Section::Enti, 1, "Enti", None, json!({ "gruppi": rows }))
        }
        Job::Years => {
            let rows: Vec<_> = c.years.iter().map(group_row).collect();
            list(c, Section::Anni, 1, "Anni", None, json!({ "gruppi": rows }))
        }
        Job::Page(i) => {
            let p = &c.pages[i];
            let url = c.urls.href(&Route::Item(Section::Pagine, &p.slug));
            let data = json!({ "titolo": p.header.titolo, "descrizione": p.header.descrizione, "testo": p.body });
            out(
                url.clone(),
                "page.html",
                p.header.titolo.clone(),
                crumbs(c, &[(&p.header.titolo, &url)]),
                None,
                data,
            )
        }
        Job::Search => single(c, Section::Cerca, "search.html", "Cerca", json!({})),
        Job::Dati => single(c, Section::Dati, "dati.html", "Open data", dati.clone()),
        Job::Qualita => quality(c),
        Job::NotFound => out(
            c.urls.href(&Route::NotFound),
            "404.html",
            "Pagina non trovata".into(),
            crumbs(c, &[]),
            None,
            json!({}),
        ),
    }
}

/// Page `n` of a section's list.
fn list(
    c: &Catalog,
    s: Section,
    n: usize,
    title: &str,
    pager: Option<Pager>,
    data: Value,
) -> PageOut {
    let first = section(c, s);
    out(
        list_href(c, s, n),
        "list.html",
        title.to_string(),
        crumbs(c, &[(title, &first)]),
        pager,
        data,
    )
}

/// A section with a single page of its own template (search, open data).
fn single(c: &Catalog, s: Section, template: &'static str, title: &str, data: Value) -> PageOut {
    let url = section(c, s);
    let trail = crumbs(c, &[(title, &url)]);
    out(url, template, title.to_string(), trail, None, data)
}

fn group_row(g: &Group) -> Value {
    json!({
        "chiave": g.chiave, "titolo": g.titolo, "url": g.url,
        "procedure": g.procedure.len(), "atti": g.atti.len(),
        "importo_aggiudicato": g.importo_aggiudicato,
    })
}

fn home(c: &Catalog) -> PageOut {
    let latest: Vec<_> = c
        .acts
        .iter()
        .rev()
        .take(10)
        .map(|a| act_row(c, a))
        .collect();
    let enti: Vec<_> = c.enti.iter().map(|(_, g)| group_row(g)).collect();
    let anni: Vec<_> = c.years.iter().map(group_row).collect();
    let charts = super::chart_data::home(c);
    let data = json!({ "totali": c.totals, "ultimi_atti": latest, "enti": enti, "anni": anni, "grafici": charts });
    out(
        c.urls.href(&Route::Home),
        "home.html",
        "Bandi di gara e contratti".into(),
        crumbs(c, &[]),
        None,
        data,
    )
}

fn act(c: &Catalog, i: usize) -> PageOut {
    let a = &c.acts[i];
    let procedures: HashMap<&str, usize> = a
        .procedure
        .iter()
        .filter_map(|k| {
            c.procedures
                .binary_search_by(|p| p.key.as_str().cmp(k))
                .ok()
                .map(|j| (k.as_str(), j))
        })
        .collect();
    let rows: Vec<_> = a
        .procedure
        .iter()
        .filter_map(|k| procedures.get(k.as_str()))
        .map(|&j| procedure_row(c, &c.procedures[j]))
        .collect();
    let mut data = serde_json::to_value(a).unwrap_or(Value::Null);
    data["ente_nome"] = json!(c.ente_name(&a.header.ente));
    data["tipo_etichetta"] = json!(a.header.tipo.label());
    data["procedure_collegate"] = json!(rows);
    data["segnalazioni"] = crate::catalog::quality::labelled(&a.segnalazioni);
    let title = match &a.header.numero {
        Some(n) => format!(
            "{} n. {} del {}",
            a.header.tipo.label(),
            n,
            a.header.data.italian()
        ),
        None => format!("{} del {}", a.header.tipo.label(), a.header.data.italian()),
    };
    let trail = crumbs(c, &[("Atti", &section(c, Section::Atti)), (&title, &a.url)]);
    out(a.url.clone(), "act.html", title, trail, None, data)
}

fn procedure(c: &Catalog, i: usize) -> PageOut {
    let p = &c.procedures[i];
    let mut data = serde_json::to_value(p).unwrap_or(Value::Null);
    data["ente_nome"] = json!(c.ente_name(&p.ente));
    if let Some(parts) = data["parti"].as_array_mut() {
        for (part, share) in parts.iter_mut().zip(&p.parti) {
            part["ente_nome"] = json!(c.ente_name(&share.ente));
        }
    }
    data["segnalazioni"] = crate::catalog::quality::labelled(&p.segnalazioni);
    let title = match &p.cig {
        Some(cig) => format!("CIG {cig}"),
        None => format!("Procedura {}", p.codice.as_deref().unwrap_or(&p.key)),
    };
    let parent = section(c, Section::Cig);
    let trail = crumbs(c, &[("Procedure (CIG)", &parent), (&title, &p.url)]);
    out(p.url.clone(), "procedure.html", title, trail, None, data)
}

/// A supplier's page: totals, its lots a page at a time (a large supplier
/// wins thousands), and on the first page the charts.
fn supplier(c: &Catalog, i: usize, per: usize, n: usize) -> PageOut {
    let s = &c.suppliers[i];
    let (range, pager) = paginate(&s.lotti, per, n, &s.url);
    let mut data = supplier_head(c, s);
    data["lotti"] = json!(&s.lotti[range]);
    // Charts sum every lot: computed once, for the first page, so that a
    // supplier with N lots costs O(N) and not O(N²/per) to render.
    data["grafici"] = if n == 1 {
        json!(super::chart_data::supplier(c, s))
    } else {
        json!([])
    };
    let parent = section(c, Section::Fornitori);
    let trail = crumbs(c, &[("Fornitori", &parent), (&s.denominazione, &s.url)]);
    out(
        paged(&s.url, n),
        "supplier.html",
        s.denominazione.clone(),
        trail,
        Some(pager),
        data,
    )
}

/// Everything a supplier's pages show except its lots, which would cost
/// every page the whole list.
fn supplier_head(c: &Catalog, s: &Supplier) -> Value {
    let per_ente: Vec<_> = s
        .per_ente
        .iter()
        .map(|b| json!({ "chiave": b.chiave, "titolo": c.ente_name(&b.chiave), "lotti": b.lotti, "importo": b.importo }))
        .collect();
    json!({
        "id": s.id, "url": s.url, "tipo_id": s.tipo_id, "denominazione": s.denominazione,
        "denominazioni": s.denominazioni, "partita_iva": s.partita_iva, "id_estero": s.id_estero,
        "id_non_validi": s.id_non_validi, "sede": s.sede, "totale": s.totale, "n_lotti": s.lotti.len(),
        "lotti_quota_non_indicata": s.lotti_quota_non_indicata,
        "totale_in_raggruppamento": s.totale_in_raggruppamento,
        "quota_affidamenti_diretti": s.quota_affidamenti_diretti,
        "per_anno": s.per_anno, "per_ente": per_ente, "per_cpv": s.per_cpv,
        "segnalazioni": crate::catalog::quality::labelled(&s.segnalazioni),
    })
}

fn group(
    c: &Catalog,
    g: &Group,
    per: usize,
    n: usize,
    kind: &str,
    extra: Value,
    parent: (&str, &str),
) -> PageOut {
    let (range, pager) = paginate(&g.procedure, per, n, &g.url);
    let rows: Vec<_> = g.procedure[range]
        .iter()
        .map(|&j| procedure_row(c, &c.procedures[j]))
        .collect();
    // The suppliers and charts show on the first page only: built for it alone,
    // so a group of N procedures costs O(N) and not O(N²/per) to render.
    let first = n == 1;
    let fornitori: &[_] = if first { &g.fornitori } else { &[] };
    let top: Vec<_> = fornitori
        .iter()
        .map(|f| {
            let name = c
                .suppliers
                .binary_search_by(|s| s.id.as_str().cmp(&f.chiave))
                .ok()
                .map(|j| c.suppliers[j].denominazione.as_str());
            let url = c.urls.href(&Route::Item(Section::Fornitori, &f.chiave));
            json!({ "id": f.chiave, "url": url, "denominazione": name, "lotti": f.lotti, "importo": f.importo })
        })
        .collect();
    let title = match kind {
        "cpv" if !g.titolo.is_empty() => format!("CPV {} – {}", g.chiave, g.titolo),
        "cpv" => format!("CPV {}", g.chiave),
        _ => g.titolo.clone(),
    };
    let data = json!({
        "tipo": kind, "chiave": g.chiave, "titolo": title, "extra": extra,
        "importo_aggiudicato": g.importo_aggiudicato, "n_procedure": g.procedure.len(), "n_atti": g.atti.len(),
        "fornitori": top, "procedure": rows,
        "grafici": if first { super::chart_data::group(c, g, kind) } else { Vec::new() },
    });
    let trail = crumbs(c, &[parent, (&title, &g.url)]);
    out(
        paged(&g.url, n),
        "group.html",
        title,
        trail,
        Some(pager),
        data,
    )
}

/// A body's counts for its page: one row per rule, linking the report.
fn body_quality(b: &crate::catalog::quality::BodyQuality) -> Value {
    let regole: Vec<_> = b
        .regole
        .iter()
        .map(|r| json!({ "regola": r.regola, "titolo": r.titolo, "segnalazioni": r.segnalazioni, "schede": r.schede }))
        .collect();
    json!({ "totale": b.totale, "url": b.ancora, "regole": regole })
}

/// The data-quality report: per body, the counts per rule and every
/// finding with its page.
fn quality(c: &Catalog) -> PageOut {
    let url = crate::catalog::quality::report_href(&c.urls);
    let title = "Qualità dei dati";
    let dati = section(c, Section::Dati);
    let enti: Vec<_> = c
        .quality
        .enti
        .iter()
        .map(|b| {
            let mut body = json!(b);
            body["id"] = json!(crate::catalog::quality::anchor(&b.ente));
            body
        })
        .collect();
    let data = json!({
        "enti": enti,
        "totale": c.quality.findings().count(),
        "json": c.urls.href(&Route::File("dati/qualita.json")),
        "csv": c.urls.href(&Route::File("dati/qualita.csv")),
    });
    let trail = crumbs(c, &[("Open data", &dati), (title, &url)]);
    out(url, "quality.html", title.into(), trail, None, data)
}
