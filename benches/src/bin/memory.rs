//! Prints what subnets, interfaces, instances, addresses and prefixes cost in memory, as the
//! Markdown table of `benches/README.md`.
//!
//! Every figure is measured, not estimated: a counting global allocator keeps the bytes live on
//! the heap (as requested from the allocator; malloc's own bookkeeping is not counted), and a
//! figure is the growth of that count across the step it names. Table-backed figures are
//! averages over 100,000 items: a table grows by doubling, so one more entry costs between one
//! and two entries' worth of buckets depending on how full it is.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use eniplan::alloc::SubnetAllocator;
use eniplan::model::{RunInstances, Strategy};
use eniplan::{
    AddressSelection, AssignPrivateIpAddresses, CreateNetworkInterface, Ec2, Ec2Options,
    InterfaceType,
};

/// The system allocator, counting the bytes live.
struct Counting;

/// Bytes allocated and not yet freed.
static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to the system allocator unchanged; the counter only watches.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is the system allocator's.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as for `alloc`.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let moved = unsafe { System.realloc(ptr, layout, new_size) };
        if !moved.is_null() {
            LIVE.fetch_add(new_size, Ordering::Relaxed);
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        moved
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The bytes live on the heap now.
fn live() -> usize {
    LIVE.load(Ordering::Relaxed)
}

/// The heap bytes `make` leaves live in the value it returns (kept alive until measured).
fn heap_of<T>(make: impl FnOnce() -> T) -> usize {
    let before = live();
    let value = make();
    let after = live();
    drop(value);
    after - before
}

/// Items per measurement.
const N: usize = 100_000;
/// Interfaces per /16 subnet: with two addresses and one /28 each, 2,000 fill half of it.
const PER_SUBNET: usize = 2_000;

/// A model with `N / PER_SUBNET` empty /16 subnets, one per VPC, packing addresses from the
/// bottom so that /28 blocks stay free for the prefixes.
fn subnets() -> (Ec2, Vec<eniplan::SubnetId>) {
    let mut ec2 = Ec2::new(Ec2Options {
        strategy: Strategy::Lowest,
        seed: 0,
    });
    let ids = (1..=N / PER_SUBNET)
        .map(|i| {
            let cidr = format!("{}.{}.0.0/16", 10 + i / 256, i % 256);
            let vpc = ec2.create_vpc(&cidr).expect("vpc");
            ec2.create_subnet(vpc, &cidr, None).expect("subnet")
        })
        .collect();
    (ec2, ids)
}

fn per_item(before: usize, after: usize) -> usize {
    (after - before) / N
}

fn main() {
    println!("| what | bytes |");
    println!("| --- | ---: |");
    for prefix_len in [16u8, 20, 24, 28] {
        println!(
            "| allocator of a /{prefix_len} subnet (inline and heap) | {} |",
            std::mem::size_of::<SubnetAllocator>() + heap_of(|| SubnetAllocator::new(prefix_len))
        );
    }

    let mut ec2 = Ec2::default();
    let vpc = ec2.create_vpc("10.0.0.0/16").expect("vpc");
    let before = live();
    ec2.create_subnet(vpc, "10.0.0.0/16", None).expect("subnet");
    println!(
        "| empty /16 subnet in the model (allocator, table entry, zone) | {} |",
        live() - before
    );

    // Unattached interfaces with one automatic primary address each.
    let (mut ec2, ids) = subnets();
    let before = live();
    let mut interfaces = Vec::with_capacity(N);
    let list = live() - before;
    for subnet in &ids {
        let request = CreateNetworkInterface::new(*subnet, None, None, InterfaceType::Interface)
            .expect("request");
        for _ in 0..PER_SUBNET {
            interfaces.push(ec2.create_network_interface(&request).expect("interface"));
        }
    }
    // The list of ids is the measurement's, not the model's.
    let with_interfaces = live() - list;
    println!(
        "| interface with its primary address (table entry, strings, owner entry), average of 100,000 | {} |",
        per_item(before, with_interfaces)
    );

    // One more secondary address on each of them.
    for &eni in &interfaces {
        let request = AssignPrivateIpAddresses::new(eni, AddressSelection::AddressCount(1), false)
            .expect("request");
        ec2.assign_private_ip_addresses(&request).expect("assign");
    }
    let with_secondaries = live() - list;
    println!(
        "| each secondary address (owner entry, list slot), average of 100,000 | {} |",
        per_item(with_interfaces, with_secondaries)
    );

    // And one /28 prefix on each.
    for &eni in &interfaces {
        let request = AssignPrivateIpAddresses::new(eni, AddressSelection::PrefixCount(1), false)
            .expect("request");
        ec2.assign_private_ip_addresses(&request).expect("assign");
    }
    println!(
        "| each /28 prefix (owner entry, list slot), average of 100,000 | {} |",
        per_item(with_secondaries, live() - list)
    );
    drop((ec2, interfaces));

    // Running instances, each with its primary interface attached.
    let (mut ec2, ids) = subnets();
    let before = live();
    for subnet in &ids {
        let (_, launched) = ec2
            .run_instances(&RunInstances {
                instance_type: "m5.large".into(),
                subnet_id: *subnet,
                min_count: PER_SUBNET as u32,
                max_count: PER_SUBNET as u32,
                private_ip_address: None,
                security_group_ids: Vec::new(),
                attributes: Default::default(),
            })
            .expect("instances");
        drop(launched);
    }
    println!(
        "| running instance with its primary interface and attachment, average of 100,000 | {} |",
        per_item(before, live())
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One test, since the count is global: tests running beside it would move it.
    #[test]
    fn the_count_follows_allocations_to_the_byte() {
        assert_eq!(heap_of(|| Vec::<u64>::with_capacity(125)), 1000);
        // Hand-computed: one bit per address (65,536 bits, 8,192 bytes), one bit per 64-bit
        // word of it (1,024 bits, 128 bytes), one bit per /28 block (4,096 bits, 512 bytes);
        // no reservation.
        assert_eq!(heap_of(|| SubnetAllocator::new(16)), 8192 + 128 + 512);
        // A /28: one word for its 16 addresses, one for the summary of that word, one for its
        // one block.
        assert_eq!(heap_of(|| SubnetAllocator::new(28)), 3 * 8);
    }
}
