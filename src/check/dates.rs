//! Rules on dates. Impossible dates (2025-02-30) are refused when the file is
//! read; here: the act date is not after the reference date (an act from the
//! future is a typo: error), a period starts before it ends (error), and
//! payments (which an act records after the fact) are dated neither before
//! the act that records them nor after the reference date (warnings: a payment
//! date may legitimately precede a later act of the same story, so a clerk
//! should look, not be stopped).

use super::{Out, join};
use crate::model::{Act, Record};
use crate::model::{Date, Liquidazione, Lotto};
use crate::toml_doc::Seg;

pub(super) fn check_act_dates(out: &Out, act: &Act) {
    let reference = out.settings().reference_date;
    let date = act.header.data;
    if date > reference {
        out.at(
            "E401",
            &[Seg::Key("data")],
            format!("l'atto è datato {}, dopo la data di riferimento {}", date.italian(), reference.italian()),
            "controlla l'anno della data; se il sito si prepara in anticipo, imposta data_riferimento in vetro.toml".into(),
        );
    }
    check_payments(out, &act.header.liquidazioni, Some(date));
}

pub(super) fn check_record_dates(out: &Out, record: &Record) {
    if let Some(published) = record.header.data_pubblicazione {
        future(
            out,
            published,
            &[Seg::Key("data_pubblicazione")],
            "la data di pubblicazione",
        );
    }
    check_payments(out, &record.header.liquidazioni, None);
}

fn check_payments(out: &Out, payments: &[Liquidazione], act_date: Option<Date>) {
    for (i, payment) in payments.iter().enumerate() {
        let Some(paid) = payment.data else { continue };
        let path = [Seg::Key("liquidazioni"), Seg::Index(i), Seg::Key("data")];
        if let Some(act_date) = act_date
            && paid < act_date
        {
            out.at(
                "W403",
                &path,
                format!("liquidazione del {}, prima dell'atto del {}", paid.italian(), act_date.italian()),
                "una liquidazione segue l'atto che la dispone: controlla la data, o registra il pagamento nell'atto di liquidazione".into(),
            );
        }
        future(out, paid, &path, "la liquidazione");
    }
}

fn future(out: &Out, date: Date, path: &[Seg], what: &str) {
    let reference = out.settings().reference_date;
    if date > reference {
        out.at(
            "W404",
            path,
            format!(
                "{what} è datata {}, dopo la data di riferimento {}",
                date.italian(),
                reference.italian()
            ),
            "controlla la data: un fatto già avvenuto non può essere nel futuro".into(),
        );
    }
}

/// A contract period starts on or before its end, and neither date is a
/// placeholder (`catalog::dates`).
pub(super) fn check_period(out: &Out, lot: &Lotto, prefix: &[Seg<'static>]) {
    let Some(periodo) = &lot.periodo else { return };
    for (key, date) in [("dal", periodo.dal), ("al", periodo.al)] {
        let Some(date) = date.filter(|d| d.is_placeholder()) else {
            continue;
        };
        let years = Date::PLAUSIBLE_YEARS;
        out.at(
            "W220",
            &join(prefix, &[Seg::Key("periodo"), Seg::Key(key)]),
            format!(
                "{key} = {} è una data segnaposto (anno fuori da {}–{}): non data la procedura",
                date.iso(),
                years.start(),
                years.end()
            ),
            "scrivi la data vera, o togli la chiave se non è nota".into(),
        );
    }
    if let (Some(dal), Some(al)) = (periodo.dal, periodo.al)
        && dal > al
    {
        out.at(
            "E402",
            &join(prefix, &[Seg::Key("periodo"), Seg::Key("al")]),
            format!(
                "il periodo finisce il {} ma inizia dopo, il {}",
                al.italian(),
                dal.italian()
            ),
            "dal è l'inizio e al è la fine: forse sono scambiate, o l'anno è sbagliato".into(),
        );
    }
}
