//! `cargo xtask bench anac N OUT`: ANAC BDNCP open-data files at national
//! scale, for timing `vetro import anac` (docs/misure/2026-12-02-import-anac.md).
//!
//! Three files with ANAC's headers and quoting (`cig.csv` with a BOM and the
//! old lower-case names, `aggiudicazioni.csv` and `aggiudicatari.csv` upper-
//! and lower-case as ANAC publishes them): N CIGs spread over N/50 bodies,
//! one to three CPV rows per CIG, awards for most, some re-awarded, joint
//! ventures, delegated procedures, natural-person winners and placeholders in
//! the shares real files show. Body 0 (`BODY_CF` printed at the end) is the
//! one to pass to `--cf`. Same N and seed, same bytes.

use crate::corpus::rng::{Rng, Stream};
use crate::corpus::synthetic_ids::{cig_ordinary, make_piva, scatter};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use vetro::check::ids::{IdError, check_codice_fiscale};

const CIG_HEADER: &str = "cig;cig_accordo_quadro;numero_gara;oggetto_gara;importo_complessivo_gara;n_lotti_componenti;oggetto_lotto;importo_lotto;oggetto_principale_contratto;stato;settore;luogo_istat;provincia;data_pubblicazione;data_scadenza_offerta;cod_tipo_scelta_contraente;tipo_scelta_contraente;cod_modalita_realizzazione;modalita_realizzazione;codice_ausa;cf_amministrazione_appaltante;denominazione_amministrazione_appaltante;sezione_regionale;id_centro_costo;denominazione_centro_costo;anno_pubblicazione;mese_pubblicazione;cod_cpv;descrizione_cpv;flag_prevalente;FLAG_DELEGA;CF_SA_DELEGANTE;DENOMINAZIONE_SA_DELEGANTE";
const AWARD_HEADER: &str = "CIG;ID_AGGIUDICAZIONE;DATA_AGGIUDICAZIONE_DEFINITIVA;ESITO;CRITERIO_AGGIUDICAZIONE;IMPORTO_AGGIUDICAZIONE;NUMERO_OFFERTE_AMMESSE;NUM_IMPRESE_OFFERENTI";
const WINNER_HEADER: &str =
    "cig;ruolo;codice_fiscale;denominazione;tipo_soggetto;id_aggiudicazione";

/// (code, description, contract object) of the CPV rows drawn.
const CPV: &[(&str, &str, &str)] = &[
    (
        "55524000-9",
        "SERVIZI DI RISTORAZIONE SCOLASTICA",
        "SERVIZI",
    ),
    ("90919200-4", "SERVIZI DI PULIZIA DI UFFICI", "SERVIZI"),
    ("45233141-9", "LAVORI DI MANUTENZIONE STRADALE", "LAVORI"),
    ("30192000-1", "FORNITURE PER UFFICIO", "FORNITURE"),
    ("72260000-5", "SERVIZI CONNESSI AL SOFTWARE", "SERVIZI"),
    ("09310000-5", "ELETTRICITÀ", "FORNITURE"),
    (
        "71000000-8",
        "SERVIZI ARCHITETTONICI E DI INGEGNERIA",
        "SERVIZI",
    ),
    ("33600000-6", "PRODOTTI FARMACEUTICI", "FORNITURE"),
];

/// (code, label) of the procedure types drawn, most often direct awards.
const PROCEDURES: &[(&str, &str)] = &[
    ("23", "AFFIDAMENTO DIRETTO"),
    ("23", "AFFIDAMENTO DIRETTO"),
    ("23", "AFFIDAMENTO DIRETTO"),
    ("1", "PROCEDURA APERTA"),
    ("4", "PROCEDURA NEGOZIATA SENZA PREVIA PUBBLICAZIONE"),
    (
        "26",
        "AFFIDAMENTO DIRETTO IN ADESIONE AD ACCORDO QUADRO/CONVENZIONE",
    ),
];

pub struct AnacStats {
    pub files: Vec<(PathBuf, u64)>,
    pub body_cf: String,
    pub body_cigs: usize,
}

/// Writes the three files of `cigs` CIGs into `out` (created if missing).
pub fn generate(cigs: usize, seed: u64, out: &Path) -> anyhow::Result<AnacStats> {
    std::fs::create_dir_all(out)?;
    let bodies = (cigs / 50).max(10);
    let mut files = Files::create(out)?;
    let mut body_cigs = 0;
    for index in 0..cigs {
        let mut rng = Rng::stream(seed, Stream::Anac, index as u64);
        let procedure = Procedure::draw(index, bodies, &mut rng);
        body_cigs += usize::from(procedure.body == 0);
        procedure.write(&mut files, &mut rng)?;
    }
    let sizes = files.finish()?;
    Ok(AnacStats {
        files: sizes,
        body_cf: body_cf(0),
        body_cigs,
    })
}

fn body_cf(body: usize) -> String {
    make_piva(800_000 + body as u32, 100 + (body % 800) as u32)
}

fn supplier_cf(supplier: u64) -> String {
    make_piva(2_000_000 + supplier as u32, 300 + (supplier % 600) as u32)
}

/// A natural person's codice fiscale, right shape and check letter.
fn person_cf(rng: &mut Rng) -> String {
    let letters = |rng: &mut Rng, n: usize| -> String {
        (0..n)
            .map(|_| char::from(b'A' + rng.below(26) as u8))
            .collect()
    };
    let month = *rng.pick(&['A', 'B', 'C', 'D', 'E', 'H', 'L', 'M', 'P', 'R', 'S', 'T']);
    let draft = format!(
        "{}{}{:02}{month}{:02}H501A",
        letters(rng, 3),
        letters(rng, 3),
        rng.range(40, 99),
        rng.range(1, 28)
    );
    match check_codice_fiscale(&draft) {
        Err(IdError::Check { fixed }) => fixed,
        _ => draft,
    }
}

struct Files {
    cig: BufWriter<File>,
    awards: BufWriter<File>,
    winners: BufWriter<File>,
    paths: [PathBuf; 3],
}

impl Files {
    fn create(out: &Path) -> anyhow::Result<Files> {
        let paths = [
            out.join("cig.csv"),
            out.join("aggiudicazioni.csv"),
            out.join("aggiudicatari.csv"),
        ];
        let open = |p: &Path| -> anyhow::Result<BufWriter<File>> {
            Ok(BufWriter::with_capacity(1 << 20, File::create(p)?))
        };
        let mut files = Files {
            cig: open(&paths[0])?,
            awards: open(&paths[1])?,
            winners: open(&paths[2])?,
            paths,
        };
        files.cig.write_all("\u{feff}".as_bytes())?;
        row(&mut files.cig, CIG_HEADER.split(';'))?;
        row(&mut files.awards, AWARD_HEADER.split(';'))?;
        row(&mut files.winners, WINNER_HEADER.split(';'))?;
        Ok(files)
    }

    fn finish(mut self) -> anyhow::Result<Vec<(PathBuf, u64)>> {
        self.cig.flush()?;
        self.awards.flush()?;
        self.winners.flush()?;
        self.paths
            .into_iter()
            .map(|p| Ok((p.clone(), std::fs::metadata(&p)?.len())))
            .collect()
    }
}

/// One `;`-separated line, every field quoted, as ANAC writes them.
fn row<'a>(out: &mut impl Write, fields: impl IntoIterator<Item = &'a str>) -> std::io::Result<()> {
    let mut first = true;
    for field in fields {
        if !first {
            out.write_all(b";")?;
        }
        first = false;
        write!(out, "\"{}\"", field.replace('"', "\"\""))?;
    }
    out.write_all(b"\n")
}

struct Procedure {
    index: usize,
    cig: String,
    body: usize,
    delegated_by: Option<usize>,
    cents: i64,
    year: i64,
    month: i64,
    procedure: (&'static str, &'static str),
}

impl Procedure {
    fn draw(index: usize, bodies: usize, rng: &mut Rng) -> Procedure {
        let body = rng.below(bodies as u64) as usize;
        Procedure {
            index,
            cig: cig_ordinary(scatter(index as u64, 7_919, 11, 10_000_000)),
            body,
            delegated_by: rng
                .chance(0.03)
                .then(|| rng.below(bodies as u64) as usize)
                .filter(|&d| d != body),
            cents: rng.log_uniform(50_000, 500_000_000),
            year: rng.range(2018, 2025),
            month: rng.range(1, 12),
            procedure: *rng.pick(PROCEDURES),
        }
    }

    fn write(&self, files: &mut Files, rng: &mut Rng) -> anyhow::Result<()> {
        self.write_cig_rows(&mut files.cig, rng)?;
        if !rng.chance(0.85) {
            return Ok(());
        }
        let awards = if rng.chance(0.02) { 2 } else { 1 };
        for n in 0..awards {
            let id = (10_000_000 + 2 * self.index + n).to_string();
            self.write_award(&mut files.awards, &id, n, rng)?;
            write_winners(&mut files.winners, &self.cig, &id, rng)?;
        }
        Ok(())
    }

    fn write_cig_rows(&self, out: &mut impl Write, rng: &mut Rng) -> std::io::Result<()> {
        let amount = money(self.cents);
        let date = format!("{}-{:02}-{:02}", self.year, self.month, rng.range(1, 28));
        let (year, month) = (self.year.to_string(), self.month.to_string());
        let body = body_cf(self.body);
        let body_name = format!("COMUNE SINTETICO N. {}", self.body);
        let (flag, delegante, delegante_name) = match self.delegated_by {
            Some(d) => ("1", body_cf(d), format!("COMUNE SINTETICO N. {d}")),
            None => ("0", String::new(), String::new()),
        };
        let rows = 1 + usize::from(rng.chance(0.3)) + usize::from(rng.chance(0.1));
        let first = rng.below(CPV.len() as u64) as usize;
        let oggetto = format!("{} – lotto {}", CPV[first].1.to_lowercase(), self.cig);
        for r in 0..rows {
            let (cpv, cpv_name, object) = CPV[(first + r) % CPV.len()];
            row(
                out,
                [
                    self.cig.as_str(),
                    "",
                    &self.cig[..7],
                    &oggetto,
                    &amount,
                    "1",
                    &oggetto,
                    &amount,
                    object,
                    "ATTIVO",
                    "SETTORI ORDINARI",
                    "",
                    "UD",
                    &date,
                    "",
                    self.procedure.0,
                    self.procedure.1,
                    "1",
                    "CONTRATTO D'APPALTO",
                    "",
                    &body,
                    &body_name,
                    "",
                    "",
                    "",
                    &year,
                    &month,
                    cpv,
                    cpv_name,
                    if r == 0 { "1" } else { "0" },
                    flag,
                    &delegante,
                    &delegante_name,
                ],
            )?;
        }
        Ok(())
    }

    fn write_award(
        &self,
        out: &mut impl Write,
        id: &str,
        nth: usize,
        rng: &mut Rng,
    ) -> std::io::Result<()> {
        let date = format!(
            "{}-{:02}-{:02} 00:00:00",
            self.year,
            self.month,
            1 + 10 * nth.min(2)
        );
        let amount = if rng.chance(0.01) {
            "-1".to_string()
        } else {
            money(self.cents * rng.range(70, 100) / 100)
        };
        let offers = if rng.chance(0.2) {
            "-1".to_string()
        } else {
            rng.range(1, 12).to_string()
        };
        row(
            out,
            [
                self.cig.as_str(),
                id,
                &date,
                "AGGIUDICATA",
                "PREZZO PIU' BASSO",
                &amount,
                &offers,
                &offers,
            ],
        )
    }
}

/// The winners of one award: one firm, a joint venture of two to four, a
/// natural person, or a placeholder code.
fn write_winners(out: &mut impl Write, cig: &str, id: &str, rng: &mut Rng) -> std::io::Result<()> {
    let supplier = rng.below(200_000);
    if rng.chance(0.1) {
        let members = rng.range(2, 4);
        for m in 0..members {
            let cf = supplier_cf(supplier + m as u64);
            let name = format!("IMPRESA SINTETICA {} SRL", supplier + m as u64);
            let ruolo = if m == 0 { "MANDATARIA" } else { "MANDANTE" };
            row(
                out,
                [cig, ruolo, &cf, &name, "RAGGRUPPAMENTO TEMPORANEO", id],
            )?;
        }
        return Ok(());
    }
    let (cf, name, kind) = match rng.below(200) {
        0..=5 => (
            person_cf(rng),
            format!("PERSONA SINTETICA {supplier}"),
            "IMPRENDITORE INDIVIDUALE",
        ),
        6 => (
            "00000000000".to_string(),
            format!("IMPRESA SINTETICA {supplier} SRL"),
            "IMPRESA",
        ),
        _ => (
            supplier_cf(supplier),
            format!("IMPRESA SINTETICA {supplier} SRL"),
            "IMPRESA",
        ),
    };
    row(
        out,
        [
            cig,
            "OPERATORE ECONOMICO MONOSOGGETTIVO",
            &cf,
            &name,
            kind,
            id,
        ],
    )
}

/// Cents as ANAC writes amounts: `1234.5`.
fn money(cents: i64) -> String {
    let text = format!("{}.{:02}", cents / 100, cents % 100);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_files_are_read_by_vetro_as_anac_datasets() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("anac");
        let stats = generate(3_000, 7, &data).unwrap();
        let again = dir.path().join("again");
        generate(3_000, 7, &again).unwrap();
        for name in ["cig.csv", "aggiudicazioni.csv", "aggiudicatari.csv"] {
            let a = std::fs::read(data.join(name)).unwrap();
            assert_eq!(a, std::fs::read(again.join(name)).unwrap(), "{name}");
        }
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("content")).unwrap();
        let files: Vec<PathBuf> = stats.files.iter().map(|(p, _)| p.clone()).collect();
        let cf = [stats.body_cf.clone()];
        let s = vetro::import::import_anac(&site, &files, &cf).unwrap();
        assert!(s.rejected.is_empty(), "{:?}", s.rejected);
        // Its own CIGs, and those it delegated to another body.
        assert!(s.imported >= stats.body_cigs && stats.body_cigs > 0);
        assert!(s.imported < stats.body_cigs * 2);
    }
}
