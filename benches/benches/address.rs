//! Single addresses on a /16: one explicit address, and one automatic address at 0 %, 50 %,
//! 90 % and 99 % fill; each beside the raw bitmap floor and the naive `HashSet` allocator.

use criterion::Criterion;
use eniplan_benches::fixture::{address_fill, first_free_at_or_after, SIZE};
use eniplan_benches::harness::{self, round_trip_group, Operation};

/// An explicit address, free, in a /16 at 50 % fill.
fn explicit(c: &mut Criterion) {
    let owned = address_fill(50);
    let explicit = first_free_at_or_after(&owned, SIZE / 2);
    round_trip_group(c, "address/explicit", &owned, explicit, Operation::Explicit);
}

/// One automatic address, at each fill level.
fn automatic(c: &mut Criterion) {
    for percent in [0, 50, 90, 99] {
        let owned = address_fill(percent);
        let explicit = first_free_at_or_after(&owned, SIZE / 2);
        let name = format!("address/auto_fill_{percent}");
        round_trip_group(c, &name, &owned, explicit, Operation::Address);
    }
}

fn main() {
    harness::main(&[explicit, automatic]);
}
