//! Typed claim values and how two values of one key relate.
//!
//! Comparison is defined on the types, never on strings: a quantity is an interval,
//! a date has a granularity, a place has parents. This module owns what "agree"
//! means; it knows nothing of rules, sources or printing.

pub mod date;
pub mod duration;
pub mod interval;
pub mod number;
pub mod place;
pub mod quantity;
pub mod quote;
pub mod role;
pub mod time;
pub mod unit;

use serde::{Deserialize, Serialize};
use std::fmt;

pub use date::{DateContext, DateValue};
pub use duration::Duration;
pub use interval::Interval;
pub use place::PlaceValue;
pub use quantity::{Hedge, HedgeLexicon, Quantity, VagueQuantity};
pub use quote::{NameForm, NameValue, QuoteValue, Speaker, SpeakerKind};
pub use role::{ANY_OFFICE, RoleValue};
pub use time::TimeValue;

/// How two values of one key relate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    /// The same value, or the same figure under compatible hedges.
    Agree,
    /// Different values that can both be true.
    Compatible,
    /// Values that cannot both be true.
    Conflict,
    /// One thing written two ways ("Abdul Rahman", "Abdulrahman").
    Variant,
    /// Values that do not speak to each other (two different offices, a count and a
    /// percentage, an unresolved "last month").
    Unrelated,
    /// A later figure of a count that moves over time: not a contradiction (decided
    /// by `align`, which knows the claims' dates).
    Update,
}

/// The kinds of claim a rule can extract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClaimKind {
    Quantity,
    Date,
    /// A time of day.
    Time,
    Duration,
    Place,
    Role,
    /// Quoted speech, with its speaker.
    Quote,
    /// A spelling of a person's, organization's or place's name.
    Name,
}

impl fmt::Display for ClaimKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ClaimKind::Quantity => "quantity",
            ClaimKind::Date => "date",
            ClaimKind::Time => "time",
            ClaimKind::Duration => "duration",
            ClaimKind::Place => "place",
            ClaimKind::Role => "role",
            ClaimKind::Quote => "quote",
            ClaimKind::Name => "name",
        })
    }
}

/// A typed claim value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Value {
    Quantity(Quantity),
    Date(DateValue),
    Time(TimeValue),
    Duration(Duration),
    Place(PlaceValue),
    Role(RoleValue),
    Quote(QuoteValue),
    Name(NameValue),
}

impl Value {
    pub fn kind(&self) -> ClaimKind {
        match self {
            Value::Quantity(_) => ClaimKind::Quantity,
            Value::Date(_) => ClaimKind::Date,
            Value::Time(_) => ClaimKind::Time,
            Value::Duration(_) => ClaimKind::Duration,
            Value::Place(_) => ClaimKind::Place,
            Value::Role(_) => ClaimKind::Role,
            Value::Quote(_) => ClaimKind::Quote,
            Value::Name(_) => ClaimKind::Name,
        }
    }

    /// The figure a quantity states (the lower one of a range), in its dimension's
    /// base unit; a duration's shortest length in days. `None` for a vague quantity.
    pub fn figure(&self) -> Option<f64> {
        match self {
            Value::Quantity(q) => {
                let n = q.nominal?;
                Some(match q.unit.as_deref().and_then(unit::Unit::by_symbol) {
                    Some(u) => u.to_base(n),
                    None => n,
                })
            }
            Value::Duration(d) => Some(d.interval.lo),
            _ => None,
        }
    }

    /// Whether the value is stated without a hedge ("174", "exactly 174"), as
    /// opposed to a bound or an estimate ("at least 174", "about 170").
    pub fn is_precise(&self) -> bool {
        match self {
            Value::Quantity(q) => matches!(q.hedge, Hedge::None | Hedge::Exact),
            Value::Duration(d) => matches!(d.hedge, Hedge::None | Hedge::Exact),
            _ => true,
        }
    }

    /// The interval of a quantity or duration.
    pub fn interval(&self) -> Option<&Interval> {
        match self {
            Value::Quantity(q) => Some(&q.interval),
            Value::Duration(d) => Some(&d.interval),
            _ => None,
        }
    }

    /// How this value, stated `days` days before `other`, relates to it: a duration
    /// grows with time ("nearly two years" on the eve of an anniversary and "two
    /// years" the day after are one statement); other values do not move.
    pub fn relation_after(&self, other: &Value, days: f64) -> Relation {
        match (self, other) {
            (Value::Duration(a), Value::Duration(b)) if days != 0.0 => {
                let mut moved = a.clone();
                moved.interval = a.interval.shifted(days);
                moved.relation(b)
            }
            _ => self.relation(other),
        }
    }

    /// How this value relates to another of the same key; values of different types
    /// are unrelated.
    pub fn relation(&self, other: &Value) -> Relation {
        match (self, other) {
            (Value::Quantity(a), Value::Quantity(b)) => a.relation(b),
            (Value::Date(a), Value::Date(b)) => a.relation(b),
            (Value::Time(a), Value::Time(b)) => a.relation(b),
            (Value::Duration(a), Value::Duration(b)) => a.relation(b),
            (Value::Place(a), Value::Place(b)) => a.relation(b),
            (Value::Role(a), Value::Role(b)) => a.relation(b),
            (Value::Name(a), Value::Name(b)) => a.relation(b),
            // Quotes are matched by their words, not by key (see `align::quotes`).
            _ => Relation::Unrelated,
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Quantity(v) => v.fmt(f),
            Value::Date(v) => v.fmt(f),
            Value::Time(v) => v.fmt(f),
            Value::Duration(v) => v.fmt(f),
            Value::Place(v) => v.fmt(f),
            Value::Role(v) => v.fmt(f),
            Value::Quote(v) => v.fmt(f),
            Value::Name(v) => v.fmt(f),
        }
    }
}
