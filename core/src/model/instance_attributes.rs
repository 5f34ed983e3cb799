//! What an instance was launched with beyond its addresses (its image, launch time, termination
//! protection, shutdown behaviour, user data), as DescribeInstanceAttribute shows it and
//! ModifyInstanceAttribute changes it.

use crate::error::Error;
use crate::ids::InstanceId;
use crate::model::{Ec2, InstanceState};

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
    /// When it launched, ISO 8601 in UTC with milliseconds, as EC2 prints it.
    pub launch_time: String,
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
    /// An attribute the model does not keep (`kernel`, `ramdisk`, `sriovNetSupport`,
    /// `enaSupport`, `EnclaveOptions`), which EC2 changes only while the instance is stopped.
    WhileStopped(&'static str),
}

/// The model's clock (seconds since its start) as the ISO 8601 time EC2 prints, from
/// 2026-01-01T00:00:00.000Z (a policy: the model has no wall clock, so that the same calls
/// give the same answers).
pub(crate) fn iso_time(seconds: u64) -> String {
    /// 2026-01-01T00:00:00Z, in seconds since 1970.
    const START: u64 = 1_767_225_600;
    let total = START.saturating_add(seconds);
    let (days, rest) = (total / 86_400, total % 86_400);
    // Howard Hinnant's days-to-civil, for days since 1970-01-01.
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.000Z",
        rest / 3_600,
        rest % 3_600 / 60,
        rest % 60
    )
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
            InstanceAttributeChange::WhileStopped(_) => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::iso_time;

    #[test]
    fn the_clock_reads_as_ec2_prints_times() {
        assert_eq!(iso_time(0), "2026-01-01T00:00:00.000Z");
        // 59 days and 3,661 seconds on: 1 March, 01:01:01 (2026 is not a leap year).
        assert_eq!(iso_time(59 * 86_400 + 3_661), "2026-03-01T01:01:01.000Z");
        assert_eq!(iso_time(366 * 86_400), "2027-01-02T00:00:00.000Z");
        // 2028 is a leap year: 29 February exists.
        assert_eq!(
            iso_time((365 + 365 + 31 + 28) * 86_400),
            "2028-02-29T00:00:00.000Z"
        );
    }
}
