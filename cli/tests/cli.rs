//! The `eniplan` binary run on the examples and on hand-written describe files: exit statuses,
//! output, `--json` parsed back, and the SVG map.
#![allow(clippy::unwrap_used)]

use serde_json::json;

mod common;

use common::{eniplan, json_of, scratch};

#[test]
fn check_answers_a_request_ec2_accepts_with_exit_0() {
    let run = eniplan(&[
        "check",
        "--json",
        "--state",
        "examples/state",
        "examples/requests/assign-prefix.json",
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let response = json_of(&run);
    assert_eq!(response["NetworkInterfaceId"], "eni-0b6f8d2e3c4a51628");
    // The subnet's prefix reservation 10.0.20.0/24 is used first; .0 and .16 are held.
    assert_eq!(
        response["AssignedIpv4Prefixes"],
        json!([{"Ipv4Prefix": "10.0.20.32/28"}, {"Ipv4Prefix": "10.0.20.48/28"}])
    );
}

#[test]
fn check_reports_what_ec2_refuses_with_exit_1() {
    let cases = [
        (
            "assign-prefix-fragmented",
            "AssignPrivateIpAddresses",
            "InsufficientCidrBlocks",
        ),
        (
            "assign-over-limit",
            "AssignPrivateIpAddresses",
            "PrivateIpAddressLimitExceeded",
        ),
        (
            "assign-move-not-allowed",
            "AssignPrivateIpAddresses",
            "InvalidParameterValue",
        ),
        (
            "unassign-primary",
            "UnassignPrivateIpAddresses",
            "InvalidParameterValue",
        ),
    ];
    for (request, action, code) in cases {
        let path = format!("examples/requests/{request}.json");
        let run = eniplan(&[
            "check",
            "--json",
            "--action",
            action,
            "--state",
            "examples/state",
            &path,
        ]);
        assert_eq!(run.status, 1, "{request}: {}", run.stderr);
        assert_eq!(json_of(&run)["Error"]["Code"], code, "{request}");
        let human = eniplan(&[
            "check",
            "--action",
            action,
            "--state",
            "examples/state",
            &path,
        ]);
        assert_eq!(human.status, 1);
        assert!(
            human.stdout.contains(&format!("{code}: ")),
            "{}",
            human.stdout
        );
    }
}

#[test]
fn the_state_is_loaded_fresh_so_requests_do_not_accumulate() {
    for _ in 0..2 {
        let run = eniplan(&[
            "check",
            "--json",
            "--state",
            "examples/state",
            "examples/requests/assign-addresses-fragmented.json",
        ]);
        assert_eq!(run.status, 0, "{}", run.stderr);
        assert_eq!(
            json_of(&run)["AssignedPrivateIpAddresses"]
                .as_array()
                .unwrap()
                .len(),
            2
        );
    }
}

#[test]
fn malformed_input_exits_2() {
    let dir = scratch(
        "malformed",
        &[(
            "request.json",
            json!({"NetworkInterfaceId": "eni-0a1b2c3d"}),
        )],
    );
    std::fs::write(dir.join("broken.json"), "{\"Subnets\": [").unwrap();
    let request = dir.join("request.json");
    let run = eniplan(&[
        "check",
        "--state",
        dir.join("broken.json").to_str().unwrap(),
        request.to_str().unwrap(),
    ]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("is not JSON"), "{}", run.stderr);
    std::fs::write(dir.join("bad-request.json"), "not json").unwrap();
    let run = eniplan(&[
        "check",
        "--state",
        "examples/state",
        dir.join("bad-request.json").to_str().unwrap(),
    ]);
    assert_eq!(run.status, 2);
    let run = eniplan(&[
        "check",
        "--action",
        "LaunchRockets",
        "--state",
        "examples/state",
        request.to_str().unwrap(),
    ]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("unknown action LaunchRockets"));
    let run = eniplan(&["no-such-command"]);
    assert_eq!(run.status, 2);
}

#[test]
fn inconsistent_state_is_reported_with_its_ids_and_exits_2() {
    let subnets = json!({"Subnets": [{"SubnetId": "subnet-0a1b2c3d", "VpcId": "vpc-0a1b2c3d", "CidrBlock": "10.0.0.0/24"}]});
    let enis = json!({"NetworkInterfaces": [
        {"NetworkInterfaceId": "eni-0a1b2c3d", "SubnetId": "subnet-0a1b2c3d", "PrivateIpAddress": "10.0.0.9"},
        {"NetworkInterfaceId": "eni-0b1b2c3d", "SubnetId": "subnet-0a1b2c3d", "PrivateIpAddress": "10.0.0.9"},
    ]});
    let dir = scratch(
        "inconsistent",
        &[("subnets.json", subnets), ("enis.json", enis)],
    );
    let run = eniplan(&["subnet-report", "--state", dir.to_str().unwrap()]);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.contains(
            "network interface eni-0b1b2c3d: address 10.0.0.9 is also held by eni-0a1b2c3d"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn unknown_instance_types_exit_2() {
    let run = eniplan(&["limits", "m5.large", "m5.gigantic"]);
    assert_eq!(run.status, 2);
    assert!(run
        .stderr
        .contains("The following supplied instance types do not exist: [m5.gigantic]"));
    let run = eniplan(&["max-pods", "m5.gigantic"]);
    assert_eq!(run.status, 2);
}

#[test]
fn max_pods_matches_the_eks_user_guide() {
    // The EKS user guide's m5.large examples.
    for (flags, expected) in [
        (vec![], "29"),
        (vec!["--custom-networking"], "20"),
        (vec!["--prefix-delegation"], "434"),
        (vec!["--prefix-delegation", "--cap"], "110"),
    ] {
        let mut args = vec!["max-pods", "m5.large"];
        args.extend(flags);
        let run = eniplan(&args);
        assert_eq!(run.status, 0);
        assert_eq!(run.stdout.trim(), expected, "{args:?}");
    }
    let run = eniplan(&["max-pods", "m5.large", "--custom-networking", "--explain"]);
    assert_eq!(run.stdout.trim(), "m5.large: 2 ENIs × (10 − 1) + 2 = 20");
    let run = eniplan(&["max-pods", "m5.large", "--json"]);
    assert_eq!(json_of(&run)["MaxPods"], 29);
}

#[test]
fn limits_print_a_table_and_describe_json() {
    let run = eniplan(&["limits", "m5.large", "t2.medium"]);
    assert_eq!(run.status, 0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines[0].starts_with("type"));
    assert!(lines[1]
        .split_whitespace()
        .eq(["m5.large", "nitro", "no", "2", "3", "1", "3", "10", "10", "yes", "9"]));
    let run = eniplan(&["limits", "--json", "p5.48xlarge"]);
    let types = json_of(&run);
    assert_eq!(
        types["InstanceTypes"][0]["NetworkInfo"]["MaximumNetworkInterfaces"],
        64
    );
}

#[test]
fn subnet_report_explains_the_fragmented_subnet() {
    let run = eniplan(&[
        "subnet-report",
        "--json",
        "--state",
        "examples/state",
        "--subnet",
        "subnet-0a11c0ffee0a11c01",
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let report = &json_of(&run)["SubnetReports"][0];
    assert_eq!(report["Usable"], 251);
    assert_eq!(report["AvailableIpAddressCount"], 222);
    assert_eq!(report["FreeAlignedBlocks"], 0);
    // Every one of the 14 candidate /28 blocks holds at least one address; the first and last
    // blocks hold reserved addresses and could never be prefixes.
    assert_eq!(report["PinnedBlocks"].as_array().unwrap().len(), 14);
    let human = eniplan(&[
        "subnet-report",
        "--state",
        "examples/state",
        "--subnet",
        "subnet-0a11c0ffee0a11c01",
    ]);
    assert!(human
        .stdout
        .contains("fail here with InsufficientCidrBlocks although 222 addresses are free"));
}

#[test]
fn the_svg_map_is_well_formed_with_one_cell_per_block() {
    let dir = scratch("svg", &[]);
    let path = dir.join("map.svg");
    let run = eniplan(&[
        "subnet-report",
        "--state",
        "examples/state",
        "--svg",
        path.to_str().unwrap(),
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(&path).unwrap();
    let document = roxmltree::Document::parse(&text).expect("well-formed XML");
    let cells = document
        .descendants()
        .filter(|node| node.attribute("class") == Some("block"))
        .count();
    // A /24 has 16 blocks, a /20 256 and a /26 4.
    assert_eq!(cells, 16 + 256 + 4);
    for label in ["free", "partly used", "full", "reserved"] {
        assert!(
            document.descendants().any(|n| n.text() == Some(label)),
            "legend {label}"
        );
    }
}

#[test]
fn validate_checks_a_request_without_state() {
    let dir = scratch(
        "validate",
        &[(
            "request.json",
            json!({"NetworkInterfaceId": "eni-0a1b2c3d", "Ipv4Prefixes": ["10.0.1.8/28"]}),
        )],
    );
    let run = eniplan(&[
        "validate",
        "--action",
        "AssignPrivateIpAddresses",
        dir.join("request.json").to_str().unwrap(),
    ]);
    assert_eq!(run.status, 1);
    assert!(run
        .stderr
        .starts_with("InvalidParameterValue: Invalid value '10.0.1.8/28' for Ipv4Prefix"));
}
