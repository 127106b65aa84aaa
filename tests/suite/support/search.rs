//! Fixture documents for the search tests, after the seed acts. Amounts and dates of
//! acts other than determinazione 10107 are test values, not facts of the seeds.

use std::path::Path;
use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use vetro::search::{DocKind, SearchDoc, build_index};

struct Fix<'a> {
    kind: DocKind,
    title: &'a str,
    url: &'a str,
    date: Option<(i32, u32, u32)>,
    amount: Option<&'a str>,
    ente: Option<(&'a str, &'a str)>,
    procedura: Option<&'a str>,
    categoria: Option<&'a str>,
    text: &'a str,
    ids: &'a [&'a str],
}

const LIVORNO: (&str, &str) = ("comune-di-livorno", "Comune di Livorno");
const REGIONE: (&str, &str) = ("regione-toscana", "Regione Toscana");

const FIXTURES: &[Fix] = &[
    Fix {
        kind: DocKind::Atto,
        title: "Fornitura di servizio antispam e backup O365 — affidamento ed impegno di spesa",
        url: "/atti/comune-di-livorno/2025/determinazione-10107/",
        date: Some((2025, 12, 12)),
        amount: Some("104832.00"),
        ente: Some(LIVORNO),
        procedura: Some("affidamento-diretto"),
        categoria: Some("servizi"),
        text: "Settore Sistemi Informativi. Affidamento del servizio antispam e backup in cloud \
               a Omniconnect S.r.l. tramite MePA, trattativa diretta.",
        ids: &["B9538AC2B9", "72910000-2", "01586840504", "10107"],
    },
    Fix {
        kind: DocKind::Procedura,
        title: "Fornitura di servizio antispam e backup O365",
        url: "/cig/B9538AC2B9/",
        date: Some((2025, 12, 12)),
        amount: Some("104832.00"),
        ente: Some(LIVORNO),
        procedura: Some("affidamento-diretto"),
        categoria: Some("servizi"),
        text: "Aggiudicatario Omniconnect S.r.l.",
        ids: &["B9538AC2B9", "72910000-2", "01586840504"],
    },
    Fix {
        kind: DocKind::Fornitore,
        title: "Omniconnect S.r.l.",
        url: "/fornitori/01586840504/",
        date: Some((2025, 12, 12)),
        amount: Some("104832.00"),
        ente: None,
        procedura: None,
        categoria: None,
        text: "Via Salvo d'Acquisto 40/v, 56025 Pontedera (PI)",
        ids: &["01586840504"],
    },
    Fix {
        kind: DocKind::Atto,
        title: "Estensione della protezione mediante XDR MDR patching e identity",
        url: "/atti/comune-di-livorno/2026/determinazione-1061/",
        date: Some((2026, 2, 12)),
        amount: Some("48000.00"),
        ente: Some(LIVORNO),
        procedura: Some("affidamento-diretto"),
        categoria: Some("servizi"),
        text: "Sicurezza dei sistemi informativi dell'Ente.",
        ids: &["BA0649FD87", "72268000-1", "1061"],
    },
    Fix {
        kind: DocKind::Atto,
        title: "PNRR M1C1I1.5 Cybersecurity: piano di disaster recovery e business continuity",
        url: "/atti/comune-di-livorno/2025/determinazione-7788/",
        date: Some((2025, 10, 2)),
        amount: Some("75500.00"),
        ente: Some(LIVORNO),
        procedura: Some("procedura-negoziata"),
        categoria: Some("servizi"),
        text: "Analisi e progettazione, finanziato dall'Unione europea NextGenerationEU.",
        ids: &["B85C478F9C", "J46G24000020006", "72224000-1", "7788"],
    },
    Fix {
        kind: DocKind::Atto,
        title: "Affidamento diretto del servizio di posta elettronica certificata Legalmail",
        url: "/atti/regione-toscana/2020/provvedimento-dc20-036-mepa/",
        date: Some((2020, 3, 30)),
        amount: Some("1200.00"),
        ente: Some(REGIONE),
        procedura: Some("affidamento-diretto"),
        categoria: Some("servizi"),
        text: "Fornitore Infocert S.p.A., periodo dal 1° aprile al 30 settembre 2020.",
        ids: &["DC20_036_MEPA"],
    },
    Fix {
        kind: DocKind::Atto,
        title: "Lavori di manutenzione straordinaria delle strade comunali",
        url: "/atti/comune-di-livorno/2024/determinazione-500/",
        date: Some((2024, 5, 20)),
        amount: Some("250000.00"),
        ente: Some(LIVORNO),
        procedura: Some("procedura-aperta"),
        categoria: Some("lavori"),
        text: "Rifacimento del manto stradale e della segnaletica. Attività di cantiere.",
        ids: &["500", "ABC-Lavori"],
    },
];

fn day(d: (i32, u32, u32)) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(d.0, d.1, d.2)
}

pub fn docs() -> Vec<SearchDoc<'static>> {
    FIXTURES
        .iter()
        .map(|f| SearchDoc {
            kind: f.kind,
            title: f.title.into(),
            url: f.url.into(),
            date: f.date.and_then(day),
            amount: f.amount.and_then(|a| Decimal::from_str(a).ok()),
            ente: f.ente.map(|e| e.0.into()),
            ente_name: f.ente.map(|e| e.1.into()),
            year: f.date.map(|d| d.0),
            procedura: f.procedura.map(Into::into),
            categoria: f.categoria.map(Into::into),
            text: vec![f.text.into()],
            identifiers: f.ids.iter().map(|&s| s.into()).collect(),
            indicatori: f.procedura == Some("procedura-aperta"),
        })
        .collect()
}

/// `n` docs cycling through the fixtures (each with its own URL): enough, at a few
/// thousand, for common words to get postings files and be listed as hot terms.
pub fn many_docs(n: usize) -> Vec<SearchDoc<'static>> {
    let fixtures = docs();
    (0..n)
        .map(|i| {
            let mut d = fixtures[i % fixtures.len()].clone();
            d.url = format!("{}{i}/", d.url).into();
            d
        })
        .collect()
}

/// Writes a minimal site: the index, the search page fixture and the client's modules.
pub fn write_site(dir: &Path, docs: &[SearchDoc<'_>]) -> std::io::Result<()> {
    let root = super::repo();
    for (path, bytes) in build_index(docs) {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(target, bytes)?;
    }
    std::fs::create_dir_all(dir.join("static/js"))?;
    for module in std::fs::read_dir(root.join("themes/default/static/js"))? {
        let module = module?;
        std::fs::copy(
            module.path(),
            dir.join("static/js").join(module.file_name()),
        )?;
    }
    std::fs::copy(
        root.join("tests/browser/fixtures/cerca.html"),
        dir.join("cerca/index.html"),
    )?;
    Ok(())
}
