//! What a simulation reports, with stable PascalCase names in JSON (`--json`, Python).

use std::collections::BTreeMap;

use eniplan::Ec2;
use serde::Serialize;
use serde_json::{json, Value};

use crate::cloud::{Action, Caller};

/// Everything a run produced: its summary, its timeline, the nodes and the final model.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SimulationResult {
    /// The headline figures.
    pub summary: Summary,
    /// One sample every `sample_every`, and one at the end.
    pub timeline: Vec<Sample>,
    /// Every node launched, in launch order.
    pub nodes: Vec<NodeReport>,
    /// Every workload at the end.
    pub workloads: Vec<WorkloadReport>,
    /// What was assumed or left out while setting up (loaded state, fallbacks).
    pub notes: Vec<String>,
    /// The EC2 model at the end, for `describe_*` and `subnet_report` on the end state.
    #[serde(skip)]
    pub ec2: Ec2,
}

impl SimulationResult {
    /// The subnets the run touched, by id: those of the nodes and their interfaces, those EC2
    /// refused a call in, and those whose figures changed over the timeline.
    pub fn active_subnets(&self) -> Vec<String> {
        let mut subnets: std::collections::BTreeSet<String> = self
            .nodes
            .iter()
            .flat_map(|node| {
                std::iter::once(node.subnet_id.clone())
                    .chain(node.enis.iter().map(|eni| eni.subnet_id.clone()))
            })
            .chain(
                self.summary
                    .subnet_errors
                    .iter()
                    .map(|e| e.subnet_id.clone()),
            )
            .collect();
        if let Some(first) = self.timeline.first() {
            for (index, subnet) in first.subnets.iter().enumerate() {
                let changed = self
                    .timeline
                    .iter()
                    .any(|sample| sample.subnets.get(index) != Some(subnet));
                if changed {
                    subnets.insert(subnet.subnet_id.clone());
                }
            }
        }
        subnets.into_iter().collect()
    }

    /// The end state as the AWS CLI would print it, by file name: `vpcs.json`
    /// (describe-vpcs), `subnets.json` (describe-subnets, with the subnets' tags),
    /// `network-interfaces.json`, `instances.json`, `addresses.json` and
    /// `subnet-cidr-reservations.json`, tags included, which `--state` and
    /// [`Network::from_describe`] load.
    ///
    /// [`Network::from_describe`]: crate::Network::from_describe
    pub fn describe_documents(&self) -> Result<Vec<(&'static str, Value)>, eniplan::Error> {
        let mut ec2 = self.ec2.clone();
        let empty = json!({});
        let subnets = ec2.call("DescribeSubnets", &empty)?;
        let mut reservations = Vec::new();
        for subnet in ec2
            .subnets()
            .iter()
            .map(|subnet| subnet.id)
            .collect::<Vec<_>>()
        {
            let found = ec2.call(
                "GetSubnetCidrReservations",
                &json!({"SubnetId": subnet.to_string()}),
            )?;
            reservations.extend(
                found["SubnetIpv4CidrReservations"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default(),
            );
        }
        Ok(vec![
            ("vpcs.json", ec2.call("DescribeVpcs", &empty)?),
            ("subnets.json", subnets),
            (
                "network-interfaces.json",
                ec2.call("DescribeNetworkInterfaces", &empty)?,
            ),
            ("instances.json", ec2.call("DescribeInstances", &empty)?),
            ("addresses.json", ec2.call("DescribeAddresses", &empty)?),
            (
                "subnet-cidr-reservations.json",
                json!({"SubnetIpv4CidrReservations": reservations, "SubnetIpv6CidrReservations": []}),
            ),
        ])
    }
}

/// The headline figures of a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Summary {
    /// The seed the run used.
    pub seed: u64,
    /// Simulated seconds.
    pub duration_seconds: f64,
    /// The most nodes alive at once.
    pub peak_nodes: u32,
    /// Nodes launched.
    pub nodes_launched: u32,
    /// Nodes terminated (scale-in).
    pub nodes_terminated: u32,
    /// The most pods running (with an address) at once.
    pub peak_pods_running: u32,
    /// The most pods placed on a node and waiting for an address at once.
    pub peak_pods_waiting_for_address: u32,
    /// The most pods no node had room for at once.
    pub peak_pods_unschedulable: u32,
    /// Pods that waited for an address, and for how long.
    pub pods_waited_for_address: Waits,
    /// When a pod first waited for an address, in seconds.
    pub first_wait_seconds: Option<f64>,
    /// When each EC2 error code first came back, in seconds.
    pub first_error_seconds: BTreeMap<String, f64>,
    /// EC2 calls by caller, action and outcome.
    pub ec2_calls: Vec<CallCount>,
    /// EC2 errors of calls in a subnet (RunInstances, CreateNetworkInterface,
    /// AssignPrivateIpAddresses), by code and subnet.
    pub subnet_errors: Vec<SubnetErrors>,
    /// Events the simulation processed (ipamd loops, pod and node changes, samples).
    pub events: u64,
}

/// How long pods waited for an address (a pod placed on a node, in `ContainerCreating` with
/// "failed to assign an IP address to container").
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct Waits {
    /// Pods that waited at all.
    pub count: u32,
    /// Of those, pods still waiting at the end.
    pub still_waiting: u32,
    /// The longest wait, in seconds (a wait still going counts up to the end).
    pub longest_seconds: f64,
    /// The mean wait, in seconds.
    pub mean_seconds: f64,
}

/// How many calls of one kind were made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CallCount {
    /// Who called.
    pub by: Caller,
    /// The action.
    pub action: Action,
    /// `Success`, or the EC2 error code.
    pub outcome: String,
    /// How many times.
    pub count: u64,
}

/// One EC2 error code in one subnet.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubnetErrors {
    /// The error code.
    pub code: String,
    /// The subnet.
    pub subnet_id: String,
    /// How many times.
    pub count: u64,
    /// When first, in seconds.
    pub first_seconds: f64,
}

/// The cluster and its subnets at one moment.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Sample {
    /// Seconds since the start.
    pub seconds: f64,
    /// Nodes alive (launched and not terminated).
    pub nodes: u32,
    /// Of those, nodes whose ipamd is up, so that pods can be placed.
    pub nodes_ready: u32,
    /// Pods running with an address.
    pub pods_running: u32,
    /// Pods placed on a node and waiting for an address.
    pub pods_waiting_for_address: u32,
    /// Pods no node had room for (below max pods).
    pub pods_unschedulable: u32,
    /// Each subnet of the cluster's VPCs.
    pub subnets: Vec<SubnetSample>,
}

/// One subnet at one moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubnetSample {
    /// The subnet.
    pub subnet_id: String,
    /// EC2's `AvailableIpAddressCount`.
    pub available_ip_address_count: u32,
    /// Aligned /28 blocks an `Ipv4PrefixCount` request could still get.
    pub free_aligned_blocks: u32,
    /// Addresses the nodes' warm pools hold in this subnet that no pod uses.
    pub idle_warm_addresses: u32,
}

/// One node as it ended (or as it was when terminated).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NodeReport {
    /// The instance.
    pub instance_id: String,
    /// Its node group.
    pub node_group: String,
    /// The subnet of its primary interface.
    pub subnet_id: String,
    /// When it launched, in seconds.
    pub launched_seconds: f64,
    /// When it was terminated, in seconds, if it was.
    pub terminated_seconds: Option<f64>,
    /// The kubelet's max pods.
    pub max_pods: u32,
    /// Pods on it at the end (running or waiting), besides the two host-network pods.
    pub pods: u32,
    /// Of those, pods waiting for an address.
    pub pods_waiting_for_address: u32,
    /// Its interfaces at the end, by device index (none once terminated).
    pub enis: Vec<EniReport>,
}

/// One interface of a node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EniReport {
    /// The interface.
    pub network_interface_id: String,
    /// Its device index.
    pub device_index: u32,
    /// Its subnet.
    pub subnet_id: String,
    /// Secondary private addresses EC2 holds for it.
    pub secondary_addresses: u32,
    /// /28 prefixes EC2 holds for it.
    pub prefixes: u32,
    /// Pods using an address of it.
    pub pods: u32,
}

/// One workload at the end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct WorkloadReport {
    /// Its name.
    pub name: String,
    /// Its node group.
    pub node_group: String,
    /// Pods that got an address and started, over the whole run.
    pub pods_started: u64,
    /// Pods running at the end.
    pub pods_running: u32,
    /// Pods waiting for an address at the end.
    pub pods_waiting_for_address: u32,
    /// Pods no node had room for at the end.
    pub pods_unschedulable: u32,
}
