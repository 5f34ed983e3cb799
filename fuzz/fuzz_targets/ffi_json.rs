//! The C JSON entry point, `eniplan_ec2_call`, with any bytes as action names and bodies
//! (invalid UTF-8, NUL bytes and empty strings passed as NULL included), called in turn on one
//! handle holding the small fixed state (`eniplan_fuzz::small_state_documents`).
//!
//! The input is up to [`MOST_CALLS`] calls separated by two NUL bytes; in each, the bytes up to
//! the first newline are the action name and the rest is the request. After every call:
//! - the result is `ENIPLAN_RESULT_OK`, `ENIPLAN_RESULT_INVALID_UTF8` exactly when a string is
//!   not UTF-8, or an EC2 code of the core's table; never a panic, a poisoned handle or another
//!   boundary code;
//! - a success gives a NUL-terminated JSON object of the length reported; a failure gives no
//!   response, a message of its own (a sentinel failure before each call tells it from an
//!   earlier one), and a code that `eniplan_result_code` names as the core's table does;
//! - a failed call leaves the state as it was, as every Describe action shows it.
#![no_main]

use std::ffi::{c_char, CStr};

use eniplan::ErrorCode;
use eniplan_ffi::boundary::eniplan_last_error_message;
use eniplan_ffi::ec2::{
    eniplan_ec2, eniplan_ec2_call, eniplan_ec2_free, eniplan_ec2_load_describe, eniplan_ec2_new,
    eniplan_strategy, eniplan_string_free,
};
use eniplan_ffi::result::{eniplan_result, eniplan_result_code};
use eniplan_fuzz::small_state_documents;
use libfuzzer_sys::fuzz_target;

/// The most calls one input makes, so that one input stays fast.
const MOST_CALLS: usize = 8;

/// The actions whose answers, with the CIDR reservations of every subnet, show the whole state.
const DESCRIBE_ACTIONS: [&str; 5] = [
    "DescribeVpcs",
    "DescribeSubnets",
    "DescribeNetworkInterfaces",
    "DescribeInstances",
    "DescribeAddresses",
];

/// A handle on the small fixed state, freed on drop.
struct Handle(*mut eniplan_ec2);

impl Handle {
    fn small_state() -> Handle {
        let mut ec2 = std::ptr::null_mut();
        // SAFETY: `ec2` is writable.
        let result = unsafe { eniplan_ec2_new(eniplan_strategy::Lowest as u32, 0, &mut ec2) };
        assert_eq!(result, eniplan_result::Ok);
        let handle = Handle(ec2);
        let documents = serde_json::Value::Array(small_state_documents()).to_string();
        // SAFETY: a live handle and a readable string of that length.
        let result = unsafe {
            eniplan_ec2_load_describe(handle.0, documents.as_ptr().cast(), documents.len())
        };
        assert_eq!(result, eniplan_result::Ok);
        handle
    }

    /// Calls `eniplan_ec2_call`, passing an empty string as NULL, and checks what the boundary
    /// promises: the response or the error.
    fn call(&self, action: &[u8], request: &[u8]) -> Result<serde_json::Value, u32> {
        set_sentinel_message();
        let mut response: *mut c_char = std::ptr::dangling_mut();
        let mut response_len = usize::MAX;
        // SAFETY: a live handle; each string is NULL with length 0 or readable for its length;
        // both outputs are writable.
        let result = unsafe {
            eniplan_ec2_call(
                self.0,
                pointer(action),
                action.len(),
                pointer(request),
                request.len(),
                &mut response,
                &mut response_len,
            )
        };
        if result == eniplan_result::Ok {
            assert!(!response.is_null(), "success without a response");
            // SAFETY: the library gives a NUL-terminated string it owns until freed.
            let text = unsafe { CStr::from_ptr(response) }.to_bytes().to_vec();
            // SAFETY: from eniplan_ec2_call, freed once.
            unsafe { eniplan_string_free(response) };
            assert_eq!(
                text.len(),
                response_len,
                "the length reported is not the text's"
            );
            let value: serde_json::Value =
                serde_json::from_slice(&text).expect("a response is JSON");
            assert!(value.is_object(), "the response is not an object: {value}");
            return Ok(value);
        }
        assert!(response.is_null(), "{result:?} with a response");
        assert_eq!(response_len, 0, "{result:?} with a response length");
        check_failure(result, action, request);
        Err(result as u32)
    }

    /// The answers of every Describe action and the CIDR reservations of every subnet: the
    /// state as a caller can see it.
    fn state(&self) -> Vec<serde_json::Value> {
        let describe =
            |action: &str, request: &str| match self.call(action.as_bytes(), request.as_bytes()) {
                Ok(value) => value,
                Err(code) => panic!("{action} {request} of the whole state failed with {code}"),
            };
        let mut state: Vec<_> = DESCRIBE_ACTIONS
            .iter()
            .map(|action| describe(action, "{}"))
            .collect();
        let subnets = state[1]["Subnets"]
            .as_array()
            .expect("DescribeSubnets lists subnets")
            .clone();
        for subnet in subnets {
            let request = serde_json::json!({"SubnetId": subnet["SubnetId"]}).to_string();
            state.push(describe("GetSubnetCidrReservations", &request));
        }
        state
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        // SAFETY: the handle from eniplan_ec2_new, freed once.
        unsafe { eniplan_ec2_free(self.0) };
    }
}

/// A call that fails at the boundary with a message of its own (a NULL `out_response`), so
/// that the check of the next failure's message sees that failure's, not an earlier one's
/// (the message is per thread and outlives the calls that succeed).
fn set_sentinel_message() {
    // SAFETY: every pointer is NULL with length 0; the call refuses the NULL output first.
    let result = unsafe {
        eniplan_ec2_call(
            std::ptr::null_mut(),
            std::ptr::null(),
            0,
            std::ptr::null(),
            0,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        )
    };
    assert_eq!(result, eniplan_result::NullArgument);
    assert_eq!(last_message(), SENTINEL_MESSAGE);
}

/// The message of the sentinel failure.
const SENTINEL_MESSAGE: &str = "argument `out_response` is NULL";

/// This thread's last failure message.
fn last_message() -> String {
    // SAFETY: NULL with length 0 asks for the length alone.
    let len = unsafe { eniplan_last_error_message(std::ptr::null_mut(), 0) };
    let mut buf = vec![0u8; len + 1];
    // SAFETY: `buf` is writable for its length.
    unsafe { eniplan_last_error_message(buf.as_mut_ptr().cast(), buf.len()) };
    buf.truncate(len);
    String::from_utf8(buf).expect("messages are UTF-8")
}

/// NULL for an empty string, as C callers may pass it.
fn pointer(bytes: &[u8]) -> *const c_char {
    if bytes.is_empty() {
        std::ptr::null()
    } else {
        bytes.as_ptr().cast()
    }
}

/// A failure is invalid UTF-8 exactly when a string is not UTF-8, and otherwise an EC2 code of
/// the core's table, named as the table names it, with a message.
fn check_failure(result: eniplan_result, action: &[u8], request: &[u8]) {
    let utf8 = std::str::from_utf8(action).is_ok() && std::str::from_utf8(request).is_ok();
    if result == eniplan_result::InvalidUtf8 {
        assert!(!utf8, "invalid UTF-8 for UTF-8 strings");
    } else {
        assert!(utf8, "{result:?} for a string that is not UTF-8");
        let code = ErrorCode::from_number(result as u32)
            .unwrap_or_else(|| panic!("{result:?} is not an EC2 code of the core's table"));
        let name = eniplan_result_code(result as u32);
        assert!(!name.is_null(), "{result:?} has no name");
        // SAFETY: a non-NULL answer of eniplan_result_code is a static NUL-terminated string.
        let name = unsafe { CStr::from_ptr(name) };
        assert_eq!(name.to_str(), Ok(code.as_str()));
    }
    let message = last_message();
    assert!(
        !message.is_empty() && message != SENTINEL_MESSAGE,
        "{result:?} left no message of its own"
    );
}

fuzz_target!(|data: &[u8]| {
    let ec2 = Handle::small_state();
    let mut before = None;
    for call in split_calls(data).into_iter().take(MOST_CALLS) {
        let (action, request) = match call.iter().position(|&b| b == b'\n') {
            Some(newline) => (&call[..newline], &call[newline + 1..]),
            None => (call, &[][..]),
        };
        let state = before.take().unwrap_or_else(|| ec2.state());
        if ec2.call(action, request).is_err() {
            assert_eq!(
                ec2.state(),
                state,
                "{} failed and changed the state",
                String::from_utf8_lossy(action)
            );
            before = Some(state);
        }
    }
});

/// The calls of an input: its parts between two NUL bytes.
fn split_calls(data: &[u8]) -> Vec<&[u8]> {
    let mut calls = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i + 1 < data.len() {
        if data[i] == 0 && data[i + 1] == 0 {
            calls.push(&data[start..i]);
            start = i + 2;
            i += 2;
        } else {
            i += 1;
        }
    }
    calls.push(&data[start..]);
    calls
}
