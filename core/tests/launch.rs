//! RunInstances with `NetworkInterfaces` and `ClientToken` on the creates that take one, each
//! against EC2's documented outcome or a hand-counted figure.
#![allow(clippy::unwrap_used)]

use eniplan::model::Strategy;
use eniplan::{Ec2, Ec2Options};
use eniplan_testkit::calls::{call, refuse};
use serde_json::{json, Value};

fn ec2() -> Ec2 {
    Ec2::new(Ec2Options {
        strategy: Strategy::Lowest,
        seed: 5,
    })
}

/// A VPC 10.0.0.0/16 with subnets 10.0.1.0/24 and 10.0.2.0/28 in us-east-1a: their ids.
fn network(ec2: &mut Ec2) -> (String, String) {
    let vpc = call(ec2, "CreateVpc", json!({"CidrBlock": "10.0.0.0/16"}));
    let vpc_id = vpc["Vpc"]["VpcId"].as_str().unwrap().to_owned();
    let subnet = |ec2: &mut Ec2, cidr: &str| {
        let subnet = call(
            ec2,
            "CreateSubnet",
            json!({"VpcId": vpc_id, "CidrBlock": cidr, "AvailabilityZone": "us-east-1a"}),
        );
        subnet["Subnet"]["SubnetId"].as_str().unwrap().to_owned()
    };
    (subnet(ec2, "10.0.1.0/24"), subnet(ec2, "10.0.2.0/28"))
}

fn free(ec2: &mut Ec2, subnet: &str) -> u64 {
    let subnets = call(ec2, "DescribeSubnets", json!({"SubnetIds": [subnet]}));
    subnets["Subnets"][0]["AvailableIpAddressCount"]
        .as_u64()
        .unwrap()
}

fn instance_count(ec2: &mut Ec2) -> usize {
    let described = call(ec2, "DescribeInstances", json!({}));
    described["Reservations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["Instances"].as_array().unwrap().len())
        .sum()
}

fn launch(interfaces: Value) -> Value {
    json!({"InstanceType": "m5.large", "MinCount": 1, "MaxCount": 1, "ImageId": "ami-12345678",
           "NetworkInterfaces": interfaces})
}

#[test]
fn a_new_primary_interface_takes_the_addresses_its_entry_names() {
    // Terraform's aws_instance with private_ip and secondary_private_ips (spec 3b).
    let mut ec2 = ec2();
    let (subnet, _) = network(&mut ec2);
    let run = call(
        &mut ec2,
        "RunInstances",
        launch(
            json!([{"DeviceIndex": 0, "SubnetId": subnet, "PrivateIpAddress": "10.0.1.50",
                        "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.1.51"}]}]),
        ),
    );
    let instance = &run["Instances"][0];
    assert_eq!(instance["PrivateIpAddress"], "10.0.1.50");
    assert_eq!(instance["SubnetId"], json!(subnet));
    assert_eq!(instance["ImageId"], "ami-12345678");
    let eni = &instance["NetworkInterfaces"][0];
    let addresses: Vec<(&str, bool)> = eni["PrivateIpAddresses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["PrivateIpAddress"].as_str().unwrap(),
                a["Primary"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(addresses, [("10.0.1.50", true), ("10.0.1.51", false)]);
    assert_eq!(eni["Attachment"]["DeleteOnTermination"], true);
    // 256 - 5 reserved - 2 taken.
    assert_eq!(free(&mut ec2, &subnet), 249);
    // A new interface deletes on termination by default: both addresses come back.
    let id = instance["InstanceId"].clone();
    call(&mut ec2, "TerminateInstances", json!({"InstanceIds": [id]}));
    assert_eq!(free(&mut ec2, &subnet), 251);
}

#[test]
fn an_existing_interface_sets_the_subnet_and_stays_after_termination() {
    let mut ec2 = ec2();
    let (_, small) = network(&mut ec2);
    let eni = call(
        &mut ec2,
        "CreateNetworkInterface",
        json!({"SubnetId": small, "SecondaryPrivateIpAddressCount": 2}),
    );
    let eni_id = eni["NetworkInterface"]["NetworkInterfaceId"].clone();
    let run = call(
        &mut ec2,
        "RunInstances",
        launch(
            json!([{"DeviceIndex": 0, "NetworkInterfaceId": eni_id, "NetworkCardIndex": 0,
                        "DeleteOnTermination": false}]),
        ),
    );
    let instance = &run["Instances"][0];
    assert_eq!(instance["SubnetId"], json!(small));
    assert_eq!(instance["Placement"]["AvailabilityZone"], "us-east-1a");
    assert_eq!(
        instance["NetworkInterfaces"][0]["NetworkInterfaceId"],
        eni_id
    );
    let id = instance["InstanceId"].clone();
    call(&mut ec2, "TerminateInstances", json!({"InstanceIds": [id]}));
    let described = call(
        &mut ec2,
        "DescribeNetworkInterfaces",
        json!({"NetworkInterfaceIds": [eni_id]}),
    );
    assert_eq!(described["NetworkInterfaces"][0]["Status"], "available");
    // 11 usable in a /28, three held by the interface that outlived the instance.
    assert_eq!(free(&mut ec2, &small), 8);
}

#[test]
fn several_instances_each_get_their_own_new_interfaces_while_the_subnet_has_room() {
    let mut ec2 = ec2();
    let (_, small) = network(&mut ec2);
    // Two interfaces of one address each per instance; the /28 has 11 usable addresses: five
    // instances take ten, and the sixth's first interface is undone when its second finds no
    // room.
    let run = call(
        &mut ec2,
        "RunInstances",
        json!({"InstanceType": "m5.large", "MinCount": 2, "MaxCount": 8,
               "NetworkInterfaces": [{"DeviceIndex": 0, "SubnetId": small},
                                     {"DeviceIndex": 1, "SubnetId": small}]}),
    );
    let instances = run["Instances"].as_array().unwrap();
    assert_eq!(instances.len(), 5);
    for instance in instances {
        assert_eq!(instance["NetworkInterfaces"].as_array().unwrap().len(), 2);
    }
    assert_eq!(free(&mut ec2, &small), 1);
    // MinCount beyond the room left: nothing launches, nothing is taken.
    let (code, _) = refuse(
        &mut ec2,
        "RunInstances",
        json!({"InstanceType": "m5.large", "MinCount": 1, "MaxCount": 1,
               "NetworkInterfaces": [{"DeviceIndex": 0, "SubnetId": small},
                                     {"DeviceIndex": 1, "SubnetId": small}]}),
    );
    assert_eq!(code, "InsufficientFreeAddressesInSubnet");
    assert_eq!(free(&mut ec2, &small), 1);
    assert_eq!(instance_count(&mut ec2), 5);
}

#[test]
fn a_launch_that_fails_part_way_changes_nothing() {
    let mut ec2 = ec2();
    let (subnet, _) = network(&mut ec2);
    let taken = call(
        &mut ec2,
        "CreateNetworkInterface",
        json!({"SubnetId": subnet, "PrivateIpAddress": "10.0.1.9"}),
    );
    assert_eq!(taken["NetworkInterface"]["PrivateIpAddress"], "10.0.1.9");
    let before = free(&mut ec2, &subnet);
    // Device 0 is made, then device 1 asks for an address already in use.
    let (code, message) = refuse(
        &mut ec2,
        "RunInstances",
        launch(json!([{"DeviceIndex": 0, "SubnetId": subnet},
                      {"DeviceIndex": 1, "SubnetId": subnet, "PrivateIpAddress": "10.0.1.9"}])),
    );
    assert_eq!(
        (code.as_str(), message.as_str()),
        (
            "InvalidIPAddress.InUse",
            "The specified address is already in use"
        )
    );
    assert_eq!(free(&mut ec2, &subnet), before);
    assert_eq!(instance_count(&mut ec2), 0);
    let interfaces = call(&mut ec2, "DescribeNetworkInterfaces", json!({}));
    assert_eq!(interfaces["NetworkInterfaces"].as_array().unwrap().len(), 1);
}

#[test]
fn entries_break_ec2_rules_with_ec2_messages() {
    let mut ec2 = ec2();
    let (subnet, _) = network(&mut ec2);
    let cases = [
        (
            json!({"InstanceType": "m5.large", "MinCount": 1, "MaxCount": 1, "SubnetId": subnet,
                   "NetworkInterfaces": [{"DeviceIndex": 0, "SubnetId": subnet}]}),
            "InvalidParameterCombination",
            "Network interfaces and an instance-level subnet ID may not be specified on the same request",
        ),
        (
            json!({"InstanceType": "m5.large", "MinCount": 1, "MaxCount": 1,
                   "PrivateIpAddress": "10.0.1.20",
                   "NetworkInterfaces": [{"DeviceIndex": 0, "SubnetId": subnet}]}),
            "InvalidParameterCombination",
            "Network interfaces and an instance-level private IP address may not be specified on the same request",
        ),
        (
            json!({"InstanceType": "m5.large", "MinCount": 1, "MaxCount": 1,
                   "SecurityGroupIds": ["sg-12345678"],
                   "NetworkInterfaces": [{"DeviceIndex": 0, "SubnetId": subnet}]}),
            "InvalidParameterCombination",
            "Network interfaces and an instance-level security groups may not be specified on the same request",
        ),
        (
            launch(json!([{"SubnetId": subnet}])),
            "InvalidParameterValue",
            "Each network interface requires a device index.",
        ),
        (
            launch(json!([{"DeviceIndex": 0, "SubnetId": subnet},
                          {"DeviceIndex": 0, "SubnetId": subnet}])),
            "InvalidParameterValue",
            "Each network interface requires a unique device index.",
        ),
        (
            launch(json!([{"DeviceIndex": 1, "SubnetId": subnet}])),
            "InvalidParameterValue",
            "When specifying network interfaces, you must include a device at index 0",
        ),
        (
            launch(json!([{"DeviceIndex": 0}])),
            "InvalidParameterValue",
            "Each network interface requires either a subnet or a network interface ID.",
        ),
        (
            launch(json!([{"DeviceIndex": 0, "NetworkInterfaceId": "eni-12345678",
                           "SubnetId": subnet}])),
            "InvalidParameterCombination",
            "The parameters NetworkInterfaceId and SubnetId cannot be specified together",
        ),
        (
            json!({"InstanceType": "m5.large", "MinCount": 1, "MaxCount": 2,
                   "NetworkInterfaces": [{"DeviceIndex": 0, "SubnetId": subnet,
                                          "PrivateIpAddress": "10.0.1.30"}]}),
            "InvalidParameterCombination",
            "The parameters PrivateIpAddress and MaxCount cannot be specified together",
        ),
        (
            launch(json!([{"DeviceIndex": 0, "NetworkInterfaceId": "eni-12345678"}])),
            "InvalidNetworkInterfaceID.NotFound",
            "The networkInterface ID 'eni-12345678' does not exist",
        ),
    ];
    for (request, code, message) in cases {
        let before = free(&mut ec2, &subnet);
        assert_eq!(
            refuse(&mut ec2, "RunInstances", request.clone()),
            (code.to_owned(), message.to_owned()),
            "{request}"
        );
        assert_eq!(free(&mut ec2, &subnet), before, "{request}");
    }
    assert_eq!(instance_count(&mut ec2), 0);
}

#[test]
fn a_repeated_client_token_answers_with_the_first_launch() {
    let mut ec2 = ec2();
    let (subnet, _) = network(&mut ec2);
    let request = json!({"InstanceType": "m5.large", "MinCount": 1, "MaxCount": 1,
                         "SubnetId": subnet, "ClientToken": "terraform-1"});
    let first = call(&mut ec2, "RunInstances", request.clone());
    // The same members in another order are the same request.
    let again = call(
        &mut ec2,
        "RunInstances",
        json!({"ClientToken": "terraform-1", "SubnetId": subnet, "MaxCount": 1, "MinCount": 1,
               "InstanceType": "m5.large"}),
    );
    assert_eq!(
        again["Instances"][0]["InstanceId"],
        first["Instances"][0]["InstanceId"]
    );
    assert_eq!(again["ReservationId"], first["ReservationId"]);
    assert_eq!(first["Instances"][0]["ClientToken"], "terraform-1");
    assert_eq!(instance_count(&mut ec2), 1);
    assert_eq!(free(&mut ec2, &subnet), 250);
    let mut changed = request.clone();
    changed["InstanceType"] = json!("m5.xlarge");
    assert_eq!(
        refuse(&mut ec2, "RunInstances", changed),
        (
            "IdempotentParameterMismatch".to_owned(),
            "Arguments on this idempotent request are inconsistent with arguments used in previous request(s).".to_owned()
        )
    );
    let id = first["Instances"][0]["InstanceId"].clone();
    call(&mut ec2, "TerminateInstances", json!({"InstanceIds": [id]}));
    assert_eq!(
        refuse(&mut ec2, "RunInstances", request).0,
        "IdempotentInstanceTerminated"
    );
    let long = "t".repeat(65);
    assert_eq!(
        refuse(
            &mut ec2,
            "RunInstances",
            json!({"InstanceType": "m5.large", "MinCount": 1, "MaxCount": 1,
                   "SubnetId": subnet, "ClientToken": long}),
        )
        .0,
        "InvalidParameterValue"
    );
}

#[test]
fn a_repeated_client_token_makes_one_interface() {
    let mut ec2 = ec2();
    let (subnet, _) = network(&mut ec2);
    let request = json!({"SubnetId": subnet, "Ipv4PrefixCount": 1, "ClientToken": "tok-1"});
    let first = call(&mut ec2, "CreateNetworkInterface", request.clone());
    let again = call(&mut ec2, "CreateNetworkInterface", request);
    assert_eq!(
        again["NetworkInterface"]["NetworkInterfaceId"],
        first["NetworkInterface"]["NetworkInterfaceId"]
    );
    // One primary address and one /28: 251 - 1 - 16.
    assert_eq!(free(&mut ec2, &subnet), 234);
    // A failed request uses no token: the same token then works with other members.
    let outside = json!({"SubnetId": subnet, "PrivateIpAddress": "10.9.9.9",
                         "ClientToken": "tok-2"});
    assert_eq!(
        refuse(&mut ec2, "CreateNetworkInterface", outside).0,
        "InvalidParameterValue"
    );
    call(
        &mut ec2,
        "CreateNetworkInterface",
        json!({"SubnetId": subnet, "ClientToken": "tok-2"}),
    );
    assert_eq!(free(&mut ec2, &subnet), 233);
}

#[test]
fn security_groups_go_to_the_primary_interface() {
    let mut ec2 = ec2();
    let (subnet, _) = network(&mut ec2);
    let groups = call(&mut ec2, "DescribeSecurityGroups", json!({}));
    let default = groups["SecurityGroups"][0]["GroupId"].clone();
    let run = call(
        &mut ec2,
        "RunInstances",
        json!({"InstanceType": "m5.large", "MinCount": 1, "MaxCount": 1, "SubnetId": subnet,
               "SecurityGroupIds": [default]}),
    );
    let instance = &run["Instances"][0];
    let expected = json!([{"GroupId": default, "GroupName": "default"}]);
    assert_eq!(instance["SecurityGroups"], expected);
    assert_eq!(instance["NetworkInterfaces"][0]["Groups"], expected);
    let (code, _) = refuse(
        &mut ec2,
        "RunInstances",
        launch(json!([{"DeviceIndex": 0, "SubnetId": subnet, "Groups": ["sg-12345678"]}])),
    );
    assert_eq!(code, "InvalidGroup.NotFound");
    // Group names need a default VPC, which the model does not have.
    assert_eq!(
        refuse(
            &mut ec2,
            "RunInstances",
            json!({"InstanceType": "m5.large", "MinCount": 1, "MaxCount": 1, "SubnetId": subnet,
                   "SecurityGroups": ["default"]}),
        ),
        (
            "VPCIdNotSpecified".to_owned(),
            "No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC.".to_owned()
        )
    );
    assert_eq!(instance_count(&mut ec2), 1);
}
