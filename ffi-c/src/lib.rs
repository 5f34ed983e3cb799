//! The C API of eniplan: `libeniplan.a`, `libeniplan.so` and the header `include/eniplan.h`,
//! which cbindgen generates from this crate (`cbindgen.toml`).
//!
//! Conventions, for every exported function:
//!
//! - Every symbol starts with `eniplan_`; outputs go through `out_` parameters; every buffer is
//!   followed by its `size_t` length; strings are bytes and a length (no NUL needed) and must be
//!   UTF-8; IPv4 addresses are `uint32_t` in host byte order; prefixes are
//!   `eniplan_ipv4_prefix { uint32_t addr; uint8_t len; }`.
//! - Every fallible call returns an `eniplan_result` ([`result`]): 0 on success, 1–99 for the
//!   boundary (NULL argument, invalid UTF-8, buffer too small, panic, ...), and from 100 the EC2
//!   error, numbered as in the core's error table. The detailed message of the last failure on
//!   the calling thread comes from `eniplan_last_error_message`.
//! - Every body runs inside a panic guard ([`boundary`]), checks NULL pointers, alignment and
//!   UTF-8, and copies its inputs before it writes any output.
//! - `_free(NULL)` does nothing.

pub mod boundary;
pub mod ec2;
pub mod limits;
pub mod result;

use std::ffi::c_char;

/// The library's version, for example `"0.1.0"`: a static NUL-terminated string.
#[no_mangle]
pub extern "C" fn eniplan_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}
