//! The claim: what one rule found in one report, with its typed value and exactly
//! where it stands. Claims are plain data; they are what `extract` writes as JSON
//! Lines and what `align` reads back.
//!
//! What a claim is about is a **measure** of the lexicon ("dead", "magnitude",
//! "venue", "title") plus typed **slots**: whose figure it is (subject), which part
//! of the people counted (group), where, which event, who gives the figure. Two
//! claims are compared only when their measures are equal and their slots unify.

use serde::{Deserialize, Serialize};

use crate::value::{ClaimKind, PlaceValue, Value};

/// How a measure's figures move over time.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Trend {
    /// One true value: any two different values of it are a contradiction (a
    /// magnitude, a venue, a date).
    #[default]
    Fixed,
    /// A count to date that only grows (a death toll): a later, higher figure is an
    /// update; a later, lower one is a contradiction.
    Rises,
    /// A count that moves both ways (people missing, hostages held): figures of
    /// different dates are updates.
    Changes,
}

impl Trend {
    pub fn is_fixed(&self) -> bool {
        *self == Trend::Fixed
    }
}

/// The id prefix of a place that is a site within the event's place ("died inside
/// the stadium"): a figure there is a part of the event's, never compared with it.
pub const SITE: &str = "@";

/// The typed parts of a claim's key besides its measure. A slot is set only where
/// the text says it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Slots {
    /// Who or what the figure is about: the person of a title, the candidate or party
    /// of a vote share, who arrived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// A part of the people counted: "children", "passengers", "Palestinians".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Where the counted thing happened; a city's figure is a part of its country's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<PlaceValue>,
    /// Which event: "earthquake", "aftershock", "attack", "talks".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// Who gives the figure ("Xinhua", "the health ministry"): shown, never a reason
    /// not to compare.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl Slots {
    pub fn is_empty(&self) -> bool {
        *self == Slots::default()
    }

    /// Whether two claims' slots allow comparing them. Where and which event may be
    /// left unsaid (news leaves out what the story makes obvious): equal, or absent
    /// from one of them. Whose figure and which part of the people are never left
    /// unsaid: a figure with no group is the total ("300 of them children" is not the
    /// toll), so they must be equal. Places must be the same place: a city's toll
    /// and its country's are a part and a whole, never compared. The source of a
    /// figure is no reason to keep two figures apart.
    pub fn unify(&self, other: &Slots) -> bool {
        fn same<T: PartialEq>(a: &Option<T>, b: &Option<T>) -> bool {
            match (a, b) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            }
        }
        fn site(s: &Slots) -> Option<&str> {
            s.place
                .as_ref()
                .map(|p| p.id.as_str())
                .filter(|id| id.starts_with(SITE))
        }
        self.subject == other.subject
            && self.group == other.group
            && site(self) == site(other)
            && same(&self.event, &other.event)
            && match (&self.place, &other.place) {
                (Some(a), Some(b)) => a.id == b.id,
                _ => true,
            }
    }

    /// Whether two claims are about the same thing for certain enough to call
    /// different values a contradiction: their slots unify, and one states all that
    /// the other states (a toll "in Gaza" and a toll "in the attack" each leave out
    /// what the other says, and may be two different tolls).
    pub fn comparable(&self, other: &Slots) -> bool {
        let names = |s: &Slots| [s.place.is_some(), s.event.is_some()];
        let (a, b) = (names(self), names(other));
        let within = |x: [bool; 2], y: [bool; 2]| x.iter().zip(y).all(|(x, y)| !x || y);
        self.unify(other) && (within(a, b) || within(b, a))
    }

    /// How many slots (besides the source) are set: the more, the more specific.
    pub fn specificity(&self) -> usize {
        [
            self.subject.is_some(),
            self.group.is_some(),
            self.place.is_some(),
            self.event.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count()
    }

    /// The slots of both: each set slot of either (they must unify).
    pub fn merged(&self, other: &Slots) -> Slots {
        Slots {
            subject: self.subject.clone().or_else(|| other.subject.clone()),
            group: self.group.clone().or_else(|| other.group.clone()),
            place: self.place.clone().or_else(|| other.place.clone()),
            event: self.event.clone().or_else(|| other.event.clone()),
            source: None,
        }
    }
}

/// A string many claims hold the same (a report's id and path, a rule's id, a
/// measure, a day): shared, not copied, by every claim that holds it.
pub type Shared = std::sync::Arc<str>;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// Source id.
    pub source: Shared,
    /// Source file path.
    pub path: Shared,
    /// The source's content identity: the first 16 hex digits of the SHA-256 of its
    /// bytes (see [`crate::source::digest`]). Set by the pipeline; `align` refuses
    /// claims of one source id with two digests (two different files of one name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<Shared>,
    /// The story of the source (from the manifest), when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story: Option<Shared>,
    /// Id of the rule that made the claim.
    pub rule: Shared,
    pub kind: ClaimKind,
    /// The measure of the lexicon the claim states ("dead", "venue", "title").
    pub measure: Shared,
    /// What the claim is about, as people read it: the measure's label with the
    /// slots ("people killed · earthquake · Gansu").
    pub key: String,
    /// The typed parts of the key besides the measure.
    #[serde(default, skip_serializing_if = "Slots::is_empty")]
    pub slots: Slots,
    /// How the measure's figures move over time.
    #[serde(default, skip_serializing_if = "Trend::is_fixed")]
    pub trend: Trend,
    /// The day the figure stands at (YYYY-MM-DD): a date the sentence gives ("as of
    /// Monday"), else the report's publication date; unknown without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Shared>,
    pub value: Value,
    /// The value as people read it ("at least 67,173").
    pub display: String,
    /// The words of the claim, exactly as they stand in the file.
    pub text: String,
    /// The words the value was read from ("at least 67,173").
    pub value_text: String,
    /// Byte offsets of `text` in the file.
    pub start: usize,
    pub end: usize,
    /// 1-based line and column (in characters) of `start`.
    pub line: usize,
    pub column: usize,
    /// The sentence the claim stands in (one string shared by the claims of a
    /// sentence).
    pub sentence: Shared,
    /// Byte offset of the sentence in the file (so `start - sentence_start` is the
    /// claim's offset in `sentence`).
    pub sentence_start: usize,
}

impl Claim {
    /// Report then text order (then rule): the order a reader meets claims in, and
    /// the one alignment works in, whatever order the claims came in.
    pub fn text_order(&self, other: &Claim) -> std::cmp::Ordering {
        (&self.source, self.start, &self.rule).cmp(&(&other.source, other.start, &other.rule))
    }

    /// The claim's words' byte range within its sentence, when it lies inside it.
    pub fn range_in_sentence(&self) -> Option<(usize, usize)> {
        let s = self.start.checked_sub(self.sentence_start)?;
        let e = self.end.checked_sub(self.sentence_start)?;
        // Claims read back by `align` may say anything: an end before the start
        // is no range (found by fuzzing).
        (s <= e
            && e <= self.sentence.len()
            && self.sentence.is_char_boundary(s)
            && self.sentence.is_char_boundary(e))
        .then_some((s, e))
    }
}

#[cfg(test)]
impl Claim {
    /// A claim of `source` stating `value` for `measure`, at the start of a one-line
    /// report, for unit tests of the stages after extraction.
    pub(crate) fn for_test(source: &str, measure: &str, value: Value) -> Claim {
        let display = value.to_string();
        Claim {
            source: source.into(),
            path: format!("{source}.txt").into(),
            digest: None,
            story: None,
            rule: "test".into(),
            kind: value.kind(),
            measure: measure.into(),
            key: measure.into(),
            slots: Slots::default(),
            trend: Trend::Fixed,
            as_of: None,
            display: display.clone(),
            value,
            text: display.clone(),
            value_text: display.clone(),
            start: 0,
            end: display.len(),
            line: 1,
            column: 1,
            sentence: display.into(),
            sentence_start: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(id: &str) -> Option<PlaceValue> {
        Some(PlaceValue {
            id: id.into(),
            name: id.into(),
            within: Vec::new(),
        })
    }

    #[test]
    fn slots_unify_when_equal_or_absent() {
        let gaza = Slots {
            place: place("gaza"),
            ..Slots::default()
        };
        let west_bank = Slots {
            place: place("west-bank"),
            ..Slots::default()
        };
        let none = Slots::default();
        assert!(gaza.unify(&none) && none.unify(&west_bank));
        assert!(!gaza.unify(&west_bank));
        let children = Slots {
            group: Some("children".into()),
            ..Slots::default()
        };
        assert!(!children.unify(&Slots {
            group: Some("women".into()),
            ..Slots::default()
        }));
        // A part is not its total.
        assert!(!children.unify(&none));
        // A place and an event, each stated by one claim only: they unify (an equal
        // figure is one statement) but are not comparable (different figures are
        // no contradiction).
        let attack = Slots {
            event: Some("attack".into()),
            ..Slots::default()
        };
        assert!(gaza.unify(&attack) && !gaza.comparable(&attack));
        assert!(gaza.comparable(&none) && none.comparable(&attack));
        // Two sources of one figure are still compared.
        let a = Slots {
            source: Some("USGS".into()),
            ..Slots::default()
        };
        let b = Slots {
            source: Some("Xinhua".into()),
            ..Slots::default()
        };
        assert!(a.unify(&b));
    }
}
