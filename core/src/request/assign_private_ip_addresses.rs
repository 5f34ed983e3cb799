//! AssignPrivateIpAddresses: the request as sent, the validated request, and the response.

use std::net::Ipv4Addr;

use crate::error::Error;
use crate::ids::NetworkInterfaceId;
#[cfg(feature = "serde")]
use crate::json::Object;
use crate::prefix::{parse_address, Ipv4Prefix};
use crate::request::selection::{AddressSelection, Selectors, NO_SELECTOR};
use crate::schema::{self, ActionSchema};

/// An AssignPrivateIpAddresses request as the caller sent it: members unchecked.
///
/// An empty list counts as absent (spec section 6).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct AssignPrivateIpAddressesRequest {
    /// `NetworkInterfaceId` (required).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub network_interface_id: Option<String>,
    /// `PrivateIpAddresses`: specific secondary addresses.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub private_ip_addresses: Vec<String>,
    /// `SecondaryPrivateIpAddressCount`: how many addresses EC2 should choose.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub secondary_private_ip_address_count: Option<i64>,
    /// `Ipv4Prefixes`: specific /28 prefixes.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub ipv4_prefixes: Vec<String>,
    /// `Ipv4PrefixCount`: how many /28 prefixes EC2 should choose.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub ipv4_prefix_count: Option<i64>,
    /// `AllowReassignment`: whether addresses may move from another interface.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub allow_reassignment: Option<bool>,
}

/// A validated AssignPrivateIpAddresses request: exactly one selector, counts at least 1,
/// addresses parsed, prefixes aligned /28s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignPrivateIpAddresses {
    network_interface_id: NetworkInterfaceId,
    selection: AddressSelection,
    allow_reassignment: bool,
}

impl AssignPrivateIpAddresses {
    /// Builds a request from typed parts; fails as EC2 would on an empty list or a zero count.
    pub fn new(
        network_interface_id: NetworkInterfaceId,
        selection: AddressSelection,
        allow_reassignment: bool,
    ) -> Result<Self, Error> {
        selection.check()?;
        Ok(AssignPrivateIpAddresses {
            network_interface_id,
            selection,
            allow_reassignment,
        })
    }

    /// The interface to assign to.
    pub fn network_interface_id(&self) -> NetworkInterfaceId {
        self.network_interface_id
    }

    /// What to assign.
    pub fn selection(&self) -> &AddressSelection {
        &self.selection
    }

    /// Whether addresses may move from another interface.
    pub fn allow_reassignment(&self) -> bool {
        self.allow_reassignment
    }

    /// The request in its SDK shape, which validates back to `self`.
    pub fn to_request(&self) -> AssignPrivateIpAddressesRequest {
        let mut request = AssignPrivateIpAddressesRequest {
            network_interface_id: Some(self.network_interface_id.to_string()),
            allow_reassignment: self.allow_reassignment.then_some(true),
            ..Default::default()
        };
        match &self.selection {
            AddressSelection::Addresses(addresses) => {
                request.private_ip_addresses = addresses.iter().map(Ipv4Addr::to_string).collect()
            }
            AddressSelection::AddressCount(count) => {
                request.secondary_private_ip_address_count = Some(i64::from(*count))
            }
            AddressSelection::Prefixes(prefixes) => {
                request.ipv4_prefixes = prefixes.iter().map(Ipv4Prefix::to_string).collect()
            }
            AddressSelection::PrefixCount(count) => {
                request.ipv4_prefix_count = Some(i64::from(*count))
            }
        }
        request
    }
}

impl AssignPrivateIpAddressesRequest {
    /// The action's members.
    pub const SCHEMA: &'static ActionSchema = &schema::ASSIGN_PRIVATE_IP_ADDRESSES;

    /// Rules 1 and 2: the interface id is present and well formed.
    pub fn network_interface_id(&self) -> Result<NetworkInterfaceId, Error> {
        required_network_interface_id(self.network_interface_id.as_deref())
    }

    /// Applies every stateless rule in order (1, 2, 4, 5, 6, 9) and gives the validated request.
    ///
    /// ```
    /// use eniplan::{AssignPrivateIpAddressesRequest, ErrorCode};
    /// let request = AssignPrivateIpAddressesRequest {
    ///     network_interface_id: Some("eni-0a1b2c3d".into()),
    ///     secondary_private_ip_address_count: Some(2),
    ///     ..Default::default()
    /// };
    /// assert!(request.validate().is_ok());
    /// let both = AssignPrivateIpAddressesRequest {
    ///     private_ip_addresses: vec!["10.0.0.9".into()],
    ///     ..request
    /// };
    /// assert_eq!(both.validate().unwrap_err().code(), ErrorCode::InvalidParameterCombination);
    /// ```
    pub fn validate(&self) -> Result<AssignPrivateIpAddresses, Error> {
        let network_interface_id = self.network_interface_id()?;
        let selection = Selectors {
            addresses: &self.private_ip_addresses,
            address_count: self.secondary_private_ip_address_count,
            prefixes: &self.ipv4_prefixes,
            prefix_count: self.ipv4_prefix_count,
        }
        .validate()?
        .ok_or(NO_SELECTOR)?;
        Ok(AssignPrivateIpAddresses {
            network_interface_id,
            selection,
            allow_reassignment: self.allow_reassignment.unwrap_or(false),
        })
    }

    /// Reads the request from its JSON shape (a boto3 kwargs dict, an SDK command input, or
    /// `--cli-input-json`), without validating it.
    #[cfg(feature = "serde")]
    pub fn from_json(value: &serde_json::Value) -> Result<Self, Error> {
        Self::from_members(&Object::request(value, Self::SCHEMA)?)
    }

    /// Reads the request from its members, already checked against [`Self::SCHEMA`].
    #[cfg(feature = "serde")]
    pub(crate) fn from_members(members: &Object<'_>) -> Result<Self, Error> {
        Ok(AssignPrivateIpAddressesRequest {
            network_interface_id: members.string("NetworkInterfaceId")?.map(str::to_owned),
            private_ip_addresses: members.string_list("PrivateIpAddresses")?,
            secondary_private_ip_address_count: members
                .integer("SecondaryPrivateIpAddressCount")?,
            ipv4_prefixes: members.string_list("Ipv4Prefixes")?,
            ipv4_prefix_count: members.integer("Ipv4PrefixCount")?,
            allow_reassignment: members.boolean("AllowReassignment")?,
        })
    }
}

/// Rules 1 and 2 for a required `NetworkInterfaceId`.
pub(crate) fn required_network_interface_id(id: Option<&str>) -> Result<NetworkInterfaceId, Error> {
    let id = id.ok_or_else(|| Error::MissingParameter {
        parameter: "NetworkInterfaceId".into(),
    })?;
    NetworkInterfaceId::parse(id)
}

/// Parses addresses in request order (rule 6): the first bad one is reported.
pub(crate) fn parse_addresses(addresses: &[String]) -> Result<Vec<Ipv4Addr>, Error> {
    addresses.iter().map(|text| parse_address(text)).collect()
}

/// Parses prefixes in request order (rule 9, its stateless part).
pub(crate) fn parse_prefixes(prefixes: &[String]) -> Result<Vec<Ipv4Prefix>, Error> {
    prefixes
        .iter()
        .map(|text| Ipv4Prefix::parse(text))
        .collect()
}

/// What an AssignPrivateIpAddresses call assigned.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct AssignPrivateIpAddressesResponse {
    /// The interface assigned to.
    pub network_interface_id: NetworkInterfaceId,
    /// Only the addresses this call assigned; left out when empty, as the AWS CLI shows it.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub assigned_private_ip_addresses: Vec<AssignedPrivateIpAddress>,
    /// Only the prefixes this call assigned; left out when empty.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub assigned_ipv4_prefixes: Vec<Ipv4PrefixSpecification>,
}

/// One assigned address, `{"PrivateIpAddress": "10.0.0.9"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct AssignedPrivateIpAddress {
    /// The address.
    pub private_ip_address: Ipv4Addr,
}

/// One prefix, `{"Ipv4Prefix": "10.0.0.16/28"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct Ipv4PrefixSpecification {
    /// The prefix.
    pub ipv4_prefix: Ipv4Prefix,
}
