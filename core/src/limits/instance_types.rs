//! The set of instance types known to a model: the embedded table plus the caller's own.

use std::fmt;

use super::embedded;
use super::instance_type::InstanceType;
use crate::error::Error;
use crate::hash::KeyMap;

/// The known instance types: the table compiled into the crate, with types the caller added or
/// overrode on top (an override always wins over the embedded entry of the same name).
///
/// ```
/// use eniplan::InstanceTypes;
///
/// let types = InstanceTypes::embedded();
/// let m5 = types.lookup("m5.large")?;
/// assert_eq!((m5.max_enis, m5.ipv4_per_eni), (3, 10));
///
/// let error = types.lookup("m5.huge").unwrap_err();
/// assert_eq!(error.code().as_str(), "InvalidInstanceType");
/// assert_eq!(
///     error.to_string(),
///     "The following supplied instance types do not exist: [m5.huge]"
/// );
/// # Ok::<(), eniplan::Error>(())
/// ```
#[derive(Clone)]
pub struct InstanceTypes {
    /// The embedded table, parsed once per process.
    embedded: &'static KeyMap<String, InstanceType>,
    /// Types added or overridden by the caller; checked first.
    overrides: KeyMap<String, InstanceType>,
    /// How many override names are not in the embedded table.
    added: usize,
    /// The largest `ipv4_per_eni` of any known type.
    max_ipv4_per_eni: u32,
}

impl InstanceTypes {
    /// The types of the embedded table (`core/data/instance-limits.csv`) and nothing else.
    pub fn embedded() -> InstanceTypes {
        let table = embedded::table();
        InstanceTypes {
            embedded: &table.types,
            overrides: KeyMap::default(),
            added: 0,
            max_ipv4_per_eni: table.max_ipv4_per_eni,
        }
    }

    /// The type with this exact name, if known.
    pub fn get(&self, name: &str) -> Option<&InstanceType> {
        self.overrides.get(name).or_else(|| self.embedded.get(name))
    }

    /// The type with this exact name, or EC2's `InvalidInstanceType` error for an unknown one.
    pub fn lookup(&self, name: &str) -> Result<&InstanceType, Error> {
        self.get(name).ok_or_else(|| Error::UnknownInstanceType {
            instance_types: vec![name.to_owned()],
        })
    }

    /// Adds a type, or replaces the known type of the same name.
    pub fn insert(&mut self, instance_type: InstanceType) {
        let new_limit = instance_type.ipv4_per_eni;
        let old_limit = self.get(&instance_type.name).map(|t| t.ipv4_per_eni);
        if old_limit.is_none() {
            self.added += 1;
        }
        self.overrides
            .insert(instance_type.name.clone(), instance_type);
        if new_limit >= self.max_ipv4_per_eni {
            self.max_ipv4_per_eni = new_limit;
        } else if old_limit == Some(self.max_ipv4_per_eni) {
            // The replaced type may have been the only one at the maximum.
            self.max_ipv4_per_eni = self.iter().map(|t| t.ipv4_per_eni).max().unwrap_or(0);
        }
    }

    /// The largest `ipv4_per_eni` of any known type (64 with the embedded table): the cap
    /// on an unattached interface's addresses (spec section 3). Constant time.
    pub fn max_ipv4_per_eni(&self) -> u32 {
        self.max_ipv4_per_eni
    }

    /// Every known type once, overrides in place of the embedded entries they replace, in no
    /// particular order.
    pub fn iter(&self) -> impl Iterator<Item = &InstanceType> + '_ {
        self.overrides.values().chain(
            self.embedded
                .values()
                .filter(|t| !self.overrides.contains_key(&t.name)),
        )
    }

    /// The number of known types.
    pub fn len(&self) -> usize {
        self.embedded.len() + self.added
    }

    /// Whether no type is known (never, with the embedded table).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Default for InstanceTypes {
    /// The same as [`InstanceTypes::embedded`].
    fn default() -> InstanceTypes {
        InstanceTypes::embedded()
    }
}

impl fmt::Debug for InstanceTypes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut overrides: Vec<&str> = self.overrides.keys().map(String::as_str).collect();
        overrides.sort_unstable();
        f.debug_struct("InstanceTypes")
            .field("embedded", &self.embedded.len())
            .field("overrides", &overrides)
            .field("max_ipv4_per_eni", &self.max_ipv4_per_eni)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::limits::{Hypervisor, NetworkCard};

    fn custom(name: &str, ipv4_per_eni: u32) -> InstanceType {
        InstanceType {
            name: name.to_owned(),
            hypervisor: Hypervisor::Nitro,
            bare_metal: false,
            max_enis: 2,
            ipv4_per_eni,
            ipv6_per_eni: ipv4_per_eni,
            ipv6_supported: true,
            default_network_card_index: 0,
            network_cards: vec![NetworkCard {
                index: 0,
                max_interfaces: 2,
            }],
            vcpus: Some(2),
            branch_interfaces: 0,
        }
    }

    /// The largest `ipv4_per_eni`, counted the slow way.
    fn slow_max(types: &InstanceTypes) -> u32 {
        types.iter().map(|t| t.ipv4_per_eni).max().unwrap_or(0)
    }

    #[test]
    fn unknown_type_gives_ec2_code_and_message() {
        let error = InstanceTypes::embedded()
            .lookup("m5.nonexistent")
            .unwrap_err();
        assert_eq!(error.code(), ErrorCode::InvalidInstanceType);
        assert_eq!(error.code().as_str(), "InvalidInstanceType");
        assert_eq!(
            error.to_string(),
            "The following supplied instance types do not exist: [m5.nonexistent]"
        );
        // Names are exact: EC2 does not fold case.
        assert!(InstanceTypes::embedded().get("M5.LARGE").is_none());
    }

    #[test]
    fn overrides_win_and_new_types_are_added() {
        let mut types = InstanceTypes::default();
        assert_eq!(types.len(), 1391);
        types.insert(custom("m5.large", 12));
        assert_eq!(types.len(), 1391);
        assert_eq!(types.get("m5.large").map(|t| t.ipv4_per_eni), Some(12));
        types.insert(custom("zz9.tiny", 3));
        assert_eq!(types.len(), 1392);
        assert_eq!(types.lookup("zz9.tiny").map(|t| t.ipv4_per_eni), Ok(3));
        // iter gives each name once, the override in place of the embedded entry.
        let m5: Vec<&InstanceType> = types.iter().filter(|t| t.name == "m5.large").collect();
        assert_eq!(m5.len(), 1);
        assert_eq!(m5[0].ipv4_per_eni, 12);
        assert_eq!(types.iter().count(), 1392);
        // The embedded table itself is untouched.
        assert_eq!(
            InstanceTypes::embedded()
                .get("m5.large")
                .map(|t| t.ipv4_per_eni),
            Some(10)
        );
    }

    #[test]
    fn max_ipv4_per_eni_follows_inserts() {
        let mut types = InstanceTypes::embedded();
        assert_eq!(types.max_ipv4_per_eni(), 64);
        assert_eq!(slow_max(&types), 64);

        types.insert(custom("big.type", 100));
        assert_eq!(types.max_ipv4_per_eni(), 100);
        // Lowering the only type at the maximum lowers the maximum.
        types.insert(custom("big.type", 5));
        assert_eq!(types.max_ipv4_per_eni(), 64);

        // Lower every embedded type that has 64 addresses per interface.
        let at_64: Vec<String> = types
            .iter()
            .filter(|t| t.ipv4_per_eni == 64)
            .map(|t| t.name.clone())
            .collect();
        assert!(!at_64.is_empty());
        for (i, name) in at_64.iter().enumerate() {
            types.insert(custom(name, 7));
            let expected = if i + 1 == at_64.len() { 50 } else { 64 };
            assert_eq!(types.max_ipv4_per_eni(), expected, "after {name}");
            assert_eq!(types.max_ipv4_per_eni(), slow_max(&types));
        }
    }
}
