//! The subnet fragmentation report: why `InsufficientCidrBlocks` happens while many addresses
//! look free.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use crate::error::Error;
use crate::ids::{NetworkInterfaceId, SubnetId};
use crate::model::Ec2;
use crate::prefix::{Ipv4Prefix, PREFIX_SIZE};

/// A /28 block that holds no prefix and no reserved address but cannot be handed out as a
/// prefix because single addresses sit in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinnedBlock {
    /// The block.
    pub prefix: Ipv4Prefix,
    /// The addresses that pin it and the interfaces that hold them, by address.
    pub addresses: Vec<(Ipv4Addr, NetworkInterfaceId)>,
}

/// How a subnet's addresses are used, for capacity planning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubnetReport {
    /// The subnet.
    pub subnet_id: SubnetId,
    /// Its CIDR.
    pub cidr: Ipv4Net,
    /// Addresses less the five reserved.
    pub usable: u32,
    /// Owned addresses, a prefix counting 16.
    pub owned: u32,
    /// `AvailableIpAddressCount`: usable less owned.
    pub available: u32,
    /// Addresses an automatic assignment could still take (outside every reservation).
    pub available_for_automatic_addresses: u32,
    /// Aligned /28 blocks an automatic prefix could still take.
    pub free_aligned_blocks: u32,
    /// The largest aligned block with no owned or reserved address.
    pub largest_free_aligned_block: Option<Ipv4Net>,
    /// Blocks pinned by single addresses, in address order.
    pub pinned_blocks: Vec<PinnedBlock>,
}

impl SubnetReport {
    /// Blocks that a single address keeps from being a free /28.
    pub fn blocks_pinned_by_one_address(&self) -> usize {
        self.pinned_blocks
            .iter()
            .filter(|block| block.addresses.len() == 1)
            .count()
    }
}

impl Ec2 {
    /// The fragmentation report of a subnet.
    pub fn subnet_report(&self, subnet_id: SubnetId) -> Result<SubnetReport, Error> {
        let subnet = self.subnet(subnet_id)?;
        let mut by_block: BTreeMap<u32, Vec<(Ipv4Addr, NetworkInterfaceId)>> = BTreeMap::new();
        for (offset, owner) in subnet.owned_addresses() {
            let block = offset / PREFIX_SIZE;
            if !subnet.block_has_reserved_address(block) {
                by_block
                    .entry(block)
                    .or_default()
                    .push((subnet.address(offset), owner.network_interface_id));
            }
        }
        let pinned_blocks = by_block
            .into_iter()
            .map(|(block, mut addresses)| {
                addresses.sort();
                PinnedBlock {
                    prefix: subnet.prefix(block),
                    addresses,
                }
            })
            .collect();
        let largest_free_aligned_block = subnet
            .allocator()
            .largest_free_aligned_block()
            .and_then(|(offset, len)| Ipv4Net::new(subnet.address(offset), len).ok());
        Ok(SubnetReport {
            subnet_id,
            cidr: subnet.cidr,
            usable: subnet.usable(),
            owned: subnet.owned(),
            available: subnet.available_ip_address_count(),
            available_for_automatic_addresses: subnet
                .allocator()
                .available_for_automatic_addresses(),
            free_aligned_blocks: subnet.allocator().free_block_count(),
            largest_free_aligned_block,
            pinned_blocks,
        })
    }
}

/// How one aligned /28 block of a subnet is used, for a map of the subnet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockUse {
    /// Nothing owned, nothing reserved: an automatic prefix could take it.
    Free,
    /// Some addresses owned on their own: the block is pinned.
    Partial,
    /// Every usable address owned on its own.
    Full,
    /// Owned whole, as a /28 prefix.
    Prefix,
    /// Nothing owned, but it holds a reserved address or lies in a CIDR reservation.
    Reserved,
}

impl BlockUse {
    /// A lower-case name for the use, e.g. `partial`.
    pub const fn name(self) -> &'static str {
        match self {
            BlockUse::Free => "free",
            BlockUse::Partial => "partial",
            BlockUse::Full => "full",
            BlockUse::Prefix => "prefix",
            BlockUse::Reserved => "reserved",
        }
    }
}

impl Ec2 {
    /// The use of every aligned /28 block of a subnet, in address order.
    pub fn subnet_blocks(&self, subnet_id: SubnetId) -> Result<Vec<BlockUse>, Error> {
        let subnet = self.subnet(subnet_id)?;
        let blocks = subnet.allocator().size().div_ceil(PREFIX_SIZE);
        Ok((0..blocks)
            .map(|block| {
                if subnet.prefix_owner(block).is_some() {
                    return BlockUse::Prefix;
                }
                let first = block * PREFIX_SIZE;
                let offsets = first..(first + PREFIX_SIZE).min(subnet.allocator().size());
                let usable = offsets
                    .clone()
                    .filter(|&o| !subnet.allocator().is_reserved(o))
                    .count();
                let owned = offsets
                    .clone()
                    .filter(|&o| subnet.allocator().is_owned(o))
                    .count();
                let reserved = usable < offsets.len()
                    || offsets
                        .clone()
                        .any(|o| subnet.allocator().in_reservation(o).is_some());
                match owned {
                    0 if reserved => BlockUse::Reserved,
                    0 => BlockUse::Free,
                    n if n == usable => BlockUse::Full,
                    _ => BlockUse::Partial,
                }
            })
            .collect())
    }
}

#[cfg(feature = "serde")]
impl SubnetReport {
    /// The report as JSON, in the same PascalCase style as EC2's own shapes.
    pub fn to_json(&self) -> serde_json::Value {
        let pinned: Vec<serde_json::Value> = self
            .pinned_blocks
            .iter()
            .map(|block| {
                let addresses: Vec<serde_json::Value> = block
                    .addresses
                    .iter()
                    .map(|(address, eni)| {
                        serde_json::json!({
                            "PrivateIpAddress": address.to_string(),
                            "NetworkInterfaceId": eni.to_string(),
                        })
                    })
                    .collect();
                serde_json::json!({"Ipv4Prefix": block.prefix.to_string(), "Addresses": addresses})
            })
            .collect();
        serde_json::json!({
            "SubnetId": self.subnet_id.to_string(),
            "CidrBlock": self.cidr.to_string(),
            "Usable": self.usable,
            "Owned": self.owned,
            "AvailableIpAddressCount": self.available,
            "AvailableForAutomaticAddresses": self.available_for_automatic_addresses,
            "FreeAlignedBlocks": self.free_aligned_blocks,
            "LargestFreeAlignedBlock": self.largest_free_aligned_block.map(|net| net.to_string()),
            "BlocksPinnedByOneAddress": self.blocks_pinned_by_one_address(),
            "PinnedBlocks": pinned,
        })
    }
}
