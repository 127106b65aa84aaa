//! The rows of the charts on home, body, year and supplier pages, taken from
//! the catalog; `charts` draws them, templates show them as tables too.

use super::chart_notes::{self, Flagged};
use super::charts::{ChartData, ChartRow};
use super::views::GroupKind;
use crate::catalog::{Breakdown, Catalog, Group, Procedure, Supplier, Tally};
use crate::model::Money;
use crate::route::{Route, Section};

/// Suppliers shown in a "top suppliers" chart.
const TOP: usize = 10;

pub(crate) fn home(c: &Catalog) -> Vec<ChartData> {
    let all: Vec<usize> = (0..c.procedures.len()).collect();
    let years = c
        .years
        .iter()
        .map(|g| ChartRow {
            etichetta: g.chiave.clone(),
            importo: g.importo_aggiudicato,
            lotti: g.procedure.len(),
            url: Some(g.url.clone()),
            dubbio: false,
        })
        .collect();
    let mut suppliers: Vec<&Supplier> = c.suppliers.iter().collect();
    suppliers.sort_by(|a, b| b.totale.cmp(&a.totale).then(a.id.cmp(&b.id)));
    let top = suppliers
        .into_iter()
        .take(TOP)
        .map(|s| ChartRow {
            etichetta: s.denominazione.clone(),
            importo: s.totale,
            lotti: s.lotti.len(),
            url: Some(s.url.clone()),
            dubbio: false,
        })
        .collect();
    let charts = vec![
        chart("anni", "Importo aggiudicato per anno", "Anno", years),
        chart(
            "fornitori",
            "Principali fornitori per importo",
            "Fornitore",
            top,
        ),
        mix(c, &all),
    ];
    worth_drawing(noted(c, &all, charts))
}

/// The charts of procedures `indices` with their notes: flagged bars
/// marked, and the value no single supplier is credited with stated under
/// the suppliers' chart.
fn noted(c: &Catalog, indices: &[usize], mut charts: Vec<ChartData>) -> Vec<ChartData> {
    let flagged = Flagged::of(c, indices, label);
    for chart in &mut charts {
        let keys = match chart.id.as_str() {
            "grafico-anni" => &flagged.years,
            "grafico-enti" => &flagged.enti,
            "grafico-fornitori" => &flagged.suppliers,
            _ => &flagged.labels,
        };
        chart_notes::mark(chart, keys);
        if chart.id == "grafico-fornitori" {
            chart.note.extend(chart_notes::unattributed(c, indices));
        }
    }
    charts
}

/// Charts of a body's or a year's page.
pub(crate) fn group(c: &Catalog, g: &Group, kind: GroupKind) -> Vec<ChartData> {
    let top = g
        .fornitori
        .iter()
        .take(TOP)
        .map(|f| ChartRow {
            etichetta: supplier_name(c, &f.chiave),
            importo: f.importo,
            lotti: f.lotti,
            url: Some(c.urls.href(&Route::Item(Section::Fornitori, &f.chiave))),
            dubbio: false,
        })
        .collect();
    let top = chart(
        "fornitori",
        "Principali fornitori per importo",
        "Fornitore",
        top,
    );
    match kind {
        GroupKind::Ente => {
            let mut years = Tally::default();
            for &i in &g.procedure {
                let p = &c.procedures[i];
                years.add(&p.anno.to_string(), p.importo_aggiudicato);
            }
            let mut years = years.by_key();
            years.reverse();
            let rows = breakdown_rows(years, |k| {
                let url = c.urls.href(&Route::Item(Section::Anni, k));
                (k.to_string(), Some(url))
            });
            let charts = vec![
                chart("anni", "Importo aggiudicato per anno", "Anno", rows),
                top,
                mix(c, &g.procedure),
            ];
            worth_drawing(noted(c, &g.procedure, charts))
        }
        GroupKind::Anno => {
            let mut enti = Tally::default();
            for &i in &g.procedure {
                let p = &c.procedures[i];
                enti.add(&p.ente, p.importo_aggiudicato);
            }
            let rows = breakdown_rows(enti.by_amount(), |k| {
                (c.ente_name(k).to_string(), Some(ente_href(c, k)))
            });
            let charts = vec![
                chart("enti", "Importo aggiudicato per ente", "Ente", rows),
                top,
                mix(c, &g.procedure),
            ];
            worth_drawing(noted(c, &g.procedure, charts))
        }
        // A CPV code's procedures fit no chart of their own.
        GroupKind::Cpv => Vec::new(),
    }
}

pub(crate) fn supplier(c: &Catalog, s: &Supplier) -> Vec<ChartData> {
    let years = breakdown_rows(s.per_anno.clone(), |k| (k.to_string(), None));
    let enti = breakdown_rows(s.per_ente.clone(), |k| {
        (c.ente_name(k).to_string(), Some(ente_href(c, k)))
    });
    let mut procedures = Tally::default();
    for lot in &s.lotti {
        let label = c
            .procedure(&lot.procedura)
            .map_or_else(|| "Non indicata".into(), label);
        procedures.add(&label, lot.importo_attribuito);
    }
    let mut mix = chart(
        "procedure",
        "Importo attribuito per tipo di procedura",
        "Procedura",
        breakdown_rows(procedures.by_amount(), |k| (k.to_string(), None)),
    );
    mix.motivi = true;
    let flagged = Flagged::of_supplier(c, s, |key| {
        c.procedure(key)
            .map_or_else(|| "Non indicata".into(), label)
    });
    let mut charts = vec![
        chart("anni", "Importo attribuito per anno", "Anno", years),
        chart("enti", "Importo attribuito per ente", "Ente", enti),
        mix,
    ];
    chart_notes::mark(&mut charts[0], &flagged.years);
    chart_notes::mark(&mut charts[1], &flagged.enti);
    chart_notes::mark(&mut charts[2], &flagged.labels);
    worth_drawing(charts)
}

/// Only the charts that say something: one bar compares nothing, so a
/// chart needs two, unless it carries a note (a doubt, the value no
/// supplier is credited with), which is never dropped; a long list of categories keeps its `TOP` largest and
/// sums the rest as «Altri». Years stay whole: they are a timeline.
fn worth_drawing(charts: Vec<ChartData>) -> Vec<ChartData> {
    charts
        .into_iter()
        .filter(|chart| chart.righe.len() >= 2 || !chart.note.is_empty())
        .map(|mut chart| {
            if chart.id != "grafico-anni" && chart.righe.len() > TOP + 1 {
                chart.righe.sort_by_key(|r| std::cmp::Reverse(r.importo));
                let rest = chart.righe.split_off(TOP);
                chart.righe.push(others(&rest));
            }
            chart
        })
        .collect()
}

/// One bar for the rows left out of a chart.
fn others(rest: &[ChartRow]) -> ChartRow {
    ChartRow {
        etichetta: format!("Altri ({})", rest.len()),
        importo: Money(rest.iter().map(|r| r.importo.0).sum()),
        lotti: rest.iter().map(|r| r.lotti).sum(),
        url: None,
        dubbio: rest.iter().any(|r| r.dubbio),
    }
}

fn chart(id: &str, titolo: &str, voce: &str, righe: Vec<ChartRow>) -> ChartData {
    ChartData {
        id: format!("grafico-{id}"),
        titolo: titolo.into(),
        voce: voce.into(),
        motivi: false,
        righe,
        note: Vec::new(),
    }
}

/// Amount awarded by type of procedure, over the procedures `indices`.
fn mix(c: &Catalog, indices: &[usize]) -> ChartData {
    let mut tally = Tally::default();
    for &i in indices {
        let p = &c.procedures[i];
        tally.add(&label(p), p.importo_aggiudicato);
    }
    let rows = breakdown_rows(tally.by_amount(), |k| (k.to_string(), None));
    let mut data = chart(
        "procedure",
        "Importo aggiudicato per tipo di procedura",
        "Procedura",
        rows,
    );
    data.motivi = true;
    data
}

fn label(p: &Procedure) -> String {
    p.procedura.map_or_else(
        || "Non indicata".into(),
        |x| super::env::capitalize(x.label),
    )
}

fn breakdown_rows(
    rows: Vec<Breakdown>,
    name: impl Fn(&str) -> (String, Option<String>),
) -> Vec<ChartRow> {
    rows.into_iter()
        .map(|b| {
            let (etichetta, url) = name(&b.chiave);
            ChartRow {
                etichetta,
                importo: b.importo,
                lotti: b.lotti,
                url,
                dubbio: false,
            }
        })
        .collect()
}

fn supplier_name(c: &Catalog, id: &str) -> String {
    c.suppliers
        .binary_search_by(|s| s.id.as_str().cmp(id))
        .map_or_else(|_| id.to_string(), |j| c.suppliers[j].denominazione.clone())
}

fn ente_href(c: &Catalog, id: &str) -> String {
    c.urls.href(&Route::Item(Section::Enti, id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(n: usize) -> Vec<ChartRow> {
        (1..=n)
            .map(|k| ChartRow {
                etichetta: format!("voce {k}"),
                importo: Money(rust_decimal::Decimal::from(k as u64 * 100)),
                lotti: 1,
                url: None,
                dubbio: k == 1,
            })
            .collect()
    }

    #[test]
    fn one_bar_is_no_chart_and_a_long_list_ends_in_altri() {
        let mut noted = chart("fornitori", "Con nota", "Fornitore", rows(1));
        noted
            .note
            .push("Valore non attribuito a un solo fornitore.".into());
        let kept = worth_drawing(vec![noted]);
        assert_eq!(kept.len(), 1, "a chart with a note stays");
        let drawn = worth_drawing(vec![
            chart("enti", "Per ente", "Ente", rows(1)),
            chart("procedure", "Per procedura", "Procedura", rows(11)),
            chart("fornitori", "Per fornitore", "Fornitore", rows(28)),
            chart("anni", "Per anno", "Anno", rows(28)),
        ]);
        let ids: Vec<&str> = drawn.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(
            ids,
            ["grafico-procedure", "grafico-fornitori", "grafico-anni"]
        );
        assert_eq!(drawn[0].righe.len(), 11, "eleven bars are left whole");
        let long = &drawn[1].righe;
        assert_eq!(long.len(), 11);
        assert_eq!(long[0].etichetta, "voce 28", "largest first");
        let altri = &long[10];
        assert_eq!(altri.etichetta, "Altri (18)");
        // 100 + 200 + … + 1,800: the 18 smallest, every cent kept.
        assert_eq!(altri.importo, Money(rust_decimal::Decimal::from(17_100)));
        assert_eq!(altri.lotti, 18);
        assert!(altri.dubbio, "a flagged bar left out flags «Altri»");
        let total: rust_decimal::Decimal = long.iter().map(|r| r.importo.0).sum();
        assert_eq!(total, rust_decimal::Decimal::from(40_600));
        assert_eq!(drawn[2].righe.len(), 28, "years are a timeline, kept whole");
    }
}
