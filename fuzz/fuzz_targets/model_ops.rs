//! Arbitrary sequences of operations applied to the engine and to the naive reference model
//! (`eniplan_reference`): the same response or error at every step, the engine's invariants
//! after every step, and a failed operation leaves the state identical.
//!
//! At exit the target prints how many model operations it ran (`model_ops: N operations in M
//! cases`), for the campaign figures.
#![no_main]

use std::sync::atomic::{AtomicU64, Ordering};

use arbitrary::{Arbitrary, Unstructured};
use eniplan_reference::ops::{run_case, Op, Setup};
use libfuzzer_sys::fuzz_target;

/// The longest sequence run, so that one input stays fast.
const MOST_OPS: usize = 100;

static OPERATIONS: AtomicU64 = AtomicU64::new(0);
static CASES: AtomicU64 = AtomicU64::new(0);

extern "C" fn report() {
    eprintln!(
        "model_ops: {} operations in {} cases",
        OPERATIONS.load(Ordering::Relaxed),
        CASES.load(Ordering::Relaxed)
    );
}

extern "C" {
    fn atexit(callback: extern "C" fn()) -> std::ffi::c_int;
}

/// A world and the operations to apply to it: as many as the bytes hold, up to [`MOST_OPS`].
#[derive(Debug)]
struct Case {
    setup: Setup,
    ops: Vec<Op>,
}

impl<'a> Arbitrary<'a> for Case {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Case> {
        let setup = Setup::arbitrary(u)?;
        let mut ops = Vec::new();
        while !u.is_empty() && ops.len() < MOST_OPS {
            ops.push(Op::arbitrary(u)?);
        }
        Ok(Case { setup, ops })
    }
}

fuzz_target!(
    init: {
        // SAFETY: `report` is a plain function that only reads two atomics.
        unsafe { atexit(report) };
    },
    |case: Case| {
        match run_case(&case.setup, &case.ops) {
            Ok(steps) => {
                OPERATIONS.fetch_add(steps as u64, Ordering::Relaxed);
                CASES.fetch_add(1, Ordering::Relaxed);
            }
            Err(report) => panic!("{:?}\n{report}", case.setup),
        }
    }
);
