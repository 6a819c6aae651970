//! The claim: what one rule found in one report, with its typed value and exactly
//! where it stands. Claims are plain data; they are what `extract` writes as JSON
//! Lines and what `align` reads back.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::value::{ClaimKind, Value};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// Source id.
    pub source: String,
    /// Source file path.
    pub path: String,
    /// The story of the source (from the manifest), when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story: Option<String>,
    /// Id of the rule that made the claim.
    pub rule: String,
    pub kind: ClaimKind,
    /// What the claim is about ("venue / talks"); claims are compared by key.
    pub key: String,
    /// Optional key parts ("place": "Gaza Strip"): claims with different values of a
    /// qualifier are not compared; a claim without it is compared with both.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub qualifiers: BTreeMap<String, String>,
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
    /// The sentence the claim stands in.
    pub sentence: String,
    /// Byte offset of the sentence in the file (so `start - sentence_start` is the
    /// claim's offset in `sentence`).
    pub sentence_start: usize,
}

impl Claim {
    /// The claim's words' byte range within its sentence, when it lies inside it.
    pub fn range_in_sentence(&self) -> Option<(usize, usize)> {
        let s = self.start.checked_sub(self.sentence_start)?;
        let e = self.end.checked_sub(self.sentence_start)?;
        (e <= self.sentence.len()
            && self.sentence.is_char_boundary(s)
            && self.sentence.is_char_boundary(e))
        .then_some((s, e))
    }
}
