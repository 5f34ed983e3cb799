//! Instance-type network limits and EKS max pods, from the table embedded in the library.

use std::ffi::c_char;
use std::ptr::addr_of;

use eniplan::{max_pods, Hypervisor, InstanceTypes, MaxPodsOptions};

use crate::boundary::{guard, read_str, Failure, OutArray, OutValue};
use crate::result::eniplan_result;

/// The hypervisor of an instance type.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)]
pub enum eniplan_hypervisor {
    /// EC2 reports no hypervisor: nearly every bare-metal type.
    Unknown = 0,
    /// The Nitro system.
    Nitro = 1,
    /// The Xen hypervisor (older generations).
    Xen = 2,
}

/// The network limits of one instance type, as `eniplan_instance_type_lookup` writes them.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)]
pub struct eniplan_instance_type {
    /// The hypervisor.
    pub hypervisor: eniplan_hypervisor,
    /// Whether EC2 reports the type as bare metal.
    pub bare_metal: bool,
    /// Whether /28 prefixes can be assigned to its interfaces (Nitro or bare metal).
    pub supports_prefixes: bool,
    /// Whether the type supports IPv6.
    pub ipv6_supported: bool,
    /// The most network interfaces on the default network card.
    pub max_enis: u32,
    /// The most network interfaces on the whole instance, over every network card.
    pub total_interfaces: u32,
    /// Private IPv4 addresses per interface, counting the primary address.
    pub ipv4_per_eni: u32,
    /// The most /28 prefixes per interface: every IPv4 slot but the primary's.
    pub prefix_slots_per_eni: u32,
    /// IPv6 addresses per interface (0 without IPv6).
    pub ipv6_per_eni: u32,
    /// The network card of the primary interface.
    pub default_network_card_index: u32,
    /// How many network cards the type has (`eniplan_instance_type_network_cards` lists them).
    pub network_card_count: u32,
    /// Branch interfaces for security groups for pods; 0 without trunking.
    pub branch_interfaces: u32,
    /// The default vCPU count, or 0 when it is not known.
    pub vcpus: u32,
}

/// One network card of an instance type.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)]
pub struct eniplan_network_card {
    /// The card's `NetworkCardIndex`.
    pub index: u32,
    /// The most network interfaces on this card.
    pub max_interfaces: u32,
}

/// How the node's pod networking is set up; all zero is the VPC CNI's default (secondary
/// addresses, pods on every interface, no cap).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[allow(non_camel_case_types)]
pub struct eniplan_max_pods_options {
    /// Prefix delegation: each slot holds a /28 of 16 addresses (only on types that support
    /// prefixes).
    pub prefix_delegation: bool,
    /// Custom networking: the primary interface carries no pods.
    pub custom_networking: bool,
    /// The EKS cap: 110 with at most 30 vCPUs, else 250.
    pub cap: bool,
    /// Further interfaces kept from pods.
    pub reserved_enis: u32,
}

/// Reads the type name argument.
///
/// # Safety
///
/// As `read_str`.
unsafe fn instance_type_name(ptr: *const c_char, len: usize) -> Result<String, Failure> {
    // SAFETY: forwarded from the caller.
    unsafe { read_str("instance_type", ptr, len) }
}

/// Looks up an instance type by its EC2 name (`"m5.large"`) in the embedded table and writes its
/// limits to `*out`. An unknown name is EC2's `InvalidInstanceType`.
///
/// # Safety
///
/// `instance_type` is NULL or readable for `instance_type_len` bytes; `out` is NULL or
/// writable.
#[no_mangle]
pub unsafe extern "C" fn eniplan_instance_type_lookup(
    instance_type: *const c_char,
    instance_type_len: usize,
    out: *mut eniplan_instance_type,
) -> eniplan_result {
    guard(|| {
        // SAFETY: forwarded from the caller.
        let out = unsafe { OutValue::new("out", out) }?;
        // SAFETY: forwarded from the caller.
        let name = unsafe { instance_type_name(instance_type, instance_type_len) }?;
        let types = InstanceTypes::embedded();
        let t = types.lookup(&name)?;
        out.set(eniplan_instance_type {
            hypervisor: match t.hypervisor {
                Hypervisor::Nitro => eniplan_hypervisor::Nitro,
                Hypervisor::Xen => eniplan_hypervisor::Xen,
                Hypervisor::Unknown => eniplan_hypervisor::Unknown,
            },
            bare_metal: t.bare_metal,
            supports_prefixes: t.supports_prefixes(),
            ipv6_supported: t.ipv6_supported,
            max_enis: t.max_enis,
            total_interfaces: t.total_interfaces(),
            ipv4_per_eni: t.ipv4_per_eni,
            prefix_slots_per_eni: t.prefix_slots_per_eni(),
            ipv6_per_eni: t.ipv6_per_eni,
            default_network_card_index: t.default_network_card_index,
            network_card_count: u32::try_from(t.network_cards.len()).unwrap_or(u32::MAX),
            branch_interfaces: t.branch_interfaces,
            vcpus: t.vcpus.unwrap_or(0),
        });
        Ok(())
    })
}

/// Writes the network cards of an instance type to `out_cards` and their number to
/// `*out_count`. When `out_cards_len` is too small the result is
/// `ENIPLAN_RESULT_BUFFER_TOO_SMALL` and `*out_count` is the number needed.
///
/// # Safety
///
/// `instance_type` is NULL or readable for its length; `out_cards` is NULL or writable for
/// `out_cards_len` elements; `out_count` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn eniplan_instance_type_network_cards(
    instance_type: *const c_char,
    instance_type_len: usize,
    out_cards: *mut eniplan_network_card,
    out_cards_len: usize,
    out_count: *mut usize,
) -> eniplan_result {
    guard(|| {
        // SAFETY: forwarded from the caller.
        let count = unsafe { OutValue::new("out_count", out_count) }?;
        count.set(0);
        // SAFETY: forwarded from the caller.
        let out = unsafe { OutArray::new("out_cards", out_cards, out_cards_len) }?;
        // SAFETY: forwarded from the caller.
        let name = unsafe { instance_type_name(instance_type, instance_type_len) }?;
        let types = InstanceTypes::embedded();
        let cards: Vec<eniplan_network_card> = types
            .lookup(&name)?
            .network_cards
            .iter()
            .map(|card| eniplan_network_card {
                index: card.index,
                max_interfaces: card.max_interfaces,
            })
            .collect();
        out.reserve(cards.len(), &count)?;
        out.fill(&cards, &count)
    })
}

/// The most pods an EKS node of `instance_type` can run under the VPC CNI, written to
/// `*out_max_pods`: E × (I − 1) + 2 with secondary addresses, E × (I − 1) × 16 + 2 with prefix
/// delegation on a type that supports prefixes, E being the usable interfaces and I the
/// addresses per interface; then the cap if asked for. An unknown type is
/// `InvalidInstanceType`; the cap on a type whose vCPU count is unknown is
/// `InvalidParameterValue`.
///
/// # Safety
///
/// `instance_type` is NULL or readable for its length; `options` is NULL or points to an
/// initialised `eniplan_max_pods_options` (any byte in its flags counts, non-zero as true);
/// `out_max_pods` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn eniplan_max_pods(
    instance_type: *const c_char,
    instance_type_len: usize,
    options: *const eniplan_max_pods_options,
    out_max_pods: *mut u32,
) -> eniplan_result {
    guard(|| {
        // SAFETY: forwarded from the caller.
        let out = unsafe { OutValue::new("out_max_pods", out_max_pods) }?;
        out.set(0);
        // SAFETY: forwarded from the caller.
        let options = unsafe { read_options(options) }?;
        // SAFETY: forwarded from the caller.
        let name = unsafe { instance_type_name(instance_type, instance_type_len) }?;
        let types = InstanceTypes::embedded();
        out.set(max_pods(types.lookup(&name)?, &options)?);
        Ok(())
    })
}

/// Reads the options field by field, each flag as a byte, so a flag byte other than 0 or 1
/// (which a C `bool` cannot hold, but a `memset` can write) is no undefined behaviour.
///
/// # Safety
///
/// `options` is NULL or points to an initialised `eniplan_max_pods_options`.
unsafe fn read_options(
    options: *const eniplan_max_pods_options,
) -> Result<MaxPodsOptions, Failure> {
    if options.is_null() {
        return Err(Failure::null("options"));
    }
    if !options.is_aligned() {
        return Err(Failure::invalid("argument `options` is not aligned".into()));
    }
    // SAFETY: non-NULL, aligned, and the caller promises an initialised struct; each field is
    // read through its own place, the flags as `u8` (any byte is a valid `u8`).
    unsafe {
        Ok(MaxPodsOptions {
            prefix_delegation: addr_of!((*options).prefix_delegation).cast::<u8>().read() != 0,
            custom_networking: addr_of!((*options).custom_networking).cast::<u8>().read() != 0,
            cap: addr_of!((*options).cap).cast::<u8>().read() != 0,
            reserved_enis: addr_of!((*options).reserved_enis).read(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(name: &str) -> (eniplan_result, eniplan_instance_type) {
        let mut out = eniplan_instance_type {
            hypervisor: eniplan_hypervisor::Unknown,
            bare_metal: false,
            supports_prefixes: false,
            ipv6_supported: false,
            max_enis: 0,
            total_interfaces: 0,
            ipv4_per_eni: 0,
            prefix_slots_per_eni: 0,
            ipv6_per_eni: 0,
            default_network_card_index: 0,
            network_card_count: 0,
            branch_interfaces: 0,
            vcpus: 0,
        };
        // SAFETY: the name is valid for its length and `out` is a valid place.
        let result =
            unsafe { eniplan_instance_type_lookup(name.as_ptr().cast(), name.len(), &mut out) };
        (result, out)
    }

    #[test]
    fn limits_come_from_the_embedded_table() {
        let (result, m5) = lookup("m5.large");
        assert_eq!(result, eniplan_result::Ok);
        assert_eq!(m5.hypervisor, eniplan_hypervisor::Nitro);
        assert_eq!((m5.max_enis, m5.ipv4_per_eni, m5.vcpus), (3, 10, 2));
        assert!(m5.supports_prefixes);
        assert_eq!(lookup("m5.huge").0, eniplan_result::InvalidInstanceType);
    }

    #[test]
    fn any_flag_byte_counts_as_true() {
        // The options as C's memset could leave them: flag bytes other than 0 or 1. Built in
        // untyped memory, so no invalid `bool` ever exists on the Rust side.
        let mut options = std::mem::MaybeUninit::<eniplan_max_pods_options>::zeroed();
        let place = options.as_mut_ptr();
        // SAFETY: `place` points to zeroed memory of the struct's size; each write stays in
        // its field.
        unsafe {
            std::ptr::addr_of_mut!((*place).prefix_delegation)
                .cast::<u8>()
                .write(0xAB);
        }
        let mut pods = 0;
        // SAFETY: the name is valid for its length; `place` and `pods` are valid places.
        let result = unsafe { eniplan_max_pods(c"m5.large".as_ptr(), 8, place, &mut pods) };
        assert_eq!((result, pods), (eniplan_result::Ok, 434));
        // SAFETY: as above.
        unsafe { std::ptr::addr_of_mut!((*place).reserved_enis).write(u32::MAX) };
        // SAFETY: as above.
        let result = unsafe { eniplan_max_pods(c"m5.large".as_ptr(), 8, place, &mut pods) };
        assert_eq!((result, pods), (eniplan_result::Ok, 0));
    }
}
