//! The prefilter: which patterns can match a text at all, found in one pass.
//!
//! For every pattern we derive *anchors*: literal words of which any match must
//! contain at least one ("killed", "hostages", "talks"…). One Aho-Corasick
//! automaton over all anchors of the pack scans a text once; only patterns with an
//! anchor present (or with no anchors to go by) run their full regex.
//!
//! Anchors are computed on the pattern with the vocabulary macros replaced by "any
//! text": a superset of the real pattern, so every anchor it yields is truly
//! required (the prefilter never hides a match).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex_syntax::hir::{Class, Hir, HirKind};
use std::collections::BTreeSet;

/// Anchors shorter than this are too common to filter anything.
const MIN_ANCHOR: usize = 3;
/// More alternatives than this and the set is not worth tracking.
const MAX_ANCHORS: usize = 96;

/// The required literals of a pattern (lower case), or `None` when every text must
/// be tried.
pub fn anchors(pattern: &str) -> Option<Vec<String>> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    let set = required(&hir)?;
    if set.iter().any(|s| s.len() < MIN_ANCHOR) {
        return None;
    }
    Some(set.into_iter().collect())
}

/// A character that matches one ASCII letter in either case, or one literal char.
fn literal_char(hir: &Hir) -> Option<char> {
    match hir.kind() {
        HirKind::Literal(lit) => {
            let s = std::str::from_utf8(&lit.0).ok()?;
            let mut chars = s.chars();
            let c = chars.next()?;
            chars.next().is_none().then(|| c.to_ascii_lowercase())
        }
        HirKind::Class(class) => {
            let chars: Vec<char> = match class {
                Class::Unicode(u) => u
                    .ranges()
                    .iter()
                    .flat_map(|r| (r.start()..=r.end()).take(4))
                    .collect(),
                Class::Bytes(b) => b
                    .ranges()
                    .iter()
                    .flat_map(|r| (r.start()..=r.end()).take(4))
                    .map(char::from)
                    .collect(),
            };
            match chars.as_slice() {
                [a, b] if a.is_ascii_alphabetic() && a.eq_ignore_ascii_case(b) => {
                    Some(a.to_ascii_lowercase())
                }
                // Unicode case folding adds the Kelvin sign to k and the long s to s.
                [a, b, c]
                    if a.is_ascii_alphabetic() && a.eq_ignore_ascii_case(b) && !c.is_ascii() =>
                {
                    Some(a.to_ascii_lowercase())
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// A literal string a sub-pattern always matches exactly, in lower case.
fn literal_string(hir: &Hir) -> Option<String> {
    match hir.kind() {
        HirKind::Literal(lit) => Some(std::str::from_utf8(&lit.0).ok()?.to_ascii_lowercase()),
        HirKind::Class(_) => literal_char(hir).map(String::from),
        HirKind::Capture(c) => literal_string(&c.sub),
        HirKind::Concat(parts) => parts.iter().map(literal_string).collect(),
        _ => None,
    }
}

/// A set of literals one of which every match contains; `None` if unknown.
fn required(hir: &Hir) -> Option<BTreeSet<String>> {
    if let Some(s) = literal_string(hir) {
        return (!s.is_empty()).then(|| BTreeSet::from([s]));
    }
    match hir.kind() {
        HirKind::Capture(c) => required(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => required(&r.sub),
        HirKind::Alternation(alts) => {
            let mut all = BTreeSet::new();
            for alt in alts {
                all.extend(required(alt)?);
                if all.len() > MAX_ANCHORS {
                    return None;
                }
            }
            Some(all)
        }
        HirKind::Concat(parts) => {
            // Runs of literal pieces make longer anchors ("been" + "killed").
            let mut candidates: Vec<BTreeSet<String>> = Vec::new();
            let mut run = String::new();
            for part in parts {
                if let Some(s) = literal_string(part) {
                    run.push_str(&s);
                    continue;
                }
                if !run.is_empty() {
                    candidates.push(BTreeSet::from([std::mem::take(&mut run)]));
                }
                if let Some(set) = required(part) {
                    candidates.push(set);
                }
            }
            if !run.is_empty() {
                candidates.push(BTreeSet::from([run]));
            }
            // The best set: longest shortest literal, then fewest literals.
            candidates.into_iter().max_by(|a, b| {
                let shortest = |s: &BTreeSet<String>| s.iter().map(String::len).min().unwrap_or(0);
                shortest(a)
                    .min(12)
                    .cmp(&shortest(b).min(12))
                    .then(b.len().cmp(&a.len()))
            })
        }
        _ => None,
    }
}

/// Patterns of a pack indexed by their anchors.
#[derive(Clone, Debug)]
pub struct Prefilter {
    automaton: Option<AhoCorasick>,
    /// For each anchor: the pattern slots that need it.
    owners: Vec<Vec<usize>>,
    /// Slots with no anchors: tried on every text.
    always: Vec<usize>,
    slots: usize,
}

impl Prefilter {
    /// `anchors[slot]` is the anchor set of pattern slot `slot`.
    pub fn new(anchors: &[Option<Vec<String>>]) -> Self {
        let mut words: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        let mut always = Vec::new();
        for (slot, set) in anchors.iter().enumerate() {
            match set {
                None => always.push(slot),
                Some(set) => {
                    for word in set {
                        let i = match words.iter().position(|w| w == word) {
                            Some(i) => i,
                            None => {
                                words.push(word.clone());
                                owners.push(Vec::new());
                                words.len() - 1
                            }
                        };
                        owners[i].push(slot);
                    }
                }
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&words)
            .ok();
        if automaton.is_none() {
            // Could not build (should not happen): try every pattern.
            always = (0..anchors.len()).collect();
        }
        Prefilter {
            automaton,
            owners,
            always,
            slots: anchors.len(),
        }
    }

    /// The slots of the patterns that can match `text`, ascending.
    pub fn candidates(&self, text: &str) -> Vec<usize> {
        let (mut slots, hits) = self.scan(text);
        slots.extend(hits.into_iter().map(|(slot, _)| slot));
        slots.sort_unstable();
        slots.dedup();
        slots
    }

    /// The slots to try on all of `text` (no anchors), and each anchor hit as (slot,
    /// byte offset of the anchor word).
    pub fn scan(&self, text: &str) -> (Vec<usize>, Vec<(usize, usize)>) {
        let mut hits = Vec::new();
        if let Some(ac) = &self.automaton {
            for m in ac.find_overlapping_iter(text) {
                for &slot in &self.owners[m.pattern().as_usize()] {
                    hits.push((slot, m.start()));
                }
            }
        }
        (self.always.clone(), hits)
    }

    /// The slots with no anchors, tried on every text.
    pub fn always(&self) -> &[usize] {
        &self.always
    }

    /// Calls `f` with each anchor hit of `text`: the slots that need the anchor, and
    /// the byte offset where it starts (as [`Prefilter::scan`] lists them, one call
    /// per anchor rather than per slot).
    pub fn each_hit(&self, text: &str, mut f: impl FnMut(&[usize], usize)) {
        if let Some(ac) = &self.automaton {
            for m in ac.find_overlapping_iter(text) {
                f(&self.owners[m.pattern().as_usize()], m.start());
            }
        }
    }

    /// How many patterns have anchors (for `rules` listings and benchmarks).
    pub fn anchored(&self) -> usize {
        self.slots - self.always.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(p: &str) -> Option<Vec<String>> {
        anchors(p)
    }

    #[test]
    fn literal_words_are_anchors() {
        assert_eq!(
            a(r"(?P<v>.*)\s+have\s+been\s+killed"),
            Some(vec!["killed".into()])
        );
        assert_eq!(
            a(r"(?i:death\s+toll|number\s+of)"),
            Some(vec!["death".into(), "number".into()])
        );
        assert_eq!(
            a(r"(?i-u:Hostages|captives)\s+taken"),
            Some(vec!["captives".into(), "hostages".into()])
        );
    }

    #[test]
    fn optional_parts_are_not_anchors() {
        assert_eq!(a(r"(?:killed)?\s*.*"), None);
        assert_eq!(a(r"\d+"), None);
        // Too short to filter anything.
        assert_eq!(a(r"of|in"), None);
    }

    #[test]
    fn prefilter_finds_candidate_patterns() {
        let pf = Prefilter::new(&[
            Some(vec!["killed".into()]),
            Some(vec!["talks".into()]),
            None,
        ]);
        assert_eq!(pf.candidates("Twelve were KILLED."), vec![0, 2]);
        assert_eq!(pf.candidates("nothing here"), vec![2]);
    }
}
