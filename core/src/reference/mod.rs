//! A test aid, not part of the model: a deliberately naive reference model of the engine's
//! operations, the engine's invariants read through its public API, and a runner that applies
//! generated operations to both and compares them at every step.
//!
//! Compiled only with the `reference-model` feature, which no default includes. The
//! model-based property test (`core/tests/model_properties.rs`) and the `model_ops` and
//! `describe_import` fuzz targets (`fuzz/`) share it, so that the naive model and the
//! invariants exist once. With the `arbitrary` feature too, the generated operations implement
//! `arbitrary::Arbitrary`.
//!
//! ```
//! use eniplan::reference::ops::{run_case, Op, SelGen, Setup};
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
