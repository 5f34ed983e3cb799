//! Instance types in the JSON shape of EC2 `DescribeInstanceTypes`: what
//! `aws ec2 describe-instance-types` prints, `{"InstanceTypes": [InstanceTypeInfo, ...]}`.
//!
//! Only the members that matter for addressing are read; every other member is ignored, so a
//! full dump loads as it is. Problems become an `InvalidParameterValue` error naming the
//! instance type and the member, never a serde message. What is written beyond those members
//! comes from the embedded source of EC2's answers, by type name (`super::details`).

use std::collections::HashSet;

use serde_json::{json, Value};

use super::details;
use super::instance_type::{Hypervisor, InstanceType, NetworkCard};
use super::instance_types::InstanceTypes;
use crate::error::{Error, MemberProblem};
use crate::json::{Object, Origin};

impl InstanceType {
    /// The type as an EC2 `InstanceTypeInfo`.
    ///
    /// The network limits, `InstanceType`, `Hypervisor`, `BareMetal` and
    /// `VCpuInfo.DefaultVCpus` are the type's own: `NetworkInfo.MaximumNetworkInterfaces` is the
    /// instance total (the sum over the cards) and `NetworkInfo.NetworkCards` gives each card's
    /// limit, as EC2 reports them. The other members EC2 always returns (`CurrentGeneration`,
    /// `ProcessorInfo`, `VCpuInfo`'s cores and threads, `MemoryInfo`, `EbsInfo`,
    /// `PlacementGroupInfo`, `BurstablePerformanceSupported`, `NetworkInfo.NetworkPerformance`,
    /// each card's bandwidth, ...) come from EC2's answer for a type of this name in the
    /// embedded source (`core/data/instance-type-details.json`). A type that source lacks gets
    /// only its own members; `Hypervisor` is left out when unknown and `VCpuInfo` when nothing
    /// of it is known, as EC2 leaves out what it does not report. `branch_interfaces` has no EC2
    /// member and is not written.
    ///
    /// ```
    /// use eniplan::InstanceTypes;
    ///
    /// let types = InstanceTypes::embedded();
    /// let info = types.lookup("p5.48xlarge")?.to_describe_json();
    /// assert_eq!(info["NetworkInfo"]["MaximumNetworkInterfaces"], 64);
    /// assert_eq!(info["NetworkInfo"]["MaximumNetworkCards"], 32);
    /// assert_eq!(info["NetworkInfo"]["NetworkCards"][0]["MaximumNetworkInterfaces"], 2);
    /// assert_eq!(info["MemoryInfo"]["SizeInMiB"], 2_097_152);
    /// # Ok::<(), eniplan::Error>(())
    /// ```
    pub fn to_describe_json(&self) -> Value {
        let d = details::get(&self.name);
        let cpu = d.map(|d| &d.v_cpu_info);
        let network = d.map(|d| &d.network_info);
        // A card the source does not list has no bandwidth of its own.
        let cards: Vec<Value> = self
            .network_cards
            .iter()
            .map(|card| {
                let known = network.and_then(|n| {
                    n.network_cards
                        .iter()
                        .find(|known| known.network_card_index == card.index)
                });
                json!({
                    "NetworkCardIndex": card.index,
                    "NetworkPerformance": known.map(|k| &k.network_performance),
                    "MaximumNetworkInterfaces": card.max_interfaces,
                    "BaselineBandwidthInGbps": known.map(|k| k.baseline_bandwidth_in_gbps),
                    "PeakBandwidthInGbps": known.map(|k| k.peak_bandwidth_in_gbps),
                })
            })
            .collect();
        let hypervisor = (self.hypervisor != Hypervisor::Unknown).then_some(self.hypervisor);
        // EC2's order (botocore's InstanceTypeInfo); what is not known is null, then left out.
        let mut info = json!({
            "InstanceType": self.name,
            "CurrentGeneration": d.map(|d| d.current_generation),
            "FreeTierEligible": d.map(|d| d.free_tier_eligible),
            "SupportedUsageClasses": d.map(|d| &d.supported_usage_classes),
            "SupportedRootDeviceTypes": d.map(|d| &d.supported_root_device_types),
            "SupportedVirtualizationTypes": d.map(|d| &d.supported_virtualization_types),
            "BareMetal": self.bare_metal,
            "Hypervisor": hypervisor.map(Hypervisor::as_str),
            "ProcessorInfo": d.map(|d| &d.processor_info),
            "VCpuInfo": {
                "DefaultVCpus": self.vcpus,
                "DefaultCores": cpu.map(|c| c.default_cores),
                "DefaultThreadsPerCore": cpu.map(|c| c.default_threads_per_core),
                "ValidCores": cpu.and_then(|c| c.valid_cores.as_ref()),
                "ValidThreadsPerCore": cpu.and_then(|c| c.valid_threads_per_core.as_ref()),
            },
            "MemoryInfo": d.map(|d| &d.memory_info),
            "InstanceStorageSupported": d.map(|d| d.instance_storage_supported),
            "InstanceStorageInfo": d.and_then(|d| d.instance_storage_info.as_ref()),
            "EbsInfo": d.map(|d| &d.ebs_info),
            "NetworkInfo": {
                "NetworkPerformance": network.map(|n| &n.network_performance),
                "MaximumNetworkInterfaces": self.total_interfaces(),
                "MaximumNetworkCards": self.network_cards.len(),
                "DefaultNetworkCardIndex": self.default_network_card_index,
                "NetworkCards": cards,
                "Ipv4AddressesPerInterface": self.ipv4_per_eni,
                "Ipv6AddressesPerInterface": self.ipv6_per_eni,
                "Ipv6Supported": self.ipv6_supported,
                "EnaSupport": network.map(|n| &n.ena_support),
                "EfaSupported": network.map(|n| n.efa_supported),
                "EfaInfo": network.and_then(|n| n.efa_info.as_ref()),
            },
            "PlacementGroupInfo": d.map(|d| &d.placement_group_info),
            "HibernationSupported": d.map(|d| d.hibernation_supported),
            "BurstablePerformanceSupported": d.map(|d| d.burstable_performance_supported),
            "DedicatedHostsSupported": d.map(|d| d.dedicated_hosts_supported),
            "AutoRecoverySupported": d.map(|d| d.auto_recovery_supported),
            "SupportedBootModes": d.map(|d| &d.supported_boot_modes),
        });
        leave_out_unknown(&mut info);
        info
    }
}

/// Removes, at every depth, the members that are null and the structures left empty, as EC2
/// leaves out what it does not report.
fn leave_out_unknown(value: &mut Value) {
    match value {
        Value::Object(members) => {
            for member in members.values_mut() {
                leave_out_unknown(member);
            }
            members.retain(|_, member| match member {
                Value::Null => false,
                Value::Object(inner) => !inner.is_empty(),
                _ => true,
            });
        }
        Value::Array(items) => items.iter_mut().for_each(leave_out_unknown),
        _ => {}
    }
}

impl InstanceTypes {
    /// Adds or overrides the types of a `DescribeInstanceTypes` response
    /// (`{"InstanceTypes": [...]}`, as `aws ec2 describe-instance-types` prints it) and gives
    /// how many were loaded.
    ///
    /// Per type it reads `InstanceType`, `Hypervisor` (absent: unknown), `BareMetal` (absent:
    /// false), `VCpuInfo.DefaultVCpus` (absent: unknown) and from `NetworkInfo`:
    /// `Ipv4AddressesPerInterface` (required), `Ipv6AddressesPerInterface` (absent: 0),
    /// `Ipv6Supported` (absent: false), `DefaultNetworkCardIndex` (absent: 0) and `NetworkCards`
    /// (`NetworkCardIndex` and `MaximumNetworkInterfaces` of each). Without `NetworkCards`,
    /// `NetworkInfo.MaximumNetworkInterfaces` is taken as a single card 0. `max_enis` is the
    /// default card's limit. `branch_interfaces` is not in EC2's data: a type already known
    /// keeps its value, a new type gets 0. Other members are ignored: `to_describe_json` takes
    /// them from the embedded source for a type it knows by name, as for the embedded types.
    ///
    /// All or nothing: a missing required member or a member of the wrong type fails with
    /// `InvalidParameterValue` naming the instance type and the member, and nothing is loaded.
    ///
    /// ```
    /// use eniplan::InstanceTypes;
    ///
    /// let mut types = InstanceTypes::embedded();
    /// let loaded = types.load_describe_instance_types(&serde_json::json!({
    ///     "InstanceTypes": [{
    ///         "InstanceType": "zz1.large",
    ///         "Hypervisor": "nitro",
    ///         "NetworkInfo": {"MaximumNetworkInterfaces": 3, "Ipv4AddressesPerInterface": 12},
    ///     }]
    /// }))?;
    /// assert_eq!(loaded, 1);
    /// assert_eq!(types.lookup("zz1.large")?.max_enis, 3);
    ///
    /// let error = types
    ///     .load_describe_instance_types(&serde_json::json!({
    ///         "InstanceTypes": [{"InstanceType": "zz1.xlarge"}]
    ///     }))
    ///     .unwrap_err();
    /// assert_eq!(error.code().as_str(), "InvalidParameterValue");
    /// assert_eq!(
    ///     error.to_string(),
    ///     "Invalid DescribeInstanceTypes data for instance type zz1.xlarge: NetworkInfo is missing"
    /// );
    /// # Ok::<(), eniplan::Error>(())
    /// ```
    pub fn load_describe_instance_types(&mut self, json: &Value) -> Result<usize, Error> {
        // A document that is not an object has no `InstanceTypes` member.
        let document = Object::document(json, Origin::InstanceType(None))
            .map_err(|_| missing_instance_types())?;
        let entries = document.required_list("InstanceTypes")?;
        let mut parsed = Vec::with_capacity(entries.len());
        let mut names = HashSet::new();
        for (position, entry) in entries.iter().enumerate() {
            let instance_type = self.parse_info(&document, position, entry)?;
            if !names.insert(instance_type.name.clone()) {
                return Err(Error::InvalidInstanceTypeInfo {
                    instance_type: Some(instance_type.name),
                    member: format!("InstanceTypes[{position}].InstanceType"),
                    problem: MemberProblem::Duplicate,
                });
            }
            parsed.push(instance_type);
        }
        let loaded = parsed.len();
        for instance_type in parsed {
            self.insert(instance_type);
        }
        Ok(loaded)
    }

    /// Reads the `position`-th `InstanceTypeInfo` of a document.
    fn parse_info<'a>(
        &self,
        document: &Object<'a>,
        position: usize,
        entry: &'a Value,
    ) -> Result<InstanceType, Error> {
        let anonymous = document.element(entry, &format!("InstanceTypes[{position}]"), None)?;
        let name = anonymous.required_non_empty_string("InstanceType")?;
        // Inside the entry, members are named from the entry, which is named by its type.
        let info = Object::document(entry, Origin::InstanceType(Some(name.to_owned())))?;

        let hypervisor = match info.non_empty_string("Hypervisor")? {
            None => Hypervisor::Unknown,
            Some("nitro") => Hypervisor::Nitro,
            Some("xen") => Hypervisor::Xen,
            Some(other) => {
                return Err(info.problem(
                    "Hypervisor",
                    MemberProblem::UnknownHypervisor(other.to_owned()),
                ))
            }
        };
        let bare_metal = info.boolean("BareMetal")?.unwrap_or(false);
        let vcpus = match info.object("VCpuInfo")? {
            Some(vcpu_info) => vcpu_info.count("DefaultVCpus")?,
            None => None,
        };

        let network = info.required_object("NetworkInfo")?;
        let ipv4_per_eni = network.required_count("Ipv4AddressesPerInterface")?;
        let ipv6_per_eni = network.count("Ipv6AddressesPerInterface")?.unwrap_or(0);
        let ipv6_supported = network.boolean("Ipv6Supported")?.unwrap_or(false);
        let default_network_card_index = network.count("DefaultNetworkCardIndex")?.unwrap_or(0);
        let total = network.count("MaximumNetworkInterfaces")?;

        let card_list = network.items("NetworkCards")?;
        let network_cards = if card_list.is_empty() {
            let max_interfaces = match total {
                Some(total) => total,
                None => {
                    return Err(network.problem("MaximumNetworkInterfaces", MemberProblem::Missing))
                }
            };
            vec![NetworkCard {
                index: 0,
                max_interfaces,
            }]
        } else {
            let mut cards: Vec<NetworkCard> = Vec::with_capacity(card_list.len());
            for (position, card) in card_list.iter().enumerate() {
                let card = network.element(card, &format!("NetworkCards[{position}]"), None)?;
                let index = card.required_count("NetworkCardIndex")?;
                if cards.iter().any(|earlier| earlier.index == index) {
                    return Err(card.problem("NetworkCardIndex", MemberProblem::Duplicate));
                }
                cards.push(NetworkCard {
                    index,
                    max_interfaces: card.required_count("MaximumNetworkInterfaces")?,
                });
            }
            cards
        };
        let max_enis = network_cards
            .iter()
            .find(|card| card.index == default_network_card_index)
            .map(|card| card.max_interfaces)
            .ok_or_else(|| {
                network.problem("DefaultNetworkCardIndex", MemberProblem::NoSuchNetworkCard)
            })?;

        let branch_interfaces = self.get(name).map_or(0, |known| known.branch_interfaces);
        Ok(InstanceType {
            name: name.to_owned(),
            hypervisor,
            bare_metal,
            max_enis,
            ipv4_per_eni,
            ipv6_per_eni,
            ipv6_supported,
            default_network_card_index,
            network_cards,
            vcpus,
            branch_interfaces,
        })
    }
}

/// The error for a document without an `InstanceTypes` list.
fn missing_instance_types() -> Error {
    Error::InvalidInstanceTypeInfo {
        instance_type: None,
        member: "InstanceTypes".to_owned(),
        problem: MemberProblem::Missing,
    }
}
