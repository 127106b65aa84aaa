//! `vetro new atto --da FILE` on the five seed acts (their OCR text in
//! `tests/data/seeds/`), compared key by key with the example site's act
//! files, which transcribe the same acts by hand: the answer key. Prints the
//! table of found / right / wrong / missed recorded in
//! `docs/misure/2026-12-02-bozza-da-pdf.md`.

use crate::support::{copy_example, repo, test_data, vetro};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use vetro::model::{Act, Lotto, Operatore};

mod archive;
mod pdf;

/// Each seed, its body, and the example site's transcription of it.
const SEEDS: &[(&str, &str, &str)] = &[
    (
        "000_9769cbd71375cf6d.txt",
        "comune-di-livorno",
        "determinazione-10107-2025.md",
    ),
    (
        "001_a3b139742b2db619.txt",
        "comune-di-livorno",
        "determinazione-1061-2026.md",
    ),
    (
        "002_98f32afcc4c161b1.txt",
        "comune-di-livorno",
        "determinazione-7788-2025.md",
    ),
    (
        "003_3ec37e36c2351603.txt",
        "csi-piemonte",
        "provvedimento-DC20_036_MEPA-2020.md",
    ),
    (
        "004_6209d45a748b3295.txt",
        "comune-di-ponte-san-pietro",
        "lettera-di-impegno-2024-06-18.md",
    ),
];

/// Keys whose value must never be wrong: identifiers and amounts.
const EXACT: &[&str] = &[
    "numero",
    "data",
    "cig",
    "cup",
    "cpv",
    "partita_iva",
    "importo_netto",
    "aliquota_iva",
    "importo_iva",
    "importo_totale",
    "oneri_sicurezza",
    "collegati",
    "impegno",
    "capitolo",
    "piano_dei_conti",
    "esercizio",
];
/// Keys found in every seed whose transcription has them.
const ALWAYS: &[&str] = &[
    "cig",
    "data",
    "numero",
    "oggetto",
    "aggiudicatario",
    "partita_iva",
    "importo_netto",
];

#[derive(Default)]
struct Tally {
    found: usize,
    right: usize,
    wrong: usize,
    missed: usize,
    extra: usize,
}

/// A site with the example's settings and bodies and no act, with the draft
/// of every seed written by the real binary.
fn drafted_site(input: impl Fn(&str) -> PathBuf) -> tempfile::TempDir {
    drafted_site_of(SEEDS, input)
}

/// As [`drafted_site`], for some of the seeds only.
fn drafted_site_of(
    seeds: &[(&str, &str, &str)],
    input: impl Fn(&str) -> PathBuf,
) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_example(dir.path());
    std::fs::remove_dir_all(dir.path().join("content/atti")).expect("clear acts");
    for (seed, ente, _) in seeds {
        let file = input(seed);
        let run = vetro(&[
            "new",
            "atto",
            "--da",
            file.to_str().expect("utf8"),
            "--ente",
            ente,
            "--root",
            dir.path().to_str().expect("utf8"),
        ]);
        assert!(
            run.status.success(),
            "{seed}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    dir
}

fn acts_by_file(root: &Path) -> BTreeMap<String, Act> {
    let (site, diagnostics) = vetro::build::load_and_check(root);
    let errors: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.severity == vetro::diagnostics::Severity::Error)
        .map(|d| format!("{}: {} {}", d.file.display(), d.code, d.message))
        .collect();
    assert!(
        errors.is_empty(),
        "the drafts parse and check without errors: {errors:#?}"
    );
    let site = site.expect("site loads");
    site.acts
        .into_iter()
        .map(|a| {
            (
                a.file
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                a,
            )
        })
        .collect()
}

/// Lower-case words of a text, letters and digits only.
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// A text read right: at least 70% of the key's words are in it (OCR slips
/// and capitals aside), and the value is not twice as long as the key's.
fn loosely_equal(key: &str, draft: &str) -> bool {
    let (k, d) = (words(key), words(draft));
    let hits = k.iter().filter(|w| d.contains(w)).count();
    !k.is_empty() && hits * 10 >= k.len() * 7 && d.len() <= k.len() * 2 + 4
}

fn lot(act: &Act) -> Lotto {
    act.lots.first().cloned().unwrap_or_default()
}

fn supplier(act: &Act) -> Option<Operatore> {
    act.lots
        .first()
        .and_then(|l| l.aggiudicatari.first().cloned())
}

/// Every compared key of an act, as text; `loose` marks the keys compared
/// by their words.
fn values(act: &Act) -> Vec<(&'static str, Option<String>, bool)> {
    let h = &act.header;
    let l = lot(act);
    let s = supplier(act);
    let i = h.impegni.first();
    let money = |m: Option<vetro::model::Money>| m.map(|m| m.0.normalize().to_string());
    let mut links: Vec<String> = h
        .collegati
        .iter()
        .map(|c| {
            format!(
                "{} {}",
                c.numero.clone().unwrap_or_default(),
                c.data.map(|d| d.iso()).unwrap_or_default()
            )
        })
        .collect();
    links.sort();
    vec![
        ("tipo", Some(h.tipo.0.to_string()), false),
        ("numero", h.numero.clone(), false),
        ("data", Some(h.data.iso()), false),
        ("ufficio", h.ufficio.clone(), true),
        (
            "oggetto",
            Some(h.oggetto.clone()).filter(|o| !o.is_empty()),
            true,
        ),
        ("firmatario", h.firmatario.clone(), false),
        ("rup", h.rup.clone(), false),
        ("cig", l.cig.clone(), false),
        ("cup", l.cup.clone(), false),
        (
            "cpv",
            Some(l.cpv.join(" ")).filter(|c| !c.is_empty()),
            false,
        ),
        ("procedura", l.procedura.map(|p| p.0.id.to_string()), false),
        ("norma", l.norma.clone(), true),
        ("strumento", l.strumento.clone(), true),
        ("criterio", l.criterio.clone(), true),
        ("importo_netto", money(l.importo_netto), false),
        ("oneri_sicurezza", money(l.oneri_sicurezza), false),
        ("aliquota_iva", money(l.aliquota_iva), false),
        ("importo_iva", money(l.importo_iva), false),
        ("importo_totale", money(l.importo_totale), false),
        (
            "aggiudicatario",
            s.as_ref().map(|s| s.denominazione.clone()),
            true,
        ),
        (
            "partita_iva",
            s.as_ref().and_then(|s| s.partita_iva.clone()),
            false,
        ),
        ("sede", s.as_ref().and_then(|s| s.sede.clone()), true),
        (
            "pnrr",
            h.pnrr
                .as_ref()
                .map(|p| format!("{} {} {}", p.missione, p.componente, p.investimento)),
            false,
        ),
        (
            "collegati",
            Some(links.join(", ")).filter(|l| !l.is_empty()),
            false,
        ),
        (
            "impegno",
            i.map(|i| i.importo.0.normalize().to_string()),
            false,
        ),
        ("capitolo", i.and_then(|i| i.capitolo.clone()), false),
        (
            "missione_programma",
            i.and_then(|i| i.missione_programma.clone()),
            false,
        ),
        (
            "piano_dei_conti",
            i.and_then(|i| i.piano_dei_conti.clone()),
            false,
        ),
        (
            "esercizio",
            i.and_then(|i| i.esercizio).map(|y| y.to_string()),
            false,
        ),
    ]
}

/// Compares each draft with its transcription; returns the table per key
/// and the problems (a wrong exact value, a key always expected but missed).
fn compare(
    drafts: &BTreeMap<String, Act>,
    keys: &BTreeMap<String, Act>,
) -> (BTreeMap<&'static str, Tally>, Vec<String>) {
    let mut table: BTreeMap<&'static str, Tally> = BTreeMap::new();
    let mut problems = Vec::new();
    for (seed, _, answer) in SEEDS {
        let stem = seed.trim_end_matches(".txt");
        let draft = drafts
            .get(&format!("bozza-{stem}.md"))
            .unwrap_or_else(|| panic!("draft of {seed}"));
        let key = keys
            .get(*answer)
            .unwrap_or_else(|| panic!("answer key {answer}"));
        for ((name, want, loose), (_, got, _)) in values(key).into_iter().zip(values(draft)) {
            let tally = table.entry(name).or_default();
            tally.found += usize::from(got.is_some());
            match (&want, &got) {
                (Some(w), Some(g)) if w == g || (loose && loosely_equal(w, g)) => tally.right += 1,
                (Some(w), Some(g)) => {
                    tally.wrong += 1;
                    if EXACT.contains(&name) {
                        problems.push(format!("{seed}: {name} wrong: {g} (key {w})"));
                    }
                }
                (Some(w), None) => {
                    tally.missed += 1;
                    if ALWAYS.contains(&name) {
                        problems.push(format!("{seed}: {name} missed (key {w})"));
                    }
                }
                (None, Some(_)) => tally.extra += 1,
                (None, None) => {}
            }
        }
    }
    (table, problems)
}

fn print(table: &BTreeMap<&'static str, Tally>) {
    println!("| chiave | trovate | giuste | sbagliate | mancate | in più |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for (key, t) in table {
        println!(
            "| {key} | {} | {} | {} | {} | {} |",
            t.found, t.right, t.wrong, t.missed, t.extra
        );
    }
}

fn answer_key() -> BTreeMap<String, Act> {
    acts_by_file(&repo())
}

#[test]
fn seed_acts_draft_to_their_transcription() {
    let site = drafted_site(|seed| test_data(&format!("seeds/{seed}")));
    let (table, problems) = compare(&acts_by_file(site.path()), &answer_key());
    print(&table);
    assert!(problems.is_empty(), "{problems:#?}");
    let right: usize = table.values().map(|t| t.right).sum();
    assert!(
        right >= 80,
        "at least 80 keys right over the five acts, got {right}"
    );
}
