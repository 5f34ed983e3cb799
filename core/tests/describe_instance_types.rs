//! Instance types read from and written as EC2 `DescribeInstanceTypes` JSON.

use eniplan::{Error, Hypervisor, InstanceType, InstanceTypes, NetworkCard};
use serde_json::{json, Value};

fn embedded(name: &str) -> InstanceType {
    InstanceTypes::embedded()
        .lookup(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .clone()
}

/// One entry as `aws ec2 describe-instance-types --instance-types a1.2xlarge` prints it
/// (the shape of the dump moto ships), members eniplan does not read included.
fn a1_2xlarge() -> Value {
    json!({
        "InstanceType": "a1.2xlarge",
        "CurrentGeneration": false,
        "FreeTierEligible": false,
        "SupportedUsageClasses": ["on-demand", "spot"],
        "SupportedRootDeviceTypes": ["ebs"],
        "SupportedVirtualizationTypes": ["hvm"],
        "BareMetal": false,
        "Hypervisor": "nitro",
        "ProcessorInfo": {"SupportedArchitectures": ["arm64"], "SustainedClockSpeedInGhz": 2.3},
        "VCpuInfo": {"DefaultVCpus": 8, "DefaultCores": 8, "DefaultThreadsPerCore": 1},
        "MemoryInfo": {"SizeInMiB": 16384},
        "InstanceStorageSupported": false,
        "EbsInfo": {"EbsOptimizedSupport": "default", "EncryptionSupport": "supported"},
        "NetworkInfo": {
            "NetworkPerformance": "Up to 10 Gigabit",
            "MaximumNetworkInterfaces": 4,
            "MaximumNetworkCards": 1,
            "DefaultNetworkCardIndex": 0,
            "NetworkCards": [{
                "NetworkCardIndex": 0,
                "NetworkPerformance": "Up to 10 Gigabit",
                "MaximumNetworkInterfaces": 4,
                "BaselineBandwidthInGbps": 2.5,
                "PeakBandwidthInGbps": 10.0
            }],
            "Ipv4AddressesPerInterface": 15,
            "Ipv6AddressesPerInterface": 15,
            "Ipv6Supported": true,
            "EnaSupport": "required",
            "EfaSupported": false,
            "EncryptionInTransitSupported": false,
            "EnaSrdSupported": false
        },
        "PlacementGroupInfo": {"SupportedStrategies": ["cluster", "partition", "spread"]},
        "HibernationSupported": false,
        "BurstablePerformanceSupported": false,
        "DedicatedHostsSupported": true,
        "AutoRecoverySupported": true,
        "SupportedBootModes": ["uefi"]
    })
}

#[test]
fn a_real_entry_loads_as_the_embedded_row() {
    let mut types = InstanceTypes::embedded();
    let loaded = types
        .load_describe_instance_types(&json!({"InstanceTypes": [a1_2xlarge()]}))
        .unwrap();
    assert_eq!(loaded, 1);
    // a1.2xlarge,nitro,false,4,15,15,true,0,0:4,38,8
    assert_eq!(types.get("a1.2xlarge"), Some(&embedded("a1.2xlarge")));
    assert_eq!(types.len(), 1391);
}

#[test]
fn loads_an_override_and_a_new_type() {
    let document = json!({
        "InstanceTypes": [
            {
                "InstanceType": "m5.large",
                "Hypervisor": "nitro",
                "BareMetal": false,
                "VCpuInfo": {"DefaultVCpus": 2},
                "NetworkInfo": {
                    "MaximumNetworkInterfaces": 4,
                    "Ipv4AddressesPerInterface": 12,
                    "Ipv6AddressesPerInterface": 12,
                    "Ipv6Supported": true,
                    "DefaultNetworkCardIndex": 0,
                    "NetworkCards": [{"NetworkCardIndex": 0, "MaximumNetworkInterfaces": 4}]
                }
            },
            {
                "InstanceType": "zz7.metal",
                "BareMetal": true,
                "VCpuInfo": {"DefaultVCpus": 128},
                "MemoryInfo": {"SizeInMiB": 1048576},
                "NetworkInfo": {
                    "MaximumNetworkInterfaces": 10,
                    "MaximumNetworkCards": 2,
                    "Ipv4AddressesPerInterface": 80,
                    "Ipv6AddressesPerInterface": 80,
                    "Ipv6Supported": true,
                    "DefaultNetworkCardIndex": 0,
                    "NetworkCards": [
                        {"NetworkCardIndex": 0, "MaximumNetworkInterfaces": 4},
                        {"NetworkCardIndex": 1, "MaximumNetworkInterfaces": 6}
                    ]
                }
            },
            {
                "InstanceType": "zz7.small",
                "Hypervisor": "xen",
                "NetworkInfo": {"MaximumNetworkInterfaces": 3, "Ipv4AddressesPerInterface": 5}
            }
        ],
        "NextToken": null
    });
    let mut types = InstanceTypes::embedded();
    assert_eq!(types.load_describe_instance_types(&document), Ok(3));
    assert_eq!(types.len(), 1393);

    // The override: the new limits, and the branch-interface count kept from the table.
    let m5 = types.lookup("m5.large").unwrap();
    assert_eq!((m5.max_enis, m5.ipv4_per_eni, m5.ipv6_per_eni), (4, 12, 12));
    assert_eq!(m5.branch_interfaces, 9);
    assert_eq!(m5.vcpus, Some(2));

    // The new multi-card type: max_enis is the default card's limit, not the total of 10.
    assert_eq!(
        types.get("zz7.metal"),
        Some(&InstanceType {
            name: "zz7.metal".to_owned(),
            hypervisor: Hypervisor::Unknown,
            bare_metal: true,
            max_enis: 4,
            ipv4_per_eni: 80,
            ipv6_per_eni: 80,
            ipv6_supported: true,
            default_network_card_index: 0,
            network_cards: vec![
                NetworkCard {
                    index: 0,
                    max_interfaces: 4
                },
                NetworkCard {
                    index: 1,
                    max_interfaces: 6
                },
            ],
            vcpus: Some(128),
            branch_interfaces: 0,
        })
    );
    assert_eq!(types.max_ipv4_per_eni(), 80);

    // Without NetworkCards, MaximumNetworkInterfaces is one card 0; absent members default.
    assert_eq!(
        types.get("zz7.small"),
        Some(&InstanceType {
            name: "zz7.small".to_owned(),
            hypervisor: Hypervisor::Xen,
            bare_metal: false,
            max_enis: 3,
            ipv4_per_eni: 5,
            ipv6_per_eni: 0,
            ipv6_supported: false,
            default_network_card_index: 0,
            network_cards: vec![NetworkCard {
                index: 0,
                max_interfaces: 3
            }],
            vcpus: None,
            branch_interfaces: 0,
        })
    );
}

/// A good entry that must not be loaded when a later entry fails.
fn good() -> Value {
    json!({
        "InstanceType": "zz8.good",
        "Hypervisor": "nitro",
        "NetworkInfo": {"MaximumNetworkInterfaces": 2, "Ipv4AddressesPerInterface": 99}
    })
}

/// Loads `good()` followed by `bad` and gives the error's message; checks that nothing loaded.
fn refuse_entry(bad: Value) -> String {
    refuse(json!({"InstanceTypes": [good(), bad]}))
}

fn refuse(document: Value) -> String {
    let mut types = InstanceTypes::embedded();
    let error = types
        .load_describe_instance_types(&document)
        .expect_err("the document was accepted");
    assert_eq!(error.code().as_str(), "InvalidParameterValue", "{error}");
    assert!(
        matches!(error, Error::InvalidInstanceTypeInfo { .. }),
        "{error:?}"
    );
    assert_eq!(types.len(), 1391, "something was loaded");
    assert!(types.get("zz8.good").is_none(), "the good entry was loaded");
    assert_eq!(types.max_ipv4_per_eni(), 64);
    error.to_string()
}

const PREFIX: &str = "Invalid DescribeInstanceTypes data for instance type";

#[test]
fn missing_network_info_is_named() {
    assert_eq!(
        refuse_entry(json!({"InstanceType": "zz9.bad", "Hypervisor": "nitro"})),
        format!("{PREFIX} zz9.bad: NetworkInfo is missing")
    );
    // null counts as absent, as in the SDKs.
    assert_eq!(
        refuse_entry(json!({"InstanceType": "zz9.bad", "NetworkInfo": null})),
        format!("{PREFIX} zz9.bad: NetworkInfo is missing")
    );
}

#[test]
fn wrong_types_are_named() {
    let entry = |network: Value| json!({"InstanceType": "zz9.bad", "NetworkInfo": network});
    assert_eq!(
        refuse_entry(json!({"InstanceType": "zz9.bad", "NetworkInfo": [4, 15]})),
        format!("{PREFIX} zz9.bad: NetworkInfo must be a structure")
    );
    assert_eq!(
        refuse_entry(entry(json!({
            "MaximumNetworkInterfaces": 3,
            "Ipv4AddressesPerInterface": "10"
        }))),
        format!("{PREFIX} zz9.bad: NetworkInfo.Ipv4AddressesPerInterface must be an integer")
    );
    assert_eq!(
        refuse_entry(entry(json!({
            "MaximumNetworkInterfaces": 3.5,
            "Ipv4AddressesPerInterface": 10
        }))),
        format!("{PREFIX} zz9.bad: NetworkInfo.MaximumNetworkInterfaces must be an integer")
    );
    assert_eq!(
        refuse_entry(entry(json!({
            "MaximumNetworkInterfaces": -3,
            "Ipv4AddressesPerInterface": 10
        }))),
        format!(
            "{PREFIX} zz9.bad: NetworkInfo.MaximumNetworkInterfaces must be an integer from 0 to 4294967295"
        )
    );
    assert_eq!(
        refuse_entry(entry(json!({
            "MaximumNetworkInterfaces": 3,
            "Ipv4AddressesPerInterface": 4_294_967_296u64
        }))),
        format!(
            "{PREFIX} zz9.bad: NetworkInfo.Ipv4AddressesPerInterface must be an integer from 0 to 4294967295"
        )
    );
    assert_eq!(
        refuse_entry(entry(json!({
            "MaximumNetworkInterfaces": 3,
            "Ipv4AddressesPerInterface": 10,
            "Ipv6Supported": "yes"
        }))),
        format!("{PREFIX} zz9.bad: NetworkInfo.Ipv6Supported must be a boolean")
    );
    assert_eq!(
        refuse_entry(json!({
            "InstanceType": "zz9.bad",
            "VCpuInfo": {"DefaultVCpus": "8"},
            "NetworkInfo": {"MaximumNetworkInterfaces": 3, "Ipv4AddressesPerInterface": 10}
        })),
        format!("{PREFIX} zz9.bad: VCpuInfo.DefaultVCpus must be an integer")
    );
    assert_eq!(
        refuse_entry(json!({
            "InstanceType": "zz9.bad",
            "BareMetal": "false",
            "NetworkInfo": {"MaximumNetworkInterfaces": 3, "Ipv4AddressesPerInterface": 10}
        })),
        format!("{PREFIX} zz9.bad: BareMetal must be a boolean")
    );
    assert_eq!(
        refuse_entry(json!({
            "InstanceType": "zz9.bad",
            "Hypervisor": "kvm",
            "NetworkInfo": {"MaximumNetworkInterfaces": 3, "Ipv4AddressesPerInterface": 10}
        })),
        format!(r#"{PREFIX} zz9.bad: Hypervisor is "kvm"; expected "nitro" or "xen""#)
    );
}

#[test]
fn missing_network_members_are_named() {
    let entry = |network: Value| json!({"InstanceType": "zz9.bad", "NetworkInfo": network});
    assert_eq!(
        refuse_entry(entry(json!({"MaximumNetworkInterfaces": 3}))),
        format!("{PREFIX} zz9.bad: NetworkInfo.Ipv4AddressesPerInterface is missing")
    );
    assert_eq!(
        refuse_entry(entry(json!({"Ipv4AddressesPerInterface": 10}))),
        format!("{PREFIX} zz9.bad: NetworkInfo.MaximumNetworkInterfaces is missing")
    );
    assert_eq!(
        refuse_entry(entry(json!({
            "Ipv4AddressesPerInterface": 10,
            "NetworkCards": [
                {"NetworkCardIndex": 0, "MaximumNetworkInterfaces": 4},
                {"NetworkCardIndex": 1}
            ]
        }))),
        format!(
            "{PREFIX} zz9.bad: NetworkInfo.NetworkCards[1].MaximumNetworkInterfaces is missing"
        )
    );
    assert_eq!(
        refuse_entry(entry(json!({
            "Ipv4AddressesPerInterface": 10,
            "NetworkCards": [{"NetworkCardIndex": 0, "MaximumNetworkInterfaces": 4}, 7]
        }))),
        format!("{PREFIX} zz9.bad: NetworkInfo.NetworkCards[1] must be a structure")
    );
    assert_eq!(
        refuse_entry(entry(json!({
            "Ipv4AddressesPerInterface": 10,
            "NetworkCards": {"NetworkCardIndex": 0, "MaximumNetworkInterfaces": 4}
        }))),
        format!("{PREFIX} zz9.bad: NetworkInfo.NetworkCards must be a list")
    );
}

#[test]
fn inconsistent_cards_are_named() {
    let entry = |network: Value| json!({"InstanceType": "zz9.bad", "NetworkInfo": network});
    assert_eq!(
        refuse_entry(entry(json!({
            "Ipv4AddressesPerInterface": 10,
            "NetworkCards": [
                {"NetworkCardIndex": 0, "MaximumNetworkInterfaces": 4},
                {"NetworkCardIndex": 0, "MaximumNetworkInterfaces": 4}
            ]
        }))),
        format!(
            "{PREFIX} zz9.bad: NetworkInfo.NetworkCards[1].NetworkCardIndex repeats a value given earlier in its list"
        )
    );
    assert_eq!(
        refuse_entry(entry(json!({
            "Ipv4AddressesPerInterface": 10,
            "DefaultNetworkCardIndex": 2,
            "NetworkCards": [{"NetworkCardIndex": 0, "MaximumNetworkInterfaces": 4}]
        }))),
        format!(
            "{PREFIX} zz9.bad: NetworkInfo.DefaultNetworkCardIndex names no network card listed in NetworkInfo.NetworkCards"
        )
    );
}

#[test]
fn entries_without_a_name_are_named_by_position() {
    assert_eq!(
        refuse_entry(json!({"NetworkInfo": {}})),
        "Invalid DescribeInstanceTypes data: InstanceTypes[1].InstanceType is missing"
    );
    assert_eq!(
        refuse_entry(json!({"InstanceType": 5})),
        "Invalid DescribeInstanceTypes data: InstanceTypes[1].InstanceType must be a string"
    );
    assert_eq!(
        refuse_entry(json!({"InstanceType": ""})),
        "Invalid DescribeInstanceTypes data: InstanceTypes[1].InstanceType must not be empty"
    );
    assert_eq!(
        refuse_entry(json!("m5.large")),
        "Invalid DescribeInstanceTypes data: InstanceTypes[1] must be a structure"
    );
}

#[test]
fn the_document_shape_is_checked() {
    assert_eq!(
        refuse(json!([good()])),
        "Invalid DescribeInstanceTypes data: InstanceTypes is missing"
    );
    assert_eq!(
        refuse(json!({"Types": [good()]})),
        "Invalid DescribeInstanceTypes data: InstanceTypes is missing"
    );
    assert_eq!(
        refuse(json!({"InstanceTypes": good()})),
        "Invalid DescribeInstanceTypes data: InstanceTypes must be a list"
    );
    assert_eq!(
        refuse(json!({"InstanceTypes": [good(), good()]})),
        format!("{PREFIX} zz8.good: InstanceTypes[1].InstanceType repeats a value given earlier in its list")
    );
    // An empty response loads nothing and is not an error.
    let mut types = InstanceTypes::embedded();
    assert_eq!(
        types.load_describe_instance_types(&json!({"InstanceTypes": []})),
        Ok(0)
    );
}

#[test]
fn describe_json_has_ec2_shape() {
    assert_eq!(
        embedded("m5.large").to_describe_json(),
        json!({
            "InstanceType": "m5.large",
            "Hypervisor": "nitro",
            "BareMetal": false,
            "VCpuInfo": {"DefaultVCpus": 2},
            "NetworkInfo": {
                "MaximumNetworkInterfaces": 3,
                "MaximumNetworkCards": 1,
                "DefaultNetworkCardIndex": 0,
                "NetworkCards": [{"NetworkCardIndex": 0, "MaximumNetworkInterfaces": 3}],
                "Ipv4AddressesPerInterface": 10,
                "Ipv6AddressesPerInterface": 10,
                "Ipv6Supported": true
            }
        })
    );

    // Multi-card: the total over the cards, with per-card values listed.
    let p4d = embedded("p4d.24xlarge").to_describe_json();
    assert_eq!(p4d["NetworkInfo"]["MaximumNetworkInterfaces"], 60);
    assert_eq!(p4d["NetworkInfo"]["MaximumNetworkCards"], 4);
    assert_eq!(
        p4d["NetworkInfo"]["NetworkCards"],
        json!([
            {"NetworkCardIndex": 0, "MaximumNetworkInterfaces": 15},
            {"NetworkCardIndex": 1, "MaximumNetworkInterfaces": 15},
            {"NetworkCardIndex": 2, "MaximumNetworkInterfaces": 15},
            {"NetworkCardIndex": 3, "MaximumNetworkInterfaces": 15}
        ])
    );

    // Unknown hypervisor and unknown vCPUs are left out, as EC2 leaves them out.
    let metal = embedded("u-6tb1.metal").to_describe_json();
    assert!(metal.get("Hypervisor").is_none());
    assert!(metal.get("VCpuInfo").is_none());
    assert_eq!(metal["BareMetal"], true);
}

#[test]
fn every_embedded_type_round_trips() {
    let originals = InstanceTypes::embedded();
    let document = json!({
        "InstanceTypes": originals.iter().map(InstanceType::to_describe_json).collect::<Vec<_>>()
    });
    // Through text, as a saved `aws ec2 describe-instance-types` output would be.
    let document: Value = serde_json::from_str(&document.to_string()).unwrap();
    let mut loaded = InstanceTypes::embedded();
    assert_eq!(loaded.load_describe_instance_types(&document), Ok(1391));
    assert_eq!(loaded.len(), 1391);
    for original in originals.iter() {
        assert_eq!(
            loaded.get(&original.name),
            Some(original),
            "{}",
            original.name
        );
    }
}

#[test]
fn a_new_type_round_trips() {
    let new = InstanceType {
        name: "zz5.odd".to_owned(),
        hypervisor: Hypervisor::Xen,
        bare_metal: false,
        max_enis: 3,
        ipv4_per_eni: 7,
        ipv6_per_eni: 0,
        ipv6_supported: false,
        default_network_card_index: 1,
        network_cards: vec![
            NetworkCard {
                index: 0,
                max_interfaces: 5,
            },
            NetworkCard {
                index: 1,
                max_interfaces: 3,
            },
        ],
        vcpus: Some(6),
        branch_interfaces: 0,
    };
    let mut types = InstanceTypes::embedded();
    let document = json!({"InstanceTypes": [new.to_describe_json()]});
    assert_eq!(types.load_describe_instance_types(&document), Ok(1));
    assert_eq!(types.get("zz5.odd"), Some(&new));
}
