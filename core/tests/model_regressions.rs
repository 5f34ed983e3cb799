//! Regressions found by the model-based properties (`model_properties.rs`), each reduced to the
//! smallest case and checked against the specification.

#![allow(clippy::unwrap_used)]

use eniplan::model::{ReservationKind, RunInstances, Strategy};
use eniplan::{
    AddressSelection, AssignPrivateIpAddresses, CreateNetworkInterface,
    CreateNetworkInterfaceRequest, Ec2, Ec2Options, Error, InterfaceType, Ipv4Prefix, SubnetId,
};
use eniplan_testkit::fixture::{Network, NetworkSpec};

/// A lowest-free model with the shared fixture's VPC and a subnet of `cidr`, no instance.
fn world(cidr: &str) -> (Ec2, SubnetId) {
    let mut ec2 = Ec2::new(Ec2Options {
        strategy: Strategy::Lowest,
        seed: 0,
    });
    let spec = NetworkSpec {
        subnet_cidr: cidr,
        instance_type: None,
        ..NetworkSpec::default()
    };
    let subnet = Network::in_model(&mut ec2, &spec).subnet();
    (ec2, subnet)
}

fn prefix(text: &str) -> Ipv4Prefix {
    Ipv4Prefix::parse(text).unwrap()
}

fn assert_error(result: Result<impl std::fmt::Debug, Error>, code: &str, message: &str) {
    let error = result.unwrap_err();
    assert_eq!(error.code().as_str(), code);
    assert_eq!(error.to_string(), message);
}

/// Spec 6: an empty list counts as absent. `CreateNetworkInterface::new` said it applies the
/// rules of `validate`, yet refused an empty list with `NoSelector` (a selector is optional in
/// CreateNetworkInterface), while `validate` read it as absent.
#[test]
fn create_network_interface_new_reads_an_empty_list_as_absent() {
    let (mut ec2, subnet) = world("10.0.2.0/28");
    let from_json = CreateNetworkInterfaceRequest {
        subnet_id: Some(subnet.to_string()),
        ..Default::default()
    }
    .validate()
    .unwrap();
    for empty in [
        AddressSelection::Addresses(Vec::new()),
        AddressSelection::Prefixes(Vec::new()),
    ] {
        let request =
            CreateNetworkInterface::new(subnet, None, Some(empty), InterfaceType::Interface)
                .unwrap();
        assert_eq!(request.selection(), None);
        assert_eq!(request, from_json);
        let eni = ec2.create_network_interface(&request).unwrap();
        let eni = ec2.network_interface(eni).unwrap();
        assert!(eni.primary.is_some() && eni.secondaries.is_empty() && eni.prefixes.is_empty());
    }
}

/// Spec 1: an `efa-only` interface holds no IP address. AssignPrivateIpAddresses used to give
/// it secondaries and prefixes anyway, leaving secondaries without a primary.
#[test]
fn efa_only_interface_takes_no_addresses() {
    let (mut ec2, subnet) = world("10.0.3.0/24");
    let request = CreateNetworkInterface::new(subnet, None, None, InterfaceType::EfaOnly).unwrap();
    let eni = ec2.create_network_interface(&request).unwrap();
    for selection in [
        AddressSelection::AddressCount(2),
        AddressSelection::Addresses(vec!["10.0.3.9".parse().unwrap()]),
        AddressSelection::PrefixCount(1),
        AddressSelection::Prefixes(vec![prefix("10.0.3.16/28")]),
    ] {
        let request = AssignPrivateIpAddresses::new(eni, selection, false).unwrap();
        assert_error(
            ec2.assign_private_ip_addresses(&request),
            "InvalidParameterCombination",
            "An efa-only network interface cannot have IPv4 addresses or prefixes",
        );
    }
    let eni = ec2.network_interface(eni).unwrap();
    assert_eq!(eni.slots(), 0);
    assert_eq!(ec2.subnet(subnet).unwrap().owned(), 0);
}

/// Spec 3 and 6: rules are checked in order, rule by rule. CreateNetworkInterface reported an
/// address in use (its form of rules 10–12) before a prefix covering a reserved address
/// (rule 9).
#[test]
fn create_network_interface_checks_prefixes_before_addresses_in_use() {
    let (mut ec2, subnet) = world("10.0.1.0/27");
    ec2.run_instances(&RunInstances {
        instance_type: "t3.medium".into(),
        subnet_id: subnet,
        min_count: 1,
        max_count: 1,
        private_ip_address: None,
        security_group_ids: Vec::new(),
        attributes: Default::default(),
    })
    .unwrap();
    assert!(ec2.subnet(subnet).unwrap().owner(4).is_some());
    let request = CreateNetworkInterface::new(
        subnet,
        Some("10.0.1.4".parse().unwrap()),
        Some(AddressSelection::Prefixes(vec![prefix("10.0.1.0/28")])),
        InterfaceType::Interface,
    )
    .unwrap();
    assert_error(
        ec2.create_network_interface(&request),
        "InvalidParameterValue",
        "Prefix 10.0.1.0/28 includes an address in subnet's reserved address range",
    );
}

/// Spec 4: automatic prefixes come from `prefix` reservations first ("AWS assigns the reserved
/// IP addresses"). A /28 that a smaller prefix reservation only touches is not made of reserved
/// addresses, yet it used to be taken before lower free blocks.
#[test]
fn automatic_prefixes_prefer_blocks_wholly_inside_prefix_reservations() {
    let (mut ec2, subnet) = world("10.0.4.0/25");
    for cidr in ["10.0.4.32/29", "10.0.4.96/28"] {
        ec2.create_subnet_cidr_reservation(subnet, cidr, ReservationKind::Prefix, None)
            .unwrap();
    }
    let request = CreateNetworkInterface::new(
        subnet,
        None,
        Some(AddressSelection::PrefixCount(2)),
        InterfaceType::Interface,
    )
    .unwrap();
    let eni = ec2.create_network_interface(&request).unwrap();
    let eni = ec2.network_interface(eni).unwrap();
    assert_eq!(
        eni.prefixes,
        [prefix("10.0.4.96/28"), prefix("10.0.4.16/28")],
        "the reservation's own /28 first, then the lowest free block"
    );
}

/// Spec 6: a prefix over the interface's own address is a rule-12 conflict. A
/// CreateNetworkInterface primary inside one of the same request's prefixes failed an internal
/// assertion (and, in release builds, recorded the prefix over the primary).
#[test]
fn create_network_interface_refuses_a_prefix_over_its_own_primary() {
    let (mut ec2, subnet) = world("10.0.3.0/24");
    let request = CreateNetworkInterface::new(
        subnet,
        Some("10.0.3.208".parse().unwrap()),
        Some(AddressSelection::Prefixes(vec![
            prefix("10.0.3.16/28"),
            prefix("10.0.3.208/28"),
        ])),
        InterfaceType::Interface,
    )
    .unwrap();
    assert_error(
        ec2.create_network_interface(&request),
        "InvalidParameterValue",
        "Prefix 10.0.3.208/28 overlaps address 10.0.3.208, which the same request assigns",
    );
    assert!(ec2.network_interfaces().is_empty());
    assert_eq!(ec2.subnet(subnet).unwrap().owned(), 0);
}

/// Spec 3: rule 15 (automatic addresses) comes before rule 16 (automatic prefixes). A
/// CreateNetworkInterface needing an automatic primary and a prefix count in a subnet with
/// neither reported the missing /28s, because prefixes are picked first.
#[test]
fn create_network_interface_reports_missing_addresses_before_missing_blocks() {
    let (mut ec2, subnet) = world("10.0.2.0/28");
    ec2.create_subnet_cidr_reservation(subnet, "10.0.2.0/28", ReservationKind::Explicit, None)
        .unwrap();
    let request = CreateNetworkInterface::new(
        subnet,
        None,
        Some(AddressSelection::PrefixCount(1)),
        InterfaceType::Interface,
    )
    .unwrap();
    assert_error(
        ec2.create_network_interface(&request),
        "InsufficientFreeAddressesInSubnet",
        "The specified subnet does not have enough free addresses to satisfy the request.",
    );
}
