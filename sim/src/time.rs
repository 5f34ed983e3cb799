//! Simulated time: milliseconds since the scenario started, and the durations a scenario spells
//! as `"30m"`, `"1h30m"`, `"2.5s"` or a plain number of seconds.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

/// A point on the simulated clock or a span of it, in milliseconds. Milliseconds, because
/// ipamd's loop runs its two halves 2.5 s apart and node phases are spread within 5 s.
pub type Millis = u64;

/// One second of simulated time.
pub const SECOND: Millis = 1_000;

/// A duration as a scenario writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SimDuration(pub Millis);

impl SimDuration {
    /// The duration in milliseconds.
    pub fn millis(self) -> Millis {
        self.0
    }

    /// The duration in seconds.
    pub fn seconds(self) -> f64 {
        seconds(self.0)
    }

    /// Parses `"30m"`, `"1h30m"`, `"2.5s"`, `"500ms"`, `"1d"` or a bare number of seconds.
    pub fn parse(text: &str) -> Result<SimDuration, String> {
        let text = text.trim();
        let invalid = || {
            format!(
                "invalid duration {text:?}: write a number with a unit, as in \"90s\", \"30m\", \"1h30m\" or \"500ms\""
            )
        };
        if text.is_empty() {
            return Err(invalid());
        }
        if let Ok(value) = text.parse::<f64>() {
            return from_seconds(value).ok_or_else(invalid);
        }
        let mut total: f64 = 0.0;
        let mut rest = text;
        while !rest.is_empty() {
            let number_len = rest
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .ok_or_else(invalid)?;
            let (number, tail) = rest.split_at(number_len);
            let value: f64 = number.parse().map_err(|_| invalid())?;
            let unit_len = tail
                .find(|c: char| c.is_ascii_digit() || c == '.')
                .unwrap_or(tail.len());
            let (unit, tail) = tail.split_at(unit_len);
            let scale = match unit {
                "ms" => 0.001,
                "s" => 1.0,
                "m" => 60.0,
                "h" => 3_600.0,
                "d" => 86_400.0,
                _ => return Err(invalid()),
            };
            total += value * scale;
            rest = tail;
        }
        from_seconds(total).ok_or_else(invalid)
    }
}

/// Whole milliseconds from seconds, for values a clock can hold.
fn from_seconds(value: f64) -> Option<SimDuration> {
    // A century bounds the value so that the conversion cannot overflow.
    const LIMIT: f64 = 100.0 * 365.0 * 86_400.0;
    (value.is_finite() && (0.0..=LIMIT).contains(&value))
        .then(|| SimDuration((value * 1_000.0).round() as Millis))
}

/// Milliseconds as seconds, for reports.
pub fn seconds(millis: Millis) -> f64 {
    millis as f64 / 1_000.0
}

impl fmt::Display for SimDuration {
    /// The shortest spelling that [`SimDuration::parse`] reads back: `1h30m`, `45s`, `2.5s`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let millis = self.0;
        if millis == 0 {
            return f.write_str("0s");
        }
        if millis % SECOND != 0 {
            return write!(f, "{}s", seconds(millis));
        }
        let mut secs = millis / SECOND;
        for (unit, size) in [("h", 3_600), ("m", 60), ("s", 1)] {
            if secs >= size {
                write!(f, "{}{unit}", secs / size)?;
                secs %= size;
            }
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for SimDuration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DurationVisitor;

        impl Visitor<'_> for DurationVisitor {
            type Value = SimDuration;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a duration such as \"30m\" or a number of seconds")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<SimDuration, E> {
                SimDuration::parse(text).map_err(E::custom)
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<SimDuration, E> {
                self.visit_f64(value as f64)
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<SimDuration, E> {
                self.visit_f64(value as f64)
            }

            fn visit_f64<E: de::Error>(self, value: f64) -> Result<SimDuration, E> {
                from_seconds(value).ok_or_else(|| {
                    E::custom(format!(
                        "invalid duration {value}: seconds from 0 to a century"
                    ))
                })
            }
        }

        deserializer.deserialize_any(DurationVisitor)
    }
}

impl serde::Serialize for SimDuration {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_written() {
        let cases = [
            ("30m", 1_800_000),
            ("1h30m", 5_400_000),
            ("2.5s", 2_500),
            ("500ms", 500),
            ("1d", 86_400_000),
            ("90", 90_000),
            ("0s", 0),
        ];
        for (text, millis) in cases {
            assert_eq!(SimDuration::parse(text), Ok(SimDuration(millis)), "{text}");
        }
    }

    #[test]
    fn bad_durations_are_refused_with_the_text() {
        for text in ["", "5x", "m", "-3s", "1h-5m", "1e400", "inf"] {
            let error = SimDuration::parse(text).unwrap_err();
            assert!(error.contains(&format!("{text:?}")), "{error}");
        }
    }

    #[test]
    fn display_reads_back() {
        for millis in [0, 1_500, 45_000, 5_400_000, 3_600_000, 61_000] {
            let shown = SimDuration(millis).to_string();
            assert_eq!(
                SimDuration::parse(&shown),
                Ok(SimDuration(millis)),
                "{shown}"
            );
        }
        assert_eq!(SimDuration(5_400_000).to_string(), "1h30m");
    }
}
