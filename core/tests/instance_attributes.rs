//! DescribeInstanceAttribute, ModifyInstanceAttribute and the instance members DescribeInstances
//! shows beyond addressing, against EC2's documented defaults and outcomes.
#![allow(clippy::unwrap_used)]

use eniplan::Ec2;
use eniplan_testkit::calls::{call, refuse};
use serde_json::{json, Value};

/// One instance launched with `extra` members: the model and the instance's id.
fn launched(extra: Value) -> (Ec2, String) {
    let mut ec2 = Ec2::default();
    let vpc = call(&mut ec2, "CreateVpc", json!({"CidrBlock": "10.0.0.0/16"}));
    let subnet = call(
        &mut ec2,
        "CreateSubnet",
        json!({"VpcId": vpc["Vpc"]["VpcId"], "CidrBlock": "10.0.1.0/24"}),
    );
    let mut request = json!({"InstanceType": "m5.large", "MinCount": 1, "MaxCount": 1,
                             "SubnetId": subnet["Subnet"]["SubnetId"]});
    for (name, value) in extra.as_object().unwrap() {
        request[name] = value.clone();
    }
    let run = call(&mut ec2, "RunInstances", request);
    let id = run["Instances"][0]["InstanceId"]
        .as_str()
        .unwrap()
        .to_owned();
    (ec2, id)
}

fn attribute(ec2: &mut Ec2, id: &str, attribute: &str) -> Value {
    let answer = call(
        ec2,
        "DescribeInstanceAttribute",
        json!({"InstanceId": id, "Attribute": attribute}),
    );
    assert_eq!(answer["InstanceId"], id);
    let object = answer.as_object().unwrap();
    assert_eq!(object.len(), 2, "{answer}");
    object
        .iter()
        .find(|(name, _)| *name != "InstanceId")
        .unwrap()
        .1
        .clone()
}

#[test]
fn the_four_attributes_terraform_reads_have_ec2_defaults() {
    let (mut ec2, id) = launched(json!({}));
    assert_eq!(
        attribute(&mut ec2, &id, "instanceInitiatedShutdownBehavior"),
        json!({"Value": "stop"})
    );
    assert_eq!(
        attribute(&mut ec2, &id, "disableApiStop"),
        json!({"Value": false})
    );
    assert_eq!(
        attribute(&mut ec2, &id, "disableApiTermination"),
        json!({"Value": false})
    );
    assert_eq!(attribute(&mut ec2, &id, "userData"), json!({}));
    assert_eq!(
        attribute(&mut ec2, &id, "instanceType"),
        json!({"Value": "m5.large"})
    );
    assert_eq!(
        attribute(&mut ec2, &id, "sourceDestCheck"),
        json!({"Value": true})
    );
}

#[test]
fn attributes_come_from_the_launch_request() {
    let (mut ec2, id) = launched(json!({
        "DisableApiTermination": true, "DisableApiStop": true,
        "InstanceInitiatedShutdownBehavior": "terminate", "UserData": "IyEvYmluL3NoCg==",
        "EbsOptimized": true, "ImageId": "ami-0abcdef1234567890",
        "Monitoring": {"Enabled": true}}));
    assert_eq!(
        attribute(&mut ec2, &id, "instanceInitiatedShutdownBehavior"),
        json!({"Value": "terminate"})
    );
    assert_eq!(
        attribute(&mut ec2, &id, "userData"),
        json!({"Value": "IyEvYmluL3NoCg=="})
    );
    assert_eq!(
        attribute(&mut ec2, &id, "ebsOptimized"),
        json!({"Value": true})
    );
    let described = call(&mut ec2, "DescribeInstances", json!({"InstanceIds": [id]}));
    let instance = &described["Reservations"][0]["Instances"][0];
    assert_eq!(instance["ImageId"], "ami-0abcdef1234567890");
    // m5.large is an Intel type.
    assert_eq!(instance["Architecture"], "x86_64");
    assert_eq!(instance["EbsOptimized"], true);
    assert_eq!(instance["Monitoring"], json!({"State": "enabled"}));
    assert_eq!(instance["SourceDestCheck"], true);
    // The model's clock starts at 2026-01-01T00:00:00Z and has not moved.
    assert_eq!(instance["LaunchTime"], "2026-01-01T00:00:00.000Z");
    let (code, _) = refuse(
        &mut ec2,
        "RunInstances",
        json!({"InstanceType": "m5.large", "MinCount": 1, "MaxCount": 1,
               "SubnetId": instance["SubnetId"], "InstanceInitiatedShutdownBehavior": "hibernate"}),
    );
    assert_eq!(code, "InvalidParameterValue");
}

#[test]
fn termination_protection_holds_until_modified() {
    let (mut ec2, id) = launched(json!({"DisableApiTermination": true}));
    assert_eq!(
        refuse(&mut ec2, "TerminateInstances", json!({"InstanceIds": [id]})),
        (
            "OperationNotPermitted".to_owned(),
            format!("The instance '{id}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.")
        )
    );
    // What Terraform sends on every destroy: DisableApiTermination.Value=false.
    let answer = call(
        &mut ec2,
        "ModifyInstanceAttribute",
        json!({"InstanceId": id, "DisableApiTermination": {"Value": false}}),
    );
    assert_eq!(answer, json!({}));
    assert_eq!(
        attribute(&mut ec2, &id, "disableApiTermination"),
        json!({"Value": false})
    );
    let terminated = call(&mut ec2, "TerminateInstances", json!({"InstanceIds": [id]}));
    assert_eq!(
        terminated["TerminatingInstances"][0]["CurrentState"]["Name"],
        "terminated"
    );
}

#[test]
fn attribute_and_value_name_the_same_changes() {
    let (mut ec2, id) = launched(json!({}));
    call(
        &mut ec2,
        "ModifyInstanceAttribute",
        json!({"InstanceId": id, "Attribute": "instanceInitiatedShutdownBehavior",
               "Value": "terminate"}),
    );
    assert_eq!(
        attribute(&mut ec2, &id, "instanceInitiatedShutdownBehavior"),
        json!({"Value": "terminate"})
    );
    call(
        &mut ec2,
        "ModifyInstanceAttribute",
        json!({"InstanceId": id, "Attribute": "disableApiStop", "Value": "true"}),
    );
    assert_eq!(
        attribute(&mut ec2, &id, "disableApiStop"),
        json!({"Value": true})
    );
}

#[test]
fn changes_ec2_makes_only_on_a_stopped_instance_are_refused() {
    let (mut ec2, id) = launched(json!({}));
    for request in [
        json!({"InstanceId": id, "UserData": {"Value": "eA=="}}),
        json!({"InstanceId": id, "InstanceType": {"Value": "m5.xlarge"}}),
        json!({"InstanceId": id, "Attribute": "kernel", "Value": "aki-12345678"}),
    ] {
        assert_eq!(
            refuse(&mut ec2, "ModifyInstanceAttribute", request),
            (
                "IncorrectInstanceState".to_owned(),
                format!("The instance '{id}' is not in the 'stopped' state.")
            )
        );
    }
    assert_eq!(
        attribute(&mut ec2, &id, "instanceType"),
        json!({"Value": "m5.large"})
    );
}

#[test]
fn one_attribute_per_request() {
    let (mut ec2, id) = launched(json!({}));
    let cases = [
        (
            json!({"InstanceId": id, "DisableApiStop": {"Value": true},
                   "DisableApiTermination": {"Value": true}}),
            "InvalidParameterCombination",
        ),
        (
            json!({"InstanceId": id, "Attribute": "disableApiStop", "Value": "true",
                   "DisableApiTermination": {"Value": true}}),
            "InvalidParameterCombination",
        ),
        (json!({"InstanceId": id}), "InvalidParameterCombination"),
        (
            json!({"InstanceId": id, "Attribute": "disableApiStop"}),
            "MissingParameter",
        ),
        (
            json!({"InstanceId": id, "DisableApiStop": {}}),
            "MissingParameter",
        ),
        (
            json!({"InstanceId": id, "Attribute": "productCodes", "Value": "x"}),
            "InvalidParameterValue",
        ),
        (
            json!({"InstanceId": id, "Attribute": "disableApiStop", "Value": "yes"}),
            "InvalidParameterValue",
        ),
        (
            json!({"InstanceId": id, "DisableApiStop": {"Colour": true}}),
            "UnknownParameter",
        ),
    ];
    for (request, code) in cases {
        assert_eq!(
            refuse(&mut ec2, "ModifyInstanceAttribute", request.clone()).0,
            code,
            "{request}"
        );
    }
    assert_eq!(
        attribute(&mut ec2, &id, "disableApiStop"),
        json!({"Value": false})
    );
    assert_eq!(
        attribute(&mut ec2, &id, "disableApiTermination"),
        json!({"Value": false})
    );
    let (code, _) = refuse(
        &mut ec2,
        "DescribeInstanceAttribute",
        json!({"InstanceId": id, "Attribute": "colour"}),
    );
    assert_eq!(code, "InvalidParameterValue");
    let (code, _) = refuse(
        &mut ec2,
        "DescribeInstanceAttribute",
        json!({"InstanceId": "i-12345678", "Attribute": "userData"}),
    );
    assert_eq!(code, "InvalidInstanceID.NotFound");
}
