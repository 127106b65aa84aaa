//! Privacy by default: natural persons' codici fiscali and IBANs found in
//! free text (an act's text, an `oggetto`, a supplier's name, a payee) are
//! masked once, in the catalog, so that no page, dump, SQLite file, OCDS
//! release, L.190 XML, feed or search index can show them: every output is
//! a view of the catalog. `vetro check` warns the clerk (W701, W702); data
//! imported from ANAC reaches the site anyway, so the build masks it.
//!
//! What is masked is set by `[privacy] maschera` in `vetro.toml`. Each
//! masking is a finding (`codice-fiscale-mascherato`, `iban-mascherato`) on
//! the act, procedure or supplier whose text held it, counted in the
//! data-quality report; the value itself is never kept.

use super::{ActEntry, Catalog, Procedure, Supplier};
use crate::check::{Personal, find_kinds};
use crate::model::{DatoPersonale, Privacy};
use crate::model::{Lotto, Operatore, Regola, Segnalazione};
use rayon::prelude::*;
use std::borrow::Cow;

/// Which kinds of personal data are masked, from the setting.
pub(crate) struct Mask {
    kinds: Vec<Personal>,
}

impl Mask {
    pub fn new(setting: &Privacy) -> Mask {
        let kinds = setting
            .kinds()
            .into_iter()
            .map(|d| match d {
                DatoPersonale::CodiceFiscale => Personal::CodiceFiscale,
                DatoPersonale::Iban => Personal::Iban,
                DatoPersonale::Email => Personal::Email,
                DatoPersonale::Telefono => Personal::Phone,
            })
            .collect();
        Mask { kinds }
    }

    /// `text` with every datum of the masked kinds replaced by its
    /// placeholder, and the kinds replaced; `None` when nothing was.
    pub(crate) fn apply(&self, text: &str) -> Option<(String, Vec<Personal>)> {
        if self.kinds.is_empty() || !could_hold(&self.kinds, text) {
            return None;
        }
        let mut masked = String::with_capacity(text.len());
        let mut kinds = Vec::new();
        let mut copied = 0;
        for (kind, range) in find_kinds(text, &self.kinds) {
            if range.start < copied {
                continue;
            }
            masked.push_str(&text[copied..range.start]);
            masked.push_str(placeholder(kind));
            copied = range.end;
            kinds.push(kind);
        }
        if kinds.is_empty() {
            return None;
        }
        masked.push_str(&text[copied..]);
        Some((masked, kinds))
    }
}

/// What replaces a masked datum: it says what was there and keeps nothing
/// of it (a partial code plus the published name would narrow it down).
pub(crate) fn placeholder(kind: Personal) -> &'static str {
    match kind {
        Personal::CodiceFiscale => "[codice fiscale omesso]",
        Personal::Iban => "[IBAN omesso]",
        Personal::Email => "[e-mail omessa]",
        Personal::Phone => "[telefono omesso]",
    }
}

fn rule(kind: Personal) -> Regola {
    match kind {
        Personal::CodiceFiscale => Regola::CodiceFiscaleMascherato,
        Personal::Iban => Regola::IbanMascherato,
        Personal::Email => Regola::EmailMascherata,
        Personal::Phone => Regola::TelefonoMascherato,
    }
}

/// A cheap test that skips the regular expressions on most strings: codici
/// fiscali and IBANs are 15 characters at least and hold digits.
fn could_hold(kinds: &[Personal], text: &str) -> bool {
    let only_codes = kinds
        .iter()
        .all(|k| matches!(k, Personal::CodiceFiscale | Personal::Iban));
    !only_codes || (text.len() >= 15 && text.bytes().any(|b| b.is_ascii_digit()))
}

/// `name` without the personal data in it, whatever the setting: for ids
/// made from a name, which must never carry a natural person's code.
pub(crate) fn without_personal(name: &str) -> Cow<'_, str> {
    let all = Mask {
        kinds: vec![Personal::CodiceFiscale, Personal::Iban],
    };
    match all.apply(name) {
        Some((masked, _)) => Cow::Owned(masked),
        None => Cow::Borrowed(name),
    }
}

/// Masks the whole catalog; the findings go to the owner of each text.
pub(crate) fn mask_catalog(catalog: &mut Catalog, setting: &Privacy) {
    let mask = Mask::new(setting);
    if mask.kinds.is_empty() {
        return;
    }
    catalog.acts.par_iter_mut().for_each(|a| mask_act(&mask, a));
    catalog
        .procedures
        .par_iter_mut()
        .for_each(|p| mask_procedure(&mask, p));
    catalog
        .suppliers
        .par_iter_mut()
        .for_each(|s| mask_supplier(&mask, s));
    let quiet = Scan::new(&mask);
    for page in &mut catalog.pages {
        quiet.quiet(&mut page.body);
        quiet.quiet(&mut page.header.titolo);
        quiet.quiet_opt(&mut page.header.descrizione);
    }
    for (_, g) in catalog.enti.iter_mut() {
        quiet.quiet(&mut g.titolo);
    }
}

/// The findings of one act, procedure or supplier while its texts are masked.
struct Scan<'m> {
    mask: &'m Mask,
    found: Vec<Segnalazione>,
}

impl<'m> Scan<'m> {
    fn new(mask: &'m Mask) -> Scan<'m> {
        Scan {
            mask,
            found: Vec::new(),
        }
    }

    /// Masks `text`, noting one finding per field and kind.
    fn field(&mut self, campo: &str, text: &mut String) {
        let Some((masked, kinds)) = self.mask.apply(text) else {
            return;
        };
        for kind in kinds {
            let regola = rule(kind);
            let seen = self
                .found
                .iter()
                .any(|s| s.regola == regola && s.campo.as_deref() == Some(campo));
            if !seen {
                self.found.push(
                    Segnalazione::new(regola)
                        .campo(campo)
                        .valore(excerpt(&masked, placeholder(kind)))
                        .nota(format!(
                            "{} sostituito da «{}» in ogni pagina e file",
                            what(kind),
                            placeholder(kind)
                        )),
                );
            }
        }
        *text = masked;
    }

    fn opt(&mut self, campo: &str, text: &mut Option<String>) {
        if let Some(text) = text {
            self.field(campo, text);
        }
    }

    /// Masks a copy of a text whose finding is noted where the text belongs.
    fn quiet(&self, text: &mut String) {
        if let Some((masked, _)) = self.mask.apply(text) {
            *text = masked;
        }
    }

    fn quiet_opt(&self, text: &mut Option<String>) {
        if let Some(text) = text {
            self.quiet(text);
        }
    }

    fn operator(&mut self, prefix: &str, op: &mut Operatore) {
        self.field(&format!("{prefix}.denominazione"), &mut op.denominazione);
        self.opt(&format!("{prefix}.sede"), &mut op.sede);
        self.opt(&format!("{prefix}.raggruppamento"), &mut op.raggruppamento);
    }

    fn lot(&mut self, prefix: &str, lot: &mut Lotto) {
        self.opt(&format!("{prefix}oggetto"), &mut lot.oggetto);
        self.opt(&format!("{prefix}norma"), &mut lot.norma);
        self.opt(&format!("{prefix}strumento"), &mut lot.strumento);
        self.opt(&format!("{prefix}criterio"), &mut lot.criterio);
        for op in &mut lot.aggiudicatari {
            self.operator(&format!("{prefix}aggiudicatari"), op);
            drop_personal_code(op);
        }
        for op in &mut lot.partecipanti {
            self.operator(&format!("{prefix}partecipanti"), op);
            drop_personal_code(op);
        }
        for voce in &mut lot.voci {
            self.field(&format!("{prefix}voci.descrizione"), &mut voce.descrizione);
        }
        if let Some(c) = lot.cauzione.as_deref_mut() {
            self.opt(&format!("{prefix}cauzione.garante"), &mut c.garante);
            self.opt(&format!("{prefix}cauzione.tipo"), &mut c.tipo);
            self.opt(&format!("{prefix}cauzione.numero"), &mut c.numero);
        }
    }

    fn payments(&mut self, payments: &mut [crate::model::Liquidazione]) {
        for l in payments {
            self.opt("liquidazioni.beneficiario", &mut l.beneficiario);
            self.opt("liquidazioni.fattura", &mut l.fattura);
        }
    }

    /// Texts of earlier findings (an importer's `valore` is the source's
    /// text) are masked too, before this scan's own are added.
    fn earlier(&self, findings: &mut [Segnalazione]) {
        for s in findings {
            self.quiet_opt(&mut s.valore);
            self.quiet_opt(&mut s.nota);
        }
    }
}

/// A natural person's codice fiscale in its own field is never published:
/// the supplier is shown by name (`procedure::public_operator` does the
/// same for procedures).
fn drop_personal_code(op: &mut Operatore) {
    if op
        .codice_fiscale
        .as_deref()
        .is_some_and(|cf| cf.trim().len() == 16)
    {
        op.codice_fiscale = None;
    }
}

fn what(kind: Personal) -> &'static str {
    match kind {
        Personal::CodiceFiscale => "codice fiscale di persona fisica",
        Personal::Iban => "IBAN",
        Personal::Email => "indirizzo e-mail",
        Personal::Phone => "numero di telefono",
    }
}

/// About 60 characters either side of the first placeholder, so the report
/// shows where the datum was without the whole text of an act.
fn excerpt(masked: &str, placeholder: &str) -> String {
    const SIDE: usize = 60;
    let at = masked.find(placeholder).unwrap_or(0);
    let start = masked[..at]
        .char_indices()
        .rev()
        .nth(SIDE - 1)
        .map_or(0, |(i, _)| i);
    let end_from = at + placeholder.len();
    let end = masked[end_from..]
        .char_indices()
        .nth(SIDE)
        .map_or(masked.len(), |(i, _)| end_from + i);
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    // One line: a report row, not the act's layout.
    out.push_str(
        &masked[start..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    );
    if end < masked.len() {
        out.push('…');
    }
    out
}

fn mask_act(mask: &Mask, a: &mut ActEntry) {
    let mut scan = Scan::new(mask);
    let h = &mut a.header;
    scan.field("oggetto", &mut h.oggetto);
    scan.opt("ufficio", &mut h.ufficio);
    scan.opt("firmatario", &mut h.firmatario);
    scan.opt("rup", &mut h.rup);
    for lot in &mut h.lotti {
        scan.lot("lotti.", lot);
    }
    scan.payments(&mut h.liquidazioni);
    for c in &mut h.collegati {
        scan.opt("collegati.relazione", &mut c.relazione);
    }
    for allegato in &mut h.allegati {
        scan.field("allegati.titolo", &mut allegato.titolo);
    }
    if let Some(p) = h.pnrr.as_deref_mut() {
        scan.opt("pnrr.progetto", &mut p.progetto);
    }
    for d in &mut a.documenti {
        scan.quiet(&mut d.allegato.titolo);
    }
    for l in &mut a.collegamenti {
        scan.quiet_opt(&mut l.collegato.relazione);
    }
    scan.field("testo", &mut a.body);
    a.segnalazioni.append(&mut scan.found);
}

fn mask_procedure(mask: &Mask, p: &mut Procedure) {
    let mut scan = Scan::new(mask);
    scan.earlier(&mut p.segnalazioni);
    scan.field("oggetto", &mut p.oggetto);
    scan.opt("norma", &mut p.norma);
    scan.opt("strumento", &mut p.strumento);
    scan.opt("criterio", &mut p.criterio);
    for award in &mut p.aggiudicatari {
        scan.operator("aggiudicatari", &mut award.operatore);
    }
    for op in &mut p.partecipanti {
        scan.operator("partecipanti", op);
    }
    for voce in &mut p.voci {
        scan.field("voci.descrizione", &mut voce.descrizione);
    }
    if let Some(c) = p.cauzione.as_deref_mut() {
        scan.opt("cauzione.garante", &mut c.garante);
    }
    if let Some(pnrr) = p.pnrr.as_deref_mut() {
        scan.opt("pnrr.progetto", &mut pnrr.progetto);
    }
    scan.payments(&mut p.liquidazioni);
    // The story repeats the acts' subjects (their finding is the act's) and
    // the record's own `oggetto` (noted above).
    for e in &mut p.eventi {
        scan.quiet(&mut e.oggetto);
    }
    p.segnalazioni.append(&mut scan.found);
}

fn mask_supplier(mask: &Mask, s: &mut Supplier) {
    let mut scan = Scan::new(mask);
    scan.earlier(&mut s.segnalazioni);
    scan.field("denominazione", &mut s.denominazione);
    for name in &mut s.denominazioni {
        scan.field("denominazione", name);
    }
    scan.opt("sede", &mut s.sede);
    // A lot's subject is its procedure's finding.
    for lot in &mut s.lotti {
        scan.quiet(&mut lot.oggetto);
        scan.quiet_opt(&mut lot.raggruppamento);
    }
    s.segnalazioni.append(&mut scan.found);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mask(kinds: &[&str]) -> Mask {
        Mask::new(&Privacy {
            maschera: kinds.iter().map(|k| k.to_string()).collect(),
        })
    }

    #[test]
    fn masks_codes_and_ibans_only_by_default() {
        let m = Mask::new(&Privacy::default());
        let (text, kinds) = m
            .apply("al sig. Mario Rossi C.F. RSSMRA85T10A562S, IBAN IT60 X054 2811 1010 0000 0123 456, mario@gmail.com")
            .expect("masked");
        assert_eq!(
            text,
            "al sig. Mario Rossi C.F. [codice fiscale omesso], IBAN [IBAN omesso], mario@gmail.com"
        );
        assert_eq!(kinds, [Personal::CodiceFiscale, Personal::Iban]);
        assert!(m.apply("Fornitura P.IVA 01586840504").is_none());
        assert!(mask(&[]).apply("C.F. RSSMRA85T10A562S").is_none());
        let all = mask(&["email", "telefono"]);
        assert_eq!(
            all.apply("mario@gmail.com, tel. 333 1234567").map(|m| m.0),
            Some("[e-mail omessa], tel. [telefono omesso]".into())
        );
    }

    #[test]
    fn one_finding_per_field_and_kind_with_a_masked_excerpt() {
        let m = Mask::new(&Privacy::default());
        let mut scan = Scan::new(&m);
        let mut text = format!(
            "{} C.F. RSSMRA85T10A562S e C.F. VRDLGU70A01F205X",
            "x".repeat(200)
        );
        scan.field("testo", &mut text);
        assert_eq!(scan.found.len(), 1);
        let valore = scan.found[0].valore.clone().unwrap_or_default();
        assert!(valore.starts_with('…') && valore.contains("[codice fiscale omesso]"));
        assert!(!valore.contains("RSSMRA") && !text.contains("VRDLGU"));
    }

    #[test]
    fn ids_made_from_names_never_carry_a_code() {
        assert_eq!(
            without_personal("Mario Rossi C.F. RSSMRA85T10A562S"),
            "Mario Rossi C.F. [codice fiscale omesso]"
        );
    }
}
