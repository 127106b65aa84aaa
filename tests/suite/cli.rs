//! The clerk's commands through the real binary: `init`, `build`, `serve`.

mod portal;
mod serve;
