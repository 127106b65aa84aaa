//! Which dates may date a procedure.
//!
//! A procedure is dated by its first act, else by the start of its contract
//! (`dal`, L.190 `dataInizio`), else by 1 January of the reference year of
//! its records (L.190 `annoRiferimento`). When the source published a record
//! (`data_pubblicazione`) is provenance: a 2020 dataset published on
//! 31/01/2021 says nothing about when its lots began.
//!
//! Sources fill unknown dates with placeholders (0001-01-01, 1970-01-01, the
//! Unix epoch of a spreadsheet) or swap start and end. Such dates are kept
//! in the record as published, reported as findings, and used for nothing:
//! not the date, not the year, not sorting.

use crate::model::{Date, Periodo, Regola, Segnalazione};

/// The period as it may be used, and a finding for each date left out: a
/// placeholder date, or both dates when the end comes before the start
/// (which of the two is wrong cannot be told).
pub(crate) fn usable_period(
    periodo: &Periodo,
    findings: &mut Vec<Segnalazione>,
) -> Option<Periodo> {
    let mut keep = |date: Option<Date>, campo: &str| {
        let date = date?;
        if !date.is_placeholder() {
            return Some(date);
        }
        findings.push(
            Segnalazione::new(Regola::DataSegnaposto)
                .campo(campo)
                .valore(date.iso())
                .nota(format!(
                    "data segnaposto (anno fuori da {}–{}): conservata nella scheda, non usata per datare né ordinare la procedura",
                    Date::PLAUSIBLE_YEARS.start(),
                    Date::PLAUSIBLE_YEARS.end()
                )),
        );
        None
    };
    let dal = keep(periodo.dal, "dal");
    let al = keep(periodo.al, "al");
    if let (Some(start), Some(end)) = (dal, al)
        && end < start
    {
        findings.push(
            Segnalazione::new(Regola::DataIncoerente)
                .campo("al")
                .valore(format!("dal {}, al {}", start.iso(), end.iso()))
                .nota("il periodo finisce prima di iniziare: le due date sono conservate nella scheda ma non usate"),
        );
        return None;
    }
    (dal.is_some() || al.is_some()).then_some(Periodo { dal, al })
}

/// The date of a procedure: its first act's, else its (usable) start, else
/// 1 January of its earliest reference year.
pub(crate) fn procedure_date(
    first_act: Option<Date>,
    periodo: Option<&Periodo>,
    reference_year: Option<i32>,
) -> Option<Date> {
    first_act
        .or_else(|| periodo.and_then(|p| p.dal))
        .or_else(|| {
            reference_year
                .and_then(|y| chrono::NaiveDate::from_ymd_opt(y, 1, 1))
                .map(Date)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(iso: &str) -> Option<Date> {
        Date::parse_iso(iso).ok()
    }

    fn period(dal: &str, al: &str) -> Periodo {
        Periodo {
            dal: date(dal),
            al: date(al),
        }
    }

    #[test]
    fn placeholders_and_reversed_periods_are_not_used() {
        let mut found = Vec::new();
        let kept = usable_period(&period("0001-01-01", "2021-06-30"), &mut found).unwrap();
        assert_eq!((kept.dal, kept.al), (None, date("2021-06-30")));
        assert!(usable_period(&period("1970-01-01", "9999-12-31"), &mut found).is_none());
        assert!(usable_period(&period("2020-05-01", "2019-04-30"), &mut found).is_none());
        let rules: Vec<_> = found
            .iter()
            .map(|f| (f.regola, f.campo.clone().unwrap()))
            .collect();
        assert_eq!(
            rules,
            [
                (Regola::DataSegnaposto, "dal".to_string()),
                (Regola::DataSegnaposto, "dal".to_string()),
                (Regola::DataSegnaposto, "al".to_string()),
                (Regola::DataIncoerente, "al".to_string()),
            ]
        );
        assert_eq!(found[0].valore.as_deref(), Some("0001-01-01"));
        assert_eq!(
            found[3].valore.as_deref(),
            Some("dal 2020-05-01, al 2019-04-30")
        );
        let mut none = Vec::new();
        let fine = usable_period(&period("1990-01-01", "2100-12-31"), &mut none).unwrap();
        assert!(fine.dal.is_some() && fine.al.is_some() && none.is_empty());
    }

    #[test]
    fn first_act_then_start_then_reference_year() {
        let p = period("2019-03-01", "2020-12-31");
        let act = date("2019-02-10");
        assert_eq!(procedure_date(act, Some(&p), Some(2020)), act);
        assert_eq!(
            procedure_date(None, Some(&p), Some(2020)),
            date("2019-03-01")
        );
        let only_end = Periodo {
            dal: None,
            al: date("2020-12-31"),
        };
        assert_eq!(
            procedure_date(None, Some(&only_end), Some(2020)),
            date("2020-01-01")
        );
        assert_eq!(procedure_date(None, None, None), None);
    }
}
