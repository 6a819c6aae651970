//! Roles: the title a report gives a person ("former President", "special envoy").

use serde::{Deserialize, Serialize};
use std::fmt;

use super::Relation;

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
        let narrows = wa.iter().all(|w| wb.contains(w)) || wb.iter().all(|w| wa.contains(w));
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
}
