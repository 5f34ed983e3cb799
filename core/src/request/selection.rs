//! The address selectors shared by AssignPrivateIpAddresses and CreateNetworkInterface:
//! specific addresses, an address count, specific /28 prefixes, or a prefix count.

use std::net::Ipv4Addr;

use crate::error::Error;
use crate::prefix::Ipv4Prefix;
use crate::request::assign_private_ip_addresses::{parse_addresses, parse_prefixes};

/// The largest count EC2 accepts: its `Integer` type is a signed 32-bit value.
const MAX_COUNT: i64 = i32::MAX as i64;

/// The error for an AssignPrivateIpAddresses request without any selector (rule 4).
pub(crate) const NO_SELECTOR: Error = Error::NoSelector {
    parameters: &[
        "PrivateIpAddresses",
        "SecondaryPrivateIpAddressCount",
        "Ipv4Prefixes",
        "Ipv4PrefixCount",
    ],
};

/// Which addresses or prefixes a request asks for: exactly one selector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddressSelection {
    /// `PrivateIpAddresses`: these addresses, in request order (duplicates count once).
    Addresses(Vec<Ipv4Addr>),
    /// `SecondaryPrivateIpAddressCount`: this many addresses chosen by EC2.
    AddressCount(u32),
    /// `Ipv4Prefixes`: these /28 prefixes, in request order (duplicates count once).
    Prefixes(Vec<Ipv4Prefix>),
    /// `Ipv4PrefixCount`: this many /28 prefixes chosen by EC2.
    PrefixCount(u32),
}

impl AddressSelection {
    /// Rules 4 and 5 for a selection built from typed parts: no empty list, no zero count.
    pub(crate) fn check(&self) -> Result<(), Error> {
        match self {
            AddressSelection::Addresses(list) if list.is_empty() => Err(NO_SELECTOR),
            AddressSelection::Prefixes(list) if list.is_empty() => Err(NO_SELECTOR),
            AddressSelection::AddressCount(count) => {
                check_count("SecondaryPrivateIpAddressCount", i64::from(*count)).map(drop)
            }
            AddressSelection::PrefixCount(count) => {
                check_count("Ipv4PrefixCount", i64::from(*count)).map(drop)
            }
            _ => Ok(()),
        }
    }
}

/// The four selector members as sent.
pub(crate) struct Selectors<'a> {
    pub(crate) addresses: &'a [String],
    pub(crate) address_count: Option<i64>,
    pub(crate) prefixes: &'a [String],
    pub(crate) prefix_count: Option<i64>,
}

impl Selectors<'_> {
    /// Rules 4, 5, 6 and 9 (its stateless part), in that order. `None` when no selector is
    /// given; the caller decides whether that is an error.
    pub(crate) fn validate(&self) -> Result<Option<AddressSelection>, Error> {
        let has_addresses = !self.addresses.is_empty();
        let has_prefixes = !self.prefixes.is_empty();
        // Rule 4.
        if has_addresses && self.address_count.is_some() {
            return Err(Error::ConflictingParameters {
                first: "PrivateIpAddresses",
                second: "SecondaryPrivateIpAddressCount",
            });
        }
        if has_prefixes && self.prefix_count.is_some() {
            return Err(Error::ConflictingParameters {
                first: "Ipv4Prefixes",
                second: "Ipv4PrefixCount",
            });
        }
        let address_side = if has_addresses {
            Some("PrivateIpAddresses")
        } else {
            self.address_count.map(|_| "SecondaryPrivateIpAddressCount")
        };
        let prefix_side = if has_prefixes {
            Some("Ipv4Prefixes")
        } else {
            self.prefix_count.map(|_| "Ipv4PrefixCount")
        };
        if let (Some(first), Some(second)) = (address_side, prefix_side) {
            return Err(Error::ConflictingParameters { first, second });
        }
        // Rule 5.
        if let Some(count) = self.address_count {
            let count = check_count("SecondaryPrivateIpAddressCount", count)?;
            return Ok(Some(AddressSelection::AddressCount(count)));
        }
        if let Some(count) = self.prefix_count {
            let count = check_count("Ipv4PrefixCount", count)?;
            return Ok(Some(AddressSelection::PrefixCount(count)));
        }
        // Rules 6 and 9.
        if has_addresses {
            return Ok(Some(AddressSelection::Addresses(parse_addresses(
                self.addresses,
            )?)));
        }
        if has_prefixes {
            return Ok(Some(AddressSelection::Prefixes(parse_prefixes(
                self.prefixes,
            )?)));
        }
        Ok(None)
    }
}

/// Rule 5: a count is at least 1 and fits EC2's 32-bit integer.
pub(crate) fn check_count(parameter: &'static str, value: i64) -> Result<u32, Error> {
    if (1..=MAX_COUNT).contains(&value) {
        u32::try_from(value).map_err(|_| Error::InvalidCount { parameter, value })
    } else {
        Err(Error::InvalidCount { parameter, value })
    }
}
