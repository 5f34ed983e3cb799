//! One EC2 instance type's network limits.

use std::fmt;

/// The hypervisor of an instance type, as EC2 `DescribeInstanceTypes` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Hypervisor {
    /// The Nitro system.
    Nitro,
    /// The Xen hypervisor (older generations).
    Xen,
    /// EC2 reports no hypervisor: nearly every bare-metal type, and a few hand-added ones.
    Unknown,
}

impl Hypervisor {
    /// The name as the table spells it: `nitro`, `xen` or `unknown`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Hypervisor::Nitro => "nitro",
            Hypervisor::Xen => "xen",
            Hypervisor::Unknown => "unknown",
        }
    }

    /// The hypervisor with this table spelling (`nitro`, `xen` or `unknown`), if any.
    pub fn from_name(name: &str) -> Option<Hypervisor> {
        match name {
            "nitro" => Some(Hypervisor::Nitro),
            "xen" => Some(Hypervisor::Xen),
            "unknown" => Some(Hypervisor::Unknown),
            _ => None,
        }
    }
}

impl fmt::Display for Hypervisor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One network card of an instance type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NetworkCard {
    /// The card's `NetworkCardIndex`.
    pub index: u32,
    /// The most network interfaces that can be attached to this card.
    pub max_interfaces: u32,
}

/// The network limits of one EC2 instance type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InstanceType {
    /// The EC2 API name, e.g. `m5.large`.
    pub name: String,
    /// The hypervisor.
    pub hypervisor: Hypervisor,
    /// Whether EC2 reports the type as bare metal.
    pub bare_metal: bool,
    /// The most network interfaces on the **default network card**. For a single-card type this
    /// is the instance total; for a multi-card type see [`InstanceType::total_interfaces`].
    pub max_enis: u32,
    /// Private IPv4 addresses per interface, counting the interface's primary address.
    pub ipv4_per_eni: u32,
    /// IPv6 addresses per interface (0 when IPv6 is not supported).
    pub ipv6_per_eni: u32,
    /// Whether the type supports IPv6.
    pub ipv6_supported: bool,
    /// EC2 `DefaultNetworkCardIndex`: the card of the primary interface.
    pub default_network_card_index: u32,
    /// Every network card with its interface limit.
    pub network_cards: Vec<NetworkCard>,
    /// The default vCPU count, when known.
    pub vcpus: Option<u32>,
    /// Branch interfaces for security groups for pods (`vpc.amazonaws.com/pod-eni`); 0 when the
    /// type does not support trunking.
    pub branch_interfaces: u32,
}

impl InstanceType {
    /// Whether /28 IPv4 prefixes can be assigned to the type's interfaces: Nitro or bare metal
    /// (spec rule 14).
    pub fn supports_prefixes(&self) -> bool {
        self.hypervisor == Hypervisor::Nitro || self.bare_metal
    }

    /// The most network interfaces on the whole instance: the sum over its network cards.
    pub fn total_interfaces(&self) -> u32 {
        self.network_cards.iter().fold(0u32, |total, card| {
            total.saturating_add(card.max_interfaces)
        })
    }

    /// The network card with this `NetworkCardIndex`, if the type has one.
    pub fn card(&self, index: u32) -> Option<&NetworkCard> {
        self.network_cards.iter().find(|card| card.index == index)
    }

    /// The most /28 prefixes one interface can hold: every IPv4 slot except the primary
    /// address's (spec rule 13; a prefix takes one slot, like a secondary address).
    pub fn prefix_slots_per_eni(&self) -> u32 {
        self.ipv4_per_eni.saturating_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn multi_card() -> InstanceType {
        InstanceType {
            name: "x9.test".to_owned(),
            hypervisor: Hypervisor::Xen,
            bare_metal: false,
            max_enis: 4,
            ipv4_per_eni: 10,
            ipv6_per_eni: 10,
            ipv6_supported: true,
            default_network_card_index: 0,
            network_cards: vec![
                NetworkCard {
                    index: 0,
                    max_interfaces: 4,
                },
                NetworkCard {
                    index: 2,
                    max_interfaces: 7,
                },
            ],
            vcpus: None,
            branch_interfaces: 0,
        }
    }

    #[test]
    fn hypervisor_names_round_trip() {
        for hypervisor in [Hypervisor::Nitro, Hypervisor::Xen, Hypervisor::Unknown] {
            assert_eq!(Hypervisor::from_name(hypervisor.as_str()), Some(hypervisor));
        }
        assert_eq!(Hypervisor::from_name("Nitro"), None);
    }

    #[test]
    fn cards_are_found_by_index_not_position() {
        let t = multi_card();
        assert_eq!(t.total_interfaces(), 11);
        assert_eq!(t.card(2).map(|c| c.max_interfaces), Some(7));
        assert_eq!(t.card(1), None);
        assert_eq!(t.prefix_slots_per_eni(), 9);
    }

    #[test]
    fn prefixes_need_nitro_or_bare_metal() {
        let mut t = multi_card();
        assert!(!t.supports_prefixes());
        t.bare_metal = true;
        assert!(t.supports_prefixes());
        t.bare_metal = false;
        t.hypervisor = Hypervisor::Nitro;
        assert!(t.supports_prefixes());
        t.hypervisor = Hypervisor::Unknown;
        assert!(!t.supports_prefixes());
    }
}
