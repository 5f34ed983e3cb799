//! Times as EC2 prints them (`AttachTime`), on the model's clock.

use std::fmt;

/// A moment, in whole seconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub u64);

/// Days from 1970-01-01 to the first day of `month` (1 to 12) of `year`, for years from 1970.
/// Howard Hinnant's days-from-civil: March-based years put the leap day last.
fn days_from_civil(year: u64, month: u64, day: u64) -> u64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year / 400;
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The year, month and day of a day counted from 1970-01-01 (the inverse of
/// [`days_from_civil`]).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    (year_of_era + era * 400 + u64::from(month <= 2), month, day)
}

impl Timestamp {
    /// When the model's clock starts: 2026-01-01T00:00:00Z (a policy: the model has no wall
    /// clock, so that the same calls give the same answers).
    pub const MODEL_START: Timestamp = Timestamp(1_767_225_600);

    /// Reads an ISO 8601 time as EC2 and the AWS CLI print it: `2026-11-02T09:14:07+00:00`,
    /// `2026-11-02T09:14:07.000Z`; fractions of a second are dropped, an offset is applied.
    /// `None` for anything else, or a time before 1970.
    pub fn parse(text: &str) -> Option<Timestamp> {
        let number = |range: std::ops::Range<usize>| -> Option<u64> {
            let digits = text.get(range)?;
            if !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            digits.parse().ok()
        };
        let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
        if separators
            .iter()
            .any(|&(at, byte)| text.as_bytes().get(at) != Some(&byte))
        {
            return None;
        }
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
        let valid_date = year >= 1970 && (1..=12).contains(&month) && (1..=31).contains(&day);
        if !valid_date || hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        let mut rest = text.get(19..)?;
        if let Some(fraction) = rest.strip_prefix('.') {
            let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
            rest = fraction.get(digits..)?;
        }
        let offset: i64 = match rest.as_bytes() {
            b"Z" => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let digit = |b: &u8| b.is_ascii_digit().then(|| i64::from(b - b'0'));
                let minutes = (digit(h1)? * 10 + digit(h2)?) * 60 + digit(m1)? * 10 + digit(m2)?;
                if *sign == b'+' {
                    minutes * 60
                } else {
                    -minutes * 60
                }
            }
            _ => return None,
        };
        let local =
            days_from_civil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second;
        let utc = i64::try_from(local).ok()?.checked_sub(offset)?;
        u64::try_from(utc).ok().map(Timestamp)
    }

    /// This moment `seconds` later.
    pub fn plus(self, seconds: u64) -> Timestamp {
        Timestamp(self.0.saturating_add(seconds))
    }
}

impl Default for Timestamp {
    /// [`Timestamp::MODEL_START`].
    fn default() -> Self {
        Timestamp::MODEL_START
    }
}

impl fmt::Display for Timestamp {
    /// As EC2 prints times: `2026-01-01T00:00:00.000Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (days, rest) = (self.0 / 86_400, self.0 % 86_400);
        let (year, month, day) = civil_from_days(days);
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.000Z",
            rest / 3_600,
            rest % 3_600 / 60,
            rest % 60
        )
    }
}

impl crate::model::Ec2 {
    /// The time on the model's clock: [`Timestamp::MODEL_START`] plus the seconds
    /// `advance_clock` has moved it.
    pub fn now(&self) -> Timestamp {
        Timestamp::MODEL_START.plus(self.metadata.now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_and_reads_iso_8601_as_ec2_and_the_cli_write_it() {
        assert_eq!(
            Timestamp::MODEL_START.to_string(),
            "2026-01-01T00:00:00.000Z"
        );
        // 2024 is a leap year: 29 February, then 1 March, 86,400 s apart.
        let leap = Timestamp::parse("2024-02-29T23:59:59Z").unwrap();
        assert_eq!(leap.plus(1).to_string(), "2024-03-01T00:00:00.000Z");
        assert_eq!(leap.0, 1_709_251_199);
        let cli = Timestamp::parse("2026-11-02T09:14:07+00:00").unwrap();
        assert_eq!(cli.to_string(), "2026-11-02T09:14:07.000Z");
        let offset = Timestamp::parse("2026-11-02T11:14:07.250+02:00").unwrap();
        assert_eq!(offset, cli);
        assert_eq!(Timestamp::parse("1970-01-01T00:00:00Z"), Some(Timestamp(0)));
        for bad in [
            "",
            "2026-11-02",
            "2026-13-02T09:14:07Z",
            "2026-11-02 09:14:07Z",
            "2026-11-02T09:14:07",
            "2026-11-02T09:14:07+0000",
            "1969-12-31T23:59:59Z",
            "1970-01-01T00:00:00+01:00",
            "２026-11-02T09:14:07Z",
        ] {
            assert_eq!(Timestamp::parse(bad), None, "{bad}");
        }
    }
}
