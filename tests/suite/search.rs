//! The search index, built from fixture docs and queried through the Rust reader.

mod index;
