//! Fixtures, baselines and reports for eniplan's criterion benchmarks.
//!
//! The benchmarks themselves live in `benches/` (one file per area: `address`, `prefix`,
//! `scale`, `request`, `boundary`). Everything they share is here, outside the timed code, so that it can
//! be tested: the states they run on ([`fixture`]), the two baselines every allocation hot
//! path is compared with ([`baseline`]), the C library's handle beside the Rust model
//! ([`c_handle`]), and the reading of criterion's results into the ratio
//! table of `benches/README.md` ([`report`]).

pub mod baseline;
pub mod c_handle;
pub mod cluster;
pub mod fixture;
pub mod harness;
pub mod report;
