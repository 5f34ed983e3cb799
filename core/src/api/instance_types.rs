//! DescribeInstanceTypes, and DescribeInstanceCreditSpecifications: the CPU credit option of
//! instances, which follows from their type being burstable.

use serde_json::{json, Value};

use crate::api::filters::Filters;
use crate::error::Error;
use crate::ids::InstanceId;
use crate::json::Object;
use crate::limits::{details, InstanceType};
use crate::model::{Ec2, Instance};

/// DescribeInstanceTypes' filters that eniplan answers, each with the path of its member in
/// the type's `InstanceTypeInfo` (a list on the way contributes each of its items), as the EC2
/// API reference documents them. The documented filters on members eniplan does not carry
/// (`network-info.bandwidth-weightings`, `nitro-enclaves-support`, ...) are `InvalidFilter`.
const INSTANCE_TYPE_FILTERS: &[(&str, &[&str])] = &[
    ("auto-recovery-supported", &["AutoRecoverySupported"]),
    ("bare-metal", &["BareMetal"]),
    (
        "burstable-performance-supported",
        &["BurstablePerformanceSupported"],
    ),
    ("current-generation", &["CurrentGeneration"]),
    ("dedicated-hosts-supported", &["DedicatedHostsSupported"]),
    (
        "ebs-info.attachment-limit-type",
        &["EbsInfo", "AttachmentLimitType"],
    ),
    (
        "ebs-info.ebs-optimized-info.baseline-bandwidth-in-mbps",
        &["EbsInfo", "EbsOptimizedInfo", "BaselineBandwidthInMbps"],
    ),
    (
        "ebs-info.ebs-optimized-info.baseline-iops",
        &["EbsInfo", "EbsOptimizedInfo", "BaselineIops"],
    ),
    (
        "ebs-info.ebs-optimized-info.baseline-throughput-in-mbps",
        &["EbsInfo", "EbsOptimizedInfo", "BaselineThroughputInMBps"],
    ),
    (
        "ebs-info.ebs-optimized-info.maximum-bandwidth-in-mbps",
        &["EbsInfo", "EbsOptimizedInfo", "MaximumBandwidthInMbps"],
    ),
    (
        "ebs-info.ebs-optimized-info.maximum-iops",
        &["EbsInfo", "EbsOptimizedInfo", "MaximumIops"],
    ),
    (
        "ebs-info.ebs-optimized-info.maximum-throughput-in-mbps",
        &["EbsInfo", "EbsOptimizedInfo", "MaximumThroughputInMBps"],
    ),
    (
        "ebs-info.ebs-optimized-support",
        &["EbsInfo", "EbsOptimizedSupport"],
    ),
    (
        "ebs-info.encryption-support",
        &["EbsInfo", "EncryptionSupport"],
    ),
    (
        "ebs-info.maximum-ebs-attachments",
        &["EbsInfo", "MaximumEbsAttachments"],
    ),
    ("ebs-info.nvme-support", &["EbsInfo", "NvmeSupport"]),
    ("free-tier-eligible", &["FreeTierEligible"]),
    ("hibernation-supported", &["HibernationSupported"]),
    ("hypervisor", &["Hypervisor"]),
    (
        "instance-storage-info.disk.count",
        &["InstanceStorageInfo", "Disks", "Count"],
    ),
    (
        "instance-storage-info.disk.size-in-gb",
        &["InstanceStorageInfo", "Disks", "SizeInGB"],
    ),
    (
        "instance-storage-info.disk.type",
        &["InstanceStorageInfo", "Disks", "Type"],
    ),
    (
        "instance-storage-info.encryption-support",
        &["InstanceStorageInfo", "EncryptionSupport"],
    ),
    (
        "instance-storage-info.nvme-support",
        &["InstanceStorageInfo", "NvmeSupport"],
    ),
    (
        "instance-storage-info.total-size-in-gb",
        &["InstanceStorageInfo", "TotalSizeInGB"],
    ),
    ("instance-storage-supported", &["InstanceStorageSupported"]),
    ("instance-type", &["InstanceType"]),
    ("memory-info.size-in-mib", &["MemoryInfo", "SizeInMiB"]),
    (
        "network-info.efa-info.maximum-efa-interfaces",
        &["NetworkInfo", "EfaInfo", "MaximumEfaInterfaces"],
    ),
    (
        "network-info.efa-supported",
        &["NetworkInfo", "EfaSupported"],
    ),
    ("network-info.ena-support", &["NetworkInfo", "EnaSupport"]),
    (
        "network-info.ipv4-addresses-per-interface",
        &["NetworkInfo", "Ipv4AddressesPerInterface"],
    ),
    (
        "network-info.ipv6-addresses-per-interface",
        &["NetworkInfo", "Ipv6AddressesPerInterface"],
    ),
    (
        "network-info.ipv6-supported",
        &["NetworkInfo", "Ipv6Supported"],
    ),
    (
        "network-info.maximum-network-cards",
        &["NetworkInfo", "MaximumNetworkCards"],
    ),
    (
        "network-info.maximum-network-interfaces",
        &["NetworkInfo", "MaximumNetworkInterfaces"],
    ),
    (
        "network-info.network-performance",
        &["NetworkInfo", "NetworkPerformance"],
    ),
    (
        "processor-info.supported-architecture",
        &["ProcessorInfo", "SupportedArchitectures"],
    ),
    (
        "processor-info.supported-features",
        &["ProcessorInfo", "SupportedFeatures"],
    ),
    (
        "processor-info.sustained-clock-speed-in-ghz",
        &["ProcessorInfo", "SustainedClockSpeedInGhz"],
    ),
    ("supported-boot-mode", &["SupportedBootModes"]),
    ("supported-root-device-type", &["SupportedRootDeviceTypes"]),
    ("supported-usage-class", &["SupportedUsageClasses"]),
    (
        "supported-virtualization-type",
        &["SupportedVirtualizationTypes"],
    ),
    ("vcpu-info.default-cores", &["VCpuInfo", "DefaultCores"]),
    (
        "vcpu-info.default-threads-per-core",
        &["VCpuInfo", "DefaultThreadsPerCore"],
    ),
    ("vcpu-info.default-vcpus", &["VCpuInfo", "DefaultVCpus"]),
    ("vcpu-info.valid-cores", &["VCpuInfo", "ValidCores"]),
    (
        "vcpu-info.valid-threads-per-core",
        &["VCpuInfo", "ValidThreadsPerCore"],
    ),
];

/// The values of the member at `path` of `value`, as a filter compares them: strings as they
/// are, numbers and booleans as JSON writes them, every item of a list met on the way.
fn values_at(value: &Value, path: &[&str]) -> Vec<String> {
    match (value, path.split_first()) {
        (Value::Array(items), _) => items
            .iter()
            .flat_map(|item| values_at(item, path))
            .collect(),
        (Value::Object(members), Some((first, rest))) => members
            .get(*first)
            .map(|member| values_at(member, rest))
            .unwrap_or_default(),
        (Value::String(text), None) => vec![text.clone()],
        (Value::Number(_) | Value::Bool(_), None) => vec![value.to_string()],
        _ => Vec::new(),
    }
}

pub(crate) fn describe_instance_types(ec2: &mut Ec2, members: &Object<'_>) -> Result<Value, Error> {
    let names = members.string_list("InstanceTypes")?;
    let supported: Vec<&str> = INSTANCE_TYPE_FILTERS
        .iter()
        .map(|(name, _)| *name)
        .collect();
    let filters = Filters::read(members, &supported)?;
    let types = ec2.instance_types();
    let unknown: Vec<String> = names
        .iter()
        .filter(|n| types.get(n).is_none())
        .cloned()
        .collect();
    if !unknown.is_empty() {
        return Err(Error::UnknownInstanceType {
            instance_types: unknown,
        });
    }
    let mut selected: Vec<&InstanceType> = types
        .iter()
        .filter(|t| names.is_empty() || names.contains(&t.name))
        .collect();
    selected.sort_by(|a, b| a.name.cmp(&b.name));
    let shaped = selected
        .into_iter()
        .map(InstanceType::to_describe_json)
        .filter(|info| {
            filters.matches(|name| {
                INSTANCE_TYPE_FILTERS
                    .iter()
                    .find(|(filter, _)| *filter == name)
                    .map(|(_, path)| values_at(info, path))
                    .unwrap_or_default()
            })
        })
        .collect::<Vec<Value>>();
    Ok(json!({"InstanceTypes": shaped}))
}

/// An instance's CPU credit option, as EC2 reports it when asked by instance id: the launch
/// default of a burstable type, `standard` for T2 and `unlimited` for T3, T3a and T4g
/// ("Burstable performance instances", Amazon EC2 User Guide: "T4g, T3a and T3 instances
/// launch as unlimited by default ... T2 instances launch as standard by default"), and
/// `standard` for any other type, as the EC2 API reference says of a non-burstable instance.
/// The model keeps no credit option of its own: `CreditSpecification` at launch is accepted
/// and ignored, and there is no ModifyInstanceCreditSpecification.
fn cpu_credits(instance: &Instance) -> &'static str {
    let burstable = details::get(&instance.instance_type)
        .is_some_and(|details| details.burstable_performance_supported);
    let family = instance
        .instance_type
        .split_once('.')
        .map_or(instance.instance_type.as_str(), |(family, _)| family);
    if burstable && family != "t2" {
        "unlimited"
    } else {
        "standard"
    }
}

pub(crate) fn describe_instance_credit_specifications(
    ec2: &mut Ec2,
    members: &Object<'_>,
) -> Result<Value, Error> {
    let ids: Vec<InstanceId> = members.id_list("InstanceIds")?;
    let filters = Filters::read(members, &["instance-id"])?;
    for &id in &ids {
        ec2.instance(id)?;
    }
    // Without ids EC2 lists the instances whose option is unlimited; with ids, those instances
    // whatever their option (the EC2 API reference).
    let specifications = ec2
        .instances()
        .into_iter()
        .map(|instance| (instance.id, cpu_credits(instance)))
        .filter(|(id, credits)| {
            if ids.is_empty() {
                *credits == "unlimited"
            } else {
                ids.contains(id)
            }
        })
        .filter(|(id, _)| filters.matches(|_| vec![id.to_string()]))
        .map(|(id, credits)| json!({"InstanceId": id, "CpuCredits": credits}))
        .collect::<Vec<Value>>();
    Ok(json!({"InstanceCreditSpecifications": specifications}))
}

#[cfg(test)]
mod tests {
    use super::values_at;
    use serde_json::json;

    #[test]
    fn filter_values_are_read_through_lists() {
        let info = json!({
            "A": {"B": [{"C": 1}, {"C": 2.5}], "D": true},
            "E": ["x", "y"]
        });
        assert_eq!(values_at(&info, &["A", "B", "C"]), ["1", "2.5"]);
        assert_eq!(values_at(&info, &["A", "D"]), ["true"]);
        assert_eq!(values_at(&info, &["E"]), ["x", "y"]);
        assert!(values_at(&info, &["A"]).is_empty());
        assert!(values_at(&info, &["Z", "Y"]).is_empty());
    }
}
