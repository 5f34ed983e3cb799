//! Prints what subnets, interfaces, instances, addresses and prefixes cost in memory, from
//! `SubnetAllocator::memory_bytes` and `Ec2::memory_estimate`, as the README's Markdown table.
//!
//! Table-backed figures are averages over 100,000 items: a table grows by doubling, so one
//! more entry costs between one and two entries' worth of buckets depending on how full it is.

use eniplan::alloc::SubnetAllocator;
use eniplan::model::{RunInstances, Strategy};
use eniplan::{
    AddressSelection, AssignPrivateIpAddresses, CreateNetworkInterface, Ec2, Ec2Options,
    InterfaceType,
};

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
            "| allocator of a /{prefix_len} subnet (`SubnetAllocator::memory_bytes`) | {} |",
            SubnetAllocator::new(prefix_len).memory_bytes()
        );
    }

    let mut ec2 = Ec2::default();
    let empty = ec2.memory_estimate().subnets;
    let vpc = ec2.create_vpc("10.0.0.0/16").expect("vpc");
    ec2.create_subnet(vpc, "10.0.0.0/16", None).expect("subnet");
    println!(
        "| empty /16 subnet in the model (allocator, table entry, zone) | {} |",
        ec2.memory_estimate().subnets - empty
    );

    // Unattached interfaces with one automatic primary address each.
    let (mut ec2, ids) = subnets();
    let before = ec2.memory_estimate().total();
    let mut interfaces = Vec::with_capacity(N);
    for subnet in &ids {
        let request = CreateNetworkInterface::new(*subnet, None, None, InterfaceType::Interface)
            .expect("request");
        for _ in 0..PER_SUBNET {
            interfaces.push(ec2.create_network_interface(&request).expect("interface"));
        }
    }
    let with_interfaces = ec2.memory_estimate().total();
    println!(
        "| interface with its primary address (entry, strings, owner entry), average of 100,000 | {} |",
        per_item(before, with_interfaces)
    );

    // One more secondary address on each of them.
    for &eni in &interfaces {
        let request = AssignPrivateIpAddresses::new(eni, AddressSelection::AddressCount(1), false)
            .expect("request");
        ec2.assign_private_ip_addresses(&request).expect("assign");
    }
    let with_secondaries = ec2.memory_estimate().total();
    println!(
        "| secondary address (owner entry, list slot), average of 100,000 | {} |",
        per_item(with_interfaces, with_secondaries)
    );

    // And one /28 prefix on each.
    for &eni in &interfaces {
        let request = AssignPrivateIpAddresses::new(eni, AddressSelection::PrefixCount(1), false)
            .expect("request");
        ec2.assign_private_ip_addresses(&request).expect("assign");
    }
    println!(
        "| /28 prefix (prefix owner entry, list slot), average of 100,000 | {} |",
        per_item(with_secondaries, ec2.memory_estimate().total())
    );

    // Running instances, each with its primary interface attached.
    let (mut ec2, ids) = subnets();
    let before = ec2.memory_estimate().total();
    for subnet in &ids {
        ec2.run_instances(&RunInstances {
            instance_type: "m5.large".into(),
            subnet_id: *subnet,
            min_count: PER_SUBNET as u32,
            max_count: PER_SUBNET as u32,
            private_ip_address: None,
        })
        .expect("instances");
    }
    println!(
        "| running instance with its primary interface and attachment, average of 100,000 | {} |",
        per_item(before, ec2.memory_estimate().total())
    );
}
