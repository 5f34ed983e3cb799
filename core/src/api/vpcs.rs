//! CreateVpc, DescribeVpcs, DescribeVpcAttribute, ModifyVpcAttribute and DeleteVpc.

use serde_json::{json, Value};

use crate::api::filters::Filters;
use crate::api::{attributes, shapes, tags};
use crate::error::Error;
use crate::ids::VpcId;
use crate::json::Object;
use crate::model::{Ec2, TaggedKind, VpcAttribute};

pub(crate) fn create_vpc(ec2: &mut Ec2, members: &Object<'_>) -> Result<Value, Error> {
    let cidr = members.required_string("CidrBlock")?;
    let tags = tags::tags_for(members, TaggedKind::Vpc)?;
    let id = ec2.create_vpc(cidr)?;
    ec2.tag_new(id.to_string(), tags);
    Ok(json!({"Vpc": shapes::vpc(ec2, ec2.vpc(id)?)}))
}

pub(crate) fn describe_vpcs(ec2: &mut Ec2, members: &Object<'_>) -> Result<Value, Error> {
    let ids: Vec<VpcId> = members.id_list("VpcIds")?;
    let filters = Filters::read(
        members,
        &[
            "vpc-id",
            "cidr",
            "cidr-block-association.cidr-block",
            "state",
            "is-default",
            "dhcp-options-id",
            "owner-id",
            "tag:*",
        ],
    )?;
    for &id in &ids {
        ec2.vpc(id)?;
    }
    let vpcs = ec2
        .vpcs()
        .into_iter()
        .filter(|vpc| ids.is_empty() || ids.contains(&vpc.id))
        .filter(|vpc| {
            filters.matches(|name| {
                tags::tag_filter(ec2.tags(&vpc.id.to_string()), name).unwrap_or_else(
                    || match name {
                        "vpc-id" => vec![vpc.id.to_string()],
                        "cidr" | "cidr-block-association.cidr-block" => vec![vpc.cidr.to_string()],
                        "state" => vec!["available".into()],
                        "is-default" => vec!["false".into()],
                        "dhcp-options-id" => vec![vpc.dhcp_options_id.clone()],
                        _ => vec![shapes::OWNER_ID.into()],
                    },
                )
            })
        })
        .map(|vpc| shapes::vpc(ec2, vpc))
        .collect::<Vec<Value>>();
    Ok(json!({"Vpcs": vpcs}))
}

pub(crate) fn describe_vpc_attribute(ec2: &mut Ec2, members: &Object<'_>) -> Result<Value, Error> {
    let attribute = VpcAttribute::parse(members.required_string("Attribute")?)?;
    let id: VpcId = members.required_id("VpcId")?;
    let value = ec2.vpc(id)?.attributes.get(attribute);
    Ok(json!({"VpcId": id, attribute.member(): {"Value": value}}))
}

pub(crate) fn modify_vpc_attribute(ec2: &mut Ec2, members: &Object<'_>) -> Result<Value, Error> {
    let id: VpcId = members.required_id("VpcId")?;
    let attributes: Vec<(VpcAttribute, &str, &str)> = VpcAttribute::ALL
        .iter()
        .map(|&attribute| (attribute, attribute.member(), attribute.as_str()))
        .collect();
    let (attribute, member) = attributes::one(members, &attributes)?;
    let value = attributes::boolean_value(members, member)?;
    ec2.modify_vpc_attribute(id, attribute, value)?;
    Ok(json!({}))
}

pub(crate) fn delete_vpc(ec2: &mut Ec2, members: &Object<'_>) -> Result<Value, Error> {
    let id: VpcId = members.required_id("VpcId")?;
    ec2.delete_vpc(id)?;
    Ok(json!({}))
}
