//! Snapshots of every page kind's `index.json` on the example site: the
//! JSON twins are a public API, so any change to them shows up here for
//! review (`cargo insta review`, or `INSTA_UPDATE=always cargo test`).

use crate::support::built::build_site;
use crate::support::{read, repo, snapshot_settings};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// The example site, built once for all the snapshots of this module.
static SITE: LazyLock<PathBuf> = LazyLock::new(|| {
    let site = Path::new(env!("CARGO_TARGET_TMPDIR")).join("page-json-site");
    build_site(&repo(), &site);
    site
});

fn assert_twin_snapshot(name: &str, page: &str) {
    let path = SITE.join(page).join("index.json");
    let twin: serde_json::Value =
        serde_json::from_str(&read(&path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    snapshot_settings().bind(|| insta::assert_json_snapshot!(name, twin));
}

/// One test per page kind (and per list), each with its own snapshot.
macro_rules! twins {
    ($($name:ident: $page:expr,)*) => {
        $(
            #[test]
            fn $name() {
                assert_twin_snapshot(stringify!($name), $page);
            }
        )*
    };
}

twins! {
    home: "",
    act: "atti/comune-di-livorno/2025/determinazione-10107",
    act_without_cig: "atti/csi-piemonte/2020/provvedimento-dc20_036_mepa",
    cig: "cig/B9538AC2B9",
    procedure_without_cig: "cig/csi-piemonte-dc20_036_mepa",
    supplier: "fornitori/01586840504",
    supplier_by_name: "fornitori/nome-csi-piemonte-infocert-spa",
    body: "enti/comune-di-livorno",
    year: "anni/2025",
    cpv: "cpv/72910000-2",
    free_page: "pagine/note-legali",
    open_data: "dati",
    quality: "dati/qualita",
    search: "cerca",
    list_of_acts: "atti",
    list_of_cig: "cig",
    list_of_suppliers: "fornitori",
    list_of_bodies: "enti",
    list_of_years: "anni",
    list_of_cpv: "cpv",
    bandi: "bandi-di-gara",
    bandi_procedures: "bandi-di-gara/procedure",
    bandi_legacy: "bandi-di-gara/fino-al-2023",
}
