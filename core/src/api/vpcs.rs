//! CreateVpc and DescribeVpcs.

use serde_json::{json, Value};

use crate::api::filters::Filters;
use crate::api::{shapes, tags};
use crate::error::Error;
use crate::ids::VpcId;
use crate::json::Object;
use crate::model::{Ec2, TaggedKind};

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
                        _ => vec![shapes::OWNER_ID.into()],
                    },
                )
            })
        })
        .map(|vpc| shapes::vpc(ec2, vpc))
        .collect::<Vec<Value>>();
    Ok(json!({"Vpcs": vpcs}))
}
