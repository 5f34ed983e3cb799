//! The capacity simulator on its benchmark scenario (`eniplan_benches::cluster`): 100 and
//! 1,000 m5.large nodes with prefix delegation, 30 pods a node replaced every 10 minutes on
//! average, background tenants, one simulated hour. One element is one event (an ipamd loop,
//! a pod or node change, a sample), counted by a first run outside the timed loop.
//! `--bin simulate` adds 10,000 nodes and peak memory, each size in its own process.

use std::hint::black_box;

use criterion::{Criterion, Throughput};
use eniplan_benches::cluster::cluster_scenario;
use eniplan_benches::harness;

fn simulate(c: &mut Criterion) {
    let mut group = c.benchmark_group("simulate/cluster_hour");
    group.sample_size(10);
    for nodes in [100, 1_000] {
        let scenario = cluster_scenario(nodes);
        let events = eniplan_sim::simulate(&scenario, None)
            .expect("the scenario runs")
            .summary
            .events;
        group.throughput(Throughput::Elements(events));
        group.bench_function(format!("nodes_{nodes}"), |b| {
            b.iter(|| black_box(eniplan_sim::simulate(&scenario, None).expect("runs")))
        });
    }
    group.finish();
}

fn main() {
    harness::main(&[simulate]);
}
