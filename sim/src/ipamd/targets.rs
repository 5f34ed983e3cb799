//! The warm-pool arithmetic of ipamd: when the pool is too low or too high, and how much one
//! step asks for. Pure functions of the datastore's counts, each named after the function of
//! `pkg/ipamd/ipamd.go` it follows (spec `vpc-cni-ipamd.md` sections 2 and 3).

use crate::scenario::CniConfig;

/// Addresses in one /28 prefix.
pub(crate) const ADDRESSES_PER_PREFIX: u32 = 16;

/// The counts ipamd decides on, for network card 0 (ds.go `GetIPStats`, `GetFreePrefixes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct PoolStats {
    /// Addresses in the current mode's CIDRs (a /28 counts 16), excluded interfaces left out.
    pub(crate) total: u32,
    /// Of those, addresses held by pods.
    pub(crate) assigned: u32,
    /// /28 prefixes with no address held by a pod, on any interface.
    pub(crate) free_prefixes: u32,
    /// /28 prefixes in the datastore.
    pub(crate) total_prefixes: u32,
}

impl PoolStats {
    /// `AvailableAddresses`: total less assigned; addresses in cooldown count as available.
    pub(crate) fn available(&self) -> u32 {
        self.total - self.assigned
    }
}

/// The settings and limits one node's ipamd works with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PoolTargets {
    /// Prefix delegation in effect (asked for, and the instance type is Nitro or bare metal).
    pub(crate) prefix_delegation: bool,
    /// `WARM_ENI_TARGET`.
    pub(crate) warm_eni: u32,
    /// `WARM_IP_TARGET` (0: unset).
    pub(crate) warm_ip: u32,
    /// `MINIMUM_IP_TARGET` (0: unset).
    pub(crate) minimum_ip: u32,
    /// `WARM_PREFIX_TARGET`.
    pub(crate) warm_prefix: u32,
    /// Secondary addresses or prefixes per interface: the type's IPv4 addresses per interface
    /// less the primary (`GetENIIPv4Limit`).
    pub(crate) per_eni: u32,
    /// The kubelet's max pods, as ipamd read it.
    pub(crate) max_pods: u32,
}

impl PoolTargets {
    /// The targets of `cni` for an instance type with `ipv4_per_eni` addresses per interface.
    pub(crate) fn new(
        cni: &CniConfig,
        prefix_delegation: bool,
        ipv4_per_eni: u32,
        max_pods: u32,
    ) -> PoolTargets {
        PoolTargets {
            prefix_delegation,
            warm_eni: cni.warm_eni_target,
            warm_ip: cni.warm_ip_target,
            minimum_ip: cni.minimum_ip_target,
            warm_prefix: cni.warm_prefix_target,
            per_eni: ipv4_per_eni.saturating_sub(1),
            max_pods,
        }
    }

    /// `warmIPTargetsDefined`.
    pub(crate) fn ip_targets_defined(&self) -> bool {
        self.warm_ip != 0 || self.minimum_ip != 0
    }

    /// `maxIPsPerENI` of `GetIPv4Limit`: addresses per interface in the current mode.
    pub(crate) fn addresses_per_eni(&self) -> u32 {
        if self.prefix_delegation {
            self.per_eni * ADDRESSES_PER_PREFIX
        } else {
            self.per_eni
        }
    }

    /// `datastoreTargetState`: (short, over) when IP targets are set, in addresses, or in
    /// prefixes with prefix delegation.
    pub(crate) fn target_state(&self, stats: &PoolStats) -> Option<(u32, u32)> {
        if !self.ip_targets_defined() {
            return None;
        }
        let (total, assigned, available) = (
            i64::from(stats.total),
            i64::from(stats.assigned),
            i64::from(stats.available()),
        );
        let (warm, minimum) = (i64::from(self.warm_ip), i64::from(self.minimum_ip));
        let short = (warm - available).max(0).max(minimum - total);
        let over = (available - warm).max(0).min(total - minimum).max(0);
        if !self.prefix_delegation {
            return Some((clamp(short), clamp(over)));
        }
        let per_prefix = i64::from(ADDRESSES_PER_PREFIX);
        let short_prefixes = div_ceil(short, per_prefix);
        let needed_for_warm = div_ceil(assigned + warm, per_prefix);
        let needed_for_minimum = div_ceil(minimum, per_prefix);
        let total_prefixes = i64::from(stats.total_prefixes);
        let over_prefixes = i64::from(stats.free_prefixes)
            .min(total_prefixes - needed_for_warm)
            .max(0)
            .min(total_prefixes - needed_for_minimum)
            .max(0);
        Some((clamp(short_prefixes), clamp(over_prefixes)))
    }

    /// `isDatastorePoolTooLow`.
    pub(crate) fn too_low(&self, stats: &PoolStats) -> bool {
        if stats.total >= self.max_pods {
            return false;
        }
        if let Some((short, _)) = self.target_state(stats) {
            return short > 0;
        }
        let (target, unit) = if self.prefix_delegation {
            (self.warm_prefix, ADDRESSES_PER_PREFIX)
        } else {
            (self.warm_eni, self.per_eni)
        };
        let available = stats.available();
        available < unit.saturating_mul(target) || (target == 0 && available == 0)
    }

    /// `isDatastorePoolTooHigh`.
    pub(crate) fn too_high(&self, stats: &PoolStats) -> bool {
        match self.target_state(stats) {
            Some((_, over)) => over > 0,
            None if self.prefix_delegation => stats.free_prefixes > self.warm_prefix,
            // Secondary-IP mode with WARM_ENI_TARGET only: single addresses never go back.
            None => false,
        }
    }

    /// `getPrefixesNeeded`: prefixes one step asks for, at least one.
    pub(crate) fn prefixes_needed(&self, stats: &PoolStats) -> u32 {
        let short = match self.target_state(stats) {
            Some((short, _)) => short,
            None => self.warm_prefix.saturating_sub(stats.free_prefixes),
        };
        short.max(1)
    }

    /// What one step asks of an existing interface before its room is applied
    /// (`tryAssignIPs`' `toAllocate`, `tryAssignPrefixes`' `getPrefixesNeeded`); `None` when
    /// secondary-IP mode with IP targets is not short (`tryAssignIPs` returns at once).
    pub(crate) fn step_size(&self, stats: &PoolStats) -> Option<u32> {
        if self.prefix_delegation {
            return Some(self.prefixes_needed(stats));
        }
        match self.target_state(stats) {
            Some((0, _)) => None,
            Some((short, _)) => Some(short),
            None => Some(self.per_eni),
        }
    }

    /// `GetENIResourcesToAllocate`: what a new interface is created with (0: none is created).
    pub(crate) fn new_eni_resources(&self, stats: &PoolStats) -> u32 {
        if self.prefix_delegation {
            return self.prefixes_needed(stats).min(self.per_eni);
        }
        match self.target_state(stats) {
            Some((short, _)) => short.min(self.per_eni),
            None => self.per_eni,
        }
    }

    /// `shouldRemoveExtraENIs`, given whether the datastore holds a freeable interface
    /// (`CheckFreeableENIexists`).
    pub(crate) fn should_remove_extra_enis(&self, stats: &PoolStats, freeable_eni: bool) -> bool {
        if self.ip_targets_defined() {
            return true;
        }
        let target = if self.prefix_delegation {
            self.warm_prefix
        } else {
            self.warm_eni
        };
        let threshold = u64::from(target + 1) * u64::from(self.addresses_per_eni());
        if u64::from(stats.available()) >= threshold {
            return true;
        }
        self.prefix_delegation && freeable_eni
    }

    /// How many CIDRs one decrease releases (`tryUnassignCidrsFromAll`: `over`, or
    /// `computeExtraPrefixesOverWarmTarget` without IP targets).
    pub(crate) fn release_amount(&self, stats: &PoolStats) -> u32 {
        match self.target_state(stats) {
            Some((_, over)) => over,
            None if self.prefix_delegation => stats.free_prefixes.saturating_sub(self.warm_prefix),
            None => 0,
        }
    }

    /// The `WARM_IP_TARGET` an interface must not be needed for (ds.go
    /// `isRequiredForWarmIPTarget`: rounded up to whole prefixes with prefix delegation).
    pub(crate) fn warm_ip_in_cidrs(&self) -> u32 {
        self.round_to_prefixes(self.warm_ip)
    }

    /// The `MINIMUM_IP_TARGET` an interface must not be needed for, likewise rounded.
    pub(crate) fn minimum_ip_in_cidrs(&self) -> u32 {
        self.round_to_prefixes(self.minimum_ip)
    }

    fn round_to_prefixes(&self, addresses: u32) -> u32 {
        if self.prefix_delegation {
            addresses.div_ceil(ADDRESSES_PER_PREFIX) * ADDRESSES_PER_PREFIX
        } else {
            addresses
        }
    }
}

fn div_ceil(x: i64, y: i64) -> i64 {
    // Go's `DivCeil` of `datastore`: (x + y - 1) / y, truncating toward zero as Go does.
    (x + y - 1) / y
}

fn clamp(value: i64) -> u32 {
    u32::try_from(value.max(0)).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests;
