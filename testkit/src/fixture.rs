//! The network most tests start from: a VPC, a subnet in it and a running instance there.
//!
//! It is built with three requests in the SDK's shape (CreateVpc, CreateSubnet, RunInstances),
//! given as member and value pairs, which a test sends through the surface it drives: as JSON
//! to [`Ec2::call`] or the C library, or as a Query form to `eniplan serve`. The ids come back
//! through [`Answer`], which each surface's response implements.
//!
//! ```
//! use eniplan::Ec2;
//! use eniplan_testkit::fixture::{Network, NetworkSpec};
//!
//! let mut ec2 = Ec2::default();
//! let network = Network::in_model(&mut ec2, &NetworkSpec::default());
//! let subnet = ec2.subnet(network.subnet())?;
//! // 251 usable addresses of a /24, less the instance's primary.
//! assert_eq!(subnet.available_ip_address_count(), 250);
//! # Ok::<(), eniplan::Error>(())
//! ```

use eniplan::{Ec2, InstanceId, NetworkInterfaceId, SubnetId, VpcId};
use serde_json::{Map, Value};

/// The VPC's CIDR block.
pub const VPC_CIDR: &str = "10.0.0.0/16";

/// What to build: the subnet's CIDR and zone, and the instance's type, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NetworkSpec<'a> {
    /// The subnet's CIDR block, inside [`VPC_CIDR`].
    pub subnet_cidr: &'a str,
    /// The subnet's availability zone.
    pub availability_zone: &'a str,
    /// The type of the running instance; `None` builds no instance.
    pub instance_type: Option<&'a str>,
}

impl Default for NetworkSpec<'_> {
    /// A /24 (251 usable addresses) in us-east-1a and an m5.large: a Nitro type of three
    /// interfaces of ten addresses each.
    fn default() -> Self {
        NetworkSpec {
            subnet_cidr: "10.0.0.0/24",
            availability_zone: "us-east-1a",
            instance_type: Some("m5.large"),
        }
    }
}

/// One request of the fixture: its members and their JSON values, in order. Strings and
/// integers only, so that the same pairs are a JSON object and a Query form.
pub type Params = Vec<(&'static str, Value)>;

/// A request's members as the JSON object the SDK sends.
pub fn json_request(params: &Params) -> Value {
    Value::Object(
        params
            .iter()
            .map(|(name, value)| ((*name).to_owned(), value.clone()))
            .collect::<Map<String, Value>>(),
    )
}

/// A surface's successful response, read by the SDK's member name (`VpcId`).
pub trait Answer {
    /// The text of the first occurrence of `member`, searching depth first in document order.
    fn field(&self, member: &str) -> Option<String>;
}

impl Answer for Value {
    fn field(&self, member: &str) -> Option<String> {
        match self {
            Value::Object(members) => members.iter().find_map(|(name, value)| {
                if name == member {
                    value.as_str().map(str::to_owned)
                } else {
                    value.field(member)
                }
            }),
            Value::Array(items) => items.iter().find_map(|item| item.field(member)),
            _ => None,
        }
    }
}

/// The ids of what the fixture built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Network {
    /// The VPC.
    pub vpc_id: String,
    /// The subnet.
    pub subnet_id: String,
    /// The running instance, when the spec asked for one.
    pub instance_id: Option<String>,
    /// The instance's primary interface, when the spec asked for an instance.
    pub network_interface_id: Option<String>,
}

impl Network {
    /// Builds the network through `call`, which sends one request (an action and its members)
    /// and gives its successful response; a failure is the test's to report, by panicking.
    pub fn build<A: Answer>(
        spec: &NetworkSpec<'_>,
        mut call: impl FnMut(&str, Params) -> A,
    ) -> Network {
        let field = |answer: &A, member: &str| {
            answer
                .field(member)
                .unwrap_or_else(|| panic!("the fixture's response has no {member}"))
        };
        let vpc = call("CreateVpc", vec![("CidrBlock", VPC_CIDR.into())]);
        let vpc_id = field(&vpc, "VpcId");
        let subnet = call(
            "CreateSubnet",
            vec![
                ("VpcId", vpc_id.as_str().into()),
                ("CidrBlock", spec.subnet_cidr.into()),
                ("AvailabilityZone", spec.availability_zone.into()),
            ],
        );
        let subnet_id = field(&subnet, "SubnetId");
        let (instance_id, network_interface_id) = match spec.instance_type {
            None => (None, None),
            Some(instance_type) => {
                let run = call(
                    "RunInstances",
                    vec![
                        ("ImageId", "ami-0123456789abcdef0".into()),
                        ("InstanceType", instance_type.into()),
                        ("MinCount", 1.into()),
                        ("MaxCount", 1.into()),
                        ("SubnetId", subnet_id.as_str().into()),
                    ],
                );
                (
                    Some(field(&run, "InstanceId")),
                    Some(field(&run, "NetworkInterfaceId")),
                )
            }
        };
        Network {
            vpc_id,
            subnet_id,
            instance_id,
            network_interface_id,
        }
    }

    /// Builds the network in a model through [`Ec2::call`].
    pub fn in_model(ec2: &mut Ec2, spec: &NetworkSpec<'_>) -> Network {
        Network::build(spec, |action, params| {
            ec2.call(action, &json_request(&params))
                .unwrap_or_else(|error| panic!("the fixture's {action} failed: {error}"))
        })
    }

    /// The VPC's id.
    pub fn vpc(&self) -> VpcId {
        parsed(&self.vpc_id, VpcId::parse)
    }

    /// The subnet's id.
    pub fn subnet(&self) -> SubnetId {
        parsed(&self.subnet_id, SubnetId::parse)
    }

    /// The instance's id; panics when the spec built none.
    pub fn instance(&self) -> InstanceId {
        parsed(self.built(&self.instance_id), InstanceId::parse)
    }

    /// The id of the instance's primary interface; panics when the spec built no instance.
    pub fn network_interface(&self) -> NetworkInterfaceId {
        parsed(
            self.built(&self.network_interface_id),
            NetworkInterfaceId::parse,
        )
    }

    fn built<'a>(&self, id: &'a Option<String>) -> &'a str {
        id.as_deref()
            .unwrap_or_else(|| panic!("the fixture built no instance: {self:?}"))
    }
}

fn parsed<T>(text: &str, parse: impl Fn(&str) -> Result<T, eniplan::Error>) -> T {
    parse(text).unwrap_or_else(|error| panic!("the fixture's id {text}: {error}"))
}
