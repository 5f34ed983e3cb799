//! The C boundary: each round trip of the allocation benchmarks (an explicit address and an
//! automatic address on a /16 at 50 % fill, an automatic /28 on a /16 with 90 % of its blocks
//! dirty), through the typed Rust calls of
//! the model (`typed`, the baseline) and through the typed C calls of `eniplan_ec2` on a copy of
//! the same state (`c_typed`). The difference is what the boundary adds: the panic guard, the
//! handle's lock, the copies of C arrays and the output checks.

use criterion::{Criterion, Throughput};
use eniplan_benches::c_handle::CSubject;
use eniplan_benches::fixture::{
    address_fill, block_dirt, first_free_at_or_after, Dirt, ModelSubject, SIZE,
};
use eniplan_benches::harness::{self, bench, Operation};

fn boundary(c: &mut Criterion) {
    let addresses = address_fill(50);
    let blocks = block_dirt(Dirt::Percent(90));
    for (name, owned, operation) in [
        ("boundary/explicit", &addresses, Operation::Explicit),
        ("boundary/auto_address", &addresses, Operation::Address),
        ("boundary/auto_prefix", &blocks, Operation::Block),
    ] {
        let explicit = first_free_at_or_after(owned, SIZE / 2);
        let mut model = ModelSubject::new(owned, explicit);
        let mut handle = CSubject::copy_of(&mut model, explicit);
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Elements(1));
        bench(&mut group, "typed", &mut model, operation);
        bench(&mut group, "c_typed", &mut handle, operation);
        group.finish();
    }
}

fn main() {
    harness::main(&[boundary]);
}
