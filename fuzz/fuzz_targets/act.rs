#![no_main]
//! An act file, front matter and body, as `vetro check` and `build` take it:
//! loaded and checked alone, then within the site `vetro init` creates; its
//! diagnostics printed (spans into the text) and its body rendered.

mod common;

use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock, PoisonError};
use vetro::diagnostics::Report;
use vetro::model::Site;

const ACT: &str = "content/atti/fuzz/atto.md";

/// The init site, loaded once; each input joins it as one more act.
fn site() -> &'static Mutex<(PathBuf, Site)> {
    static SITE: OnceLock<Mutex<(PathBuf, Site)>> = OnceLock::new();
    SITE.get_or_init(|| {
        let root = common::work_dir("act").join("sito");
        vetro::init::create(&root).expect("vetro init");
        std::fs::create_dir_all(root.join("content/atti/fuzz")).expect("act folder");
        let (site, _) = vetro::build::load_and_check(&root);
        Mutex::new((root, site.expect("the init site loads")))
    })
}

fuzz_target!(|data: &[u8]| {
    // `load` refuses a file that is not UTF-8 before parsing it (E002).
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut guard = site().lock().unwrap_or_else(PoisonError::into_inner);
    let (root, site) = &mut *guard;
    let (act, mut diagnostics) = {
        let rules = vetro::check::Rules::new(&site.root, site.config.reference_date(), &site.cpv);
        vetro::load::load_act_text(Path::new(ACT), text, &rules)
    };
    if let Some(act) = act {
        let _ = vetro::render::env::markdown(&act.body);
        site.acts.push(act);
        vetro::check::check_site(site, &mut diagnostics);
        site.acts.pop();
    }
    // The report quotes the file around each span, as the terminal shows it.
    common::put(&root.join(ACT), data);
    let report = Report::new(root, diagnostics);
    let _ = report.to_human();
    let _ = report.to_json();
});
