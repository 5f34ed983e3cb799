//! VPCs as the model holds them.

use ipnet::Ipv4Net;

use crate::ids::VpcId;

/// A VPC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vpc {
    /// Its id.
    pub id: VpcId,
    /// Its primary IPv4 CIDR, /16 to /28, canonical.
    pub cidr: Ipv4Net,
    /// Further IPv4 CIDRs associated with it (loaded from DescribeVpcs).
    pub secondary_cidrs: Vec<Ipv4Net>,
}

impl Vpc {
    /// Whether `cidr` lies inside one of the VPC's CIDRs.
    pub fn contains(&self, cidr: &Ipv4Net) -> bool {
        std::iter::once(&self.cidr)
            .chain(&self.secondary_cidrs)
            .any(|own| own.contains(cidr))
    }
}

use std::str::FromStr;

use crate::error::Error;
use crate::model::Ec2;

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
    /// CreateVpc: a VPC with an IPv4 CIDR from /16 to /28 (`InvalidVpc.Range` otherwise).
    pub fn create_vpc(&mut self, cidr_block: &str) -> Result<VpcId, Error> {
        let cidr = parse_cidr("cidrBlock", cidr_block)?;
        if !CIDR_LENGTHS.contains(&cidr.prefix_len()) {
            return Err(Error::VpcRange {
                cidr: cidr_block.to_owned(),
            });
        }
        let id = VpcId::from_number(self.mint());
        self.vpcs.insert(
            id,
            Vpc {
                id,
                cidr,
                secondary_cidrs: Vec::new(),
            },
        );
        Ok(id)
    }
}
