//! Choosing an action by its EC2 name and validating its JSON request.

use std::fmt;

use crate::error::Error;
use crate::request::{
    AssignPrivateIpAddresses, AttachNetworkInterface, CreateNetworkInterface,
    UnassignPrivateIpAddresses,
};
#[cfg(feature = "serde")]
use crate::request::{
    AssignPrivateIpAddressesRequest, AttachNetworkInterfaceRequest, CreateNetworkInterfaceRequest,
    UnassignPrivateIpAddressesRequest,
};

/// The addressing actions, by their EC2 names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// `AssignPrivateIpAddresses`.
    AssignPrivateIpAddresses,
    /// `UnassignPrivateIpAddresses`.
    UnassignPrivateIpAddresses,
    /// `CreateNetworkInterface`.
    CreateNetworkInterface,
    /// `AttachNetworkInterface`.
    AttachNetworkInterface,
}

impl Action {
    /// Every action, in a fixed order.
    pub const ALL: &'static [Action] = &[
        Action::AssignPrivateIpAddresses,
        Action::UnassignPrivateIpAddresses,
        Action::CreateNetworkInterface,
        Action::AttachNetworkInterface,
    ];

    /// The action's EC2 name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Action::AssignPrivateIpAddresses => "AssignPrivateIpAddresses",
            Action::UnassignPrivateIpAddresses => "UnassignPrivateIpAddresses",
            Action::CreateNetworkInterface => "CreateNetworkInterface",
            Action::AttachNetworkInterface => "AttachNetworkInterface",
        }
    }

    /// The action with this EC2 name, or EC2's `InvalidAction` error.
    pub fn parse(name: &str) -> Result<Action, Error> {
        Action::ALL
            .iter()
            .copied()
            .find(|action| action.as_str() == name)
            .ok_or_else(|| Error::InvalidAction {
                action: name.to_owned(),
            })
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A validated request of any addressing action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValidRequest {
    /// A validated AssignPrivateIpAddresses request.
    AssignPrivateIpAddresses(AssignPrivateIpAddresses),
    /// A validated UnassignPrivateIpAddresses request.
    UnassignPrivateIpAddresses(UnassignPrivateIpAddresses),
    /// A validated CreateNetworkInterface request.
    CreateNetworkInterface(CreateNetworkInterface),
    /// A validated AttachNetworkInterface request.
    AttachNetworkInterface(AttachNetworkInterface),
}

impl ValidRequest {
    /// Reads and validates a JSON request of `action`.
    ///
    /// ```
    /// use eniplan::{Action, ValidRequest};
    /// let request = serde_json::json!({"NetworkInterfaceId": "eni-0a1b2c3d", "Ipv4PrefixCount": 1});
    /// assert!(ValidRequest::from_json(Action::AssignPrivateIpAddresses, &request).is_ok());
    /// let error = ValidRequest::from_json(Action::UnassignPrivateIpAddresses, &request).unwrap_err();
    /// assert_eq!(error.to_string(), "The parameter Ipv4PrefixCount is not recognized");
    /// ```
    #[cfg(feature = "serde")]
    pub fn from_json(action: Action, value: &serde_json::Value) -> Result<ValidRequest, Error> {
        Ok(match action {
            Action::AssignPrivateIpAddresses => ValidRequest::AssignPrivateIpAddresses(
                AssignPrivateIpAddressesRequest::from_json(value)?.validate()?,
            ),
            Action::UnassignPrivateIpAddresses => ValidRequest::UnassignPrivateIpAddresses(
                UnassignPrivateIpAddressesRequest::from_json(value)?.validate()?,
            ),
            Action::CreateNetworkInterface => ValidRequest::CreateNetworkInterface(
                CreateNetworkInterfaceRequest::from_json(value)?.validate()?,
            ),
            Action::AttachNetworkInterface => ValidRequest::AttachNetworkInterface(
                AttachNetworkInterfaceRequest::from_json(value)?.validate()?,
            ),
        })
    }

    /// Reads and validates JSON text; text that is not JSON gives `InvalidRequest`.
    #[cfg(feature = "serde")]
    pub fn from_json_text(action: Action, text: &str) -> Result<ValidRequest, Error> {
        ValidRequest::from_json(action, &crate::json::parse_text(text)?)
    }

    /// The request in its SDK JSON shape.
    #[cfg(feature = "serde")]
    pub fn to_json(&self) -> serde_json::Value {
        let value = match self {
            ValidRequest::AssignPrivateIpAddresses(r) => serde_json::to_value(r.to_request()),
            ValidRequest::UnassignPrivateIpAddresses(r) => serde_json::to_value(r.to_request()),
            ValidRequest::CreateNetworkInterface(r) => serde_json::to_value(r.to_request()),
            ValidRequest::AttachNetworkInterface(r) => serde_json::to_value(r.to_request()),
        };
        // Plain structs of strings, integers and booleans always serialise.
        value.unwrap_or_default()
    }
}
