//! Network ACLs: each VPC's default network ACL, as EC2 creates it with the VPC.
//!
//! The model holds no network ACL of its own: a VPC's default ACL follows from the VPC and its
//! subnets (its id is named after the VPC's, every subnet of the VPC is associated with it), so
//! it can never disagree with them.

use ipnet::Ipv4Net;

use crate::ids::{NetworkAclId, SubnetId, VpcId};

/// Whether a network ACL entry lets traffic through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleAction {
    /// `allow`.
    Allow,
    /// `deny`.
    Deny,
}

impl RuleAction {
    /// The action as EC2 spells it.
    pub const fn as_str(self) -> &'static str {
        match self {
            RuleAction::Allow => "allow",
            RuleAction::Deny => "deny",
        }
    }
}

/// One entry (rule) of a network ACL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkAclEntry {
    /// `RuleNumber`: rules apply lowest first; 32767 is the catch-all.
    pub rule_number: u16,
    /// `Protocol`: `-1` for every protocol.
    pub protocol: &'static str,
    /// `RuleAction`.
    pub rule_action: RuleAction,
    /// `Egress`: outbound rather than inbound.
    pub egress: bool,
    /// `CidrBlock`.
    pub cidr_block: Ipv4Net,
}

/// A network ACL's association with a subnet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkAclAssociation {
    /// `NetworkAclAssociationId`: `aclassoc-...`.
    pub id: String,
    /// The subnet.
    pub subnet_id: SubnetId,
}

/// A network ACL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkAcl {
    /// Its id.
    pub id: NetworkAclId,
    /// Its VPC.
    pub vpc_id: VpcId,
    /// `IsDefault`: its VPC's default ACL.
    pub is_default: bool,
    /// Its entries, egress first, each direction by rule number (as EC2 lists them).
    pub entries: Vec<NetworkAclEntry>,
    /// Its associations, one per subnet.
    pub associations: Vec<NetworkAclAssociation>,
}

use crate::error::Error;
use crate::ids::IdKind;
use crate::model::{digits_of, not_found, Ec2, Vpc};

impl NetworkAcl {
    /// A VPC's default network ACL as EC2 creates it (doc): in each direction, rule 100 allows
    /// all traffic and rule 32767 denies what no rule allowed. Every subnet of the VPC is
    /// associated with it, each association named after its subnet.
    fn default_of(vpc: &Vpc, subnets: &[SubnetId]) -> NetworkAcl {
        let entry = |egress, rule_number, rule_action| NetworkAclEntry {
            rule_number,
            protocol: "-1",
            rule_action,
            egress,
            cidr_block: Ipv4Net::default(),
        };
        NetworkAcl {
            id: vpc.default_network_acl_id(),
            vpc_id: vpc.id,
            is_default: true,
            entries: vec![
                entry(true, 100, RuleAction::Allow),
                entry(true, 32767, RuleAction::Deny),
                entry(false, 100, RuleAction::Allow),
                entry(false, 32767, RuleAction::Deny),
            ],
            associations: subnets
                .iter()
                .map(|&subnet_id| NetworkAclAssociation {
                    id: format!("aclassoc-{}", digits_of(&subnet_id)),
                    subnet_id,
                })
                .collect(),
        }
    }
}

impl Ec2 {
    /// The default network ACL of a VPC.
    fn default_network_acl(&self, vpc: &Vpc) -> NetworkAcl {
        let subnets: Vec<SubnetId> = self
            .subnets()
            .into_iter()
            .filter(|subnet| subnet.vpc_id == vpc.id)
            .map(|subnet| subnet.id)
            .collect();
        NetworkAcl::default_of(vpc, &subnets)
    }

    /// Every network ACL, ordered by id: each VPC's default ACL.
    pub fn network_acls(&self) -> Vec<NetworkAcl> {
        let mut acls: Vec<NetworkAcl> = self
            .vpcs
            .values()
            .map(|vpc| self.default_network_acl(vpc))
            .collect();
        acls.sort_by_key(|acl| acl.id);
        acls
    }

    /// A network ACL by id (`InvalidNetworkAclID.NotFound` when there is none).
    pub fn network_acl(&self, id: NetworkAclId) -> Result<NetworkAcl, Error> {
        self.vpcs
            .values()
            .find(|vpc| vpc.default_network_acl_id() == id)
            .map(|vpc| self.default_network_acl(vpc))
            .ok_or_else(|| not_found(IdKind::NetworkAcl, id))
    }
}
