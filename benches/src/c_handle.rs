//! The C library's model handle (`eniplan_ec2`) holding a copy of a benchmark model, and the
//! round trips through its typed calls: what a C program pays for the same work as the Rust
//! calls of [`ModelSubject`].

use std::ffi::c_char;

use eniplan_ffi::ec2::{
    eniplan_ec2, eniplan_ec2_assign_ipv4_prefix_count, eniplan_ec2_assign_private_ip_address_count,
    eniplan_ec2_assign_private_ip_addresses, eniplan_ec2_free, eniplan_ec2_load_describe,
    eniplan_ec2_new, eniplan_ec2_unassign_private_ip_addresses, eniplan_ipv4_prefix,
    eniplan_strategy,
};
use eniplan_ffi::result::eniplan_result;
use serde_json::{json, Value};

use crate::baseline::BLOCK;
use crate::fixture::{address, offset, ModelSubject, RoundTrip, SEED};

/// The describe-* actions whose answers, loaded into another model, rebuild the benchmark
/// model.
const DESCRIBE_ACTIONS: [&str; 4] = [
    "DescribeVpcs",
    "DescribeSubnets",
    "DescribeInstances",
    "DescribeNetworkInterfaces",
];

/// A C handle with the state of a [`ModelSubject`], freed on drop.
#[derive(Debug)]
pub struct CSubject {
    handle: *mut eniplan_ec2,
    eni: String,
    explicit: u32,
}

impl CSubject {
    /// A handle holding what `model` holds, loaded through `eniplan_ec2_load_describe` from the
    /// model's own describe-* answers; `explicit` is the offset of the explicit round trip.
    pub fn copy_of(model: &mut ModelSubject, explicit: u32) -> Self {
        let documents: Vec<Value> = DESCRIBE_ACTIONS
            .iter()
            .map(|action| model.ec2.call(action, &json!({})).expect("describe"))
            .collect();
        let documents = Value::Array(documents).to_string();
        let mut handle = std::ptr::null_mut();
        // SAFETY: `handle` is writable.
        let result = unsafe { eniplan_ec2_new(eniplan_strategy::Random as u32, SEED, &mut handle) };
        assert_eq!(result, eniplan_result::Ok, "eniplan_ec2_new");
        let subject = CSubject {
            handle,
            eni: model.eni.to_string(),
            explicit: u32::from(address(explicit)),
        };
        // SAFETY: a live handle and a string readable for its length.
        let result = unsafe {
            eniplan_ec2_load_describe(subject.handle, documents.as_ptr().cast(), documents.len())
        };
        assert_eq!(result, eniplan_result::Ok, "eniplan_ec2_load_describe");
        subject
    }

    fn eni(&self) -> (*const c_char, usize) {
        (self.eni.as_ptr().cast(), self.eni.len())
    }

    /// Unassigns `addresses` and `prefixes` from the interface.
    fn unassign(&mut self, addresses: &[u32], prefixes: &[eniplan_ipv4_prefix]) {
        let (eni, eni_len) = self.eni();
        // SAFETY: a live handle; every array is readable for its length.
        let result = unsafe {
            eniplan_ec2_unassign_private_ip_addresses(
                self.handle,
                eni,
                eni_len,
                addresses.as_ptr(),
                addresses.len(),
                prefixes.as_ptr(),
                prefixes.len(),
            )
        };
        assert_eq!(result, eniplan_result::Ok, "unassign");
    }
}

impl RoundTrip for CSubject {
    fn explicit(&mut self) {
        let (eni, eni_len) = self.eni();
        let mut assigned = [0u32; 1];
        let mut count = 0;
        // SAFETY: a live handle; every array is valid for its length; `count` is writable.
        let result = unsafe {
            eniplan_ec2_assign_private_ip_addresses(
                self.handle,
                eni,
                eni_len,
                &self.explicit,
                1,
                false,
                assigned.as_mut_ptr(),
                assigned.len(),
                &mut count,
            )
        };
        assert_eq!(result, eniplan_result::Ok, "explicit assign");
        self.unassign(&[self.explicit], &[]);
    }

    fn address(&mut self) -> u32 {
        let (eni, eni_len) = self.eni();
        let mut assigned = [0u32; 1];
        let mut count = 0;
        // SAFETY: as in `explicit`.
        let result = unsafe {
            eniplan_ec2_assign_private_ip_address_count(
                self.handle,
                eni,
                eni_len,
                1,
                assigned.as_mut_ptr(),
                assigned.len(),
                &mut count,
            )
        };
        assert_eq!(result, eniplan_result::Ok, "automatic assign");
        self.unassign(&assigned, &[]);
        offset(assigned[0].into())
    }

    fn block(&mut self) -> u32 {
        let (eni, eni_len) = self.eni();
        let mut assigned = [eniplan_ipv4_prefix { addr: 0, len: 0 }; 1];
        let mut count = 0;
        // SAFETY: as in `explicit`.
        let result = unsafe {
            eniplan_ec2_assign_ipv4_prefix_count(
                self.handle,
                eni,
                eni_len,
                1,
                assigned.as_mut_ptr(),
                assigned.len(),
                &mut count,
            )
        };
        assert_eq!(result, eniplan_result::Ok, "automatic prefix");
        self.unassign(&[], &assigned);
        offset(assigned[0].addr.into()) / BLOCK
    }
}

impl Drop for CSubject {
    fn drop(&mut self) {
        // SAFETY: the handle from eniplan_ec2_new, freed once.
        unsafe { eniplan_ec2_free(self.handle) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::{address_fill, block_dirt, first_free_at_or_after, Dirt, SIZE};
    use std::collections::HashSet;

    #[test]
    fn round_trips_pick_free_addresses_and_blocks_and_leave_them_free() {
        for owned in [address_fill(50), block_dirt(Dirt::Percent(90))] {
            let explicit = first_free_at_or_after(&owned, SIZE / 2);
            let mut model = ModelSubject::new(&owned, explicit);
            let mut c = CSubject::copy_of(&mut model, explicit);
            let dirty: HashSet<u32> = owned.iter().map(|o| o / BLOCK).collect();
            let owned: HashSet<u32> = owned.into_iter().collect();
            let free_block = (1..SIZE / BLOCK - 1).any(|b| !dirty.contains(&b));
            for _ in 0..50 {
                c.explicit();
                let picked = c.address();
                assert!(!owned.contains(&picked) && (4..SIZE - 1).contains(&picked));
                if free_block {
                    let block = c.block();
                    assert!(!dirty.contains(&block) && block != 0 && block != SIZE / BLOCK - 1);
                }
            }
            // Every round trip gave back what it took: the explicit address is free again, or
            // this assign would fail.
            c.explicit();
        }
    }

    #[test]
    fn the_copy_refuses_what_the_model_owns() {
        let owned = address_fill(50);
        let taken = owned[1];
        let mut model = ModelSubject::new(&owned, taken);
        let mut c = CSubject::copy_of(&mut model, taken);
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| c.explicit()));
        assert!(result.is_err(), "assigning an owned address succeeded");
    }
}
