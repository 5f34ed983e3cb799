//! Fixtures, baselines and reports for eniplan's criterion benchmarks.
//!
//! The benchmarks themselves live in `benches/`, one file per area. Everything they share is
//! here, outside the timed code, so that it can be tested: the states they run on
//! ([`fixture`]) and the two baselines every allocation hot path is compared with
//! ([`baseline`]).

pub mod baseline;
pub mod fixture;
pub mod harness;
pub mod rng;
