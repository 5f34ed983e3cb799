//! AssignPrivateIpAddresses and UnassignPrivateIpAddresses: rules 3 and 7–17 of the
//! specification, checked in order, before anything changes.

use std::borrow::Cow;
use std::hash::Hash;
use std::net::Ipv4Addr;

use crate::error::Error;
use crate::hash::KeySet;
use crate::ids::NetworkInterfaceId;
use crate::model::subnet::{AddressOwner, Subnet};
use crate::model::Ec2;
use crate::prefix::{Ipv4Prefix, PREFIX_SIZE};
use crate::request::{
    AddressSelection, AssignPrivateIpAddresses, AssignPrivateIpAddressesRequest,
    AssignPrivateIpAddressesResponse, AssignedPrivateIpAddress, InterfaceType,
    Ipv4PrefixSpecification, UnassignPrivateIpAddresses, UnassignPrivateIpAddressesRequest,
};

/// Drops repeats, keeping the first of each (a duplicate within one request counts once).
///
/// Requests carry a few items, usually one and seldom a repeat: a short list is checked pair
/// by pair, without a set, and a list without repeats is given back as it is, without a copy.
pub(crate) fn distinct<T: Copy + Eq + Hash>(items: &[T]) -> Cow<'_, [T]> {
    /// Up to this many items, pairwise checks cost less than hashing.
    const PAIRWISE: usize = 16;
    if items.len() <= PAIRWISE {
        let first_repeat = (1..items.len()).find(|&i| items[..i].contains(&items[i]));
        let Some(first_repeat) = first_repeat else {
            return Cow::Borrowed(items);
        };
        let mut out = items[..first_repeat].to_vec();
        for item in &items[first_repeat + 1..] {
            if !out.contains(item) {
                out.push(*item);
            }
        }
        return Cow::Owned(out);
    }
    let mut seen = KeySet::with_capacity_and_hasher(items.len(), Default::default());
    if items.iter().all(|item| seen.insert(*item)) {
        return Cow::Borrowed(items);
    }
    seen.clear();
    Cow::Owned(
        items
            .iter()
            .copied()
            .filter(|item| seen.insert(*item))
            .collect(),
    )
}

/// Rules 7 and 8 for explicit addresses, each rule over every address: their offsets.
pub(crate) fn check_addresses(subnet: &Subnet, addresses: &[Ipv4Addr]) -> Result<Vec<u32>, Error> {
    let offsets = addresses
        .iter()
        .map(|&address| {
            subnet
                .offset(address)
                .ok_or(Error::AddressOutsideSubnet { address })
        })
        .collect::<Result<Vec<u32>, Error>>()?;
    if let Some(index) = offsets
        .iter()
        .position(|&o| subnet.allocator().is_reserved(o))
    {
        return Err(Error::ReservedAddress {
            address: addresses[index],
        });
    }
    Ok(offsets)
}

/// Rule 9 (inside the subnet, no reserved address) for explicit prefixes: their blocks.
pub(crate) fn check_prefixes(subnet: &Subnet, prefixes: &[Ipv4Prefix]) -> Result<Vec<u32>, Error> {
    let blocks = prefixes
        .iter()
        .map(|&prefix| {
            subnet
                .block(prefix)
                .ok_or(Error::PrefixOutsideSubnet { prefix })
        })
        .collect::<Result<Vec<u32>, Error>>()?;
    if let Some(index) = blocks
        .iter()
        .position(|&block| subnet.block_has_reserved_address(block))
    {
        return Err(Error::PrefixCoversReservedAddress {
            prefix: prefixes[index],
        });
    }
    Ok(blocks)
}

/// Rule 12 for a prefix: the first owner of anything inside block `block`.
pub(crate) fn prefix_conflict(subnet: &Subnet, block: u32) -> Option<Error> {
    let prefix = subnet.prefix(block);
    if let Some(owner) = subnet.prefix_owner(block) {
        return Some(Error::PrefixOverlapsAssignedAddress {
            prefix,
            address: prefix.network(),
            owner,
        });
    }
    let first = block * PREFIX_SIZE;
    (first..first + PREFIX_SIZE).find_map(|offset| {
        subnet
            .owner(offset)
            .map(|owner| Error::PrefixOverlapsAssignedAddress {
                prefix,
                address: subnet.address(offset),
                owner: owner.network_interface_id,
            })
    })
}

/// Rule 12 for an address: the prefix that holds it, if any.
pub(crate) fn address_in_prefix(subnet: &Subnet, offset: u32) -> Option<Error> {
    let block = offset / PREFIX_SIZE;
    subnet
        .prefix_owner(block)
        .map(|owner| Error::AddressInsideAssignedPrefix {
            address: subnet.address(offset),
            prefix: subnet.prefix(block),
            owner,
        })
}

/// A request of AssignPrivateIpAddresses or UnassignPrivateIpAddresses as a caller holds it
/// before validation: the SDK's shape ([`AssignPrivateIpAddressesRequest`],
/// [`UnassignPrivateIpAddressesRequest`]), or a typed caller's own parts (the C library's
/// addresses in host byte order). [`Ec2::assign`] and [`Ec2::unassign`] check it in EC2's order.
pub trait UnvalidatedRequest {
    /// The validated request.
    type Valid;
    /// Rules 1 and 2: the interface the request names, present and well formed.
    fn network_interface_id(&self) -> Result<NetworkInterfaceId, Error>;
    /// Every stateless rule, in order, giving the validated request.
    fn validate(self) -> Result<Self::Valid, Error>;
}

impl UnvalidatedRequest for &AssignPrivateIpAddressesRequest {
    type Valid = AssignPrivateIpAddresses;

    fn network_interface_id(&self) -> Result<NetworkInterfaceId, Error> {
        AssignPrivateIpAddressesRequest::network_interface_id(self)
    }

    fn validate(self) -> Result<AssignPrivateIpAddresses, Error> {
        AssignPrivateIpAddressesRequest::validate(self)
    }
}

impl UnvalidatedRequest for &UnassignPrivateIpAddressesRequest {
    type Valid = UnassignPrivateIpAddresses;

    fn network_interface_id(&self) -> Result<NetworkInterfaceId, Error> {
        UnassignPrivateIpAddressesRequest::network_interface_id(self)
    }

    fn validate(self) -> Result<UnassignPrivateIpAddresses, Error> {
        UnassignPrivateIpAddressesRequest::validate(self)
    }
}

/// An address of the request that this interface does not hold yet.
struct Incoming {
    address: Ipv4Addr,
    offset: u32,
    /// The interface it moves from, when reassigned.
    from: Option<NetworkInterfaceId>,
}

impl Ec2 {
    /// AssignPrivateIpAddresses for a request still to be validated, in EC2's order: the
    /// interface is named and well formed (rules 1 and 2) and exists (rule 3) before anything
    /// else is checked, so a request that fails validation answers `NotFound` when it names no
    /// interface. Every entry point comes through here: JSON, the C and Python typed calls, and
    /// Rust callers holding the SDK's shape.
    ///
    /// ```
    /// use eniplan::{AssignPrivateIpAddressesRequest, Ec2};
    ///
    /// let mut ec2 = Ec2::default();
    /// let request = AssignPrivateIpAddressesRequest {
    ///     network_interface_id: Some("eni-0a1b2c3d".into()),
    ///     secondary_private_ip_address_count: Some(0),
    ///     ..Default::default()
    /// };
    /// // The interface does not exist, which EC2 finds before the count of 0.
    /// let error = ec2.assign(&request).unwrap_err();
    /// assert_eq!(error.code().as_str(), "InvalidNetworkInterfaceID.NotFound");
    /// ```
    pub fn assign(
        &mut self,
        request: impl UnvalidatedRequest<Valid = AssignPrivateIpAddresses>,
    ) -> Result<AssignPrivateIpAddressesResponse, Error> {
        let request = self.validated_in_order(request)?;
        self.assign_private_ip_addresses(&request)
    }

    /// UnassignPrivateIpAddresses for a request still to be validated, in EC2's order: see
    /// [`Ec2::assign`].
    pub fn unassign(
        &mut self,
        request: impl UnvalidatedRequest<Valid = UnassignPrivateIpAddresses>,
    ) -> Result<(), Error> {
        let request = self.validated_in_order(request)?;
        self.unassign_private_ip_addresses(&request)
    }

    /// Validates a request in EC2's order: a request that fails validation answers `NotFound`
    /// instead when its interface does not exist. A valid request's own operation looks the
    /// interface up first thing, so only a failed validation needs the lookup here, which
    /// keeps the hot path at one lookup.
    fn validated_in_order<R: UnvalidatedRequest>(&self, request: R) -> Result<R::Valid, Error> {
        let id = request.network_interface_id()?;
        request.validate().or_else(|error| {
            self.network_interface(id)?;
            Err(error)
        })
    }

    /// AssignPrivateIpAddresses: the response EC2 would give, or its error.
    ///
    /// Only what this call assigned is listed; addresses and prefixes the interface already
    /// holds are no-ops (a policy). An `efa-only` interface holds no IP address (spec section
    /// 1), so it takes none, checked right after the interface is found.
    pub fn assign_private_ip_addresses(
        &mut self,
        request: &AssignPrivateIpAddresses,
    ) -> Result<AssignPrivateIpAddressesResponse, Error> {
        let id = request.network_interface_id();
        let eni = self.network_interface(id)?;
        if eni.interface_type == InterfaceType::EfaOnly {
            return Err(Error::AddressesOnEfaOnly);
        }
        let subnet_id = eni.subnet_id;
        let mut response = AssignPrivateIpAddressesResponse {
            network_interface_id: id,
            assigned_private_ip_addresses: Vec::new(),
            assigned_ipv4_prefixes: Vec::new(),
        };
        let addresses = match request.selection() {
            AddressSelection::Addresses(addresses) => {
                let incoming =
                    self.check_explicit_assign(id, addresses, request.allow_reassignment())?;
                self.move_in(id, &incoming);
                Assigned::Addresses(incoming.iter().map(|i| i.address).collect())
            }
            AddressSelection::AddressCount(count) => self.assign_automatic(id, *count)?,
            AddressSelection::Prefixes(prefixes) => {
                let blocks = self.check_explicit_prefixes(id, prefixes)?;
                if let Some(subnet) = self.subnets.get_mut(&subnet_id) {
                    for &block in &blocks {
                        subnet.take_block(block, id);
                    }
                }
                self.give_prefixes(id, &blocks)
            }
            AddressSelection::PrefixCount(count) => {
                self.check_prefix_slots(id, *count)?;
                let available = self.subnet(subnet_id)?.allocator().free_block_count();
                if available < *count {
                    return Err(Error::InsufficientCidrBlocks {
                        subnet_id,
                        requested: *count,
                        available,
                    });
                }
                let (subnets, picker) = (&mut self.subnets, &mut self.picker);
                let blocks = subnets
                    .get_mut(&subnet_id)
                    .and_then(|subnet| subnet.take_automatic_blocks(*count, picker, id))
                    .unwrap_or_default();
                self.give_prefixes(id, &blocks)
            }
        };
        match addresses {
            Assigned::Addresses(list) => {
                response.assigned_private_ip_addresses = list
                    .into_iter()
                    .map(|private_ip_address| AssignedPrivateIpAddress { private_ip_address })
                    .collect()
            }
            Assigned::Prefixes(list) => {
                response.assigned_ipv4_prefixes = list
                    .into_iter()
                    .map(|ipv4_prefix| Ipv4PrefixSpecification { ipv4_prefix })
                    .collect()
            }
        }
        Ok(response)
    }

    /// Rules 7, 8 and 10–13 for explicit addresses; nothing changes.
    fn check_explicit_assign(
        &self,
        id: NetworkInterfaceId,
        addresses: &[Ipv4Addr],
        allow_reassignment: bool,
    ) -> Result<Vec<Incoming>, Error> {
        let eni = self.network_interface(id)?;
        let subnet = self.subnet(eni.subnet_id)?;
        let addresses = distinct(addresses);
        let offsets = check_addresses(subnet, &addresses)?;
        let owners: Vec<Option<AddressOwner>> = offsets.iter().map(|&o| subnet.owner(o)).collect();
        let held_elsewhere = |owner: &Option<AddressOwner>| {
            owner.is_some_and(|owner| owner.network_interface_id != id)
        };
        // Rule 10: every address held by another interface, listed together.
        if !allow_reassignment {
            let blocked: Vec<Ipv4Addr> = addresses
                .iter()
                .zip(&owners)
                .filter(|(_, owner)| held_elsewhere(owner))
                .map(|(address, _)| *address)
                .collect();
            if !blocked.is_empty() {
                return Err(Error::MoveNotAllowed { addresses: blocked });
            }
        }
        // Rule 11: another interface's primary never moves.
        for (address, owner) in addresses.iter().zip(&owners) {
            if let Some(owner) = owner.filter(|o| o.primary && o.network_interface_id != id) {
                return Err(Error::PrimaryAddressCannotMove {
                    address: *address,
                    owner: owner.network_interface_id,
                });
            }
        }
        // Rule 12: no address inside an assigned prefix.
        if let Some(error) = offsets.iter().find_map(|&o| address_in_prefix(subnet, o)) {
            return Err(error);
        }
        let incoming: Vec<Incoming> = addresses
            .iter()
            .zip(offsets)
            .zip(owners)
            .filter(|(_, owner)| owner.is_none_or(|o| o.network_interface_id != id))
            .map(|((&address, offset), owner)| Incoming {
                address,
                offset,
                from: owner.map(|o| o.network_interface_id),
            })
            .collect();
        self.check_slots(id, incoming.len())?;
        Ok(incoming)
    }

    /// Rule 13: the interface's slots after adding `extra` stay within its limit.
    fn check_slots(&self, id: NetworkInterfaceId, extra: usize) -> Result<(), Error> {
        let eni = self.network_interface(id)?;
        let (limit, _) = self.slot_limit(eni);
        let requested = u32::try_from(extra)
            .unwrap_or(u32::MAX)
            .saturating_add(eni.slots());
        if requested > limit {
            return Err(Error::PrivateIpAddressLimitExceeded {
                network_interface_id: Some(id),
                limit,
                requested,
            });
        }
        Ok(())
    }

    /// Rules 13 and 14 for `count` new prefixes.
    fn check_prefix_slots(&self, id: NetworkInterfaceId, count: u32) -> Result<(), Error> {
        self.check_slots(id, count as usize)?;
        let eni = self.network_interface(id)?;
        if let (_, Some(instance_type)) = self.slot_limit(eni) {
            let capable = self
                .instance_types
                .get(instance_type)
                .is_some_and(|t| t.supports_prefixes());
            if !capable {
                return Err(Error::PrefixesNotSupported {
                    instance_type: instance_type.to_owned(),
                });
            }
        }
        Ok(())
    }

    /// Rules 9, 12, 13 and 14 for explicit prefixes: the blocks new to the interface.
    fn check_explicit_prefixes(
        &self,
        id: NetworkInterfaceId,
        prefixes: &[Ipv4Prefix],
    ) -> Result<Vec<u32>, Error> {
        let eni = self.network_interface(id)?;
        let subnet = self.subnet(eni.subnet_id)?;
        let prefixes = distinct(prefixes);
        let blocks = check_prefixes(subnet, &prefixes)?;
        let fresh: Vec<u32> = blocks
            .into_iter()
            .filter(|&block| subnet.prefix_owner(block) != Some(id))
            .collect();
        if let Some(error) = fresh
            .iter()
            .find_map(|&block| prefix_conflict(subnet, block))
        {
            return Err(error);
        }
        self.check_prefix_slots(id, u32::try_from(fresh.len()).unwrap_or(u32::MAX))?;
        Ok(fresh)
    }

    /// Rules 13 and 15, then `count` automatic addresses.
    fn assign_automatic(&mut self, id: NetworkInterfaceId, count: u32) -> Result<Assigned, Error> {
        self.check_slots(id, count as usize)?;
        let subnet_id = self.network_interface(id)?.subnet_id;
        let available = self
            .subnet(subnet_id)?
            .allocator()
            .available_for_automatic_addresses();
        if available < count {
            return Err(Error::InsufficientFreeAddresses {
                subnet_id,
                requested: count,
                available,
            });
        }
        let addresses = self.allocate_addresses(subnet_id, id, count, false);
        if let Some(eni) = self.network_interfaces.get_mut(&id) {
            eni.secondaries.extend_from_slice(&addresses);
        }
        Ok(Assigned::Addresses(addresses))
    }

    /// Picks and records `count` automatic addresses for `owner`; the caller has checked that
    /// the subnet has them.
    pub(crate) fn allocate_addresses(
        &mut self,
        subnet_id: crate::ids::SubnetId,
        owner: NetworkInterfaceId,
        count: u32,
        primary: bool,
    ) -> Vec<Ipv4Addr> {
        let (subnets, picker) = (&mut self.subnets, &mut self.picker);
        let Some(subnet) = subnets.get_mut(&subnet_id) else {
            return Vec::new();
        };
        let record = AddressOwner {
            network_interface_id: owner,
            primary,
        };
        subnet
            .take_automatic_addresses(count, picker, record)
            .unwrap_or_default()
            .into_iter()
            .map(|offset| subnet.address(offset))
            .collect()
    }

    /// Gives checked addresses to `id`, moving each from its old owner with its Elastic IP.
    fn move_in(&mut self, id: NetworkInterfaceId, incoming: &[Incoming]) {
        let Some(subnet_id) = self.network_interfaces.get(&id).map(|eni| eni.subnet_id) else {
            return;
        };
        for item in incoming {
            if let Some(from) = item.from {
                self.note_reassignment(item.address, from, id);
            }
            let mut elastic_ip = None;
            if let Some(from) = item
                .from
                .and_then(|from| self.network_interfaces.get_mut(&from))
            {
                from.secondaries.retain(|a| *a != item.address);
                if let Some(position) = from
                    .elastic_ips
                    .iter()
                    .position(|(a, _)| *a == item.address)
                {
                    elastic_ip = Some(from.elastic_ips.remove(position).1);
                }
            }
            if let Some(subnet) = self.subnets.get_mut(&subnet_id) {
                let owner = AddressOwner {
                    network_interface_id: id,
                    primary: false,
                };
                if item.from.is_some() {
                    subnet.move_address(item.offset, owner);
                } else {
                    subnet.take_address(item.offset, owner);
                }
            }
            if let Some(allocation) = elastic_ip {
                if let Some(association) = self
                    .elastic_ips
                    .get_mut(&allocation)
                    .and_then(|eip| eip.association.as_mut())
                {
                    association.network_interface_id = id;
                }
            }
            if let Some(eni) = self.network_interfaces.get_mut(&id) {
                eni.secondaries.push(item.address);
                if let Some(allocation) = elastic_ip {
                    eni.elastic_ips.push((item.address, allocation));
                }
            }
        }
    }

    /// Records blocks its subnet has given `id` as its prefixes.
    fn give_prefixes(&mut self, id: NetworkInterfaceId, blocks: &[u32]) -> Assigned {
        let Some(eni) = self.network_interfaces.get_mut(&id) else {
            return Assigned::Prefixes(Vec::new());
        };
        let Some(subnet) = self.subnets.get(&eni.subnet_id) else {
            return Assigned::Prefixes(Vec::new());
        };
        let prefixes: Vec<Ipv4Prefix> = blocks.iter().map(|&block| subnet.prefix(block)).collect();
        eni.prefixes.extend_from_slice(&prefixes);
        Assigned::Prefixes(prefixes)
    }

    /// UnassignPrivateIpAddresses: every address must be a secondary of the interface and
    /// every prefix one of its prefixes; an Elastic IP on an unassigned address is
    /// disassociated and stays allocated (doc).
    pub fn unassign_private_ip_addresses(
        &mut self,
        request: &UnassignPrivateIpAddresses,
    ) -> Result<(), Error> {
        let id = request.network_interface_id();
        let eni = self.network_interface(id)?;
        let addresses = distinct(request.addresses());
        let prefixes = distinct(request.prefixes());
        if let Some(&address) = addresses.iter().find(|&&a| eni.primary == Some(a)) {
            return Err(Error::CannotUnassignPrimary { address });
        }
        let missing = addresses.iter().any(|a| !eni.secondaries.contains(a))
            || prefixes.iter().any(|p| !eni.prefixes.contains(p));
        if missing {
            return Err(Error::NotAssigned {
                network_interface_id: id,
            });
        }
        for &address in addresses.iter() {
            self.free_private_address(id, address);
        }
        for &prefix in prefixes.iter() {
            self.release_prefix(id, prefix);
        }
        Ok(())
    }

    /// Frees an address the interface holds, with its Elastic IP association.
    pub(crate) fn free_private_address(&mut self, id: NetworkInterfaceId, address: Ipv4Addr) {
        let Some(eni) = self.network_interfaces.get_mut(&id) else {
            return;
        };
        eni.secondaries.retain(|a| *a != address);
        if eni.primary == Some(address) {
            eni.primary = None;
        }
        if let Some(position) = eni.elastic_ips.iter().position(|(a, _)| *a == address) {
            let (_, allocation) = eni.elastic_ips.remove(position);
            if let Some(eip) = self.elastic_ips.get_mut(&allocation) {
                if let Some(association) = eip.association.take() {
                    self.associations.remove(&association.id);
                }
            }
        }
        if let Some(subnet) = self.subnets.get_mut(&eni.subnet_id) {
            if let Some(offset) = subnet.offset(address) {
                subnet.free_address(offset);
            }
        }
    }

    /// Frees a prefix the interface holds.
    pub(crate) fn release_prefix(&mut self, id: NetworkInterfaceId, prefix: Ipv4Prefix) {
        let Some(eni) = self.network_interfaces.get_mut(&id) else {
            return;
        };
        eni.prefixes.retain(|p| *p != prefix);
        if let Some(subnet) = self.subnets.get_mut(&eni.subnet_id) {
            if let Some(block) = subnet.block(prefix) {
                subnet.free_block(block);
            }
        }
    }
}

/// What one assign call added.
pub(crate) enum Assigned {
    /// Addresses, in order.
    Addresses(Vec<Ipv4Addr>),
    /// Prefixes, in order.
    Prefixes(Vec<Ipv4Prefix>),
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::distinct;

    #[test]
    fn distinct_keeps_the_first_of_each_and_copies_only_when_needed() {
        assert!(matches!(distinct(&[3, 1, 2]), Cow::Borrowed(&[3, 1, 2])));
        assert!(matches!(distinct::<u32>(&[]), Cow::Borrowed(&[])));
        assert_eq!(distinct(&[3, 1, 3, 2, 1]).as_ref(), &[3, 1, 2]);
        let long: Vec<u32> = (0..40).chain(0..40).collect();
        assert_eq!(
            distinct(&long).as_ref(),
            (0..40).collect::<Vec<_>>().as_slice()
        );
        let unique: Vec<u32> = (0..40).collect();
        assert!(matches!(distinct(&unique), Cow::Borrowed(_)));
    }
}
