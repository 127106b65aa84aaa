//! vetro's integration tests, one binary: each area builds real sites with
//! the real `vetro` binary (or the library) and reads them back. Shared
//! helpers are in `support`; snapshots of the public JSON and of `vetro
//! check` in `snapshots/`.

mod support;

mod architecture;
mod browser;
mod check;
mod cli;
mod draft;
mod export;
mod import;
mod indicators;
mod messy;
mod output;
mod portal;
mod publish;
mod quality;
mod search;
