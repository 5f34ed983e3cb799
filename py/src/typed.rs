//! The typed calls of `eniplan.Ec2` (`assign_addresses`, `assign_address_count`,
//! `assign_prefixes`, `assign_prefix_count`, `unassign`): AssignPrivateIpAddresses and
//! UnassignPrivateIpAddresses with plain arguments and plain answers, as the C library's typed
//! calls take them, for code that runs many of them and needs no boto3-shaped dicts.
//!
//! Each builds the request in its SDK shape and runs it through the core's one entry for the
//! action (`Ec2::assign`, `Ec2::unassign`), in EC2's order of checks, so it fails exactly as the
//! same request in JSON would.

use std::net::Ipv4Addr;

use eniplan::{AssignPrivateIpAddressesRequest, AssignPrivateIpAddressesResponse};

/// The request with only the interface id set.
pub(crate) fn assign_request(network_interface_id: &str) -> AssignPrivateIpAddressesRequest {
    AssignPrivateIpAddressesRequest {
        network_interface_id: Some(network_interface_id.to_owned()),
        ..Default::default()
    }
}

/// The addresses a call assigned, in order.
pub(crate) fn assigned_addresses(response: AssignPrivateIpAddressesResponse) -> Vec<String> {
    response
        .assigned_private_ip_addresses
        .iter()
        .map(|a| address_text(a.private_ip_address))
        .collect()
}

/// The prefixes a call assigned, in order, as `10.0.0.16/28`.
pub(crate) fn assigned_prefixes(response: AssignPrivateIpAddressesResponse) -> Vec<String> {
    response
        .assigned_ipv4_prefixes
        .iter()
        .map(|p| {
            let mut text = address_text(p.ipv4_prefix.network());
            text.push_str("/28");
            text
        })
        .collect()
}

/// An address in dotted-decimal text, as `Ipv4Addr`'s `Display` writes it. Written by hand
/// because every typed call answers with addresses, and `Display` (which honours width and
/// fill) costs several times more.
fn address_text(address: Ipv4Addr) -> String {
    let mut text = String::with_capacity(18);
    for (i, octet) in address.octets().into_iter().enumerate() {
        if i > 0 {
            text.push('.');
        }
        if octet >= 100 {
            text.push(char::from(b'0' + octet / 100));
        }
        if octet >= 10 {
            text.push(char::from(b'0' + octet / 10 % 10));
        }
        text.push(char::from(b'0' + octet % 10));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_text_is_what_display_writes() {
        for octet in 0..=255u8 {
            for address in [
                Ipv4Addr::new(octet, 0, 0, 0),
                Ipv4Addr::new(10, octet, 7, 255),
                Ipv4Addr::new(192, 168, octet, 1),
                Ipv4Addr::new(1, 100, 99, octet),
            ] {
                assert_eq!(address_text(address), address.to_string());
            }
        }
    }
}
