//! Node groups and their nodes: launching and terminating through EC2 as an Auto Scaling group
//! does, and each node's ipamd loop.

use std::collections::{BTreeSet, VecDeque};

use eniplan::SubnetId;

use super::events::{Event, PodKey};
use super::{Simulation, RETRY, TICK};
use crate::ipamd::{Context, Ipamd, IpamdConfig, NodePlace};
use crate::time::Millis;

/// A node group.
#[derive(Debug)]
pub(crate) struct Group {
    /// Its name.
    pub(crate) name: String,
    /// Its nodes' instance type.
    pub(crate) instance_type: String,
    /// The subnets it launches nodes in.
    pub(crate) subnets: Vec<SubnetId>,
    /// Its nodes' ipamd settings.
    pub(crate) config: IpamdConfig,
    /// Nodes wanted now.
    pub(crate) desired: u32,
    /// Its nodes that are not terminated, in launch order.
    pub(crate) alive: Vec<usize>,
    /// How many of them are in each of its subnets, in the order of `subnets`.
    alive_per_subnet: Vec<usize>,
    /// Its Ready nodes by (pods on them, node): the spread scheduler's choice is the first.
    pub(crate) ready: BTreeSet<(u32, usize)>,
    /// Pods no node had room for, oldest first.
    pub(crate) unscheduled: VecDeque<PodKey>,
    /// Whether a launch retry is already scheduled.
    pub(crate) retry_scheduled: bool,
}

impl Group {
    pub(crate) fn new(
        name: String,
        instance_type: String,
        subnets: Vec<SubnetId>,
        config: IpamdConfig,
    ) -> Group {
        Group {
            name,
            instance_type,
            alive_per_subnet: vec![0; subnets.len()],
            subnets,
            config,
            desired: 0,
            alive: Vec::new(),
            ready: BTreeSet::new(),
            unscheduled: VecDeque::new(),
            retry_scheduled: false,
        }
    }

    /// The kubelet's max pods on its nodes.
    pub(crate) fn max_pods(&self) -> u32 {
        self.config.targets.max_pods
    }
}

/// Pods on every node that use the host network (aws-node and kube-proxy): they count toward
/// max pods but take no address, hence the `+ 2` of the max-pods formula.
pub(crate) const HOST_NETWORK_PODS: u32 = 2;

/// A node.
#[derive(Debug)]
pub(crate) struct Node {
    /// Its node group.
    pub(crate) group: usize,
    /// Its instance, subnet and zone.
    pub(crate) place: NodePlace,
    /// When it launched.
    pub(crate) launched_at: Millis,
    /// When it was terminated.
    pub(crate) terminated_at: Option<Millis>,
    /// Whether its ipamd is up, so that pods can be placed on it.
    pub(crate) ready: bool,
    /// Its VPC CNI.
    pub(crate) ipamd: Ipamd,
    /// Pods placed on it (running or waiting for an address).
    pub(crate) pods: u32,
    /// Of those, pods waiting for an address, in the order they started waiting.
    pub(crate) waiting: Vec<PodKey>,
}

impl Simulation {
    /// A node group's schedule changed.
    pub(super) fn set_node_count(&mut self, group: usize, count: u32) {
        self.groups[group].desired = count;
        self.reconcile_group(group);
    }

    /// Launches or terminates nodes until the group has as many as wanted, or EC2 refuses.
    pub(super) fn reconcile_group(&mut self, group: usize) {
        while (self.groups[group].alive.len() as u32) < self.groups[group].desired {
            if !self.launch_node(group) {
                if !self.groups[group].retry_scheduled {
                    self.groups[group].retry_scheduled = true;
                    self.schedule(self.now + RETRY, Event::LaunchRetry { group });
                }
                return;
            }
        }
        while (self.groups[group].alive.len() as u32) > self.groups[group].desired {
            let node = self.node_to_terminate(group);
            self.terminate_node(node);
        }
    }

    /// RunInstances in the group's subnet with the fewest of its nodes (then the next, as an
    /// Auto Scaling group balancing zones would); false when every subnet refused.
    fn launch_node(&mut self, group: usize) -> bool {
        let counts = self.groups[group].alive_per_subnet.clone();
        let mut order: Vec<usize> = (0..counts.len()).collect();
        order.sort_by_key(|&i| (counts[i], i));
        for i in order {
            let subnet_id = self.groups[group].subnets[i];
            let instance_type = self.groups[group].instance_type.clone();
            let Ok(launched) = self.cloud.run_instance(self.now, &instance_type, subnet_id) else {
                continue;
            };
            for instance_id in launched {
                let zone = self
                    .cloud
                    .ec2
                    .subnet(subnet_id)
                    .map(|subnet| subnet.availability_zone.clone())
                    .unwrap_or_default();
                let index = self.nodes.len();
                self.nodes.push(Node {
                    group,
                    place: NodePlace {
                        instance_id,
                        subnet_id,
                        zone,
                    },
                    launched_at: self.now,
                    terminated_at: None,
                    ready: false,
                    ipamd: Ipamd::new(&self.cni, &self.groups[group].config.targets),
                    pods: 0,
                    waiting: Vec::new(),
                });
                self.groups[group].alive.push(index);
                self.groups[group].alive_per_subnet[i] += 1;
                self.tally.nodes_launched += 1;
                let phase = self.phases.below(TICK as usize) as Millis;
                self.schedule(self.now + phase, Event::Tick { node: index });
            }
            return true;
        }
        false
    }

    /// The node an Auto Scaling group terminates first: the newest in the subnet holding the
    /// most of its nodes.
    fn node_to_terminate(&self, group: usize) -> usize {
        let counts = &self.groups[group].alive_per_subnet;
        let fullest = (0..counts.len())
            .max_by_key(|&i| (counts[i], i))
            .unwrap_or(0);
        let subnet = self.groups[group].subnets[fullest];
        let alive = &self.groups[group].alive;
        alive
            .iter()
            .rev()
            .copied()
            .find(|&n| self.nodes[n].place.subnet_id == subnet)
            .unwrap_or(alive[alive.len() - 1])
    }

    /// TerminateInstances: the node's interfaces go with it (ipamd set them to delete on
    /// termination) and its pods are replaced elsewhere.
    fn terminate_node(&mut self, node: usize) {
        let group = self.nodes[node].group;
        let _ = self
            .cloud
            .terminate_instance(self.now, self.nodes[node].place.instance_id);
        self.tally.nodes_terminated += 1;
        self.groups[group].alive.retain(|&n| n != node);
        let subnet = self.nodes[node].place.subnet_id;
        if let Some(i) = self.groups[group].subnets.iter().position(|&s| s == subnet) {
            self.groups[group].alive_per_subnet[i] -= 1;
        }
        let pods = self.nodes[node].pods;
        self.groups[group].ready.remove(&(pods, node));
        self.nodes[node].ready = false;
        self.nodes[node].terminated_at = Some(self.now);
        self.evict_pods(node);
    }

    /// One run of a node's ipamd loop (its start, the first time), then the kubelet's retry of
    /// pods waiting for an address.
    pub(super) fn tick(&mut self, n: usize) {
        let node = &mut self.nodes[n];
        if node.terminated_at.is_some() {
            return;
        }
        let group = &mut self.groups[node.group];
        let mut ctx = Context {
            cloud: &mut self.cloud,
            rng: &mut self.map_order,
            now: self.now,
            cni: &self.cni,
            config: &group.config,
            place: &node.place,
            subnet_tags: &self.subnet_tags,
        };
        let started = !node.ready;
        if started {
            node.ready = node.ipamd.start(&mut ctx);
            if node.ready {
                group.ready.insert((node.pods, n));
            }
        } else {
            node.ipamd.update_pool(&mut ctx);
        }
        let (group, became_ready) = (node.group, started && node.ready);
        if started {
            // The pool loop runs half a period after the start, then every period.
            self.schedule(self.now + TICK / 2, Event::Tick { node: n });
        } else {
            self.schedule_next_tick(n);
        }
        if became_ready {
            self.schedule_unscheduled(group);
        } else {
            self.retry_waiting(n);
        }
    }
}
