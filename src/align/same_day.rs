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
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use crate::extract::{Claim, Trend};
use crate::value::ClaimKind;

/// How many running counts must all point the same way before two reports of one
/// day are ordered.
const COUNTS_TO_ORDER: usize = 2;

/// Which report of a day is the earlier count: (story, day, earlier source, later
/// source).
#[derive(Debug, Default)]
pub struct SameDayOrder(BTreeSet<(Option<String>, String, String, String)>);

impl SameDayOrder {
    /// Reads the order off the claims' running totals (no parts: a count of children
    /// is not the toll).
    pub fn new(claims: &[Claim]) -> SameDayOrder {
        // The highest figure each report gives of each running count, by day.
        type Day<'c> = (Option<&'c str>, &'c str);
        let mut highest: BTreeMap<Day<'_>, BTreeMap<(&str, &str), f64>> = BTreeMap::new();
        for c in claims {
            let (Some(day), Some(figure)) = (c.as_of.as_deref(), c.value.figure()) else {
                continue;
            };
            if c.kind != ClaimKind::Quantity || c.trend != Trend::Rises || c.slots.group.is_some() {
                continue;
            }
            let best = highest
                .entry((c.story.as_deref(), day))
                .or_default()
                .entry((c.source.as_str(), c.measure.as_str()))
                .or_insert(figure);
            *best = best.max(figure);
        }
        let mut order = BTreeSet::new();
        for ((story, day), figures) in &highest {
            let sources: BTreeSet<&str> = figures.keys().map(|(s, _)| *s).collect();
            for a in &sources {
                for b in sources
                    .range::<&str, _>((std::ops::Bound::Excluded(a), std::ops::Bound::Unbounded))
                {
                    let ways: Vec<Ordering> = figures
                        .iter()
                        .filter(|((s, _), _)| s == a)
                        .filter_map(|((_, m), fa)| {
                            let fb = figures.get(&(*b, *m))?;
                            fa.partial_cmp(fb).filter(|o| o.is_ne())
                        })
                        .collect();
                    let (Some(&first), true) = (ways.first(), ways.len() >= COUNTS_TO_ORDER) else {
                        continue;
                    };
                    if ways.iter().all(|w| *w == first) {
                        let (earlier, later) = if first == Ordering::Less {
                            (a, b)
                        } else {
                            (b, a)
                        };
                        order.insert((
                            story.map(str::to_string),
                            day.to_string(),
                            earlier.to_string(),
                            later.to_string(),
                        ));
                    }
                }
            }
        }
        SameDayOrder(order)
    }

    /// True when `earlier`'s figures of its day come before `later`'s.
    pub fn before(&self, earlier: &Claim, later: &Claim) -> bool {
        let (Some(day), Some(other)) = (earlier.as_of.as_deref(), later.as_of.as_deref()) else {
            return false;
        };
        day == other
            && earlier.story == later.story
            && self.0.contains(&(
                earlier.story.clone(),
                day.to_string(),
                earlier.source.clone(),
                later.source.clone(),
            ))
    }
}

/// True when a figure's own words say the count rose to it ("the toll rose to 233",
/// "has climbed to 288", "increased to 57").
pub fn told_as_rise(c: &Claim) -> bool {
    static ROSE_TO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)\b(?:rose|risen|rised|rises|rising|climbed|climbs|climbing|jumped|jumps|increased|increases|surged|soared|grew|grown|mounted|went\s+up|gone\s+up)\s+(?:\w+\s+){0,3}?to\b",
        )
        .expect("the rose-to pattern is valid")
    });
    ROSE_TO.is_match(&c.text)
}
