//! One automatic /28 prefix on a /16 whose prefix-capable blocks are 0 %, 90 % or all but the
//! last one dirty (one owned address spoils a block); beside the raw bitmap floor and the
//! naive `HashSet` allocator.

use criterion::Criterion;
use eniplan_benches::fixture::{block_dirt, first_free_at_or_after, Dirt, SIZE};
use eniplan_benches::harness::{self, round_trip_group, Operation};

fn automatic(c: &mut Criterion) {
    for (dirt, case) in [
        (Dirt::Percent(0), "auto_dirty_0"),
        (Dirt::Percent(90), "auto_dirty_90"),
        (Dirt::AllButLast, "auto_dirty_all_but_last"),
    ] {
        let owned = block_dirt(dirt);
        let explicit = first_free_at_or_after(&owned, SIZE / 2);
        let name = format!("prefix/{case}");
        round_trip_group(c, &name, &owned, explicit, Operation::Block);
    }
}

fn main() {
    harness::main(&[automatic]);
}
