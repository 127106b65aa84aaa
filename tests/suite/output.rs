//! The output folder: atomic and kill-safe rebuilds, its lock, and paths made
//! from data that stay inside the site.

mod kill;
mod safe_paths;
mod safety;
