//! The whole EC2 surface in the SDK's JSON shapes: an action name and a request as boto3 takes
//! it (or as an AWS SDK for JavaScript v3 command input, or `--cli-input-json`), and the
//! response as boto3 returns it, without `ResponseMetadata`.
//!
//! The C library, the Python package, the CLI and the local endpoint all call
//! [`Ec2::call`]; none of them restates a rule.

mod addresses;
mod filters;
mod instances;
mod network_interfaces;
pub mod query;
pub mod shapes;
mod subnets;
mod vpcs;

use serde_json::Value;

use crate::error::{Error, JsonType};
use crate::model::Ec2;

/// A handler: reads its request, runs the operation, shapes the response.
type Handler = fn(&mut Ec2, &Value) -> Result<Value, Error>;

/// Every action, its handler, and whether it takes `DryRun`.
const ACTIONS: &[(&str, Handler, bool)] = &[
    ("CreateVpc", vpcs::create_vpc, true),
    ("DescribeVpcs", vpcs::describe_vpcs, true),
    ("CreateSubnet", subnets::create_subnet, true),
    ("DescribeSubnets", subnets::describe_subnets, true),
    (
        "CreateSubnetCidrReservation",
        subnets::create_subnet_cidr_reservation,
        true,
    ),
    (
        "DeleteSubnetCidrReservation",
        subnets::delete_subnet_cidr_reservation,
        true,
    ),
    (
        "GetSubnetCidrReservations",
        subnets::get_subnet_cidr_reservations,
        true,
    ),
    ("RunInstances", instances::run_instances, true),
    ("TerminateInstances", instances::terminate_instances, true),
    ("DescribeInstances", instances::describe_instances, true),
    (
        "DescribeInstanceTypes",
        instances::describe_instance_types,
        true,
    ),
    (
        "CreateNetworkInterface",
        network_interfaces::create_network_interface,
        true,
    ),
    (
        "DeleteNetworkInterface",
        network_interfaces::delete_network_interface,
        true,
    ),
    (
        "AttachNetworkInterface",
        network_interfaces::attach_network_interface,
        true,
    ),
    (
        "DetachNetworkInterface",
        network_interfaces::detach_network_interface,
        true,
    ),
    (
        "DescribeNetworkInterfaces",
        network_interfaces::describe_network_interfaces,
        true,
    ),
    (
        "AssignPrivateIpAddresses",
        network_interfaces::assign_private_ip_addresses,
        false,
    ),
    (
        "UnassignPrivateIpAddresses",
        network_interfaces::unassign_private_ip_addresses,
        false,
    ),
    ("AllocateAddress", addresses::allocate_address, true),
    ("AssociateAddress", addresses::associate_address, true),
    ("DisassociateAddress", addresses::disassociate_address, true),
    ("ReleaseAddress", addresses::release_address, true),
    ("DescribeAddresses", addresses::describe_addresses, true),
];

/// The names of every action [`Ec2::call`] answers.
pub fn action_names() -> impl Iterator<Item = &'static str> {
    ACTIONS.iter().map(|(name, _, _)| *name)
}

/// The request without its `DryRun` member, when it has one, and whether that member is true.
fn without_dry_run(request: &Value) -> Result<Option<(bool, Value)>, Error> {
    let Some(flag) = request.get("DryRun") else {
        return Ok(None);
    };
    let dry_run = match flag {
        Value::Null => false,
        Value::Bool(flag) => *flag,
        _ => {
            return Err(Error::WrongParameterType {
                parameter: "DryRun".into(),
                expected: JsonType::Boolean,
            })
        }
    };
    let mut rest = request.clone();
    if let Some(object) = rest.as_object_mut() {
        object.remove("DryRun");
    }
    Ok(Some((dry_run, rest)))
}

impl Ec2 {
    /// Runs one EC2 action on a JSON request and gives the JSON response.
    ///
    /// ```
    /// use eniplan::Ec2;
    /// use serde_json::json;
    ///
    /// let mut ec2 = Ec2::default();
    /// let vpc = ec2.call("CreateVpc", &json!({"CidrBlock": "10.0.0.0/16"}))?;
    /// let vpc_id = vpc["Vpc"]["VpcId"].as_str().unwrap();
    /// let subnet = ec2.call("CreateSubnet", &json!({"VpcId": vpc_id, "CidrBlock": "10.0.0.0/28"}))?;
    /// assert_eq!(subnet["Subnet"]["AvailableIpAddressCount"], 11);
    ///
    /// let error = ec2.call("AssignPrivateIpAddresses", &json!({"NetworkInterfaceId": "eni-1"})).unwrap_err();
    /// assert_eq!(error.code().as_str(), "InvalidNetworkInterfaceId.Malformed");
    /// # Ok::<(), eniplan::Error>(())
    /// ```
    ///
    /// A `DryRun` request runs on a copy of the model and answers `DryRunOperation` when it
    /// would have succeeded; the model itself never changes.
    pub fn call(&mut self, action: &str, request: &Value) -> Result<Value, Error> {
        let (_, handler, takes_dry_run) = ACTIONS
            .iter()
            .find(|(name, _, _)| *name == action)
            .ok_or_else(|| Error::InvalidAction {
                action: action.to_owned(),
            })?;
        // Most requests carry no DryRun: they are passed on without a copy.
        let stripped = if *takes_dry_run {
            without_dry_run(request)?
        } else {
            None
        };
        match stripped {
            None => handler(self, request),
            Some((false, request)) => handler(self, &request),
            Some((true, request)) => {
                let mut copy = self.clone();
                handler(&mut copy, &request)?;
                Err(Error::DryRun)
            }
        }
    }

    /// [`Ec2::call`] on request text; text that is not JSON gives `InvalidRequest`.
    pub fn call_text(&mut self, action: &str, request: &str) -> Result<Value, Error> {
        let request = crate::request::json::parse_text(request)?;
        self.call(action, &request)
    }
}
