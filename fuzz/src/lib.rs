//! What the fuzz targets of eniplan share: the checks every error must pass, the small fixed
//! state that `request_json` and `ffi_json` call actions on, and the generator of describe-* JSON
//! that `describe_import` loads.

pub mod describe;

use eniplan::{Ec2, ErrorCode};
use serde_json::json;

/// Every error must carry a code that the table reads back from its EC2 spelling and its
/// number (no two codes share either), and a message. (That the code is one of the table's is
/// the type's own guarantee, so it is not asserted.)
pub fn check_error(error: &eniplan::Error) {
    let code = error.code();
    assert_eq!(ErrorCode::from_code_str(code.as_str()), Some(code));
    assert_eq!(ErrorCode::from_number(code.number()), Some(code));
    assert!(!error.to_string().is_empty(), "{code:?} has no message");
}

/// The small fixed state `request_json` calls every action on: [`small_state_documents`] loaded
/// into a model that picks the lowest free address.
pub fn small_state() -> Ec2 {
    let mut ec2 = Ec2::new(eniplan::Ec2Options {
        strategy: eniplan::model::Strategy::Lowest,
        seed: 0,
    });
    ec2.load_describe(&small_state_documents())
        .expect("the small state loads into the model");
    ec2
}

/// The small fixed state as describe-* output: a VPC with a /24 and a /28 subnet, a CIDR
/// reservation, a running c5.large whose primary interface holds a secondary address and a
/// prefix, an unattached interface, and two Elastic IPs, one associated. The seeds and the
/// dictionary name its ids, so that requests reach the stateful rules.
pub fn small_state_documents() -> Vec<serde_json::Value> {
    vec![
        json!({"Vpcs": [{"VpcId": "vpc-0a000001", "CidrBlock": "10.0.0.0/16"}]}),
        json!({"Subnets": [
            {"SubnetId": "subnet-0a000001", "VpcId": "vpc-0a000001", "CidrBlock": "10.0.0.0/24",
             "AvailabilityZone": "us-east-1a"},
            {"SubnetId": "subnet-0a000002", "VpcId": "vpc-0a000001", "CidrBlock": "10.0.1.0/28",
             "AvailabilityZone": "us-east-1b"},
        ]}),
        json!({"SubnetIpv4CidrReservations": [
            {"SubnetCidrReservationId": "scr-0a000001", "SubnetId": "subnet-0a000001",
             "Cidr": "10.0.0.128/28", "ReservationType": "prefix"},
        ]}),
        json!({"Reservations": [{"ReservationId": "r-0a000001", "Instances": [{
            "InstanceId": "i-0a000001", "InstanceType": "c5.large", "State": {"Name": "running"},
            "Placement": {"AvailabilityZone": "us-east-1a"},
            "SubnetId": "subnet-0a000001", "VpcId": "vpc-0a000001",
            "NetworkInterfaces": [{
                "NetworkInterfaceId": "eni-0a000001", "SubnetId": "subnet-0a000001",
                "PrivateIpAddress": "10.0.0.10",
                "PrivateIpAddresses": [
                    {"PrivateIpAddress": "10.0.0.10", "Primary": true},
                    {"PrivateIpAddress": "10.0.0.11", "Primary": false},
                ],
                "Ipv4Prefixes": [{"Ipv4Prefix": "10.0.0.32/28"}],
                "Attachment": {"AttachmentId": "eni-attach-0a000001", "DeviceIndex": 0,
                               "NetworkCardIndex": 0, "DeleteOnTermination": true},
            }],
        }]}]}),
        json!({"NetworkInterfaces": [{
            "NetworkInterfaceId": "eni-0a000002", "SubnetId": "subnet-0a000001",
            "PrivateIpAddress": "10.0.0.20",
            "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.0.20", "Primary": true}],
        }]}),
        json!({"Addresses": [
            {"AllocationId": "eipalloc-0a000001", "PublicIp": "198.18.0.1",
             "AssociationId": "eipassoc-0a000001", "NetworkInterfaceId": "eni-0a000001",
             "PrivateIpAddress": "10.0.0.11"},
            {"AllocationId": "eipalloc-0a000002", "PublicIp": "198.18.0.2"},
        ]}),
    ]
}
