//! Instance-type network limits: how many interfaces, addresses and prefixes each EC2 instance
//! type allows, from the table compiled into the crate or from the caller's own data.
//!
//! - [`InstanceType`]: one type's limits (interfaces per network card, IPv4 and IPv6 addresses
//!   per interface, hypervisor, bare metal, vCPUs, branch interfaces).
//! - [`InstanceTypes`]: the known types, the embedded table (`core/data/instance-limits.csv`,
//!   1391 types; its sources are in `core/data/README.md`) plus caller overrides.
//! - With the `serde` feature, `InstanceTypes::load_describe_instance_types` reads the output
//!   of EC2 `DescribeInstanceTypes`, and `InstanceType::to_describe_json` writes it, with the
//!   members beyond network limits (memory, processor, EBS, ...) from EC2's own answers as
//!   moto ships them (`core/data/instance-type-details.json`).
//! - [`max_pods()`]: how many pods an EKS node of a type can run under the VPC CNI.

#[cfg(feature = "serde")]
mod describe;
#[cfg(feature = "serde")]
pub(crate) mod details;
mod embedded;
pub mod instance_type;
pub mod instance_types;
pub mod max_pods;

pub use instance_type::{Hypervisor, InstanceType, NetworkCard};
pub use instance_types::InstanceTypes;
pub use max_pods::{explain_max_pods, max_pods, MaxPodsExplanation, MaxPodsOptions};
