//! TerminateInstances and DescribeInstances.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::api::filters::Filters;
use crate::api::{shapes, tags};
use crate::error::Error;
use crate::ids::{InstanceId, ReservationId};
use crate::json::Object;
use crate::model::{Ec2, Instance, InstanceState};

fn state(state: InstanceState) -> Value {
    json!({"Code": state.code(), "Name": state.name()})
}

/// A reservation as RunInstances and DescribeInstances show it.
pub(crate) fn reservation(ec2: &Ec2, id: ReservationId, instances: &[&Instance]) -> Value {
    json!({
        "Groups": [],
        "Instances": instances.iter().map(|i| shapes::instance(ec2, i)).collect::<Vec<Value>>(),
        "OwnerId": shapes::OWNER_ID,
        "ReservationId": id,
    })
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
