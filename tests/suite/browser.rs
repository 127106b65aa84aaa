//! The portal in Debian chromium through Node and playwright-core (scripts/test
//! installs them; a missing tool fails a test, it never skips it).

mod example;
mod portal;
mod search;
