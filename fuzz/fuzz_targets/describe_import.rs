//! Structured describe-* JSON (`eniplan_fuzz::describe`) loaded by `Ec2::load_describe`, in
//! one batch or in two on top of each other: either a clear error, with a code of the core's
//! table and the model left as it was, or a consistent model
//! (`eniplan_reference::engine::check_consistency`: every address and block held once,
//! `AvailableIpAddressCount` usable less owned, attachments and associations pointing both
//! ways...) that stays consistent through a few operations.
#![no_main]

use arbitrary::Unstructured;
use eniplan::model::Strategy;
use eniplan::{
    AddressSelection, AssignPrivateIpAddresses, Ec2, Ec2Options, UnassignPrivateIpAddresses,
};
use eniplan_fuzz::check_error;
use eniplan_fuzz::describe::Generator;
use eniplan_reference::engine::{check_consistency, dump, same_state};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

/// Loads `documents`: on success the model must be consistent, on failure unchanged.
fn load(ec2: &mut Ec2, documents: &[Value]) -> bool {
    let before = ec2.clone();
    match ec2.load_describe(documents) {
        Ok(_) => {
            if let Err(broken) = check_consistency(ec2) {
                panic!("inconsistent after loading {}:\n{broken}", show(documents));
            }
            true
        }
        Err(error) => {
            check_error(&error);
            assert!(
                same_state(ec2, &before),
                "a failed load changed the model: {error}\n{}",
                dump(ec2)
            );
            false
        }
    }
}

fn show(documents: &[Value]) -> String {
    serde_json::to_string_pretty(documents).unwrap_or_default()
}

/// Runs one operation: on success the model must stay consistent, on failure unchanged.
fn step<T>(
    ec2: &mut Ec2,
    what: &str,
    documents: &[Value],
    op: impl FnOnce(&mut Ec2) -> Result<T, eniplan::Error>,
) {
    let before = ec2.clone();
    match op(ec2) {
        Ok(_) => {
            if let Err(broken) = check_consistency(ec2) {
                panic!(
                    "inconsistent after {what} on the load of {}:\n{broken}",
                    show(documents)
                );
            }
        }
        Err(error) => {
            check_error(&error);
            assert!(
                same_state(ec2, &before),
                "{what} failed with {error} and changed the model:\n{}",
                dump(ec2)
            );
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let two_batches = u.arbitrary::<bool>().unwrap_or(false);
    let mut generator = Generator::new(&mut u);
    let Ok(first) = generator.documents() else {
        return;
    };
    let second = if two_batches {
        generator.documents().unwrap_or_default()
    } else {
        Vec::new()
    };
    let mut ec2 = Ec2::new(Ec2Options {
        strategy: Strategy::Lowest,
        seed: 0,
    });
    let mut loaded = load(&mut ec2, &first);
    if two_batches {
        loaded |= load(&mut ec2, &second);
    }
    if !loaded {
        return;
    }
    let all: Vec<Value> = first.into_iter().chain(second).collect();
    // A few operations on what was loaded.
    let enis: Vec<_> = ec2
        .network_interfaces()
        .iter()
        .map(|e| (e.id, e.secondaries.clone(), e.prefixes.clone()))
        .collect();
    for (eni, secondaries, prefixes) in enis {
        step(&mut ec2, "AssignPrivateIpAddresses", &all, |ec2| {
            let request =
                AssignPrivateIpAddresses::new(eni, AddressSelection::AddressCount(1), false)?;
            ec2.assign_private_ip_addresses(&request)
        });
        step(
            &mut ec2,
            "AssignPrivateIpAddresses of a prefix",
            &all,
            |ec2| {
                let request =
                    AssignPrivateIpAddresses::new(eni, AddressSelection::PrefixCount(1), false)?;
                ec2.assign_private_ip_addresses(&request)
            },
        );
        step(&mut ec2, "UnassignPrivateIpAddresses", &all, |ec2| {
            let request = UnassignPrivateIpAddresses::new(eni, secondaries, prefixes)?;
            ec2.unassign_private_ip_addresses(&request)
        });
    }
    let attachments: Vec<_> = ec2
        .network_interfaces()
        .iter()
        .filter_map(|e| e.attachment.map(|a| a.id))
        .collect();
    for attachment in attachments {
        step(&mut ec2, "DetachNetworkInterface", &all, |ec2| {
            ec2.detach_network_interface(attachment)
        });
    }
    let instances: Vec<_> = ec2.instances().iter().map(|i| i.id).collect();
    step(&mut ec2, "TerminateInstances", &all, |ec2| {
        ec2.terminate_instances(&instances)
    });
    let eips: Vec<_> = ec2.elastic_ips().iter().map(|e| e.allocation_id).collect();
    for eip in eips {
        step(&mut ec2, "ReleaseAddress", &all, |ec2| {
            ec2.release_address(eip)
        });
    }
    let enis: Vec<_> = ec2.network_interfaces().iter().map(|e| e.id).collect();
    for eni in enis {
        step(&mut ec2, "DeleteNetworkInterface", &all, |ec2| {
            ec2.delete_network_interface(eni)
        });
    }
    for subnet in ec2.subnets() {
        let _ = ec2.subnet_report(subnet.id);
    }
    for name in [
        "DescribeSubnets",
        "DescribeNetworkInterfaces",
        "DescribeInstances",
        "DescribeAddresses",
        "DescribeVpcs",
    ] {
        let _ = ec2.clone().call(name, &serde_json::json!({}));
    }
});
