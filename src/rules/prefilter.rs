//! The prefilter: which patterns can match a text at all, found in one pass.
//!
//! For every pattern we derive *anchors*: literal words of which any match must
//! contain at least one ("killed", "hostages", "talks"…). One Aho-Corasick
//! automaton over all anchors of the pack scans a text once; only patterns with an
//! anchor present (or with no anchors to go by) run their full regex.
//!
//! Anchors are computed on the pattern with its macros expanded: the built-in word
//! lists (the lexicon's trigger words, events, titles, months…) and the name
//! placeholders of the tagged text as they are, so "killed at least 300" is tried
//! only in the sentences holding one of the lexicon's verbs, and a rule about a
//! person only where a person was tagged. Only `{{quote}}` stands for "any text".
//! Every anchor is required by the pattern as compiled (the prefilter never hides
//! a match).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex_syntax::hir::{Class, Hir, HirKind};
use std::collections::{BTreeSet, HashMap};

/// Anchors weaker than this (see [`strength`]) are too common to filter anything.
const MIN_ANCHOR: usize = 3;
/// More alternatives than this and the set is not worth tracking.
const MAX_ANCHORS: usize = 1024;
/// Sets of anchors kept per pattern at most (the strongest).
pub const MAX_SETS: usize = 4;
/// The anchor that stands for any digit (a class of digits, or a short literal
/// starting with one): found by [`has_digit`] sentence by sentence, not by the
/// automaton. A figure written in digits or in words (`{{number}}`) needs a digit
/// or a number word.
pub const DIGIT: &str = "\u{0}digit";

/// The anchor sets of a parsed pattern: sets of literals (lower case) such that
/// every match holds one literal of each set, strongest set first (see [`better`]);
/// empty when every text must be tried. "killed" and a person's placeholder in
/// "(person) was killed" are two sets: a sentence must hold both.
pub fn anchors(hir: &Hir) -> Vec<Vec<String>> {
    let mut sets = Vec::new();
    conjuncts(hir, &mut sets);
    sets.retain(|set| !set.is_empty() && set.len() <= MAX_ANCHORS && weakest(set) >= MIN_ANCHOR);
    sets.sort_by(|a, b| better(b, a).then_with(|| a.cmp(b)));
    // A set that holds all of another's literals is implied by it.
    let mut kept: Vec<BTreeSet<String>> = Vec::new();
    for set in sets {
        if !kept.iter().any(|k| k.is_subset(&set)) {
            kept.push(set);
        }
    }
    kept.truncate(MAX_SETS);
    kept.into_iter()
        .map(|set| set.into_iter().collect())
        .collect()
}

/// The strength of a set's weakest literal.
fn weakest(set: &BTreeSet<String>) -> usize {
    set.iter().map(|l| strength(l)).min().unwrap_or(0)
}

/// How two anchor sets compare as filters: the stronger weakest literal is better,
/// then the fewer literals, then one without [`DIGIT`].
fn better(a: &BTreeSet<String>, b: &BTreeSet<String>) -> std::cmp::Ordering {
    weakest(a)
        .cmp(&weakest(b))
        .then(b.len().cmp(&a.len()))
        // Words the automaton finds before any digit (news has digits in most
        // sentences).
        .then(b.contains(DIGIT).cmp(&a.contains(DIGIT)))
}

/// Whether every match of a parsed pattern holds a digit: a literal digit, or a
/// class of digits only (`\d`, in Unicode mode the digits of every script), in a
/// part no match can leave out. A sentence with no digit (see [`has_digit`]) cannot
/// hold a match of such a pattern. Figure patterns that take digits only
/// (magnitudes, clock times, depths) are of this kind, and a sentence with their
/// common anchor word ("the quake") often has no figure.
pub fn needs_digit(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Literal(lit) => lit.0.iter().any(u8::is_ascii_digit),
        HirKind::Class(class) => digit_class(class),
        HirKind::Capture(c) => needs_digit(&c.sub),
        HirKind::Repetition(r) => r.min >= 1 && needs_digit(&r.sub),
        HirKind::Alternation(alts) => alts.iter().all(needs_digit),
        HirKind::Concat(parts) => parts.iter().any(needs_digit),
        HirKind::Empty | HirKind::Look(_) => false,
    }
}

/// Whether a class holds digits only (`\d`, in Unicode mode the digits of every
/// script).
fn digit_class(class: &Class) -> bool {
    match class {
        Class::Unicode(u) => {
            !u.ranges().is_empty()
                && u.ranges()
                    .iter()
                    .all(|r| (r.start()..=r.end()).all(|c| c.is_numeric()))
        }
        Class::Bytes(b) => {
            !b.ranges().is_empty()
                && b.ranges()
                    .iter()
                    .all(|r| r.start().is_ascii_digit() && r.end().is_ascii_digit())
        }
    }
}

/// What a literal a match must hold is as an anchor: itself, or [`DIGIT`] when it is
/// too short to look for and starts with a digit ("20" in a clock time).
fn anchor_of(literal: String) -> String {
    if strength(&literal) < MIN_ANCHOR && literal.starts_with(|c: char| c.is_ascii_digit()) {
        DIGIT.to_string()
    } else {
        literal
    }
}

/// Whether a text holds a character a digit class of [`needs_digit`] may match: an
/// ASCII digit, or any numeric character (a superset of Unicode's decimal digits).
pub fn has_digit(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit())
        || (!text.is_ascii() && text.chars().any(|c| !c.is_ascii() && c.is_numeric()))
}

/// How well a literal filters text: its length (a three-letter word is about the
/// shortest worth looking for). A literal holding a character news prose hardly
/// uses is worth looking for however short, as much as the shortest word: `%`, and
/// the `_` that starts every name placeholder of the tagged text ("_p" is a place,
/// and nothing else). Names are in most paragraphs, so any longer word does better.
fn strength(literal: &str) -> usize {
    if literal.contains(['%', '_']) || literal == DIGIT {
        MIN_ANCHOR
    } else {
        literal.len().min(12)
    }
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
            let chars = class_chars(class, 4);
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

/// The characters of a class, at most `per_range` from each of its ranges (enough
/// to tell a small class from a large one).
fn class_chars(class: &Class, per_range: usize) -> Vec<char> {
    match class {
        Class::Unicode(u) => u
            .ranges()
            .iter()
            .flat_map(|r| (r.start()..=r.end()).take(per_range))
            .collect(),
        Class::Bytes(b) => b
            .ranges()
            .iter()
            .flat_map(|r| (r.start()..=r.end()).take(per_range))
            .map(char::from)
            .collect(),
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

/// The characters of a class of at most four (lower-cased), other than one letter in
/// both cases (which [`literal_char`] reads).
fn few_chars(hir: &Hir) -> Option<BTreeSet<char>> {
    let HirKind::Class(class) = hir.kind() else {
        return None;
    };
    let chars = class_chars(class, 5);
    (chars.len() <= 4).then(|| chars.iter().map(char::to_ascii_lowercase).collect())
}

/// A set of literals one of which every match contains; `None` if unknown.
fn required(hir: &Hir) -> Option<BTreeSet<String>> {
    if let Some(s) = literal_string(hir) {
        return (!s.is_empty()).then(|| BTreeSet::from([anchor_of(s)]));
    }
    match hir.kind() {
        HirKind::Class(class) if digit_class(class) => Some(BTreeSet::from([DIGIT.to_string()])),
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
        HirKind::Concat(_) => {
            // The best of the sets the parts require.
            let mut sets = Vec::new();
            conjuncts(hir, &mut sets);
            sets.into_iter().max_by(better)
        }
        _ => None,
    }
}

/// Adds to `out` sets of literals such that every match of `hir` holds one literal
/// of each (what its parts in sequence each require).
fn conjuncts(hir: &Hir, out: &mut Vec<BTreeSet<String>>) {
    if let Some(s) = literal_string(hir) {
        if !s.is_empty() {
            out.push(BTreeSet::from([anchor_of(s)]));
        }
        return;
    }
    match hir.kind() {
        HirKind::Capture(c) => conjuncts(&c.sub, out),
        HirKind::Repetition(r) if r.min >= 1 => conjuncts(&r.sub, out),
        HirKind::Alternation(_) | HirKind::Class(_) => out.extend(required(hir)),
        HirKind::Concat(parts) => {
            // Runs of literal pieces make longer anchors ("been" + "killed").
            let mut run = String::new();
            for part in parts {
                if let Some(s) = literal_string(part) {
                    run.push_str(&s);
                    continue;
                }
                // A run then a class of a few characters: each way of ending it
                // ("_" then [hu] makes "_h" and "_u").
                if !run.is_empty()
                    && let Some(chars) = few_chars(part)
                {
                    let run = std::mem::take(&mut run);
                    out.push(
                        chars
                            .iter()
                            .map(|c| anchor_of(format!("{run}{c}")))
                            .collect(),
                    );
                    continue;
                }
                if !run.is_empty() {
                    out.push(BTreeSet::from([anchor_of(std::mem::take(&mut run))]));
                }
                conjuncts(part, out);
            }
            if !run.is_empty() {
                out.push(BTreeSet::from([anchor_of(run)]));
            }
        }
        _ => {}
    }
}

/// A cheap test a text must pass for one regex to match in it: a word (or a digit)
/// of each of the regex's anchor sets (see [`anchors`]), each set looked for by an
/// Aho-Corasick automaton of its own, strongest first. For a regex run many times
/// on short texts that rarely hold its words (the context of a claim), where the
/// regex's own search is the cost: a lazy DFA anchored at the end and full of
/// counted repetitions builds states at nearly every search.
#[derive(Clone, Debug)]
pub struct Gate {
    /// Per anchor set: its words, and whether any digit meets it.
    sets: Vec<(Option<AhoCorasick>, bool)>,
}

impl Gate {
    /// The gate of a parsed regex; `None` when it has no anchors to go by.
    pub fn new(hir: &Hir) -> Option<Gate> {
        // A set whose words could not be made an automaton leaves the regex
        // without a gate (a set of a digit alone needs none).
        let sets = anchors(hir)
            .into_iter()
            .map(|set| {
                let digit = set.iter().any(|w| w == DIGIT);
                let words: Vec<&String> = set.iter().filter(|w| *w != DIGIT).collect();
                let automaton = if words.is_empty() {
                    None
                } else {
                    let built = AhoCorasickBuilder::new()
                        .ascii_case_insensitive(true)
                        .match_kind(MatchKind::LeftmostFirst)
                        .build(&words);
                    Some(built.ok()?)
                };
                Some((automaton, digit))
            })
            .collect::<Option<Vec<_>>>()?;
        (!sets.is_empty()).then_some(Gate { sets })
    }

    /// Whether the regex may match somewhere in `text`: false only where it
    /// certainly does not.
    pub fn admits(&self, text: &str) -> bool {
        // Unicode's case folding takes the long s and the Kelvin sign for "s" and
        // "k"; a search insensitive to ASCII's case does not.
        if !text.is_ascii() && text.contains(['\u{17F}', '\u{212A}']) {
            return true;
        }
        self.sets.iter().all(|(words, digit)| {
            words.as_ref().is_some_and(|ac| ac.is_match(text)) || (*digit && has_digit(text))
        })
    }
}

/// Patterns of a pack indexed by their anchors.
///
/// Many patterns share an anchor set (the number words of every figure), so the
/// sets are kept once each: a hit marks the sets its word is in, and a pattern is
/// to run where all of its sets are marked.
#[derive(Clone, Debug)]
pub struct Prefilter {
    automaton: Option<AhoCorasick>,
    /// For each anchor word: the sets it is in.
    word_sets: Vec<Vec<usize>>,
    /// For each set: whether it holds [`DIGIT`] (any digit meets it).
    digit_sets: Vec<bool>,
    /// For each slot: its sets (none: tried on every text).
    slot_sets: Vec<Vec<usize>>,
}

impl Prefilter {
    /// `anchors[slot]` is the anchor sets of pattern slot `slot` (none: tried
    /// everywhere).
    pub fn new(anchors: &[Vec<Vec<String>>]) -> Self {
        let mut words: Vec<String> = Vec::new();
        let mut word_index: HashMap<&str, usize> = HashMap::new();
        let mut word_sets: Vec<Vec<usize>> = Vec::new();
        let mut set_index: HashMap<&[String], usize> = HashMap::new();
        let mut digit_sets = Vec::new();
        let mut slot_sets = Vec::with_capacity(anchors.len());
        for sets in anchors {
            let mut ids = Vec::with_capacity(sets.len());
            for set in sets {
                let next = set_index.len();
                let id = *set_index.entry(set.as_slice()).or_insert(next);
                if id == next {
                    digit_sets.push(set.iter().any(|w| w == DIGIT));
                    for word in set.iter().filter(|w| *w != DIGIT) {
                        let w = *word_index.entry(word).or_insert_with(|| {
                            words.push(word.clone());
                            word_sets.push(Vec::new());
                            words.len() - 1
                        });
                        word_sets[w].push(id);
                    }
                }
                ids.push(id);
            }
            slot_sets.push(ids);
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&words)
            .ok();
        if automaton.is_none() {
            // Could not build (should not happen): try every pattern.
            slot_sets.iter_mut().for_each(Vec::clear);
        }
        Prefilter {
            automaton,
            word_sets,
            digit_sets,
            slot_sets,
        }
    }

    /// The slots of the patterns that can match `text`, ascending: those with no
    /// anchors, and those with an anchor of each of their sets in it.
    pub fn candidates(&self, text: &str) -> Vec<usize> {
        let mut met = self.digit_sets.clone();
        if !has_digit(text) {
            met.fill(false);
        }
        self.each_hit(text, |sets, _| sets.iter().for_each(|&set| met[set] = true));
        (0..self.slot_sets.len())
            .filter(|&slot| self.slot_sets[slot].iter().all(|&set| met[set]))
            .collect()
    }

    /// How many distinct anchor sets the slots have.
    pub fn set_count(&self) -> usize {
        self.digit_sets.len()
    }

    /// The anchor sets of a slot (see [`Prefilter::each_hit`]; none: no anchors).
    pub fn sets_of(&self, slot: usize) -> &[usize] {
        &self.slot_sets[slot]
    }

    /// Whether any digit meets anchor set `set` (it holds [`DIGIT`]).
    pub fn is_digit_set(&self, set: usize) -> bool {
        self.digit_sets[set]
    }

    /// Calls `f` with each anchor hit of `text`: the anchor sets its word is in, and
    /// the byte offset where it starts.
    pub fn each_hit(&self, text: &str, mut f: impl FnMut(&[usize], usize)) {
        if let Some(ac) = &self.automaton {
            for m in ac.find_overlapping_iter(text) {
                f(&self.word_sets[m.pattern().as_usize()], m.start());
            }
        }
    }

    /// How many patterns have anchors (for `rules` listings and benchmarks).
    pub fn anchored(&self) -> usize {
        self.slot_sets
            .iter()
            .filter(|sets| !sets.is_empty())
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The anchor sets of a pattern.
    fn sets(p: &str) -> Vec<Vec<String>> {
        anchors(&regex_syntax::ParserBuilder::new().build().parse(p).unwrap())
    }

    /// The strongest anchor set of a pattern.
    fn a(p: &str) -> Option<Vec<String>> {
        sets(p).into_iter().next()
    }

    #[test]
    fn a_gate_turns_away_only_texts_its_regex_cannot_match() {
        let patterns = [
            // Two anchor sets, a figure and a verb, and counted gaps to the end.
            r"(?i)\b(?:earlier|previously)\b[^.;]{0,80}?\b(?:said|reported)\b[^.;]{0,90}$",
            // A digit class, and a word too short to look for.
            r"(?i)\d[\d,.]*\s+[a-z]+\s+(?:and|or)\s+",
            r"\bkilled\s+[0-9]+",
        ];
        let texts = [
            "Officials had earlier said 20 died",
            "Officials said 20 died",
            "PREVIOUSLY REPORTED figures",
            "The toll was 30 dead and 12 hurt",
            "The toll was thirty dead and twelve hurt",
            "It killed 12",
            "It Killed 12",
            "no figure here",
            // Unicode's case folding: the long s is an "s", the Kelvin sign a "k".
            "officials earlier ſaid 4",
            "it \u{212A}illed 4",
            "",
        ];
        let mut turned_away = 0;
        for pattern in patterns {
            let regex = regex::Regex::new(pattern).unwrap();
            let gate = Gate::new(&regex_syntax::parse(pattern).unwrap()).unwrap();
            for text in texts {
                if regex.is_match(text) {
                    assert!(gate.admits(text), "{pattern} on {text:?}");
                } else if !gate.admits(text) {
                    turned_away += 1;
                }
            }
        }
        assert!(
            !Gate::new(&regex_syntax::parse(patterns[0]).unwrap())
                .unwrap()
                .admits("Officials said 20 died")
        );
        assert!(turned_away >= 15, "{turned_away}");
        // No anchors, no gate.
        assert!(Gate::new(&regex_syntax::parse(r"[a-z]+\s+of").unwrap()).is_none());
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
        assert_eq!(a(r"[a-z]+"), None);
        // Too short to filter anything.
        assert_eq!(a(r"of|in"), None);
    }

    #[test]
    fn placeholders_and_percent_signs_are_anchors_though_short() {
        // A name placeholder of the tagged text: "_" then the entity's letter.
        assert_eq!(
            a(r"(?P<value>_[hu]_*)"),
            Some(vec!["_h".into(), "_u".into()])
        );
        assert_eq!(a(r"\d+(?:\.\d+)?\s*%"), Some(vec!["%".into()]));
        // A word of four letters or more filters better than a placeholder.
        assert_eq!(a(r"(?:_[pc]_*)\s+talks"), Some(vec!["talks".into()]));
    }

    #[test]
    fn every_required_word_is_an_anchor_set_of_its_own() {
        // A match holds "killed" and a person: both must be in the sentence.
        assert_eq!(
            sets(r"(?P<who>_[hu]_*)\s+(?:was|were)\s+(?i:killed|shot)"),
            vec![
                vec!["killed".to_string(), "shot".into()],
                vec!["_h".into(), "_u".into()],
                vec!["was".into(), "were".into()],
            ]
        );
        // Parts in sequence inside a group or a repetition are as required.
        assert_eq!(
            sets(r"(?:talks\s+in\s+(?:_c_*))+\s+ended"),
            vec![
                vec!["ended".to_string()],
                vec!["talks".into()],
                vec!["_c".into()]
            ]
        );
        // A set holding all of a stronger set's words adds nothing; weak and
        // optional words are none.
        assert_eq!(
            sets(r"(?i:hostages)\s+of\s+(?:the\s+)?(?i:hostages|captives)"),
            vec![vec!["hostages".to_string()]]
        );
    }

    #[test]
    fn a_pattern_keeps_its_strongest_sets() {
        let many = r"mud\s+rain\s+storm\s+floods\s+cyclone\s+tornados";
        let kept: Vec<String> = sets(many).into_iter().flatten().collect();
        assert_eq!(kept, ["tornados", "cyclone", "floods", "storm"]);
    }

    #[test]
    fn a_figure_needs_a_digit_or_a_number_word() {
        // Digits or words: a set of both, the digits as one anchor.
        assert_eq!(
            sets(r"(?:\d+|(?i:five|seven))\s+(?:kg|t)\b"),
            vec![vec![DIGIT.to_string(), "five".into(), "seven".into()]]
        );
        // A clock time: a digit, or "noon"; a short literal of digits is a digit.
        assert_eq!(
            sets(r"(?:2[0-3]:[0-5]\d|noon)"),
            vec![vec![DIGIT.to_string(), "noon".into()]]
        );
        // Digits alone: "a digit" (no longer tried on every text).
        assert_eq!(a(r"\d+"), Some(vec![DIGIT.to_string()]));
        let pf = Prefilter::new(&[sets(r"(?:\d+|(?i:five|seven))\s+(?:kg|t)\b")]);
        assert_eq!(pf.candidates("Seven kg"), vec![0]);
        assert_eq!(pf.candidates("4 kg"), vec![0]);
        assert!(pf.candidates("a few kg").is_empty());
    }

    fn digit(p: &str) -> bool {
        needs_digit(&regex_syntax::ParserBuilder::new().build().parse(p).unwrap())
    }

    #[test]
    fn patterns_whose_every_match_holds_a_digit() {
        assert!(digit(r"(?P<v>\d+)\s+killed"));
        assert!(digit(r"magnitude\s+(?:of\s+)?[0-9](?:\.\d)?"));
        assert!(digit(r"(?:\d+|\d+,\d{3})\s*%"));
        assert!(digit(r"in\s+2024"));
        // A figure written in words, or a digit that may be left out, is no digit.
        assert!(!digit(r"(?:\d+|two|three)\s+killed"));
        assert!(!digit(r"(?:\d+)?\s*killed"));
        assert!(!digit(r"\d*\s*killed"));
        assert!(!digit(r"\w+\s+killed"));
        assert!(has_digit("about 300 died"));
        assert!(has_digit("\u{0663} dead"));
        assert!(!has_digit("no figure here, \u{201c}none\u{201d}"));
    }

    #[test]
    fn prefilter_finds_candidate_patterns() {
        let pf = Prefilter::new(&[
            vec![vec!["killed".into()]],
            vec![vec!["talks".into()]],
            vec![],
            vec![vec!["killed".into(), "died".into()], vec!["_h".into()]],
        ]);
        assert_eq!(pf.candidates("Twelve were KILLED."), vec![0, 2]);
        assert_eq!(pf.candidates("nothing here"), vec![2]);
        // A word of each set, or the pattern is no candidate.
        assert_eq!(pf.candidates("_h____ died"), vec![2, 3]);
        assert_eq!(pf.candidates("_h____ was killed"), vec![0, 2, 3]);
    }
}
