//! The network a simulation starts from: an EC2 model, loaded from real `aws ec2 describe-*`
//! output or built from the scenario's `vpc`, with what loading noted.

use std::collections::BTreeMap;

use eniplan::{Ec2, SubnetId};
use serde_json::{json, Value};

use crate::error::ScenarioError;
use crate::scenario::VpcSpec;

/// Tags by key.
pub type Tags = BTreeMap<String, String>;

/// An EC2 model and what loading it noted.
#[derive(Debug, Clone, Default)]
pub struct Network {
    /// The model.
    pub ec2: Ec2,
    notes: Vec<String>,
}

impl Network {
    /// A model as it is.
    pub fn new(ec2: Ec2) -> Network {
        Network {
            ec2,
            notes: Vec::new(),
        }
    }

    /// Loads `aws ec2 describe-*` documents (any of the kinds `eniplan check --state` reads)
    /// through the core's import, which keeps their tags.
    pub fn from_describe(documents: &[Value]) -> Result<Network, eniplan::Error> {
        let mut ec2 = Ec2::default();
        let notes = ec2.load_describe(documents)?;
        let mut network = Network::new(ec2);
        network.notes = notes.warnings;
        Ok(network)
    }

    /// Builds the scenario's VPC: the same documents `aws ec2 describe-vpcs`,
    /// `describe-subnets` and `get-subnet-cidr-reservations` would print for it, loaded as
    /// [`Network::from_describe`] loads real ones. A subnet without an `id` gets one made
    /// from its name (or CIDR), so the same scenario always has the same ids.
    pub fn from_vpc(vpc: &VpcSpec) -> Result<Network, ScenarioError> {
        let vpc_id = format!("vpc-{}", stable_hex(&vpc.cidr));
        let mut subnets = Vec::new();
        let mut reservations = Vec::new();
        for (index, subnet) in vpc.subnets.iter().enumerate() {
            let member = format!("vpc.subnets[{index}]");
            let label = subnet.name.as_deref().unwrap_or(&subnet.cidr);
            let id = match &subnet.id {
                Some(id) => id.clone(),
                None => format!("subnet-{}", stable_hex(label)),
            };
            let mut tags: Vec<Value> = subnet
                .tags
                .iter()
                .filter(|(key, _)| key.as_str() != "Name" || subnet.name.is_none())
                .map(|(key, value)| json!({"Key": key, "Value": value}))
                .collect();
            if let Some(name) = &subnet.name {
                tags.insert(0, json!({"Key": "Name", "Value": name}));
            }
            subnets.push(json!({
                "SubnetId": id,
                "VpcId": vpc_id,
                "CidrBlock": subnet.cidr,
                "AvailabilityZone": subnet.zone.as_deref().unwrap_or(eniplan::model::DEFAULT_AVAILABILITY_ZONE),
                "Tags": tags,
            }));
            for (number, reservation) in subnet.reservations.iter().enumerate() {
                let kind = reservation.reservation_type.as_str();
                if kind != "prefix" && kind != "explicit" {
                    return Err(ScenarioError::new(format!(
                        "{member}.reservations[{number}].type: {kind:?} is neither \"prefix\" nor \"explicit\""
                    )));
                }
                reservations.push(json!({
                    "SubnetCidrReservationId": format!("scr-{}", stable_hex(&format!("{id} {}", reservation.cidr))),
                    "SubnetId": id,
                    "Cidr": reservation.cidr,
                    "ReservationType": kind,
                    "Description": reservation.description,
                }));
            }
        }
        let documents = [
            json!({"Vpcs": [{
                "VpcId": vpc_id,
                "CidrBlock": vpc.cidr,
                "CidrBlockAssociationSet": vpc.secondary_cidrs.iter()
                    .map(|cidr| json!({"CidrBlock": cidr, "CidrBlockState": {"State": "associated"}}))
                    .collect::<Vec<_>>(),
            }]}),
            json!({"Subnets": subnets}),
            json!({"SubnetIpv4CidrReservations": reservations}),
        ];
        Network::from_describe(&documents).map_err(|error| {
            ScenarioError::new(format!("vpc: {error} ({})", error.code().as_str()))
        })
    }

    /// The tags of a subnet, by key.
    pub fn subnet_tags(&self, id: SubnetId) -> Tags {
        subnet_tags(&self.ec2, id)
    }

    /// What loading said about its input (parts left out, assumptions made).
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// The subnet a scenario names: by id, or by its `Name` tag when exactly one subnet has it.
    pub fn resolve_subnet(&self, reference: &str) -> Result<SubnetId, String> {
        if let Ok(id) = SubnetId::parse(reference) {
            return match self.ec2.subnet(id) {
                Ok(_) => Ok(id),
                Err(_) => Err(format!("no subnet {reference} {}", self.known_subnets())),
            };
        }
        let named: Vec<SubnetId> = self
            .ec2
            .subnets()
            .iter()
            .map(|subnet| subnet.id)
            .filter(|id| self.subnet_tags(*id).get("Name").map(String::as_str) == Some(reference))
            .collect();
        match named.as_slice() {
            [id] => Ok(*id),
            [] => Err(format!(
                "no subnet named {reference:?} {}",
                self.known_subnets()
            )),
            _ => Err(format!(
                "{} subnets are named {reference:?}: refer to one by id",
                named.len()
            )),
        }
    }

    fn known_subnets(&self) -> String {
        let names: Vec<String> = self
            .ec2
            .subnets()
            .iter()
            .map(
                |subnet| match self.ec2.tags(&subnet.id.to_string()).get("Name") {
                    Some(name) => format!("{} ({name})", subnet.id),
                    None => subnet.id.to_string(),
                },
            )
            .collect();
        if names.is_empty() {
            "(the network has no subnets: give a `vpc` or describe-* state)".to_owned()
        } else {
            format!("(subnets: {})", names.join(", "))
        }
    }
}

/// The tags of a subnet of `ec2`, by key.
pub(crate) fn subnet_tags(ec2: &Ec2, id: SubnetId) -> Tags {
    ec2.tags(&id.to_string())
        .iter()
        .map(|(key, value)| (key.to_owned(), value.to_owned()))
        .collect()
}

/// 17 hex digits that depend only on `text` (FNV-1a), for ids made from names.
fn stable_hex(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("0{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{ReservationSpec, SubnetSpec};

    fn subnet(name: &str, cidr: &str) -> SubnetSpec {
        SubnetSpec {
            id: None,
            name: Some(name.to_owned()),
            cidr: cidr.to_owned(),
            zone: Some("us-east-1b".to_owned()),
            tags: BTreeMap::from([("kubernetes.io/role/cni".to_owned(), "1".to_owned())]),
            reservations: vec![ReservationSpec {
                cidr: "10.0.1.0/26".to_owned(),
                reservation_type: "prefix".to_owned(),
                description: None,
            }],
        }
    }

    #[test]
    fn a_scenario_vpc_loads_with_its_names_tags_zones_and_reservations() {
        let mut more = subnet("more", "100.64.0.0/20");
        more.reservations.clear();
        let vpc = VpcSpec {
            cidr: "10.0.0.0/16".to_owned(),
            secondary_cidrs: vec!["100.64.0.0/16".to_owned()],
            subnets: vec![subnet("pods", "10.0.1.0/24"), more],
        };
        let network = Network::from_vpc(&vpc).unwrap();
        assert!(network.resolve_subnet("more").is_ok());
        let id = network.resolve_subnet("pods").unwrap();
        let subnet = network.ec2.subnet(id).unwrap();
        assert_eq!(subnet.cidr.to_string(), "10.0.1.0/24");
        assert_eq!(subnet.availability_zone, "us-east-1b");
        assert_eq!(subnet.reservations().len(), 1);
        assert_eq!(
            network
                .subnet_tags(id)
                .get("kubernetes.io/role/cni")
                .map(String::as_str),
            Some("1")
        );
        // The same name gives the same id every time.
        assert_eq!(
            Network::from_vpc(&vpc).unwrap().resolve_subnet("pods"),
            Ok(id)
        );
        assert_eq!(network.resolve_subnet(&id.to_string()), Ok(id));
    }

    #[test]
    fn unknown_and_ambiguous_names_are_refused() {
        let vpc = VpcSpec {
            cidr: "10.0.0.0/16".to_owned(),
            secondary_cidrs: Vec::new(),
            subnets: vec![subnet("pods", "10.0.1.0/24")],
        };
        let network = Network::from_vpc(&vpc).unwrap();
        let error = network.resolve_subnet("nodes").unwrap_err();
        assert!(
            error.starts_with("no subnet named \"nodes\" (subnets: subnet-"),
            "{error}"
        );
        let error = network
            .resolve_subnet("subnet-0123456789abcdef0")
            .unwrap_err();
        assert!(
            error.starts_with("no subnet subnet-0123456789abcdef0"),
            "{error}"
        );
        let mut twice = vpc.clone();
        let mut other = subnet("pods", "10.0.2.0/24");
        other.id = Some("subnet-0000000000000000a".to_owned());
        other.reservations.clear();
        twice.subnets.push(other);
        let network = Network::from_vpc(&twice).unwrap();
        assert_eq!(
            network.resolve_subnet("pods"),
            Err("2 subnets are named \"pods\": refer to one by id".to_owned())
        );
    }

    #[test]
    fn a_bad_reservation_type_is_refused_by_member() {
        let mut spec = subnet("pods", "10.0.1.0/24");
        spec.reservations[0].reservation_type = "pods".to_owned();
        let vpc = VpcSpec {
            cidr: "10.0.0.0/16".to_owned(),
            secondary_cidrs: Vec::new(),
            subnets: vec![spec],
        };
        let error = Network::from_vpc(&vpc).unwrap_err();
        assert_eq!(
            error.to_string(),
            "vpc.subnets[0].reservations[0].type: \"pods\" is neither \"prefix\" nor \"explicit\""
        );
    }
}
