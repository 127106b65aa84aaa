//! Rules on amounts: precision, sign, VAT arithmetic, line items,
//! commitments and payments.
//!
//! `importo_netto` is the taxable amount of the contract and includes the
//! safety costs (`oneri_sicurezza`), as Italian acts state it ("comprensivo
//! degli oneri per la sicurezza"): VAT applies to both, so the rule is
//! `importo_netto × (1 + aliquota_iva/100) = importo_totale` within a cent.

use super::{Out, join, lot_prefix};
use crate::model::{Act, Record};
use crate::model::{Liquidazione, Lotto, Money, Voce};
use crate::toml_doc::Seg;
use rust_decimal::Decimal;

const CENT: Decimal = Decimal::from_parts(1, 0, 0, false, 2);
const HUNDRED: Decimal = Decimal::ONE_HUNDRED;
/// VAT rates in use in Italy since 1997 (20 and 21 are past standard rates).
const USUAL_VAT_RATES: [i64; 7] = [0, 4, 5, 10, 20, 21, 22];

/// How precise an amount may be.
#[derive(Clone, Copy, PartialEq)]
enum Precision {
    Cents,
    /// Unit prices, quantities and shares may have more decimals.
    Free,
}

/// Every amount of a lot, with its key path and allowed precision.
fn lot_amounts(lot: &Lotto, prefix: &[Seg<'static>]) -> Vec<(Vec<Seg<'static>>, Money, Precision)> {
    let mut found = Vec::new();
    let mut add = |rest: &[Seg<'static>], value: Option<Money>, precision| {
        if let Some(v) = value {
            found.push((join(prefix, rest), v, precision));
        }
    };
    for (key, value) in [
        ("importo_base", lot.importo_base),
        ("importo_netto", lot.importo_netto),
        ("oneri_sicurezza", lot.oneri_sicurezza),
        ("aliquota_iva", lot.aliquota_iva),
        ("importo_iva", lot.importo_iva),
        ("importo_totale", lot.importo_totale),
    ] {
        add(&[Seg::Key(key)], value, Precision::Cents);
    }
    let cauzione = lot.cauzione.as_ref().and_then(|c| c.importo);
    add(
        &[Seg::Key("cauzione"), Seg::Key("importo")],
        cauzione,
        Precision::Cents,
    );
    for (i, voce) in lot.voci.iter().enumerate() {
        let at = |key| [Seg::Key("voci"), Seg::Index(i), Seg::Key(key)];
        add(&at("importo"), voce.importo, Precision::Cents);
        add(&at("quantita"), voce.quantita, Precision::Free);
        add(
            &at("prezzo_unitario"),
            voce.prezzo_unitario,
            Precision::Free,
        );
    }
    for (key, operators) in [
        ("aggiudicatari", &lot.aggiudicatari),
        ("partecipanti", &lot.partecipanti),
    ] {
        for (i, op) in operators.iter().enumerate() {
            add(
                &[Seg::Key(key), Seg::Index(i), Seg::Key("quota")],
                op.quota,
                Precision::Free,
            );
        }
    }
    found
}

fn payment_amounts(
    payments: &[Liquidazione],
) -> impl Iterator<Item = (Vec<Seg<'static>>, Money, Precision)> {
    payments.iter().enumerate().map(|(i, p)| {
        let path = vec![Seg::Key("liquidazioni"), Seg::Index(i), Seg::Key("importo")];
        (path, p.importo, Precision::Cents)
    })
}

fn check_amount(out: &Out, path: &[Seg], value: Money, precision: Precision) {
    if value.0.is_sign_negative() && !value.0.is_zero() {
        out.at(
            "E302",
            path,
            format!("importo negativo: {value}"),
            "gli importi si scrivono positivi; una riduzione o una nota di credito va descritta nel testo dell'atto".into(),
        );
    }
    if precision == Precision::Cents && value.0.scale() > 2 {
        out.at(
            "E301",
            path,
            format!("l'importo {value} ha più di due decimali"),
            "arrotonda al centesimo; se il punto separava le migliaia (1.500 = millecinquecento) toglilo: si scrive \"1500.00\"".into(),
        );
    }
}

/// Precision and sign of the amounts of one lot, and its arithmetic.
pub(super) fn check_lot(out: &Out, lot: &Lotto, prefix: &[Seg<'static>]) {
    for (path, value, precision) in lot_amounts(lot, prefix) {
        check_amount(out, &path, value, precision);
    }
    check_vat(out, lot, prefix);
    check_items(out, lot, prefix);
}

/// Amounts of an act outside its lots.
pub(super) fn check_act_amounts(out: &Out, act: &Act) {
    let h = &act.header;
    for (i, impegno) in h.impegni.iter().enumerate() {
        let path = [Seg::Key("impegni"), Seg::Index(i), Seg::Key("importo")];
        check_amount(out, &path, impegno.importo, Precision::Cents);
    }
    for (path, value, precision) in payment_amounts(&h.liquidazioni) {
        check_amount(out, &path, value, precision);
    }
    if let Some(finanziamento) = h.pnrr.as_ref().and_then(|p| p.finanziamento) {
        let path = [Seg::Key("pnrr"), Seg::Key("finanziamento")];
        check_amount(out, &path, finanziamento, Precision::Cents);
    }
}

pub(super) fn check_record_amounts(out: &Out, record: &Record) {
    for (path, value, precision) in payment_amounts(&record.header.liquidazioni) {
        check_amount(out, &path, value, precision);
    }
    let total = record.lot.importo_totale.map(|t| t.0);
    check_payments_total(out, &record.header.liquidazioni, total);
}

fn near(a: Decimal, b: Decimal) -> bool {
    (a - b).abs() <= CENT
}

/// `importo_netto × (1 + aliquota_iva/100) = importo_totale`, and
/// `importo_iva` consistent with them.
fn check_vat(out: &Out, lot: &Lotto, prefix: &[Seg<'static>]) {
    let value = |m: Option<Money>| m.map(|m| m.0);
    let (netto, rate, iva, totale) = (
        value(lot.importo_netto),
        value(lot.aliquota_iva),
        value(lot.importo_iva),
        value(lot.importo_totale),
    );
    if let Some(rate) = rate
        && !USUAL_VAT_RATES.iter().any(|r| Decimal::from(*r) == rate)
    {
        out.at(
            "W308",
            &join(prefix, &[Seg::Key("aliquota_iva")]),
            format!("aliquota IVA del {rate}% insolita"),
            "l'aliquota si scrive in percentuale: \"22\" per il 22%, \"10\", \"5\", \"4\" o \"0\" per operazioni esenti".into(),
        );
    }
    if let (Some(netto), Some(rate), Some(totale)) = (netto, rate, totale) {
        let expected = netto * (HUNDRED + rate) / HUNDRED;
        if !near(expected, totale) {
            let oneri = value(lot.oneri_sicurezza).unwrap_or_default();
            let with_safety = (netto + oneri) * (HUNDRED + rate) / HUNDRED;
            let hint = if !oneri.is_zero() && near(with_safety, totale) {
                format!(
                    "importo_netto comprende gli oneri della sicurezza: scrivi importo_netto = \"{}\"",
                    netto + oneri
                )
            } else {
                format!(
                    "{netto} + IVA {rate}% = {} (differenza {}): correggi uno dei tre importi",
                    expected.round_dp(2),
                    (totale - expected).round_dp(2)
                )
            };
            out.at(
                "E303",
                &join(prefix, &[Seg::Key("importo_totale")]),
                format!("l'importo totale {totale} non è l'importo netto più l'IVA"),
                hint,
            );
        }
    }
    let Some(iva) = iva else { return };
    let expected = match (netto, rate, totale) {
        (Some(n), Some(r), _) => n * r / HUNDRED,
        (Some(n), None, Some(t)) => t - n,
        _ => return,
    };
    if !near(expected, iva) {
        out.at(
            "E304",
            &join(prefix, &[Seg::Key("importo_iva")]),
            format!(
                "l'importo dell'IVA {iva} non è coerente: atteso {}",
                expected.round_dp(2)
            ),
            "importo_iva = importo_netto × aliquota_iva / 100 = importo_totale − importo_netto"
                .into(),
        );
    }
}

/// What a line item should cost, and how far rounding of its unit price
/// (written with more than two decimals, e.g. 1.166667 for 7/6) may move it.
fn item_expected(voce: &Voce) -> Option<(Decimal, Decimal)> {
    let (q, p) = (voce.quantita?.0, voce.prezzo_unitario?.0);
    let months = Decimal::from(voce.mesi.unwrap_or(1));
    let slack = if p.scale() > 2 {
        (q * months).abs() * Decimal::new(5, p.scale() + 1)
    } else {
        Decimal::ZERO
    };
    Some((q * p * months, CENT + slack))
}

fn check_items(out: &Out, lot: &Lotto, prefix: &[Seg<'static>]) {
    // Two sums: of the amounts as written, and with each wrong line replaced
    // by its computed value; the total is flagged only if neither matches,
    // so one typo in a line gives one warning.
    let (mut written, mut computed) = (Decimal::ZERO, Decimal::ZERO);
    for (i, voce) in lot.voci.iter().enumerate() {
        let expected = item_expected(voce);
        let (line_written, line_computed) = match (voce.importo, expected) {
            (Some(importo), Some((expected, slack))) if (importo.0 - expected).abs() > slack => {
                report_item(
                    out,
                    voce,
                    expected,
                    &join(
                        prefix,
                        &[Seg::Key("voci"), Seg::Index(i), Seg::Key("importo")],
                    ),
                );
                (importo.0, expected.round_dp(2))
            }
            (Some(importo), _) => (importo.0, importo.0),
            (None, Some((expected, _))) => (expected.round_dp(2), expected.round_dp(2)),
            (None, None) => return,
        };
        written += line_written;
        computed += line_computed;
    }
    let Some(netto) = lot.importo_netto.map(|n| n.0) else {
        return;
    };
    let oneri = lot.oneri_sicurezza.map(|o| o.0).unwrap_or_default();
    let matches = |sum: Decimal| near(sum, netto) || near(sum + oneri, netto);
    if !lot.voci.is_empty() && !matches(written) && !matches(computed) {
        out.at(
            "W307",
            &join(prefix, &[Seg::Key("importo_netto")]),
            format!("le voci sommano a {written}, l'importo netto è {netto}"),
            "controlla che ci siano tutte le voci e che i loro importi siano giusti".into(),
        );
    }
}

fn report_item(out: &Out, voce: &Voce, expected: Decimal, path: &[Seg]) {
    let months = voce
        .mesi
        .map(|m| format!(" × {m} mesi"))
        .unwrap_or_default();
    out.at(
        "W306",
        path,
        format!(
            "la voce «{}» non torna: {} × {}{months} = {}, non {}",
            voce.descrizione,
            voce.quantita.unwrap_or_default(),
            voce.prezzo_unitario.unwrap_or_default(),
            expected.round_dp(2),
            voce.importo.unwrap_or_default()
        ),
        "correggi quantità, prezzo unitario, mesi o importo della voce".into(),
    );
}

/// Total value of the act's lots (VAT included), if every lot states it.
fn lots_total(lots: &[Lotto]) -> Option<Decimal> {
    if lots.is_empty() {
        return None;
    }
    lots.iter().map(|l| l.importo_totale.map(|t| t.0)).sum()
}

/// Commitments (VAT included) beyond the value of the lots they fund.
pub(super) fn check_commitments(out: &Out, act: &Act) {
    let impegni = &act.header.impegni;
    let committed: Decimal = impegni.iter().map(|i| i.importo.0).sum();
    let mut reported = false;
    for (l, lot) in act.lots.iter().enumerate() {
        let (Some(cig), Some(total)) = (&lot.cig, lot.importo_totale) else {
            continue;
        };
        let for_lot: Decimal = impegni
            .iter()
            .filter(|i| i.cig.as_ref() == Some(cig))
            .map(|i| i.importo.0)
            .sum();
        if for_lot > total.0 + CENT {
            reported = true;
            let mut path = lot_prefix(act, l);
            path.push(Seg::Key("importo_totale"));
            out.at("W305", &path,
                format!("gli impegni sul CIG {cig} sommano a {for_lot}, oltre l'importo totale del lotto ({total})"),
                "gli impegni si scrivono IVA compresa: controlla importi e CIG degli impegni".into());
        }
    }
    if let Some(total) = lots_total(&act.lots)
        && !reported
        && committed > total + CENT
    {
        out.at("W305", &[Seg::Key("impegni"), Seg::Index(impegni.len() - 1), Seg::Key("importo")],
            format!("gli impegni sommano a {committed}, oltre l'importo totale ({total})"),
            "gli impegni coprono il contratto IVA compresa: se comprendono altre spese (contributo ANAC, incentivi) spiegalo nel testo".into());
    }
    check_payments_total(out, &act.header.liquidazioni, lots_total(&act.lots));
}

fn check_payments_total(out: &Out, payments: &[Liquidazione], total: Option<Decimal>) {
    let paid: Decimal = payments.iter().map(|p| p.importo.0).sum();
    if let Some(total) = total
        && paid > total + CENT
    {
        out.at("W309", &[Seg::Key("liquidazioni"), Seg::Index(payments.len() - 1), Seg::Key("importo")],
            format!("le liquidazioni sommano a {paid}, oltre l'importo totale ({total})"),
            "verifica gli importi liquidati; un aumento del contratto va registrato con l'atto che lo dispone".into());
    }
}
