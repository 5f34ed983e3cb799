//! Requests and responses of the addressing actions, and their stateless validation.
//!
//! Each action has a request type as the caller sent it (`...Request`, every member optional
//! and unchecked, read from the SDK's JSON shape) and a validated type made only by
//! `validate()` or a checked constructor, so code further in never sees an unvalidated request.

pub mod action;
pub mod assign_private_ip_addresses;
pub mod attach_network_interface;
pub mod create_network_interface;
pub mod selection;
pub mod unassign_private_ip_addresses;

pub use action::{Action, ValidRequest};
pub use assign_private_ip_addresses::{
    AssignPrivateIpAddresses, AssignPrivateIpAddressesRequest, AssignPrivateIpAddressesResponse,
    AssignedPrivateIpAddress, Ipv4PrefixSpecification,
};
pub use attach_network_interface::{
    AttachNetworkInterface, AttachNetworkInterfaceRequest, AttachNetworkInterfaceResponse,
};
pub use create_network_interface::{
    CreateNetworkInterface, CreateNetworkInterfaceRequest, InterfaceType,
    Ipv4PrefixSpecificationRequest, PrivateIpAddressSpecification,
};
pub use selection::AddressSelection;
pub use unassign_private_ip_addresses::{
    UnassignPrivateIpAddresses, UnassignPrivateIpAddressesRequest,
};
