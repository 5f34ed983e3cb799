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
    for member in ["ImageId", "Tags", "Monitoring", "Architecture"] {
        assert_eq!(shown[member], given[member], "{member}");
    }
    // The same moment, in EC2's own spelling: 2026-11-02T09:13:58+00:00 as given.
    assert_eq!(shown["LaunchTime"], "2026-11-02T09:13:58.000Z");
}

/// The interface of the example state named `id`, as DescribeNetworkInterfaces shows it.
fn described_interface(ec2: &mut Ec2, id: &str) -> Value {
    let answer = ec2
        .call(
            "DescribeNetworkInterfaces",
            &json!({"NetworkInterfaceIds": [id]}),
        )
        .unwrap();
    answer["NetworkInterfaces"][0].clone()
}

#[test]
fn the_load_keeps_dhcp_options_subnet_members_groups_and_attachment_times() {
    let mut ec2 = load(&all_examples()).unwrap();
    let vpcs = ec2.call("DescribeVpcs", &json!({})).unwrap();
    assert_eq!(vpcs["Vpcs"][0]["DhcpOptionsId"], "dopt-0d6b3f0a1c2e4b5a6");
    let subnets = ec2.call("DescribeSubnets", &json!({})).unwrap();
    let zone_ids: Vec<&str> = subnets["Subnets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["AvailabilityZoneId"].as_str().unwrap())
        .collect();
    // As described: us-east-1c is use1-az4 in this account, not the policy's use1-az3.
    assert_eq!(zone_ids, ["use1-az1", "use1-az2", "use1-az4"]);
    let primary = described_interface(&mut ec2, "eni-0a5e7c1d2b3f40517");
    assert_eq!(
        primary["Groups"],
        json!([{"GroupId": "sg-0123abcd4567ef890", "GroupName": "default"}])
    );
    assert_eq!(
        primary["Attachment"]["AttachTime"],
        "2026-11-02T09:14:07.000Z"
    );
    let nat = described_interface(&mut ec2, "eni-0c0ffee0000000001");
    assert_eq!(nat["SourceDestCheck"], false);
    assert_eq!(
        nat["Description"],
        "Interface for NAT Gateway nat-0a1b2c3d4e5f60789"
    );
    // The group the interfaces name `default` is the VPC's default group, with EC2's rules,
    // and a new interface in the VPC gets it.
    let groups = ec2
        .call(
            "DescribeSecurityGroups",
            &json!({"Filters": [{"Name": "group-name", "Values": ["default"]},
                                {"Name": "vpc-id", "Values": ["vpc-0f4e2a9c81b3d5e67"]}]}),
        )
        .unwrap();
    assert_eq!(
        groups["SecurityGroups"][0]["GroupId"],
        "sg-0123abcd4567ef890"
    );
    assert_eq!(
        groups["SecurityGroups"][0]["IpPermissions"][0]["UserIdGroupPairs"][0]["GroupId"],
        "sg-0123abcd4567ef890"
    );
    assert_eq!(groups["SecurityGroups"].as_array().unwrap().len(), 1);
    let created = ec2
        .call(
            "CreateNetworkInterface",
            &json!({"SubnetId": "subnet-0a11c0ffee0a11c01"}),
        )
        .unwrap();
    assert_eq!(
        created["NetworkInterface"]["Groups"][0]["GroupId"],
        "sg-0123abcd4567ef890"
    );
}

#[test]
fn describe_output_loads_back_into_the_same_answers() {
    let mut original = load(&all_examples()).unwrap();
    let describe = |ec2: &mut Ec2| -> Vec<Value> {
        let mut documents: Vec<Value> = [
            "DescribeVpcs",
            "DescribeSubnets",
            "DescribeNetworkInterfaces",
            "DescribeInstances",
            "DescribeAddresses",
            "DescribeSecurityGroups",
            "DescribeRouteTables",
            "DescribeNetworkAcls",
        ]
        .iter()
        .map(|action| ec2.call(action, &json!({})).unwrap())
        .collect();
        let subnets = documents[1]["Subnets"].as_array().unwrap().clone();
        for subnet in subnets {
            let request = json!({"SubnetId": subnet["SubnetId"]});
            let reservations = ec2.call("GetSubnetCidrReservations", &request).unwrap();
            documents.push(reservations);
        }
        documents
    };
    let first = describe(&mut original);
    // The route tables', network ACLs' and security groups' output is not a document the load
    // reads; the others are.
    let loadable: Vec<Value> = first
        .iter()
        .filter(|document| {
            !["SecurityGroups", "RouteTables", "NetworkAcls"]
                .iter()
                .any(|key| document.get(key).is_some())
        })
        .cloned()
        .collect();
    let mut reloaded = load(&loadable).unwrap();
    assert_eq!(describe(&mut reloaded), first);
}

#[test]
fn inconsistent_security_groups_are_named() {
    let with_groups = |id: &str, address: &str, groups: Value| {
        let mut eni = interface(id, "subnet-0a1b2c3d", address);
        eni["Groups"] = groups;
        eni
    };
    let cases = [
        (
            json!([{"GroupId": "sg-0000000a", "GroupName": "web"}]),
            json!([{"GroupId": "sg-0000000a", "GroupName": "db"}]),
            "Cannot load network interface eni-0f0f0f0f: names security group sg-0000000a 'db', which is 'web'",
        ),
        (
            json!([{"GroupId": "sg-0000000a", "GroupName": "default"}]),
            json!([{"GroupId": "sg-0000000b", "GroupName": "default"}]),
            "Cannot load network interface eni-0f0f0f0f: has security group sg-0000000b named default, but the default security group of VPC vpc-0a1b2c3d is sg-0000000a",
        ),
    ];
    for (first, second, message) in cases {
        let enis = json!({"NetworkInterfaces": [
            with_groups("eni-0a1b2c3d", "10.0.0.5", first),
            with_groups("eni-0f0f0f0f", "10.0.0.6", second),
        ]});
        assert_eq!(problem(&[subnets(), enis]), message);
    }
    // A group of one VPC named by an interface of another.
    let other = json!({"Subnets": [{"SubnetId": "subnet-0e0e0e0e", "VpcId": "vpc-0e0e0e0e",
                                    "CidrBlock": "10.1.0.0/24"}]});
    let mut stray = interface("eni-0f0f0f0f", "subnet-0e0e0e0e", "10.1.0.6");
    stray["Groups"] = json!([{"GroupId": "sg-0000000a", "GroupName": "web"}]);
    let enis = json!({"NetworkInterfaces": [
        with_groups("eni-0a1b2c3d", "10.0.0.5", json!([{"GroupId": "sg-0000000a", "GroupName": "web"}])),
        stray,
    ]});
    assert_eq!(
        problem(&[subnets(), other, enis]),
        "Cannot load network interface eni-0f0f0f0f: has security group sg-0000000a of VPC vpc-0a1b2c3d, but is in VPC vpc-0e0e0e0e"
    );
    // A time that is not ISO 8601.
    let mut attached = interface("eni-0a1b2c3d", "subnet-0a1b2c3d", "10.0.0.5");
    attached["Attachment"] = json!({"AttachmentId": "eni-attach-0a1b2c3d", "InstanceId": "i-0a1b2c3d",
                                    "AttachTime": "yesterday"});
    assert_eq!(
        problem(&[subnets(), json!({"NetworkInterfaces": [attached]})]),
        "Cannot load network interface eni-0a1b2c3d: Attachment.AttachTime 'yesterday' is not an ISO 8601 time"
    );
}
