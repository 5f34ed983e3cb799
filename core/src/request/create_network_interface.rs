//! CreateNetworkInterface (its address parameters): the request as sent and validated.
//!
//! The response is the interface as DescribeNetworkInterfaces shows it, which the model builds.

use std::fmt;
use std::net::Ipv4Addr;

use crate::error::Error;
use crate::ids::{SecurityGroupId, SubnetId};
#[cfg(feature = "serde")]
use crate::json::Object;
use crate::prefix::parse_address;
use crate::request::selection::{AddressSelection, Selectors};
use crate::schema::{self, ActionSchema};

/// A CreateNetworkInterface request as the caller sent it: members unchecked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct CreateNetworkInterfaceRequest {
    /// `SubnetId` (required).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub subnet_id: Option<String>,
    /// `Description`: free text kept on the interface.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub description: Option<String>,
    /// `PrivateIpAddress`: the primary address.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub private_ip_address: Option<String>,
    /// `PrivateIpAddresses`: addresses, at most one marked primary.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub private_ip_addresses: Vec<PrivateIpAddressSpecification>,
    /// `SecondaryPrivateIpAddressCount`: how many secondary addresses EC2 should choose.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub secondary_private_ip_address_count: Option<i64>,
    /// `Ipv4Prefixes`: specific /28 prefixes, as structures.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub ipv4_prefixes: Vec<Ipv4PrefixSpecificationRequest>,
    /// `Ipv4PrefixCount`: how many /28 prefixes EC2 should choose.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub ipv4_prefix_count: Option<i64>,
    /// `InterfaceType`: `efa`, `efa-only`, `branch` or `trunk`; absent for a plain interface.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub interface_type: Option<String>,
    /// `Groups` (`SecurityGroupId.N` on the wire): the interface's security groups; none gives
    /// it its VPC's default group.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub groups: Vec<String>,
    /// `DryRun`: check everything, change nothing, answer `DryRunOperation`.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub dry_run: Option<bool>,
}

/// One entry of `PrivateIpAddresses` in CreateNetworkInterface.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct PrivateIpAddressSpecification {
    /// `PrivateIpAddress`.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub private_ip_address: Option<String>,
    /// `Primary`: whether this is the primary address.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub primary: Option<bool>,
}

/// One entry of `Ipv4Prefixes` in CreateNetworkInterface, `{"Ipv4Prefix": "10.0.0.16/28"}`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct Ipv4PrefixSpecificationRequest {
    /// `Ipv4Prefix`.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub ipv4_prefix: Option<String>,
}

/// The kind of a network interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum InterfaceType {
    /// A plain interface (`interface`), the default.
    #[default]
    Interface,
    /// An Elastic Fabric Adapter with IP (`efa`).
    Efa,
    /// An Elastic Fabric Adapter without IP (`efa-only`): it holds no IP address.
    EfaOnly,
    /// A trunk interface (`trunk`).
    Trunk,
    /// A branch interface (`branch`).
    Branch,
}

impl InterfaceType {
    /// The values CreateNetworkInterface accepts for `InterfaceType`.
    pub const CREATE_VALUES: &'static [&'static str] = &["efa", "efa-only", "branch", "trunk"];

    /// The name EC2 uses, e.g. `efa-only`.
    pub const fn as_str(self) -> &'static str {
        match self {
            InterfaceType::Interface => "interface",
            InterfaceType::Efa => "efa",
            InterfaceType::EfaOnly => "efa-only",
            InterfaceType::Trunk => "trunk",
            InterfaceType::Branch => "branch",
        }
    }

    /// Parses a CreateNetworkInterface `InterfaceType` value.
    pub fn parse_create(value: &str) -> Result<InterfaceType, Error> {
        match value {
            "efa" => Ok(InterfaceType::Efa),
            "efa-only" => Ok(InterfaceType::EfaOnly),
            "branch" => Ok(InterfaceType::Branch),
            "trunk" => Ok(InterfaceType::Trunk),
            _ => Err(Error::NotOneOf {
                parameter: "InterfaceType",
                value: value.to_owned(),
                allowed: InterfaceType::CREATE_VALUES,
            }),
        }
    }
}

impl fmt::Display for InterfaceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A validated CreateNetworkInterface request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateNetworkInterface {
    subnet_id: SubnetId,
    description: Option<String>,
    primary: Option<Ipv4Addr>,
    selection: Option<AddressSelection>,
    interface_type: InterfaceType,
    groups: Vec<SecurityGroupId>,
    dry_run: bool,
}

impl CreateNetworkInterface {
    /// Builds a request from typed parts, applying the same rules as [`CreateNetworkInterfaceRequest::validate`].
    pub fn new(
        subnet_id: SubnetId,
        primary: Option<Ipv4Addr>,
        selection: Option<AddressSelection>,
        interface_type: InterfaceType,
    ) -> Result<Self, Error> {
        // An empty list counts as absent (spec section 6), as `validate` reads it.
        let selection = match selection {
            Some(AddressSelection::Addresses(list)) if list.is_empty() => None,
            Some(AddressSelection::Prefixes(list)) if list.is_empty() => None,
            other => other,
        };
        if let Some(selection) = &selection {
            selection.check()?;
        }
        let mut request = CreateNetworkInterface {
            subnet_id,
            description: None,
            primary,
            selection,
            interface_type,
            groups: Vec::new(),
            dry_run: false,
        };
        request.drop_primary_from_secondaries();
        request.check_efa_only()?;
        Ok(request)
    }

    /// The same request with a `Description`.
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// The same request with security groups (`Groups`).
    pub fn with_groups(mut self, groups: Vec<SecurityGroupId>) -> Self {
        self.groups = groups;
        self
    }

    /// The subnet the interface goes in.
    pub fn subnet_id(&self) -> SubnetId {
        self.subnet_id
    }

    /// The interface's description, if any.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// The primary address asked for; `None` lets EC2 choose.
    pub fn primary(&self) -> Option<Ipv4Addr> {
        self.primary
    }

    /// The secondary addresses or prefixes asked for, if any.
    pub fn selection(&self) -> Option<&AddressSelection> {
        self.selection.as_ref()
    }

    /// The kind of interface.
    pub fn interface_type(&self) -> InterfaceType {
        self.interface_type
    }

    /// The security groups asked for; none gives the VPC's default group.
    pub fn groups(&self) -> &[SecurityGroupId] {
        &self.groups
    }

    /// Whether this is a dry run.
    pub fn dry_run(&self) -> bool {
        self.dry_run
    }

    /// An address listed both as primary and as secondary counts once, as the primary
    /// (the duplicate policy).
    fn drop_primary_from_secondaries(&mut self) {
        let (Some(primary), Some(AddressSelection::Addresses(addresses))) =
            (self.primary, &mut self.selection)
        else {
            return;
        };
        addresses.retain(|address| *address != primary);
        if addresses.is_empty() {
            self.selection = None;
        }
    }

    /// An `efa-only` interface holds no IP address, so it cannot be given any.
    fn check_efa_only(&self) -> Result<(), Error> {
        if self.interface_type == InterfaceType::EfaOnly
            && (self.primary.is_some() || self.selection.is_some())
        {
            return Err(Error::AddressesOnEfaOnly);
        }
        Ok(())
    }

    /// The request in its SDK shape, which validates back to `self`.
    pub fn to_request(&self) -> CreateNetworkInterfaceRequest {
        let mut request = CreateNetworkInterfaceRequest {
            subnet_id: Some(self.subnet_id.to_string()),
            description: self.description.clone(),
            private_ip_address: self.primary.map(|address| address.to_string()),
            interface_type: match self.interface_type {
                InterfaceType::Interface => None,
                other => Some(other.as_str().to_owned()),
            },
            groups: self.groups.iter().map(ToString::to_string).collect(),
            dry_run: self.dry_run.then_some(true),
            ..Default::default()
        };
        match &self.selection {
            None => {}
            Some(AddressSelection::Addresses(addresses)) => {
                request.private_ip_addresses = addresses
                    .iter()
                    .map(|address| PrivateIpAddressSpecification {
                        private_ip_address: Some(address.to_string()),
                        primary: None,
                    })
                    .collect()
            }
            Some(AddressSelection::AddressCount(count)) => {
                request.secondary_private_ip_address_count = Some(i64::from(*count))
            }
            Some(AddressSelection::Prefixes(prefixes)) => {
                request.ipv4_prefixes = prefixes
                    .iter()
                    .map(|prefix| Ipv4PrefixSpecificationRequest {
                        ipv4_prefix: Some(prefix.to_string()),
                    })
                    .collect()
            }
            Some(AddressSelection::PrefixCount(count)) => {
                request.ipv4_prefix_count = Some(i64::from(*count))
            }
        }
        request
    }
}

impl CreateNetworkInterfaceRequest {
    /// The action's members; those that do not affect IPv4 addressing are accepted and ignored
    /// (a policy, listed in README).
    pub const SCHEMA: &'static ActionSchema = &schema::CREATE_NETWORK_INTERFACE;

    /// Applies every stateless rule in order and gives the validated request.
    pub fn validate(&self) -> Result<CreateNetworkInterface, Error> {
        let subnet_id =
            SubnetId::parse(
                self.subnet_id
                    .as_deref()
                    .ok_or_else(|| Error::MissingParameter {
                        parameter: "SubnetId".into(),
                    })?,
            )?;
        let groups = self
            .groups
            .iter()
            .map(|group| SecurityGroupId::parse(group))
            .collect::<Result<Vec<SecurityGroupId>, Error>>()?;
        let interface_type = match &self.interface_type {
            None => InterfaceType::Interface,
            Some(value) => InterfaceType::parse_create(value)?,
        };
        let mut primaries: Vec<&str> = self.private_ip_address.iter().map(String::as_str).collect();
        let mut secondaries = Vec::new();
        for (index, entry) in self.private_ip_addresses.iter().enumerate() {
            let address =
                entry
                    .private_ip_address
                    .as_deref()
                    .ok_or_else(|| Error::MissingParameter {
                        parameter: format!("PrivateIpAddresses[{index}].PrivateIpAddress"),
                    })?;
            if entry.primary == Some(true) {
                primaries.push(address);
            } else {
                secondaries.push(address.to_owned());
            }
        }
        let prefixes = self
            .ipv4_prefixes
            .iter()
            .enumerate()
            .map(|(index, entry)| {
                entry
                    .ipv4_prefix
                    .clone()
                    .ok_or_else(|| Error::MissingParameter {
                        parameter: format!("Ipv4Prefixes[{index}].Ipv4Prefix"),
                    })
            })
            .collect::<Result<Vec<String>, Error>>()?;
        let selection = Selectors {
            addresses: &secondaries,
            address_count: self.secondary_private_ip_address_count,
            prefixes: &prefixes,
            prefix_count: self.ipv4_prefix_count,
        }
        .validate()?;
        let mut primary_addresses = primaries
            .into_iter()
            .map(parse_address)
            .collect::<Result<Vec<Ipv4Addr>, Error>>()?;
        primary_addresses.dedup();
        if primary_addresses.len() > 1 {
            return Err(Error::MultiplePrimaryAddresses {
                addresses: primary_addresses,
            });
        }
        let mut request = CreateNetworkInterface {
            subnet_id,
            description: self.description.clone(),
            primary: primary_addresses.first().copied(),
            selection,
            interface_type,
            groups,
            dry_run: self.dry_run.unwrap_or(false),
        };
        request.drop_primary_from_secondaries();
        request.check_efa_only()?;
        Ok(request)
    }

    /// Reads the request from its JSON shape, without validating it.
    #[cfg(feature = "serde")]
    pub fn from_json(value: &serde_json::Value) -> Result<Self, Error> {
        Self::from_members(&Object::request(value, Self::SCHEMA)?)
    }

    /// Reads the request from its members, already checked against [`Self::SCHEMA`].
    #[cfg(feature = "serde")]
    pub(crate) fn from_members(members: &Object<'_>) -> Result<Self, Error> {
        Ok(CreateNetworkInterfaceRequest {
            dry_run: members.boolean("DryRun")?,
            ..Self::from_interface_members(members)?
        })
    }

    /// The members that describe the interface, which RunInstances' `NetworkInterfaces`
    /// entries share.
    #[cfg(feature = "serde")]
    pub(crate) fn from_interface_members(members: &Object<'_>) -> Result<Self, Error> {
        let string = |object: &Object<'_>, name| -> Result<Option<String>, Error> {
            Ok(object.string(name)?.map(str::to_owned))
        };
        Ok(CreateNetworkInterfaceRequest {
            subnet_id: string(members, "SubnetId")?,
            description: string(members, "Description")?,
            private_ip_address: string(members, "PrivateIpAddress")?,
            private_ip_addresses: members.structure_list("PrivateIpAddresses", |entry| {
                Ok(PrivateIpAddressSpecification {
                    private_ip_address: string(entry, "PrivateIpAddress")?,
                    primary: entry.boolean("Primary")?,
                })
            })?,
            secondary_private_ip_address_count: members
                .integer("SecondaryPrivateIpAddressCount")?,
            ipv4_prefixes: members.structure_list("Ipv4Prefixes", |entry| {
                Ok(Ipv4PrefixSpecificationRequest {
                    ipv4_prefix: string(entry, "Ipv4Prefix")?,
                })
            })?,
            ipv4_prefix_count: members.integer("Ipv4PrefixCount")?,
            interface_type: string(members, "InterfaceType")?,
            groups: members.string_list("Groups")?,
            dry_run: None,
        })
    }
}
