//! The Elastic IP actions.

use serde_json::{json, Value};

use crate::api::filters::Filters;
use crate::api::{shapes, tags};
use crate::error::Error;
use crate::ids::{AllocationId, AssociationId, InstanceId, NetworkInterfaceId};
use crate::json::Object;
use crate::model::{AssociateTarget, Ec2, ElasticIp, TaggedKind};

/// The Elastic IP with public address `public_ip`.
fn by_public_ip<'a>(ec2: &'a Ec2, public_ip: &str) -> Result<&'a ElasticIp, Error> {
    ec2.elastic_ips()
        .into_iter()
        .find(|eip| eip.public_ip.to_string() == public_ip)
        .ok_or_else(|| Error::AddressNotFound {
            public_ip: public_ip.to_owned(),
        })
}

pub(crate) fn allocate_address(ec2: &mut Ec2, members: &Object<'_>) -> Result<Value, Error> {
    let tags = tags::tags_for(members, TaggedKind::ElasticIp)?;
    let id = ec2.allocate_address()?;
    ec2.tag_new(id.to_string(), tags);
    let eip = ec2.elastic_ip(id)?;
    Ok(json!({
        "AllocationId": id,
        "PublicIp": eip.public_ip.to_string(),
        "PublicIpv4Pool": "amazon",
        "NetworkBorderGroup": shapes::REGION,
        "Domain": "vpc",
    }))
}

pub(crate) fn associate_address(ec2: &mut Ec2, members: &Object<'_>) -> Result<Value, Error> {
    let allocation: Option<AllocationId> = members.id("AllocationId")?;
    let Some(allocation) = allocation else {
        return Err(match members.string("PublicIp")? {
            Some(_) => Error::AllocationIdRequired,
            None => Error::MissingParameter {
                parameter: "AllocationId".into(),
            },
        });
    };
    let instance: Option<InstanceId> = members.id("InstanceId")?;
    let interface: Option<NetworkInterfaceId> = members.id("NetworkInterfaceId")?;
    let target = match (instance, interface) {
        (Some(_), Some(_)) => {
            return Err(Error::ConflictingParameters {
                first: "InstanceId",
                second: "NetworkInterfaceId",
            })
        }
        (Some(id), None) => AssociateTarget::Instance(id),
        (None, Some(id)) => AssociateTarget::NetworkInterface(id),
        (None, None) => {
            return Err(Error::MissingParameter {
                parameter: "InstanceId or NetworkInterfaceId".into(),
            })
        }
    };
    let private = members.address("PrivateIpAddress")?;
    let allow = members.boolean("AllowReassociation")?.unwrap_or(true);
    let id = ec2.associate_address(allocation, target, private, allow)?;
    Ok(json!({"AssociationId": id}))
}

pub(crate) fn disassociate_address(ec2: &mut Ec2, members: &Object<'_>) -> Result<Value, Error> {
    let association: Option<AssociationId> = members.id("AssociationId")?;
    let association = match (association, members.string("PublicIp")?) {
        (Some(id), _) => id,
        (None, Some(public_ip)) => by_public_ip(ec2, public_ip)?
            .association
            .map(|a| a.id)
            .ok_or(Error::AssociationIdOrPublicIpRequired)?,
        (None, None) => return Err(Error::AssociationIdOrPublicIpRequired),
    };
    ec2.disassociate_address(association)?;
    Ok(json!({}))
}

pub(crate) fn release_address(ec2: &mut Ec2, members: &Object<'_>) -> Result<Value, Error> {
    let allocation: Option<AllocationId> = members.id("AllocationId")?;
    let allocation = match (allocation, members.string("PublicIp")?) {
        (Some(id), _) => id,
        (None, Some(public_ip)) => by_public_ip(ec2, public_ip)?.allocation_id,
        (None, None) => return Err(Error::AssociationIdOrPublicIpRequired),
    };
    ec2.release_address(allocation)?;
    Ok(json!({}))
}

pub(crate) fn describe_addresses(ec2: &mut Ec2, members: &Object<'_>) -> Result<Value, Error> {
    let ids: Vec<AllocationId> = members.id_list("AllocationIds")?;
    let public_ips = members.string_list("PublicIps")?;
    let filters = Filters::read(
        members,
        &[
            "allocation-id",
            "association-id",
            "instance-id",
            "network-interface-id",
            "private-ip-address",
            "public-ip",
            "domain",
            "tag:*",
        ],
    )?;
    for &id in &ids {
        ec2.elastic_ip(id)?;
    }
    for public_ip in &public_ips {
        by_public_ip(ec2, public_ip)?;
    }
    let addresses = ec2
        .elastic_ips()
        .into_iter()
        .filter(|eip| ids.is_empty() || ids.contains(&eip.allocation_id))
        .filter(|eip| public_ips.is_empty() || public_ips.contains(&eip.public_ip.to_string()))
        .map(|eip| shapes::address(ec2, eip))
        .filter(|shaped| {
            let id = shaped["AllocationId"].as_str().unwrap_or_default();
            filters.matches(|name| {
                if let Some(values) = tags::tag_filter(ec2.tags(id), name) {
                    return values;
                }
                let key = match name {
                    "allocation-id" => "AllocationId",
                    "association-id" => "AssociationId",
                    "instance-id" => "InstanceId",
                    "network-interface-id" => "NetworkInterfaceId",
                    "private-ip-address" => "PrivateIpAddress",
                    "public-ip" => "PublicIp",
                    _ => "Domain",
                };
                shaped[key]
                    .as_str()
                    .map(str::to_owned)
                    .into_iter()
                    .collect()
            })
        })
        .collect::<Vec<Value>>();
    Ok(json!({"Addresses": addresses}))
}

pub(crate) fn describe_addresses_attribute(
    ec2: &mut Ec2,
    members: &Object<'_>,
) -> Result<Value, Error> {
    let ids: Vec<AllocationId> = members.id_list("AllocationIds")?;
    if let Some(attribute) = members.string("Attribute")? {
        if attribute != "domain-name" {
            return Err(Error::NotOneOf {
                parameter: "Attribute",
                value: attribute.to_owned(),
                allowed: &["domain-name"],
            });
        }
    }
    for &id in &ids {
        ec2.elastic_ip(id)?;
    }
    // EC2 lists the addresses that have a reverse DNS (PTR) record, and the model's Elastic IPs
    // never have one: no ModifyAddressAttribute sets it.
    Ok(json!({"Addresses": []}))
}
