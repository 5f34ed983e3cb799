//! Model-based properties: random sequences of operations applied to `eniplan::Ec2` (the
//! lowest-free strategy) and to the naive reference model of `common::naive` must agree at every
//! step, the engine's invariants must hold after every step, and a failing operation must leave
//! the engine exactly as it was.
//!
//! At every step:
//! 1. both give the same outcome: the same success value (ids are the engine's), or the same
//!    error, compared by code, message and data;
//! 2. the engine's invariants hold, read through its public API (`check_invariants`);
//! 3. a failed call leaves the engine's canonical dump (`dump`) unchanged;
//! 4. the engine's observable state equals the model's (`engine_world` and `Naive::world`).
//!
//! Worlds are small so that collisions are frequent: one 10.0.0.0/16 VPC with one to three
//! subnets from /24 to /28 in two zones. Calls mostly name live objects, sometimes stale or
//! unknown ones. `PROPTEST_CASES` changes the number of cases (512 per property by default).

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::net::Ipv4Addr;

use common::naive::{Call, EniView, Fresh, InstanceView, Naive, Outcome, SubnetView, World, TYPES};
use eniplan::model::{AssociateTarget, InstanceState, ReservationKind, RunInstances};
use eniplan::{
    AddressSelection, AllocationId, AssignPrivateIpAddresses, AssociationId,
    AttachNetworkInterface, AttachmentId, CreateNetworkInterface, Ec2, Ec2Options, InstanceId,
    InterfaceType, Ipv4Prefix, NetworkInterfaceId, SubnetCidrReservationId,
    UnassignPrivateIpAddresses,
};
use proptest::prelude::*;
use proptest::test_runner::{FileFailurePersistence, TestCaseError};

// ---- generated operations: references are small numbers resolved against the live state ----

/// Subnets a world may have: small, so that collisions are frequent.
const SUBNET_MENU: &[&str] = &[
    "10.0.0.0/26",
    "10.0.1.0/27",
    "10.0.2.0/28",
    "10.0.3.0/24",
    "10.0.4.0/25",
];

/// An address to use in a request.
#[derive(Debug, Clone)]
enum AddrGen {
    /// An offset in the subnet the call is about (reserved offsets included).
    Local(u16),
    /// An offset in some subnet of the world.
    Subnet(u8, u16),
    /// An address some interface holds.
    Owned(u16),
    /// An address the target interface holds.
    Held(u16),
    /// A secondary address of the target interface.
    OwnSecondary(u16),
    /// A secondary address of any interface in the subnet the call is about.
    Secondary(u16),
    /// A private address an Elastic IP is associated with.
    WithElasticIp(u16),
    /// An address inside some assigned prefix.
    InPrefix(u16, u8),
    /// An address an automatic assignment could take in the subnet the call is about.
    Free(u16),
    /// An address of the VPC outside every subnet.
    Outside,
}

/// A /28 prefix to use in a request.
#[derive(Debug, Clone)]
enum PfxGen {
    /// A block of the subnet the call is about.
    Local(u8),
    /// A block of some subnet.
    Block(u8, u8),
    /// A prefix the target interface holds.
    Held(u16),
    /// A prefix some interface holds.
    Owned(u16),
    /// The block around an address some interface holds.
    Around(u16),
    /// A block an automatic prefix could take in the subnet the call is about.
    Free(u16),
    /// The block around the primary address the same request names.
    AroundRequested(u16),
    /// A block of the VPC outside every subnet.
    Outside,
}

#[derive(Debug, Clone)]
enum SelGen {
    Addresses(Vec<AddrGen>),
    Count(u32),
    Prefixes(Vec<PfxGen>),
    PrefixCount(u32),
}

#[derive(Debug, Clone)]
enum Op {
    CreateReservation {
        subnet: u16,
        base: AddrGen,
        len: u8,
        prefix: bool,
    },
    DeleteReservation(u16),
    Run {
        instance_type: u8,
        subnet: u16,
        min: u32,
        max: u32,
        address: Option<AddrGen>,
    },
    Terminate(Vec<u16>),
    CreateEni {
        subnet: u16,
        primary: Option<AddrGen>,
        selection: Option<SelGen>,
        interface_type: InterfaceType,
    },
    DeleteEni(u16),
    Attach {
        eni: u16,
        instance: u16,
        device: u32,
        card: u32,
    },
    Detach(u16),
    Assign {
        eni: u16,
        selection: SelGen,
        allow: bool,
    },
    Unassign {
        eni: u16,
        addresses: Vec<AddrGen>,
        prefixes: Vec<PfxGen>,
    },
    Allocate,
    Associate {
        eip: u16,
        by_instance: bool,
        target: u16,
        address: Option<AddrGen>,
        allow: bool,
    },
    Disassociate(u16),
    Release(u16),
}

fn addr_gen() -> impl Strategy<Value = AddrGen> {
    prop_oneof![
        4 => any::<u16>().prop_map(AddrGen::Local),
        1 => (any::<u8>(), any::<u16>()).prop_map(|(s, o)| AddrGen::Subnet(s, o)),
        3 => any::<u16>().prop_map(AddrGen::Owned),
        2 => any::<u16>().prop_map(AddrGen::Held),
        2 => any::<u16>().prop_map(AddrGen::Secondary),
        2 => any::<u16>().prop_map(AddrGen::WithElasticIp),
        1 => (any::<u16>(), any::<u8>()).prop_map(|(k, i)| AddrGen::InPrefix(k, i)),
        2 => any::<u16>().prop_map(AddrGen::Free),
        1 => Just(AddrGen::Outside),
    ]
}

/// Addresses to unassign: mostly ones the interface holds.
fn held_addr_gen() -> impl Strategy<Value = AddrGen> {
    prop_oneof![
        6 => any::<u16>().prop_map(AddrGen::OwnSecondary),
        2 => any::<u16>().prop_map(AddrGen::Held),
        1 => any::<u16>().prop_map(AddrGen::Owned),
        1 => addr_gen(),
    ]
}

/// Prefixes to unassign: mostly ones the interface holds.
fn held_pfx_gen() -> impl Strategy<Value = PfxGen> {
    prop_oneof![
        4 => any::<u16>().prop_map(PfxGen::Held),
        1 => pfx_gen(),
    ]
}

fn pfx_gen() -> impl Strategy<Value = PfxGen> {
    prop_oneof![
        3 => any::<u8>().prop_map(PfxGen::Local),
        3 => any::<u16>().prop_map(PfxGen::Free),
        1 => (any::<u8>(), any::<u8>()).prop_map(|(s, b)| PfxGen::Block(s, b)),
        2 => any::<u16>().prop_map(PfxGen::Held),
        1 => any::<u16>().prop_map(PfxGen::Owned),
        2 => any::<u16>().prop_map(PfxGen::Around),
        1 => any::<u16>().prop_map(PfxGen::AroundRequested),
        1 => Just(PfxGen::Outside),
    ]
}

fn address_count() -> impl Strategy<Value = u32> {
    prop_oneof![1 => Just(0_u32), 16 => 1..=3_u32, 4 => 4..=12_u32, 1 => Just(70_u32)]
}

fn prefix_count() -> impl Strategy<Value = u32> {
    prop_oneof![1 => Just(0_u32), 16 => 1..=2_u32, 4 => 3..=6_u32, 1 => Just(70_u32)]
}

/// A list that is rarely empty.
fn list<T: std::fmt::Debug + Clone>(
    item: impl Strategy<Value = T>,
    most: usize,
) -> impl Strategy<Value = Vec<T>> {
    prop_oneof![
        1 => Just(Vec::new()),
        12 => prop::collection::vec(item, 1..=most),
    ]
}

fn sel_gen() -> impl Strategy<Value = SelGen> {
    prop_oneof![
        4 => list(addr_gen(), 3).prop_map(SelGen::Addresses),
        3 => address_count().prop_map(SelGen::Count),
        2 => list(pfx_gen(), 2).prop_map(SelGen::Prefixes),
        2 => prefix_count().prop_map(SelGen::PrefixCount),
    ]
}

fn interface_type() -> impl Strategy<Value = InterfaceType> {
    prop_oneof![
        8 => Just(InterfaceType::Interface),
        2 => Just(InterfaceType::EfaOnly),
        1 => Just(InterfaceType::Efa),
        1 => Just(InterfaceType::Trunk),
        1 => Just(InterfaceType::Branch),
    ]
}

/// `(MinCount, MaxCount)`, now and then out of range.
fn run_counts() -> impl Strategy<Value = (u32, u32)> {
    prop_oneof![
        12 => Just((1_u32, 1_u32)),
        4 => Just((1, 2)),
        2 => Just((2, 2)),
        1 => Just((0, 0)),
        1 => Just((2, 1)),
    ]
}

fn create_reservation_op() -> impl Strategy<Value = Op> {
    let len = prop_oneof![25..=32_u8, 28..=32_u8];
    (any::<u16>(), addr_gen(), len, any::<bool>()).prop_map(|(subnet, base, len, prefix)| {
        Op::CreateReservation {
            subnet,
            base,
            len,
            prefix,
        }
    })
}

fn run_op() -> impl Strategy<Value = Op> {
    let address = prop::option::weighted(0.25, addr_gen());
    (any::<u8>(), any::<u16>(), run_counts(), address).prop_map(
        |(instance_type, subnet, (min, max), address)| Op::Run {
            instance_type,
            subnet,
            min,
            max,
            address,
        },
    )
}

fn create_eni_op() -> impl Strategy<Value = Op> {
    let primary = prop::option::weighted(0.3, addr_gen());
    let selection = prop::option::weighted(0.6, sel_gen());
    (any::<u16>(), primary, selection, interface_type()).prop_map(
        |(subnet, primary, selection, interface_type)| Op::CreateEni {
            subnet,
            primary,
            selection,
            interface_type,
        },
    )
}

fn attach_op() -> impl Strategy<Value = Op> {
    let device = prop_oneof![1 => Just(0_u32), 6 => 1..=3_u32];
    let card = prop_oneof![6 => Just(0_u32), 2 => Just(1_u32), 1 => Just(4_u32)];
    (any::<u16>(), any::<u16>(), device, card).prop_map(|(eni, instance, device, card)| {
        Op::Attach {
            eni,
            instance,
            device,
            card,
        }
    })
}

fn unassign_op() -> impl Strategy<Value = Op> {
    let addresses = || prop::collection::vec(held_addr_gen(), 1..3);
    let prefixes = || prop::collection::vec(held_pfx_gen(), 1..2);
    let lists = prop_oneof![
        6 => (addresses(), Just(Vec::new())),
        2 => (Just(Vec::new()), prefixes()),
        1 => (addresses(), prefixes()),
        1 => Just((Vec::new(), Vec::new())),
    ];
    (any::<u16>(), lists).prop_map(|(eni, (addresses, prefixes))| Op::Unassign {
        eni,
        addresses,
        prefixes,
    })
}

fn associate_op() -> impl Strategy<Value = Op> {
    let by_instance = prop::bool::weighted(0.3);
    let address = prop::option::weighted(0.5, held_addr_gen());
    let allow = prop::bool::weighted(0.8);
    (any::<u16>(), by_instance, any::<u16>(), address, allow).prop_map(
        |(eip, by_instance, target, address, allow)| Op::Associate {
            eip,
            by_instance,
            target,
            address,
            allow,
        },
    )
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => create_reservation_op(),
        1 => any::<u16>().prop_map(Op::DeleteReservation),
        6 => run_op(),
        1 => prop::collection::vec(any::<u16>(), 1..3).prop_map(Op::Terminate),
        6 => create_eni_op(),
        2 => any::<u16>().prop_map(Op::DeleteEni),
        7 => attach_op(),
        2 => any::<u16>().prop_map(Op::Detach),
        10 => (any::<u16>(), sel_gen(), any::<bool>())
            .prop_map(|(eni, selection, allow)| Op::Assign { eni, selection, allow }),
        4 => unassign_op(),
        3 => Just(Op::Allocate),
        4 => associate_op(),
        2 => any::<u16>().prop_map(Op::Disassociate),
        1 => any::<u16>().prop_map(Op::Release),
    ]
}

/// Operations that move addresses between interfaces and carry Elastic IPs with them.
fn moving_op() -> impl Strategy<Value = Op> {
    let moving = prop_oneof![
        3 => any::<u16>().prop_map(AddrGen::Secondary),
        3 => any::<u16>().prop_map(AddrGen::WithElasticIp),
        1 => addr_gen(),
    ];
    let create =
        (any::<u16>(), prop::option::weighted(0.5, sel_gen())).prop_map(|(subnet, selection)| {
            Op::CreateEni {
                subnet,
                primary: None,
                selection,
                interface_type: InterfaceType::Interface,
            }
        });
    let count = (any::<u16>(), address_count()).prop_map(|(eni, n)| Op::Assign {
        eni,
        selection: SelGen::Count(n),
        allow: false,
    });
    let take = (
        any::<u16>(),
        prop::collection::vec(moving, 1..3),
        prop::bool::weighted(0.8),
    )
        .prop_map(|(eni, list, allow)| Op::Assign {
            eni,
            selection: SelGen::Addresses(list),
            allow,
        });
    let associate = (
        any::<u16>(),
        any::<u16>(),
        prop::option::weighted(0.8, held_addr_gen()),
        any::<bool>(),
    )
        .prop_map(|(eip, target, address, allow)| Op::Associate {
            eip,
            by_instance: false,
            target,
            address,
            allow,
        });
    let unassign = (any::<u16>(), prop::collection::vec(held_addr_gen(), 1..3)).prop_map(
        |(eni, addresses)| Op::Unassign {
            eni,
            addresses,
            prefixes: Vec::new(),
        },
    );
    prop_oneof![
        2 => create,
        3 => count,
        4 => take,
        2 => Just(Op::Allocate),
        4 => associate,
        2 => unassign,
        1 => any::<u16>().prop_map(Op::Disassociate),
        1 => any::<u16>().prop_map(Op::Release),
        1 => any::<u16>().prop_map(Op::DeleteEni),
        1 => op(),
    ]
}

/// The world a case starts from: a seed and 1–3 subnets, each in zone a or b.
#[derive(Debug, Clone)]
struct Setup {
    seed: u64,
    subnets: Vec<(&'static str, bool)>,
    /// Start with an instance and an Elastic IP.
    warm: bool,
}

fn setup() -> impl Strategy<Value = Setup> {
    (
        any::<u64>(),
        prop::sample::subsequence(SUBNET_MENU.to_vec(), 1..=3),
        prop::collection::vec(prop::bool::weighted(0.25), 3),
        prop::bool::weighted(0.75),
    )
        .prop_map(|(seed, cidrs, zones, warm)| Setup {
            seed,
            subnets: cidrs.into_iter().zip(zones).collect(),
            warm,
        })
}

// ---- resolving generated operations into calls ----

/// Every id either model has created, so that stale ids can be sent.
#[derive(Debug, Default)]
struct Seen {
    reservations: BTreeSet<SubnetCidrReservationId>,
    enis: BTreeSet<NetworkInterfaceId>,
    instances: BTreeSet<InstanceId>,
    attachments: BTreeSet<AttachmentId>,
    eips: BTreeSet<AllocationId>,
    associations: BTreeSet<AssociationId>,
}

impl Seen {
    fn record(&mut self, fresh: &Fresh) {
        self.reservations.extend(fresh.reservation);
        for (instance, eni, attachment) in &fresh.launched {
            self.instances.insert(*instance);
            self.enis.insert(*eni);
            self.attachments.insert(*attachment);
        }
        self.enis.extend(fresh.eni);
        self.attachments.extend(fresh.attachment);
        self.eips.extend(fresh.allocation.map(|(id, _)| id));
        self.associations.extend(fresh.association);
    }
}

/// Mostly a live object, most often one of `preferred` (those the call can succeed with); one
/// time in sixteen a stale one (deleted) or an unknown one.
fn pick<T>(preferred: &[T], live: &[T], seen: &BTreeSet<T>, unknown: &str, p: u16) -> T
where
    T: Copy + Ord + std::str::FromStr,
    T::Err: std::fmt::Debug,
{
    let stale: Vec<T> = seen.iter().filter(|x| !live.contains(x)).copied().collect();
    let k = usize::from(p / 16);
    if p % 16 == 15 || live.is_empty() {
        if k % 2 == 0 && !stale.is_empty() {
            return stale[(k / 2) % stale.len()];
        }
        return unknown.parse().unwrap();
    }
    if p % 16 < 11 && !preferred.is_empty() {
        return preferred[k % preferred.len()];
    }
    live[k % live.len()]
}

struct Resolver<'a> {
    naive: &'a Naive,
    seen: &'a Seen,
    /// The primary address the call being resolved names, if any.
    requested: Option<Ipv4Addr>,
}

impl Resolver<'_> {
    fn subnets(&self) -> Vec<eniplan::SubnetId> {
        self.naive.subnets.keys().copied().collect()
    }

    fn subnet(&self, p: u16) -> eniplan::SubnetId {
        let live = self.subnets();
        if p % 32 == 31 {
            return "subnet-0000dead".parse().unwrap();
        }
        live[usize::from(p) % live.len()]
    }

    /// An interface, preferably one for which `prefer` holds.
    fn eni(&self, p: u16, prefer: impl Fn(&common::naive::Eni) -> bool) -> NetworkInterfaceId {
        let live: Vec<_> = self.naive.enis.keys().copied().collect();
        let preferred: Vec<_> = self
            .naive
            .enis
            .values()
            .filter(|e| prefer(e))
            .map(|e| e.id)
            .collect();
        pick(&preferred, &live, &self.seen.enis, "eni-0000dead", p)
    }

    /// An instance, preferably a running one (in zone `az` when given).
    fn instance(&self, p: u16, az: Option<&str>) -> InstanceId {
        let live: Vec<_> = self.naive.instances.keys().copied().collect();
        let running: Vec<_> = self
            .naive
            .instances
            .values()
            .filter(|i| i.state == InstanceState::Running)
            .filter(|i| az.is_none_or(|az| i.az == az))
            .map(|i| i.id)
            .collect();
        pick(&running, &live, &self.seen.instances, "i-0000dead", p)
    }

    /// An attachment, preferably one that is not an instance's primary.
    fn attachment(&self, p: u16) -> AttachmentId {
        let attachments: Vec<_> = self
            .naive
            .enis
            .values()
            .filter_map(|e| e.attachment)
            .collect();
        let live: Vec<_> = attachments.iter().map(|a| a.id).collect();
        let detachable: Vec<_> = attachments
            .iter()
            .filter(|a| a.device != 0 || a.card != 0)
            .map(|a| a.id)
            .collect();
        pick(
            &detachable,
            &live,
            &self.seen.attachments,
            "eni-attach-0000dead",
            p,
        )
    }

    fn eip(&self, p: u16) -> AllocationId {
        let live: Vec<_> = self.naive.eips.keys().copied().collect();
        pick(&live, &live, &self.seen.eips, "eipalloc-0000dead", p)
    }

    fn association(&self, p: u16) -> AssociationId {
        let live: Vec<_> = self
            .naive
            .eips
            .values()
            .filter_map(|e| e.association.map(|(id, _, _)| id))
            .collect();
        pick(
            &live,
            &live,
            &self.seen.associations,
            "eipassoc-0000dead",
            p,
        )
    }

    fn reservation(&self, p: u16) -> SubnetCidrReservationId {
        let live: Vec<_> = self
            .naive
            .subnets
            .values()
            .flat_map(|s| s.reservations.iter().map(|r| r.id))
            .collect();
        pick(&live, &live, &self.seen.reservations, "scr-0000dead", p)
    }

    /// The subnet a call is about, if it exists.
    fn context_subnet(&self, subnet: Option<eniplan::SubnetId>) -> Option<&common::naive::Subnet> {
        subnet.and_then(|s| self.naive.subnets.get(&s))
    }

    fn owned(&self) -> Vec<Ipv4Addr> {
        let mut all: Vec<Ipv4Addr> = self
            .naive
            .enis
            .values()
            .flat_map(|e| e.addresses())
            .collect();
        all.sort();
        all
    }

    fn owned_prefixes(&self) -> Vec<Ipv4Prefix> {
        let mut all: Vec<Ipv4Prefix> = self
            .naive
            .enis
            .values()
            .flat_map(|e| e.prefixes.clone())
            .collect();
        all.sort();
        all
    }

    fn offset_in(subnet: &common::naive::Subnet, offset: u32) -> Ipv4Addr {
        let size = 1_u32 << (32 - u32::from(subnet.cidr.prefix_len()));
        Ipv4Addr::from(u32::from(subnet.cidr.network()) + offset % size)
    }

    fn addr(
        &self,
        g: &AddrGen,
        subnet: Option<eniplan::SubnetId>,
        eni: Option<NetworkInterfaceId>,
    ) -> Ipv4Addr {
        let outside = Ipv4Addr::new(10, 0, 9, 9);
        match g {
            AddrGen::Local(offset) => match self.context_subnet(subnet) {
                Some(s) => Self::offset_in(s, u32::from(*offset)),
                None => self.addr(&AddrGen::Subnet(0, *offset), None, None),
            },
            AddrGen::Subnet(s, offset) => {
                let live = self.subnets();
                let s = &self.naive.subnets[&live[usize::from(*s) % live.len()]];
                Self::offset_in(s, u32::from(*offset))
            }
            AddrGen::Owned(k) => {
                let all = self.owned();
                if all.is_empty() {
                    self.addr(&AddrGen::Local(*k), subnet, None)
                } else {
                    all[usize::from(*k) % all.len()]
                }
            }
            AddrGen::Held(k) => {
                let held = eni
                    .and_then(|e| self.naive.enis.get(&e))
                    .map(|e| e.addresses())
                    .unwrap_or_default();
                if held.is_empty() {
                    self.addr(&AddrGen::Owned(*k), subnet, None)
                } else {
                    held[usize::from(*k) % held.len()]
                }
            }
            AddrGen::OwnSecondary(k) => {
                let own = eni
                    .and_then(|e| self.naive.enis.get(&e))
                    .map(|e| e.secondaries.clone())
                    .unwrap_or_default();
                if own.is_empty() {
                    self.addr(&AddrGen::Secondary(*k), subnet, eni)
                } else {
                    own[usize::from(*k) % own.len()]
                }
            }
            AddrGen::Secondary(k) => {
                let mut all: Vec<Ipv4Addr> = self
                    .naive
                    .enis
                    .values()
                    .filter(|e| Some(e.subnet) == subnet)
                    .flat_map(|e| e.secondaries.clone())
                    .collect();
                all.sort();
                if all.is_empty() {
                    self.addr(&AddrGen::Owned(*k), subnet, eni)
                } else {
                    all[usize::from(*k) % all.len()]
                }
            }
            AddrGen::WithElasticIp(k) => {
                // Secondaries in the subnet first: those are the ones that can move.
                let secondary = |a: &Ipv4Addr| {
                    self.naive
                        .enis
                        .values()
                        .any(|e| Some(e.subnet) == subnet && e.secondaries.contains(a))
                };
                let with_eip: Vec<Ipv4Addr> = self
                    .naive
                    .eips
                    .values()
                    .filter_map(|e| e.association.map(|(_, _, a)| a))
                    .collect();
                let movable: Vec<Ipv4Addr> = with_eip.iter().copied().filter(secondary).collect();
                let all = if movable.is_empty() {
                    with_eip
                } else {
                    movable
                };
                if all.is_empty() {
                    self.addr(&AddrGen::Secondary(*k), subnet, eni)
                } else {
                    all[usize::from(*k) % all.len()]
                }
            }
            AddrGen::InPrefix(k, i) => {
                let all = self.owned_prefixes();
                if all.is_empty() {
                    self.addr(&AddrGen::Owned(*k), subnet, eni)
                } else {
                    let p = all[usize::from(*k) % all.len()];
                    Ipv4Addr::from(u32::from(p.network()) + u32::from(*i) % 16)
                }
            }
            AddrGen::Free(k) => {
                let free = subnet
                    .filter(|s| self.naive.subnets.contains_key(s))
                    .map(|s| self.naive.automatic_addresses(s))
                    .unwrap_or_default();
                if free.is_empty() {
                    self.addr(&AddrGen::Local(*k), subnet, eni)
                } else {
                    free[usize::from(*k) % free.len()]
                }
            }
            AddrGen::Outside => outside,
        }
    }

    fn prefix(
        &self,
        g: &PfxGen,
        subnet: Option<eniplan::SubnetId>,
        eni: Option<NetworkInterfaceId>,
    ) -> Ipv4Prefix {
        match g {
            PfxGen::Local(block) => match self.context_subnet(subnet) {
                Some(s) => Ipv4Prefix::containing(Self::offset_in(s, u32::from(*block) * 16)),
                None => self.prefix(&PfxGen::Block(0, *block), None, None),
            },
            PfxGen::Block(s, block) => {
                let live = self.subnets();
                let s = &self.naive.subnets[&live[usize::from(*s) % live.len()]];
                Ipv4Prefix::containing(Self::offset_in(s, u32::from(*block) * 16))
            }
            PfxGen::Held(k) => {
                let held = eni
                    .and_then(|e| self.naive.enis.get(&e))
                    .map(|e| e.prefixes.clone())
                    .unwrap_or_default();
                if held.is_empty() {
                    self.prefix(&PfxGen::Owned(*k), subnet, None)
                } else {
                    held[usize::from(*k) % held.len()]
                }
            }
            PfxGen::Owned(k) => {
                let all = self.owned_prefixes();
                if all.is_empty() {
                    self.prefix(&PfxGen::Around(*k), subnet, eni)
                } else {
                    all[usize::from(*k) % all.len()]
                }
            }
            PfxGen::Around(k) => {
                Ipv4Prefix::containing(self.addr(&AddrGen::Owned(*k), subnet, eni))
            }
            PfxGen::Free(k) => {
                let free = subnet
                    .filter(|s| self.naive.subnets.contains_key(s))
                    .map(|s| self.naive.candidate_blocks(s))
                    .unwrap_or_default();
                if free.is_empty() {
                    self.prefix(&PfxGen::Local(*k as u8), subnet, eni)
                } else {
                    free[usize::from(*k) % free.len()]
                }
            }
            PfxGen::AroundRequested(k) => match self.requested {
                Some(address) => Ipv4Prefix::containing(address),
                None => self.prefix(&PfxGen::Around(*k), subnet, eni),
            },
            PfxGen::Outside => Ipv4Prefix::containing(Ipv4Addr::new(10, 0, 9, 0)),
        }
    }

    fn selection(
        &self,
        g: &SelGen,
        subnet: Option<eniplan::SubnetId>,
        eni: Option<NetworkInterfaceId>,
    ) -> AddressSelection {
        match g {
            SelGen::Addresses(list) => AddressSelection::Addresses(
                list.iter().map(|a| self.addr(a, subnet, eni)).collect(),
            ),
            SelGen::Count(n) => AddressSelection::AddressCount(*n),
            SelGen::Prefixes(list) => AddressSelection::Prefixes(
                list.iter().map(|p| self.prefix(p, subnet, eni)).collect(),
            ),
            SelGen::PrefixCount(n) => AddressSelection::PrefixCount(*n),
        }
    }

    fn eni_subnet(&self, eni: NetworkInterfaceId) -> Option<eniplan::SubnetId> {
        self.naive.enis.get(&eni).map(|e| e.subnet)
    }

    fn call(&self, op: &Op) -> Call {
        match op {
            Op::CreateReservation {
                subnet,
                base,
                len,
                prefix,
            } => {
                let subnet = self.subnet(*subnet);
                let base = self.addr(base, Some(subnet), None);
                Call::CreateReservation {
                    subnet,
                    cidr: format!("{base}/{len}"),
                    kind: if *prefix {
                        ReservationKind::Prefix
                    } else {
                        ReservationKind::Explicit
                    },
                }
            }
            Op::DeleteReservation(p) => Call::DeleteReservation(self.reservation(*p)),
            Op::Run {
                instance_type,
                subnet,
                min,
                max,
                address,
            } => {
                let subnet = self.subnet(*subnet);
                // One time in twenty an unknown type.
                let index = usize::from(*instance_type) % 20;
                let instance_type = if index == 19 {
                    "z9.unknown"
                } else {
                    TYPES[index % TYPES.len()].name
                };
                Call::Run(RunInstances {
                    instance_type: instance_type.to_owned(),
                    subnet_id: subnet,
                    min_count: *min,
                    max_count: *max,
                    private_ip_address: address.as_ref().map(|a| self.addr(a, Some(subnet), None)),
                })
            }
            Op::Terminate(ids) => {
                Call::Terminate(ids.iter().map(|p| self.instance(*p, None)).collect())
            }
            Op::CreateEni {
                subnet,
                primary,
                selection,
                interface_type,
            } => {
                let subnet = self.subnet(*subnet);
                let primary = primary.as_ref().map(|a| self.addr(a, Some(subnet), None));
                let resolver = Resolver {
                    requested: primary,
                    ..*self
                };
                Call::CreateEni {
                    subnet,
                    primary,
                    selection: selection
                        .as_ref()
                        .map(|s| resolver.selection(s, Some(subnet), None)),
                    interface_type: *interface_type,
                }
            }
            Op::DeleteEni(p) => Call::DeleteEni(self.eni(*p, |e| e.attachment.is_none())),
            Op::Attach {
                eni,
                instance,
                device,
                card,
            } => {
                let eni = self.eni(*eni, |e| e.attachment.is_none());
                let az = self.naive.enis.get(&eni).map(|e| e.az.as_str());
                Call::Attach {
                    eni,
                    instance: self.instance(*instance, az),
                    device: *device,
                    card: *card,
                }
            }
            Op::Detach(p) => Call::Detach(self.attachment(*p)),
            Op::Assign {
                eni,
                selection,
                allow,
            } => {
                let eni = self.eni(*eni, |e| e.interface_type != InterfaceType::EfaOnly);
                Call::Assign {
                    eni,
                    selection: self.selection(selection, self.eni_subnet(eni), Some(eni)),
                    allow: *allow,
                }
            }
            Op::Unassign {
                eni,
                addresses,
                prefixes,
            } => {
                let eni = self.eni(*eni, |e| {
                    !e.secondaries.is_empty() || !e.prefixes.is_empty()
                });
                let subnet = self.eni_subnet(eni);
                Call::Unassign {
                    eni,
                    addresses: addresses
                        .iter()
                        .map(|a| self.addr(a, subnet, Some(eni)))
                        .collect(),
                    prefixes: prefixes
                        .iter()
                        .map(|p| self.prefix(p, subnet, Some(eni)))
                        .collect(),
                }
            }
            Op::Allocate => Call::Allocate,
            Op::Associate {
                eip,
                by_instance,
                target,
                address,
                allow,
            } => {
                let (target, eni) = if *by_instance {
                    let instance = self.instance(*target, None);
                    let only = self.naive.interfaces_of(instance).first().map(|e| e.id);
                    (AssociateTarget::Instance(instance), only)
                } else {
                    let eni = self.eni(*target, |e| !e.secondaries.is_empty());
                    (AssociateTarget::NetworkInterface(eni), Some(eni))
                };
                let subnet = eni.and_then(|e| self.eni_subnet(e));
                Call::Associate {
                    eip: self.eip(*eip),
                    target,
                    address: address.as_ref().map(|a| self.addr(a, subnet, eni)),
                    allow: *allow,
                }
            }
            Op::Disassociate(p) => Call::Disassociate(self.association(*p)),
            Op::Release(p) => Call::Release(self.eip(*p)),
        }
    }
}

// ---- the engine side ----

fn debug<T: std::fmt::Debug>(value: T) -> String {
    format!("{value:?}")
}

/// Applies a call to the engine: its outcome, and the ids of what it created.
fn run_engine(ec2: &mut Ec2, call: &Call) -> (Outcome, Fresh) {
    let mut fresh = Fresh::default();
    let outcome = match call {
        Call::CreateReservation { subnet, cidr, kind } => ec2
            .create_subnet_cidr_reservation(*subnet, cidr, *kind, None)
            .map(|id| {
                fresh.reservation = Some(id);
                debug(id)
            }),
        Call::DeleteReservation(id) => ec2.delete_subnet_cidr_reservation(*id).map(debug),
        Call::Run(request) => match ec2.run_instances(request) {
            Ok((reservation, instances)) => {
                fresh.run = Some(reservation);
                for id in &instances {
                    let instance = ec2.instance(*id).unwrap();
                    let eni = instance.primary_interface().unwrap();
                    let attachment = ec2.network_interface(eni).unwrap().attachment.unwrap();
                    fresh.launched.push((*id, eni, attachment.id));
                }
                Ok(debug((reservation, instances)))
            }
            Err(error) => Err(error),
        },
        Call::Terminate(ids) => ec2.terminate_instances(ids).map(debug),
        Call::CreateEni {
            subnet,
            primary,
            selection,
            interface_type,
        } => CreateNetworkInterface::new(*subnet, *primary, selection.clone(), *interface_type)
            .and_then(|request| ec2.create_network_interface(&request))
            .map(|id| {
                fresh.eni = Some(id);
                debug(id)
            }),
        Call::DeleteEni(id) => ec2.delete_network_interface(*id).map(debug),
        Call::Attach {
            eni,
            instance,
            device,
            card,
        } => AttachNetworkInterface::new(*eni, *instance, *device, *card)
            .and_then(|request| ec2.attach_network_interface(&request))
            .map(|response| {
                fresh.attachment = Some(response.attachment_id);
                debug(response)
            }),
        Call::Detach(id) => ec2.detach_network_interface(*id).map(debug),
        Call::Assign {
            eni,
            selection,
            allow,
        } => AssignPrivateIpAddresses::new(*eni, selection.clone(), *allow)
            .and_then(|request| ec2.assign_private_ip_addresses(&request))
            .map(debug),
        Call::Unassign {
            eni,
            addresses,
            prefixes,
        } => UnassignPrivateIpAddresses::new(*eni, addresses.clone(), prefixes.clone())
            .and_then(|request| ec2.unassign_private_ip_addresses(&request))
            .map(debug),
        Call::Allocate => match ec2.allocate_address() {
            Ok(id) => {
                fresh.allocation = Some((id, ec2.elastic_ip(id).unwrap().public_ip));
                Ok(debug(id))
            }
            Err(error) => Err(error),
        },
        Call::Associate {
            eip,
            target,
            address,
            allow,
        } => ec2
            .associate_address(*eip, *target, *address, *allow)
            .map(|id| {
                fresh.association = Some(id);
                debug(id)
            }),
        Call::Disassociate(id) => ec2.disassociate_address(*id).map(debug),
        Call::Release(id) => ec2.release_address(*id).map(debug),
    };
    (outcome, fresh)
}

fn subnet_size(subnet: &eniplan::model::Subnet) -> u32 {
    1_u32 << (32 - u32::from(subnet.cidr.prefix_len()))
}

/// The engine's state as [`World`] shows it, read through the public API only.
fn engine_world(ec2: &Ec2) -> World {
    let subnets = ec2
        .subnets()
        .into_iter()
        .map(|s| {
            let size = subnet_size(s);
            let owners = (0..size)
                .filter_map(|o| {
                    s.owner(o)
                        .map(|owner| (s.address(o), (owner.network_interface_id, owner.primary)))
                })
                .collect();
            let prefix_owners = (0..size / 16)
                .filter_map(|b| s.prefix_owner(b).map(|owner| (s.prefix(b), owner)))
                .collect();
            let view = SubnetView {
                cidr: s.cidr,
                az: s.availability_zone.clone(),
                owners,
                prefix_owners,
                reservations: s
                    .reservations()
                    .iter()
                    .map(|r| (r.id, r.cidr, r.kind))
                    .collect(),
                available: s.available_ip_address_count(),
            };
            (s.id, view)
        })
        .collect();
    let enis = ec2
        .network_interfaces()
        .into_iter()
        .map(|e| {
            let view = EniView {
                subnet: e.subnet_id,
                az: e.availability_zone.clone(),
                interface_type: e.interface_type,
                primary: e.primary,
                secondaries: e.secondaries.clone(),
                prefixes: e.prefixes.clone(),
                attachment: e.attachment.map(|a| {
                    (
                        a.id,
                        a.instance_id,
                        a.device_index,
                        a.network_card_index,
                        a.delete_on_termination,
                    )
                }),
                elastic_ips: e.elastic_ips.iter().copied().collect(),
            };
            (e.id, view)
        })
        .collect();
    let instances = ec2
        .instances()
        .into_iter()
        .map(|i| {
            let view = InstanceView {
                instance_type: i.instance_type.clone(),
                subnet: i.subnet_id,
                az: i.availability_zone.clone(),
                state: i.state,
                reservation: i.reservation_id,
                launch_index: i.launch_index,
                interfaces: i
                    .interfaces
                    .iter()
                    .map(|x| (x.network_card_index, x.device_index, x.network_interface_id))
                    .collect(),
            };
            (i.id, view)
        })
        .collect();
    let elastic_ips = ec2
        .elastic_ips()
        .into_iter()
        .map(|e| {
            let association = e
                .association
                .map(|a| (a.id, a.network_interface_id, a.private_ip_address));
            (e.allocation_id, (e.public_ip, association))
        })
        .collect();
    World {
        subnets,
        enis,
        instances,
        elastic_ips,
    }
}

/// A canonical, sorted, Debug-formatted snapshot of everything the engine shows.
fn dump(ec2: &Ec2) -> String {
    let mut out = String::new();
    writeln!(out, "{:?}", ec2.vpcs()).unwrap();
    for s in ec2.subnets() {
        let size = subnet_size(s);
        let owners: Vec<_> = (0..size).map(|o| (o, s.owner(o))).collect();
        let prefixes: Vec<_> = (0..size / 16).map(|b| (b, s.prefix_owner(b))).collect();
        writeln!(
            out,
            "{} {} {} {} usable={} owned={} available={} reservations={:?}\n  owners={:?}\n  prefixes={:?}",
            s.id,
            s.vpc_id,
            s.cidr,
            s.availability_zone,
            s.usable(),
            s.owned(),
            s.available_ip_address_count(),
            s.reservations(),
            owners,
            prefixes
        )
        .unwrap();
    }
    for e in ec2.network_interfaces() {
        writeln!(out, "{e:?} status={}", e.status()).unwrap();
    }
    for i in ec2.instances() {
        writeln!(out, "{i:?}").unwrap();
    }
    for e in ec2.elastic_ips() {
        writeln!(out, "{e:?}").unwrap();
    }
    out
}

/// The engine's invariants, checked through its public API.
fn check_invariants(ec2: &Ec2) -> Result<(), String> {
    let types = ec2.instance_types();
    let cap = types.max_ipv4_per_eni();
    let mut addresses: BTreeMap<Ipv4Addr, NetworkInterfaceId> = BTreeMap::new();
    let mut prefixes: BTreeMap<Ipv4Prefix, NetworkInterfaceId> = BTreeMap::new();
    let mut per_subnet: BTreeMap<eniplan::SubnetId, (u32, u32)> = BTreeMap::new();
    for eni in ec2.network_interfaces() {
        let subnet = ec2
            .subnet(eni.subnet_id)
            .map_err(|_| format!("{} is in a missing subnet", eni.id))?;
        let size = subnet_size(subnet);
        let reserved = |a: Ipv4Addr| subnet.offset(a).is_some_and(|o| o < 4 || o == size - 1);
        if eni.interface_type == InterfaceType::EfaOnly {
            if eni.slots() != 0 {
                return Err(format!("efa-only {} holds addresses", eni.id));
            }
        } else if eni.primary.is_none() {
            return Err(format!("{} has no primary address", eni.id));
        }
        let held: Vec<Ipv4Addr> = eni
            .primary
            .iter()
            .chain(&eni.secondaries)
            .copied()
            .collect();
        for (index, &a) in held.iter().enumerate() {
            let Some(offset) = subnet.offset(a) else {
                return Err(format!("{a} of {} is outside its subnet", eni.id));
            };
            if reserved(a) {
                return Err(format!("{a} of {} is reserved", eni.id));
            }
            if let Some(other) = addresses.insert(a, eni.id) {
                return Err(format!("{a} is owned by {other} and {}", eni.id));
            }
            let primary = index == 0 && eni.primary.is_some();
            let expected = eniplan::model::AddressOwner {
                network_interface_id: eni.id,
                primary,
            };
            if subnet.owner(offset) != Some(expected) {
                return Err(format!(
                    "subnet says {:?} owns {a}, {} says it does",
                    subnet.owner(offset),
                    eni.id
                ));
            }
        }
        for &p in &eni.prefixes {
            if u32::from(p.network()) % 16 != 0 {
                return Err(format!("{p} is not aligned"));
            }
            let Some(block) = subnet.block(p) else {
                return Err(format!("{p} of {} is outside its subnet", eni.id));
            };
            if common::naive::prefix_addresses(p).into_iter().any(reserved) {
                return Err(format!("{p} covers a reserved address"));
            }
            if let Some(other) = prefixes.insert(p, eni.id) {
                return Err(format!("{p} is owned by {other} and {}", eni.id));
            }
            if subnet.prefix_owner(block) != Some(eni.id) {
                return Err(format!("subnet does not record {p} as {}'s", eni.id));
            }
        }
        let counts = per_subnet.entry(subnet.id).or_default();
        counts.0 += held.len() as u32;
        counts.1 += eni.prefixes.len() as u32;
        if eni.slots() as usize != held.len() + eni.prefixes.len() {
            return Err(format!("{} counts its slots wrong", eni.id));
        }
        match eni.attachment {
            Some(attachment) => {
                let instance = ec2
                    .instance(attachment.instance_id)
                    .map_err(|_| format!("{} is attached to a missing instance", eni.id))?;
                if instance.state != InstanceState::Running {
                    return Err(format!("{} is attached to a terminated instance", eni.id));
                }
                let t = types.get(&instance.instance_type).unwrap();
                if eni.slots() > t.ipv4_per_eni {
                    return Err(format!(
                        "{} holds {} slots on a {}",
                        eni.id,
                        eni.slots(),
                        t.name
                    ));
                }
                if !eni.prefixes.is_empty() && !t.supports_prefixes() {
                    return Err(format!("{} holds prefixes on a {}", eni.id, t.name));
                }
                let listed = instance.interfaces.iter().any(|i| {
                    i.network_interface_id == eni.id
                        && i.device_index == attachment.device_index
                        && i.network_card_index == attachment.network_card_index
                });
                if !listed {
                    return Err(format!("{} is not listed on its instance", eni.id));
                }
            }
            None => {
                if eni.slots() > cap {
                    return Err(format!("unattached {} holds {} slots", eni.id, eni.slots()));
                }
            }
        }
        for &(a, allocation) in &eni.elastic_ips {
            if !held.contains(&a) {
                return Err(format!(
                    "{allocation} points at {a}, not held by {}",
                    eni.id
                ));
            }
            let association = ec2
                .elastic_ip(allocation)
                .map_err(|_| format!("{} lists a missing {allocation}", eni.id))?
                .association;
            if association
                .is_none_or(|x| x.network_interface_id != eni.id || x.private_ip_address != a)
            {
                return Err(format!(
                    "{allocation} does not point back at {} {a}",
                    eni.id
                ));
            }
        }
    }
    for (a, owner) in &addresses {
        if let Some((p, other)) = prefixes.iter().find(|(p, _)| p.contains(*a)) {
            return Err(format!("{a} of {owner} lies in {p} of {other}"));
        }
    }
    for subnet in ec2.subnets() {
        let size = subnet_size(subnet);
        let (held, blocks) = per_subnet.get(&subnet.id).copied().unwrap_or_default();
        let recorded = (0..size).filter(|o| subnet.owner(*o).is_some()).count() as u32;
        let recorded_blocks = (0..size / 16)
            .filter(|b| subnet.prefix_owner(*b).is_some())
            .count() as u32;
        if recorded != held || recorded_blocks != blocks {
            return Err(format!("{} records owners no interface knows", subnet.id));
        }
        if subnet.usable() != size - 5 || subnet.owned() != held + 16 * blocks {
            return Err(format!(
                "{}: usable {} owned {} for {held} addresses and {blocks} prefixes",
                subnet.id,
                subnet.usable(),
                subnet.owned()
            ));
        }
        if subnet.available_ip_address_count() != subnet.usable() - subnet.owned() {
            return Err(format!("{}: AvailableIpAddressCount is off", subnet.id));
        }
        for r in subnet.reservations() {
            if r.subnet_id != subnet.id || !subnet.cidr.contains(&r.cidr) {
                return Err(format!("{} is not inside {}", r.id, subnet.id));
            }
        }
    }
    let reservations: Vec<_> = ec2
        .subnets()
        .into_iter()
        .flat_map(|s| s.reservations().iter().map(|r| r.cidr))
        .collect();
    for (i, a) in reservations.iter().enumerate() {
        for b in &reservations[i + 1..] {
            if a.contains(b) || b.contains(a) {
                return Err(format!("reservations {a} and {b} overlap"));
            }
        }
    }
    for instance in ec2.instances() {
        if instance.state == InstanceState::Terminated {
            if !instance.interfaces.is_empty() {
                return Err(format!("terminated {} has interfaces", instance.id));
            }
            continue;
        }
        let t = types.get(&instance.instance_type).unwrap();
        let primary = instance
            .primary_interface()
            .ok_or_else(|| format!("running {} has no primary interface", instance.id))?;
        let primary = ec2.network_interface(primary).map_err(|e| e.to_string())?;
        if !primary.attachment.is_some_and(|a| a.delete_on_termination) {
            return Err(format!(
                "{}'s primary does not delete on termination",
                instance.id
            ));
        }
        let devices: BTreeSet<u32> = instance.interfaces.iter().map(|i| i.device_index).collect();
        if devices.len() != instance.interfaces.len() {
            return Err(format!("{} uses a device index twice", instance.id));
        }
        for card in &t.network_cards {
            if instance.interfaces_on_card(card.index) > card.max_interfaces {
                return Err(format!(
                    "{} has too many interfaces on card {}",
                    instance.id, card.index
                ));
            }
        }
        for i in &instance.interfaces {
            let eni = ec2
                .network_interface(i.network_interface_id)
                .map_err(|e| e.to_string())?;
            if eni.attachment.is_none_or(|a| a.instance_id != instance.id) {
                return Err(format!(
                    "{} lists {} which is not attached to it",
                    instance.id, eni.id
                ));
            }
        }
    }
    let mut publics = BTreeSet::new();
    let mut associations = BTreeSet::new();
    let mut targets = BTreeSet::new();
    for eip in ec2.elastic_ips() {
        if !publics.insert(eip.public_ip) {
            return Err(format!("public address {} given twice", eip.public_ip));
        }
        let Some(a) = eip.association else { continue };
        if !associations.insert(a.id)
            || !targets.insert((a.network_interface_id, a.private_ip_address))
        {
            return Err(format!("{} shares its association", eip.allocation_id));
        }
        let eni = ec2
            .network_interface(a.network_interface_id)
            .map_err(|_| format!("{} points at a missing interface", eip.allocation_id))?;
        if !eni.holds(a.private_ip_address) {
            return Err(format!(
                "{} points at {}, which {} does not hold",
                eip.allocation_id, a.private_ip_address, eni.id
            ));
        }
        if !eni
            .elastic_ips
            .contains(&(a.private_ip_address, eip.allocation_id))
        {
            return Err(format!("{} does not list {}", eni.id, eip.allocation_id));
        }
    }
    Ok(())
}

/// The entries of two worlds that differ.
fn diff(engine: &World, naive: &World) -> String {
    fn section<K: Ord + std::fmt::Debug, V: PartialEq + std::fmt::Debug>(
        out: &mut String,
        name: &str,
        a: &BTreeMap<K, V>,
        b: &BTreeMap<K, V>,
    ) {
        let keys: BTreeSet<&K> = a.keys().chain(b.keys()).collect();
        for k in keys {
            if a.get(k) != b.get(k) {
                writeln!(
                    out,
                    "{name} {k:?}:\n  engine {:?}\n  naive  {:?}",
                    a.get(k),
                    b.get(k)
                )
                .unwrap();
            }
        }
    }
    let mut out = String::new();
    section(&mut out, "subnet", &engine.subnets, &naive.subnets);
    section(&mut out, "eni", &engine.enis, &naive.enis);
    section(&mut out, "instance", &engine.instances, &naive.instances);
    section(&mut out, "eip", &engine.elastic_ips, &naive.elastic_ips);
    out
}

fn same_outcome(engine: &Outcome, naive: &Outcome) -> bool {
    match (engine, naive) {
        (Ok(a), Ok(b)) => a == b,
        (Err(a), Err(b)) => a.code() == b.code() && a.to_string() == b.to_string() && a == b,
        _ => false,
    }
}

fn run_case(setup: &Setup, ops: &[Op]) -> Result<(), TestCaseError> {
    let mut ec2 = Ec2::new(Ec2Options {
        strategy: eniplan::model::Strategy::Lowest,
        seed: setup.seed,
    });
    let vpc = ec2.create_vpc("10.0.0.0/16").unwrap();
    let mut naive = Naive::new(vpc);
    for (cidr, zone_b) in &setup.subnets {
        let zone = zone_b.then_some("us-east-1b");
        let id = ec2.create_subnet(vpc, cidr, zone).unwrap();
        naive.add_subnet(id, cidr.parse().unwrap(), zone);
    }
    let mut seen = Seen::default();
    let mut log = String::new();
    let warm_start = [
        Op::Run {
            instance_type: 1,
            subnet: 0,
            min: 1,
            max: 1,
            address: None,
        },
        Op::Allocate,
    ];
    let warm_start = if setup.warm { &warm_start[..] } else { &[] };
    for (step, op) in warm_start.iter().chain(ops).enumerate() {
        let call = Resolver {
            naive: &naive,
            seen: &seen,
            requested: None,
        }
        .call(op);
        let before = dump(&ec2);
        let (engine_outcome, fresh) = run_engine(&mut ec2, &call);
        let naive_outcome = naive.apply(&call, &fresh);
        seen.record(&fresh);
        writeln!(log, "{step}: {call:?}\n    => {engine_outcome:?}").unwrap();
        if !same_outcome(&engine_outcome, &naive_outcome) {
            let show = |o: &Outcome| match o {
                Ok(value) => format!("Ok({value})"),
                Err(e) => format!("Err({} \"{e}\" {e:?})", e.code().as_str()),
            };
            return Err(TestCaseError::fail(format!(
                "{log}outcomes differ at step {step}:\n  engine {}\n  naive  {}",
                show(&engine_outcome),
                show(&naive_outcome)
            )));
        }
        if engine_outcome.is_err() {
            let after = dump(&ec2);
            if before != after {
                return Err(TestCaseError::fail(format!(
                    "{log}a failed call changed the state:\nbefore:\n{before}after:\n{after}"
                )));
            }
        }
        if let Err(broken) = check_invariants(&ec2) {
            return Err(TestCaseError::fail(format!(
                "{log}invariant broken: {broken}"
            )));
        }
        let (engine_state, naive_state) = (engine_world(&ec2), naive.world());
        if engine_state != naive_state {
            return Err(TestCaseError::fail(format!(
                "{log}states differ:\n{}",
                diff(&engine_state, &naive_state)
            )));
        }
    }
    Ok(())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(512)
}

proptest! {
    #![proptest_config(ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/model_properties.txt",
        ))),
        ..ProptestConfig::with_cases(cases())
    })]

    /// The engine and the naive model agree on every outcome and every state, the engine's
    /// invariants hold at every step, and failed calls change nothing.
    #[test]
    fn engine_agrees_with_the_naive_model(
        setup in setup(),
        ops in prop::collection::vec(op(), 1..60),
    ) {
        run_case(&setup, &ops)?;
    }

    /// The same, with calls that move addresses (and their Elastic IPs) between interfaces.
    #[test]
    fn engine_agrees_when_addresses_move(
        setup in setup(),
        ops in prop::collection::vec(moving_op(), 1..40),
    ) {
        run_case(&setup, &ops)?;
    }
}
