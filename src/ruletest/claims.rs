//! Gold claims: sentences of a corpus read by hand, with the claims a careful reader
//! marks in each (`gold-claims.yaml`, format in `tests/corpus/README.md`). A run
//! scores the claims crosscheck extracts from those sentences: a claim is right when
//! its measure is the gold one and it reads the value from the same words; any
//! other claim in a judged sentence is a false one, any gold claim not found a miss.
//! Slots (place, event, group, subject, source) and speakers are scored apart, over
//! the claims found.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

use super::corpus::{GoldError, Score, read_gold_file};
use crate::extract::Claim;
use crate::rules::Pack;
use crate::rules::vocab::normalize_name;
use crate::source::text::sentences;
use crate::value::{ClaimKind, Quantity, Value};

/// The gold claims file in a corpus folder.
pub const GOLD_CLAIMS_NAME: &str = "gold-claims.yaml";

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GoldClaims {
    /// Measures this file does not mark (a set read for figures only may leave
    /// titles out): claims of these measures are neither right nor wrong here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unmarked: Vec<String>,
    pub sentences: Vec<GoldSentence>,
}

/// A sentence read by hand.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GoldSentence {
    /// The report id.
    pub source: String,
    /// Words of the sentence that find it in the report.
    pub text: String,
    /// The claims it makes; none for a sentence with nothing to check, or a trap.
    #[serde(default)]
    pub claims: Vec<GoldClaim>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A claim a careful reader marks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GoldClaim {
    pub measure: String,
    /// The words that carry the value, as written.
    pub value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Reads a gold claims file; errors name the file, line and column.
pub fn read_gold_claims(path: &Path) -> Result<GoldClaims, GoldError> {
    read_gold_file(path)
}

/// One disagreement between the gold claims and the claims extracted.
#[derive(Clone, Debug, PartialEq)]
pub enum ClaimError {
    /// A gold claim not extracted: (source, gold claim, the sentence's words).
    Missed(String, GoldClaim, String),
    /// A claim extracted in a judged sentence that the gold file does not mark.
    False(Box<Claim>),
    /// A gold claim found, with a slot or speaker read wrongly: (gold, claim,
    /// what differs).
    Slot(GoldClaim, Box<Claim>, String),
}

/// The outcome of scoring a corpus's claims.
#[derive(Clone, Debug, Default)]
pub struct ClaimReport {
    /// Over all claims, and per measure (of the gold claim, or of the false one).
    pub all: Score,
    pub measures: BTreeMap<String, Score>,
    /// Slots and speakers the gold claims state, and how many of those the claims
    /// found read right.
    pub slots: Score,
    pub sentences: usize,
    /// Gold sentences whose words are not in their report (the gold file is wrong).
    pub unplaced: Vec<(String, String)>,
    pub errors: Vec<ClaimError>,
}

/// Scores `claims` (of the corpus, with `texts` by source id) against `gold`.
pub fn score_claims(
    pack: &Pack,
    gold: &GoldClaims,
    claims: &[Claim],
    texts: &BTreeMap<String, String>,
) -> ClaimReport {
    let mut report = ClaimReport {
        sentences: gold.sentences.len(),
        ..ClaimReport::default()
    };
    let mut counts: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let (mut slot_tp, mut slot_fn) = (0, 0);
    let mut sentence_cache: BTreeMap<&str, Vec<(usize, usize)>> = BTreeMap::new();
    // Judged ranges may repeat (two entries for one sentence): a claim is judged once.
    let mut judged: Vec<(String, usize, usize, Vec<&GoldClaim>)> = Vec::new();
    for s in &gold.sentences {
        let Some(text) = texts.get(&s.source) else {
            report.unplaced.push((s.source.clone(), s.text.clone()));
            continue;
        };
        let Some(at) = text.find(s.text.as_str()) else {
            report.unplaced.push((s.source.clone(), s.text.clone()));
            continue;
        };
        let ranges = sentence_cache
            .entry(s.source.as_str())
            .or_insert_with(|| sentences(text));
        let end = at + s.text.len();
        let start = ranges
            .iter()
            .find(|r| r.0 <= at && at < r.1.max(r.0 + 1))
            .map_or(at, |r| r.0);
        let stop = ranges
            .iter()
            .find(|r| r.0 < end && end <= r.1)
            .map_or(end, |r| r.1);
        match judged
            .iter_mut()
            .find(|(src, a, b, _)| *src == s.source && *a == start && *b == stop)
        {
            Some(j) => j.3.extend(s.claims.iter()),
            None => judged.push((s.source.clone(), start, stop, s.claims.iter().collect())),
        }
    }
    for (source, start, stop, golds) in judged {
        let mut found: Vec<&Claim> = claims
            .iter()
            .filter(|c| *c.source == *source && c.start >= start && c.start < stop)
            .filter(|c| {
                c.kind != ClaimKind::Name && !gold.unmarked.iter().any(|m| **m == *c.measure)
            })
            .collect();
        found.sort_by_key(|c| (c.start, c.end));
        let mut used = vec![false; found.len()];
        let words = texts
            .get(&source)
            .and_then(|t| t.get(start..stop))
            .unwrap_or_default()
            .trim()
            .to_string();
        for g in golds {
            let hit = (0..found.len()).find(|&i| !used[i] && same_claim(pack, g, found[i]));
            let e = counts.entry(g.measure.clone()).or_default();
            match hit {
                Some(i) => {
                    used[i] = true;
                    e.0 += 1;
                    let (right, wrong) = slots_read(pack, g, found[i]);
                    slot_tp += right;
                    slot_fn += wrong.len();
                    if !wrong.is_empty() {
                        report.errors.push(ClaimError::Slot(
                            g.clone(),
                            Box::new(found[i].clone()),
                            wrong.join("; "),
                        ));
                    }
                }
                None => {
                    e.2 += 1;
                    report.errors.push(ClaimError::Missed(
                        source.clone(),
                        g.clone(),
                        words.clone(),
                    ));
                }
            }
        }
        for (i, c) in found.iter().enumerate() {
            if !used[i] {
                // A quotation nobody marked is not a claim about the event's facts;
                // quotes count only where the gold file marks them.
                if c.kind == ClaimKind::Quote {
                    continue;
                }
                counts.entry(c.measure.to_string()).or_default().1 += 1;
                report
                    .errors
                    .push(ClaimError::False(Box::new((*c).clone())));
            }
        }
    }
    let (tp, fp, fn_) = counts
        .values()
        .fold((0, 0, 0), |a, c| (a.0 + c.0, a.1 + c.1, a.2 + c.2));
    report.all = Score::new(tp, fp, fn_);
    report.measures = counts
        .into_iter()
        .map(|(k, (tp, fp, fn_))| (k, Score::new(tp, fp, fn_)))
        .collect();
    report.slots = Score::new(slot_tp, 0, slot_fn);
    report
}

/// Lower case, one space, straight quotes and apostrophes, no edge punctuation.
fn norm(text: &str) -> String {
    let s: String = text
        .chars()
        .map(|c| match c {
            '’' | '‘' => '\'',
            '“' | '”' => '"',
            '\u{a0}' | '\u{202f}' => ' ',
            c => c,
        })
        .collect::<String>()
        .to_lowercase();
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| c.is_ascii_punctuation() && c != '%' && c != '$')
        .to_string()
}

/// Whether an extracted claim is the gold claim: the same measure, and the value
/// read from the same words (or words that mean the same figure).
fn same_claim(pack: &Pack, g: &GoldClaim, c: &Claim) -> bool {
    if c.kind == ClaimKind::Quote {
        let quoted = norm(&c.text);
        let want = norm(&g.value);
        return g.measure == "quote" && !want.is_empty() && quoted.starts_with(&want);
    }
    if *g.measure != *c.measure {
        return false;
    }
    // A title is the office as crosscheck reads it: the gold value may give more of
    // the words around it ("Lebanese President", "spokesman at the Ministry of
    // Health") or fewer, as long as one's words begin or end the other's.
    if let Value::Role(role) = &c.value {
        let (have, want) = (norm(&role.to_string()), norm(&g.value));
        let (h, w): (Vec<&str>, Vec<&str>) = (
            have.split(' ').collect(),
            want.trim_start_matches("the ").split(' ').collect(),
        );
        let former = |words: &[&str]| words.iter().any(|w| *w == "former" || w.starts_with("ex-"));
        return former(&h) == former(&w)
            && (h.starts_with(&w) || h.ends_with(&w) || w.starts_with(&h) || w.ends_with(&h));
    }
    let (have, want) = (norm(&c.value_text), norm(&g.value));
    if have == want {
        return true;
    }
    // The gold value may name what is counted after the figure ("10 states" for a
    // figure read as "10"): the same figure, the rest words.
    if let Some(rest) = want.strip_prefix(&have)
        && rest.starts_with(' ')
        && !rest.chars().any(|ch| ch.is_ascii_digit())
        && !have.is_empty()
    {
        let scale = [
            "hundred", "thousand", "million", "billion", "trillion", "percent", "per", "dozen",
        ];
        let next = rest.split_whitespace().next().unwrap_or_default();
        if !scale.contains(&next) {
            return true;
        }
    }
    // The same figure in other words: "7.4" and "magnitude 7.4", "10 km" and "10km".
    let hedges = &pack.vocab.hedges;
    match (&c.value, Quantity::parse(&g.value, hedges)) {
        (Value::Quantity(q), Some(gq)) => q.interval == gq.interval && q.unit == gq.unit,
        // Words for the same thing, one inside the other: "last Tuesday" and
        // "Tuesday", as long as the shorter is at least half the longer.
        _ => {
            let (short, long) = if have.len() <= want.len() {
                (&have, &want)
            } else {
                (&want, &have)
            };
            !short.is_empty() && long.contains(short.as_str()) && short.len() * 2 >= long.len()
        }
    }
}

/// Of the slots (and speaker) the gold claim states: how many the claim reads
/// right, and what it reads wrong.
fn slots_read(pack: &Pack, g: &GoldClaim, c: &Claim) -> (usize, Vec<String>) {
    let lexicon = &pack.vocab.lexicon;
    let places = &pack.vocab.places;
    let mut right = 0;
    let mut wrong = Vec::new();
    let mut check = |name: &str, want: &Option<String>, ok: &dyn Fn(&str) -> bool, have: String| {
        if let Some(w) = want {
            if ok(w) {
                right += 1;
            } else {
                wrong.push(format!("{name} {w:?}, read {have:?}"));
            }
        }
    };
    let s = &c.slots;
    check(
        "place",
        &g.place,
        &|w| {
            s.place.as_ref().is_some_and(|p| {
                normalize_name(&p.name) == normalize_name(w)
                    || places.lookup(w).is_some_and(|q| q.id() == p.id)
                    || normalize_name(w).starts_with(&normalize_name(&p.name))
            })
        },
        s.place
            .as_ref()
            .map_or_else(String::new, |p| p.name.clone()),
    );
    check(
        "event",
        &g.event,
        &|w| {
            s.event.as_deref().is_some_and(|e| {
                lexicon.event(w).unwrap_or(w) == e || normalize_name(w) == normalize_name(e)
            })
        },
        s.event.clone().unwrap_or_default(),
    );
    check(
        "group",
        &g.group,
        &|w| {
            s.group.as_deref().is_some_and(|e| {
                lexicon.group(w).unwrap_or(w) == e || normalize_name(w) == normalize_name(e)
            })
        },
        s.group.clone().unwrap_or_default(),
    );
    let loosely = |have: &Option<String>, w: &str| {
        have.as_deref().is_some_and(|h| {
            let (h, w) = (normalize_name(h), normalize_name(w));
            h.contains(&w) || w.contains(&h)
        })
    };
    check(
        "subject",
        &g.subject,
        &|w| loosely(&s.subject, w),
        s.subject.clone().unwrap_or_default(),
    );
    check(
        "source",
        &g.source,
        &|w| loosely(&s.source, w),
        s.source.clone().unwrap_or_default(),
    );
    if let Value::Quote(q) = &c.value {
        let name = q.speaker.as_ref().map(|s| s.name.clone());
        check(
            "speaker",
            &g.speaker,
            &|w| loosely(&name, w),
            name.clone().unwrap_or_default(),
        );
    }
    (right, wrong)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_match_by_words_or_by_figure() {
        assert_eq!(norm("  At least 95, "), "at least 95");
        assert_eq!(norm("“It was very strong.”"), "it was very strong");
    }
}
