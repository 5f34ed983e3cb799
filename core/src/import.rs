//! Loading real state: the JSON that `aws ec2 describe-vpcs`, `describe-subnets`,
//! `describe-network-interfaces`, `describe-instances`, `describe-addresses`,
//! `get-subnet-cidr-reservations` and `describe-instance-types` print, in any subset and order,
//! each document recognised by its top-level key.
//!
//! The load is all-or-nothing and checks consistency: an interface whose subnet is missing, an
//! address outside its subnet or reserved, two owners of one address, overlapping prefixes, an
//! unknown instance type — each is an error naming the offending ids. Loading on top of a model
//! that already holds one of the objects (the same VPC, subnet, interface, ... id) is refused
//! as well, rather than replacing it.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use serde_json::Value;

use crate::alloc::ReservationKind;
use crate::error::{Error, MemberProblem};
use crate::ids::{
    AllocationId, AssociationId, AttachmentId, InstanceId, NetworkInterfaceId, ReservationId,
    SubnetCidrReservationId, SubnetId, VpcId,
};
use crate::json::{Object, Origin};
use crate::model::{
    AddressOwner, Attachment, Ec2, ElasticIp, ElasticIpAssociation, Instance, InstanceInterface,
    InstanceState, NetworkInterface, Subnet, SubnetCidrReservation, Vpc, DEFAULT_AVAILABILITY_ZONE,
};
use crate::prefix::{Ipv4Prefix, PREFIX_SIZE};
use crate::request::InterfaceType;

/// The top-level keys of the documents the loader understands.
pub const DOCUMENT_KEYS: &[&str] = &[
    "Vpcs",
    "Subnets",
    "NetworkInterfaces",
    "Reservations",
    "Addresses",
    "SubnetIpv4CidrReservations",
    "InstanceTypes",
];

/// What a load did beyond the state itself: things it could not use, said aloud rather than
/// dropped in silence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportNotes {
    /// One line per thing loaded differently from how it was described.
    pub warnings: Vec<String>,
}

fn invalid(resource: impl Into<String>, problem: impl Into<String>) -> Error {
    Error::InvalidDescribeInput {
        resource: resource.into(),
        problem: problem.into(),
    }
}

/// `value`, a described object, its problems told as about `resource`.
fn described(value: &Value, resource: impl Into<String>) -> Result<Object<'_>, Error> {
    Object::document(value, Origin::Describe(resource.into()))
}

/// The same object, its problems told as about `resource`, once its id names it.
fn named(object: Object<'_>, resource: impl Into<String>) -> Object<'_> {
    object.with_origin(Origin::Describe(resource.into()))
}

/// An interface as described, before it is placed.
struct DescribedInterface {
    id: NetworkInterfaceId,
    subnet_id: SubnetId,
    description: String,
    interface_type: InterfaceType,
    mac_address: Option<String>,
    primary: Option<Ipv4Addr>,
    secondaries: Vec<Ipv4Addr>,
    prefixes: Vec<Ipv4Prefix>,
    attachment: Option<Attachment>,
}

fn interface_type(name: &str) -> InterfaceType {
    match name {
        "efa" => InterfaceType::Efa,
        "efa-only" => InterfaceType::EfaOnly,
        "trunk" => InterfaceType::Trunk,
        "branch" => InterfaceType::Branch,
        _ => InterfaceType::Interface,
    }
}

fn read_interface(
    value: &Value,
    instance: Option<InstanceId>,
) -> Result<DescribedInterface, Error> {
    let object = described(value, "a network interface")?;
    let id: NetworkInterfaceId = object.required_id("NetworkInterfaceId")?;
    let name = format!("network interface {id}");
    let object = named(object, &name);
    let mut primary = object.address("PrivateIpAddress")?;
    let mut secondaries = Vec::new();
    for (index, item) in object.items("PrivateIpAddresses")?.iter().enumerate() {
        let item = object.element(item, &format!("PrivateIpAddresses[{index}]"), None)?;
        let Some(address) = item.address("PrivateIpAddress")? else {
            continue;
        };
        if item.boolean("Primary")?.unwrap_or(false) {
            if primary.is_some_and(|p| p != address) {
                return Err(invalid(
                    name,
                    format!(
                        "has two primary addresses, {} and {address}",
                        primary.unwrap_or(address)
                    ),
                ));
            }
            primary = Some(address);
        } else if Some(address) != primary && !secondaries.contains(&address) {
            secondaries.push(address);
        }
    }
    let mut prefixes = Vec::new();
    for (index, item) in object.items("Ipv4Prefixes")?.iter().enumerate() {
        let item = object.element(item, &format!("Ipv4Prefixes[{index}]"), None)?;
        let text = item.required_string("Ipv4Prefix")?;
        let prefix = Ipv4Prefix::parse(text).map_err(|error| invalid(&name, error.to_string()))?;
        prefixes.push(prefix);
    }
    // An attachment without an instance belongs to a service (a load balancer, a NAT gateway):
    // the interface holds its addresses but no instance type limits it.
    let attachment = match object.object("Attachment")? {
        None => None,
        Some(attachment) => match attachment.id::<InstanceId>("InstanceId")?.or(instance) {
            None => None,
            Some(instance_id) => Some(Attachment {
                id: attachment.required_id::<AttachmentId>("AttachmentId")?,
                instance_id,
                device_index: attachment.count("DeviceIndex")?.unwrap_or(0),
                network_card_index: attachment.count("NetworkCardIndex")?.unwrap_or(0),
                delete_on_termination: attachment.boolean("DeleteOnTermination")?.unwrap_or(false),
            }),
        },
    };
    Ok(DescribedInterface {
        id,
        subnet_id: object.required_id("SubnetId")?,
        description: object.string("Description")?.unwrap_or_default().to_owned(),
        interface_type: interface_type(object.string("InterfaceType")?.unwrap_or("interface")),
        mac_address: object.string("MacAddress")?.map(str::to_owned),
        primary,
        secondaries,
        prefixes,
        attachment,
    })
}

/// Everything read from the documents, before it is checked and placed.
#[derive(Default)]
struct Described {
    vpcs: BTreeMap<VpcId, Vpc>,
    vpcs_given: bool,
    subnets: BTreeMap<SubnetId, Subnet>,
    reservations: BTreeMap<SubnetCidrReservationId, SubnetCidrReservation>,
    instances: BTreeMap<InstanceId, Instance>,
    instances_given: bool,
    interfaces: BTreeMap<NetworkInterfaceId, DescribedInterface>,
    addresses: BTreeMap<AllocationId, ElasticIp>,
    warnings: Vec<String>,
}

impl Described {
    fn read(&mut self, ec2: &mut Ec2, document: &Value) -> Result<(), Error> {
        let Some(object) = document.as_object() else {
            return Err(invalid("a document", "is not a JSON object"));
        };
        let known: Vec<&String> = object
            .keys()
            .filter(|k| DOCUMENT_KEYS.contains(&k.as_str()))
            .collect();
        if known.is_empty() {
            let keys: Vec<&str> = object.keys().map(String::as_str).collect();
            return Err(invalid(
                "a document",
                format!(
                    "has none of the keys {} (it has: {})",
                    DOCUMENT_KEYS.join(", "),
                    keys.join(", ")
                ),
            ));
        }
        let top = described(document, "the document")?;
        if object.contains_key("InstanceTypes") {
            ec2.instance_types_mut()
                .load_describe_instance_types(document)?;
        }
        for value in top.items("Vpcs")? {
            self.vpcs_given = true;
            self.read_vpc(value)?;
        }
        for value in top.items("Subnets")? {
            self.read_subnet(value)?;
        }
        for value in top.items("SubnetIpv4CidrReservations")? {
            self.read_reservation(value)?;
        }
        if object.contains_key("Reservations") {
            self.instances_given = true;
        }
        for value in top.items("Reservations")? {
            self.read_reservation_of_instances(value)?;
        }
        for value in top.items("NetworkInterfaces")? {
            let interface = read_interface(value, None)?;
            self.interfaces.insert(interface.id, interface);
        }
        for value in top.items("Addresses")? {
            self.read_address(value)?;
        }
        Ok(())
    }

    fn read_vpc(&mut self, value: &Value) -> Result<(), Error> {
        let object = described(value, "a VPC")?;
        let id: VpcId = object.required_id("VpcId")?;
        let object = named(object, format!("VPC {id}"));
        let cidr = object.cidr("CidrBlock")?;
        let mut secondary_cidrs = Vec::new();
        for (index, item) in object.items("CidrBlockAssociationSet")?.iter().enumerate() {
            let item = object.element(item, &format!("CidrBlockAssociationSet[{index}]"), None)?;
            let state = item
                .object("CidrBlockState")?
                .map(|s| s.string("State"))
                .transpose()?
                .flatten();
            let other = item.cidr("CidrBlock")?;
            if other != cidr && state.is_none_or(|s| s == "associated") {
                secondary_cidrs.push(other);
            }
        }
        self.vpcs.insert(
            id,
            Vpc {
                id,
                cidr,
                secondary_cidrs,
            },
        );
        Ok(())
    }

    fn read_subnet(&mut self, value: &Value) -> Result<(), Error> {
        let object = described(value, "a subnet")?;
        let id: SubnetId = object.required_id("SubnetId")?;
        let name = format!("subnet {id}");
        let object = named(object, &name);
        let vpc_id: VpcId = object.required_id("VpcId")?;
        let cidr = object.cidr("CidrBlock")?;
        if !(16..=28).contains(&cidr.prefix_len()) {
            return Err(invalid(name, format!("CIDR {cidr} is not /16 to /28")));
        }
        let zone = object
            .string("AvailabilityZone")?
            .unwrap_or(DEFAULT_AVAILABILITY_ZONE);
        self.subnets
            .insert(id, Subnet::new(id, vpc_id, cidr, zone.to_owned()));
        Ok(())
    }

    fn read_reservation(&mut self, value: &Value) -> Result<(), Error> {
        let object = described(value, "a subnet CIDR reservation")?;
        let id: SubnetCidrReservationId = object.required_id("SubnetCidrReservationId")?;
        let name = format!("subnet CIDR reservation {id}");
        let object = named(object, &name);
        let kind = match object.required_string("ReservationType")? {
            "prefix" => ReservationKind::Prefix,
            "explicit" => ReservationKind::Explicit,
            other => {
                return Err(invalid(
                    name,
                    format!("ReservationType '{other}' is neither prefix nor explicit"),
                ))
            }
        };
        self.reservations.insert(
            id,
            SubnetCidrReservation {
                id,
                subnet_id: object.required_id("SubnetId")?,
                cidr: object.cidr("Cidr")?,
                kind,
                description: object.string("Description")?.map(str::to_owned),
            },
        );
        Ok(())
    }

    fn read_reservation_of_instances(&mut self, value: &Value) -> Result<(), Error> {
        let object = described(value, "a reservation")?;
        let reservation_id: ReservationId = object.required_id("ReservationId")?;
        for (launch_index, value) in object.items("Instances")?.iter().enumerate() {
            let instance = described(value, "an instance")?;
            let id: InstanceId = instance.required_id("InstanceId")?;
            let name = format!("instance {id}");
            let instance = named(instance, &name);
            let state = match instance
                .object("State")?
                .map(|s| s.string("Name"))
                .transpose()?
                .flatten()
            {
                Some("terminated" | "shutting-down") => InstanceState::Terminated,
                _ => InstanceState::Running,
            };
            let zone = instance
                .object("Placement")?
                .map(|p| p.string("AvailabilityZone"))
                .transpose()?
                .flatten()
                .unwrap_or(DEFAULT_AVAILABILITY_ZONE);
            let mut interfaces = Vec::new();
            if state == InstanceState::Running {
                for value in instance.items("NetworkInterfaces")? {
                    let interface = read_interface(value, Some(id))?;
                    // An interface listed twice counts once, as first listed.
                    let listed = interfaces
                        .iter()
                        .any(|i: &InstanceInterface| i.network_interface_id == interface.id);
                    if let Some(attachment) = interface.attachment.filter(|_| !listed) {
                        interfaces.push(InstanceInterface {
                            network_card_index: attachment.network_card_index,
                            device_index: attachment.device_index,
                            network_interface_id: interface.id,
                        });
                    }
                    self.interfaces.entry(interface.id).or_insert(interface);
                }
            }
            let subnet_id = instance.id::<SubnetId>("SubnetId")?;
            let vpc_id = instance.id::<VpcId>("VpcId")?;
            let (Some(subnet_id), Some(vpc_id)) = (subnet_id, vpc_id) else {
                if state == InstanceState::Running {
                    return Err(invalid(name, "has no SubnetId or VpcId"));
                }
                self.warnings.push(format!(
                    "instance {id} is terminated and names no subnet; it is not loaded"
                ));
                continue;
            };
            self.instances.insert(
                id,
                Instance {
                    id,
                    instance_type: instance.required_string("InstanceType")?.to_owned(),
                    subnet_id,
                    vpc_id,
                    availability_zone: zone.to_owned(),
                    state,
                    reservation_id,
                    launch_index: instance
                        .count("AmiLaunchIndex")?
                        .unwrap_or(u32::try_from(launch_index).unwrap_or(0)),
                    interfaces,
                },
            );
        }
        Ok(())
    }

    fn read_address(&mut self, value: &Value) -> Result<(), Error> {
        let object = described(value, "an Elastic IP")?;
        let Some(allocation_id) = object.id::<AllocationId>("AllocationId")? else {
            return Ok(());
        };
        let name = format!("Elastic IP {allocation_id}");
        let object = named(object, &name);
        let public_ip = object
            .address("PublicIp")?
            .ok_or_else(|| object.problem("PublicIp", MemberProblem::Missing))?;
        let association = match object.id::<AssociationId>("AssociationId")? {
            None => None,
            Some(id) => match (
                object.id::<NetworkInterfaceId>("NetworkInterfaceId")?,
                object.address("PrivateIpAddress")?,
            ) {
                (Some(network_interface_id), Some(private_ip_address)) => {
                    Some(ElasticIpAssociation {
                        id,
                        network_interface_id,
                        private_ip_address,
                    })
                }
                _ => {
                    return Err(invalid(
                        name,
                        "has an AssociationId without NetworkInterfaceId and PrivateIpAddress",
                    ))
                }
            },
        };
        self.addresses.insert(
            allocation_id,
            ElasticIp {
                allocation_id,
                public_ip,
                association,
            },
        );
        Ok(())
    }
}

impl Ec2 {
    /// Loads describe-* documents into this model, all or nothing; see the module docs.
    ///
    /// ```
    /// use eniplan::Ec2;
    /// use serde_json::json;
    ///
    /// let subnets = json!({"Subnets": [{"SubnetId": "subnet-0a1b2c3d", "VpcId": "vpc-0a1b2c3d",
    ///     "CidrBlock": "10.0.0.0/24", "AvailabilityZone": "us-east-1a"}]});
    /// let interfaces = json!({"NetworkInterfaces": [{"NetworkInterfaceId": "eni-0a1b2c3d",
    ///     "SubnetId": "subnet-0a1b2c3d", "PrivateIpAddress": "10.0.0.5",
    ///     "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.0.5", "Primary": true}]}]});
    /// let mut ec2 = Ec2::default();
    /// ec2.load_describe(&[interfaces, subnets])?;
    /// assert_eq!(ec2.subnets()[0].available_ip_address_count(), 250);
    /// # Ok::<(), eniplan::Error>(())
    /// ```
    pub fn load_describe(&mut self, documents: &[Value]) -> Result<ImportNotes, Error> {
        let mut next = self.clone();
        let mut described = Described::default();
        for document in documents {
            described.read(&mut next, document)?;
        }
        let notes = next.place(described)?;
        *self = next;
        Ok(notes)
    }

    /// [`Ec2::load_describe`] on JSON text: one describe document, or a JSON list of them.
    /// Text that is not JSON is `InvalidRequest`.
    pub fn load_describe_text(&mut self, text: &str) -> Result<ImportNotes, Error> {
        match crate::json::parse_text(text)? {
            Value::Array(documents) => self.load_describe(&documents),
            document => self.load_describe(std::slice::from_ref(&document)),
        }
    }

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
        let reservations = || self.subnets.values().flat_map(|s| &s.reservations);
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

    fn place(&mut self, mut described: Described) -> Result<ImportNotes, Error> {
        self.refuse_known(&described)?;
        let mut notes = ImportNotes {
            warnings: std::mem::take(&mut described.warnings),
        };
        // VPCs: loaded ones, and for subnets without one a VPC made of the subnets' CIDRs.
        for (id, vpc) in std::mem::take(&mut described.vpcs) {
            self.vpcs.insert(id, vpc);
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
                self.vpcs.insert(
                    subnet.vpc_id,
                    Vpc {
                        id: subnet.vpc_id,
                        cidr: subnet.cidr,
                        secondary_cidrs: Vec::new(),
                    },
                );
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
                .reservations
                .iter()
                .find(|r| r.cidr.contains(&reservation.cidr) || reservation.cidr.contains(&r.cidr))
            {
                return Err(invalid(name, format!("overlaps reservation {}", other.id)));
            }
            let offset = u32::from(reservation.cidr.network()) - u32::from(subnet.cidr.network());
            let len = 1_u32 << (32 - u32::from(reservation.cidr.prefix_len()));
            subnet
                .allocator
                .add_reservation(offset, len, reservation.kind);
            subnet.reservations.push(reservation);
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
            self.place_interface(interface)?;
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
        Ok(notes)
    }

    fn place_interface(&mut self, interface: DescribedInterface) -> Result<(), Error> {
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
            if subnet.allocator.is_reserved(offset) {
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
