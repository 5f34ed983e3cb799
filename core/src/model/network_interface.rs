//! Network interfaces as the model holds them.

use std::borrow::Cow;
use std::net::Ipv4Addr;

use crate::ids::{
    AllocationId, AttachmentId, InstanceId, NetworkInterfaceId, SecurityGroupId, SubnetId, VpcId,
};
use crate::model::Timestamp;
use crate::prefix::Ipv4Prefix;
use crate::request::InterfaceType;

/// Where an interface is attached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attachment {
    /// The attachment's id.
    pub id: AttachmentId,
    /// The instance.
    pub instance_id: InstanceId,
    /// The device index on the instance.
    pub device_index: u32,
    /// The network card.
    pub network_card_index: u32,
    /// Whether terminating the instance deletes the interface (true for the primary).
    pub delete_on_termination: bool,
    /// When it was attached.
    pub attach_time: Timestamp,
}

/// A network interface (ENI).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkInterface {
    /// Its id.
    pub id: NetworkInterfaceId,
    /// Its subnet.
    pub subnet_id: SubnetId,
    /// Its VPC.
    pub vpc_id: VpcId,
    /// Its subnet's availability zone.
    pub availability_zone: String,
    /// Free text.
    pub description: String,
    /// Its kind.
    pub interface_type: InterfaceType,
    /// Its MAC address.
    pub mac_address: String,
    /// Its primary address, fixed for life; `None` only for an `efa-only` interface.
    pub primary: Option<Ipv4Addr>,
    /// Its secondary addresses, in the order they were assigned.
    pub secondaries: Vec<Ipv4Addr>,
    /// Its /28 prefixes, in the order they were assigned.
    pub prefixes: Vec<Ipv4Prefix>,
    /// Its attachment, if attached.
    pub attachment: Option<Attachment>,
    /// Elastic IPs associated with its private addresses.
    pub elastic_ips: Vec<(Ipv4Addr, AllocationId)>,
    /// Its security groups, in the order given; see [`Ec2::interface_groups`].
    pub groups: Vec<SecurityGroupId>,
    /// `SourceDestCheck`: whether traffic not addressed to it is dropped (true by default).
    pub source_dest_check: bool,
}

/// One change ModifyNetworkInterfaceAttribute makes (EC2 takes one a call).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NetworkInterfaceAttributeChange {
    /// `Description`.
    Description(String),
    /// `SourceDestCheck`.
    SourceDestCheck(bool),
    /// `SecurityGroupId.N`: the whole new list of groups.
    Groups(Vec<SecurityGroupId>),
    /// `Attachment.DeleteOnTermination` of the interface's attachment `Attachment.AttachmentId`.
    DeleteOnTermination {
        /// The attachment, which must be the interface's.
        attachment_id: AttachmentId,
        /// Whether terminating the instance deletes the interface.
        delete_on_termination: bool,
    },
}

impl NetworkInterface {
    /// Address slots in use: the primary, each secondary, and one per /28 prefix (rule 13).
    pub fn slots(&self) -> u32 {
        let count =
            usize::from(self.primary.is_some()) + self.secondaries.len() + self.prefixes.len();
        u32::try_from(count).unwrap_or(u32::MAX)
    }

    /// Whether it holds `address` as its primary or a secondary.
    pub fn holds(&self, address: Ipv4Addr) -> bool {
        self.primary == Some(address) || self.secondaries.contains(&address)
    }

    /// The Elastic IP associated with `address`, if any.
    pub fn elastic_ip(&self, address: Ipv4Addr) -> Option<AllocationId> {
        self.elastic_ips
            .iter()
            .find(|(private, _)| *private == address)
            .map(|(_, allocation)| *allocation)
    }

    /// `available` or `in-use`, as EC2 shows the status.
    pub fn status(&self) -> &'static str {
        if self.attachment.is_some() {
            "in-use"
        } else {
            "available"
        }
    }
}

use crate::error::Error;
use crate::ids::IdKind;
use crate::model::address_assignment::{
    check_addresses, check_prefixes, distinct, prefix_conflict,
};
use crate::model::subnet::{Claim, Primary, Shortage};
use crate::model::{not_found, Ec2};
use crate::prefix::PREFIX_SIZE;
use crate::request::{
    AddressSelection, AttachNetworkInterface, AttachNetworkInterfaceResponse,
    CreateNetworkInterface,
};

impl Ec2 {
    /// CreateNetworkInterface: a new interface in the subnet with its primary address and any
    /// secondary addresses or prefixes asked for.
    ///
    /// Automatic prefixes are picked before automatic addresses, so an automatic primary never
    /// spoils a free /28 the same request needs (a policy).
    pub fn create_network_interface(
        &mut self,
        request: &CreateNetworkInterface,
    ) -> Result<NetworkInterfaceId, Error> {
        let subnet = self.subnet(request.subnet_id())?;
        let efa_only = request.interface_type() == InterfaceType::EfaOnly;
        let mut explicit: Vec<Ipv4Addr> = request.primary().into_iter().collect();
        let mut explicit_prefixes: Cow<'_, [Ipv4Prefix]> = Cow::Borrowed(&[]);
        let (mut address_count, mut prefix_count) = (0, 0);
        match request.selection() {
            None => {}
            Some(AddressSelection::Addresses(list)) => explicit.extend(list),
            Some(AddressSelection::AddressCount(count)) => address_count = *count,
            Some(AddressSelection::Prefixes(list)) => explicit_prefixes = distinct(list),
            Some(AddressSelection::PrefixCount(count)) => prefix_count = *count,
        }
        let explicit = distinct(&explicit);
        // Rules 7, 8 and 9 before any conflict with what is owned (spec section 6: rule by rule).
        let offsets = check_addresses(subnet, &explicit)?;
        let blocks = check_prefixes(subnet, &explicit_prefixes)?;
        for (&address, &offset) in explicit.iter().zip(&offsets) {
            let in_prefix = subnet.prefix_owner(offset / PREFIX_SIZE).is_some();
            if subnet.owner(offset).is_some() || in_prefix {
                return Err(Error::AddressInUse { address });
            }
        }
        if let Some(error) = blocks
            .iter()
            .find_map(|&block| prefix_conflict(subnet, block))
        {
            return Err(error);
        }
        // Rule 12 within the request: a prefix over one of its own addresses (spec section 6).
        for &prefix in explicit_prefixes.iter() {
            if let Some(&address) = explicit.iter().filter(|&&a| prefix.contains(a)).min() {
                return Err(Error::PrefixOverlapsRequestedAddress { prefix, address });
            }
        }
        let needs_primary = request.primary().is_none() && !efa_only;
        let slots = u32::from(needs_primary)
            .saturating_add(u32::try_from(explicit.len() + blocks.len()).unwrap_or(u32::MAX))
            .saturating_add(address_count)
            .saturating_add(prefix_count);
        let limit = self.instance_types.max_ipv4_per_eni();
        if slots > limit {
            return Err(Error::PrivateIpAddressLimitExceeded {
                network_interface_id: None,
                limit,
                requested: slots,
            });
        }
        let primary = if request.primary().is_some() {
            Primary::Explicit
        } else if efa_only {
            Primary::Without
        } else {
            Primary::Automatic
        };
        let claim = Claim {
            addresses: &offsets,
            blocks: &blocks,
            automatic_addresses: address_count.saturating_add(u32::from(needs_primary)),
            automatic_blocks: prefix_count,
            primary,
        };
        let plan = subnet
            .plan_claim(&claim, &self.picker)
            .map_err(|shortage| match shortage {
                Shortage::Addresses { available } => Error::InsufficientFreeAddresses {
                    subnet_id: subnet.id,
                    requested: claim.automatic_addresses,
                    available,
                },
                Shortage::Blocks { available } => Error::InsufficientCidrBlocks {
                    subnet_id: subnet.id,
                    requested: prefix_count,
                    available,
                },
            })?;
        let groups = self.interface_groups(request.subnet_id(), request.groups())?;
        if request.dry_run() {
            return Err(Error::DryRun);
        }
        let (vpc_id, availability_zone) = (subnet.vpc_id, subnet.availability_zone.clone());
        let number = self.mint();
        let id = NetworkInterfaceId::from_number(number);
        let (subnets, picker) = (&mut self.subnets, &mut self.picker);
        let Some(subnet) = subnets.get_mut(&request.subnet_id()) else {
            return Err(not_found(IdKind::Subnet, request.subnet_id()));
        };
        let (offsets, blocks) = subnet.commit_claim(plan, id, picker);
        let addresses: Vec<Ipv4Addr> = offsets.iter().map(|&o| subnet.address(o)).collect();
        let prefixes: Vec<Ipv4Prefix> = blocks.iter().map(|&b| subnet.prefix(b)).collect();
        let has_primary = primary != Primary::Without;
        let primary = if has_primary {
            addresses.first().copied()
        } else {
            None
        };
        let secondaries = addresses
            .into_iter()
            .skip(usize::from(has_primary))
            .collect();
        self.network_interfaces.insert(
            id,
            NetworkInterface {
                id,
                subnet_id: request.subnet_id(),
                vpc_id,
                availability_zone,
                description: request.description().unwrap_or_default().to_owned(),
                interface_type: request.interface_type(),
                mac_address: mac_address(number),
                primary,
                secondaries,
                prefixes,
                attachment: None,
                elastic_ips: Vec::new(),
                groups,
                source_dest_check: true,
            },
        );
        Ok(id)
    }

    /// DeleteNetworkInterface: an attached interface cannot be deleted; its addresses,
    /// prefixes and Elastic IP associations are released.
    pub fn delete_network_interface(&mut self, id: NetworkInterfaceId) -> Result<(), Error> {
        let eni = self.network_interface(id)?;
        if eni.attachment.is_some() {
            return Err(Error::NetworkInterfaceCurrentlyInUse {
                network_interface_id: id,
            });
        }
        self.remove_network_interface(id);
        Ok(())
    }

    /// Releases everything an interface holds and forgets it.
    pub(crate) fn remove_network_interface(&mut self, id: NetworkInterfaceId) {
        let Some(eni) = self.network_interfaces.get(&id) else {
            return;
        };
        let addresses: Vec<Ipv4Addr> = eni
            .primary
            .into_iter()
            .chain(eni.secondaries.iter().copied())
            .collect();
        let prefixes = eni.prefixes.clone();
        for address in addresses {
            self.free_private_address(id, address);
        }
        for prefix in prefixes {
            self.release_prefix(id, prefix);
        }
        self.network_interfaces.remove(&id);
        self.forget_tags(&id.to_string());
    }

    /// AttachNetworkInterface, with the checks of spec section 6 in order.
    pub fn attach_network_interface(
        &mut self,
        request: &AttachNetworkInterface,
    ) -> Result<AttachNetworkInterfaceResponse, Error> {
        let eni = self.network_interface(request.network_interface_id())?;
        let instance = self.instance(request.instance_id())?;
        if instance.state == crate::model::InstanceState::Terminated {
            return Err(Error::InstanceTerminated {
                instance_id: instance.id,
            });
        }
        if eni.attachment.is_some() {
            return Err(Error::NetworkInterfaceAttached {
                network_interface_id: eni.id,
            });
        }
        if eni.availability_zone != instance.availability_zone {
            return Err(Error::AvailabilityZoneMismatch {
                network_interface_id: eni.id,
                instance_id: instance.id,
            });
        }
        let instance_type = self
            .instance_types
            .get(&instance.instance_type)
            .ok_or_else(|| Error::InvalidInstanceTypeValue {
                instance_type: instance.instance_type.clone(),
            })?;
        let card_index = request.network_card_index();
        let card = instance_type
            .card(card_index)
            .ok_or_else(|| Error::NoSuchNetworkCard {
                index: card_index,
                instance_type: instance.instance_type.clone(),
                cards: u32::try_from(instance_type.network_cards.len()).unwrap_or(u32::MAX),
            })?;
        if instance
            .interfaces
            .iter()
            .any(|i| i.device_index == request.device_index())
        {
            return Err(Error::DeviceIndexInUse {
                instance_id: instance.id,
                device_index: request.device_index(),
            });
        }
        let count = instance.interfaces_on_card(card_index).saturating_add(1);
        if count > card.max_interfaces {
            return Err(Error::AttachmentLimitExceeded {
                count,
                instance_type: instance.instance_type.clone(),
            });
        }
        if eni.slots() > instance_type.ipv4_per_eni {
            return Err(Error::InterfaceAddressLimitExceeded {
                count: eni.slots(),
                network_interface_id: eni.id,
                instance_type: instance.instance_type.clone(),
            });
        }
        if !eni.prefixes.is_empty() && !instance_type.supports_prefixes() {
            return Err(Error::PrefixesNotSupported {
                instance_type: instance.instance_type.clone(),
            });
        }
        if request.dry_run() {
            return Err(Error::DryRun);
        }
        let attachment_id = AttachmentId::from_number(self.mint());
        self.attach(
            request.network_interface_id(),
            Attachment {
                id: attachment_id,
                instance_id: request.instance_id(),
                device_index: request.device_index(),
                network_card_index: card_index,
                delete_on_termination: false,
                attach_time: self.now(),
            },
        );
        Ok(AttachNetworkInterfaceResponse {
            attachment_id,
            network_card_index: card_index,
        })
    }

    /// Records a checked attachment on both sides.
    pub(crate) fn attach(&mut self, id: NetworkInterfaceId, attachment: Attachment) {
        if let Some(instance) = self.instances.get_mut(&attachment.instance_id) {
            instance.interfaces.push(crate::model::InstanceInterface {
                network_card_index: attachment.network_card_index,
                device_index: attachment.device_index,
                network_interface_id: id,
            });
        }
        if let Some(eni) = self.network_interfaces.get_mut(&id) {
            eni.attachment = Some(attachment);
        }
        self.attachments.insert(attachment.id, id);
    }

    /// ModifyNetworkInterfaceAttribute with `Attachment.DeleteOnTermination`: whether terminating
    /// the instance deletes the interface. The attachment must be the interface's own
    /// (`InvalidAttachmentID.NotFound` otherwise).
    pub fn set_delete_on_termination(
        &mut self,
        network_interface_id: NetworkInterfaceId,
        attachment_id: AttachmentId,
        delete_on_termination: bool,
    ) -> Result<(), Error> {
        let eni = self.network_interface(network_interface_id)?;
        if eni.attachment.map(|attachment| attachment.id) != Some(attachment_id) {
            return Err(not_found(IdKind::Attachment, attachment_id));
        }
        if let Some(attachment) = self
            .network_interfaces
            .get_mut(&network_interface_id)
            .and_then(|eni| eni.attachment.as_mut())
        {
            attachment.delete_on_termination = delete_on_termination;
        }
        Ok(())
    }

    /// ModifyNetworkInterfaceAttribute: one change to an interface. New groups are checked
    /// as a new interface's are ([`Ec2::interface_groups`]).
    pub fn modify_network_interface_attribute(
        &mut self,
        id: NetworkInterfaceId,
        change: NetworkInterfaceAttributeChange,
    ) -> Result<(), Error> {
        let subnet_id = self.network_interface(id)?.subnet_id;
        match change {
            NetworkInterfaceAttributeChange::Description(text) => {
                self.network_interface_mut(id)?.description = text
            }
            NetworkInterfaceAttributeChange::SourceDestCheck(on) => {
                self.network_interface_mut(id)?.source_dest_check = on
            }
            NetworkInterfaceAttributeChange::Groups(asked) => {
                let groups = self.interface_groups(subnet_id, &asked)?;
                self.network_interface_mut(id)?.groups = groups;
            }
            NetworkInterfaceAttributeChange::DeleteOnTermination {
                attachment_id,
                delete_on_termination,
            } => self.set_delete_on_termination(id, attachment_id, delete_on_termination)?,
        }
        Ok(())
    }

    /// An interface by id, to change.
    fn network_interface_mut(
        &mut self,
        id: NetworkInterfaceId,
    ) -> Result<&mut NetworkInterface, Error> {
        self.network_interfaces
            .get_mut(&id)
            .ok_or_else(|| not_found(IdKind::NetworkInterface, id))
    }

    /// DetachNetworkInterface: the primary interface (device 0, card 0) never detaches.
    pub fn detach_network_interface(&mut self, attachment_id: AttachmentId) -> Result<(), Error> {
        let id = *self
            .attachments
            .get(&attachment_id)
            .ok_or_else(|| not_found(IdKind::Attachment, attachment_id))?;
        let attachment = self
            .network_interface(id)?
            .attachment
            .ok_or_else(|| not_found(IdKind::Attachment, attachment_id))?;
        if attachment.device_index == 0 && attachment.network_card_index == 0 {
            return Err(Error::CannotDetachPrimary { attachment_id });
        }
        self.detach(id);
        Ok(())
    }

    /// Removes an interface's attachment on both sides.
    pub(crate) fn detach(&mut self, id: NetworkInterfaceId) {
        let Some(attachment) = self
            .network_interfaces
            .get_mut(&id)
            .and_then(|eni| eni.attachment.take())
        else {
            return;
        };
        self.attachments.remove(&attachment.id);
        if let Some(instance) = self.instances.get_mut(&attachment.instance_id) {
            instance.interfaces.retain(|i| i.network_interface_id != id);
        }
    }
}

/// A locally administered MAC address made from the interface's id number.
pub(crate) fn mac_address(number: u128) -> String {
    let bytes = number.to_be_bytes();
    format!(
        "02:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
        bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
    )
}
