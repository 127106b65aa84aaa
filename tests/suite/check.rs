//! `vetro check`: its output as a clerk and a CI job read it, and the corpus of
//! broken act files, each declaring the diagnostics it must produce.

mod cli;
mod compliance;
mod corpus;
mod output;
