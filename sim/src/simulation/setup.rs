//! Turning a scenario into a simulation: every name resolved and every bound checked before
//! anything runs.

use std::collections::{BTreeMap, BTreeSet};

use eniplan::{max_pods, MaxPodsOptions, SubnetId};

use super::background::Tenant;
use super::events::Event;
use super::nodes::Group;
use super::pods::Workload;
use super::{ec2_seed, Simulation};
use crate::cloud::Cloud;
use crate::error::ScenarioError;
use crate::ipamd::{IpamdConfig, PoolTargets};
use crate::network::Network;
use crate::rng::{Rng, Stream};
use crate::scenario::{CniConfig, MaxPodsSpec, NodeGroupSpec, Scenario, Schedule};
use crate::time::{Millis, SimDuration, SECOND};

/// The longest scenario: a week.
const MAX_DURATION: Millis = 7 * 86_400 * SECOND;
/// The most timeline samples.
const MAX_SAMPLES: u64 = 100_000;
/// The most nodes a node group may ask for at once.
const MAX_NODES: u32 = 20_000;
/// The most pods a workload may ask for at once.
const MAX_PODS: u32 = 1_000_000;
/// The most addresses one background entry may hold.
const MAX_BACKGROUND_ADDRESSES: u32 = 65_536;

fn error(message: String) -> ScenarioError {
    ScenarioError::new(message)
}

/// Checks the scenario and builds the simulation.
pub(super) fn build(
    scenario: &Scenario,
    state: Option<Network>,
) -> Result<Simulation, ScenarioError> {
    let cni = scenario.cni_config()?;
    let end = scenario.duration.millis();
    if end == 0 || end > MAX_DURATION {
        return Err(error(format!(
            "duration: {} is outside 1ms to 7 days",
            scenario.duration
        )));
    }
    let sample_every = scenario.sample_every.millis();
    if sample_every < SECOND || end / sample_every > MAX_SAMPLES {
        return Err(error(format!(
            "sample_every: {} gives more than {MAX_SAMPLES} samples or is under a second",
            scenario.sample_every
        )));
    }
    let mut notes = Vec::new();
    let mut network = match (state, &scenario.vpc) {
        (Some(network), vpc) => {
            if vpc.is_some() {
                notes.push(
                    "the scenario's `vpc` was not built: describe-* state was given".to_owned(),
                );
            }
            network
        }
        (None, Some(vpc)) => Network::from_vpc(vpc)?,
        (None, None) => {
            return Err(error(
                "vpc: the scenario has no `vpc` and no describe-* state was given".to_owned(),
            ))
        }
    };
    notes.extend(network.notes().iter().cloned());
    network.ec2.reseed(ec2_seed(scenario.seed));

    let mut groups = Vec::new();
    for (index, spec) in scenario.node_groups.iter().enumerate() {
        let member = format!("node_groups[{index}]");
        if scenario.node_groups[..index]
            .iter()
            .any(|g| g.name == spec.name)
        {
            return Err(error(format!(
                "{member}.name: {:?} is used twice",
                spec.name
            )));
        }
        groups.push(group(&member, spec, &cni, &network, &mut notes)?);
    }
    if groups.is_empty() {
        return Err(error(
            "node_groups: the scenario has no node group".to_owned(),
        ));
    }

    let mut workloads = Vec::new();
    for (index, spec) in scenario.workloads.iter().enumerate() {
        let member = format!("workloads[{index}]");
        let group = scenario
            .node_groups
            .iter()
            .position(|g| g.name == spec.node_group)
            .ok_or_else(|| {
                error(format!(
                    "{member}.node_group: no node group named {:?}",
                    spec.node_group
                ))
            })?;
        check_schedule(&format!("{member}.pods"), &spec.pods, MAX_PODS)?;
        let lifetime = check_lifetime(&format!("{member}.lifetime"), spec.lifetime)?;
        workloads.push(Workload::new(
            spec.name
                .clone()
                .unwrap_or_else(|| format!("workload-{index}")),
            group,
            lifetime,
        ));
    }

    let mut tenants = Vec::new();
    for (index, spec) in scenario.background.iter().enumerate() {
        let member = format!("background[{index}]");
        let subnet = network
            .resolve_subnet(&spec.subnet)
            .map_err(|problem| error(format!("{member}.subnet: {problem}")))?;
        if spec.addresses > MAX_BACKGROUND_ADDRESSES {
            return Err(error(format!(
                "{member}.addresses: {} is more than {MAX_BACKGROUND_ADDRESSES}",
                spec.addresses
            )));
        }
        let lifetime = check_lifetime(&format!("{member}.lifetime"), spec.lifetime)?;
        tenants.push(Tenant::new(subnet, spec.addresses, lifetime));
    }

    let tracked_subnets = tracked_subnets(&network, &groups, &tenants);
    let subnet_tags = network
        .ec2
        .subnets()
        .iter()
        .map(|subnet| (subnet.id, network.subnet_tags(subnet.id)))
        .collect();
    let mut simulation = Simulation {
        seed: scenario.seed,
        end,
        now: 0,
        cni,
        cloud: Cloud::new(network.ec2),
        subnet_tags,
        tracked_subnets,
        groups,
        nodes: Vec::new(),
        workloads,
        pods: Default::default(),
        tenants,
        queue: Default::default(),
        map_order: Rng::new(scenario.seed, Stream::MapOrder),
        lifetimes: Rng::new(scenario.seed, Stream::Lifetimes),
        phases: Rng::new(scenario.seed, Stream::TickPhases),
        tally: Default::default(),
        timeline: Vec::new(),
        notes,
    };
    simulation.start_tenants();
    for (group, spec) in scenario.node_groups.iter().enumerate() {
        for (at, count) in spec.nodes.steps() {
            if at <= end {
                simulation.schedule(at, Event::NodeCount { group, count });
            }
        }
    }
    for (workload, spec) in scenario.workloads.iter().enumerate() {
        for (at, count) in spec.pods.steps() {
            if at <= end {
                simulation.schedule(at, Event::PodCount { workload, count });
            }
        }
    }
    let mut at = 0;
    while at < end {
        simulation.schedule(at, Event::Sample);
        at += sample_every;
    }
    simulation.schedule(end, Event::Sample);
    Ok(simulation)
}

/// One node group, its names resolved and its limits computed.
fn group(
    member: &str,
    spec: &NodeGroupSpec,
    cni: &CniConfig,
    network: &Network,
    notes: &mut Vec<String>,
) -> Result<Group, ScenarioError> {
    let instance_type = network
        .ec2
        .instance_types()
        .get(&spec.instance_type)
        .ok_or_else(|| {
            error(format!(
                "{member}.instance_type: unknown instance type {:?}",
                spec.instance_type
            ))
        })?;
    check_schedule(&format!("{member}.nodes"), &spec.nodes, MAX_NODES)?;
    if spec.subnets.is_empty() {
        return Err(error(format!(
            "{member}.subnets: a node group needs a subnet"
        )));
    }
    let mut subnets = Vec::new();
    let mut zones = BTreeSet::new();
    for (index, reference) in spec.subnets.iter().enumerate() {
        let id = network
            .resolve_subnet(reference)
            .map_err(|problem| error(format!("{member}.subnets[{index}]: {problem}")))?;
        zones.insert(zone_of(network, id));
        subnets.push(id);
    }
    let pod_subnets = pod_subnets(member, spec, cni, network, &zones)?;
    let prefix_delegation = cni.prefix_delegation && instance_type.supports_prefixes();
    if cni.prefix_delegation && !prefix_delegation {
        notes.push(format!(
            "{member}: {} is neither Nitro nor bare metal, so its nodes use secondary addresses (ipamd's fallback)",
            spec.instance_type
        ));
    }
    let max_pods = match spec.max_pods {
        MaxPodsSpec::Fixed(value) => value,
        MaxPodsSpec::Auto => {
            let options = MaxPodsOptions {
                prefix_delegation,
                custom_networking: cni.custom_networking,
                reserved_enis: 0,
                cap: prefix_delegation || cni.custom_networking,
            };
            match max_pods(instance_type, &options) {
                Ok(value) => value,
                Err(_) => {
                    notes.push(format!(
                        "{member}.max_pods: the vCPUs of {} are not known, so max pods is not capped",
                        spec.instance_type
                    ));
                    max_pods(
                        instance_type,
                        &MaxPodsOptions {
                            cap: false,
                            ..options
                        },
                    )
                    .unwrap_or(0)
                }
            }
        }
    };
    let max_eni = match cni.max_eni {
        Some(limit) => limit.min(instance_type.max_enis),
        None => instance_type.max_enis,
    };
    let targets = PoolTargets::new(cni, prefix_delegation, instance_type.ipv4_per_eni, max_pods);
    Ok(Group::new(
        spec.name.clone(),
        spec.instance_type.clone(),
        subnets,
        IpamdConfig {
            targets,
            max_eni,
            pod_subnets,
        },
    ))
}

/// The ENIConfig subnet of each zone the node group launches in, with custom networking.
fn pod_subnets(
    member: &str,
    spec: &NodeGroupSpec,
    cni: &CniConfig,
    network: &Network,
    zones: &BTreeSet<String>,
) -> Result<BTreeMap<String, SubnetId>, ScenarioError> {
    if !cni.custom_networking {
        if spec.pod_subnets.is_empty() {
            return Ok(BTreeMap::new());
        }
        return Err(error(format!(
            "{member}.pod_subnets: used only with custom networking (cni.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG = true)"
        )));
    }
    let mut pod_subnets = BTreeMap::new();
    for (zone, reference) in &spec.pod_subnets {
        let id = network
            .resolve_subnet(reference)
            .map_err(|problem| error(format!("{member}.pod_subnets.{zone}: {problem}")))?;
        let actual = zone_of(network, id);
        if actual != *zone {
            return Err(error(format!(
                "{member}.pod_subnets.{zone}: {reference} is in {actual}, and an ENIConfig subnet must be in the node's zone"
            )));
        }
        pod_subnets.insert(zone.clone(), id);
    }
    if let Some(zone) = zones.iter().find(|zone| !pod_subnets.contains_key(*zone)) {
        return Err(error(format!(
            "{member}.pod_subnets: no ENIConfig subnet for zone {zone}, where the node group launches nodes"
        )));
    }
    Ok(pod_subnets)
}

fn zone_of(network: &Network, id: SubnetId) -> String {
    network
        .ec2
        .subnet(id)
        .map(|subnet| subnet.availability_zone.clone())
        .unwrap_or_default()
}

fn check_schedule(member: &str, schedule: &Schedule, limit: u32) -> Result<(), ScenarioError> {
    schedule.check(member).map_err(error)?;
    if schedule.peak() > limit {
        return Err(error(format!(
            "{member}: {} is more than the {limit} the simulator runs",
            schedule.peak()
        )));
    }
    Ok(())
}

fn check_lifetime(
    member: &str,
    lifetime: Option<SimDuration>,
) -> Result<Option<Millis>, ScenarioError> {
    match lifetime {
        Some(SimDuration(0)) => Err(error(format!("{member}: a lifetime must be above 0"))),
        other => Ok(other.map(SimDuration::millis)),
    }
}

/// The subnets the timeline follows: every subnet of the VPCs the cluster and its neighbours
/// use, by id.
fn tracked_subnets(network: &Network, groups: &[Group], tenants: &[Tenant]) -> Vec<SubnetId> {
    let used: BTreeSet<SubnetId> = groups
        .iter()
        .flat_map(|group| {
            group
                .subnets
                .iter()
                .chain(group.config.pod_subnets.values())
                .copied()
        })
        .chain(tenants.iter().map(Tenant::subnet))
        .collect();
    let vpcs: BTreeSet<_> = used
        .iter()
        .filter_map(|id| network.ec2.subnet(*id).ok().map(|subnet| subnet.vpc_id))
        .collect();
    network
        .ec2
        .subnets()
        .iter()
        .filter(|subnet| vpcs.contains(&subnet.vpc_id))
        .map(|subnet| subnet.id)
        .collect()
}
