//! The scenario README shows in its simulator section runs as written.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use eniplan_sim::{simulate, Scenario};

#[test]
fn the_readme_scenario_runs() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md"))
            .unwrap();
    let section = readme.split("## Capacity simulator").nth(1).unwrap();
    let block = section.split("```toml\n").nth(1).unwrap();
    let text = block.split("```").next().unwrap();
    let scenario = Scenario::from_toml(text).unwrap();
    assert_eq!(scenario.node_groups[0].instance_type, "m5.large");
    let result = simulate(&scenario, None).unwrap();
    // Twelve nodes of 110 pods hold the 300 pods; the /22 has room for their prefixes.
    assert_eq!(result.summary.peak_nodes, 12);
    let end = result.timeline.last().unwrap();
    assert_eq!((end.pods_running, end.pods_unschedulable), (300, 0));
}
