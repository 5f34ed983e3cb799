//! Runs one benchmarked round trip many times, for a profiler.
//!
//! `profile SUBJECT OPERATION STATE ITERATIONS`: SUBJECT is `raw_bitmap`, `hashset`,
//! `allocator`, `model` or `c_typed` (the C library's typed calls on a copy of the model); OPERATION `explicit`, `address` or `block`; STATE `fill:PERCENT`,
//! `dirt:PERCENT`, `dirt:all_but_last` or `enis:COUNT` (an empty subnet in a model of COUNT
//! interfaces). Under `valgrind --tool=callgrind`, the difference between two iteration counts
//! divided by the difference of the counts is the instructions of one round trip, a figure the
//! machine's load does not disturb.

use std::hint::black_box;
use std::process::ExitCode;

use eniplan_benches::c_handle::CSubject;
use eniplan_benches::fixture::{
    address_fill, block_dirt, first_free_at_or_after, AllocatorSubject, Dirt, ModelSubject,
    NaiveSubject, RawSubject, RoundTrip, SIZE,
};

fn run(subject: &mut dyn RoundTrip, operation: &str, iterations: u64) -> Result<(), String> {
    for _ in 0..iterations {
        match operation {
            "explicit" => subject.explicit(),
            "address" => {
                black_box(subject.address());
            }
            "block" => {
                black_box(subject.block());
            }
            other => return Err(format!("unknown operation {other}")),
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [subject, operation, state, iterations] = args.as_slice() else {
        eprintln!("usage: profile SUBJECT OPERATION STATE ITERATIONS");
        return ExitCode::from(2);
    };
    let Ok(iterations) = iterations.parse::<u64>() else {
        eprintln!("ITERATIONS must be a number");
        return ExitCode::from(2);
    };
    let (kind, value) = state.split_once(':').unwrap_or((state.as_str(), ""));
    let number = value.parse::<u32>().ok();
    let (owned, others) = match (kind, value, number) {
        ("fill", _, Some(percent)) => (address_fill(percent), 0),
        ("dirt", "all_but_last", _) => (block_dirt(Dirt::AllButLast), 0),
        ("dirt", _, Some(percent)) => (block_dirt(Dirt::Percent(percent)), 0),
        ("enis", _, Some(count)) => (address_fill(0), count.saturating_sub(1) as usize),
        _ => {
            eprintln!("unknown state {state}");
            return ExitCode::from(2);
        }
    };
    let explicit = first_free_at_or_after(&owned, SIZE / 2);
    let mut boxed: Box<dyn RoundTrip> = match subject.as_str() {
        "raw_bitmap" => Box::new(RawSubject::new(&owned, explicit)),
        "hashset" => Box::new(NaiveSubject::new(&owned, explicit)),
        "allocator" => Box::new(AllocatorSubject::new(&owned, explicit)),
        "model" => Box::new(ModelSubject::with_other_interfaces(
            &owned, explicit, others,
        )),
        "c_typed" => {
            let mut model = ModelSubject::with_other_interfaces(&owned, explicit, others);
            Box::new(CSubject::copy_of(&mut model, explicit))
        }
        other => {
            eprintln!("unknown subject {other}");
            return ExitCode::from(2);
        }
    };
    match run(boxed.as_mut(), operation, iterations) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}
