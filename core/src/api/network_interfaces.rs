//! The network interface actions (ModifyNetworkInterfaceAttribute among them),
//! AssignPrivateIpAddresses and UnassignPrivateIpAddresses.

use serde_json::{json, Value};

use crate::api::client_token::TokenedRequest;
use crate::api::filters::Filters;
use crate::api::{attributes, shapes, tags};
use crate::error::Error;
use crate::ids::{AttachmentId, NetworkInterfaceId, SecurityGroupId};
use crate::json::Object;
use crate::model::{Ec2, NetworkInterfaceAttributeChange, TaggedKind};
use crate::request::assign_private_ip_addresses::required_network_interface_id;
use crate::request::{
    AssignPrivateIpAddressesRequest, AttachNetworkInterfaceRequest, CreateNetworkInterfaceRequest,
    UnassignPrivateIpAddressesRequest,
};

pub(crate) fn create_network_interface(
    ec2: &mut Ec2,
    members: &Object<'_>,
) -> Result<Value, Error> {
    let token = TokenedRequest::read("CreateNetworkInterface", members)?;
    let earlier = token
        .as_ref()
        .map(|t| t.earlier(ec2))
        .transpose()?
        .flatten();
    // A repeated token answers with the interface the first request made, as it is now (a
    // deleted one is not found: a policy).
    if let Some(id) = earlier.as_deref().and_then(<[String]>::first) {
        let id = NetworkInterfaceId::parse(id)?;
        return Ok(
            json!({"NetworkInterface": shapes::network_interface(ec2, ec2.network_interface(id)?)}),
        );
    }
    let request = CreateNetworkInterfaceRequest::from_members(members)?.validate()?;
    let tags = tags::tags_for(members, TaggedKind::NetworkInterface)?;
    let id = ec2.create_network_interface(&request)?;
    ec2.tag_new(id.to_string(), tags);
    if let Some(token) = token {
        token.remember(ec2, vec![id.to_string()]);
    }
    Ok(json!({"NetworkInterface": shapes::network_interface(ec2, ec2.network_interface(id)?)}))
}

pub(crate) fn delete_network_interface(
    ec2: &mut Ec2,
    members: &Object<'_>,
) -> Result<Value, Error> {
    let id: NetworkInterfaceId = members.required_id("NetworkInterfaceId")?;
    ec2.delete_network_interface(id)?;
    Ok(json!({}))
}

pub(crate) fn attach_network_interface(
    ec2: &mut Ec2,
    members: &Object<'_>,
) -> Result<Value, Error> {
    let request = AttachNetworkInterfaceRequest::from_members(members)?;
    // Rules 1 to 3 come before the rest of the request's checks.
    ec2.network_interface(required_network_interface_id(
        request.network_interface_id.as_deref(),
    )?)?;
    let response = ec2.attach_network_interface(&request.validate()?)?;
    Ok(json!(response))
}

pub(crate) fn detach_network_interface(
    ec2: &mut Ec2,
    members: &Object<'_>,
) -> Result<Value, Error> {
    let id: AttachmentId = members.required_id("AttachmentId")?;
    ec2.detach_network_interface(id)?;
    Ok(json!({}))
}

pub(crate) fn describe_network_interfaces(
    ec2: &mut Ec2,
    members: &Object<'_>,
) -> Result<Value, Error> {
    let ids: Vec<NetworkInterfaceId> = members.id_list("NetworkInterfaceIds")?;
    let filters = Filters::read(
        members,
        &[
            "network-interface-id",
            "subnet-id",
            "vpc-id",
            "availability-zone",
            "attachment.instance-id",
            "attachment.attachment-id",
            "attachment.device-index",
            "private-ip-address",
            "addresses.private-ip-address",
            "status",
            "interface-type",
            "description",
            "mac-address",
            "group-id",
            "group-name",
            "source-dest-check",
            "owner-id",
            "tag:*",
        ],
    )?;
    for &id in &ids {
        ec2.network_interface(id)?;
    }
    let interfaces = ec2
        .network_interfaces()
        .into_iter()
        .filter(|eni| ids.is_empty() || ids.contains(&eni.id))
        .filter(|eni| {
            let tags = ec2.tags(&eni.id.to_string());
            filters.matches(|name| {
                tags::tag_filter(tags, name).unwrap_or_else(|| match name {
                    "network-interface-id" => vec![eni.id.to_string()],
                    "subnet-id" => vec![eni.subnet_id.to_string()],
                    "vpc-id" => vec![eni.vpc_id.to_string()],
                    "availability-zone" => vec![eni.availability_zone.clone()],
                    "attachment.instance-id" => eni
                        .attachment
                        .map(|a| a.instance_id.to_string())
                        .into_iter()
                        .collect(),
                    "attachment.attachment-id" => eni
                        .attachment
                        .map(|a| a.id.to_string())
                        .into_iter()
                        .collect(),
                    "attachment.device-index" => eni
                        .attachment
                        .map(|a| a.device_index.to_string())
                        .into_iter()
                        .collect(),
                    "private-ip-address" | "addresses.private-ip-address" => eni
                        .primary
                        .iter()
                        .chain(&eni.secondaries)
                        .map(|a| a.to_string())
                        .collect(),
                    "status" => vec![eni.status().into()],
                    "interface-type" => vec![eni.interface_type.as_str().into()],
                    "description" => vec![eni.description.clone()],
                    "mac-address" => vec![eni.mac_address.clone()],
                    "group-id" => eni.groups.iter().map(ToString::to_string).collect(),
                    "group-name" => eni
                        .groups
                        .iter()
                        .filter_map(|&id| ec2.security_group(id).ok())
                        .map(|group| group.name.clone())
                        .collect(),
                    "source-dest-check" => vec![eni.source_dest_check.to_string()],
                    _ => vec![shapes::OWNER_ID.into()],
                })
            })
        })
        .map(|eni| shapes::network_interface(ec2, eni))
        .collect::<Vec<Value>>();
    Ok(json!({"NetworkInterfaces": interfaces}))
}

/// What ModifyNetworkInterfaceAttribute can change, one a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum InterfaceAttribute {
    Description,
    SourceDestCheck,
    Groups,
    Attachment,
    /// An attribute that does not concern addressing or security groups: accepted and ignored.
    Ignored,
}

/// Each attribute's member and its name as EC2 spells it.
const INTERFACE_ATTRIBUTES: &[(InterfaceAttribute, &str, &str)] = &[
    (
        InterfaceAttribute::Description,
        "Description",
        "description",
    ),
    (
        InterfaceAttribute::SourceDestCheck,
        "SourceDestCheck",
        "sourceDestCheck",
    ),
    (InterfaceAttribute::Groups, "Groups", "groupSet"),
    (InterfaceAttribute::Attachment, "Attachment", "attachment"),
    (
        InterfaceAttribute::Ignored,
        "AssociatePublicIpAddress",
        "associatePublicIpAddress",
    ),
    (
        InterfaceAttribute::Ignored,
        "EnaSrdSpecification",
        "enaSrdSpecification",
    ),
    (
        InterfaceAttribute::Ignored,
        "EnablePrimaryIpv6",
        "enablePrimaryIpv6",
    ),
    (
        InterfaceAttribute::Ignored,
        "ConnectionTrackingSpecification",
        "connectionTrackingSpecification",
    ),
    (
        InterfaceAttribute::Ignored,
        "AssociatedSubnetIds",
        "associatedSubnetIds",
    ),
];

pub(crate) fn modify_network_interface_attribute(
    ec2: &mut Ec2,
    members: &Object<'_>,
) -> Result<Value, Error> {
    let id: NetworkInterfaceId = members.required_id("NetworkInterfaceId")?;
    // An empty list of groups counts as absent, as every empty list does.
    let groups: Vec<SecurityGroupId> = members.id_list("Groups")?;
    let listed: Vec<(InterfaceAttribute, &str, &str)> = INTERFACE_ATTRIBUTES
        .iter()
        .copied()
        .filter(|(attribute, _, _)| *attribute != InterfaceAttribute::Groups || !groups.is_empty())
        .collect();
    let (attribute, member) = attributes::one(members, &listed)?;
    let change = match attribute {
        InterfaceAttribute::Description => {
            NetworkInterfaceAttributeChange::Description(attributes::string_value(members, member)?)
        }
        InterfaceAttribute::SourceDestCheck => NetworkInterfaceAttributeChange::SourceDestCheck(
            attributes::boolean_value(members, member)?,
        ),
        InterfaceAttribute::Groups => NetworkInterfaceAttributeChange::Groups(groups),
        InterfaceAttribute::Attachment => {
            let attachment = members.required_object(member)?;
            match attachment.boolean("DeleteOnTermination")? {
                Some(delete_on_termination) => {
                    NetworkInterfaceAttributeChange::DeleteOnTermination {
                        attachment_id: attachment.required_id("AttachmentId")?,
                        delete_on_termination,
                    }
                }
                // Only the ENA queue settings, which do not concern addressing.
                None => {
                    ec2.network_interface(id)?;
                    return Ok(json!({}));
                }
            }
        }
        InterfaceAttribute::Ignored => {
            ec2.network_interface(id)?;
            return Ok(json!({}));
        }
    };
    ec2.modify_network_interface_attribute(id, change)?;
    Ok(json!({}))
}

pub(crate) fn assign_private_ip_addresses(
    ec2: &mut Ec2,
    members: &Object<'_>,
) -> Result<Value, Error> {
    let response = ec2.assign(&AssignPrivateIpAddressesRequest::from_members(members)?)?;
    Ok(json!(response))
}

pub(crate) fn unassign_private_ip_addresses(
    ec2: &mut Ec2,
    members: &Object<'_>,
) -> Result<Value, Error> {
    ec2.unassign(&UnassignPrivateIpAddressesRequest::from_members(members)?)?;
    Ok(json!({}))
}
