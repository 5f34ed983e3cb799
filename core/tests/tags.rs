//! Tags: `TagSpecifications` on every create, CreateTags, DeleteTags, DescribeTags, tag
//! filters, and tags kept from describe-* output; each against hand-written expectations.
#![allow(clippy::unwrap_used)]

use eniplan::model::Strategy;
use eniplan::{Ec2, Ec2Options};
use eniplan_testkit::calls::{call, refuse};
use serde_json::{json, Value};

fn ec2() -> Ec2 {
    Ec2::new(Ec2Options {
        strategy: Strategy::Lowest,
        seed: 3,
    })
}

fn spec(resource_type: &str, tags: &[(&str, &str)]) -> Value {
    let tags: Vec<Value> = tags
        .iter()
        .map(|(key, value)| json!({"Key": key, "Value": value}))
        .collect();
    json!([{"ResourceType": resource_type, "Tags": tags}])
}

/// A tagged VPC and subnet: their ids.
fn network(ec2: &mut Ec2) -> (String, String) {
    let vpc = call(
        ec2,
        "CreateVpc",
        json!({"CidrBlock": "10.0.0.0/16", "TagSpecifications": spec("vpc", &[("Name", "prod")])}),
    );
    let vpc_id = vpc["Vpc"]["VpcId"].as_str().unwrap().to_owned();
    assert_eq!(
        vpc["Vpc"]["Tags"],
        json!([{"Key": "Name", "Value": "prod"}])
    );
    let subnet = call(
        ec2,
        "CreateSubnet",
        json!({"VpcId": vpc_id, "CidrBlock": "10.0.1.0/24",
               "TagSpecifications": spec("subnet", &[("Name", "pods"), ("team", "a")])}),
    );
    (
        vpc_id,
        subnet["Subnet"]["SubnetId"].as_str().unwrap().to_owned(),
    )
}

#[test]
fn every_create_applies_its_tag_specifications() {
    let mut ec2 = ec2();
    let (vpc_id, subnet_id) = network(&mut ec2);
    let subnets = call(
        &mut ec2,
        "DescribeSubnets",
        json!({"SubnetIds": [subnet_id]}),
    );
    assert_eq!(
        subnets["Subnets"][0]["Tags"],
        json!([{"Key": "Name", "Value": "pods"}, {"Key": "team", "Value": "a"}])
    );
    let eni = call(
        &mut ec2,
        "CreateNetworkInterface",
        json!({"SubnetId": subnet_id, "TagSpecifications": spec("network-interface", &[("role", "db")])}),
    );
    assert_eq!(
        eni["NetworkInterface"]["TagSet"],
        json!([{"Key": "role", "Value": "db"}])
    );
    let run = call(
        &mut ec2,
        "RunInstances",
        json!({"InstanceType": "m5.large", "MinCount": 1, "MaxCount": 1, "SubnetId": subnet_id,
               "TagSpecifications": [
                   {"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "web"}]},
                   {"ResourceType": "network-interface", "Tags": [{"Key": "nic", "Value": "primary"}]},
                   {"ResourceType": "volume", "Tags": [{"Key": "disk", "Value": "root"}]}]}),
    );
    let instance = &run["Instances"][0];
    assert_eq!(instance["Tags"], json!([{"Key": "Name", "Value": "web"}]));
    let primary = instance["NetworkInterfaces"][0]["NetworkInterfaceId"].clone();
    let described = call(
        &mut ec2,
        "DescribeNetworkInterfaces",
        json!({"NetworkInterfaceIds": [primary]}),
    );
    assert_eq!(
        described["NetworkInterfaces"][0]["TagSet"],
        json!([{"Key": "nic", "Value": "primary"}])
    );
    let eip = call(
        &mut ec2,
        "AllocateAddress",
        json!({"TagSpecifications": spec("elastic-ip", &[("x", "1")])}),
    );
    let addresses = call(
        &mut ec2,
        "DescribeAddresses",
        json!({"AllocationIds": [eip["AllocationId"]]}),
    );
    assert_eq!(
        addresses["Addresses"][0]["Tags"],
        json!([{"Key": "x", "Value": "1"}])
    );
    let reservation = call(
        &mut ec2,
        "CreateSubnetCidrReservation",
        json!({"SubnetId": subnet_id, "Cidr": "10.0.1.128/28", "ReservationType": "prefix",
               "TagSpecifications": spec("subnet-cidr-reservation", &[("use", "pods")])}),
    );
    assert_eq!(
        reservation["SubnetCidrReservation"]["Tags"],
        json!([{"Key": "use", "Value": "pods"}])
    );
    let vpcs = call(&mut ec2, "DescribeVpcs", json!({"VpcIds": [vpc_id]}));
    assert_eq!(
        vpcs["Vpcs"][0]["Tags"],
        json!([{"Key": "Name", "Value": "prod"}])
    );
}

#[test]
fn a_tag_specification_for_another_resource_creates_nothing() {
    let mut ec2 = ec2();
    let (vpc_id, _) = network(&mut ec2);
    let refused = refuse(
        &mut ec2,
        "CreateSubnet",
        json!({"VpcId": vpc_id, "CidrBlock": "10.0.2.0/24", "TagSpecifications": spec("vpc", &[("a", "b")])}),
    );
    assert_eq!(
        refused,
        (
            "InvalidParameterValue".to_owned(),
            "'vpc' is not a valid taggable resource type for this operation.".to_owned()
        )
    );
    let subnets = call(&mut ec2, "DescribeSubnets", json!({}));
    assert_eq!(subnets["Subnets"].as_array().unwrap().len(), 1);
}

#[test]
fn create_tags_merges_and_delete_tags_removes_by_key_and_value() {
    let mut ec2 = ec2();
    let (vpc_id, subnet_id) = network(&mut ec2);
    call(
        &mut ec2,
        "CreateTags",
        json!({"Resources": [vpc_id, subnet_id],
               "Tags": [{"Key": "Name", "Value": "renamed"}, {"Key": "env", "Value": "test"}]}),
    );
    let subnet = &call(
        &mut ec2,
        "DescribeSubnets",
        json!({"SubnetIds": [subnet_id]}),
    )["Subnets"][0];
    // A key set again keeps its place with the new value; a new key comes last.
    assert_eq!(
        subnet["Tags"],
        json!([{"Key": "Name", "Value": "renamed"}, {"Key": "team", "Value": "a"},
               {"Key": "env", "Value": "test"}])
    );
    // A value that does not match keeps the tag; a key alone removes it.
    call(
        &mut ec2,
        "DeleteTags",
        json!({"Resources": [subnet_id], "Tags": [{"Key": "team", "Value": "b"}, {"Key": "env"}]}),
    );
    let subnet = &call(
        &mut ec2,
        "DescribeSubnets",
        json!({"SubnetIds": [subnet_id]}),
    )["Subnets"][0];
    assert_eq!(
        subnet["Tags"],
        json!([{"Key": "Name", "Value": "renamed"}, {"Key": "team", "Value": "a"}])
    );
    // Without tags named, every tag goes; EC2 then leaves `Tags` out.
    call(&mut ec2, "DeleteTags", json!({"Resources": [vpc_id]}));
    let vpc = &call(&mut ec2, "DescribeVpcs", json!({"VpcIds": [vpc_id]}))["Vpcs"][0];
    assert!(vpc.get("Tags").is_none(), "{vpc}");
}

#[test]
fn create_tags_is_all_or_nothing_and_checks_ids_keys_and_the_limit() {
    let mut ec2 = ec2();
    let (vpc_id, subnet_id) = network(&mut ec2);
    let tags = json!([{"Key": "new", "Value": "1"}]);
    let cases = [
        (json!([subnet_id, "vpc-0123456789abcdef0"]), tags.clone(),
         ("InvalidVpcID.NotFound", "The vpc ID 'vpc-0123456789abcdef0' does not exist")),
        (json!([vpc_id, "ami-12345678"]), tags.clone(), ("InvalidID", "The ID 'ami-12345678' is not valid")),
        (json!([vpc_id]), json!([{"Key": "aws:team", "Value": "x"}]),
         ("InvalidParameterValue",
          "Value ( aws:team ) for parameter key is invalid. Tag keys starting with 'aws:' are reserved for internal use")),
        (json!([vpc_id]), json!([{"Key": "", "Value": "x"}]),
         ("InvalidParameterValue", "Value (  ) for parameter key is invalid. Tag keys must be 1 to 128 characters long")),
    ];
    for (resources, tags, (code, message)) in cases {
        let refused = refuse(
            &mut ec2,
            "CreateTags",
            json!({"Resources": resources, "Tags": tags}),
        );
        assert_eq!(refused, (code.to_owned(), message.to_owned()));
    }
    // The subnet before the unknown VPC was not tagged either.
    let all = call(
        &mut ec2,
        "DescribeTags",
        json!({"Filters": [{"Name": "key", "Values": ["new"]}]}),
    );
    assert_eq!(all["Tags"], json!([]));
    // 50 tags fit (the VPC has one: 49 more); one more does not.
    let many: Vec<Value> = (0..49)
        .map(|i| json!({"Key": format!("k{i}"), "Value": ""}))
        .collect();
    call(
        &mut ec2,
        "CreateTags",
        json!({"Resources": [vpc_id], "Tags": many}),
    );
    let refused = refuse(
        &mut ec2,
        "CreateTags",
        json!({"Resources": [vpc_id], "Tags": [{"Key": "k50"}]}),
    );
    assert_eq!(refused.0, "TagLimitExceeded");
    // Setting a key it has again is no new tag.
    call(
        &mut ec2,
        "CreateTags",
        json!({"Resources": [vpc_id], "Tags": [{"Key": "k0", "Value": "v"}]}),
    );
}

#[test]
fn describe_tags_lists_every_tag_with_filters() {
    let mut ec2 = ec2();
    let (vpc_id, subnet_id) = network(&mut ec2);
    let all = call(&mut ec2, "DescribeTags", json!({}));
    let mut expected = vec![
        json!({"Key": "Name", "ResourceId": vpc_id, "ResourceType": "vpc", "Value": "prod"}),
        json!({"Key": "Name", "ResourceId": subnet_id, "ResourceType": "subnet", "Value": "pods"}),
        json!({"Key": "team", "ResourceId": subnet_id, "ResourceType": "subnet", "Value": "a"}),
    ];
    // By resource id ("subnet-..." before "vpc-..."), then in each resource's order.
    expected.rotate_left(1);
    assert_eq!(all["Tags"], json!(expected));
    let filtered = call(
        &mut ec2,
        "DescribeTags",
        json!({"Filters": [{"Name": "resource-type", "Values": ["subnet"]},
                           {"Name": "value", "Values": ["p*"]}]}),
    );
    assert_eq!(filtered["Tags"], json!([expected[0]]));
    // The launch-template lookup Terraform makes on every instance read finds nothing.
    let none = call(
        &mut ec2,
        "DescribeTags",
        json!({"Filters": [{"Name": "key", "Values": ["aws:ec2launchtemplate:id"]},
                           {"Name": "resource-id", "Values": [vpc_id]}]}),
    );
    assert_eq!(none["Tags"], json!([]));
}

#[test]
fn describes_take_tag_filters() {
    let mut ec2 = ec2();
    let (vpc_id, subnet_id) = network(&mut ec2);
    call(
        &mut ec2,
        "CreateSubnet",
        json!({"VpcId": vpc_id, "CidrBlock": "10.0.2.0/24"}),
    );
    let by_name = call(
        &mut ec2,
        "DescribeSubnets",
        json!({"Filters": [{"Name": "tag:Name", "Values": ["pod*"]}]}),
    );
    let ids: Vec<&Value> = by_name["Subnets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["SubnetId"])
        .collect();
    assert_eq!(ids, [&json!(subnet_id)]);
    let by_key = call(
        &mut ec2,
        "DescribeSubnets",
        json!({"Filters": [{"Name": "tag-key", "Values": ["team"]}]}),
    );
    assert_eq!(by_key["Subnets"].as_array().unwrap().len(), 1);
    let refused = refuse(
        &mut ec2,
        "DescribeSubnets",
        json!({"Filters": [{"Name": "tags:Name", "Values": ["x"]}]}),
    );
    assert_eq!(
        refused,
        (
            "InvalidParameterValue".to_owned(),
            "The filter 'tags:Name' is invalid".to_owned()
        )
    );
}

#[test]
fn a_deleted_interface_takes_its_tags() {
    let mut ec2 = ec2();
    let (_, subnet_id) = network(&mut ec2);
    let eni = call(
        &mut ec2,
        "CreateNetworkInterface",
        json!({"SubnetId": subnet_id, "TagSpecifications": spec("network-interface", &[("a", "b")])}),
    );
    let id = eni["NetworkInterface"]["NetworkInterfaceId"].clone();
    call(
        &mut ec2,
        "DeleteNetworkInterface",
        json!({"NetworkInterfaceId": id}),
    );
    let left = call(
        &mut ec2,
        "DescribeTags",
        json!({"Filters": [{"Name": "resource-id", "Values": [id]}]}),
    );
    assert_eq!(left["Tags"], json!([]));
}

#[test]
fn tags_of_describe_output_are_kept_aws_keys_included() {
    let mut ec2 = ec2();
    let subnets = json!({"Subnets": [{"SubnetId": "subnet-0a1b2c3d", "VpcId": "vpc-0a1b2c3d",
        "CidrBlock": "10.0.0.0/24", "AvailabilityZone": "us-east-1a",
        "Tags": [{"Key": "Name", "Value": "private-a"},
                 {"Key": "aws:cloudformation:stack-name", "Value": "net"}]}]});
    let interfaces = json!({"NetworkInterfaces": [{"NetworkInterfaceId": "eni-0a1b2c3d",
        "SubnetId": "subnet-0a1b2c3d", "PrivateIpAddress": "10.0.0.5",
        "TagSet": [{"Key": "role", "Value": "nat"}]}]});
    ec2.load_describe(&[subnets, interfaces]).unwrap();
    let subnet = &call(&mut ec2, "DescribeSubnets", json!({}))["Subnets"][0];
    assert_eq!(
        subnet["Tags"],
        json!([{"Key": "Name", "Value": "private-a"},
               {"Key": "aws:cloudformation:stack-name", "Value": "net"}])
    );
    let eni = &call(&mut ec2, "DescribeNetworkInterfaces", json!({}))["NetworkInterfaces"][0];
    assert_eq!(eni["TagSet"], json!([{"Key": "role", "Value": "nat"}]));
}
