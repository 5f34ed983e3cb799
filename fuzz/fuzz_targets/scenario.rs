//! Any bytes as a capacity-simulator scenario: the first line a `--vary` specification (or
//! empty), the rest the scenario as TOML or JSON. Read, varied and checked as `eniplan simulate`
//! does; a scenario small enough to run quickly is run, its invariants checked after every
//! event, then explained and written out as describe-* documents.
//!
//! Nothing panics or runs without bound (every count and duration is bounded before anything
//! runs); every refusal is a `ScenarioError` with a message; a run keeps ipamd's datastore equal
//! to what the EC2 model holds, no address held twice and the counters matching the pods.
#![no_main]

use eniplan_sim::{explain, scenario_value, Format, Scenario, Simulation, Study};
use libfuzzer_sys::fuzz_target;

/// Node-ticks (nodes × simulated seconds / 5) past which a scenario is only checked, not run,
/// so that an input runs in milliseconds.
const RUN_BUDGET: u64 = 20_000;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (vary, scenario) = text.split_once('\n').unwrap_or(("", text));
    let Ok(value) = scenario_value(scenario, Format::Either) else {
        return;
    };
    let vary: Vec<String> = Some(vary.trim())
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .into_iter()
        .collect();
    let study = match Study::new(&value, &vary, None, None) {
        Ok(study) => study,
        Err(error) => {
            assert!(!error.message().is_empty());
            return;
        }
    };
    assert!(study.runs() >= 1);
    let Ok(scenario) = Scenario::from_value(value) else {
        return;
    };
    let peak_nodes: u64 = scenario
        .node_groups
        .iter()
        .map(|g| u64::from(g.nodes.peak()))
        .sum();
    let peak_pods: u64 = scenario
        .workloads
        .iter()
        .map(|w| u64::from(w.pods.peak()))
        .sum();
    let ticks = peak_nodes.saturating_mul(scenario.duration.millis() / 5_000 + 1);
    if ticks > RUN_BUDGET
        || peak_pods > 2_000
        || scenario.duration.millis() / scenario.sample_every.millis() > 2_000
    {
        return;
    }
    let Ok(mut simulation) = Simulation::new(&scenario, None) else {
        return;
    };
    while simulation.step() {
        if let Err(problem) = simulation.check_invariants() {
            panic!("at {} ms: {problem}", simulation.now());
        }
    }
    let result = simulation.finish();
    assert!(!explain(&result).is_empty());
    assert!(result.describe_documents().is_ok());
});
