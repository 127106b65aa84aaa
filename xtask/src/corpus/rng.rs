//! A small seeded generator (SplitMix64) and the skewed draws the corpus needs.
//!
//! Every act draws from its own stream, derived from the seed and the act's
//! index, so acts can be generated in any order (or in parallel) and still
//! come out byte-identical.

/// SplitMix64: tiny, fast, and good enough for synthetic data.
#[derive(Clone, Debug)]
pub struct Rng(u64);

/// Streams of the corpus: each purpose gets its own, so adding a draw to
/// one never shifts the values of another.
#[derive(Clone, Copy)]
pub enum Stream {
    Skeleton = 1,
    Act = 2,
    Supplier = 3,
    Ente = 4,
    Anac = 5,
}

impl Rng {
    /// An independent generator for item `index` of `stream`.
    pub fn stream(seed: u64, stream: Stream, index: u64) -> Rng {
        let mut base = Rng(seed ^ (stream as u64).wrapping_mul(0xA076_1D64_78BD_642F));
        let mixed = base.next_u64() ^ index.wrapping_mul(0xE703_7ED1_A0B4_28DB);
        Rng(Rng(mixed).next_u64())
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0), without modulo bias worth caring about here.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n.max(1))) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// Index drawn with the given relative weights.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        let mut ticket = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            if ticket < u64::from(w) {
                return i;
            }
            ticket -= u64::from(w);
        }
        weights.len() - 1
    }

    /// Roughly log-uniform integer in `lo..hi` (lo >= 1): a decade is drawn
    /// first, then a value inside it. Integer-only, so identical on every
    /// platform (no libm `ln`/`exp`, whose last bits may differ).
    pub fn log_uniform(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo + 1 {
            return lo;
        }
        let mut decades = Vec::new();
        let mut start = lo.max(1);
        while start < hi {
            let end = next_power_of_ten(start).min(hi);
            decades.push((start, end));
            start = end;
        }
        let &(a, b) = self.pick(&decades);
        self.range(a, b - 1)
    }
}

/// The smallest power of ten greater than `n`.
fn next_power_of_ten(n: i64) -> i64 {
    let mut p = 1;
    while p <= n {
        p *= 10;
    }
    p
}

/// Zipf distribution over `0..n`: rank `k` has weight `1 / (k+1)`, so a
/// few suppliers win most of the lots, as in real procurement data.
pub struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    pub fn new(n: usize) -> Zipf {
        let mut total = 0.0;
        let cumulative = (0..n.max(1))
            .map(|k| {
                total += 1.0 / (k + 1) as f64;
                total
            })
            .collect();
        Zipf { cumulative }
    }

    pub fn sample(&self, rng: &mut Rng) -> usize {
        let last = self.cumulative[self.cumulative.len() - 1];
        let target = rng.unit() * last;
        self.cumulative
            .partition_point(|&c| c <= target)
            .min(self.cumulative.len() - 1)
    }
}
