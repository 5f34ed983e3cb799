//! A scenario: the cluster, its VPC CNI settings, its workloads and its neighbours, read from
//! TOML or JSON. The member names are the contract, documented in README's simulator section.
//!
//! ```
//! let scenario = eniplan_sim::Scenario::from_toml(r#"
//!     seed = 7
//!     duration = "30m"
//!
//!     [vpc]
//!     cidr = "10.0.0.0/16"
//!     subnets = [{ name = "nodes-a", cidr = "10.0.0.0/24", zone = "us-east-1a" }]
//!
//!     [cni]
//!     ENABLE_PREFIX_DELEGATION = true
//!
//!     [[node_groups]]
//!     name = "general"
//!     instance_type = "m5.large"
//!     subnets = ["nodes-a"]
//!     nodes = [["0s", 2], ["10m", 4]]
//!
//!     [[workloads]]
//!     node_group = "general"
//!     pods = 60
//!     lifetime = "10m"
//! "#)?;
//! assert_eq!(scenario.node_groups[0].nodes.peak(), 4);
//! # Ok::<(), eniplan_sim::ScenarioError>(())
//! ```

mod cni;
mod schedule;

use std::collections::BTreeMap;

use serde::Deserialize;

pub use cni::{CniConfig, SettingValue};
pub use schedule::Schedule;

use crate::error::ScenarioError;
use crate::time::{SimDuration, SECOND};

/// Everything a simulation runs.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// The seed of every random choice: EC2's placement, Go's map order, lifetimes, tick phases.
    #[serde(default)]
    pub seed: u64,
    /// How long to simulate, e.g. `"30m"`.
    pub duration: SimDuration,
    /// How often the timeline is sampled (default `"10s"`).
    #[serde(default = "default_sample_every")]
    pub sample_every: SimDuration,
    /// The VPC to build, when no `describe-*` state is loaded.
    #[serde(default)]
    pub vpc: Option<VpcSpec>,
    /// The `aws-node` environment, by variable name.
    #[serde(default)]
    pub cni: BTreeMap<String, SettingValue>,
    /// The node groups.
    pub node_groups: Vec<NodeGroupSpec>,
    /// The pods they run.
    #[serde(default)]
    pub workloads: Vec<WorkloadSpec>,
    /// Other tenants of the subnets.
    #[serde(default)]
    pub background: Vec<BackgroundSpec>,
}

fn default_sample_every() -> SimDuration {
    SimDuration(10 * SECOND)
}

/// A VPC and its subnets, built when no state is loaded.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VpcSpec {
    /// The VPC's IPv4 CIDR.
    pub cidr: String,
    /// Further IPv4 CIDRs associated with the VPC (such as `100.64.0.0/16` for pods).
    #[serde(default)]
    pub secondary_cidrs: Vec<String>,
    /// Its subnets.
    pub subnets: Vec<SubnetSpec>,
}

/// A subnet of the scenario's VPC.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubnetSpec {
    /// Its id (`subnet-` and 8 or 17 hex digits); made from the name when left out.
    #[serde(default)]
    pub id: Option<String>,
    /// Its name (the `Name` tag), by which node groups may refer to it.
    #[serde(default)]
    pub name: Option<String>,
    /// Its IPv4 CIDR.
    pub cidr: String,
    /// Its availability zone (default `us-east-1a`).
    #[serde(default)]
    pub zone: Option<String>,
    /// Its tags, such as `kubernetes.io/role/cni = "1"` for subnet discovery.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// Its subnet CIDR reservations.
    #[serde(default)]
    pub reservations: Vec<ReservationSpec>,
}

/// A subnet CIDR reservation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReservationSpec {
    /// The reserved block.
    pub cidr: String,
    /// `prefix` (EC2 takes automatic prefixes from it first) or `explicit`.
    #[serde(rename = "type")]
    pub reservation_type: String,
    /// Free text.
    #[serde(default)]
    pub description: Option<String>,
}

/// A group of identical nodes, like an Auto Scaling group or a managed node group.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeGroupSpec {
    /// Its name, by which workloads refer to it.
    pub name: String,
    /// The instance type of its nodes.
    pub instance_type: String,
    /// The subnets its nodes launch in (by id or name), spread over them as an Auto Scaling
    /// group spreads over zones.
    pub subnets: Vec<String>,
    /// With custom networking: the ENIConfig subnet (by id or name) of each zone.
    #[serde(default)]
    pub pod_subnets: BTreeMap<String, String>,
    /// How many nodes, as a count or steps in time.
    pub nodes: Schedule,
    /// The kubelet's max pods: `"auto"` (eniplan's figure for the mode) or a number.
    #[serde(default)]
    pub max_pods: MaxPodsSpec,
}

/// The kubelet's `maxPods`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(untagged, expecting = "\"auto\" or a number")]
pub enum MaxPodsSpec {
    /// eniplan's max pods for the node's mode (see README's simulator section).
    #[default]
    #[serde(with = "auto")]
    Auto,
    /// This many.
    Fixed(u32),
}

/// `"auto"`, and nothing else, as a unit.
mod auto {
    use serde::de::{Deserialize, Deserializer, Error};

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<(), D::Error> {
        match String::deserialize(deserializer)?.as_str() {
            "auto" => Ok(()),
            other => Err(D::Error::custom(format!(
                "max_pods: {other:?} is neither \"auto\" nor a number"
            ))),
        }
    }
}

/// Pods of one kind running on a node group, such as a Deployment's replicas.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkloadSpec {
    /// Its name, for reports (default `workload-N`).
    #[serde(default)]
    pub name: Option<String>,
    /// The node group that runs it.
    pub node_group: String,
    /// How many pods, as a count or steps in time.
    pub pods: Schedule,
    /// The mean time a pod lives before it is replaced (churn); none: pods live on.
    #[serde(default)]
    pub lifetime: Option<SimDuration>,
}

/// Another tenant of a subnet (Lambda, RDS, NAT gateways): interfaces holding one address
/// each, created and churned through the same EC2 model.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackgroundSpec {
    /// The subnet, by id or name.
    pub subnet: String,
    /// How many addresses it holds.
    pub addresses: u32,
    /// The mean time one of its interfaces lives before it is replaced; none: they stay.
    #[serde(default)]
    pub lifetime: Option<SimDuration>,
}

/// How a scenario's text is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// TOML.
    Toml,
    /// JSON.
    Json,
    /// Either: TOML, else JSON (a file without a telling extension, or stdin).
    Either,
}

impl Format {
    /// The format a file name's extension tells: `.toml`, `.json`, or either.
    pub fn of_path(path: &std::path::Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some("toml") => Format::Toml,
            Some("json") => Format::Json,
            _ => Format::Either,
        }
    }
}

/// A scenario's text as the JSON value every form of scenario shares (what `--vary` edits),
/// not yet checked against the schema.
pub fn scenario_value(text: &str, format: Format) -> Result<serde_json::Value, ScenarioError> {
    let as_json = || serde_json::from_str(text).map_err(|e| e.to_string());
    let as_toml = || toml::from_str(text).map_err(|e: toml::de::Error| e.message().to_owned());
    match format {
        Format::Json => as_json(),
        Format::Toml => as_toml(),
        Format::Either => as_toml().or_else(|toml_error| as_json().map_err(|_| toml_error)),
    }
    .map_err(ScenarioError::new)
}

impl Scenario {
    /// Reads a scenario from TOML.
    pub fn from_toml(text: &str) -> Result<Scenario, ScenarioError> {
        toml::from_str(text).map_err(|error| ScenarioError::new(error.message().trim_end()))
    }

    /// Reads a scenario from JSON.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        serde_json::from_str(text).map_err(|error| ScenarioError::new(error.to_string()))
    }

    /// Reads a scenario from an already parsed JSON value (a dict in Python, say).
    pub fn from_value(value: serde_json::Value) -> Result<Scenario, ScenarioError> {
        serde_json::from_value(value).map_err(|error| ScenarioError::new(error.to_string()))
    }

    /// The VPC CNI settings of the `cni` table, checked.
    pub fn cni_config(&self) -> Result<CniConfig, ScenarioError> {
        CniConfig::from_settings(&self.cni).map_err(ScenarioError::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_members_are_refused_by_name() {
        let error = Scenario::from_toml(
            "duration = \"1m\"\nnode_groups = []\n[vpc]\ncidr = \"10.0.0.0/16\"\nsubnets = []\nzones = 3\n",
        )
        .unwrap_err();
        assert!(
            error.to_string().contains("unknown field `zones`"),
            "{error}"
        );
        let error =
            Scenario::from_json(r#"{"duration": "1m", "node_groups": [], "sed": 1}"#).unwrap_err();
        assert!(error.to_string().contains("unknown field `sed`"), "{error}");
    }

    #[test]
    fn max_pods_is_auto_or_a_number() {
        let read = |text: &str| {
            serde_json::from_str::<MaxPodsSpec>(text).map_err(|error| error.to_string())
        };
        assert_eq!(read(r#""auto""#), Ok(MaxPodsSpec::Auto));
        assert_eq!(read("58"), Ok(MaxPodsSpec::Fixed(58)));
        assert!(read(r#""lots""#).is_err());
    }

    #[test]
    fn the_same_scenario_reads_from_toml_and_json() {
        let toml = Scenario::from_toml(
            r#"
            seed = 3
            duration = "1h"
            [cni]
            WARM_IP_TARGET = 5
            [[node_groups]]
            name = "a"
            instance_type = "m5.large"
            subnets = ["subnet-0a11c0ffee0a11c01"]
            nodes = [["0s", 1], ["5m", 3]]
            max_pods = 20
            [[workloads]]
            node_group = "a"
            pods = 10
            lifetime = 600
            "#,
        )
        .unwrap();
        let json = Scenario::from_json(
            r#"{"seed": 3, "duration": "1h", "cni": {"WARM_IP_TARGET": 5},
                "node_groups": [{"name": "a", "instance_type": "m5.large",
                                 "subnets": ["subnet-0a11c0ffee0a11c01"],
                                 "nodes": [["0s", 1], ["5m", 3]], "max_pods": 20}],
                "workloads": [{"node_group": "a", "pods": 10, "lifetime": "10m"}]}"#,
        )
        .unwrap();
        assert_eq!(toml, json);
        assert_eq!(json.sample_every, SimDuration(10_000));
    }
}
