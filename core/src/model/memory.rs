//! How much memory a model holds, estimated part by part, so that a planner can tell what a
//! region of many subnets and interfaces costs before loading it.

use std::mem::size_of;

use crate::hash::table_bytes;
use crate::model::instance::Instance;
use crate::model::network_interface::NetworkInterface;
use crate::model::subnet::Subnet;
use crate::model::Ec2;

/// The bytes a model holds, by part. Each part counts its map tables (see
/// [`Ec2::memory_estimate`]) and the heap its values own.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MemoryEstimate {
    /// Subnets: their table, each subnet's allocator (bitmaps and summaries), owner tables
    /// (one entry per address owned on its own, one per prefix) and reservations.
    pub subnets: usize,
    /// Network interfaces: their table, their strings and address lists, and the table of
    /// attachments.
    pub network_interfaces: usize,
    /// Instances: their table, type names, zones and interface lists.
    pub instances: usize,
    /// Everything else: the model itself, VPCs, Elastic IPs, their associations and the
    /// instance types added to the embedded table.
    pub other: usize,
}

impl MemoryEstimate {
    /// The sum of the parts.
    pub fn total(&self) -> usize {
        self.subnets + self.network_interfaces + self.instances + self.other
    }
}

impl Subnet {
    /// Bytes this subnet owns besides its entry in the model's table: the allocator (8 KiB of
    /// ownership bitmap and 640 B of summaries for a /16), the owner tables, the reservations
    /// and the zone's name.
    pub fn memory_bytes(&self) -> usize {
        self.allocator.memory_bytes() - size_of_val(&self.allocator)
            + table_bytes(&self.owners)
            + table_bytes(&self.prefix_owners)
            + self.reservations.capacity() * size_of::<crate::model::SubnetCidrReservation>()
            + self
                .reservations
                .iter()
                .map(|r| r.description.as_ref().map_or(0, String::capacity))
                .sum::<usize>()
            + self.availability_zone.capacity()
    }
}

impl NetworkInterface {
    /// Heap bytes this interface owns: its strings and its lists of addresses, prefixes and
    /// Elastic IPs (by capacity).
    pub fn heap_bytes(&self) -> usize {
        self.availability_zone.capacity()
            + self.description.capacity()
            + self.mac_address.capacity()
            + self.secondaries.capacity() * size_of::<std::net::Ipv4Addr>()
            + self.prefixes.capacity() * size_of::<crate::prefix::Ipv4Prefix>()
            + self.elastic_ips.capacity() * size_of::<(std::net::Ipv4Addr, crate::AllocationId)>()
    }
}

impl Instance {
    /// Heap bytes this instance owns: its type's name, its zone and its interface list.
    pub fn heap_bytes(&self) -> usize {
        self.instance_type.capacity()
            + self.availability_zone.capacity()
            + self.interfaces.capacity() * size_of::<crate::model::InstanceInterface>()
    }
}

impl Ec2 {
    /// An estimate of the bytes the model holds, by part: each map's table at its current
    /// capacity (key, value and control byte per bucket) plus the heap its values own. The
    /// embedded instance-type table, shared by every model in the process, is not counted.
    ///
    /// ```
    /// use eniplan::Ec2;
    ///
    /// let mut ec2 = Ec2::default();
    /// let empty = ec2.memory_estimate().total();
    /// let vpc = ec2.create_vpc("10.0.0.0/16")?;
    /// ec2.create_subnet(vpc, "10.0.0.0/16", None)?;
    /// // A /16 subnet costs about 9 KiB, most of it the bitmap of its 65,536 addresses.
    /// let subnet = ec2.memory_estimate().subnets;
    /// assert!((8_192..10_240).contains(&subnet), "{subnet}");
    /// assert!(ec2.memory_estimate().total() > empty);
    /// # Ok::<(), eniplan::Error>(())
    /// ```
    pub fn memory_estimate(&self) -> MemoryEstimate {
        let subnets = table_bytes(&self.subnets)
            + self
                .subnets
                .values()
                .map(Subnet::memory_bytes)
                .sum::<usize>();
        let network_interfaces = table_bytes(&self.network_interfaces)
            + table_bytes(&self.attachments)
            + self
                .network_interfaces
                .values()
                .map(NetworkInterface::heap_bytes)
                .sum::<usize>();
        let instances = table_bytes(&self.instances)
            + self
                .instances
                .values()
                .map(Instance::heap_bytes)
                .sum::<usize>();
        let other = size_of::<Ec2>()
            + table_bytes(&self.vpcs)
            + self
                .vpcs
                .values()
                .map(|vpc| vpc.secondary_cidrs.capacity() * size_of::<ipnet::Ipv4Net>())
                .sum::<usize>()
            + table_bytes(&self.elastic_ips)
            + table_bytes(&self.associations)
            + self.instance_types.overrides_bytes();
        MemoryEstimate {
            subnets,
            network_interfaces,
            instances,
            other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interfaces_grow_the_estimate_by_their_entries_and_heap() {
        let mut ec2 = Ec2::default();
        let vpc = ec2.create_vpc("10.0.0.0/16").unwrap();
        let subnet = ec2.create_subnet(vpc, "10.0.0.0/16", None).unwrap();
        let before = ec2.memory_estimate();
        let request = crate::CreateNetworkInterface::new(
            subnet,
            None,
            Some(crate::AddressSelection::AddressCount(3)),
            crate::InterfaceType::Interface,
        )
        .unwrap();
        for _ in 0..100 {
            ec2.create_network_interface(&request).unwrap();
        }
        let after = ec2.memory_estimate();
        // Each interface: its entry and heap; four owned addresses in the subnet's owner table.
        let per_interface = (after.network_interfaces - before.network_interfaces) / 100;
        assert!(
            per_interface > size_of::<NetworkInterface>(),
            "{per_interface}"
        );
        assert!(after.subnets >= before.subnets + 400 * size_of::<u32>());
        assert_eq!(after.instances, before.instances);
    }
}
