//! # eniplan
//!
//! A faithful offline model of private IPv4 addressing on AWS EC2 network interfaces: what
//! EC2 would answer to `AssignPrivateIpAddresses`, `UnassignPrivateIpAddresses` and the address
//! parameters of `CreateNetworkInterface` and `AttachNetworkInterface`, the response or the
//! exact EC2 error code and message.
//!
//! Requests arrive in the AWS SDK's own JSON shape and are validated before anything else
//! sees them:
//!
//! ```
//! use eniplan::{AssignPrivateIpAddressesRequest, AddressSelection};
//!
//! let request = AssignPrivateIpAddressesRequest::from_json(&serde_json::json!({
//!     "NetworkInterfaceId": "eni-0123456789abcdef0",
//!     "PrivateIpAddresses": ["10.0.0.30", "10.0.0.31"],
//!     "AllowReassignment": true,
//! }))?;
//! let valid = request.validate()?;
//! assert!(matches!(valid.selection(), AddressSelection::Addresses(list) if list.len() == 2));
//!
//! // A bad request fails with the error EC2 would give.
//! let error = AssignPrivateIpAddressesRequest::from_json(&serde_json::json!({
//!     "NetworkInterfaceId": "eni-123",
//!     "SecondaryPrivateIpAddressCount": 1,
//! }))?
//! .validate()
//! .unwrap_err();
//! assert_eq!(error.code().as_str(), "InvalidNetworkInterfaceId.Malformed");
//! assert_eq!(error.to_string(), r#"Invalid id: "eni-123" (expecting "eni-...")"#);
//! # Ok::<(), eniplan::Error>(())
//! ```
#![forbid(unsafe_code)]

pub mod alloc;
#[cfg(feature = "serde")]
pub mod api;
pub mod error;
pub(crate) mod hash;
pub mod ids;
#[cfg(feature = "serde")]
pub mod import;
#[cfg(feature = "serde")]
pub(crate) mod json;
pub mod limits;
pub mod model;
pub mod prefix;
pub mod request;
pub mod rng;
pub mod schema;

pub use error::{Error, ErrorCode};
pub use ids::{
    AllocationId, AssociationId, AttachmentId, IdKind, InstanceId, NetworkInterfaceId,
    ReservationId, SubnetCidrReservationId, SubnetId, VpcId,
};
pub use limits::{
    explain_max_pods, max_pods, Hypervisor, InstanceType, InstanceTypes, MaxPodsExplanation,
    MaxPodsOptions, NetworkCard,
};
pub use model::{Ec2, Ec2Options};
pub use prefix::{parse_address, Ipv4Prefix};
pub use request::*;

/// The Rust examples of README.md, run as doctests so that they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeExamples;
