//! The states the benchmarks run on, built once per benchmark outside the timed loop, and the
//! round trips they time.
//!
//! Every state is one /16 subnet, `10.0.0.0/16`. Its owned addresses are given as offsets from
//! the network address and always include [`PRIMARY_OFFSET`], the primary address of the
//! benchmarked interface. Each timed operation is a round trip — assign, then unassign what was
//! assigned — so the fill level stays where the fixture put it however many times it runs.

use std::net::Ipv4Addr;

use eniplan::alloc::{Picker, Strategy, SubnetAllocator};
use eniplan::model::RunInstances;
use eniplan::{
    AddressSelection, AssignPrivateIpAddresses, CreateNetworkInterface, Ec2, Ec2Options,
    InterfaceType, NetworkInterfaceId, SubnetId, UnassignPrivateIpAddresses,
};

use crate::baseline::{NaiveSet, RawBitmap, BLOCK};
use eniplan::rng::SplitMix64;

/// The seed of every generator: the allocator's picker, the model's, the baselines' and the
/// fill patterns'.
pub const SEED: u64 = 0x5eed;
/// Addresses in the benchmarked subnet, a /16.
pub const SIZE: u32 = 1 << 16;
/// Aligned /28 blocks in the subnet.
pub const BLOCKS: u32 = SIZE / BLOCK;
/// Usable addresses: all but EC2's five.
pub const USABLE: u32 = SIZE - 5;
/// The benchmarked interface's primary address, `10.0.0.4`. Block 0 holds EC2's reserved
/// addresses and is never a prefix candidate, so owning it changes no block's state.
pub const PRIMARY_OFFSET: u32 = 4;
/// The type of the benchmarked interface's instance: a Nitro type, so prefixes are allowed.
pub const INSTANCE_TYPE: &str = "m5.large";
/// The subnet's network address.
pub const NETWORK: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 0);
/// Interfaces per subnet when a state holds many (the scale benchmarks).
pub const ENIS_PER_OTHER_SUBNET: usize = 10_000;

/// The address at `offset` in the benchmarked subnet.
pub fn address(offset: u32) -> Ipv4Addr {
    Ipv4Addr::from(u32::from(NETWORK) + offset)
}

/// The offset of `address` in the benchmarked subnet.
pub fn offset(address: Ipv4Addr) -> u32 {
    u32::from(address) - u32::from(NETWORK)
}

/// The blocks that can ever be prefixes: all but the first (network, router, DNS, future use)
/// and the last (broadcast).
pub fn prefix_capable_blocks() -> std::ops::RangeInclusive<u32> {
    1..=BLOCKS - 2
}

/// `k` distinct items of `items` chosen at random (a partial Fisher–Yates shuffle).
fn choose(mut items: Vec<u32>, k: usize, rng: &mut SplitMix64) -> Vec<u32> {
    let k = k.min(items.len());
    for i in 0..k {
        let j = i + rng.below((items.len() - i) as u32) as usize;
        items.swap(i, j);
    }
    items.truncate(k);
    items
}

/// Owned offsets when `percent` % of the usable addresses are owned, scattered at random
/// (always including [`PRIMARY_OFFSET`]).
pub fn address_fill(percent: u32) -> Vec<u32> {
    let total = (u64::from(USABLE) * u64::from(percent) / 100) as usize;
    let rest: Vec<u32> = (PRIMARY_OFFSET + 1..SIZE - 1).collect();
    let mut owned = vec![PRIMARY_OFFSET];
    owned.extend(choose(
        rest,
        total.saturating_sub(1),
        &mut SplitMix64::new(SEED),
    ));
    owned
}

/// Which /28 blocks hold one owned address ("dirty": one address is enough to spoil a block
/// for a prefix).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dirt {
    /// This percentage of the prefix-capable blocks, chosen at random.
    Percent(u32),
    /// Every prefix-capable block but the last one, block 4094 (`10.0.255.224/28`); block 4095
    /// holds the broadcast address, so 4094 is the last /28 that can be free at all.
    AllButLast,
}

/// Owned offsets: one random address in each dirty block (always including
/// [`PRIMARY_OFFSET`], in block 0).
pub fn block_dirt(dirt: Dirt) -> Vec<u32> {
    let mut rng = SplitMix64::new(SEED);
    let blocks: Vec<u32> = prefix_capable_blocks().collect();
    let dirty = match dirt {
        Dirt::Percent(percent) => {
            let k = blocks.len() * percent as usize / 100;
            choose(blocks, k, &mut rng)
        }
        Dirt::AllButLast => blocks[..blocks.len() - 1].to_vec(),
    };
    let mut owned = vec![PRIMARY_OFFSET];
    owned.extend(dirty.iter().map(|&b| b * BLOCK + rng.below(BLOCK)));
    owned
}

/// The first offset at or after `start` that is neither owned nor reserved.
pub fn first_free_at_or_after(owned: &[u32], start: u32) -> u32 {
    let owned: std::collections::HashSet<u32> = owned.iter().copied().collect();
    (start..SIZE - 1)
        .find(|o| !owned.contains(o))
        .expect("a free address after start")
}

/// Something that assigns and unassigns: each round trip leaves the state as it found it.
pub trait RoundTrip {
    /// Assigns the fixture's explicit address, then unassigns it.
    fn explicit(&mut self);
    /// Assigns one automatic address, then unassigns it; gives its offset.
    fn address(&mut self) -> u32;
    /// Assigns one automatic /28 prefix, then unassigns it; gives its block.
    fn block(&mut self) -> u32;
}

/// The floor on the same job.
#[derive(Clone, Debug)]
pub struct RawSubject {
    /// The bitmap.
    pub bitmap: RawBitmap,
    explicit: u32,
}

impl RawSubject {
    /// A /16 with `owned` owned; `explicit` is the address of the explicit round trip.
    pub fn new(owned: &[u32], explicit: u32) -> Self {
        RawSubject {
            bitmap: RawBitmap::new(SIZE, owned, SEED),
            explicit,
        }
    }
}

impl RoundTrip for RawSubject {
    #[inline]
    fn explicit(&mut self) {
        self.bitmap.set(self.explicit);
        self.bitmap.clear(self.explicit);
    }

    #[inline]
    fn address(&mut self) -> u32 {
        let offset = self.bitmap.allocate().expect("a free address");
        self.bitmap.clear(offset);
        offset
    }

    #[inline]
    fn block(&mut self) -> u32 {
        let block = self.bitmap.allocate_block().expect("a free block");
        self.bitmap.release_block(block);
        block
    }
}

/// The naive `HashSet` allocator on the same job.
#[derive(Clone, Debug)]
pub struct NaiveSubject {
    /// The set.
    pub set: NaiveSet,
    explicit: u32,
}

impl NaiveSubject {
    /// A /16 with `owned` owned; `explicit` is the address of the explicit round trip.
    pub fn new(owned: &[u32], explicit: u32) -> Self {
        NaiveSubject {
            set: NaiveSet::new(SIZE, owned, SEED),
            explicit,
        }
    }
}

impl RoundTrip for NaiveSubject {
    fn explicit(&mut self) {
        self.set.insert(self.explicit);
        self.set.remove(self.explicit);
    }

    fn address(&mut self) -> u32 {
        let offset = self.set.allocate().expect("a free address");
        self.set.remove(offset);
        offset
    }

    fn block(&mut self) -> u32 {
        let block = self.set.allocate_block().expect("a free block");
        self.set.release_block(block);
        block
    }
}

/// eniplan's per-subnet allocator on its own.
#[derive(Clone, Debug)]
pub struct AllocatorSubject {
    /// The allocator.
    pub allocator: SubnetAllocator,
    /// Its picker, seeded random as the model's default.
    pub picker: Picker,
    out: Vec<u32>,
    explicit: u32,
}

impl AllocatorSubject {
    /// A /16 with `owned` owned; `explicit` is the address of the explicit round trip.
    pub fn new(owned: &[u32], explicit: u32) -> Self {
        let mut allocator = SubnetAllocator::new(16);
        for &offset in owned {
            allocator.own(offset);
        }
        AllocatorSubject {
            allocator,
            picker: Picker::new(Strategy::Random, SEED),
            out: Vec::with_capacity(1),
            explicit,
        }
    }
}

impl RoundTrip for AllocatorSubject {
    #[inline]
    fn explicit(&mut self) {
        self.allocator.own(self.explicit);
        self.allocator.release(self.explicit);
    }

    #[inline]
    fn address(&mut self) -> u32 {
        self.out.clear();
        self.allocator
            .allocate_addresses(1, &mut self.picker, &mut self.out);
        let offset = self.out[0];
        self.allocator.release(offset);
        offset
    }

    #[inline]
    fn block(&mut self) -> u32 {
        self.out.clear();
        self.allocator
            .allocate_blocks(1, &mut self.picker, &mut self.out);
        let block = self.out[0];
        self.allocator.release_block(block);
        block
    }
}

/// The whole model: an `Ec2` answering validated requests on the primary interface of one
/// running `m5.large`.
#[derive(Clone, Debug)]
pub struct ModelSubject {
    /// The model.
    pub ec2: Ec2,
    /// The benchmarked interface.
    pub eni: NetworkInterfaceId,
    /// The benchmarked subnet.
    pub subnet: SubnetId,
    explicit_assign: AssignPrivateIpAddresses,
    explicit_unassign: UnassignPrivateIpAddresses,
    auto_address: AssignPrivateIpAddresses,
    auto_prefix: AssignPrivateIpAddresses,
    /// Every interface of the model, ordered by id, for [`ModelSubject::rotating_address`].
    interfaces: Vec<NetworkInterfaceId>,
    next: usize,
}

impl ModelSubject {
    /// A model whose subnet has `owned` owned: the benchmarked interface holds
    /// [`PRIMARY_OFFSET`], unattached interfaces of as many addresses as an interface may hold
    /// own the rest. `explicit` is the address of the explicit round trip.
    pub fn new(owned: &[u32], explicit: u32) -> Self {
        Self::with_other_interfaces(owned, explicit, 0)
    }

    /// As [`ModelSubject::new`], plus `others` running instances, each with its primary
    /// interface, in other VPCs' /16 subnets of [`ENIS_PER_OTHER_SUBNET`] interfaces each.
    /// The benchmarked subnet is the same whatever `others` is.
    pub fn with_other_interfaces(owned: &[u32], explicit: u32, others: usize) -> Self {
        let mut ec2 = Ec2::new(Ec2Options {
            strategy: Strategy::Random,
            seed: SEED,
        });
        let vpc = ec2.create_vpc("10.0.0.0/16").expect("vpc");
        let subnet = ec2.create_subnet(vpc, "10.0.0.0/16", None).expect("subnet");
        let (_, instances) = ec2
            .run_instances(&RunInstances {
                instance_type: INSTANCE_TYPE.into(),
                subnet_id: subnet,
                min_count: 1,
                max_count: 1,
                private_ip_address: Some(address(PRIMARY_OFFSET)),
                security_group_ids: Vec::new(),
                attributes: Default::default(),
            })
            .expect("the benchmarked instance");
        let eni = ec2
            .instance(instances[0])
            .expect("instance")
            .primary_interface()
            .expect("primary interface");
        let per_interface = ec2.instance_types().max_ipv4_per_eni() as usize;
        let rest: Vec<Ipv4Addr> = owned
            .iter()
            .filter(|&&o| o != PRIMARY_OFFSET)
            .map(|&o| address(o))
            .collect();
        for chunk in rest.chunks(per_interface) {
            let secondaries =
                (chunk.len() > 1).then(|| AddressSelection::Addresses(chunk[1..].to_vec()));
            let request = CreateNetworkInterface::new(
                subnet,
                Some(chunk[0]),
                secondaries,
                InterfaceType::Interface,
            )
            .expect("create request");
            ec2.create_network_interface(&request)
                .expect("filler interface");
        }
        let mut left = others;
        let mut second_octet = 1;
        while left > 0 {
            let count = left.min(ENIS_PER_OTHER_SUBNET);
            let vpc = ec2
                .create_vpc(&format!("10.{second_octet}.0.0/16"))
                .expect("other vpc");
            let other = ec2
                .create_subnet(vpc, &format!("10.{second_octet}.0.0/16"), None)
                .expect("other subnet");
            ec2.run_instances(&RunInstances {
                instance_type: INSTANCE_TYPE.into(),
                subnet_id: other,
                min_count: count as u32,
                max_count: count as u32,
                private_ip_address: None,
                security_group_ids: Vec::new(),
                attributes: Default::default(),
            })
            .expect("other instances");
            left -= count;
            second_octet += 1;
        }
        let assign =
            |selection| AssignPrivateIpAddresses::new(eni, selection, false).expect("request");
        ModelSubject {
            explicit_assign: assign(AddressSelection::Addresses(vec![address(explicit)])),
            explicit_unassign: UnassignPrivateIpAddresses::new(
                eni,
                vec![address(explicit)],
                vec![],
            )
            .expect("request"),
            auto_address: assign(AddressSelection::AddressCount(1)),
            auto_prefix: assign(AddressSelection::PrefixCount(1)),
            interfaces: ec2.network_interfaces().iter().map(|e| e.id).collect(),
            next: 0,
            ec2,
            eni,
            subnet,
        }
    }

    /// Interfaces the model holds.
    pub fn interface_count(&self) -> usize {
        self.interfaces.len()
    }

    /// One automatic address assigned to and unassigned from the next interface of the model
    /// in turn, so that a large model's lookups reach entries that are not in the cache; gives
    /// the address's low 16 bits.
    pub fn rotating_address(&mut self) -> u32 {
        let eni = self.interfaces[self.next];
        self.next = (self.next + 1) % self.interfaces.len();
        let request = AssignPrivateIpAddresses::new(eni, AddressSelection::AddressCount(1), false)
            .expect("request");
        let response = self
            .ec2
            .assign_private_ip_addresses(&request)
            .expect("automatic assign");
        let assigned = response.assigned_private_ip_addresses[0].private_ip_address;
        let unassign =
            UnassignPrivateIpAddresses::new(eni, vec![assigned], vec![]).expect("request");
        self.ec2
            .unassign_private_ip_addresses(&unassign)
            .expect("unassign");
        u32::from(assigned) & 0xFFFF
    }
}

impl RoundTrip for ModelSubject {
    fn explicit(&mut self) {
        self.ec2
            .assign_private_ip_addresses(&self.explicit_assign)
            .expect("explicit assign");
        self.ec2
            .unassign_private_ip_addresses(&self.explicit_unassign)
            .expect("explicit unassign");
    }

    fn address(&mut self) -> u32 {
        let response = self
            .ec2
            .assign_private_ip_addresses(&self.auto_address)
            .expect("automatic assign");
        let assigned = response.assigned_private_ip_addresses[0].private_ip_address;
        let unassign =
            UnassignPrivateIpAddresses::new(self.eni, vec![assigned], vec![]).expect("request");
        self.ec2
            .unassign_private_ip_addresses(&unassign)
            .expect("unassign");
        offset(assigned)
    }

    fn block(&mut self) -> u32 {
        let response = self
            .ec2
            .assign_private_ip_addresses(&self.auto_prefix)
            .expect("automatic prefix");
        let prefix = response.assigned_ipv4_prefixes[0].ipv4_prefix;
        let unassign =
            UnassignPrivateIpAddresses::new(self.eni, vec![], vec![prefix]).expect("request");
        self.ec2
            .unassign_private_ip_addresses(&unassign)
            .expect("unassign");
        offset(prefix.network()) / BLOCK
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_own_the_asked_share_of_usable_addresses() {
        for percent in [0, 50, 90, 99] {
            let owned = address_fill(percent);
            assert_eq!(
                owned.len(),
                (USABLE as usize * percent as usize / 100).max(1)
            );
            let distinct: std::collections::HashSet<_> = owned.iter().collect();
            assert_eq!(distinct.len(), owned.len());
            assert!(owned.iter().all(|&o| (4..SIZE - 1).contains(&o)));
        }
    }

    #[test]
    fn dirt_spoils_the_asked_blocks() {
        let free_blocks =
            |owned: &[u32]| AllocatorSubject::new(owned, 5).allocator.free_block_count();
        assert_eq!(free_blocks(&block_dirt(Dirt::Percent(0))), 4094);
        assert_eq!(
            free_blocks(&block_dirt(Dirt::Percent(90))),
            4094 - 4094 * 90 / 100
        );
        assert_eq!(free_blocks(&block_dirt(Dirt::AllButLast)), 1);
        let mut raw = RawSubject::new(&block_dirt(Dirt::AllButLast), 5);
        assert_eq!(raw.block(), 4094);
    }

    #[test]
    fn every_subject_picks_the_same_and_round_trips_leave_the_state_unchanged() {
        // Blocks and addresses both left to find: 90 % of the blocks dirty.
        let owned = block_dirt(Dirt::Percent(90));
        let explicit = first_free_at_or_after(&owned, SIZE / 2);
        let mut raw = RawSubject::new(&owned, explicit);
        let mut naive = NaiveSubject::new(&owned, explicit);
        let mut allocator = AllocatorSubject::new(&owned, explicit);
        let mut model = ModelSubject::new(&owned, explicit);
        let available = model
            .ec2
            .subnet(model.subnet)
            .unwrap()
            .available_ip_address_count();
        assert_eq!(available, USABLE - owned.len() as u32);
        for _ in 0..50 {
            let picked = raw.address();
            assert_eq!(naive.address(), picked);
            assert_eq!(allocator.address(), picked);
            assert_eq!(model.address(), picked);
            let block = raw.block();
            assert_eq!(naive.block(), block);
            assert_eq!(allocator.block(), block);
            assert_eq!(model.block(), block);
            raw.explicit();
            naive.explicit();
            allocator.explicit();
            model.explicit();
        }
        let subnet = model.ec2.subnet(model.subnet).unwrap();
        assert_eq!(subnet.available_ip_address_count(), available);
        assert_eq!(allocator.allocator.owned_count(), owned.len() as u32);
        assert_eq!(naive.set.len(), owned.len());
        assert_eq!(model.ec2.network_interface(model.eni).unwrap().slots(), 1);
    }

    #[test]
    fn other_interfaces_live_outside_the_benchmarked_subnet() {
        let owned = address_fill(0);
        let model = ModelSubject::with_other_interfaces(&owned, 5, 12_345);
        assert_eq!(model.interface_count(), 12_346);
        let mut model = model;
        let available = |m: &ModelSubject| -> u32 {
            m.ec2
                .subnets()
                .iter()
                .map(|s| s.available_ip_address_count())
                .sum()
        };
        let before = available(&model);
        for _ in 0..100 {
            model.rotating_address();
        }
        assert_eq!(available(&model), before);
        assert_eq!(model.ec2.subnets().len(), 3);
        let subnet = model.ec2.subnet(model.subnet).unwrap();
        assert_eq!(subnet.available_ip_address_count(), USABLE - 1);
    }
}
