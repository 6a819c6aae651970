//! Clock times: "8:44 a.m.", "about 11am local time", "2211 GMT", "just after
//! midnight", read into an interval of minutes after midnight in a zone.
//!
//! A time written to the minute stands for that minute; one written to the hour
//! ("8 am") for the half hour around it, since news rounds; "about" widens either by
//! a quarter of an hour. Times in named zones with a fixed offset ("EDT") are read
//! in UTC; "local time", or no zone, stays local. A local time and a UTC time are
//! not compared: the offset of the place is not known.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::Relation;
use super::interval::Interval;

/// A time of day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeValue {
    /// Minutes after midnight.
    pub interval: Interval,
    /// The time as written, read: minutes after midnight.
    pub minutes: u32,
    /// `UTC`, or `local` (also for no zone).
    pub zone: String,
    /// Whether the text hedged it ("about", "around", "just after").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hedged: bool,
}

/// Zones with a fixed offset from UTC, in minutes.
const ZONES: &[(&str, i32)] = &[
    ("gmt", 0),
    ("utc", 0),
    ("z", 0),
    ("edt", -240),
    ("est", -300),
    ("cdt", -300),
    ("cst", -360),
    ("mdt", -360),
    ("mst", -420),
    ("pdt", -420),
    ("pst", -480),
    ("bst", 60),
    ("cet", 60),
    ("cest", 120),
    ("eet", 120),
    ("eest", 180),
    ("jst", 540),
    ("kst", 540),
];

impl TimeValue {
    /// Reads a clock time; `None` when the text holds none.
    pub fn parse(text: &str) -> Option<TimeValue> {
        let lowered = text
            .trim()
            .to_lowercase()
            .replace(['(', ')', ','], " ")
            .replace("a.m.", "am")
            .replace("p.m.", "pm")
            .replace("a.m", "am")
            .replace("p.m", "pm");
        let mut words: Vec<&str> = lowered.split_whitespace().collect();
        // The hedge before the time.
        let mut hedge = 0i32;
        let mut before = 0i32;
        let mut after = 0i32;
        while let Some(first) = words.first().copied() {
            match first {
                "about" | "around" | "approximately" | "roughly" | "circa" | "some" => hedge = 15,
                "just" | "shortly" | "soon" | "at" | "on" => {}
                "after" => after = 15,
                "before" => before = 15,
                _ => break,
            }
            words.remove(0);
        }
        let rest = words.join(" ");
        let (clock, zone_part) = split_zone(&rest);
        let (minutes, to_minute) = read_clock(clock.trim())?;
        let (zone, offset) = match zone_part {
            Some(z) if z == "local" => ("local".to_string(), 0),
            Some(z) => match ZONES.iter().find(|(n, _)| *n == z) {
                Some((_, off)) => ("UTC".to_string(), *off),
                None => ("local".to_string(), 0),
            },
            None => ("local".to_string(), 0),
        };
        let at = (minutes as i32 - offset).rem_euclid(24 * 60) as f64;
        let half = if to_minute { 0.0 } else { 30.0 };
        let (lo, hi) = if after > 0 {
            (at, at + f64::from(after) + half)
        } else if before > 0 {
            (at - f64::from(before) - half, at)
        } else if hedge > 0 {
            (at - f64::from(hedge) - half, at + f64::from(hedge) + half)
        } else if to_minute {
            (at, at + 1.0)
        } else {
            (at - half, at + half)
        };
        Some(TimeValue {
            interval: Interval::half_open(lo, hi),
            minutes: at as u32,
            zone,
            hedged: hedge > 0 || before > 0 || after > 0,
        })
    }

    /// Times conflict when their intervals are disjoint, in one zone.
    pub fn relation(&self, other: &TimeValue) -> Relation {
        if self.zone != other.zone {
            return Relation::Unrelated;
        }
        if self.interval.disjoint(&other.interval) {
            Relation::Conflict
        } else if self.minutes == other.minutes {
            Relation::Agree
        } else {
            Relation::Compatible
        }
    }
}

/// Splits a zone off the end: "11:11pm local time" → ("11:11pm", local).
fn split_zone(text: &str) -> (&str, Option<String>) {
    for suffix in ["local time", "local"] {
        if let Some(rest) = text.strip_suffix(suffix) {
            return (rest, Some("local".to_string()));
        }
    }
    if let Some((rest, last)) = text.rsplit_once(' ')
        && ZONES.iter().any(|(z, _)| *z == last)
    {
        return (rest, Some(last.to_string()));
    }
    (text, None)
}

/// Minutes after midnight of "8:44 am", "11am", "2211", "06:30", "noon"; and
/// whether it was written to the minute.
fn read_clock(text: &str) -> Option<(u32, bool)> {
    match text {
        "noon" | "midday" => return Some((12 * 60, false)),
        "midnight" => return Some((0, false)),
        _ => {}
    }
    let (digits, meridiem) = if let Some(d) = text.strip_suffix("am") {
        (d.trim(), Some(false))
    } else if let Some(d) = text.strip_suffix("pm") {
        (d.trim(), Some(true))
    } else {
        (text, None)
    };
    let (h, m, to_minute) = if let Some((h, m)) = digits.split_once([':', '.']) {
        (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?, true)
    } else if digits.len() == 4 && meridiem.is_none() {
        // 24-hour "2211", "0830".
        (digits[..2].parse().ok()?, digits[2..].parse().ok()?, true)
    } else {
        (digits.parse::<u32>().ok()?, 0, false)
    };
    if m > 59 {
        return None;
    }
    let hour = match meridiem {
        Some(pm) => {
            if h == 0 || h > 12 {
                return None;
            }
            (h % 12) + if pm { 12 } else { 0 }
        }
        None if h < 24 && (to_minute || digits.len() == 4) => h,
        None => return None,
    };
    Some((hour * 60 + m, to_minute))
}

impl fmt::Display for TimeValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.hedged {
            f.write_str("about ")?;
        }
        write!(f, "{:02}:{:02}", self.minutes / 60, self.minutes % 60)?;
        if self.zone == "UTC" {
            f.write_str(" UTC")?;
        } else {
            f.write_str(" local time")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> TimeValue {
        TimeValue::parse(text).unwrap_or_else(|| panic!("no time in {text:?}"))
    }

    #[test]
    fn clock_times_in_the_forms_news_writes() {
        assert_eq!(t("8:44 a.m.").to_string(), "08:44 local time");
        assert_eq!(t("11:11pm local time").to_string(), "23:11 local time");
        assert_eq!(t("2211 GMT").to_string(), "22:11 UTC");
        assert_eq!(t("about 11am").to_string(), "about 11:00 local time");
        assert_eq!(t("9:03 AM").to_string(), "09:03 local time");
        assert_eq!(t("noon").to_string(), "12:00 local time");
        assert_eq!(t("11:47 p.m.").to_string(), "23:47 local time");
        assert!(TimeValue::parse("2023").is_none() || t("2023").minutes == 20 * 60 + 23);
        assert!(TimeValue::parse("13 pm").is_none());
    }

    #[test]
    fn times_compare_within_a_zone() {
        assert_eq!(
            t("about 8 am").relation(&t("8:04 a.m.")),
            Relation::Compatible
        );
        assert_eq!(t("8:44 a.m.").relation(&t("9:03 a.m.")), Relation::Conflict);
        assert_eq!(t("11:11 pm").relation(&t("2211 GMT")), Relation::Unrelated);
        assert_eq!(t("0830 UTC").relation(&t("8:30 GMT")), Relation::Agree);
    }
}
