//! DescribeRouteTables and DescribeNetworkAcls: each VPC's main route table and default
//! network ACL.

use serde_json::{json, Value};

use crate::api::filters::Filters;
use crate::api::{shapes, tags};
use crate::error::Error;
use crate::ids::{NetworkAclId, RouteTableId};
use crate::json::Object;
use crate::model::Ec2;

pub(crate) fn describe_route_tables(ec2: &mut Ec2, members: &Object<'_>) -> Result<Value, Error> {
    let ids: Vec<RouteTableId> = members.id_list("RouteTableIds")?;
    let filters = Filters::read(
        members,
        &[
            "route-table-id",
            "vpc-id",
            "association.main",
            "association.route-table-association-id",
            "association.route-table-id",
            "association.subnet-id",
            "route.destination-cidr-block",
            "route.gateway-id",
            "route.origin",
            "route.state",
            "owner-id",
            "tag:*",
        ],
    )?;
    for &id in &ids {
        ec2.route_table(id)?;
    }
    let tables = ec2
        .route_tables()
        .into_iter()
        .filter(|table| ids.is_empty() || ids.contains(&table.id))
        .filter(|table| {
            filters.matches(|name| {
                let associations = table.associations.iter();
                let routes = table.routes.iter();
                tags::tag_filter(ec2.tags(&table.id.to_string()), name).unwrap_or_else(|| {
                    match name {
                        "route-table-id" | "association.route-table-id" => {
                            vec![table.id.to_string()]
                        }
                        "vpc-id" => vec![table.vpc_id.to_string()],
                        "association.main" => associations.map(|a| a.main.to_string()).collect(),
                        "association.route-table-association-id" => {
                            associations.map(|a| a.id.clone()).collect()
                        }
                        // The main association is of no subnet.
                        "association.subnet-id" => Vec::new(),
                        "route.destination-cidr-block" => {
                            routes.map(|r| r.destination.to_string()).collect()
                        }
                        "route.gateway-id" => routes.map(|r| r.gateway_id.to_owned()).collect(),
                        "route.origin" => routes.map(|r| r.origin.to_owned()).collect(),
                        "route.state" => routes.map(|r| r.state.to_owned()).collect(),
                        _ => vec![shapes::OWNER_ID.into()],
                    }
                })
            })
        })
        .map(|table| shapes::route_table(ec2, &table))
        .collect::<Vec<Value>>();
    Ok(json!({"RouteTables": tables}))
}

pub(crate) fn describe_network_acls(ec2: &mut Ec2, members: &Object<'_>) -> Result<Value, Error> {
    let ids: Vec<NetworkAclId> = members.id_list("NetworkAclIds")?;
    let filters = Filters::read(
        members,
        &[
            "network-acl-id",
            "vpc-id",
            "default",
            "association.association-id",
            "association.network-acl-id",
            "association.subnet-id",
            "entry.cidr",
            "entry.egress",
            "entry.protocol",
            "entry.rule-action",
            "entry.rule-number",
            "owner-id",
            "tag:*",
        ],
    )?;
    for &id in &ids {
        ec2.network_acl(id)?;
    }
    let acls = ec2
        .network_acls()
        .into_iter()
        .filter(|acl| ids.is_empty() || ids.contains(&acl.id))
        .filter(|acl| {
            filters.matches(|name| {
                let associations = acl.associations.iter();
                let entries = acl.entries.iter();
                tags::tag_filter(ec2.tags(&acl.id.to_string()), name).unwrap_or_else(
                    || match name {
                        "network-acl-id" => vec![acl.id.to_string()],
                        "vpc-id" => vec![acl.vpc_id.to_string()],
                        "default" => vec![acl.is_default.to_string()],
                        "association.association-id" => {
                            associations.map(|a| a.id.clone()).collect()
                        }
                        "association.network-acl-id" => {
                            associations.map(|_| acl.id.to_string()).collect()
                        }
                        "association.subnet-id" => {
                            associations.map(|a| a.subnet_id.to_string()).collect()
                        }
                        "entry.cidr" => entries.map(|e| e.cidr_block.to_string()).collect(),
                        "entry.egress" => entries.map(|e| e.egress.to_string()).collect(),
                        "entry.protocol" => entries.map(|e| e.protocol.to_owned()).collect(),
                        "entry.rule-action" => {
                            entries.map(|e| e.rule_action.as_str().to_owned()).collect()
                        }
                        "entry.rule-number" => entries.map(|e| e.rule_number.to_string()).collect(),
                        _ => vec![shapes::OWNER_ID.into()],
                    },
                )
            })
        })
        .map(|acl| shapes::network_acl(ec2, &acl))
        .collect::<Vec<Value>>();
    Ok(json!({"NetworkAcls": acls}))
}
