//! A rule's pattern: its expanded source, checked when the pack is compiled, and its
//! regex built the first time a text needs it: a light engine for its first
//! kilobytes of text, the full one after (see [`Pattern`]).
//!
//! Building the regexes (forward and reverse automata of 5–13 KB patterns) was most
//! of a pack's start-up, and a run on a few reports needs only the patterns whose
//! anchor words occur in them, and only their light engines. The source is parsed
//! when the pack is compiled, so a pattern that is not valid regex syntax is still
//! reported then, with its rule; what is left for the first use is the regex
//! crate's size limit, which a pattern would have to be thousands of times larger
//! than ours to reach.

use regex_automata::MatchKind;
use regex_automata::meta::{self, Regex};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind};
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use super::splice::Skeleton;

/// Compiled regexes may be large: some macros are long alternations.
pub(crate) const REGEX_SIZE_LIMIT: usize = 64 << 20;

/// How many bytes of text a pattern searches with its light engine before its
/// full one is built (see [`Pattern::regex_for`]).
pub const LIGHT_BYTES: usize = 16 << 10;

/// A pattern with macros expanded: checked, its captures known, compiled on first
/// use (once, shared by every thread).
///
/// It has two engines, each built when first needed, and both find the same
/// matches with the same captures (one automaton, leftmost-first):
/// - the *light* one searches with the automaton itself (the bounded backtracker,
///   or the PikeVM on a longer range). It is quick to build, slow per byte;
/// - the *full* one adds the lazy DFA, forward and reversed, to find where each
///   match is before the captures are read. Building it takes about twice as long
///   (its reversed automaton), and its DFA's states are made as the text is read,
///   which costs more than the search on the first few kilobytes.
///
/// A pattern searches its first [`LIGHT_BYTES`] of text with the light engine and
/// the rest with the full one: a run over a few reports never builds a full
/// engine, and a long run builds each pattern's after a few reports, and drops its
/// light one.
#[derive(Debug)]
pub struct Pattern {
    source: String,
    /// The source with its macros as placeholders, to build it from the macros'
    /// parsed forms (see [`super::splice`]).
    skeleton: Option<Skeleton>,
    facts: Facts,
    full: OnceLock<Regex>,
    /// The light engine, until the full one is built (a thread still searching
    /// with it then holds it until it is done).
    light: Mutex<Option<Arc<Regex>>>,
    /// Whether a thread has taken on building each engine (see
    /// [`Pattern::build_unless_taken`]).
    taken: [AtomicBool; 2],
    /// Bytes of text searched so far, or about to be.
    searched: AtomicUsize,
}

/// A pattern's engines (see [`Pattern`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Light = 0,
    Full = 1,
}

impl Clone for Pattern {
    fn clone(&self) -> Self {
        Pattern {
            source: self.source.clone(),
            skeleton: self.skeleton.clone(),
            facts: self.facts.clone(),
            taken: [Engine::Light, Engine::Full].map(|e| AtomicBool::new(self.is_built(e))),
            full: self.full.clone(),
            light: Mutex::new(self.light_slot().clone()),
            searched: AtomicUsize::new(self.searched.load(Ordering::Relaxed)),
        }
    }
}

/// What checking a pattern's source finds out, besides that it is valid: what the
/// pack needs before any text (and what [`super::facts`] keeps between runs).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    /// The names of its capture groups, in the order they open.
    pub names: Vec<String>,
    /// Sets of literals such that every match holds one of each (see
    /// [`super::prefilter::anchors`]; none: tried on every text).
    pub anchors: Vec<Vec<String>>,
    /// Whether every match holds a digit (see [`super::prefilter::needs_digit`]).
    #[serde(default)]
    pub digit: bool,
    /// Whether the engine's literal prefilter pays for this pattern (see
    /// [`prefilter_pays`]): worked out once, not at each build.
    #[serde(default)]
    pub prefix_pays: bool,
}

impl Pattern {
    /// Parses `source` (as the regex crate would); the error is the regex crate's
    /// own message.
    pub fn new(source: String) -> Result<Pattern, regex::Error> {
        // Parsed once here for the names and anchors, once more when built: a
        // parsed 10 KB pattern takes about half a megabyte, too much to keep.
        let hir = regex_syntax::ParserBuilder::new()
            .build()
            .parse(&source)
            .map_err(|e| regex::Error::Syntax(e.to_string()))?;
        check_size(&hir)?;
        let mut names = Vec::new();
        capture_names(&hir, &mut names);
        let anchors = super::prefilter::anchors(&hir);
        let digit = super::prefilter::needs_digit(&hir);
        let prefix_pays = prefilter_pays(&compact(hir));
        Ok(Pattern::checked(
            source,
            Facts {
                names,
                anchors,
                digit,
                prefix_pays,
            },
        ))
    }

    /// A pattern whose source was checked before, with what the check found: no
    /// parsing (the caller vouches for `facts`, as [`super::facts`] does by keying
    /// them with the source and the code that derived them).
    pub(crate) fn checked(source: String, facts: Facts) -> Pattern {
        Pattern {
            source,
            skeleton: None,
            facts,
            full: OnceLock::new(),
            light: Mutex::new(None),
            taken: [AtomicBool::new(false), AtomicBool::new(false)],
            searched: AtomicUsize::new(0),
        }
    }

    /// The pattern, to be built from `skeleton` (which must stand for its
    /// source) rather than by parsing the source.
    pub(crate) fn with_skeleton(mut self, skeleton: Option<Skeleton>) -> Pattern {
        self.skeleton = skeleton;
        self
    }

    /// What checking the source found.
    pub fn facts(&self) -> &Facts {
        &self.facts
    }

    /// The prefilter's anchor sets (none: the pattern is tried on every text).
    pub fn anchors(&self) -> &[Vec<String>] {
        &self.facts.anchors
    }

    /// The pattern as compiled (macros expanded, ASCII word boundaries).
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The names of its capture groups.
    pub fn capture_names(&self) -> impl Iterator<Item = &str> {
        self.facts.names.iter().map(String::as_str)
    }

    /// The full engine, built on first use: the regex crate's engine, configured
    /// as `regex::Regex` is (leftmost-first, UTF-8), except that its literal
    /// prefilter is used only where it pays (see [`prefilter_pays`]). A pattern the
    /// engine refuses (only its size limit can, once the syntax is checked) matches
    /// nothing.
    pub fn regex(&self) -> &Regex {
        self.full.get_or_init(|| {
            let full = self.build(Engine::Full);
            *self.light_slot() = None;
            full
        })
    }

    /// The engine to search `bytes` more of text with: the light one while the
    /// pattern has searched at most [`LIGHT_BYTES`] in all (these included), else
    /// the full one (see [`Pattern`]). Either is built here if it was not.
    pub fn regex_for(&self, bytes: usize) -> EngineRef<'_> {
        if let Some(full) = self.full.get() {
            return EngineRef::Full(full);
        }
        let searched = self.searched.fetch_add(bytes, Ordering::Relaxed) + bytes;
        self.engine(Self::engine_after(searched))
    }

    fn engine_after(searched: usize) -> Engine {
        if searched > LIGHT_BYTES {
            Engine::Full
        } else {
            Engine::Light
        }
    }

    /// The engine `which`, built if it was not; the full one if it is built.
    pub fn engine(&self, which: Engine) -> EngineRef<'_> {
        if which == Engine::Full {
            return EngineRef::Full(self.regex());
        }
        // Built under the lock: a thread that needs it meanwhile waits for it.
        let mut light = self.light_slot();
        if let Some(full) = self.full.get() {
            return EngineRef::Full(full);
        }
        EngineRef::Light(
            light
                .get_or_insert_with(|| Arc::new(self.build(Engine::Light)))
                .clone(),
        )
    }

    fn light_slot(&self) -> std::sync::MutexGuard<'_, Option<Arc<Regex>>> {
        // A build that panicked left the slot as it was.
        self.light.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn build(&self, which: Engine) -> Regex {
        self.skeleton
            .as_ref()
            .and_then(Skeleton::hir_to_build)
            .or_else(|| parse(&self.source))
            .and_then(|hir| build(&hir, self.facts.prefix_pays, which))
            .unwrap_or_else(|| Regex::new(r"[^\s\S]").expect("the empty class is valid"))
    }

    /// The engine that searching `bytes` more of text calls for (see
    /// [`Pattern::regex_for`]; nothing is counted), unless it is built.
    pub fn unbuilt_for(&self, bytes: usize) -> Option<Engine> {
        if self.full.get().is_some() {
            return None;
        }
        let which = Self::engine_after(self.searched.load(Ordering::Relaxed) + bytes);
        (!self.is_built(which)).then_some(which)
    }

    /// Whether the engine `which` is built (the light one: and not yet dropped).
    pub fn is_built(&self, which: Engine) -> bool {
        match which {
            Engine::Full => self.full.get().is_some(),
            Engine::Light => self.light_slot().is_some(),
        }
    }

    /// Builds the engine `which`, unless a thread has already taken that on.
    /// Threads that need the same patterns at once (the first batches of a run)
    /// then share the builds; through [`Pattern::engine`] alone, each would wait on
    /// whichever pattern the other is building, and they would build in step, one
    /// at a time.
    pub fn build_unless_taken(&self, which: Engine) {
        if !self.taken[which as usize].swap(true, Ordering::AcqRel) {
            self.engine(which);
        }
    }
}

/// An engine of a pattern, to search with (see [`Pattern::regex_for`]).
pub enum EngineRef<'p> {
    Full(&'p Regex),
    Light(Arc<Regex>),
}

impl std::ops::Deref for EngineRef<'_> {
    type Target = Regex;

    fn deref(&self) -> &Regex {
        match self {
            EngineRef::Full(regex) => regex,
            EngineRef::Light(regex) => regex,
        }
    }
}

fn parse(source: &str) -> Option<Hir> {
    regex_syntax::ParserBuilder::new()
        .build()
        .parse(source)
        .ok()
        .map(compact)
}

/// `hir` with its word classes made cheap to compile (see [`word_classes`]).
pub(super) fn compact(hir: Hir) -> Hir {
    word_classes::compact(hir)
}

fn build(hir: &Hir, prefix_pays: bool, which: Engine) -> Option<Regex> {
    let config = meta::Config::new()
        .match_kind(MatchKind::LeftmostFirst)
        .utf8_empty(true)
        .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
        .hybrid(which == Engine::Full)
        // On real news the big patterns' lazy DFAs make more states than 2 MB
        // (the default) holds: the cache was cleared and its states built again
        // and again. 4 MB each at most (as fast as 8 on the corpus's reports),
        // taken only as states are made.
        .hybrid_cache_capacity(4 << 20)
        .auto_prefilter(prefix_pays);
    meta::Builder::new()
        .configure(config)
        .build_from_hir(hir)
        .ok()
}

/// Unicode's word class (`\w`) made cheap to compile.
///
/// `\w` is every letter, mark and digit of Unicode: about 770 ranges, which
/// compile to some 1,400 states of a UTF-8 automaton, forward and again in reverse,
/// for each of the pack's hundred-odd uses (`[\w’'-]+` in most rules that read a
/// word). What matters in English news is ASCII, the Latin letters with accents of
/// names, and the other scripts' letters taken whole. So a class that holds all of
/// `\w` is built with [`WORD`] in its place: ASCII letters, digits and `_`, and the
/// blocks of code points where letters are (all of Latin-1's letters to Greek
/// Extended, the scripts of the BMP, the supplementary planes outside emoji), a
/// dozen ranges. The general punctuation block (curly quotes, dashes, the ellipsis)
/// and the symbols stay out of words, as before; what now counts as a word
/// character besides letters is the punctuation *inside* other scripts' blocks (an
/// Arabic comma, a Devanagari danda), which never borders an English word. A class
/// is rewritten only where that makes it smaller (not `\S`, not `[^.;]`).
mod word_classes {
    use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind};
    use std::sync::OnceLock;

    /// Where word characters are: see the module above.
    pub(super) const WORD: &[(char, char)] = &[
        ('0', '9'),
        ('A', 'Z'),
        ('_', '_'),
        ('a', 'z'),
        ('\u{AA}', '\u{AA}'),
        ('\u{B5}', '\u{B5}'),
        ('\u{BA}', '\u{BA}'),
        ('\u{C0}', '\u{D6}'),
        ('\u{D8}', '\u{F6}'),
        // Latin Extended to Greek Extended, with Cyrillic, Hebrew, Arabic, the Indic
        // scripts, Thai, Georgian, Hangul Jamo, Ethiopic…
        ('\u{F8}', '\u{1FFF}'),
        // Glagolitic to Ethiopic Extended, and CJK (after its punctuation) to Hangul.
        ('\u{2C00}', '\u{2DFF}'),
        ('\u{3040}', '\u{D7FF}'),
        ('\u{F900}', '\u{FDFF}'),
        ('\u{FE70}', '\u{FEFC}'),
        // Fullwidth digits and letters, halfwidth kana and Hangul.
        ('\u{FF10}', '\u{FF19}'),
        ('\u{FF21}', '\u{FF3A}'),
        ('\u{FF41}', '\u{FF5A}'),
        ('\u{FF66}', '\u{FFDC}'),
        // The supplementary planes' scripts (not the emoji and symbols of 1F000–1FFFF)
        // and CJK extensions.
        ('\u{10000}', '\u{1EFFF}'),
        ('\u{20000}', '\u{3FFFF}'),
    ];

    fn class(ranges: &[(char, char)]) -> ClassUnicode {
        ClassUnicode::new(ranges.iter().map(|&(a, b)| ClassUnicodeRange::new(a, b)))
    }

    /// Unicode's `\w` and its cheap stand-in.
    fn classes() -> &'static (ClassUnicode, ClassUnicode) {
        static CLASSES: OnceLock<(ClassUnicode, ClassUnicode)> = OnceLock::new();
        CLASSES.get_or_init(|| {
            let word = match regex_syntax::Parser::new().parse(r"\w").map(Hir::into_kind) {
                Ok(HirKind::Class(Class::Unicode(c))) => c,
                _ => unreachable!("\\w parses to a Unicode class"),
            };
            (word, class(WORD))
        })
    }

    /// `hir` with every class that holds all of `\w` built with [`WORD`] instead,
    /// where that makes it smaller. Only the groups on the way to such a class are
    /// built again (building a node works out its properties anew, and the
    /// vocabularies' long alternations hold no such class).
    pub(super) fn compact(hir: Hir) -> Hir {
        if !changes(&hir) {
            return hir;
        }
        match hir.into_kind() {
            HirKind::Class(Class::Unicode(c)) => {
                Hir::class(Class::Unicode(cheaper(&c).unwrap_or(c)))
            }
            HirKind::Capture(mut c) => {
                c.sub = Box::new(compact(*c.sub));
                Hir::capture(c)
            }
            HirKind::Repetition(mut r) => {
                r.sub = Box::new(compact(*r.sub));
                Hir::repetition(r)
            }
            HirKind::Concat(parts) => Hir::concat(parts.into_iter().map(compact).collect()),
            HirKind::Alternation(parts) => {
                Hir::alternation(parts.into_iter().map(compact).collect())
            }
            HirKind::Empty | HirKind::Literal(_) | HirKind::Look(_) | HirKind::Class(_) => {
                unreachable!("`changes` is false for these")
            }
        }
    }

    /// Whether `hir` holds a class [`compact`] rewrites.
    fn changes(hir: &Hir) -> bool {
        match hir.kind() {
            HirKind::Class(Class::Unicode(c)) => cheaper(c).is_some(),
            HirKind::Capture(c) => changes(&c.sub),
            HirKind::Repetition(r) => changes(&r.sub),
            HirKind::Concat(parts) | HirKind::Alternation(parts) => parts.iter().any(changes),
            HirKind::Empty | HirKind::Literal(_) | HirKind::Look(_) | HirKind::Class(_) => false,
        }
    }

    /// `c` with [`WORD`] for `\w`, if it holds all of `\w` and comes out smaller.
    fn cheaper(c: &ClassUnicode) -> Option<ClassUnicode> {
        let (word, cheap) = classes();
        if c.ranges().len() <= cheap.ranges().len() {
            return None;
        }
        let mut held = c.clone();
        held.intersect(word);
        if held != *word {
            return None;
        }
        let mut out = c.clone();
        out.difference(word);
        out.union(cheap);
        (out.ranges().len() < c.ranges().len()).then_some(out)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn compiled(pattern: &str) -> regex_automata::meta::Regex {
            let hir = compact(regex_syntax::Parser::new().parse(pattern).unwrap());
            regex_automata::meta::Regex::builder()
                .build_from_hir(&hir)
                .unwrap()
        }

        #[test]
        fn words_of_any_script_are_words_and_english_punctuation_is_not() {
            let re = compiled(r"^[\w'-]+$");
            for word in [
                "Jājmau",
                "Zürich",
                "Łódź",
                "Ελλάδα",
                "Москва",
                "القاهرة",
                "東京",
                "서울",
                "O'Brien",
                "x_1",
            ] {
                assert!(re.is_match(word), "{word}");
            }
            for not in [
                "said’",
                "“Yes",
                "end—",
                "wait…",
                "a b",
                "tab\t",
                "nbsp\u{a0}",
                "😀",
            ] {
                assert!(!re.is_match(not), "{not}");
            }
        }

        #[test]
        fn only_classes_that_hold_every_word_character_change() {
            let (word, cheap) = classes();
            let hir = |p: &str| compact(regex_syntax::Parser::new().parse(p).unwrap());
            // \w alone, and within a larger class.
            assert_eq!(hir(r"\w"), Hir::class(Class::Unicode(cheap.clone())));
            let mut with = cheap.clone();
            with.union(&class(&[('’', '’'), ('-', '-')]));
            assert_eq!(hir(r"[\w’-]"), Hir::class(Class::Unicode(with)));
            // Classes that would grow, or do not hold all of \w, are kept.
            for kept in [r"\S", r"[^.;]", r"\W", r"[a-zé]", r"\s"] {
                let before = regex_syntax::Parser::new().parse(kept).unwrap();
                assert_eq!(hir(kept), before, "{kept}");
            }
            assert!(word.ranges().len() > 10 * cheap.ranges().len());
        }
    }
}

/// Refuses a pattern whose automaton would pass the size limit, so that it is an
/// error of its rule when the pack is loaded rather than a regex that fails on first
/// use (and then matches nothing). Building the automaton costs time the pack's
/// start-up does not have, so it is built only for a pattern whose estimated size
/// ([`estimate`]) is within a factor of 8 of the limit; the default pack's patterns
/// are far below.
fn check_size(hir: &Hir) -> Result<(), regex::Error> {
    if estimate(hir).saturating_mul(8) < REGEX_SIZE_LIMIT as u64 {
        return Ok(());
    }
    let config = regex_automata::nfa::thompson::Config::new()
        .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
        .shrink(false)
        .which_captures(regex_automata::nfa::thompson::WhichCaptures::None);
    regex_automata::nfa::thompson::Compiler::new()
        .configure(config)
        .build_from_hir(hir)
        .map(drop)
        .map_err(|_| regex::Error::CompiledTooBig(REGEX_SIZE_LIMIT))
}

/// A rough size in bytes of the automaton of `hir`: its literal bytes, 16 bytes per
/// range of a class (a Unicode class compiles to several states per range), a
/// repetition's body as many times as it may repeat (twice for an unbounded one).
fn estimate(hir: &Hir) -> u64 {
    const STATE: u64 = 16;
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => STATE,
        HirKind::Literal(l) => STATE * l.0.len() as u64,
        HirKind::Class(regex_syntax::hir::Class::Unicode(c)) => STATE * 4 * c.ranges().len() as u64,
        HirKind::Class(regex_syntax::hir::Class::Bytes(c)) => STATE * c.ranges().len() as u64,
        HirKind::Capture(c) => estimate(&c.sub),
        HirKind::Repetition(r) => {
            let times = u64::from(r.max.unwrap_or(r.min.saturating_add(1)).max(1));
            estimate(&r.sub).saturating_mul(times)
        }
        HirKind::Concat(parts) | HirKind::Alternation(parts) => parts
            .iter()
            .fold(STATE, |sum, p| sum.saturating_add(estimate(p))),
    }
}

/// Whether the regex crate's own prefilter pays for a pattern. It searches for the
/// words a match can start with and starts the automaton at each; with a first word
/// as common as "in", "a" or "the", or none it can tell (it then searches for a word
/// inside the pattern and runs the automaton backwards from each), it stops so often
/// that the automaton alone, reading every byte, is two to four times faster. It pays
/// when every first word is a placeholder (`_h`, `_p`: rare in text) or three bytes
/// or longer. Which engine runs never changes what matches.
fn prefilter_pays(hir: &Hir) -> bool {
    let mut extractor = Extractor::new();
    extractor.kind(ExtractKind::Prefix);
    let mut prefixes = extractor.extract(hir);
    prefixes.optimize_for_prefix_by_preference();
    match prefixes.literals() {
        Some(words) if !words.is_empty() => words
            .iter()
            .all(|w| w.as_bytes().starts_with(b"_") || w.as_bytes().len() >= 3),
        _ => false,
    }
}

/// The capture names of `hir`, in the order their groups open.
fn capture_names(hir: &Hir, out: &mut Vec<String>) {
    match hir.kind() {
        HirKind::Capture(c) => {
            if let Some(name) = &c.name {
                out.push(name.to_string());
            }
            capture_names(&c.sub, out);
        }
        HirKind::Repetition(r) => capture_names(&r.sub, out),
        HirKind::Concat(parts) | HirKind::Alternation(parts) => {
            for part in parts {
                capture_names(part, out);
            }
        }
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_of_the_pack_is_spliced_as_its_source_parses() {
        let pack = crate::rules::Pack::embedded().expect("the default pack compiles");
        let patterns: Vec<&Pattern> = pack.rules.iter().flat_map(|r| &r.patterns).collect();
        let mut spliced = 0;
        for p in &patterns {
            let Some(skeleton) = &p.skeleton else {
                continue;
            };
            let hir = skeleton.hir();
            assert!(hir.is_some(), "not spliced: {}", p.source);
            assert!(hir == parse(&p.source), "spliced otherwise: {}", p.source);
            spliced += 1;
        }
        // Every pattern that uses a macro (besides a quote rule's `{{quote}}`).
        let macro_ref = &*crate::rules::compile::MACRO_REF;
        let with_macros = pack
            .rules
            .iter()
            .flat_map(|r| &r.pattern_sources)
            .filter(|s| macro_ref.captures_iter(s).any(|c| &c[1] != "quote"))
            .count();
        assert_eq!(spliced, with_macros);
        assert!(spliced > 100, "{spliced} of {}", patterns.len());
    }

    #[test]
    fn names_and_errors_are_the_regex_crates() {
        let p = Pattern::new(r"(?P<value>\d+)(?:x|(?P<unit>km))(y)".into()).unwrap();
        assert_eq!(p.capture_names().collect::<Vec<_>>(), ["value", "unit"]);
        assert!(!p.is_built(Engine::Full));
        assert_eq!(p.regex().find("12km").map(|m| m.range()), None);
        assert_eq!(p.regex().find("12kmy").map(|m| m.range()), Some(0..5));
        assert!(p.is_built(Engine::Full));
        assert!(!p.is_built(Engine::Light));
        let bad = r"(?P<value>\d+";
        assert_eq!(
            Pattern::new(bad.into()).unwrap_err().to_string(),
            regex::Regex::new(bad).unwrap_err().to_string()
        );
    }

    #[test]
    fn a_pattern_over_the_size_limit_is_refused_when_parsed() {
        // The regex crate refuses it too, so that it would fail on first use.
        let big = r"(?P<value>\w{500}){40}";
        assert!(
            regex::RegexBuilder::new(big)
                .size_limit(REGEX_SIZE_LIMIT)
                .build()
                .is_err()
        );
        let err = Pattern::new(big.into()).unwrap_err();
        assert!(matches!(err, regex::Error::CompiledTooBig(_)), "{err}");
        // Large but within the limit: accepted.
        assert!(Pattern::new(r"(?P<value>\w{500})".into()).is_ok());
    }

    #[test]
    fn the_estimate_stays_below_the_limit_for_the_default_pack() {
        // No pattern of the default pack is built at load to check its size.
        let pack = crate::rules::Pack::embedded().unwrap();
        for rule in &pack.rules {
            for p in &rule.patterns {
                let hir = regex_syntax::Parser::new().parse(p.as_str()).unwrap();
                assert!(
                    estimate(&hir).saturating_mul(8) < REGEX_SIZE_LIMIT as u64,
                    "{}: {}",
                    rule.id,
                    estimate(&hir)
                );
            }
        }
    }

    #[test]
    fn the_prefilter_is_kept_for_placeholders_and_long_first_words() {
        let pays = |p: &str| prefilter_pays(&regex_syntax::Parser::new().parse(p).unwrap());
        assert!(pays(r"(?P<value>_[hu]_*) said"));
        assert!(pays(r"(?i:left|leaving) \d+"));
        assert!(!pays(r"\b(?i:after|in|during)\s+the"));
        assert!(!pays(r"(?:\w+\s+){0,3}?killed"));
        // Worked out when the pattern is checked, and kept with its facts.
        let facts = |p: &str| Pattern::new(p.into()).unwrap().facts().prefix_pays;
        assert!(facts(r"(?i:left|leaving) (?P<value>\d+)"));
        assert!(!facts(r"(?:\w+\s+){0,3}?killed"));
    }

    #[test]
    fn threads_building_the_same_patterns_leave_every_one_built() {
        let patterns: Vec<Pattern> = (0..40)
            .map(|i| Pattern::new(format!(r"(?P<value>\d+) km{i}")).unwrap())
            .collect();
        std::thread::scope(|s| {
            for _ in 0..3 {
                s.spawn(|| {
                    for p in &patterns {
                        p.build_unless_taken(Engine::Light);
                        p.build_unless_taken(Engine::Full);
                    }
                });
            }
        });
        // Each was built by the thread that took it, and the light one dropped
        // once the full one was; a copy keeps its engine.
        assert!(patterns.iter().all(|p| p.is_built(Engine::Full)));
        assert!(!patterns.iter().any(|p| p.is_built(Engine::Light)));
        assert!(patterns[7].clone().is_built(Engine::Full));
        assert_eq!(
            patterns[7].regex().find("12 km7").map(|m| m.range()),
            Some(0..6)
        );
    }

    #[test]
    fn a_pattern_searches_its_first_kilobytes_with_the_light_engine_then_the_full_one() {
        let p = Pattern::new(r"(?P<value>\d+) (?P<unit>km|mi)\b".into()).unwrap();
        assert_eq!(p.unbuilt_for(1000), Some(Engine::Light));
        assert_eq!(p.unbuilt_for(LIGHT_BYTES + 1), Some(Engine::Full));
        let text = "a 12 km walk, 3 mi more";
        let spans = |re: &Regex| -> Vec<Vec<Option<std::ops::Range<usize>>>> {
            re.captures_iter(text)
                .map(|c| (0..3).map(|g| c.get_group(g).map(|m| m.range())).collect())
                .collect()
        };
        let light_engine = p.regex_for(LIGHT_BYTES / 2);
        assert!(matches!(light_engine, EngineRef::Light(_)));
        let light = spans(&light_engine);
        assert!(p.is_built(Engine::Light) && !p.is_built(Engine::Full));
        assert_eq!(p.unbuilt_for(LIGHT_BYTES / 2), None);
        // Past the light engine's share: the full one, which finds the same.
        assert_eq!(p.unbuilt_for(LIGHT_BYTES / 2 + 1), Some(Engine::Full));
        let full = spans(&p.regex_for(LIGHT_BYTES / 2 + 1));
        assert!(p.is_built(Engine::Full));
        assert_eq!(light, full);
        // The light engine is dropped, but lives as long as a search holds it.
        assert!(!p.is_built(Engine::Light));
        assert_eq!(spans(&light_engine), light);
        assert_eq!(
            full,
            [
                [Some(2..7), Some(2..4), Some(5..7)],
                [Some(14..18), Some(14..15), Some(16..18)]
            ]
        );
        // Once built, the full engine is used for any length.
        assert!(std::ptr::eq(&*p.regex_for(1), p.regex()));
    }

    #[test]
    fn both_engines_of_every_pattern_of_the_pack_find_the_same_on_real_reports() {
        let pack = crate::rules::Pack::embedded().unwrap();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
        let mut texts: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
            .map(|p| std::fs::read_to_string(p).unwrap())
            .map(|t| pack.tagger().tag(&t).shadow)
            .collect();
        texts.sort();
        assert!(texts.len() >= 5, "{}", texts.len());
        let text = texts.join("\n\n");
        let mut matched = 0;
        for rule in &pack.rules {
            for p in &rule.patterns {
                // The whole text (searched by the light engine's PikeVM), and line
                // by line (its backtracker, as a run searches sentences).
                let all = |re: &Regex| -> Vec<Vec<Option<std::ops::Range<usize>>>> {
                    std::iter::once(text.as_str())
                        .chain(text.lines())
                        .flat_map(|piece| re.captures_iter(piece))
                        .map(|c| {
                            (0..c.group_len())
                                .map(|g| c.get_group(g).map(|m| m.range()))
                                .collect()
                        })
                        .collect()
                };
                let light = all(&p.engine(Engine::Light));
                matched += usize::from(!light.is_empty());
                assert_eq!(light, all(&p.engine(Engine::Full)), "{}", rule.id);
            }
        }
        assert!(matched > 30, "{matched}");
    }
}
