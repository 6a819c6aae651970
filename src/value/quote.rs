//! Quotations and names as values.
//!
//! A quote is compared with others by its normalized words and its speaker (see
//! `align::quotes`); a name is one spelling of a person, organization or place.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::Relation;

/// What sort of speaker a quote has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SpeakerKind {
    /// A person of the vocabulary, or a name the text gives.
    Person,
    /// An organization of the vocabulary ("Hamas", "Reuters").
    Organization,
    /// A country or territory, or an institution of one ("Israel", "Israel's
    /// foreign ministry").
    Group,
    /// An unnamed speaker kept as described ("a senior Palestinian official").
    Description,
}

/// Who said a quote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Speaker {
    pub kind: SpeakerKind,
    /// Vocabulary id, or the normalized description.
    pub id: String,
    /// As people read it: "Benjamin Netanyahu", "a senior Palestinian official".
    pub name: String,
    /// Ids of the places and organizations the speaker belongs to or speaks for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub within: Vec<String>,
}

impl Speaker {
    /// The same speaker, or one that speaks for the other ("Israel" and "Israel's
    /// foreign ministry").
    pub fn same_as(&self, other: &Speaker) -> bool {
        let speaks_for = |a: &Speaker, b: &Speaker| {
            matches!(a.kind, SpeakerKind::Group | SpeakerKind::Organization)
                && b.within.contains(&a.id)
        };
        self.id == other.id || speaks_for(self, other) || speaks_for(other, self)
    }
}

impl fmt::Display for Speaker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// A quotation with its speaker, when one could be found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteValue {
    /// The words as written between the quote marks.
    pub text: String,
    /// The words it is compared by (lower case, no punctuation).
    pub words: Vec<String>,
    /// `None` when no attribution pattern found one: never guessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<Speaker>,
}

impl fmt::Display for QuoteValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "“{}”", self.text.trim_end_matches([',', ' ']))
    }
}

/// One spelling of a name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameValue {
    /// As written.
    pub spelling: String,
    /// Lower case, without dots, hyphens as spaces: "U.S." and "US" both "us".
    pub normalized: String,
    /// True when the spelling is a name or alias the vocabulary lists; false for a
    /// description a rule recognizes ("Turkey's intelligence chief").
    pub listed: bool,
}

impl NameValue {
    /// Spellings of one entity: the same spelling agrees; a short form ("Al Thani"
    /// in "Mohammed bin Abdulrahman Al Thani") is unrelated; spellings that differ
    /// only in case, dots, spaces or hyphens, or by a letter or two, are variants,
    /// as are two different descriptions of one person; two listed names that are
    /// simply different ("United States", "America") are not worth a finding.
    pub fn relation(&self, other: &NameValue) -> Relation {
        if self.spelling == other.spelling {
            return Relation::Agree;
        }
        if self.normalized == other.normalized {
            return Relation::Variant;
        }
        let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        let (a, b) = (words(&self.normalized), words(&other.normalized));
        // A short form ("Al Thani", "Trump") is neither the same spelling nor a
        // variant; treating it as agreeing would chain two variants into one side.
        if a.iter().all(|w| b.contains(w)) || b.iter().all(|w| a.contains(w)) {
            return Relation::Unrelated;
        }
        if !(self.listed && other.listed) {
            return Relation::Variant;
        }
        let squash = |s: &str| s.replace(' ', "");
        let similar = strsim::normalized_damerau_levenshtein(
            &squash(&self.normalized),
            &squash(&other.normalized),
        );
        if similar >= 0.85 {
            Relation::Variant
        } else {
            Relation::Unrelated
        }
    }
}

impl fmt::Display for NameValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.spelling)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(spelling: &str, listed: bool) -> NameValue {
        NameValue {
            spelling: spelling.into(),
            normalized: crate::rules::vocab::normalize_name(spelling),
            listed,
        }
    }

    #[test]
    fn spelling_variants() {
        let v = |a: &str, b: &str| name(a, true).relation(&name(b, true));
        assert_eq!(v("U.S.", "US"), Relation::Variant);
        assert_eq!(
            v(
                "Sheikh Mohammed bin Abdul Rahman Al Thani",
                "Sheikh Mohammed bin Abdulrahman Al Thani"
            ),
            Relation::Variant
        );
        assert_eq!(
            v("Al Thani", "Sheikh Mohammed bin Abdulrahman Al Thani"),
            Relation::Unrelated
        );
        assert_eq!(v("Trump", "Donald Trump"), Relation::Unrelated);
        assert_eq!(v("United States", "America"), Relation::Unrelated);
        assert_eq!(v("Gaza", "Gaza"), Relation::Agree);
    }

    #[test]
    fn descriptions_of_one_person_are_variants() {
        let a = name("Turkey’s intelligence chief", false);
        let b = name("the head of Turkish intelligence", false);
        assert_eq!(a.relation(&b), Relation::Variant);
    }

    #[test]
    fn speakers_speak_for_their_country() {
        let israel = Speaker {
            kind: SpeakerKind::Group,
            id: "israel".into(),
            name: "Israel".into(),
            within: vec![],
        };
        let ministry = Speaker {
            kind: SpeakerKind::Group,
            id: "israel's foreign ministry".into(),
            name: "Israel’s foreign ministry".into(),
            within: vec!["israel".into()],
        };
        assert!(israel.same_as(&ministry) && ministry.same_as(&israel));
        let official = Speaker {
            kind: SpeakerKind::Description,
            id: "senior palestinian official".into(),
            name: "a senior Palestinian official".into(),
            within: vec!["palestinian-territories".into()],
        };
        assert!(!official.same_as(&israel));
    }
}
