//! The engine's side of the comparison: applying a [`Call`] to [`Ec2`], its observable state
//! as a [`World`], a canonical dump, and its invariants, all read through the public API only.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::net::Ipv4Addr;

use super::naive::prefix_addresses;
use super::naive::{Call, EniView, Fresh, InstanceView, Outcome, SubnetView, World};
use eniplan::model::{AddressOwner, InstanceState, Subnet, MAX_GROUPS_PER_INTERFACE};
use eniplan::{
    AssignPrivateIpAddresses, AttachNetworkInterface, AttachmentId, CreateNetworkInterface, Ec2,
    InterfaceType, Ipv4Prefix, NetworkInterfaceId, SubnetId, UnassignPrivateIpAddresses, VpcId,
};

fn debug<T: std::fmt::Debug>(value: T) -> String {
    format!("{value:?}")
}

/// Applies a call to the engine: its outcome, and the ids of what it created.
pub fn run_engine(ec2: &mut Ec2, call: &Call) -> (Outcome, Fresh) {
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

fn subnet_size(subnet: &Subnet) -> u32 {
    1_u32 << (32 - u32::from(subnet.cidr.prefix_len()))
}

/// The engine's state as [`World`] shows it, read through the public API only.
pub fn engine_world(ec2: &Ec2) -> World {
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

/// What a subnet shows: its fields and counts, and the holder of each held address and block
/// (only those: the rest have none).
type SubnetShown<'a> = (
    &'a Subnet,
    [u32; 3],
    Vec<(u32, AddressOwner)>,
    Vec<(u32, NetworkInterfaceId)>,
);

fn shown(s: &Subnet) -> SubnetShown<'_> {
    let size = subnet_size(s);
    let owners = (0..size)
        .filter_map(|o| s.owner(o).map(|owner| (o, owner)))
        .collect();
    let prefixes = (0..size / 16)
        .filter_map(|b| s.prefix_owner(b).map(|owner| (b, owner)))
        .collect();
    let counts = [s.usable(), s.owned(), s.available_ip_address_count()];
    (s, counts, owners, prefixes)
}

/// Whether two subnets show the same.
fn same_subnet(a: &SubnetShown<'_>, b: &SubnetShown<'_>) -> bool {
    let fields = |s: &Subnet| (s.id, s.vpc_id, s.cidr, s.availability_zone.clone());
    fields(a.0) == fields(b.0)
        && a.0.reservations() == b.0.reservations()
        && (&a.1, &a.2, &a.3) == (&b.1, &b.2, &b.3)
}

/// A canonical, sorted, Debug-formatted snapshot of everything the engine shows.
pub fn dump(ec2: &Ec2) -> String {
    let mut out = String::new();
    writeln!(out, "{:?}", ec2.vpcs()).unwrap();
    writeln!(out, "{:?}", ec2.security_groups()).unwrap();
    for s in ec2.subnets() {
        let (s, [usable, owned, available], owners, prefixes) = shown(s);
        writeln!(
            out,
            "{} {} {} {} usable={usable} owned={owned} available={available} reservations={:?}\n  owners={owners:?}\n  prefixes={prefixes:?}",
            s.id,
            s.vpc_id,
            s.cidr,
            s.availability_zone,
            s.reservations(),
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

/// Whether two engines have the same [`dump`], compared field by field rather than as text, so
/// that the dump need only be written out when they differ.
pub fn same_state(a: &Ec2, b: &Ec2) -> bool {
    let (subnets_a, subnets_b) = (a.subnets(), b.subnets());
    a.vpcs() == b.vpcs()
        && a.security_groups() == b.security_groups()
        && a.network_interfaces() == b.network_interfaces()
        && a.instances() == b.instances()
        && a.elastic_ips() == b.elastic_ips()
        && subnets_a.len() == subnets_b.len()
        && subnets_a
            .iter()
            .zip(&subnets_b)
            .all(|(x, y)| same_subnet(&shown(x), &shown(y)))
}

/// The engine's invariants, checked through its public API: [`check_consistency`], and what
/// the engine's own operations further guarantee of the states they build: instance-type
/// limits honoured, a primary address on every interface but `efa-only` ones, a primary
/// interface deleted on termination on every running instance, unique public addresses.
pub fn check_invariants(ec2: &Ec2) -> Result<(), String> {
    check(ec2, true)
}

/// What every state of the model must satisfy however it came about, built by operations or
/// loaded from describe output: every address and /28 block held at most once in its VPC, inside its
/// subnet, clear of reserved addresses and recorded by the subnet as its holder's; each
/// subnet's counts (`AvailableIpAddressCount` is usable less owned) agreeing with what its
/// interfaces hold; reservations inside their subnet, each id used once, not overlapping
/// within a VPC;
/// attachments and Elastic IP associations pointing both ways, each id used once; every VPC's
/// default security group, and every group an interface carries, in the right VPC.
pub fn check_consistency(ec2: &Ec2) -> Result<(), String> {
    check(ec2, false)
}

/// The checks of [`check_invariants`]; `engine` adds those that only hold of states the
/// engine's own operations built.
fn check(ec2: &Ec2, engine: bool) -> Result<(), String> {
    let types = ec2.instance_types();
    let cap = types.max_ipv4_per_eni();
    // By VPC: two VPCs may use the same addresses.
    let mut addresses: BTreeMap<(VpcId, Ipv4Addr), NetworkInterfaceId> = BTreeMap::new();
    let mut prefixes: BTreeMap<(VpcId, Ipv4Prefix), NetworkInterfaceId> = BTreeMap::new();
    let mut per_subnet: BTreeMap<SubnetId, (u32, u32)> = BTreeMap::new();
    let mut attachments: BTreeMap<AttachmentId, NetworkInterfaceId> = BTreeMap::new();
    for eni in ec2.network_interfaces() {
        let subnet = ec2
            .subnet(eni.subnet_id)
            .map_err(|_| format!("{} is in a missing subnet", eni.id))?;
        let size = subnet_size(subnet);
        let reserved = |a: Ipv4Addr| subnet.offset(a).is_some_and(|o| o < 4 || o == size - 1);
        let efa_only = eni.interface_type == InterfaceType::EfaOnly;
        if engine && efa_only && eni.slots() != 0 {
            return Err(format!("efa-only {} holds addresses", eni.id));
        }
        if engine && !efa_only && eni.primary.is_none() {
            return Err(format!("{} has no primary address", eni.id));
        }
        if engine && !(1..=MAX_GROUPS_PER_INTERFACE).contains(&eni.groups.len()) {
            return Err(format!(
                "{} has {} security groups",
                eni.id,
                eni.groups.len()
            ));
        }
        for &group_id in &eni.groups {
            let group = ec2
                .security_group(group_id)
                .map_err(|_| format!("{} carries a missing {group_id}", eni.id))?;
            if group.vpc_id != eni.vpc_id {
                return Err(format!("{} carries {group_id} of {}", eni.id, group.vpc_id));
            }
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
            if let Some(other) = addresses.insert((subnet.vpc_id, a), eni.id) {
                return Err(format!("{a} is owned by {other} and {}", eni.id));
            }
            let primary = index == 0 && eni.primary.is_some();
            let expected = AddressOwner {
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
            if prefix_addresses(p).into_iter().any(reserved) {
                return Err(format!("{p} covers a reserved address"));
            }
            if let Some(other) = prefixes.insert((subnet.vpc_id, p), eni.id) {
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
                if let Some(other) = attachments.insert(attachment.id, eni.id) {
                    return Err(format!(
                        "{} is the attachment of {other} and {}",
                        attachment.id, eni.id
                    ));
                }
                let listed = instance.interfaces.iter().any(|i| {
                    i.network_interface_id == eni.id
                        && i.device_index == attachment.device_index
                        && i.network_card_index == attachment.network_card_index
                });
                if !listed {
                    return Err(format!("{} is not listed on its instance", eni.id));
                }
                if instance.state != InstanceState::Running {
                    return Err(format!("{} is attached to a terminated instance", eni.id));
                }
                let t = types.get(&instance.instance_type).unwrap();
                if engine && eni.slots() > t.ipv4_per_eni {
                    return Err(format!(
                        "{} holds {} slots on a {}",
                        eni.id,
                        eni.slots(),
                        t.name
                    ));
                }
                if engine && !eni.prefixes.is_empty() && !t.supports_prefixes() {
                    return Err(format!("{} holds prefixes on a {}", eni.id, t.name));
                }
            }
            None => {
                if engine && eni.slots() > cap {
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
    for ((vpc, a), owner) in &addresses {
        if let Some(((_, p), other)) = prefixes
            .iter()
            .find(|((in_vpc, p), _)| in_vpc == vpc && p.contains(*a))
        {
            return Err(format!("{a} of {owner} lies in {p} of {other}"));
        }
    }
    for vpc in ec2.vpcs() {
        let group = ec2
            .security_group(vpc.default_security_group_id)
            .map_err(|_| format!("{} has no default security group", vpc.id))?;
        if group.vpc_id != vpc.id || !group.is_default() {
            return Err(format!(
                "{} is not the default group of {}",
                group.id, vpc.id
            ));
        }
    }
    for group in ec2.security_groups() {
        ec2.vpc(group.vpc_id)
            .map_err(|_| format!("{} is in a missing {}", group.id, group.vpc_id))?;
    }
    let mut reservation_ids = BTreeSet::new();
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
            if !reservation_ids.insert(r.id) {
                return Err(format!("{} is given twice", r.id));
            }
        }
    }
    let reservations: Vec<_> = ec2
        .subnets()
        .into_iter()
        .flat_map(|s| s.reservations().iter().map(|r| (s.vpc_id, r.cidr)))
        .collect();
    for (i, (vpc, a)) in reservations.iter().enumerate() {
        for (other_vpc, b) in &reservations[i + 1..] {
            if vpc == other_vpc && (a.contains(b) || b.contains(a)) {
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
        let devices: BTreeSet<u32> = instance.interfaces.iter().map(|i| i.device_index).collect();
        if devices.len() != instance.interfaces.len() {
            return Err(format!("{} uses a device index twice", instance.id));
        }
        if engine {
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
            for card in &t.network_cards {
                if instance.interfaces_on_card(card.index) > card.max_interfaces {
                    return Err(format!(
                        "{} has too many interfaces on card {}",
                        instance.id, card.index
                    ));
                }
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
        if engine && !publics.insert(eip.public_ip) {
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

#[cfg(test)]
mod tests {
    use super::{dump, same_state};
    use eniplan::Ec2;

    #[test]
    fn same_state_sees_what_the_dump_shows() {
        let mut ec2 = Ec2::default();
        let vpc = ec2.create_vpc("10.0.0.0/16").unwrap();
        let subnet = ec2.create_subnet(vpc, "10.0.0.0/28", None).unwrap();
        let before = ec2.clone();
        assert!(same_state(&before, &ec2));
        ec2.create_subnet_cidr_reservation(
            subnet,
            "10.0.0.8/29",
            eniplan::model::ReservationKind::Explicit,
            None,
        )
        .unwrap();
        assert!(!same_state(&before, &ec2));
        assert_ne!(dump(&before), dump(&ec2));
    }
}
