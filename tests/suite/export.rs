//! The open data: CSV hygiene, totals reconciled across every format, and the
//! official validators.

mod files;
mod reconcile;
mod validators;
