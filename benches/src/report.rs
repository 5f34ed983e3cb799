//! Reading criterion's results back into the ratio tables of `benches/README.md`.
//!
//! Every group has one baseline: `raw_bitmap` beside the allocation hot paths, `enis_1` in
//! the scale groups, `typed` for the JSON calls, and a `floor_...` function in the request
//! groups. Each figure is the median time of a benchmark divided by the median of its group's
//! baseline, both from the same run, so a machine busy with other work changes them far less
//! than the times themselves.

use std::fs;
use std::path::Path;

use serde_json::Value;

/// One benchmark's result.
#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    /// The group, `area/case`.
    pub group: String,
    /// The function within the group.
    pub function: String,
    /// criterion's median time per iteration, in nanoseconds.
    pub median_ns: f64,
}

/// Whether `function` is its group's baseline.
pub fn is_baseline(function: &str) -> bool {
    matches!(function, "raw_bitmap" | "enis_1" | "typed") || function.starts_with("floor_")
}

/// Where a function sits in its group's columns: the baseline first, then the known
/// functions in a fixed order, then the rest by name (interface counts numerically).
fn rank(function: &str) -> (u8, u64, String) {
    let known = ["raw_bitmap", "hashset", "allocator", "model"];
    if is_baseline(function) {
        return (0, 0, String::new());
    }
    if let Some(i) = known.iter().position(|k| *k == function) {
        return (1, i as u64, String::new());
    }
    let n = function
        .strip_prefix("enis_")
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    (2, n, function.to_owned())
}

/// Reads every benchmark under criterion's output folder (`target/criterion`), from the
/// last run of each (`new/`).
pub fn read(dir: &Path) -> Result<Vec<Estimate>, String> {
    let mut estimates = Vec::new();
    let groups = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for group in groups.flatten() {
        let Ok(functions) = fs::read_dir(group.path()) else {
            continue;
        };
        for function in functions.flatten() {
            let new = function.path().join("new");
            let (Ok(benchmark), Ok(estimate)) = (
                fs::read_to_string(new.join("benchmark.json")),
                fs::read_to_string(new.join("estimates.json")),
            ) else {
                continue;
            };
            let parse = |text: &str| serde_json::from_str::<Value>(text).ok();
            let (Some(benchmark), Some(estimate)) = (parse(&benchmark), parse(&estimate)) else {
                return Err(format!("{}: unreadable results", new.display()));
            };
            let field = |key: &str| benchmark[key].as_str().map(str::to_owned);
            let (Some(group), Some(function), Some(median_ns)) = (
                field("group_id"),
                field("function_id"),
                estimate["median"]["point_estimate"].as_f64(),
            ) else {
                return Err(format!("{}: missing fields", new.display()));
            };
            estimates.push(Estimate {
                group,
                function,
                median_ns,
            });
        }
    }
    estimates.sort_by(|a, b| (&a.group, rank(&a.function)).cmp(&(&b.group, rank(&b.function))));
    Ok(estimates)
}

/// A ratio as the tables show it: two significant digits, at least one decimal below 10.
pub fn format_ratio(ratio: f64) -> String {
    if ratio < 10.0 {
        format!("{ratio:.2}")
    } else if ratio < 100.0 {
        format!("{ratio:.1}")
    } else {
        format!("{ratio:.0}")
    }
}

/// The groups in order of first appearance, each with its estimates.
fn groups(estimates: &[Estimate]) -> Vec<(&str, Vec<&Estimate>)> {
    let mut out: Vec<(&str, Vec<&Estimate>)> = Vec::new();
    for e in estimates {
        match out.last_mut() {
            Some((group, list)) if *group == e.group => list.push(e),
            _ => out.push((&e.group, vec![e])),
        }
    }
    out
}

/// The ratio of every benchmark to its group's baseline: (group, function, baseline, ratio).
pub fn ratios(estimates: &[Estimate]) -> Vec<(String, String, String, f64)> {
    let mut out = Vec::new();
    for (group, list) in groups(estimates) {
        let Some(base) = list.iter().find(|e| is_baseline(&e.function)) else {
            continue;
        };
        for e in list.iter().filter(|e| !is_baseline(&e.function)) {
            out.push((
                group.to_owned(),
                e.function.clone(),
                base.function.clone(),
                e.median_ns / base.median_ns,
            ));
        }
    }
    out
}

/// Markdown tables: the allocation hot paths with one column per implementation (ratios to
/// the raw bitmap), then every other group, one row per benchmark. With `absolute`, each
/// group's baseline time in nanoseconds is added (for looking, not for comparing machines).
pub fn markdown(estimates: &[Estimate], absolute: bool) -> String {
    let mut hot = String::from("| group | hashset | allocator | model |");
    if absolute {
        hot.push_str(" raw bitmap ns |");
    }
    hot.push_str("\n| --- | ---: | ---: | ---: |");
    if absolute {
        hot.push_str(" ---: |");
    }
    hot.push('\n');
    let mut other = String::from("| group | case | × baseline | baseline |");
    if absolute {
        other.push_str(" baseline ns |");
    }
    other.push_str("\n| --- | --- | ---: | --- |");
    if absolute {
        other.push_str(" ---: |");
    }
    other.push('\n');
    for (group, list) in groups(estimates) {
        let Some(base) = list.iter().find(|e| is_baseline(&e.function)) else {
            continue;
        };
        let ratio = |function: &str| {
            list.iter()
                .find(|e| e.function == function)
                .map(|e| format_ratio(e.median_ns / base.median_ns))
                .unwrap_or_else(|| "–".into())
        };
        if base.function == "raw_bitmap" {
            hot.push_str(&format!(
                "| `{group}` | {} | {} | {} |",
                ratio("hashset"),
                ratio("allocator"),
                ratio("model")
            ));
            if absolute {
                hot.push_str(&format!(" {:.1} |", base.median_ns));
            }
            hot.push('\n');
        } else {
            for e in list.iter().filter(|e| !is_baseline(&e.function)) {
                other.push_str(&format!(
                    "| `{group}` | `{}` | {} | `{}` |",
                    e.function,
                    ratio(&e.function),
                    base.function
                ));
                if absolute {
                    other.push_str(&format!(" {:.1} |", base.median_ns));
                }
                other.push('\n');
            }
        }
    }
    format!("{hot}\n{other}")
}

/// The targets, checked on one run: eniplan's allocator within 3× of the raw bitmap
/// on each hot path, and a round trip on a model of 100,000 interfaces at most 1.5× one on a
/// model of one. One line per check, `ok` or `MISSED`; `info` for the rotating scale group,
/// which is there to show what cache misses cost.
pub fn targets(estimates: &[Estimate]) -> Vec<String> {
    let mut lines = Vec::new();
    for (group, function, base, ratio) in ratios(estimates) {
        let limit = match (base.as_str(), function.as_str()) {
            ("raw_bitmap", "allocator") => 3.0,
            ("enis_1", "enis_100000") => 1.5,
            _ => continue,
        };
        // A rotating group measures cache misses on purpose: shown, not held to the target.
        let verdict = if group.ends_with("_rotating") {
            "info"
        } else if ratio <= limit {
            "ok"
        } else {
            "MISSED"
        };
        lines.push(format!(
            "{verdict:6} {group}: {function} / {base} = {} (target ≤ {limit})",
            format_ratio(ratio)
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(group: &str, function: &str, median_ns: f64) -> Estimate {
        Estimate {
            group: group.into(),
            function: function.into(),
            median_ns,
        }
    }

    #[test]
    fn ratios_are_to_the_group_baseline() {
        let estimates = vec![
            e("address/auto_fill_0", "raw_bitmap", 2.0),
            e("address/auto_fill_0", "allocator", 5.0),
            e("address/auto_fill_0", "model", 100.0),
            e("scale/auto_address", "enis_1", 50.0),
            e("scale/auto_address", "enis_100000", 80.0),
            e("scale/auto_address_rotating", "enis_1", 50.0),
            e("scale/auto_address_rotating", "enis_100000", 250.0),
        ];
        let table = markdown(&estimates, false);
        assert!(table.contains("| `address/auto_fill_0` | – | 2.50 | 50.0 |"));
        assert!(table.contains("| `scale/auto_address` | `enis_100000` | 1.60 | `enis_1` |"));
        let targets = targets(&estimates);
        assert_eq!(targets.len(), 3);
        assert!(targets[0].starts_with("ok "));
        assert!(targets[1].starts_with("MISSED"));
        assert!(targets[2].starts_with("info "));
    }

    #[test]
    fn baselines_come_first_and_counts_sort_numerically() {
        let mut names = [
            "enis_100000",
            "enis_1000",
            "enis_1",
            "model",
            "floor_x",
            "hashset",
        ];
        names.sort_by_key(|n| rank(n));
        assert_eq!(
            names,
            [
                "enis_1",
                "floor_x",
                "hashset",
                "model",
                "enis_1000",
                "enis_100000"
            ]
        );
        assert_eq!(format_ratio(1.234), "1.23");
        assert_eq!(format_ratio(12.34), "12.3");
        assert_eq!(format_ratio(123.4), "123");
    }
}
