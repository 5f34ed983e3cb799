//! Loading describe-* output: the example state, and inconsistent input named by its ids.
#![allow(clippy::unwrap_used)]

use eniplan::{Ec2, Error};
use serde_json::{json, Value};

fn example(name: &str) -> Value {
    let path = format!(
        "{}/../examples/state/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn all_examples() -> Vec<Value> {
    [
        "addresses",
        "instances",
        "network-interfaces",
        "subnet-cidr-reservations",
        "subnets",
        "vpcs",
    ]
    .into_iter()
    .map(example)
    .collect()
}

fn load(documents: &[Value]) -> Result<Ec2, Error> {
    let mut ec2 = Ec2::default();
    ec2.load_describe(documents)?;
    Ok(ec2)
}

#[test]
fn the_example_state_loads_and_agrees_with_its_own_counts() {
    let mut ec2 = Ec2::default();
    let notes = ec2.load_describe(&all_examples()).unwrap();
    assert_eq!(
        notes.warnings,
        vec!["instance i-0e9d8c7b6a5f4e3d2 is terminated and names no subnet; it is not loaded"]
    );
    let described = example("subnets");
    for subnet in described["Subnets"].as_array().unwrap() {
        let id = eniplan::SubnetId::parse(subnet["SubnetId"].as_str().unwrap()).unwrap();
        assert_eq!(
            u64::from(ec2.subnet(id).unwrap().available_ip_address_count()),
            subnet["AvailableIpAddressCount"].as_u64().unwrap(),
            "AvailableIpAddressCount of {id}"
        );
    }
    // The terminated instance names no subnet and is left out, with a warning.
    assert_eq!(ec2.instances().len(), 3);
    assert_eq!(ec2.network_interfaces().len(), 6);
    assert_eq!(ec2.elastic_ips().len(), 2);
}

#[test]
fn documents_load_in_any_order_and_subset() {
    let mut reversed = all_examples();
    reversed.reverse();
    let a = load(&all_examples()).unwrap();
    let b = load(&reversed).unwrap();
    assert_eq!(
        format!("{:?}", a.network_interfaces()),
        format!("{:?}", b.network_interfaces())
    );
    let mut ec2 = Ec2::default();
    let notes = ec2
        .load_describe(&[example("network-interfaces"), example("subnets")])
        .unwrap();
    assert!(notes.warnings.iter().any(|w| w.contains("was not loaded")));
}

#[test]
fn the_loaded_state_answers_requests() {
    let mut ec2 = load(&all_examples()).unwrap();
    let error = ec2
        .call(
            "AssignPrivateIpAddresses",
            &json!({"NetworkInterfaceId": "eni-0a5e7c1d2b3f40519", "Ipv4PrefixCount": 1}),
        )
        .unwrap_err();
    assert_eq!(error.code().as_str(), "InsufficientCidrBlocks");
    let error = ec2
        .call("AssignPrivateIpAddresses", &json!({"NetworkInterfaceId": "eni-0c7a9e3f4d5b62739", "SecondaryPrivateIpAddressCount": 1}))
        .unwrap_err();
    assert_eq!(error.code().as_str(), "PrivateIpAddressLimitExceeded");
    // Prefixes come from the subnet's prefix reservation, 10.0.20.0/24, past the two held.
    let assigned = ec2
        .call(
            "AssignPrivateIpAddresses",
            &json!({"NetworkInterfaceId": "eni-0b6f8d2e3c4a51628", "Ipv4PrefixCount": 1}),
        )
        .unwrap();
    let prefix = assigned["AssignedIpv4Prefixes"][0]["Ipv4Prefix"]
        .as_str()
        .unwrap();
    assert!(prefix.starts_with("10.0.20."), "{prefix}");
}

fn problem(documents: &[Value]) -> String {
    let error = load(documents).unwrap_err();
    assert_eq!(error.code().as_str(), "InvalidParameterValue");
    error.to_string()
}

fn subnets() -> Value {
    json!({"Subnets": [{"SubnetId": "subnet-0a1b2c3d", "VpcId": "vpc-0a1b2c3d", "CidrBlock": "10.0.0.0/24"}]})
}

fn interface(id: &str, subnet: &str, primary: &str) -> Value {
    json!({"NetworkInterfaceId": id, "SubnetId": subnet, "PrivateIpAddress": primary,
           "PrivateIpAddresses": [{"PrivateIpAddress": primary, "Primary": true}]})
}

#[test]
fn an_interface_whose_subnet_is_missing_is_named() {
    let enis =
        json!({"NetworkInterfaces": [interface("eni-0a1b2c3d", "subnet-0e0e0e0e", "10.0.0.5")]});
    assert_eq!(
        problem(&[subnets(), enis]),
        "Cannot load network interface eni-0a1b2c3d: its subnet subnet-0e0e0e0e is not loaded"
    );
}

#[test]
fn an_address_outside_its_subnet_or_reserved_is_named() {
    let enis =
        json!({"NetworkInterfaces": [interface("eni-0a1b2c3d", "subnet-0a1b2c3d", "10.0.1.5")]});
    assert_eq!(
        problem(&[subnets(), enis]),
        "Cannot load network interface eni-0a1b2c3d: address 10.0.1.5 is outside subnet subnet-0a1b2c3d (10.0.0.0/24)"
    );
    let enis =
        json!({"NetworkInterfaces": [interface("eni-0a1b2c3d", "subnet-0a1b2c3d", "10.0.0.255")]});
    assert_eq!(
        problem(&[subnets(), enis]),
        "Cannot load network interface eni-0a1b2c3d: address 10.0.0.255 is reserved in subnet subnet-0a1b2c3d"
    );
}

#[test]
fn two_owners_of_one_address_are_named() {
    let enis = json!({"NetworkInterfaces": [
        interface("eni-0a1b2c3d", "subnet-0a1b2c3d", "10.0.0.5"),
        interface("eni-0f0f0f0f", "subnet-0a1b2c3d", "10.0.0.5"),
    ]});
    assert_eq!(
        problem(&[subnets(), enis]),
        "Cannot load network interface eni-0f0f0f0f: address 10.0.0.5 is also held by eni-0a1b2c3d"
    );
}

#[test]
fn an_unknown_instance_type_is_an_error_and_describe_instance_types_can_add_it() {
    let instances = json!({"Reservations": [{"ReservationId": "r-0a1b2c3d", "Instances": [{
        "InstanceId": "i-0a1b2c3d", "InstanceType": "zz9.huge", "SubnetId": "subnet-0a1b2c3d",
        "VpcId": "vpc-0a1b2c3d", "State": {"Name": "running"}}]}]});
    let error = load(&[subnets(), instances.clone()]).unwrap_err();
    assert_eq!(error.code().as_str(), "InvalidInstanceType");
    assert_eq!(
        error.to_string(),
        "The following supplied instance types do not exist: [zz9.huge]"
    );
    let types = json!({"InstanceTypes": [{"InstanceType": "zz9.huge", "Hypervisor": "nitro",
        "NetworkInfo": {"MaximumNetworkInterfaces": 4, "Ipv4AddressesPerInterface": 20}}]});
    assert!(load(&[subnets(), instances, types]).is_ok());
}

#[test]
fn a_failed_load_changes_nothing() {
    let mut ec2 = load(&[subnets()]).unwrap();
    let before = format!("{:?}", ec2.subnets());
    let bad =
        json!({"NetworkInterfaces": [interface("eni-0a1b2c3d", "subnet-0a1b2c3d", "10.0.9.9")]});
    assert!(ec2.load_describe(&[bad]).is_err());
    assert_eq!(format!("{:?}", ec2.subnets()), before);
}

#[test]
fn a_document_with_no_known_key_is_refused() {
    assert_eq!(
        problem(&[json!({"Buckets": []})]),
        "Cannot load a document: has none of the keys Vpcs, Subnets, NetworkInterfaces, Reservations, Addresses, SubnetIpv4CidrReservations, InstanceTypes (it has: Buckets)"
    );
}

#[test]
fn instances_keep_what_describe_instances_showed() {
    let mut ec2 = load(&all_examples()).unwrap();
    let described = ec2
        .call(
            "DescribeInstances",
            &json!({"InstanceIds": ["i-0a5e7c1d2b3f40516"]}),
        )
        .unwrap();
    let shown = &described["Reservations"][0]["Instances"][0];
    let reservations = example("instances");
    let given = reservations["Reservations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["Instances"].as_array().unwrap())
        .find(|i| i["InstanceId"] == "i-0a5e7c1d2b3f40516")
        .unwrap();
    for member in ["ImageId", "LaunchTime", "Tags", "Monitoring"] {
        assert_eq!(shown[member], given[member], "{member}");
    }
}
