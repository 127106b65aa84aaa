//! vetro: a static transparency portal for public procurement.

pub mod bench;
pub mod model;
