//! Regressions found by the fuzz targets (`fuzz/`), each reduced to the smallest case: the
//! divergences `model_ops` found between the engine and the naive reference model, and the
//! inputs `describe_import` and `request_json` found that broke a property.

#![allow(clippy::unwrap_used)]

use eniplan::reference::ops::{run_case, Op, SelGen, Setup};

/// model_ops: EC2's integers are 32-bit, so a count or an index past 2147483647 is refused by
/// the request's own checks (rule 5 for counts), before any state is read. The naive model
/// lacked those checks and answered from the state instead (here that the interface is
/// already attached).
#[test]
fn counts_and_indexes_past_the_32_bit_range_fail_before_the_state_is_read() {
    let setup = Setup {
        seed: 0,
        subnets: vec![("10.0.0.0/26", false)],
        warm: true,
    };
    let ops = [
        Op::Attach {
            eni: 0,
            instance: 0,
            device: 4_278_885_119,
            card: 0,
        },
        Op::Attach {
            eni: 0,
            instance: 0,
            device: 1,
            card: 2_147_483_648,
        },
        Op::Assign {
            eni: 0,
            selection: SelGen::Count(3_000_000_000),
            allow: false,
        },
        Op::Assign {
            eni: 0,
            selection: SelGen::PrefixCount(u32::MAX),
            allow: false,
        },
        Op::CreateEni {
            subnet: 0,
            primary: None,
            selection: Some(SelGen::Count(2_147_483_648)),
            interface_type: eniplan::InterfaceType::Interface,
        },
    ];
    assert_eq!(run_case(&setup, &ops), Ok(2 + ops.len()));
}
