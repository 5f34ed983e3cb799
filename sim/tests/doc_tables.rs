//! Every example row of the VPC CNI's `docs/eni-and-ip-target.md` (table A) and
//! `docs/prefix-and-ip-target.md` (table B), as transcribed in the specification's section 7:
//! a fresh node, pods arriving one at a time with ipamd settling in between, must end with the
//! row's interfaces, addresses or prefixes, and free addresses. Where the doc and the code
//! disagree (`code_agrees` not `yes`), the code's figures are expected, as the spec explains.
#![allow(clippy::unwrap_used)]

use eniplan_sim::{simulate, Scenario};

/// Table A: instance type, WARM_ENI_TARGET, WARM_IP_TARGET, MINIMUM_IP_TARGET, pods, then the
/// expected interfaces, addresses, free addresses and addresses per interface.
const TABLE_A: &str = "\
A1,t3.small,1,-,-,0,1,3,3,3
A2,t3.small,1,-,-,5,3,9,4,3 3 3
A3,t3.small,1,-,-,9,3,9,0,3 3 3
A4,t3.small,-,1,1,0,1,1,1,1
A5,t3.small,-,1,1,5,2,6,1,3 3
A6,t3.small,-,1,1,9,3,9,0,3 3 3
A7,t3.small,-,2,5,0,2,5,5,2 3
A8,t3.small,-,2,5,5,3,7,2,3 3 1
A9,t3.small,-,2,5,9,3,9,0,3 3 3
A10,p3dn.24xlarge,1,-,-,0,1,49,49,49
A11,p3dn.24xlarge,1,-,-,3,2,98,95,49 49
A12,p3dn.24xlarge,1,-,-,95,3,147,52,49 49 49
A13,p3dn.24xlarge,-,5,10,0,1,10,10,10
A14,p3dn.24xlarge,-,5,10,7,1,12,5,12
A15,p3dn.24xlarge,-,5,10,15,1,20,5,20
A16,p3dn.24xlarge,-,5,10,45,2,50,5,49 1";

/// Table B (prefix delegation): instance type, WARM_IP_TARGET, MINIMUM_IP_TARGET,
/// WARM_PREFIX_TARGET, pods, then the code's interfaces, prefixes, free addresses and prefixes
/// per interface (the `code_*` columns; B10, B15, B16 and B20 differ from the doc's).
const TABLE_B: &str = "\
B1,t3.small,-,-,1,0,1,1,16,1
B2,t3.small,-,-,1,5,1,2,27,2
B3,t3.small,-,-,1,16,1,2,16,2
B4,t3.small,-,-,1,17,1,3,31,3
B5,t3.small,-,-,1,58,2,5,22,3 2
B6,t3.small,1,1,-,0,1,1,16,1
B7,t3.small,1,1,-,5,1,1,11,1
B8,t3.small,1,1,-,17,1,2,15,2
B9,t3.small,1,1,-,58,2,4,6,3 1
B10,t3.small,7,20,-,0,1,2,32,2
B11,t3.small,7,20,-,5,1,2,27,2
B12,t3.small,7,20,-,17,1,2,15,2
B13,t3.small,7,20,-,58,2,5,22,3 2
B14,p3dn.24xlarge,-,-,1,0,1,1,16,1
B15,p3dn.24xlarge,-,-,1,3,1,2,29,2
B16,p3dn.24xlarge,-,-,1,95,1,7,17,7
B17,p3dn.24xlarge,5,10,-,0,1,1,16,1
B18,p3dn.24xlarge,5,10,-,7,1,1,9,1
B19,p3dn.24xlarge,5,10,-,15,1,2,17,2
B20,p3dn.24xlarge,5,10,-,45,1,4,19,4";

/// A row's outcome: interfaces, addresses or prefixes held, free addresses, and the count per
/// interface, sorted.
#[derive(Debug, PartialEq, Eq)]
struct Outcome {
    enis: usize,
    held: u32,
    free_addresses: u32,
    per_eni: Vec<u32>,
}

/// One node alone; from 2 minutes on, one more pod every 2 minutes (ipamd runs every 5 s,
/// frees addresses 30 s apart and interfaces after 60 s, so each step settles), ending 3
/// minutes after the last pod.
fn run(instance_type: &str, settings: &[(&str, &str)], prefix_mode: bool, pods: u32) -> Outcome {
    let mut cni = String::new();
    for (name, value) in settings {
        if *value != "-" {
            cni.push_str(&format!("{name} = \"{value}\"\n"));
        }
    }
    let steps: Vec<String> = (0..=pods)
        .map(|n| format!("[\"{}m\", {n}]", 2 * n))
        .collect();
    let text = format!(
        r#"
        seed = 11
        duration = "{duration}m"
        [vpc]
        cidr = "10.0.0.0/16"
        subnets = [{{ name = "nodes", cidr = "10.0.0.0/20" }}]
        [cni]
        {cni}
        [[node_groups]]
        name = "one"
        instance_type = "{instance_type}"
        subnets = ["nodes"]
        nodes = 1
        [[workloads]]
        node_group = "one"
        pods = [{steps}]
        "#,
        duration = 2 * pods + 3,
        steps = steps.join(", "),
    );
    let scenario = Scenario::from_toml(&text).unwrap();
    let result = simulate(&scenario, None).unwrap();
    assert_eq!(result.summary.pods_waited_for_address.still_waiting, 0);
    let node = &result.nodes[0];
    assert_eq!(node.pods, pods);
    let mut per_eni: Vec<u32> = node
        .enis
        .iter()
        .map(|eni| {
            if prefix_mode {
                eni.prefixes
            } else {
                eni.secondary_addresses
            }
        })
        .collect();
    per_eni.sort_unstable();
    let held: u32 = per_eni.iter().sum();
    let addresses = if prefix_mode { held * 16 } else { held };
    Outcome {
        enis: node.enis.len(),
        held,
        free_addresses: addresses - pods,
        per_eni,
    }
}

fn expected(fields: &[&str]) -> Outcome {
    let mut per_eni: Vec<u32> = fields[3]
        .split(' ')
        .map(|count| count.parse().unwrap())
        .collect();
    per_eni.sort_unstable();
    Outcome {
        enis: fields[0].parse().unwrap(),
        held: fields[1].parse().unwrap(),
        free_addresses: fields[2].parse().unwrap(),
        per_eni,
    }
}

#[test]
fn eni_and_ip_target_examples() {
    for line in TABLE_A.lines() {
        let fields: Vec<&str> = line.split(',').collect();
        let settings = [
            ("WARM_ENI_TARGET", fields[2]),
            ("WARM_IP_TARGET", fields[3]),
            ("MINIMUM_IP_TARGET", fields[4]),
        ];
        let pods = fields[5].parse().unwrap();
        let outcome = run(fields[1], &settings, false, pods);
        assert_eq!(outcome, expected(&fields[6..]), "row {}", fields[0]);
    }
}

#[test]
fn prefix_and_ip_target_examples() {
    for line in TABLE_B.lines() {
        let fields: Vec<&str> = line.split(',').collect();
        // A `-` is the variable left unset: WARM_PREFIX_TARGET then has the code's default, 0.
        let warm_prefix = if fields[4] == "-" { "0" } else { fields[4] };
        let settings = [
            ("ENABLE_PREFIX_DELEGATION", "true"),
            ("WARM_IP_TARGET", fields[2]),
            ("MINIMUM_IP_TARGET", fields[3]),
            ("WARM_PREFIX_TARGET", warm_prefix),
        ];
        let pods = fields[5].parse().unwrap();
        let outcome = run(fields[1], &settings, true, pods);
        assert_eq!(outcome, expected(&fields[6..]), "row {}", fields[0]);
    }
}
