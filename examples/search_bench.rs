//! Search bench, part 1: generates a deterministic synthetic corpus of Italian
//! procurement docs, builds vetro's index and reports time, size, files and peak RSS.
//!
//! cargo run --release --example search_bench -- <docs> <out-dir> [--pagefind <html-dir>]
//!
//! Writes the site (index, search page, the client's modules) into <out-dir>, the queries to try into
//! <out-dir>/bench-queries.json, and with --pagefind one HTML page per doc for Pagefind.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use vetro::search::{DocKind, SearchDoc, build_index};

const ACTIONS: &[&str] = &[
    "Servizio di manutenzione ordinaria",
    "Fornitura di materiale",
    "Lavori di manutenzione straordinaria",
    "Servizio di pulizia",
    "Affidamento del servizio di assistenza tecnica",
    "Fornitura e posa in opera",
    "Lavori di riqualificazione",
    "Servizio di noleggio",
    "Acquisto di licenze software",
    "Servizio di progettazione e direzione lavori",
    "Fornitura di arredi",
    "Servizio di consulenza legale",
    "Lavori di adeguamento sismico",
    "Servizio di trasporto scolastico",
    "Fornitura di carburante",
];
const OBJECTS: &[&str] = &[
    "del verde pubblico",
    "degli impianti di illuminazione pubblica",
    "della scuola primaria",
    "degli uffici comunali",
    "della rete fognaria",
    "del palazzo municipale",
    "delle strade comunali",
    "per la refezione scolastica",
    "degli automezzi comunali",
    "dei sistemi informativi",
    "per il servizio antispam e backup",
    "della biblioteca civica",
    "del cimitero comunale",
    "degli impianti sportivi",
    "di cancelleria per gli uffici",
    "della piattaforma di posta elettronica",
    "per la protezione civile",
    "del centro di raccolta rifiuti",
    "degli impianti termici",
    "del sistema di videosorveglianza",
];
const PLACES: &[&str] = &[
    "in via Roma",
    "in piazza Garibaldi",
    "presso la sede di via Verdi",
    "nel quartiere Nord",
    "nella frazione di San Martino",
    "in località Colle",
    "",
    "",
    "",
    "",
];
const PROCEDURES: &[&str] = &[
    "affidamento-diretto",
    "affidamento-diretto",
    "affidamento-diretto",
    "procedura-negoziata",
    "procedura-aperta",
    "adesione-convenzione",
    "procedura-ristretta",
    "accordo-quadro",
];
const CATEGORIES: &[&str] = &["lavori", "servizi", "forniture"];
const BODY_WORDS: &[&str] = &[
    "premesso",
    "che",
    "con",
    "determinazione",
    "dirigenziale",
    "è",
    "stato",
    "approvato",
    "il",
    "progetto",
    "esecutivo",
    "ritenuto",
    "necessario",
    "procedere",
    "all'affidamento",
    "nel",
    "rispetto",
    "dei",
    "principi",
    "di",
    "economicità",
    "efficacia",
    "tempestività",
    "correttezza",
    "visto",
    "l'articolo",
    "50",
    "decreto",
    "legislativo",
    "36/2023",
    "operatore",
    "economico",
    "offerta",
    "ribasso",
    "percentuale",
    "congruità",
    "prezzo",
    "verifica",
    "requisiti",
    "capitolo",
    "bilancio",
    "esercizio",
    "impegno",
    "spesa",
    "durc",
    "regolare",
    "tracciabilità",
    "flussi",
    "finanziari",
    "responsabile",
    "unico",
    "progetto",
    "mercato",
    "elettronico",
    "pubblica",
    "amministrazione",
    "trattativa",
    "diretta",
    "garanzia",
    "definitiva",
    "polizza",
    "contratto",
    "stipula",
    "scrittura",
    "privata",
    "liquidazione",
    "fattura",
    "elettronica",
    "collaudo",
    "regolare",
    "esecuzione",
    "cantiere",
    "sicurezza",
    "manodopera",
    "subappalto",
    "proroga",
    "tecnica",
    "pnrr",
    "finanziato",
    "unione",
    "europea",
    "nextgenerationeu",
    "cup",
    "missione",
    "componente",
    "investimento",
    "digitalizzazione",
];
const COMPANY_WORDS: &[&str] = &[
    "Edil",
    "Tecno",
    "Servizi",
    "Green",
    "Omni",
    "Data",
    "Costruzioni",
    "Impianti",
    "Global",
    "Toscana",
    "Verde",
    "Sistemi",
    "Nord",
    "Sud",
    "Adriatica",
    "Ligure",
    "Alfa",
    "Beta",
    "Delta",
    "Euro",
];
const FORMS: &[&str] = &["S.r.l.", "S.p.A.", "S.n.c.", "Soc. Coop.", "S.r.l.s."];

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }
    /// Zipf-like skew: small indices far more likely.
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((n as f64).powf(u) - 1.0) as usize % n
    }
}

struct Supplier {
    name: String,
    vat: String,
}

fn suppliers(rng: &mut Rng, n: usize) -> Vec<Supplier> {
    (0..n)
        .map(|i| Supplier {
            name: format!(
                "{}{} {} {}",
                rng.pick(COMPANY_WORDS),
                rng.pick(COMPANY_WORDS).to_lowercase(),
                i,
                rng.pick(FORMS)
            ),
            vat: format!("{:011}", rng.next() % 100_000_000_000),
        })
        .collect()
}

fn bodies(rng: &mut Rng) -> Vec<String> {
    (0..50)
        .map(|_| {
            let len = 40 + rng.below(80);
            (0..len)
                .map(|_| rng.pick(BODY_WORDS))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// `n` docs: per 10, about 6 acts and 3 CIG pages; supplier pages for a tenth.
fn corpus(n: usize) -> Vec<SearchDoc<'static>> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let sups = suppliers(&mut rng, (n / 10).max(1));
    let bodies = bodies(&mut rng);
    let entes: Vec<(String, String)> = (0..40)
        .map(|i| (format!("comune-{i}"), format!("Comune di Paese{i}")))
        .collect();
    let mut docs = Vec::with_capacity(n);
    for i in 0..n {
        if i % 10 == 9 {
            let s = &sups[(i / 10) % sups.len()];
            docs.push(SearchDoc {
                kind: DocKind::Fornitore,
                title: s.name.clone().into(),
                url: format!("/fornitori/{}/", s.vat).into(),
                date: None,
                amount: Some(Decimal::new(rng.below(50_000_000) as i64 * 100, 2)),
                ente: None,
                ente_name: None,
                year: None,
                procedura: None,
                categoria: None,
                text: vec![format!("{} operatore economico", s.name).into()],
                identifiers: vec![s.vat.clone().into()],
                indicatori: false,
            });
            continue;
        }
        let s = &sups[rng.skewed(sups.len())];
        let (ente, ente_name) = &entes[rng.skewed(entes.len())];
        let date = NaiveDate::from_ymd_opt(
            2015 + rng.below(11) as i32,
            1 + rng.below(12) as u32,
            1 + rng.below(28) as u32,
        );
        let cig = format!("B{:09X}", rng.next() % 0xF_FFFF_FFFF);
        let title = format!(
            "{} {} {}",
            rng.pick(ACTIONS),
            rng.pick(OBJECTS),
            rng.pick(PLACES)
        )
        .trim()
        .to_owned();
        let amount = Decimal::new(
            (500.0 * 10f64.powf(rng.below(4000) as f64 / 1000.0) * 100.0) as i64,
            2,
        );
        let kind = if i % 10 < 6 {
            DocKind::Atto
        } else {
            DocKind::Procedura
        };
        let url = match kind {
            DocKind::Procedura => format!("/cig/{cig}/"),
            _ => format!(
                "/atti/{ente}/{}/determinazione-{i}/",
                date.map_or(0, |d| d.format("%Y").to_string().parse().unwrap_or(0))
            ),
        };
        docs.push(SearchDoc {
            kind,
            title: title.clone().into(),
            url: url.into(),
            date,
            amount: Some(amount),
            ente: Some(ente.clone().into()),
            ente_name: Some(ente_name.clone().into()),
            year: date.map(|d| d.format("%Y").to_string().parse().unwrap_or(2015)),
            procedura: Some(rng.pick(PROCEDURES).into()),
            categoria: Some(rng.pick(CATEGORIES).into()),
            text: vec![
                format!(
                    "{title}. Aggiudicatario {}. {}",
                    s.name,
                    bodies[rng.below(bodies.len())]
                )
                .into(),
            ],
            identifiers: vec![cig.into(), s.vat.clone().into(), i.to_string().into()],
            indicatori: false,
        });
    }
    docs
}

fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_owned)
        })
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, bytes).with_context(|| path.display().to_string())
}

fn pagefind_page(d: &SearchDoc<'_>) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut html = format!(
        "<!doctype html><html lang=\"it\"><head><meta charset=\"utf-8\"><title>{0}</title></head><body><main data-pagefind-body><h1>{0}</h1><p>{1}</p>",
        esc(&d.title),
        esc(&d.text.join(" "))
    );
    let filters = [
        ("anno", d.year.map(|y| y.to_string())),
        ("ente", d.ente.as_deref().map(str::to_owned)),
        ("procedura", d.procedura.as_deref().map(str::to_owned)),
        ("categoria", d.categoria.as_deref().map(str::to_owned)),
        ("tipo", Some(d.kind.id().to_owned())),
    ];
    for (k, v) in filters {
        if let Some(v) = v {
            let _ = write!(html, "<span hidden data-pagefind-filter=\"{k}\">{v}</span>");
        }
    }
    if let Some(a) = d.amount {
        let _ = write!(
            html,
            "<span hidden data-pagefind-sort=\"importo\">{a}</span>"
        );
    }
    if let Some(date) = d.date {
        let _ = write!(
            html,
            "<span hidden data-pagefind-sort=\"data\">{date}</span>"
        );
    }
    html + "</main></body></html>"
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args
        .get(1)
        .context("usage: <docs> <out-dir> [--pagefind <dir>]")?
        .parse()?;
    let out = PathBuf::from(args.get(2).context("missing out dir")?);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let started = Instant::now();
    let docs = corpus(n);
    let generated = started.elapsed();
    let started = Instant::now();
    let files = build_index(&docs);
    let built = started.elapsed();
    let bytes: usize = files.iter().map(|f| f.1.len()).sum();
    let biggest = files.iter().map(|f| f.1.len()).max().unwrap_or(0);
    println!(
        "docs={n} corpus={:.2}s build={:.2}s files={} size={:.1}MB biggest={}KB peak_rss={}MB",
        generated.as_secs_f64(),
        built.as_secs_f64(),
        files.len(),
        bytes as f64 / 1e6,
        biggest / 1024,
        peak_rss_kb() / 1024
    );
    for (path, data) in &files {
        write(&out.join(path), data)?;
    }
    for module in std::fs::read_dir(root.join("themes/default/static/js"))? {
        let module = module?;
        let name = Path::new("static/js").join(module.file_name());
        write(&out.join(name), &std::fs::read(module.path())?)?;
    }
    write(
        &out.join("cerca/index.html"),
        &std::fs::read(root.join("tests/browser/fixtures/cerca.html"))?,
    )?;
    let sample = &docs[n / 2];
    let supplier = docs
        .iter()
        .find(|d| d.kind == DocKind::Fornitore)
        .unwrap_or(sample);
    let queries = serde_json::json!({ "cig": sample.identifiers[0], "cigUrl": sample.url, "piva": supplier.identifiers[0], "pivaUrl": supplier.url });
    write(
        &out.join("bench-queries.json"),
        queries.to_string().as_bytes(),
    )?;
    if let (Some(flag), Some(dir)) = (args.get(3), args.get(4))
        && flag == "--pagefind"
    {
        let dir = PathBuf::from(dir);
        for (i, d) in docs.iter().enumerate() {
            write(
                &dir.join(format!("d/{i}/index.html")),
                pagefind_page(d).as_bytes(),
            )?;
        }
    }
    Ok(())
}
