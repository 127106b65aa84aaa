//! The writer: neutral types → XML valid against the L.190 XSD.
//!
//! Everything the XSD would refuse is checked first and reported all at
//! once; texts longer than the XSD's 250 characters are cut (as ANAC's own
//! tools did), and an unknown amount is written as 0.00, the element being
//! mandatory.

use super::repair::is_valid_codice_fiscale;
use super::{
    L190Dataset, L190Index, L190Lotto, L190Metadata, Membro, NAMESPACE, NO_CIG, Soggetti, Soggetto,
};
use crate::model::{Date, Money};
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::writer::Writer;
use rust_decimal::Decimal;
use std::fmt;
use std::io;

/// What stops a dataset from being written validly: one line per problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteError(pub Vec<String>);

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join("\n"))
    }
}

impl std::error::Error for WriteError {}

type W = Writer<Vec<u8>>;

const MAX_TEXT: usize = 250;

/// Writes a `legge190_1_0` dataset (UTF-8, indented).
pub fn write_dataset(dataset: &L190Dataset) -> Result<Vec<u8>, WriteError> {
    let mut problems = metadata_problems(&dataset.metadata, "Dataset");
    for (i, lotto) in dataset.lotti.iter().enumerate() {
        problems.extend(lotto_problems(lotto).into_iter().map(|p| {
            let cig = lotto.cig.as_deref().unwrap_or(NO_CIG);
            format!("lotto {} (CIG {cig}): {p}", i + 1)
        }));
    }
    if !problems.is_empty() {
        return Err(WriteError(problems));
    }
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    emit_dataset(&mut w, dataset).map_err(|e| WriteError(vec![e.to_string()]))?;
    Ok(finish(w))
}

/// Writes an index (`<indici>`) listing dataset files.
pub fn write_index(index: &L190Index) -> Result<Vec<u8>, WriteError> {
    let mut problems = metadata_problems(&index.metadata, "Indice");
    for entry in &index.datasets {
        if !is_ncname(&entry.id) {
            problems.push(format!(
                "id «{}» non valido: deve iniziare con una lettera (es. «ds2019»)",
                entry.id
            ));
        }
        if entry.data_ultimo_aggiornamento.is_none() {
            problems.push(format!(
                "dataset {}: dataUltimoAggiornamento mancante",
                entry.link
            ));
        }
    }
    if !problems.is_empty() {
        return Err(WriteError(problems));
    }
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    emit_index(&mut w, index).map_err(|e| WriteError(vec![e.to_string()]))?;
    Ok(finish(w))
}

fn finish(w: W) -> Vec<u8> {
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    bytes
}

fn metadata_problems(meta: &L190Metadata, suffix: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if meta.data_pubblicazione.is_none() {
        problems.push(format!("metadata: dataPubblicazione{suffix} mancante"));
    }
    if meta.data_ultimo_aggiornamento.is_none() {
        problems.push(format!(
            "metadata: dataUltimoAggiornamento{suffix} mancante"
        ));
    }
    if meta.anno_riferimento.is_none() {
        problems.push("metadata: annoRiferimento mancante".to_string());
    }
    problems
}

fn lotto_problems(lotto: &L190Lotto) -> Vec<String> {
    let mut problems = Vec::new();
    if lotto.cig.as_ref().is_some_and(|c| c.chars().count() > 10) {
        problems.push("CIG più lungo di 10 caratteri".to_string());
    }
    if !is_valid_codice_fiscale(&lotto.struttura.codice_fiscale) {
        problems.push(format!(
            "codiceFiscaleProp «{}» non valido",
            lotto.struttura.codice_fiscale
        ));
    }
    if lotto.scelta_contraente.is_none() {
        problems.push("sceltaContraente mancante".to_string());
    }
    for amount in [
        &lotto.importo_aggiudicazione,
        &lotto.importo_somme_liquidate,
    ] {
        if let Err(p) = amount_text(*amount) {
            problems.push(p);
        }
    }
    for group in [&lotto.partecipanti, &lotto.aggiudicatari] {
        for member in group.raggruppamenti.iter().flatten() {
            if member.ruolo.is_none() {
                problems.push(format!(
                    "membro «{}» di un raggruppamento senza ruolo",
                    member.soggetto.ragione_sociale
                ));
            }
        }
    }
    problems
}

fn amount_text(amount: Option<Money>) -> Result<String, String> {
    let mut value = amount.map_or(Decimal::ZERO, |m| m.0.round_dp(2));
    if value.is_sign_negative() || value > Decimal::new(99_999_999_999_999, 2) {
        return Err(format!("importo {value} fuori dall'intervallo ammesso"));
    }
    value.rescale(2);
    Ok(value.to_string())
}

/// XSD `ID` values are NCNames: a letter or `_`, then letters, digits, `-_.`.
fn is_ncname(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn cut(text: &str) -> String {
    text.trim().chars().take(MAX_TEXT).collect()
}

fn leaf(w: &mut W, name: &str, text: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(text))?;
    Ok(())
}

fn date_text(date: Option<Date>) -> String {
    date.map(|d| d.iso()).unwrap_or_default()
}

fn declaration(w: &mut W) -> io::Result<()> {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
}

fn emit_metadata(w: &mut W, meta: &L190Metadata, suffix: &str) -> io::Result<()> {
    w.create_element("metadata").write_inner_content(|w| {
        leaf(w, "titolo", &meta.titolo)?;
        leaf(w, "abstract", &meta.r#abstract)?;
        leaf(
            w,
            &format!("dataPubblicazione{suffix}"),
            &date_text(meta.data_pubblicazione),
        )?;
        leaf(w, "entePubblicatore", &meta.ente_pubblicatore)?;
        let updated = date_text(meta.data_ultimo_aggiornamento);
        leaf(w, &format!("dataUltimoAggiornamento{suffix}"), &updated)?;
        let anno = meta
            .anno_riferimento
            .map(|a| a.to_string())
            .unwrap_or_default();
        leaf(w, "annoRiferimento", &anno)?;
        leaf(w, "urlFile", &meta.url_file)?;
        leaf(w, "licenza", &meta.licenza)
    })?;
    Ok(())
}

fn emit_dataset(w: &mut W, dataset: &L190Dataset) -> io::Result<()> {
    declaration(w)?;
    w.create_element("legge190:pubblicazione")
        .with_attribute(("xmlns:legge190", NAMESPACE))
        .with_attribute(("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"))
        .with_attribute(("xsi:schemaLocation", "legge190_1_0 datasetAppaltiL190.xsd"))
        .write_inner_content(|w| {
            emit_metadata(w, &dataset.metadata, "Dataset")?;
            w.create_element("data").write_inner_content(|w| {
                dataset
                    .lotti
                    .iter()
                    .try_for_each(|lotto| emit_lotto(w, lotto))
            })?;
            Ok(())
        })?;
    Ok(())
}

fn emit_lotto(w: &mut W, lotto: &L190Lotto) -> io::Result<()> {
    let amount = |m| amount_text(m).unwrap_or_default();
    w.create_element("lotto").write_inner_content(|w| {
        leaf(w, "cig", lotto.cig.as_deref().unwrap_or(NO_CIG))?;
        w.create_element("strutturaProponente")
            .write_inner_content(|w| {
                leaf(w, "codiceFiscaleProp", &lotto.struttura.codice_fiscale)?;
                leaf(w, "denominazione", &cut(&lotto.struttura.denominazione))
            })?;
        leaf(w, "oggetto", &cut(&lotto.oggetto))?;
        let scelta = lotto.scelta_contraente.map(|p| p.l190_value());
        leaf(w, "sceltaContraente", &scelta.unwrap_or_default())?;
        emit_soggetti(
            w,
            &lotto.partecipanti,
            ["partecipanti", "raggruppamento", "partecipante"],
        )?;
        let names = [
            "aggiudicatari",
            "aggiudicatarioRaggruppamento",
            "aggiudicatario",
        ];
        emit_soggetti(w, &lotto.aggiudicatari, names)?;
        leaf(
            w,
            "importoAggiudicazione",
            &amount(lotto.importo_aggiudicazione),
        )?;
        w.create_element("tempiCompletamento")
            .write_inner_content(|w| {
                if let Some(d) = lotto.data_inizio {
                    leaf(w, "dataInizio", &d.iso())?;
                }
                if let Some(d) = lotto.data_ultimazione {
                    leaf(w, "dataUltimazione", &d.iso())?;
                }
                Ok(())
            })?;
        leaf(
            w,
            "importoSommeLiquidate",
            &amount(lotto.importo_somme_liquidate),
        )
    })?;
    Ok(())
}

/// `[container, group element, single element]`. A "group" of one member
/// is written as a single operator (the XSD wants at least two members).
fn emit_soggetti(w: &mut W, soggetti: &Soggetti, names: [&str; 3]) -> io::Result<()> {
    let [container, group, single] = names;
    w.create_element(container).write_inner_content(|w| {
        let (groups, lone): (Vec<&Vec<Membro>>, Vec<&Vec<Membro>>) =
            soggetti.raggruppamenti.iter().partition(|g| g.len() >= 2);
        for members in groups {
            w.create_element(group).write_inner_content(|w| {
                members.iter().try_for_each(|m| {
                    w.create_element("membro").write_inner_content(|w| {
                        emit_ids(w, &m.soggetto)?;
                        let ruolo = m.ruolo.map(|r| r.l190_value()).unwrap_or_default();
                        leaf(w, "ruolo", &ruolo)
                    })?;
                    Ok(())
                })
            })?;
        }
        let singles = lone.into_iter().flatten().map(|m| &m.soggetto);
        for soggetto in singles.chain(&soggetti.singoli) {
            w.create_element(single)
                .write_inner_content(|w| emit_ids(w, soggetto))?;
        }
        Ok(())
    })?;
    Ok(())
}

/// A codice fiscale the XSD would refuse goes to `identificativoFiscaleEstero`,
/// which takes any text, rather than being lost.
fn emit_ids(w: &mut W, soggetto: &Soggetto) -> io::Result<()> {
    let cf = soggetto.codice_fiscale.as_deref();
    match (cf, soggetto.id_estero.as_deref()) {
        (Some(cf), _) if is_valid_codice_fiscale(cf) => leaf(w, "codiceFiscale", cf)?,
        (_, Some(foreign)) => leaf(w, "identificativoFiscaleEstero", foreign)?,
        (Some(cf), None) => leaf(w, "identificativoFiscaleEstero", cf)?,
        (None, None) => {}
    }
    leaf(w, "ragioneSociale", &cut(&soggetto.ragione_sociale))
}

fn emit_index(w: &mut W, index: &L190Index) -> io::Result<()> {
    declaration(w)?;
    w.create_element("indici").write_inner_content(|w| {
        emit_metadata(w, &index.metadata, "Indice")?;
        w.create_element("indice").write_inner_content(|w| {
            for entry in &index.datasets {
                w.create_element("dataset")
                    .with_attribute(("id", entry.id.as_str()))
                    .write_inner_content(|w| {
                        leaf(w, "linkDataset", &entry.link)?;
                        leaf(
                            w,
                            "dataUltimoAggiornamento",
                            &date_text(entry.data_ultimo_aggiornamento),
                        )
                    })?;
            }
            Ok(())
        })?;
        Ok(())
    })?;
    Ok(())
}
