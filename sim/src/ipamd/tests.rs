//! ipamd's reactions on a real EC2 model, one rule of spec sections 1.6, 3 and 4 per test:
//! each asserts the EC2 calls made (counted by action and outcome) and what the node holds.

use std::collections::BTreeMap;

use eniplan::model::{RunInstances, Strategy};
use eniplan::{
    AddressSelection, AssignPrivateIpAddresses, Ec2, Ec2Options, InstanceId, SubnetId, VpcId,
};

use super::*;
use crate::cloud::Action;
use crate::rng::Stream;

const SECOND: Millis = crate::time::SECOND;

/// One node and its ipamd on a model, driven by hand.
struct Rig {
    cloud: Cloud,
    rng: Rng,
    cni: CniConfig,
    config: IpamdConfig,
    place: NodePlace,
    tags: BTreeMap<SubnetId, Tags>,
    ipamd: Ipamd,
    vpc: VpcId,
}

impl Rig {
    /// A node of `instance_type` in a fresh subnet `cidr` of 10.0.0.0/16 (us-east-1a), with
    /// max pods 110 and the settings of `cni`.
    fn new(instance_type: &str, cidr: &str, cni: CniConfig) -> Rig {
        let mut ec2 = Ec2::new(Ec2Options {
            strategy: Strategy::Lowest,
            seed: 1,
        });
        let vpc = ec2.create_vpc("10.0.0.0/16").unwrap();
        let subnet_id = ec2.create_subnet(vpc, cidr, None).unwrap();
        let (_, ids) = ec2
            .run_instances(&RunInstances {
                instance_type: instance_type.to_owned(),
                subnet_id,
                min_count: 1,
                max_count: 1,
                private_ip_address: None,
                security_group_ids: Vec::new(),
                attributes: Default::default(),
            })
            .unwrap();
        let types = ec2.instance_types();
        let instance = types.get(instance_type).unwrap();
        let prefix_delegation = cni.prefix_delegation && instance.supports_prefixes();
        let targets = PoolTargets::new(&cni, prefix_delegation, instance.ipv4_per_eni, 110);
        let config = IpamdConfig {
            targets,
            max_eni: instance.max_enis,
            pod_subnets: BTreeMap::new(),
        };
        let ipamd = Ipamd::new(&cni, &config.targets);
        Rig {
            cloud: Cloud::new(ec2),
            rng: Rng::new(3, Stream::MapOrder),
            cni,
            config,
            place: NodePlace {
                instance_id: ids[0],
                subnet_id,
                zone: "us-east-1a".to_owned(),
            },
            tags: BTreeMap::new(),
            ipamd,
            vpc,
        }
    }

    fn instance(&self) -> InstanceId {
        self.place.instance_id
    }

    /// Runs `step` with a context at `now`.
    fn with<T>(&mut self, now: Millis, step: impl FnOnce(&mut Ipamd, &mut Context<'_>) -> T) -> T {
        let mut ctx = Context {
            cloud: &mut self.cloud,
            rng: &mut self.rng,
            now,
            cni: &self.cni,
            config: &self.config,
            place: &self.place,
            subnet_tags: &self.tags,
        };
        step(&mut self.ipamd, &mut ctx)
    }

    fn start(&mut self, now: Millis) -> bool {
        self.with(now, |ipamd, ctx| ipamd.start(ctx))
    }

    fn tick(&mut self, now: Millis) {
        self.with(now, |ipamd, ctx| ipamd.update_pool(ctx));
    }

    /// `n` pods take addresses; how many got one.
    fn add_pods(&mut self, n: usize, now: Millis) -> Vec<(NetworkInterfaceId, Ipv4Addr)> {
        (0..n)
            .filter_map(|_| self.ipamd.datastore.assign_pod(now, &mut self.rng))
            .collect()
    }

    fn remove_pods(&mut self, pods: &[(NetworkInterfaceId, Ipv4Addr)], now: Millis) {
        for &(eni, address) in pods {
            assert!(self.ipamd.datastore.unassign_pod(eni, address, now));
        }
    }

    /// Calls of `action` made by ipamd with `outcome` (`None`: success).
    fn calls(&self, action: Action, outcome: Option<&str>) -> u64 {
        self.cloud
            .calls
            .iter()
            .filter(|((by, a, o), _)| *by == Caller::Ipamd && *a == action && *o == outcome)
            .map(|(_, count)| count)
            .sum()
    }

    /// The datastore's total (addresses in the current mode).
    fn total(&self) -> u32 {
        self.ipamd.datastore.stats().total
    }

    /// Takes `n` free addresses of `subnet` with an interface nobody uses.
    fn occupy(&mut self, subnet: SubnetId, n: u32) {
        let request = eniplan::CreateNetworkInterface::new(
            subnet,
            None,
            (n > 1).then_some(AddressSelection::AddressCount(n - 1)),
            eniplan::InterfaceType::Interface,
        )
        .unwrap();
        self.cloud.ec2.create_network_interface(&request).unwrap();
    }
}

fn cni(settings: &[(&str, &str)]) -> CniConfig {
    let settings = settings
        .iter()
        .map(|(name, value)| {
            (
                (*name).to_owned(),
                crate::scenario::SettingValue::Text((*value).to_owned()),
            )
        })
        .collect();
    CniConfig::from_settings(&settings).unwrap()
}

const ASSIGN: Action = Action::AssignPrivateIpAddresses;
const CREATE: Action = Action::CreateNetworkInterface;
const NO_ADDRESSES: Option<&str> = Some("InsufficientFreeAddressesInSubnet");
const NO_BLOCKS: Option<&str> = Some("InsufficientCidrBlocks");

#[test]
fn a_failed_assign_is_retried_once_asking_for_one() {
    // A /28: 11 usable, 1 for the node's primary, 5 taken by a neighbour: 5 left, fewer than
    // the 9 that filling an m5.large interface asks for.
    let mut rig = Rig::new("m5.large", "10.0.0.0/28", cni(&[]));
    rig.occupy(rig.place.subnet_id, 5);
    assert!(rig.start(0));
    assert_eq!(rig.calls(ASSIGN, NO_ADDRESSES), 1);
    assert_eq!(rig.calls(ASSIGN, None), 1);
    assert_eq!(rig.total(), 1);
}

#[test]
fn without_subnet_discovery_a_capacity_error_stops_growth_for_120_seconds() {
    let mut rig = Rig::new(
        "m5.large",
        "10.0.0.0/28",
        cni(&[("ENABLE_SUBNET_DISCOVERY", "false")]),
    );
    rig.occupy(rig.place.subnet_id, 10);
    assert!(rig.start(0));
    // The fill and the retry with 1 fail; the step ends there, without a new interface.
    assert_eq!(rig.calls(ASSIGN, NO_ADDRESSES), 2);
    assert_eq!(rig.calls(CREATE, NO_ADDRESSES) + rig.calls(CREATE, None), 0);
    for second in (5..=120).step_by(5) {
        rig.tick(second * SECOND);
    }
    assert_eq!(rig.calls(ASSIGN, NO_ADDRESSES), 2, "no call within 120 s");
    rig.tick(125 * SECOND);
    assert_eq!(
        rig.calls(ASSIGN, NO_ADDRESSES),
        4,
        "the next step after the back-off"
    );
}

#[test]
fn with_subnet_discovery_a_failed_interface_goes_on_to_a_new_interface() {
    let mut rig = Rig::new("m5.large", "10.0.0.0/28", cni(&[]));
    rig.occupy(rig.place.subnet_id, 10);
    assert!(rig.start(0));
    // Both Assigns fail, then CreateNetworkInterface is tried in the same step, and its
    // capacity error starts the back-off.
    assert_eq!(rig.calls(ASSIGN, NO_ADDRESSES), 2);
    assert_eq!(rig.calls(CREATE, NO_ADDRESSES), 1);
    rig.tick(60 * SECOND);
    assert_eq!(rig.calls(CREATE, NO_ADDRESSES), 1);
}

#[test]
fn subnet_discovery_uses_tagged_subnets_of_the_zone_with_the_most_free_addresses() {
    let mut rig = Rig::new("t3.small", "10.0.0.0/28", cni(&[("WARM_ENI_TARGET", "2")]));
    let vpc = rig.vpc;
    let ec2 = &mut rig.cloud.ec2;
    let tagged_small = ec2.create_subnet(vpc, "10.0.1.0/26", None).unwrap();
    let tagged_large = ec2.create_subnet(vpc, "10.0.2.0/24", None).unwrap();
    let untagged = ec2.create_subnet(vpc, "10.0.4.0/22", None).unwrap();
    let excluded = ec2.create_subnet(vpc, "10.0.8.0/22", None).unwrap();
    let other_zone = ec2
        .create_subnet(vpc, "10.0.12.0/22", Some("us-east-1b"))
        .unwrap();
    for (subnet, value) in [
        (tagged_small, "1"),
        (tagged_large, "1"),
        (excluded, "0"),
        (other_zone, "1"),
    ] {
        rig.tags.insert(
            subnet,
            Tags::from([(CNI_ROLE_TAG.to_owned(), value.to_owned())]),
        );
    }
    let _ = untagged;
    // The node's subnet has room for its primary's 3 but not for a new interface's 4.
    rig.occupy(rig.place.subnet_id, 6);
    assert!(rig.start(0));
    rig.tick(5 * SECOND);
    let enis = &rig.ipamd.datastore.enis;
    assert_eq!(enis.len(), 2);
    assert_eq!(enis[1].subnet_id, tagged_large);
    assert_eq!(rig.calls(Action::DescribeSubnets, None), 1);
}

#[test]
fn a_limit_exceeded_answer_resyncs_from_ec2_without_a_retry() {
    let mut rig = Rig::new("m5.large", "10.0.0.0/24", cni(&[("WARM_IP_TARGET", "2")]));
    assert!(rig.start(0));
    assert_eq!(rig.total(), 2);
    // Behind ipamd's back, the primary interface is filled to its 10 slots.
    let primary = rig.ipamd.datastore.enis[0].id;
    let request =
        AssignPrivateIpAddresses::new(primary, AddressSelection::AddressCount(7), false).unwrap();
    rig.cloud.ec2.assign_private_ip_addresses(&request).unwrap();
    rig.add_pods(2, SECOND);
    rig.tick(5 * SECOND);
    assert_eq!(rig.calls(ASSIGN, Some("PrivateIpAddressLimitExceeded")), 1);
    assert_eq!(rig.calls(Action::DescribeNetworkInterfaces, None), 1);
    assert_eq!(
        rig.calls(ASSIGN, None),
        1,
        "only the start's Assign succeeded"
    );
    assert_eq!(rig.total(), 9, "the datastore holds what EC2 holds");
}

#[test]
fn prefix_mode_asks_only_for_prefixes_on_a_fragmented_subnet() {
    let mut rig = Rig::new(
        "m5.large",
        "10.0.0.0/24",
        cni(&[("ENABLE_PREFIX_DELEGATION", "true")]),
    );
    // One address in every /28 block: 200 addresses free, no /28.
    let subnet = rig.place.subnet_id;
    for block in 1..16 {
        let address = Ipv4Addr::new(10, 0, 0, block * 16 + 5);
        let request = eniplan::CreateNetworkInterface::new(
            subnet,
            Some(address),
            None,
            eniplan::InterfaceType::Interface,
        )
        .unwrap();
        rig.cloud.ec2.create_network_interface(&request).unwrap();
    }
    assert!(
        rig.cloud
            .ec2
            .subnet(subnet)
            .unwrap()
            .available_ip_address_count()
            > 200
    );
    assert!(rig.start(0));
    assert_eq!(rig.calls(ASSIGN, NO_BLOCKS), 2);
    assert_eq!(rig.calls(CREATE, NO_BLOCKS), 1);
    let primary = rig
        .cloud
        .ec2
        .network_interface(rig.ipamd.datastore.enis[0].id)
        .unwrap();
    assert!(primary.secondaries.is_empty() && primary.prefixes.is_empty());
    assert_eq!(rig.total(), 0);
}

#[test]
fn decreases_are_more_than_30_seconds_apart() {
    // No pod cooldown, so that a released prefix's addresses are free again at once.
    let settings = [
        ("ENABLE_PREFIX_DELEGATION", "true"),
        ("IP_COOLDOWN_PERIOD", "0"),
    ];
    let mut rig = Rig::new("t3.small", "10.0.0.0/24", cni(&settings));
    assert!(rig.start(0));
    let first = rig.add_pods(16, SECOND);
    rig.tick(5 * SECOND);
    let second = rig.add_pods(16, 6 * SECOND);
    rig.tick(10 * SECOND);
    assert_eq!(rig.ipamd.datastore.stats().total_prefixes, 3);
    rig.remove_pods(&first, 11 * SECOND);
    rig.remove_pods(&second, 11 * SECOND);
    // Three free prefixes, one wanted warm: two go back in one decrease.
    rig.tick(15 * SECOND);
    let unassign = Action::UnassignPrivateIpAddresses;
    assert_eq!(rig.calls(unassign, None), 1);
    assert_eq!(rig.ipamd.datastore.stats().total_prefixes, 1);
    let third = rig.add_pods(16, 16 * SECOND);
    rig.tick(20 * SECOND);
    rig.remove_pods(&third, 21 * SECOND);
    // Two free prefixes again, but the last decrease was at 15 s: none until past 45 s.
    rig.tick(25 * SECOND);
    rig.tick(45 * SECOND);
    assert_eq!(rig.calls(unassign, None), 1);
    rig.tick(50 * SECOND);
    assert_eq!(rig.calls(unassign, None), 2);
}

#[test]
fn an_interface_is_freed_only_with_no_address_cooling_and_one_per_loop() {
    let mut rig = Rig::new("t3.small", "10.0.0.0/24", cni(&[]));
    assert!(rig.start(0));
    // Nine pods one by one fill the three interfaces (3 addresses each).
    let mut pods = Vec::new();
    for step in 1..=9 {
        pods.extend(rig.add_pods(1, step * 5 * SECOND - SECOND));
        rig.tick(step * 5 * SECOND);
    }
    assert_eq!((pods.len(), rig.ipamd.datastore.enis.len()), (9, 3));
    // All go at 100 s. Nine free addresses are past (1 + 1) x 3, so ipamd looks for an
    // interface to free, but each has an address cooling until 130 s.
    rig.remove_pods(&pods, 100 * SECOND);
    let delete = Action::DeleteNetworkInterface;
    let mut deleted_at = Vec::new();
    for second in (105..=150).step_by(5) {
        let before = rig.calls(delete, None);
        rig.tick(second * SECOND);
        if rig.calls(delete, None) > before {
            deleted_at.push(second);
        }
    }
    // Both secondary interfaces become free at 135 s and one goes per loop: the six free
    // addresses left still meet the threshold, so the other goes at 140 s; three remain.
    assert_eq!(deleted_at, vec![135, 140]);
    assert_eq!(rig.calls(Action::DetachNetworkInterface, None), 2);
    assert_eq!(rig.ipamd.datastore.enis.len(), 1);
    assert_eq!(
        rig.cloud
            .ec2
            .instance(rig.instance())
            .unwrap()
            .interfaces
            .len(),
        1
    );
}
