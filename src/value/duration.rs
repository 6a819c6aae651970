//! Durations: how long something has lasted, as an interval of days.
//!
//! A count of whole units written without a hedge is read as elapsed time, the way
//! ages are: "two years since the invasion" and "a two-year war" mean at least two
//! years and not yet three, `[2, 3)` years. "Its second year" means `[1, 2)` years.
//! Hedges work as for quantities: "nearly two years" is `[2 − w, 2)`, "more than two
//! years" is `(2, ∞)`.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::Relation;
use super::interval::Interval;
use super::number::{parse_number, parse_ordinal};
use super::quantity::{Hedge, HedgeLexicon, format_figure, hedged_interval, split_prefix};

/// Days in each unit a duration may be written in.
const UNITS: &[(&str, f64)] = &[
    ("day", 1.0),
    ("week", 7.0),
    ("month", 30.436_875),
    ("year", 365.242_5),
    ("decade", 3652.425),
];

/// A regex alternation (no captures) of duration units, singular and plural.
pub fn unit_pattern() -> String {
    "(?:days?|weeks?|months?|years?|decades?)".to_string()
}

/// How long, as an interval of days, with the unit it was written in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Duration {
    /// In days.
    pub interval: Interval,
    pub unit: String,
    /// The written count of units; for "its second year", the ordinal (2).
    pub count: f64,
    pub hedge: Hedge,
    /// True for "its Nth year": the interval is `[N − 1, N)` units.
    pub ordinal: bool,
}

impl Duration {
    /// Reads "two years", "two-year", "nearly 18 months", "its second year",
    /// "more than a decade"; `None` when the text holds no duration.
    pub fn parse(text: &str, lexicon: &HedgeLexicon) -> Option<Duration> {
        Duration::parse_with(text, lexicon, lexicon.width)
    }

    /// As [`Duration::parse`], with the width of "about" and "nearly" given.
    pub fn parse_with(text: &str, lexicon: &HedgeLexicon, width: f64) -> Option<Duration> {
        let lowered = text
            .trim()
            .to_lowercase()
            .replace(['-', '\u{2010}', '\u{2011}'], " ");
        let words: Vec<&str> = lowered.split_whitespace().collect();
        let (unit_pos, unit, days) = words.iter().enumerate().rev().find_map(|(i, w)| {
            let singular = w.strip_suffix('s').unwrap_or(w);
            UNITS
                .iter()
                .find(|(u, _)| *u == singular)
                .map(|(u, d)| (i, (*u).to_string(), *d))
        })?;
        let head = words[..unit_pos]
            .iter()
            .copied()
            .filter(|w| !matches!(*w, "its" | "the" | "their" | "his" | "her"))
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(n) = head.split_whitespace().last().and_then(parse_ordinal) {
            let n = f64::from(n);
            return Some(Duration {
                interval: Interval::half_open(n - 1.0, n).scaled(days),
                unit,
                count: n,
                hedge: Hedge::None,
                ordinal: true,
            });
        }
        let (hedge, figure) = split_prefix(&head, lexicon).unwrap_or((Hedge::None, head.as_str()));
        let figure = if figure.is_empty() || figure == "a" || figure == "an" {
            "one"
        } else {
            figure
        };
        let n = parse_number(figure)?.value;
        let w = (width * n).max(0.5);
        let units = hedged_interval(hedge, n, w, Interval::half_open(n, n + 1.0));
        Some(Duration {
            interval: units.scaled(days),
            unit,
            count: n,
            hedge,
            ordinal: false,
        })
    }

    /// Durations of one key conflict when their intervals are disjoint.
    pub fn relation(&self, other: &Duration) -> Relation {
        if self.interval.disjoint(&other.interval) {
            Relation::Conflict
        } else if self.interval == other.interval {
            Relation::Agree
        } else {
            Relation::Compatible
        }
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ordinal {
            let n = self.count;
            return write!(
                f,
                "in its {} {} ({}–{} {}s)",
                ordinal_suffix(n),
                self.unit,
                n - 1.0,
                n,
                self.unit
            );
        }
        let plural = if self.count == 1.0 { "" } else { "s" };
        let figure = format_figure(self.count);
        match self.hedge {
            Hedge::None | Hedge::Range | Hedge::Vague => {
                write!(f, "{figure} {}{plural}", self.unit)
            }
            Hedge::Exact => write!(f, "exactly {figure} {}{plural}", self.unit),
            Hedge::AtLeast => write!(f, "at least {figure} {}{plural}", self.unit),
            Hedge::MoreThan => write!(f, "more than {figure} {}{plural}", self.unit),
            Hedge::UpTo => write!(f, "up to {figure} {}{plural}", self.unit),
            Hedge::FewerThan => write!(f, "less than {figure} {}{plural}", self.unit),
            Hedge::Nearly => write!(f, "nearly {figure} {}{plural}", self.unit),
            Hedge::About => write!(f, "about {figure} {}{plural}", self.unit),
        }
    }
}

fn ordinal_suffix(n: f64) -> String {
    let n = n.round();
    let suffix = match (n % 100.0, n % 10.0) {
        (11.0..=13.0, _) => "th",
        (_, 1.0) => "st",
        (_, 2.0) => "nd",
        (_, 3.0) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> HedgeLexicon {
        let mut lex = HedgeLexicon {
            prefixes: vec![
                ("nearly".into(), Hedge::Nearly),
                ("more than".into(), Hedge::MoreThan),
                ("about".into(), Hedge::About),
            ],
            ..HedgeLexicon::default()
        };
        lex.sort();
        lex
    }

    fn dur(text: &str) -> Duration {
        Duration::parse(text, &lexicon()).unwrap_or_else(|| panic!("no duration in {text:?}"))
    }

    #[test]
    fn whole_units_are_elapsed_time() {
        assert_eq!(
            dur("two years").interval,
            Interval::half_open(2.0, 3.0).scaled(365.2425)
        );
        assert_eq!(dur("two-year").relation(&dur("two years")), Relation::Agree);
        assert_eq!(dur("a year").to_string(), "1 year");
        assert_eq!(dur("18 months").to_string(), "18 months");
    }

    #[test]
    fn ordinal_year_is_the_year_before() {
        let second = dur("its second year");
        assert_eq!(
            second.interval,
            Interval::half_open(1.0, 2.0).scaled(365.2425)
        );
        assert_eq!(second.to_string(), "in its 2nd year (1–2 years)");
        assert_eq!(second.relation(&dur("two years")), Relation::Conflict);
        assert_eq!(second.relation(&dur("18 months")), Relation::Compatible);
        assert_eq!(
            second.relation(&dur("nearly two years")),
            Relation::Compatible
        );
    }

    #[test]
    fn hedged_durations() {
        assert_eq!(
            dur("more than two years").relation(&dur("two years")),
            Relation::Compatible
        );
        assert_eq!(
            dur("more than three years").relation(&dur("two years")),
            Relation::Conflict
        );
        assert_eq!(Duration::parse("several", &lexicon()), None);
    }
}
