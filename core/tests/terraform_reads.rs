//! The read-only actions Terraform's AWS provider calls beside the addressing ones:
//! DescribeInstanceTypes with its filters (data `aws_ec2_instance_type(s)`),
//! DescribeInstanceCreditSpecifications (every `aws_instance` read of a burstable type) and
//! DescribeAddressesAttribute (every `aws_eip` read), through `Ec2::call`.
#![allow(clippy::unwrap_used)]

use eniplan::model::Strategy;
use eniplan::{Ec2, Ec2Options};
use eniplan_testkit::calls::{call, refuse};
use eniplan_testkit::fixture::{Network, NetworkSpec};
use serde_json::{json, Value};

fn ec2() -> Ec2 {
    Ec2::new(Ec2Options {
        strategy: Strategy::Lowest,
        seed: 1,
    })
}

/// The names of the types a DescribeInstanceTypes request answers.
fn type_names(ec2: &mut Ec2, request: Value) -> Vec<String> {
    call(ec2, "DescribeInstanceTypes", request)["InstanceTypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|info| info["InstanceType"].as_str().unwrap().to_owned())
        .collect()
}

fn filter(name: &str, values: &[&str]) -> Value {
    json!({"Name": name, "Values": values})
}

#[test]
fn instance_types_filter_on_the_members_ec2_documents() {
    let mut ec2 = ec2();
    // The burstable families of the table: t2, t3, t3a and t4g, 7 sizes each.
    let burstable = type_names(
        &mut ec2,
        json!({"Filters": [filter("burstable-performance-supported", &["true"])]}),
    );
    assert_eq!(burstable.len(), 28);
    assert!(burstable.iter().all(|name| name.starts_with('t')));
    // Filters AND, values OR, wildcards in values.
    let small_graviton = type_names(
        &mut ec2,
        json!({"Filters": [
            filter("processor-info.supported-architecture", &["arm64"]),
            filter("memory-info.size-in-mib", &["1024", "512"]),
            filter("instance-type", &["t4g.*"]),
        ]}),
    );
    assert_eq!(small_graviton, ["t4g.micro", "t4g.nano"]);
    // Numbers compare as EC2 writes them, lists by any item, nested lists too.
    let m5_large = type_names(
        &mut ec2,
        json!({"Filters": [
            filter("instance-type", &["m5.*"]),
            filter("network-info.network-performance", &["Up to 10 Gigabit"]),
            filter("vcpu-info.valid-threads-per-core", &["2"]),
            filter("processor-info.sustained-clock-speed-in-ghz", &["3.1"]),
            filter("ebs-info.ebs-optimized-info.maximum-iops", &["18750"]),
            filter("ebs-info.ebs-optimized-info.baseline-iops", &["3600"]),
        ]}),
    );
    assert_eq!(m5_large, ["m5.large"]);
    let ssd_c5d = type_names(
        &mut ec2,
        json!({"InstanceTypes": ["c5d.large", "c5.large"], "Filters": [
            filter("instance-storage-info.disk.type", &["ssd"]),
        ]}),
    );
    assert_eq!(ssd_c5d, ["c5d.large"]);
    // A type the source lacks has no such member, and no filter on it matches.
    let metal = type_names(
        &mut ec2,
        json!({"InstanceTypes": ["u-6tb1.metal"], "Filters": [
            filter("current-generation", &["true", "false"]),
        ]}),
    );
    assert!(metal.is_empty());
    // A filter EC2 has on a member eniplan does not carry is refused, not ignored.
    assert_eq!(
        refuse(
            &mut ec2,
            "DescribeInstanceTypes",
            json!({"Filters": [filter("nitro-enclaves-support", &["supported"])]})
        ),
        (
            "InvalidParameterValue".to_owned(),
            "The filter 'nitro-enclaves-support' is invalid".to_owned()
        )
    );
}

/// Three instances in one subnet: a t2.micro, a t3.micro and an m5.large, in that order.
fn three_instances(ec2: &mut Ec2) -> [String; 3] {
    let spec = NetworkSpec {
        subnet_cidr: "10.0.1.0/24",
        availability_zone: "us-east-1b",
        instance_type: None,
    };
    let network = Network::in_model(ec2, &spec);
    ["t2.micro", "t3.micro", "m5.large"].map(|instance_type| {
        let reservation = call(
            ec2,
            "RunInstances",
            json!({
                "InstanceType": instance_type,
                "MinCount": 1,
                "MaxCount": 1,
                "SubnetId": network.subnet_id,
            }),
        );
        reservation["Instances"][0]["InstanceId"]
            .as_str()
            .unwrap()
            .to_owned()
    })
}

#[test]
fn credit_specifications_are_each_types_launch_default() {
    let mut ec2 = ec2();
    let [t2, t3, m5] = three_instances(&mut ec2);
    // By id: T2 launches standard, T3 unlimited; a type that is not burstable is standard.
    let mut answer = call(
        &mut ec2,
        "DescribeInstanceCreditSpecifications",
        json!({"InstanceIds": [t2, t3, m5]}),
    );
    let specifications = answer["InstanceCreditSpecifications"]
        .as_array_mut()
        .unwrap();
    specifications.sort_by_key(|s| s["InstanceId"].as_str().unwrap().to_owned());
    let mut expected = vec![
        json!({"InstanceId": t2, "CpuCredits": "standard"}),
        json!({"InstanceId": t3, "CpuCredits": "unlimited"}),
        json!({"InstanceId": m5, "CpuCredits": "standard"}),
    ];
    expected.sort_by_key(|s| s["InstanceId"].as_str().unwrap().to_owned());
    assert_eq!(*specifications, expected);

    // Without ids: only the instances whose option is unlimited.
    assert_eq!(
        call(&mut ec2, "DescribeInstanceCreditSpecifications", json!({})),
        json!({"InstanceCreditSpecifications": [{"InstanceId": t3, "CpuCredits": "unlimited"}]})
    );
    // The one filter, instance-id.
    assert_eq!(
        call(
            &mut ec2,
            "DescribeInstanceCreditSpecifications",
            json!({"InstanceIds": [t2, m5], "Filters": [filter("instance-id", &[&m5])]})
        ),
        json!({"InstanceCreditSpecifications": [{"InstanceId": m5, "CpuCredits": "standard"}]})
    );
    assert_eq!(
        refuse(
            &mut ec2,
            "DescribeInstanceCreditSpecifications",
            json!({"Filters": [filter("instance-type", &["t3.micro"])]})
        ),
        (
            "InvalidParameterValue".to_owned(),
            "The filter 'instance-type' is invalid".to_owned()
        )
    );
}

#[test]
fn credit_specifications_of_unknown_instances_are_errors() {
    let mut ec2 = ec2();
    let [t2, ..] = three_instances(&mut ec2);
    assert_eq!(
        refuse(
            &mut ec2,
            "DescribeInstanceCreditSpecifications",
            json!({"InstanceIds": [t2, "i-0123456789abcdef0"]})
        ),
        (
            "InvalidInstanceID.NotFound".to_owned(),
            "The instance ID 'i-0123456789abcdef0' does not exist".to_owned()
        )
    );
    assert_eq!(
        refuse(
            &mut ec2,
            "DescribeInstanceCreditSpecifications",
            json!({"InstanceIds": ["i-nope"]})
        )
        .0,
        "InvalidInstanceID.Malformed"
    );
}

#[test]
fn addresses_have_no_reverse_dns_attribute() {
    let mut ec2 = ec2();
    let allocation = call(&mut ec2, "AllocateAddress", json!({"Domain": "vpc"}));
    let allocation_id = allocation["AllocationId"].as_str().unwrap();
    let empty = json!({"Addresses": []});
    assert_eq!(
        call(
            &mut ec2,
            "DescribeAddressesAttribute",
            json!({"AllocationIds": [allocation_id], "Attribute": "domain-name"})
        ),
        empty
    );
    assert_eq!(
        call(&mut ec2, "DescribeAddressesAttribute", json!({})),
        empty
    );
    assert_eq!(
        refuse(
            &mut ec2,
            "DescribeAddressesAttribute",
            json!({"AllocationIds": ["eipalloc-0123456789abcdef0"], "Attribute": "domain-name"})
        ),
        (
            "InvalidAllocationID.NotFound".to_owned(),
            "The allocation ID 'eipalloc-0123456789abcdef0' does not exist".to_owned()
        )
    );
    assert_eq!(
        refuse(
            &mut ec2,
            "DescribeAddressesAttribute",
            json!({"AllocationIds": [allocation_id], "Attribute": "ptr-record"})
        ),
        (
            "InvalidParameterValue".to_owned(),
            "Value (ptr-record) for parameter Attribute is invalid. Expected one of: domain-name."
                .to_owned()
        )
    );
}
