//! The hot paths on models holding 1, 1,000 and 100,000 interfaces: the benchmarked interface
//! and its subnet are the same in each; the other interfaces are the primary interfaces of
//! running instances in other VPCs' subnets. Each model is built once, outside the timed loop.
//! `scale/auto_address_rotating` moves to the next interface of the model at each iteration,
//! so that lookups in a large model reach entries that are not in the cache.

use std::hint::black_box;

use criterion::{Criterion, Throughput};
use eniplan_benches::fixture::{address_fill, first_free_at_or_after, ModelSubject, SIZE};
use eniplan_benches::harness::{self, bench, Operation};

/// Interface counts of the models.
const SIZES: [usize; 3] = [1, 1_000, 100_000];

fn scale(c: &mut Criterion) {
    let owned = address_fill(0);
    let explicit = first_free_at_or_after(&owned, SIZE / 2);
    let mut models: Vec<(usize, ModelSubject)> = SIZES
        .iter()
        .map(|&n| {
            let model = ModelSubject::with_other_interfaces(&owned, explicit, n - 1);
            assert_eq!(model.interface_count(), n);
            (n, model)
        })
        .collect();
    for (case, operation) in [
        ("explicit_address", Operation::Explicit),
        ("auto_address", Operation::Address),
        ("auto_prefix", Operation::Block),
    ] {
        let mut group = c.benchmark_group(format!("scale/{case}"));
        group.throughput(Throughput::Elements(1));
        for (n, model) in &mut models {
            bench(&mut group, &format!("enis_{n}"), model, operation);
        }
        group.finish();
    }
    // The same automatic address, on each interface of the model in turn.
    let mut group = c.benchmark_group("scale/auto_address_rotating");
    group.throughput(Throughput::Elements(1));
    for (n, model) in &mut models {
        group.bench_function(format!("enis_{n}"), |b| {
            b.iter(|| black_box(model.rotating_address()))
        });
    }
    group.finish();
}

fn main() {
    harness::main(&[scale]);
}
