//! Each rule of spec sections 2 and 3 on hand-computed counts (t3.small: 4 addresses per
//! interface, so 3 secondary addresses or 3 prefixes per interface).

use super::*;

fn sip(warm_eni: u32, warm_ip: u32, minimum_ip: u32) -> PoolTargets {
    PoolTargets {
        prefix_delegation: false,
        warm_eni,
        warm_ip,
        minimum_ip,
        warm_prefix: 1,
        per_eni: 3,
        max_pods: 110,
    }
}

fn pd(warm_prefix: u32, warm_ip: u32, minimum_ip: u32) -> PoolTargets {
    PoolTargets {
        prefix_delegation: true,
        warm_eni: 1,
        warm_ip,
        minimum_ip,
        warm_prefix,
        per_eni: 3,
        max_pods: 110,
    }
}

fn stats(total: u32, assigned: u32) -> PoolStats {
    PoolStats {
        total,
        assigned,
        free_prefixes: 0,
        total_prefixes: 0,
    }
}

fn prefixes(total_prefixes: u32, free_prefixes: u32, assigned: u32) -> PoolStats {
    PoolStats {
        total: total_prefixes * 16,
        assigned,
        free_prefixes,
        total_prefixes,
    }
}

#[test]
fn warm_eni_target_keeps_one_interfaces_worth_of_free_addresses() {
    let targets = sip(1, 0, 0);
    assert!(targets.too_low(&stats(0, 0)));
    assert!(!targets.too_low(&stats(3, 0)));
    // One pod leaves 2 free, below one interface's worth (3): the table's second interface at
    // pod 1 (row A2).
    assert!(targets.too_low(&stats(3, 1)));
    assert_eq!(targets.step_size(&stats(3, 1)), Some(3));
    assert_eq!(targets.new_eni_resources(&stats(3, 1)), 3);
}

#[test]
fn warm_eni_target_zero_grows_only_when_nothing_is_free() {
    let targets = sip(0, 0, 0);
    assert!(targets.too_low(&stats(0, 0)));
    assert!(!targets.too_low(&stats(3, 2)));
    assert!(targets.too_low(&stats(3, 3)));
}

#[test]
fn secondary_ip_mode_without_ip_targets_never_releases_addresses() {
    let targets = sip(1, 0, 0);
    assert!(!targets.too_high(&stats(9, 0)));
    assert_eq!(targets.release_amount(&stats(9, 0)), 0);
}

#[test]
fn ip_targets_override_warm_eni_target() {
    let targets = sip(1, 2, 5);
    // Fresh: short = max(2 - 0, 5 - 0) = 5.
    assert_eq!(targets.target_state(&stats(0, 0)), Some((5, 0)));
    assert_eq!(targets.step_size(&stats(0, 0)), Some(5));
    // After the primary's 3: short = max(2 - 3, 5 - 3) = 2; a new interface gets 2 (row A7).
    assert_eq!(targets.new_eni_resources(&stats(3, 0)), 2);
    // 5 held, none used: over = min(5 - 2, 5 - 5) = 0, so nothing goes back.
    assert!(!targets.too_high(&stats(5, 0)));
    // With 3 used: available 2 is the warm target, not short.
    assert_eq!(targets.step_size(&stats(5, 3)), None);
}

#[test]
fn ip_targets_release_what_is_over_both() {
    let targets = sip(1, 1, 1);
    // 3 held, none used: over = min(3 - 1, 3 - 1) = 2.
    assert!(targets.too_high(&stats(3, 0)));
    assert_eq!(targets.release_amount(&stats(3, 0)), 2);
    assert!(!targets.too_low(&stats(3, 0)));
}

#[test]
fn minimum_ip_target_alone_stops_growth_at_the_minimum() {
    let targets = sip(1, 0, 4);
    assert!(targets.too_low(&stats(3, 3)));
    // With 4 held and all used, short = max(0 - 0, 4 - 4) = 0: the fifth pod gets nothing.
    assert!(!targets.too_low(&stats(4, 4)));
}

#[test]
fn max_pods_stops_growth_once_the_total_reaches_it() {
    let targets = PoolTargets {
        max_pods: 11,
        ..pd(1, 0, 0)
    };
    assert!(targets.too_low(&prefixes(0, 0, 0)));
    // One /28 holds 16 >= 11: no more, though every address is used.
    assert!(!targets.too_low(&prefixes(1, 0, 16)));
}

#[test]
fn warm_prefix_target_counts_free_addresses_to_grow_and_free_prefixes_to_shrink() {
    let targets = pd(1, 0, 0);
    assert!(!targets.too_low(&prefixes(1, 1, 0)));
    // 15 free addresses are fewer than one prefix's worth: grow by one.
    assert!(targets.too_low(&prefixes(1, 0, 1)));
    assert_eq!(targets.prefixes_needed(&prefixes(1, 0, 1)), 1);
    // Two wholly free prefixes are one over the target; 31 free addresses alone are not.
    assert!(targets.too_high(&prefixes(2, 2, 0)));
    assert_eq!(targets.release_amount(&prefixes(2, 2, 0)), 1);
    assert!(!targets.too_high(&prefixes(2, 0, 1)));
}

#[test]
fn warm_prefix_target_two_asks_for_the_missing_free_prefixes() {
    let targets = pd(2, 0, 0);
    assert_eq!(targets.prefixes_needed(&prefixes(0, 0, 0)), 2);
    assert_eq!(targets.prefixes_needed(&prefixes(2, 1, 5)), 1);
    assert_eq!(targets.new_eni_resources(&prefixes(3, 0, 45)), 2);
}

#[test]
fn warm_prefix_target_zero_adds_a_prefix_then_finds_it_too_many() {
    let targets = pd(0, 0, 0);
    assert!(targets.too_low(&prefixes(0, 0, 0)));
    assert_eq!(targets.prefixes_needed(&prefixes(0, 0, 0)), 1);
    // The new prefix is wholly free: 1 > 0, released at the next allowed decrease.
    assert!(targets.too_high(&prefixes(1, 1, 0)));
}

#[test]
fn prefix_mode_ip_targets_round_up_to_prefixes() {
    // Row B10: MINIMUM_IP_TARGET 20 is two prefixes in one call.
    let targets = pd(1, 7, 20);
    assert_eq!(targets.target_state(&prefixes(0, 0, 0)), Some((2, 0)));
    assert_eq!(targets.prefixes_needed(&prefixes(0, 0, 0)), 2);
    // Two free prefixes: over = min(2, 2 - ceil(7 / 16), 2 - ceil(20 / 16)) = 0.
    assert!(!targets.too_high(&prefixes(2, 2, 0)));
    // Row B8: WARM_IP_TARGET 1 with 16 pods on one prefix is one short.
    let targets = pd(1, 1, 1);
    assert_eq!(targets.target_state(&prefixes(1, 0, 16)), Some((1, 0)));
    assert_eq!(targets.warm_ip_in_cidrs(), 16);
}

#[test]
fn extra_interfaces_are_looked_for_past_one_more_than_the_target() {
    let sip_targets = sip(1, 0, 0);
    assert!(!sip_targets.should_remove_extra_enis(&stats(9, 4), true));
    assert!(sip_targets.should_remove_extra_enis(&stats(9, 3), false));
    let pd_targets = pd(1, 0, 0);
    // (1 + 1) x 48 = 96 free addresses, or an interface without pods.
    assert!(!pd_targets.should_remove_extra_enis(&prefixes(6, 0, 1), false));
    assert!(pd_targets.should_remove_extra_enis(&prefixes(6, 0, 1), true));
    assert!(pd_targets.should_remove_extra_enis(&prefixes(6, 6, 0), false));
    assert!(sip(1, 5, 0).should_remove_extra_enis(&stats(0, 0), false));
}
