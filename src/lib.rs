//! vetro: a static transparency portal for public procurement.

pub mod model;
