//! One node's ipamd datastore: its interfaces, their CIDRs (/32 secondary addresses or /28
//! prefixes) and which addresses pods hold or have just released (ds.go `DataStore`).

use std::net::Ipv4Addr;

use eniplan::{Ipv4Prefix, NetworkInterfaceId, SubnetId};

use super::targets::{PoolStats, PoolTargets, ADDRESSES_PER_PREFIX};
use crate::rng::Rng;
use crate::time::{Millis, SECOND};

/// An interface is not deleted before it is this old (ds.go `minENILifeTime`).
const MIN_ENI_LIFETIME: Millis = 60 * SECOND;

/// The state of one address of a CIDR.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// Not in the CIDR's address map: never handed out, or pruned after its cooldown.
    Untracked,
    /// Held by a pod.
    Assigned,
    /// Released by a pod at this time; in cooldown while no more than the cooldown has passed.
    Released(Millis),
}

/// A /32 secondary address or a /28 prefix in the datastore (ds.go `CidrInfo`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cidr {
    /// Its first address.
    pub(crate) network: Ipv4Addr,
    /// Whether it is a /28 prefix (else a /32 address).
    pub(crate) is_prefix: bool,
    slots: Vec<Slot>,
    assigned: u32,
}

impl Cidr {
    fn new(network: Ipv4Addr, is_prefix: bool) -> Cidr {
        let size = if is_prefix { ADDRESSES_PER_PREFIX } else { 1 };
        Cidr {
            network,
            is_prefix,
            slots: vec![Slot::Untracked; size as usize],
            assigned: 0,
        }
    }

    /// Addresses it holds.
    pub(crate) fn size(&self) -> u32 {
        self.slots.len() as u32
    }

    /// Addresses held by pods (`AssignedIPAddressesInCidr`).
    pub(crate) fn assigned(&self) -> u32 {
        self.assigned
    }

    fn slot_of(&self, address: Ipv4Addr) -> Option<usize> {
        let offset = u32::from(address).checked_sub(u32::from(self.network))?;
        (offset < self.size()).then_some(offset as usize)
    }

    fn cooling(&self, now: Millis, cooldown: Millis) -> bool {
        self.slots
            .iter()
            .any(|slot| matches!(*slot, Slot::Released(at) if now - at <= cooldown))
    }

    /// `getUnusedIP`: an address out of cooldown that a pod used before (chosen in map order,
    /// and every such entry pruned), else the lowest address never handed out; none while
    /// every address is held or cooling.
    fn unused_slot(&mut self, now: Millis, cooldown: Millis, rng: &mut Rng) -> Option<usize> {
        let stale: Vec<usize> = (0..self.slots.len())
            .filter(|&i| matches!(self.slots[i], Slot::Released(at) if now - at > cooldown))
            .collect();
        if !stale.is_empty() {
            let chosen = stale[rng.below(stale.len())];
            for &i in &stale {
                self.slots[i] = Slot::Untracked;
            }
            return Some(chosen);
        }
        self.slots.iter().position(|slot| *slot == Slot::Untracked)
    }
}

/// An interface in the datastore (ds.go `ENI`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DatastoreEni {
    /// Its id.
    pub(crate) id: NetworkInterfaceId,
    /// Its subnet.
    pub(crate) subnet_id: SubnetId,
    /// Its device index on the node.
    pub(crate) device_index: u32,
    /// Whether it is the node's primary interface (never deleted by ipamd).
    pub(crate) primary: bool,
    /// Excluded from pod addresses: its subnet is tagged `kubernetes.io/role/cni=0`.
    pub(crate) excluded: bool,
    /// When it joined the datastore.
    pub(crate) created_at: Millis,
    /// Its CIDRs, in the order they were added.
    pub(crate) cidrs: Vec<Cidr>,
}

impl DatastoreEni {
    /// Addresses held by pods on it.
    pub(crate) fn assigned(&self) -> u32 {
        self.cidrs.iter().map(Cidr::assigned).sum()
    }
}

/// The order Go ranges over a map of `len` entries: a random rotation of insertion order, as
/// Go's small maps give (each call draws afresh).
pub(crate) fn map_order(len: usize, rng: &mut Rng) -> impl Iterator<Item = usize> {
    let start = rng.below(len);
    (0..len).map(move |i| (start + i) % len)
}

/// One node's datastore for network card 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Datastore {
    /// Its interfaces, in the order they were added.
    pub(crate) enis: Vec<DatastoreEni>,
    prefix_delegation: bool,
    cooldown: Millis,
}

impl Datastore {
    /// An empty datastore for the mode, with `IP_COOLDOWN_PERIOD`.
    pub(crate) fn new(prefix_delegation: bool, cooldown: Millis) -> Datastore {
        Datastore {
            enis: Vec::new(),
            prefix_delegation,
            cooldown,
        }
    }

    /// Whether a CIDR is of the mode ipamd hands addresses from.
    fn in_mode(&self, cidr: &Cidr) -> bool {
        cidr.is_prefix == self.prefix_delegation
    }

    /// `AddENI`.
    pub(crate) fn add_eni(&mut self, eni: DatastoreEni) {
        self.enis.push(eni);
    }

    /// `AddIPv4CidrToStore` for each address (as /32) not yet held; returns how many were new.
    pub(crate) fn add_addresses(&mut self, eni: usize, addresses: &[Ipv4Addr]) -> usize {
        let cidrs = &mut self.enis[eni].cidrs;
        let before = cidrs.len();
        for &address in addresses {
            if !cidrs.iter().any(|c| !c.is_prefix && c.network == address) {
                cidrs.push(Cidr::new(address, false));
            }
        }
        cidrs.len() - before
    }

    /// `AddIPv4CidrToStore` for each prefix not yet held; returns how many were new.
    pub(crate) fn add_prefixes(&mut self, eni: usize, prefixes: &[Ipv4Prefix]) -> usize {
        let cidrs = &mut self.enis[eni].cidrs;
        let before = cidrs.len();
        for prefix in prefixes {
            let network = prefix.network();
            if !cidrs.iter().any(|c| c.is_prefix && c.network == network) {
                cidrs.push(Cidr::new(network, true));
            }
        }
        cidrs.len() - before
    }

    /// `GetIPStats` and `GetFreePrefixes` at once.
    pub(crate) fn stats(&self) -> PoolStats {
        let mut stats = PoolStats::default();
        for eni in &self.enis {
            for cidr in &eni.cidrs {
                if cidr.is_prefix {
                    stats.total_prefixes += 1;
                    if cidr.assigned == 0 {
                        stats.free_prefixes += 1;
                    }
                }
                if !eni.excluded && self.in_mode(cidr) {
                    stats.total += cidr.size();
                    stats.assigned += cidr.assigned;
                }
            }
        }
        stats
    }

    /// `GetAllocatableENIs`: interfaces with fewer than `per_eni` CIDRs, in map order; the
    /// primary is skipped with custom networking, excluded interfaces always.
    pub(crate) fn allocatable_enis(
        &self,
        per_eni: u32,
        skip_primary: bool,
        rng: &mut Rng,
    ) -> Vec<usize> {
        map_order(self.enis.len(), rng)
            .filter(|&i| {
                let eni = &self.enis[i];
                let skipped = eni.excluded || (skip_primary && eni.primary);
                !skipped && (eni.cidrs.len() as u32) < per_eni
            })
            .collect()
    }

    /// `AssignPodIPv4Address`: an address for a new pod, from interfaces and CIDRs in map
    /// order; `None` is `ErrNoAvailableIPInDataStore`.
    pub(crate) fn assign_pod(
        &mut self,
        now: Millis,
        rng: &mut Rng,
    ) -> Option<(NetworkInterfaceId, Ipv4Addr)> {
        let (prefix_delegation, cooldown) = (self.prefix_delegation, self.cooldown);
        for e in map_order(self.enis.len(), rng) {
            let eni = &mut self.enis[e];
            if eni.excluded {
                continue;
            }
            for c in map_order(eni.cidrs.len(), rng) {
                let cidr = &mut eni.cidrs[c];
                if cidr.is_prefix != prefix_delegation {
                    continue;
                }
                if let Some(slot) = cidr.unused_slot(now, cooldown, rng) {
                    cidr.slots[slot] = Slot::Assigned;
                    cidr.assigned += 1;
                    let address = Ipv4Addr::from(u32::from(cidr.network) + slot as u32);
                    return Some((eni.id, address));
                }
            }
        }
        None
    }

    /// `UnassignPodIPAddress`: the pod's address starts its cooldown. False when the
    /// datastore does not hold it as assigned.
    pub(crate) fn unassign_pod(
        &mut self,
        eni: NetworkInterfaceId,
        address: Ipv4Addr,
        now: Millis,
    ) -> bool {
        let Some(eni) = self.enis.iter_mut().find(|e| e.id == eni) else {
            return false;
        };
        for cidr in &mut eni.cidrs {
            if let Some(slot) = cidr.slot_of(address) {
                if cidr.slots[slot] != Slot::Assigned {
                    return false;
                }
                cidr.slots[slot] = Slot::Released(now);
                cidr.assigned -= 1;
                return true;
            }
        }
        false
    }

    /// `FindFreeableCidrs`: the CIDRs of an interface that no pod holds an address in, in map
    /// order. Addresses in cooldown do not protect a CIDR.
    pub(crate) fn freeable_cidrs(&self, eni: usize, rng: &mut Rng) -> Vec<usize> {
        let cidrs = &self.enis[eni].cidrs;
        map_order(cidrs.len(), rng)
            .filter(|&c| cidrs[c].assigned == 0)
            .collect()
    }

    /// `DelIPv4CidrFromStore` of several CIDRs of one interface; gives back what was removed.
    pub(crate) fn remove_cidrs(&mut self, eni: usize, mut indices: Vec<usize>) -> Vec<Cidr> {
        indices.sort_unstable_by(|a, b| b.cmp(a));
        let cidrs = &mut self.enis[eni].cidrs;
        let mut removed: Vec<Cidr> = indices.into_iter().map(|c| cidrs.remove(c)).collect();
        removed.reverse();
        removed
    }

    /// `CheckFreeableENIexists`: a non-primary interface without pods.
    pub(crate) fn freeable_eni_exists(&self) -> bool {
        self.enis
            .iter()
            .any(|eni| !eni.primary && eni.assigned() == 0)
    }

    /// `getDeletableENI`: the first interface in map order that may be deleted, with the
    /// warm targets still met by the others.
    pub(crate) fn deletable_eni(
        &self,
        targets: &PoolTargets,
        now: Millis,
        rng: &mut Rng,
    ) -> Option<usize> {
        let warm_ip = targets.warm_ip_in_cidrs();
        let minimum_ip = targets.minimum_ip_in_cidrs();
        map_order(self.enis.len(), rng).find(|&e| {
            let eni = &self.enis[e];
            if eni.primary
                || now.saturating_sub(eni.created_at) < MIN_ENI_LIFETIME
                || eni.cidrs.iter().any(|c| c.cooling(now, self.cooldown))
                || eni.assigned() != 0
            {
                return false;
            }
            let others = || {
                self.enis
                    .iter()
                    .enumerate()
                    .filter(move |&(o, other)| o != e && !other.excluded)
                    .flat_map(|(_, other)| other.cidrs.iter())
            };
            let mode = |c: &&Cidr| self.in_mode(c);
            if targets.warm_ip != 0 {
                let free: u32 = others().filter(mode).map(|c| c.size() - c.assigned).sum();
                if free < warm_ip {
                    return false;
                }
            }
            if targets.minimum_ip != 0 {
                let total: u32 = others().filter(mode).map(Cidr::size).sum();
                if total < minimum_ip {
                    return false;
                }
            }
            if self.prefix_delegation && targets.warm_prefix != 0 {
                let free_cidrs = others().filter(|c| c.assigned == 0).count() as u32;
                if free_cidrs < targets.warm_prefix {
                    return false;
                }
            }
            true
        })
    }

    /// Removes an interface (`RemoveUnusedENIFromStore`).
    pub(crate) fn remove_eni(&mut self, eni: usize) -> DatastoreEni {
        self.enis.remove(eni)
    }

    /// Addresses in the current mode's CIDRs that no pod holds, by subnet: what the node's
    /// warm pool keeps idle.
    pub(crate) fn idle_by_subnet(&self) -> impl Iterator<Item = (SubnetId, u32)> + '_ {
        self.enis.iter().filter(|eni| !eni.excluded).map(|eni| {
            let idle = eni
                .cidrs
                .iter()
                .filter(|c| self.in_mode(c))
                .map(|c| c.size() - c.assigned)
                .sum();
            (eni.subnet_id, idle)
        })
    }
}

#[cfg(test)]
mod tests;
