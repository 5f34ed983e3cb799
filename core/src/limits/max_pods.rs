//! How many pods an EKS node of an instance type can run under the Amazon VPC CNI (spec sections
//! 5 and 6), as the VPC CNI's `eni-max-pods.txt`, the EKS AMI and Karpenter compute it.

use super::instance_type::InstanceType;
use crate::error::Error;

/// Pods that use the host network (the VPC CNI and kube-proxy), added to every count.
const HOST_NETWORK_PODS: u64 = 2;
/// Addresses in one /28 IPv4 prefix.
const ADDRESSES_PER_PREFIX: u64 = 16;
/// The largest vCPU count that gets the small cap.
const SMALL_NODE_VCPUS: u32 = 30;
/// The cap for a node with at most 30 vCPUs.
const SMALL_NODE_CAP: u32 = 110;
/// The cap for a node with more than 30 vCPUs.
const LARGE_NODE_CAP: u32 = 250;

/// How the node's pod networking is set up. The default (every option off) is the VPC CNI's
/// default: secondary IP addresses, pods on every interface, no cap.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct MaxPodsOptions {
    /// Prefix delegation (`ENABLE_PREFIX_DELEGATION`): each secondary slot holds a /28 prefix of
    /// 16 addresses. Ignored on an instance type that cannot hold prefixes.
    pub prefix_delegation: bool,
    /// Custom networking (`AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG`): the primary interface carries
    /// no pods, so one interface fewer is usable.
    pub custom_networking: bool,
    /// Further interfaces kept from pods (for example a trunk interface); these stack with
    /// custom networking.
    pub reserved_enis: u32,
    /// Apply the EKS max-pods calculator's cap: 110 with at most 30 vCPUs, else 250.
    pub cap: bool,
}

/// The most pods a node of `instance_type` can run.
///
/// With E usable interfaces on the default network card (`max_enis`, less one for custom
/// networking, less `reserved_enis`) and I IPv4 addresses per interface:
/// E × (I − 1) + 2 with secondary addresses, or E × ((I − 1) × 16) + 2 with prefix delegation
/// on a type that supports prefixes. When no interface is left the answer is 0. Extra network
/// cards add nothing. A result too large for a `u32` saturates.
///
/// Fails with `InvalidParameterValue` when the cap is asked for and the type's vCPU count is not
/// known.
///
/// ```
/// use eniplan::{max_pods, InstanceTypes, MaxPodsOptions};
///
/// let types = InstanceTypes::embedded();
/// let m5 = types.lookup("m5.large")?;
/// assert_eq!(max_pods(m5, &MaxPodsOptions::default())?, 29);
/// let options = MaxPodsOptions { prefix_delegation: true, ..MaxPodsOptions::default() };
/// assert_eq!(max_pods(m5, &options)?, 434);
/// assert_eq!(max_pods(m5, &MaxPodsOptions { cap: true, ..options })?, 110);
/// # Ok::<(), eniplan::Error>(())
/// ```
pub fn max_pods(instance_type: &InstanceType, options: &MaxPodsOptions) -> Result<u32, Error> {
    explain_max_pods(instance_type, options).map(|explanation| explanation.result)
}

/// The numbers behind a [`max_pods`] answer, so that a tool can show its working.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaxPodsExplanation {
    /// The instance type.
    pub instance_type: String,
    /// Interfaces on the default network card (`max_enis`).
    pub max_enis: u32,
    /// Interfaces left for pods after custom networking and reserved interfaces.
    pub usable_enis: u32,
    /// IPv4 addresses per interface, the primary included.
    pub ipv4_per_eni: u32,
    /// Whether prefix delegation was applied (asked for, and the type supports prefixes).
    pub prefix_delegation: bool,
    /// The value before any cap.
    pub uncapped: u32,
    /// The cap applied, with the vCPU count that chose it.
    pub cap: Option<(u32, u32)>,
    /// The answer.
    pub result: u32,
}

impl std::fmt::Display for MaxPodsExplanation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.usable_enis == 0 {
            write!(
                f,
                "no interface is left for pods ({} on the default card) = 0",
                self.max_enis
            )?;
            return Ok(());
        }
        write!(f, "{} ENIs × ({} − 1)", self.usable_enis, self.ipv4_per_eni)?;
        if self.prefix_delegation {
            write!(f, " × {ADDRESSES_PER_PREFIX} addresses per /28")?;
        }
        write!(f, " + {HOST_NETWORK_PODS} = {}", self.uncapped)?;
        if let Some((cap, vcpus)) = self.cap {
            let relation = if vcpus <= SMALL_NODE_VCPUS {
                "≤"
            } else {
                ">"
            };
            write!(
                f,
                "; capped at {cap} ({vcpus} vCPUs {relation} {SMALL_NODE_VCPUS}) = {}",
                self.result
            )?;
        }
        Ok(())
    }
}

/// [`max_pods`] with its working: the interfaces, addresses, formula and cap.
pub fn explain_max_pods(
    instance_type: &InstanceType,
    options: &MaxPodsOptions,
) -> Result<MaxPodsExplanation, Error> {
    let cap = if options.cap {
        let vcpus = instance_type
            .vcpus
            .ok_or_else(|| Error::MaxPodsCapWithoutVcpus {
                instance_type: instance_type.name.clone(),
            })?;
        let cap = if vcpus <= SMALL_NODE_VCPUS {
            SMALL_NODE_CAP
        } else {
            LARGE_NODE_CAP
        };
        Some((cap, vcpus))
    } else {
        None
    };

    let mut usable_enis = instance_type.max_enis;
    if options.custom_networking {
        usable_enis = usable_enis.saturating_sub(1);
    }
    usable_enis = usable_enis.saturating_sub(options.reserved_enis);
    let prefix_delegation = options.prefix_delegation && instance_type.supports_prefixes();
    let uncapped = if usable_enis == 0 {
        0
    } else {
        let mut pods_per_eni = u64::from(instance_type.ipv4_per_eni.saturating_sub(1));
        if prefix_delegation {
            pods_per_eni *= ADDRESSES_PER_PREFIX;
        }
        let pods = u64::from(usable_enis)
            .saturating_mul(pods_per_eni)
            .saturating_add(HOST_NETWORK_PODS);
        u32::try_from(pods).unwrap_or(u32::MAX)
    };
    let result = cap.map_or(uncapped, |(cap, _)| uncapped.min(cap));
    Ok(MaxPodsExplanation {
        instance_type: instance_type.name.clone(),
        max_enis: instance_type.max_enis,
        usable_enis,
        ipv4_per_eni: instance_type.ipv4_per_eni,
        prefix_delegation,
        uncapped,
        cap,
        result,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::{Hypervisor, NetworkCard};

    fn custom(max_enis: u32, ipv4_per_eni: u32, vcpus: Option<u32>) -> InstanceType {
        InstanceType {
            name: "zz.test".to_owned(),
            hypervisor: Hypervisor::Nitro,
            bare_metal: false,
            max_enis,
            ipv4_per_eni,
            ipv6_per_eni: 0,
            ipv6_supported: false,
            default_network_card_index: 0,
            network_cards: vec![NetworkCard {
                index: 0,
                max_interfaces: max_enis,
            }],
            vcpus,
            branch_interfaces: 0,
        }
    }

    #[test]
    fn explanation_shows_the_formula_with_its_numbers() {
        let types = crate::limits::InstanceTypes::embedded();
        let m5 = types.lookup("m5.large").unwrap();
        let options = MaxPodsOptions {
            prefix_delegation: true,
            cap: true,
            ..MaxPodsOptions::default()
        };
        let explanation = explain_max_pods(m5, &options).unwrap();
        assert_eq!(
            explanation.to_string(),
            "3 ENIs × (10 − 1) × 16 addresses per /28 + 2 = 434; capped at 110 (2 vCPUs ≤ 30) = 110"
        );
        let custom_networking = MaxPodsOptions {
            custom_networking: true,
            reserved_enis: 2,
            ..MaxPodsOptions::default()
        };
        assert_eq!(
            explain_max_pods(m5, &custom_networking)
                .unwrap()
                .to_string(),
            "no interface is left for pods (3 on the default card) = 0"
        );
    }

    #[test]
    fn cap_boundary_is_30_vcpus() {
        let capped = MaxPodsOptions {
            cap: true,
            ..MaxPodsOptions::default()
        };
        assert_eq!(max_pods(&custom(15, 50, Some(30)), &capped), Ok(110));
        assert_eq!(max_pods(&custom(15, 50, Some(31)), &capped), Ok(250));
        // The cap only ever lowers the value.
        assert_eq!(max_pods(&custom(2, 2, Some(1)), &capped), Ok(4));
    }

    #[test]
    fn huge_values_saturate() {
        let t = custom(u32::MAX, u32::MAX, None);
        let pd = MaxPodsOptions {
            prefix_delegation: true,
            ..MaxPodsOptions::default()
        };
        assert_eq!(max_pods(&t, &pd), Ok(u32::MAX));
    }

    #[test]
    fn zero_addresses_per_interface_leaves_the_host_pods() {
        assert_eq!(
            max_pods(&custom(3, 0, None), &MaxPodsOptions::default()),
            Ok(2)
        );
    }
}
