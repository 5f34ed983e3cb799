//! A deliberately naive reference model of the EC2 operations that [`Ec2`](eniplan::Ec2) implements,
//! written from `ec2-private-ip.md` (sections 1, 3, 4 and 6) rather than from the engine.
//!
//! Nothing here is clever: ownership is never stored, it is found by scanning every interface;
//! free addresses and free /28 blocks are found by scanning every address of the subnet; an
//! operation that must be all-or-nothing works on a clone of the whole model and keeps the clone
//! only when every rule passed. Ids are opaque: the engine mints them, and the caller hands the
//! ids of whatever a successful call created to this model through [`Fresh`] (Elastic IP public
//! addresses too). Errors are built from [`Error`], which only renders them: which error,
//! and with what data, is decided here.
//!
//! Where the specification is silent the model follows the engine's documented policy:
//! - RunInstances, TerminateInstances, DeleteNetworkInterface, DetachNetworkInterface and the
//!   Elastic IP calls (their checks, their order and their errors);
//! - CreateNetworkInterface without an explicit primary makes the first automatic address the
//!   primary, and picks automatic prefixes before automatic addresses;
//! - rule 10 concerns addresses owned on their own: an address inside another interface's prefix
//!   is a rule-12 conflict whatever `AllowReassignment` says;
//! - rule 9's parts are checked in the order the rule lists them, each across the request
//!   (inside the subnet, then no reserved address);
//! - in CreateNetworkInterface an address owned alone or inside a prefix is one rule
//!   (`InvalidIPAddress.InUse`, whose message names no address): the first in request order;
//! - a prefix over an address of the same CreateNetworkInterface request is reported after the
//!   conflicts with what is already owned;
//! - an address that moves keeps its Elastic IP association, id included.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;
use std::net::Ipv4Addr;

use eniplan::model::{AssociateTarget, InstanceState, ReservationKind, RunInstances};
use eniplan::model::{SubnetCidrReservation, DEFAULT_AVAILABILITY_ZONE};
use eniplan::{
    AddressSelection, AllocationId, AssignPrivateIpAddressesResponse, AssignedPrivateIpAddress,
    AssociationId, AttachNetworkInterfaceResponse, AttachmentId, Error, IdKind, InstanceId,
    InterfaceType, Ipv4Prefix, Ipv4PrefixSpecification, NetworkInterfaceId, ReservationId,
    SubnetCidrReservationId, SubnetId, VpcId,
};
use ipnet::Ipv4Net;

/// The cap on an unattached interface: the largest `ipv4_per_eni` of any known type (spec 6).
pub const UNATTACHED_CAP: u32 = 64;

/// The network limits the model needs of one instance type, copied by hand from
/// `core/data/instance-limits.csv` (hypervisor, IPv4 per ENI, cards).
#[derive(Debug, Clone, Copy)]
pub struct TypeLimits {
    /// The EC2 name.
    pub name: &'static str,
    /// Nitro or bare metal: can hold /28 prefixes (rule 14).
    pub prefixes: bool,
    /// IPv4 addresses per interface, primary included.
    pub ipv4_per_eni: u32,
    /// `(network card index, interfaces on that card)`.
    pub cards: &'static [(u32, u32)],
}

/// The instance types the properties use.
pub const TYPES: &[TypeLimits] = &[
    TypeLimits {
        name: "t3.medium",
        prefixes: true,
        ipv4_per_eni: 6,
        cards: &[(0, 3)],
    },
    TypeLimits {
        name: "c5.large",
        prefixes: true,
        ipv4_per_eni: 10,
        cards: &[(0, 3)],
    },
    TypeLimits {
        name: "m5.large",
        prefixes: true,
        ipv4_per_eni: 10,
        cards: &[(0, 3)],
    },
    TypeLimits {
        name: "t2.medium",
        prefixes: false,
        ipv4_per_eni: 6,
        cards: &[(0, 3)],
    },
    TypeLimits {
        name: "m4.large",
        prefixes: false,
        ipv4_per_eni: 10,
        cards: &[(0, 2)],
    },
    TypeLimits {
        name: "p4d.24xlarge",
        prefixes: true,
        ipv4_per_eni: 50,
        cards: &[(0, 15), (1, 15), (2, 15), (3, 15)],
    },
];

fn type_limits(name: &str) -> Option<TypeLimits> {
    TYPES.iter().copied().find(|t| t.name == name)
}

/// One call, with concrete ids and addresses, as both models receive it.
#[derive(Debug, Clone)]
pub enum Call {
    /// CreateSubnetCidrReservation.
    CreateReservation {
        /// The subnet.
        subnet: SubnetId,
        /// The CIDR as sent (host bits may be set).
        cidr: String,
        /// `explicit` or `prefix`.
        kind: ReservationKind,
    },
    /// DeleteSubnetCidrReservation.
    DeleteReservation(SubnetCidrReservationId),
    /// RunInstances.
    Run(RunInstances),
    /// TerminateInstances.
    Terminate(Vec<InstanceId>),
    /// CreateNetworkInterface, from typed parts.
    CreateEni {
        /// `SubnetId`.
        subnet: SubnetId,
        /// `PrivateIpAddress`.
        primary: Option<Ipv4Addr>,
        /// The secondary selector, if any.
        selection: Option<AddressSelection>,
        /// `InterfaceType`.
        interface_type: InterfaceType,
    },
    /// DeleteNetworkInterface.
    DeleteEni(NetworkInterfaceId),
    /// AttachNetworkInterface.
    Attach {
        /// The interface.
        eni: NetworkInterfaceId,
        /// The instance.
        instance: InstanceId,
        /// `DeviceIndex`.
        device: u32,
        /// `NetworkCardIndex`.
        card: u32,
    },
    /// DetachNetworkInterface.
    Detach(AttachmentId),
    /// AssignPrivateIpAddresses, from typed parts.
    Assign {
        /// The interface.
        eni: NetworkInterfaceId,
        /// The selector.
        selection: AddressSelection,
        /// `AllowReassignment`.
        allow: bool,
    },
    /// UnassignPrivateIpAddresses, from typed parts.
    Unassign {
        /// The interface.
        eni: NetworkInterfaceId,
        /// `PrivateIpAddresses`.
        addresses: Vec<Ipv4Addr>,
        /// `Ipv4Prefixes`.
        prefixes: Vec<Ipv4Prefix>,
    },
    /// AllocateAddress.
    Allocate,
    /// AssociateAddress.
    Associate {
        /// The Elastic IP.
        eip: AllocationId,
        /// An instance or an interface.
        target: AssociateTarget,
        /// The private address; the primary when absent.
        address: Option<Ipv4Addr>,
        /// `AllowReassociation`.
        allow: bool,
    },
    /// DisassociateAddress.
    Disassociate(AssociationId),
    /// ReleaseAddress.
    Release(AllocationId),
}

/// Ids (and public addresses) the engine minted for what a successful call created.
#[derive(Debug, Clone, Default)]
pub struct Fresh {
    /// CreateSubnetCidrReservation.
    pub reservation: Option<SubnetCidrReservationId>,
    /// RunInstances: the reservation id.
    pub run: Option<ReservationId>,
    /// RunInstances: each launched instance with its primary interface and attachment.
    pub launched: Vec<(InstanceId, NetworkInterfaceId, AttachmentId)>,
    /// CreateNetworkInterface.
    pub eni: Option<NetworkInterfaceId>,
    /// AttachNetworkInterface.
    pub attachment: Option<AttachmentId>,
    /// AllocateAddress: the allocation id and its public address.
    pub allocation: Option<(AllocationId, Ipv4Addr)>,
    /// AssociateAddress.
    pub association: Option<AssociationId>,
}

/// Placeholder ids for a call the engine refused but this model accepted: the outcomes then
/// differ anyway, and the placeholder shows up in the report.
fn placeholder<T: std::str::FromStr>(text: &str) -> T
where
    T::Err: Debug,
{
    text.parse().unwrap()
}

/// A subnet CIDR reservation.
#[derive(Debug, Clone)]
pub struct Reservation {
    /// Its id.
    pub id: SubnetCidrReservationId,
    /// The reserved block (canonical).
    pub cidr: Ipv4Net,
    /// Its type.
    pub kind: ReservationKind,
}

/// A subnet.
#[derive(Debug, Clone)]
pub struct Subnet {
    /// Its id.
    pub id: SubnetId,
    /// Its VPC.
    pub vpc: VpcId,
    /// Its CIDR (canonical).
    pub cidr: Ipv4Net,
    /// Its availability zone.
    pub az: String,
    /// Its reservations, in creation order.
    pub reservations: Vec<Reservation>,
}

fn first(net: Ipv4Net) -> u32 {
    u32::from(net.network())
}

fn last(net: Ipv4Net) -> u32 {
    u32::from(net.broadcast())
}

impl Subnet {
    /// Every address of the subnet, ascending.
    pub fn addresses(&self) -> Vec<Ipv4Addr> {
        (first(self.cidr)..=last(self.cidr))
            .map(Ipv4Addr::from)
            .collect()
    }

    /// Whether `a` lies in the subnet.
    pub fn contains(&self, a: Ipv4Addr) -> bool {
        (first(self.cidr)..=last(self.cidr)).contains(&u32::from(a))
    }

    /// The five addresses EC2 keeps: network, router, DNS, future, broadcast.
    pub fn is_reserved(&self, a: Ipv4Addr) -> bool {
        let a = u32::from(a);
        let base = first(self.cidr);
        a == base || a == base + 1 || a == base + 2 || a == base + 3 || a == last(self.cidr)
    }

    /// Every aligned /28 of the subnet, ascending.
    pub fn blocks(&self) -> Vec<Ipv4Prefix> {
        self.addresses()
            .into_iter()
            .filter(|a| u32::from(*a) % 16 == 0)
            .map(Ipv4Prefix::containing)
            .collect()
    }

    fn in_reservation(&self, a: Ipv4Addr, kind: Option<ReservationKind>) -> bool {
        self.reservations
            .iter()
            .filter(|r| kind.is_none_or(|k| r.kind == k))
            .any(|r| (first(r.cidr)..=last(r.cidr)).contains(&u32::from(a)))
    }
}

/// The 16 addresses of a prefix.
pub fn prefix_addresses(p: Ipv4Prefix) -> Vec<Ipv4Addr> {
    let base = u32::from(p.network());
    (base..base + 16).map(Ipv4Addr::from).collect()
}

/// An attachment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attachment {
    /// Its id.
    pub id: AttachmentId,
    /// The instance.
    pub instance: InstanceId,
    /// Device index.
    pub device: u32,
    /// Network card index.
    pub card: u32,
    /// Deleted with the instance (the primary interface).
    pub delete_on_termination: bool,
}

/// A network interface.
#[derive(Debug, Clone)]
pub struct Eni {
    /// Its id.
    pub id: NetworkInterfaceId,
    /// Its subnet.
    pub subnet: SubnetId,
    /// Its availability zone.
    pub az: String,
    /// Its type.
    pub interface_type: InterfaceType,
    /// Its primary address (none for `efa-only`).
    pub primary: Option<Ipv4Addr>,
    /// Its secondary addresses, in assignment order.
    pub secondaries: Vec<Ipv4Addr>,
    /// Its prefixes, in assignment order.
    pub prefixes: Vec<Ipv4Prefix>,
    /// Its attachment.
    pub attachment: Option<Attachment>,
}

impl Eni {
    /// Primary and secondaries.
    pub fn addresses(&self) -> Vec<Ipv4Addr> {
        self.primary
            .iter()
            .chain(&self.secondaries)
            .copied()
            .collect()
    }

    fn holds(&self, a: Ipv4Addr) -> bool {
        self.addresses().contains(&a)
    }

    fn slots(&self) -> u32 {
        (self.addresses().len() + self.prefixes.len()) as u32
    }
}

/// An instance.
#[derive(Debug, Clone)]
pub struct Instance {
    /// Its id.
    pub id: InstanceId,
    /// Its type's name.
    pub instance_type: String,
    /// Its primary interface's subnet.
    pub subnet: SubnetId,
    /// Its availability zone.
    pub az: String,
    /// Running or terminated.
    pub state: InstanceState,
    /// Its RunInstances reservation.
    pub reservation: ReservationId,
    /// Its position in that call.
    pub launch_index: u32,
}

/// An Elastic IP association: its id, the interface and the private address.
pub type Association = (AssociationId, NetworkInterfaceId, Ipv4Addr);

/// An Elastic IP.
#[derive(Debug, Clone)]
pub struct Eip {
    /// Its allocation id.
    pub id: AllocationId,
    /// Its public address (minted by the engine).
    pub public_ip: Ipv4Addr,
    /// `(association id, interface, private address)`.
    pub association: Option<Association>,
}

/// The naive model's state.
#[derive(Debug, Clone)]
pub struct Naive {
    /// The one VPC.
    pub vpc: VpcId,
    /// Subnets.
    pub subnets: BTreeMap<SubnetId, Subnet>,
    /// Interfaces.
    pub enis: BTreeMap<NetworkInterfaceId, Eni>,
    /// Instances, terminated ones too.
    pub instances: BTreeMap<InstanceId, Instance>,
    /// Elastic IPs.
    pub eips: BTreeMap<AllocationId, Eip>,
}

/// Outcome of a call: the success value, Debug-formatted, or EC2's error.
pub type Outcome = Result<String, Error>;

fn ok<T: Debug>(value: T) -> Outcome {
    Ok(format!("{value:?}"))
}

fn not_found(kind: IdKind, id: impl ToString) -> Error {
    Error::NotFound {
        kind,
        id: id.to_string(),
    }
}

/// Drops repeats, keeping the first (a duplicate within one request counts once).
fn distinct<T: PartialEq + Copy>(items: &[T]) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for item in items {
        if !out.contains(item) {
            out.push(*item);
        }
    }
    out
}

const SELECTORS: &[&str] = &[
    "PrivateIpAddresses",
    "SecondaryPrivateIpAddressCount",
    "Ipv4Prefixes",
    "Ipv4PrefixCount",
];

/// The largest value of EC2's 32-bit integers.
const MAX_INTEGER: u32 = i32::MAX as u32;

/// Rule 5: a count from 1 to 2147483647.
fn bad_count(selection: &AddressSelection) -> Option<Error> {
    let (parameter, n) = match selection {
        AddressSelection::AddressCount(n) => ("SecondaryPrivateIpAddressCount", *n),
        AddressSelection::PrefixCount(n) => ("Ipv4PrefixCount", *n),
        _ => return None,
    };
    (n == 0 || n > MAX_INTEGER).then_some(Error::InvalidCount {
        parameter,
        value: i64::from(n),
    })
}

impl Naive {
    /// An empty region with one VPC.
    pub fn new(vpc: VpcId) -> Naive {
        Naive {
            vpc,
            subnets: BTreeMap::new(),
            enis: BTreeMap::new(),
            instances: BTreeMap::new(),
            eips: BTreeMap::new(),
        }
    }

    /// Records a subnet the engine created.
    pub fn add_subnet(&mut self, id: SubnetId, cidr: Ipv4Net, az: Option<&str>) {
        self.subnets.insert(
            id,
            Subnet {
                id,
                vpc: self.vpc,
                cidr: cidr.trunc(),
                az: az.unwrap_or(DEFAULT_AVAILABILITY_ZONE).to_owned(),
                reservations: Vec::new(),
            },
        );
    }

    // ---- brute-force queries ----

    /// The interface holding `a` as an address, and whether as its primary.
    pub fn holder(&self, a: Ipv4Addr) -> Option<(NetworkInterfaceId, bool)> {
        self.enis.values().find_map(|eni| {
            if eni.primary == Some(a) {
                Some((eni.id, true))
            } else if eni.secondaries.contains(&a) {
                Some((eni.id, false))
            } else {
                None
            }
        })
    }

    /// The prefix holding `a`, with its interface.
    pub fn prefix_holder(&self, a: Ipv4Addr) -> Option<(Ipv4Prefix, NetworkInterfaceId)> {
        self.enis.values().find_map(|eni| {
            eni.prefixes
                .iter()
                .find(|p| p.contains(a))
                .map(|p| (*p, eni.id))
        })
    }

    /// Every address held by some interface, alone or inside a prefix.
    fn taken(&self) -> BTreeSet<Ipv4Addr> {
        let mut taken = BTreeSet::new();
        for eni in self.enis.values() {
            taken.extend(eni.addresses());
            for p in &eni.prefixes {
                taken.extend(prefix_addresses(*p));
            }
        }
        taken
    }

    /// Addresses an automatic address may take: not reserved, not held, in no reservation.
    pub fn automatic_addresses(&self, subnet: SubnetId) -> Vec<Ipv4Addr> {
        let subnet = &self.subnets[&subnet];
        let taken = self.taken();
        subnet
            .addresses()
            .into_iter()
            .filter(|a| !subnet.is_reserved(*a) && !taken.contains(a))
            .filter(|a| !subnet.in_reservation(*a, None))
            .collect()
    }

    /// Blocks an automatic prefix may take: wholly free, no reserved address, no address in an
    /// `explicit` reservation.
    pub fn candidate_blocks(&self, subnet: SubnetId) -> Vec<Ipv4Prefix> {
        let subnet = &self.subnets[&subnet];
        let taken = self.taken();
        subnet
            .blocks()
            .into_iter()
            .filter(|p| {
                prefix_addresses(*p).iter().all(|a| {
                    !subnet.is_reserved(*a)
                        && !taken.contains(a)
                        && !subnet.in_reservation(*a, Some(ReservationKind::Explicit))
                })
            })
            .collect()
    }

    /// The next automatic prefix: the lowest candidate lying wholly in `prefix` reservations,
    /// else the lowest candidate.
    fn next_block(&self, subnet: SubnetId) -> Option<Ipv4Prefix> {
        let candidates = self.candidate_blocks(subnet);
        let s = &self.subnets[&subnet];
        let preferred = candidates.iter().copied().find(|p| {
            prefix_addresses(*p)
                .iter()
                .all(|a| s.in_reservation(*a, Some(ReservationKind::Prefix)))
        });
        preferred.or_else(|| candidates.first().copied())
    }

    fn eni(&self, id: NetworkInterfaceId) -> Result<&Eni, Error> {
        self.enis
            .get(&id)
            .ok_or_else(|| not_found(IdKind::NetworkInterface, id))
    }

    fn subnet(&self, id: SubnetId) -> Result<&Subnet, Error> {
        self.subnets
            .get(&id)
            .ok_or_else(|| not_found(IdKind::Subnet, id))
    }

    fn instance(&self, id: InstanceId) -> Result<&Instance, Error> {
        self.instances
            .get(&id)
            .ok_or_else(|| not_found(IdKind::Instance, id))
    }

    /// Interfaces attached to an instance.
    pub fn interfaces_of(&self, instance: InstanceId) -> Vec<&Eni> {
        self.enis
            .values()
            .filter(|e| e.attachment.is_some_and(|a| a.instance == instance))
            .collect()
    }

    /// The slot limit of an interface and the type that sets it, if attached.
    fn limit(&self, eni: &Eni) -> (u32, Option<TypeLimits>) {
        match eni.attachment {
            Some(a) => {
                let t = type_limits(&self.instances[&a.instance].instance_type).unwrap();
                (t.ipv4_per_eni, Some(t))
            }
            None => (UNATTACHED_CAP, None),
        }
    }

    // ---- operations ----

    /// Applies one call; `fresh` names what the engine created if it succeeded.
    pub fn apply(&mut self, call: &Call, fresh: &Fresh) -> Outcome {
        match call {
            Call::CreateReservation { subnet, cidr, kind } => {
                self.create_reservation(*subnet, cidr, *kind, fresh)
            }
            Call::DeleteReservation(id) => self.delete_reservation(*id),
            Call::Run(request) => self.run(request, fresh),
            Call::Terminate(ids) => self.terminate(ids),
            Call::CreateEni {
                subnet,
                primary,
                selection,
                interface_type,
            } => self.create_eni(*subnet, *primary, selection.clone(), *interface_type, fresh),
            Call::DeleteEni(id) => self.delete_eni(*id),
            Call::Attach {
                eni,
                instance,
                device,
                card,
            } => self.attach(*eni, *instance, *device, *card, fresh),
            Call::Detach(id) => self.detach(*id),
            Call::Assign {
                eni,
                selection,
                allow,
            } => self.assign(*eni, selection, *allow),
            Call::Unassign {
                eni,
                addresses,
                prefixes,
            } => self.unassign(*eni, addresses, prefixes),
            Call::Allocate => self.allocate(fresh),
            Call::Associate {
                eip,
                target,
                address,
                allow,
            } => self.associate(*eip, *target, *address, *allow, fresh),
            Call::Disassociate(id) => self.disassociate(*id),
            Call::Release(id) => self.release(*id),
        }
    }

    fn create_reservation(
        &mut self,
        subnet_id: SubnetId,
        cidr: &str,
        kind: ReservationKind,
        fresh: &Fresh,
    ) -> Outcome {
        let subnet = self.subnet(subnet_id)?;
        let net: Ipv4Net = cidr
            .parse::<Ipv4Net>()
            .map_err(|_| Error::InvalidCidr {
                parameter: "cidr",
                value: cidr.to_owned(),
            })?
            .trunc();
        let inside = first(subnet.cidr) <= first(net) && last(net) <= last(subnet.cidr);
        if !inside {
            return Err(Error::ReservationOutsideSubnet {
                subnet_cidr: subnet.cidr.to_string(),
            });
        }
        let overlap = self
            .subnets
            .values()
            .filter(|s| s.vpc == subnet.vpc)
            .flat_map(|s| &s.reservations)
            .any(|r| first(r.cidr) <= last(net) && first(net) <= last(r.cidr));
        if overlap {
            return Err(Error::ReservationOverlap {
                cidr: net.to_string(),
            });
        }
        let id = fresh
            .reservation
            .unwrap_or_else(|| placeholder("scr-ffffffff"));
        self.subnets
            .get_mut(&subnet_id)
            .unwrap()
            .reservations
            .push(Reservation {
                id,
                cidr: net,
                kind,
            });
        ok(id)
    }

    fn delete_reservation(&mut self, id: SubnetCidrReservationId) -> Outcome {
        for subnet in self.subnets.values_mut() {
            if let Some(i) = subnet.reservations.iter().position(|r| r.id == id) {
                let r = subnet.reservations.remove(i);
                return ok(SubnetCidrReservation {
                    id,
                    subnet_id: subnet.id,
                    cidr: r.cidr,
                    kind: r.kind,
                    description: None,
                });
            }
        }
        Err(not_found(IdKind::SubnetCidrReservation, id))
    }

    fn run(&mut self, request: &RunInstances, fresh: &Fresh) -> Outcome {
        if type_limits(&request.instance_type).is_none() {
            return Err(Error::InvalidInstanceTypeValue {
                instance_type: request.instance_type.clone(),
            });
        }
        if request.min_count < 1 || request.min_count > i32::MAX as u32 {
            return Err(Error::IntegerOutOfRange {
                parameter: "MinCount",
                value: i64::from(request.min_count),
                min: 1,
                max: i64::from(i32::MAX),
            });
        }
        if request.max_count < request.min_count || request.max_count > i32::MAX as u32 {
            return Err(Error::IntegerOutOfRange {
                parameter: "MaxCount",
                value: i64::from(request.max_count),
                min: i64::from(request.min_count),
                max: i64::from(i32::MAX),
            });
        }
        let subnet = self.subnet(request.subnet_id)?.clone();
        if let Some(a) = request.private_ip_address {
            if request.max_count > 1 {
                return Err(Error::ConflictingParameters {
                    first: "PrivateIpAddress",
                    second: "MaxCount",
                });
            }
            if !subnet.contains(a) {
                return Err(Error::AddressOutsideSubnet { address: a });
            }
            if subnet.is_reserved(a) {
                return Err(Error::ReservedAddress { address: a });
            }
            if self.holder(a).is_some() || self.prefix_holder(a).is_some() {
                return Err(Error::AddressInUse { address: a });
            }
        }
        let available = self.automatic_addresses(subnet.id).len() as u32;
        let count = if request.private_ip_address.is_some() {
            1
        } else {
            request.max_count.min(available)
        };
        if count < request.min_count {
            return Err(Error::InsufficientFreeAddresses {
                subnet_id: subnet.id,
                requested: request.min_count,
                available,
            });
        }
        let reservation = fresh.run.unwrap_or_else(|| placeholder("r-ffffffff"));
        let mut launched = Vec::new();
        for index in 0..count {
            let (instance_id, eni_id, attachment_id) = fresh
                .launched
                .get(index as usize)
                .copied()
                .unwrap_or_else(|| {
                    (
                        placeholder(&format!("i-fffff{index:03x}")),
                        placeholder(&format!("eni-fffff{index:03x}")),
                        placeholder(&format!("eni-attach-fffff{index:03x}")),
                    )
                });
            let primary = match request.private_ip_address {
                Some(a) => a,
                None => self.automatic_addresses(subnet.id)[0],
            };
            self.instances.insert(
                instance_id,
                Instance {
                    id: instance_id,
                    instance_type: request.instance_type.clone(),
                    subnet: subnet.id,
                    az: subnet.az.clone(),
                    state: InstanceState::Running,
                    reservation,
                    launch_index: index,
                },
            );
            self.enis.insert(
                eni_id,
                Eni {
                    id: eni_id,
                    subnet: subnet.id,
                    az: subnet.az.clone(),
                    interface_type: InterfaceType::Interface,
                    primary: Some(primary),
                    secondaries: Vec::new(),
                    prefixes: Vec::new(),
                    attachment: Some(Attachment {
                        id: attachment_id,
                        instance: instance_id,
                        device: 0,
                        card: 0,
                        delete_on_termination: true,
                    }),
                },
            );
            launched.push(instance_id);
        }
        ok((reservation, launched))
    }

    /// Forgets an interface; its Elastic IPs are disassociated and stay allocated.
    fn remove_eni(&mut self, id: NetworkInterfaceId) {
        self.enis.remove(&id);
        for eip in self.eips.values_mut() {
            if eip.association.is_some_and(|(_, eni, _)| eni == id) {
                eip.association = None;
            }
        }
    }

    fn terminate(&mut self, ids: &[InstanceId]) -> Outcome {
        for id in ids {
            self.instance(*id)?;
        }
        let mut changes = Vec::new();
        for id in ids {
            let previous = self.instances[id].state;
            let attached: Vec<(NetworkInterfaceId, bool)> = self
                .interfaces_of(*id)
                .iter()
                .map(|e| (e.id, e.attachment.unwrap().delete_on_termination))
                .collect();
            for (eni, delete) in attached {
                if delete {
                    self.remove_eni(eni);
                } else {
                    self.enis.get_mut(&eni).unwrap().attachment = None;
                }
            }
            self.instances.get_mut(id).unwrap().state = InstanceState::Terminated;
            changes.push((*id, previous, InstanceState::Terminated));
        }
        ok(changes)
    }

    fn create_eni(
        &mut self,
        subnet_id: SubnetId,
        primary: Option<Ipv4Addr>,
        selection: Option<AddressSelection>,
        interface_type: InterfaceType,
        fresh: &Fresh,
    ) -> Outcome {
        // Stateless: an empty list counts as absent (spec 6), a count outside 1 to 2147483647 fails (rule 5), a
        // primary also listed as a secondary counts once, as the primary; efa-only holds nothing.
        let mut selection = match selection {
            Some(AddressSelection::Addresses(l)) if l.is_empty() => None,
            Some(AddressSelection::Prefixes(l)) if l.is_empty() => None,
            other => other,
        };
        if let Some(error) = selection.as_ref().and_then(bad_count) {
            return Err(error);
        }
        if let (Some(p), Some(AddressSelection::Addresses(list))) = (primary, &mut selection) {
            list.retain(|a| *a != p);
            if list.is_empty() {
                selection = None;
            }
        }
        let efa_only = interface_type == InterfaceType::EfaOnly;
        if efa_only && (primary.is_some() || selection.is_some()) {
            return Err(Error::AddressesOnEfaOnly);
        }
        let subnet = self.subnet(subnet_id)?.clone();
        let mut list = Vec::new();
        let (mut count, mut prefixes, mut prefix_count) = (0, Vec::new(), 0);
        match &selection {
            None => {}
            Some(AddressSelection::Addresses(l)) => list = distinct(l),
            Some(AddressSelection::AddressCount(n)) => count = *n,
            Some(AddressSelection::Prefixes(l)) => prefixes = distinct(l),
            Some(AddressSelection::PrefixCount(n)) => prefix_count = *n,
        }
        let explicit: Vec<Ipv4Addr> =
            distinct(&primary.into_iter().chain(list).collect::<Vec<_>>());
        // Rules 7, 8, 9, each over the whole request.
        if let Some(a) = explicit.iter().find(|a| !subnet.contains(**a)) {
            return Err(Error::AddressOutsideSubnet { address: *a });
        }
        if let Some(a) = explicit.iter().find(|a| subnet.is_reserved(**a)) {
            return Err(Error::ReservedAddress { address: *a });
        }
        if let Some(p) = prefixes
            .iter()
            .find(|p| !prefix_addresses(**p).iter().all(|a| subnet.contains(*a)))
        {
            return Err(Error::PrefixOutsideSubnet { prefix: *p });
        }
        if let Some(p) = prefixes
            .iter()
            .find(|p| prefix_addresses(**p).iter().any(|a| subnet.is_reserved(*a)))
        {
            return Err(Error::PrefixCoversReservedAddress { prefix: *p });
        }
        // Spec 6: an address already owned in the subnet, alone or inside a prefix, is InUse
        // (one rule here: the message names no address, so the first in request order).
        let in_use =
            |a: &&Ipv4Addr| self.holder(**a).is_some() || self.prefix_holder(**a).is_some();
        if let Some(a) = explicit.iter().find(in_use) {
            return Err(Error::AddressInUse { address: *a });
        }
        // Rule 12 for prefixes: the first assigned address inside.
        for p in &prefixes {
            for a in prefix_addresses(*p) {
                let owner = self
                    .holder(a)
                    .map(|(e, _)| e)
                    .or(self.prefix_holder(a).map(|(_, e)| e));
                if let Some(owner) = owner {
                    return Err(Error::PrefixOverlapsAssignedAddress {
                        prefix: *p,
                        address: a,
                        owner,
                    });
                }
            }
        }
        // Rule 12 within the request: a prefix over one of the request's own addresses.
        for p in &prefixes {
            if let Some(a) = prefix_addresses(*p)
                .into_iter()
                .find(|a| explicit.contains(a))
            {
                return Err(Error::PrefixOverlapsRequestedAddress {
                    prefix: *p,
                    address: a,
                });
            }
        }
        // Rule 13 against the unattached cap.
        let needs_primary = primary.is_none() && !efa_only;
        let slots = u32::from(needs_primary)
            + explicit.len() as u32
            + prefixes.len() as u32
            + count
            + prefix_count;
        if slots > UNATTACHED_CAP {
            return Err(Error::PrivateIpAddressLimitExceeded {
                network_interface_id: None,
                limit: UNATTACHED_CAP,
                requested: slots,
            });
        }
        // Work on a copy holding the new interface with what was asked for explicitly.
        let id = fresh.eni.unwrap_or_else(|| placeholder("eni-ffffffff"));
        let mut next = self.clone();
        next.enis.insert(
            id,
            Eni {
                id,
                subnet: subnet_id,
                az: subnet.az.clone(),
                interface_type,
                primary,
                secondaries: explicit
                    .iter()
                    .copied()
                    .skip(usize::from(primary.is_some()))
                    .collect(),
                prefixes: prefixes.clone(),
                attachment: None,
            },
        );
        // Rule 15 before rule 16 (spec 3), on the state before any automatic pick.
        let wanted = count + u32::from(needs_primary);
        let available = next.automatic_addresses(subnet_id).len() as u32;
        if available < wanted {
            return Err(Error::InsufficientFreeAddresses {
                subnet_id,
                requested: wanted,
                available,
            });
        }
        let blocks = next.candidate_blocks(subnet_id).len() as u32;
        if blocks < prefix_count {
            return Err(Error::InsufficientCidrBlocks {
                subnet_id,
                requested: prefix_count,
                available: blocks,
            });
        }
        // Automatic prefixes first (engine policy: an automatic primary never spoils a /28).
        for _ in 0..prefix_count {
            let p = next.next_block(subnet_id).unwrap();
            next.enis.get_mut(&id).unwrap().prefixes.push(p);
        }
        let available = next.automatic_addresses(subnet_id).len() as u32;
        if available < wanted {
            return Err(Error::InsufficientFreeAddresses {
                subnet_id,
                requested: wanted,
                available,
            });
        }
        for _ in 0..wanted {
            let a = next.automatic_addresses(subnet_id)[0];
            let eni = next.enis.get_mut(&id).unwrap();
            if eni.primary.is_none() && !efa_only {
                eni.primary = Some(a);
            } else {
                eni.secondaries.push(a);
            }
        }
        *self = next;
        ok(id)
    }

    fn delete_eni(&mut self, id: NetworkInterfaceId) -> Outcome {
        if self.eni(id)?.attachment.is_some() {
            return Err(Error::NetworkInterfaceCurrentlyInUse {
                network_interface_id: id,
            });
        }
        self.remove_eni(id);
        ok(())
    }

    fn attach(
        &mut self,
        eni_id: NetworkInterfaceId,
        instance_id: InstanceId,
        device: u32,
        card: u32,
        fresh: &Fresh,
    ) -> Outcome {
        // Stateless: both indexes fit EC2's 32-bit integer.
        for (parameter, value) in [("DeviceIndex", device), ("NetworkCardIndex", card)] {
            if value > MAX_INTEGER {
                return Err(Error::IntegerOutOfRange {
                    parameter,
                    value: i64::from(value),
                    min: 0,
                    max: i64::from(MAX_INTEGER),
                });
            }
        }
        let eni = self.eni(eni_id)?.clone();
        let instance = self.instance(instance_id)?.clone();
        if instance.state == InstanceState::Terminated {
            return Err(Error::InstanceTerminated { instance_id });
        }
        if eni.attachment.is_some() {
            return Err(Error::NetworkInterfaceAttached {
                network_interface_id: eni_id,
            });
        }
        if eni.az != instance.az {
            return Err(Error::AvailabilityZoneMismatch {
                network_interface_id: eni_id,
                instance_id,
            });
        }
        let t = type_limits(&instance.instance_type).unwrap();
        let Some(&(_, max)) = t.cards.iter().find(|(index, _)| *index == card) else {
            return Err(Error::NoSuchNetworkCard {
                index: card,
                instance_type: instance.instance_type,
                cards: t.cards.len() as u32,
            });
        };
        let attached = self.interfaces_of(instance_id);
        if attached
            .iter()
            .any(|e| e.attachment.unwrap().device == device)
        {
            return Err(Error::DeviceIndexInUse {
                instance_id,
                device_index: device,
            });
        }
        let on_card = attached
            .iter()
            .filter(|e| e.attachment.unwrap().card == card)
            .count() as u32;
        if on_card + 1 > max {
            return Err(Error::AttachmentLimitExceeded {
                count: on_card + 1,
                instance_type: instance.instance_type,
            });
        }
        if eni.slots() > t.ipv4_per_eni {
            return Err(Error::InterfaceAddressLimitExceeded {
                count: eni.slots(),
                network_interface_id: eni_id,
                instance_type: instance.instance_type,
            });
        }
        if !eni.prefixes.is_empty() && !t.prefixes {
            return Err(Error::PrefixesNotSupported {
                instance_type: instance.instance_type,
            });
        }
        let id = fresh
            .attachment
            .unwrap_or_else(|| placeholder("eni-attach-ffffffff"));
        self.enis.get_mut(&eni_id).unwrap().attachment = Some(Attachment {
            id,
            instance: instance_id,
            device,
            card,
            delete_on_termination: false,
        });
        ok(AttachNetworkInterfaceResponse {
            attachment_id: id,
            network_card_index: card,
        })
    }

    fn detach(&mut self, id: AttachmentId) -> Outcome {
        let eni = self
            .enis
            .values_mut()
            .find(|e| e.attachment.is_some_and(|a| a.id == id))
            .ok_or_else(|| not_found(IdKind::Attachment, id))?;
        let a = eni.attachment.unwrap();
        if a.device == 0 && a.card == 0 {
            return Err(Error::CannotDetachPrimary { attachment_id: id });
        }
        eni.attachment = None;
        ok(())
    }

    fn assign(
        &mut self,
        eni_id: NetworkInterfaceId,
        selection: &AddressSelection,
        allow: bool,
    ) -> Outcome {
        // Rules 4 and 5 (stateless): an empty list counts as absent, so no selector at all.
        let empty = matches!(selection, AddressSelection::Addresses(l) if l.is_empty())
            || matches!(selection, AddressSelection::Prefixes(l) if l.is_empty());
        if empty {
            return Err(Error::NoSelector {
                parameters: SELECTORS,
            });
        }
        if let Some(error) = bad_count(selection) {
            return Err(error);
        }
        // Rule 3.
        let eni = self.eni(eni_id)?.clone();
        // Spec 1: an efa-only interface holds no IP address.
        if eni.interface_type == InterfaceType::EfaOnly {
            return Err(Error::AddressesOnEfaOnly);
        }
        let subnet = self.subnets[&eni.subnet].clone();
        let (limit, attached_type) = self.limit(&eni);
        let too_many = |extra: usize| {
            let requested = eni.slots() + extra as u32;
            (requested > limit).then_some(Error::PrivateIpAddressLimitExceeded {
                network_interface_id: Some(eni_id),
                limit,
                requested,
            })
        };
        let no_prefixes = || {
            attached_type
                .filter(|t| !t.prefixes)
                .map(|t| Error::PrefixesNotSupported {
                    instance_type: t.name.to_owned(),
                })
        };
        let mut response = AssignPrivateIpAddressesResponse {
            network_interface_id: eni_id,
            assigned_private_ip_addresses: Vec::new(),
            assigned_ipv4_prefixes: Vec::new(),
        };
        match selection {
            AddressSelection::Addresses(list) => {
                let list = distinct(list);
                if let Some(a) = list.iter().find(|a| !subnet.contains(**a)) {
                    return Err(Error::AddressOutsideSubnet { address: *a });
                }
                if let Some(a) = list.iter().find(|a| subnet.is_reserved(**a)) {
                    return Err(Error::ReservedAddress { address: *a });
                }
                let elsewhere = |a: &Ipv4Addr| self.holder(*a).filter(|(e, _)| *e != eni_id);
                if !allow {
                    let blocked: Vec<Ipv4Addr> = list
                        .iter()
                        .copied()
                        .filter(|a| elsewhere(a).is_some())
                        .collect();
                    if !blocked.is_empty() {
                        return Err(Error::MoveNotAllowed { addresses: blocked });
                    }
                }
                for a in &list {
                    if let Some((owner, true)) = elsewhere(a) {
                        return Err(Error::PrimaryAddressCannotMove { address: *a, owner });
                    }
                }
                for a in &list {
                    if let Some((prefix, owner)) = self.prefix_holder(*a) {
                        return Err(Error::AddressInsideAssignedPrefix {
                            address: *a,
                            prefix,
                            owner,
                        });
                    }
                }
                let new: Vec<Ipv4Addr> = list.into_iter().filter(|a| !eni.holds(*a)).collect();
                if let Some(error) = too_many(new.len()) {
                    return Err(error);
                }
                for a in &new {
                    if let Some((from, _)) = self.holder(*a) {
                        self.enis
                            .get_mut(&from)
                            .unwrap()
                            .secondaries
                            .retain(|x| x != a);
                        // Its Elastic IP moves with it (doc).
                        for eip in self.eips.values_mut() {
                            if let Some((_, e, private)) = &mut eip.association {
                                if *e == from && private == a {
                                    *e = eni_id;
                                }
                            }
                        }
                    }
                    self.enis.get_mut(&eni_id).unwrap().secondaries.push(*a);
                    response
                        .assigned_private_ip_addresses
                        .push(AssignedPrivateIpAddress {
                            private_ip_address: *a,
                        });
                }
            }
            AddressSelection::AddressCount(n) => {
                if let Some(error) = too_many(*n as usize) {
                    return Err(error);
                }
                let available = self.automatic_addresses(subnet.id).len() as u32;
                if available < *n {
                    return Err(Error::InsufficientFreeAddresses {
                        subnet_id: subnet.id,
                        requested: *n,
                        available,
                    });
                }
                for _ in 0..*n {
                    let a = self.automatic_addresses(subnet.id)[0];
                    self.enis.get_mut(&eni_id).unwrap().secondaries.push(a);
                    response
                        .assigned_private_ip_addresses
                        .push(AssignedPrivateIpAddress {
                            private_ip_address: a,
                        });
                }
            }
            AddressSelection::Prefixes(list) => {
                let list = distinct(list);
                if let Some(p) = list
                    .iter()
                    .find(|p| !prefix_addresses(**p).iter().all(|a| subnet.contains(*a)))
                {
                    return Err(Error::PrefixOutsideSubnet { prefix: *p });
                }
                if let Some(p) = list
                    .iter()
                    .find(|p| prefix_addresses(**p).iter().any(|a| subnet.is_reserved(*a)))
                {
                    return Err(Error::PrefixCoversReservedAddress { prefix: *p });
                }
                let new: Vec<Ipv4Prefix> = list
                    .into_iter()
                    .filter(|p| !eni.prefixes.contains(p))
                    .collect();
                for p in &new {
                    for a in prefix_addresses(*p) {
                        let owner = self
                            .holder(a)
                            .map(|(e, _)| e)
                            .or(self.prefix_holder(a).map(|(_, e)| e));
                        if let Some(owner) = owner {
                            return Err(Error::PrefixOverlapsAssignedAddress {
                                prefix: *p,
                                address: a,
                                owner,
                            });
                        }
                    }
                }
                if let Some(error) = too_many(new.len()).or_else(no_prefixes) {
                    return Err(error);
                }
                for p in new {
                    self.enis.get_mut(&eni_id).unwrap().prefixes.push(p);
                    response
                        .assigned_ipv4_prefixes
                        .push(Ipv4PrefixSpecification { ipv4_prefix: p });
                }
            }
            AddressSelection::PrefixCount(n) => {
                if let Some(error) = too_many(*n as usize).or_else(no_prefixes) {
                    return Err(error);
                }
                let available = self.candidate_blocks(subnet.id).len() as u32;
                if available < *n {
                    return Err(Error::InsufficientCidrBlocks {
                        subnet_id: subnet.id,
                        requested: *n,
                        available,
                    });
                }
                for _ in 0..*n {
                    let p = self.next_block(subnet.id).unwrap();
                    self.enis.get_mut(&eni_id).unwrap().prefixes.push(p);
                    response
                        .assigned_ipv4_prefixes
                        .push(Ipv4PrefixSpecification { ipv4_prefix: p });
                }
            }
        }
        ok(response)
    }

    fn unassign(
        &mut self,
        eni_id: NetworkInterfaceId,
        addresses: &[Ipv4Addr],
        prefixes: &[Ipv4Prefix],
    ) -> Outcome {
        if addresses.is_empty() && prefixes.is_empty() {
            return Err(Error::MissingParameter {
                parameter: "PrivateIpAddresses or Ipv4Prefixes".into(),
            });
        }
        let eni = self.eni(eni_id)?.clone();
        if let Some(a) = addresses.iter().find(|a| eni.primary == Some(**a)) {
            return Err(Error::CannotUnassignPrimary { address: *a });
        }
        let missing = addresses.iter().any(|a| !eni.secondaries.contains(a))
            || prefixes.iter().any(|p| !eni.prefixes.contains(p));
        if missing {
            return Err(Error::NotAssigned {
                network_interface_id: eni_id,
            });
        }
        let e = self.enis.get_mut(&eni_id).unwrap();
        e.secondaries.retain(|a| !addresses.contains(a));
        e.prefixes.retain(|p| !prefixes.contains(p));
        // Unassigning an address disassociates its Elastic IP, which stays allocated (doc).
        for eip in self.eips.values_mut() {
            if eip
                .association
                .is_some_and(|(_, e, a)| e == eni_id && addresses.contains(&a))
            {
                eip.association = None;
            }
        }
        ok(())
    }

    fn allocate(&mut self, fresh: &Fresh) -> Outcome {
        let (id, public_ip) = fresh.allocation.unwrap_or_else(|| {
            (
                placeholder("eipalloc-ffffffff"),
                Ipv4Addr::new(255, 255, 255, 255),
            )
        });
        self.eips.insert(
            id,
            Eip {
                id,
                public_ip,
                association: None,
            },
        );
        ok(id)
    }

    fn associate(
        &mut self,
        eip_id: AllocationId,
        target: AssociateTarget,
        address: Option<Ipv4Addr>,
        allow: bool,
        fresh: &Fresh,
    ) -> Outcome {
        let eip = self
            .eips
            .get(&eip_id)
            .ok_or_else(|| not_found(IdKind::Allocation, eip_id))?
            .clone();
        let eni_id = match target {
            AssociateTarget::NetworkInterface(id) => id,
            AssociateTarget::Instance(id) => {
                if self.instance(id)?.state == InstanceState::Terminated {
                    return Err(Error::InstanceTerminated { instance_id: id });
                }
                match self.interfaces_of(id).as_slice() {
                    [only] => only.id,
                    _ => return Err(Error::MultipleInterfaces { instance_id: id }),
                }
            }
        };
        let eni = self.eni(eni_id)?;
        let private = match address.or(eni.primary) {
            Some(a) if eni.holds(a) => a,
            other => {
                return Err(Error::PrivateAddressNotOnInterface {
                    address: other.unwrap_or(Ipv4Addr::UNSPECIFIED),
                    network_interface_id: eni_id,
                })
            }
        };
        if let (Some((association_id, _, _)), false) = (eip.association, allow) {
            return Err(Error::AlreadyAssociated {
                allocation_id: eip_id,
                association_id,
            });
        }
        // Whatever Elastic IP was on the target address is replaced.
        for other in self.eips.values_mut() {
            if other
                .association
                .is_some_and(|(_, e, a)| e == eni_id && a == private)
            {
                other.association = None;
            }
        }
        let id = fresh
            .association
            .unwrap_or_else(|| placeholder("eipassoc-ffffffff"));
        self.eips.get_mut(&eip_id).unwrap().association = Some((id, eni_id, private));
        ok(id)
    }

    fn disassociate(&mut self, id: AssociationId) -> Outcome {
        let eip = self
            .eips
            .values_mut()
            .find(|e| e.association.is_some_and(|(a, _, _)| a == id))
            .ok_or_else(|| not_found(IdKind::Association, id))?;
        eip.association = None;
        ok(())
    }

    fn release(&mut self, id: AllocationId) -> Outcome {
        let eip = self
            .eips
            .get(&id)
            .ok_or_else(|| not_found(IdKind::Allocation, id))?;
        if eip.association.is_some() {
            return Err(Error::ElasticIpInUse {
                public_ip: eip.public_ip,
            });
        }
        self.eips.remove(&id);
        ok(())
    }

    // ---- the observable state ----

    /// The state as [`World`] shows it.
    pub fn world(&self) -> World {
        let subnets = self
            .subnets
            .values()
            .map(|s| {
                let mut owners = BTreeMap::new();
                let mut prefix_owners = BTreeMap::new();
                let mut owned = 0;
                for eni in self.enis.values().filter(|e| e.subnet == s.id) {
                    for a in eni.addresses() {
                        owners.insert(a, (eni.id, eni.primary == Some(a)));
                        owned += 1;
                    }
                    for p in &eni.prefixes {
                        prefix_owners.insert(*p, eni.id);
                        owned += 16;
                    }
                }
                let usable = s.addresses().len() as u32 - 5;
                let view = SubnetView {
                    cidr: s.cidr,
                    az: s.az.clone(),
                    owners,
                    prefix_owners,
                    reservations: s
                        .reservations
                        .iter()
                        .map(|r| (r.id, r.cidr, r.kind))
                        .collect(),
                    available: usable - owned,
                };
                (s.id, view)
            })
            .collect();
        let enis = self
            .enis
            .values()
            .map(|e| {
                let eips = self
                    .eips
                    .values()
                    .filter_map(|eip| match eip.association {
                        Some((_, eni, a)) if eni == e.id => Some((a, eip.id)),
                        _ => None,
                    })
                    .collect();
                let view = EniView {
                    subnet: e.subnet,
                    az: e.az.clone(),
                    interface_type: e.interface_type,
                    primary: e.primary,
                    secondaries: e.secondaries.clone(),
                    prefixes: e.prefixes.clone(),
                    attachment: e
                        .attachment
                        .map(|a| (a.id, a.instance, a.device, a.card, a.delete_on_termination)),
                    elastic_ips: eips,
                };
                (e.id, view)
            })
            .collect();
        let instances = self
            .instances
            .values()
            .map(|i| {
                let view = InstanceView {
                    instance_type: i.instance_type.clone(),
                    subnet: i.subnet,
                    az: i.az.clone(),
                    state: i.state,
                    reservation: i.reservation,
                    launch_index: i.launch_index,
                    interfaces: self
                        .interfaces_of(i.id)
                        .iter()
                        .map(|e| {
                            let a = e.attachment.unwrap();
                            (a.card, a.device, e.id)
                        })
                        .collect(),
                };
                (i.id, view)
            })
            .collect();
        let elastic_ips = self
            .eips
            .values()
            .map(|e| (e.id, (e.public_ip, e.association)))
            .collect();
        World {
            subnets,
            enis,
            instances,
            elastic_ips,
        }
    }
}

/// A subnet as both models show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubnetView {
    /// CIDR.
    pub cidr: Ipv4Net,
    /// Availability zone.
    pub az: String,
    /// Addresses owned on their own: `(interface, primary)`.
    pub owners: BTreeMap<Ipv4Addr, (NetworkInterfaceId, bool)>,
    /// Owned prefixes.
    pub prefix_owners: BTreeMap<Ipv4Prefix, NetworkInterfaceId>,
    /// Reservations in creation order.
    pub reservations: Vec<(SubnetCidrReservationId, Ipv4Net, ReservationKind)>,
    /// `AvailableIpAddressCount`.
    pub available: u32,
}

/// An interface as both models show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EniView {
    /// Subnet.
    pub subnet: SubnetId,
    /// Availability zone.
    pub az: String,
    /// Type.
    pub interface_type: InterfaceType,
    /// Primary.
    pub primary: Option<Ipv4Addr>,
    /// Secondaries in order.
    pub secondaries: Vec<Ipv4Addr>,
    /// Prefixes in order.
    pub prefixes: Vec<Ipv4Prefix>,
    /// `(id, instance, device, card, delete on termination)`.
    pub attachment: Option<(AttachmentId, InstanceId, u32, u32, bool)>,
    /// Elastic IPs on its addresses.
    pub elastic_ips: BTreeSet<(Ipv4Addr, AllocationId)>,
}

/// An instance as both models show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceView {
    /// Type name.
    pub instance_type: String,
    /// Subnet.
    pub subnet: SubnetId,
    /// Availability zone.
    pub az: String,
    /// State.
    pub state: InstanceState,
    /// RunInstances reservation.
    pub reservation: ReservationId,
    /// Launch index.
    pub launch_index: u32,
    /// `(card, device, interface)`.
    pub interfaces: BTreeSet<(u32, u32, NetworkInterfaceId)>,
}

/// The observable state of a region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct World {
    /// Subnets.
    pub subnets: BTreeMap<SubnetId, SubnetView>,
    /// Interfaces.
    pub enis: BTreeMap<NetworkInterfaceId, EniView>,
    /// Instances.
    pub instances: BTreeMap<InstanceId, InstanceView>,
    /// Elastic IPs: public address and association.
    pub elastic_ips: BTreeMap<AllocationId, (Ipv4Addr, Option<Association>)>,
}
