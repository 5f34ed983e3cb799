//! A test aid, not part of the model: a deliberately naive reference model of the engine's
//! operations, the engine's invariants read through its public API, and a runner that applies
//! generated operations to both and compares them at every step.
//!
//! A crate of its own, which the model (`eniplan`) never depends on: the core's model-based
//! property test (`core/tests/model_properties.rs`) and regressions, and the fuzz targets
//! (`fuzz/`), share it, so that the naive model and the invariants exist once. With the
//! `arbitrary` feature, the generated operations implement `arbitrary::Arbitrary`.
//!
//! ```
//! use eniplan_reference::ops::{run_case, Op, SelGen, Setup};
//!
//! let setup = Setup { seed: 0, subnets: vec![("10.0.2.0/28", false)], warm: true };
//! let ops = [Op::Assign { eni: 0, selection: SelGen::Count(3), allow: false }];
//! assert_eq!(run_case(&setup, &ops), Ok(3));
//! ```

// A reference model reports a broken expectation by panicking, as a test does.
#![allow(clippy::unwrap_used)]

pub mod engine;
pub mod naive;
pub mod ops;
