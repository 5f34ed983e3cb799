//! The model handle `eniplan_ec2`: the JSON entry point for every action, and typed fast paths
//! for assigning and unassigning addresses and /28 prefixes.

use std::ffi::{c_char, CString};
use std::net::Ipv4Addr;
use std::sync::{Mutex, MutexGuard};

use eniplan::model::{Strategy, UnvalidatedRequest};
use eniplan::{
    AddressSelection, AssignPrivateIpAddresses, AssignPrivateIpAddressesResponse, Ec2, Ec2Options,
    Ipv4Prefix, NetworkInterfaceId, UnassignPrivateIpAddresses,
};

use crate::boundary::{
    guard, read_array, read_array_with, read_str, read_str_with, Failure, OutArray, OutValue,
};
use crate::result::eniplan_result;

/// How a model picks addresses and prefixes for count requests (`strategy` of
/// `eniplan_ec2_new`).
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)]
pub enum eniplan_strategy {
    /// A seeded pseudo-random start, then the first free candidate: scattered like EC2, and the
    /// same seed and calls give the same addresses and ids.
    Random = 0,
    /// The lowest free candidate: dense packing.
    Lowest = 1,
}

/// One /28 IPv4 prefix: `addr` is its first address in host byte order, `len` its length (28 for
/// every prefix EC2 assigns).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)]
pub struct eniplan_ipv4_prefix {
    /// The first address, host byte order (10.0.0.16 is `0x0A000010`).
    pub addr: u32,
    /// The prefix length.
    pub len: u8,
}

/// A model of one EC2 region: its VPCs, subnets, network interfaces, instances and Elastic IPs.
/// Made by `eniplan_ec2_new`, released by `eniplan_ec2_free`.
///
/// Thread safety: the handle locks itself. Calls on one handle from several threads are safe
/// and run one at a time, each all-or-nothing; `eniplan_ec2_free` must not overlap any other
/// call on the handle. If a call ever panicked inside the library, the handle is poisoned and
/// every later call on it answers `ENIPLAN_RESULT_POISONED`.
#[allow(non_camel_case_types)]
pub struct eniplan_ec2 {
    model: Mutex<Ec2>,
}

impl eniplan_ec2 {
    /// The model, locked for this call.
    ///
    /// # Safety
    ///
    /// `ec2` is NULL or a live handle from `eniplan_ec2_new`.
    unsafe fn lock<'a>(ec2: *mut eniplan_ec2) -> Result<MutexGuard<'a, Ec2>, Failure> {
        if ec2.is_null() {
            return Err(Failure::null("ec2"));
        }
        if !ec2.is_aligned() {
            return Err(Failure::invalid(
                "argument `ec2` is not a handle from eniplan_ec2_new".into(),
            ));
        }
        // SAFETY: non-NULL and aligned; the caller promises a live handle. Only a shared
        // reference is made, so concurrent calls are fine: the mutex serialises them.
        let handle = unsafe { &*ec2 };
        handle.model.lock().map_err(|_| {
            Failure::Boundary(
                eniplan_result::Poisoned,
                "an earlier call on this eniplan_ec2 panicked; free it and make a new one".into(),
            )
        })
    }
}

/// Makes an empty model and writes its handle to `*out` (NULL on failure).
///
/// `strategy` is `ENIPLAN_STRATEGY_RANDOM` or `ENIPLAN_STRATEGY_LOWEST` (anything else is
/// `ENIPLAN_RESULT_INVALID_ARGUMENT`); `seed` makes automatic picks and ids repeatable.
///
/// # Safety
///
/// `out` is NULL or valid for one write.
#[no_mangle]
pub unsafe extern "C" fn eniplan_ec2_new(
    strategy: u32,
    seed: u64,
    out: *mut *mut eniplan_ec2,
) -> eniplan_result {
    guard(|| {
        // SAFETY: forwarded from the caller.
        let out = unsafe { OutValue::new("out", out) }?;
        out.set(std::ptr::null_mut());
        let strategy = match strategy {
            s if s == eniplan_strategy::Random as u32 => Strategy::Random,
            s if s == eniplan_strategy::Lowest as u32 => Strategy::Lowest,
            other => return Err(Failure::invalid(format!("unknown strategy {other}"))),
        };
        let model = Ec2::new(Ec2Options { strategy, seed });
        out.set(Box::into_raw(Box::new(eniplan_ec2 {
            model: Mutex::new(model),
        })));
        Ok(())
    })
}

/// Releases a model. `eniplan_ec2_free(NULL)` does nothing.
///
/// # Safety
///
/// `ec2` is NULL or a handle from `eniplan_ec2_new` not yet freed, with no other call on it
/// running; it must not be used afterwards.
#[no_mangle]
pub unsafe extern "C" fn eniplan_ec2_free(ec2: *mut eniplan_ec2) {
    if ec2.is_null() {
        return;
    }
    let _ = std::panic::catch_unwind(|| {
        // SAFETY: the caller gives back a pointer from `Box::into_raw` in `eniplan_ec2_new`,
        // once. A poisoned mutex is dropped like any other.
        drop(unsafe { Box::from_raw(ec2) });
    });
}

/// Runs any EC2 action on a JSON request and gives the JSON response: the whole surface of the
/// model, in the AWS SDK's shapes.
///
/// `action` is the action name (`"AssignPrivateIpAddresses"`, `"DescribeNetworkInterfaces"`,
/// ...), `request` the request as boto3 takes it (a JSON object with PascalCase members); neither
/// needs a NUL. On success `*out_response` is a new NUL-terminated JSON document as boto3 returns
/// it (without `ResponseMetadata`), to release with `eniplan_string_free`, and
/// `*out_response_len` (if that pointer is not NULL) its length without the NUL. On failure
/// `*out_response` is NULL, `*out_response_len` (if given) is 0, and the result is the EC2 error (`ENIPLAN_RESULT_INVALID_ACTION`,
/// `ENIPLAN_RESULT_INVALID_REQUEST` for text that is not JSON, ...) or a boundary code; a
/// `DryRun` request that would succeed answers `ENIPLAN_RESULT_DRY_RUN_OPERATION`.
///
/// # Safety
///
/// `ec2` is NULL or a live handle; `action` and `request` are NULL or readable for their
/// lengths; `out_response` is NULL or writable; `out_response_len` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn eniplan_ec2_call(
    ec2: *mut eniplan_ec2,
    action: *const c_char,
    action_len: usize,
    request: *const c_char,
    request_len: usize,
    out_response: *mut *mut c_char,
    out_response_len: *mut usize,
) -> eniplan_result {
    guard(|| {
        // SAFETY: forwarded from the caller.
        let out = unsafe { OutValue::new("out_response", out_response) }?;
        out.set(std::ptr::null_mut());
        // SAFETY: forwarded from the caller.
        let out_len = unsafe { OutValue::optional("out_response_len", out_response_len) }?;
        if let Some(out_len) = &out_len {
            out_len.set(0);
        }
        // SAFETY: forwarded from the caller.
        let action = unsafe { read_str("action", action, action_len) }?;
        // SAFETY: forwarded from the caller.
        let request = unsafe { read_str("request", request, request_len) }?;
        // SAFETY: forwarded from the caller.
        let response = unsafe { eniplan_ec2::lock(ec2) }?.call_text(&action, &request)?;
        // serde_json escapes every control character, so the text has no NUL.
        let text = CString::new(response.to_string())
            .map_err(|_| Failure::invalid("the response contains a NUL byte".into()))?;
        if let Some(out_len) = &out_len {
            out_len.set(text.as_bytes().len());
        }
        out.set(text.into_raw());
        Ok(())
    })
}

/// Loads real state into the model: what `aws ec2 describe-vpcs`, `describe-subnets`,
/// `describe-network-interfaces`, `describe-instances`, `describe-addresses`,
/// `get-subnet-cidr-reservations` or `describe-instance-types` prints, one document or a JSON
/// list of them, in any order. All or nothing: inconsistent input (an interface whose subnet is
/// missing, two owners of one address, ...) fails with `ENIPLAN_RESULT_INVALID_PARAMETER_VALUE`
/// and a message naming the ids, and changes nothing. Notes about what was loaded differently
/// from how it was described are not reported here.
///
/// # Safety
///
/// `ec2` is NULL or a live handle; `documents` is NULL or readable for `documents_len` bytes.
#[no_mangle]
pub unsafe extern "C" fn eniplan_ec2_load_describe(
    ec2: *mut eniplan_ec2,
    documents: *const c_char,
    documents_len: usize,
) -> eniplan_result {
    guard(|| {
        // SAFETY: forwarded from the caller.
        let text = unsafe { read_str("documents", documents, documents_len) }?;
        // SAFETY: forwarded from the caller.
        unsafe { eniplan_ec2::lock(ec2) }?.load_describe_text(&text)?;
        Ok(())
    })
}

/// Releases a string the library gave (a response of `eniplan_ec2_call`).
/// `eniplan_string_free(NULL)` does nothing.
///
/// # Safety
///
/// `s` is NULL or a string from this library not yet freed.
#[no_mangle]
pub unsafe extern "C" fn eniplan_string_free(s: *mut c_char) {
    if s.is_null() {
        return;
    }
    let _ = std::panic::catch_unwind(|| {
        // SAFETY: the caller gives back a pointer from `CString::into_raw`, once.
        drop(unsafe { CString::from_raw(s) });
    });
}

/// Reads and parses the interface id argument. A boundary failure (NULL, not UTF-8) comes back
/// at once; EC2's `Malformed` error (rule 2 of the model) is kept for the caller to report in
/// its turn, after the handle and the output checks.
///
/// # Safety
///
/// As `read_str`.
unsafe fn read_network_interface_id(
    ptr: *const c_char,
    len: usize,
) -> Result<Result<NetworkInterfaceId, eniplan::Error>, Failure> {
    // SAFETY: forwarded from the caller.
    unsafe { read_str_with("network_interface_id", ptr, len, NetworkInterfaceId::parse) }
}

/// Reads an array of addresses in host byte order.
///
/// # Safety
///
/// As `read_array`.
unsafe fn read_addresses(ptr: *const u32, len: usize) -> Result<Vec<Ipv4Addr>, Failure> {
    // SAFETY: forwarded from the caller.
    unsafe {
        read_array_with("addresses", ptr, len, |addresses| {
            addresses.iter().map(|&a| Ipv4Addr::from(a)).collect()
        })
    }
}

/// A C prefix as the core's prefix: anything but an aligned /28 is EC2's
/// `InvalidParameterValue`, worded as for the same prefix in JSON.
fn prefix_from_c(prefix: eniplan_ipv4_prefix) -> Result<Ipv4Prefix, eniplan::Error> {
    Ipv4Prefix::from_parts(Ipv4Addr::from(prefix.addr), prefix.len)
}

/// The core's prefix as a C prefix.
fn prefix_to_c(prefix: Ipv4Prefix) -> eniplan_ipv4_prefix {
    eniplan_ipv4_prefix {
        addr: u32::from(prefix.network()),
        len: eniplan::prefix::PREFIX_LEN,
    }
}

/// A typed call's request before validation: the interface as read from C (rules 1 and 2),
/// and how to build the rest of the validated request, which the core does only once EC2's
/// order of checks reaches it.
struct Typed<F> {
    id: Result<NetworkInterfaceId, eniplan::Error>,
    validate: F,
}

impl<F, V> UnvalidatedRequest for Typed<F>
where
    F: FnOnce(NetworkInterfaceId) -> Result<V, eniplan::Error>,
{
    type Valid = V;

    fn network_interface_id(&self) -> Result<NetworkInterfaceId, eniplan::Error> {
        self.id.clone()
    }

    fn validate(self) -> Result<V, eniplan::Error> {
        (self.validate)(self.id?)
    }
}

/// Everything the typed assign calls share: checks the output first (so a buffer that is too
/// small changes nothing), then runs the request.
struct AssignCall<T> {
    out: OutArray<T>,
    count: OutValue<usize>,
}

impl<T: Copy> AssignCall<T> {
    /// Checks the outputs and resets `*out_count` to 0.
    ///
    /// # Safety
    ///
    /// `out` is NULL or valid for writes of `out_len` elements, and `out_count` NULL or valid
    /// for one write, for as long as the `AssignCall` lives.
    unsafe fn new(
        out_name: &'static str,
        out: *mut T,
        out_len: usize,
        out_count: *mut usize,
    ) -> Result<Self, Failure> {
        // SAFETY: forwarded from the caller.
        let count = unsafe { OutValue::new("out_count", out_count) }?;
        count.set(0);
        // SAFETY: forwarded from the caller.
        let out = unsafe { OutArray::new(out_name, out, out_len) }?;
        Ok(AssignCall { out, count })
    }

    /// Checks that `needed` answers fit, then runs the request and writes what it assigned.
    ///
    /// # Safety
    ///
    /// `ec2` is NULL or a live handle.
    unsafe fn run(
        &self,
        ec2: *mut eniplan_ec2,
        id: Result<NetworkInterfaceId, eniplan::Error>,
        needed: usize,
        selection: impl FnOnce() -> Result<AddressSelection, eniplan::Error>,
        allow_reassignment: bool,
        answers: impl FnOnce(AssignPrivateIpAddressesResponse) -> Vec<T>,
    ) -> Result<(), Failure> {
        // SAFETY: forwarded from the caller.
        let mut model = unsafe { eniplan_ec2::lock(ec2) }?;
        self.out.reserve(needed, &self.count)?;
        let response = model.assign(Typed {
            id,
            validate: |id| AssignPrivateIpAddresses::new(id, selection()?, allow_reassignment),
        })?;
        self.out.fill(&answers(response), &self.count)
    }
}

/// AssignPrivateIpAddresses with `PrivateIpAddresses`: assigns these addresses (host byte
/// order) to the interface, moving any held by another interface when `allow_reassignment`.
///
/// Writes the addresses this call assigned (not those the interface held already) to
/// `out_assigned` and their number to `*out_count`. `out_assigned_len` must be at least
/// `addresses_len`, the most the call can assign; otherwise the result is
/// `ENIPLAN_RESULT_BUFFER_TOO_SMALL`, `*out_count` is `addresses_len`, and the model is unchanged.
/// An empty list is EC2's `InvalidParameterCombination`; every EC2 rule applies as in JSON.
///
/// # Safety
///
/// `ec2` is NULL or a live handle; every array is NULL or valid for its length (reads for inputs,
/// writes for outputs); `out_count` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn eniplan_ec2_assign_private_ip_addresses(
    ec2: *mut eniplan_ec2,
    network_interface_id: *const c_char,
    network_interface_id_len: usize,
    addresses: *const u32,
    addresses_len: usize,
    allow_reassignment: bool,
    out_assigned: *mut u32,
    out_assigned_len: usize,
    out_count: *mut usize,
) -> eniplan_result {
    guard(|| {
        // SAFETY: forwarded from the caller.
        let call =
            unsafe { AssignCall::new("out_assigned", out_assigned, out_assigned_len, out_count) }?;
        // SAFETY: forwarded from the caller.
        let id =
            unsafe { read_network_interface_id(network_interface_id, network_interface_id_len) }?;
        // SAFETY: forwarded from the caller.
        let addresses = unsafe { read_addresses(addresses, addresses_len) }?;
        let selection = || Ok(AddressSelection::Addresses(addresses));
        // SAFETY: forwarded from the caller.
        unsafe {
            call.run(ec2, id, addresses_len, selection, allow_reassignment, |r| {
                r.assigned_private_ip_addresses
                    .iter()
                    .map(|a| u32::from(a.private_ip_address))
                    .collect()
            })
        }
    })
}

/// AssignPrivateIpAddresses with `SecondaryPrivateIpAddressCount`: assigns `count` addresses the
/// model picks by its strategy, written to `out_assigned` in order (host byte order).
///
/// `out_assigned_len` must be at least `count`; otherwise the result is
/// `ENIPLAN_RESULT_BUFFER_TOO_SMALL`, `*out_count` is `count`, and the model is unchanged. A
/// count of 0 is EC2's `InvalidParameterValue`.
///
/// # Safety
///
/// As `eniplan_ec2_assign_private_ip_addresses`.
#[no_mangle]
pub unsafe extern "C" fn eniplan_ec2_assign_private_ip_address_count(
    ec2: *mut eniplan_ec2,
    network_interface_id: *const c_char,
    network_interface_id_len: usize,
    count: u32,
    out_assigned: *mut u32,
    out_assigned_len: usize,
    out_count: *mut usize,
) -> eniplan_result {
    guard(|| {
        // SAFETY: forwarded from the caller.
        let call =
            unsafe { AssignCall::new("out_assigned", out_assigned, out_assigned_len, out_count) }?;
        // SAFETY: forwarded from the caller.
        let id =
            unsafe { read_network_interface_id(network_interface_id, network_interface_id_len) }?;
        let selection = || Ok(AddressSelection::AddressCount(count));
        // SAFETY: forwarded from the caller.
        unsafe {
            call.run(ec2, id, count as usize, selection, false, |r| {
                r.assigned_private_ip_addresses
                    .iter()
                    .map(|a| u32::from(a.private_ip_address))
                    .collect()
            })
        }
    })
}

/// AssignPrivateIpAddresses with `Ipv4Prefixes`: assigns these /28 prefixes to the interface.
///
/// Writes the prefixes this call assigned to `out_assigned` and their number to `*out_count`.
/// `out_assigned_len` must be at least `prefixes_len`; otherwise the result is
/// `ENIPLAN_RESULT_BUFFER_TOO_SMALL`, `*out_count` is `prefixes_len`, and the model is unchanged.
/// A prefix that is not an aligned /28 is EC2's `InvalidParameterValue`.
///
/// # Safety
///
/// As `eniplan_ec2_assign_private_ip_addresses`.
#[no_mangle]
pub unsafe extern "C" fn eniplan_ec2_assign_ipv4_prefixes(
    ec2: *mut eniplan_ec2,
    network_interface_id: *const c_char,
    network_interface_id_len: usize,
    prefixes: *const eniplan_ipv4_prefix,
    prefixes_len: usize,
    out_assigned: *mut eniplan_ipv4_prefix,
    out_assigned_len: usize,
    out_count: *mut usize,
) -> eniplan_result {
    guard(|| {
        // SAFETY: forwarded from the caller.
        let call =
            unsafe { AssignCall::new("out_assigned", out_assigned, out_assigned_len, out_count) }?;
        // SAFETY: forwarded from the caller.
        let id =
            unsafe { read_network_interface_id(network_interface_id, network_interface_id_len) }?;
        // SAFETY: forwarded from the caller.
        let prefixes = unsafe { read_array("prefixes", prefixes, prefixes_len) }?;
        let selection = || {
            let prefixes = prefixes.iter().map(|&p| prefix_from_c(p));
            Ok(AddressSelection::Prefixes(
                prefixes.collect::<Result<_, _>>()?,
            ))
        };
        // SAFETY: forwarded from the caller.
        unsafe {
            call.run(ec2, id, prefixes_len, selection, false, |r| {
                r.assigned_ipv4_prefixes
                    .iter()
                    .map(|p| prefix_to_c(p.ipv4_prefix))
                    .collect()
            })
        }
    })
}

/// AssignPrivateIpAddresses with `Ipv4PrefixCount`: assigns `count` /28 prefixes the model picks
/// from wholly free aligned blocks of the subnet.
///
/// `out_assigned_len` must be at least `count`; otherwise the result is
/// `ENIPLAN_RESULT_BUFFER_TOO_SMALL`, `*out_count` is `count`, and the model is unchanged.
///
/// # Safety
///
/// As `eniplan_ec2_assign_private_ip_addresses`.
#[no_mangle]
pub unsafe extern "C" fn eniplan_ec2_assign_ipv4_prefix_count(
    ec2: *mut eniplan_ec2,
    network_interface_id: *const c_char,
    network_interface_id_len: usize,
    count: u32,
    out_assigned: *mut eniplan_ipv4_prefix,
    out_assigned_len: usize,
    out_count: *mut usize,
) -> eniplan_result {
    guard(|| {
        // SAFETY: forwarded from the caller.
        let call =
            unsafe { AssignCall::new("out_assigned", out_assigned, out_assigned_len, out_count) }?;
        // SAFETY: forwarded from the caller.
        let id =
            unsafe { read_network_interface_id(network_interface_id, network_interface_id_len) }?;
        let selection = || Ok(AddressSelection::PrefixCount(count));
        // SAFETY: forwarded from the caller.
        unsafe {
            call.run(ec2, id, count as usize, selection, false, |r| {
                r.assigned_ipv4_prefixes
                    .iter()
                    .map(|p| prefix_to_c(p.ipv4_prefix))
                    .collect()
            })
        }
    })
}

/// UnassignPrivateIpAddresses: releases secondary addresses (host byte order) and /28 prefixes
/// of the interface; either list may be empty (NULL with length 0), not both (EC2's
/// `MissingParameter`). Every address must be a secondary address of the interface and every
/// prefix one of its prefixes, or nothing changes.
///
/// # Safety
///
/// `ec2` is NULL or a live handle; every array is NULL or readable for its length.
#[no_mangle]
pub unsafe extern "C" fn eniplan_ec2_unassign_private_ip_addresses(
    ec2: *mut eniplan_ec2,
    network_interface_id: *const c_char,
    network_interface_id_len: usize,
    addresses: *const u32,
    addresses_len: usize,
    prefixes: *const eniplan_ipv4_prefix,
    prefixes_len: usize,
) -> eniplan_result {
    guard(|| {
        // SAFETY: forwarded from the caller.
        let id =
            unsafe { read_network_interface_id(network_interface_id, network_interface_id_len) }?;
        // SAFETY: forwarded from the caller.
        let addresses = unsafe { read_addresses(addresses, addresses_len) }?;
        // SAFETY: forwarded from the caller.
        let prefixes = unsafe { read_array("prefixes", prefixes, prefixes_len) }?;
        // SAFETY: forwarded from the caller.
        let mut model = unsafe { eniplan_ec2::lock(ec2) }?;
        Ok(model.unassign(Typed {
            id,
            validate: |id| {
                let prefixes = prefixes
                    .into_iter()
                    .map(prefix_from_c)
                    .collect::<Result<_, _>>()?;
                UnassignPrivateIpAddresses::new(id, addresses, prefixes)
            },
        })?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use eniplan_testkit::fixture::{json_request, Network, NetworkSpec};
    use serde_json::{json, Value};
    use std::ffi::CStr;

    /// A handle with the lowest-free strategy, freed on drop.
    struct Handle(*mut eniplan_ec2);

    impl Handle {
        fn new() -> Handle {
            let mut ec2 = std::ptr::null_mut();
            // SAFETY: `ec2` is a valid place for the handle.
            let result = unsafe { eniplan_ec2_new(eniplan_strategy::Lowest as u32, 7, &mut ec2) };
            assert_eq!(result, eniplan_result::Ok);
            Handle(ec2)
        }

        fn call(&self, action: &str, request: Value) -> Result<Value, eniplan_result> {
            let request = request.to_string();
            let mut out = std::ptr::null_mut();
            let mut len = 0;
            // SAFETY: the strings are valid for their lengths; the outputs are valid places.
            let result = unsafe {
                eniplan_ec2_call(
                    self.0,
                    action.as_ptr().cast(),
                    action.len(),
                    request.as_ptr().cast(),
                    request.len(),
                    &mut out,
                    &mut len,
                )
            };
            if result != eniplan_result::Ok {
                assert!(out.is_null());
                return Err(result);
            }
            // SAFETY: on success `out` is a NUL-terminated string of `len` bytes from the library.
            let text = unsafe { CStr::from_ptr(out) }
                .to_str()
                .expect("UTF-8")
                .to_owned();
            assert_eq!(text.len(), len);
            // SAFETY: `out` came from eniplan_ec2_call and is freed once.
            unsafe { eniplan_string_free(out) };
            Ok(serde_json::from_str(&text).expect("JSON"))
        }

        /// The shared fixture (a VPC, a /24 subnet and an m5.large instance) built through
        /// `eniplan_ec2_call`; the instance's primary interface's id.
        fn interface(&self) -> String {
            let network = Network::build(&NetworkSpec::default(), |action, params| {
                self.call(action, json_request(&params))
                    .unwrap_or_else(|result| panic!("{action}: {result:?}"))
            });
            network.network_interface().to_string()
        }

        fn describe(&self) -> Value {
            self.call("DescribeNetworkInterfaces", json!({}))
                .expect("describe")
        }
    }

    impl Drop for Handle {
        fn drop(&mut self) {
            // SAFETY: the handle came from eniplan_ec2_new and is freed once.
            unsafe { eniplan_ec2_free(self.0) };
        }
    }

    fn assign_count(
        ec2: &Handle,
        eni: &str,
        count: u32,
        out: &mut [u32],
    ) -> (eniplan_result, usize) {
        let mut n = usize::MAX;
        // SAFETY: every pointer is valid for its length.
        let result = unsafe {
            eniplan_ec2_assign_private_ip_address_count(
                ec2.0,
                eni.as_ptr().cast(),
                eni.len(),
                count,
                out.as_mut_ptr(),
                out.len(),
                &mut n,
            )
        };
        (result, n)
    }

    #[test]
    fn json_and_typed_calls_share_one_model() {
        let ec2 = Handle::new();
        let eni = ec2.interface();
        let mut out = [0u32; 4];
        assert_eq!(
            assign_count(&ec2, &eni, 2, &mut out),
            (eniplan_result::Ok, 2)
        );
        // Lowest free in 10.0.0.0/24: .4 is the primary, then .5 and .6.
        assert_eq!(
            &out[..2],
            &[u32::from(Ipv4Addr::new(10, 0, 0, 5)), 0x0A00_0006]
        );
        let described = ec2.describe();
        let addresses = &described["NetworkInterfaces"][0]["PrivateIpAddresses"];
        assert_eq!(addresses[2]["PrivateIpAddress"], "10.0.0.6");
    }

    #[test]
    fn a_buffer_too_small_reports_the_need_and_changes_nothing() {
        let ec2 = Handle::new();
        let eni = ec2.interface();
        let before = ec2.describe();
        let mut out = [0u32; 2];
        assert_eq!(
            assign_count(&ec2, &eni, 3, &mut out),
            (eniplan_result::BufferTooSmall, 3)
        );
        assert_eq!(out, [0, 0]);
        assert_eq!(ec2.describe(), before);
        // The same call with room succeeds, as the first call never happened.
        let mut room = [0u32; 3];
        assert_eq!(
            assign_count(&ec2, &eni, 3, &mut room),
            (eniplan_result::Ok, 3)
        );
        assert_eq!(room[0], 0x0A00_0005);
    }

    #[test]
    fn ec2_errors_come_back_with_their_numbers() {
        let ec2 = Handle::new();
        let eni = ec2.interface();
        let mut out = [0u32; 16];
        assert_eq!(
            assign_count(&ec2, &eni, 10, &mut out),
            (eniplan_result::PrivateIpAddressLimitExceeded, 0)
        );
        assert_eq!(
            assign_count(&ec2, "eni-1", 1, &mut out).0,
            eniplan_result::InvalidNetworkInterfaceIdMalformed
        );
        assert_eq!(
            ec2.call("Nope", json!({})),
            Err(eniplan_result::InvalidAction)
        );
    }

    #[test]
    fn an_unknown_interface_is_reported_before_a_bad_selection() {
        // EC2 checks that the interface exists (rules 1 to 3) before the selection (rule 4):
        // a count of 0 for an interface that does not exist is NotFound, as in JSON.
        let ec2 = Handle::new();
        let unknown = "eni-0123456789abcdef0";
        let mut out = [0u32; 1];
        assert_eq!(
            assign_count(&ec2, unknown, 0, &mut out).0,
            eniplan_result::InvalidNetworkInterfaceIdNotFound
        );
        assert_eq!(
            ec2.call(
                "AssignPrivateIpAddresses",
                json!({"NetworkInterfaceId": unknown, "SecondaryPrivateIpAddressCount": 0})
            ),
            Err(eniplan_result::InvalidNetworkInterfaceIdNotFound)
        );
        let unaligned = [eniplan_ipv4_prefix {
            addr: 0x0A00_0021,
            len: 28,
        }];
        // SAFETY: every pointer is valid for its length.
        let result = unsafe {
            eniplan_ec2_unassign_private_ip_addresses(
                ec2.0,
                unknown.as_ptr().cast(),
                unknown.len(),
                std::ptr::null(),
                0,
                unaligned.as_ptr(),
                unaligned.len(),
            )
        };
        assert_eq!(result, eniplan_result::InvalidNetworkInterfaceIdNotFound);
    }

    #[test]
    fn prefixes_cross_the_boundary_in_host_order() {
        let ec2 = Handle::new();
        let eni = ec2.interface();
        let wanted = [eniplan_ipv4_prefix {
            addr: 0x0A00_0020,
            len: 28,
        }];
        let mut out = [eniplan_ipv4_prefix { addr: 0, len: 0 }; 1];
        let mut n = 0;
        // SAFETY: every pointer is valid for its length.
        let result = unsafe {
            eniplan_ec2_assign_ipv4_prefixes(
                ec2.0,
                eni.as_ptr().cast(),
                eni.len(),
                wanted.as_ptr(),
                1,
                out.as_mut_ptr(),
                1,
                &mut n,
            )
        };
        assert_eq!((result, n), (eniplan_result::Ok, 1));
        assert_eq!(out, wanted);
        let prefixes = &ec2.describe()["NetworkInterfaces"][0]["Ipv4Prefixes"];
        assert_eq!(prefixes[0]["Ipv4Prefix"], "10.0.0.32/28");
        let misaligned = eniplan_ipv4_prefix {
            addr: 0x0A00_0021,
            len: 28,
        };
        assert!(matches!(
            prefix_from_c(misaligned),
            Err(e) if e.to_string().contains("'10.0.0.33/28'")
        ));
    }

    #[test]
    fn a_handle_that_panicked_is_poisoned() {
        let ec2 = Handle::new();
        let panicked = std::panic::catch_unwind(|| {
            // SAFETY: the handle is live.
            let _model = unsafe { &*ec2.0 }.model.lock().expect("not poisoned yet");
            panic!("inside the model");
        });
        assert!(panicked.is_err());
        assert_eq!(
            ec2.call("DescribeVpcs", json!({})),
            Err(eniplan_result::Poisoned)
        );
    }

    #[test]
    fn handles_are_checked() {
        // SAFETY: NULL and a misaligned pointer are refused before any dereference.
        unsafe {
            assert_eq!(
                eniplan_ec2_new(2, 0, std::ptr::null_mut()),
                eniplan_result::NullArgument
            );
            let mut ec2 = 1usize as *mut eniplan_ec2;
            assert_eq!(
                eniplan_ec2_new(2, 0, &mut ec2),
                eniplan_result::InvalidArgument
            );
            assert!(ec2.is_null());
            eniplan_ec2_free(std::ptr::null_mut());
            eniplan_string_free(std::ptr::null_mut());
            let misaligned = 1usize as *mut eniplan_ec2;
            let mut n = 0;
            let result = eniplan_ec2_assign_private_ip_address_count(
                misaligned,
                c"eni-12345678".as_ptr(),
                12,
                1,
                std::ptr::null_mut(),
                0,
                &mut n,
            );
            assert_eq!(result, eniplan_result::InvalidArgument);
        }
    }
}
