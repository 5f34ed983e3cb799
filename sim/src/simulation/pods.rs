//! Workloads and their pods: the spread scheduler, CNI ADD and DEL through the node's ipamd,
//! the kubelet's retries, churn and scale-down.

use std::net::Ipv4Addr;

use eniplan::NetworkInterfaceId;

use super::events::{Event, PodKey};
use super::nodes::HOST_NETWORK_PODS;
use super::Simulation;
use crate::time::Millis;

/// Where a pod is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PodState {
    /// No node had room for it.
    Unscheduled,
    /// On a node, waiting for an address since a moment (CNI ADD failed).
    Waiting { node: usize, since: Millis },
    /// Running on a node with an address of one of its interfaces.
    Running {
        node: usize,
        eni: NetworkInterfaceId,
        address: Ipv4Addr,
    },
}

/// A pod.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pod {
    /// Its workload.
    pub(crate) workload: usize,
    /// When it was created.
    pub(crate) created_at: Millis,
    /// Where it is.
    pub(crate) state: PodState,
}

/// Every pod alive, in reusable slots.
#[derive(Debug, Default)]
pub(crate) struct PodTable {
    slots: Vec<(u32, Option<Pod>)>,
    free: Vec<u32>,
}

impl PodTable {
    fn insert(&mut self, pod: Pod) -> PodKey {
        match self.free.pop() {
            Some(index) => {
                let slot = &mut self.slots[index as usize];
                slot.1 = Some(pod);
                PodKey {
                    index,
                    generation: slot.0,
                }
            }
            None => {
                self.slots.push((0, Some(pod)));
                PodKey {
                    index: self.slots.len() as u32 - 1,
                    generation: 0,
                }
            }
        }
    }

    /// The pod of a key, unless it has ended.
    pub(crate) fn get(&self, key: PodKey) -> Option<&Pod> {
        match self.slots.get(key.index as usize) {
            Some((generation, Some(pod))) if *generation == key.generation => Some(pod),
            _ => None,
        }
    }

    fn get_mut(&mut self, key: PodKey) -> Option<&mut Pod> {
        match self.slots.get_mut(key.index as usize) {
            Some((generation, Some(pod))) if *generation == key.generation => Some(pod),
            _ => None,
        }
    }

    fn remove(&mut self, key: PodKey) -> Option<Pod> {
        let slot = self.slots.get_mut(key.index as usize)?;
        if slot.0 != key.generation {
            return None;
        }
        let pod = slot.1.take()?;
        slot.0 = slot.0.wrapping_add(1);
        self.free.push(key.index);
        Some(pod)
    }

    /// Every pod alive, with its key.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (PodKey, &Pod)> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(index, (generation, pod))| {
                pod.as_ref().map(|pod| {
                    (
                        PodKey {
                            index: index as u32,
                            generation: *generation,
                        },
                        pod,
                    )
                })
            })
    }
}

/// A workload: pods of one kind on one node group.
#[derive(Debug)]
pub(crate) struct Workload {
    /// Its name.
    pub(crate) name: String,
    /// Its node group.
    pub(crate) group: usize,
    /// The mean time a running pod lives before it is replaced.
    pub(crate) lifetime: Option<Millis>,
    /// Pods wanted now.
    pub(crate) desired: u32,
    /// Pods alive now.
    pub(crate) live: u32,
    /// Pods that got an address, over the run.
    pub(crate) started: u64,
}

impl Workload {
    pub(crate) fn new(name: String, group: usize, lifetime: Option<Millis>) -> Workload {
        Workload {
            name,
            group,
            lifetime,
            desired: 0,
            live: 0,
            started: 0,
        }
    }
}

impl Simulation {
    /// A workload's schedule changed: create pods, or delete the least advanced (unscheduled,
    /// then waiting, then the newest running), as a ReplicaSet scales down.
    pub(super) fn set_pod_count(&mut self, workload: usize, count: u32) {
        self.workloads[workload].desired = count;
        let live = self.workloads[workload].live;
        if live > count {
            let mut victims: Vec<(u8, Millis, PodKey)> = self
                .pods
                .iter()
                .filter(|(_, pod)| pod.workload == workload)
                .map(|(key, pod)| {
                    let rank = match pod.state {
                        PodState::Unscheduled => 0,
                        PodState::Waiting { .. } => 1,
                        PodState::Running { .. } => 2,
                    };
                    (rank, Millis::MAX - pod.created_at, key)
                })
                .collect();
            victims.sort_unstable();
            for (_, _, key) in victims.into_iter().take((live - count) as usize) {
                self.end_pod(key, true);
            }
        }
        self.replace_pods(workload);
        let group = self.workloads[workload].group;
        self.schedule_unscheduled(group);
    }

    /// Creates pods until the workload has as many as it wants; they queue for the scheduler.
    fn replace_pods(&mut self, workload: usize) {
        let group = self.workloads[workload].group;
        while self.workloads[workload].live < self.workloads[workload].desired {
            let key = self.pods.insert(Pod {
                workload,
                created_at: self.now,
                state: PodState::Unscheduled,
            });
            self.workloads[workload].live += 1;
            self.tally.unscheduled += 1;
            self.groups[group].unscheduled.push_back(key);
        }
    }

    /// Places queued pods, oldest first, on the Ready node with the fewest pods while one is
    /// below max pods.
    pub(super) fn schedule_unscheduled(&mut self, group: usize) {
        let max_pods = self.groups[group].max_pods();
        while let Some(&key) = self.groups[group].unscheduled.front() {
            let Some(&(pods, node)) = self.groups[group].ready.first() else {
                return;
            };
            if pods + HOST_NETWORK_PODS >= max_pods {
                return;
            }
            self.groups[group].unscheduled.pop_front();
            self.tally.unscheduled -= 1;
            self.set_node_pods(node, pods + 1);
            if !self.add_network(key, node) {
                self.start_waiting(key, node);
            }
        }
    }

    /// Changes a node's pod count, keeping the scheduler's order.
    fn set_node_pods(&mut self, node: usize, pods: u32) {
        let old = self.nodes[node].pods;
        self.nodes[node].pods = pods;
        let group = &mut self.groups[self.nodes[node].group];
        if group.ready.remove(&(old, node)) {
            group.ready.insert((pods, node));
        }
    }

    /// CNI ADD: an address from the node's ipamd, and the pod runs; false when the
    /// datastore has none (`ErrNoAvailableIPInDataStore`).
    fn add_network(&mut self, key: PodKey, node: usize) -> bool {
        let Some((eni, address)) = self.nodes[node]
            .ipamd
            .datastore
            .assign_pod(self.now, &mut self.map_order)
        else {
            return false;
        };
        let Some(pod) = self.pods.get_mut(key) else {
            return false;
        };
        pod.state = PodState::Running { node, eni, address };
        self.tally.running += 1;
        self.workloads[pod.workload].started += 1;
        if let Some(mean) = self.workloads[pod.workload].lifetime {
            let lifetime = self.lifetimes.exponential(mean as f64) as Millis;
            self.schedule(self.now + lifetime.max(1), Event::PodEnds { pod: key });
        }
        true
    }

    /// The pod stays on its node in `ContainerCreating`, waiting for an address.
    fn start_waiting(&mut self, key: PodKey, node: usize) {
        if let Some(pod) = self.pods.get_mut(key) {
            pod.state = PodState::Waiting {
                node,
                since: self.now,
            };
            self.tally.start_wait(self.now);
            self.nodes[node].waiting.push(key);
        }
    }

    /// The kubelet retries CNI ADD for the node's waiting pods, oldest first, until the
    /// datastore has no address left (then it has none for the rest either).
    pub(super) fn retry_waiting(&mut self, node: usize) {
        let waiting = std::mem::take(&mut self.nodes[node].waiting);
        let mut still_waiting = Vec::new();
        for key in waiting {
            let since = match self.pods.get(key) {
                Some(Pod {
                    state: PodState::Waiting { since, .. },
                    ..
                }) => *since,
                _ => continue,
            };
            if still_waiting.is_empty() && self.add_network(key, node) {
                self.tally.finish_wait(self.now - since);
            } else {
                still_waiting.push(key);
            }
        }
        self.nodes[node].waiting = still_waiting;
    }

    /// A running pod's lifetime ended: it goes, and its workload replaces it.
    pub(super) fn pod_ends(&mut self, key: PodKey) {
        let Some(pod) = self.pods.get(key) else {
            return;
        };
        let workload = pod.workload;
        self.end_pod(key, true);
        self.replace_pods(workload);
        let group = self.workloads[workload].group;
        self.schedule_unscheduled(group);
    }

    /// A pod goes. CNI DEL releases its address into cooldown when `release` (not when its
    /// node was terminated).
    fn end_pod(&mut self, key: PodKey, release: bool) {
        let Some(pod) = self.pods.remove(key) else {
            return;
        };
        self.workloads[pod.workload].live -= 1;
        match pod.state {
            PodState::Unscheduled => {
                self.tally.unscheduled -= 1;
                let group = self.workloads[pod.workload].group;
                self.groups[group].unscheduled.retain(|&k| k != key);
            }
            PodState::Waiting { node, since } => {
                self.tally.finish_wait(self.now - since);
                self.nodes[node].waiting.retain(|&k| k != key);
                self.set_node_pods(node, self.nodes[node].pods - 1);
            }
            PodState::Running { node, eni, address } => {
                self.tally.running -= 1;
                if release {
                    self.nodes[node]
                        .ipamd
                        .datastore
                        .unassign_pod(eni, address, self.now);
                }
                self.set_node_pods(node, self.nodes[node].pods - 1);
            }
        }
    }

    /// A terminated node's pods go, and their workloads replace them on other nodes.
    pub(super) fn evict_pods(&mut self, node: usize) {
        let on_node: Vec<PodKey> = self
            .pods
            .iter()
            .filter(|(_, pod)| match pod.state {
                PodState::Waiting { node: n, .. } | PodState::Running { node: n, .. } => n == node,
                PodState::Unscheduled => false,
            })
            .map(|(key, _)| key)
            .collect();
        let mut workloads: Vec<usize> = Vec::new();
        for key in on_node {
            if let Some(pod) = self.pods.get(key) {
                workloads.push(pod.workload);
            }
            self.end_pod(key, false);
        }
        workloads.sort_unstable();
        workloads.dedup();
        for workload in workloads {
            self.replace_pods(workload);
            let group = self.workloads[workload].group;
            self.schedule_unscheduled(group);
        }
    }
}
