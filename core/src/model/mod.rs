//! The EC2 model: VPCs (with their default security group, main route table and default
//! network ACL), subnets, network interfaces, instances and Elastic IPs, and every operation on
//! them, each all-or-nothing.
//!
//! Every operation checks all of its rules before it changes anything, so a call that fails
//! leaves the state exactly as it was.

mod address_assignment;
mod capacity;
mod client_tokens;
mod elastic_ip;
mod instance;
pub(crate) mod instance_attributes;
mod instance_launch;
mod instance_metadata;
#[cfg(feature = "serde")]
pub(crate) mod load;
mod network_acl;
mod network_interface;
mod route_table;
mod security_group;
mod subnet;
mod subnet_report;
mod tags;
mod timestamp;
mod vpc;

pub use crate::alloc::{ReservationKind, Strategy};
pub use address_assignment::UnvalidatedRequest;
pub use capacity::InstanceCapacity;
pub use elastic_ip::{AssociateTarget, ElasticIp, ElasticIpAssociation};
pub use instance::{Instance, InstanceInterface, InstanceState, RunInstances};
pub use instance_attributes::{InstanceAttributeChange, InstanceAttributes, ShutdownBehavior};
pub use instance_launch::{
    InterfaceLaunch, InterfaceLaunchResult, LaunchInterface, RunInstancesOnInterfaces,
};
pub use instance_metadata::{InstanceMetadata, InterfaceMetadata};
pub use network_acl::{NetworkAcl, NetworkAclAssociation, NetworkAclEntry, RuleAction};
pub use network_interface::{Attachment, NetworkInterface, NetworkInterfaceAttributeChange};
pub use route_table::{Route, RouteTable, RouteTableAssociation};
pub use security_group::{
    IpPermission, SecurityGroup, DEFAULT_GROUP_NAME, MAX_GROUPS_PER_INTERFACE,
};
pub use subnet::{
    AddressOwner, HostnameType, Subnet, SubnetAttributeChange, SubnetAttributes,
    SubnetCidrReservation,
};
pub use subnet_report::{BlockUse, PinnedBlock, SubnetReport};
pub use tags::{TaggedKind, Tags, MAX_TAGS};
pub use timestamp::Timestamp;
pub use vpc::{Vpc, VpcAttribute, VpcAttributes};

use crate::alloc::Picker;
use crate::error::Error;
use crate::hash::KeyMap;
use crate::ids::{
    AllocationId, AssociationId, AttachmentId, IdKind, InstanceId, NetworkInterfaceId,
    SecurityGroupId, SubnetId, VpcId,
};
use crate::limits::InstanceTypes;

/// The availability zone of subnets created without one (a policy: the model is one region,
/// us-east-1).
pub const DEFAULT_AVAILABILITY_ZONE: &str = "us-east-1a";

/// How a model picks addresses for automatic assignments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ec2Options {
    /// Seeded random (default, scattered like EC2) or lowest free (dense).
    pub strategy: Strategy,
    /// The seed: the same seed and calls give the same addresses and ids.
    pub seed: u64,
}

impl Default for Ec2Options {
    fn default() -> Self {
        Ec2Options {
            strategy: Strategy::Random,
            seed: 0,
        }
    }
}

/// The state of one EC2 region, as far as private IPv4 addressing goes.
#[derive(Debug, Clone)]
pub struct Ec2 {
    options: Ec2Options,
    picker: Picker,
    minted: u64,
    instance_types: InstanceTypes,
    /// The DHCP options set a new VPC gets: the region's default set, one for the model.
    default_dhcp_options_id: String,
    vpcs: KeyMap<VpcId, Vpc>,
    security_groups: KeyMap<SecurityGroupId, SecurityGroup>,
    subnets: KeyMap<SubnetId, Subnet>,
    network_interfaces: KeyMap<NetworkInterfaceId, NetworkInterface>,
    attachments: KeyMap<AttachmentId, NetworkInterfaceId>,
    instances: KeyMap<InstanceId, Instance>,
    elastic_ips: KeyMap<AllocationId, ElasticIp>,
    associations: KeyMap<AssociationId, AllocationId>,
    metadata: instance_metadata::MetadataClock,
    tags: tags::TagStore,
    client_tokens: client_tokens::ClientTokens,
}

impl Default for Ec2 {
    fn default() -> Self {
        Ec2::new(Ec2Options::default())
    }
}

impl Ec2 {
    /// An empty model with the embedded instance-type table.
    pub fn new(options: Ec2Options) -> Ec2 {
        Ec2 {
            options,
            picker: Picker::new(options.strategy, options.seed),
            minted: 0,
            instance_types: InstanceTypes::default(),
            default_dhcp_options_id: default_dhcp_options_id(options.seed),
            vpcs: KeyMap::default(),
            security_groups: KeyMap::default(),
            subnets: KeyMap::default(),
            network_interfaces: KeyMap::default(),
            attachments: KeyMap::default(),
            instances: KeyMap::default(),
            elastic_ips: KeyMap::default(),
            associations: KeyMap::default(),
            metadata: instance_metadata::MetadataClock::default(),
            tags: tags::TagStore::default(),
            client_tokens: client_tokens::ClientTokens::default(),
        }
    }

    /// The options the model was made with.
    pub fn options(&self) -> Ec2Options {
        self.options
    }

    /// Starts the model's random choices (automatic addresses and new ids) afresh from `seed`,
    /// keeping its state: a loaded model then gives the same answers as any other copy reseeded
    /// with the same seed.
    pub fn reseed(&mut self, seed: u64) {
        self.options.seed = seed;
        self.picker = Picker::new(self.options.strategy, seed);
    }

    /// The DHCP options set a new VPC gets.
    #[cfg(feature = "serde")]
    pub(crate) fn default_dhcp_options_id(&self) -> &str {
        &self.default_dhcp_options_id
    }

    /// The instance types the model knows.
    pub fn instance_types(&self) -> &InstanceTypes {
        &self.instance_types
    }

    /// The instance types, to add or override types.
    pub fn instance_types_mut(&mut self) -> &mut InstanceTypes {
        &mut self.instance_types
    }

    /// A fresh number for a new id. splitmix64's output function is a bijection on `u64`, so
    /// distinct counters give distinct ids, scattered like EC2's.
    pub(crate) fn mint(&mut self) -> u128 {
        self.minted += 1;
        u128::from(crate::rng::mix(
            self.minted ^ self.options.seed.rotate_left(17),
        ))
    }

    /// A VPC by id.
    pub fn vpc(&self, id: VpcId) -> Result<&Vpc, Error> {
        self.vpcs.get(&id).ok_or_else(|| not_found(IdKind::Vpc, id))
    }

    /// A subnet by id.
    pub fn subnet(&self, id: SubnetId) -> Result<&Subnet, Error> {
        self.subnets
            .get(&id)
            .ok_or_else(|| not_found(IdKind::Subnet, id))
    }

    /// A network interface by id (rule 3).
    pub fn network_interface(&self, id: NetworkInterfaceId) -> Result<&NetworkInterface, Error> {
        self.network_interfaces
            .get(&id)
            .ok_or_else(|| not_found(IdKind::NetworkInterface, id))
    }

    /// An instance by id.
    pub fn instance(&self, id: InstanceId) -> Result<&Instance, Error> {
        self.instances
            .get(&id)
            .ok_or_else(|| not_found(IdKind::Instance, id))
    }

    /// An instance by id, to change.
    pub(crate) fn instance_mut(&mut self, id: InstanceId) -> Option<&mut Instance> {
        self.instances.get_mut(&id)
    }

    /// An Elastic IP by allocation id.
    pub fn elastic_ip(&self, id: AllocationId) -> Result<&ElasticIp, Error> {
        self.elastic_ips
            .get(&id)
            .ok_or_else(|| not_found(IdKind::Allocation, id))
    }

    /// Every VPC, ordered by id.
    pub fn vpcs(&self) -> Vec<&Vpc> {
        sorted(self.vpcs.values(), |vpc| vpc.id)
    }

    /// Every subnet, ordered by id.
    pub fn subnets(&self) -> Vec<&Subnet> {
        sorted(self.subnets.values(), |subnet| subnet.id)
    }

    /// Every network interface, ordered by id.
    pub fn network_interfaces(&self) -> Vec<&NetworkInterface> {
        sorted(self.network_interfaces.values(), |eni| eni.id)
    }

    /// Every instance, terminated ones included, ordered by id.
    pub fn instances(&self) -> Vec<&Instance> {
        sorted(self.instances.values(), |instance| instance.id)
    }

    /// Every Elastic IP, ordered by allocation id.
    pub fn elastic_ips(&self) -> Vec<&ElasticIp> {
        sorted(self.elastic_ips.values(), |eip| eip.allocation_id)
    }

    /// The address slots an interface may hold: its instance type's `ipv4_per_eni` when
    /// attached; otherwise the largest of any known type (a policy, so that no interface holds
    /// unbounded addresses), and the type that set the limit, if any.
    pub(crate) fn slot_limit(&self, eni: &NetworkInterface) -> (u32, Option<&str>) {
        let attached_type = eni
            .attachment
            .and_then(|attachment| self.instances.get(&attachment.instance_id))
            .map(|instance| instance.instance_type.as_str());
        match attached_type.and_then(|name| self.instance_types.get(name)) {
            Some(instance_type) => (instance_type.ipv4_per_eni, attached_type),
            None => (self.instance_types.max_ipv4_per_eni(), None),
        }
    }
}

/// The region's default DHCP options set, which EC2 gives every VPC it creates: an id drawn
/// from the seed, so that the same seed names it the same.
fn default_dhcp_options_id(seed: u64) -> String {
    /// Keeps the draw apart from the ids `mint` makes from the same seed.
    const SALT: u64 = 0x64_6f_70_74; // "dopt"
    let digits = crate::rng::mix(seed ^ SALT) & ((1 << 60) - 1);
    format!("dopt-0{digits:016x}")
}

/// The digits of an id, after its kind's prefix: what names made from the id share
/// (`rtbassoc-` and the VPC's digits for its main route table's association).
pub(crate) fn digits_of(id: &impl std::fmt::Display) -> String {
    let text = id.to_string();
    match text.rsplit_once('-') {
        Some((_, digits)) => digits.to_owned(),
        None => text,
    }
}

/// EC2's "does not exist" error for an id.
pub(crate) fn not_found(kind: IdKind, id: impl std::fmt::Display) -> Error {
    Error::NotFound {
        kind,
        id: id.to_string(),
    }
}

fn sorted<'a, T, K: Ord>(items: impl Iterator<Item = &'a T>, key: impl Fn(&T) -> K) -> Vec<&'a T> {
    let mut items: Vec<&T> = items.collect();
    items.sort_by_key(|item| key(item));
    items
}
