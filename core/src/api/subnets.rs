//! CreateSubnet, DescribeSubnets, DeleteSubnet, ModifySubnetAttribute and the subnet CIDR
//! reservation actions.

use serde_json::{json, Value};

use crate::alloc::ReservationKind;
use crate::api::filters::Filters;
use crate::api::{attributes, shapes, tags};
use crate::error::Error;
use crate::ids::{SubnetCidrReservationId, SubnetId, VpcId};
use crate::json::Object;
use crate::model::{Ec2, HostnameType, SubnetAttributeChange, TaggedKind};

pub(crate) fn create_subnet(ec2: &mut Ec2, members: &Object<'_>) -> Result<Value, Error> {
    let vpc_id: VpcId = members.required_id("VpcId")?;
    let cidr = members.required_string("CidrBlock")?;
    let zone = members.string("AvailabilityZone")?;
    let tags = tags::tags_for(members, TaggedKind::Subnet)?;
    let id = ec2.create_subnet(vpc_id, cidr, zone)?;
    ec2.tag_new(id.to_string(), tags);
    Ok(json!({"Subnet": shapes::subnet(ec2, ec2.subnet(id)?)}))
}

pub(crate) fn describe_subnets(ec2: &mut Ec2, members: &Object<'_>) -> Result<Value, Error> {
    let ids: Vec<SubnetId> = members.id_list("SubnetIds")?;
    let filters = Filters::read(
        members,
        &[
            "subnet-id",
            "vpc-id",
            "cidr-block",
            "availability-zone",
            "availability-zone-id",
            "available-ip-address-count",
            "default-for-az",
            "map-public-ip-on-launch",
            "state",
            "owner-id",
            "tag:*",
        ],
    )?;
    for &id in &ids {
        ec2.subnet(id)?;
    }
    let subnets = ec2
        .subnets()
        .into_iter()
        .filter(|subnet| ids.is_empty() || ids.contains(&subnet.id))
        .filter(|subnet| {
            filters.matches(|name| {
                let tags = ec2.tags(&subnet.id.to_string());
                tags::tag_filter(tags, name).unwrap_or_else(|| match name {
                    "subnet-id" => vec![subnet.id.to_string()],
                    "vpc-id" => vec![subnet.vpc_id.to_string()],
                    "cidr-block" => vec![subnet.cidr.to_string()],
                    "availability-zone" => vec![subnet.availability_zone.clone()],
                    "availability-zone-id" => subnet.availability_zone_id.iter().cloned().collect(),
                    "default-for-az" => vec![subnet.attributes.default_for_az.to_string()],
                    "map-public-ip-on-launch" => {
                        vec![subnet.attributes.map_public_ip_on_launch.to_string()]
                    }
                    "available-ip-address-count" => {
                        vec![subnet.available_ip_address_count().to_string()]
                    }
                    "state" => vec!["available".into()],
                    _ => vec![shapes::OWNER_ID.into()],
                })
            })
        })
        .map(|subnet| shapes::subnet(ec2, subnet))
        .collect::<Vec<Value>>();
    Ok(json!({"Subnets": subnets}))
}

pub(crate) fn delete_subnet(ec2: &mut Ec2, members: &Object<'_>) -> Result<Value, Error> {
    let id: SubnetId = members.required_id("SubnetId")?;
    ec2.delete_subnet(id)?;
    Ok(json!({}))
}

/// What ModifySubnetAttribute can change, one a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SubnetAttribute {
    AssignIpv6AddressOnCreation,
    MapPublicIpOnLaunch,
    EnableDns64,
    PrivateDnsHostnameTypeOnLaunch,
    EnableResourceNameDnsARecordOnLaunch,
    EnableResourceNameDnsAaaaRecordOnLaunch,
    /// Customer-owned addresses and local network interfaces, which need a subnet on an
    /// Outpost: refused, as no subnet of the model is on one.
    Outposts,
}

/// Each attribute's member and its name as EC2 spells it.
const SUBNET_ATTRIBUTES: &[(SubnetAttribute, &str, &str)] = &[
    (
        SubnetAttribute::AssignIpv6AddressOnCreation,
        "AssignIpv6AddressOnCreation",
        "assignIpv6AddressOnCreation",
    ),
    (
        SubnetAttribute::MapPublicIpOnLaunch,
        "MapPublicIpOnLaunch",
        "mapPublicIpOnLaunch",
    ),
    (
        SubnetAttribute::Outposts,
        "MapCustomerOwnedIpOnLaunch",
        "mapCustomerOwnedIpOnLaunch",
    ),
    (SubnetAttribute::EnableDns64, "EnableDns64", "enableDns64"),
    (
        SubnetAttribute::PrivateDnsHostnameTypeOnLaunch,
        "PrivateDnsHostnameTypeOnLaunch",
        "privateDnsHostnameTypeOnLaunch",
    ),
    (
        SubnetAttribute::EnableResourceNameDnsARecordOnLaunch,
        "EnableResourceNameDnsARecordOnLaunch",
        "enableResourceNameDnsARecordOnLaunch",
    ),
    (
        SubnetAttribute::EnableResourceNameDnsAaaaRecordOnLaunch,
        "EnableResourceNameDnsAAAARecordOnLaunch",
        "enableResourceNameDnsAAAARecordOnLaunch",
    ),
    (
        SubnetAttribute::Outposts,
        "EnableLniAtDeviceIndex",
        "enableLniAtDeviceIndex",
    ),
    (
        SubnetAttribute::Outposts,
        "DisableLniAtDeviceIndex",
        "disableLniAtDeviceIndex",
    ),
];

pub(crate) fn modify_subnet_attribute(ec2: &mut Ec2, members: &Object<'_>) -> Result<Value, Error> {
    let id: SubnetId = members.required_id("SubnetId")?;
    // A customer-owned pool comes with MapCustomerOwnedIpOnLaunch, in the same call.
    let (attribute, member) = match attributes::one(members, SUBNET_ATTRIBUTES) {
        Err(Error::NoAttributes) if members.has("CustomerOwnedIpv4Pool") => {
            (SubnetAttribute::Outposts, "CustomerOwnedIpv4Pool")
        }
        other => other?,
    };
    let flag = || attributes::boolean_value(members, member);
    let change = match attribute {
        SubnetAttribute::AssignIpv6AddressOnCreation => {
            SubnetAttributeChange::AssignIpv6AddressOnCreation(flag()?)
        }
        SubnetAttribute::MapPublicIpOnLaunch => SubnetAttributeChange::MapPublicIpOnLaunch(flag()?),
        SubnetAttribute::EnableDns64 => SubnetAttributeChange::EnableDns64(flag()?),
        SubnetAttribute::EnableResourceNameDnsARecordOnLaunch => {
            SubnetAttributeChange::EnableResourceNameDnsARecordOnLaunch(flag()?)
        }
        SubnetAttribute::EnableResourceNameDnsAaaaRecordOnLaunch => {
            SubnetAttributeChange::EnableResourceNameDnsAaaaRecordOnLaunch(flag()?)
        }
        SubnetAttribute::PrivateDnsHostnameTypeOnLaunch => {
            let name = members.required_string(member)?;
            SubnetAttributeChange::PrivateDnsHostnameTypeOnLaunch(HostnameType::parse(
                "PrivateDnsHostnameTypeOnLaunch",
                name,
            )?)
        }
        SubnetAttribute::Outposts => {
            return Err(Error::UnsupportedParameter {
                parameter: member,
                hint: "it needs a subnet on an Outpost, which eniplan does not model",
            })
        }
    };
    ec2.modify_subnet_attribute(id, change)?;
    Ok(json!({}))
}

pub(crate) fn create_subnet_cidr_reservation(
    ec2: &mut Ec2,
    members: &Object<'_>,
) -> Result<Value, Error> {
    let subnet_id: SubnetId = members.required_id("SubnetId")?;
    let cidr = members.required_string("Cidr")?;
    let kind = match members.required_string("ReservationType")? {
        "prefix" => ReservationKind::Prefix,
        "explicit" => ReservationKind::Explicit,
        other => {
            return Err(Error::NotOneOf {
                parameter: "ReservationType",
                value: other.to_owned(),
                allowed: &["prefix", "explicit"],
            })
        }
    };
    let description = members.string("Description")?.map(str::to_owned);
    let tags = tags::tags_for(members, TaggedKind::SubnetCidrReservation)?;
    let id = ec2.create_subnet_cidr_reservation(subnet_id, cidr, kind, description)?;
    ec2.tag_new(id.to_string(), tags);
    let reservation = shapes::subnet_cidr_reservation(ec2, ec2.subnet_cidr_reservation(id)?);
    Ok(json!({"SubnetCidrReservation": reservation}))
}

pub(crate) fn delete_subnet_cidr_reservation(
    ec2: &mut Ec2,
    members: &Object<'_>,
) -> Result<Value, Error> {
    let id: SubnetCidrReservationId = members.required_id("SubnetCidrReservationId")?;
    // The answer shows the reservation as it was, tags included.
    let shown = shapes::subnet_cidr_reservation(ec2, ec2.subnet_cidr_reservation(id)?);
    ec2.delete_subnet_cidr_reservation(id)?;
    Ok(json!({"DeletedSubnetCidrReservation": shown}))
}

pub(crate) fn get_subnet_cidr_reservations(
    ec2: &mut Ec2,
    members: &Object<'_>,
) -> Result<Value, Error> {
    let subnet_id: SubnetId = members.required_id("SubnetId")?;
    let filters = Filters::read(
        members,
        &["reservationType", "subnet-id", "owner-id", "tag:*"],
    )?;
    let reservations = ec2
        .subnet(subnet_id)?
        .reservations()
        .iter()
        .filter(|r| {
            filters.matches(|name| {
                tags::tag_filter(ec2.tags(&r.id.to_string()), name).unwrap_or_else(|| match name {
                    "reservationType" => vec![r.kind_str().into()],
                    "subnet-id" => vec![r.subnet_id.to_string()],
                    _ => vec![shapes::OWNER_ID.into()],
                })
            })
        })
        .map(|r| shapes::subnet_cidr_reservation(ec2, r))
        .collect::<Vec<Value>>();
    Ok(json!({"SubnetIpv4CidrReservations": reservations, "SubnetIpv6CidrReservations": []}))
}
