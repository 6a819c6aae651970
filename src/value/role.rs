//! Roles: the title a report gives a person ("former President", "special envoy").

use serde::{Deserialize, Serialize};
use std::fmt;

use super::Relation;

/// The office of "no longer serving in an official capacity": any office at all.
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
        let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        let (wa, wb) = (words(&a), words(&b));
        // "No official post" speaks of every office: it narrows to any of them.
        let any = a == ANY_OFFICE || b == ANY_OFFICE;
        let narrows = any || wa.iter().all(|w| wb.contains(w)) || wb.iter().all(|w| wa.contains(w));
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
