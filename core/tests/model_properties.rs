//! Model-based properties: random sequences of operations applied to `eniplan::Ec2` (the
//! lowest-free strategy) and to the naive reference model of `eniplan_reference::naive` must
//! agree at every step, the engine's invariants must hold after every step, and a failing
//! operation must leave the engine exactly as it was.
//!
//! The operations, the naive model, the invariants and the runner live in their own crate
//! (`eniplan_reference`), shared with the `model_ops` fuzz target; this file only draws
//! operations with proptest's weights and shrinks failures.
//!
//! Calls mostly name live objects, sometimes stale or unknown ones. `PROPTEST_CASES` changes
//! the number of cases (512 per property by default).

use eniplan::InterfaceType;
use eniplan_reference::ops::{run_case, AddrGen, Op, PfxGen, SelGen, Setup, SUBNET_MENU};
use proptest::prelude::*;
use proptest::test_runner::{FileFailurePersistence, TestCaseError};

// ---- generated operations: references are small numbers resolved against the live state ----

fn addr_gen() -> impl Strategy<Value = AddrGen> {
    prop_oneof![
        4 => any::<u16>().prop_map(AddrGen::Local),
        1 => (any::<u8>(), any::<u16>()).prop_map(|(s, o)| AddrGen::Subnet(s, o)),
        3 => any::<u16>().prop_map(AddrGen::Owned),
        2 => any::<u16>().prop_map(AddrGen::Held),
        2 => any::<u16>().prop_map(AddrGen::Secondary),
        2 => any::<u16>().prop_map(AddrGen::WithElasticIp),
        1 => (any::<u16>(), any::<u8>()).prop_map(|(k, i)| AddrGen::InPrefix(k, i)),
        2 => any::<u16>().prop_map(AddrGen::Free),
        1 => Just(AddrGen::Outside),
    ]
}

/// Addresses to unassign: mostly ones the interface holds.
fn held_addr_gen() -> impl Strategy<Value = AddrGen> {
    prop_oneof![
        6 => any::<u16>().prop_map(AddrGen::OwnSecondary),
        2 => any::<u16>().prop_map(AddrGen::Held),
        1 => any::<u16>().prop_map(AddrGen::Owned),
        1 => addr_gen(),
    ]
}

/// Prefixes to unassign: mostly ones the interface holds.
fn held_pfx_gen() -> impl Strategy<Value = PfxGen> {
    prop_oneof![
        4 => any::<u16>().prop_map(PfxGen::Held),
        1 => pfx_gen(),
    ]
}

fn pfx_gen() -> impl Strategy<Value = PfxGen> {
    prop_oneof![
        3 => any::<u8>().prop_map(PfxGen::Local),
        3 => any::<u16>().prop_map(PfxGen::Free),
        1 => (any::<u8>(), any::<u8>()).prop_map(|(s, b)| PfxGen::Block(s, b)),
        2 => any::<u16>().prop_map(PfxGen::Held),
        1 => any::<u16>().prop_map(PfxGen::Owned),
        2 => any::<u16>().prop_map(PfxGen::Around),
        1 => any::<u16>().prop_map(PfxGen::AroundRequested),
        1 => Just(PfxGen::Outside),
    ]
}

fn address_count() -> impl Strategy<Value = u32> {
    prop_oneof![1 => Just(0_u32), 16 => 1..=3_u32, 4 => 4..=12_u32, 1 => Just(70_u32)]
}

fn prefix_count() -> impl Strategy<Value = u32> {
    prop_oneof![1 => Just(0_u32), 16 => 1..=2_u32, 4 => 3..=6_u32, 1 => Just(70_u32)]
}

/// A list that is rarely empty.
fn list<T: std::fmt::Debug + Clone>(
    item: impl Strategy<Value = T>,
    most: usize,
) -> impl Strategy<Value = Vec<T>> {
    prop_oneof![
        1 => Just(Vec::new()),
        12 => prop::collection::vec(item, 1..=most),
    ]
}

fn sel_gen() -> impl Strategy<Value = SelGen> {
    prop_oneof![
        4 => list(addr_gen(), 3).prop_map(SelGen::Addresses),
        3 => address_count().prop_map(SelGen::Count),
        2 => list(pfx_gen(), 2).prop_map(SelGen::Prefixes),
        2 => prefix_count().prop_map(SelGen::PrefixCount),
    ]
}

fn interface_type() -> impl Strategy<Value = InterfaceType> {
    prop_oneof![
        8 => Just(InterfaceType::Interface),
        2 => Just(InterfaceType::EfaOnly),
        1 => Just(InterfaceType::Efa),
        1 => Just(InterfaceType::Trunk),
        1 => Just(InterfaceType::Branch),
    ]
}

/// `(MinCount, MaxCount)`, now and then out of range.
fn run_counts() -> impl Strategy<Value = (u32, u32)> {
    prop_oneof![
        12 => Just((1_u32, 1_u32)),
        4 => Just((1, 2)),
        2 => Just((2, 2)),
        1 => Just((0, 0)),
        1 => Just((2, 1)),
    ]
}

fn create_reservation_op() -> impl Strategy<Value = Op> {
    let len = prop_oneof![25..=32_u8, 28..=32_u8];
    (any::<u16>(), addr_gen(), len, any::<bool>()).prop_map(|(subnet, base, len, prefix)| {
        Op::CreateReservation {
            subnet,
            base,
            len,
            prefix,
        }
    })
}

fn run_op() -> impl Strategy<Value = Op> {
    let address = prop::option::weighted(0.25, addr_gen());
    (any::<u8>(), any::<u16>(), run_counts(), address).prop_map(
        |(instance_type, subnet, (min, max), address)| Op::Run {
            instance_type,
            subnet,
            min,
            max,
            address,
        },
    )
}

fn create_eni_op() -> impl Strategy<Value = Op> {
    let primary = prop::option::weighted(0.3, addr_gen());
    let selection = prop::option::weighted(0.6, sel_gen());
    (any::<u16>(), primary, selection, interface_type()).prop_map(
        |(subnet, primary, selection, interface_type)| Op::CreateEni {
            subnet,
            primary,
            selection,
            interface_type,
        },
    )
}

fn attach_op() -> impl Strategy<Value = Op> {
    let device = prop_oneof![1 => Just(0_u32), 6 => 1..=3_u32];
    let card = prop_oneof![6 => Just(0_u32), 2 => Just(1_u32), 1 => Just(4_u32)];
    (any::<u16>(), any::<u16>(), device, card).prop_map(|(eni, instance, device, card)| {
        Op::Attach {
            eni,
            instance,
            device,
            card,
        }
    })
}

fn unassign_op() -> impl Strategy<Value = Op> {
    let addresses = || prop::collection::vec(held_addr_gen(), 1..3);
    let prefixes = || prop::collection::vec(held_pfx_gen(), 1..2);
    let lists = prop_oneof![
        6 => (addresses(), Just(Vec::new())),
        2 => (Just(Vec::new()), prefixes()),
        1 => (addresses(), prefixes()),
        1 => Just((Vec::new(), Vec::new())),
    ];
    (any::<u16>(), lists).prop_map(|(eni, (addresses, prefixes))| Op::Unassign {
        eni,
        addresses,
        prefixes,
    })
}

fn associate_op() -> impl Strategy<Value = Op> {
    let by_instance = prop::bool::weighted(0.3);
    let address = prop::option::weighted(0.5, held_addr_gen());
    let allow = prop::bool::weighted(0.8);
    (any::<u16>(), by_instance, any::<u16>(), address, allow).prop_map(
        |(eip, by_instance, target, address, allow)| Op::Associate {
            eip,
            by_instance,
            target,
            address,
            allow,
        },
    )
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => create_reservation_op(),
        1 => any::<u16>().prop_map(Op::DeleteReservation),
        6 => run_op(),
        1 => prop::collection::vec(any::<u16>(), 1..3).prop_map(Op::Terminate),
        6 => create_eni_op(),
        2 => any::<u16>().prop_map(Op::DeleteEni),
        7 => attach_op(),
        2 => any::<u16>().prop_map(Op::Detach),
        10 => (any::<u16>(), sel_gen(), any::<bool>())
            .prop_map(|(eni, selection, allow)| Op::Assign { eni, selection, allow }),
        4 => unassign_op(),
        3 => Just(Op::Allocate),
        4 => associate_op(),
        2 => any::<u16>().prop_map(Op::Disassociate),
        1 => any::<u16>().prop_map(Op::Release),
    ]
}

/// Operations that move addresses between interfaces and carry Elastic IPs with them.
fn moving_op() -> impl Strategy<Value = Op> {
    let moving = prop_oneof![
        3 => any::<u16>().prop_map(AddrGen::Secondary),
        3 => any::<u16>().prop_map(AddrGen::WithElasticIp),
        1 => addr_gen(),
    ];
    let create =
        (any::<u16>(), prop::option::weighted(0.5, sel_gen())).prop_map(|(subnet, selection)| {
            Op::CreateEni {
                subnet,
                primary: None,
                selection,
                interface_type: InterfaceType::Interface,
            }
        });
    let count = (any::<u16>(), address_count()).prop_map(|(eni, n)| Op::Assign {
        eni,
        selection: SelGen::Count(n),
        allow: false,
    });
    let take = (
        any::<u16>(),
        prop::collection::vec(moving, 1..3),
        prop::bool::weighted(0.8),
    )
        .prop_map(|(eni, list, allow)| Op::Assign {
            eni,
            selection: SelGen::Addresses(list),
            allow,
        });
    let associate = (
        any::<u16>(),
        any::<u16>(),
        prop::option::weighted(0.8, held_addr_gen()),
        any::<bool>(),
    )
        .prop_map(|(eip, target, address, allow)| Op::Associate {
            eip,
            by_instance: false,
            target,
            address,
            allow,
        });
    let unassign = (any::<u16>(), prop::collection::vec(held_addr_gen(), 1..3)).prop_map(
        |(eni, addresses)| Op::Unassign {
            eni,
            addresses,
            prefixes: Vec::new(),
        },
    );
    prop_oneof![
        2 => create,
        3 => count,
        4 => take,
        2 => Just(Op::Allocate),
        4 => associate,
        2 => unassign,
        1 => any::<u16>().prop_map(Op::Disassociate),
        1 => any::<u16>().prop_map(Op::Release),
        1 => any::<u16>().prop_map(Op::DeleteEni),
        1 => op(),
    ]
}

fn setup() -> impl Strategy<Value = Setup> {
    (
        any::<u64>(),
        prop::sample::subsequence(SUBNET_MENU.to_vec(), 1..=3),
        prop::collection::vec(prop::bool::weighted(0.25), 3),
        prop::bool::weighted(0.75),
    )
        .prop_map(|(seed, cidrs, zones, warm)| Setup {
            seed,
            subnets: cidrs.into_iter().zip(zones).collect(),
            warm,
        })
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(512)
}

proptest! {
    #![proptest_config(ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/model_properties.txt",
        ))),
        ..ProptestConfig::with_cases(cases())
    })]

    /// The engine and the naive model agree on every outcome and every state, the engine's
    /// invariants hold at every step, and failed calls change nothing.
    #[test]
    fn engine_agrees_with_the_naive_model(
        setup in setup(),
        ops in prop::collection::vec(op(), 1..60),
    ) {
        run_case(&setup, &ops).map_err(TestCaseError::fail)?;
    }

    /// The same, with calls that move addresses (and their Elastic IPs) between interfaces.
    #[test]
    fn engine_agrees_when_addresses_move(
        setup in setup(),
        ops in prop::collection::vec(moving_op(), 1..40),
    ) {
        run_case(&setup, &ops).map_err(TestCaseError::fail)?;
    }
}
