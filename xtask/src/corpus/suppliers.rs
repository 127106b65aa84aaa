//! The pool of economic operators that win lots.

use super::rng::{Rng, Stream};
use super::synthetic_ids::{make_piva, scatter};
use super::words::{COMPANY_FORMS, COMPANY_PREFIXES, STREETS, SURNAMES, TOWNS};

pub struct Supplier {
    pub denominazione: String,
    pub partita_iva: String,
    pub sede: String,
}

/// How many suppliers a corpus of `acts` acts draws from.
pub fn pool_size(acts: usize) -> usize {
    (acts / 20).clamp(100, 100_000)
}

/// Supplier `index` of the pool: a pure function of the seed and the index.
pub fn supplier(seed: u64, index: usize) -> Supplier {
    let mut rng = Rng::stream(seed, Stream::Supplier, index as u64);
    let town = rng.pick(TOWNS);
    // Distinct indexes give distinct registration numbers, hence distinct P.IVA.
    let matricola = scatter(index as u64, 7_654_321, 1_234_567, 10_000_000);
    let name = match rng.below(4) {
        0 => format!("{} {}", rng.pick(SURNAMES), rng.pick(COMPANY_FORMS)),
        1 => format!(
            "{} {} {}",
            rng.pick(COMPANY_PREFIXES),
            town.0,
            rng.pick(COMPANY_FORMS)
        ),
        _ => format!(
            "{} {} {}",
            rng.pick(COMPANY_PREFIXES),
            rng.pick(SURNAMES),
            rng.pick(COMPANY_FORMS)
        ),
    };
    Supplier {
        denominazione: name,
        partita_iva: make_piva(matricola, town.3),
        sede: format!(
            "{} {}, {} {} ({})",
            rng.pick(STREETS),
            rng.range(1, 200),
            town.2,
            town.0,
            town.1
        ),
    }
}
