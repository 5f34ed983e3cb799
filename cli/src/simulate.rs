//! `eniplan simulate`: a cluster's VPC CNI over time on the given subnets, under one or more
//! seeds and variants; what happened and why, then tables, charts and the end state.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use eniplan_sim::{
    explain, scenario_value, Format, Network, SimulationResult, Study, StudyResult, VariantResult,
};

use crate::output::{bad_input, print_json, Outcome};
use crate::table::Table;

/// Arguments of `eniplan simulate`.
#[derive(clap::Args)]
pub struct Args {
    /// The scenario, TOML or JSON (by its extension; `-` reads TOML or JSON from stdin).
    scenario: PathBuf,
    /// describe-* output files or folders holding them: the network to run on, instead of the
    /// scenario's `vpc`; node groups name its subnets by id or `Name` tag.
    #[arg(long, num_args = 1..)]
    state: Vec<PathBuf>,
    /// Run this many seeds (the scenario's seed and the ones after it), in parallel, and
    /// report each figure as min / median / p90 / max.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    seeds: Option<u32>,
    /// Run the scenario with a member set to each value in turn, as KEY=V1,V2,... (for
    /// example cni.WARM_PREFIX_TARGET=0,1,2 or node_groups.general.instance_type=m5.large,m5.xlarge);
    /// repeat for every combination. Every variant runs the same seeds.
    #[arg(long)]
    vary: Vec<String>,
    /// Print the whole result as JSON: one run's result, or with several seeds or variants
    /// the study (each variant's figures over the seeds, bands over time, each seed's summary).
    #[arg(long)]
    json: bool,
    /// Draw the timeline into this SVG file: pods running and waiting, free addresses and
    /// free /28 blocks per subnet; one line per variant, with a p10-p90 band over seeds.
    #[arg(long)]
    svg: Option<PathBuf>,
    /// Write one self-contained HTML page: what happened, the tables, the timeline, and each
    /// subnet's final fragmentation map.
    #[arg(long)]
    html: Option<PathBuf>,
    /// Write the end state as describe-* JSON into this folder (with several variants, one
    /// folder per variant in it; the first seed's end state).
    #[arg(long)]
    out_state: Option<PathBuf>,
}

/// Runs the study and reports. Exit status 0 when no pod ever waited for an address, 1 when
/// some did, 2 for bad input.
pub fn run(args: &Args) -> Outcome {
    let scenario = match read_scenario(&args.scenario) {
        Ok(value) => value,
        Err(message) => return bad_input(message),
    };
    let state = if args.state.is_empty() {
        None
    } else {
        let loaded = crate::state::documents(&args.state).and_then(|documents| {
            Network::from_describe(&documents).map_err(|error| {
                format!(
                    "cannot load the state: {}",
                    crate::output::ec2_error(&error)
                )
            })
        });
        match loaded {
            Ok(network) => {
                for note in network.notes() {
                    eprintln!("eniplan: note: {note}");
                }
                Some(network)
            }
            Err(message) => return bad_input(message),
        }
    };
    let seeds = args.seeds.map(|n| Study::consecutive_seeds(&scenario, n));
    let study = match Study::new(&scenario, &args.vary, seeds, state.as_ref()) {
        Ok(study) => study,
        Err(error) => return bad_input(format!("{}: {error}", args.scenario.display())),
    };
    let show_progress = study.runs() > 1 && std::io::stderr().is_terminal();
    let progress = |done: usize, total: usize| {
        if show_progress {
            eprint!("\r{done}/{total} runs");
            if done == total {
                eprint!("\r{:width$}\r", "", width = 2 * total.to_string().len() + 6);
            }
            let _ = std::io::stderr().flush();
        }
    };
    let result = match study.run(state.as_ref(), &progress) {
        Ok(result) => result,
        Err(error) => return bad_input(error),
    };
    let single = result.variants.len() == 1 && result.seeds.len() == 1;
    if let Err(message) = write_files(args, &result) {
        return bad_input(message);
    }
    if args.json {
        let value = if single {
            serde_json::to_value(&result.variants[0].first)
        } else {
            serde_json::to_value(&result)
        };
        match value {
            Ok(value) => print_json(&value),
            Err(error) => return bad_input(error),
        }
    } else if single {
        print!("{}", one_run_text(&result.variants[0].first));
    } else {
        print!("{}", study_text(&result));
    }
    let waited = result
        .variants
        .iter()
        .any(|variant| variant.aggregate.seeds_with_waits > 0);
    if waited {
        Outcome::Refused
    } else {
        Outcome::Success
    }
}

/// The scenario as JSON, from TOML or JSON text.
fn read_scenario(path: &Path) -> Result<serde_json::Value, String> {
    let text = crate::output::read_input(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    scenario_value(&text, Format::of_path(path))
        .map_err(|error| format!("{}: {error}", path.display()))
}

/// The SVG, the HTML page and the end state, as asked.
fn write_files(args: &Args, result: &StudyResult) -> Result<(), String> {
    let write = |path: &Path, text: &str| {
        std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    if let Some(path) = &args.svg {
        write(path, &crate::timeline_svg::draw(result))?;
    }
    if let Some(path) = &args.html {
        let page = crate::simulate_html::page(&args.scenario.display().to_string(), result)
            .map_err(|e| crate::output::ec2_error(&e))?;
        write(path, &page)?;
    }
    if let Some(dir) = &args.out_state {
        let several = result.variants.len() > 1;
        for (index, variant) in result.variants.iter().enumerate() {
            let folder = if several {
                dir.join(format!(
                    "{}-{}",
                    index + 1,
                    folder_name(&variant.variant.name)
                ))
            } else {
                dir.clone()
            };
            std::fs::create_dir_all(&folder)
                .map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
            let documents = variant
                .first
                .describe_documents()
                .map_err(|e| crate::output::ec2_error(&e))?;
            for (name, document) in documents {
                write(&folder.join(name), &format!("{document:#}\n"))?;
            }
        }
    }
    Ok(())
}

/// A variant's name as a folder name: letters, digits, `.`, `-` and `_` kept, the rest `_`.
fn folder_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// One run: what happened, then a table per subnet and per node group.
fn one_run_text(result: &SimulationResult) -> String {
    let mut out = String::new();
    for line in explain(result) {
        out.push_str(&line);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&subnet_table(result).to_string());
    out.push('\n');
    out.push_str(&node_group_table(result).to_string());
    out
}

/// Per subnet the run touched: its figures at the end and the fewest it had.
pub fn subnet_table(result: &SimulationResult) -> Table {
    let mut table = Table::new(&[
        "subnet",
        "available",
        "fewest available",
        "free /28",
        "fewest free /28",
        "idle warm",
    ]);
    let Some(end) = result.timeline.last() else {
        return table;
    };
    let active = result.active_subnets();
    for (index, subnet) in end.subnets.iter().enumerate() {
        if !active.contains(&subnet.subnet_id) {
            continue;
        }
        let over_time = || result.timeline.iter().filter_map(|s| s.subnets.get(index));
        let fewest_available = over_time().map(|s| s.available_ip_address_count).min();
        let fewest_blocks = over_time().map(|s| s.free_aligned_blocks).min();
        table.row(vec![
            subnet.subnet_id.clone(),
            subnet.available_ip_address_count.to_string(),
            fewest_available.unwrap_or(0).to_string(),
            subnet.free_aligned_blocks.to_string(),
            fewest_blocks.unwrap_or(0).to_string(),
            subnet.idle_warm_addresses.to_string(),
        ]);
    }
    table
}

/// Per node group: nodes, max pods, and its pods at the end.
pub fn node_group_table(result: &SimulationResult) -> Table {
    let mut table = Table::new(&[
        "node group",
        "nodes",
        "max pods",
        "pods",
        "waiting for an address",
    ]);
    let mut groups: Vec<&str> = result.nodes.iter().map(|n| n.node_group.as_str()).collect();
    groups.sort_unstable();
    groups.dedup();
    for group in groups {
        let alive: Vec<_> = result
            .nodes
            .iter()
            .filter(|n| n.node_group == group && n.terminated_seconds.is_none())
            .collect();
        let max_pods = alive.first().map_or(0, |n| n.max_pods);
        table.row(vec![
            group.to_owned(),
            alive.len().to_string(),
            max_pods.to_string(),
            alive.iter().map(|n| n.pods).sum::<u32>().to_string(),
            alive
                .iter()
                .map(|n| n.pods_waiting_for_address)
                .sum::<u32>()
                .to_string(),
        ]);
    }
    table
}

/// Several seeds or variants: per variant what its first seed shows and how many seeds saw a
/// wait or an error, then the decision table, one row per variant.
fn study_text(result: &StudyResult) -> String {
    let seeds = result.seeds.len();
    let mut out = String::new();
    for variant in &result.variants {
        out.push_str(&format!("{}:\n", variant.variant.name));
        out.push_str(&format!("  {}\n", seeds_line(variant, seeds)));
        out.push_str(&format!("  seed {}: ", result.seeds[0]));
        out.push_str(&explain(&variant.first).join(&format!("\n  seed {}: ", result.seeds[0])));
        out.push_str("\n\n");
    }
    out.push_str(&format!(
        "median (min-max) over {seeds} seed{}:\n",
        if seeds == 1 { "" } else { "s" }
    ));
    out.push_str(&decision_table(result).to_string());
    out
}

/// One row per variant: how often pods waited, and the figures over the seeds.
pub fn decision_table(result: &StudyResult) -> Table {
    let seeds = result.seeds.len();
    let mut table = Table::new(&[
        "variant",
        "seeds with waits",
        "pods left waiting",
        "longest wait s",
        "peak pods running",
        "idle warm at end",
        "peak idle warm",
        "ipamd calls",
    ]);
    for variant in &result.variants {
        let a = &variant.aggregate;
        table.row(vec![
            variant.variant.name.clone(),
            format!("{}/{seeds}", a.seeds_with_waits),
            spread(&a.pods_still_waiting),
            spread(&a.longest_wait_seconds),
            spread(&a.peak_pods_running),
            spread(&a.idle_warm_addresses_at_end),
            spread(&a.peak_idle_warm_addresses),
            spread(&a.ipamd_calls),
        ]);
    }
    table
}

/// How many of the variant's seeds saw waits and errors.
pub fn seeds_line(variant: &VariantResult, seeds: usize) -> String {
    let a = &variant.aggregate;
    let mut parts = vec![format!(
        "pods waited for an address in {} of {seeds} seeds, and were left waiting in {}",
        a.seeds_with_waits, a.seeds_with_pods_left_waiting
    )];
    for (code, count) in &a.seeds_with_error {
        parts.push(format!("{code} in {count}"));
    }
    parts.join("; ")
}

/// A spread as `median (min-max)`, or one number when they agree.
fn spread(s: &eniplan_sim::Spread) -> String {
    let number = |x: f64| {
        if x.fract() == 0.0 {
            format!("{x:.0}")
        } else {
            format!("{x:.1}")
        }
    };
    if s.min == s.max {
        number(s.median)
    } else {
        format!("{} ({}-{})", number(s.median), number(s.min), number(s.max))
    }
}
