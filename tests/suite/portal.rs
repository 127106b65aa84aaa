//! The example portal built end to end, under a sub-path, with hostile input,
//! one identity per act, and snapshots of every page kind's JSON.

mod act_identity;
mod bandi;
mod base_path;
mod example;
mod hostile_input;
mod page_json;
