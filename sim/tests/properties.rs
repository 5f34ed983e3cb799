//! Properties over random scenarios, checked after every event: no pod runs without an
//! address, no address is held twice, ipamd's datastore agrees with the EC2 model, every EC2
//! call is accepted or refused for lack of room (never for a malformed or impossible request),
//! and the same seed gives the same result.
#![allow(clippy::unwrap_used)]

use eniplan_sim::{Scenario, Simulation};
use proptest::prelude::*;

/// A random scenario: mode, warm targets, cooldown, instance type, subnet sizes, node and pod
/// schedules, churn, background tenants, custom networking and subnet discovery.
fn scenario() -> impl Strategy<Value = String> {
    let cni = (
        any::<bool>(),
        0u32..3,
        prop_oneof![Just(0u32), 1u32..8],
        prop_oneof![Just(0u32), 1u32..20],
        0u32..3,
        prop_oneof![Just(0u32), Just(30u32), 1u32..60],
        any::<bool>(),
        any::<bool>(),
    );
    let shape = (
        prop::sample::select(vec!["t3.small", "m5.large", "c5.xlarge", "t2.medium"]),
        24u8..27,
        (1u32..4, 0u32..5),
        (0u32..50, 0u32..90),
        prop_oneof![Just(None), (20u32..300).prop_map(Some)],
        (
            0u32..40,
            prop_oneof![Just(None), (10u32..200).prop_map(Some)],
        ),
        any::<u64>(),
    );
    (cni, shape).prop_map(
        |(
            (pd, warm_eni, warm_ip, minimum_ip, warm_prefix, cooldown, custom, discovery),
            (instance_type, prefix_len, (nodes, later_nodes), (pods, later_pods), lifetime, (tenants, tenant_life), seed),
        )| {
            let lifetime = lifetime.map(|s| format!("lifetime = {s}")).unwrap_or_default();
            let tenant_life = tenant_life.map(|s| format!("lifetime = {s}")).unwrap_or_default();
            let pod_subnets = if custom { r#"pod_subnets = { us-east-1a = "pods" }"# } else { "" };
            format!(
                r#"
                seed = {seed}
                duration = "12m"
                sample_every = "30s"
                [vpc]
                cidr = "10.0.0.0/16"
                subnets = [
                    {{ name = "nodes", cidr = "10.0.0.0/{prefix_len}" }},
                    {{ name = "pods", cidr = "10.0.64.0/{prefix_len}", tags = {{ "kubernetes.io/role/cni" = "1" }} }},
                ]
                [cni]
                ENABLE_PREFIX_DELEGATION = {pd}
                WARM_ENI_TARGET = {warm_eni}
                WARM_IP_TARGET = {warm_ip}
                MINIMUM_IP_TARGET = {minimum_ip}
                WARM_PREFIX_TARGET = {warm_prefix}
                IP_COOLDOWN_PERIOD = {cooldown}
                AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG = {custom}
                ENABLE_SUBNET_DISCOVERY = {discovery}
                [[node_groups]]
                name = "apps"
                instance_type = "{instance_type}"
                subnets = ["nodes"]
                {pod_subnets}
                nodes = [["0s", {nodes}], ["6m", {later_nodes}]]
                [[workloads]]
                node_group = "apps"
                pods = [["0s", {pods}], ["3m", {later_pods}]]
                {lifetime}
                [[background]]
                subnet = "nodes"
                addresses = {tenants}
                {tenant_life}
                "#
            )
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn the_simulation_agrees_with_ec2_and_with_itself(text in scenario()) {
        let scenario = Scenario::from_toml(&text).unwrap();
        let mut simulation = Simulation::new(&scenario, None).unwrap();
        while simulation.step() {
            if let Err(problem) = simulation.check_invariants() {
                panic!("at {} ms: {problem}", simulation.now());
            }
        }
        let result = simulation.finish();
        for call in &result.summary.ec2_calls {
            let expected = ["Success", "InsufficientCidrBlocks", "InsufficientFreeAddressesInSubnet"];
            prop_assert!(expected.contains(&call.outcome.as_str()), "{call:?}");
        }
        let again = Simulation::new(&scenario, None).unwrap().run();
        prop_assert_eq!(
            serde_json::to_string(&result).unwrap(),
            serde_json::to_string(&again).unwrap()
        );
    }
}
