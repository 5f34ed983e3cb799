//! Instance types in the JSON shape of EC2 `DescribeInstanceTypes`: what
//! `aws ec2 describe-instance-types` prints, `{"InstanceTypes": [InstanceTypeInfo, ...]}`.
//!
//! Only the members that matter for addressing are read; every other member is ignored, so a
//! full dump loads as it is. Problems become an `InvalidParameterValue` error naming the
//! instance type and the member, never a serde message.

use std::collections::HashSet;

use serde_json::{json, Map, Value};

use super::instance_type::{Hypervisor, InstanceType, NetworkCard};
use super::instance_types::InstanceTypes;
use crate::error::{Error, MemberProblem};
use crate::json::{Object, Origin};

impl InstanceType {
    /// The type as an EC2 `InstanceTypeInfo`, with the members eniplan models.
    ///
    /// `NetworkInfo.MaximumNetworkInterfaces` is the instance total (the sum over the cards) and
    /// `NetworkInfo.NetworkCards` gives each card's limit, as EC2 reports them. `Hypervisor` is
    /// left out when unknown and `VCpuInfo` when the vCPU count is unknown, as EC2 leaves them
    /// out. `branch_interfaces` has no EC2 member and is not written.
    ///
    /// ```
    /// use eniplan::InstanceTypes;
    ///
    /// let types = InstanceTypes::embedded();
    /// let info = types.lookup("p5.48xlarge")?.to_describe_json();
    /// assert_eq!(info["NetworkInfo"]["MaximumNetworkInterfaces"], 64);
    /// assert_eq!(info["NetworkInfo"]["MaximumNetworkCards"], 32);
    /// assert_eq!(info["NetworkInfo"]["NetworkCards"][0]["MaximumNetworkInterfaces"], 2);
    /// # Ok::<(), eniplan::Error>(())
    /// ```
    pub fn to_describe_json(&self) -> Value {
        let cards: Vec<Value> = self
            .network_cards
            .iter()
            .map(|card| {
                json!({
                    "NetworkCardIndex": card.index,
                    "MaximumNetworkInterfaces": card.max_interfaces,
                })
            })
            .collect();
        let mut info = Map::new();
        info.insert("InstanceType".to_owned(), json!(self.name));
        if self.hypervisor != Hypervisor::Unknown {
            info.insert("Hypervisor".to_owned(), json!(self.hypervisor.as_str()));
        }
        info.insert("BareMetal".to_owned(), json!(self.bare_metal));
        if let Some(vcpus) = self.vcpus {
            info.insert("VCpuInfo".to_owned(), json!({ "DefaultVCpus": vcpus }));
        }
        info.insert(
            "NetworkInfo".to_owned(),
            json!({
                "MaximumNetworkInterfaces": self.total_interfaces(),
                "MaximumNetworkCards": self.network_cards.len(),
                "DefaultNetworkCardIndex": self.default_network_card_index,
                "NetworkCards": cards,
                "Ipv4AddressesPerInterface": self.ipv4_per_eni,
                "Ipv6AddressesPerInterface": self.ipv6_per_eni,
                "Ipv6Supported": self.ipv6_supported,
            }),
        );
        Value::Object(info)
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
    /// keeps its value, a new type gets 0. Other members are ignored.
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
