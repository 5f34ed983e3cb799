//! Per-subnet private IPv4 address allocation.
//!
//! Addresses are handled as offsets from the subnet's network address so the
//! allocator never needs to know the subnet's base address; callers translate
//! at the edge. Its only dependency in the crate is the seeded generator,
//! [`crate::rng`].
#![warn(missing_docs)]

mod bitset;
mod subnet_allocator;

#[cfg(test)]
mod tests;

pub use bitset::{Bitset, Ones};
pub use subnet_allocator::{Picker, ReservationKind, Strategy, SubnetAllocator};
