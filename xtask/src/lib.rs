//! Developer tasks of vetro, kept out of the product binary: the synthetic
//! benchmark corpus and the benchmark run (`cargo xtask bench ...`).

pub mod anac_corpus;
pub mod bench;
pub mod corpus;
