//! Security groups: each VPC's default group, the groups interfaces carry, and the checks EC2
//! makes when groups are given to an interface.

use ipnet::Ipv4Net;

use crate::ids::{SecurityGroupId, SubnetId, VpcId};

/// The most security groups one interface holds (EC2's default quota, doc).
pub const MAX_GROUPS_PER_INTERFACE: usize = 5;

/// One rule of a security group (`IpPermission`): a protocol and, for TCP and UDP, ports, from
/// or to address ranges and other groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IpPermission {
    /// `-1` for every protocol, else its name or number (`tcp`, `6`).
    pub ip_protocol: String,
    /// The first port, for TCP and UDP.
    pub from_port: Option<i32>,
    /// The last port, for TCP and UDP.
    pub to_port: Option<i32>,
    /// IPv4 ranges (`IpRanges`).
    pub ip_ranges: Vec<Ipv4Net>,
    /// Groups whose members the rule covers (`UserIdGroupPairs`).
    pub groups: Vec<SecurityGroupId>,
}

impl IpPermission {
    /// Every protocol and port, from or to `cidr`.
    fn all_traffic_cidr(cidr: Ipv4Net) -> IpPermission {
        IpPermission {
            ip_protocol: "-1".into(),
            from_port: None,
            to_port: None,
            ip_ranges: vec![cidr],
            groups: Vec::new(),
        }
    }

    /// Every protocol and port, from or to the members of `group`.
    fn all_traffic_group(group: SecurityGroupId) -> IpPermission {
        IpPermission {
            ip_protocol: "-1".into(),
            from_port: None,
            to_port: None,
            ip_ranges: Vec::new(),
            groups: vec![group],
        }
    }
}

/// A security group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityGroup {
    /// Its id.
    pub id: SecurityGroupId,
    /// Its VPC.
    pub vpc_id: VpcId,
    /// Its name, unique in its VPC; a VPC's default group is `default`.
    pub name: String,
    /// Its description.
    pub description: String,
    /// Inbound rules.
    pub ingress: Vec<IpPermission>,
    /// Outbound rules.
    pub egress: Vec<IpPermission>,
}

/// The name of every VPC's default security group.
pub const DEFAULT_GROUP_NAME: &str = "default";

impl SecurityGroup {
    /// A VPC's default group as EC2 creates it (doc): `default`, "default VPC security group",
    /// all inbound traffic from its own members and all outbound traffic to anywhere.
    pub(crate) fn default_for(vpc_id: VpcId, id: SecurityGroupId) -> SecurityGroup {
        SecurityGroup {
            id,
            vpc_id,
            name: DEFAULT_GROUP_NAME.into(),
            description: "default VPC security group".into(),
            ingress: vec![IpPermission::all_traffic_group(id)],
            egress: vec![IpPermission::all_traffic_cidr(Ipv4Net::default())],
        }
    }

    /// A group known only by the id and name an interface's description gave: its
    /// description and rules were not loaded, and none are made up.
    #[cfg(feature = "serde")]
    pub(crate) fn named(vpc_id: VpcId, id: SecurityGroupId, name: String) -> SecurityGroup {
        SecurityGroup {
            id,
            vpc_id,
            name,
            description: String::new(),
            ingress: Vec::new(),
            egress: Vec::new(),
        }
    }

    /// Whether this is its VPC's default group.
    pub fn is_default(&self) -> bool {
        self.name == DEFAULT_GROUP_NAME
    }
}

use crate::error::Error;
use crate::ids::IdKind;
use crate::model::{not_found, Ec2};

impl Ec2 {
    /// A security group by id (`InvalidGroup.NotFound` when there is none).
    pub fn security_group(&self, id: SecurityGroupId) -> Result<&SecurityGroup, Error> {
        self.security_groups
            .get(&id)
            .ok_or_else(|| not_found(IdKind::SecurityGroup, id))
    }

    /// Every security group, ordered by id.
    pub fn security_groups(&self) -> Vec<&SecurityGroup> {
        super::sorted(self.security_groups.values(), |group| group.id)
    }

    /// The default security group of a VPC: what an interface gets when it is given none.
    pub fn default_security_group(&self, vpc_id: VpcId) -> Result<SecurityGroupId, Error> {
        Ok(self.vpc(vpc_id)?.default_security_group_id)
    }

    /// The groups a new interface in `subnet_id` carries, or the whole new list
    /// ModifyNetworkInterfaceAttribute gives one: the groups asked for, each counted once, or
    /// the VPC's default group when none are. Every group must exist
    /// (`InvalidGroup.NotFound`) in the subnet's VPC (`InvalidParameter`), and an interface
    /// holds at most [`MAX_GROUPS_PER_INTERFACE`]
    /// (`SecurityGroupsPerInterfaceLimitExceeded`).
    ///
    /// Every path that makes an interface (CreateNetworkInterface, RunInstances' primary
    /// interface) gives its groups through here.
    pub fn interface_groups(
        &self,
        subnet_id: SubnetId,
        asked: &[SecurityGroupId],
    ) -> Result<Vec<SecurityGroupId>, Error> {
        let vpc_id = self.subnet(subnet_id)?.vpc_id;
        if asked.is_empty() {
            return Ok(vec![self.default_security_group(vpc_id)?]);
        }
        let mut groups: Vec<SecurityGroupId> = Vec::with_capacity(asked.len());
        for &group_id in asked {
            if !groups.contains(&group_id) {
                groups.push(group_id);
            }
        }
        for &group_id in &groups {
            match self.security_groups.get(&group_id) {
                None => return Err(Error::SecurityGroupNotFoundInVpc { group_id, vpc_id }),
                Some(group) if group.vpc_id != vpc_id => {
                    return Err(Error::SecurityGroupInOtherNetwork {
                        group_id,
                        subnet_id,
                    })
                }
                Some(_) => {}
            }
        }
        if groups.len() > MAX_GROUPS_PER_INTERFACE {
            return Err(Error::SecurityGroupsPerInterfaceLimitExceeded {
                count: groups.len(),
            });
        }
        Ok(groups)
    }
}
