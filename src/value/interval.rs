//! Numeric intervals with open or closed ends: the common ground of quantities and
//! durations. An interval never holds infinities as floats (they do not survive JSON);
//! an unbounded upper end is `hi: None`.

use serde::{Deserialize, Serialize};

/// `[lo, hi]`, `(lo, hi)`, `[lo, ∞)` and the mixed forms.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interval {
    pub lo: f64,
    /// `None` means unbounded above.
    pub hi: Option<f64>,
    pub lo_open: bool,
    pub hi_open: bool,
}

impl Interval {
    /// The single point `[x, x]`.
    pub fn point(x: f64) -> Self {
        Interval {
            lo: x,
            hi: Some(x),
            lo_open: false,
            hi_open: false,
        }
    }

    pub fn closed(lo: f64, hi: f64) -> Self {
        Interval {
            lo,
            hi: Some(hi),
            lo_open: false,
            hi_open: false,
        }
    }

    /// `[lo, hi)`.
    pub fn half_open(lo: f64, hi: f64) -> Self {
        Interval {
            lo,
            hi: Some(hi),
            lo_open: false,
            hi_open: true,
        }
    }

    /// `[lo, ∞)` or `(lo, ∞)`.
    pub fn above(lo: f64, open: bool) -> Self {
        Interval {
            lo,
            hi: None,
            lo_open: open,
            hi_open: true,
        }
    }

    /// True when the two intervals share no point.
    pub fn disjoint(&self, other: &Interval) -> bool {
        below(self, other) || below(other, self)
    }

    /// True when every point of `other` lies in `self`.
    pub fn contains(&self, other: &Interval) -> bool {
        let lo_ok = self.lo < other.lo || (self.lo == other.lo && (!self.lo_open || other.lo_open));
        let hi_ok = match (self.hi, other.hi) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(a), Some(b)) => a > b || (a == b && (!self.hi_open || other.hi_open)),
        };
        lo_ok && hi_ok
    }

    /// True when every point of `self` lies below every point of `other`.
    pub fn is_below(&self, other: &Interval) -> bool {
        below(self, other)
    }

    /// Moves both ends by `delta`.
    pub fn shifted(&self, delta: f64) -> Interval {
        Interval {
            lo: self.lo + delta,
            hi: self.hi.map(|h| h + delta),
            ..*self
        }
    }

    /// Multiplies both ends by a positive factor (unit conversion).
    pub fn scaled(&self, factor: f64) -> Interval {
        Interval {
            lo: self.lo * factor,
            hi: self.hi.map(|h| h * factor),
            ..*self
        }
    }
}

/// True when `a` lies wholly below `b`.
fn below(a: &Interval, b: &Interval) -> bool {
    match a.hi {
        None => false,
        Some(hi) => hi < b.lo || (hi == b.lo && (a.hi_open || b.lo_open)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn touching_ends_conflict_only_when_one_is_open() {
        let fewer_than_100 = Interval::half_open(0.0, 100.0);
        let at_least_100 = Interval::above(100.0, false);
        let more_than_100 = Interval::above(100.0, true);
        let up_to_100 = Interval::closed(0.0, 100.0);
        assert!(fewer_than_100.disjoint(&at_least_100));
        assert!(up_to_100.disjoint(&more_than_100));
        assert!(!up_to_100.disjoint(&at_least_100));
    }

    #[test]
    fn unbounded_contains_point_above() {
        let over = Interval::above(20_000.0, true);
        assert!(over.contains(&Interval::point(20_179.0)));
        assert!(!over.contains(&Interval::point(20_000.0)));
        assert!(!Interval::point(20_179.0).contains(&over));
    }
}
