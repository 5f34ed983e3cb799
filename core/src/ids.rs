//! Typed EC2 resource identifiers.
//!
//! An EC2 id is a kind prefix, a dash, and 8 or 17 lowercase hex digits (`eni-0a1b2c3d` or
//! `eni-0123456789abcdef0`). Each id here is a small `Copy` value (the digits packed into a
//! `u128`), so ids hash and compare without touching the heap. Parsing gives EC2's
//! `...Malformed` error for the kind.

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, ErrorCode};

/// The kinds of resources that have ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdKind {
    /// `eni-`: a network interface.
    NetworkInterface,
    /// `subnet-`: a subnet.
    Subnet,
    /// `vpc-`: a VPC.
    Vpc,
    /// `i-`: an instance.
    Instance,
    /// `eipalloc-`: an Elastic IP allocation.
    Allocation,
    /// `eipassoc-`: an Elastic IP association.
    Association,
    /// `eni-attach-`: a network interface attachment.
    Attachment,
    /// `scr-`: a subnet CIDR reservation.
    SubnetCidrReservation,
    /// `r-`: a reservation (the group of instances one RunInstances call launched).
    Reservation,
    /// `sg-`: a security group.
    SecurityGroup,
    /// `rtb-`: a route table.
    RouteTable,
    /// `acl-`: a network ACL.
    NetworkAcl,
}

impl IdKind {
    /// The id prefix without its dash, e.g. `eni`.
    pub const fn prefix(self) -> &'static str {
        match self {
            IdKind::NetworkInterface => "eni",
            IdKind::Subnet => "subnet",
            IdKind::Vpc => "vpc",
            IdKind::Instance => "i",
            IdKind::Allocation => "eipalloc",
            IdKind::Association => "eipassoc",
            IdKind::Attachment => "eni-attach",
            IdKind::SubnetCidrReservation => "scr",
            IdKind::Reservation => "r",
            IdKind::SecurityGroup => "sg",
            IdKind::RouteTable => "rtb",
            IdKind::NetworkAcl => "acl",
        }
    }

    /// The noun EC2 uses for this kind in "does not exist" messages.
    pub const fn noun(self) -> &'static str {
        match self {
            IdKind::NetworkInterface => "networkInterface",
            IdKind::Subnet => "subnet",
            IdKind::Vpc => "vpc",
            IdKind::Instance => "instance",
            IdKind::Allocation => "allocation",
            IdKind::Association => "association",
            IdKind::Attachment => "attachment",
            IdKind::SubnetCidrReservation => "subnet CIDR reservation",
            IdKind::Reservation => "reservation",
            IdKind::SecurityGroup => "security group",
            IdKind::RouteTable => "routeTable",
            IdKind::NetworkAcl => "networkAcl",
        }
    }

    /// The EC2 code for a malformed id of this kind.
    pub const fn malformed_code(self) -> ErrorCode {
        match self {
            IdKind::NetworkInterface => ErrorCode::InvalidNetworkInterfaceIdMalformed,
            IdKind::Subnet => ErrorCode::InvalidSubnetIdMalformed,
            IdKind::Vpc => ErrorCode::InvalidVpcIdMalformed,
            IdKind::Instance => ErrorCode::InvalidInstanceIdMalformed,
            IdKind::Allocation => ErrorCode::InvalidAllocationIdMalformed,
            IdKind::Association => ErrorCode::InvalidAssociationIdMalformed,
            IdKind::Attachment => ErrorCode::InvalidAttachmentIdMalformed,
            IdKind::SubnetCidrReservation => ErrorCode::InvalidSubnetCidrReservationIdMalformed,
            IdKind::Reservation => ErrorCode::InvalidReservationIdMalformed,
            IdKind::SecurityGroup => ErrorCode::InvalidGroupIdMalformed,
            IdKind::RouteTable => ErrorCode::InvalidRouteTableIdMalformed,
            IdKind::NetworkAcl => ErrorCode::InvalidNetworkAclIdMalformed,
        }
    }

    /// The EC2 code for a well-formed id of this kind that does not exist.
    pub const fn not_found_code(self) -> ErrorCode {
        match self {
            IdKind::NetworkInterface => ErrorCode::InvalidNetworkInterfaceIdNotFound,
            IdKind::Subnet => ErrorCode::InvalidSubnetIdNotFound,
            IdKind::Vpc => ErrorCode::InvalidVpcIdNotFound,
            IdKind::Instance => ErrorCode::InvalidInstanceIdNotFound,
            IdKind::Allocation => ErrorCode::InvalidAllocationIdNotFound,
            IdKind::Association => ErrorCode::InvalidAssociationIdNotFound,
            IdKind::Attachment => ErrorCode::InvalidAttachmentIdNotFound,
            IdKind::SubnetCidrReservation => ErrorCode::InvalidSubnetCidrReservationIdNotFound,
            IdKind::Reservation => ErrorCode::InvalidReservationIdNotFound,
            IdKind::SecurityGroup => ErrorCode::InvalidGroupNotFound,
            IdKind::RouteTable => ErrorCode::InvalidRouteTableIdNotFound,
            IdKind::NetworkAcl => ErrorCode::InvalidNetworkAclIdNotFound,
        }
    }
}

/// Set in [`HEX_DIGITS`] for a byte that is not a lowercase hex digit.
const NOT_HEX: u8 = 0x80;

/// The value of each lowercase hex digit, [`NOT_HEX`] for every other byte (EC2's ids are
/// lowercase).
const HEX_DIGITS: [u8; 256] = {
    let mut table = [NOT_HEX; 256];
    let mut i = 0;
    while i < 10 {
        table[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        table[b'a' as usize + i] = 10 + i as u8;
        i += 1;
    }
    table
};

/// Marks a 17-digit id, so that `eni-0000000a` and `eni-0000000000000000a` stay distinct.
const LONG_FORM: u128 = 1 << 127;
/// The largest value 17 hex digits can hold.
const MAX_DIGITS_VALUE: u128 = (1 << 68) - 1;

/// The digits of an id, packed: the hex value plus a flag for the 17-digit form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Digits(u128);

impl Digits {
    fn parse(kind: IdKind, text: &str) -> Result<Digits, Error> {
        let malformed = || Error::MalformedId {
            kind,
            id: text.to_owned(),
        };
        let hex = text
            .strip_prefix(kind.prefix())
            .and_then(|rest| rest.strip_prefix('-'))
            .ok_or_else(malformed)?;
        let long = match hex.len() {
            8 => false,
            17 => true,
            _ => return Err(malformed()),
        };
        // Every call that names a resource parses its id: the digits are read in 64-bit halves
        // (at most one digit above the low sixteen) through a table, without a branch per
        // digit; a digit that is not lowercase hex sets the table's high bit.
        let digits = hex.as_bytes();
        let (high, low) = digits.split_at(digits.len().saturating_sub(16));
        let mut bad = 0u8;
        let mut read = |digits: &[u8]| {
            digits.iter().fold(0u64, |value, &byte| {
                let digit = HEX_DIGITS[usize::from(byte)];
                bad |= digit;
                (value << 4) | u64::from(digit & 0xF)
            })
        };
        let (high, low) = (read(high), read(low));
        if bad & NOT_HEX != 0 {
            return Err(malformed());
        }
        let value = (u128::from(high) << 64) | u128::from(low);
        Ok(Digits(if long { value | LONG_FORM } else { value }))
    }

    /// A 17-digit id from any number (only the low 68 bits are used).
    fn long(value: u128) -> Digits {
        Digits((value & MAX_DIGITS_VALUE) | LONG_FORM)
    }

    fn write(self, kind: IdKind, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = self.0 & !LONG_FORM;
        if self.0 & LONG_FORM != 0 {
            write!(f, "{}-{:017x}", kind.prefix(), value)
        } else {
            write!(f, "{}-{:08x}", kind.prefix(), value)
        }
    }
}

/// What every typed id can do, so that code can parse an id of any kind.
pub trait ResourceId: Sized + Copy + fmt::Display {
    /// What the id names.
    const ID_KIND: IdKind;
    /// Parses an id, giving EC2's `...Malformed` error when it is not well formed.
    fn parse_id(text: &str) -> Result<Self, Error>;
}

macro_rules! ids {
    ($( $(#[$doc:meta])* $name:ident => $kind:ident; )*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(Digits);

        impl $name {
            /// What this id names.
            pub const KIND: IdKind = IdKind::$kind;

            /// Parses an id, giving EC2's `...Malformed` error when it is not well formed.
            pub fn parse(text: &str) -> Result<Self, Error> {
                Digits::parse(IdKind::$kind, text).map($name)
            }

            /// A 17-digit id made from a number; the model uses this to mint new ids.
            pub fn from_number(value: u128) -> Self {
                $name(Digits::long(value))
            }
        }

        impl ResourceId for $name {
            const ID_KIND: IdKind = IdKind::$kind;
            fn parse_id(text: &str) -> Result<Self, Error> {
                Self::parse(text)
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(text: &str) -> Result<Self, Error> {
                Self::parse(text)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.write(IdKind::$kind, f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(self, f)
            }
        }

        #[cfg(feature = "serde")]
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }
    )*};
}

ids! {
    /// A network interface id, `eni-…`.
    NetworkInterfaceId => NetworkInterface;
    /// A subnet id, `subnet-…`.
    SubnetId => Subnet;
    /// A VPC id, `vpc-…`.
    VpcId => Vpc;
    /// An instance id, `i-…`.
    InstanceId => Instance;
    /// An Elastic IP allocation id, `eipalloc-…`.
    AllocationId => Allocation;
    /// An Elastic IP association id, `eipassoc-…`.
    AssociationId => Association;
    /// A network interface attachment id, `eni-attach-…`.
    AttachmentId => Attachment;
    /// A subnet CIDR reservation id, `scr-…`.
    SubnetCidrReservationId => SubnetCidrReservation;
    /// A reservation id, `r-…`.
    ReservationId => Reservation;
    /// A security group id, `sg-…`.
    SecurityGroupId => SecurityGroup;
    /// A route table id, `rtb-…`.
    RouteTableId => RouteTable;
    /// A network ACL id, `acl-…`.
    NetworkAclId => NetworkAcl;
}

impl VpcId {
    /// The VPC's default security group, main route table and default network ACL are named
    /// after it: the same digits under their own prefix, so that each VPC's are distinct, no
    /// id is drawn for them, and a VPC loaded from describe output gets the same ones each time.
    pub(crate) const fn default_security_group(self) -> SecurityGroupId {
        SecurityGroupId(self.0)
    }

    /// The VPC's main route table; see [`VpcId::default_security_group`].
    pub(crate) const fn main_route_table(self) -> RouteTableId {
        RouteTableId(self.0)
    }

    /// The VPC's default network ACL; see [`VpcId::default_security_group`].
    pub(crate) const fn default_network_acl(self) -> NetworkAclId {
        NetworkAclId(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_short_and_long_forms_and_prints_them_back() {
        for text in [
            "eni-0a1b2c3d",
            "eni-0123456789abcdef0",
            "eni-00000000",
            "eni-fedcba9876543210f",
            "eni-f0000000000000000",
        ] {
            assert_eq!(NetworkInterfaceId::parse(text).unwrap().to_string(), text);
        }
        // The seventeenth digit counts: these two differ only there.
        assert_ne!(
            NetworkInterfaceId::parse("eni-10000000000000000").unwrap(),
            NetworkInterfaceId::parse("eni-00000000000000000").unwrap()
        );
        let short = NetworkInterfaceId::parse("eni-0000000a").unwrap();
        let long = NetworkInterfaceId::parse("eni-0000000000000000a").unwrap();
        assert_ne!(short, long);
    }

    #[test]
    fn malformed_network_interface_id_gives_ec2_code_and_message() {
        for text in [
            "",
            "eni-",
            "eni-123",
            "eni-0A1B2C3D",
            "eni-0a1b2c3g",
            "eni-0a1b2c3d0",
            "eni-g0000000000000000",
            "eni-0000000000000000g",
            "eni-attach-0a1b2c3d",
            "subnet-0a1b2c3d",
            " eni-0a1b2c3d",
        ] {
            let error = NetworkInterfaceId::parse(text).unwrap_err();
            assert_eq!(error.code().as_str(), "InvalidNetworkInterfaceId.Malformed");
            assert_eq!(
                error.to_string(),
                format!("Invalid id: \"{text}\" (expecting \"eni-...\")")
            );
        }
    }

    #[test]
    fn every_byte_but_a_lowercase_hex_digit_is_malformed_in_either_half() {
        for byte in 0..=255u8 {
            let is_digit = byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte);
            for position in [0, 7, 16] {
                let mut text = b"eni-00000000000000000".to_vec();
                text[4 + position] = byte;
                let Ok(text) = String::from_utf8(text) else {
                    continue;
                };
                let parsed = NetworkInterfaceId::parse(&text);
                assert_eq!(parsed.is_ok(), is_digit, "{text:?}");
                if is_digit {
                    assert_eq!(parsed.unwrap().to_string(), text);
                }
            }
        }
    }

    #[test]
    fn each_kind_needs_its_own_prefix() {
        assert!(SubnetId::parse("subnet-0123456789abcdef0").is_ok());
        assert!(VpcId::parse("vpc-0a1b2c3d").is_ok());
        assert!(InstanceId::parse("i-0123456789abcdef0").is_ok());
        assert!(AllocationId::parse("eipalloc-0a1b2c3d").is_ok());
        assert!(AssociationId::parse("eipassoc-0a1b2c3d").is_ok());
        assert!(AttachmentId::parse("eni-attach-0a1b2c3d").is_ok());
        assert!(SubnetCidrReservationId::parse("scr-0123456789abcdef0").is_ok());
        assert!(ReservationId::parse("r-0123456789abcdef0").is_ok());
        assert!(SecurityGroupId::parse("sg-0123abcd4567ef890").is_ok());
        assert!(RouteTableId::parse("rtb-0a1b2c3d").is_ok());
        assert!(NetworkAclId::parse("acl-0a1b2c3d").is_ok());
        let error = SecurityGroupId::parse("default").unwrap_err();
        assert_eq!(error.code().as_str(), "InvalidGroupId.Malformed");
        assert_eq!(
            error.to_string(),
            r#"Invalid id: "default" (expecting "sg-...")"#
        );
        let error = RouteTableId::parse("vpc-0a1b2c3d").unwrap_err();
        assert_eq!(error.code().as_str(), "InvalidRouteTableId.Malformed");
        let error = NetworkAclId::parse("acl-0A1B2C3D").unwrap_err();
        assert_eq!(error.code().as_str(), "InvalidNetworkAclId.Malformed");
        let error = SubnetId::parse("vpc-0a1b2c3d").unwrap_err();
        assert_eq!(error.code().as_str(), "InvalidSubnetID.Malformed");
        let error = InstanceId::parse("i-xyz").unwrap_err();
        assert_eq!(error.code().as_str(), "InvalidInstanceID.Malformed");
    }

    #[test]
    fn minted_ids_have_seventeen_digits() {
        let id = InstanceId::from_number(0xabc);
        assert_eq!(id.to_string(), "i-00000000000000abc");
        assert_eq!(InstanceId::parse(&id.to_string()).unwrap(), id);
    }
}
