//! IPv4 addresses and /28 IPv4 prefixes as EC2 accepts them in requests.

use std::fmt;
use std::net::Ipv4Addr;
use std::str::FromStr;

use ipnet::Ipv4Net;

use crate::error::{Error, PrefixProblem};

/// The length of every IPv4 prefix EC2 assigns to a network interface.
pub const PREFIX_LEN: u8 = 28;
/// The addresses one /28 prefix holds.
pub const PREFIX_SIZE: u32 = 16;

/// Parses a dotted-quad IPv4 address (rule 6).
///
/// ```
/// use eniplan::parse_address;
/// assert_eq!(parse_address("10.0.0.5").unwrap().to_string(), "10.0.0.5");
/// let error = parse_address("10.0.0.256").unwrap_err();
/// assert_eq!(error.to_string(), "invalid value for parameter address: 10.0.0.256");
/// ```
pub fn parse_address(text: &str) -> Result<Ipv4Addr, Error> {
    Ipv4Addr::from_str(text).map_err(|_| Error::InvalidAddress {
        value: text.to_owned(),
    })
}

/// An IPv4 prefix that can be assigned to a network interface: a /28 whose host bits are zero.
///
/// Only [`Ipv4Prefix::parse`] and [`Ipv4Prefix::containing`] make one, so every value is aligned.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ipv4Prefix(u32);

impl Ipv4Prefix {
    /// Parses `a.b.c.d/28`, rejecting other lengths and set host bits (rule 9; a misaligned
    /// prefix is refused rather than canonicalised, a policy).
    ///
    /// ```
    /// use eniplan::Ipv4Prefix;
    /// assert_eq!(Ipv4Prefix::parse("10.0.0.16/28").unwrap().to_string(), "10.0.0.16/28");
    /// assert!(Ipv4Prefix::parse("10.0.0.17/28").is_err());
    /// assert!(Ipv4Prefix::parse("10.0.0.0/27").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Ipv4Prefix, Error> {
        let invalid = |problem| Error::InvalidPrefix {
            value: text.to_owned(),
            problem,
        };
        let net = Ipv4Net::from_str(text).map_err(|_| invalid(PrefixProblem::Syntax))?;
        if net.prefix_len() != PREFIX_LEN {
            return Err(invalid(PrefixProblem::NotSlash28));
        }
        if net.network() != net.addr() {
            return Err(invalid(PrefixProblem::NotAligned));
        }
        Ok(Ipv4Prefix(u32::from(net.addr())))
    }

    /// The prefix `network/len`, accepted and refused exactly as [`Ipv4Prefix::parse`] would
    /// accept or refuse its text, without writing that text unless it is refused.
    ///
    /// ```
    /// use std::net::Ipv4Addr;
    /// use eniplan::Ipv4Prefix;
    /// assert_eq!(Ipv4Prefix::from_parts(Ipv4Addr::new(10, 0, 0, 16), 28).unwrap().to_string(), "10.0.0.16/28");
    /// let refused = Ipv4Prefix::from_parts(Ipv4Addr::new(10, 0, 0, 17), 28).unwrap_err();
    /// assert_eq!(refused, Ipv4Prefix::parse("10.0.0.17/28").unwrap_err());
    /// ```
    pub fn from_parts(network: Ipv4Addr, len: u8) -> Result<Ipv4Prefix, Error> {
        let value = u32::from(network);
        if len == PREFIX_LEN && value & (PREFIX_SIZE - 1) == 0 {
            return Ok(Ipv4Prefix(value));
        }
        Ipv4Prefix::parse(&format!("{network}/{len}"))
    }

    /// The /28 that contains `address`.
    pub fn containing(address: Ipv4Addr) -> Ipv4Prefix {
        Ipv4Prefix(u32::from(address) & !(PREFIX_SIZE - 1))
    }

    /// The first address of the prefix.
    pub fn network(self) -> Ipv4Addr {
        Ipv4Addr::from(self.0)
    }

    /// The prefix as an [`Ipv4Net`].
    pub fn to_net(self) -> Ipv4Net {
        Ipv4Net::new_assert(self.network(), PREFIX_LEN)
    }

    /// Whether `address` lies inside the prefix.
    pub fn contains(self, address: Ipv4Addr) -> bool {
        u32::from(address) & !(PREFIX_SIZE - 1) == self.0
    }
}

impl fmt::Display for Ipv4Prefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network(), PREFIX_LEN)
    }
}

impl fmt::Debug for Ipv4Prefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for Ipv4Prefix {
    type Err = Error;
    fn from_str(text: &str) -> Result<Self, Error> {
        Ipv4Prefix::parse(text)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Ipv4Prefix {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> PrefixProblem {
        match Ipv4Prefix::parse(text) {
            Err(Error::InvalidPrefix { problem, value }) => {
                assert_eq!(value, text);
                problem
            }
            other => panic!("{text}: expected InvalidPrefix, got {other:?}"),
        }
    }

    #[test]
    fn rule_9_prefix_must_be_an_aligned_slash_28() {
        assert_eq!(problem("10.0.0.0"), PrefixProblem::Syntax);
        assert_eq!(problem("10.0.0.0/33"), PrefixProblem::Syntax);
        assert_eq!(problem("fd00::/28"), PrefixProblem::Syntax);
        assert_eq!(problem("10.0.0.0/24"), PrefixProblem::NotSlash28);
        assert_eq!(problem("10.0.0.0/32"), PrefixProblem::NotSlash28);
        assert_eq!(problem("10.0.0.8/28"), PrefixProblem::NotAligned);
        let error = Ipv4Prefix::parse("10.0.0.8/28").unwrap_err();
        assert_eq!(error.code().as_str(), "InvalidParameterValue");
        assert_eq!(
            error.to_string(),
            "Invalid value '10.0.0.8/28' for Ipv4Prefix: its host bits are set; \
             an IPv4 prefix must start on a /28 boundary"
        );
    }

    #[test]
    fn rule_6_address_must_be_dotted_quad() {
        for text in [
            "",
            "10.0.0",
            "10.0.0.1.2",
            "10.0.0.0/28",
            "::1",
            "a.b.c.d",
            "1.2.3.04",
        ] {
            let error = parse_address(text).unwrap_err();
            assert_eq!(error.code().as_str(), "InvalidParameterValue");
            assert_eq!(
                error.to_string(),
                format!("invalid value for parameter address: {text}")
            );
        }
    }

    #[test]
    fn containment_uses_the_whole_block() {
        let prefix = Ipv4Prefix::parse("10.0.0.16/28").unwrap();
        assert!(prefix.contains(Ipv4Addr::new(10, 0, 0, 16)));
        assert!(prefix.contains(Ipv4Addr::new(10, 0, 0, 31)));
        assert!(!prefix.contains(Ipv4Addr::new(10, 0, 0, 32)));
        assert_eq!(Ipv4Prefix::containing(Ipv4Addr::new(10, 0, 0, 31)), prefix);
    }
}
