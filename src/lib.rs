//! vetro: a static transparency portal for public procurement.

pub mod build;
pub mod catalog;
pub mod check;
pub mod config;
pub mod diagnostics;
pub mod draft;
pub mod export;
pub mod fingerprint;
pub mod format;
pub mod import;
pub mod indicators;
pub mod init;
pub mod l190;
pub mod load;
pub mod model;
pub mod new;
pub mod progress;
pub mod render;
pub mod route;
pub mod safe_name;
pub mod search;
pub mod secret;
pub mod serve;
pub mod stages;
pub mod toml_doc;
pub mod write;
