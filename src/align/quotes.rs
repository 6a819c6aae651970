//! Quotes across reports: the same statement found in several reports, by its words.
//!
//! Quotes are not compared by key but by their normalized words. To stay fast as
//! the corpus grows, only quotes that share a word pair (a bigram) that is not common
//! across the corpus are compared at all. Two quotes match when at least two words
//! and 60 % of the shorter one line up in a word diff. Then:
//!
//! - same speaker, and the words differ inside the stretch both give → **drift**
//!   (a fragment of a longer quote is not drift: one report quoting less is fine);
//! - same speaker, same words → **agree**;
//! - the same words (no edit inside the common stretch), different speakers →
//!   **attribution**;
//! - different speakers *and* different words → nothing: two people may say similar
//!   things. A quote without a known speaker takes part in no finding.

use petgraph::unionfind::UnionFind;
use similar::{Algorithm, DiffTag, capture_diff_slices};
use std::collections::{BTreeMap, BTreeSet};

use super::{Finding, FindingKind, Show, Side, WordDiff};
use crate::extract::Claim;
use crate::extract::quotes::quote_tokens;
use crate::value::{Speaker, Value};

/// A word pair found in more quotes than this says nothing about which match.
const COMMON_BIGRAM: usize = 64;
/// Share of the shorter quote's words that must line up.
const MIN_SHARE: f64 = 0.6;

/// How two quotes' words relate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Words {
    /// Identical, or one is a stretch of the other.
    Same,
    /// The stretch both give differs.
    Edited,
}

struct Quote<'a> {
    claim: &'a Claim,
    words: &'a [String],
    speaker: Option<&'a Speaker>,
}

/// Drift, attribution and agreement findings over the quote claims of a corpus.
pub fn align_quotes(claims: &[&Claim]) -> Vec<Finding> {
    align_quotes_showing(claims, &Show::default())
}

/// As [`align_quotes`], each side showing the claims of the reports `show` picks
/// (see [`Side::showing`]).
pub fn align_quotes_showing(claims: &[&Claim], show: &Show) -> Vec<Finding> {
    // In report then text order, whatever order the claims came in (shards read in
    // any order find what one check finds): which wording or speaker a finding
    // names is decided by it.
    let mut claims = claims.to_vec();
    claims.sort_by(|a, b| a.text_order(b));
    let quotes: Vec<Quote<'_>> = claims
        .iter()
        .filter_map(|c| match &c.value {
            Value::Quote(q) if q.words.len() >= 2 => Some(Quote {
                claim: c,
                words: &q.words,
                speaker: q.speaker.as_ref(),
            }),
            _ => None,
        })
        .collect();
    let pairs = candidate_pairs(&quotes);
    let mut same_speaker = UnionFind::<usize>::new(quotes.len());
    let mut same_words = UnionFind::<usize>::new(quotes.len());
    let mut attributed = UnionFind::<usize>::new(quotes.len());
    let mut statement: BTreeSet<usize> = BTreeSet::new();
    let mut misattributed: BTreeSet<usize> = BTreeSet::new();
    for (i, j) in pairs {
        let (a, b) = (&quotes[i], &quotes[j]);
        let Some(words) = compare(a.words, b.words) else {
            continue;
        };
        let (Some(sa), Some(sb)) = (a.speaker, b.speaker) else {
            continue;
        };
        if sa.same_as(sb) {
            same_speaker.union(i, j);
            statement.extend([i, j]);
            if words == Words::Same {
                same_words.union(i, j);
            }
        } else if words == Words::Same {
            attributed.union(i, j);
            misattributed.extend([i, j]);
        }
    }
    let mut findings = statement_findings(&quotes, &statement, &same_speaker, &same_words, show);
    findings.extend(attribution_findings(
        &quotes,
        &misattributed,
        &attributed,
        show,
    ));
    findings
}

/// Pairs of quotes from different reports that share an uncommon word pair.
fn candidate_pairs(quotes: &[Quote<'_>]) -> BTreeSet<(usize, usize)> {
    let mut index: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (i, q) in quotes.iter().enumerate() {
        let bigrams: BTreeSet<(&str, &str)> = q
            .words
            .windows(2)
            .map(|w| (w[0].as_str(), w[1].as_str()))
            .collect();
        for bigram in bigrams {
            index.entry(bigram).or_default().push(i);
        }
    }
    let mut pairs = BTreeSet::new();
    for members in index.values().filter(|m| m.len() <= COMMON_BIGRAM) {
        for (x, &i) in members.iter().enumerate() {
            for &j in &members[x + 1..] {
                if quotes[i].claim.source != quotes[j].claim.source {
                    pairs.insert((i.min(j), i.max(j)));
                }
            }
        }
    }
    pairs
}

/// Whether two quotes are the same statement, and if so whether their words differ
/// inside the stretch both give.
fn compare(a: &[String], b: &[String]) -> Option<Words> {
    let ops = capture_diff_slices(Algorithm::Myers, a, b);
    let matched: usize = ops
        .iter()
        .filter(|op| op.tag() == DiffTag::Equal)
        .map(|op| op.old_range().len())
        .sum();
    let shorter = a.len().min(b.len());
    if matched < 2 || (matched as f64) < MIN_SHARE * shorter as f64 {
        return None;
    }
    let equal: Vec<usize> = ops
        .iter()
        .enumerate()
        .filter(|(_, op)| op.tag() == DiffTag::Equal)
        .map(|(i, _)| i)
        .collect();
    let (first, last) = (*equal.first()?, *equal.last()?);
    // Words that only one side has before or after the common stretch make a
    // fragment; words both sides have there, different ones, are an edit.
    let both_extend = |ops: &[similar::DiffOp]| {
        let old: usize = ops.iter().map(|op| op.old_range().len()).sum();
        let new: usize = ops.iter().map(|op| op.new_range().len()).sum();
        old > 0 && new > 0
    };
    let edited = ops[first..=last]
        .iter()
        .any(|op| op.tag() != DiffTag::Equal)
        || both_extend(&ops[..first])
        || both_extend(&ops[last + 1..]);
    Some(if edited { Words::Edited } else { Words::Same })
}

/// Groups of indices by union-find root, each sorted, groups in order of first member.
fn groups(members: &BTreeSet<usize>, union: &UnionFind<usize>) -> Vec<Vec<usize>> {
    let mut by_root: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &i in members {
        by_root.entry(union.find(i)).or_default().push(i);
    }
    let mut out: Vec<Vec<usize>> = by_root.into_values().collect();
    out.sort();
    out
}

fn side(quotes: &[Quote<'_>], members: &[usize], value: String, show: &Show) -> Side {
    Side::showing(value, members.iter().map(|&i| quotes[i].claim), show)
}

/// One statement (one speaker), as worded by each report: drift when the wordings
/// differ, agreement when they do not.
fn statement_findings(
    quotes: &[Quote<'_>],
    members: &BTreeSet<usize>,
    same_speaker: &UnionFind<usize>,
    same_words: &UnionFind<usize>,
    show: &Show,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for statement in groups(members, same_speaker) {
        let speaker = quotes[statement[0]]
            .speaker
            .map_or_else(String::new, |s| s.name.clone());
        let story = quotes[statement[0]]
            .claim
            .story
            .as_deref()
            .map(str::to_string);
        let set: BTreeSet<usize> = statement.iter().copied().collect();
        let mut wordings: Vec<Side> = groups(&set, same_words)
            .into_iter()
            .map(|w| {
                // The longest wording stands for a group of fragments.
                let longest = *w
                    .iter()
                    .max_by_key(|&&i| (quotes[i].words.len(), std::cmp::Reverse(i)))
                    .unwrap_or(&w[0]);
                side(quotes, &w, quotes[longest].claim.display.clone(), show)
            })
            .collect();
        wordings.sort_by(|a, b| {
            b.sources
                .len()
                .cmp(&a.sources.len())
                .then_with(|| a.sources.cmp(&b.sources))
        });
        let key = format!("words of {speaker}");
        if wordings.len() >= 2 {
            let diff = word_diff(&wordings[0].claims[0], &wordings[1].claims[0]);
            let mut drift = Finding::single(FindingKind::Drift, story.clone(), key, wordings, None);
            drift.diff = Some(diff);
            findings.push(drift);
        } else if let Some(only) = wordings.pop()
            && only.sources.len() >= 2
        {
            findings.push(Finding::single(
                FindingKind::Agree,
                story.clone(),
                key,
                vec![only],
                None,
            ));
        }
    }
    findings
}

/// The same words given to different speakers.
fn attribution_findings(
    quotes: &[Quote<'_>],
    members: &BTreeSet<usize>,
    same: &UnionFind<usize>,
    show: &Show,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for words in groups(members, same) {
        // Sides: speakers, those that are the same merged.
        let mut speakers: Vec<(Speaker, Vec<usize>)> = Vec::new();
        for &i in &words {
            let Some(s) = quotes[i].speaker else { continue };
            match speakers.iter_mut().find(|(known, _)| known.same_as(s)) {
                Some((_, list)) => list.push(i),
                None => speakers.push((s.clone(), vec![i])),
            }
        }
        if speakers.len() < 2 {
            continue;
        }
        let shortest = words
            .iter()
            .min_by_key(|&&i| (quotes[i].words.len(), i))
            .map_or_else(String::new, |&i| quotes[i].claim.display.clone());
        let mut sides: Vec<Side> = speakers
            .into_iter()
            .map(|(speaker, list)| side(quotes, &list, speaker.name, show))
            .collect();
        sides.sort_by(|a, b| a.sources.cmp(&b.sources));
        let story = quotes[words[0]].claim.story.as_deref().map(str::to_string);
        findings.push(Finding::single(
            FindingKind::Attribution,
            story,
            format!("who said {shortest}"),
            sides,
            None,
        ));
    }
    findings
}

/// The word-level difference between two quotes, in their own words; case, marks and
/// quote style do not count as differences.
pub fn word_diff(a: &Claim, b: &Claim) -> Vec<WordDiff> {
    let (ta, tb) = (quote_tokens(&a.text), quote_tokens(&b.text));
    let na: Vec<&str> = ta.iter().map(|(_, n)| n.as_str()).collect();
    let nb: Vec<&str> = tb.iter().map(|(_, n)| n.as_str()).collect();
    let join = |tokens: &[(&str, String)], range: std::ops::Range<usize>| {
        tokens[range]
            .iter()
            .map(|(t, _)| *t)
            .collect::<Vec<_>>()
            .join(" ")
    };
    capture_diff_slices(Algorithm::Myers, &na, &nb)
        .iter()
        .map(|op| {
            let (tag, old, new) = op.as_tag_tuple();
            WordDiff {
                op: match tag {
                    DiffTag::Equal => "equal",
                    DiffTag::Delete => "delete",
                    DiffTag::Insert => "insert",
                    DiffTag::Replace => "replace",
                }
                .to_string(),
                old: join(&ta, old),
                new: join(&tb, new),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::quotes::quote_words;

    fn words(s: &str) -> Vec<String> {
        quote_words(s)
    }

    #[test]
    fn fragments_are_the_same_words() {
        assert_eq!(
            compare(
                &words("hard weeks of choices"),
                &words("the nation now faces hard weeks of choices")
            ),
            Some(Words::Same)
        );
        assert_eq!(
            compare(
                &words("historic opportunity"),
                &words("historic opportunity.")
            ),
            Some(Words::Same)
        );
        assert_eq!(
            compare(
                &words("said the team arrived with a serious attitude"),
                &words("a serious attitude")
            ),
            Some(Words::Same)
        );
    }

    #[test]
    fn edits_inside_the_common_stretch_are_drift() {
        assert_eq!(
            compare(
                &words("a chance we could see a deal in the region"),
                &words("There’s a chance that we could see a deal in the region")
            ),
            Some(Words::Edited)
        );
        assert_eq!(
            compare(
                &words("The meetings are hard and haven’t yet brought any real progress"),
                &words("hard and yet to bring any real progress")
            ),
            Some(Words::Edited)
        );
        assert_eq!(
            compare(
                &words("serious and responsible attitude"),
                &words("serious and responsible negotiations")
            ),
            Some(Words::Edited)
        );
    }

    fn quote(source: &str, text: &str, speaker: Option<&str>) -> Claim {
        use crate::value::{QuoteValue, SpeakerKind};
        let value = QuoteValue {
            text: text.into(),
            words: quote_words(text),
            speaker: speaker.map(|s| Speaker {
                kind: SpeakerKind::Person,
                id: s.to_lowercase(),
                name: s.into(),
                within: Vec::new(),
            }),
        };
        let mut claim = Claim::for_test(source, "quote", Value::Quote(value));
        claim.key = "quote".into();
        claim
    }

    fn kinds(claims: &[Claim]) -> Vec<(FindingKind, String)> {
        let refs: Vec<&Claim> = claims.iter().collect();
        align_quotes(&refs)
            .into_iter()
            .map(|f| (f.kind, f.key))
            .collect()
    }

    #[test]
    fn findings_by_speaker_and_words() {
        let drift = [
            quote("a", "we want a lasting peace", Some("Ann")),
            quote("b", "we want a real peace", Some("Ann")),
        ];
        assert_eq!(
            kinds(&drift),
            [(FindingKind::Drift, "words of Ann".to_string())]
        );
        let moved = [
            quote("a", "a lasting peace", Some("Ann")),
            quote("b", "a lasting peace", Some("Bob")),
        ];
        assert_eq!(
            kinds(&moved),
            [(
                FindingKind::Attribution,
                "who said “a lasting peace”".to_string()
            )]
        );
        let same = [
            quote("a", "a lasting peace", Some("Ann")),
            quote("b", "a lasting peace now", Some("Ann")),
        ];
        assert_eq!(
            kinds(&same),
            [(FindingKind::Agree, "words of Ann".to_string())]
        );
    }

    #[test]
    fn no_finding_without_a_known_speaker_or_with_different_people_and_words() {
        let unknown = [
            quote("a", "we want a lasting peace", None),
            quote("b", "we want a real peace", Some("Ann")),
        ];
        assert!(kinds(&unknown).is_empty());
        let others = [
            quote("a", "we want a lasting peace", Some("Ann")),
            quote("b", "we want a real peace", Some("Bob")),
        ];
        assert!(kinds(&others).is_empty());
        // One report quoting itself twice is not a cross-check.
        let one = [
            quote("a", "a lasting peace", Some("Ann")),
            quote("a", "a lasting peace", Some("Bob")),
        ];
        assert!(kinds(&one).is_empty());
    }

    #[test]
    fn unrelated_quotes_do_not_match() {
        assert_eq!(
            compare(&words("real guarantees"), &words("really good")),
            None
        );
        assert_eq!(
            compare(
                &words("we want peace in the region"),
                &words("the talks in the region are hard")
            ),
            None
        );
    }
}
