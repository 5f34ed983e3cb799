//! The simulation: a cluster on a simulated clock, its nodes' ipamd loops, pods arriving and
//! leaving, Auto Scaling and background tenants, all calling one EC2 model.

mod background;
mod events;
mod nodes;
mod pods;
mod report;
mod setup;

use std::collections::BTreeMap;

use eniplan::SubnetId;

use crate::cloud::Cloud;
use crate::error::ScenarioError;
use crate::network::{Network, Tags};
use crate::result::{Sample, SimulationResult};
use crate::rng::{Rng, Stream};
use crate::scenario::{CniConfig, Scenario};
use crate::time::{Millis, SECOND};

use background::Tenant;
use events::{Event, Queue};
use nodes::{Group, Node};
use pods::{PodTable, Workload};
use report::Tally;

/// How often each node's ipamd runs its pool loop (`ipPoolMonitorInterval`).
const TICK: Millis = 5 * SECOND;
/// How long an Auto Scaling group or a background tenant waits before trying again after EC2
/// refused to launch or create (a simplification of their back-off).
const RETRY: Millis = 10 * SECOND;

/// A scenario being simulated. [`Simulation::run`] runs it to the end; [`Simulation::step`]
/// runs one event at a time, for tests that check [`Simulation::check_invariants`] as it goes.
#[derive(Debug)]
pub struct Simulation {
    seed: u64,
    end: Millis,
    now: Millis,
    cni: CniConfig,
    cloud: Cloud,
    subnet_tags: BTreeMap<SubnetId, Tags>,
    /// The subnets the timeline follows, by id.
    tracked_subnets: Vec<SubnetId>,
    groups: Vec<Group>,
    nodes: Vec<Node>,
    workloads: Vec<Workload>,
    pods: PodTable,
    tenants: Vec<Tenant>,
    queue: Queue,
    map_order: Rng,
    lifetimes: Rng,
    phases: Rng,
    tally: Tally,
    timeline: Vec<Sample>,
    notes: Vec<String>,
}

impl Simulation {
    /// Sets a scenario up on `state` (loaded describe-* output), or on the scenario's own
    /// `vpc` when there is none. Every name the scenario uses is checked first: an unknown
    /// subnet, instance type, node group or setting is refused before anything runs.
    pub fn new(scenario: &Scenario, state: Option<Network>) -> Result<Simulation, ScenarioError> {
        setup::build(scenario, state)
    }

    /// Runs to the end and reports.
    pub fn run(mut self) -> SimulationResult {
        while self.step() {}
        self.finish()
    }

    /// Runs the next event; false once none is left before the end.
    pub fn step(&mut self) -> bool {
        let Some((at, event)) = self.queue.pop_until(self.end) else {
            return false;
        };
        self.now = at;
        self.tally.events += 1;
        match event {
            Event::Tick { node } => self.tick(node),
            Event::PodEnds { pod } => self.pod_ends(pod),
            Event::NodeCount { group, count } => self.set_node_count(group, count),
            Event::PodCount { workload, count } => self.set_pod_count(workload, count),
            Event::LaunchRetry { group } => {
                self.groups[group].retry_scheduled = false;
                self.reconcile_group(group);
            }
            Event::TenantChurn { tenant, slot } => self.tenant_churn(tenant, slot),
            Event::Sample => self.sample(),
        }
        self.tally.note_peaks(self.nodes_alive());
        true
    }

    /// The simulated time of the last event run, in milliseconds.
    pub fn now(&self) -> Millis {
        self.now
    }

    fn schedule(&mut self, at: Millis, event: Event) {
        self.queue.push(at, event);
    }

    /// Schedules a node's next tick, one period after the one running now.
    fn schedule_next_tick(&mut self, node: usize) {
        self.queue
            .push_periodic(self.now + TICK, Event::Tick { node });
    }

    fn nodes_alive(&self) -> u32 {
        self.groups.iter().map(|g| g.alive.len() as u32).sum()
    }
}

/// Runs `scenario` on `state` (or on its own `vpc`) and reports.
pub fn simulate(
    scenario: &Scenario,
    state: Option<Network>,
) -> Result<SimulationResult, ScenarioError> {
    Ok(Simulation::new(scenario, state)?.run())
}

/// The seed of the EC2 model's own generator for a scenario seed.
fn ec2_seed(seed: u64) -> u64 {
    Rng::new(seed, Stream::Ec2).next_u64()
}
