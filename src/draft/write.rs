//! The draft act file: each value found under a comment naming the page,
//! line and text it was read from; each key not found commented out, with
//! why. The file parses as an act, so `vetro check` lists what is missing.

use super::{Body, Field, Found, Hint, Input, Value};

/// Keys written at the top, in order, with the example shown when missing.
const TOP: &[(&str, &str)] = &[
    ("tipo", "\"determinazione\""),
    ("numero", "\"1234\""),
    ("data", "2025-01-31"),
    ("ufficio", "\"Settore ...\""),
    ("oggetto", "\"come nell'atto\""),
    ("firmatario", "\"Nome Cognome\""),
    ("rup", "\"Nome Cognome\""),
    ("cig", "\"B9538AC2B9\""),
    ("cup", "\"J46G24000020006\""),
    ("cpv", "[\"72910000-2\"]"),
    ("procedura", "\"affidamento-diretto\""),
    ("norma", "\"art. 50, c. 1, lett. b), D.Lgs. 36/2023\""),
    ("strumento", "\"MePA, trattativa diretta\""),
    ("criterio", "\"minor prezzo\""),
    ("importo_netto", "\"100000.00\""),
    ("oneri_sicurezza", "\"0.00\""),
    ("aliquota_iva", "\"22\""),
    ("importo_iva", "\"22000.00\""),
    ("importo_totale", "\"122000.00\""),
];

const COMMITMENT: &[(&str, &str)] = &[
    ("impegni.importo", "\"122000.00\""),
    ("impegni.capitolo", "\"1965/10\""),
    ("impegni.missione_programma", "\"01.08\""),
    ("impegni.piano_dei_conti", "\"U.1.03.02.19.006\""),
    ("impegni.esercizio", "2025"),
];

const SUPPLIER: &[(&str, &str)] = &[
    ("aggiudicatari.denominazione", "\"Ragione sociale S.r.l.\""),
    ("aggiudicatari.partita_iva", "\"01234567890\""),
    ("aggiudicatari.sede", "\"Via ..., CAP Comune (PR)\""),
];

pub(crate) fn render(found: &Found, body: &Body, input: &Input) -> String {
    let mut out = String::from("+++\n");
    preamble(&mut out, found, input);
    out.push_str(&format!("ente = {}\n", quoted(&body.id)));
    for (key, example) in TOP {
        key_or_hint(&mut out, found, key, example);
    }
    let pnrr: Vec<&Field> = found
        .fields
        .iter()
        .filter(|f| f.key.starts_with("pnrr."))
        .collect();
    if !pnrr.is_empty() {
        out.push_str("\n[pnrr]\n");
        pnrr.iter().for_each(|f| field(&mut out, f));
    }
    if found.has("aggiudicatari.denominazione") {
        out.push_str("\n[[aggiudicatari]]\n");
        for (key, example) in SUPPLIER {
            key_or_hint(&mut out, found, key, example);
        }
    } else {
        let why = hint_of(found, "aggiudicatari").map_or("non trovato", |h| h.why.as_str());
        out.push_str(&format!("\n# Aggiudicatario: {why}\n# [[aggiudicatari]]\n# denominazione = \"Ragione sociale S.r.l.\"\n# partita_iva = \"01234567890\"\n"));
    }
    commitment(&mut out, found);
    for link in &found.links {
        out.push_str("\n[[collegati]]\n");
        if let Some(first) = link.fields.first() {
            out.push_str(&format!("# {}\n", origin(&first.origin)));
        }
        for f in &link.fields {
            let short = f.key.rsplit('.').next().unwrap_or(f.key);
            out.push_str(&format!("{short} = {}\n", literal(&f.value)));
        }
    }
    out.push_str("+++\n");
    out.push_str(&format!(
        "Bozza da «{}»: scrivi qui la sintesi dell'atto (premesse e dispositivo).\n",
        input.name
    ));
    out
}

/// The `[[impegni]]` table, written only with its amount (the one key it
/// needs); without it every key stays a comment.
fn commitment(out: &mut String, found: &Found) {
    if found.has("impegni.importo") {
        out.push_str("\n[[impegni]]\n");
        for (key, example) in COMMITMENT {
            key_or_hint(out, found, key, example);
        }
        return;
    }
    let why = hint_of(found, "impegni")
        .or_else(|| hint_of(found, "impegni.importo"))
        .map_or("non trovato nel dispositivo", |h| h.why.as_str());
    out.push_str(&format!(
        "\n# Impegno di spesa: {}\n# [[impegni]]\n# importo = \"122000.00\"\n# capitolo = \"1965/10\"\n",
        comment_safe(why)
    ));
}

fn preamble(out: &mut String, found: &Found, input: &Input) {
    out.push_str(&format!(
        "# Bozza scritta da vetro leggendo «{}».\n",
        comment_safe(&input.name)
    ));
    out.push_str("# Sopra ogni valore: pagina e riga da cui è stato letto, e il testo letto.\n");
    out.push_str(
        "# Controlla ogni valore sull'atto firmato. Le chiavi commentate non sono state\n",
    );
    out.push_str(
        "# trovate con certezza: compilale (togli il #) o cancellale. Poi: vetro check.\n",
    );
    if let Some(body) = &found.body {
        out.push_str(&format!("# Ente nell'intestazione: {}\n", origin(body)));
    }
    let list = |pages: &[usize]| {
        pages
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !input.ocr_pages.is_empty() {
        out.push_str(&format!(
            "# Pagine scansionate, lette con l'OCR (Tesseract): {}. L'OCR sbaglia: controlla\n# ogni cifra sull'atto firmato.\n",
            list(&input.ocr_pages)
        ));
    }
    if !input.empty_pages.is_empty() {
        out.push_str(&format!(
            "# Pagine senza testo nemmeno con l'OCR: {}\n",
            list(&input.empty_pages)
        ));
    }
}

fn key_or_hint(out: &mut String, found: &Found, key: &str, example: &str) {
    if let Some(f) = found.get(key) {
        field(out, f);
        return;
    }
    let short = key.rsplit('.').next().unwrap_or(key);
    let why = hint_of(found, key).map_or("non trovato nel testo", |h| h.why.as_str());
    out.push_str(&format!(
        "# {short}: {}\n# {short} = {example}\n",
        comment_safe(why)
    ));
}

fn hint_of<'a>(found: &'a Found, key: &str) -> Option<&'a Hint> {
    found.hints.iter().find(|h| h.key == key)
}

fn field(out: &mut String, f: &Field) {
    out.push_str(&format!("# {}\n", origin(&f.origin)));
    if let Some(note) = &f.note {
        out.push_str(&format!("# {}\n", comment_safe(note)));
    }
    let short = f.key.rsplit('.').next().unwrap_or(f.key);
    out.push_str(&format!("{short} = {}\n", literal(&f.value)));
}

fn origin(o: &super::Origin) -> String {
    format!("p. {}, r. {}: «{}»", o.page, o.line, comment_safe(&o.text))
}

/// Text that stays inside one comment line.
fn comment_safe(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn literal(value: &Value) -> String {
    match value {
        Value::Text(t) => quoted(t),
        Value::Date(d) => d.format("%Y-%m-%d").to_string(),
        Value::Amount(a) => format!("\"{a:.2}\""),
        Value::Rate(r) => format!("\"{}\"", r.normalize()),
        Value::Year(y) => y.to_string(),
        Value::List(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|i| quoted(i))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
