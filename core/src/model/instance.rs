//! Instances as the model holds them.

use crate::ids::{InstanceId, NetworkInterfaceId, ReservationId, SecurityGroupId, SubnetId, VpcId};

/// An instance's lifecycle state, as far as addressing cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstanceState {
    /// Running: interfaces can be attached and addresses assigned.
    Running,
    /// Terminated: kept for Describe, takes no operation.
    Terminated,
}

impl InstanceState {
    /// The state name as EC2 spells it.
    pub const fn name(self) -> &'static str {
        match self {
            InstanceState::Running => "running",
            InstanceState::Terminated => "terminated",
        }
    }

    /// The state code EC2 reports.
    pub const fn code(self) -> u32 {
        match self {
            InstanceState::Running => 16,
            InstanceState::Terminated => 48,
        }
    }
}

/// One interface attached to an instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InstanceInterface {
    /// The network card.
    pub network_card_index: u32,
    /// The device index.
    pub device_index: u32,
    /// The interface.
    pub network_interface_id: NetworkInterfaceId,
}

/// An instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    /// Its id.
    pub id: InstanceId,
    /// Its instance type's name.
    pub instance_type: String,
    /// The subnet of its primary interface.
    pub subnet_id: SubnetId,
    /// Its VPC.
    pub vpc_id: VpcId,
    /// Its availability zone.
    pub availability_zone: String,
    /// Its state.
    pub state: InstanceState,
    /// The RunInstances call that launched it.
    pub reservation_id: ReservationId,
    /// Its position in that call.
    pub launch_index: u32,
    /// Its attached interfaces.
    pub interfaces: Vec<InstanceInterface>,
    /// Its settings beyond addressing.
    pub attributes: InstanceAttributes,
}

impl Instance {
    /// Interfaces attached to network card `card`.
    pub fn interfaces_on_card(&self, card: u32) -> u32 {
        let count = self
            .interfaces
            .iter()
            .filter(|interface| interface.network_card_index == card)
            .count();
        u32::try_from(count).unwrap_or(u32::MAX)
    }

    /// The primary interface (device 0 on card 0), unless terminated.
    pub fn primary_interface(&self) -> Option<NetworkInterfaceId> {
        self.interfaces
            .iter()
            .find(|i| i.device_index == 0 && i.network_card_index == 0)
            .map(|i| i.network_interface_id)
    }
}

use std::net::Ipv4Addr;

use crate::error::Error;
use crate::ids::AttachmentId;
use crate::model::address_assignment::check_addresses;
use crate::model::instance_attributes::InstanceAttributes;
use crate::model::network_interface::{Attachment, NetworkInterface};
use crate::model::subnet::AddressOwner;
use crate::model::Ec2;
use crate::request::InterfaceType;

/// The address parameters of a RunInstances call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunInstances {
    /// The instance type, e.g. `m5.large`.
    pub instance_type: String,
    /// The subnet of each instance's primary interface.
    pub subnet_id: SubnetId,
    /// Launch at least this many, or none.
    pub min_count: u32,
    /// Launch at most this many.
    pub max_count: u32,
    /// The primary address, for a single instance.
    pub private_ip_address: Option<Ipv4Addr>,
    /// The primary interfaces' security groups (`SecurityGroupIds`); none gives the VPC's
    /// default group.
    pub security_group_ids: Vec<SecurityGroupId>,
    /// The instances' settings beyond addressing (the launch time is the model's clock's).
    pub attributes: InstanceAttributes,
}

/// RunInstances' counts: `MinCount` from 1, `MaxCount` from `MinCount`, both at most
/// 2,147,483,647.
pub(crate) fn check_counts(min_count: u32, max_count: u32) -> Result<(), Error> {
    if min_count < 1 || min_count > i32::MAX as u32 {
        return Err(Error::IntegerOutOfRange {
            parameter: "MinCount",
            value: i64::from(min_count),
            min: 1,
            max: i64::from(i32::MAX),
        });
    }
    if max_count < min_count || max_count > i32::MAX as u32 {
        return Err(Error::IntegerOutOfRange {
            parameter: "MaxCount",
            value: i64::from(max_count),
            min: i64::from(min_count),
            max: i64::from(i32::MAX),
        });
    }
    Ok(())
}

impl Ec2 {
    /// RunInstances: between `min_count` and `max_count` instances, as many as the subnet has
    /// addresses for, each with its primary interface at device index 0 on card 0.
    pub fn run_instances(
        &mut self,
        request: &RunInstances,
    ) -> Result<(ReservationId, Vec<InstanceId>), Error> {
        if self.instance_types.get(&request.instance_type).is_none() {
            return Err(Error::InvalidInstanceTypeValue {
                instance_type: request.instance_type.clone(),
            });
        }
        check_counts(request.min_count, request.max_count)?;
        let subnet = self.subnet(request.subnet_id)?;
        let explicit_offset = match request.private_ip_address {
            None => None,
            Some(address) => {
                if request.max_count > 1 {
                    return Err(Error::ConflictingParameters {
                        first: "PrivateIpAddress",
                        second: "MaxCount",
                    });
                }
                let offset = check_addresses(subnet, &[address])?[0];
                if subnet.owner(offset).is_some() || subnet.prefix_owner(offset / 16).is_some() {
                    return Err(Error::AddressInUse { address });
                }
                Some(offset)
            }
        };
        let available = subnet.allocator().available_for_automatic_addresses();
        let count = match explicit_offset {
            Some(_) => 1,
            None => request.max_count.min(available),
        };
        if count < request.min_count {
            return Err(Error::InsufficientFreeAddresses {
                subnet_id: subnet.id,
                requested: request.min_count,
                available,
            });
        }
        let (vpc_id, zone) = (subnet.vpc_id, subnet.availability_zone.clone());
        let groups = self.interface_groups(request.subnet_id, &request.security_group_ids)?;
        let reservation_id = ReservationId::from_number(self.mint());
        let mut launched = Vec::with_capacity(count as usize);
        for launch_index in 0..count {
            let instance_id = InstanceId::from_number(self.mint());
            let number = self.mint();
            let eni_id = NetworkInterfaceId::from_number(number);
            let primary = match explicit_offset {
                Some(offset) => {
                    let owner = AddressOwner {
                        network_interface_id: eni_id,
                        primary: true,
                    };
                    let Some(subnet) = self.subnets.get_mut(&request.subnet_id) else {
                        break;
                    };
                    subnet.take_address(offset, owner);
                    subnet.address(offset)
                }
                None => match self
                    .allocate_addresses(request.subnet_id, eni_id, 1, true)
                    .first()
                {
                    Some(address) => *address,
                    None => break,
                },
            };
            self.network_interfaces.insert(
                eni_id,
                NetworkInterface {
                    id: eni_id,
                    subnet_id: request.subnet_id,
                    vpc_id,
                    availability_zone: zone.clone(),
                    description: String::new(),
                    interface_type: InterfaceType::Interface,
                    mac_address: crate::model::network_interface::mac_address(number),
                    primary: Some(primary),
                    secondaries: Vec::new(),
                    prefixes: Vec::new(),
                    attachment: None,
                    elastic_ips: Vec::new(),
                    groups: groups.clone(),
                    source_dest_check: true,
                },
            );
            self.start_instance(
                instance_id,
                &request.instance_type,
                (reservation_id, launch_index),
                &request.attributes,
                (eni_id, true),
            );
            launched.push(instance_id);
        }
        Ok((reservation_id, launched))
    }

    /// Records a running instance whose primary interface is `primary` (made, unattached), and
    /// attaches it at device 0 of card 0, deleting on termination as the flag says. The
    /// instance is in the interface's subnet, VPC and zone, at `launch_index` of `reservation`.
    pub(crate) fn start_instance(
        &mut self,
        instance_id: InstanceId,
        instance_type: &str,
        (reservation_id, launch_index): (ReservationId, u32),
        attributes: &InstanceAttributes,
        (primary, delete_on_termination): (NetworkInterfaceId, bool),
    ) {
        let Some(eni) = self.network_interfaces.get(&primary) else {
            return;
        };
        let instance = Instance {
            id: instance_id,
            instance_type: instance_type.to_owned(),
            subnet_id: eni.subnet_id,
            vpc_id: eni.vpc_id,
            availability_zone: eni.availability_zone.clone(),
            state: InstanceState::Running,
            reservation_id,
            launch_index,
            interfaces: Vec::new(),
            attributes: InstanceAttributes {
                launch_time: self.now(),
                ..attributes.clone()
            },
        };
        self.instances.insert(instance_id, instance);
        let attachment_id = AttachmentId::from_number(self.mint());
        self.attach(
            primary,
            Attachment {
                id: attachment_id,
                instance_id,
                device_index: 0,
                network_card_index: 0,
                delete_on_termination,
                attach_time: self.now(),
            },
        );
    }

    /// TerminateInstances: every id must exist; each instance's interfaces that delete on
    /// termination (the primary) are deleted, the others detached. Gives each instance's
    /// previous and current state.
    pub fn terminate_instances(
        &mut self,
        ids: &[InstanceId],
    ) -> Result<Vec<(InstanceId, InstanceState, InstanceState)>, Error> {
        for &id in ids {
            if self.instance(id)?.attributes.disable_api_termination {
                return Err(Error::TerminationProtected { instance_id: id });
            }
        }
        let mut changes = Vec::with_capacity(ids.len());
        for &id in ids {
            let Some(instance) = self.instances.get(&id) else {
                continue;
            };
            let previous = instance.state;
            let interfaces: Vec<NetworkInterfaceId> = instance
                .interfaces
                .iter()
                .map(|i| i.network_interface_id)
                .collect();
            for eni in interfaces {
                let delete = self
                    .network_interfaces
                    .get(&eni)
                    .and_then(|e| e.attachment)
                    .is_some_and(|a| a.delete_on_termination);
                self.detach(eni);
                if delete {
                    self.remove_network_interface(eni);
                }
            }
            if let Some(instance) = self.instances.get_mut(&id) {
                instance.state = InstanceState::Terminated;
            }
            changes.push((id, previous, InstanceState::Terminated));
        }
        Ok(changes)
    }
}
