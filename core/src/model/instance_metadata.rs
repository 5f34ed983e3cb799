//! What the instance metadata service (IMDS) shows an instance about its interfaces, including
//! EC2's asynchronous remapping: after a reassignment the API shows the move at once, but the
//! metadata only once the remap window has passed on the model's clock.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use crate::error::Error;
use crate::ids::{InstanceId, NetworkInterfaceId, SubnetId, VpcId};
use crate::model::Ec2;
use crate::prefix::Ipv4Prefix;

/// An address moved by reassignment that the metadata does not show moved yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PendingRemap {
    address: Ipv4Addr,
    from: NetworkInterfaceId,
    to: NetworkInterfaceId,
    /// The clock reading from which the metadata shows the move.
    visible_at: u64,
}

/// The model's clock and the reassignments the metadata has not caught up with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct MetadataClock {
    /// Seconds between a reassignment and the metadata showing it; 0 shows it at once.
    window: u64,
    /// Seconds since the model was made, as the caller advances them.
    now: u64,
    pending: Vec<PendingRemap>,
}

/// One interface as `network/interfaces/macs/<mac>/` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterfaceMetadata {
    /// `mac`.
    pub mac: String,
    /// `device-number`.
    pub device_number: u32,
    /// `network-card`.
    pub network_card: u32,
    /// `interface-id`.
    pub interface_id: NetworkInterfaceId,
    /// `local-ipv4s`: the primary first, then the secondaries.
    pub local_ipv4s: Vec<Ipv4Addr>,
    /// `ipv4-prefix`.
    pub ipv4_prefixes: Vec<Ipv4Prefix>,
    /// `subnet-id`.
    pub subnet_id: SubnetId,
    /// `subnet-ipv4-cidr-block`.
    pub subnet_ipv4_cidr_block: Ipv4Net,
    /// `vpc-id`.
    pub vpc_id: VpcId,
}

/// What the metadata service shows an instance about its network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceMetadata {
    /// `instance-id`.
    pub instance_id: InstanceId,
    /// Its interfaces, by network card and device number.
    pub interfaces: Vec<InterfaceMetadata>,
}

impl MetadataClock {
    /// Seconds since the model was made.
    pub(crate) fn now(&self) -> u64 {
        self.now
    }
}

impl Ec2 {
    /// Sets the remap window: how many seconds of the model's clock pass between a
    /// reassignment and the instance metadata showing it. 0 (the default) shows it at once.
    pub fn set_remap_window(&mut self, seconds: u64) {
        self.metadata.window = seconds;
    }

    /// Advances the model's clock, letting the metadata catch up with reassignments whose
    /// window has passed.
    pub fn advance_clock(&mut self, seconds: u64) {
        let clock = &mut self.metadata;
        clock.now = clock.now.saturating_add(seconds);
        let now = clock.now;
        clock.pending.retain(|remap| remap.visible_at > now);
    }

    /// Records a reassignment for the metadata, when a remap window is set.
    pub(crate) fn note_reassignment(
        &mut self,
        address: Ipv4Addr,
        from: NetworkInterfaceId,
        to: NetworkInterfaceId,
    ) {
        let clock = &mut self.metadata;
        if clock.window > 0 {
            clock.pending.retain(|remap| remap.address != address);
            clock.pending.push(PendingRemap {
                address,
                from,
                to,
                visible_at: clock.now.saturating_add(clock.window),
            });
        }
    }

    /// The instance metadata of an instance's interfaces, as the instance would read it now.
    pub fn instance_metadata(&self, instance_id: InstanceId) -> Result<InstanceMetadata, Error> {
        let instance = self.instance(instance_id)?;
        let mut attached = instance.interfaces.clone();
        attached.sort_by_key(|i| (i.network_card_index, i.device_index));
        let mut interfaces = Vec::with_capacity(attached.len());
        for interface in attached {
            let eni = self.network_interface(interface.network_interface_id)?;
            let subnet = self.subnet(eni.subnet_id)?;
            let arriving = |address: &Ipv4Addr| {
                self.metadata
                    .pending
                    .iter()
                    .any(|r| r.to == eni.id && r.address == *address)
            };
            let mut local_ipv4s: Vec<Ipv4Addr> = eni
                .primary
                .iter()
                .chain(&eni.secondaries)
                .copied()
                .filter(|address| !arriving(address))
                .collect();
            local_ipv4s.extend(
                self.metadata
                    .pending
                    .iter()
                    .filter(|r| r.from == eni.id)
                    .map(|r| r.address),
            );
            interfaces.push(InterfaceMetadata {
                mac: eni.mac_address.clone(),
                device_number: interface.device_index,
                network_card: interface.network_card_index,
                interface_id: eni.id,
                local_ipv4s,
                ipv4_prefixes: eni.prefixes.clone(),
                subnet_id: eni.subnet_id,
                subnet_ipv4_cidr_block: subnet.cidr,
                vpc_id: eni.vpc_id,
            });
        }
        Ok(InstanceMetadata {
            instance_id,
            interfaces,
        })
    }
}

#[cfg(feature = "serde")]
impl InstanceMetadata {
    /// The metadata as a tree of the service's paths: `network/interfaces/macs/<mac>/...`, with
    /// lists where the service answers one value a line.
    pub fn to_json(&self) -> serde_json::Value {
        let mut macs = serde_json::Map::new();
        for interface in &self.interfaces {
            macs.insert(
                interface.mac.clone(),
                serde_json::json!({
                    "device-number": interface.device_number,
                    "network-card": interface.network_card,
                    "interface-id": interface.interface_id.to_string(),
                    "local-ipv4s": interface.local_ipv4s.iter().map(Ipv4Addr::to_string).collect::<Vec<_>>(),
                    "ipv4-prefix": interface.ipv4_prefixes.iter().map(Ipv4Prefix::to_string).collect::<Vec<_>>(),
                    "mac": interface.mac,
                    "subnet-id": interface.subnet_id.to_string(),
                    "subnet-ipv4-cidr-block": interface.subnet_ipv4_cidr_block.to_string(),
                    "vpc-id": interface.vpc_id.to_string(),
                }),
            );
        }
        let primary = self.interfaces.first();
        serde_json::json!({
            "instance-id": self.instance_id.to_string(),
            "local-ipv4": primary.and_then(|i| i.local_ipv4s.first()).map(Ipv4Addr::to_string),
            "mac": primary.map(|i| i.mac.clone()),
            "network": {"interfaces": {"macs": macs}},
        })
    }
}
