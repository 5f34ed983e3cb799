//! One test per stateless rule of spec section 3, asserting EC2's exact code and message.

use eniplan::{Action, ValidRequest};
use serde_json::{json, Value};

/// Validates `request` for `action` and gives the error's code and message.
fn refuse(action: Action, request: Value) -> (String, String) {
    match ValidRequest::from_json(action, &request) {
        Ok(valid) => panic!("{action} {request} was accepted as {valid:?}"),
        Err(error) => (error.code().as_str().to_owned(), error.to_string()),
    }
}

fn assign(request: Value) -> (String, String) {
    refuse(Action::AssignPrivateIpAddresses, request)
}

fn pair(code: &str, message: &str) -> (String, String) {
    (code.to_owned(), message.to_owned())
}

const ENI: &str = "eni-0123456789abcdef0";

#[test]
fn rule_1_network_interface_id_is_required() {
    let expected = pair(
        "MissingParameter",
        "The request must contain the parameter NetworkInterfaceId",
    );
    assert_eq!(
        assign(json!({"SecondaryPrivateIpAddressCount": 1})),
        expected
    );
    assert_eq!(
        refuse(
            Action::UnassignPrivateIpAddresses,
            json!({"PrivateIpAddresses": ["10.0.0.9"]})
        ),
        expected
    );
    assert_eq!(
        refuse(
            Action::AttachNetworkInterface,
            json!({"InstanceId": "i-0a1b2c3d", "DeviceIndex": 1})
        ),
        expected
    );
}

#[test]
fn rule_2_network_interface_id_must_be_well_formed() {
    assert_eq!(
        assign(json!({"NetworkInterfaceId": "eni-xyz", "SecondaryPrivateIpAddressCount": 1})),
        pair(
            "InvalidNetworkInterfaceId.Malformed",
            "Invalid id: \"eni-xyz\" (expecting \"eni-...\")"
        )
    );
}

#[test]
fn rule_2_comes_before_rule_4() {
    let (code, _) = assign(json!({"NetworkInterfaceId": "eni-1"}));
    assert_eq!(code, "InvalidNetworkInterfaceId.Malformed");
}

#[test]
fn rule_4_needs_a_selector() {
    let expected = pair(
        "InvalidParameterCombination",
        "The request must contain at least one of the parameters PrivateIpAddresses, \
         SecondaryPrivateIpAddressCount, Ipv4Prefixes, Ipv4PrefixCount",
    );
    assert_eq!(assign(json!({"NetworkInterfaceId": ENI})), expected);
    // An empty list counts as absent (spec section 6).
    assert_eq!(
        assign(json!({"NetworkInterfaceId": ENI, "PrivateIpAddresses": [], "Ipv4Prefixes": []})),
        expected
    );
}

#[test]
fn rule_4_addresses_and_address_count_exclude_each_other() {
    assert_eq!(
        assign(json!({
            "NetworkInterfaceId": ENI,
            "PrivateIpAddresses": ["10.0.0.9"],
            "SecondaryPrivateIpAddressCount": 1,
        })),
        pair(
            "InvalidParameterCombination",
            "The parameters PrivateIpAddresses and SecondaryPrivateIpAddressCount cannot be specified together"
        )
    );
}

#[test]
fn rule_4_prefixes_and_prefix_count_exclude_each_other() {
    assert_eq!(
        assign(json!({
            "NetworkInterfaceId": ENI,
            "Ipv4Prefixes": ["10.0.0.16/28"],
            "Ipv4PrefixCount": 1,
        })),
        pair(
            "InvalidParameterCombination",
            "The parameters Ipv4Prefixes and Ipv4PrefixCount cannot be specified together"
        )
    );
}

#[test]
fn rule_4_addresses_and_prefixes_exclude_each_other() {
    let cases = [
        (
            json!({"PrivateIpAddresses": ["10.0.0.9"], "Ipv4Prefixes": ["10.0.0.16/28"]}),
            "PrivateIpAddresses",
            "Ipv4Prefixes",
        ),
        (
            json!({"PrivateIpAddresses": ["10.0.0.9"], "Ipv4PrefixCount": 1}),
            "PrivateIpAddresses",
            "Ipv4PrefixCount",
        ),
        (
            json!({"SecondaryPrivateIpAddressCount": 1, "Ipv4Prefixes": ["10.0.0.16/28"]}),
            "SecondaryPrivateIpAddressCount",
            "Ipv4Prefixes",
        ),
        (
            json!({"SecondaryPrivateIpAddressCount": 1, "Ipv4PrefixCount": 1}),
            "SecondaryPrivateIpAddressCount",
            "Ipv4PrefixCount",
        ),
    ];
    for (mut request, first, second) in cases {
        request["NetworkInterfaceId"] = json!(ENI);
        assert_eq!(
            assign(request),
            pair(
                "InvalidParameterCombination",
                &format!("The parameters {first} and {second} cannot be specified together")
            )
        );
    }
}

#[test]
fn rule_4_comes_before_rule_5() {
    let (code, _) = assign(json!({
        "NetworkInterfaceId": ENI,
        "SecondaryPrivateIpAddressCount": 0,
        "Ipv4PrefixCount": 0,
    }));
    assert_eq!(code, "InvalidParameterCombination");
}

#[test]
fn rule_5_counts_are_at_least_one() {
    for (member, value) in [
        ("SecondaryPrivateIpAddressCount", 0_i64),
        ("SecondaryPrivateIpAddressCount", -3),
        ("Ipv4PrefixCount", 0),
        ("Ipv4PrefixCount", 2_147_483_648),
    ] {
        assert_eq!(
            assign(json!({"NetworkInterfaceId": ENI, member: value})),
            pair(
                "InvalidParameterValue",
                &format!(
                    "Value ({value}) for parameter {member} is invalid. Expected a value from 1 to 2147483647."
                )
            )
        );
    }
    // A count of 0 is given, not absent (spec section 6), so CreateNetworkInterface refuses it too.
    let (code, _) = refuse(
        Action::CreateNetworkInterface,
        json!({"SubnetId": "subnet-0a1b2c3d", "SecondaryPrivateIpAddressCount": 0}),
    );
    assert_eq!(code, "InvalidParameterValue");
}

#[test]
fn rule_6_addresses_are_dotted_quads_and_the_first_bad_one_is_named() {
    assert_eq!(
        assign(json!({
            "NetworkInterfaceId": ENI,
            "PrivateIpAddresses": ["10.0.0.9", "10.0.0.300", "nonsense"],
        })),
        pair(
            "InvalidParameterValue",
            "invalid value for parameter address: 10.0.0.300"
        )
    );
    assert_eq!(
        refuse(
            Action::UnassignPrivateIpAddresses,
            json!({"NetworkInterfaceId": ENI, "PrivateIpAddresses": ["10.0.0"]})
        ),
        pair(
            "InvalidParameterValue",
            "invalid value for parameter address: 10.0.0"
        )
    );
}

#[test]
fn rule_9_prefixes_are_aligned_slash_28s() {
    let cases = [
        ("10.0.0.0/27", "only /28 IPv4 prefixes can be assigned"),
        (
            "10.0.0.8/28",
            "its host bits are set; an IPv4 prefix must start on a /28 boundary",
        ),
        ("10.0.0.0", "it is not an IPv4 CIDR block"),
    ];
    for (prefix, problem) in cases {
        assert_eq!(
            assign(json!({"NetworkInterfaceId": ENI, "Ipv4Prefixes": [prefix]})),
            pair(
                "InvalidParameterValue",
                &format!("Invalid value '{prefix}' for Ipv4Prefix: {problem}")
            )
        );
    }
}

#[test]
fn unassign_needs_an_address_or_a_prefix() {
    assert_eq!(
        refuse(
            Action::UnassignPrivateIpAddresses,
            json!({"NetworkInterfaceId": ENI})
        ),
        pair(
            "MissingParameter",
            "The request must contain the parameter PrivateIpAddresses or Ipv4Prefixes"
        )
    );
}

#[test]
fn unassign_accepts_addresses_and_prefixes_together() {
    let request = json!({
        "NetworkInterfaceId": ENI,
        "PrivateIpAddresses": ["10.0.0.9"],
        "Ipv4Prefixes": ["10.0.0.16/28"],
    });
    assert!(ValidRequest::from_json(Action::UnassignPrivateIpAddresses, &request).is_ok());
}

#[test]
fn create_needs_a_well_formed_subnet_id() {
    assert_eq!(
        refuse(
            Action::CreateNetworkInterface,
            json!({"PrivateIpAddress": "10.0.0.9"})
        ),
        pair(
            "MissingParameter",
            "The request must contain the parameter SubnetId"
        )
    );
    assert_eq!(
        refuse(
            Action::CreateNetworkInterface,
            json!({"SubnetId": "subnet-1"})
        ),
        pair("InvalidSubnetID.Malformed", "Invalid id: \"subnet-1\"")
    );
}

#[test]
fn create_allows_one_primary_only() {
    assert_eq!(
        refuse(
            Action::CreateNetworkInterface,
            json!({
                "SubnetId": "subnet-0a1b2c3d",
                "PrivateIpAddress": "10.0.0.9",
                "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.0.10", "Primary": true}],
            })
        ),
        pair(
            "InvalidParameterCombination",
            "Only one primary private IPv4 address can be specified, but got [10.0.0.9, 10.0.0.10]"
        )
    );
}

#[test]
fn create_primary_is_not_an_address_that_excludes_prefixes() {
    let request = json!({
        "SubnetId": "subnet-0a1b2c3d",
        "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.0.9", "Primary": true}],
        "Ipv4PrefixCount": 2,
    });
    let Ok(ValidRequest::CreateNetworkInterface(valid)) =
        ValidRequest::from_json(Action::CreateNetworkInterface, &request)
    else {
        panic!("a primary plus a prefix count must be accepted");
    };
    assert_eq!(valid.primary(), Some("10.0.0.9".parse().unwrap()));
    assert_eq!(
        valid.selection(),
        Some(&eniplan::AddressSelection::PrefixCount(2))
    );
}

#[test]
fn create_secondary_addresses_exclude_prefixes() {
    assert_eq!(
        refuse(
            Action::CreateNetworkInterface,
            json!({
                "SubnetId": "subnet-0a1b2c3d",
                "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.0.9"}],
                "Ipv4Prefixes": [{"Ipv4Prefix": "10.0.0.16/28"}],
            })
        ),
        pair(
            "InvalidParameterCombination",
            "The parameters PrivateIpAddresses and Ipv4Prefixes cannot be specified together"
        )
    );
}

#[test]
fn create_efa_only_holds_no_address() {
    assert_eq!(
        refuse(
            Action::CreateNetworkInterface,
            json!({"SubnetId": "subnet-0a1b2c3d", "InterfaceType": "efa-only", "PrivateIpAddress": "10.0.0.9"})
        ),
        pair(
            "InvalidParameterCombination",
            "An efa-only network interface cannot have IPv4 addresses or prefixes"
        )
    );
}

#[test]
fn create_interface_type_is_one_of_the_api_values() {
    assert_eq!(
        refuse(
            Action::CreateNetworkInterface,
            json!({"SubnetId": "subnet-0a1b2c3d", "InterfaceType": "ethernet"})
        ),
        pair(
            "InvalidParameterValue",
            "Value (ethernet) for parameter InterfaceType is invalid. Expected one of: efa, efa-only, branch, trunk."
        )
    );
}

#[test]
fn attach_needs_instance_and_device_index() {
    assert_eq!(
        refuse(
            Action::AttachNetworkInterface,
            json!({"NetworkInterfaceId": ENI, "DeviceIndex": 1})
        ),
        pair(
            "MissingParameter",
            "The request must contain the parameter InstanceId"
        )
    );
    assert_eq!(
        refuse(
            Action::AttachNetworkInterface,
            json!({"NetworkInterfaceId": ENI, "InstanceId": "i-0a1b2c3d"})
        ),
        pair(
            "MissingParameter",
            "The request must contain the parameter DeviceIndex"
        )
    );
    assert_eq!(
        refuse(
            Action::AttachNetworkInterface,
            json!({"NetworkInterfaceId": ENI, "InstanceId": "i-0a1b2c3d", "DeviceIndex": -1})
        ),
        pair(
            "InvalidParameterValue",
            "Value (-1) for parameter DeviceIndex is invalid. Expected a value from 0 to 2147483647."
        )
    );
    assert_eq!(
        refuse(
            Action::AttachNetworkInterface,
            json!({"NetworkInterfaceId": ENI, "InstanceId": "i-zz", "DeviceIndex": 1})
        ),
        pair("InvalidInstanceID.Malformed", "Invalid id: \"i-zz\"")
    );
}

#[test]
fn unknown_members_are_named() {
    assert_eq!(
        assign(
            json!({"NetworkInterfaceId": ENI, "SecondaryPrivateIpAddressCount": 1, "DryRun": true})
        ),
        pair("UnknownParameter", "The parameter DryRun is not recognized")
    );
    assert_eq!(
        refuse(
            Action::CreateNetworkInterface,
            json!({"SubnetId": "subnet-0a1b2c3d", "PrivateIpAddresses": [{"Address": "10.0.0.9"}]})
        ),
        pair(
            "UnknownParameter",
            "The parameter PrivateIpAddresses[0].Address is not recognized"
        )
    );
}

#[test]
fn members_of_the_wrong_type_are_named() {
    assert_eq!(
        assign(json!({"NetworkInterfaceId": ENI, "SecondaryPrivateIpAddressCount": "2"})),
        pair(
            "InvalidParameterValue",
            "Invalid type for parameter SecondaryPrivateIpAddressCount: expected an integer"
        )
    );
    assert_eq!(
        assign(json!({"NetworkInterfaceId": ENI, "PrivateIpAddresses": ["10.0.0.9", 7]})),
        pair(
            "InvalidParameterValue",
            "Invalid type for parameter PrivateIpAddresses[1]: expected a string"
        )
    );
    assert_eq!(
        assign(json!({"NetworkInterfaceId": ENI, "PrivateIpAddresses": "10.0.0.9"})),
        pair(
            "InvalidParameterValue",
            "Invalid type for parameter PrivateIpAddresses: expected a list"
        )
    );
    assert_eq!(
        assign(
            json!({"NetworkInterfaceId": ENI, "Ipv4PrefixCount": 1, "AllowReassignment": "yes"})
        ),
        pair(
            "InvalidParameterValue",
            "Invalid type for parameter AllowReassignment: expected a boolean"
        )
    );
    assert_eq!(
        refuse(
            Action::CreateNetworkInterface,
            json!({"SubnetId": "subnet-0a1b2c3d", "Ipv4Prefixes": ["10.0.0.16/28"]})
        ),
        pair(
            "InvalidParameterValue",
            "Invalid type for parameter Ipv4Prefixes[0]: expected a structure"
        )
    );
}

#[test]
fn a_body_that_is_not_a_json_object_is_an_invalid_request() {
    let error =
        ValidRequest::from_json_text(Action::AssignPrivateIpAddresses, "[1, 2]").unwrap_err();
    assert_eq!(error.code().as_str(), "InvalidRequest");
    assert_eq!(
        error.to_string(),
        "The request is not a JSON object: found a list"
    );
    let error =
        ValidRequest::from_json_text(Action::AssignPrivateIpAddresses, "{\"Net").unwrap_err();
    assert_eq!(error.code().as_str(), "InvalidRequest");
    assert!(error
        .to_string()
        .starts_with("The request is not a JSON object: invalid JSON"));
}

#[test]
fn json_null_counts_as_absent() {
    let request = json!({
        "NetworkInterfaceId": ENI,
        "PrivateIpAddresses": null,
        "SecondaryPrivateIpAddressCount": 2,
        "AllowReassignment": null,
    });
    assert!(ValidRequest::from_json(Action::AssignPrivateIpAddresses, &request).is_ok());
}

#[test]
fn unknown_action_is_invalid_action() {
    let error = Action::parse("AssignPrivateIpAddress").unwrap_err();
    assert_eq!(error.code().as_str(), "InvalidAction");
    assert_eq!(
        error.to_string(),
        "The action AssignPrivateIpAddress is not valid for this web service."
    );
}

#[test]
fn assign_response_serialises_like_boto3_and_leaves_out_empty_lists() {
    use eniplan::{AssignPrivateIpAddressesResponse, AssignedPrivateIpAddress, NetworkInterfaceId};
    let response = AssignPrivateIpAddressesResponse {
        network_interface_id: NetworkInterfaceId::parse(ENI).unwrap(),
        assigned_private_ip_addresses: vec![AssignedPrivateIpAddress {
            private_ip_address: "10.0.0.82".parse().unwrap(),
        }],
        assigned_ipv4_prefixes: vec![],
    };
    assert_eq!(
        serde_json::to_value(&response).unwrap(),
        json!({
            "NetworkInterfaceId": ENI,
            "AssignedPrivateIpAddresses": [{"PrivateIpAddress": "10.0.0.82"}],
        })
    );
}
