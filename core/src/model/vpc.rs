//! VPCs as the model holds them: their CIDRs, DHCP options, DNS attributes and default
//! security group, and CreateVpc, ModifyVpcAttribute and DeleteVpc.

use ipnet::Ipv4Net;

use crate::ids::{NetworkAclId, RouteTableId, SecurityGroupId, VpcId};

/// A VPC's attributes, as DescribeVpcAttribute shows them and ModifyVpcAttribute changes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VpcAttributes {
    /// `enableDnsSupport`: the Amazon DNS server answers in the VPC.
    pub enable_dns_support: bool,
    /// `enableDnsHostnames`: instances get public DNS hostnames.
    pub enable_dns_hostnames: bool,
    /// `enableNetworkAddressUsageMetrics`: Network Address Usage metrics are on.
    pub enable_network_address_usage_metrics: bool,
}

impl Default for VpcAttributes {
    /// What CreateVpc gives (doc): DNS support on, DNS hostnames and address usage metrics off.
    fn default() -> Self {
        VpcAttributes {
            enable_dns_support: true,
            enable_dns_hostnames: false,
            enable_network_address_usage_metrics: false,
        }
    }
}

/// One attribute of a VPC, as `Attribute` names it in DescribeVpcAttribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VpcAttribute {
    /// `enableDnsSupport`.
    EnableDnsSupport,
    /// `enableDnsHostnames`.
    EnableDnsHostnames,
    /// `enableNetworkAddressUsageMetrics`.
    EnableNetworkAddressUsageMetrics,
}

impl VpcAttribute {
    /// Every attribute, in the order EC2's documentation lists them.
    pub const ALL: &'static [VpcAttribute] = &[
        VpcAttribute::EnableDnsSupport,
        VpcAttribute::EnableDnsHostnames,
        VpcAttribute::EnableNetworkAddressUsageMetrics,
    ];

    /// The names `Attribute` accepts, in the order of [`VpcAttribute::ALL`].
    pub const NAMES: &'static [&'static str] = &[
        "enableDnsSupport",
        "enableDnsHostnames",
        "enableNetworkAddressUsageMetrics",
    ];

    /// The attribute's name as EC2 spells it: `enableDnsSupport`.
    pub const fn as_str(self) -> &'static str {
        match self {
            VpcAttribute::EnableDnsSupport => "enableDnsSupport",
            VpcAttribute::EnableDnsHostnames => "enableDnsHostnames",
            VpcAttribute::EnableNetworkAddressUsageMetrics => "enableNetworkAddressUsageMetrics",
        }
    }

    /// The attribute's member in ModifyVpcAttribute and in DescribeVpcAttribute's response:
    /// `EnableDnsSupport`.
    pub const fn member(self) -> &'static str {
        match self {
            VpcAttribute::EnableDnsSupport => "EnableDnsSupport",
            VpcAttribute::EnableDnsHostnames => "EnableDnsHostnames",
            VpcAttribute::EnableNetworkAddressUsageMetrics => "EnableNetworkAddressUsageMetrics",
        }
    }

    /// The attribute with this name; `InvalidParameterValue` naming the allowed ones otherwise.
    pub fn parse(name: &str) -> Result<VpcAttribute, Error> {
        VpcAttribute::ALL
            .iter()
            .copied()
            .find(|attribute| attribute.as_str() == name)
            .ok_or_else(|| Error::NotOneOf {
                parameter: "Attribute",
                value: name.to_owned(),
                allowed: VpcAttribute::NAMES,
            })
    }
}

impl VpcAttributes {
    /// The value of one attribute.
    pub fn get(&self, attribute: VpcAttribute) -> bool {
        match attribute {
            VpcAttribute::EnableDnsSupport => self.enable_dns_support,
            VpcAttribute::EnableDnsHostnames => self.enable_dns_hostnames,
            VpcAttribute::EnableNetworkAddressUsageMetrics => {
                self.enable_network_address_usage_metrics
            }
        }
    }

    fn set(&mut self, attribute: VpcAttribute, value: bool) {
        match attribute {
            VpcAttribute::EnableDnsSupport => self.enable_dns_support = value,
            VpcAttribute::EnableDnsHostnames => self.enable_dns_hostnames = value,
            VpcAttribute::EnableNetworkAddressUsageMetrics => {
                self.enable_network_address_usage_metrics = value
            }
        }
    }
}

/// A VPC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vpc {
    /// Its id.
    pub id: VpcId,
    /// Its primary IPv4 CIDR, /16 to /28, canonical.
    pub cidr: Ipv4Net,
    /// Further IPv4 CIDRs associated with it (loaded from DescribeVpcs).
    pub secondary_cidrs: Vec<Ipv4Net>,
    /// Its DHCP options set: a `dopt-` id, or `default` for none.
    pub dhcp_options_id: String,
    /// Its DNS and address-usage attributes.
    pub attributes: VpcAttributes,
    /// Its security group named `default`, which an interface gets when it is given none.
    pub default_security_group_id: SecurityGroupId,
}

impl Vpc {
    /// A VPC with CreateVpc's defaults: the model's DHCP options, the default attributes, and
    /// a default security group named after the VPC.
    pub(crate) fn new(id: VpcId, cidr: Ipv4Net, dhcp_options_id: String) -> Vpc {
        Vpc {
            id,
            cidr,
            secondary_cidrs: Vec::new(),
            dhcp_options_id,
            attributes: VpcAttributes::default(),
            default_security_group_id: id.default_security_group(),
        }
    }

    /// Whether `cidr` lies inside one of the VPC's CIDRs.
    pub fn contains(&self, cidr: &Ipv4Net) -> bool {
        self.cidrs().any(|own| own.contains(cidr))
    }

    /// Every IPv4 CIDR of the VPC, the primary first.
    pub fn cidrs(&self) -> impl Iterator<Item = &Ipv4Net> {
        std::iter::once(&self.cidr).chain(&self.secondary_cidrs)
    }

    /// Its main route table.
    pub fn main_route_table_id(&self) -> RouteTableId {
        self.id.main_route_table()
    }

    /// Its default network ACL.
    pub fn default_network_acl_id(&self) -> NetworkAclId {
        self.id.default_network_acl()
    }
}

use std::str::FromStr;

use crate::error::Error;
use crate::ids::IdKind;
use crate::model::{not_found, Ec2, SecurityGroup};

/// The smallest and largest VPC and subnet CIDRs: /16 to /28.
pub(crate) const CIDR_LENGTHS: std::ops::RangeInclusive<u8> = 16..=28;

/// Parses a CIDR block as CreateVpc and CreateSubnet do: host bits are cleared (doc).
pub(crate) fn parse_cidr(parameter: &'static str, text: &str) -> Result<Ipv4Net, Error> {
    Ipv4Net::from_str(text)
        .map(|net| net.trunc())
        .map_err(|_| Error::InvalidCidr {
            parameter,
            value: text.to_owned(),
        })
}

impl Ec2 {
    /// CreateVpc: a VPC with an IPv4 CIDR from /16 to /28 (`InvalidVpc.Range` otherwise), with
    /// its default security group, main route table and default network ACL (doc).
    pub fn create_vpc(&mut self, cidr_block: &str) -> Result<VpcId, Error> {
        let cidr = parse_cidr("cidrBlock", cidr_block)?;
        if !CIDR_LENGTHS.contains(&cidr.prefix_len()) {
            return Err(Error::VpcRange {
                cidr: cidr_block.to_owned(),
            });
        }
        let id = VpcId::from_number(self.mint());
        let vpc = Vpc::new(id, cidr, self.default_dhcp_options_id.clone());
        self.add_vpc(vpc);
        Ok(id)
    }

    /// Adds a VPC and its default security group (the route table and network ACL are
    /// named after the VPC and need no record).
    pub(crate) fn add_vpc(&mut self, vpc: Vpc) {
        let group = SecurityGroup::default_for(vpc.id, vpc.default_security_group_id);
        self.security_groups.insert(group.id, group);
        self.vpcs.insert(vpc.id, vpc);
    }

    /// ModifyVpcAttribute: one attribute. DNS hostnames need DNS support (doc).
    pub fn modify_vpc_attribute(
        &mut self,
        id: VpcId,
        attribute: VpcAttribute,
        value: bool,
    ) -> Result<(), Error> {
        let vpc = self.vpc(id)?;
        if attribute == VpcAttribute::EnableDnsHostnames
            && value
            && !vpc.attributes.enable_dns_support
        {
            return Err(Error::DnsHostnamesWithoutDnsSupport { vpc_id: id });
        }
        let vpc = self
            .vpcs
            .get_mut(&id)
            .ok_or_else(|| not_found(IdKind::Vpc, id))?;
        vpc.attributes.set(attribute, value);
        Ok(())
    }

    /// DeleteVpc: `DependencyViolation` while the VPC has subnets or security groups other than
    /// its default; its default security group, main route table and default network ACL go
    /// with it, and their tags.
    pub fn delete_vpc(&mut self, id: VpcId) -> Result<(), Error> {
        let vpc = self.vpc(id)?;
        let default_group = vpc.default_security_group_id;
        let (route_table, network_acl) = (vpc.main_route_table_id(), vpc.default_network_acl_id());
        let has_subnets = self.subnets.values().any(|subnet| subnet.vpc_id == id);
        let has_groups = self
            .security_groups
            .values()
            .any(|group| group.vpc_id == id && group.id != default_group);
        if has_subnets || has_groups {
            return Err(Error::DependencyViolation {
                noun: "vpc",
                id: id.to_string(),
            });
        }
        self.security_groups.remove(&default_group);
        self.vpcs.remove(&id);
        for gone in [
            id.to_string(),
            default_group.to_string(),
            route_table.to_string(),
            network_acl.to_string(),
        ] {
            self.forget_tags(&gone);
        }
        Ok(())
    }
}
