//! DescribeSecurityGroups.

use serde_json::{json, Value};

use crate::api::filters::Filters;
use crate::api::{shapes, tags};
use crate::error::Error;
use crate::ids::SecurityGroupId;
use crate::json::Object;
use crate::model::{Ec2, IpPermission};

/// What the `ip-permission.*` filters see of a group's rules in one direction.
fn permission_filter(rules: &[IpPermission], field: &str) -> Vec<String> {
    rules
        .iter()
        .flat_map(|rule| match field {
            "protocol" => vec![rule.ip_protocol.clone()],
            "cidr" => rule.ip_ranges.iter().map(ToString::to_string).collect(),
            _ => rule.groups.iter().map(ToString::to_string).collect(),
        })
        .collect()
}

pub(crate) fn describe_security_groups(
    ec2: &mut Ec2,
    members: &Object<'_>,
) -> Result<Value, Error> {
    let ids: Vec<SecurityGroupId> = members.id_list("GroupIds")?;
    // Names select groups only in a default VPC, and the model has none.
    if !members.string_list("GroupNames")?.is_empty() {
        return Err(Error::NoDefaultVpc);
    }
    let filters = Filters::read(
        members,
        &[
            "group-id",
            "group-name",
            "description",
            "vpc-id",
            "owner-id",
            "ip-permission.protocol",
            "ip-permission.cidr",
            "ip-permission.group-id",
            "egress.ip-permission.protocol",
            "egress.ip-permission.cidr",
            "egress.ip-permission.group-id",
            "tag:*",
        ],
    )?;
    for &id in &ids {
        ec2.security_group(id)?;
    }
    let groups = ec2
        .security_groups()
        .into_iter()
        .filter(|group| ids.is_empty() || ids.contains(&group.id))
        .filter(|group| {
            filters.matches(|name| {
                tags::tag_filter(ec2.tags(&group.id.to_string()), name).unwrap_or_else(|| {
                    if let Some(field) = name.strip_prefix("egress.ip-permission.") {
                        return permission_filter(&group.egress, field);
                    }
                    if let Some(field) = name.strip_prefix("ip-permission.") {
                        return permission_filter(&group.ingress, field);
                    }
                    match name {
                        "group-id" => vec![group.id.to_string()],
                        "group-name" => vec![group.name.clone()],
                        "description" => vec![group.description.clone()],
                        "vpc-id" => vec![group.vpc_id.to_string()],
                        _ => vec![shapes::OWNER_ID.into()],
                    }
                })
            })
        })
        .map(|group| shapes::security_group(ec2, group))
        .collect::<Vec<Value>>();
    Ok(json!({"SecurityGroups": groups}))
}
