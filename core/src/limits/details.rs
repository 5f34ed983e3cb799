//! What EC2 says about an instance type beyond its network limits (memory, processor, EBS,
//! instance storage, placement groups, burstable performance, boot modes, network
//! performance, ...), for `DescribeInstanceTypes`.
//!
//! The values are EC2's own DescribeInstanceTypes answers as moto ships them, extracted by
//! `scripts/extract-instance-type-details.py` into `core/data/instance-type-details.json`
//! (provenance, extraction and counts in `core/data/README.md`) and embedded with
//! `include_str!`. The file holds one JSON array per type, its members in the order of the
//! file's `Columns` header; the structures below follow that order field by field, and serde
//! reads a structure from an array by position. A type the file lacks has no details, and
//! DescribeInstanceTypes then says only what the instance-type table knows (a policy: no value
//! is made up).
//!
//! The structures EC2 answers as they are (processor, memory, EBS, instance storage, placement
//! groups, EFA) serialise in EC2's JSON shape, an absent member as null, which
//! `InstanceType::to_describe_json` leaves out; the vCPU and network members are merged with the
//! table's there.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::hash::KeyMap;

/// The embedded file.
const JSON: &str = include_str!("../../data/instance-type-details.json");

/// The file's rows, one per instance type; its `Source` and `Columns` header members say where
/// the values come from and which EC2 member each position holds, for readers and tests.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct File {
    /// One row per type.
    instance_types: Vec<Details>,
}

/// One instance type's members beyond the table's, in the order of the file's columns.
#[derive(Debug, Deserialize)]
pub(crate) struct Details {
    /// The type's name.
    pub(crate) instance_type: String,
    /// `CurrentGeneration`.
    pub(crate) current_generation: bool,
    /// `FreeTierEligible`.
    pub(crate) free_tier_eligible: bool,
    /// `SupportedUsageClasses` (`on-demand`, `spot`, `capacity-block`).
    pub(crate) supported_usage_classes: Vec<String>,
    /// `SupportedRootDeviceTypes` (`ebs`, `instance-store`).
    pub(crate) supported_root_device_types: Vec<String>,
    /// `SupportedVirtualizationTypes` (`hvm`, `paravirtual`).
    pub(crate) supported_virtualization_types: Vec<String>,
    /// `ProcessorInfo`.
    pub(crate) processor_info: ProcessorInfo,
    /// The members of `VCpuInfo` other than `DefaultVCpus`, which the table holds.
    pub(crate) v_cpu_info: VCpuDetails,
    /// `MemoryInfo`.
    pub(crate) memory_info: MemoryInfo,
    /// `InstanceStorageSupported`.
    pub(crate) instance_storage_supported: bool,
    /// `InstanceStorageInfo`, for types with instance storage.
    pub(crate) instance_storage_info: Option<InstanceStorageInfo>,
    /// `EbsInfo`.
    pub(crate) ebs_info: EbsInfo,
    /// The members of `NetworkInfo` that the table does not hold.
    pub(crate) network_info: NetworkDetails,
    /// `PlacementGroupInfo`.
    pub(crate) placement_group_info: PlacementGroupInfo,
    /// `HibernationSupported`.
    pub(crate) hibernation_supported: bool,
    /// `BurstablePerformanceSupported`: a T instance type, with CPU credits.
    pub(crate) burstable_performance_supported: bool,
    /// `DedicatedHostsSupported`.
    pub(crate) dedicated_hosts_supported: bool,
    /// `AutoRecoverySupported`.
    pub(crate) auto_recovery_supported: bool,
    /// `SupportedBootModes` (`legacy-bios`, `uefi`).
    pub(crate) supported_boot_modes: Vec<String>,
}

/// `ProcessorInfo`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ProcessorInfo {
    /// `SupportedArchitectures` (`arm64`, `i386`, `x86_64`, ...).
    pub(crate) supported_architectures: Vec<String>,
    /// `SustainedClockSpeedInGhz`, absent for a few types.
    pub(crate) sustained_clock_speed_in_ghz: Option<f64>,
    /// `SupportedFeatures` (`amd-sev-snp`, ...), when EC2 lists any.
    pub(crate) supported_features: Option<Vec<String>>,
    /// `Manufacturer`.
    pub(crate) manufacturer: String,
}

/// The members of `VCpuInfo` after `DefaultVCpus`.
#[derive(Debug, Deserialize)]
pub(crate) struct VCpuDetails {
    /// `DefaultCores`.
    pub(crate) default_cores: u32,
    /// `DefaultThreadsPerCore`.
    pub(crate) default_threads_per_core: u32,
    /// `ValidCores`, absent for types whose cores cannot be changed.
    pub(crate) valid_cores: Option<Vec<u32>>,
    /// `ValidThreadsPerCore`, absent likewise.
    pub(crate) valid_threads_per_core: Option<Vec<u32>>,
}

/// `MemoryInfo`.
#[derive(Debug, Deserialize, Serialize)]
pub(crate) struct MemoryInfo {
    /// `SizeInMiB`.
    #[serde(rename = "SizeInMiB")]
    pub(crate) size_in_mib: u64,
}

/// `InstanceStorageInfo`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct InstanceStorageInfo {
    /// `TotalSizeInGB`.
    #[serde(rename = "TotalSizeInGB")]
    pub(crate) total_size_in_gb: u64,
    /// `Disks`.
    pub(crate) disks: Vec<DiskInfo>,
    /// `NvmeSupport` (`required`, `supported`, `unsupported`).
    pub(crate) nvme_support: String,
    /// `EncryptionSupport` (`required`, `supported`, `unsupported`).
    pub(crate) encryption_support: String,
}

/// One kind of instance-store disk.
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct DiskInfo {
    /// `SizeInGB`.
    #[serde(rename = "SizeInGB")]
    pub(crate) size_in_gb: u64,
    /// `Count`.
    pub(crate) count: u32,
    /// `Type` (`hdd`, `ssd`).
    #[serde(rename = "Type")]
    pub(crate) kind: String,
}

/// `EbsInfo`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct EbsInfo {
    /// `EbsOptimizedSupport` (`default`, `supported`, `unsupported`).
    pub(crate) ebs_optimized_support: String,
    /// `EncryptionSupport` (`supported`, `unsupported`).
    pub(crate) encryption_support: String,
    /// `EbsOptimizedInfo`, for EBS-optimized types.
    pub(crate) ebs_optimized_info: Option<EbsBandwidth>,
    /// `NvmeSupport` (`required`, `supported`, `unsupported`).
    pub(crate) nvme_support: String,
    /// `MaximumEbsAttachments`.
    pub(crate) maximum_ebs_attachments: u32,
    /// `AttachmentLimitType` (`shared`, `dedicated`).
    pub(crate) attachment_limit_type: String,
    /// `MaximumEbsCards`, for types with several EBS cards.
    pub(crate) maximum_ebs_cards: Option<u32>,
    /// `EbsCards`, likewise.
    pub(crate) ebs_cards: Option<Vec<EbsCardInfo>>,
}

/// `EbsOptimizedInfo`: an EBS-optimized type's bandwidth, throughput and IOPS.
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct EbsBandwidth {
    /// `BaselineBandwidthInMbps`.
    pub(crate) baseline_bandwidth_in_mbps: u32,
    /// `BaselineThroughputInMBps`.
    #[serde(rename = "BaselineThroughputInMBps")]
    pub(crate) baseline_throughput_in_mb_ps: f64,
    /// `BaselineIops`.
    pub(crate) baseline_iops: u32,
    /// `MaximumBandwidthInMbps`.
    pub(crate) maximum_bandwidth_in_mbps: u32,
    /// `MaximumThroughputInMBps`.
    #[serde(rename = "MaximumThroughputInMBps")]
    pub(crate) maximum_throughput_in_mb_ps: f64,
    /// `MaximumIops`.
    pub(crate) maximum_iops: u32,
}

/// One EBS card of `EbsCards`: its index, then the same figures as `EbsOptimizedInfo`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct EbsCardInfo {
    /// `EbsCardIndex`.
    pub(crate) ebs_card_index: u32,
    /// `BaselineBandwidthInMbps`.
    pub(crate) baseline_bandwidth_in_mbps: u32,
    /// `BaselineThroughputInMBps`.
    #[serde(rename = "BaselineThroughputInMBps")]
    pub(crate) baseline_throughput_in_mb_ps: f64,
    /// `BaselineIops`.
    pub(crate) baseline_iops: u32,
    /// `MaximumBandwidthInMbps`.
    pub(crate) maximum_bandwidth_in_mbps: u32,
    /// `MaximumThroughputInMBps`.
    #[serde(rename = "MaximumThroughputInMBps")]
    pub(crate) maximum_throughput_in_mb_ps: f64,
    /// `MaximumIops`.
    pub(crate) maximum_iops: u32,
}

/// The members of `NetworkInfo` that the table does not hold.
#[derive(Debug, Deserialize)]
pub(crate) struct NetworkDetails {
    /// `NetworkPerformance` (`Up to 10 Gigabit`, `25 Gigabit`, `Moderate`, ...).
    pub(crate) network_performance: String,
    /// Each card's figures, by `NetworkCardIndex`.
    pub(crate) network_cards: Vec<CardDetails>,
    /// `EnaSupport` (`required`, `supported`, `unsupported`).
    pub(crate) ena_support: String,
    /// `EfaSupported`.
    pub(crate) efa_supported: bool,
    /// `EfaInfo`, for types that support EFA.
    pub(crate) efa_info: Option<EfaInfo>,
}

/// One network card's members that the table does not hold.
#[derive(Debug, Deserialize)]
pub(crate) struct CardDetails {
    /// `NetworkCardIndex`.
    pub(crate) network_card_index: u32,
    /// `NetworkPerformance`.
    pub(crate) network_performance: String,
    /// `BaselineBandwidthInGbps`.
    pub(crate) baseline_bandwidth_in_gbps: f64,
    /// `PeakBandwidthInGbps`.
    pub(crate) peak_bandwidth_in_gbps: f64,
}

/// `EfaInfo`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct EfaInfo {
    /// `MaximumEfaInterfaces`.
    pub(crate) maximum_efa_interfaces: u32,
}

/// `PlacementGroupInfo`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct PlacementGroupInfo {
    /// `SupportedStrategies` (`cluster`, `partition`, `spread`).
    pub(crate) supported_strategies: Vec<String>,
}

/// Every type's details, by name, parsed on first use.
fn table() -> &'static KeyMap<String, Details> {
    static TABLE: OnceLock<KeyMap<String, Details>> = OnceLock::new();
    TABLE.get_or_init(|| {
        // The file parses (a unit test checks it); if it ever did not, types would be described
        // with the table's members only rather than abort the program.
        parse(JSON)
            .map(|file| {
                file.instance_types
                    .into_iter()
                    .map(|details| (details.instance_type.clone(), details))
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// Parses the file.
fn parse(text: &str) -> Result<File, serde_json::Error> {
    serde_json::from_str(text)
}

/// The architecture an instance of this type runs, as DescribeInstances shows it: `x86_64`
/// where the type supports it (a policy: the model has no images to read it from), else the
/// first the type lists; `None` for a type the source lacks.
pub(crate) fn instance_architecture(name: &str) -> Option<&'static str> {
    let supported = &get(name)?.processor_info.supported_architectures;
    supported
        .iter()
        .find(|architecture| *architecture == "x86_64")
        .or_else(|| supported.first())
        .map(String::as_str)
}

/// The details of the type with this name, if the source has it.
pub(crate) fn get(name: &str) -> Option<&'static Details> {
    table().get(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::InstanceTypes;
    use serde_json::json;

    #[test]
    fn every_row_parses_and_there_are_1368() {
        let file = parse(JSON).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(file.instance_types.len(), 1368);
        assert_eq!(table().len(), 1368, "a name appears twice");
    }

    #[test]
    fn the_columns_are_the_ones_the_structures_read() {
        // The header the extraction writes, which these structures follow position by
        // position: a change of the script's COLUMNS must come with a change here.
        let bandwidth = json!([
            "BaselineBandwidthInMbps",
            "BaselineThroughputInMBps",
            "BaselineIops",
            "MaximumBandwidthInMbps",
            "MaximumThroughputInMBps",
            "MaximumIops"
        ]);
        let mut ebs_card = vec![json!("EbsCardIndex")];
        ebs_card.extend(bandwidth.as_array().into_iter().flatten().cloned());
        let expected = json!([
            "InstanceType",
            "CurrentGeneration",
            "FreeTierEligible",
            "SupportedUsageClasses",
            "SupportedRootDeviceTypes",
            "SupportedVirtualizationTypes",
            [
                "ProcessorInfo",
                [
                    "SupportedArchitectures",
                    "SustainedClockSpeedInGhz",
                    "SupportedFeatures",
                    "Manufacturer"
                ]
            ],
            [
                "VCpuInfo",
                [
                    "DefaultCores",
                    "DefaultThreadsPerCore",
                    "ValidCores",
                    "ValidThreadsPerCore"
                ]
            ],
            ["MemoryInfo", ["SizeInMiB"]],
            "InstanceStorageSupported",
            [
                "InstanceStorageInfo",
                [
                    "TotalSizeInGB",
                    ["Disks[]", ["SizeInGB", "Count", "Type"]],
                    "NvmeSupport",
                    "EncryptionSupport"
                ]
            ],
            [
                "EbsInfo",
                [
                    "EbsOptimizedSupport",
                    "EncryptionSupport",
                    ["EbsOptimizedInfo", bandwidth],
                    "NvmeSupport",
                    "MaximumEbsAttachments",
                    "AttachmentLimitType",
                    "MaximumEbsCards",
                    ["EbsCards[]", ebs_card]
                ]
            ],
            [
                "NetworkInfo",
                [
                    "NetworkPerformance",
                    [
                        "NetworkCards[]",
                        [
                            "NetworkCardIndex",
                            "NetworkPerformance",
                            "BaselineBandwidthInGbps",
                            "PeakBandwidthInGbps"
                        ]
                    ],
                    "EnaSupport",
                    "EfaSupported",
                    ["EfaInfo", ["MaximumEfaInterfaces"]]
                ]
            ],
            ["PlacementGroupInfo", ["SupportedStrategies"]],
            "HibernationSupported",
            "BurstablePerformanceSupported",
            "DedicatedHostsSupported",
            "AutoRecoverySupported",
            "SupportedBootModes"
        ]);
        let file: serde_json::Value =
            serde_json::from_str(JSON).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(file["Columns"], expected);
    }

    #[test]
    fn the_source_covers_the_table_but_23_types() {
        // core/data/README.md: the 23 types of the table without vCPUs are the ones the dump
        // lacks, and every other type of the table is in it.
        let types = InstanceTypes::embedded();
        for t in types.iter() {
            assert_eq!(get(&t.name).is_some(), t.vcpus.is_some(), "{}", t.name);
        }
        assert_eq!(types.iter().filter(|t| get(&t.name).is_none()).count(), 23);
        assert!(table().keys().all(|name| types.get(name).is_some()));
    }

    #[test]
    fn the_source_cards_are_the_table_cards_but_for_four_types() {
        // The four types whose dump lists a second card the table does not have
        // (core/data/README.md): their card 0 details still apply.
        let types = InstanceTypes::embedded();
        let mut differ: Vec<&str> = table()
            .values()
            .filter(|details| {
                let cards: Vec<u32> = details
                    .network_info
                    .network_cards
                    .iter()
                    .map(|card| card.network_card_index)
                    .collect();
                let table_cards: Vec<u32> = types
                    .get(&details.instance_type)
                    .map(|t| t.network_cards.iter().map(|card| card.index).collect())
                    .unwrap_or_default();
                cards != table_cards
            })
            .map(|details| details.instance_type.as_str())
            .collect();
        differ.sort_unstable();
        assert_eq!(
            differ,
            [
                "i7ie.48xlarge",
                "i7ie.metal-48xl",
                "i8ge.48xlarge",
                "i8ge.metal-48xl"
            ]
        );
    }

    #[test]
    fn instances_run_x86_64_where_their_type_can_and_graviton_arm64() {
        assert_eq!(instance_architecture("m5.large"), Some("x86_64"));
        // t2.micro supports i386 and x86_64.
        assert_eq!(instance_architecture("t2.micro"), Some("x86_64"));
        assert_eq!(instance_architecture("m6g.large"), Some("arm64"));
        assert_eq!(instance_architecture("no.such-type"), None);
    }

    #[test]
    fn burstable_types_are_the_t2_t3_t3a_and_t4g_families() {
        let mut families: Vec<&str> = table()
            .values()
            .filter(|details| details.burstable_performance_supported)
            .filter_map(|details| details.instance_type.split_once('.').map(|(f, _)| f))
            .collect();
        families.sort_unstable();
        families.dedup();
        assert_eq!(families, ["t2", "t3", "t3a", "t4g"]);
    }

    #[test]
    fn a_bad_file_is_an_error_not_a_panic() {
        assert!(parse("{}").is_err());
        assert!(parse(r#"{"Columns": [], "InstanceTypes": [["m5.large", false]]}"#).is_err());
        assert!(parse(r#"{"Columns": [], "InstanceTypes": []}"#).is_ok());
    }
}
