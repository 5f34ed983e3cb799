//! UnassignPrivateIpAddresses: the request as sent and the validated request.
//!
//! The response carries nothing but metadata, so it has no type of its own.

use std::net::Ipv4Addr;

use crate::error::Error;
use crate::ids::NetworkInterfaceId;
#[cfg(feature = "serde")]
use crate::json::Object;
use crate::prefix::Ipv4Prefix;
use crate::request::assign_private_ip_addresses::{
    parse_addresses, parse_prefixes, required_network_interface_id,
};
use crate::schema::{self, ActionSchema};

/// An UnassignPrivateIpAddresses request as the caller sent it: members unchecked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct UnassignPrivateIpAddressesRequest {
    /// `NetworkInterfaceId` (required).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub network_interface_id: Option<String>,
    /// `PrivateIpAddresses`: secondary addresses to release.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub private_ip_addresses: Vec<String>,
    /// `Ipv4Prefixes`: /28 prefixes to release.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub ipv4_prefixes: Vec<String>,
}

/// A validated UnassignPrivateIpAddresses request: at least one address or prefix, all parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnassignPrivateIpAddresses {
    network_interface_id: NetworkInterfaceId,
    addresses: Vec<Ipv4Addr>,
    prefixes: Vec<Ipv4Prefix>,
}

/// The error for a request that names nothing to unassign (a policy: EC2 does not say).
fn nothing_to_unassign() -> Error {
    Error::MissingParameter {
        parameter: "PrivateIpAddresses or Ipv4Prefixes".into(),
    }
}

impl UnassignPrivateIpAddresses {
    /// Builds a request from typed parts; at least one address or prefix is needed.
    pub fn new(
        network_interface_id: NetworkInterfaceId,
        addresses: Vec<Ipv4Addr>,
        prefixes: Vec<Ipv4Prefix>,
    ) -> Result<Self, Error> {
        if addresses.is_empty() && prefixes.is_empty() {
            return Err(nothing_to_unassign());
        }
        Ok(UnassignPrivateIpAddresses {
            network_interface_id,
            addresses,
            prefixes,
        })
    }

    /// The interface to unassign from.
    pub fn network_interface_id(&self) -> NetworkInterfaceId {
        self.network_interface_id
    }

    /// The addresses to unassign, in request order.
    pub fn addresses(&self) -> &[Ipv4Addr] {
        &self.addresses
    }

    /// The prefixes to unassign, in request order.
    pub fn prefixes(&self) -> &[Ipv4Prefix] {
        &self.prefixes
    }

    /// The request in its SDK shape, which validates back to `self`.
    pub fn to_request(&self) -> UnassignPrivateIpAddressesRequest {
        UnassignPrivateIpAddressesRequest {
            network_interface_id: Some(self.network_interface_id.to_string()),
            private_ip_addresses: self.addresses.iter().map(Ipv4Addr::to_string).collect(),
            ipv4_prefixes: self.prefixes.iter().map(Ipv4Prefix::to_string).collect(),
        }
    }
}

impl UnassignPrivateIpAddressesRequest {
    /// The action's members.
    pub const SCHEMA: &'static ActionSchema = &schema::UNASSIGN_PRIVATE_IP_ADDRESSES;

    /// Rules 1 and 2: the interface id is present and well formed.
    pub fn network_interface_id(&self) -> Result<NetworkInterfaceId, Error> {
        required_network_interface_id(self.network_interface_id.as_deref())
    }

    /// Applies every stateless rule in order and gives the validated request.
    pub fn validate(&self) -> Result<UnassignPrivateIpAddresses, Error> {
        let network_interface_id = self.network_interface_id()?;
        if self.private_ip_addresses.is_empty() && self.ipv4_prefixes.is_empty() {
            return Err(nothing_to_unassign());
        }
        Ok(UnassignPrivateIpAddresses {
            network_interface_id,
            addresses: parse_addresses(&self.private_ip_addresses)?,
            prefixes: parse_prefixes(&self.ipv4_prefixes)?,
        })
    }

    /// Reads the request from its JSON shape, without validating it.
    #[cfg(feature = "serde")]
    pub fn from_json(value: &serde_json::Value) -> Result<Self, Error> {
        Self::from_members(&Object::request(value, Self::SCHEMA)?)
    }

    /// Reads the request from its members, already checked against [`Self::SCHEMA`].
    #[cfg(feature = "serde")]
    pub(crate) fn from_members(members: &Object<'_>) -> Result<Self, Error> {
        Ok(UnassignPrivateIpAddressesRequest {
            network_interface_id: members.string("NetworkInterfaceId")?.map(str::to_owned),
            private_ip_addresses: members.string_list("PrivateIpAddresses")?,
            ipv4_prefixes: members.string_list("Ipv4Prefixes")?,
        })
    }
}
