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

/// How a name claim's spellings are compared.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NameForm {
    /// Spellings of a name: a variant only when they look like one word written two
    /// ways.
    #[default]
    Spelling,
    /// Descriptions of one entity ("Turkey's intelligence chief", "the head of
    /// Turkish intelligence"): any two different ones are variants.
    Description,
}

/// One spelling of a name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameValue {
    /// As written.
    pub spelling: String,
    /// Lower case, without dots, hyphens as spaces: "U.S." and "US" both "us".
    pub normalized: String,
    pub form: NameForm,
}

impl NameValue {
    /// Spellings of one entity: the same spelling agrees; spellings that differ only
    /// in case, dots, spaces or hyphens ("U.S."/"US", "Abdul Rahman"/"Abdulrahman"),
    /// or by one letter of a long word ("Erdogan"/"Erdoğan"), are variants; a short
    /// form ("Al Thani") or a different name ("United States"/"America") is not
    /// worth a finding. Two different descriptions of one person are variants.
    pub fn relation(&self, other: &NameValue) -> Relation {
        // A name in capitals ("JEDDAH, Saudi Arabia (AP) —") is typography, not
        // another spelling.
        let shouted =
            |s: &str| s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase);
        if self.spelling == other.spelling
            || (self.spelling.to_lowercase() == other.spelling.to_lowercase()
                && (shouted(&self.spelling) || shouted(&other.spelling)))
        {
            return Relation::Agree;
        }
        if self.normalized == other.normalized {
            return Relation::Variant;
        }
        if self.form == NameForm::Description || other.form == NameForm::Description {
            return Relation::Variant;
        }
        if spelled_alike(&self.normalized, &other.normalized) {
            Relation::Variant
        } else {
            Relation::Unrelated
        }
    }
}

/// The conservative test for two normalized spellings of one name: equal once spaces
/// are removed, or the same words but one, which differs by a single letter, is at
/// least five letters long, and is not a plural of the other.
fn spelled_alike(a: &str, b: &str) -> bool {
    if a.replace(' ', "") == b.replace(' ', "") {
        return true;
    }
    let (wa, wb): (Vec<&str>, Vec<&str>) = (
        a.split_whitespace().collect(),
        b.split_whitespace().collect(),
    );
    if wa.len() != wb.len() {
        return false;
    }
    let differing: Vec<(&str, &str)> = wa
        .iter()
        .zip(&wb)
        .filter(|(x, y)| x != y)
        .map(|(x, y)| (*x, *y))
        .collect();
    match differing.as_slice() {
        [(x, y)] => {
            let plural = x.strip_suffix('s') == Some(*y) || y.strip_suffix('s') == Some(*x);
            x.chars().count().min(y.chars().count()) >= 5
                && !plural
                && strsim::damerau_levenshtein(x, y) == 1
        }
        _ => false,
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

    fn name(spelling: &str, description: bool) -> NameValue {
        NameValue {
            spelling: spelling.into(),
            normalized: crate::rules::vocab::normalize_name(spelling),
            form: if description {
                NameForm::Description
            } else {
                NameForm::Spelling
            },
        }
    }

    #[test]
    fn spelling_variants() {
        let v = |a: &str, b: &str| name(a, false).relation(&name(b, false));
        assert_eq!(v("U.S.", "US"), Relation::Variant);
        assert_eq!(
            v(
                "Sheikh Khalid bin Abdul Aziz Al Nuaimi",
                "Sheikh Khalid bin Abdulaziz Al Nuaimi"
            ),
            Relation::Variant
        );
        assert_eq!(
            v("Al Nuaimi", "Sheikh Khalid bin Abdulaziz Al Nuaimi"),
            Relation::Unrelated
        );
        assert_eq!(v("Trump", "Donald Trump"), Relation::Unrelated);
        assert_eq!(v("United States", "America"), Relation::Unrelated);
        assert_eq!(
            v("Recep Tayyip Erdogan", "Recep Tayyip Erdoğan"),
            Relation::Variant
        );
        assert_eq!(v("Khalil al-Hayya", "Khalil al-Hayyah"), Relation::Variant);
        assert_eq!(v("Prime Minister", "Prime Ministers"), Relation::Unrelated);
        assert_eq!(v("Middle East", "Middle Eastern"), Relation::Unrelated);
        assert_eq!(v("Gaza", "Gaze"), Relation::Unrelated);
        assert_eq!(v("Gaza", "Gaza"), Relation::Agree);
    }

    #[test]
    fn a_name_in_capitals_is_the_same_spelling() {
        assert_eq!(
            name("JEDDAH", false).relation(&name("Jeddah", false)),
            Relation::Agree
        );
        assert_eq!(
            name("Sharm El Sheikh", false).relation(&name("Sharm el-Sheikh", false)),
            Relation::Variant
        );
    }

    #[test]
    fn descriptions_of_one_person_are_variants() {
        let a = name("Turkey’s intelligence chief", true);
        let b = name("the head of Turkish intelligence", true);
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
