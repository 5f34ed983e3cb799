//! Times the simulator's benchmark scenario (`eniplan_benches::cluster`) at several cluster
//! sizes, each in a process of its own so that its peak memory is its own, and prints the
//! README's table: wall time, simulated seconds per wall second, events per second, peak
//! memory, and each size's cost against the smallest.
//!
//! `cargo run --release -p eniplan-benches --bin simulate [-- SIZES...]` (default 100, 1000,
//! 10000 nodes). With `-- --seeds NODES SEEDS` it times instead a study of SEEDS seeds of the
//! NODES-node scenario, as `eniplan simulate --seeds` runs it, on one thread and then on every
//! core, in this one process, and prints the speed-up. `-- --print NODES` prints the scenario.

use std::process::Command;
use std::time::Instant;

use eniplan_benches::cluster::{cluster_scenario, cluster_scenario_text};

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

/// Times `seeds` seeds of the `nodes`-node scenario on one thread, then on every core.
fn seeds_speedup(nodes: u32, seeds: u32) {
    let text = cluster_scenario_text(nodes);
    let value = eniplan_sim::scenario_value(&text, eniplan_sim::Format::Toml).expect("TOML");
    let seed_list = eniplan_sim::Study::consecutive_seeds(&value, seeds);
    let study = eniplan_sim::Study::new(&value, &[], Some(seed_list), None).expect("valid");
    let time_on = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a thread pool");
        let start = Instant::now();
        pool.install(|| study.run(None, &|_, _| {})).expect("runs");
        start.elapsed().as_secs_f64()
    };
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let one = time_on(1);
    let all = time_on(cores);
    println!(
        "{seeds} seeds of {nodes} nodes: {one:.2} s on 1 thread, {all:.2} s on {cores}; speed-up {:.2}x",
        one / all
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--one") => return run_one(args[1].parse().expect("a node count")),
        Some("--print") => {
            return print!("{}", cluster_scenario_text(args[1].parse().expect("nodes")))
        }
        Some("--seeds") => {
            return seeds_speedup(
                args[1].parse().expect("a node count"),
                args[2].parse().expect("a seed count"),
            )
        }
        _ => {}
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
