//! The contracting bodies of the corpus: comuni, province, ASL and consorzi.

use super::rng::{Rng, Stream};
use super::synthetic_ids::make_piva;
use super::words::{
    FIRST_NAMES, OFFICES_CONSORTIUM, OFFICES_HEALTH, OFFICES_LOCAL, PLACES_CONSORTIUM,
    PLACES_HEALTH, PLACES_LOCAL, STREETS, SURNAMES, TOWNS,
};
use vetro::model::EnteFile;

/// How many comuni and province the corpus has (the rest are fixed lists).
const COMUNI: usize = 35;
const PROVINCE: &[usize] = &[0, 3, 10, 16, 21, 25];

const HEALTH: &[(&str, usize)] = &[
    ("Azienda USL Toscana nord ovest", 1),
    ("ATS di Bergamo", 10),
    ("Azienda ULSS 6 Euganea", 25),
    ("ASL Roma 1", 32),
    ("ASL Napoli 1 Centro", 34),
];

const CONSORTIA: &[(&str, usize)] = &[
    ("Consorzio di bonifica 1 Toscana Nord", 3),
    ("Consorzio di bonifica della Media Pianura Bergamasca", 10),
    ("Consorzio di bonifica dell'Emilia Centrale", 22),
    ("Consorzio intercomunale dei servizi sociali", 16),
];

/// A body and what the generator needs to write its acts.
pub struct Ente {
    pub id: String,
    pub file: EnteFile,
    pub offices: &'static [&'static str],
    /// Buildings and sites where its works happen.
    pub places: &'static [&'static str],
    /// Names that sign acts and act as RUP.
    pub officials: Vec<String>,
    /// Relative share of the corpus's acts.
    pub weight: u32,
}

/// The ~50 bodies, always the same list; identifiers depend on the seed.
pub fn bodies(seed: u64) -> Vec<Ente> {
    let comuni = TOWNS[..COMUNI].iter().map(|t| {
        (
            format!("Comune di {}", t.0),
            "Comune",
            t,
            (OFFICES_LOCAL, PLACES_LOCAL),
        )
    });
    let province = PROVINCE.iter().map(|&i| {
        (
            format!("Provincia di {}", TOWNS[i].0),
            "Provincia",
            &TOWNS[i],
            (OFFICES_LOCAL, PLACES_LOCAL),
        )
    });
    let health = HEALTH.iter().map(|&(name, i)| {
        (
            name.to_string(),
            "Azienda sanitaria",
            &TOWNS[i],
            (OFFICES_HEALTH, PLACES_HEALTH),
        )
    });
    let consortia = CONSORTIA.iter().map(|&(name, i)| {
        (
            name.to_string(),
            "Consorzio",
            &TOWNS[i],
            (OFFICES_CONSORTIUM, PLACES_CONSORTIUM),
        )
    });
    comuni
        .chain(province)
        .chain(health)
        .chain(consortia)
        .enumerate()
        .map(|(index, (name, tipo, town, (offices, places)))| {
            let mut rng = Rng::stream(seed, Stream::Ente, index as u64);
            let file = EnteFile {
                codice_fiscale: make_piva(8_000_000 + rng.below(2_000_000) as u32, town.3),
                codice_ipa: Some(format!("c_{}{:03}", town.1.to_lowercase(), index)),
                tipo: Some(tipo.to_string()),
                indirizzo: Some(format!(
                    "{} {}, {} {} ({})",
                    rng.pick(STREETS),
                    rng.range(1, 120),
                    town.2,
                    town.0,
                    town.1
                )),
                sito: None,
                pec: None,
                denominazione: name,
            };
            let officials = (0..4)
                .map(|_| format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(SURNAMES)))
                .collect();
            // A few large bodies publish most acts, as a region's capital does.
            let weight = 4 + 60 / (rng.below(12) as u32 + 1);
            Ente {
                id: slug(&file.denominazione),
                file,
                offices,
                places,
                officials,
                weight,
            }
        })
        .collect()
}

/// `Comune di Ponte San Pietro` → `comune-di-ponte-san-pietro`: the
/// portal's own slug, so synthetic bodies are named as imported ones are.
pub use vetro::safe_name::slug;
