//! Properties of stateless validation over generated requests.

use eniplan::{Action, ErrorCode, ValidRequest};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// Member names of every action, so generated objects often hit real members.
const NAMES: &[&str] = &[
    "NetworkInterfaceId",
    "PrivateIpAddresses",
    "SecondaryPrivateIpAddressCount",
    "Ipv4Prefixes",
    "Ipv4PrefixCount",
    "AllowReassignment",
    "SubnetId",
    "PrivateIpAddress",
    "Primary",
    "Ipv4Prefix",
    "InterfaceType",
    "DryRun",
    "InstanceId",
    "DeviceIndex",
    "NetworkCardIndex",
    "Description",
    "Bogus",
];

/// The codes a request's shape and the stateless rules can give: a member missing, unknown or
/// of the wrong type or value, selectors combined wrongly, text that is not JSON, and the
/// malformed-id codes of the ids the four actions take (interface, subnet, instance).
const STATELESS_CODES: &[ErrorCode] = &[
    ErrorCode::MissingParameter,
    ErrorCode::InvalidParameterValue,
    ErrorCode::InvalidParameterCombination,
    ErrorCode::InvalidRequest,
    ErrorCode::UnknownParameter,
    ErrorCode::InvalidNetworkInterfaceIdMalformed,
    ErrorCode::InvalidSubnetIdMalformed,
    ErrorCode::InvalidInstanceIdMalformed,
];

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        (-3_i64..5).prop_map(|n| json!(n)),
        any::<f64>().prop_map(|x| json!(x)),
        "[a-z0-9./-]{0,24}".prop_map(Value::String),
        (0_u8..=255, 0_u8..=255, 0_u8..=40).prop_map(|(a, b, c)| json!(format!("10.{a}.{b}.{c}"))),
        (0_u8..=255, 0_u8..=255, 0_u8..=33)
            .prop_map(|(a, b, len)| json!(format!("10.0.{a}.{b}/{len}"))),
        prop::sample::select(vec![
            "eni-0a1b2c3d",
            "subnet-0a1b2c3d",
            "i-0123456789abcdef0",
            "efa-only"
        ])
        .prop_map(|s| json!(s)),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(NAMES), inner), 0..6).prop_map(|pairs| {
                Value::Object(
                    pairs
                        .into_iter()
                        .map(|(k, v)| (k.to_owned(), v))
                        .collect::<Map<String, Value>>(),
                )
            }),
        ]
    })
}

fn action() -> impl Strategy<Value = Action> {
    prop::sample::select(Action::ALL.to_vec())
}

fn eni_id() -> impl Strategy<Value = String> {
    prop_oneof!["eni-[0-9a-f]{8}", "eni-[0-9a-f]{17}"]
}

fn address() -> impl Strategy<Value = String> {
    (any::<u8>(), any::<u8>()).prop_map(|(c, d)| format!("10.0.{c}.{d}"))
}

proptest! {
    #[test]
    fn a_prefix_from_its_parts_is_what_its_text_parses_to(
        address in any::<u32>(),
        aligned in any::<bool>(),
        len in prop_oneof![Just(28u8), any::<u8>()],
    ) {
        let address = if aligned { address & !0xF } else { address };
        let network = std::net::Ipv4Addr::from(address);
        prop_assert_eq!(
            eniplan::Ipv4Prefix::from_parts(network, len),
            eniplan::Ipv4Prefix::parse(&format!("{network}/{len}"))
        );
    }

    #[test]
    fn validation_never_panics_and_fails_only_as_stateless_rules_do(
        action in action(),
        request in value(),
    ) {
        if let Err(error) = ValidRequest::from_json(action, &request) {
            // Stateless validation sees no state, so it can only find what rules 1, 2, 4, 5, 6
            // and 9 and the request's shape find: never that something does not exist, is in
            // use or is over a limit.
            prop_assert!(
                STATELESS_CODES.contains(&error.code()),
                "{action}: {} ({error}) for {request}",
                error.code().as_str()
            );
            prop_assert!(!error.to_string().is_empty());
        }
    }

    #[test]
    fn arbitrary_text_never_panics(action in action(), text in ".{0,64}") {
        let _ = ValidRequest::from_json_text(action, &text);
    }

    #[test]
    fn addresses_with_a_count_are_always_an_invalid_combination(
        eni in eni_id(),
        addresses in prop::collection::vec(".{0,16}", 1..4),
        count in any::<i64>(),
        prefixes in prop::collection::vec(".{0,16}", 0..3),
    ) {
        let request = json!({
            "NetworkInterfaceId": eni,
            "PrivateIpAddresses": addresses,
            "SecondaryPrivateIpAddressCount": count,
            "Ipv4Prefixes": prefixes,
        });
        let error = ValidRequest::from_json(Action::AssignPrivateIpAddresses, &request).unwrap_err();
        prop_assert_eq!(error.code(), ErrorCode::InvalidParameterCombination);
    }

    #[test]
    fn valid_assign_requests_round_trip_through_json(
        eni in eni_id(),
        selector in 0..4_u8,
        addresses in prop::collection::vec(address(), 1..5),
        count in 1_i64..=2_147_483_647,
        blocks in prop::collection::vec(0_u32..4096, 1..4),
        allow in any::<Option<bool>>(),
    ) {
        let mut request = json!({"NetworkInterfaceId": eni});
        match selector {
            0 => request["PrivateIpAddresses"] = json!(addresses),
            1 => request["SecondaryPrivateIpAddressCount"] = json!(count),
            2 => request["Ipv4Prefixes"] = json!(blocks
                .iter()
                .map(|b| format!("10.0.{}.{}/28", b / 16, (b % 16) * 16))
                .collect::<Vec<_>>()),
            _ => request["Ipv4PrefixCount"] = json!(count),
        }
        if let Some(allow) = allow {
            request["AllowReassignment"] = json!(allow);
        }
        let valid = ValidRequest::from_json(Action::AssignPrivateIpAddresses, &request).unwrap();
        let again = ValidRequest::from_json(Action::AssignPrivateIpAddresses, &valid.to_json()).unwrap();
        prop_assert_eq!(again, valid);
    }

    #[test]
    fn whatever_validates_round_trips(action in action(), request in value()) {
        if let Ok(valid) = ValidRequest::from_json(action, &request) {
            let again = ValidRequest::from_json(action, &valid.to_json());
            prop_assert_eq!(again, Ok(valid));
        }
    }

    #[test]
    fn ids_that_parse_print_back_unchanged(text in "eni-[0-9a-fA-F]{6,18}") {
        match eniplan::NetworkInterfaceId::parse(&text) {
            Ok(id) => prop_assert_eq!(id.to_string(), text),
            Err(error) => prop_assert_eq!(error.code(), ErrorCode::InvalidNetworkInterfaceIdMalformed),
        }
    }
}
