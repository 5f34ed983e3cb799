//! Whole scenarios: the behaviours of spec sections 1, 2.4, 3.6 and 6 seen from outside, each
//! against a hand-computed expectation, and every scenario error naming its member.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use eniplan_sim::{simulate, Network, Scenario, Simulation, SimulationResult};

fn run(text: &str, state: Option<Network>) -> SimulationResult {
    simulate(&Scenario::from_toml(text).unwrap(), state).unwrap()
}

/// The repository's example VPC, as the AWS CLI printed it.
fn example_state() -> Network {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/state");
    let mut documents = Vec::new();
    for entry in std::fs::read_dir(folder).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        documents.push(serde_json::from_str(&text).unwrap());
    }
    Network::from_describe(&documents).unwrap()
}

fn calls(result: &SimulationResult, action: &str, outcome: &str) -> u64 {
    result
        .summary
        .ec2_calls
        .iter()
        .filter(|call| format!("{:?}", call.action) == action && call.outcome == outcome)
        .map(|call| call.count)
        .sum()
}

const FRAGMENTED: &str = r#"
    seed = 4
    duration = "20m"
    [cni]
    ENABLE_PREFIX_DELEGATION = MODE
    [[node_groups]]
    name = "apps"
    instance_type = "m5.large"
    subnets = ["private-a"]
    nodes = 3
    [[workloads]]
    node_group = "apps"
    pods = [["0s", 0], ["1m", 30], ["3m", 60]]
"#;

#[test]
fn a_fragmented_subnet_stalls_prefix_delegation_but_not_secondary_addresses() {
    // private-a has 222 free addresses and no free aligned /28 (subnet-report says so).
    let prefixes = run(&FRAGMENTED.replace("MODE", "true"), Some(example_state()));
    let end = prefixes.timeline.last().unwrap();
    assert_eq!(end.pods_running, 0);
    assert_eq!(end.pods_waiting_for_address, 60);
    assert!(prefixes
        .summary
        .first_error_seconds
        .contains_key("InsufficientCidrBlocks"));
    assert!(
        calls(
            &prefixes,
            "AssignPrivateIpAddresses",
            "InsufficientCidrBlocks"
        ) > 0
    );
    // Never a request for single addresses, so never that error.
    assert_eq!(
        calls(
            &prefixes,
            "AssignPrivateIpAddresses",
            "InsufficientFreeAddressesInSubnet"
        ),
        0
    );

    let addresses = run(&FRAGMENTED.replace("MODE", "false"), Some(example_state()));
    let end = addresses.timeline.last().unwrap();
    assert_eq!((end.pods_running, end.pods_waiting_for_address), (60, 0));
    assert!(addresses.summary.first_error_seconds.is_empty());
}

#[test]
fn max_pods_stops_the_pool_and_the_scheduler() {
    // t3.small with prefixes and max pods 11: one /28 (16 >= 11) and no more; the scheduler
    // places 9 pods (11 less the two host-network pods), the tenth waits for a node.
    let result = run(
        r#"
        duration = "10m"
        [vpc]
        cidr = "10.0.0.0/16"
        subnets = [{ name = "nodes", cidr = "10.0.0.0/24" }]
        [cni]
        ENABLE_PREFIX_DELEGATION = true
        [[node_groups]]
        name = "small"
        instance_type = "t3.small"
        subnets = ["nodes"]
        nodes = 1
        max_pods = 11
        [[workloads]]
        node_group = "small"
        pods = [["0s", 0], ["1m", 10]]
        "#,
        None,
    );
    let node = &result.nodes[0];
    assert_eq!((node.max_pods, node.pods), (11, 9));
    assert_eq!(node.enis.iter().map(|eni| eni.prefixes).sum::<u32>(), 1);
    assert_eq!(result.timeline.last().unwrap().pods_unschedulable, 1);
}

#[test]
fn custom_networking_takes_pod_addresses_from_the_eniconfig_subnet_only() {
    let result = run(
        r#"
        duration = "10m"
        [vpc]
        cidr = "10.0.0.0/16"
        subnets = [
            { name = "nodes", cidr = "10.0.0.0/24" },
            { name = "pods", cidr = "10.0.64.0/18" },
        ]
        [cni]
        AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG = true
        [[node_groups]]
        name = "apps"
        instance_type = "m5.large"
        subnets = ["nodes"]
        pod_subnets = { us-east-1a = "pods" }
        nodes = 2
        [[workloads]]
        node_group = "apps"
        pods = [["0s", 0], ["1m", 30]]
        "#,
        None,
    );
    for node in &result.nodes {
        // Max pods with custom networking: (3 - 1) x (10 - 1) + 2 = 20.
        assert_eq!(node.max_pods, 20);
        let primary = &node.enis[0];
        assert_eq!((primary.device_index, primary.secondary_addresses), (0, 0));
        assert_eq!(primary.pods, 0);
        for eni in &node.enis[1..] {
            assert_ne!(eni.subnet_id, node.subnet_id, "{eni:?}");
        }
    }
    let end = result.timeline.last().unwrap();
    assert_eq!((end.pods_running, end.pods_waiting_for_address), (30, 0));
    let nodes_subnet = &end
        .subnets
        .iter()
        .find(|s| s.subnet_id == result.nodes[0].subnet_id);
    // The node subnet holds the two nodes' primary addresses only: 251 - 2.
    assert_eq!(nodes_subnet.unwrap().available_ip_address_count, 249);
}

#[test]
fn custom_networking_without_room_in_the_pod_subnet_keeps_the_node_not_ready() {
    let result = run(
        r#"
        duration = "5m"
        [vpc]
        cidr = "10.0.0.0/16"
        subnets = [
            { name = "nodes", cidr = "10.0.0.0/24" },
            { name = "pods", cidr = "10.0.1.0/28" },
        ]
        [cni]
        AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG = true
        [[node_groups]]
        name = "apps"
        instance_type = "m5.large"
        subnets = ["nodes"]
        pod_subnets = { us-east-1a = "pods" }
        nodes = 1
        [[workloads]]
        node_group = "apps"
        pods = 5
        [[background]]
        subnet = "pods"
        addresses = 11
        "#,
        None,
    );
    let end = result.timeline.last().unwrap();
    assert_eq!(
        (end.nodes, end.nodes_ready, end.pods_unschedulable),
        (1, 0, 5)
    );
    assert!(
        calls(
            &result,
            "CreateNetworkInterface",
            "InsufficientFreeAddressesInSubnet"
        ) > 0
    );
}

#[test]
fn scaled_in_nodes_take_their_interfaces_and_their_pods_move() {
    let result = run(
        r#"
        duration = "15m"
        [vpc]
        cidr = "10.0.0.0/16"
        subnets = [{ name = "a", cidr = "10.0.0.0/22" }, { name = "b", cidr = "10.0.4.0/22", zone = "us-east-1b" }]
        [[node_groups]]
        name = "apps"
        instance_type = "m5.large"
        subnets = ["a", "b"]
        nodes = [["0s", 4], ["6m", 2]]
        [[workloads]]
        node_group = "apps"
        pods = [["0s", 0], ["1m", 40]]
        "#,
        None,
    );
    assert_eq!(
        (
            result.summary.nodes_launched,
            result.summary.nodes_terminated
        ),
        (4, 2)
    );
    // Two per zone, then one per zone: each zone keeps its oldest node.
    let alive: Vec<_> = result
        .nodes
        .iter()
        .filter(|n| n.terminated_seconds.is_none())
        .collect();
    assert_eq!(alive.len(), 2);
    assert_ne!(alive[0].subnet_id, alive[1].subnet_id);
    // The terminated nodes' interfaces went with them: EC2 holds only the live nodes' ones.
    let live_enis: usize = alive.iter().map(|n| n.enis.len()).sum();
    assert_eq!(result.ec2.network_interfaces().len(), live_enis);
    let end = result.timeline.last().unwrap();
    assert_eq!(
        end.pods_running + end.pods_waiting_for_address + end.pods_unschedulable,
        40
    );
    // 2 nodes x 27 pod slots hold the 40 pods.
    assert_eq!(end.pods_running, 40);
}

#[test]
fn churning_tenants_fragment_a_subnet_and_a_prefix_reservation_keeps_prefixes_coming() {
    let scenario = |reservation: &str| {
        format!(
            r#"
            seed = 9
            duration = "40m"
            [vpc]
            cidr = "10.0.0.0/16"
            [[vpc.subnets]]
            name = "shared"
            cidr = "10.0.0.0/23"
            {reservation}
            [cni]
            ENABLE_PREFIX_DELEGATION = true
            [[node_groups]]
            name = "apps"
            instance_type = "m5.large"
            subnets = ["shared"]
            nodes = [["0s", 1], ["25m", 3]]
            [[workloads]]
            node_group = "apps"
            pods = [["0s", 20], ["25m", 120]]
            [[background]]
            subnet = "shared"
            addresses = 120
            lifetime = "2m"
            "#
        )
    };
    let open = run(&scenario(""), None);
    let reserved = run(
        &scenario(r#"reservations = [{ cidr = "10.0.1.0/24", type = "prefix" }]"#),
        None,
    );
    // Without a reservation, 120 single addresses placed at random over 25 minutes leave no
    // free /28 in a /23 (32 blocks): the scale-out at 25 m stalls.
    let free_blocks = |result: &SimulationResult, at: f64| {
        let sample = result.timeline.iter().find(|s| s.seconds >= at).unwrap();
        sample.subnets[0].free_aligned_blocks
    };
    assert_eq!(free_blocks(&open, 1_500.0), 0);
    assert!(open
        .summary
        .first_error_seconds
        .contains_key("InsufficientCidrBlocks"));
    assert!(open.timeline.last().unwrap().pods_waiting_for_address > 0);
    // The reservation keeps 16 blocks for prefixes, which the tenants' addresses never take.
    assert!(!reserved
        .summary
        .first_error_seconds
        .contains_key("InsufficientCidrBlocks"));
    let end = reserved.timeline.last().unwrap();
    assert_eq!((end.pods_running, end.pods_waiting_for_address), (120, 0));
}

#[test]
fn the_same_seed_gives_the_same_result_and_another_seed_another() {
    let text = |seed: u64| {
        format!(
            r#"
            seed = {seed}
            duration = "15m"
            [vpc]
            cidr = "10.0.0.0/16"
            subnets = [{{ name = "nodes", cidr = "10.0.0.0/22" }}]
            [cni]
            ENABLE_PREFIX_DELEGATION = true
            [[node_groups]]
            name = "apps"
            instance_type = "m5.large"
            subnets = ["nodes"]
            nodes = [["0s", 2], ["5m", 5]]
            [[workloads]]
            node_group = "apps"
            pods = [["0s", 20], ["5m", 100]]
            lifetime = "3m"
            [[background]]
            subnet = "nodes"
            addresses = 50
            lifetime = "1m"
            "#
        )
    };
    let json = |seed| serde_json::to_string(&run(&text(seed), None)).unwrap();
    assert_eq!(json(1), json(1));
    assert_ne!(json(1), json(2));
}

#[test]
fn every_unknown_name_is_refused_before_anything_runs() {
    let base = r#"
        duration = "5m"
        [vpc]
        cidr = "10.0.0.0/16"
        subnets = [{ name = "nodes", cidr = "10.0.0.0/24" }]
        [cni]
        SETTING
        [[node_groups]]
        name = "apps"
        instance_type = "TYPE"
        subnets = ["SUBNET"]
        nodes = 1
        [[workloads]]
        node_group = "GROUP"
        pods = 1
    "#;
    let good = [
        ("SETTING", ""),
        ("TYPE", "m5.large"),
        ("SUBNET", "nodes"),
        ("GROUP", "apps"),
    ];
    let cases = [
        (
            "TYPE",
            "m5.lage",
            "node_groups[0].instance_type: unknown instance type \"m5.lage\"",
        ),
        (
            "SUBNET",
            "nodez",
            "node_groups[0].subnets[0]: no subnet named \"nodez\"",
        ),
        (
            "GROUP",
            "web",
            "workloads[0].node_group: no node group named \"web\"",
        ),
        (
            "SETTING",
            "WARM_IP_TARGETS = 1",
            "cni.WARM_IP_TARGETS: unknown VPC CNI setting",
        ),
    ];
    for (placeholder, value, expected) in cases {
        let mut text = base.to_owned();
        for (name, good_value) in good {
            let value = if name == placeholder {
                value
            } else {
                good_value
            };
            text = text.replace(name, value);
        }
        let scenario = Scenario::from_toml(&text).unwrap();
        let error = Simulation::new(&scenario, None).unwrap_err().to_string();
        assert!(error.starts_with(expected), "{error}");
    }
}

#[test]
fn the_end_state_as_describe_output_loads_back_as_it_was() {
    let result = run(
        r#"
        duration = "6m"
        [vpc]
        cidr = "10.0.0.0/16"
        subnets = [{ name = "nodes", cidr = "10.0.0.0/23", tags = { team = "a" },
                     reservations = [{ cidr = "10.0.1.0/25", type = "prefix" }] }]
        [cni]
        ENABLE_PREFIX_DELEGATION = true
        [[node_groups]]
        name = "apps"
        instance_type = "m5.large"
        subnets = ["nodes"]
        nodes = 2
        [[workloads]]
        node_group = "apps"
        pods = [["0s", 0], ["1m", 50]]
        [[background]]
        subnet = "nodes"
        addresses = 30
        "#,
        None,
    );
    let documents: Vec<_> = result
        .describe_documents()
        .unwrap()
        .into_iter()
        .map(|(_, document)| document)
        .collect();
    let loaded = Network::from_describe(&documents).unwrap();
    let id = loaded.resolve_subnet("nodes").unwrap();
    assert_eq!(
        loaded.subnet_tags(id).get("team").map(String::as_str),
        Some("a")
    );
    let (before, after) = (
        result.ec2.subnet(id).unwrap(),
        loaded.ec2.subnet(id).unwrap(),
    );
    assert_eq!(
        before.available_ip_address_count(),
        after.available_ip_address_count()
    );
    assert_eq!(before.free_aligned_blocks(), after.free_aligned_blocks());
    assert_eq!(after.reservations().len(), 1);
    assert_eq!(
        result.ec2.network_interfaces().len(),
        loaded.ec2.network_interfaces().len()
    );
    let prefixes = |ec2: &eniplan::Ec2| -> usize {
        ec2.network_interfaces()
            .iter()
            .map(|eni| eni.prefixes.len())
            .sum()
    };
    assert_eq!(prefixes(&result.ec2), prefixes(&loaded.ec2));
    assert!(prefixes(&loaded.ec2) >= 4);
}

#[test]
fn the_explanation_names_the_stalled_subnet_and_what_it_still_had() {
    let result = run(&FRAGMENTED.replace("MODE", "true"), Some(example_state()));
    let lines = eniplan_sim::explain(&result);
    // Three nodes took three of private-a's 222 free addresses before ipamd asked for a /28.
    assert!(
        lines[0].starts_with("pods waiting for an address from 1m: 60 still waiting at the end"),
        "{lines:#?}"
    );
    assert!(
        lines[1].contains("subnet-0a11c0ffee0a11c01 has 219 free addresses but no free aligned /28 — InsufficientCidrBlocks ×"),
        "{lines:#?}"
    );
    let addresses = run(&FRAGMENTED.replace("MODE", "false"), Some(example_state()));
    let lines = eniplan_sim::explain(&addresses);
    assert!(
        lines.iter().all(|line| !line.contains("Insufficient")),
        "{lines:#?}"
    );
}
