//! Quantities: a written count or percentage with its hedge, read into an interval.
//!
//! The hedge vocabulary (which words mean "at least", "about", …) and the widths come
//! from the rule pack ([`HedgeLexicon`]); this module owns what each hedge *means*.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::Relation;
use super::interval::Interval;
use super::number::{Number, parse_number};
use super::unit::{self, Unit};

/// What a hedge does to the written number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Hedge {
    /// No hedge: exact when written to the unit, else ± half the granularity.
    None,
    /// "exactly N", "a total of N": `[N, N]`.
    Exact,
    /// "at least N", "N or more": `[N, ∞)`.
    AtLeast,
    /// "more than N", "over N": `(N, ∞)`.
    MoreThan,
    /// "up to N", "at most N": `[0, N]`.
    UpTo,
    /// "fewer than N", "under N": `[0, N)`.
    FewerThan,
    /// "nearly N", "almost N": `[N − w, N)`.
    Nearly,
    /// "about N", "around N": `[N − w, N + w]`.
    About,
    /// "between A and B": `[A, B]`.
    Range,
    /// "tens of thousands", "dozens of": an interval from the lexicon.
    Vague,
}

impl Hedge {
    fn words(self) -> &'static str {
        match self {
            Hedge::None | Hedge::Range | Hedge::Vague => "",
            Hedge::Exact => "exactly",
            Hedge::AtLeast => "at least",
            Hedge::MoreThan => "more than",
            Hedge::UpTo => "up to",
            Hedge::FewerThan => "fewer than",
            Hedge::Nearly => "nearly",
            Hedge::About => "about",
        }
    }
}

/// A vague quantity phrase and the interval it stands for.
#[derive(Clone, Debug, PartialEq)]
pub struct VagueQuantity {
    pub phrase: String,
    pub interval: Interval,
}

/// The hedge words of a rule pack, lower-case, and the widths of the soft hedges.
#[derive(Clone, Debug, PartialEq)]
pub struct HedgeLexicon {
    /// Phrases before the number, longest first.
    pub prefixes: Vec<(String, Hedge)>,
    /// Phrases after the number ("or more"), longest first.
    pub suffixes: Vec<(String, Hedge)>,
    /// Vague quantity phrases, longest first.
    pub vague: Vec<VagueQuantity>,
    /// Relative half-width of "about N" and the width of "nearly N" (0.1 = 10 %).
    pub width: f64,
}

impl Default for HedgeLexicon {
    fn default() -> Self {
        HedgeLexicon {
            prefixes: Vec::new(),
            suffixes: Vec::new(),
            vague: Vec::new(),
            width: 0.1,
        }
    }
}

impl HedgeLexicon {
    /// Sorts the phrase lists longest first, so that "more than" wins over "more".
    pub fn sort(&mut self) {
        self.prefixes
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        self.suffixes
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        self.vague.sort_by(|a, b| {
            b.phrase
                .len()
                .cmp(&a.phrase.len())
                .then(a.phrase.cmp(&b.phrase))
        });
    }
}

/// A count or a percentage as an interval, with the figure as written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quantity {
    pub interval: Interval,
    /// The figure written (`None` for vague phrases); for a range, its lower end.
    pub nominal: Option<f64>,
    /// The upper figure of a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nominal_hi: Option<f64>,
    pub granularity: f64,
    pub hedge: Hedge,
    pub percent: bool,
    /// The unit the figure was written in ("km", "mph", "USD"); the interval is in
    /// the dimension's base unit (metres, metres per second, …). `None`: a count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The vague phrase, for `Hedge::Vague`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phrase: Option<String>,
}

impl Quantity {
    /// Reads a hedged number phrase ("at least 67,173", "nearly 70 percent",
    /// "tens of thousands", "between 20 and 30"); `None` when it holds no number.
    pub fn parse(text: &str, lexicon: &HedgeLexicon) -> Option<Quantity> {
        Quantity::parse_with(text, lexicon, lexicon.width)
    }

    /// As [`Quantity::parse`], with the width of "about" and "nearly" given.
    pub fn parse_with(text: &str, lexicon: &HedgeLexicon, width: f64) -> Option<Quantity> {
        let mut s = normalize(text);
        let mut percent = false;
        for suffix in ["%", " percent", " per cent", " pct"] {
            if let Some(rest) = s.strip_suffix(suffix) {
                s = rest.trim_end().to_string();
                percent = true;
                break;
            }
        }
        let s = s.strip_suffix(" of").unwrap_or(&s).trim();
        if let Some(vague) = lexicon.vague.iter().find(|v| v.phrase == s) {
            return Some(Quantity {
                interval: vague.interval,
                nominal: None,
                nominal_hi: None,
                granularity: 1.0,
                hedge: Hedge::Vague,
                percent,
                unit: None,
                phrase: Some(vague.phrase.clone()),
            });
        }
        // A unit after the figure ("10 km"), or a currency sign after the hedge
        // ("more than $15 billion").
        let (hedge, rest) = split_hedge(s, lexicon);
        let (rest, written_unit) = match unit::split_before(rest) {
            Some((r, u)) => (r.to_string(), Some(u)),
            None => match unit::split_after(rest) {
                Some((r, u)) if !percent => (r.to_string(), Some(u)),
                _ => (rest.to_string(), None),
            },
        };
        // A count has no decimals: "5.000 injured" groups thousands with a dot.
        let rest = if written_unit.is_none() && !percent && dot_grouped(&rest) {
            rest.replace('.', ",")
        } else {
            rest
        };
        let quantity = if hedge == Hedge::None
            && let Some(range) = parse_range(&rest, percent)
        {
            range
        } else {
            Quantity::from_number(parse_number(&rest)?, hedge, percent, width)
        };
        // "16.3 million" is as often 16,384,403 cut short as rounded: its figure
        // reaches up to the next step.
        let quantity = if hedge == Hedge::None
            && written_unit.is_none()
            && truncatable(&rest)
            && let Some(n) = quantity.nominal
            && quantity.interval.hi.is_some()
        {
            Quantity {
                interval: Interval::half_open(quantity.interval.lo, n + quantity.granularity),
                ..quantity
            }
        } else {
            quantity
        };
        Some(match written_unit {
            Some(u) => quantity.in_unit(u),
            None => quantity,
        })
    }

    /// The quantity read in `unit`: its interval converted to the base unit of the
    /// unit's dimension, its figures kept as written.
    fn in_unit(mut self, u: Unit) -> Quantity {
        // A measurement written to the unit is not exact the way a count is: "10 km"
        // is 10 km to the nearest kilometre.
        if let (Hedge::None, Some(n)) = (self.hedge, self.nominal)
            && self.interval == Interval::point(n)
        {
            let g = self.granularity;
            self.interval = Interval::half_open(n - g / 2.0, n + g / 2.0);
        }
        self.interval = Interval {
            lo: u.to_base(self.interval.lo),
            hi: self.interval.hi.map(|h| u.to_base(h)),
            ..self.interval
        };
        self.unit = Some(u.symbol.to_string());
        self
    }

    /// What the quantity measures: a count, a percentage, or a unit's dimension (and
    /// for money, the currency). Quantities of different measures are not compared.
    fn measure(&self) -> (Option<unit::Dimension>, Option<&str>, bool) {
        let u = self.unit.as_deref().and_then(Unit::by_symbol);
        let currency = u
            .filter(|u| u.dimension == unit::Dimension::Money)
            .map(|u| u.symbol);
        (u.map(|u| u.dimension), currency, self.percent)
    }

    /// Builds the interval of a number under a hedge (see the table in the guide).
    pub fn from_number(number: Number, hedge: Hedge, percent: bool, width: f64) -> Quantity {
        let Number {
            value: n,
            granularity: g,
        } = number;
        let w = (width * n).max(g / 2.0);
        let plain = if g <= 1.0 && n.fract() == 0.0 && !percent {
            Interval::point(n)
        } else {
            Interval::half_open(n - g / 2.0, n + g / 2.0)
        };
        let interval = hedged_interval(hedge, n, w, plain);
        Quantity {
            interval,
            nominal: Some(n),
            nominal_hi: None,
            granularity: g,
            hedge,
            percent,
            unit: None,
            phrase: None,
        }
    }

    /// How two quantities of one key relate.
    pub fn relation(&self, other: &Quantity) -> Relation {
        if self.measure() != other.measure() {
            return Relation::Unrelated;
        }
        if self.interval.disjoint(&other.interval) {
            // "Dozens" or "hundreds" says too little, and news uses such words too
            // loosely, to contradict a figure.
            if self.hedge == Hedge::Vague || other.hedge == Hedge::Vague {
                Relation::Unrelated
            } else {
                Relation::Conflict
            }
        } else if self.interval == other.interval
            || (self.nominal.is_some()
                && self.nominal == other.nominal
                && self.nominal_hi == other.nominal_hi)
        {
            // The same figure under compatible hedges ("around 70%", "nearly 70
            // percent") is one statement, not two.
            Relation::Agree
        } else if self.converted_from(other) || other.converted_from(self) {
            Relation::Agree
        } else {
            Relation::Compatible
        }
    }
}

impl Quantity {
    /// True when `self` reads as `other` converted to another unit and rounded
    /// ("9.6 miles" from "15.5 km"): both plain measurements, and `other`'s figure
    /// falls within the rounding of `self`.
    fn converted_from(&self, other: &Quantity) -> bool {
        let (Some(unit), Some(other_unit)) = (&self.unit, &other.unit) else {
            return false;
        };
        if unit == other_unit || self.hedge != Hedge::None || other.hedge != Hedge::None {
            return false;
        }
        let (Some(hi), Some(other_hi)) = (self.interval.hi, other.interval.hi) else {
            return false;
        };
        let figure = f64::midpoint(other.interval.lo, other_hi);
        (self.interval.lo..=hi).contains(&figure)
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit_suffix = self
            .unit
            .as_deref()
            .map_or_else(String::new, |u| format!(" {u}"));
        let pct = if self.percent {
            "%"
        } else {
            unit_suffix.as_str()
        };
        match (self.hedge, self.nominal) {
            (Hedge::Vague, _) | (_, None) => {
                write!(f, "{}", self.phrase.as_deref().unwrap_or("?"))?;
                if self.percent {
                    write!(f, " percent")?;
                }
                Ok(())
            }
            // A range has one granularity for two figures ("between 60 and 61.5"):
            // each end is shown as it reads best.
            (Hedge::Range, Some(lo)) => write!(
                f,
                "{}{pct}–{}{pct}",
                format_figure(lo),
                format_figure(self.nominal_hi.unwrap_or(lo))
            ),
            (hedge, Some(n)) => {
                let words = hedge.words();
                let n = figure_as_written(n, self.granularity);
                if words.is_empty() {
                    write!(f, "{n}{pct}")
                } else {
                    write!(f, "{words} {n}{pct}")
                }
            }
        }
    }
}

/// The interval a hedge makes of the figure `n` (see the table in the guide); `w` is
/// the half-width of "about" and the width of "nearly", `plain` the interval of the
/// figure with no hedge. Shared by quantities and durations.
pub fn hedged_interval(hedge: Hedge, n: f64, w: f64, plain: Interval) -> Interval {
    match hedge {
        Hedge::None | Hedge::Range | Hedge::Vague => plain,
        Hedge::Exact => Interval::point(n),
        Hedge::AtLeast => Interval::above(n, false),
        Hedge::MoreThan => Interval::above(n, true),
        Hedge::UpTo => Interval::closed(0.0, n),
        Hedge::FewerThan => Interval::half_open(0.0, n),
        Hedge::Nearly => Interval::half_open((n - w).max(0.0), n),
        Hedge::About => Interval::closed((n - w).max(0.0), n + w),
    }
}

/// A figure with the decimals its granularity says were written: "377.0 km" stays
/// "377.0" (its interval is [376.95, 377.05), which "377" would not read back as).
fn figure_as_written(n: f64, granularity: f64) -> String {
    let shown = format_figure(n);
    if granularity > 0.0
        && granularity < 1.0
        && shown
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        let decimals = (-granularity.log10()).round().clamp(1.0, 6.0) as usize;
        let written = format!("{n:.decimals$}");
        // Only ever more digits than `format_figure` gives, never fewer.
        if written.len() > shown.replace(',', "").len() {
            return written;
        }
    }
    shown
}

/// "67173" → "67,173"; "67.2" → "67.2"; "1100000" → "1.1 million".
pub fn format_figure(n: f64) -> String {
    for (scale, word) in [(1e9, "billion"), (1e6, "million")] {
        // Only round figures read better in words: 1,100,000 but not 1,234,567.
        if n >= scale && ((n / scale) * 1000.0).fract() == 0.0 {
            return format!("{} {word}", format_figure(n / scale));
        }
    }
    if n.fract() != 0.0 {
        let s = format!("{n:.3}");
        return s.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    let digits = format!("{n:.0}");
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 && c.is_ascii_digit() {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A figure's thousands set apart by spaces (see [`normalize`]).
static GROUPS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"\b(\d{1,3})((?: \d{3})+)\b").expect("the digit-group pattern is valid")
});

/// "320-plus" (see [`normalize`]).
static PLUS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(\d)-plus\b").expect("the plus pattern is valid")
});

/// Builds this module's fixed patterns (see [`crate::extract::warm_up`]).
pub(crate) fn warm_up() {
    for regex in [&GROUPS, &PLUS] {
        std::sync::LazyLock::force(regex);
    }
}

fn normalize(text: &str) -> String {
    let spaced = text
        .trim()
        .to_lowercase()
        .replace(['\u{a0}', '\u{202f}'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    // Thousands set apart by spaces ("667 000", "11 300"): the figure's groups.
    let grouped = GROUPS.replace_all(&spaced, |c: &regex::Captures<'_>| {
        format!("{}{}", &c[1], c[2].replace(' ', ","))
    });
    // "320-plus" is "320 plus".
    PLUS.replace_all(&grouped, "$1 plus").into_owned()
}

/// The hedge words before a figure ("at least 67,173"): the hedge and the rest.
pub fn split_prefix<'a>(s: &'a str, lexicon: &HedgeLexicon) -> Option<(Hedge, &'a str)> {
    lexicon.prefixes.iter().find_map(|(phrase, hedge)| {
        s.strip_prefix(phrase.as_str())
            .filter(|rest| rest.is_empty() || rest.starts_with(' '))
            .map(|rest| (*hedge, rest.trim_start()))
    })
}

fn split_hedge<'a>(s: &'a str, lexicon: &HedgeLexicon) -> (Hedge, &'a str) {
    if let Some((hedge, rest)) = split_prefix(s, lexicon).filter(|(_, rest)| !rest.is_empty()) {
        // "approximately an 80 percent turnout": the article after a hedge.
        let rest = ["an ", "a "]
            .iter()
            .find_map(|a| {
                rest.strip_prefix(a)
                    .filter(|r| r.starts_with(|c: char| c.is_ascii_digit()))
            })
            .unwrap_or(rest);
        return (hedge, rest);
    }
    for (phrase, hedge) in &lexicon.suffixes {
        if let Some(rest) = s.strip_suffix(phrase.as_str()) {
            let rest = rest.trim_end();
            if !rest.is_empty() {
                return (*hedge, rest);
            }
        }
    }
    (Hedge::None, s)
}

/// "between 20 and 30", "from 20 to 30", "20 to 30", "20–30", "20-30".
fn parse_range(s: &str, percent: bool) -> Option<Quantity> {
    let body = s
        .strip_prefix("between ")
        .or_else(|| s.strip_prefix("from "))
        .unwrap_or(s);
    let (a, b) = body
        .split_once(" and ")
        .or_else(|| body.split_once(" to "))
        .or_else(|| body.split_once('–'))
        .or_else(|| {
            // A hyphen separates a range only between digits ("20-30"), not in
            // "twenty-five".
            body.split_once('-').filter(|(a, b)| {
                a.ends_with(|c: char| c.is_ascii_digit())
                    && b.starts_with(|c: char| c.is_ascii_digit())
            })
        })?;
    let strip_pct = |t: &str| {
        t.trim()
            .trim_end_matches('%')
            .trim_end_matches(" percent")
            .trim()
            .to_string()
    };
    let lo = parse_number(&strip_pct(a))?;
    let mut hi = parse_number(&strip_pct(b))?;
    // "2 to 3 million": a scale word written only on the upper end applies to both.
    let lo_value = match trailing_scale(b) {
        Some(factor) if trailing_scale(a).is_none() => lo.value * factor,
        _ => lo.value,
    };
    if lo_value > hi.value {
        return None;
    }
    hi.granularity = hi.granularity.min(lo.granularity.max(1.0));
    Some(Quantity {
        interval: Interval::closed(lo_value, hi.value),
        nominal: Some(lo_value),
        nominal_hi: Some(hi.value),
        granularity: hi.granularity,
        hedge: Hedge::Range,
        percent,
        unit: None,
        phrase: None,
    })
}

fn trailing_scale(text: &str) -> Option<f64> {
    let last = text.split_whitespace().last()?;
    match last {
        "thousand" => Some(1e3),
        "million" => Some(1e6),
        "billion" => Some(1e9),
        _ => None,
    }
}

/// "16.3 million", "1.2 billion": a decimal figure scaled by a word, the way news
/// shortens a long count.
fn truncatable(text: &str) -> bool {
    let mut words = text.split_whitespace();
    let (Some(figure), Some(scale), None) = (words.next(), words.next(), words.next()) else {
        return false;
    };
    figure.split_once('.').is_some_and(|(a, b)| {
        !a.is_empty() && !b.is_empty() && a.bytes().chain(b.bytes()).all(|c| c.is_ascii_digit())
    }) && ["thousand", "million", "billion", "trillion"]
        .contains(&scale.to_ascii_lowercase().as_str())
}

/// "5.000", "1.250.000": digits grouped in threes by dots, the way much of Europe
/// writes thousands.
fn dot_grouped(text: &str) -> bool {
    let mut groups = text.split('.');
    let first = groups.next().unwrap_or_default();
    let mut rest = groups.peekable();
    rest.peek().is_some()
        && (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && rest.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> HedgeLexicon {
        let mut lex = HedgeLexicon {
            prefixes: vec![
                ("at least".into(), Hedge::AtLeast),
                ("more than".into(), Hedge::MoreThan),
                ("over".into(), Hedge::MoreThan),
                ("nearly".into(), Hedge::Nearly),
                ("around".into(), Hedge::About),
                ("about".into(), Hedge::About),
                ("up to".into(), Hedge::UpTo),
                ("fewer than".into(), Hedge::FewerThan),
                ("a total of".into(), Hedge::Exact),
            ],
            suffixes: vec![
                ("or more".into(), Hedge::AtLeast),
                ("plus".into(), Hedge::AtLeast),
            ],
            vague: vec![
                VagueQuantity {
                    phrase: "tens of thousands".into(),
                    interval: Interval::half_open(20_000.0, 100_000.0),
                },
                VagueQuantity {
                    phrase: "thousands".into(),
                    interval: Interval::half_open(2_000.0, 10_000.0),
                },
            ],
            width: 0.1,
        };
        lex.sort();
        lex
    }

    fn q(text: &str) -> Quantity {
        Quantity::parse(text, &lexicon()).unwrap_or_else(|| panic!("no quantity in {text:?}"))
    }

    #[test]
    fn hedges_set_the_interval() {
        assert_eq!(q("67,173").interval, Interval::point(67_173.0));
        assert_eq!(q("a total of 67,000").interval, Interval::point(67_000.0));
        assert_eq!(
            q("67,000").interval,
            Interval::half_open(66_500.0, 67_500.0)
        );
        assert_eq!(
            q("at least 67,173").interval,
            Interval::above(67_173.0, false)
        );
        assert_eq!(q("over 20,000").interval, Interval::above(20_000.0, true));
        assert_eq!(q("up to 300").interval, Interval::closed(0.0, 300.0));
        assert_eq!(
            q("fewer than 300").interval,
            Interval::half_open(0.0, 300.0)
        );
        assert_eq!(
            q("nearly 70 percent").interval,
            Interval::half_open(63.0, 70.0)
        );
        assert_eq!(
            q("around 1,200").interval,
            Interval::closed(1_080.0, 1_320.0)
        );
        assert_eq!(q("500 or more").interval, Interval::above(500.0, false));
        assert_eq!(
            q("between 20 and 30").interval,
            Interval::closed(20.0, 30.0)
        );
        assert_eq!(q("2 to 3 million").interval, Interval::closed(2e6, 3e6));
        assert_eq!(
            q("Tens of thousands of").interval,
            Interval::half_open(20_000.0, 100_000.0)
        );
    }

    #[test]
    fn a_shortened_count_reaches_up_to_its_next_step() {
        assert_eq!(
            q("16.3 million").relation(&q("16,384,403")),
            Relation::Compatible
        );
        assert_eq!(
            q("16.4 million").relation(&q("16,384,403")),
            Relation::Compatible
        );
        assert_eq!(
            q("16.2 million").relation(&q("16,384,403")),
            Relation::Conflict
        );
        assert_eq!(q("1,200").relation(&q("1,300")), Relation::Conflict);
        assert_eq!(q("320-plus").relation(&q("320 plus")), Relation::Agree);
    }

    #[test]
    fn thousands_grouped_by_dots_in_counts() {
        assert_eq!(q("5.000").interval, Interval::half_open(4_950.0, 5_050.0));
        assert_eq!(
            q("1.250.000").interval,
            Interval::half_open(1_245_000.0, 1_255_000.0)
        );
        // Decimals stay decimals where a count is not meant.
        assert!(q("2.125%").percent);
        assert_eq!(q("2.125%").nominal, Some(2.125));
        assert_eq!(q("7.4").nominal, Some(7.4));
    }

    #[test]
    fn words_and_percentages() {
        assert_eq!(
            q("more than half a million").interval,
            Interval::above(500_000.0, true)
        );
        let pct = q("around 70%");
        assert!(pct.percent);
        assert_eq!(pct.to_string(), "about 70%");
        assert!(q("70 percent").percent);
        assert_eq!(q("two").interval, Interval::point(2.0));
    }

    #[test]
    fn display_normalizes_hedge_words() {
        assert_eq!(q("over 20,000").to_string(), "more than 20,000");
        assert_eq!(q("at least 67,173").to_string(), "at least 67,173");
        assert_eq!(q("between 20 and 30").to_string(), "20–30");
        assert_eq!(q("tens of thousands of").to_string(), "tens of thousands");
        assert_eq!(q("1.1 million").to_string(), "1.1 million");
        assert_eq!(q("1,234,567").to_string(), "1,234,567");
        assert_eq!(
            q("more than half a million").to_string(),
            "more than 500,000"
        );
    }

    #[test]
    fn comparisons() {
        assert_eq!(
            q("over 20,000").relation(&q("20,179")),
            Relation::Compatible
        );
        assert_eq!(
            q("at least 67,173").relation(&q("at least 67,173")),
            Relation::Agree
        );
        assert_eq!(
            q("around 1,200").relation(&q("about 1,200")),
            Relation::Agree
        );
        assert_eq!(
            q("around 70%").relation(&q("nearly 70 percent")),
            Relation::Agree
        );
        assert_eq!(
            q("tens of thousands").relation(&q("at least 67,173")),
            Relation::Compatible
        );
        assert_eq!(
            q("fewer than 100").relation(&q("more than 100")),
            Relation::Conflict
        );
        assert_eq!(q("1,200").relation(&q("1,400")), Relation::Conflict);
        assert_eq!(q("70%").relation(&q("70")), Relation::Unrelated);
        assert_eq!(q("nearly 1,000").relation(&q("1,000")), Relation::Agree);
        assert_eq!(q("thousands").relation(&q("180")), Relation::Unrelated);
        assert_eq!(q("thousands").relation(&q("3,000")), Relation::Compatible);
        assert_eq!(
            q("nearly 1,000").relation(&q("more than 1,000")),
            Relation::Conflict
        );
    }

    #[test]
    fn units_are_converted_and_compared_by_dimension() {
        assert_eq!(q("10 km").to_string(), "10 km");
        // 10 km is 6.2 miles: "6 miles" is the same figure, converted and rounded.
        assert_eq!(q("10 kilometers").relation(&q("6 miles")), Relation::Agree);
        assert_eq!(q("9.6 mi").relation(&q("15.5 km")), Relation::Agree);
        // 7 miles is 11.3 km, no rounding of 10 km (though their roundings touch).
        assert_eq!(q("10 km").relation(&q("7 miles")), Relation::Compatible);
        assert_eq!(
            q("about 10 km").relation(&q("6 miles")),
            Relation::Compatible
        );
        assert_eq!(
            q("15.5km").relation(&q("34.8 kilometers")),
            Relation::Conflict
        );
        assert_eq!(q("10 km").relation(&q("10")), Relation::Unrelated);
        assert_eq!(q("120 mph").relation(&q("120 km/h")), Relation::Conflict);
        assert_eq!(
            q("more than $15 billion").relation(&q("15 billion euros")),
            Relation::Unrelated
        );
        assert_eq!(q("$15 billion").to_string(), "15 billion USD");
    }

    #[test]
    fn not_a_quantity() {
        assert_eq!(Quantity::parse("several people", &lexicon()), None);
        assert_eq!(Quantity::parse("at least", &lexicon()), None);
    }
}
