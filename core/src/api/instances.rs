//! RunInstances, TerminateInstances and DescribeInstances.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::api::filters::Filters;
use crate::api::{shapes, tags};
use crate::error::Error;
use crate::ids::{InstanceId, ReservationId, SubnetId};
use crate::json::Object;
use crate::model::{Ec2, Instance, InstanceState, RunInstances};
use crate::request::selection::check_count;

fn state(state: InstanceState) -> Value {
    json!({"Code": state.code(), "Name": state.name()})
}

fn reservation(ec2: &Ec2, id: ReservationId, instances: &[&Instance]) -> Value {
    json!({
        "Groups": [],
        "Instances": instances.iter().map(|i| shapes::instance(ec2, i)).collect::<Vec<Value>>(),
        "OwnerId": shapes::OWNER_ID,
        "ReservationId": id,
    })
}

pub(crate) fn run_instances(ec2: &mut Ec2, members: &Object<'_>) -> Result<Value, Error> {
    if members.has("NetworkInterfaces") {
        return Err(Error::UnsupportedParameter {
            parameter: "NetworkInterfaces",
            hint: "launch with SubnetId, then create and attach interfaces",
        });
    }
    let instance_type = members.required_string("InstanceType")?.to_owned();
    let min_count = members
        .integer("MinCount")?
        .ok_or_else(|| Error::MissingParameter {
            parameter: "MinCount".into(),
        })?;
    let max_count = members
        .integer("MaxCount")?
        .ok_or_else(|| Error::MissingParameter {
            parameter: "MaxCount".into(),
        })?;
    let subnet_id: SubnetId = members.required_id("SubnetId")?;
    let private_ip_address = members.address("PrivateIpAddress")?;
    // Volumes are not modelled: their tags are accepted and go nowhere.
    let mut tags = tags::specifications(members, &["instance", "network-interface", "volume"])?;
    let run = RunInstances {
        instance_type,
        subnet_id,
        min_count: check_count("MinCount", min_count)?,
        max_count: check_count("MaxCount", max_count)?,
        private_ip_address,
    };
    let (reservation_id, ids) = ec2.run_instances(&run)?;
    let instance_tags = tags.remove("instance").unwrap_or_default();
    let interface_tags = tags.remove("network-interface").unwrap_or_default();
    for &id in &ids {
        ec2.tag_new(id.to_string(), instance_tags.clone());
        if let Some(primary) = ec2.instance(id)?.primary_interface() {
            ec2.tag_new(primary.to_string(), interface_tags.clone());
        }
    }
    let instances = ids
        .iter()
        .map(|&id| ec2.instance(id))
        .collect::<Result<Vec<&Instance>, Error>>()?;
    Ok(reservation(ec2, reservation_id, &instances))
}

pub(crate) fn terminate_instances(ec2: &mut Ec2, members: &Object<'_>) -> Result<Value, Error> {
    let ids: Vec<InstanceId> = members.id_list("InstanceIds")?;
    if ids.is_empty() {
        return Err(Error::NoInstancesSpecified);
    }
    let changes = ec2.terminate_instances(&ids)?;
    let terminating = changes
        .into_iter()
        .map(|(id, previous, current)| {
            json!({"InstanceId": id, "CurrentState": state(current), "PreviousState": state(previous)})
        })
        .collect::<Vec<Value>>();
    Ok(json!({"TerminatingInstances": terminating}))
}

pub(crate) fn describe_instances(ec2: &mut Ec2, members: &Object<'_>) -> Result<Value, Error> {
    let ids: Vec<InstanceId> = members.id_list("InstanceIds")?;
    let filters = Filters::read(
        members,
        &[
            "instance-id",
            "instance-state-name",
            "instance-state-code",
            "instance-type",
            "subnet-id",
            "vpc-id",
            "availability-zone",
            "private-ip-address",
            "reservation-id",
            "network-interface.network-interface-id",
            "network-interface.addresses.private-ip-address",
            "tag:*",
        ],
    )?;
    for &id in &ids {
        ec2.instance(id)?;
    }
    let interfaces = |instance: &Instance| {
        instance
            .interfaces
            .iter()
            .filter_map(|i| ec2.network_interface(i.network_interface_id).ok())
            .collect::<Vec<_>>()
    };
    let mut by_reservation: BTreeMap<ReservationId, Vec<&Instance>> = BTreeMap::new();
    for instance in ec2.instances() {
        if !ids.is_empty() && !ids.contains(&instance.id) {
            continue;
        }
        let tags = ec2.tags(&instance.id.to_string());
        let keep = filters.matches(|name| {
            tags::tag_filter(tags, name).unwrap_or_else(|| match name {
                "instance-id" => vec![instance.id.to_string()],
                "instance-state-name" => vec![instance.state.name().into()],
                "instance-state-code" => vec![instance.state.code().to_string()],
                "instance-type" => vec![instance.instance_type.clone()],
                "subnet-id" => vec![instance.subnet_id.to_string()],
                "vpc-id" => vec![instance.vpc_id.to_string()],
                "availability-zone" => vec![instance.availability_zone.clone()],
                "reservation-id" => vec![instance.reservation_id.to_string()],
                "private-ip-address" => instance
                    .primary_interface()
                    .and_then(|id| ec2.network_interface(id).ok())
                    .and_then(|eni| eni.primary)
                    .map(|a| a.to_string())
                    .into_iter()
                    .collect(),
                "network-interface.network-interface-id" => interfaces(instance)
                    .iter()
                    .map(|eni| eni.id.to_string())
                    .collect(),
                _ => interfaces(instance)
                    .iter()
                    .flat_map(|eni| {
                        eni.primary
                            .iter()
                            .chain(&eni.secondaries)
                            .map(|a| a.to_string())
                    })
                    .collect(),
            })
        });
        if keep {
            by_reservation
                .entry(instance.reservation_id)
                .or_default()
                .push(instance);
        }
    }
    let reservations = by_reservation
        .iter()
        .map(|(id, instances)| reservation(ec2, *id, instances))
        .collect::<Vec<Value>>();
    Ok(json!({"Reservations": reservations}))
}
