//! Remaining address capacity per interface and per instance.

use crate::error::Error;
use crate::ids::{InstanceId, NetworkInterfaceId};
use crate::model::Ec2;

/// How many more addresses an instance can take, interface by interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceCapacity {
    /// Interfaces the instance type allows, over all its network cards.
    pub max_interfaces: u32,
    /// Interfaces attached now.
    pub attached_interfaces: u32,
    /// Address slots each interface takes (`ipv4_per_eni`, the primary included).
    pub slots_per_interface: u32,
    /// Free slots on each attached interface, by interface.
    pub free_slots: Vec<(NetworkInterfaceId, u32)>,
}

impl InstanceCapacity {
    /// Free slots on attached interfaces plus every slot but the primary on each interface
    /// that could still be attached.
    pub fn total_free_slots(&self) -> u64 {
        let attached: u64 = self
            .free_slots
            .iter()
            .map(|(_, free)| u64::from(*free))
            .sum();
        let unattached = u64::from(self.max_interfaces.saturating_sub(self.attached_interfaces));
        attached + unattached * u64::from(self.slots_per_interface.saturating_sub(1))
    }
}

impl Ec2 {
    /// Free address slots on an interface: its limit (rule 13) less what it holds.
    pub fn remaining_slots(&self, id: NetworkInterfaceId) -> Result<u32, Error> {
        let eni = self.network_interface(id)?;
        Ok(self.slot_limit(eni).0.saturating_sub(eni.slots()))
    }

    /// The address capacity of an instance: its interfaces and their free slots.
    pub fn instance_capacity(&self, id: InstanceId) -> Result<InstanceCapacity, Error> {
        let instance = self.instance(id)?;
        let instance_type = self.instance_types.lookup(&instance.instance_type)?;
        let free_slots = instance
            .interfaces
            .iter()
            .map(|i| {
                let free = self.remaining_slots(i.network_interface_id).unwrap_or(0);
                (i.network_interface_id, free)
            })
            .collect();
        Ok(InstanceCapacity {
            max_interfaces: instance_type.total_interfaces(),
            attached_interfaces: u32::try_from(instance.interfaces.len()).unwrap_or(u32::MAX),
            slots_per_interface: instance_type.ipv4_per_eni,
            free_slots,
        })
    }
}
