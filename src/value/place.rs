//! Places: a gazetteer entry, carried with its chain of parents so that a claim can be
//! compared without the gazetteer at hand (the `align` command reads claims only).

use serde::{Deserialize, Serialize};
use std::fmt;

use super::Relation;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceValue {
    /// Gazetteer id ("cairo").
    pub id: String,
    /// Canonical name ("Cairo").
    pub name: String,
    /// Ids of the places that contain it, nearest first (["egypt"]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub within: Vec<String>,
}

impl PlaceValue {
    /// The same place agrees; a place and one that contains it are compatible (the
    /// talks in Egypt, the talks in Cairo); any other two places conflict.
    pub fn relation(&self, other: &PlaceValue) -> Relation {
        if self.id == other.id {
            Relation::Agree
        } else if self.within.contains(&other.id) || other.within.contains(&self.id) {
            Relation::Compatible
        } else {
            Relation::Conflict
        }
    }
}

impl fmt::Display for PlaceValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(id: &str, within: &[&str]) -> PlaceValue {
        PlaceValue {
            id: id.into(),
            name: id.into(),
            within: within.iter().map(|s| (*s).to_string()).collect(),
        }
    }

    #[test]
    fn containment_is_compatible_siblings_conflict() {
        let egypt = place("egypt", &[]);
        let cairo = place("cairo", &["egypt"]);
        let sharm = place("sharm-el-sheikh", &["egypt"]);
        assert_eq!(cairo.relation(&sharm), Relation::Conflict);
        assert_eq!(egypt.relation(&cairo), Relation::Compatible);
        assert_eq!(sharm.relation(&egypt), Relation::Compatible);
        assert_eq!(cairo.relation(&cairo.clone()), Relation::Agree);
        let gaza_city = place("gaza-city", &["gaza-strip", "palestine"]);
        assert_eq!(
            gaza_city.relation(&place("palestine", &[])),
            Relation::Compatible
        );
    }
}
