//! Benchmarks: a synthetic corpus generator and the `vetro bench` commands.

pub mod cli;
pub mod corpus;
