//! Which transparency regime a procedure falls under, by the date it started.
//!
//! Since 1 January 2024 (D.Lgs. 36/2023 art. 28 and art. 225; delibere ANAC
//! 261/2023 and 264/2023) a procedure's data goes to ANAC's national database
//! (BDNCP) and the portal links its record there; procedures started by
//! 31 December 2023 keep the old regime: the tables and the yearly XML of
//! art. 1, c. 32, L. 190/2012. This is the one place the cut-off is decided.

use super::Date;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Regime {
    /// Started by 31/12/2023: L. 190/2012 and D.Lgs. 50/2016.
    FinoAl2023,
    /// Started since 1/1/2024: BDNCP, D.Lgs. 36/2023.
    Dal2024,
}

impl Regime {
    /// The first day of the current regime.
    pub fn cutoff() -> Date {
        Date(NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or(NaiveDate::MIN))
    }

    /// The regime of a procedure started on `start` (`catalog::dates::
    /// procedure_date`). An undated procedure is under the current regime:
    /// only a start shown to be before 2024 keeps the old one.
    pub fn of(start: Option<Date>) -> Regime {
        match start {
            Some(date) if date < Regime::cutoff() => Regime::FinoAl2023,
            _ => Regime::Dal2024,
        }
    }

    /// The regime of a L. 190/2012 dataset of reference year `year`: the
    /// yearly XML is due only for the years of the old regime.
    pub fn of_year(year: i32) -> Regime {
        let start = NaiveDate::from_ymd_opt(year, 12, 31).map(Date);
        Regime::of(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(iso: &str) -> Option<Date> {
        Date::parse_iso(iso).ok()
    }

    #[test]
    fn the_cut_off_is_the_first_of_january_2024() {
        assert_eq!(Regime::of(date("2023-12-31")), Regime::FinoAl2023);
        assert_eq!(Regime::of(date("2024-01-01")), Regime::Dal2024);
        assert_eq!(Regime::of(date("2016-04-19")), Regime::FinoAl2023);
        assert_eq!(Regime::of(date("2026-03-02")), Regime::Dal2024);
    }

    #[test]
    fn an_undated_procedure_is_under_the_current_regime() {
        assert_eq!(Regime::of(None), Regime::Dal2024);
    }

    #[test]
    fn l190_datasets_are_due_up_to_2023() {
        assert_eq!(Regime::of_year(2023), Regime::FinoAl2023);
        assert_eq!(Regime::of_year(2024), Regime::Dal2024);
    }
}
