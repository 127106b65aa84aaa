//! vetro: a static transparency portal for public procurement.

pub mod build;
pub mod catalog;
pub mod check;
pub mod config;
pub mod diagnostics;
pub mod export;
pub mod import;
pub mod l190;
pub mod load;
pub mod model;
pub mod render;
pub mod search;
pub mod write;
