//! The whole EC2 surface in the SDK's JSON shapes: an action name and a request as boto3 takes
//! it (or as an AWS SDK for JavaScript v3 command input, or `--cli-input-json`), and the
//! response as boto3 returns it, without `ResponseMetadata`.
//!
//! The C library, the Python package, the CLI and the local endpoint all call
//! [`Ec2::call`]; none of them restates a rule.

mod addresses;
mod attributes;
mod client_token;
mod filters;
mod instance_attributes;
mod instance_types;
mod instances;
mod network_interfaces;
mod route_tables;
mod run_instances;
mod security_groups;
pub mod shapes;
mod subnets;
mod tags;
mod vpcs;

use serde_json::Value;

use crate::error::{Error, JsonType};
use crate::json::Object;
use crate::model::Ec2;
use crate::schema::{self, ActionSchema};

/// A handler: reads its request (already checked against its action's members), runs the
/// operation, shapes the response.
type Handler = fn(&mut Ec2, &Object<'_>) -> Result<Value, Error>;

/// Every action and its handler, in the order of [`schema::ACTIONS`].
const HANDLERS: &[(&ActionSchema, Handler)] = &[
    (&schema::CREATE_VPC, vpcs::create_vpc),
    (&schema::DESCRIBE_VPCS, vpcs::describe_vpcs),
    (
        &schema::DESCRIBE_VPC_ATTRIBUTE,
        vpcs::describe_vpc_attribute,
    ),
    (&schema::MODIFY_VPC_ATTRIBUTE, vpcs::modify_vpc_attribute),
    (&schema::DELETE_VPC, vpcs::delete_vpc),
    (
        &schema::DESCRIBE_SECURITY_GROUPS,
        security_groups::describe_security_groups,
    ),
    (
        &schema::DESCRIBE_ROUTE_TABLES,
        route_tables::describe_route_tables,
    ),
    (
        &schema::DESCRIBE_NETWORK_ACLS,
        route_tables::describe_network_acls,
    ),
    (&schema::CREATE_SUBNET, subnets::create_subnet),
    (&schema::DESCRIBE_SUBNETS, subnets::describe_subnets),
    (&schema::DELETE_SUBNET, subnets::delete_subnet),
    (
        &schema::MODIFY_SUBNET_ATTRIBUTE,
        subnets::modify_subnet_attribute,
    ),
    (
        &schema::CREATE_SUBNET_CIDR_RESERVATION,
        subnets::create_subnet_cidr_reservation,
    ),
    (
        &schema::DELETE_SUBNET_CIDR_RESERVATION,
        subnets::delete_subnet_cidr_reservation,
    ),
    (
        &schema::GET_SUBNET_CIDR_RESERVATIONS,
        subnets::get_subnet_cidr_reservations,
    ),
    (&schema::RUN_INSTANCES, run_instances::run_instances),
    (&schema::TERMINATE_INSTANCES, instances::terminate_instances),
    (
        &schema::DESCRIBE_INSTANCE_ATTRIBUTE,
        instance_attributes::describe_instance_attribute,
    ),
    (
        &schema::MODIFY_INSTANCE_ATTRIBUTE,
        instance_attributes::modify_instance_attribute,
    ),
    (&schema::DESCRIBE_INSTANCES, instances::describe_instances),
    (
        &schema::DESCRIBE_INSTANCE_TYPES,
        instance_types::describe_instance_types,
    ),
    (
        &schema::DESCRIBE_INSTANCE_CREDIT_SPECIFICATIONS,
        instance_types::describe_instance_credit_specifications,
    ),
    (
        &schema::CREATE_NETWORK_INTERFACE,
        network_interfaces::create_network_interface,
    ),
    (
        &schema::DELETE_NETWORK_INTERFACE,
        network_interfaces::delete_network_interface,
    ),
    (
        &schema::ATTACH_NETWORK_INTERFACE,
        network_interfaces::attach_network_interface,
    ),
    (
        &schema::DETACH_NETWORK_INTERFACE,
        network_interfaces::detach_network_interface,
    ),
    (
        &schema::DESCRIBE_NETWORK_INTERFACES,
        network_interfaces::describe_network_interfaces,
    ),
    (
        &schema::MODIFY_NETWORK_INTERFACE_ATTRIBUTE,
        network_interfaces::modify_network_interface_attribute,
    ),
    (
        &schema::ASSIGN_PRIVATE_IP_ADDRESSES,
        network_interfaces::assign_private_ip_addresses,
    ),
    (
        &schema::UNASSIGN_PRIVATE_IP_ADDRESSES,
        network_interfaces::unassign_private_ip_addresses,
    ),
    (&schema::ALLOCATE_ADDRESS, addresses::allocate_address),
    (&schema::ASSOCIATE_ADDRESS, addresses::associate_address),
    (
        &schema::DISASSOCIATE_ADDRESS,
        addresses::disassociate_address,
    ),
    (&schema::RELEASE_ADDRESS, addresses::release_address),
    (&schema::DESCRIBE_ADDRESSES, addresses::describe_addresses),
    (
        &schema::DESCRIBE_ADDRESSES_ATTRIBUTE,
        addresses::describe_addresses_attribute,
    ),
    (&schema::CREATE_TAGS, tags::create_tags),
    (&schema::DELETE_TAGS, tags::delete_tags),
    (&schema::DESCRIBE_TAGS, tags::describe_tags),
];

/// The names of every action [`Ec2::call`] answers.
pub fn action_names() -> impl Iterator<Item = &'static str> {
    schema::ACTIONS.iter().map(|action| action.name)
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
        let (schema, handler) = HANDLERS
            .iter()
            .find(|(schema, _)| schema.name == action)
            .ok_or_else(|| Error::InvalidAction {
                action: action.to_owned(),
            })?;
        // Most requests carry no DryRun: they are passed on without a copy.
        let stripped = if schema.takes_dry_run() {
            without_dry_run(request)?
        } else {
            None
        };
        let (dry_run, request) = match &stripped {
            None => (false, request),
            Some((dry_run, rest)) => (*dry_run, rest),
        };
        let members = Object::request(request, schema)?;
        if dry_run {
            let mut copy = self.clone();
            handler(&mut copy, &members)?;
            return Err(Error::DryRun);
        }
        handler(self, &members)
    }

    /// [`Ec2::call`] on request text; text that is not JSON gives `InvalidRequest`.
    pub fn call_text(&mut self, action: &str, request: &str) -> Result<Value, Error> {
        let request = crate::json::parse_text(request)?;
        self.call(action, &request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_of_the_schema_has_its_handler_in_order() {
        let handled: Vec<&str> = HANDLERS.iter().map(|(schema, _)| schema.name).collect();
        assert_eq!(handled, action_names().collect::<Vec<_>>());
    }
}
