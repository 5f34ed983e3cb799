//! The one table of EC2 errors that eniplan can produce.
//!
//! Two tables live here and nowhere else:
//!
//! - [`ErrorCode`]: every EC2 error code string, spelled exactly as EC2 spells it, with the
//!   stable number the C API uses. Numbers are never reused; a retired code keeps its number as a
//!   comment. Blocks: 100–199 request validation, 200–299 malformed or unknown identifiers,
//!   300–399 limits and capacity, 400–499 conflicts with the current state, 500–599 the wire
//!   protocol.
//! - [`Error`]: every situation that fails, with the data it carries and its message (EC2's
//!   real wording where it is known). [`Error::code`] maps each situation to its code.
//!
//! The C codes and the Python exception classes are derived from [`ErrorCode::ALL`].

use std::fmt;
use std::net::Ipv4Addr;

use crate::ids::{
    AllocationId, AssociationId, AttachmentId, IdKind, InstanceId, NetworkInterfaceId,
    SecurityGroupId, SubnetId, VpcId,
};
use crate::prefix::Ipv4Prefix;

macro_rules! error_codes {
    ($( $(#[$doc:meta])* $variant:ident = $number:literal => $code:literal, )*) => {
        /// An EC2 error code: the `Code` element of EC2's error response.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u32)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $( $(#[$doc])* $variant = $number, )*
        }

        impl ErrorCode {
            /// Every code, in table order.
            pub const ALL: &'static [ErrorCode] = &[ $( ErrorCode::$variant, )* ];

            /// The code exactly as EC2 spells it, e.g. `InvalidNetworkInterfaceID.NotFound`.
            pub const fn as_str(self) -> &'static str {
                match self { $( ErrorCode::$variant => $code, )* }
            }

            /// The stable number of this code in the C API.
            pub const fn number(self) -> u32 {
                self as u32
            }

            /// The code with this stable number, if any.
            pub fn from_number(number: u32) -> Option<ErrorCode> {
                match number { $( $number => Some(ErrorCode::$variant), )* _ => None }
            }

            /// The code with this EC2 spelling, if any (exact, case-sensitive).
            pub fn from_code_str(code: &str) -> Option<ErrorCode> {
                match code { $( $code => Some(ErrorCode::$variant), )* _ => None }
            }
        }
    };
}

error_codes! {
    /// A required parameter is missing.
    MissingParameter = 100 => "MissingParameter",
    /// A parameter has a value EC2 does not accept.
    InvalidParameterValue = 101 => "InvalidParameterValue",
    /// Parameters that cannot be used together, or none of a required set.
    InvalidParameterCombination = 102 => "InvalidParameterCombination",
    /// The request as a whole cannot be read.
    InvalidRequest = 103 => "InvalidRequest",
    /// A parameter that the action does not have.
    UnknownParameter = 104 => "UnknownParameter",
    /// A `DryRun` request that would have succeeded.
    DryRunOperation = 105 => "DryRunOperation",
    /// A parameter or operation that is real but not modelled.
    UnsupportedOperation = 106 => "UnsupportedOperation",
    /// A client token used before with a different request.
    IdempotentParameterMismatch = 107 => "IdempotentParameterMismatch",
    /// A parameter that cannot be used as given, such as a security group of another VPC.
    InvalidParameter = 108 => "InvalidParameter",
    /// A group named without its VPC where there is no default VPC.
    VpcIdNotSpecified = 109 => "VPCIdNotSpecified",

    /// A network interface id that is not `eni-` and 8 or 17 hex digits.
    InvalidNetworkInterfaceIdMalformed = 200 => "InvalidNetworkInterfaceId.Malformed",
    /// A well-formed network interface id that does not exist.
    InvalidNetworkInterfaceIdNotFound = 201 => "InvalidNetworkInterfaceID.NotFound",
    /// A malformed subnet id.
    InvalidSubnetIdMalformed = 202 => "InvalidSubnetID.Malformed",
    /// A subnet id that does not exist.
    InvalidSubnetIdNotFound = 203 => "InvalidSubnetID.NotFound",
    /// A malformed VPC id.
    InvalidVpcIdMalformed = 204 => "InvalidVpcID.Malformed",
    /// A VPC id that does not exist.
    InvalidVpcIdNotFound = 205 => "InvalidVpcID.NotFound",
    /// A malformed instance id.
    InvalidInstanceIdMalformed = 206 => "InvalidInstanceID.Malformed",
    /// An instance id that does not exist.
    InvalidInstanceIdNotFound = 207 => "InvalidInstanceID.NotFound",
    /// A malformed Elastic IP allocation id.
    InvalidAllocationIdMalformed = 208 => "InvalidAllocationID.Malformed",
    /// An Elastic IP allocation id that does not exist.
    InvalidAllocationIdNotFound = 209 => "InvalidAllocationID.NotFound",
    /// A malformed Elastic IP association id.
    InvalidAssociationIdMalformed = 210 => "InvalidAssociationID.Malformed",
    /// An Elastic IP association id that does not exist.
    InvalidAssociationIdNotFound = 211 => "InvalidAssociationID.NotFound",
    /// A malformed network interface attachment id.
    InvalidAttachmentIdMalformed = 212 => "InvalidNetworkInterfaceAttachmentId.Malformed",
    /// A network interface attachment id that does not exist.
    InvalidAttachmentIdNotFound = 213 => "InvalidAttachmentID.NotFound",
    /// A malformed subnet CIDR reservation id.
    InvalidSubnetCidrReservationIdMalformed = 214 => "InvalidSubnetCidrReservationID.Malformed",
    /// A subnet CIDR reservation id that does not exist.
    InvalidSubnetCidrReservationIdNotFound = 215 => "InvalidSubnetCidrReservationID.NotFound",
    /// A malformed reservation id.
    InvalidReservationIdMalformed = 216 => "InvalidReservationID.Malformed",
    /// A reservation id that does not exist.
    InvalidReservationIdNotFound = 217 => "InvalidReservationID.NotFound",
    /// A public address that is not an Elastic IP of the account.
    InvalidAddressNotFound = 218 => "InvalidAddress.NotFound",
    /// An id to tag that names no kind of resource EC2 tags.
    InvalidId = 219 => "InvalidID",
    /// A malformed security group id.
    InvalidGroupIdMalformed = 220 => "InvalidGroupId.Malformed",
    /// A security group that does not exist (in the VPC concerned).
    InvalidGroupNotFound = 221 => "InvalidGroup.NotFound",
    /// A malformed route table id.
    InvalidRouteTableIdMalformed = 222 => "InvalidRouteTableId.Malformed",
    /// A route table id that does not exist.
    InvalidRouteTableIdNotFound = 223 => "InvalidRouteTableID.NotFound",
    /// A malformed network ACL id.
    InvalidNetworkAclIdMalformed = 224 => "InvalidNetworkAclId.Malformed",
    /// A network ACL id that does not exist.
    InvalidNetworkAclIdNotFound = 225 => "InvalidNetworkAclID.NotFound",

    /// More addresses on an interface than its instance type allows.
    PrivateIpAddressLimitExceeded = 300 => "PrivateIpAddressLimitExceeded",
    /// Not enough free addresses in the subnet for an automatic assignment.
    InsufficientFreeAddressesInSubnet = 301 => "InsufficientFreeAddressesInSubnet",
    /// Not enough wholly free aligned /28 blocks in the subnet for automatic prefixes.
    InsufficientCidrBlocks = 302 => "InsufficientCidrBlocks",
    /// More interfaces on a network card than the instance type allows.
    AttachmentLimitExceeded = 303 => "AttachmentLimitExceeded",
    /// An interface with more addresses than the instance type it is attached to allows.
    InvalidInterfaceIpAddressLimitExceeded = 304 => "InvalidInterface.IpAddressLimitExceeded",
    /// No Elastic IP address left to allocate.
    AddressLimitExceeded = 305 => "AddressLimitExceeded",
    /// An instance type that EC2 (or the loaded instance-type table) does not know.
    InvalidInstanceType = 306 => "InvalidInstanceType",
    /// More tags on a resource than EC2 allows (50).
    TagLimitExceeded = 307 => "TagLimitExceeded",

    /// An address that is already in use.
    InvalidIpAddressInUse = 400 => "InvalidIPAddress.InUse",
    /// A network interface that is already attached.
    InvalidNetworkInterfaceInUse = 401 => "InvalidNetworkInterface.InUse",
    /// A subnet CIDR of the wrong size or outside its VPC.
    InvalidSubnetRange = 402 => "InvalidSubnet.Range",
    /// A subnet CIDR that overlaps another subnet of the VPC.
    InvalidSubnetConflict = 403 => "InvalidSubnet.Conflict",
    /// A VPC CIDR of the wrong size.
    InvalidVpcRange = 404 => "InvalidVpc.Range",
    /// An operation EC2 never permits, such as detaching a primary interface.
    OperationNotPermitted = 405 => "OperationNotPermitted",
    /// An instance in a state that does not allow the operation.
    IncorrectInstanceState = 406 => "IncorrectInstanceState",
    /// An Elastic IP that is associated already, with reassociation refused.
    ResourceAlreadyAssociated = 407 => "Resource.AlreadyAssociated",
    /// An instance that cannot take the operation, such as one with several interfaces.
    InvalidInstanceId = 408 => "InvalidInstanceID",
    /// A resource that cannot be deleted while others depend on it.
    DependencyViolation = 409 => "DependencyViolation",
    /// More security groups on an interface than EC2 allows (5).
    SecurityGroupsPerInterfaceLimitExceeded = 410 => "SecurityGroupsPerInterfaceLimitExceeded",
    /// A client token whose instances are terminated.
    IdempotentInstanceTerminated = 420 => "IdempotentInstanceTerminated",

    /// An action that EC2 (or eniplan) does not have.
    InvalidAction = 500 => "InvalidAction",
    /// A Query request without an action.
    MissingAction = 501 => "MissingAction",
}

/// Why a prefix string is not a valid IPv4 /28 prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PrefixProblem {
    /// Not of the form `a.b.c.d/n`.
    Syntax,
    /// A length other than /28.
    NotSlash28,
    /// Host bits set: `10.0.0.17/28` instead of `10.0.0.16/28`.
    NotAligned,
}

impl fmt::Display for PrefixProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PrefixProblem::Syntax => "it is not an IPv4 CIDR block",
            PrefixProblem::NotSlash28 => "only /28 IPv4 prefixes can be assigned",
            PrefixProblem::NotAligned => {
                "its host bits are set; an IPv4 prefix must start on a /28 boundary"
            }
        })
    }
}

/// Which of EC2's rules for RunInstances' `NetworkInterfaces` an entry breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InterfaceSpecificationProblem {
    /// An entry without `DeviceIndex`.
    NoDeviceIndex,
    /// Two entries at the same device index of the same network card.
    DuplicateDeviceIndex,
    /// No entry at device index 0 of card 0, the instance's primary interface.
    NoPrimary,
    /// An entry with neither `SubnetId` nor `NetworkInterfaceId`.
    NoSubnetOrInterface,
}

impl fmt::Display for InterfaceSpecificationProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            InterfaceSpecificationProblem::NoDeviceIndex => {
                "Each network interface requires a device index."
            }
            InterfaceSpecificationProblem::DuplicateDeviceIndex => {
                "Each network interface requires a unique device index."
            }
            InterfaceSpecificationProblem::NoPrimary => {
                "When specifying network interfaces, you must include a device at index 0"
            }
            InterfaceSpecificationProblem::NoSubnetOrInterface => {
                "Each network interface requires either a subnet or a network interface ID."
            }
        })
    }
}

/// The JSON type a request member must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JsonType {
    /// A JSON string.
    String,
    /// A JSON integer.
    Integer,
    /// A JSON boolean.
    Boolean,
    /// A JSON array.
    List,
    /// A JSON object.
    Structure,
}

impl fmt::Display for JsonType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            JsonType::String => "a string",
            JsonType::Integer => "an integer",
            JsonType::Boolean => "a boolean",
            JsonType::List => "a list",
            JsonType::Structure => "a structure",
        })
    }
}

/// What is wrong with one member of a document (describe-* output, DescribeInstanceTypes data)
/// or of a request.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MemberProblem {
    /// The member is absent (or `null`).
    Missing,
    /// The member has the wrong JSON type.
    WrongType(JsonType),
    /// An integer below 0 or above 4294967295.
    OutOfRange,
    /// An empty string.
    Empty,
    /// A `Hypervisor` other than `nitro` or `xen`.
    UnknownHypervisor(String),
    /// A value that must be unique and was already given earlier in its list.
    Duplicate,
    /// A `DefaultNetworkCardIndex` that is not one of the type's network cards.
    NoSuchNetworkCard,
    /// A string that does not parse as what the member holds.
    Invalid {
        /// The value as given.
        value: String,
        /// What it should be, e.g. `an IPv4 address`.
        expected: &'static str,
    },
}

impl fmt::Display for MemberProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MemberProblem::Missing => f.write_str("is missing"),
            MemberProblem::WrongType(expected) => write!(f, "must be {expected}"),
            MemberProblem::OutOfRange => f.write_str("must be an integer from 0 to 4294967295"),
            MemberProblem::Empty => f.write_str("must not be empty"),
            MemberProblem::UnknownHypervisor(value) => {
                write!(f, "is \"{value}\"; expected \"nitro\" or \"xen\"")
            }
            MemberProblem::Duplicate => f.write_str("repeats a value given earlier in its list"),
            MemberProblem::NoSuchNetworkCard => {
                f.write_str("names no network card listed in NetworkInfo.NetworkCards")
            }
            MemberProblem::Invalid { value, expected } => {
                write!(f, "'{value}' is not {expected}")
            }
        }
    }
}

/// " for instance type NAME" when the entry's name is known.
fn for_instance_type(instance_type: &Option<String>) -> String {
    instance_type
        .as_ref()
        .map(|name| format!(" for instance type {name}"))
        .unwrap_or_default()
}

/// Formats addresses as EC2 does in its messages: `[10.0.0.30, 10.0.0.31]`.
fn address_list(addresses: &[Ipv4Addr]) -> String {
    let items: Vec<String> = addresses.iter().map(Ipv4Addr::to_string).collect();
    format!("[{}]", items.join(", "))
}

/// EC2 names the expected prefix for malformed network interface and security group ids
/// (seen); for other kinds the seen message is the bare `Invalid id: "X"`.
fn malformed_hint(kind: IdKind) -> &'static str {
    match kind {
        IdKind::NetworkInterface => " (expecting \"eni-...\")",
        IdKind::SecurityGroup => " (expecting \"sg-...\")",
        _ => "",
    }
}

/// EC2's "does not exist" message for each kind of id.
fn not_found_message(kind: IdKind, id: &str) -> String {
    match kind {
        IdKind::Attachment => format!("The interface attachment '{id}' does not exist."),
        IdKind::SubnetCidrReservation => {
            format!("The subnet-cidr-reservation ID '{id}' does not exist")
        }
        IdKind::SecurityGroup => format!("The security group '{id}' does not exist"),
        _ => format!("The {} ID '{id}' does not exist", kind.noun()),
    }
}

/// An error that EC2 would return, with the data that explains it.
///
/// [`Error::code`] gives the EC2 error code; `Display` gives the message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A required parameter is absent.
    #[error("The request must contain the parameter {parameter}")]
    MissingParameter {
        /// The parameter's name as the SDK spells it.
        parameter: String,
    },
    /// An identifier that does not have its kind's syntax.
    #[error("Invalid id: \"{id}\"{}", malformed_hint(*kind))]
    MalformedId {
        /// What the identifier names.
        kind: IdKind,
        /// The identifier as given.
        id: String,
    },
    /// A request member the action does not have.
    #[error("The parameter {parameter} is not recognized")]
    UnknownParameter {
        /// The member's name as given.
        parameter: String,
    },
    /// A request member of the wrong JSON type.
    #[error("Invalid type for parameter {parameter}: expected {expected}")]
    WrongParameterType {
        /// The member's path, e.g. `PrivateIpAddresses[2]`.
        parameter: String,
        /// The type the member must have.
        expected: JsonType,
    },
    /// An action name that is not one of the actions.
    #[error("The action {action} is not valid for this web service.")]
    InvalidAction {
        /// The name as given.
        action: String,
    },
    /// A request body that is not a JSON object.
    #[error("The request is not a JSON object: {reason}")]
    MalformedRequest {
        /// What is wrong with it.
        reason: String,
    },
    /// Two selectors that cannot be used together (rule 4).
    #[error("The parameters {first} and {second} cannot be specified together")]
    ConflictingParameters {
        /// One of the two parameters.
        first: &'static str,
        /// The other.
        second: &'static str,
    },
    /// None of the selectors a request needs (rule 4).
    #[error("The request must contain at least one of the parameters {}", parameters.join(", "))]
    NoSelector {
        /// The parameters of which one is needed.
        parameters: &'static [&'static str],
    },
    /// A count below 1 or beyond the range EC2 accepts (rule 5).
    #[error("Value ({value}) for parameter {parameter} is invalid. Expected a value from 1 to 2147483647.")]
    InvalidCount {
        /// The count's parameter name.
        parameter: &'static str,
        /// The value as given.
        value: i64,
    },
    /// An integer parameter outside its range, such as a negative device index.
    #[error("Value ({value}) for parameter {parameter} is invalid. Expected a value from {min} to {max}.")]
    IntegerOutOfRange {
        /// The parameter name.
        parameter: &'static str,
        /// The value as given.
        value: i64,
        /// The least accepted value.
        min: i64,
        /// The greatest accepted value.
        max: i64,
    },
    /// A value that is not one of the parameter's allowed values.
    #[error("Value ({value}) for parameter {parameter} is invalid. Expected one of: {}.", allowed.join(", "))]
    NotOneOf {
        /// The parameter name.
        parameter: &'static str,
        /// The value as given.
        value: String,
        /// The values EC2 accepts.
        allowed: &'static [&'static str],
    },
    /// An address that is not a dotted-quad IPv4 address (rule 6).
    #[error("invalid value for parameter address: {value}")]
    InvalidAddress {
        /// The value as given.
        value: String,
    },
    /// A prefix that is not an aligned IPv4 /28 (rule 9).
    #[error("Invalid value '{value}' for Ipv4Prefix: {problem}")]
    InvalidPrefix {
        /// The value as given.
        value: String,
        /// What is wrong with it.
        problem: PrefixProblem,
    },
    /// Two primary addresses in one CreateNetworkInterface request.
    #[error(
        "Only one primary private IPv4 address can be specified, but got {}",
        address_list(addresses)
    )]
    MultiplePrimaryAddresses {
        /// The addresses that were each marked primary.
        addresses: Vec<Ipv4Addr>,
    },
    /// Addresses or prefixes asked for on an `efa-only` interface, which holds no IP address.
    #[error("An efa-only network interface cannot have IPv4 addresses or prefixes")]
    AddressesOnEfaOnly,
    /// A well-formed id of a resource that does not exist (rule 3 for interfaces).
    #[error("{}", not_found_message(*kind, id))]
    NotFound {
        /// What the id names.
        kind: IdKind,
        /// The id as given.
        id: String,
    },
    /// A CIDR block that does not parse.
    #[error(
        "Value ({value}) for parameter {parameter} is invalid. This is not a valid CIDR block."
    )]
    InvalidCidr {
        /// The parameter's wire name, e.g. `cidrBlock`.
        parameter: &'static str,
        /// The value as given.
        value: String,
    },
    /// A VPC CIDR outside /16–/28.
    #[error("The CIDR '{cidr}' is invalid.")]
    VpcRange {
        /// The CIDR as given.
        cidr: String,
    },
    /// A subnet CIDR outside /16–/28 or outside its VPC.
    #[error("The CIDR '{cidr}' is invalid.")]
    SubnetRange {
        /// The CIDR as given.
        cidr: String,
    },
    /// A subnet CIDR overlapping a sibling subnet.
    #[error("The CIDR '{cidr}' conflicts with another subnet")]
    SubnetConflict {
        /// The CIDR as given.
        cidr: String,
    },
    /// A CIDR reservation outside its subnet.
    #[error("Reservation CIDR should be within subnet CIDR block ({subnet_cidr})")]
    ReservationOutsideSubnet {
        /// The subnet's CIDR.
        subnet_cidr: String,
    },
    /// A CIDR reservation overlapping another reservation of the VPC.
    #[error("Reservation CIDR {cidr} has overlap with existing reserved CIDR block")]
    ReservationOverlap {
        /// The reservation's CIDR.
        cidr: String,
    },
    /// An instance type that is not in the table (RunInstances).
    #[error("Invalid value '{instance_type}' for InstanceType.")]
    InvalidInstanceTypeValue {
        /// The type as given.
        instance_type: String,
    },
    /// An address outside the interface's subnet (rule 7).
    #[error("Address {address} does not fall within the subnet's address range")]
    AddressOutsideSubnet {
        /// The address.
        address: Ipv4Addr,
    },
    /// One of the subnet's five reserved addresses (rule 8).
    #[error("Address {address} is in subnet's reserved address range")]
    ReservedAddress {
        /// The address.
        address: Ipv4Addr,
    },
    /// A prefix outside the interface's subnet (rule 9).
    #[error("Prefix {prefix} does not fall within the subnet's address range")]
    PrefixOutsideSubnet {
        /// The prefix.
        prefix: Ipv4Prefix,
    },
    /// A prefix covering one of the subnet's reserved addresses (rule 9).
    #[error("Prefix {prefix} includes an address in subnet's reserved address range")]
    PrefixCoversReservedAddress {
        /// The prefix.
        prefix: Ipv4Prefix,
    },
    /// Addresses held by other interfaces, with reassignment not allowed (rule 10).
    #[error("{} assigned, but move is not allowed.", address_list(addresses))]
    MoveNotAllowed {
        /// Every such address of the request, in request order.
        addresses: Vec<Ipv4Addr>,
    },
    /// Another interface's primary address, which never moves (rule 11).
    #[error(
        "Address {address} is the primary private IPv4 address of {owner} and cannot be reassigned"
    )]
    PrimaryAddressCannotMove {
        /// The address.
        address: Ipv4Addr,
        /// The interface whose primary it is.
        owner: NetworkInterfaceId,
    },
    /// An address inside an assigned prefix (rule 12).
    #[error("Address {address} is inside prefix {prefix}, which is assigned to {owner}")]
    AddressInsideAssignedPrefix {
        /// The address.
        address: Ipv4Addr,
        /// The prefix that holds it.
        prefix: Ipv4Prefix,
        /// The interface that holds the prefix.
        owner: NetworkInterfaceId,
    },
    /// A prefix overlapping an assigned address or prefix (rule 12).
    #[error("Prefix {prefix} overlaps address {address}, which is assigned to {owner}")]
    PrefixOverlapsAssignedAddress {
        /// The prefix.
        prefix: Ipv4Prefix,
        /// The first assigned address inside it.
        address: Ipv4Addr,
        /// The interface that holds that address.
        owner: NetworkInterfaceId,
    },
    /// A CreateNetworkInterface prefix over an address the same request asks for (rule 12: a
    /// prefix over the interface's own address).
    #[error("Prefix {prefix} overlaps address {address}, which the same request assigns")]
    PrefixOverlapsRequestedAddress {
        /// The prefix.
        prefix: Ipv4Prefix,
        /// The lowest requested address inside it.
        address: Ipv4Addr,
    },
    /// More address slots than the interface may hold (rule 13).
    #[error("Number of private addresses will exceed limit.")]
    PrivateIpAddressLimitExceeded {
        /// The interface; `None` while CreateNetworkInterface has not made it yet.
        network_interface_id: Option<NetworkInterfaceId>,
        /// Slots it may hold.
        limit: u32,
        /// Slots it would hold after the request.
        requested: u32,
    },
    /// Prefixes on an instance type that is neither Nitro nor bare metal (rule 14).
    #[error("Instance type {instance_type} does not support IPv4 prefixes: they need a Nitro or bare-metal instance type")]
    PrefixesNotSupported {
        /// The instance type.
        instance_type: String,
    },
    /// Not enough automatic addresses (rule 15).
    #[error("The specified subnet does not have enough free addresses to satisfy the request.")]
    InsufficientFreeAddresses {
        /// The subnet.
        subnet_id: SubnetId,
        /// Addresses asked for.
        requested: u32,
        /// Addresses available for automatic assignment.
        available: u32,
    },
    /// Not enough automatic /28 prefixes (rule 16).
    #[error("The specified subnet does not have enough free cidr blocks to satisfy the request.")]
    InsufficientCidrBlocks {
        /// The subnet.
        subnet_id: SubnetId,
        /// Prefixes asked for.
        requested: u32,
        /// Wholly free aligned /28 blocks.
        available: u32,
    },
    /// An attempt to unassign an interface's primary address.
    #[error("The primary IP address of an interface cannot be unassigned.")]
    CannotUnassignPrimary {
        /// The address.
        address: Ipv4Addr,
    },
    /// Addresses or prefixes to unassign that the interface does not hold.
    #[error(
        "Some of the specified addresses are not assigned to interface {network_interface_id}"
    )]
    NotAssigned {
        /// The interface.
        network_interface_id: NetworkInterfaceId,
    },
    /// An address already held, given to CreateNetworkInterface or RunInstances.
    #[error("The specified address is already in use")]
    AddressInUse {
        /// The address.
        address: Ipv4Addr,
    },
    /// Deleting an attached interface.
    #[error("Network interface '{network_interface_id}' is currently in use.")]
    NetworkInterfaceCurrentlyInUse {
        /// The interface.
        network_interface_id: NetworkInterfaceId,
    },
    /// Attaching an interface that is attached already.
    #[error("Interface: [{network_interface_id}] in use.")]
    NetworkInterfaceAttached {
        /// The interface.
        network_interface_id: NetworkInterfaceId,
    },
    /// Attaching an interface to an instance in another availability zone.
    #[error("The network interface {network_interface_id} and the instance {instance_id} are not in the same availability zone")]
    AvailabilityZoneMismatch {
        /// The interface.
        network_interface_id: NetworkInterfaceId,
        /// The instance.
        instance_id: InstanceId,
    },
    /// A network card index the instance type does not have.
    #[error("Value ({index}) for parameter NetworkCardIndex is invalid. Instance type {instance_type} has {cards} network card(s).")]
    NoSuchNetworkCard {
        /// The index asked for.
        index: u32,
        /// The instance type.
        instance_type: String,
        /// How many cards it has.
        cards: u32,
    },
    /// A device index already used on the instance.
    #[error("Instance '{instance_id}' already has an interface attached at device index '{device_index}'.")]
    DeviceIndexInUse {
        /// The instance.
        instance_id: InstanceId,
        /// The device index.
        device_index: u32,
    },
    /// More interfaces on a network card than the type allows.
    #[error("Interface count {count} exceeds the limit for {instance_type}")]
    AttachmentLimitExceeded {
        /// Interfaces on the card after the attachment.
        count: u32,
        /// The instance type.
        instance_type: String,
    },
    /// Attaching an interface that holds more address slots than the type allows.
    #[error("Address count {count} on interface {network_interface_id} exceeds the limit for {instance_type}")]
    InterfaceAddressLimitExceeded {
        /// The interface's address slots.
        count: u32,
        /// The interface.
        network_interface_id: NetworkInterfaceId,
        /// The instance type.
        instance_type: String,
    },
    /// Detaching an instance's primary interface.
    #[error("The network interface at device index 0 and networkCard index 0 cannot be detached.")]
    CannotDetachPrimary {
        /// The attachment.
        attachment_id: AttachmentId,
    },
    /// An operation on a terminated instance.
    #[error("The terminated instance '{instance_id}' is not in a valid state for this operation.")]
    InstanceTerminated {
        /// The instance.
        instance_id: InstanceId,
    },
    /// A `ClientToken` used before with a different request.
    #[error("Arguments on this idempotent request are inconsistent with arguments used in previous request(s).")]
    IdempotentParameterMismatch,
    /// A `ClientToken` whose RunInstances launched instances that are now terminated.
    #[error("The client token you have provided is associated with a terminated instance. Please use a different client token.")]
    IdempotentInstanceTerminated,
    /// A `ClientToken` longer than EC2 takes.
    #[error("Value ({token}) for parameter clientToken is invalid. Client tokens are at most 64 ASCII characters.")]
    InvalidClientToken {
        /// The token.
        token: String,
    },
    /// A `NetworkInterfaces` entry that breaks one of EC2's rules for launch specifications.
    #[error("{0}")]
    InvalidInterfaceSpecification(InterfaceSpecificationProblem),
    /// `NetworkInterfaces` together with an instance-level member that it replaces.
    #[error("Network interfaces and an instance-level {member} may not be specified on the same request")]
    NetworkInterfacesWith {
        /// How EC2 names the member: `subnet ID`, `private IP address`, `security groups`.
        member: &'static str,
    },
    /// A change that EC2 makes only while the instance is stopped.
    #[error("The instance '{instance_id}' is not in the 'stopped' state.")]
    InstanceNotStopped {
        /// The instance.
        instance_id: InstanceId,
    },
    /// TerminateInstances on an instance with `disableApiTermination` set.
    #[error("The instance '{instance_id}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.")]
    TerminationProtected {
        /// The instance.
        instance_id: InstanceId,
    },
    /// AssociateAddress by instance on an instance with several interfaces.
    #[error("There are multiple interfaces attached to instance '{instance_id}'. Please specify an interface ID for the operation instead.")]
    MultipleInterfaces {
        /// The instance.
        instance_id: InstanceId,
    },
    /// An Elastic IP associated already, with `AllowReassociation` false.
    #[error("resource {allocation_id} is already associated with associate-id {association_id}")]
    AlreadyAssociated {
        /// The Elastic IP.
        allocation_id: AllocationId,
        /// Its current association.
        association_id: AssociationId,
    },
    /// Associating an Elastic IP with a private address the interface does not hold.
    #[error(
        "The private IP address {address} is not assigned to interface {network_interface_id}"
    )]
    PrivateAddressNotOnInterface {
        /// The address.
        address: Ipv4Addr,
        /// The interface.
        network_interface_id: NetworkInterfaceId,
    },
    /// No public address left in the model's Elastic IP pool.
    #[error("The maximum number of addresses has been reached.")]
    AddressLimitExceeded,
    /// Releasing an Elastic IP that is still associated.
    #[error("Address {public_ip} is in use.")]
    ElasticIpInUse {
        /// The Elastic IP's public address.
        public_ip: Ipv4Addr,
    },
    /// An id to tag whose prefix names no kind of resource that holds tags.
    #[error("The ID '{id}' is not valid")]
    InvalidId {
        /// The id as given.
        id: String,
    },
    /// More than 50 tags on one resource.
    #[error("The maximum number of Tags for a resource has been reached.")]
    TagLimitExceeded,
    /// A tag key or value EC2 refuses: a key of more than 128 characters (or none), a key
    /// starting with `aws:`, or a value of more than 256 characters.
    #[error("Value ( {key} ) for parameter key is invalid. {reason}")]
    InvalidTag {
        /// The key as given.
        key: String,
        /// Why: `Tag keys starting with 'aws:' are reserved for internal use`, ...
        reason: &'static str,
    },
    /// A `TagSpecifications` resource type that the action does not create.
    #[error("'{resource_type}' is not a valid taggable resource type for this operation.")]
    InvalidTagResourceType {
        /// The type as given.
        resource_type: String,
    },
    /// A Describe filter name the action does not support.
    #[error("The filter '{name}' is invalid")]
    InvalidFilter {
        /// The filter name as given.
        name: String,
    },
    /// Deleting a VPC or subnet that others still depend on: a VPC's subnets (and security
    /// groups other than its default), a subnet's interfaces.
    #[error("The {noun} '{id}' has dependencies and cannot be deleted.")]
    DependencyViolation {
        /// The kind of resource, as EC2 names it here: `vpc`, `subnet`.
        noun: &'static str,
        /// Its id.
        id: String,
    },
    /// A security group id, for an interface, that names no group at all.
    #[error("The security group '{group_id}' does not exist in VPC '{vpc_id}'")]
    SecurityGroupNotFoundInVpc {
        /// The group.
        group_id: SecurityGroupId,
        /// The VPC of the interface.
        vpc_id: VpcId,
    },
    /// A security group of another VPC than the interface's subnet.
    #[error("Security group {group_id} and subnet {subnet_id} belong to different networks.")]
    SecurityGroupInOtherNetwork {
        /// The group.
        group_id: SecurityGroupId,
        /// The interface's subnet.
        subnet_id: SubnetId,
    },
    /// More security groups on one interface than EC2's quota (5).
    #[error("The maximum number of security groups per interface has been reached.")]
    SecurityGroupsPerInterfaceLimitExceeded {
        /// How many were asked for.
        count: usize,
    },
    /// Security groups asked for by name, which only a default VPC allows; the model has no
    /// default VPC.
    #[error("No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC.")]
    NoDefaultVpc,
    /// A Modify...Attribute request that names more than one attribute: EC2 changes one a call.
    #[error("Fields for multiple attribute types specified: {}", attributes.join(", "))]
    MultipleAttributes {
        /// The attributes named, as EC2 spells them (`enableDnsSupport`).
        attributes: Vec<&'static str>,
    },
    /// A Modify...Attribute request that names no attribute.
    #[error("No attributes specified.")]
    NoAttributes,
    /// DNS hostnames enabled on a VPC whose DNS support is off (EC2 needs both).
    #[error("Cannot enable DNS hostnames on VPC '{vpc_id}': enableDnsSupport is false. Enable DNS support first.")]
    DnsHostnamesWithoutDnsSupport {
        /// The VPC.
        vpc_id: VpcId,
    },
    /// A real EC2 parameter whose behaviour eniplan does not model.
    #[error("The parameter {parameter} is not supported by eniplan: {hint}")]
    UnsupportedParameter {
        /// The parameter.
        parameter: &'static str,
        /// What to do instead.
        hint: &'static str,
    },
    /// A public address that is not one of the model's Elastic IPs.
    #[error("Address '{public_ip}' not found.")]
    AddressNotFound {
        /// The address as given.
        public_ip: String,
    },
    /// TerminateInstances without any instance id.
    #[error("No instances specified")]
    NoInstancesSpecified,
    /// AssociateAddress with a public IP and no allocation id.
    #[error("You must specify an allocation id when mapping an address to a VPC instance")]
    AllocationIdRequired,
    /// DisassociateAddress or ReleaseAddress with neither id nor public IP.
    #[error("Either public IP or association id must be specified")]
    AssociationIdOrPublicIpRequired,
    /// A describe-* document that cannot be loaded, or that contradicts the rest of the state.
    #[error("Cannot load {resource}: {problem}")]
    InvalidDescribeInput {
        /// What is wrong, by id where it has one, e.g. `network interface eni-0a1b2c3d`.
        resource: String,
        /// The problem.
        problem: String,
    },
    /// A Query request without an `Action`.
    #[error("The request must contain the parameter Action")]
    MissingAction,
    /// A list parameter with more items than eniplan accepts.
    #[error("The list {parameter} has more than {limit} items")]
    ListTooLong {
        /// The list's wire name.
        parameter: String,
        /// The most items accepted.
        limit: usize,
    },
    /// A request body larger than eniplan accepts.
    #[error("The request body is larger than {limit} bytes")]
    RequestTooLarge {
        /// The most bytes accepted.
        limit: usize,
    },
    /// A `DryRun` request that passed every check.
    #[error("Request would have succeeded, but DryRun flag is set.")]
    DryRun,
    /// Instance types that are not in the instance-type table, with EC2's DescribeInstanceTypes
    /// wording.
    #[error(
        "The following supplied instance types do not exist: [{}]",
        instance_types.join(", ")
    )]
    UnknownInstanceType {
        /// The unknown names, as given.
        instance_types: Vec<String>,
    },
    /// The EKS max-pods cap asked for on an instance type whose vCPU count is not known.
    #[error(
        "The max-pods cap depends on the vCPU count, which is not known for instance type {instance_type}"
    )]
    MaxPodsCapWithoutVcpus {
        /// The instance type's name.
        instance_type: String,
    },
    /// A DescribeInstanceTypes document (`{"InstanceTypes": [...]}`) with a member that cannot
    /// be read.
    #[error(
        "Invalid DescribeInstanceTypes data{}: {member} {problem}",
        for_instance_type(instance_type)
    )]
    InvalidInstanceTypeInfo {
        /// The entry's `InstanceType`, when it could be read.
        instance_type: Option<String>,
        /// The member's path inside the entry (e.g. `NetworkInfo.NetworkCards[1].NetworkCardIndex`),
        /// or inside the document when the entry's name is not known (e.g.
        /// `InstanceTypes[3].InstanceType`).
        member: String,
        /// What is wrong with it.
        problem: MemberProblem,
    },
}

impl Error {
    /// The EC2 error code of this error.
    pub fn code(&self) -> ErrorCode {
        use ErrorCode as C;
        match self {
            Error::MissingParameter { .. } => C::MissingParameter,
            Error::MalformedId { kind, .. } => kind.malformed_code(),
            Error::UnknownParameter { .. } => C::UnknownParameter,
            Error::MalformedRequest { .. } => C::InvalidRequest,
            Error::InvalidAction { .. } => C::InvalidAction,
            Error::ConflictingParameters { .. }
            | Error::NoSelector { .. }
            | Error::MultiplePrimaryAddresses { .. }
            | Error::AddressesOnEfaOnly => C::InvalidParameterCombination,
            Error::WrongParameterType { .. }
            | Error::InvalidCount { .. }
            | Error::IntegerOutOfRange { .. }
            | Error::NotOneOf { .. }
            | Error::InvalidAddress { .. }
            | Error::InvalidPrefix { .. }
            | Error::MaxPodsCapWithoutVcpus { .. }
            | Error::InvalidInstanceTypeInfo { .. } => C::InvalidParameterValue,
            Error::DryRun => C::DryRunOperation,
            Error::InvalidFilter { .. }
            | Error::InvalidDescribeInput { .. }
            | Error::InvalidTag { .. }
            | Error::InvalidTagResourceType { .. } => C::InvalidParameterValue,
            Error::InvalidId { .. } => C::InvalidId,
            Error::TagLimitExceeded => C::TagLimitExceeded,
            Error::UnsupportedParameter { .. } => C::UnsupportedOperation,
            Error::MissingAction => C::MissingAction,
            Error::ListTooLong { .. } => C::InvalidParameterValue,
            Error::RequestTooLarge { .. } => C::InvalidRequest,
            Error::AddressNotFound { .. } => C::InvalidAddressNotFound,
            Error::NoInstancesSpecified | Error::AllocationIdRequired => {
                C::InvalidParameterCombination
            }
            Error::AssociationIdOrPublicIpRequired => C::MissingParameter,
            Error::UnknownInstanceType { .. } => C::InvalidInstanceType,
            Error::NotFound { kind, .. } => kind.not_found_code(),
            Error::InvalidCidr { .. }
            | Error::ReservationOutsideSubnet { .. }
            | Error::ReservationOverlap { .. }
            | Error::InvalidInstanceTypeValue { .. }
            | Error::AddressOutsideSubnet { .. }
            | Error::ReservedAddress { .. }
            | Error::PrefixOutsideSubnet { .. }
            | Error::PrefixCoversReservedAddress { .. }
            | Error::MoveNotAllowed { .. }
            | Error::PrimaryAddressCannotMove { .. }
            | Error::AddressInsideAssignedPrefix { .. }
            | Error::PrefixOverlapsAssignedAddress { .. }
            | Error::PrefixOverlapsRequestedAddress { .. }
            | Error::PrefixesNotSupported { .. }
            | Error::CannotUnassignPrimary { .. }
            | Error::NotAssigned { .. }
            | Error::NetworkInterfaceCurrentlyInUse { .. }
            | Error::NoSuchNetworkCard { .. }
            | Error::DeviceIndexInUse { .. }
            | Error::PrivateAddressNotOnInterface { .. } => C::InvalidParameterValue,
            Error::VpcRange { .. } => C::InvalidVpcRange,
            Error::SubnetRange { .. } => C::InvalidSubnetRange,
            Error::SubnetConflict { .. } => C::InvalidSubnetConflict,
            Error::PrivateIpAddressLimitExceeded { .. } => C::PrivateIpAddressLimitExceeded,
            Error::InsufficientFreeAddresses { .. } => C::InsufficientFreeAddressesInSubnet,
            Error::InsufficientCidrBlocks { .. } => C::InsufficientCidrBlocks,
            Error::AddressInUse { .. } | Error::ElasticIpInUse { .. } => C::InvalidIpAddressInUse,
            Error::NetworkInterfaceAttached { .. } => C::InvalidNetworkInterfaceInUse,
            Error::AvailabilityZoneMismatch { .. } => C::InvalidParameterCombination,
            Error::AttachmentLimitExceeded { .. } => C::AttachmentLimitExceeded,
            Error::InterfaceAddressLimitExceeded { .. } => {
                C::InvalidInterfaceIpAddressLimitExceeded
            }
            Error::CannotDetachPrimary { .. } => C::OperationNotPermitted,
            Error::InstanceTerminated { .. } | Error::InstanceNotStopped { .. } => {
                C::IncorrectInstanceState
            }
            Error::TerminationProtected { .. } => C::OperationNotPermitted,
            Error::IdempotentParameterMismatch => C::IdempotentParameterMismatch,
            Error::IdempotentInstanceTerminated => C::IdempotentInstanceTerminated,
            Error::InvalidClientToken { .. } => C::InvalidParameterValue,
            Error::InvalidInterfaceSpecification(_) => C::InvalidParameterValue,
            Error::NetworkInterfacesWith { .. } => C::InvalidParameterCombination,
            Error::MultipleInterfaces { .. } => C::InvalidInstanceId,
            Error::AlreadyAssociated { .. } => C::ResourceAlreadyAssociated,
            Error::AddressLimitExceeded => C::AddressLimitExceeded,
            Error::DependencyViolation { .. } => C::DependencyViolation,
            Error::SecurityGroupNotFoundInVpc { .. } => C::InvalidGroupNotFound,
            Error::SecurityGroupInOtherNetwork { .. } => C::InvalidParameter,
            Error::SecurityGroupsPerInterfaceLimitExceeded { .. } => {
                C::SecurityGroupsPerInterfaceLimitExceeded
            }
            Error::NoDefaultVpc => C::VpcIdNotSpecified,
            Error::MultipleAttributes { .. }
            | Error::NoAttributes
            | Error::DnsHostnamesWithoutDnsSupport { .. } => C::InvalidParameterCombination,
        }
    }

    /// The message EC2 would send with the code; the same as `to_string()`.
    pub fn message(&self) -> String {
        self.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn code_numbers_and_strings_are_unique() {
        let numbers: HashSet<u32> = ErrorCode::ALL.iter().map(|c| c.number()).collect();
        let strings: HashSet<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(numbers.len(), ErrorCode::ALL.len());
        assert_eq!(strings.len(), ErrorCode::ALL.len());
    }

    #[test]
    fn codes_round_trip_through_number_and_string() {
        for &code in ErrorCode::ALL {
            assert_eq!(ErrorCode::from_number(code.number()), Some(code));
            assert_eq!(ErrorCode::from_code_str(code.as_str()), Some(code));
        }
        assert_eq!(ErrorCode::from_number(0), None);
        assert_eq!(ErrorCode::from_code_str("invalidparametervalue"), None);
    }

    #[test]
    fn network_interface_codes_keep_ec2_spelling() {
        // EC2 spells "Id" in the malformed code and "ID" in the not-found code.
        assert_eq!(
            ErrorCode::InvalidNetworkInterfaceIdMalformed.as_str(),
            "InvalidNetworkInterfaceId.Malformed"
        );
        assert_eq!(
            ErrorCode::InvalidNetworkInterfaceIdNotFound.as_str(),
            "InvalidNetworkInterfaceID.NotFound"
        );
    }

    #[test]
    fn move_list_is_formatted_like_ec2() {
        let list = address_list(&[Ipv4Addr::new(10, 0, 0, 30), Ipv4Addr::new(10, 0, 0, 31)]);
        assert_eq!(list, "[10.0.0.30, 10.0.0.31]");
    }
}
