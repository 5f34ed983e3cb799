//! The stateful rules of the specification (sections 3, 4 and 6), one test each, asserting
//! EC2's exact code and message against hand-computed expectations.
#![allow(clippy::unwrap_used)]

use std::net::Ipv4Addr;

use eniplan::model::{AssociateTarget, ReservationKind, RunInstances, Strategy};
use eniplan::{
    AddressSelection, AssignPrivateIpAddresses, AttachNetworkInterface, CreateNetworkInterface,
    Ec2, Ec2Options, Error, InstanceId, InterfaceType, Ipv4Prefix, NetworkInterfaceId, SubnetId,
    UnassignPrivateIpAddresses,
};
use eniplan_testkit::fixture::{Network, NetworkSpec};

fn ip(text: &str) -> Ipv4Addr {
    text.parse().unwrap()
}

fn prefix(text: &str) -> Ipv4Prefix {
    Ipv4Prefix::parse(text).unwrap()
}

/// The shared fixture's VPC 10.0.0.0/16 and subnet 10.0.0.0/24 in us-east-1a, without its
/// instance (each test launches its own type), filled lowest-first.
struct World {
    ec2: Ec2,
    subnet: SubnetId,
}

impl World {
    fn new() -> World {
        let mut ec2 = Ec2::new(Ec2Options {
            strategy: Strategy::Lowest,
            seed: 7,
        });
        let spec = NetworkSpec {
            instance_type: None,
            ..NetworkSpec::default()
        };
        let subnet = Network::in_model(&mut ec2, &spec).subnet();
        World { ec2, subnet }
    }

    fn eni(&mut self, primary: &str) -> NetworkInterfaceId {
        let request = CreateNetworkInterface::new(
            self.subnet,
            Some(ip(primary)),
            None,
            InterfaceType::Interface,
        )
        .unwrap();
        self.ec2.create_network_interface(&request).unwrap()
    }

    fn instance(&mut self, instance_type: &str) -> (InstanceId, NetworkInterfaceId) {
        let (_, ids) = self
            .ec2
            .run_instances(&RunInstances {
                instance_type: instance_type.into(),
                subnet_id: self.subnet,
                min_count: 1,
                max_count: 1,
                private_ip_address: None,
                security_group_ids: Vec::new(),
                attributes: Default::default(),
            })
            .unwrap();
        let instance = self.ec2.instance(ids[0]).unwrap();
        (ids[0], instance.primary_interface().unwrap())
    }

    fn assign(
        &mut self,
        eni: NetworkInterfaceId,
        selection: AddressSelection,
        allow: bool,
    ) -> Result<(Vec<Ipv4Addr>, Vec<Ipv4Prefix>), Error> {
        let request = AssignPrivateIpAddresses::new(eni, selection, allow)?;
        let response = self.ec2.assign_private_ip_addresses(&request)?;
        Ok((
            response
                .assigned_private_ip_addresses
                .iter()
                .map(|a| a.private_ip_address)
                .collect(),
            response
                .assigned_ipv4_prefixes
                .iter()
                .map(|p| p.ipv4_prefix)
                .collect(),
        ))
    }

    fn addresses(
        &mut self,
        eni: NetworkInterfaceId,
        list: &[&str],
        allow: bool,
    ) -> Result<Vec<Ipv4Addr>, Error> {
        let list = list.iter().map(|a| ip(a)).collect();
        self.assign(eni, AddressSelection::Addresses(list), allow)
            .map(|(a, _)| a)
    }

    fn snapshot(&self) -> String {
        format!(
            "{:?}{:?}{:?}{:?}",
            self.ec2
                .subnets()
                .iter()
                .map(|s| (s.id, s.owned(), s.available_ip_address_count()))
                .collect::<Vec<_>>(),
            self.ec2.network_interfaces(),
            self.ec2.instances(),
            self.ec2.elastic_ips()
        )
    }
}

fn code_and_message(error: Error) -> (String, String) {
    (error.code().as_str().to_owned(), error.to_string())
}

fn expect(result: Result<impl std::fmt::Debug, Error>, code: &str, message: &str) {
    match result {
        Ok(value) => panic!("expected {code}, got Ok({value:?})"),
        Err(error) => assert_eq!(
            code_and_message(error),
            (code.to_owned(), message.to_owned())
        ),
    }
}

#[test]
fn rule_3_interface_must_exist() {
    let mut world = World::new();
    let unknown = NetworkInterfaceId::parse("eni-00000088").unwrap();
    expect(
        world.assign(unknown, AddressSelection::AddressCount(1), false),
        "InvalidNetworkInterfaceID.NotFound",
        "The networkInterface ID 'eni-00000088' does not exist",
    );
}

#[test]
fn rule_7_address_must_be_inside_the_subnet() {
    let mut world = World::new();
    let eni = world.eni("10.0.0.10");
    expect(
        world.addresses(eni, &["10.0.0.20", "10.0.1.5"], false),
        "InvalidParameterValue",
        "Address 10.0.1.5 does not fall within the subnet's address range",
    );
}

#[test]
fn rule_8_reserved_addresses_are_refused() {
    let mut world = World::new();
    let eni = world.eni("10.0.0.10");
    for reserved in ["10.0.0.0", "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.255"] {
        expect(
            world.addresses(eni, &[reserved], false),
            "InvalidParameterValue",
            &format!("Address {reserved} is in subnet's reserved address range"),
        );
    }
}

#[test]
fn rule_7_is_checked_over_every_address_before_rule_8() {
    let mut world = World::new();
    let eni = world.eni("10.0.0.10");
    let (code, message) = code_and_message(
        world
            .addresses(eni, &["10.0.0.1", "10.9.9.9"], false)
            .unwrap_err(),
    );
    assert_eq!(code, "InvalidParameterValue");
    assert!(message.starts_with("Address 10.9.9.9 does not fall"));
}

#[test]
fn rule_9_prefix_must_be_inside_the_subnet_and_avoid_reserved_addresses() {
    let mut world = World::new();
    let (_, eni) = world.instance("m5.large");
    for (given, message) in [
        (
            "10.0.1.0/28",
            "Prefix 10.0.1.0/28 does not fall within the subnet's address range",
        ),
        (
            "10.0.0.0/28",
            "Prefix 10.0.0.0/28 includes an address in subnet's reserved address range",
        ),
        (
            "10.0.0.240/28",
            "Prefix 10.0.0.240/28 includes an address in subnet's reserved address range",
        ),
    ] {
        expect(
            world.assign(eni, AddressSelection::Prefixes(vec![prefix(given)]), false),
            "InvalidParameterValue",
            message,
        );
    }
}

#[test]
fn rule_10_lists_every_address_held_elsewhere() {
    let mut world = World::new();
    let a = world.eni("10.0.0.10");
    let b = world.eni("10.0.0.11");
    world
        .addresses(a, &["10.0.0.30", "10.0.0.31"], false)
        .unwrap();
    expect(
        world.addresses(b, &["10.0.0.30", "10.0.0.40", "10.0.0.31"], false),
        "InvalidParameterValue",
        "[10.0.0.30, 10.0.0.31] assigned, but move is not allowed.",
    );
}

#[test]
fn rule_11_another_interfaces_primary_never_moves() {
    let mut world = World::new();
    let a = world.eni("10.0.0.10");
    let b = world.eni("10.0.0.11");
    let error = world.addresses(b, &["10.0.0.10"], true).unwrap_err();
    assert_eq!(
        code_and_message(error),
        (
            "InvalidParameterValue".to_owned(),
            format!("Address 10.0.0.10 is the primary private IPv4 address of {a} and cannot be reassigned")
        )
    );
}

#[test]
fn rule_12_addresses_and_prefixes_never_overlap() {
    let mut world = World::new();
    let (_, a) = world.instance("m5.large");
    let (_, b) = world.instance("m5.large");
    world
        .assign(
            a,
            AddressSelection::Prefixes(vec![prefix("10.0.0.32/28")]),
            false,
        )
        .unwrap();
    let error = world.addresses(b, &["10.0.0.40"], true).unwrap_err();
    assert_eq!(
        code_and_message(error),
        (
            "InvalidParameterValue".to_owned(),
            format!("Address 10.0.0.40 is inside prefix 10.0.0.32/28, which is assigned to {a}")
        )
    );
    world.addresses(b, &["10.0.0.50"], false).unwrap();
    let error = world
        .assign(
            a,
            AddressSelection::Prefixes(vec![prefix("10.0.0.48/28")]),
            false,
        )
        .unwrap_err();
    assert_eq!(
        code_and_message(error),
        (
            "InvalidParameterValue".to_owned(),
            format!("Prefix 10.0.0.48/28 overlaps address 10.0.0.50, which is assigned to {b}")
        )
    );
}

#[test]
fn rule_13_counts_a_prefix_as_one_slot() {
    // c5.large: 10 addresses per interface, so 9 prefixes beside the primary (doc), one fewer
    // per secondary.
    let mut world = World::new();
    let (_, eni) = world.instance("c5.large");
    world.addresses(eni, &["10.0.0.200"], false).unwrap();
    let (_, prefixes) = world
        .assign(eni, AddressSelection::PrefixCount(8), false)
        .unwrap();
    assert_eq!(prefixes.len(), 8);
    expect(
        world.assign(eni, AddressSelection::PrefixCount(1), false),
        "PrivateIpAddressLimitExceeded",
        "Number of private addresses will exceed limit.",
    );
}

#[test]
fn rule_13_counts_the_state_after_the_request() {
    // t3.medium: 6 addresses per interface.
    let mut world = World::new();
    let (_, eni) = world.instance("t3.medium");
    world
        .assign(eni, AddressSelection::AddressCount(4), false)
        .unwrap();
    expect(
        world.assign(eni, AddressSelection::AddressCount(2), false),
        "PrivateIpAddressLimitExceeded",
        "Number of private addresses will exceed limit.",
    );
    assert_eq!(
        world
            .assign(eni, AddressSelection::AddressCount(1), false)
            .unwrap()
            .0
            .len(),
        1
    );
}

#[test]
fn rule_13_caps_an_unattached_interface_at_the_largest_known_limit() {
    let mut world = World::new();
    let eni = world.eni("10.0.0.10");
    let largest = world.ec2.instance_types().max_ipv4_per_eni();
    assert_eq!(largest, 64);
    world
        .assign(eni, AddressSelection::AddressCount(63), false)
        .unwrap();
    expect(
        world.assign(eni, AddressSelection::AddressCount(1), false),
        "PrivateIpAddressLimitExceeded",
        "Number of private addresses will exceed limit.",
    );
}

#[test]
fn rule_14_prefixes_need_nitro_or_bare_metal() {
    let mut world = World::new();
    let (_, xen) = world.instance("t2.medium");
    expect(
        world.assign(xen, AddressSelection::PrefixCount(1), false),
        "InvalidParameterValue",
        "Instance type t2.medium does not support IPv4 prefixes: they need a Nitro or bare-metal instance type",
    );
    let (_, metal) = world.instance("m5.metal");
    assert!(world
        .assign(metal, AddressSelection::PrefixCount(1), false)
        .is_ok());
}

#[test]
fn rule_15_automatic_addresses_need_free_unreserved_addresses() {
    let mut world = World::new();
    let eni = world.eni("10.0.0.10");
    // 251 usable, one held by the primary; a /25 reservation keeps 128 from automatic picks.
    world
        .ec2
        .create_subnet_cidr_reservation(
            world.subnet,
            "10.0.0.128/25",
            ReservationKind::Explicit,
            None,
        )
        .unwrap();
    let before = world.snapshot();
    let other = world.eni("10.0.0.11");
    world
        .assign(other, AddressSelection::AddressCount(60), false)
        .unwrap();
    world
        .assign(eni, AddressSelection::AddressCount(60), false)
        .unwrap();
    // 128 - 4 reserved - 2 primaries - 120 = 2 left outside the reservation.
    let third = world.eni("10.0.0.130");
    let before_failure = world.snapshot();
    expect(
        world.assign(third, AddressSelection::AddressCount(3), false),
        "InsufficientFreeAddressesInSubnet",
        "The specified subnet does not have enough free addresses to satisfy the request.",
    );
    assert_eq!(
        world.snapshot(),
        before_failure,
        "a failing call changes nothing"
    );
    assert_ne!(before, before_failure);
    assert_eq!(
        world
            .assign(third, AddressSelection::AddressCount(1), false)
            .unwrap()
            .0
            .len(),
        1
    );
}

#[test]
fn rule_16_fragmentation_leaves_addresses_but_no_cidr_block() {
    let mut world = World::new();
    let (_, eni) = world.instance("m5.large");
    let holder = world.eni("10.0.0.20");
    // One address in each of the 14 candidate /28 blocks of the /24.
    let pins: Vec<String> = (1..15)
        .map(|block| format!("10.0.0.{}", block * 16 + 5))
        .collect();
    let pins: Vec<&str> = pins
        .iter()
        .map(String::as_str)
        .filter(|a| *a != "10.0.0.21")
        .collect();
    world.addresses(holder, &pins, false).unwrap();
    let subnet = world.ec2.subnet(world.subnet).unwrap();
    assert!(subnet.available_ip_address_count() > 200);
    expect(
        world.assign(eni, AddressSelection::PrefixCount(1), false),
        "InsufficientCidrBlocks",
        "The specified subnet does not have enough free cidr blocks to satisfy the request.",
    );
}

#[test]
fn automatic_prefixes_come_from_prefix_reservations_first() {
    let mut world = World::new();
    let (_, eni) = world.instance("m5.large");
    world
        .ec2
        .create_subnet_cidr_reservation(
            world.subnet,
            "10.0.0.192/27",
            ReservationKind::Prefix,
            None,
        )
        .unwrap();
    let (_, prefixes) = world
        .assign(eni, AddressSelection::PrefixCount(3), false)
        .unwrap();
    assert_eq!(
        prefixes,
        vec![
            prefix("10.0.0.192/28"),
            prefix("10.0.0.208/28"),
            prefix("10.0.0.16/28")
        ]
    );
}

#[test]
fn same_interface_and_duplicates_are_no_ops() {
    let mut world = World::new();
    let eni = world.eni("10.0.0.10");
    assert_eq!(
        world
            .addresses(eni, &["10.0.0.30", "10.0.0.30"], false)
            .unwrap(),
        vec![ip("10.0.0.30")]
    );
    assert_eq!(
        world
            .addresses(eni, &["10.0.0.30", "10.0.0.10", "10.0.0.31"], false)
            .unwrap(),
        vec![ip("10.0.0.31")]
    );
    assert_eq!(world.ec2.network_interface(eni).unwrap().slots(), 3);
}

#[test]
fn reassignment_moves_the_address_and_its_elastic_ip() {
    let mut world = World::new();
    let a = world.eni("10.0.0.10");
    let b = world.eni("10.0.0.11");
    world.addresses(a, &["10.0.0.30"], false).unwrap();
    let allocation = world.ec2.allocate_address().unwrap();
    world
        .ec2
        .associate_address(
            allocation,
            AssociateTarget::NetworkInterface(a),
            Some(ip("10.0.0.30")),
            true,
        )
        .unwrap();
    assert_eq!(
        world.addresses(b, &["10.0.0.30"], true).unwrap(),
        vec![ip("10.0.0.30")]
    );
    assert!(!world
        .ec2
        .network_interface(a)
        .unwrap()
        .holds(ip("10.0.0.30")));
    let association = world
        .ec2
        .elastic_ip(allocation)
        .unwrap()
        .association
        .unwrap();
    assert_eq!(association.network_interface_id, b);
    assert_eq!(
        world
            .ec2
            .network_interface(b)
            .unwrap()
            .elastic_ip(ip("10.0.0.30")),
        Some(allocation)
    );
}

#[test]
fn unassign_refuses_the_primary_and_addresses_not_held() {
    let mut world = World::new();
    let eni = world.eni("10.0.0.10");
    world.addresses(eni, &["10.0.0.30"], false).unwrap();
    let unassign =
        |addresses: Vec<Ipv4Addr>| UnassignPrivateIpAddresses::new(eni, addresses, vec![]).unwrap();
    expect(
        world
            .ec2
            .unassign_private_ip_addresses(&unassign(vec![ip("10.0.0.30"), ip("10.0.0.10")])),
        "InvalidParameterValue",
        "The primary IP address of an interface cannot be unassigned.",
    );
    expect(
        world
            .ec2
            .unassign_private_ip_addresses(&unassign(vec![ip("10.0.0.30"), ip("10.0.0.31")])),
        "InvalidParameterValue",
        &format!("Some of the specified addresses are not assigned to interface {eni}"),
    );
    assert!(
        world
            .ec2
            .network_interface(eni)
            .unwrap()
            .holds(ip("10.0.0.30")),
        "all or nothing"
    );
    world
        .ec2
        .unassign_private_ip_addresses(&unassign(vec![ip("10.0.0.30")]))
        .unwrap();
    assert_eq!(
        world
            .ec2
            .subnet(world.subnet)
            .unwrap()
            .available_ip_address_count(),
        250
    );
}

#[test]
fn unassign_disassociates_the_elastic_ip_which_stays_allocated() {
    let mut world = World::new();
    let eni = world.eni("10.0.0.10");
    world.addresses(eni, &["10.0.0.30"], false).unwrap();
    let allocation = world.ec2.allocate_address().unwrap();
    world
        .ec2
        .associate_address(
            allocation,
            AssociateTarget::NetworkInterface(eni),
            Some(ip("10.0.0.30")),
            true,
        )
        .unwrap();
    let request = UnassignPrivateIpAddresses::new(eni, vec![ip("10.0.0.30")], vec![]).unwrap();
    world.ec2.unassign_private_ip_addresses(&request).unwrap();
    assert_eq!(world.ec2.elastic_ip(allocation).unwrap().association, None);
}

#[test]
fn available_ip_address_count_is_usable_less_owned() {
    let mut world = World::new();
    let (_, eni) = world.instance("m5.large");
    world
        .assign(eni, AddressSelection::PrefixCount(2), false)
        .unwrap();
    world
        .assign(eni, AddressSelection::AddressCount(3), false)
        .unwrap();
    // 251 usable - 1 primary - 32 in prefixes - 3 secondaries.
    assert_eq!(
        world
            .ec2
            .subnet(world.subnet)
            .unwrap()
            .available_ip_address_count(),
        215
    );
}

#[test]
fn unattached_limits_are_enforced_at_attach() {
    let mut world = World::new();
    let (instance, _) = world.instance("t3.medium");
    let eni = world.eni("10.0.0.10");
    world
        .assign(eni, AddressSelection::AddressCount(6), false)
        .unwrap();
    let attach = AttachNetworkInterface::new(eni, instance, 1, 0).unwrap();
    expect(
        world.ec2.attach_network_interface(&attach),
        "InvalidInterface.IpAddressLimitExceeded",
        &format!("Address count 7 on interface {eni} exceeds the limit for t3.medium"),
    );
}

#[test]
fn attach_checks_device_index_and_card_limits() {
    // t3.medium: 3 interfaces on its one card.
    let mut world = World::new();
    let (instance, _) = world.instance("t3.medium");
    let first = world.eni("10.0.0.10");
    let second = world.eni("10.0.0.11");
    let third = world.eni("10.0.0.130");
    world
        .ec2
        .attach_network_interface(&AttachNetworkInterface::new(first, instance, 1, 0).unwrap())
        .unwrap();
    expect(
        world.ec2.attach_network_interface(
            &AttachNetworkInterface::new(second, instance, 1, 0).unwrap(),
        ),
        "InvalidParameterValue",
        &format!("Instance '{instance}' already has an interface attached at device index '1'."),
    );
    expect(
        world
            .ec2
            .attach_network_interface(&AttachNetworkInterface::new(first, instance, 2, 0).unwrap()),
        "InvalidNetworkInterface.InUse",
        &format!("Interface: [{first}] in use."),
    );
    world
        .ec2
        .attach_network_interface(&AttachNetworkInterface::new(second, instance, 2, 0).unwrap())
        .unwrap();
    expect(
        world
            .ec2
            .attach_network_interface(&AttachNetworkInterface::new(third, instance, 3, 0).unwrap()),
        "AttachmentLimitExceeded",
        "Interface count 4 exceeds the limit for t3.medium",
    );
    expect(
        world.ec2.attach_network_interface(&AttachNetworkInterface::new(third, instance, 3, 1).unwrap()),
        "InvalidParameterValue",
        "Value (1) for parameter NetworkCardIndex is invalid. Instance type t3.medium has 1 network card(s).",
    );
}

#[test]
fn primary_interface_cannot_be_detached_and_attached_interface_cannot_be_deleted() {
    let mut world = World::new();
    let (instance, primary) = world.instance("t3.medium");
    let attachment = world
        .ec2
        .network_interface(primary)
        .unwrap()
        .attachment
        .unwrap();
    expect(
        world.ec2.detach_network_interface(attachment.id),
        "OperationNotPermitted",
        "The network interface at device index 0 and networkCard index 0 cannot be detached.",
    );
    expect(
        world.ec2.delete_network_interface(primary),
        "InvalidParameterValue",
        &format!("Network interface '{primary}' is currently in use."),
    );
    world.ec2.terminate_instances(&[instance]).unwrap();
    expect(
        world.ec2.network_interface(primary),
        "InvalidNetworkInterfaceID.NotFound",
        &format!("The networkInterface ID '{primary}' does not exist"),
    );
    assert_eq!(
        world
            .ec2
            .subnet(world.subnet)
            .unwrap()
            .available_ip_address_count(),
        251
    );
}

#[test]
fn create_network_interface_refuses_an_address_in_use() {
    let mut world = World::new();
    world.eni("10.0.0.10");
    let request = CreateNetworkInterface::new(
        world.subnet,
        Some(ip("10.0.0.10")),
        None,
        InterfaceType::Interface,
    )
    .unwrap();
    expect(
        world.ec2.create_network_interface(&request),
        "InvalidIPAddress.InUse",
        "The specified address is already in use",
    );
}

#[test]
fn subnet_and_vpc_cidr_rules() {
    let mut ec2 = Ec2::default();
    expect(
        ec2.create_vpc("10.0.0.0/8"),
        "InvalidVpc.Range",
        "The CIDR '10.0.0.0/8' is invalid.",
    );
    expect(
        ec2.create_vpc("dsfre"),
        "InvalidParameterValue",
        "Value (dsfre) for parameter cidrBlock is invalid. This is not a valid CIDR block.",
    );
    let vpc = ec2.create_vpc("10.0.0.0/16").unwrap();
    expect(
        ec2.create_subnet(vpc, "10.1.0.0/24", None),
        "InvalidSubnet.Range",
        "The CIDR '10.1.0.0/24' is invalid.",
    );
    expect(
        ec2.create_subnet(vpc, "10.0.0.0/29", None),
        "InvalidSubnet.Range",
        "The CIDR '10.0.0.0/29' is invalid.",
    );
    // Host bits are cleared (doc): 10.0.1.7/24 is 10.0.1.0/24.
    let subnet = ec2.create_subnet(vpc, "10.0.1.7/24", None).unwrap();
    assert_eq!(ec2.subnet(subnet).unwrap().cidr.to_string(), "10.0.1.0/24");
    expect(
        ec2.create_subnet(vpc, "10.0.1.128/25", None),
        "InvalidSubnet.Conflict",
        "The CIDR '10.0.1.128/25' conflicts with another subnet",
    );
    for (cidr, usable) in [("10.0.0.0/28", 11), ("10.0.2.0/24", 251)] {
        let id = ec2.create_subnet(vpc, cidr, None).unwrap();
        assert_eq!(ec2.subnet(id).unwrap().usable(), usable);
    }
}

#[test]
fn run_instances_with_an_unknown_type_is_invalid_parameter_value() {
    let mut world = World::new();
    expect(
        world.ec2.run_instances(&RunInstances {
            instance_type: "t3.nano2".into(),
            subnet_id: world.subnet,
            min_count: 1,
            max_count: 1,
            private_ip_address: None,
            security_group_ids: Vec::new(),
            attributes: Default::default(),
        }),
        "InvalidParameterValue",
        "Invalid value 't3.nano2' for InstanceType.",
    );
}

/// MinCount and MaxCount are EC2 integers: past 2147483647 they are out of range, before the
/// subnet is looked at (they used to be refused only for lack of free addresses).
#[test]
fn run_instances_counts_stop_at_2147483647() {
    let mut world = World::new();
    for (min_count, max_count, message) in [
        (
            3_000_000_000,
            3_000_000_000,
            "Value (3000000000) for parameter MinCount is invalid. Expected a value from 1 to 2147483647.",
        ),
        (
            1,
            2_147_483_648,
            "Value (2147483648) for parameter MaxCount is invalid. Expected a value from 1 to 2147483647.",
        ),
    ] {
        expect(
            world.ec2.run_instances(&RunInstances {
                instance_type: "t3.nano".into(),
                subnet_id: world.subnet,
                min_count,
                max_count,
                private_ip_address: None,
                security_group_ids: Vec::new(),
                attributes: Default::default(),
            }),
            "InvalidParameterValue",
            message,
        );
    }
    assert!(world.ec2.instances().is_empty());
}

#[test]
fn elastic_ip_rules() {
    let mut world = World::new();
    let eni = world.eni("10.0.0.10");
    let allocation = world.ec2.allocate_address().unwrap();
    let association = world
        .ec2
        .associate_address(
            allocation,
            AssociateTarget::NetworkInterface(eni),
            None,
            true,
        )
        .unwrap();
    expect(
        world.ec2.associate_address(
            allocation,
            AssociateTarget::NetworkInterface(eni),
            None,
            false,
        ),
        "Resource.AlreadyAssociated",
        &format!("resource {allocation} is already associated with associate-id {association}"),
    );
    let public_ip = world.ec2.elastic_ip(allocation).unwrap().public_ip;
    expect(
        world.ec2.release_address(allocation),
        "InvalidIPAddress.InUse",
        &format!("Address {public_ip} is in use."),
    );
    world.ec2.disassociate_address(association).unwrap();
    expect(
        world.ec2.disassociate_address(association),
        "InvalidAssociationID.NotFound",
        &format!("The association ID '{association}' does not exist"),
    );
    world.ec2.release_address(allocation).unwrap();
}

#[test]
fn same_seed_gives_the_same_addresses_and_ids() {
    let run = || {
        let mut ec2 = Ec2::new(Ec2Options {
            strategy: Strategy::Random,
            seed: 42,
        });
        let vpc = ec2.create_vpc("10.0.0.0/16").unwrap();
        let subnet = ec2.create_subnet(vpc, "10.0.0.0/16", None).unwrap();
        let request = CreateNetworkInterface::new(
            subnet,
            None,
            Some(AddressSelection::AddressCount(5)),
            InterfaceType::Interface,
        )
        .unwrap();
        let eni = ec2.create_network_interface(&request).unwrap();
        (eni, ec2.network_interface(eni).unwrap().clone())
    };
    assert_eq!(run(), run());
}

#[test]
fn subnet_report_names_the_addresses_that_pin_blocks() {
    let mut world = World::new();
    let holder = world.eni("10.0.0.20");
    world
        .addresses(holder, &["10.0.0.37", "10.0.0.40"], false)
        .unwrap();
    let report = world.ec2.subnet_report(world.subnet).unwrap();
    assert_eq!(report.usable, 251);
    assert_eq!(report.owned, 3);
    assert_eq!(report.available, 248);
    // Blocks 1 (.16) and 2 (.32) are pinned; 14 candidates less 2.
    assert_eq!(report.free_aligned_blocks, 12);
    assert_eq!(report.pinned_blocks.len(), 2);
    assert_eq!(report.pinned_blocks[0].prefix, prefix("10.0.0.16/28"));
    assert_eq!(
        report.pinned_blocks[0].addresses,
        vec![(ip("10.0.0.20"), holder)]
    );
    assert_eq!(
        report.pinned_blocks[1].addresses,
        vec![(ip("10.0.0.37"), holder), (ip("10.0.0.40"), holder)]
    );
    assert_eq!(report.blocks_pinned_by_one_address(), 1);
    // .48 to .254 hold nothing; the largest aligned block among them is .64/26, since the
    // /25 at .128 holds the reserved broadcast address .255.
    assert_eq!(
        report.largest_free_aligned_block.unwrap().to_string(),
        "10.0.0.64/26"
    );
}

#[test]
fn remaining_slots_per_interface_and_instance() {
    // t3.medium: 3 interfaces of 6 addresses each.
    let mut world = World::new();
    let (instance, primary) = world.instance("t3.medium");
    world
        .assign(primary, AddressSelection::AddressCount(2), false)
        .unwrap();
    assert_eq!(world.ec2.remaining_slots(primary).unwrap(), 3);
    let capacity = world.ec2.instance_capacity(instance).unwrap();
    assert_eq!(capacity.max_interfaces, 3);
    assert_eq!(capacity.attached_interfaces, 1);
    assert_eq!(capacity.free_slots, vec![(primary, 3)]);
    // 3 free here, and 5 secondaries on each of the 2 interfaces still to attach.
    assert_eq!(capacity.total_free_slots(), 13);
}

#[test]
fn subnet_blocks_map_every_block() {
    use eniplan::model::BlockUse;
    let mut world = World::new();
    let (_, eni) = world.instance("m5.large"); // primary 10.0.0.4, in block 0
    world
        .assign(
            eni,
            AddressSelection::Prefixes(vec![prefix("10.0.0.32/28")]),
            false,
        )
        .unwrap();
    let holder = world.eni("10.0.0.20");
    let full: Vec<String> = (48..64).map(|n| format!("10.0.0.{n}")).collect();
    let full: Vec<&str> = full.iter().map(String::as_str).collect();
    world.addresses(holder, &full, false).unwrap();
    world
        .ec2
        .create_subnet_cidr_reservation(
            world.subnet,
            "10.0.0.128/28",
            ReservationKind::Explicit,
            None,
        )
        .unwrap();
    let blocks = world.ec2.subnet_blocks(world.subnet).unwrap();
    assert_eq!(blocks.len(), 16);
    assert_eq!(
        blocks[0],
        BlockUse::Partial,
        "block 0 holds the primary and 4 reserved addresses"
    );
    assert_eq!(blocks[1], BlockUse::Partial, "10.0.0.20");
    assert_eq!(blocks[2], BlockUse::Prefix);
    assert_eq!(blocks[3], BlockUse::Full, "16 secondaries");
    assert_eq!(blocks[4], BlockUse::Free);
    assert_eq!(blocks[8], BlockUse::Reserved, "the explicit reservation");
    assert_eq!(blocks[15], BlockUse::Reserved, "the broadcast address");
}

#[test]
fn instance_metadata_lags_a_reassignment_by_the_remap_window() {
    let mut world = World::new();
    let (first, a) = world.instance("m5.large");
    let (second, b) = world.instance("m5.large");
    world.addresses(a, &["10.0.0.30"], false).unwrap();
    world.ec2.set_remap_window(5);
    world.addresses(b, &["10.0.0.30"], true).unwrap();
    let local = |ec2: &Ec2, instance| {
        ec2.instance_metadata(instance).unwrap().interfaces[0]
            .local_ipv4s
            .clone()
    };
    // The API shows the move at once ...
    assert!(world
        .ec2
        .network_interface(b)
        .unwrap()
        .holds(ip("10.0.0.30")));
    // ... the metadata only after the window: 10.0.0.4 and .5 are the two primaries.
    assert_eq!(
        local(&world.ec2, first),
        vec![ip("10.0.0.4"), ip("10.0.0.30")]
    );
    assert_eq!(local(&world.ec2, second), vec![ip("10.0.0.5")]);
    world.ec2.advance_clock(4);
    assert_eq!(local(&world.ec2, second), vec![ip("10.0.0.5")]);
    world.ec2.advance_clock(1);
    assert_eq!(local(&world.ec2, first), vec![ip("10.0.0.4")]);
    assert_eq!(
        local(&world.ec2, second),
        vec![ip("10.0.0.5"), ip("10.0.0.30")]
    );
}

#[test]
fn instance_metadata_without_a_window_follows_the_api() {
    let mut world = World::new();
    let (instance, eni) = world.instance("m5.large");
    world
        .assign(eni, AddressSelection::PrefixCount(1), false)
        .unwrap();
    let metadata = world.ec2.instance_metadata(instance).unwrap();
    assert_eq!(metadata.interfaces.len(), 1);
    let interface = &metadata.interfaces[0];
    assert_eq!(interface.device_number, 0);
    assert_eq!(interface.local_ipv4s, vec![ip("10.0.0.4")]);
    assert_eq!(interface.ipv4_prefixes, vec![prefix("10.0.0.16/28")]);
    let json = metadata.to_json();
    assert_eq!(json["local-ipv4"], "10.0.0.4");
    assert_eq!(
        json["network"]["interfaces"]["macs"][&interface.mac]["ipv4-prefix"][0],
        "10.0.0.16/28"
    );
}

#[test]
fn an_interface_set_to_delete_on_termination_goes_with_its_instance() {
    let mut world = World::new();
    let (instance, _) = world.instance("t3.medium");
    let kept = world.eni("10.0.0.20");
    let deleted = world.eni("10.0.0.21");
    for (eni, device_index) in [(kept, 1), (deleted, 2)] {
        let request = AttachNetworkInterface::new(eni, instance, device_index, 0).unwrap();
        world.ec2.attach_network_interface(&request).unwrap();
    }
    let attachment_of = |world: &World, eni| {
        world
            .ec2
            .network_interface(eni)
            .unwrap()
            .attachment
            .unwrap()
            .id
    };
    let kept_attachment = attachment_of(&world, kept);
    expect(
        world
            .ec2
            .set_delete_on_termination(deleted, kept_attachment, true),
        "InvalidAttachmentID.NotFound",
        &format!("The interface attachment '{kept_attachment}' does not exist."),
    );
    let attachment = attachment_of(&world, deleted);
    world
        .ec2
        .set_delete_on_termination(deleted, attachment, true)
        .unwrap();
    world.ec2.terminate_instances(&[instance]).unwrap();
    // The flagged interface is gone with its address; the other is left detached with its own.
    assert!(world.ec2.network_interface(deleted).is_err());
    let kept = world.ec2.network_interface(kept).unwrap();
    assert_eq!(
        (kept.attachment, kept.primary),
        (None, Some(ip("10.0.0.20")))
    );
    let subnet = world.ec2.subnet(world.subnet).unwrap();
    assert_eq!(subnet.available_ip_address_count(), 250);
}

#[test]
fn reseeding_a_model_repeats_its_automatic_choices() {
    // Eight automatic addresses from a fresh /20, in a model made with `seed` and then
    // reseeded with `reseed`, if any.
    let picks = |seed: u64, reseed: Option<u64>| {
        let mut ec2 = Ec2::new(Ec2Options {
            strategy: Strategy::Random,
            seed,
        });
        let vpc = ec2.create_vpc("10.0.0.0/16").unwrap();
        let subnet = ec2.create_subnet(vpc, "10.0.0.0/20", None).unwrap();
        if let Some(reseed) = reseed {
            ec2.reseed(reseed);
        }
        let request = CreateNetworkInterface::new(
            subnet,
            None,
            Some(AddressSelection::AddressCount(8)),
            InterfaceType::Interface,
        )
        .unwrap();
        let id = ec2.create_network_interface(&request).unwrap();
        ec2.network_interface(id).unwrap().secondaries.clone()
    };
    let made_with_99 = picks(99, None);
    assert_eq!(picks(1, Some(99)), made_with_99);
    assert_ne!(picks(1, None), made_with_99);
}
