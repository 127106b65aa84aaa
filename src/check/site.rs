//! Rules across files: references to bodies and acts, duplicates.

use crate::diagnostics::Diagnostic;
use crate::model::{Act, ActId, Site, SupplierIdKind};
use crate::toml_doc::{Seg, TomlDoc};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

pub fn check_site(site: &Site, out: &mut Vec<Diagnostic>) {
    let enti: BTreeSet<&str> = site.enti.iter().map(|e| e.id.as_str()).collect();
    for act in &site.acts {
        check_ente_ref(&site.root, &act.file, &act.header.ente, &enti, out);
    }
    for record in &site.records {
        check_ente_ref(&site.root, &record.file, &record.header.ente, &enti, out);
    }
    check_duplicates(&site.root, &site.acts, out);
    check_links(&site.root, &site.acts, &enti, out);
    check_url_base(site, out);
    check_ocds_prefix(site, out);
    check_secret(site, out);
    super::compliance::check_compliance(site, out);
}

/// Natural-person suppliers need the site's secret for their page ids;
/// without it they are identified by name within each body (an id that
/// carries nothing of the codice fiscale), which splits one person across
/// bodies and joins namesakes: a warning, not an error, so that a site
/// upgraded from an older vetro still builds, and publishes no code.
fn check_secret(site: &Site, out: &mut Vec<Diagnostic>) {
    use crate::secret::{SECRET_ENV, SECRET_FILE};
    if site.secret.is_some() || site.root.join(SECRET_FILE).exists() {
        return;
    }
    let lots = site
        .acts
        .iter()
        .flat_map(|a| a.lots.iter().map(move |l| (&a.file, l)))
        .chain(site.records.iter().map(|r| (&r.file, &r.lot)));
    let mut persons = lots.flat_map(|(file, lot)| {
        lot.aggiudicatari.iter().filter_map(move |op| {
            let kind = super::supplier_ids::published_ids(op)
                .id
                .map(|(_, kind)| kind);
            (kind == Some(SupplierIdKind::PersonaFisica)).then_some(file)
        })
    });
    let Some(first) = persons.next() else {
        return;
    };
    let count = 1 + persons.count();
    out.push(
        Diagnostic::new(
            "W215",
            first.as_path(),
            format!("{count} aggiudicatari sono persone fisiche ma il sito non ha un segreto: le loro pagine sono identificate per nome in ciascun ente"),
        )
        .hint(format!("crea {SECRET_FILE} con una riga di almeno 32 caratteri casuali (per esempio `openssl rand -hex 32 > {SECRET_FILE}`) e conservalo con i sorgenti del sito, oppure impostalo in {SECRET_ENV}: da esso dipendono gli indirizzi stabili delle pagine delle persone fisiche")),
    );
}

/// `vetro init` without `--url-base` writes a `.invalid` address (RFC 2606):
/// a site published with it would link nowhere.
fn check_url_base(site: &Site, out: &mut Vec<Diagnostic>) {
    if !crate::route::is_placeholder_url(&site.config.url_base) {
        return;
    }
    let file = Path::new(crate::config::CONFIG_FILE);
    out.push(
        Diagnostic::new("W222", file, format!("url_base = «{}» è un indirizzo segnaposto", site.config.url_base))
            .at(span_in_file(&site.root, file, &[Seg::Key("url_base")]))
            .hint("scrivi in url_base l'indirizzo pubblico del portale, ad esempio \"https://www.comune.esempio.it/trasparenza/appalti\""),
    );
}

/// OCDS identifiers start with a prefix the Open Contracting Partnership
/// assigns: without one the OCDS files are not published. The /dati/ page
/// only says they are missing; the clerk learns why here.
fn check_ocds_prefix(site: &Site, out: &mut Vec<Diagnostic>) {
    if site.config.ocds_prefisso.is_some() {
        return;
    }
    let file = Path::new(crate::config::CONFIG_FILE);
    out.push(
        Diagnostic::new("W223", file, "ocds_prefisso non è impostato: i file OCDS non sono pubblicati")
            .hint("chiedi un prefisso OCDS all'Open Contracting Partnership (https://standard.open-contracting.org/latest/en/guidance/build/#register-an-ocid-prefix) e scrivilo in vetro.toml, ad esempio ocds_prefisso = \"ocds-abc123\""),
    );
}

fn check_ente_ref(
    root: &Path,
    file: &Path,
    ente: &str,
    enti: &BTreeSet<&str>,
    out: &mut Vec<Diagnostic>,
) {
    if enti.contains(ente) {
        return;
    }
    let hint = match crate::model::closest(ente, enti.iter().copied()) {
        Some(guess) => format!("forse intendevi «{guess}»? Gli enti sono i file di content/enti/"),
        None => format!("crea content/enti/{ente}.toml con denominazione e codice_fiscale"),
    };
    out.push(
        Diagnostic::new("E501", file, format!("ente «{ente}» sconosciuto"))
            .at(span_in_file(root, file, &[Seg::Key("ente")]))
            .hint(hint),
    );
}

/// Two files with one `ActId` would share a page, a row of every table and
/// an OCDS award id: the second is an error, whether the numbers are equal
/// or only slug alike (`11/21` and `11-21`).
fn check_duplicates(root: &Path, acts: &[Act], out: &mut Vec<Diagnostic>) {
    let mut first: BTreeMap<&ActId, &Act> = BTreeMap::new();
    for act in acts {
        match first.get(&act.id) {
            Some(previous) => out.push(duplicate(root, act, previous)),
            None => {
                first.insert(&act.id, act);
            }
        }
    }
}

fn duplicate(root: &Path, act: &Act, previous: &Act) -> Diagnostic {
    let h = &act.header;
    let number = |a: &Act| {
        a.header
            .numero
            .clone()
            .unwrap_or_else(|| a.header.data.iso())
    };
    let (mine, theirs) = (number(act), number(previous));
    let (message, hint) = if mine == theirs {
        (
            format!(
                "atto duplicato: {} n. {mine} del {} è già in {}",
                h.tipo.label(),
                h.data.year(),
                previous.file.display()
            ),
            "ogni atto ha un solo file: unisci i due file o correggi tipo, numero o data"
                .to_string(),
        )
    } else {
        (
            format!(
                "atto duplicato: {} n. «{mine}» del {} avrebbe lo stesso identificativo ({}) e la stessa pagina dell'atto n. «{theirs}» in {}",
                h.tipo.label(),
                h.data.year(),
                act.id,
                previous.file.display()
            ),
            "i due numeri differiscono solo per punteggiatura, spazi o maiuscole: se è lo stesso atto unisci i due file, altrimenti correggi il numero come è scritto nell'atto".to_string(),
        )
    };
    Diagnostic::new("E502", &act.file, message)
        .at(span_in_file(root, &act.file, &[Seg::Key("numero")]))
        .hint(hint)
}

fn check_links(root: &Path, acts: &[Act], enti: &BTreeSet<&str>, out: &mut Vec<Diagnostic>) {
    let known: BTreeSet<&ActId> = acts.iter().map(|a| &a.id).collect();
    for act in acts {
        for (i, link) in act.header.collegati.iter().enumerate() {
            let ente = link.ente.clone().unwrap_or_else(|| act.header.ente.clone());
            let path = [Seg::Key("collegati"), Seg::Index(i)];
            if link.ente.is_some() && !enti.contains(ente.as_str()) {
                out.push(
                    Diagnostic::new("E501", &act.file, format!("l'atto collegato indica l'ente «{ente}», sconosciuto"))
                        .at(span_in_file(root, &act.file, &path))
                        .hint("usa l'id di un file di content/enti/ oppure ometti ente per lo stesso ente dell'atto"),
                );
                continue;
            }
            let (Some(numero), Some(data)) = (&link.numero, link.data) else {
                continue;
            };
            let present = known.contains(&ActId::new(&ente, link.tipo, Some(numero), data));
            if !present && link.url.is_none() {
                out.push(
                    Diagnostic::new(
                        "W503",
                        &act.file,
                        format!(
                            "l'atto collegato {} n. {numero} del {} non è nel sito",
                            link.tipo.label(),
                            data.italian()
                        ),
                    )
                    .at(span_in_file(root, &act.file, &path))
                    .hint("aggiungi l'atto al sito, oppure indica url = \"...\" dove è pubblicato"),
                );
            }
        }
    }
}

/// Re-reads a file to locate a key: cross-file problems are rare, so
/// positions are found on demand instead of kept for every act.
pub(crate) fn span_in_file(root: &Path, file: &Path, path: &[Seg]) -> Option<Range<usize>> {
    let text = std::fs::read_to_string(root.join(file)).ok()?;
    let (toml, offset) = match crate::load::split_front_matter(&text) {
        Some(parts) => parts,
        None => (text.as_str(), 0),
    };
    let doc = TomlDoc::parse(file, toml, offset).ok()?;
    doc.nearest_span(path)
}
