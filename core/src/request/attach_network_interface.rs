//! AttachNetworkInterface: the request as sent, the validated request, and the response.

use crate::error::Error;
use crate::ids::{AttachmentId, InstanceId, NetworkInterfaceId};
#[cfg(feature = "serde")]
use crate::json::Object;
use crate::request::assign_private_ip_addresses::required_network_interface_id;
use crate::schema::{self, ActionSchema};

/// The largest device or network card index EC2 accepts: its `Integer` type is 32-bit signed.
const MAX_INDEX: i64 = i32::MAX as i64;

/// An AttachNetworkInterface request as the caller sent it: members unchecked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct AttachNetworkInterfaceRequest {
    /// `NetworkInterfaceId` (required).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub network_interface_id: Option<String>,
    /// `InstanceId` (required).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub instance_id: Option<String>,
    /// `DeviceIndex` (required).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub device_index: Option<i64>,
    /// `NetworkCardIndex` (default 0).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub network_card_index: Option<i64>,
    /// `DryRun`: check everything, change nothing, answer `DryRunOperation`.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub dry_run: Option<bool>,
}

/// A validated AttachNetworkInterface request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttachNetworkInterface {
    network_interface_id: NetworkInterfaceId,
    instance_id: InstanceId,
    device_index: u32,
    network_card_index: u32,
    dry_run: bool,
}

impl AttachNetworkInterface {
    /// Builds a request from typed parts.
    pub fn new(
        network_interface_id: NetworkInterfaceId,
        instance_id: InstanceId,
        device_index: u32,
        network_card_index: u32,
    ) -> Result<Self, Error> {
        Ok(AttachNetworkInterface {
            network_interface_id,
            instance_id,
            device_index: check_index("DeviceIndex", i64::from(device_index))?,
            network_card_index: check_index("NetworkCardIndex", i64::from(network_card_index))?,
            dry_run: false,
        })
    }

    /// The interface to attach.
    pub fn network_interface_id(&self) -> NetworkInterfaceId {
        self.network_interface_id
    }

    /// The instance to attach it to.
    pub fn instance_id(&self) -> InstanceId {
        self.instance_id
    }

    /// The device index on the instance.
    pub fn device_index(&self) -> u32 {
        self.device_index
    }

    /// The network card the interface goes on.
    pub fn network_card_index(&self) -> u32 {
        self.network_card_index
    }

    /// Whether this is a dry run.
    pub fn dry_run(&self) -> bool {
        self.dry_run
    }

    /// The request in its SDK shape, which validates back to `self`.
    pub fn to_request(&self) -> AttachNetworkInterfaceRequest {
        AttachNetworkInterfaceRequest {
            network_interface_id: Some(self.network_interface_id.to_string()),
            instance_id: Some(self.instance_id.to_string()),
            device_index: Some(i64::from(self.device_index)),
            network_card_index: Some(i64::from(self.network_card_index)),
            dry_run: self.dry_run.then_some(true),
        }
    }
}

pub(crate) fn check_index(parameter: &'static str, value: i64) -> Result<u32, Error> {
    u32::try_from(value)
        .ok()
        .filter(|_| value <= MAX_INDEX)
        .ok_or(Error::IntegerOutOfRange {
            parameter,
            value,
            min: 0,
            max: MAX_INDEX,
        })
}

impl AttachNetworkInterfaceRequest {
    /// The action's members.
    pub const SCHEMA: &'static ActionSchema = &schema::ATTACH_NETWORK_INTERFACE;

    /// Applies every stateless rule in order and gives the validated request.
    pub fn validate(&self) -> Result<AttachNetworkInterface, Error> {
        let network_interface_id =
            required_network_interface_id(self.network_interface_id.as_deref())?;
        let instance_id = InstanceId::parse(self.instance_id.as_deref().ok_or_else(|| {
            Error::MissingParameter {
                parameter: "InstanceId".into(),
            }
        })?)?;
        let device_index = self.device_index.ok_or_else(|| Error::MissingParameter {
            parameter: "DeviceIndex".into(),
        })?;
        Ok(AttachNetworkInterface {
            network_interface_id,
            instance_id,
            device_index: check_index("DeviceIndex", device_index)?,
            network_card_index: check_index(
                "NetworkCardIndex",
                self.network_card_index.unwrap_or(0),
            )?,
            dry_run: self.dry_run.unwrap_or(false),
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
        Ok(AttachNetworkInterfaceRequest {
            network_interface_id: members.string("NetworkInterfaceId")?.map(str::to_owned),
            instance_id: members.string("InstanceId")?.map(str::to_owned),
            device_index: members.integer("DeviceIndex")?,
            network_card_index: members.integer("NetworkCardIndex")?,
            dry_run: members.boolean("DryRun")?,
        })
    }
}

/// What AttachNetworkInterface answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct AttachNetworkInterfaceResponse {
    /// The new attachment's id.
    pub attachment_id: AttachmentId,
    /// The network card the interface went on.
    pub network_card_index: u32,
}
