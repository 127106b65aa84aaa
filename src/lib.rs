//! vetro: a static transparency portal for public procurement.

pub mod import;
pub mod l190;
pub mod model;
