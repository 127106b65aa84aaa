//! Imports of ANAC data into `content/`.
