//! DescribeInstanceAttribute and ModifyInstanceAttribute.

use serde_json::{json, Value};

use crate::api::shapes::ROOT_DEVICE_NAME;
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

/// The members that each name one attribute to change, and the attribute.
const CHANGE_MEMBERS: &[(&str, &str)] = &[
    ("DisableApiTermination", "disableApiTermination"),
    ("DisableApiStop", "disableApiStop"),
    (
        "InstanceInitiatedShutdownBehavior",
        "instanceInitiatedShutdownBehavior",
    ),
    ("UserData", "userData"),
    ("InstanceType", "instanceType"),
    ("EbsOptimized", "ebsOptimized"),
    ("SourceDestCheck", "sourceDestCheck"),
    ("Groups", "groupSet"),
    ("Kernel", "kernel"),
    ("Ramdisk", "ramdisk"),
    ("SriovNetSupport", "sriovNetSupport"),
    ("EnaSupport", "enaSupport"),
    ("EnclaveOptions", "enclaveOptions"),
    ("BlockDeviceMappings", "blockDeviceMapping"),
];

pub(crate) fn describe_instance_attribute(
    ec2: &mut Ec2,
    members: &Object<'_>,
) -> Result<Value, Error> {
    let id: InstanceId = members.required_id("InstanceId")?;
    let attribute = members.required_string("Attribute")?;
    let name = DESCRIBED
        .iter()
        .find(|name| **name == attribute)
        .ok_or_else(|| Error::NotOneOf {
            parameter: "Attribute",
            value: attribute.to_owned(),
            allowed: DESCRIBED,
        })?;
    let instance = ec2.instance(id)?;
    let attributes = &instance.attributes;
    let (member, value) = match *name {
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
        "sourceDestCheck" => ("SourceDestCheck", json!({"Value": true})),
        "groupSet" => ("Groups", json!([])),
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
    let given: Vec<(&'static str, &'static str)> = CHANGE_MEMBERS
        .iter()
        .copied()
        .filter(|(member, _)| members.has(member))
        .collect();
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
    let change = match (by_name, given.as_slice()) {
        (None, []) => {
            return Err(Error::NoSelector {
                parameters: &["Attribute", "DisableApiTermination", "SourceDestCheck"],
            })
        }
        (Some(_), [(member, _), ..]) => {
            return Err(Error::ConflictingParameters {
                first: "Attribute",
                second: member,
            })
        }
        (None, [(first, _), (second, _), ..]) => {
            return Err(Error::ConflictingParameters { first, second })
        }
        (Some((attribute, value)), []) => change_by_name(attribute, value)?,
        (None, [(member, attribute)]) => change_by_member(members, member, attribute)?,
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
    let name = MODIFIABLE
        .iter()
        .find(|name| **name == attribute)
        .ok_or_else(|| Error::NotOneOf {
            parameter: "Attribute",
            value: attribute.to_owned(),
            allowed: MODIFIABLE,
        })?;
    let flag = || match value {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(Error::NotOneOf {
            parameter: "Value",
            value: value.to_owned(),
            allowed: &["true", "false"],
        }),
    };
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
        return Err(Error::UnsupportedParameter {
            parameter: "Groups",
            hint: "set an interface's security groups with ModifyNetworkInterfaceAttribute",
        });
    }
    let structure = members.object(member)?;
    let missing = || Error::MissingParameter {
        parameter: format!("{member}.Value"),
    };
    let flag = || {
        structure
            .as_ref()
            .map(|s| s.boolean("Value"))
            .transpose()?
            .flatten()
            .ok_or_else(missing)
    };
    let text = || {
        structure
            .as_ref()
            .map(|s| s.string("Value"))
            .transpose()?
            .flatten()
            .map(str::to_owned)
            .ok_or_else(missing)
    };
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
        "sourceDestCheck" => {
            return Err(Error::UnsupportedParameter {
                parameter: "SourceDestCheck",
                hint: "set it on the primary interface with ModifyNetworkInterfaceAttribute",
            })
        }
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
