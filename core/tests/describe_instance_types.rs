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
    // Every member EC2 returns for m5.large that eniplan carries: the table's limits, and the
    // rest as EC2 answered it (moto's dump; see core/data/README.md).
    assert_eq!(
        embedded("m5.large").to_describe_json(),
        json!({
            "InstanceType": "m5.large",
            "CurrentGeneration": false,
            "FreeTierEligible": false,
            "SupportedUsageClasses": ["on-demand", "spot"],
            "SupportedRootDeviceTypes": ["ebs"],
            "SupportedVirtualizationTypes": ["hvm"],
            "BareMetal": false,
            "Hypervisor": "nitro",
            "ProcessorInfo": {
                "SupportedArchitectures": ["x86_64"],
                "SustainedClockSpeedInGhz": 3.1,
                "Manufacturer": "Intel"
            },
            "VCpuInfo": {
                "DefaultVCpus": 2,
                "DefaultCores": 1,
                "DefaultThreadsPerCore": 2,
                "ValidCores": [1],
                "ValidThreadsPerCore": [1, 2]
            },
            "MemoryInfo": {"SizeInMiB": 8192},
            "InstanceStorageSupported": false,
            "EbsInfo": {
                "EbsOptimizedSupport": "default",
                "EncryptionSupport": "supported",
                "EbsOptimizedInfo": {
                    "BaselineBandwidthInMbps": 650,
                    "BaselineThroughputInMBps": 81.25,
                    "BaselineIops": 3600,
                    "MaximumBandwidthInMbps": 4750,
                    "MaximumThroughputInMBps": 593.75,
                    "MaximumIops": 18750
                },
                "NvmeSupport": "required",
                "MaximumEbsAttachments": 27,
                "AttachmentLimitType": "shared"
            },
            "NetworkInfo": {
                "NetworkPerformance": "Up to 10 Gigabit",
                "MaximumNetworkInterfaces": 3,
                "MaximumNetworkCards": 1,
                "DefaultNetworkCardIndex": 0,
                "NetworkCards": [{
                    "NetworkCardIndex": 0,
                    "NetworkPerformance": "Up to 10 Gigabit",
                    "MaximumNetworkInterfaces": 3,
                    "BaselineBandwidthInGbps": 0.75,
                    "PeakBandwidthInGbps": 10.0
                }],
                "Ipv4AddressesPerInterface": 10,
                "Ipv6AddressesPerInterface": 10,
                "Ipv6Supported": true,
                "EnaSupport": "required",
                "EfaSupported": false
            },
            "PlacementGroupInfo": {"SupportedStrategies": ["cluster", "partition", "spread"]},
            "HibernationSupported": true,
            "BurstablePerformanceSupported": false,
            "DedicatedHostsSupported": true,
            "AutoRecoverySupported": true,
            "SupportedBootModes": ["legacy-bios", "uefi"]
        })
    );

    // Multi-card: the total over the cards, with per-card values listed.
    let p4d = embedded("p4d.24xlarge").to_describe_json();
    assert_eq!(p4d["NetworkInfo"]["MaximumNetworkInterfaces"], 60);
    assert_eq!(p4d["NetworkInfo"]["MaximumNetworkCards"], 4);
    let card = |index: u32| {
        json!({
            "NetworkCardIndex": index,
            "NetworkPerformance": "100 Gigabit",
            "MaximumNetworkInterfaces": 15,
            "BaselineBandwidthInGbps": 100.0,
            "PeakBandwidthInGbps": 100.0
        })
    };
    assert_eq!(
        p4d["NetworkInfo"]["NetworkCards"],
        json!([card(0), card(1), card(2), card(3)])
    );
    assert_eq!(p4d["NetworkInfo"]["NetworkPerformance"], "4x 100 Gigabit");
    assert_eq!(
        p4d["NetworkInfo"]["EfaInfo"],
        json!({"MaximumEfaInterfaces": 4})
    );
    assert_eq!(
        p4d["InstanceStorageInfo"],
        json!({
            "TotalSizeInGB": 8000,
            "Disks": [{"SizeInGB": 1000, "Count": 8, "Type": "ssd"}],
            "NvmeSupport": "required",
            "EncryptionSupport": "required"
        })
    );

    // A type the source lacks: only what the table knows. Unknown hypervisor and unknown
    // vCPUs are left out, as EC2 leaves them out.
    let metal = embedded("u-6tb1.metal").to_describe_json();
    assert_eq!(
        metal,
        json!({
            "InstanceType": "u-6tb1.metal",
            "BareMetal": true,
            "NetworkInfo": {
                "MaximumNetworkInterfaces": 5,
                "MaximumNetworkCards": 1,
                "DefaultNetworkCardIndex": 0,
                "NetworkCards": [{"NetworkCardIndex": 0, "MaximumNetworkInterfaces": 5}],
                "Ipv4AddressesPerInterface": 30,
                "Ipv6AddressesPerInterface": 30,
                "Ipv6Supported": true
            }
        })
    );
}

/// Figures of the AWS documentation, "Amazon EC2 instance types", specifications pages
/// (https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html for general purpose,
/// https://docs.aws.amazon.com/ec2/latest/instancetypes/ec2-instance-type-specifications.html),
/// against the members the source gives; none of these is read from the source itself.
#[test]
fn values_agree_with_the_aws_documentation() {
    // m5.large: 2 vCPUs as 1 core × 2 threads, 8 GiB, Intel x86_64 at 3.1 GHz,
    // "Up to 10 Gigabit" with a 0.75 Gbps baseline and 10 Gbps burst; EBS 650 / 4,750 Mbps,
    // 3,600 / 18,750 IOPS.
    let m5 = embedded("m5.large").to_describe_json();
    assert_eq!(m5["VCpuInfo"]["DefaultVCpus"], 2);
    assert_eq!(m5["VCpuInfo"]["DefaultCores"], 1);
    assert_eq!(m5["VCpuInfo"]["DefaultThreadsPerCore"], 2);
    assert_eq!(m5["MemoryInfo"]["SizeInMiB"], 8 * 1024);
    assert_eq!(
        m5["ProcessorInfo"]["SupportedArchitectures"],
        json!(["x86_64"])
    );
    assert_eq!(m5["NetworkInfo"]["NetworkPerformance"], "Up to 10 Gigabit");
    let ebs = &m5["EbsInfo"]["EbsOptimizedInfo"];
    assert_eq!(
        (
            &ebs["BaselineBandwidthInMbps"],
            &ebs["MaximumBandwidthInMbps"]
        ),
        (&json!(650), &json!(4750))
    );
    assert_eq!(
        (&ebs["BaselineIops"], &ebs["MaximumIops"]),
        (&json!(3600), &json!(18750))
    );

    // t3.micro: a burstable T3 type, 2 vCPUs, 1 GiB, "Up to 5 Gigabit".
    let t3 = embedded("t3.micro").to_describe_json();
    assert_eq!(t3["BurstablePerformanceSupported"], true);
    assert_eq!(t3["VCpuInfo"]["DefaultVCpus"], 2);
    assert_eq!(t3["MemoryInfo"]["SizeInMiB"], 1024);
    assert_eq!(t3["NetworkInfo"]["NetworkPerformance"], "Up to 5 Gigabit");
    // t2.micro: burstable too, 1 vCPU, 1 GiB, 32- and 64-bit.
    let t2 = embedded("t2.micro").to_describe_json();
    assert_eq!(t2["BurstablePerformanceSupported"], true);
    assert_eq!(
        t2["ProcessorInfo"]["SupportedArchitectures"],
        json!(["i386", "x86_64"])
    );
    assert_eq!(t2["MemoryInfo"]["SizeInMiB"], 1024);

    // m6g.large: AWS Graviton2, arm64, 2 vCPUs (one thread per core), 8 GiB.
    let m6g = embedded("m6g.large").to_describe_json();
    assert_eq!(
        m6g["ProcessorInfo"]["SupportedArchitectures"],
        json!(["arm64"])
    );
    assert_eq!(m6g["ProcessorInfo"]["Manufacturer"], "AWS");
    assert_eq!(m6g["VCpuInfo"]["DefaultThreadsPerCore"], 1);
    assert_eq!(m6g["MemoryInfo"]["SizeInMiB"], 8 * 1024);
    assert_eq!(m6g["BurstablePerformanceSupported"], false);

    // m5.metal: bare metal, 96 vCPUs, 384 GiB, 25 Gigabit.
    let metal = embedded("m5.metal").to_describe_json();
    assert_eq!(metal["BareMetal"], true);
    assert_eq!(metal["VCpuInfo"]["DefaultVCpus"], 96);
    assert_eq!(metal["MemoryInfo"]["SizeInMiB"], 384 * 1024);
    assert_eq!(metal["NetworkInfo"]["NetworkPerformance"], "25 Gigabit");
}

/// Terraform's `aws_ec2_instance_type` data source refuses a type unless `EbsInfo`,
/// `NetworkInfo`, `PlacementGroupInfo`, `ProcessorInfo` and `VCpuInfo` are present, and reads
/// `MemoryInfo.SizeInMiB` without a check: every type the source knows has them all.
#[test]
fn every_type_of_the_source_has_what_terraform_reads() {
    let types = InstanceTypes::embedded();
    let mut described = 0;
    for t in types.iter() {
        let info = t.to_describe_json();
        if info.get("MemoryInfo").is_none() {
            // The 23 types the source lacks (core/data/README.md) have nothing of it.
            assert!(info.get("ProcessorInfo").is_none(), "{}", t.name);
            continue;
        }
        for member in [
            "EbsInfo",
            "NetworkInfo",
            "PlacementGroupInfo",
            "ProcessorInfo",
            "VCpuInfo",
        ] {
            assert!(info[member].is_object(), "{}: {member}", t.name);
        }
        assert!(
            info["MemoryInfo"]["SizeInMiB"]
                .as_u64()
                .is_some_and(|m| m > 0),
            "{}",
            t.name
        );
        assert!(
            info["NetworkInfo"]["NetworkPerformance"].is_string(),
            "{}",
            t.name
        );
        described += 1;
    }
    assert_eq!(described, 1368);
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
