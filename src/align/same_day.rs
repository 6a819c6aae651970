//! Reports of one day, ordered by what their running counts say.
//!
//! Two reports published the same day that give different tolls contradict each
//! other — unless one of them is plainly the earlier count of that day: every
//! running figure it shares with the other (people killed, injured, missing, …) is
//! lower, on at least two counts. A wire story relayed hours later in another time
//! zone ("at least nine dead, 963 injured") beside the evening's figures ("10 dead,
//! 1,067 injured") is an update; two reports that are each ahead on a different count
//! are not ordered, and their different figures stay a contradiction. Two figures of
//! one day that both say the count rose ("the toll rose to 233", "has climbed to
//! 288") tell a count in motion that day: the lower one came first.

use regex::Regex;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use crate::extract::{Claim, Trend};
use crate::value::ClaimKind;

/// How many running counts must all point the same way before two reports of one
/// day are ordered.
const COUNTS_TO_ORDER: usize = 2;

/// A report on one day of one story: (story, day, source).
type ReportDay<'c> = (Option<&'c str>, &'c str, &'c str);

/// What the running counts of each report say, read once over all claims; two
/// reports are compared only when a pair of their figures asks for it, so the cost
/// grows with the claims, not with the pairs of reports of a day.
#[derive(Debug, Default)]
pub struct SameDayOrder<'c> {
    /// The highest figure each report gives of each running total, by measure.
    highest: HashMap<ReportDay<'c>, HashMap<&'c str, f64>>,
    /// The claims whose own words say the count rose to them, by (source, start).
    rising: HashSet<(&'c str, usize)>,
}

impl<'c> SameDayOrder<'c> {
    /// Reads the running totals (no parts: a count of children is not the toll).
    pub fn new(claims: &[&'c Claim]) -> SameDayOrder<'c> {
        let mut order = SameDayOrder::default();
        for &c in claims {
            if c.kind != ClaimKind::Quantity || c.trend != Trend::Rises {
                continue;
            }
            if told_as_rise(c) {
                order.rising.insert((&*c.source, c.start));
            }
            let (Some(day), Some(figure)) = (c.as_of.as_deref(), c.value.figure()) else {
                continue;
            };
            if c.slots.group.is_some() {
                continue;
            }
            let best = order
                .highest
                .entry((c.story.as_deref(), day, &*c.source))
                .or_default()
                .entry(&*c.measure)
                .or_insert(figure);
            *best = best.max(figure);
        }
        order
    }

    /// True when the claim's own words say the count rose to it ("the toll rose to
    /// 233").
    pub fn told_rise(&self, c: &Claim) -> bool {
        self.rising.contains(&(&*c.source, c.start))
    }

    /// True when `earlier`'s figures of its day come before `later`'s: both claims
    /// say the count rose to them, or `earlier`'s report is behind `later`'s on every
    /// running count they share (at least [`COUNTS_TO_ORDER`]).
    pub fn before(&self, earlier: &Claim, later: &Claim) -> bool {
        let (Some(day), Some(other)) = (earlier.as_of.as_deref(), later.as_of.as_deref()) else {
            return false;
        };
        if day != other || earlier.story != later.story {
            return false;
        }
        let rose = |c: &Claim| self.rising.contains(&(&*c.source, c.start));
        if rose(earlier) && rose(later) {
            return true;
        }
        let story = earlier.story.as_deref();
        let (Some(a), Some(b)) = (
            self.highest.get(&(story, day, &*earlier.source)),
            self.highest.get(&(story, day, &*later.source)),
        ) else {
            return false;
        };
        let mut ways = a.iter().filter_map(|(measure, fa)| {
            let fb = b.get(measure)?;
            fa.partial_cmp(fb).filter(|o| o.is_ne())
        });
        let mut behind = 0;
        ways.all(|way| {
            behind += 1;
            way == Ordering::Less
        }) && behind >= COUNTS_TO_ORDER
    }
}

/// Words saying a count rose to the figure after them.
static ROSE_TO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:rose|risen|rised|rises|rising|climbed|climbs|climbing|jumped|jumps|increased|increases|surged|soared|grew|grown|mounted|went\s+up|gone\s+up)\s+(?:\w+\s+){0,3}?to\b",
    )
    .expect("the rose-to pattern is valid")
});

/// Builds this module's fixed pattern, which aligning a story otherwise builds
/// the first time it needs it, on the one thread left at a run's end (a
/// millisecond of a run over five reports). A caller with an idle core runs this
/// on it.
pub fn warm_up() {
    LazyLock::force(&ROSE_TO);
}

/// True when a figure's own words say the count rose to it ("the toll rose to 233",
/// "has climbed to 288", "increased to 57").
fn told_as_rise(c: &Claim) -> bool {
    ROSE_TO.is_match(&c.text)
}
