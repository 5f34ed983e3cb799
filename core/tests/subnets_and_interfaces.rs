//! Subnets' and interfaces' settings beyond their addresses: ModifySubnetAttribute and the
//! members DescribeSubnets always shows, DeleteSubnet, an interface's security groups (given or
//! its VPC's default, through every path that makes one), ModifyNetworkInterfaceAttribute and
//! `AttachTime`; each against EC2's documented behaviour and hand-written values.
#![allow(clippy::unwrap_used)]

use eniplan::model::Strategy;
use eniplan::{Ec2, Ec2Options};
use eniplan_testkit::calls::{call, refuse, refused};
use eniplan_testkit::fixture::{Network, NetworkSpec};
use serde_json::{json, Value};

fn ec2() -> Ec2 {
    Ec2::new(Ec2Options {
        strategy: Strategy::Lowest,
        seed: 7,
    })
}

/// The shared fixture: a VPC, a /24 in us-east-1a and a running m5.large.
fn network(ec2: &mut Ec2) -> Network {
    Network::in_model(ec2, &NetworkSpec::default())
}

fn subnet(ec2: &mut Ec2, id: &str) -> Value {
    call(ec2, "DescribeSubnets", json!({"SubnetIds": [id]}))["Subnets"][0].clone()
}

fn interface(ec2: &mut Ec2, id: &str) -> Value {
    let described = call(
        ec2,
        "DescribeNetworkInterfaces",
        json!({"NetworkInterfaceIds": [id]}),
    );
    described["NetworkInterfaces"][0].clone()
}

/// The VPC's default security group, as EC2 names it in an interface's `Groups`.
fn default_group(vpc_id: &str) -> Value {
    let digits = vpc_id.rsplit_once('-').unwrap().1;
    json!({"GroupId": format!("sg-{digits}"), "GroupName": "default"})
}

#[test]
fn describe_subnets_shows_the_members_ec2_always_returns() {
    let mut ec2 = ec2();
    let network = network(&mut ec2);
    let shown = subnet(&mut ec2, &network.subnet_id);
    for (member, value) in [
        ("AvailabilityZoneId", json!("use1-az1")),
        ("DefaultForAz", json!(false)),
        ("MapPublicIpOnLaunch", json!(false)),
        ("MapCustomerOwnedIpOnLaunch", json!(false)),
        ("AssignIpv6AddressOnCreation", json!(false)),
        ("EnableDns64", json!(false)),
        ("Ipv6Native", json!(false)),
        (
            "PrivateDnsNameOptionsOnLaunch",
            json!({"HostnameType": "ip-name", "EnableResourceNameDnsARecord": false,
                   "EnableResourceNameDnsAAAARecord": false}),
        ),
    ] {
        assert_eq!(shown[member], value, "{member}");
    }
    // us-east-1c is the third zone: use1-az3 (a policy: EC2 maps names to ids per account).
    let other = call(
        &mut ec2,
        "CreateSubnet",
        json!({"VpcId": network.vpc_id, "CidrBlock": "10.0.9.0/24", "AvailabilityZone": "us-east-1c"}),
    );
    assert_eq!(other["Subnet"]["AvailabilityZoneId"], "use1-az3");
}

#[test]
fn modify_subnet_attribute_persists_each_attribute_and_describe_shows_it() {
    let mut ec2 = ec2();
    let network = network(&mut ec2);
    let id = network.subnet_id.as_str();
    for (request, member, value) in [
        (
            json!({"MapPublicIpOnLaunch": {"Value": true}}),
            "/MapPublicIpOnLaunch",
            json!(true),
        ),
        (
            json!({"AssignIpv6AddressOnCreation": {"Value": true}}),
            "/AssignIpv6AddressOnCreation",
            json!(true),
        ),
        (
            json!({"EnableDns64": {"Value": true}}),
            "/EnableDns64",
            json!(true),
        ),
        (
            json!({"PrivateDnsHostnameTypeOnLaunch": "resource-name"}),
            "/PrivateDnsNameOptionsOnLaunch/HostnameType",
            json!("resource-name"),
        ),
        (
            json!({"EnableResourceNameDnsARecordOnLaunch": {"Value": true}}),
            "/PrivateDnsNameOptionsOnLaunch/EnableResourceNameDnsARecord",
            json!(true),
        ),
        (
            json!({"EnableResourceNameDnsAAAARecordOnLaunch": {"Value": true}}),
            "/PrivateDnsNameOptionsOnLaunch/EnableResourceNameDnsAAAARecord",
            json!(true),
        ),
    ] {
        let mut request = request;
        request["SubnetId"] = json!(id);
        assert_eq!(call(&mut ec2, "ModifySubnetAttribute", request), json!({}));
        assert_eq!(
            subnet(&mut ec2, id).pointer(member),
            Some(&value),
            "{member}"
        );
    }
    // Each change stays: the first is still there after the last.
    assert_eq!(subnet(&mut ec2, id)["MapPublicIpOnLaunch"], true);
    let filtered = call(
        &mut ec2,
        "DescribeSubnets",
        json!({"Filters": [{"Name": "map-public-ip-on-launch", "Values": ["true"]}]}),
    );
    assert_eq!(filtered["Subnets"].as_array().unwrap().len(), 1);
}

#[test]
fn modify_subnet_attribute_takes_one_attribute_and_refuses_what_it_cannot_do() {
    let mut ec2 = ec2();
    let network = network(&mut ec2);
    let id = network.subnet_id.as_str();
    let before = subnet(&mut ec2, id);
    let cases = [
        (
            json!({"SubnetId": id, "MapPublicIpOnLaunch": {"Value": true},
                   "EnableDns64": {"Value": true}}),
            "InvalidParameterCombination",
            "Fields for multiple attribute types specified: mapPublicIpOnLaunch, enableDns64",
        ),
        (
            json!({"SubnetId": id}),
            "InvalidParameterCombination",
            "No attributes specified.",
        ),
        (
            json!({"SubnetId": id, "PrivateDnsHostnameTypeOnLaunch": "dns-name"}),
            "InvalidParameterValue",
            "Value (dns-name) for parameter PrivateDnsHostnameTypeOnLaunch is invalid. Expected one of: ip-name, resource-name.",
        ),
        (
            json!({"SubnetId": id, "MapCustomerOwnedIpOnLaunch": {"Value": true},
                   "CustomerOwnedIpv4Pool": "ipv4pool-coip-12345678"}),
            "UnsupportedOperation",
            "The parameter MapCustomerOwnedIpOnLaunch is not supported by eniplan: it needs a subnet on an Outpost, which eniplan does not model",
        ),
        (
            json!({"SubnetId": "subnet-12345678", "MapPublicIpOnLaunch": {"Value": true}}),
            "InvalidSubnetID.NotFound",
            "The subnet ID 'subnet-12345678' does not exist",
        ),
    ];
    for (request, code, message) in cases {
        assert_eq!(
            refuse(&mut ec2, "ModifySubnetAttribute", request),
            refused(code, message)
        );
    }
    assert_eq!(subnet(&mut ec2, id), before);
}

#[test]
fn delete_subnet_waits_for_its_interfaces() {
    let mut ec2 = ec2();
    let vpc = call(&mut ec2, "CreateVpc", json!({"CidrBlock": "10.0.0.0/16"}));
    let vpc_id = vpc["Vpc"]["VpcId"].as_str().unwrap().to_owned();
    let created = call(
        &mut ec2,
        "CreateSubnet",
        json!({"VpcId": vpc_id, "CidrBlock": "10.0.1.0/24"}),
    );
    let subnet_id = created["Subnet"]["SubnetId"].as_str().unwrap().to_owned();
    let reservation = call(
        &mut ec2,
        "CreateSubnetCidrReservation",
        json!({"SubnetId": subnet_id, "Cidr": "10.0.1.128/28", "ReservationType": "prefix"}),
    );
    let reservation_id = reservation["SubnetCidrReservation"]["SubnetCidrReservationId"].clone();
    let eni = call(
        &mut ec2,
        "CreateNetworkInterface",
        json!({"SubnetId": subnet_id}),
    );
    let eni_id = eni["NetworkInterface"]["NetworkInterfaceId"].clone();
    assert_eq!(
        refuse(&mut ec2, "DeleteSubnet", json!({"SubnetId": subnet_id})),
        refused(
            "DependencyViolation",
            &format!("The subnet '{subnet_id}' has dependencies and cannot be deleted.")
        )
    );
    // The Terraform provider lists the subnet's interfaces before it deletes.
    let listed = call(
        &mut ec2,
        "DescribeNetworkInterfaces",
        json!({"Filters": [{"Name": "subnet-id", "Values": [subnet_id]}]}),
    );
    assert_eq!(listed["NetworkInterfaces"].as_array().unwrap().len(), 1);
    call(
        &mut ec2,
        "DeleteNetworkInterface",
        json!({"NetworkInterfaceId": eni_id}),
    );
    assert_eq!(
        call(&mut ec2, "DeleteSubnet", json!({"SubnetId": subnet_id})),
        json!({})
    );
    let (code, _) = refuse(
        &mut ec2,
        "DescribeSubnets",
        json!({"SubnetIds": [subnet_id]}),
    );
    assert_eq!(code, "InvalidSubnetID.NotFound");
    let (code, _) = refuse(
        &mut ec2,
        "DeleteSubnetCidrReservation",
        json!({"SubnetCidrReservationId": reservation_id}),
    );
    assert_eq!(code, "InvalidSubnetCidrReservationID.NotFound");
    // Its association with the VPC's default network ACL goes with it.
    let acls = call(&mut ec2, "DescribeNetworkAcls", json!({}));
    assert_eq!(acls["NetworkAcls"][0]["Associations"], json!([]));
}

#[test]
fn every_new_interface_carries_its_vpcs_default_group_unless_given_groups() {
    let mut ec2 = ec2();
    let network = network(&mut ec2);
    let default = default_group(&network.vpc_id);
    // RunInstances' primary interface.
    let primary = interface(&mut ec2, network.network_interface_id.as_deref().unwrap());
    assert_eq!(primary["Groups"], json!([default]));
    assert_eq!(primary["SourceDestCheck"], true);
    let instances = call(&mut ec2, "DescribeInstances", json!({}));
    assert_eq!(
        instances["Reservations"][0]["Instances"][0]["NetworkInterfaces"][0]["Groups"],
        json!([default])
    );
    // CreateNetworkInterface without groups.
    let created = call(
        &mut ec2,
        "CreateNetworkInterface",
        json!({"SubnetId": network.subnet_id}),
    );
    assert_eq!(created["NetworkInterface"]["Groups"], json!([default]));
    // With the group named twice: once.
    let group_id = default["GroupId"].clone();
    let created = call(
        &mut ec2,
        "CreateNetworkInterface",
        json!({"SubnetId": network.subnet_id, "Groups": [group_id, group_id]}),
    );
    assert_eq!(created["NetworkInterface"]["Groups"], json!([default]));
    let by_group = call(
        &mut ec2,
        "DescribeNetworkInterfaces",
        json!({"Filters": [{"Name": "group-name", "Values": ["default"]}]}),
    );
    assert_eq!(by_group["NetworkInterfaces"].as_array().unwrap().len(), 3);
}

#[test]
fn groups_given_to_an_interface_must_exist_in_its_vpc() {
    let mut ec2 = ec2();
    let network = network(&mut ec2);
    let other = call(&mut ec2, "CreateVpc", json!({"CidrBlock": "10.9.0.0/16"}));
    let other_vpc = other["Vpc"]["VpcId"].as_str().unwrap().to_owned();
    let other_group = default_group(&other_vpc)["GroupId"]
        .as_str()
        .unwrap()
        .to_owned();
    let before = call(&mut ec2, "DescribeNetworkInterfaces", json!({}));
    let subnet = network.subnet_id.as_str();
    let cases = [
        (
            json!({"SubnetId": subnet, "Groups": ["sg-12345678"]}),
            "InvalidGroup.NotFound".to_owned(),
            format!(
                "The security group 'sg-12345678' does not exist in VPC '{}'",
                network.vpc_id
            ),
        ),
        (
            json!({"SubnetId": subnet, "Groups": ["my-group"]}),
            "InvalidGroupId.Malformed".to_owned(),
            r#"Invalid id: "my-group" (expecting "sg-...")"#.to_owned(),
        ),
        (
            json!({"SubnetId": subnet, "Groups": [other_group]}),
            "InvalidParameter".to_owned(),
            format!(
                "Security group {other_group} and subnet {subnet} belong to different networks."
            ),
        ),
    ];
    for (request, code, message) in cases {
        assert_eq!(
            refuse(&mut ec2, "CreateNetworkInterface", request),
            (code, message)
        );
    }
    assert_eq!(
        call(&mut ec2, "DescribeNetworkInterfaces", json!({})),
        before
    );
}

#[test]
fn modify_network_interface_attribute_persists_each_attribute() {
    let mut ec2 = ec2();
    let network = network(&mut ec2);
    let eni_id = network.network_interface_id.clone().unwrap();
    let modify = |ec2: &mut Ec2, change: Value| {
        let mut request = change;
        request["NetworkInterfaceId"] = json!(eni_id);
        call(ec2, "ModifyNetworkInterfaceAttribute", request)
    };
    modify(&mut ec2, json!({"Description": {"Value": "nodes"}}));
    modify(&mut ec2, json!({"SourceDestCheck": {"Value": false}}));
    let shown = interface(&mut ec2, &eni_id);
    assert_eq!(shown["Description"], "nodes");
    assert_eq!(shown["SourceDestCheck"], false);
    let attachment_id = shown["Attachment"]["AttachmentId"].clone();
    assert_eq!(shown["Attachment"]["DeleteOnTermination"], true);
    modify(
        &mut ec2,
        json!({"Attachment": {"AttachmentId": attachment_id, "DeleteOnTermination": false}}),
    );
    assert_eq!(
        interface(&mut ec2, &eni_id)["Attachment"]["DeleteOnTermination"],
        false
    );
    // Terminating the instance now leaves the interface, detached.
    call(
        &mut ec2,
        "TerminateInstances",
        json!({"InstanceIds": [network.instance_id]}),
    );
    assert_eq!(interface(&mut ec2, &eni_id)["Status"], "available");
    let filtered = call(
        &mut ec2,
        "DescribeNetworkInterfaces",
        json!({"Filters": [{"Name": "source-dest-check", "Values": ["false"]}]}),
    );
    assert_eq!(
        filtered["NetworkInterfaces"][0]["NetworkInterfaceId"],
        eni_id
    );
    // Attributes that do not concern addressing are accepted and change nothing.
    let before = interface(&mut ec2, &eni_id);
    modify(&mut ec2, json!({"EnablePrimaryIpv6": false}));
    assert_eq!(interface(&mut ec2, &eni_id), before);
}

#[test]
fn modify_network_interface_attribute_replaces_the_groups_and_checks_them() {
    let mut ec2 = ec2();
    let loaded = json!({
        "Subnets": [{"SubnetId": "subnet-0000000a", "VpcId": "vpc-0000000a",
                     "CidrBlock": "10.8.0.0/24"}],
        "NetworkInterfaces": [
            {"NetworkInterfaceId": "eni-00000001", "SubnetId": "subnet-0000000a",
             "PrivateIpAddress": "10.8.0.10",
             "Groups": [{"GroupId": "sg-0000000b", "GroupName": "web"}]},
            {"NetworkInterfaceId": "eni-00000002", "SubnetId": "subnet-0000000a",
             "PrivateIpAddress": "10.8.0.11",
             "Groups": [{"GroupId": "sg-0000000c", "GroupName": "db"}]},
        ],
    });
    ec2.load_describe(&[loaded]).unwrap();
    let request = |groups: Value| json!({"NetworkInterfaceId": "eni-00000001", "Groups": groups});
    call(
        &mut ec2,
        "ModifyNetworkInterfaceAttribute",
        request(json!(["sg-0000000c", "sg-0000000a"])),
    );
    // The whole list is replaced, in the order given; sg-0000000a is the VPC's default group,
    // named after it.
    assert_eq!(
        interface(&mut ec2, "eni-00000001")["Groups"],
        json!([{"GroupId": "sg-0000000c", "GroupName": "db"},
               {"GroupId": "sg-0000000a", "GroupName": "default"}])
    );
    let before = interface(&mut ec2, "eni-00000001");
    let six = json!([
        "sg-0000000a",
        "sg-0000000b",
        "sg-0000000c",
        "sg-0000000d",
        "sg-0000000e",
        "sg-0000000f"
    ]);
    let (code, _) = refuse(&mut ec2, "ModifyNetworkInterfaceAttribute", request(six));
    assert_eq!(code, "InvalidGroup.NotFound");
    let cases = [
        (
            json!({"NetworkInterfaceId": "eni-00000001", "Description": {"Value": "x"},
                   "SourceDestCheck": {"Value": false}}),
            "InvalidParameterCombination",
            "Fields for multiple attribute types specified: description, sourceDestCheck",
        ),
        (
            json!({"NetworkInterfaceId": "eni-00000001", "Groups": []}),
            "InvalidParameterCombination",
            "No attributes specified.",
        ),
        (
            json!({"NetworkInterfaceId": "eni-00000001",
                   "Attachment": {"AttachmentId": "eni-attach-12345678", "DeleteOnTermination": true}}),
            "InvalidAttachmentID.NotFound",
            "The interface attachment 'eni-attach-12345678' does not exist.",
        ),
        (
            json!({"NetworkInterfaceId": "eni-00000001", "Attachment": {"DeleteOnTermination": true}}),
            "MissingParameter",
            "The request must contain the parameter Attachment.AttachmentId",
        ),
        (
            json!({"NetworkInterfaceId": "eni-00000009", "Description": {"Value": "x"}}),
            "InvalidNetworkInterfaceID.NotFound",
            "The networkInterface ID 'eni-00000009' does not exist",
        ),
    ];
    for (request, code, message) in cases {
        assert_eq!(
            refuse(&mut ec2, "ModifyNetworkInterfaceAttribute", request),
            refused(code, message)
        );
    }
    assert_eq!(interface(&mut ec2, "eni-00000001"), before);
}

#[test]
fn an_interface_takes_at_most_five_groups() {
    let mut ec2 = ec2();
    let groups: Vec<Value> = (1..=5)
        .map(|i| json!({"GroupId": format!("sg-0000001{i}"), "GroupName": format!("g{i}")}))
        .collect();
    let loaded = json!({
        "Subnets": [{"SubnetId": "subnet-0000000a", "VpcId": "vpc-0000000a",
                     "CidrBlock": "10.8.0.0/24"}],
        "NetworkInterfaces": [{"NetworkInterfaceId": "eni-00000001",
                               "SubnetId": "subnet-0000000a", "PrivateIpAddress": "10.8.0.10",
                               "Groups": groups}],
    });
    let notes = ec2.load_describe(&[loaded]).unwrap();
    assert!(notes.warnings.iter().any(|w| w.contains(
        "security group sg-00000011 ('g1') of VPC vpc-0000000a is known only by its id and name"
    )));
    let five: Vec<String> = (1..=5).map(|i| format!("sg-0000001{i}")).collect();
    let mut six = five.clone();
    six.push("sg-0000000a".into());
    let created = call(
        &mut ec2,
        "CreateNetworkInterface",
        json!({"SubnetId": "subnet-0000000a", "Groups": five}),
    );
    assert_eq!(
        created["NetworkInterface"]["Groups"]
            .as_array()
            .unwrap()
            .len(),
        5
    );
    assert_eq!(
        refuse(
            &mut ec2,
            "CreateNetworkInterface",
            json!({"SubnetId": "subnet-0000000a", "Groups": six}),
        ),
        refused(
            "SecurityGroupsPerInterfaceLimitExceeded",
            "The maximum number of security groups per interface has been reached."
        )
    );
}

#[test]
fn an_attachment_shows_when_it_was_made_on_the_models_clock() {
    let mut ec2 = ec2();
    let network = network(&mut ec2);
    let primary = interface(&mut ec2, network.network_interface_id.as_deref().unwrap());
    // The model's clock starts at 2026-01-01T00:00:00Z.
    assert_eq!(
        primary["Attachment"]["AttachTime"],
        "2026-01-01T00:00:00.000Z"
    );
    ec2.advance_clock(90);
    let created = call(
        &mut ec2,
        "CreateNetworkInterface",
        json!({"SubnetId": network.subnet_id}),
    );
    let eni_id = created["NetworkInterface"]["NetworkInterfaceId"].clone();
    call(
        &mut ec2,
        "AttachNetworkInterface",
        json!({"NetworkInterfaceId": eni_id, "InstanceId": network.instance_id, "DeviceIndex": 1}),
    );
    assert_eq!(
        interface(&mut ec2, eni_id.as_str().unwrap())["Attachment"]["AttachTime"],
        "2026-01-01T00:01:30.000Z"
    );
}
