//! The corpus's skeleton: which body, year, day, type and number each act
//! has. Drawn in one cheap sequential pass so that numbers run in date order
//! per body and year, and so that any act can find earlier acts to link to.

use super::cpv::CpvTable;
use super::enti::{Ente, bodies};
use super::rng::{Rng, Stream, Zipf};
use super::suppliers::{Supplier, pool_size, supplier};
use chrono::NaiveDate;

pub const FIRST_YEAR: i32 = 2015;
pub const LAST_YEAR: i32 = 2025;

/// Act types and their share of the corpus; `liquidazione` acts pay earlier awards.
pub const TIPI: &[(&str, u32)] = &[
    ("determinazione", 66),
    ("delibera", 4),
    ("decreto", 2),
    ("contratto", 5),
    ("ordine", 3),
    ("liquidazione", 20),
];

pub const LIQUIDAZIONE: u8 = 5;

/// One act of the skeleton (16 bytes: a million acts fit in 16 MB).
#[derive(Clone, Copy, Debug)]
pub struct Slot {
    pub ente: u16,
    pub year: u16,
    pub day: u16,
    pub tipo: u8,
    pub numero: u32,
}

impl Slot {
    pub fn date(&self) -> NaiveDate {
        NaiveDate::from_yo_opt(i32::from(self.year), u32::from(self.day)).unwrap_or(NaiveDate::MIN)
    }

    pub fn tipo(&self) -> &'static str {
        TIPI[usize::from(self.tipo)].0
    }
}

/// Everything the acts are drawn from; shared read-only by the writers.
pub struct Context {
    pub seed: u64,
    pub enti: Vec<Ente>,
    pub suppliers: Vec<Supplier>,
    pub supplier_rank: Zipf,
    pub cpv: CpvTable,
    pub slots: Vec<Slot>,
    /// Acts of each body in date order, and each act's place in that list.
    pub by_ente: Vec<Vec<u32>>,
    pub position: Vec<u32>,
    /// For each payment act: the award it pays, which of that award's
    /// payments it is, and how many payments the award has. Drawn here in
    /// one pass so that all payments of a lot together never exceed it.
    pub payment_of: Vec<Option<Installment>>,
}

#[derive(Clone, Copy, Debug)]
pub struct Installment {
    pub target: u32,
    pub index: u16,
    pub count: u16,
}

impl Context {
    pub fn new(acts: usize, seed: u64, cpv: CpvTable) -> Context {
        let enti = bodies(seed);
        let suppliers = (0..pool_size(acts))
            .map(|i| supplier(seed, i))
            .collect::<Vec<_>>();
        let supplier_rank = Zipf::new(suppliers.len());
        let weights: Vec<u32> = enti.iter().map(|e| e.weight).collect();
        let tipo_weights: Vec<u32> = TIPI.iter().map(|t| t.1).collect();
        let mut slots: Vec<Slot> = (0..acts)
            .map(|i| {
                let mut rng = Rng::stream(seed, Stream::Skeleton, i as u64);
                Slot {
                    ente: rng.weighted(&weights) as u16,
                    year: rng.range(i64::from(FIRST_YEAR), i64::from(LAST_YEAR)) as u16,
                    day: rng.range(1, 365) as u16,
                    tipo: rng.weighted(&tipo_weights) as u8,
                    numero: 0,
                }
            })
            .collect();
        let (by_ente, position) = number_in_date_order(&mut slots, enti.len());
        let mut ctx = Context {
            seed,
            enti,
            suppliers,
            supplier_rank,
            cpv,
            slots,
            by_ente,
            position,
            payment_of: Vec::new(),
        };
        ctx.payment_of = ctx.installments();
        ctx
    }

    fn installments(&self) -> Vec<Option<Installment>> {
        let mut out = vec![None; self.slots.len()];
        let mut payers = std::collections::HashMap::<u32, u16>::new();
        for list in &self.by_ente {
            for &act in list {
                if self.slots[act as usize].tipo != LIQUIDAZIONE {
                    continue;
                }
                let mut rng =
                    Rng::stream(self.seed ^ 0x0A11_0CA7, Stream::Skeleton, u64::from(act));
                if let Some(target) = self.earlier_award(act as usize, &mut rng) {
                    let count = payers.entry(target as u32).or_default();
                    out[act as usize] = Some(Installment {
                        target: target as u32,
                        index: *count,
                        count: 0,
                    });
                    *count += 1;
                }
            }
        }
        for slot in out.iter_mut().flatten() {
            slot.count = payers[&slot.target];
        }
        out
    }

    /// An earlier act of the same body that is not a payment, if one is near.
    pub fn earlier_award(&self, act: usize, rng: &mut Rng) -> Option<usize> {
        let slot = self.slots[act];
        let list = &self.by_ente[usize::from(slot.ente)];
        let pos = self.position[act] as usize;
        if pos == 0 {
            return None;
        }
        for _ in 0..6 {
            let back = 1 + rng.below(pos.min(400) as u64) as usize;
            let candidate = list[pos - back] as usize;
            if self.slots[candidate].tipo != LIQUIDAZIONE {
                return Some(candidate);
            }
        }
        None
    }
}

/// Sorts each body's acts by date and numbers them 1, 2, ... per year, as a
/// general register of acts does.
fn number_in_date_order(slots: &mut [Slot], enti: usize) -> (Vec<Vec<u32>>, Vec<u32>) {
    let mut by_ente: Vec<Vec<u32>> = vec![Vec::new(); enti];
    for (i, slot) in slots.iter().enumerate() {
        by_ente[usize::from(slot.ente)].push(i as u32);
    }
    let mut position = vec![0u32; slots.len()];
    for list in &mut by_ente {
        list.sort_by_key(|&i| (slots[i as usize].year, slots[i as usize].day, i));
        let mut year = 0;
        let mut numero = 0;
        for (pos, &i) in list.iter().enumerate() {
            let slot = &mut slots[i as usize];
            if slot.year != year {
                (year, numero) = (slot.year, 0);
            }
            numero += 1;
            slot.numero = numero;
            position[i as usize] = pos as u32;
        }
    }
    (by_ente, position)
}
