//! What the simulation counts as it goes, its samples, its end report, and the checks that
//! its view of the cluster agrees with EC2's.

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;

use eniplan::NetworkInterfaceId;

use super::pods::PodState;
use super::Simulation;
use crate::result::{
    CallCount, EniReport, NodeReport, Sample, SimulationResult, SubnetErrors, SubnetSample,
    Summary, Waits, WorkloadReport,
};
use crate::time::{seconds, Millis};

/// Running counts and peaks.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    /// Pods running now.
    pub(crate) running: u32,
    /// Pods waiting for an address now.
    pub(crate) waiting: u32,
    /// Pods no node has room for now.
    pub(crate) unscheduled: u32,
    pub(crate) nodes_launched: u32,
    pub(crate) nodes_terminated: u32,
    pub(crate) events: u64,
    peak_nodes: u32,
    peak_running: u32,
    peak_waiting: u32,
    peak_unscheduled: u32,
    waits: u32,
    wait_total: Millis,
    wait_longest: Millis,
    first_wait: Option<Millis>,
}

impl Tally {
    /// Folds the current counts into the peaks.
    pub(crate) fn note_peaks(&mut self, nodes: u32) {
        self.peak_nodes = self.peak_nodes.max(nodes);
        self.peak_running = self.peak_running.max(self.running);
        self.peak_waiting = self.peak_waiting.max(self.waiting);
        self.peak_unscheduled = self.peak_unscheduled.max(self.unscheduled);
    }

    /// A pod starts waiting for an address.
    pub(crate) fn start_wait(&mut self, now: Millis) {
        self.waiting += 1;
        self.waits += 1;
        self.first_wait.get_or_insert(now);
    }

    /// A pod's wait ended (it got an address, or went) after `duration`.
    pub(crate) fn finish_wait(&mut self, duration: Millis) {
        self.waiting -= 1;
        self.wait_total += duration;
        self.wait_longest = self.wait_longest.max(duration);
    }
}

impl Simulation {
    /// One timeline sample.
    pub(super) fn sample(&mut self) {
        let mut idle: BTreeMap<_, u32> = BTreeMap::new();
        let mut nodes = 0;
        let mut nodes_ready = 0;
        for group in &self.groups {
            for &n in &group.alive {
                let node = &self.nodes[n];
                nodes += 1;
                nodes_ready += u32::from(node.ready);
                for (subnet, addresses) in node.ipamd.datastore.idle_by_subnet() {
                    *idle.entry(subnet).or_default() += addresses;
                }
            }
        }
        let subnets = self
            .tracked_subnets
            .iter()
            .filter_map(|&id| {
                let subnet = self.cloud.ec2.subnet(id).ok()?;
                Some(SubnetSample {
                    subnet_id: id.to_string(),
                    available_ip_address_count: subnet.available_ip_address_count(),
                    free_aligned_blocks: subnet.free_aligned_blocks(),
                    idle_warm_addresses: idle.get(&id).copied().unwrap_or(0),
                })
            })
            .collect();
        self.timeline.push(Sample {
            seconds: seconds(self.now),
            nodes,
            nodes_ready,
            pods_running: self.tally.running,
            pods_waiting_for_address: self.tally.waiting,
            pods_unschedulable: self.tally.unscheduled,
            subnets,
        });
    }

    /// The report, once [`Simulation::step`] has run every event (as [`Simulation::run`]
    /// does): pods still waiting count their wait up to the last event.
    pub fn finish(mut self) -> SimulationResult {
        let still_waiting: Vec<Millis> = self
            .pods
            .iter()
            .filter_map(|(_, pod)| match pod.state {
                PodState::Waiting { since, .. } => Some(self.now - since),
                _ => None,
            })
            .collect();
        let mut waits = Waits {
            count: self.tally.waits,
            still_waiting: still_waiting.len() as u32,
            ..Waits::default()
        };
        let (total, longest) = still_waiting.iter().fold(
            (self.tally.wait_total, self.tally.wait_longest),
            |(total, longest), &wait| (total + wait, longest.max(wait)),
        );
        if waits.count > 0 {
            waits.longest_seconds = seconds(longest);
            waits.mean_seconds = seconds(total) / f64::from(waits.count);
        }
        let ec2_calls = self
            .cloud
            .calls
            .iter()
            .map(|(&(by, action, outcome), &count)| CallCount {
                by,
                action,
                outcome: outcome.unwrap_or("Success").to_owned(),
                count,
            })
            .collect();
        let summary = Summary {
            seed: self.seed,
            duration_seconds: seconds(self.end),
            peak_nodes: self.tally.peak_nodes,
            nodes_launched: self.tally.nodes_launched,
            nodes_terminated: self.tally.nodes_terminated,
            peak_pods_running: self.tally.peak_running,
            peak_pods_waiting_for_address: self.tally.peak_waiting,
            peak_pods_unschedulable: self.tally.peak_unscheduled,
            pods_waited_for_address: waits,
            first_wait_seconds: self.tally.first_wait.map(seconds),
            first_error_seconds: self
                .cloud
                .first_errors
                .iter()
                .map(|(code, &at)| ((*code).to_owned(), seconds(at)))
                .collect(),
            ec2_calls,
            subnet_errors: self
                .cloud
                .subnet_errors
                .iter()
                .map(|(&(code, subnet), &(count, first))| SubnetErrors {
                    code: code.to_owned(),
                    subnet_id: subnet.to_string(),
                    count,
                    first_seconds: seconds(first),
                })
                .collect(),
            events: self.tally.events,
        };
        let mut pods_per_eni: BTreeMap<NetworkInterfaceId, u32> = BTreeMap::new();
        for (_, pod) in self.pods.iter() {
            if let PodState::Running { eni, .. } = pod.state {
                *pods_per_eni.entry(eni).or_default() += 1;
            }
        }
        let nodes = (0..self.nodes.len())
            .map(|n| self.node_report(n, &pods_per_eni))
            .collect();
        let workloads = (0..self.workloads.len())
            .map(|w| self.workload_report(w))
            .collect();
        SimulationResult {
            summary,
            timeline: std::mem::take(&mut self.timeline),
            nodes,
            workloads,
            notes: std::mem::take(&mut self.notes),
            ec2: self.cloud.ec2,
        }
    }

    fn workload_report(&self, w: usize) -> WorkloadReport {
        let workload = &self.workloads[w];
        let mut report = WorkloadReport {
            name: workload.name.clone(),
            node_group: self.groups[workload.group].name.clone(),
            pods_started: workload.started,
            pods_running: 0,
            pods_waiting_for_address: 0,
            pods_unschedulable: 0,
        };
        for (_, pod) in self.pods.iter().filter(|(_, pod)| pod.workload == w) {
            match pod.state {
                PodState::Unscheduled => report.pods_unschedulable += 1,
                PodState::Waiting { .. } => report.pods_waiting_for_address += 1,
                PodState::Running { .. } => report.pods_running += 1,
            }
        }
        report
    }

    fn node_report(
        &self,
        n: usize,
        pods_per_eni: &BTreeMap<NetworkInterfaceId, u32>,
    ) -> NodeReport {
        let node = &self.nodes[n];
        let group = &self.groups[node.group];
        let mut enis: Vec<EniReport> = Vec::new();
        if node.terminated_at.is_none() {
            if let Ok(instance) = self.cloud.ec2.instance(node.place.instance_id) {
                for interface in &instance.interfaces {
                    let Ok(eni) = self
                        .cloud
                        .ec2
                        .network_interface(interface.network_interface_id)
                    else {
                        continue;
                    };
                    enis.push(EniReport {
                        network_interface_id: eni.id.to_string(),
                        device_index: interface.device_index,
                        subnet_id: eni.subnet_id.to_string(),
                        secondary_addresses: eni.secondaries.len() as u32,
                        prefixes: eni.prefixes.len() as u32,
                        pods: pods_per_eni.get(&eni.id).copied().unwrap_or(0),
                    });
                }
            }
            enis.sort_by_key(|eni| eni.device_index);
        }
        NodeReport {
            instance_id: node.place.instance_id.to_string(),
            node_group: group.name.clone(),
            subnet_id: node.place.subnet_id.to_string(),
            launched_seconds: seconds(node.launched_at),
            terminated_seconds: node.terminated_at.map(seconds),
            max_pods: group.max_pods(),
            pods: node.pods,
            pods_waiting_for_address: node.waiting.len() as u32,
            enis,
        }
    }

    /// Checks that the simulation's view agrees with EC2's and with itself: each Ready node's
    /// datastore holds exactly its attached interfaces and the addresses or prefixes EC2 gives
    /// them; every running pod's address is assigned in its node's datastore and held by its
    /// interface in EC2; no address is held by two pods; the counters match the pods.
    pub fn check_invariants(&self) -> Result<(), String> {
        let prefix_delegation = |n: usize| {
            self.groups[self.nodes[n].group]
                .config
                .targets
                .prefix_delegation
        };
        for (n, node) in self.nodes.iter().enumerate() {
            if !node.ready || node.terminated_at.is_some() {
                continue;
            }
            let instance = self
                .cloud
                .ec2
                .instance(node.place.instance_id)
                .map_err(|error| format!("node {n}: {error}"))?;
            let attached: BTreeSet<_> = instance
                .interfaces
                .iter()
                .map(|i| (i.network_interface_id, i.device_index))
                .collect();
            let held: BTreeSet<_> = node
                .ipamd
                .datastore
                .enis
                .iter()
                .map(|eni| (eni.id, eni.device_index))
                .collect();
            if attached != held {
                return Err(format!(
                    "node {n}: EC2 attaches {attached:?}, ipamd holds {held:?}"
                ));
            }
            for eni in &node.ipamd.datastore.enis {
                let actual = self
                    .cloud
                    .ec2
                    .network_interface(eni.id)
                    .map_err(|error| format!("node {n}: {error}"))?;
                let mut in_ec2: Vec<Ipv4Addr> = if prefix_delegation(n) {
                    actual.prefixes.iter().map(|p| p.network()).collect()
                } else {
                    actual.secondaries.clone()
                };
                let mut in_store: Vec<Ipv4Addr> = eni.cidrs.iter().map(|c| c.network).collect();
                in_ec2.sort_unstable();
                in_store.sort_unstable();
                if in_ec2 != in_store {
                    return Err(format!(
                        "node {n}, {}: EC2 holds {in_ec2:?}, ipamd holds {in_store:?}",
                        eni.id
                    ));
                }
            }
        }
        let mut addresses = BTreeSet::new();
        let (mut running, mut waiting, mut unscheduled) = (0, 0, 0);
        let mut assigned_per_node: BTreeMap<usize, u32> = BTreeMap::new();
        for (key, pod) in self.pods.iter() {
            match pod.state {
                PodState::Unscheduled => unscheduled += 1,
                PodState::Waiting { .. } => waiting += 1,
                PodState::Running { node, eni, address } => {
                    running += 1;
                    *assigned_per_node.entry(node).or_default() += 1;
                    if !addresses.insert(address) {
                        return Err(format!("{address} is held by two pods ({key:?})"));
                    }
                    let holder = self
                        .cloud
                        .ec2
                        .network_interface(eni)
                        .map_err(|error| format!("pod {key:?}: {error}"))?;
                    let held = holder.secondaries.contains(&address)
                        || holder.prefixes.iter().any(|p| p.contains(address));
                    if !held {
                        return Err(format!(
                            "pod {key:?} runs on {address}, which {eni} does not hold"
                        ));
                    }
                }
            }
        }
        for (n, node) in self.nodes.iter().enumerate() {
            let assigned = node.ipamd.datastore.stats().assigned;
            let expected = assigned_per_node.get(&n).copied().unwrap_or(0);
            if node.terminated_at.is_none() && assigned != expected {
                return Err(format!(
                    "node {n}: ipamd counts {assigned} assigned addresses for {expected} running pods"
                ));
            }
        }
        let counted = (
            self.tally.running,
            self.tally.waiting,
            self.tally.unscheduled,
        );
        if counted != (running, waiting, unscheduled) {
            return Err(format!(
                "counters (running, waiting, unscheduled) {counted:?} but pods {:?}",
                (running, waiting, unscheduled)
            ));
        }
        Ok(())
    }
}
