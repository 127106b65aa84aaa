//! Privacy by default and the data-quality report, on fixtures and on the three
//! real L.190 samples.

mod real_samples;
mod report;
