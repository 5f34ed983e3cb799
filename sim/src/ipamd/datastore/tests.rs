//! The datastore's rules (spec sections 0, 4 and 5), on hand-built interfaces.

use super::*;
use crate::rng::Stream;

const COOLDOWN: Millis = 30 * SECOND;

fn ip(text: &str) -> Ipv4Addr {
    text.parse().unwrap()
}

fn eni(number: u128, primary: bool, created_at: Millis) -> DatastoreEni {
    DatastoreEni {
        id: NetworkInterfaceId::from_number(number),
        subnet_id: SubnetId::from_number(1),
        device_index: 0,
        primary,
        excluded: false,
        created_at,
        cidrs: Vec::new(),
    }
}

/// A prefix-mode datastore with a primary interface holding 10.0.0.16/28.
fn one_prefix() -> Datastore {
    let mut store = Datastore::new(true, COOLDOWN);
    store.add_eni(eni(1, true, 0));
    store.add_prefixes(0, &[Ipv4Prefix::parse("10.0.0.16/28").unwrap()]);
    store
}

fn rng() -> Rng {
    Rng::new(5, Stream::MapOrder)
}

/// The targets of a t3.small-sized interface (3 slots) with these warm settings.
fn targets(prefix_delegation: bool, warm_ip: u32) -> PoolTargets {
    PoolTargets {
        prefix_delegation,
        warm_eni: 1,
        warm_ip,
        minimum_ip: 0,
        warm_prefix: 1,
        per_eni: 3,
        max_pods: 110,
    }
}

#[test]
fn a_new_prefix_hands_out_its_lowest_address_first() {
    let mut store = one_prefix();
    let mut rng = rng();
    let first = store.assign_pod(0, &mut rng).unwrap();
    let second = store.assign_pod(0, &mut rng).unwrap();
    assert_eq!((first.1, second.1), (ip("10.0.0.16"), ip("10.0.0.17")));
    assert_eq!(store.stats().assigned, 2);
}

#[test]
fn a_released_address_waits_out_its_cooldown_yet_counts_as_available() {
    let mut store = Datastore::new(false, COOLDOWN);
    store.add_eni(eni(1, true, 0));
    store.add_addresses(0, &[ip("10.0.0.5")]);
    let mut rng = rng();
    let (id, address) = store.assign_pod(0, &mut rng).unwrap();
    assert!(store.unassign_pod(id, address, 1_000));
    // Available (total 1, assigned 0), yet no pod can have it for 30 s.
    assert_eq!(store.stats().available(), 1);
    assert_eq!(store.assign_pod(1_000 + COOLDOWN, &mut rng), None);
    assert_eq!(
        store.assign_pod(1_001 + COOLDOWN, &mut rng),
        Some((id, address))
    );
}

#[test]
fn an_address_out_of_cooldown_is_reused_before_an_untouched_one() {
    let mut store = one_prefix();
    let mut rng = rng();
    for _ in 0..3 {
        store.assign_pod(0, &mut rng).unwrap();
    }
    let id = store.enis[0].id;
    assert!(store.unassign_pod(id, ip("10.0.0.17"), 0));
    let later = COOLDOWN + 1;
    assert_eq!(
        store.assign_pod(later, &mut rng),
        Some((id, ip("10.0.0.17")))
    );
    // Then the lowest never used.
    assert_eq!(
        store.assign_pod(later, &mut rng),
        Some((id, ip("10.0.0.19")))
    );
}

#[test]
fn unassigning_an_address_no_pod_holds_changes_nothing() {
    let mut store = one_prefix();
    let id = store.enis[0].id;
    assert!(!store.unassign_pod(id, ip("10.0.0.16"), 0));
    assert!(!store.unassign_pod(id, ip("10.0.0.99"), 0));
    assert_eq!(store.stats().assigned, 0);
}

#[test]
fn stats_count_only_the_current_mode_and_skip_excluded_interfaces() {
    let mut store = one_prefix();
    store.add_addresses(0, &[ip("10.0.0.5")]);
    let mut excluded = eni(2, false, 0);
    excluded.excluded = true;
    store.add_eni(excluded);
    store.add_prefixes(1, &[Ipv4Prefix::parse("10.0.0.32/28").unwrap()]);
    let stats = store.stats();
    // The /32 is of the other mode; the excluded interface's prefix is not pod space, but
    // free prefixes are counted on every interface (ds.go GetFreePrefixes).
    assert_eq!((stats.total, stats.assigned), (16, 0));
    assert_eq!((stats.total_prefixes, stats.free_prefixes), (2, 2));
}

#[test]
fn a_prefix_with_one_pod_is_not_freeable_but_one_cooling_is() {
    let mut store = one_prefix();
    store.add_prefixes(0, &[Ipv4Prefix::parse("10.0.0.32/28").unwrap()]);
    let mut rng = rng();
    let (id, address) = store.assign_pod(0, &mut rng).unwrap();
    let held = usize::from(address >= ip("10.0.0.32"));
    assert_eq!(store.freeable_cidrs(0, &mut rng), vec![1 - held]);
    store.unassign_pod(id, address, 0);
    let mut freeable = store.freeable_cidrs(0, &mut rng);
    freeable.sort_unstable();
    assert_eq!(freeable, vec![0, 1]);
}

#[test]
fn only_an_old_empty_quiet_secondary_interface_is_deletable() {
    let targets = targets(true, 0);
    let mut rng = rng();
    let mut store = one_prefix();
    // A pod on the primary's only prefix, before the second interface comes.
    let (primary, address) = store.assign_pod(0, &mut rng).unwrap();
    store.add_eni(eni(2, false, 0));
    store.add_prefixes(1, &[Ipv4Prefix::parse("10.0.0.48/28").unwrap()]);
    // The others would keep no free prefix for WARM_PREFIX_TARGET 1: needed.
    assert_eq!(store.deletable_eni(&targets, 60 * SECOND, &mut rng), None);
    // The pod goes; its address cools on the primary, which is never deletable anyway. The
    // second interface is too young at 59 s, deletable at 60 s.
    store.unassign_pod(primary, address, 30 * SECOND);
    assert_eq!(store.deletable_eni(&targets, 59 * SECOND, &mut rng), None);
    assert_eq!(
        store.deletable_eni(&targets, 60 * SECOND, &mut rng),
        Some(1)
    );
}

#[test]
fn an_interface_with_an_address_in_cooldown_is_not_deleted() {
    let targets = targets(false, 0);
    let mut store = Datastore::new(false, COOLDOWN);
    store.add_eni(eni(1, true, 0));
    store.add_eni(eni(2, false, 0));
    store.add_addresses(1, &[ip("10.0.0.9")]);
    let mut rng = rng();
    let (id, address) = store.assign_pod(0, &mut rng).unwrap();
    store.unassign_pod(id, address, 100 * SECOND);
    assert_eq!(store.deletable_eni(&targets, 130 * SECOND, &mut rng), None);
    assert_eq!(
        store.deletable_eni(&targets, 131 * SECOND, &mut rng),
        Some(1)
    );
}

#[test]
fn warm_ip_target_keeps_the_interface_the_others_cannot_replace() {
    let targets = targets(false, 2);
    let mut store = Datastore::new(false, COOLDOWN);
    store.add_eni(eni(1, true, 0));
    store.add_addresses(0, &[ip("10.0.0.4")]);
    store.add_eni(eni(2, false, 0));
    store.add_addresses(1, &[ip("10.0.0.5"), ip("10.0.0.6")]);
    let mut rng = rng();
    // The primary has 1 free address, fewer than the 2 wanted warm.
    assert_eq!(store.deletable_eni(&targets, 60 * SECOND, &mut rng), None);
    store.add_addresses(0, &[ip("10.0.0.7")]);
    assert_eq!(
        store.deletable_eni(&targets, 60 * SECOND, &mut rng),
        Some(1)
    );
}

#[test]
fn map_order_is_a_rotation_that_varies_from_call_to_call() {
    let mut rng = rng();
    let mut starts = std::collections::BTreeSet::new();
    for _ in 0..50 {
        let order: Vec<usize> = map_order(4, &mut rng).collect();
        let start = order[0];
        assert_eq!(order, (0..4).map(|i| (start + i) % 4).collect::<Vec<_>>());
        starts.insert(start);
    }
    assert_eq!(starts.len(), 4);
    assert_eq!(map_order(0, &mut rng).count(), 0);
}
