//! `eniplan simulate` on every shipped scenario: exit statuses, the `--json` shapes, variants
//! running the same seeds, figures over seeds within their bounds, the SVG and HTML parsed
//! with one series per variant, and the end state loaded back by another command.
#![allow(clippy::unwrap_used)]

use serde_json::Value;

mod common;

use common::{eniplan, json_of, scratch};

const FRAGMENTED: &str = "examples/scenarios/fragmented-prefixes.toml";
const WARM_POOLS: &str = "examples/scenarios/warm-pools.toml";
const CUSTOM: &str = "examples/scenarios/custom-networking.toml";
const RESERVATION: &str = "examples/scenarios/prefix-reservation.toml";

/// Every spread of an aggregate is ordered: min <= median <= p90 <= max.
fn assert_spreads_ordered(aggregate: &Value) {
    for (name, spread) in aggregate.as_object().unwrap() {
        if let Some(min) = spread.get("Min") {
            let values: Vec<f64> = [min, &spread["Median"], &spread["P90"], &spread["Max"]]
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect();
            assert!(
                values.windows(2).all(|w| w[0] <= w[1]),
                "{name}: {values:?}"
            );
        }
    }
}

#[test]
fn one_run_prints_what_happened_and_exits_1_when_pods_waited() {
    let run = eniplan(&["simulate", FRAGMENTED, "--state", "examples/state"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let first = run.stdout.lines().next().unwrap();
    assert!(
        first.starts_with("pods waiting for an address from 2m: 75 still waiting"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(
        "subnet-0a11c0ffee0a11c01 has 219 free addresses but no free aligned /28 — InsufficientCidrBlocks ×"
    ));
    assert!(
        run.stdout.contains("node group  nodes  max pods"),
        "{}",
        run.stdout
    );
}

#[test]
fn one_run_as_json_is_the_whole_result() {
    let run = eniplan(&[
        "simulate",
        FRAGMENTED,
        "--state",
        "examples/state",
        "--json",
    ]);
    assert_eq!(run.status, 1);
    let result = json_of(&run);
    for member in ["Summary", "Timeline", "Nodes", "Workloads", "Notes"] {
        assert!(result.get(member).is_some(), "{member}");
    }
    assert_eq!(result["Summary"]["Seed"], 4);
    assert_eq!(result["Nodes"].as_array().unwrap().len(), 3);
    let eni = &result["Nodes"][0]["Enis"][0];
    for member in [
        "NetworkInterfaceId",
        "DeviceIndex",
        "SecondaryAddresses",
        "Prefixes",
        "Pods",
    ] {
        assert!(eni.get(member).is_some(), "{member}");
    }
    // 20 minutes sampled every 10 s: samples at 0, 10, ..., 1190 and at the end.
    assert_eq!(result["Timeline"].as_array().unwrap().len(), 121);
}

#[test]
fn prefix_delegation_stalls_where_secondary_addresses_do_not() {
    let run = eniplan(&[
        "simulate",
        FRAGMENTED,
        "--state",
        "examples/state",
        "--seeds",
        "3",
        "--json",
        "--vary",
        "cni.ENABLE_PREFIX_DELEGATION=true,false",
    ]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let study = json_of(&run);
    assert_eq!(study["Seeds"], serde_json::json!([4, 5, 6]));
    let variants = study["Variants"].as_array().unwrap();
    assert_eq!(variants.len(), 2);
    for variant in variants {
        let seeds: Vec<&Value> = variant["Runs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| &r["Seed"])
            .collect();
        assert_eq!(
            seeds,
            [
                &serde_json::json!(4),
                &serde_json::json!(5),
                &serde_json::json!(6)
            ]
        );
        assert_spreads_ordered(&variant["Aggregate"]);
    }
    let prefixes = &variants[0]["Aggregate"];
    assert_eq!(
        variants[0]["Variant"]["Name"],
        "cni.ENABLE_PREFIX_DELEGATION=true"
    );
    assert_eq!(prefixes["SeedsWithError"]["InsufficientCidrBlocks"], 3);
    assert_eq!(prefixes["PodsStillWaiting"]["Min"], 75.0);
    let addresses = &variants[1]["Aggregate"];
    assert!(addresses["SeedsWithError"].as_object().unwrap().is_empty());
    // A replaced pod can wait out the 30 s cooldown of the address it would reuse, at the
    // end as at any time; no more than that.
    assert!(addresses["PodsStillWaiting"]["Max"].as_f64().unwrap() <= 2.0);
    assert_eq!(addresses["PeakPodsRunning"]["Min"], 75.0);
}

#[test]
fn warm_pools_compare_idle_addresses_over_the_same_seeds() {
    let run = eniplan(&[
        "simulate",
        WARM_POOLS,
        "--seeds",
        "3",
        "--json",
        "--vary",
        "cni.WARM_IP_TARGET=0,2",
        "--vary",
        "cni.MINIMUM_IP_TARGET=0,14",
    ]);
    assert!(run.status == 0 || run.status == 1, "{}", run.stderr);
    let study = json_of(&run);
    let variants = study["Variants"].as_array().unwrap();
    assert_eq!(variants.len(), 4);
    let idle = |v: &Value| {
        v["Aggregate"]["IdleWarmAddressesAtEnd"]["Median"]
            .as_f64()
            .unwrap()
    };
    // WARM_ENI_TARGET=1 alone keeps 9 addresses or more free on each of the 50 nodes.
    let warm_eni = &variants[0];
    assert_eq!(warm_eni["Variant"]["Settings"]["cni.WARM_IP_TARGET"], "0");
    assert!(idle(warm_eni) >= 450.0, "{}", idle(warm_eni));
    for other in &variants[1..] {
        assert!(
            idle(other) < idle(warm_eni) / 2.0,
            "{}",
            other["Variant"]["Name"]
        );
        assert_spreads_ordered(&other["Aggregate"]);
    }
}

#[test]
fn a_run_without_waits_exits_0() {
    let run = eniplan(&["simulate", WARM_POOLS, "--seeds", "2"]);
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("pods waited for an address in 0 of 2 seeds"),
        "{}",
        run.stdout
    );
}

#[test]
fn custom_networking_keeps_pods_off_the_node_subnets() {
    let run = eniplan(&["simulate", CUSTOM, "--json"]);
    assert!(run.status == 0 || run.status == 1, "{}", run.stderr);
    let result = json_of(&run);
    for node in result["Nodes"].as_array().unwrap() {
        let enis = node["Enis"].as_array().unwrap();
        assert_eq!(enis[0]["SecondaryAddresses"], 0, "{node}");
        assert_eq!(node["MaxPods"], 20);
        for eni in &enis[1..] {
            assert_ne!(eni["SubnetId"], node["SubnetId"]);
        }
    }
}

#[test]
fn a_prefix_reservation_keeps_prefixes_coming_beside_churning_tenants() {
    let reservations =
        r#"vpc.subnets.shared.reservations=[],[{"cidr": "10.0.12.0/22", "type": "prefix"}]"#;
    let run = eniplan(&[
        "simulate",
        RESERVATION,
        "--seeds",
        "2",
        "--json",
        "--vary",
        reservations,
    ]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let study = json_of(&run);
    let variants = study["Variants"].as_array().unwrap();
    let without = &variants[0]["Aggregate"];
    let with = &variants[1]["Aggregate"];
    assert_eq!(without["SeedsWithError"]["InsufficientCidrBlocks"], 2);
    assert!(without["PodsStillWaiting"]["Min"].as_f64().unwrap() > 0.0);
    assert_eq!(with["PodsStillWaiting"]["Max"], 0.0);
    assert_eq!(with["PeakPodsRunning"]["Min"], 240.0);
}

#[test]
fn the_svg_and_the_page_parse_and_draw_one_series_per_variant() {
    let dir = scratch("charts", &[]);
    let (svg, html) = (dir.join("timeline.svg"), dir.join("report.html"));
    let run = eniplan(&[
        "simulate",
        FRAGMENTED,
        "--state",
        "examples/state",
        "--seeds",
        "2",
        "--vary",
        "cni.ENABLE_PREFIX_DELEGATION=true,false",
        "--svg",
        svg.to_str().unwrap(),
        "--html",
        html.to_str().unwrap(),
    ]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let text = std::fs::read_to_string(&svg).unwrap();
    let document = roxmltree::Document::parse(&text).unwrap();
    let panels: Vec<_> = document
        .descendants()
        .filter(|n| n.attribute("class") == Some("panel"))
        .collect();
    // Pods running, pods waiting, and private-a's free addresses and free /28 blocks.
    assert_eq!(panels.len(), 4);
    for panel in panels {
        let series: Vec<&str> = panel
            .descendants()
            .filter(|n| n.attribute("class") == Some("series"))
            .filter_map(|n| n.attribute("data-variant"))
            .collect();
        assert_eq!(
            series,
            [
                "cni.ENABLE_PREFIX_DELEGATION=true",
                "cni.ENABLE_PREFIX_DELEGATION=false"
            ]
        );
        // Two seeds: each series has its p10-p90 band.
        let bands = panel
            .descendants()
            .filter(|n| n.attribute("class") == Some("band"))
            .count();
        assert_eq!(bands, 2);
    }
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        !page.contains("http://") || !page.contains("src=\"http"),
        "no network resource"
    );
    let document = roxmltree::Document::parse_with_options(
        &page,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap();
    let count = |class: &str| {
        document
            .descendants()
            .filter(|n| n.attribute("class") == Some(class))
            .count()
    };
    assert_eq!(count("variant"), 2);
    assert_eq!(count("series"), 8);
    // The final map of private-a for each variant, block by block (16 /28 blocks of a /24).
    assert_eq!(count("block"), 32);
    assert!(document.descendants().any(|n| n.has_tag_name("table")));
}

#[test]
fn the_end_state_loads_back_into_the_other_commands() {
    let dir = scratch("out-state", &[]);
    let run = eniplan(&[
        "simulate",
        FRAGMENTED,
        "--state",
        "examples/state",
        "--vary",
        "cni.ENABLE_PREFIX_DELEGATION=false",
        "--out-state",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let report = eniplan(&[
        "subnet-report",
        "--json",
        "--state",
        dir.to_str().unwrap(),
        "--subnet",
        "subnet-0a11c0ffee0a11c01",
    ]);
    assert_eq!(report.status, 0, "{}", report.stderr);
    let subnet = &json_of(&report)["SubnetReports"][0];
    // 222 free at the start; 3 nodes took 3 primaries, and 75 pods with their warm pools took
    // more: the end state shows them.
    let available = subnet["AvailableIpAddressCount"].as_u64().unwrap();
    assert!(available < 222 - 75, "{available}");
}

#[test]
fn bad_input_exits_2_naming_the_problem() {
    let cases: [(&[&str], &str); 4] = [
        (
            &["simulate", FRAGMENTED],
            "the scenario has no `vpc` and no describe-* state",
        ),
        (
            &[
                "simulate",
                FRAGMENTED,
                "--state",
                "examples/state",
                "--vary",
                "cni.WARM_IP_TARGET",
            ],
            "write KEY=V1,V2",
        ),
        (
            &[
                "simulate",
                FRAGMENTED,
                "--state",
                "examples/state",
                "--vary",
                "node_groups.db.nodes=1",
            ],
            "no element named \"db\"",
        ),
        (
            &["simulate", "examples/scenarios/none.toml"],
            "cannot read examples/scenarios/none.toml",
        ),
    ];
    for (args, expected) in cases {
        let run = eniplan(args);
        assert_eq!(run.status, 2, "{args:?}: {}", run.stdout);
        assert!(run.stderr.contains(expected), "{args:?}: {}", run.stderr);
    }
}

#[test]
fn the_readme_walkthrough_prints_what_readme_shows() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let section = readme.split("\n## Capacity simulator\n").nth(1).unwrap();
    let section = section.split("\n## ").next().unwrap();
    let blocks: Vec<&str> = section
        .split("```text\n")
        .skip(1)
        .map(|rest| rest.split("```").next().unwrap())
        .collect();
    assert_eq!(blocks.len(), 2);
    for (index, block) in blocks.iter().enumerate() {
        let (command, shown) = block.split_once('\n').unwrap();
        let args: Vec<&str> = command
            .strip_prefix("$ eniplan ")
            .unwrap()
            .split_whitespace()
            .collect();
        let run = eniplan(&args);
        assert_eq!(run.status, 1, "{command}: {}", run.stderr);
        // The first block is the whole output; the second shows its table, the end of it.
        if index == 0 {
            assert_eq!(run.stdout, shown, "{command}");
        } else {
            assert!(run.stdout.ends_with(shown), "{command}:\n{}", run.stdout);
        }
    }
}
