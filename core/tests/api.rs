//! The JSON surface (`Ec2::call`) walked through as a boto3 user would, with responses checked
//! against the shapes boto3 returns and hand-computed values.
#![allow(clippy::unwrap_used)]

use eniplan::model::Strategy;
use eniplan::{Ec2, Ec2Options};
use eniplan_testkit::calls::{call, refuse};
use eniplan_testkit::fixture::{Network, NetworkSpec};
use serde_json::json;

fn ec2() -> Ec2 {
    Ec2::new(Ec2Options {
        strategy: Strategy::Lowest,
        seed: 1,
    })
}

/// The shared fixture's VPC and a /24 subnet in us-east-1b, without an instance; gives their
/// ids.
fn network(ec2: &mut Ec2) -> (String, String) {
    let spec = NetworkSpec {
        subnet_cidr: "10.0.1.0/24",
        availability_zone: "us-east-1b",
        instance_type: None,
    };
    let network = Network::in_model(ec2, &spec);
    (network.vpc_id, network.subnet_id)
}

#[test]
fn create_vpc_and_subnet_answer_in_boto3_shapes() {
    let mut ec2 = ec2();
    let vpc = call(
        &mut ec2,
        "CreateVpc",
        json!({"CidrBlock": "10.0.0.0/16", "TagSpecifications": []}),
    );
    assert_eq!(vpc["Vpc"]["CidrBlock"], "10.0.0.0/16");
    assert_eq!(vpc["Vpc"]["State"], "available");
    let vpc_id = vpc["Vpc"]["VpcId"].as_str().unwrap();
    assert!(vpc_id.starts_with("vpc-") && vpc_id.len() == 21);
    let subnet = call(
        &mut ec2,
        "CreateSubnet",
        json!({"VpcId": vpc_id, "CidrBlock": "10.0.1.0/24"}),
    );
    assert_eq!(subnet["Subnet"]["AvailableIpAddressCount"], 251);
    assert_eq!(subnet["Subnet"]["AvailabilityZone"], "us-east-1a");
    assert_eq!(subnet["Subnet"]["VpcId"], vpc_id);
}

#[test]
fn run_instances_then_assign_and_describe() {
    let mut ec2 = ec2();
    let (_, subnet_id) = network(&mut ec2);
    let reservation = call(
        &mut ec2,
        "RunInstances",
        json!({"ImageId": "ami-12345678", "InstanceType": "m5.large", "MinCount": 1, "MaxCount": 1, "SubnetId": subnet_id}),
    );
    let instance = &reservation["Instances"][0];
    assert_eq!(instance["State"], json!({"Code": 16, "Name": "running"}));
    // Lowest-free: the first usable address of 10.0.1.0/24 is .4.
    assert_eq!(instance["PrivateIpAddress"], "10.0.1.4");
    let eni_id = instance["NetworkInterfaces"][0]["NetworkInterfaceId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        instance["NetworkInterfaces"][0]["Attachment"]["DeviceIndex"],
        0
    );

    let assigned = call(
        &mut ec2,
        "AssignPrivateIpAddresses",
        json!({"NetworkInterfaceId": eni_id, "SecondaryPrivateIpAddressCount": 2}),
    );
    assert_eq!(
        assigned,
        json!({
            "NetworkInterfaceId": eni_id,
            "AssignedPrivateIpAddresses": [{"PrivateIpAddress": "10.0.1.5"}, {"PrivateIpAddress": "10.0.1.6"}],
        })
    );
    let prefixes = call(
        &mut ec2,
        "AssignPrivateIpAddresses",
        json!({"NetworkInterfaceId": eni_id, "Ipv4PrefixCount": 1}),
    );
    assert_eq!(
        prefixes["AssignedIpv4Prefixes"],
        json!([{"Ipv4Prefix": "10.0.1.16/28"}])
    );
    assert!(
        prefixes.get("AssignedPrivateIpAddresses").is_none(),
        "empty lists are left out"
    );

    let described = call(
        &mut ec2,
        "DescribeNetworkInterfaces",
        json!({"Filters": [{"Name": "addresses.private-ip-address", "Values": ["10.0.1.6"]}]}),
    );
    let eni = &described["NetworkInterfaces"][0];
    assert_eq!(described["NetworkInterfaces"].as_array().unwrap().len(), 1);
    assert_eq!(eni["NetworkInterfaceId"], eni_id.as_str());
    assert_eq!(eni["Status"], "in-use");
    assert_eq!(eni["PrivateIpAddress"], "10.0.1.4");
    assert_eq!(
        eni["PrivateIpAddresses"][0],
        json!({"Primary": true, "PrivateDnsName": "ip-10-0-1-4.ec2.internal", "PrivateIpAddress": "10.0.1.4"})
    );
    assert_eq!(eni["PrivateIpAddresses"].as_array().unwrap().len(), 3);
    assert_eq!(eni["Ipv4Prefixes"], json!([{"Ipv4Prefix": "10.0.1.16/28"}]));

    let subnets = call(
        &mut ec2,
        "DescribeSubnets",
        json!({"SubnetIds": [subnet_id]}),
    );
    // 251 - primary - 2 secondaries - 16 in the prefix.
    assert_eq!(subnets["Subnets"][0]["AvailableIpAddressCount"], 232);

    call(
        &mut ec2,
        "UnassignPrivateIpAddresses",
        json!({"NetworkInterfaceId": eni_id, "Ipv4Prefixes": ["10.0.1.16/28"]}),
    );
    let subnets = call(
        &mut ec2,
        "DescribeSubnets",
        json!({"Filters": [{"Name": "vpc-id", "Values": ["vpc-*"]}]}),
    );
    assert_eq!(subnets["Subnets"][0]["AvailableIpAddressCount"], 248);
}

#[test]
fn create_network_interface_takes_structures_and_attach_answers_its_attachment() {
    let mut ec2 = ec2();
    let (_, subnet_id) = network(&mut ec2);
    let created = call(
        &mut ec2,
        "CreateNetworkInterface",
        json!({
            "SubnetId": subnet_id,
            "Description": "pods",
            "PrivateIpAddresses": [
                {"PrivateIpAddress": "10.0.1.50", "Primary": true},
                {"PrivateIpAddress": "10.0.1.51", "Primary": false},
            ],
        }),
    );
    let eni = &created["NetworkInterface"];
    assert_eq!(eni["Status"], "available");
    assert_eq!(eni["Description"], "pods");
    assert_eq!(eni["PrivateIpAddress"], "10.0.1.50");
    assert_eq!(
        eni["PrivateIpAddresses"][1]["PrivateIpAddress"],
        "10.0.1.51"
    );
    assert_eq!(eni["PrivateIpAddresses"][1]["Primary"], false);
    assert!(eni.get("Attachment").is_none());
    let eni_id = eni["NetworkInterfaceId"].as_str().unwrap().to_owned();

    let reservation = call(
        &mut ec2,
        "RunInstances",
        json!({"InstanceType": "t3.medium", "MinCount": 1, "MaxCount": 1, "SubnetId": subnet_id}),
    );
    let instance_id = reservation["Instances"][0]["InstanceId"]
        .as_str()
        .unwrap()
        .to_owned();
    let attached = call(
        &mut ec2,
        "AttachNetworkInterface",
        json!({"NetworkInterfaceId": eni_id, "InstanceId": instance_id, "DeviceIndex": 1}),
    );
    assert_eq!(attached["NetworkCardIndex"], 0);
    let attachment_id = attached["AttachmentId"].as_str().unwrap().to_owned();
    assert!(attachment_id.starts_with("eni-attach-"));
    let described = call(
        &mut ec2,
        "DescribeInstances",
        json!({"InstanceIds": [instance_id]}),
    );
    assert_eq!(
        described["Reservations"][0]["Instances"][0]["NetworkInterfaces"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    call(
        &mut ec2,
        "DetachNetworkInterface",
        json!({"AttachmentId": attachment_id}),
    );
    call(
        &mut ec2,
        "DeleteNetworkInterface",
        json!({"NetworkInterfaceId": eni_id}),
    );
    assert_eq!(
        refuse(
            &mut ec2,
            "DescribeNetworkInterfaces",
            json!({"NetworkInterfaceIds": [eni_id]})
        ),
        (
            "InvalidNetworkInterfaceID.NotFound".into(),
            format!("The networkInterface ID '{eni_id}' does not exist")
        )
    );
}

#[test]
fn elastic_ips_move_with_reassigned_addresses() {
    let mut ec2 = ec2();
    let (_, subnet_id) = network(&mut ec2);
    let mut enis = Vec::new();
    for primary in ["10.0.1.10", "10.0.1.11"] {
        let created = call(
            &mut ec2,
            "CreateNetworkInterface",
            json!({"SubnetId": subnet_id, "PrivateIpAddress": primary}),
        );
        enis.push(
            created["NetworkInterface"]["NetworkInterfaceId"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    call(
        &mut ec2,
        "AssignPrivateIpAddresses",
        json!({"NetworkInterfaceId": enis[0], "PrivateIpAddresses": ["10.0.1.30"]}),
    );
    let allocation = call(&mut ec2, "AllocateAddress", json!({"Domain": "vpc"}));
    assert_eq!(allocation["PublicIp"], "198.18.0.0");
    let allocation_id = allocation["AllocationId"].as_str().unwrap().to_owned();
    call(
        &mut ec2,
        "AssociateAddress",
        json!({"AllocationId": allocation_id, "NetworkInterfaceId": enis[0], "PrivateIpAddress": "10.0.1.30"}),
    );
    assert_eq!(
        refuse(
            &mut ec2,
            "AssignPrivateIpAddresses",
            json!({"NetworkInterfaceId": enis[1], "PrivateIpAddresses": ["10.0.1.30"]})
        ),
        (
            "InvalidParameterValue".into(),
            "[10.0.1.30] assigned, but move is not allowed.".into()
        )
    );
    call(
        &mut ec2,
        "AssignPrivateIpAddresses",
        json!({"NetworkInterfaceId": enis[1], "PrivateIpAddresses": ["10.0.1.30"], "AllowReassignment": true}),
    );
    let addresses = call(
        &mut ec2,
        "DescribeAddresses",
        json!({"Filters": [{"Name": "public-ip", "Values": ["198.18.0.0"]}]}),
    );
    assert_eq!(
        addresses["Addresses"][0]["NetworkInterfaceId"],
        enis[1].as_str()
    );
    assert_eq!(addresses["Addresses"][0]["PrivateIpAddress"], "10.0.1.30");
    let moved = call(
        &mut ec2,
        "DescribeNetworkInterfaces",
        json!({"NetworkInterfaceIds": [enis[1]]}),
    );
    assert_eq!(
        moved["NetworkInterfaces"][0]["PrivateIpAddresses"][1]["Association"]["PublicIp"],
        "198.18.0.0"
    );
}

#[test]
fn dry_run_checks_everything_and_changes_nothing() {
    let mut ec2 = ec2();
    let (vpc_id, _) = network(&mut ec2);
    assert_eq!(
        refuse(
            &mut ec2,
            "CreateSubnet",
            json!({"VpcId": vpc_id, "CidrBlock": "10.0.2.0/24", "DryRun": true})
        ),
        (
            "DryRunOperation".into(),
            "Request would have succeeded, but DryRun flag is set.".into()
        )
    );
    let (code, _) = refuse(
        &mut ec2,
        "CreateSubnet",
        json!({"VpcId": vpc_id, "CidrBlock": "10.0.1.0/25", "DryRun": true}),
    );
    assert_eq!(code, "InvalidSubnet.Conflict");
    let subnets = call(&mut ec2, "DescribeSubnets", json!({}));
    assert_eq!(subnets["Subnets"].as_array().unwrap().len(), 1);
}

#[test]
fn protocol_level_errors() {
    let mut ec2 = ec2();
    assert_eq!(
        refuse(&mut ec2, "DescribeLoadBalancers", json!({})),
        (
            "InvalidAction".into(),
            "The action DescribeLoadBalancers is not valid for this web service.".into()
        )
    );
    assert_eq!(
        refuse(
            &mut ec2,
            "DescribeSubnets",
            json!({"Filters": [{"Name": "color", "Values": ["red"]}]})
        ),
        (
            "InvalidParameterValue".into(),
            "The filter 'color' is invalid".into()
        )
    );
    assert_eq!(
        refuse(&mut ec2, "TerminateInstances", json!({"InstanceIds": []})),
        (
            "InvalidParameterCombination".into(),
            "No instances specified".into()
        )
    );
    assert_eq!(
        refuse(
            &mut ec2,
            "DescribeInstanceTypes",
            json!({"InstanceTypes": ["m5.large", "i8ge.xlarge2"]})
        ),
        (
            "InvalidInstanceType".into(),
            "The following supplied instance types do not exist: [i8ge.xlarge2]".into()
        )
    );
    let (code, message) = refuse(&mut ec2, "DisassociateAddress", json!({}));
    assert_eq!(
        (code.as_str(), message.as_str()),
        (
            "MissingParameter",
            "Either public IP or association id must be specified"
        )
    );
}

#[test]
fn describe_instance_types_reports_instance_totals() {
    let mut ec2 = ec2();
    let types = call(
        &mut ec2,
        "DescribeInstanceTypes",
        json!({"InstanceTypes": ["p5.48xlarge", "m5.large"]}),
    );
    let types = types["InstanceTypes"].as_array().unwrap();
    assert_eq!(types[0]["InstanceType"], "m5.large");
    assert_eq!(types[0]["NetworkInfo"]["MaximumNetworkInterfaces"], 3);
    assert_eq!(types[0]["NetworkInfo"]["Ipv4AddressesPerInterface"], 10);
    // p5.48xlarge: 32 cards of 2 interfaces each, 64 in all.
    assert_eq!(types[1]["NetworkInfo"]["MaximumNetworkInterfaces"], 64);
    assert_eq!(
        types[1]["NetworkInfo"]["NetworkCards"]
            .as_array()
            .unwrap()
            .len(),
        32
    );
}
