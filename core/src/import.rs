//! Loading real state: the JSON that `aws ec2 describe-vpcs`, `describe-subnets`,
//! `describe-network-interfaces`, `describe-instances`, `describe-addresses`,
//! `get-subnet-cidr-reservations` and `describe-instance-types` print, in any subset and order,
//! each document recognised by its top-level key.
//!
//! This module reads the documents; the model places what was read (`model/load.rs`), where
//! its tables are. The load is all-or-nothing and checks consistency: an interface whose
//! subnet is missing, an address outside its subnet or reserved, two owners of one address,
//! overlapping prefixes, an unknown instance type — each is an error naming the offending ids. Loading on top of a model
//! that already holds one of the objects (the same VPC, subnet, interface, ... id) is refused
//! as well, rather than replacing it.

use serde_json::Value;

use crate::alloc::ReservationKind;
use crate::error::{Error, MemberProblem};
use crate::ids::{
    AllocationId, AssociationId, AttachmentId, InstanceId, NetworkInterfaceId, ReservationId,
    SecurityGroupId, SubnetCidrReservationId, SubnetId, VpcId,
};
use crate::json::{Object, Origin};
pub use crate::model::load::ImportNotes;
use crate::model::load::{invalid, Described, DescribedInterface};
use crate::model::{
    Attachment, Ec2, ElasticIp, ElasticIpAssociation, HostnameType, Instance, InstanceAttributes,
    InstanceInterface, InstanceState, Subnet, SubnetAttributes, SubnetCidrReservation, Tags,
    Timestamp, Vpc, DEFAULT_AVAILABILITY_ZONE,
};
use crate::prefix::Ipv4Prefix;
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

/// `value`, a described object, its problems told as about `resource`.
fn described(value: &Value, resource: impl Into<String>) -> Result<Object<'_>, Error> {
    Object::document(value, Origin::Describe(resource.into()))
}

/// The same object, its problems told as about `resource`, once its id names it.
fn named(object: Object<'_>, resource: impl Into<String>) -> Object<'_> {
    object.with_origin(Origin::Describe(resource.into()))
}

/// A described object's tags (`Tags`, or `TagSet` on interfaces), as EC2 printed them: keys
/// starting with `aws:` included, which only EC2 itself sets.
fn read_tags(object: &Object<'_>, member: &str) -> Result<Tags, Error> {
    object
        .items(member)?
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let tag = object.element(item, &format!("{member}[{index}]"), None)?;
            Ok((
                tag.string("Key")?.unwrap_or_default().to_owned(),
                tag.string("Value")?.unwrap_or_default().to_owned(),
            ))
        })
        .collect()
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

/// An interface's security groups as described: `Groups`, each `{GroupId, GroupName}`.
fn read_groups(object: &Object<'_>) -> Result<Vec<(SecurityGroupId, String)>, Error> {
    object
        .items("Groups")?
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let group = object.element(item, &format!("Groups[{index}]"), None)?;
            Ok((
                group.required_id("GroupId")?,
                group.string("GroupName")?.unwrap_or_default().to_owned(),
            ))
        })
        .collect()
}

/// A time member as EC2 and the AWS CLI print it (`2026-11-02T09:14:07+00:00`).
fn read_time(object: &Object<'_>, name: &str) -> Result<Option<Timestamp>, Error> {
    object
        .string(name)?
        .map(|text| {
            Timestamp::parse(text).ok_or_else(|| {
                object.problem(
                    name,
                    MemberProblem::Invalid {
                        value: text.to_owned(),
                        expected: "an ISO 8601 time",
                    },
                )
            })
        })
        .transpose()
}

/// Reads one interface; an attachment that gives no `AttachTime` was made at `now`.
fn read_interface(
    value: &Value,
    instance: Option<InstanceId>,
    now: Timestamp,
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
                attach_time: read_time(&attachment, "AttachTime")?.unwrap_or(now),
            }),
        },
    };
    Ok(DescribedInterface {
        id,
        tags: read_tags(&object, "TagSet")?,
        subnet_id: object.required_id("SubnetId")?,
        description: object.string("Description")?.unwrap_or_default().to_owned(),
        interface_type: interface_type(object.string("InterfaceType")?.unwrap_or("interface")),
        mac_address: object.string("MacAddress")?.map(str::to_owned),
        primary,
        secondaries,
        prefixes,
        attachment,
        groups: read_groups(&object)?,
        source_dest_check: object.boolean("SourceDestCheck")?.unwrap_or(true),
    })
}

/// A subnet's settings as described; a member left out has CreateSubnet's default.
fn read_subnet_attributes(object: &Object<'_>) -> Result<SubnetAttributes, Error> {
    let flag = |name| -> Result<bool, Error> { Ok(object.boolean(name)?.unwrap_or(false)) };
    let mut attributes = SubnetAttributes {
        map_public_ip_on_launch: flag("MapPublicIpOnLaunch")?,
        assign_ipv6_address_on_creation: flag("AssignIpv6AddressOnCreation")?,
        map_customer_owned_ip_on_launch: flag("MapCustomerOwnedIpOnLaunch")?,
        enable_dns64: flag("EnableDns64")?,
        ipv6_native: flag("Ipv6Native")?,
        default_for_az: flag("DefaultForAz")?,
        ..SubnetAttributes::default()
    };
    if let Some(options) = object.object("PrivateDnsNameOptionsOnLaunch")? {
        let flag = |name| -> Result<bool, Error> { Ok(options.boolean(name)?.unwrap_or(false)) };
        if let Some(name) = options.string("HostnameType")? {
            attributes.hostname_type = HostnameType::parse("HostnameType", name).map_err(|_| {
                options.problem(
                    "HostnameType",
                    MemberProblem::Invalid {
                        value: name.to_owned(),
                        expected: "ip-name or resource-name",
                    },
                )
            })?;
        }
        attributes.enable_resource_name_dns_a_record = flag("EnableResourceNameDnsARecord")?;
        attributes.enable_resource_name_dns_aaaa_record = flag("EnableResourceNameDnsAAAARecord")?;
    }
    Ok(attributes)
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
            self.read_vpc(value, ec2.default_dhcp_options_id())?;
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
            let interface = read_interface(value, None, self.now)?;
            self.interfaces.insert(interface.id, interface);
        }
        for value in top.items("Addresses")? {
            self.read_address(value)?;
        }
        Ok(())
    }

    /// Reads one VPC; one described without `DhcpOptionsId` has the model's default set.
    fn read_vpc(&mut self, value: &Value, default_dhcp_options_id: &str) -> Result<(), Error> {
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
        self.tags
            .insert(id.to_string(), read_tags(&object, "Tags")?);
        let dhcp_options_id = object
            .string("DhcpOptionsId")?
            .unwrap_or(default_dhcp_options_id);
        let mut vpc = Vpc::new(id, cidr, dhcp_options_id.to_owned());
        vpc.secondary_cidrs = secondary_cidrs;
        self.vpcs.insert(id, vpc);
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
        self.tags
            .insert(id.to_string(), read_tags(&object, "Tags")?);
        let mut subnet = Subnet::new(id, vpc_id, cidr, zone.to_owned());
        if let Some(zone_id) = object.string("AvailabilityZoneId")? {
            subnet.availability_zone_id = Some(zone_id.to_owned());
        }
        subnet.attributes = read_subnet_attributes(&object)?;
        self.subnets.insert(id, subnet);
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
        self.tags
            .insert(id.to_string(), read_tags(&object, "Tags")?);
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
                    let interface = read_interface(value, Some(id), self.now)?;
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
            self.tags
                .insert(id.to_string(), read_tags(&instance, "Tags")?);
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
                    // What DescribeInstances shows of them; the rest has EC2's defaults.
                    attributes: InstanceAttributes {
                        image_id: instance.string("ImageId")?.map(str::to_owned),
                        launch_time: read_time(&instance, "LaunchTime")?.unwrap_or(self.now),
                        ebs_optimized: instance.boolean("EbsOptimized")?.unwrap_or(false),
                        architecture: instance.string("Architecture")?.map(str::to_owned),
                        monitoring: match instance.object("Monitoring")? {
                            Some(monitoring) => {
                                matches!(monitoring.string("State")?, Some("enabled" | "pending"))
                            }
                            None => false,
                        },
                        client_token: instance
                            .string("ClientToken")?
                            .filter(|token| !token.is_empty())
                            .map(str::to_owned),
                        ..InstanceAttributes::default()
                    },
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
        self.tags
            .insert(allocation_id.to_string(), read_tags(&object, "Tags")?);
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
        let mut described = Described {
            now: next.now(),
            ..Described::default()
        };
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
}
