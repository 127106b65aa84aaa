//! vetro: a static transparency portal for public procurement.

pub mod build;
pub mod catalog;
pub mod check;
pub mod config;
pub mod diagnostics;
pub mod init;
pub mod load;
pub mod model;
pub mod new;
pub mod progress;
pub mod render;
pub mod serve;
pub mod write;
