//! Generated operations and the runner that applies them to the engine and to the naive model.
//!
//! An [`Op`] names its objects by small numbers, resolved against the live state when the
//! operation runs (mostly a live object that the call can succeed with, sometimes a stale or an
//! unknown one), so that any sequence of operations is meaningful whatever came before it.
//! [`run_case`] applies a sequence to a fresh [`Ec2`] (the lowest-free strategy) and to the
//! [`Naive`] model, and after every step requires:
//! 1. the same outcome from both: the same success value (ids are the engine's), or the same
//!    error, compared by code, message and data;
//! 2. the engine's invariants ([`check_invariants`]);
//! 3. an unchanged canonical [`dump`] after a failed call ([`same_state`]);
//! 4. the same observable state ([`engine_world`] and [`Naive::world`]).
//!
//! Worlds are small so that collisions are frequent: one 10.0.0.0/16 VPC with one to three
//! subnets from /24 to /28 in two zones.
//!
//! With the `arbitrary` feature every type here implements `arbitrary::Arbitrary`, counts and
//! prefix lengths drawn mostly from the ranges where calls can succeed.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::net::Ipv4Addr;

use super::engine::{check_invariants, dump, engine_world, run_engine, same_state};
use super::naive::{Call, Fresh, Naive, Outcome, World, TYPES};
use eniplan::model::{AssociateTarget, InstanceState, ReservationKind, RunInstances};
use eniplan::{
    AddressSelection, AllocationId, AssociationId, AttachmentId, Ec2, Ec2Options, InstanceId,
    InterfaceType, Ipv4Prefix, NetworkInterfaceId, SubnetCidrReservationId,
};

#[cfg(feature = "arbitrary")]
use arbitrary::{Arbitrary, Unstructured};

/// Subnets a world may have: small, so that collisions are frequent.
pub const SUBNET_MENU: &[&str] = &[
    "10.0.0.0/26",
    "10.0.1.0/27",
    "10.0.2.0/28",
    "10.0.3.0/24",
    "10.0.4.0/25",
];

/// An address to use in a request.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "arbitrary", derive(Arbitrary))]
pub enum AddrGen {
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
#[cfg_attr(feature = "arbitrary", derive(Arbitrary))]
pub enum PfxGen {
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

/// The address selector of AssignPrivateIpAddresses or CreateNetworkInterface.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "arbitrary", derive(Arbitrary))]
pub enum SelGen {
    /// `PrivateIpAddresses`.
    Addresses(#[cfg_attr(feature = "arbitrary", arbitrary(with = short_list))] Vec<AddrGen>),
    /// `SecondaryPrivateIpAddressCount`.
    Count(#[cfg_attr(feature = "arbitrary", arbitrary(with = small_count))] u32),
    /// `Ipv4Prefixes`.
    Prefixes(#[cfg_attr(feature = "arbitrary", arbitrary(with = short_list))] Vec<PfxGen>),
    /// `Ipv4PrefixCount`.
    PrefixCount(#[cfg_attr(feature = "arbitrary", arbitrary(with = small_count))] u32),
}

/// One generated operation; numbers pick objects of the live state when it runs.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "arbitrary", derive(Arbitrary))]
pub enum Op {
    /// CreateSubnetCidrReservation of `base/len`.
    CreateReservation {
        /// Picks the subnet.
        subnet: u16,
        /// The base address (host bits may be set).
        base: AddrGen,
        /// The prefix length.
        #[cfg_attr(feature = "arbitrary", arbitrary(with = reservation_len))]
        len: u8,
        /// `prefix` rather than `explicit`.
        prefix: bool,
    },
    /// DeleteSubnetCidrReservation; picks the reservation.
    DeleteReservation(u16),
    /// RunInstances.
    Run {
        /// Picks the type (one time in twenty an unknown one).
        instance_type: u8,
        /// Picks the subnet.
        subnet: u16,
        /// `MinCount`.
        #[cfg_attr(feature = "arbitrary", arbitrary(with = small_count))]
        min: u32,
        /// `MaxCount`.
        #[cfg_attr(feature = "arbitrary", arbitrary(with = small_count))]
        max: u32,
        /// `PrivateIpAddress`.
        address: Option<AddrGen>,
    },
    /// TerminateInstances; each number picks an instance.
    Terminate(#[cfg_attr(feature = "arbitrary", arbitrary(with = short_list))] Vec<u16>),
    /// CreateNetworkInterface.
    CreateEni {
        /// Picks the subnet.
        subnet: u16,
        /// `PrivateIpAddress`.
        primary: Option<AddrGen>,
        /// The secondary selector.
        selection: Option<SelGen>,
        /// `InterfaceType`.
        interface_type: InterfaceType,
    },
    /// DeleteNetworkInterface; picks the interface.
    DeleteEni(u16),
    /// AttachNetworkInterface.
    Attach {
        /// Picks the interface.
        eni: u16,
        /// Picks the instance.
        instance: u16,
        /// `DeviceIndex`.
        #[cfg_attr(feature = "arbitrary", arbitrary(with = small_index))]
        device: u32,
        /// `NetworkCardIndex`.
        #[cfg_attr(feature = "arbitrary", arbitrary(with = small_index))]
        card: u32,
    },
    /// DetachNetworkInterface; picks the attachment.
    Detach(u16),
    /// AssignPrivateIpAddresses.
    Assign {
        /// Picks the interface.
        eni: u16,
        /// The selector.
        selection: SelGen,
        /// `AllowReassignment`.
        allow: bool,
    },
    /// UnassignPrivateIpAddresses.
    Unassign {
        /// Picks the interface.
        eni: u16,
        /// `PrivateIpAddresses`.
        #[cfg_attr(feature = "arbitrary", arbitrary(with = short_list))]
        addresses: Vec<AddrGen>,
        /// `Ipv4Prefixes`.
        #[cfg_attr(feature = "arbitrary", arbitrary(with = short_list))]
        prefixes: Vec<PfxGen>,
    },
    /// AllocateAddress.
    Allocate,
    /// AssociateAddress.
    Associate {
        /// Picks the Elastic IP.
        eip: u16,
        /// Names an instance rather than an interface.
        by_instance: bool,
        /// Picks the instance or interface.
        target: u16,
        /// `PrivateIpAddress`.
        address: Option<AddrGen>,
        /// `AllowReassociation`.
        allow: bool,
    },
    /// DisassociateAddress; picks the association.
    Disassociate(u16),
    /// ReleaseAddress; picks the Elastic IP.
    Release(u16),
}

/// The world a case starts from.
#[derive(Debug, Clone)]
pub struct Setup {
    /// The engine's seed.
    pub seed: u64,
    /// 1–3 subnets of [`SUBNET_MENU`], each in zone b when `true`, else in zone a.
    pub subnets: Vec<(&'static str, bool)>,
    /// Start with an instance and an Elastic IP.
    pub warm: bool,
}

#[cfg(feature = "arbitrary")]
impl<'a> Arbitrary<'a> for Setup {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Setup> {
        let seed = u64::arbitrary(u)?;
        let chosen = u8::arbitrary(u)?;
        let zones = u8::arbitrary(u)?;
        // A non-empty subset of the menu, at most three subnets.
        let mut subnets: Vec<(&'static str, bool)> = SUBNET_MENU
            .iter()
            .enumerate()
            .filter(|(i, _)| chosen & (1 << i) != 0)
            .take(3)
            .enumerate()
            .map(|(k, (_, cidr))| (*cidr, zones & (1 << k) != 0))
            .collect();
        if subnets.is_empty() {
            subnets.push((
                SUBNET_MENU[usize::from(chosen >> 5) % SUBNET_MENU.len()],
                false,
            ));
        }
        Ok(Setup {
            seed,
            subnets,
            warm: u8::arbitrary(u)? % 4 != 0,
        })
    }
}

/// A count, mostly from 1 to 12, sometimes 0, now and then anything.
#[cfg(feature = "arbitrary")]
fn small_count(u: &mut Unstructured<'_>) -> arbitrary::Result<u32> {
    Ok(match u8::arbitrary(u)? {
        0..=7 => 0,
        8..=199 => 1 + u32::from(u8::arbitrary(u)? % 3),
        200..=247 => 4 + u32::from(u8::arbitrary(u)? % 9),
        248..=251 => 70,
        _ => u32::arbitrary(u)?,
    })
}

/// A device or card index, mostly from 0 to 4.
#[cfg(feature = "arbitrary")]
fn small_index(u: &mut Unstructured<'_>) -> arbitrary::Result<u32> {
    Ok(match u8::arbitrary(u)? {
        0..=249 => u32::from(u8::arbitrary(u)? % 5),
        _ => u32::arbitrary(u)?,
    })
}

/// A reservation's prefix length, from /25 to /32.
#[cfg(feature = "arbitrary")]
fn reservation_len(u: &mut Unstructured<'_>) -> arbitrary::Result<u8> {
    Ok(25 + u8::arbitrary(u)? % 8)
}

/// A list of zero to three items.
#[cfg(feature = "arbitrary")]
fn short_list<'a, T: Arbitrary<'a>>(u: &mut Unstructured<'a>) -> arbitrary::Result<Vec<T>> {
    let len = u8::arbitrary(u)? % 4;
    (0..len).map(|_| T::arbitrary(u)).collect()
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
    fn eni(&self, p: u16, prefer: impl Fn(&super::naive::Eni) -> bool) -> NetworkInterfaceId {
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
    fn context_subnet(&self, subnet: Option<eniplan::SubnetId>) -> Option<&super::naive::Subnet> {
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

    fn offset_in(subnet: &super::naive::Subnet, offset: u32) -> Ipv4Addr {
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
                    security_group_ids: Vec::new(),
                    attributes: Default::default(),
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

/// Applies `ops` (after the warm start, if any) to a fresh engine and to the naive model,
/// checking the four properties of the module docs after every step; gives the number of steps
/// run, or a report of the first failure with the log of every call before it.
pub fn run_case(setup: &Setup, ops: &[Op]) -> Result<usize, String> {
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
    // Every call and the engine's outcome, written out only for a report.
    let mut steps: Vec<(Call, Outcome)> = Vec::new();
    let log = |steps: &[(Call, Outcome)]| {
        let mut log = String::new();
        for (step, (call, outcome)) in steps.iter().enumerate() {
            writeln!(log, "{step}: {call:?}\n    => {outcome:?}").unwrap();
        }
        log
    };
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
        // A copy, compared only if the call fails: cheaper than a dump at every step.
        let before = ec2.clone();
        let (engine_outcome, fresh) = run_engine(&mut ec2, &call);
        let naive_outcome = naive.apply(&call, &fresh);
        seen.record(&fresh);
        steps.push((call, engine_outcome.clone()));
        let log = || log(&steps);
        if !same_outcome(&engine_outcome, &naive_outcome) {
            let show = |o: &Outcome| match o {
                Ok(value) => format!("Ok({value})"),
                Err(e) => format!("Err({} \"{e}\" {e:?})", e.code().as_str()),
            };
            return Err(format!(
                "{}outcomes differ at step {step}:\n  engine {}\n  naive  {}",
                log(),
                show(&engine_outcome),
                show(&naive_outcome)
            ));
        }
        if engine_outcome.is_err() && !same_state(&before, &ec2) {
            let (before, after) = (dump(&before), dump(&ec2));
            return Err(format!(
                "{}a failed call changed the state:\nbefore:\n{before}after:\n{after}",
                log()
            ));
        }
        if let Err(broken) = check_invariants(&ec2) {
            return Err(format!("{}invariant broken: {broken}", log()));
        }
        let (engine_state, naive_state) = (engine_world(&ec2), naive.world());
        if engine_state != naive_state {
            return Err(format!(
                "{}states differ:\n{}",
                log(),
                diff(&engine_state, &naive_state)
            ));
        }
    }
    Ok(warm_start.len() + ops.len())
}
