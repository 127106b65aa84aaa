//! docs/tema.md lists every key of every page kind's view: the keys of the
//! example site's pages are exactly those of the kind's table.

use super::PageKind;
use crate::catalog::Catalog;
use crate::render::pages;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Keys = BTreeMap<&'static str, BTreeSet<String>>;

fn example_catalog() -> Catalog {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = crate::model::Config::load(root).expect("vetro.toml of the example site");
    let reference_date = config.reference_date();
    let (site, _) = crate::load::load(root, config, |cpv| {
        Box::new(crate::check::Rules::new(root, reference_date, cpv))
    });
    Catalog::build(site)
}

/// The top-level keys of every page of the example site, by kind.
fn view_keys() -> Keys {
    let c = example_catalog();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = crate::model::Config::load(root).expect("vetro.toml of the example site");
    let dati = crate::export::OpenDataPage::new(&c, &config, &[]);
    let ix = crate::indicators::Indicators::compute(&c);
    let mut keys = Keys::new();
    for job in pages::jobs(&c, config.per_pagina) {
        let page = pages::page(&c, &ix, config.per_pagina, &job, &dati);
        let json = page.view.to_json().expect("a view serializes");
        let object = json.as_object().expect("a view is an object");
        keys.entry(page.kind.name())
            .or_default()
            .extend(object.keys().cloned());
    }
    keys
}

/// The `page.<key>` rows of each `### \`<kind>\`` section of docs/tema.md.
fn documented_keys() -> Keys {
    let doc = include_str!("../../../docs/tema.md");
    let names: BTreeMap<&str, &'static str> =
        PageKind::ALL.iter().map(|k| (k.name(), k.name())).collect();
    let mut keys = Keys::new();
    let mut kind = None;
    for line in doc.lines() {
        if let Some(heading) = line.strip_prefix("### `") {
            let name = heading.split('`').next().unwrap_or_default();
            kind = names.get(name).copied();
            if let Some(k) = kind {
                keys.entry(k).or_default();
            }
        } else if line.starts_with("## ") {
            kind = None;
        } else if let (Some(k), Some(row)) = (kind, line.strip_prefix("| `page.")) {
            let key = row.split('`').next().unwrap_or_default();
            keys.entry(k).or_default().insert(key.to_string());
        }
    }
    keys
}

#[test]
fn docs_list_every_key_of_every_page_kind() {
    let views = view_keys();
    let documented = documented_keys();
    for kind in PageKind::ALL {
        let name = kind.name();
        let Some(seen) = views.get(name) else {
            panic!("the example site has no page of kind {name}");
        };
        let Some(doc) = documented.get(name) else {
            panic!("docs/tema.md has no section ### `{name}`");
        };
        let missing: Vec<_> = seen.difference(doc).collect();
        let stale: Vec<_> = doc.difference(seen).collect();
        assert!(
            missing.is_empty() && stale.is_empty(),
            "docs/tema.md, ### `{name}`: undocumented {missing:?}, not in the view {stale:?}"
        );
    }
}
