//! criterion's configuration and the groups every allocation hot path gets.

use std::hint::black_box;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, Throughput};

use crate::fixture::{AllocatorSubject, ModelSubject, NaiveSubject, RawSubject, RoundTrip};

/// Whether `BENCH_QUICK` asks for a short run (set, and neither empty nor `0`).
pub fn quick() -> bool {
    std::env::var_os("BENCH_QUICK").is_some_and(|value| !value.is_empty() && value != "0")
}

/// criterion's defaults, or with `BENCH_QUICK` a 1 s warm-up and 2 s of measurement per
/// benchmark. Command-line flags (`--warm-up-time`, `--measurement-time`, ...) still win.
pub fn config() -> Criterion {
    let criterion = Criterion::default();
    if quick() {
        criterion
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(2))
    } else {
        criterion
    }
}

/// The operation a group times, as an assign-then-unassign round trip.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    /// One explicit address.
    Explicit,
    /// One automatic address.
    Address,
    /// One automatic /28 prefix.
    Block,
}

/// Times `operation` on `subject` as benchmark `id` of `group`, choosing the operation
/// outside the timed closure.
pub fn bench<T: RoundTrip>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    id: &str,
    subject: &mut T,
    operation: Operation,
) {
    match operation {
        Operation::Explicit => group.bench_function(id, |b| b.iter(|| subject.explicit())),
        Operation::Address => group.bench_function(id, |b| b.iter(|| black_box(subject.address()))),
        Operation::Block => group.bench_function(id, |b| b.iter(|| black_box(subject.block()))),
    };
}

/// One group, `name`, timing `operation` on a /16 with `owned` owned: the raw bitmap floor
/// (`raw_bitmap`), the naive set (`hashset`), eniplan's allocator (`allocator`) and the whole
/// model with validated requests (`model`). One element is one round trip.
pub fn round_trip_group(
    c: &mut Criterion,
    name: &str,
    owned: &[u32],
    explicit: u32,
    operation: Operation,
) {
    let mut raw = RawSubject::new(owned, explicit);
    let mut naive = NaiveSubject::new(owned, explicit);
    let mut allocator = AllocatorSubject::new(owned, explicit);
    let mut model = ModelSubject::new(owned, explicit);
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Elements(1));
    bench(&mut group, "raw_bitmap", &mut raw, operation);
    bench(&mut group, "hashset", &mut naive, operation);
    bench(&mut group, "allocator", &mut allocator, operation);
    bench(&mut group, "model", &mut model, operation);
    group.finish();
}

/// What `criterion_group!` and `criterion_main!` do, as a documented function: runs each
/// target with [`config`] and the command line's flags, then criterion's summary.
pub fn main(targets: &[fn(&mut Criterion)]) {
    let mut criterion = config().configure_from_args();
    for target in targets {
        target(&mut criterion);
    }
    criterion.final_summary();
}
