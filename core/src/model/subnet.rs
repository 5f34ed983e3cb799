//! Subnets: their CIDR, the allocator that tracks their addresses, who owns each address, and
//! their CIDR reservations.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use crate::alloc::{Picker, ReservationKind, SubnetAllocator};
use crate::hash::KeyMap;
use crate::ids::{NetworkInterfaceId, SubnetCidrReservationId, SubnetId, VpcId};
use crate::prefix::{Ipv4Prefix, PREFIX_SIZE};

/// Who holds an address that is owned on its own (not as part of a prefix).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddressOwner {
    /// The interface that holds it.
    pub network_interface_id: NetworkInterfaceId,
    /// Whether it is that interface's primary address.
    pub primary: bool,
}

/// A subnet CIDR reservation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubnetCidrReservation {
    /// Its id.
    pub id: SubnetCidrReservationId,
    /// The subnet it is in.
    pub subnet_id: SubnetId,
    /// The reserved block.
    pub cidr: Ipv4Net,
    /// `prefix` (EC2 picks prefixes from it first) or `explicit` (only explicit requests use it).
    pub kind: ReservationKind,
    /// Free text.
    pub description: Option<String>,
}

impl SubnetCidrReservation {
    /// The reservation type as EC2 spells it.
    pub fn kind_str(&self) -> &'static str {
        match self.kind {
            ReservationKind::Explicit => "explicit",
            ReservationKind::Prefix => "prefix",
        }
    }
}

/// How EC2 names an instance launched in a subnet (`PrivateDnsNameOptionsOnLaunch.HostnameType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum HostnameType {
    /// `ip-name`: after its private IPv4 address (the default).
    #[default]
    IpName,
    /// `resource-name`: after its instance id.
    ResourceName,
}

impl HostnameType {
    /// The values EC2 accepts.
    pub const NAMES: &'static [&'static str] = &["ip-name", "resource-name"];

    /// The type as EC2 spells it.
    pub const fn as_str(self) -> &'static str {
        match self {
            HostnameType::IpName => "ip-name",
            HostnameType::ResourceName => "resource-name",
        }
    }

    /// The type with this name; `InvalidParameterValue` naming `parameter` otherwise.
    pub fn parse(parameter: &'static str, name: &str) -> Result<HostnameType, Error> {
        match name {
            "ip-name" => Ok(HostnameType::IpName),
            "resource-name" => Ok(HostnameType::ResourceName),
            _ => Err(Error::NotOneOf {
                parameter,
                value: name.to_owned(),
                allowed: HostnameType::NAMES,
            }),
        }
    }
}

/// A subnet's settings beyond its addresses, as DescribeSubnets shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SubnetAttributes {
    /// `MapPublicIpOnLaunch`: instances launched here get a public IPv4 address.
    pub map_public_ip_on_launch: bool,
    /// `AssignIpv6AddressOnCreation`: interfaces created here get an IPv6 address.
    pub assign_ipv6_address_on_creation: bool,
    /// `MapCustomerOwnedIpOnLaunch` (Outposts).
    pub map_customer_owned_ip_on_launch: bool,
    /// `EnableDns64`: the Amazon DNS server synthesises IPv6 addresses for IPv4-only names.
    pub enable_dns64: bool,
    /// `Ipv6Native`: an IPv6-only subnet.
    pub ipv6_native: bool,
    /// `DefaultForAz`: the default subnet of its zone (only in a default VPC).
    pub default_for_az: bool,
    /// `PrivateDnsNameOptionsOnLaunch.HostnameType`.
    pub hostname_type: HostnameType,
    /// `PrivateDnsNameOptionsOnLaunch.EnableResourceNameDnsARecord`.
    pub enable_resource_name_dns_a_record: bool,
    /// `PrivateDnsNameOptionsOnLaunch.EnableResourceNameDnsAAAARecord`.
    pub enable_resource_name_dns_aaaa_record: bool,
}

/// One change ModifySubnetAttribute makes (EC2 takes one a call).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubnetAttributeChange {
    /// `MapPublicIpOnLaunch`.
    MapPublicIpOnLaunch(bool),
    /// `AssignIpv6AddressOnCreation`.
    AssignIpv6AddressOnCreation(bool),
    /// `EnableDns64`.
    EnableDns64(bool),
    /// `PrivateDnsHostnameTypeOnLaunch`.
    PrivateDnsHostnameTypeOnLaunch(HostnameType),
    /// `EnableResourceNameDnsARecordOnLaunch`.
    EnableResourceNameDnsARecordOnLaunch(bool),
    /// `EnableResourceNameDnsAAAARecordOnLaunch`.
    EnableResourceNameDnsAaaaRecordOnLaunch(bool),
}

impl SubnetAttributes {
    fn apply(&mut self, change: SubnetAttributeChange) {
        match change {
            SubnetAttributeChange::MapPublicIpOnLaunch(on) => self.map_public_ip_on_launch = on,
            SubnetAttributeChange::AssignIpv6AddressOnCreation(on) => {
                self.assign_ipv6_address_on_creation = on
            }
            SubnetAttributeChange::EnableDns64(on) => self.enable_dns64 = on,
            SubnetAttributeChange::PrivateDnsHostnameTypeOnLaunch(kind) => {
                self.hostname_type = kind
            }
            SubnetAttributeChange::EnableResourceNameDnsARecordOnLaunch(on) => {
                self.enable_resource_name_dns_a_record = on
            }
            SubnetAttributeChange::EnableResourceNameDnsAaaaRecordOnLaunch(on) => {
                self.enable_resource_name_dns_aaaa_record = on
            }
        }
    }
}

/// The zone id of a us-east-1 zone: `us-east-1a` is `use1-az1`, `b` `use1-az2`, and so on to
/// `f` (a policy: EC2 maps names to ids per account). `None` for any other name.
fn availability_zone_id(zone: &str) -> Option<String> {
    let letter = zone.strip_prefix("us-east-1")?;
    let index = match letter.as_bytes() {
        [letter @ b'a'..=b'f'] => letter - b'a' + 1,
        _ => return None,
    };
    Some(format!("use1-az{index}"))
}

/// A subnet and the state of its addresses.
///
/// Who owns what (the allocator's bitmaps and the owner tables, kept in step) changes only
/// through the methods below, each of which updates both.
#[derive(Debug, Clone)]
pub struct Subnet {
    /// Its id.
    pub id: SubnetId,
    /// Its VPC.
    pub vpc_id: VpcId,
    /// Its IPv4 CIDR, /16 to /28, canonical.
    pub cidr: Ipv4Net,
    /// Its availability zone.
    pub availability_zone: String,
    /// Its availability zone's id (`use1-az1`), when known.
    pub availability_zone_id: Option<String>,
    /// Its settings beyond addresses.
    pub attributes: SubnetAttributes,
    allocator: SubnetAllocator,
    /// Addresses owned on their own, by offset from the network address.
    owners: KeyMap<u32, AddressOwner>,
    /// Owned /28 prefixes, by block number (offset / 16).
    prefix_owners: KeyMap<u32, NetworkInterfaceId>,
    reservations: Vec<SubnetCidrReservation>,
}

/// What a new interface asks of its subnet (CreateNetworkInterface): explicit addresses and
/// /28 blocks, already checked free, and how many of each to pick automatically.
pub(crate) struct Claim<'a> {
    /// Explicit addresses, the primary first when it is explicit.
    pub(crate) addresses: &'a [u32],
    /// Explicit /28 blocks.
    pub(crate) blocks: &'a [u32],
    /// Addresses to pick, the primary among them when it is automatic.
    pub(crate) automatic_addresses: u32,
    /// /28 blocks to pick.
    pub(crate) automatic_blocks: u32,
    /// Which address becomes the primary.
    pub(crate) primary: Primary,
}

/// Which address of a [`Claim`] is the interface's primary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Primary {
    /// The first explicit address.
    Explicit,
    /// The first address picked.
    Automatic,
    /// None: an `efa-only` interface holds no address.
    Without,
}

/// Why a claim cannot be met: too few addresses (rule 15) or /28 blocks (rule 16) to pick from.
pub(crate) enum Shortage {
    /// Addresses an automatic pick could take.
    Addresses {
        /// How many there are.
        available: u32,
    },
    /// Wholly free aligned /28 blocks.
    Blocks {
        /// How many there are.
        available: u32,
    },
}

/// A claim that can be met, worked out on copies of the allocator and the picker: committing
/// it takes exactly what was checked, and dropping it changes nothing.
pub(crate) struct ClaimPlan {
    allocator: SubnetAllocator,
    picker: Picker,
    /// Every address, primary first.
    addresses: Vec<u32>,
    blocks: Vec<u32>,
    primary: Primary,
}

impl Subnet {
    pub(crate) fn new(
        id: SubnetId,
        vpc_id: VpcId,
        cidr: Ipv4Net,
        availability_zone: String,
    ) -> Subnet {
        Subnet {
            id,
            vpc_id,
            cidr,
            availability_zone_id: availability_zone_id(&availability_zone),
            availability_zone,
            attributes: SubnetAttributes::default(),
            allocator: SubnetAllocator::new(cidr.prefix_len()),
            owners: KeyMap::default(),
            prefix_owners: KeyMap::default(),
            reservations: Vec::new(),
        }
    }

    /// The offset of `address` from the network address, if it lies in the subnet.
    pub fn offset(&self, address: Ipv4Addr) -> Option<u32> {
        self.cidr
            .contains(&address)
            .then(|| u32::from(address) - u32::from(self.cidr.network()))
    }

    /// The address at `offset`.
    pub fn address(&self, offset: u32) -> Ipv4Addr {
        Ipv4Addr::from(u32::from(self.cidr.network()) + offset)
    }

    /// The /28 prefix of block `block`.
    pub fn prefix(&self, block: u32) -> Ipv4Prefix {
        Ipv4Prefix::containing(self.address(block * PREFIX_SIZE))
    }

    /// The block number of `prefix`, if it lies in the subnet.
    pub fn block(&self, prefix: Ipv4Prefix) -> Option<u32> {
        self.offset(prefix.network())
            .map(|offset| offset / PREFIX_SIZE)
    }

    /// Whether block `block` holds one of the five reserved addresses.
    pub fn block_has_reserved_address(&self, block: u32) -> bool {
        let first = block * PREFIX_SIZE;
        (first..first + PREFIX_SIZE).any(|offset| self.allocator.is_reserved(offset))
    }

    /// Usable addresses: the size less the five reserved.
    pub fn usable(&self) -> u32 {
        self.allocator.usable()
    }

    /// Owned addresses, a prefix counting 16.
    pub fn owned(&self) -> u32 {
        self.allocator.owned_count()
    }

    /// `AvailableIpAddressCount`: usable less owned (reservations do not change it, a policy).
    pub fn available_ip_address_count(&self) -> u32 {
        self.usable() - self.owned()
    }

    /// Aligned /28 blocks an automatic prefix could still take: what `Ipv4PrefixCount` can get.
    pub fn free_aligned_blocks(&self) -> u32 {
        self.allocator.free_block_count()
    }

    /// The subnet's CIDR reservations.
    pub fn reservations(&self) -> &[SubnetCidrReservation] {
        &self.reservations
    }

    /// Who holds the address at `offset` on its own, if anyone.
    pub fn owner(&self, offset: u32) -> Option<AddressOwner> {
        self.owners.get(&offset).copied()
    }

    /// Who holds block `block` as a prefix, if anyone.
    pub fn prefix_owner(&self, block: u32) -> Option<NetworkInterfaceId> {
        self.prefix_owners.get(&block).copied()
    }

    /// The allocator, to read: which addresses are reserved, owned, available.
    pub(crate) fn allocator(&self) -> &SubnetAllocator {
        &self.allocator
    }

    /// Every address owned on its own, by offset, in no order.
    pub(crate) fn owned_addresses(&self) -> impl Iterator<Item = (u32, AddressOwner)> + '_ {
        self.owners.iter().map(|(&offset, &owner)| (offset, owner))
    }

    /// Marks a free address owned by `owner`.
    pub(crate) fn take_address(&mut self, offset: u32, owner: AddressOwner) {
        self.allocator.own(offset);
        self.owners.insert(offset, owner);
    }

    /// Gives an owned address to another owner (a reassignment); the address stays owned.
    pub(crate) fn move_address(&mut self, offset: u32, owner: AddressOwner) {
        self.owners.insert(offset, owner);
    }

    /// Frees an address owned on its own.
    pub(crate) fn free_address(&mut self, offset: u32) {
        if self.owners.remove(&offset).is_some() {
            self.allocator.release(offset);
        }
    }

    /// Marks a free block owned as a prefix by `owner`.
    pub(crate) fn take_block(&mut self, block: u32, owner: NetworkInterfaceId) {
        self.allocator.own_block(block);
        self.prefix_owners.insert(block, owner);
    }

    /// Frees a prefix.
    pub(crate) fn free_block(&mut self, block: u32) {
        if self.prefix_owners.remove(&block).is_some() {
            self.allocator.release_block(block);
        }
    }

    /// Picks `count` automatic addresses for `owner`, in pick order; `None`, changing nothing,
    /// when the subnet has fewer.
    pub(crate) fn take_automatic_addresses(
        &mut self,
        count: u32,
        picker: &mut Picker,
        owner: AddressOwner,
    ) -> Option<Vec<u32>> {
        let mut offsets = Vec::with_capacity(count as usize);
        if !self
            .allocator
            .allocate_addresses(count, picker, &mut offsets)
        {
            return None;
        }
        for &offset in &offsets {
            self.owners.insert(offset, owner);
        }
        Some(offsets)
    }

    /// Picks `count` automatic /28 blocks for `owner`, in pick order; `None`, changing nothing,
    /// when the subnet has fewer.
    pub(crate) fn take_automatic_blocks(
        &mut self,
        count: u32,
        picker: &mut Picker,
        owner: NetworkInterfaceId,
    ) -> Option<Vec<u32>> {
        let mut blocks = Vec::with_capacity(count as usize);
        if !self.allocator.allocate_blocks(count, picker, &mut blocks) {
            return None;
        }
        for &block in &blocks {
            self.prefix_owners.insert(block, owner);
        }
        Some(blocks)
    }

    /// Works out a new interface's claim on copies of the allocator and `picker`, automatic
    /// prefixes picked before automatic addresses (so that an automatic primary never spoils a
    /// free /28 the same request needs), and rule 15 checked before rule 16.
    pub(crate) fn plan_claim(
        &self,
        claim: &Claim<'_>,
        picker: &Picker,
    ) -> Result<ClaimPlan, Shortage> {
        let mut allocator = self.allocator.clone();
        let mut picker = picker.clone();
        for &offset in claim.addresses {
            allocator.own(offset);
        }
        for &block in claim.blocks {
            allocator.own_block(block);
        }
        let short_of_addresses = |allocator: &SubnetAllocator| Shortage::Addresses {
            available: allocator.available_for_automatic_addresses(),
        };
        if allocator.available_for_automatic_addresses() < claim.automatic_addresses {
            return Err(short_of_addresses(&allocator));
        }
        let mut blocks = claim.blocks.to_vec();
        if !allocator.allocate_blocks(claim.automatic_blocks, &mut picker, &mut blocks) {
            return Err(Shortage::Blocks {
                available: allocator.free_block_count(),
            });
        }
        let mut automatic = Vec::with_capacity(claim.automatic_addresses as usize);
        if !allocator.allocate_addresses(claim.automatic_addresses, &mut picker, &mut automatic) {
            return Err(short_of_addresses(&allocator));
        }
        let mut addresses = Vec::with_capacity(claim.addresses.len() + automatic.len());
        if claim.primary == Primary::Automatic && !automatic.is_empty() {
            addresses.push(automatic.remove(0));
        }
        addresses.extend_from_slice(claim.addresses);
        addresses.extend(automatic);
        Ok(ClaimPlan {
            allocator,
            picker,
            addresses,
            blocks,
            primary: claim.primary,
        })
    }

    /// Takes what `plan` worked out for the new interface `owner`, advancing `picker` as the
    /// plan's picks did; gives every address, primary first, and every block.
    pub(crate) fn commit_claim(
        &mut self,
        plan: ClaimPlan,
        owner: NetworkInterfaceId,
        picker: &mut Picker,
    ) -> (Vec<u32>, Vec<u32>) {
        self.allocator = plan.allocator;
        *picker = plan.picker;
        for (index, &offset) in plan.addresses.iter().enumerate() {
            let record = AddressOwner {
                network_interface_id: owner,
                primary: plan.primary != Primary::Without && index == 0,
            };
            self.owners.insert(offset, record);
        }
        for &block in &plan.blocks {
            self.prefix_owners.insert(block, owner);
        }
        (plan.addresses, plan.blocks)
    }

    /// Adds a checked reservation: inside the subnet, overlapping no other of its VPC.
    pub(crate) fn add_reservation(&mut self, reservation: SubnetCidrReservation) {
        let (offset, len) = self.span(reservation.cidr);
        self.allocator
            .add_reservation(offset, len, reservation.kind);
        self.reservations.push(reservation);
    }

    /// Removes a reservation and gives it back; `None` when the subnet has no such one.
    pub(crate) fn remove_reservation(
        &mut self,
        id: SubnetCidrReservationId,
    ) -> Option<SubnetCidrReservation> {
        let index = self.reservations.iter().position(|r| r.id == id)?;
        let reservation = self.reservations.remove(index);
        let (offset, len) = self.span(reservation.cidr);
        self.allocator.remove_reservation(offset, len);
        Some(reservation)
    }

    /// The offset and length of a block inside the subnet.
    fn span(&self, cidr: Ipv4Net) -> (u32, u32) {
        let offset = u32::from(cidr.network()) - u32::from(self.cidr.network());
        (offset, 1_u32 << (32 - u32::from(cidr.prefix_len())))
    }
}

use crate::error::Error;
use crate::ids::IdKind;
use crate::model::vpc::{parse_cidr, CIDR_LENGTHS};
use crate::model::{not_found, Ec2, DEFAULT_AVAILABILITY_ZONE};

impl Ec2 {
    /// CreateSubnet: a subnet of `vpc_id`, /16 to /28 inside the VPC (`InvalidSubnet.Range`)
    /// and overlapping no sibling (`InvalidSubnet.Conflict`).
    pub fn create_subnet(
        &mut self,
        vpc_id: VpcId,
        cidr_block: &str,
        availability_zone: Option<&str>,
    ) -> Result<SubnetId, Error> {
        let vpc = self.vpc(vpc_id)?;
        let cidr = parse_cidr("cidrBlock", cidr_block)?;
        if !CIDR_LENGTHS.contains(&cidr.prefix_len()) || !vpc.contains(&cidr) {
            return Err(Error::SubnetRange {
                cidr: cidr_block.to_owned(),
            });
        }
        let overlaps = self.subnets.values().any(|sibling| {
            sibling.vpc_id == vpc_id
                && (sibling.cidr.contains(&cidr) || cidr.contains(&sibling.cidr))
        });
        if overlaps {
            return Err(Error::SubnetConflict {
                cidr: cidr_block.to_owned(),
            });
        }
        let id = SubnetId::from_number(self.mint());
        let zone = availability_zone
            .unwrap_or(DEFAULT_AVAILABILITY_ZONE)
            .to_owned();
        self.subnets.insert(id, Subnet::new(id, vpc_id, cidr, zone));
        Ok(id)
    }

    /// CreateSubnetCidrReservation: reserves a block of the subnet. It must lie inside the
    /// subnet and overlap no other reservation of the VPC; it never unassigns anything (doc).
    pub fn create_subnet_cidr_reservation(
        &mut self,
        subnet_id: SubnetId,
        cidr: &str,
        kind: ReservationKind,
        description: Option<String>,
    ) -> Result<SubnetCidrReservationId, Error> {
        let subnet = self.subnet(subnet_id)?;
        let reserved = parse_cidr("cidr", cidr)?;
        if !subnet.cidr.contains(&reserved) {
            return Err(Error::ReservationOutsideSubnet {
                subnet_cidr: subnet.cidr.to_string(),
            });
        }
        let vpc_id = subnet.vpc_id;
        let overlaps = self
            .subnets
            .values()
            .filter(|other| other.vpc_id == vpc_id)
            .flat_map(|other| &other.reservations)
            .any(|r| r.cidr.contains(&reserved) || reserved.contains(&r.cidr));
        if overlaps {
            return Err(Error::ReservationOverlap {
                cidr: reserved.to_string(),
            });
        }
        let id = SubnetCidrReservationId::from_number(self.mint());
        let subnet = self
            .subnets
            .get_mut(&subnet_id)
            .ok_or_else(|| not_found(IdKind::Subnet, subnet_id))?;
        subnet.add_reservation(SubnetCidrReservation {
            id,
            subnet_id,
            cidr: reserved,
            kind,
            description,
        });
        Ok(id)
    }

    /// DeleteSubnetCidrReservation: removes a reservation and gives it back.
    pub fn delete_subnet_cidr_reservation(
        &mut self,
        id: SubnetCidrReservationId,
    ) -> Result<SubnetCidrReservation, Error> {
        let removed = self
            .subnets
            .values_mut()
            .find_map(|subnet| subnet.remove_reservation(id))
            .ok_or_else(|| not_found(IdKind::SubnetCidrReservation, id))?;
        self.forget_tags(&id.to_string());
        Ok(removed)
    }

    /// ModifySubnetAttribute: one setting of a subnet.
    pub fn modify_subnet_attribute(
        &mut self,
        id: SubnetId,
        change: SubnetAttributeChange,
    ) -> Result<(), Error> {
        let subnet = self
            .subnets
            .get_mut(&id)
            .ok_or_else(|| not_found(IdKind::Subnet, id))?;
        subnet.attributes.apply(change);
        Ok(())
    }

    /// DeleteSubnet: `DependencyViolation` while interfaces remain in the subnet; its CIDR
    /// reservations go with it, and their tags.
    pub fn delete_subnet(&mut self, id: SubnetId) -> Result<(), Error> {
        self.subnet(id)?;
        if self
            .network_interfaces
            .values()
            .any(|eni| eni.subnet_id == id)
        {
            return Err(Error::DependencyViolation {
                noun: "subnet",
                id: id.to_string(),
            });
        }
        if let Some(subnet) = self.subnets.remove(&id) {
            for reservation in subnet.reservations() {
                self.forget_tags(&reservation.id.to_string());
            }
        }
        self.forget_tags(&id.to_string());
        Ok(())
    }

    /// A subnet CIDR reservation by id.
    pub fn subnet_cidr_reservation(
        &self,
        id: SubnetCidrReservationId,
    ) -> Result<&SubnetCidrReservation, Error> {
        self.subnets
            .values()
            .flat_map(|subnet| subnet.reservations())
            .find(|reservation| reservation.id == id)
            .ok_or_else(|| not_found(IdKind::SubnetCidrReservation, id))
    }
}
