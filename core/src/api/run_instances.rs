//! RunInstances: instances in a subnet (`SubnetId`), or on the interfaces `NetworkInterfaces`
//! describes; with `ClientToken`, a repeated request answers with what the first launched.

use serde_json::Value;

use crate::api::client_token::TokenedRequest;
use crate::api::{instances, tags};
use crate::error::{Error, InterfaceSpecificationProblem};
use crate::ids::{InstanceId, NetworkInterfaceId, ReservationId, SubnetId};
use crate::json::Object;
use crate::model::{
    Ec2, Instance, InstanceAttributes, InstanceState, InterfaceLaunch, LaunchInterface,
    RunInstances, RunInstancesOnInterfaces, ShutdownBehavior,
};
use crate::request::attach_network_interface::check_index;
use crate::request::selection::check_count;
use crate::request::CreateNetworkInterfaceRequest;

/// The members of a `NetworkInterfaces` entry that describe a new interface, which an entry
/// naming an existing one cannot have.
const NEW_INTERFACE_MEMBERS: &[&str] = &[
    "SubnetId",
    "Description",
    "PrivateIpAddress",
    "PrivateIpAddresses",
    "SecondaryPrivateIpAddressCount",
    "Ipv4Prefixes",
    "Ipv4PrefixCount",
    "InterfaceType",
    "Groups",
];

pub(crate) fn run_instances(ec2: &mut Ec2, members: &Object<'_>) -> Result<Value, Error> {
    let token = TokenedRequest::read("RunInstances", members)?;
    if let Some(ids) = token
        .as_ref()
        .map(|t| t.earlier(ec2))
        .transpose()?
        .flatten()
    {
        return answer_again(ec2, &ids);
    }
    let instance_type = members.required_string("InstanceType")?.to_owned();
    let min_count = check_count("MinCount", required_integer(members, "MinCount")?)?;
    let max_count = check_count("MaxCount", required_integer(members, "MaxCount")?)?;
    let attributes = InstanceAttributes {
        client_token: token.as_ref().map(|t| t.token().to_owned()),
        ..launch_attributes(members)?
    };
    // Volumes are not modelled: their tags are accepted and go nowhere.
    let mut tags = tags::specifications(members, &["instance", "network-interface", "volume"])?;
    let interfaces = members.structure_list("NetworkInterfaces", interface_launch)?;
    // Group names work only in a default VPC, which the model does not have.
    if members.has("SecurityGroups") && interfaces.is_empty() {
        return Err(Error::NoDefaultVpc);
    }
    let (reservation_id, instance_ids, created_interfaces) = if interfaces.is_empty() {
        let run = RunInstances {
            instance_type,
            subnet_id: members.required_id::<SubnetId>("SubnetId")?,
            min_count,
            max_count,
            private_ip_address: members.address("PrivateIpAddress")?,
            security_group_ids: members.id_list("SecurityGroupIds")?,
            attributes,
        };
        let (reservation_id, ids) = ec2.run_instances(&run)?;
        let primaries = ids
            .iter()
            .filter_map(|&id| ec2.instance(id).ok()?.primary_interface())
            .collect();
        (reservation_id, ids, primaries)
    } else {
        for (member, named) in [
            ("SubnetId", "subnet ID"),
            ("PrivateIpAddress", "private IP address"),
            ("SecurityGroupIds", "security groups"),
            ("SecurityGroups", "security groups"),
        ] {
            if members.has(member) {
                return Err(Error::NetworkInterfacesWith { member: named });
            }
        }
        let launched = ec2.run_instances_on_interfaces(&RunInstancesOnInterfaces {
            instance_type,
            min_count,
            max_count,
            interfaces,
            attributes,
        })?;
        (
            launched.reservation_id,
            launched.instance_ids,
            launched.created_interfaces,
        )
    };
    let instance_tags = tags.remove("instance").unwrap_or_default();
    let interface_tags = tags.remove("network-interface").unwrap_or_default();
    for &id in &instance_ids {
        ec2.tag_new(id.to_string(), instance_tags.clone());
    }
    for &id in &created_interfaces {
        ec2.tag_new(id.to_string(), interface_tags.clone());
    }
    if let Some(token) = token {
        token.remember(ec2, instance_ids.iter().map(|id| id.to_string()).collect());
    }
    shaped(ec2, reservation_id, &instance_ids)
}

/// The reservation as RunInstances answers it.
fn shaped(ec2: &Ec2, reservation_id: ReservationId, ids: &[InstanceId]) -> Result<Value, Error> {
    let instances = ids
        .iter()
        .map(|&id| ec2.instance(id))
        .collect::<Result<Vec<&Instance>, Error>>()?;
    Ok(instances::reservation(ec2, reservation_id, &instances))
}

/// The answer to a token used before: the instances it launched, as they are now. EC2 refuses
/// the token once they are terminated.
fn answer_again(ec2: &Ec2, ids: &[String]) -> Result<Value, Error> {
    let ids = ids
        .iter()
        .map(|id| InstanceId::parse(id))
        .collect::<Result<Vec<InstanceId>, Error>>()?;
    let mut reservation_id = None;
    for &id in &ids {
        let instance = ec2.instance(id)?;
        if instance.state == InstanceState::Terminated {
            return Err(Error::IdempotentInstanceTerminated);
        }
        reservation_id = Some(instance.reservation_id);
    }
    let reservation_id = reservation_id.ok_or(Error::IdempotentInstanceTerminated)?;
    shaped(ec2, reservation_id, &ids)
}

fn required_integer(members: &Object<'_>, name: &str) -> Result<i64, Error> {
    members
        .integer(name)?
        .ok_or_else(|| Error::MissingParameter {
            parameter: name.into(),
        })
}

/// The instance settings RunInstances takes beyond addressing.
fn launch_attributes(members: &Object<'_>) -> Result<InstanceAttributes, Error> {
    let shutdown_behavior = match members.string("InstanceInitiatedShutdownBehavior")? {
        None => ShutdownBehavior::default(),
        Some(value) => ShutdownBehavior::parse(value).ok_or_else(|| Error::NotOneOf {
            parameter: "InstanceInitiatedShutdownBehavior",
            value: value.to_owned(),
            allowed: &["stop", "terminate"],
        })?,
    };
    Ok(InstanceAttributes {
        image_id: members.string("ImageId")?.map(str::to_owned),
        launch_time: Default::default(),
        disable_api_termination: members.boolean("DisableApiTermination")?.unwrap_or(false),
        disable_api_stop: members.boolean("DisableApiStop")?.unwrap_or(false),
        shutdown_behavior,
        user_data: members
            .string("UserData")?
            .filter(|data| !data.is_empty())
            .map(str::to_owned),
        ebs_optimized: members.boolean("EbsOptimized")?.unwrap_or(false),
        monitoring: match members.object("Monitoring")? {
            Some(monitoring) => monitoring.boolean("Enabled")?.unwrap_or(false),
            None => false,
        },
        architecture: None,
        client_token: None,
    })
}

/// One entry of `NetworkInterfaces`.
fn interface_launch(entry: &Object<'_>) -> Result<InterfaceLaunch, Error> {
    let device_index =
        entry
            .integer("DeviceIndex")?
            .ok_or(Error::InvalidInterfaceSpecification(
                InterfaceSpecificationProblem::NoDeviceIndex,
            ))?;
    let network_card_index = entry.integer("NetworkCardIndex")?.unwrap_or(0);
    let interface = match entry.id::<NetworkInterfaceId>("NetworkInterfaceId")? {
        Some(id) => {
            if let Some(member) = NEW_INTERFACE_MEMBERS.iter().find(|m| entry.has(m)) {
                return Err(Error::ConflictingParameters {
                    first: "NetworkInterfaceId",
                    second: member,
                });
            }
            LaunchInterface::Existing(id)
        }
        None if entry.has("SubnetId") => LaunchInterface::New(
            CreateNetworkInterfaceRequest::from_interface_members(entry)?.validate()?,
        ),
        None => {
            return Err(Error::InvalidInterfaceSpecification(
                InterfaceSpecificationProblem::NoSubnetOrInterface,
            ))
        }
    };
    Ok(InterfaceLaunch {
        device_index: check_index("DeviceIndex", device_index)?,
        network_card_index: check_index("NetworkCardIndex", network_card_index)?,
        delete_on_termination: entry.boolean("DeleteOnTermination")?,
        interface,
    })
}
