//! Heap bytes per act held by each part of the catalogue, measured with a
//! counting allocator: the catalogue is the floor of a build's memory.
//!
//!     cargo xtask bench corpus 5000 /tmp/c5k
//!     cargo run --release --example catalog_memory -- /tmp/c5k
//!
//! Each line frees one part and reports what that returned to the allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use vetro::catalog::Catalog;

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live() -> isize {
    LIVE.load(Ordering::Relaxed)
}

type Part = (&'static str, fn(&mut Catalog));

/// Parts freed in turn, inner ones before the structures that hold them.
const PARTS: &[Part] = &[
    ("supplier lots", |c| {
        c.suppliers.iter_mut().for_each(|s| s.lotti = Vec::new())
    }),
    ("suppliers, the rest", |c| c.suppliers = Vec::new()),
    ("groups (bodies, years, CPV)", |c| {
        c.years = Vec::new();
        c.cpvs = Vec::new();
        c.enti = Vec::new();
    }),
    ("procedure events", |c| {
        c.procedures.iter_mut().for_each(|p| p.eventi = Vec::new())
    }),
    ("procedure winners", |c| {
        c.procedures
            .iter_mut()
            .for_each(|p| p.aggiudicatari = Vec::new())
    }),
    ("procedure commitments and payments", |c| {
        c.procedures.iter_mut().for_each(|p| {
            p.impegni = Vec::new();
            p.liquidazioni = Vec::new();
        })
    }),
    ("procedures, the rest", |c| c.procedures = Vec::new()),
    ("act text", |c| {
        c.acts.iter_mut().for_each(|a| a.body = String::new())
    }),
    ("act lots", |c| {
        c.acts.iter_mut().for_each(|a| a.header.lotti = Vec::new())
    }),
    ("act commitments and payments", |c| {
        c.acts.iter_mut().for_each(|a| {
            a.header.impegni = Vec::new();
            a.header.liquidazioni = Vec::new();
        })
    }),
    ("acts, the rest", |c| c.acts = Vec::new()),
];

fn main() -> std::process::ExitCode {
    let Some(root) = std::env::args().nth(1) else {
        eprintln!("usage: catalog_memory SITE_DIR");
        return std::process::ExitCode::from(2);
    };
    let (site, diagnostics) = vetro::load::load(std::path::Path::new(&root));
    let Some(site) = site else {
        eprintln!("{root}: not a site ({} diagnostics)", diagnostics.len());
        return std::process::ExitCode::from(1);
    };
    let acts = site.acts.len().max(1) as f64;
    let per_act = |bytes: isize| bytes as f64 / acts;
    println!("loaded acts       {:>7.0} B/act", per_act(live()));
    let mut catalog = Catalog::build(site);
    println!("whole catalogue   {:>7.0} B/act", per_act(live()));
    for (name, free) in PARTS {
        let before = live();
        free(&mut catalog);
        println!("  {name:36} {:>7.0}", per_act(before - live()));
    }
    std::process::ExitCode::SUCCESS
}
