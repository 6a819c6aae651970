//! Roles: the title a report gives a person ("former President", "special envoy").

use serde::{Deserialize, Serialize};
use std::fmt;

use super::Relation;

/// The office a person is said to hold no longer ("not in any official post"): any
/// office at all.
pub const ANY_OFFICE: &str = "official post";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleValue {
    /// The office, as the vocabulary spells it ("President", "special envoy").
    pub office: String,
    /// "former", "ex-", "then-": the person no longer holds the office.
    pub former: bool,
}

impl RoleValue {
    /// The same office agrees; "former X" against "X" conflicts; an office that
    /// narrows another ("envoy", "special envoy") is compatible; two different offices
    /// are unrelated (a person may hold both).
    pub fn relation(&self, other: &RoleValue) -> Relation {
        let a = self.office.to_lowercase();
        let b = other.office.to_lowercase();
        // "No official post" speaks of every office: it narrows to any of them.
        let any = a == ANY_OFFICE || b == ANY_OFFICE;
        let narrows = any || kind_of(&a, &b) || kind_of(&b, &a);
        if a == b {
            if self.former == other.former {
                Relation::Agree
            } else {
                Relation::Conflict
            }
        } else if narrows {
            if self.former == other.former {
                Relation::Compatible
            } else {
                Relation::Conflict
            }
        } else {
            Relation::Unrelated
        }
    }
}

/// Words before an office that make another office of it: a vice president is no
/// president, a deputy minister no minister, a prime minister not just a minister.
const OTHER_OFFICE: &[&str] = &[
    "vice",
    "deputy",
    "assistant",
    "under",
    "associate",
    "lieutenant",
    "prime",
    "sub",
    "co",
    "shadow",
    "vice-",
    "deputy-",
];

/// Whether office `a` is a kind of office `b`: `b`'s words end `a`'s, and the words
/// before them narrow it ("special envoy" is an envoy) rather than make another
/// office ("Vice President" is no President).
fn kind_of(a: &str, b: &str) -> bool {
    let (wa, wb): (Vec<&str>, Vec<&str>) = (
        a.split_whitespace().collect(),
        b.split_whitespace().collect(),
    );
    wa.len() > wb.len()
        && wa.ends_with(&wb)
        && wa[..wa.len() - wb.len()]
            .iter()
            .all(|w| !OTHER_OFFICE.contains(&w.trim_end_matches('-')))
}

impl fmt::Display for RoleValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.office == ANY_OFFICE {
            return f.write_str(if self.former {
                "no official post"
            } else {
                "an official post"
            });
        }
        if self.former {
            write!(f, "former {}", self.office)
        } else {
            f.write_str(&self.office)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(office: &str, former: bool) -> RoleValue {
        RoleValue {
            office: office.into(),
            former,
        }
    }

    #[test]
    fn former_against_sitting_conflicts() {
        assert_eq!(
            role("President", true).relation(&role("President", false)),
            Relation::Conflict
        );
        assert_eq!(
            role("President", false).relation(&role("president", false)),
            Relation::Agree
        );
        assert_eq!(
            role("envoy", false).relation(&role("special envoy", false)),
            Relation::Compatible
        );
        assert_eq!(
            role("Prime Minister", false).relation(&role("Foreign Minister", false)),
            Relation::Unrelated
        );
        assert_eq!(role("President", true).to_string(), "former President");
    }

    #[test]
    fn an_office_with_another_word_before_it_may_be_another_office() {
        // "former President" against "Vice President": two offices, no contradiction
        // (the old word-subset test called it one).
        assert_eq!(
            role("President", true).relation(&role("Vice President", false)),
            Relation::Unrelated
        );
        assert_eq!(
            role("Minister", false).relation(&role("Prime Minister", false)),
            Relation::Unrelated
        );
        assert_eq!(
            role("envoy", false).relation(&role("special envoy", false)),
            Relation::Compatible
        );
    }

    #[test]
    fn no_official_post_conflicts_with_any_current_office() {
        let none = role(ANY_OFFICE, true);
        assert_eq!(none.to_string(), "no official post");
        assert_eq!(none.relation(&role("envoy", false)), Relation::Conflict);
        assert_eq!(
            none.relation(&role("special envoy", true)),
            Relation::Compatible
        );
    }
}
