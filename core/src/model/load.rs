//! Placing describe-* output into the model, all or nothing, with its consistency checks:
//! [`crate::import`] reads the documents into a [`Described`], which is placed here, where the
//! model's tables are.

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;

use crate::error::Error;
use crate::ids::{
    AllocationId, InstanceId, NetworkInterfaceId, SecurityGroupId, SubnetCidrReservationId,
    SubnetId, VpcId,
};
use crate::model::{
    AddressOwner, Attachment, Ec2, ElasticIp, Instance, InstanceInterface, InstanceState,
    NetworkInterface, SecurityGroup, Subnet, SubnetCidrReservation, Tags, Timestamp, Vpc,
    DEFAULT_GROUP_NAME,
};
use crate::prefix::{Ipv4Prefix, PREFIX_SIZE};
use crate::request::InterfaceType;

/// What a load did beyond the state itself: things it could not use, said aloud rather than
/// dropped in silence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportNotes {
    /// One line per thing loaded differently from how it was described.
    pub warnings: Vec<String>,
}

/// The error for describe output that cannot be loaded, naming the resource.
pub(crate) fn invalid(resource: impl Into<String>, problem: impl Into<String>) -> Error {
    Error::InvalidDescribeInput {
        resource: resource.into(),
        problem: problem.into(),
    }
}

/// An interface as described, before it is placed.
pub(crate) struct DescribedInterface {
    pub(crate) id: NetworkInterfaceId,
    pub(crate) tags: Tags,
    pub(crate) subnet_id: SubnetId,
    pub(crate) description: String,
    pub(crate) interface_type: InterfaceType,
    pub(crate) mac_address: Option<String>,
    pub(crate) primary: Option<Ipv4Addr>,
    pub(crate) secondaries: Vec<Ipv4Addr>,
    pub(crate) prefixes: Vec<Ipv4Prefix>,
    pub(crate) attachment: Option<Attachment>,
    /// `Groups`: each group's id and name.
    pub(crate) groups: Vec<(SecurityGroupId, String)>,
    pub(crate) source_dest_check: bool,
}

/// Everything read from the documents, before it is checked and placed.
#[derive(Default)]
pub(crate) struct Described {
    pub(crate) vpcs: BTreeMap<VpcId, Vpc>,
    pub(crate) vpcs_given: bool,
    pub(crate) subnets: BTreeMap<SubnetId, Subnet>,
    pub(crate) reservations: BTreeMap<SubnetCidrReservationId, SubnetCidrReservation>,
    pub(crate) instances: BTreeMap<InstanceId, Instance>,
    pub(crate) instances_given: bool,
    pub(crate) interfaces: BTreeMap<NetworkInterfaceId, DescribedInterface>,
    pub(crate) addresses: BTreeMap<AllocationId, ElasticIp>,
    /// The tags of every object read, by id; placed for those that are loaded.
    pub(crate) tags: BTreeMap<String, Tags>,
    pub(crate) warnings: Vec<String>,
    /// The time on the model's clock, for an attachment described without its time.
    pub(crate) now: Timestamp,
}

impl Ec2 {
    /// Refuses what the model already holds: loading an object again would replace it and
    /// leave the addresses, attachments and associations of the old one behind.
    fn refuse_known(&self, described: &Described) -> Result<(), Error> {
        let known = |resource: String| Err(invalid(resource, "is already in the model"));
        if let Some(id) = described.vpcs.keys().find(|id| self.vpcs.contains_key(id)) {
            return known(format!("VPC {id}"));
        }
        if let Some(id) = described
            .subnets
            .keys()
            .find(|id| self.subnets.contains_key(id))
        {
            return known(format!("subnet {id}"));
        }
        let reservations = || self.subnets.values().flat_map(|s| s.reservations());
        if let Some(r) = described
            .reservations
            .values()
            .find(|r| reservations().any(|known| known.id == r.id))
        {
            return known(format!("subnet CIDR reservation {}", r.id));
        }
        if let Some(id) = described
            .instances
            .keys()
            .find(|id| self.instances.contains_key(id))
        {
            return known(format!("instance {id}"));
        }
        for (id, interface) in &described.interfaces {
            if self.network_interfaces.contains_key(id) {
                return known(format!("network interface {id}"));
            }
            if let Some(attachment) = interface
                .attachment
                .filter(|a| self.attachments.contains_key(&a.id))
            {
                return known(format!(
                    "attachment {} of network interface {id}",
                    attachment.id
                ));
            }
        }
        for eip in described.addresses.values() {
            if self.elastic_ips.contains_key(&eip.allocation_id) {
                return known(format!("Elastic IP {}", eip.allocation_id));
            }
            if let Some(association) = eip
                .association
                .filter(|a| self.associations.contains_key(&a.id))
            {
                return known(format!(
                    "association {} of Elastic IP {}",
                    association.id, eip.allocation_id
                ));
            }
        }
        Ok(())
    }

    /// Places what was read, checking it against itself and against the model; the caller
    /// works on a copy of the model, so a failure changes nothing.
    pub(crate) fn place(&mut self, mut described: Described) -> Result<ImportNotes, Error> {
        self.refuse_known(&described)?;
        let mut notes = ImportNotes {
            warnings: std::mem::take(&mut described.warnings),
        };
        // VPCs: loaded ones, and for subnets without one a VPC made of the subnets' CIDRs.
        let mut new_vpcs: BTreeSet<VpcId> = described.vpcs.keys().copied().collect();
        for vpc in std::mem::take(&mut described.vpcs).into_values() {
            self.add_vpc(vpc);
        }
        for subnet in described.subnets.values() {
            if let Some(vpc) = self.vpcs.get_mut(&subnet.vpc_id) {
                if !vpc.contains(&subnet.cidr) {
                    if described.vpcs_given {
                        return Err(invalid(
                            format!("subnet {}", subnet.id),
                            format!("CIDR {} is outside VPC {}", subnet.cidr, vpc.id),
                        ));
                    }
                    vpc.secondary_cidrs.push(subnet.cidr);
                }
            } else if described.vpcs_given {
                return Err(invalid(
                    format!("subnet {}", subnet.id),
                    format!("its VPC {} is not in the loaded VPCs", subnet.vpc_id),
                ));
            } else {
                notes.warnings.push(format!(
                    "VPC {} was not loaded; it is taken to hold just its subnets' CIDRs",
                    subnet.vpc_id
                ));
                let dhcp_options_id = self.default_dhcp_options_id.clone();
                self.add_vpc(Vpc::new(subnet.vpc_id, subnet.cidr, dhcp_options_id));
                new_vpcs.insert(subnet.vpc_id);
            }
        }
        for (id, subnet) in std::mem::take(&mut described.subnets) {
            let overlap = self.subnets.values().find(|other| {
                other.id != id
                    && other.vpc_id == subnet.vpc_id
                    && (other.cidr.contains(&subnet.cidr) || subnet.cidr.contains(&other.cidr))
            });
            if let Some(other) = overlap {
                return Err(invalid(
                    format!("subnet {id}"),
                    format!("CIDR {} overlaps subnet {}", subnet.cidr, other.id),
                ));
            }
            self.subnets.insert(id, subnet);
        }
        for reservation in std::mem::take(&mut described.reservations).into_values() {
            let name = format!("subnet CIDR reservation {}", reservation.id);
            let subnet = self
                .subnets
                .get_mut(&reservation.subnet_id)
                .ok_or_else(|| {
                    invalid(
                        &name,
                        format!("its subnet {} is not loaded", reservation.subnet_id),
                    )
                })?;
            if !subnet.cidr.contains(&reservation.cidr) {
                return Err(invalid(
                    name,
                    format!("CIDR {} is outside its subnet", reservation.cidr),
                ));
            }
            if let Some(other) = subnet
                .reservations()
                .iter()
                .find(|r| r.cidr.contains(&reservation.cidr) || reservation.cidr.contains(&r.cidr))
            {
                return Err(invalid(name, format!("overlaps reservation {}", other.id)));
            }
            subnet.add_reservation(reservation);
        }
        for (id, mut instance) in std::mem::take(&mut described.instances) {
            // An instance lists only the interfaces whose description, the last one read,
            // attaches them to it where it says: an interface listed under an instance may be
            // attached elsewhere by its own attachment or by a later description of it.
            instance.interfaces.retain(|listed| {
                described
                    .interfaces
                    .get(&listed.network_interface_id)
                    .and_then(|interface| interface.attachment)
                    .is_some_and(|a| {
                        a.instance_id == id
                            && a.device_index == listed.device_index
                            && a.network_card_index == listed.network_card_index
                    })
            });
            if self.instance_types.get(&instance.instance_type).is_none() {
                return Err(Error::UnknownInstanceType {
                    instance_types: vec![instance.instance_type],
                });
            }
            if instance.state == InstanceState::Running
                && !self.subnets.contains_key(&instance.subnet_id)
            {
                return Err(invalid(
                    format!("instance {id}"),
                    format!("its subnet {} is not loaded", instance.subnet_id),
                ));
            }
            self.instances.insert(id, instance);
        }
        for (id, mut interface) in std::mem::take(&mut described.interfaces) {
            described
                .tags
                .insert(id.to_string(), std::mem::take(&mut interface.tags));
            if let Some(attachment) = interface.attachment {
                let attached = self.instances.get_mut(&attachment.instance_id);
                match attached {
                    // A terminated instance holds no interface (README, Policies: loading instance
                    // states).
                    Some(instance) if instance.state == InstanceState::Terminated => {
                        notes.warnings.push(format!(
                            "network interface {id} is attached to instance {}, which is terminated; it is loaded unattached",
                            attachment.instance_id
                        ));
                        interface.attachment = None;
                    }
                    Some(instance) => {
                        let name = format!("network interface {id}");
                        if let Some(other) = self.attachments.get(&attachment.id) {
                            return Err(invalid(
                                name,
                                format!(
                                    "has attachment {}, as network interface {other} has",
                                    attachment.id
                                ),
                            ));
                        }
                        if let Some(other) = instance.interfaces.iter().find(|i| {
                            i.network_interface_id != id
                                && i.device_index == attachment.device_index
                        }) {
                            return Err(invalid(
                                name,
                                format!(
                                    "is attached to instance {} at device index {}, as network interface {} is",
                                    instance.id, attachment.device_index, other.network_interface_id
                                ),
                            ));
                        }
                        if !instance
                            .interfaces
                            .iter()
                            .any(|i| i.network_interface_id == id)
                        {
                            instance.interfaces.push(InstanceInterface {
                                network_card_index: attachment.network_card_index,
                                device_index: attachment.device_index,
                                network_interface_id: id,
                            });
                        }
                    }
                    None if described.instances_given => {
                        return Err(invalid(
                            format!("network interface {id}"),
                            format!(
                                "is attached to instance {}, which is not loaded",
                                attachment.instance_id
                            ),
                        ));
                    }
                    None => {
                        notes.warnings.push(format!(
                            "network interface {id} is attached to instance {}, which was not loaded; it is loaded unattached, with no instance-type limit",
                            attachment.instance_id
                        ));
                        interface.attachment = None;
                    }
                }
            }
            self.place_interface(interface, &new_vpcs, &mut notes)?;
        }
        for eip in std::mem::take(&mut described.addresses).into_values() {
            let mut eip = eip;
            if let Some(association) = eip.association {
                let name = format!("Elastic IP {}", eip.allocation_id);
                if let Some(other) = self.associations.get(&association.id) {
                    return Err(invalid(
                        name,
                        format!(
                            "has association {}, as Elastic IP {other} has",
                            association.id
                        ),
                    ));
                }
                match self
                    .network_interfaces
                    .get_mut(&association.network_interface_id)
                {
                    Some(eni) if eni.holds(association.private_ip_address) => {
                        let address = association.private_ip_address;
                        if let Some((_, other)) =
                            eni.elastic_ips.iter().find(|(a, _)| *a == address)
                        {
                            return Err(invalid(
                                name,
                                format!(
                                    "is associated with {address} on {}, as Elastic IP {other} is",
                                    eni.id
                                ),
                            ));
                        }
                        eni.elastic_ips.push((address, eip.allocation_id));
                        self.associations.insert(association.id, eip.allocation_id);
                    }
                    Some(_) => {
                        return Err(invalid(
                            format!("Elastic IP {}", eip.allocation_id),
                            format!(
                                "is associated with {} on {}, which does not hold it",
                                association.private_ip_address, association.network_interface_id
                            ),
                        ))
                    }
                    None => {
                        notes.warnings.push(format!(
                            "Elastic IP {} is associated with network interface {}, which was not loaded; it is loaded unassociated",
                            eip.allocation_id, association.network_interface_id
                        ));
                        eip.association = None;
                    }
                }
            }
            self.elastic_ips.insert(eip.allocation_id, eip);
        }
        // Tags go with what was loaded; an object left out takes its tags with it.
        for (id, tags) in std::mem::take(&mut described.tags) {
            if self.tagged_resource(&id).is_ok() {
                self.tags.put(id, tags);
            }
        }
        Ok(notes)
    }

    /// Places an interface's security groups, as its VPC's: a group seen before must be the
    /// same (same VPC and name); a new one named `default` is its VPC's default group, which
    /// takes the place of the one the model named after a VPC loaded in this same load; any
    /// other new group is known by its id and name alone, with a note.
    fn place_groups(
        &mut self,
        name: &str,
        vpc_id: VpcId,
        groups: &[(SecurityGroupId, String)],
        new_vpcs: &BTreeSet<VpcId>,
        notes: &mut ImportNotes,
    ) -> Result<(), Error> {
        for (group_id, group_name) in groups {
            let group_id = *group_id;
            if let Some(known) = self.security_groups.get(&group_id) {
                if known.vpc_id != vpc_id {
                    return Err(invalid(
                        name,
                        format!(
                            "has security group {group_id} of VPC {}, but is in VPC {vpc_id}",
                            known.vpc_id
                        ),
                    ));
                }
                if known.name != *group_name {
                    return Err(invalid(
                        name,
                        format!(
                            "names security group {group_id} '{group_name}', which is '{}'",
                            known.name
                        ),
                    ));
                }
                continue;
            }
            if group_name != DEFAULT_GROUP_NAME {
                notes.warnings.push(format!(
                    "security group {group_id} ('{group_name}') of VPC {vpc_id} is known only by its id and name: its description and rules were not loaded"
                ));
                let group = SecurityGroup::named(vpc_id, group_id, group_name.clone());
                self.security_groups.insert(group_id, group);
                continue;
            }
            let vpc = self
                .vpcs
                .get_mut(&vpc_id)
                .ok_or_else(|| invalid(name, format!("its VPC {vpc_id} is not loaded")))?;
            let current = vpc.default_security_group_id;
            if current != vpc_id.default_security_group() || !new_vpcs.contains(&vpc_id) {
                return Err(invalid(
                    name,
                    format!(
                        "has security group {group_id} named default, but the default security group of VPC {vpc_id} is {current}"
                    ),
                ));
            }
            vpc.default_security_group_id = group_id;
            self.security_groups.remove(&current);
            self.security_groups
                .insert(group_id, SecurityGroup::default_for(vpc_id, group_id));
        }
        Ok(())
    }

    fn place_interface(
        &mut self,
        interface: DescribedInterface,
        new_vpcs: &BTreeSet<VpcId>,
        notes: &mut ImportNotes,
    ) -> Result<(), Error> {
        let name = format!("network interface {}", interface.id);
        let subnet = self.subnets.get_mut(&interface.subnet_id).ok_or_else(|| {
            invalid(
                &name,
                format!("its subnet {} is not loaded", interface.subnet_id),
            )
        })?;
        for (address, primary) in interface
            .primary
            .iter()
            .map(|a| (*a, true))
            .chain(interface.secondaries.iter().map(|a| (*a, false)))
        {
            let offset = subnet.offset(address).ok_or_else(|| {
                invalid(
                    &name,
                    format!(
                        "address {address} is outside subnet {} ({})",
                        subnet.id, subnet.cidr
                    ),
                )
            })?;
            if subnet.allocator().is_reserved(offset) {
                return Err(invalid(
                    &name,
                    format!("address {address} is reserved in subnet {}", subnet.id),
                ));
            }
            if let Some(owner) = subnet.owner(offset) {
                return Err(invalid(
                    &name,
                    format!(
                        "address {address} is also held by {}",
                        owner.network_interface_id
                    ),
                ));
            }
            if let Some(owner) = subnet.prefix_owner(offset / PREFIX_SIZE) {
                return Err(invalid(
                    &name,
                    format!("address {address} is inside a prefix of {owner}"),
                ));
            }
            subnet.take_address(
                offset,
                AddressOwner {
                    network_interface_id: interface.id,
                    primary,
                },
            );
        }
        for prefix in &interface.prefixes {
            let block = subnet.block(*prefix).ok_or_else(|| {
                invalid(
                    &name,
                    format!("prefix {prefix} is outside subnet {}", subnet.id),
                )
            })?;
            if subnet.block_has_reserved_address(block) {
                return Err(invalid(
                    &name,
                    format!(
                        "prefix {prefix} holds a reserved address of subnet {}",
                        subnet.id
                    ),
                ));
            }
            if let Some(owner) = subnet.prefix_owner(block) {
                return Err(invalid(
                    &name,
                    format!("prefix {prefix} is also held by {owner}"),
                ));
            }
            let first = block * PREFIX_SIZE;
            if let Some(owner) = (first..first + PREFIX_SIZE).find_map(|o| subnet.owner(o)) {
                return Err(invalid(
                    &name,
                    format!(
                        "prefix {prefix} overlaps an address of {}",
                        owner.network_interface_id
                    ),
                ));
            }
            subnet.take_block(block, interface.id);
        }
        let (vpc_id, zone) = (subnet.vpc_id, subnet.availability_zone.clone());
        self.place_groups(&name, vpc_id, &interface.groups, new_vpcs, notes)?;
        if let Some(attachment) = interface.attachment {
            self.attachments.insert(attachment.id, interface.id);
        }
        let mac_address = interface
            .mac_address
            .unwrap_or_else(|| mac_address_for(interface.id));
        self.network_interfaces.insert(
            interface.id,
            NetworkInterface {
                id: interface.id,
                subnet_id: interface.subnet_id,
                vpc_id,
                availability_zone: zone,
                description: interface.description,
                interface_type: interface.interface_type,
                mac_address,
                primary: interface.primary,
                secondaries: interface.secondaries,
                prefixes: interface.prefixes,
                attachment: interface.attachment,
                elastic_ips: Vec::new(),
                groups: interface.groups.iter().map(|(id, _)| *id).collect(),
                source_dest_check: interface.source_dest_check,
            },
        );
        Ok(())
    }
}

/// A stable, locally administered MAC address for an interface described without one.
fn mac_address_for(id: NetworkInterfaceId) -> String {
    // FNV-1a over the id's text: stable across runs and platforms.
    let hash = id
        .to_string()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        });
    let bytes = hash.to_be_bytes();
    format!(
        "02:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
        bytes[3], bytes[4], bytes[5], bytes[6], bytes[7]
    )
}
