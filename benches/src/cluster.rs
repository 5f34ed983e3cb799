//! The simulator's benchmark scenario: a cluster of m5.large nodes running 30 pods each with
//! prefix delegation, pods replaced after 10 minutes on average, and background tenants
//! churning the subnets, simulated for one hour.

use eniplan_sim::Scenario;

/// Nodes whose subnets one /16 of the VPC holds (four /18 subnets, one per zone).
const NODES_PER_CIDR: u32 = 1_000;

/// The benchmark scenario with `nodes` nodes (see [`cluster_scenario_text`]).
pub fn cluster_scenario(nodes: u32) -> Scenario {
    Scenario::from_toml(&cluster_scenario_text(nodes)).expect("the benchmark scenario is valid")
}

/// The benchmark scenario's TOML. Every 1,000 nodes get a /16 of the VPC (the first its
/// primary CIDR, the others secondary CIDRs), cut into four /18 subnets in four zones, and one
/// background tenant of 500 addresses living 5 minutes on average. The nodes launch at the
/// start; the pods (30 a node) arrive at 2 minutes, when every node is Ready.
pub fn cluster_scenario_text(nodes: u32) -> String {
    let cidrs = nodes.div_ceil(NODES_PER_CIDR).max(1);
    let zones = ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"];
    let mut subnets = Vec::new();
    let mut background = String::new();
    for cidr in 0..cidrs {
        for (quarter, zone) in zones.iter().enumerate() {
            subnets.push(format!(
                r#"{{ name = "nodes-{cidr}-{quarter}", cidr = "10.{cidr}.{}.0/18", zone = "{zone}" }}"#,
                quarter * 64
            ));
        }
        background.push_str(&format!(
            "[[background]]\nsubnet = \"nodes-{cidr}-0\"\naddresses = 500\nlifetime = \"5m\"\n"
        ));
    }
    let secondary: Vec<String> = (1..cidrs).map(|c| format!("\"10.{c}.0.0/16\"")).collect();
    let names: Vec<String> = (0..cidrs)
        .flat_map(|c| (0..zones.len()).map(move |q| format!("\"nodes-{c}-{q}\"")))
        .collect();
    format!(
        r#"
        seed = 1
        duration = "1h"
        sample_every = "10s"
        [vpc]
        cidr = "10.0.0.0/16"
        secondary_cidrs = [{secondary}]
        subnets = [{subnets}]
        [cni]
        ENABLE_PREFIX_DELEGATION = true
        [[node_groups]]
        name = "general"
        instance_type = "m5.large"
        subnets = [{names}]
        nodes = {nodes}
        [[workloads]]
        node_group = "general"
        pods = [["0s", 0], ["2m", {pods}]]
        lifetime = "10m"
        {background}
        "#,
        secondary = secondary.join(", "),
        subnets = subnets.join(", "),
        names = names.join(", "),
        pods = 30 * nodes,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_cluster_runs_its_pods_without_waiting_at_the_end() {
        let result = eniplan_sim::simulate(&cluster_scenario(20), None).expect("runs");
        let end = result.timeline.last().expect("samples");
        assert_eq!(end.nodes, 20);
        assert_eq!(end.pods_running + end.pods_waiting_for_address, 600);
        assert_eq!(end.pods_unschedulable, 0);
        assert_eq!(end.subnets.len(), 4);
    }
}
