//! DescribeInstanceAttribute and ModifyInstanceAttribute.

use serde_json::{json, Value};

use crate::api::attributes;
use crate::api::shapes::{self, ROOT_DEVICE_NAME};
use crate::error::Error;
use crate::ids::InstanceId;
use crate::json::Object;
use crate::model::{Ec2, InstanceAttributeChange, ShutdownBehavior};

/// Every attribute DescribeInstanceAttribute answers (EC2's `InstanceAttributeName`).
const DESCRIBED: &[&str] = &[
    "instanceType",
    "kernel",
    "ramdisk",
    "userData",
    "disableApiTermination",
    "instanceInitiatedShutdownBehavior",
    "rootDeviceName",
    "blockDeviceMapping",
    "productCodes",
    "sourceDestCheck",
    "groupSet",
    "ebsOptimized",
    "sriovNetSupport",
    "enaSupport",
    "enclaveOptions",
    "disableApiStop",
];

/// The attributes ModifyInstanceAttribute's `Attribute` and `Value` can change.
const MODIFIABLE: &[&str] = &[
    "instanceType",
    "kernel",
    "ramdisk",
    "userData",
    "disableApiTermination",
    "instanceInitiatedShutdownBehavior",
    "sourceDestCheck",
    "ebsOptimized",
    "sriovNetSupport",
    "enaSupport",
    "disableApiStop",
];

/// The members that each change one attribute: the attribute as EC2 spells it, the member,
/// and the name EC2's messages use (the same).
const CHANGE_MEMBERS: &[(&str, &str, &str)] = &[
    (
        "disableApiTermination",
        "DisableApiTermination",
        "disableApiTermination",
    ),
    ("disableApiStop", "DisableApiStop", "disableApiStop"),
    (
        "instanceInitiatedShutdownBehavior",
        "InstanceInitiatedShutdownBehavior",
        "instanceInitiatedShutdownBehavior",
    ),
    ("userData", "UserData", "userData"),
    ("instanceType", "InstanceType", "instanceType"),
    ("ebsOptimized", "EbsOptimized", "ebsOptimized"),
    ("sourceDestCheck", "SourceDestCheck", "sourceDestCheck"),
    ("groupSet", "Groups", "groupSet"),
    ("kernel", "Kernel", "kernel"),
    ("ramdisk", "Ramdisk", "ramdisk"),
    ("sriovNetSupport", "SriovNetSupport", "sriovNetSupport"),
    ("enaSupport", "EnaSupport", "enaSupport"),
    ("enclaveOptions", "EnclaveOptions", "enclaveOptions"),
    (
        "blockDeviceMapping",
        "BlockDeviceMappings",
        "blockDeviceMapping",
    ),
];

pub(crate) fn describe_instance_attribute(
    ec2: &mut Ec2,
    members: &Object<'_>,
) -> Result<Value, Error> {
    let id: InstanceId = members.required_id("InstanceId")?;
    let attribute = members.required_string("Attribute")?;
    let name = one_of("Attribute", attribute, DESCRIBED)?;
    let instance = ec2.instance(id)?;
    let attributes = &instance.attributes;
    let primary = instance
        .primary_interface()
        .and_then(|id| ec2.network_interface(id).ok());
    let (member, value) = match name {
        "instanceType" => ("InstanceType", json!({"Value": instance.instance_type})),
        "kernel" => ("KernelId", json!({})),
        "ramdisk" => ("RamdiskId", json!({})),
        "userData" => (
            "UserData",
            match &attributes.user_data {
                Some(data) => json!({"Value": data}),
                None => json!({}),
            },
        ),
        "disableApiTermination" => (
            "DisableApiTermination",
            json!({"Value": attributes.disable_api_termination}),
        ),
        "instanceInitiatedShutdownBehavior" => (
            "InstanceInitiatedShutdownBehavior",
            json!({"Value": attributes.shutdown_behavior.as_str()}),
        ),
        "rootDeviceName" => ("RootDeviceName", json!({"Value": ROOT_DEVICE_NAME})),
        "blockDeviceMapping" => ("BlockDeviceMappings", json!([])),
        "productCodes" => ("ProductCodes", json!([])),
        "sourceDestCheck" => (
            "SourceDestCheck",
            json!({"Value": primary.is_none_or(|eni| eni.source_dest_check)}),
        ),
        "groupSet" => (
            "Groups",
            json!(primary
                .map(|eni| shapes::groups(ec2, eni))
                .unwrap_or_default()),
        ),
        "ebsOptimized" => ("EbsOptimized", json!({"Value": attributes.ebs_optimized})),
        "sriovNetSupport" => ("SriovNetSupport", json!({})),
        "enaSupport" => ("EnaSupport", json!({"Value": true})),
        "enclaveOptions" => ("EnclaveOptions", json!({"Enabled": false})),
        _ => (
            "DisableApiStop",
            json!({"Value": attributes.disable_api_stop}),
        ),
    };
    Ok(json!({"InstanceId": id, member: value}))
}

pub(crate) fn modify_instance_attribute(
    ec2: &mut Ec2,
    members: &Object<'_>,
) -> Result<Value, Error> {
    let id: InstanceId = members.required_id("InstanceId")?;
    let by_name = match (members.string("Attribute")?, members.string("Value")?) {
        (None, None) => None,
        (Some(_), None) => {
            return Err(Error::MissingParameter {
                parameter: "Value".into(),
            })
        }
        (None, Some(_)) => {
            return Err(Error::MissingParameter {
                parameter: "Attribute".into(),
            })
        }
        (Some(attribute), Some(value)) => Some((attribute, value)),
    };
    let by_member = match attributes::one(members, CHANGE_MEMBERS) {
        Ok(found) => Some(found),
        Err(Error::NoAttributes) => None,
        Err(error) => return Err(error),
    };
    let change = match (by_name, by_member) {
        (None, None) => return Err(Error::NoAttributes),
        (Some((attribute, _)), Some((other, _))) => {
            let named = MODIFIABLE.iter().copied().find(|name| *name == attribute);
            return Err(Error::MultipleAttributes {
                attributes: named.into_iter().chain([other]).collect(),
            });
        }
        (Some((attribute, value)), None) => change_by_name(attribute, value)?,
        (None, Some((attribute, member))) => change_by_member(members, member, attribute)?,
    };
    match change {
        // Volumes are not modelled: their settings are accepted and go nowhere (a policy).
        None => {
            ec2.instance(id)?;
        }
        Some(change) => ec2.modify_instance_attribute(id, change)?,
    }
    Ok(json!({}))
}

/// The change `Attribute` and `Value` name.
fn change_by_name(attribute: &str, value: &str) -> Result<Option<InstanceAttributeChange>, Error> {
    let name = one_of("Attribute", attribute, MODIFIABLE)?;
    let flag = || one_of("Value", value, &["true", "false"]).map(|flag| flag == "true");
    change(name, flag, || Ok(value.to_owned())).map(Some)
}

/// The change the one attribute member names (`DisableApiTermination: {"Value": true}`).
fn change_by_member(
    members: &Object<'_>,
    member: &str,
    attribute: &'static str,
) -> Result<Option<InstanceAttributeChange>, Error> {
    if attribute == "blockDeviceMapping" {
        return Ok(None);
    }
    if attribute == "groupSet" {
        return Ok(Some(InstanceAttributeChange::Groups(
            members.id_list("Groups")?,
        )));
    }
    let flag = || attributes::boolean_value(members, member);
    let text = || attributes::string_value(members, member);
    change(attribute, flag, text).map(Some)
}

/// The change to `attribute`, its value read by `flag` or `text`.
fn change(
    attribute: &'static str,
    flag: impl Fn() -> Result<bool, Error>,
    text: impl Fn() -> Result<String, Error>,
) -> Result<InstanceAttributeChange, Error> {
    Ok(match attribute {
        "disableApiTermination" => InstanceAttributeChange::DisableApiTermination(flag()?),
        "disableApiStop" => InstanceAttributeChange::DisableApiStop(flag()?),
        "ebsOptimized" => InstanceAttributeChange::EbsOptimized(flag()?),
        "sourceDestCheck" => InstanceAttributeChange::SourceDestCheck(flag()?),
        "instanceInitiatedShutdownBehavior" => {
            let value = text()?;
            InstanceAttributeChange::ShutdownBehavior(ShutdownBehavior::parse(&value).ok_or(
                Error::NotOneOf {
                    parameter: "InstanceInitiatedShutdownBehavior",
                    value,
                    allowed: &["stop", "terminate"],
                },
            )?)
        }
        "userData" => InstanceAttributeChange::UserData(text()?),
        "instanceType" => InstanceAttributeChange::InstanceType(text()?),
        other => InstanceAttributeChange::WhileStopped(other),
    })
}

/// `value` as one of `allowed` (`InvalidParameterValue` listing them otherwise).
fn one_of(
    parameter: &'static str,
    value: &str,
    allowed: &'static [&'static str],
) -> Result<&'static str, Error> {
    allowed
        .iter()
        .copied()
        .find(|name| *name == value)
        .ok_or_else(|| Error::NotOneOf {
            parameter,
            value: value.to_owned(),
            allowed,
        })
}
