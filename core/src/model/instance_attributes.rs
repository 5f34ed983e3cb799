//! What an instance was launched with beyond its addresses (its image, launch time, termination
//! protection, shutdown behaviour, user data), as DescribeInstanceAttribute shows it and
//! ModifyInstanceAttribute changes it.

use crate::error::Error;
use crate::ids::{InstanceId, SecurityGroupId};
use crate::model::{Ec2, InstanceState, NetworkInterfaceAttributeChange, Timestamp};

/// What the instance does when its operating system shuts down.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ShutdownBehavior {
    /// `stop` (EC2's default).
    #[default]
    Stop,
    /// `terminate`.
    Terminate,
}

impl ShutdownBehavior {
    /// The value as EC2 spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            ShutdownBehavior::Stop => "stop",
            ShutdownBehavior::Terminate => "terminate",
        }
    }

    /// `stop` or `terminate`.
    pub fn parse(text: &str) -> Option<ShutdownBehavior> {
        match text {
            "stop" => Some(ShutdownBehavior::Stop),
            "terminate" => Some(ShutdownBehavior::Terminate),
            _ => None,
        }
    }
}

/// An instance's settings beyond addressing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InstanceAttributes {
    /// The image it was launched from (`ImageId`), when given.
    pub image_id: Option<String>,
    /// When it launched, on the model's clock.
    pub launch_time: Timestamp,
    /// `DisableApiTermination`: TerminateInstances refuses it while set.
    pub disable_api_termination: bool,
    /// `DisableApiStop`.
    pub disable_api_stop: bool,
    /// `InstanceInitiatedShutdownBehavior`.
    pub shutdown_behavior: ShutdownBehavior,
    /// `UserData`, base64 as given.
    pub user_data: Option<String>,
    /// `EbsOptimized`.
    pub ebs_optimized: bool,
    /// `Architecture` as describe-* output gave it; otherwise the instance type's.
    pub architecture: Option<String>,
    /// Detailed monitoring (`Monitoring.Enabled`).
    pub monitoring: bool,
    /// The `ClientToken` it was launched with, when given.
    pub client_token: Option<String>,
}

/// One change ModifyInstanceAttribute makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InstanceAttributeChange {
    /// `DisableApiTermination`.
    DisableApiTermination(bool),
    /// `DisableApiStop`.
    DisableApiStop(bool),
    /// `InstanceInitiatedShutdownBehavior`.
    ShutdownBehavior(ShutdownBehavior),
    /// `UserData`: only while the instance is stopped.
    UserData(String),
    /// `InstanceType`: only while the instance is stopped.
    InstanceType(String),
    /// `EbsOptimized`: only while the instance is stopped.
    EbsOptimized(bool),
    /// `SourceDestCheck`, which is the primary interface's.
    SourceDestCheck(bool),
    /// `GroupId.N`: the primary interface's whole new list of security groups.
    Groups(Vec<SecurityGroupId>),
    /// An attribute the model does not keep (`kernel`, `ramdisk`, `sriovNetSupport`,
    /// `enaSupport`, `EnclaveOptions`), which EC2 changes only while the instance is stopped.
    WhileStopped(&'static str),
}

impl Ec2 {
    /// ModifyInstanceAttribute: one change to a running instance; the type, user data and
    /// EBS optimisation only change while it is stopped, which a modelled instance never is.
    pub fn modify_instance_attribute(
        &mut self,
        id: InstanceId,
        change: InstanceAttributeChange,
    ) -> Result<(), Error> {
        let instance = self.instance(id)?;
        let stopped_only = matches!(
            change,
            InstanceAttributeChange::UserData(_)
                | InstanceAttributeChange::InstanceType(_)
                | InstanceAttributeChange::EbsOptimized(_)
                | InstanceAttributeChange::WhileStopped(_)
        );
        if instance.state == InstanceState::Terminated || stopped_only {
            return Err(Error::InstanceNotStopped { instance_id: id });
        }
        // The source/destination check and the groups belong to the primary interface.
        let primary = instance.primary_interface();
        let on_primary = match change {
            InstanceAttributeChange::SourceDestCheck(on) => {
                Some(NetworkInterfaceAttributeChange::SourceDestCheck(on))
            }
            InstanceAttributeChange::Groups(ref groups) => {
                Some(NetworkInterfaceAttributeChange::Groups(groups.clone()))
            }
            _ => None,
        };
        if let (Some(change), Some(primary)) = (on_primary, primary) {
            return self.modify_network_interface_attribute(primary, change);
        }
        let Some(instance) = self.instance_mut(id) else {
            return Ok(());
        };
        let attributes = &mut instance.attributes;
        match change {
            InstanceAttributeChange::DisableApiTermination(value) => {
                attributes.disable_api_termination = value
            }
            InstanceAttributeChange::DisableApiStop(value) => attributes.disable_api_stop = value,
            InstanceAttributeChange::ShutdownBehavior(value) => {
                attributes.shutdown_behavior = value
            }
            InstanceAttributeChange::UserData(value) => attributes.user_data = Some(value),
            InstanceAttributeChange::InstanceType(value) => instance.instance_type = value,
            InstanceAttributeChange::EbsOptimized(value) => attributes.ebs_optimized = value,
            InstanceAttributeChange::WhileStopped(_)
            | InstanceAttributeChange::SourceDestCheck(_)
            | InstanceAttributeChange::Groups(_) => {}
        }
        Ok(())
    }
}
