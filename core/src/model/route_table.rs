//! Route tables: each VPC's main route table, as EC2 creates it with the VPC.
//!
//! The model holds no route table of its own: a VPC's main table follows from the VPC (its id
//! is named after the VPC's, its routes are the VPC's CIDRs), so it can never disagree with it.

use ipnet::Ipv4Net;

use crate::ids::{RouteTableId, VpcId};

/// One route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// `DestinationCidrBlock`.
    pub destination: Ipv4Net,
    /// `GatewayId`: `local` for the route to the VPC's own CIDR.
    pub gateway_id: &'static str,
    /// `Origin`: `CreateRouteTable` for a route EC2 made with the table.
    pub origin: &'static str,
    /// `State`: `active`.
    pub state: &'static str,
}

/// A route table's association with a subnet, or its marking as its VPC's main table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteTableAssociation {
    /// `RouteTableAssociationId`: `rtbassoc-...`.
    pub id: String,
    /// `Main`: the association that makes the table its VPC's main one.
    pub main: bool,
}

/// A route table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteTable {
    /// Its id.
    pub id: RouteTableId,
    /// Its VPC.
    pub vpc_id: VpcId,
    /// Its routes.
    pub routes: Vec<Route>,
    /// Its associations.
    pub associations: Vec<RouteTableAssociation>,
}

use crate::error::Error;
use crate::ids::IdKind;
use crate::model::{digits_of, not_found, Ec2, Vpc};

impl RouteTable {
    /// A VPC's main route table as EC2 creates it (doc): a `local` route for each of the
    /// VPC's CIDRs and the main association. Subnets that have no table of their own use the
    /// main one implicitly, and EC2 lists no association for them.
    pub(crate) fn main_of(vpc: &Vpc) -> RouteTable {
        RouteTable {
            id: vpc.main_route_table_id(),
            vpc_id: vpc.id,
            routes: vpc
                .cidrs()
                .map(|&destination| Route {
                    destination,
                    gateway_id: "local",
                    origin: "CreateRouteTable",
                    state: "active",
                })
                .collect(),
            associations: vec![RouteTableAssociation {
                id: format!("rtbassoc-{}", digits_of(&vpc.id)),
                main: true,
            }],
        }
    }
}

impl Ec2 {
    /// Every route table, ordered by id: each VPC's main table.
    pub fn route_tables(&self) -> Vec<RouteTable> {
        let mut tables: Vec<RouteTable> = self.vpcs.values().map(RouteTable::main_of).collect();
        tables.sort_by_key(|table| table.id);
        tables
    }

    /// A route table by id (`InvalidRouteTableID.NotFound` when there is none).
    pub fn route_table(&self, id: RouteTableId) -> Result<RouteTable, Error> {
        self.vpcs
            .values()
            .find(|vpc| vpc.main_route_table_id() == id)
            .map(RouteTable::main_of)
            .ok_or_else(|| not_found(IdKind::RouteTable, id))
    }
}
