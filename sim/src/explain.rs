//! What happened in a run and why, in a person's words: the sentences `eniplan simulate` opens
//! with.

use crate::result::{Sample, SimulationResult};
use crate::time::SimDuration;

/// A time in seconds as a scenario would write it, to the second past a minute and to the
/// tenth of a second below: `12m40s`, `4.2s`.
pub fn when(seconds: f64) -> String {
    let seconds = seconds.max(0.0);
    let millis = if seconds >= 60.0 {
        seconds.round() * 1_000.0
    } else {
        (seconds * 10.0).round() * 100.0
    };
    SimDuration(millis as u64).to_string()
}

/// The sample at or after `seconds`, or the last one.
fn sample_at(timeline: &[Sample], seconds: f64) -> Option<&Sample> {
    timeline
        .iter()
        .find(|sample| sample.seconds >= seconds)
        .or_else(|| timeline.last())
}

/// One sentence per finding, the most serious first: subnets that ran out of addresses or of
/// aligned /28 blocks (with what they still had), pods left waiting or without a node, how
/// long pods waited, and what the warm pools held idle at the end.
pub fn explain(result: &SimulationResult) -> Vec<String> {
    let summary = &result.summary;
    let mut lines = Vec::new();
    let mut errors: Vec<_> = summary.subnet_errors.iter().collect();
    errors.sort_by(|a, b| a.first_seconds.total_cmp(&b.first_seconds));
    for error in errors {
        let sample = sample_at(&result.timeline, error.first_seconds);
        let subnet = sample.and_then(|s| s.subnets.iter().find(|n| n.subnet_id == error.subnet_id));
        let (available, blocks) = subnet.map_or((0, 0), |n| {
            (n.available_ip_address_count, n.free_aligned_blocks)
        });
        let start = when(error.first_seconds);
        match error.code.as_str() {
            "InsufficientCidrBlocks" => {
                let blocks = match blocks {
                    0 => "no free aligned /28".to_owned(),
                    1 => "1 free aligned /28".to_owned(),
                    n => format!("{n} free aligned /28 blocks"),
                };
                lines.push(format!(
                    "from {start}: {} has {available} free addresses but {blocks} — InsufficientCidrBlocks ×{}",
                    error.subnet_id, error.count
                ));
            }
            "InsufficientFreeAddressesInSubnet" => lines.push(format!(
                "from {start}: {} is out of addresses ({available} free) — InsufficientFreeAddressesInSubnet ×{}",
                error.subnet_id, error.count
            )),
            code => lines.push(format!(
                "from {start}: {code} ×{} in {}",
                error.count, error.subnet_id
            )),
        }
    }
    let waits = &summary.pods_waited_for_address;
    let end = result.timeline.last();
    if waits.count == 0 {
        lines.push("no pod waited for an address".to_owned());
    } else if waits.still_waiting == 0 {
        lines.push(format!(
            "{} pods waited for an address (the longest {}, {} on average) while warm pools grew; none was left waiting",
            waits.count,
            when(waits.longest_seconds),
            when(waits.mean_seconds)
        ));
    } else {
        lines.insert(
            0,
            format!(
                "pods waiting for an address from {}: {} still waiting at the end ({} waited in all, the longest {})",
                when(summary.first_wait_seconds.unwrap_or(0.0)),
                waits.still_waiting,
                waits.count,
                when(waits.longest_seconds)
            ),
        );
    }
    if let Some(end) = end.filter(|end| end.pods_unschedulable > 0) {
        let max_pods: Vec<String> = result
            .nodes
            .iter()
            .map(|node| format!("{} ({})", node.node_group, node.max_pods))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        lines.push(format!(
            "{} pods found no Ready node below max pods at the end (max pods: {})",
            end.pods_unschedulable,
            max_pods.join(", ")
        ));
    }
    if let Some(end) = end {
        let idle: u32 = end.subnets.iter().map(|s| s.idle_warm_addresses).sum();
        let per_node = if end.nodes > 0 && idle > 0 {
            format!(", {:.1} a node", f64::from(idle) / f64::from(end.nodes))
        } else {
            String::new()
        };
        lines.push(format!(
            "at the end {} pods ran on {} nodes; warm pools held {idle} addresses no pod used{per_node}",
            end.pods_running, end.nodes
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_a_scenario_writes_them() {
        assert_eq!(when(760.0), "12m40s");
        assert_eq!(when(1622.682), "27m3s");
        assert_eq!(when(30.474), "30.5s");
        assert_eq!(when(2.5), "2.5s");
        assert_eq!(when(0.0), "0s");
    }
}
