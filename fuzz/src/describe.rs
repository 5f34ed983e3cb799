//! Describe-* JSON from fuzz bytes: documents in the shapes `aws ec2 describe-*` prints, with
//! ids, addresses and CIDRs drawn from small pools so that objects refer to each other and
//! collide, and now and then a member missing, of the wrong type, or unknown.
//!
//! The bytes are read as a sequence of choices, so that libFuzzer's mutations change one member
//! at a time rather than the whole text; when the bytes run out every choice takes its first
//! option (a member absent, a list empty) and the generation ends.

use arbitrary::{Result, Unstructured};
use serde_json::{Map, Number, Value};

/// Generates describe-* documents from fuzz bytes.
pub struct Generator<'a, 'b> {
    u: &'b mut Unstructured<'a>,
    depth: u32,
}

/// What a member holds.
#[derive(Clone, Copy)]
enum Kind {
    /// An id of a kind (its prefix) from a pool of `n`.
    Id(&'static str, u8),
    /// An IPv4 address near the pool of CIDRs.
    Address,
    /// A VPC or subnet CIDR.
    Cidr,
    /// A /28 prefix, sometimes misaligned.
    Prefix,
    /// One of these strings.
    Text(&'static [&'static str]),
    /// A whole number, mostly below this.
    Small(u64),
    /// A boolean.
    Bool,
    /// An object of this shape.
    Object(Shape),
    /// A list of objects of this shape.
    List(Shape),
}

/// The objects of describe-* output.
#[derive(Clone, Copy)]
enum Shape {
    Vpc,
    CidrAssociation,
    CidrState,
    Subnet,
    Reservation,
    InstanceReservation,
    Instance,
    State,
    Placement,
    Interface,
    InstanceInterface,
    PrivateAddress,
    Prefix,
    Attachment,
    Group,
    DnsOptions,
    ElasticIp,
    InstanceType,
    VCpuInfo,
    NetworkInfo,
    NetworkCard,
}

const ZONES: &[&str] = &["us-east-1a", "us-east-1b", "us-west-2a"];
const STATES: &[&str] = &[
    "running",
    "stopped",
    "terminated",
    "shutting-down",
    "pending",
    "stopping",
];
const INTERFACE_TYPES: &[&str] = &[
    "interface",
    "efa",
    "efa-only",
    "trunk",
    "branch",
    "nat_gateway",
];
const INSTANCE_TYPES: &[&str] = &[
    "c5.large",
    "t2.medium",
    "m4.large",
    "t3.nano",
    "p4d.24xlarge",
    "zz1.fuzz",
    "no.such",
];
const RESERVATION_TYPES: &[&str] = &["prefix", "explicit", "neither"];
const HYPERVISORS: &[&str] = &["nitro", "xen", "kvm"];
const CIDR_STATES: &[&str] = &["associated", "disassociated", "associating"];
const MACS: &[&str] = &["02:00:00:00:00:01", "02:00:00:00:00:02", ""];
const DESCRIPTIONS: &[&str] = &["", "Primary network interface", "fuzz"];
const DHCP_OPTIONS: &[&str] = &["dopt-0a000001", "default", ""];
const ZONE_IDS: &[&str] = &["use1-az1", "use1-az4", ""];
const HOSTNAME_TYPES: &[&str] = &["ip-name", "resource-name", "dns-name"];
const GROUP_NAMES: &[&str] = &["default", "web", "db"];
const TIMES: &[&str] = &[
    "2026-11-02T09:14:07+00:00",
    "2026-01-01T00:00:00.000Z",
    "1969-12-31T23:59:59Z",
    "yesterday",
];

const CIDRS: &[&str] = &[
    "10.0.0.0/28",
    "10.0.0.16/28",
    "10.0.0.0/27",
    "10.0.0.32/27",
    "10.0.1.0/24",
    "10.0.0.0/24",
    "10.0.0.0/16",
    "10.1.0.0/28",
    "10.0.0.0/29",
    "10.0.0.5/28",
    "10.0.0.0/8",
    "10.0.0.0",
    "not a cidr",
];

const PREFIXES: &[&str] = &[
    "10.0.0.0/28",
    "10.0.0.16/28",
    "10.0.0.32/28",
    "10.0.1.16/28",
    "10.0.1.240/28",
    "10.1.0.0/28",
    "10.0.0.8/28",
    "10.0.0.0/27",
    "10.0.0.16",
    "bad",
];

const DOCUMENT_KEYS: &[(&str, Shape)] = &[
    ("Vpcs", Shape::Vpc),
    ("Subnets", Shape::Subnet),
    ("NetworkInterfaces", Shape::Interface),
    ("Reservations", Shape::InstanceReservation),
    ("Addresses", Shape::ElasticIp),
    ("SubnetIpv4CidrReservations", Shape::Reservation),
    ("InstanceTypes", Shape::InstanceType),
];

fn members(shape: Shape) -> &'static [(&'static str, Kind)] {
    use Kind::*;
    match shape {
        Shape::Vpc => &[
            ("VpcId", Id("vpc", 2)),
            ("CidrBlock", Cidr),
            ("DhcpOptionsId", Text(DHCP_OPTIONS)),
            ("CidrBlockAssociationSet", List(Shape::CidrAssociation)),
        ],
        Shape::CidrAssociation => &[
            ("CidrBlock", Cidr),
            ("CidrBlockState", Object(Shape::CidrState)),
        ],
        Shape::CidrState => &[("State", Text(CIDR_STATES))],
        Shape::Subnet => &[
            ("SubnetId", Id("subnet", 3)),
            ("VpcId", Id("vpc", 2)),
            ("CidrBlock", Cidr),
            ("AvailabilityZone", Text(ZONES)),
            ("AvailabilityZoneId", Text(ZONE_IDS)),
            ("MapPublicIpOnLaunch", Bool),
            ("EnableDns64", Bool),
            ("Ipv6Native", Bool),
            ("DefaultForAz", Bool),
            ("PrivateDnsNameOptionsOnLaunch", Object(Shape::DnsOptions)),
        ],
        Shape::DnsOptions => &[
            ("HostnameType", Text(HOSTNAME_TYPES)),
            ("EnableResourceNameDnsARecord", Bool),
            ("EnableResourceNameDnsAAAARecord", Bool),
        ],
        Shape::Reservation => &[
            ("SubnetCidrReservationId", Id("scr", 3)),
            ("SubnetId", Id("subnet", 3)),
            ("Cidr", Prefix),
            ("ReservationType", Text(RESERVATION_TYPES)),
            ("Description", Text(DESCRIPTIONS)),
        ],
        Shape::InstanceReservation => &[
            ("ReservationId", Id("r", 2)),
            ("Instances", List(Shape::Instance)),
        ],
        Shape::Instance => &[
            ("InstanceId", Id("i", 3)),
            ("InstanceType", Text(INSTANCE_TYPES)),
            ("State", Object(Shape::State)),
            ("Placement", Object(Shape::Placement)),
            ("SubnetId", Id("subnet", 3)),
            ("VpcId", Id("vpc", 2)),
            ("AmiLaunchIndex", Small(3)),
            ("NetworkInterfaces", List(Shape::InstanceInterface)),
        ],
        Shape::State => &[("Name", Text(STATES))],
        Shape::Placement => &[("AvailabilityZone", Text(ZONES))],
        Shape::Interface | Shape::InstanceInterface => &[
            ("NetworkInterfaceId", Id("eni", 5)),
            ("SubnetId", Id("subnet", 3)),
            ("Description", Text(DESCRIPTIONS)),
            ("InterfaceType", Text(INTERFACE_TYPES)),
            ("MacAddress", Text(MACS)),
            ("PrivateIpAddress", Address),
            ("PrivateIpAddresses", List(Shape::PrivateAddress)),
            ("Ipv4Prefixes", List(Shape::Prefix)),
            ("Attachment", Object(Shape::Attachment)),
            ("Groups", List(Shape::Group)),
            ("SourceDestCheck", Bool),
        ],
        Shape::Group => &[("GroupId", Id("sg", 3)), ("GroupName", Text(GROUP_NAMES))],
        Shape::PrivateAddress => &[("PrivateIpAddress", Address), ("Primary", Bool)],
        Shape::Prefix => &[("Ipv4Prefix", Prefix)],
        Shape::Attachment => &[
            ("AttachmentId", Id("eni-attach", 5)),
            ("InstanceId", Id("i", 3)),
            ("DeviceIndex", Small(3)),
            ("NetworkCardIndex", Small(2)),
            ("DeleteOnTermination", Bool),
            ("AttachTime", Text(TIMES)),
        ],
        Shape::ElasticIp => &[
            ("AllocationId", Id("eipalloc", 3)),
            ("PublicIp", Address),
            ("AssociationId", Id("eipassoc", 3)),
            ("NetworkInterfaceId", Id("eni", 5)),
            ("PrivateIpAddress", Address),
        ],
        Shape::InstanceType => &[
            ("InstanceType", Text(INSTANCE_TYPES)),
            ("Hypervisor", Text(HYPERVISORS)),
            ("BareMetal", Bool),
            ("VCpuInfo", Object(Shape::VCpuInfo)),
            ("NetworkInfo", Object(Shape::NetworkInfo)),
        ],
        Shape::VCpuInfo => &[("DefaultVCpus", Small(64))],
        Shape::NetworkInfo => &[
            ("MaximumNetworkInterfaces", Small(4)),
            ("Ipv4AddressesPerInterface", Small(12)),
            ("Ipv6AddressesPerInterface", Small(12)),
            ("Ipv6Supported", Bool),
            ("MaximumNetworkCards", Small(2)),
            ("DefaultNetworkCardIndex", Small(2)),
            ("NetworkCards", List(Shape::NetworkCard)),
        ],
        Shape::NetworkCard => &[
            ("NetworkCardIndex", Small(2)),
            ("MaximumNetworkInterfaces", Small(4)),
        ],
    }
}

impl<'a, 'b> Generator<'a, 'b> {
    /// A generator reading its choices from `u`.
    pub fn new(u: &'b mut Unstructured<'a>) -> Self {
        Generator { u, depth: 0 }
    }

    /// A number from 0 to `below - 1` (0 once the bytes have run out).
    fn below(&mut self, below: u32) -> Result<u32> {
        self.u.int_in_range(0..=below.saturating_sub(1))
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> Result<T> {
        Ok(items[self.below(items.len() as u32)? as usize])
    }

    /// One to six documents, as a folder of describe output.
    pub fn documents(&mut self) -> Result<Vec<Value>> {
        let count = 1 + self.below(6)?;
        (0..count).map(|_| self.document()).collect()
    }

    /// A document: one key of describe output (now and then two, or an unknown one) and its list.
    pub fn document(&mut self) -> Result<Value> {
        let mut document = Map::new();
        let keys = 1 + u32::from(self.below(8)? == 7);
        for _ in 0..keys {
            if self.below(32)? == 31 {
                document.insert("NextToken".into(), self.any()?);
                continue;
            }
            let (key, shape) = self.pick(DOCUMENT_KEYS)?;
            let value = if self.below(32)? == 31 {
                self.any()?
            } else {
                self.list(shape)?
            };
            document.insert(key.into(), value);
        }
        Ok(Value::Object(document))
    }

    /// A list of zero to four objects of a shape.
    fn list(&mut self, shape: Shape) -> Result<Value> {
        let count = if self.depth > 4 { 0 } else { self.below(5)? };
        let mut items = Vec::new();
        for _ in 0..count {
            items.push(self.object(shape)?);
        }
        Ok(Value::Array(items))
    }

    /// An object of a shape: each member mostly present and well typed.
    fn object(&mut self, shape: Shape) -> Result<Value> {
        self.depth += 1;
        let mut object = Map::new();
        for &(name, kind) in members(shape) {
            match self.below(40)? {
                // Absent.
                0..=3 => {}
                // Of any type.
                4 => {
                    object.insert(name.into(), self.any()?);
                }
                5 => {
                    object.insert(name.into(), Value::Null);
                }
                _ => {
                    let value = self.value(kind)?;
                    object.insert(name.into(), value);
                }
            }
        }
        if self.below(32)? == 31 {
            object.insert("Unmodelled".into(), self.any()?);
        }
        self.depth -= 1;
        Ok(Value::Object(object))
    }

    fn value(&mut self, kind: Kind) -> Result<Value> {
        Ok(match kind {
            Kind::Id(prefix, pool) => Value::String(self.id(prefix, pool)?),
            Kind::Address => Value::String(self.address()?),
            Kind::Cidr => Value::String(self.pick(CIDRS)?.into()),
            Kind::Prefix => Value::String(self.pick(PREFIXES)?.into()),
            Kind::Text(options) => Value::String(self.pick(options)?.into()),
            Kind::Small(most) => {
                let n = match self.below(16)? {
                    15 => u64::from(self.u.arbitrary::<u32>()?),
                    _ => u64::from(self.below(most as u32 + 1)?),
                };
                Value::Number(n.into())
            }
            Kind::Bool => Value::Bool(self.below(2)? == 1),
            Kind::Object(shape) => self.object(shape)?,
            Kind::List(shape) => self.list(shape)?,
        })
    }

    /// An id from a small pool, now and then in the 17-digit form or malformed.
    fn id(&mut self, prefix: &str, pool: u8) -> Result<String> {
        let n = 1 + self.below(u32::from(pool))?;
        Ok(match self.below(24)? {
            22 => format!("{prefix}-{n:017x}"),
            23 => format!("{prefix}-{n}"),
            _ => format!("{prefix}-{n:08x}"),
        })
    }

    /// An address, mostly in 10.0.0.0/26, where the CIDRs of the pool overlap.
    fn address(&mut self) -> Result<String> {
        Ok(match self.below(20)? {
            0..=13 => format!("10.0.0.{}", self.below(64)?),
            14..=16 => format!("10.0.1.{}", self.below(256)?),
            17 => format!("10.1.0.{}", self.below(16)?),
            18 => format!("10.0.{}.{}", self.below(256)?, self.below(256)?),
            _ => self
                .pick(&["10.0.0.256", "", "::1", "10.0.0", "010.0.0.1", "198.18.0.1"])?
                .into(),
        })
    }

    /// Any JSON value, small.
    fn any(&mut self) -> Result<Value> {
        Ok(match self.below(8)? {
            0 => Value::Null,
            1 => Value::Bool(self.below(2)? == 1),
            2 => Value::Number(self.u.arbitrary::<i64>()?.into()),
            3 => Number::from_f64(self.u.arbitrary::<f64>()?)
                .map(Value::Number)
                .unwrap_or(Value::Null),
            4 => Value::String(self.u.arbitrary::<String>()?),
            5 => Value::String(self.address()?),
            6 => Value::Array(if self.depth > 4 {
                Vec::new()
            } else {
                self.depth += 1;
                let items = (0..self.below(3)?)
                    .map(|_| self.any())
                    .collect::<Result<_>>()?;
                self.depth -= 1;
                items
            }),
            _ => Value::Object(Map::new()),
        })
    }
}
