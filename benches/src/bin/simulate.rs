//! Times the simulator's benchmark scenario (`eniplan_benches::cluster`) at several cluster
//! sizes, each in a process of its own so that its peak memory is its own, and prints the
//! README's table: wall time, simulated seconds per wall second, events per second, peak
//! memory, and each size's cost against the smallest.
//!
//! `cargo run --release -p eniplan-benches --bin simulate [-- SIZES...]` (default 100, 1000,
//! 10000 nodes).

use std::process::Command;
use std::time::Instant;

use eniplan_benches::cluster::cluster_scenario;

/// One size's figures, as the child prints them.
struct Run {
    nodes: u32,
    seconds: f64,
    events: u64,
    simulated: f64,
    peak_bytes: u64,
}

/// The process's peak resident set (`VmHWM`), in bytes.
fn peak_resident_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .map_or(0, |kib| kib * 1024)
}

/// Runs one size here and prints its figures on one line.
fn run_one(nodes: u32) {
    let scenario = cluster_scenario(nodes);
    let start = Instant::now();
    let result = eniplan_sim::simulate(&scenario, None).expect("the scenario runs");
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{nodes} {seconds} {} {} {}",
        result.summary.events,
        result.summary.duration_seconds,
        peak_resident_bytes()
    );
}

fn measure(nodes: u32) -> Run {
    let exe = std::env::current_exe().expect("own path");
    let output = Command::new(exe)
        .args(["--one", &nodes.to_string()])
        .output()
        .expect("runs itself");
    let text = String::from_utf8_lossy(&output.stdout);
    let fields: Vec<&str> = text.split_whitespace().collect();
    assert_eq!(
        fields.len(),
        5,
        "child output: {text} {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Run {
        nodes,
        seconds: fields[1].parse().expect("seconds"),
        events: fields[2].parse().expect("events"),
        simulated: fields[3].parse().expect("simulated seconds"),
        peak_bytes: fields[4].parse().expect("bytes"),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--one") {
        run_one(args[1].parse().expect("a node count"));
        return;
    }
    let sizes: Vec<u32> = if args.is_empty() {
        vec![100, 1_000, 10_000]
    } else {
        args.iter()
            .map(|a| a.parse().expect("node counts"))
            .collect()
    };
    let runs: Vec<Run> = sizes.into_iter().map(measure).collect();
    println!("| nodes | events | wall time | simulated s per wall s | events per s | peak memory | cost per node against {} nodes |", runs[0].nodes);
    println!("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    let base = runs[0].seconds / f64::from(runs[0].nodes);
    for run in &runs {
        println!(
            "| {} | {} | {:.2} s | {:.0}x | {:.2} M | {:.0} MB | {:.2} |",
            run.nodes,
            run.events,
            run.seconds,
            run.simulated / run.seconds,
            run.events as f64 / run.seconds / 1e6,
            run.peak_bytes as f64 / 1e6,
            run.seconds / f64::from(run.nodes) / base,
        );
    }
}
