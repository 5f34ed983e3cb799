//! A study: one scenario under several variants (`--vary cni.WARM_PREFIX_TARGET=0,1,2`), each
//! run with the same seeds so that differences are the setting's and not the dice's, in
//! parallel over the cores, and each figure reported over the seeds as min, median, p90 and max.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;

use crate::error::ScenarioError;
use crate::network::Network;
use crate::result::{SimulationResult, Summary};
use crate::scenario::Scenario;
use crate::simulation::Simulation;

/// The most runs (variants × seeds) one study makes.
const MAX_RUNS: usize = 100_000;

/// One variant: the scenario with some members set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Variant {
    /// `key=value` for each member set, joined by `, ` (`base` for the scenario as written).
    pub name: String,
    /// The members set, by dotted path.
    pub settings: BTreeMap<String, String>,
}

/// A scenario's variants and seeds, checked and ready to run.
#[derive(Debug, Clone)]
pub struct Study {
    variants: Vec<(Variant, Scenario)>,
    seeds: Vec<u64>,
}

/// A number over the seeds of a variant: the nearest-rank percentiles of its values, so that
/// min ≤ median ≤ p90 ≤ max and each is a value some seed gave.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Spread {
    /// The smallest.
    pub min: f64,
    /// The 50th percentile.
    pub median: f64,
    /// The 90th percentile.
    pub p90: f64,
    /// The largest.
    pub max: f64,
}

impl Spread {
    fn of(values: &[f64]) -> Spread {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        Spread {
            min: nearest_rank(&sorted, 0.0),
            median: nearest_rank(&sorted, 50.0),
            p90: nearest_rank(&sorted, 90.0),
            max: nearest_rank(&sorted, 100.0),
        }
    }
}

/// A figure over time across the seeds: the 10th percentile, the median and the 90th.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Band {
    /// The 10th percentile.
    pub p10: f64,
    /// The 50th.
    pub median: f64,
    /// The 90th.
    pub p90: f64,
}

impl Band {
    fn of(values: &[f64]) -> Band {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        Band {
            p10: nearest_rank(&sorted, 10.0),
            median: nearest_rank(&sorted, 50.0),
            p90: nearest_rank(&sorted, 90.0),
        }
    }
}

/// The nearest-rank percentile `p` of sorted values (0: the first).
fn nearest_rank(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// A variant's figures over its seeds.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Aggregate {
    /// The most pods running at once.
    pub peak_pods_running: Spread,
    /// The most pods waiting for an address at once.
    pub peak_pods_waiting_for_address: Spread,
    /// Pods that waited for an address.
    pub pods_waited_for_address: Spread,
    /// The longest wait, in seconds.
    pub longest_wait_seconds: Spread,
    /// Pods still waiting at the end.
    pub pods_still_waiting: Spread,
    /// Addresses warm pools held that no pod used, at the end (all subnets).
    pub idle_warm_addresses_at_end: Spread,
    /// The most such addresses at once.
    pub peak_idle_warm_addresses: Spread,
    /// EC2 calls ipamd made.
    pub ipamd_calls: Spread,
    /// Seeds in which some pod waited for an address.
    pub seeds_with_waits: u32,
    /// Seeds in which some pod was still waiting at the end.
    pub seeds_with_pods_left_waiting: u32,
    /// Seeds in which each EC2 error code came back.
    pub seeds_with_error: BTreeMap<String, u32>,
}

/// One subnet's figures at one moment across the seeds.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubnetBand {
    /// The subnet.
    pub subnet_id: String,
    /// `AvailableIpAddressCount`.
    pub available_ip_address_count: Band,
    /// Free aligned /28 blocks.
    pub free_aligned_blocks: Band,
    /// Addresses held by warm pools and used by no pod.
    pub idle_warm_addresses: Band,
}

/// The cluster at one moment across the seeds.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BandSample {
    /// Seconds since the start.
    pub seconds: f64,
    /// Pods running.
    pub pods_running: Band,
    /// Pods waiting for an address.
    pub pods_waiting_for_address: Band,
    /// Each subnet.
    pub subnets: Vec<SubnetBand>,
}

/// One seed's summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SeedSummary {
    /// The seed.
    pub seed: u64,
    /// Its summary.
    pub summary: Summary,
}

/// One variant's runs.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VariantResult {
    /// The variant.
    pub variant: Variant,
    /// Its figures over the seeds.
    pub aggregate: Aggregate,
    /// Its timeline over the seeds.
    pub timeline: Vec<BandSample>,
    /// Each seed's summary, in seed order.
    pub runs: Vec<SeedSummary>,
    /// The whole result of its first seed (end state, nodes, timeline), for maps and
    /// explanations.
    #[serde(skip)]
    pub first: SimulationResult,
}

/// What a study found.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StudyResult {
    /// The seeds every variant ran.
    pub seeds: Vec<u64>,
    /// The variants, in the order of the `vary` values.
    pub variants: Vec<VariantResult>,
}

impl Study {
    /// A study of `scenario` (the JSON form of a scenario, as TOML or JSON reads) under every
    /// combination of `vary` (`KEY=V1,V2,...`, KEY a dotted member path such as
    /// `cni.WARM_PREFIX_TARGET` or `node_groups.general.instance_type`, an array's element
    /// named by its `name` or its index) with `seeds`, or the scenario's own seed. Every
    /// variant is checked against `state` before anything runs.
    pub fn new(
        scenario: &Value,
        vary: &[String],
        seeds: Option<Vec<u64>>,
        state: Option<&Network>,
    ) -> Result<Study, ScenarioError> {
        let mut variants = vec![(Variant::base(), scenario.clone())];
        for spec in vary {
            let (key, values) = parse_vary(spec)?;
            let mut next = Vec::new();
            for (variant, value) in &variants {
                for text in &values {
                    let mut value = value.clone();
                    set_member(&mut value, &key, text)?;
                    let mut variant = variant.clone();
                    variant.settings.insert(key.clone(), text.clone());
                    next.push((variant, value));
                }
            }
            variants = next;
        }
        let mut checked = Vec::new();
        for (mut variant, value) in variants {
            variant.name = variant.describe();
            // With variants, an error says which one it is in.
            let named = |error: ScenarioError| match vary.is_empty() {
                true => error,
                false => ScenarioError::new(format!("{}: {error}", variant.name)),
            };
            let scenario = Scenario::from_value(value).map_err(named)?;
            Simulation::new(&scenario, state.cloned()).map_err(named)?;
            checked.push((variant, scenario));
        }
        let base_seed = checked.first().map_or(0, |(_, scenario)| scenario.seed);
        let seeds = seeds.unwrap_or_else(|| vec![base_seed]);
        if seeds.is_empty() {
            return Err(ScenarioError::new("seeds: at least one seed is needed"));
        }
        if checked.len().saturating_mul(seeds.len()) > MAX_RUNS {
            return Err(ScenarioError::new(format!(
                "{} variants of {} seeds are more than the {MAX_RUNS} runs a study makes",
                checked.len(),
                seeds.len()
            )));
        }
        Ok(Study {
            variants: checked,
            seeds,
        })
    }

    /// `count` seeds from the scenario's own: `seed`, `seed + 1`, ...
    pub fn consecutive_seeds(scenario: &Value, count: u32) -> Vec<u64> {
        let first = scenario.get("seed").and_then(Value::as_u64).unwrap_or(0);
        (0..u64::from(count))
            .map(|i| first.wrapping_add(i))
            .collect()
    }

    /// The runs it makes: variants × seeds.
    pub fn runs(&self) -> usize {
        self.variants.len() * self.seeds.len()
    }

    /// The variants.
    pub fn variants(&self) -> impl Iterator<Item = &Variant> {
        self.variants.iter().map(|(variant, _)| variant)
    }

    /// Runs every variant with every seed, in parallel over the cores; `progress` is told
    /// each time a run ends (runs done, runs in all).
    pub fn run(
        &self,
        state: Option<&Network>,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<StudyResult, ScenarioError> {
        let jobs: Vec<(usize, u64)> = (0..self.variants.len())
            .flat_map(|v| self.seeds.iter().map(move |&seed| (v, seed)))
            .collect();
        let done = AtomicUsize::new(0);
        let total = jobs.len();
        // Only each variant's first run is kept whole; the others keep what the figures need,
        // so that a hundred seeds of a thousand nodes do not hold a hundred end states.
        let digests: Vec<(Digest, Option<SimulationResult>)> = jobs
            .par_iter()
            .map(|&(v, seed)| {
                let mut scenario = self.variants[v].1.clone();
                scenario.seed = seed;
                let result = Simulation::new(&scenario, state.cloned()).map(Simulation::run);
                progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                let result = result?;
                let digest = Digest {
                    summary: result.summary.clone(),
                    timeline: result.timeline.clone(),
                };
                Ok((digest, (seed == self.seeds[0]).then_some(result)))
            })
            .collect::<Result<_, ScenarioError>>()?;
        let mut digests = digests.into_iter();
        let mut variants = Vec::new();
        for (variant, _) in &self.variants {
            let (runs, mut whole): (Vec<Digest>, Vec<Option<SimulationResult>>) =
                digests.by_ref().take(self.seeds.len()).unzip();
            let first = whole.iter_mut().find_map(Option::take);
            variants
                .extend(first.map(|first| aggregate(variant.clone(), &self.seeds, &runs, first)));
        }
        Ok(StudyResult {
            seeds: self.seeds.clone(),
            variants,
        })
    }
}

impl Variant {
    fn base() -> Variant {
        Variant {
            name: String::new(),
            settings: BTreeMap::new(),
        }
    }

    fn describe(&self) -> String {
        if self.settings.is_empty() {
            return "base".to_owned();
        }
        self.settings
            .iter()
            .map(|(key, value)| format!("{key}={value}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Splits on the commas outside brackets, braces and double quotes, so that a value may be a
/// JSON list or table: `[],[{"cidr":"10.0.8.0/22","type":"prefix"}]` is two values.
fn split_values(text: &str) -> Vec<String> {
    let mut values = vec![String::new()];
    let (mut depth, mut quoted, mut escaped) = (0i32, false, false);
    for c in text.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            '[' | '{' if !quoted => depth += 1,
            ']' | '}' if !quoted => depth -= 1,
            ',' if !quoted && depth == 0 => {
                values.push(String::new());
                continue;
            }
            _ => {}
        }
        if let Some(last) = values.last_mut() {
            last.push(c);
        }
    }
    values.into_iter().map(|v| v.trim().to_owned()).collect()
}

/// `KEY=V1,V2,...` as its key and values.
fn parse_vary(spec: &str) -> Result<(String, Vec<String>), ScenarioError> {
    let (key, values) = spec
        .split_once('=')
        .filter(|(key, values)| !key.is_empty() && !values.is_empty())
        .ok_or_else(|| {
            ScenarioError::new(format!(
                "vary {spec:?}: write KEY=V1,V2,... (for example cni.WARM_PREFIX_TARGET=0,1,2)"
            ))
        })?;
    Ok((key.trim().to_owned(), split_values(values)))
}

/// Sets the member at dotted `path` of a scenario's JSON to `text` (read as JSON when it is,
/// else as a string). Objects gain the member if missing (an unknown one is refused when the
/// scenario is read); an array's element is named by its `name` or its index.
fn set_member(value: &mut Value, path: &str, text: &str) -> Result<(), ScenarioError> {
    let error = |problem: String| ScenarioError::new(format!("vary {path}: {problem}"));
    let parts: Vec<&str> = path.split('.').collect();
    let mut here = value;
    for (depth, part) in parts.iter().enumerate() {
        let last = depth + 1 == parts.len();
        here = match here {
            Value::Object(members) => {
                if last {
                    let new = serde_json::from_str(text)
                        .unwrap_or_else(|_| Value::String(text.to_owned()));
                    members.insert((*part).to_owned(), new);
                    return Ok(());
                }
                members
                    .entry((*part).to_owned())
                    .or_insert_with(|| Value::Object(Default::default()))
            }
            Value::Array(items) => {
                let index = items
                    .iter()
                    .position(|item| item.get("name").and_then(Value::as_str) == Some(part))
                    .or_else(|| part.parse::<usize>().ok().filter(|&i| i < items.len()))
                    .ok_or_else(|| {
                        error(format!(
                            "no element named {part:?} in {}",
                            parts[..depth].join(".")
                        ))
                    })?;
                if last {
                    return Err(error(
                        "names a whole element; name one of its members".to_owned(),
                    ));
                }
                &mut items[index]
            }
            _ => {
                return Err(error(format!(
                    "{} is not a table or a list",
                    parts[..depth].join(".")
                )))
            }
        };
    }
    Err(error("an empty path".to_owned()))
}

/// What a study keeps of a run besides the first of each variant.
struct Digest {
    summary: Summary,
    timeline: Vec<crate::result::Sample>,
}

/// A variant's runs as figures over the seeds, its timeline as bands, and its first run whole.
fn aggregate(
    variant: Variant,
    seeds: &[u64],
    runs: &[Digest],
    first: SimulationResult,
) -> VariantResult {
    let figure = |f: &dyn Fn(&Digest) -> f64| Spread::of(&runs.iter().map(f).collect::<Vec<_>>());
    let idle_at = |sample: &crate::result::Sample| -> f64 {
        sample
            .subnets
            .iter()
            .map(|s| f64::from(s.idle_warm_addresses))
            .sum()
    };
    let mut seeds_with_error: BTreeMap<String, u32> = BTreeMap::new();
    for run in runs {
        for code in run.summary.first_error_seconds.keys() {
            *seeds_with_error.entry(code.clone()).or_default() += 1;
        }
    }
    let aggregate = Aggregate {
        peak_pods_running: figure(&|r| f64::from(r.summary.peak_pods_running)),
        peak_pods_waiting_for_address: figure(&|r| {
            f64::from(r.summary.peak_pods_waiting_for_address)
        }),
        pods_waited_for_address: figure(&|r| f64::from(r.summary.pods_waited_for_address.count)),
        longest_wait_seconds: figure(&|r| r.summary.pods_waited_for_address.longest_seconds),
        pods_still_waiting: figure(&|r| f64::from(r.summary.pods_waited_for_address.still_waiting)),
        idle_warm_addresses_at_end: figure(&|r| r.timeline.last().map_or(0.0, idle_at)),
        peak_idle_warm_addresses: figure(&|r| r.timeline.iter().map(idle_at).fold(0.0, f64::max)),
        ipamd_calls: figure(&|r| {
            r.summary
                .ec2_calls
                .iter()
                .filter(|c| c.by == crate::cloud::Caller::Ipamd)
                .map(|c| c.count as f64)
                .sum()
        }),
        seeds_with_waits: runs
            .iter()
            .filter(|r| r.summary.pods_waited_for_address.count > 0)
            .count() as u32,
        seeds_with_pods_left_waiting: runs
            .iter()
            .filter(|r| r.summary.pods_waited_for_address.still_waiting > 0)
            .count() as u32,
        seeds_with_error,
    };
    let timeline = band_timeline(runs);
    let summaries = seeds
        .iter()
        .zip(runs)
        .map(|(&seed, run)| SeedSummary {
            seed,
            summary: run.summary.clone(),
        })
        .collect();
    VariantResult {
        variant,
        aggregate,
        timeline,
        runs: summaries,
        first,
    }
}

/// The runs' timelines, sample by sample (every run of a variant samples at the same times).
fn band_timeline(runs: &[Digest]) -> Vec<BandSample> {
    let Some(first) = runs.first() else {
        return Vec::new();
    };
    (0..first.timeline.len())
        .map(|i| {
            let at = |f: &dyn Fn(&crate::result::Sample) -> f64| {
                Band::of(
                    &runs
                        .iter()
                        .filter_map(|r| r.timeline.get(i))
                        .map(f)
                        .collect::<Vec<_>>(),
                )
            };
            let subnets = first.timeline[i]
                .subnets
                .iter()
                .enumerate()
                .map(|(j, subnet)| {
                    let of = |f: &dyn Fn(&crate::result::SubnetSample) -> u32| {
                        at(&|sample| sample.subnets.get(j).map_or(0.0, |s| f64::from(f(s))))
                    };
                    SubnetBand {
                        subnet_id: subnet.subnet_id.clone(),
                        available_ip_address_count: of(&|s| s.available_ip_address_count),
                        free_aligned_blocks: of(&|s| s.free_aligned_blocks),
                        idle_warm_addresses: of(&|s| s.idle_warm_addresses),
                    }
                })
                .collect();
            BandSample {
                seconds: first.timeline[i].seconds,
                pods_running: at(&|s| f64::from(s.pods_running)),
                pods_waiting_for_address: at(&|s| f64::from(s.pods_waiting_for_address)),
                subnets,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
