use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
struct Counting;
static LIVE: AtomicIsize = AtomicIsize::new(0);
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        LIVE.fetch_add(n as isize - l.size() as isize, Ordering::Relaxed);
        unsafe { System.realloc(p, l, n) }
    }
}
#[global_allocator]
static A: Counting = Counting;
fn live() -> f64 {
    LIVE.load(Ordering::Relaxed) as f64 / 1e6
}
fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let (site, _) = vetro::load::load(&root);
    let site = site.unwrap();
    let n = site.acts.len() as f64;
    println!(
        "site loaded {:.1} MB = {:.0} B/act",
        live(),
        live() * 1e6 / n
    );
    let mut c = vetro::catalog::Catalog::build(site);
    let total = live();
    println!("catalog {:.1} MB = {:.0} B/act", total, total * 1e6 / n);
    let mut step = |name: &str, f: &mut dyn FnMut(&mut vetro::catalog::Catalog)| {
        let b = live();
        f(&mut c);
        println!("{name:30} {:7.0} B/act", (b - live()) * 1e6 / n);
    };
    step("supplier lots", &mut |c| {
        for s in &mut c.suppliers {
            s.lotti = Vec::new();
        }
    });
    step("suppliers rest", &mut |c| c.suppliers = Vec::new());
    step("groups", &mut |c| {
        c.years = Vec::new();
        c.cpvs = Vec::new();
        for (_, g) in &mut c.enti {
            *g = vetro::catalog::Group {
                chiave: String::new(),
                titolo: String::new(),
                url: String::new(),
                procedure: vec![],
                atti: vec![],
                importo_aggiudicato: vetro::model::Money::ZERO,
                fornitori: vec![],
            };
        }
    });
    step("proc eventi", &mut |c| {
        for p in &mut c.procedures {
            p.eventi = Vec::new();
        }
    });
    step("proc aggiudicatari", &mut |c| {
        for p in &mut c.procedures {
            p.aggiudicatari = Vec::new();
        }
    });
    step("proc partecipanti", &mut |c| {
        for p in &mut c.procedures {
            p.partecipanti = Vec::new();
        }
    });
    step("proc impegni+liq", &mut |c| {
        for p in &mut c.procedures {
            p.impegni = Vec::new();
            p.liquidazioni = Vec::new();
        }
    });
    step("proc voci", &mut |c| {
        for p in &mut c.procedures {
            p.voci = Vec::new();
        }
    });
    step("proc rest", &mut |c| c.procedures = Vec::new());
    step("act body", &mut |c| {
        for a in &mut c.acts {
            a.body = String::new();
        }
    });
    step("act collegamenti+documenti", &mut |c| {
        for a in &mut c.acts {
            a.collegamenti = Vec::new();
            a.documenti = Vec::new();
        }
    });
    step("act procedure keys", &mut |c| {
        for a in &mut c.acts {
            a.procedure = Vec::new();
        }
    });
    step("act lotti", &mut |c| {
        for a in &mut c.acts {
            a.header.lotti = Vec::new();
        }
    });
    step("act impegni+liq", &mut |c| {
        for a in &mut c.acts {
            a.header.impegni = Vec::new();
            a.header.liquidazioni = Vec::new();
        }
    });
    step("act collegati+allegati", &mut |c| {
        for a in &mut c.acts {
            a.header.collegati = Vec::new();
            a.header.allegati = Vec::new();
        }
    });
    step("acts rest", &mut |c| c.acts = Vec::new());
    println!("left {:.1} MB", live());
}
