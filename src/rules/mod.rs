//! Rule packs: YAML files of claim rules, macros and vocabularies, compiled once.
//!
//! This module owns the rule-file format ([`raw`]), its compilation and validation
//! ([`compile`]), the errors that name file, line and column ([`error`]), the
//! vocabularies ([`vocab`]) and the default pack embedded in the binary
//! ([`embedded`]). It does not read report texts or make claims; [`crate::extract`]
//! runs a compiled pack over a text.

pub mod compile;
pub mod embedded;
pub mod error;
mod factor;
pub mod facts;
pub mod lexicon;
mod locate;
pub mod names_cache;
pub mod pattern;
pub mod prefilter;
pub mod raw;
pub mod splice;
pub mod strmap;
pub mod vocab;

use jiff::civil::Date;
use std::collections::BTreeMap;
use std::path::Path;

pub use compile::{Overrides, PackFile, RuleParams};
pub use error::{PackErrors, RuleError, RuleErrorKind};
pub use pattern::Pattern;
pub use vocab::Vocabulary;

use crate::value::ClaimKind;

/// A piece of a key template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplatePart {
    Literal(String),
    /// `{name}`: the capture, normalized.
    Capture(String),
    /// `{name:first}`: the first word of the capture, normalized ("Rafael" of
    /// "Rafael Grossi"), for keys that gather spellings of one name.
    FirstWord(String),
}

/// A key or qualifier template: "venue / {event}".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    pub source: String,
    pub parts: Vec<TemplatePart>,
}

impl Template {
    /// Splits `{name}` references out of literal text.
    pub fn parse(source: &str) -> Template {
        let mut parts = Vec::new();
        let mut rest = source;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            if open > 0 {
                parts.push(TemplatePart::Literal(rest[..open].to_string()));
            }
            let inner = rest[open + 1..open + close].trim();
            parts.push(match inner.strip_suffix(":first") {
                Some(name) => TemplatePart::FirstWord(name.trim().to_string()),
                None => TemplatePart::Capture(inner.to_string()),
            });
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            parts.push(TemplatePart::Literal(rest.to_string()));
        }
        Template {
            source: source.to_string(),
            parts,
        }
    }

    /// The capture names the template uses.
    pub fn captures(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            TemplatePart::Capture(c) | TemplatePart::FirstWord(c) => Some(c.as_str()),
            TemplatePart::Literal(_) => None,
        })
    }
}

/// A positive rule example.
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    pub text: String,
    pub key: String,
    pub value: String,
    pub matched: Option<String>,
    pub published: Option<Date>,
    /// For quote rules: the speaker the quote must be given to.
    pub speaker: Option<String>,
    /// A known miss, with the reason.
    pub todo: Option<String>,
    /// Where the example stands in its file (1-based; 0 if not found).
    pub line: usize,
}

/// A text a rule must not match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CounterExample {
    pub text: String,
    pub line: usize,
    /// A known false hit, with the reason.
    pub todo: Option<String>,
}

/// A compiled claim rule.
#[derive(Clone, Debug)]
pub struct Rule {
    pub id: crate::extract::claim::Shared,
    pub description: String,
    pub kind: ClaimKind,
    /// Patterns with macros expanded, checked; each compiled on first use.
    pub patterns: Vec<Pattern>,
    /// Patterns as written in the file.
    pub pattern_sources: Vec<String>,
    /// The lexicon measure the rule states; `None`: the `trigger` capture names it.
    pub measure: Option<String>,
    /// Slot templates: (slot, template), for the slots a match fills.
    pub slots: Vec<(String, Template)>,
    /// Per capture: (canonical, normalized variants).
    pub normalize: BTreeMap<String, Vec<(String, Vec<String>)>>,
    pub priority: i32,
    /// A part of the count before it in the sentence (see `RawRule::part`).
    pub part: bool,
    /// Width of "about N" and "nearly N" for this rule, when it differs from the
    /// pack's.
    pub hedge_width: Option<f64>,
    /// For name rules: how spellings compare, and whether only unlisted names count.
    pub name_form: crate::value::NameForm,
    pub unlisted_only: bool,
    pub examples: Vec<Example>,
    pub counter_examples: Vec<CounterExample>,
    /// The file the rule is defined in, and the line of its `id`.
    pub file: String,
    pub line: usize,
}

/// One step of a scan plan: (rule index, pattern index) and the byte ranges of the
/// text to run the pattern on.
pub type ScanStep = ((usize, usize), Vec<(usize, usize)>);

/// The ranges of the sentences `chosen` (ascending indices into `sentences`), with
/// neighbours joined when no line break stands between them: one regex call where
/// there would be several, and never a match across lines, which are paragraphs.
fn join_neighbours(
    text: &str,
    sentences: &[(usize, usize)],
    chosen: &[usize],
) -> Vec<(usize, usize)> {
    let mut ranges: Vec<(usize, usize)> = Vec::with_capacity(chosen.len());
    let mut last = None;
    for &s in chosen {
        let (start, end) = sentences[s];
        match ranges.last_mut() {
            Some(range)
                if last.map(|l: usize| l + 1) == Some(s)
                    && !text[range.1..start].contains('\n') =>
            {
                range.1 = end;
            }
            _ => ranges.push((start, end)),
        }
        last = Some(s);
    }
    ranges
}

/// The sentences of `text` holding a digit (the whole text as sentence 0 when it has
/// none), found once per text into `cache`.
fn digit_sentences<'c>(
    cache: &'c mut Option<Vec<usize>>,
    text: &str,
    sentences: &[(usize, usize)],
) -> &'c [usize] {
    cache.get_or_insert_with(|| {
        if sentences.is_empty() {
            return if prefilter::has_digit(text) {
                vec![0]
            } else {
                Vec::new()
            };
        }
        (0..sentences.len())
            .filter(|&i| {
                let (start, end) = sentences[i];
                prefilter::has_digit(&text[start..end])
            })
            .collect()
    })
}

/// A compiled rule pack: rules in pack order, vocabularies, and the prefilter that
/// tells which patterns can match a text at all.
#[derive(Clone, Debug)]
pub struct Pack {
    pub rules: Vec<Rule>,
    pub vocab: Vocabulary,
    /// Every macro, expanded (built-in ones included), by name.
    pub macros: BTreeMap<String, String>,
    /// The files the pack was compiled from, in order.
    pub files: Vec<String>,
    prefilter: prefilter::Prefilter,
    /// For each prefilter pattern: (rule index, pattern index).
    slots: Vec<(usize, usize)>,
    /// For each slot: whether every match holds a digit (it runs only on the
    /// sentences that hold one).
    digits: Vec<bool>,
    /// Finds the vocabulary's names (and people by shape) in a text, once. Built
    /// with the pack, beside the rules' compilation (see [`compile`]); a pack made
    /// otherwise builds it on first use.
    tagger: std::sync::OnceLock<crate::tag::Tagger>,
    /// Macros no pattern or macro uses: (name, file, line), for rule checks.
    pub unused_macros: Vec<(String, String, usize)>,
    /// User macros as written, for `rules explain`.
    pub macro_sources: BTreeMap<String, String>,
    /// Rules left out by overrides, with the override that did it.
    pub disabled: Vec<(String, String)>,
}

impl Pack {
    /// The entity tagger of the pack's vocabularies (built with the pack).
    pub fn tagger(&self) -> &crate::tag::Tagger {
        self.tagger
            .get_or_init(|| crate::tag::Tagger::new(&self.vocab))
    }

    /// The default pack, embedded in the binary.
    pub fn embedded() -> Result<Pack, PackErrors> {
        compile::compile(&embedded::files())
    }

    /// A pattern as written, with the pack's own macros expanded and the built-in
    /// (vocabulary) macros left as `{{name}}`, for people to read.
    pub fn readable_pattern(&self, source: &str) -> String {
        let re = &*compile::MACRO_REF;
        let mut text = source.to_string();
        // Macros nest only a few levels; the bound also stops a cycle.
        for _ in 0..16 {
            let next = re.replace_all(&text, |c: &regex::Captures<'_>| {
                match self.macro_sources.get(&c[1]) {
                    Some(body) => format!("(?:{body})"),
                    None => c[0].to_string(),
                }
            });
            if next == text {
                break;
            }
            text = next.into_owned();
        }
        text
    }

    /// Every `.yaml`/`.yml` file under `dir`, in path order.
    pub fn from_dir(dir: &Path) -> Result<Pack, PackErrors> {
        compile::compile(&compile::read_dir(dir)?)
    }

    /// A pack: the folder `base` (or the embedded pack), plus the files of `extra`
    /// folders (which may add rules, macros and vocabulary entries, but not redefine
    /// ids), with overrides applied. With `cache`, a cache folder: patterns checked
    /// by an earlier run are not parsed again (see [`facts`]), and the gazetteer and
    /// the tagger's names are read back (see [`names_cache`]).
    pub fn load(
        base: Option<&Path>,
        extra: &[std::path::PathBuf],
        overrides: &Overrides,
        cache: Option<&Path>,
    ) -> Result<Pack, PackErrors> {
        let mut files = match base {
            Some(dir) => compile::read_dir(dir)?,
            None => embedded::files(),
        };
        for dir in extra {
            files.extend(compile::read_dir(dir)?);
        }
        compile::compile_cached(&files, overrides, cache)
    }

    /// The quote rules, highest priority first (pack order among equals).
    pub fn quote_rules(&self) -> Vec<&Rule> {
        let mut rules: Vec<&Rule> = self
            .rules
            .iter()
            .filter(|r| r.kind == ClaimKind::Quote)
            .collect();
        rules.sort_by_key(|r| std::cmp::Reverse(r.priority));
        rules
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| &*r.id == id)
    }

    /// (rule index, pattern index) of every pattern that can match in `text`: its
    /// anchor words occur in it (see [`prefilter`]).
    pub fn candidates(&self, text: &str) -> Vec<(usize, usize)> {
        self.prefilter
            .candidates(text)
            .into_iter()
            .map(|slot| self.slots[slot])
            .collect()
    }

    /// What to run on `text`: each pattern that can match, with the byte ranges to run
    /// it on. A pattern with anchor words runs only on the sentences (`sentences`,
    /// sorted ranges) holding a word of each of its anchor sets, neighbours on one line run as
    /// one range; one without runs on the whole text. A pattern every match of which
    /// holds a digit runs only on the sentences that hold one. In pack order, ranges
    /// ascending.
    ///
    /// A claim stands in one sentence, with its anchor word: on the corpus, the seeds
    /// and the bench corpus the claims are exactly those of a scan of whole lines,
    /// which read 55 % more bytes (a pattern's common words, a lexicon's verbs, are
    /// in most paragraphs but in fewer sentences).
    pub fn plan(&self, text: &str, sentences: &[(usize, usize)]) -> Vec<ScanStep> {
        let pf = &self.prefilter;
        // Per anchor set: the sentences holding a word of it, ascending.
        let mut met: Vec<Vec<usize>> = vec![Vec::new(); pf.set_count()];
        // Hits come in order of where they end, so a sentence may come back.
        let mut in_order = true;
        // The sentence of the last hit: the next is mostly the same or a later one.
        let mut s = 0;
        pf.each_hit(text, |sets, pos| {
            if sentences.get(s).is_some_and(|&(start, _)| start > pos) {
                s = sentences
                    .partition_point(|&(start, _)| start <= pos)
                    .saturating_sub(1);
            }
            while sentences.get(s + 1).is_some_and(|&(start, _)| start <= pos) {
                s += 1;
            }
            for &set in sets {
                let list = &mut met[set];
                match list.last() {
                    Some(&last) if last == s => {}
                    last => {
                        in_order &= last.is_none_or(|&l| l < s);
                        list.push(s);
                    }
                }
            }
        });
        // The sentences holding a digit, found when a pattern that needs one is to run.
        let mut with_digit: Option<Vec<usize>> = None;
        for (set, list) in met.iter_mut().enumerate() {
            let digits = pf.is_digit_set(set);
            if digits {
                list.extend_from_slice(digit_sentences(&mut with_digit, text, sentences));
            }
            if digits || !in_order {
                list.sort_unstable();
                list.dedup();
            }
        }
        (0..self.slots.len())
            .filter_map(|slot| {
                // The sentences that meet every anchor set of the slot: those of its
                // rarest set that the others' hold too (none for a slot without sets).
                let sets = pf.sets_of(slot);
                let rarest = sets.iter().copied().min_by_key(|&set| met[set].len());
                let mut ss = match rarest {
                    None => Vec::new(),
                    Some(rarest) => {
                        let mut ss = met[rarest].clone();
                        for &set in sets.iter().filter(|&&set| set != rarest) {
                            ss.retain(|s| met[set].binary_search(s).is_ok());
                        }
                        if ss.is_empty() {
                            return None;
                        }
                        ss
                    }
                };
                if self.digits[slot] && !sentences.is_empty() {
                    let digits = digit_sentences(&mut with_digit, text, sentences);
                    if ss.is_empty() {
                        // No anchors: every sentence with a digit, or none at all.
                        if digits.is_empty() {
                            return None;
                        }
                        ss = digits.to_vec();
                    } else {
                        ss.retain(|i| digits.binary_search(i).is_ok());
                        if ss.is_empty() {
                            return None;
                        }
                    }
                }
                let ranges = if ss.is_empty() || sentences.is_empty() {
                    vec![(0, text.len())]
                } else {
                    join_neighbours(text, sentences, &ss)
                };
                Some((self.slots[slot], ranges))
            })
            .collect()
    }

    /// The prefilter's anchor sets of a rule's pattern: every match holds a word of
    /// each (none: tried on every text).
    pub fn anchors(&self, rule: usize, pattern: usize) -> &[Vec<String>] {
        if self.slots.contains(&(rule, pattern)) {
            self.rules[rule].patterns[pattern].anchors()
        } else {
            &[]
        }
    }

    /// Patterns in all, and how many of them the prefilter can skip.
    pub fn pattern_counts(&self) -> (usize, usize) {
        (self.slots.len(), self.prefilter.anchored())
    }
}
