//! A count over time: `3`, or steps such as `[["0s", 3], ["10m", 20]]`.

use serde::Deserialize;

use crate::time::{Millis, SimDuration};

/// How many nodes or pods are wanted, as a constant or as steps in time.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(
    untagged,
    expecting = "a count, or steps such as [[\"0s\", 3], [\"10m\", 20]]"
)]
pub enum Schedule {
    /// The same count throughout.
    Constant(u32),
    /// From each step's time on, its count, until the next step; nothing before the first.
    Steps(Vec<(SimDuration, u32)>),
}

impl Schedule {
    /// The steps as (time, count), at least one, in time order.
    pub fn steps(&self) -> Vec<(Millis, u32)> {
        match self {
            Schedule::Constant(count) => vec![(0, *count)],
            Schedule::Steps(steps) => steps.iter().map(|(at, n)| (at.millis(), *n)).collect(),
        }
    }

    /// The largest count the schedule asks for.
    pub fn peak(&self) -> u32 {
        self.steps().iter().map(|&(_, n)| n).max().unwrap_or(0)
    }

    /// Refuses an empty list or steps out of time order, naming the member.
    pub(crate) fn check(&self, member: &str) -> Result<(), String> {
        let Schedule::Steps(steps) = self else {
            return Ok(());
        };
        if steps.is_empty() {
            return Err(format!(
                "{member}: a schedule needs at least one [time, count] step"
            ));
        }
        if let Some(pair) = steps.windows(2).find(|pair| pair[1].0 <= pair[0].0) {
            return Err(format!(
                "{member}: steps must be in increasing time order, but {} follows {}",
                pair[1].0, pair[0].0
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_schedule_is_a_count_or_steps() {
        let constant: Schedule = serde_json::from_str("5").unwrap();
        assert_eq!(constant.steps(), vec![(0, 5)]);
        let steps: Schedule =
            serde_json::from_str(r#"[["0s", 3], ["10m", 20], [900, 4]]"#).unwrap();
        assert_eq!(steps.steps(), vec![(0, 3), (600_000, 20), (900_000, 4)]);
        assert_eq!(steps.peak(), 20);
        assert!(serde_json::from_str::<Schedule>(r#""lots""#).is_err());
    }

    #[test]
    fn steps_out_of_order_are_refused() {
        let steps: Schedule = serde_json::from_str(r#"[["10m", 3], ["5m", 4]]"#).unwrap();
        let error = steps.check("workloads[0].pods").unwrap_err();
        assert_eq!(
            error,
            "workloads[0].pods: steps must be in increasing time order, but 5m follows 10m"
        );
        let empty: Schedule = serde_json::from_str("[]").unwrap();
        assert!(empty.check("nodes").is_err());
    }
}
