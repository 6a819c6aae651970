//! Macros: the built-in ones made from the vocabularies and value readers, the
//! pack's own expanded (cycles and undefined names reported), and the helpers that
//! put them into patterns.

use rayon::prelude::*;
use regex::Regex;
use std::collections::BTreeMap;

use super::super::Rule;
use super::super::error::{RuleError, RuleErrorKind as K};
use super::super::lexicon::TriggerClass;
use super::super::locate::Locator;
use super::super::raw::RawFile;
use super::super::splice::MacroTable;
use super::super::vocab::{Vocabulary, names_pattern};
use super::PackFile;
use super::rules::short;
use crate::value::{Hedge, date, duration, number};

/// Built-in and user macros, expanded.
pub(super) struct Macros {
    pub(super) expanded: BTreeMap<String, String>,
    /// The same, as patterns hold them (ASCII word boundaries), parsed once each
    /// when a pattern is built (see [`crate::rules::splice`]).
    pub(super) table: std::sync::Arc<MacroTable>,
}

fn builtin_macros(vocab: &Vocabulary) -> BTreeMap<String, String> {
    let words = |p: String| format!("(?i-u:\\b{p}\\b)");
    let hedge_words =
        |list: &[(String, Hedge)]| names_pattern(list.iter().map(|(w, _)| w.as_str()), true);
    let mut m = BTreeMap::new();
    // Names are tagged before rules run (see `crate::tag`): these macros match the
    // placeholders that stand for them in the text rules see.
    use crate::tag::placeholder_pattern;
    m.insert("place".into(), placeholder_pattern("pc"));
    m.insert("city".into(), placeholder_pattern("c"));
    m.insert("demonym".into(), placeholder_pattern("d"));
    m.insert("person".into(), placeholder_pattern("hu"));
    m.insert("known_person".into(), placeholder_pattern("h"));
    m.insert("unknown_person".into(), placeholder_pattern("u"));
    m.insert("organization".into(), placeholder_pattern("o"));
    // The lexicon's words: trigger words by construction, groups and events.
    for class in TriggerClass::ALL {
        m.insert(
            class.macro_name().into(),
            names_pattern(vocab.lexicon.words(class), true),
        );
    }
    m.insert(
        "group".into(),
        names_pattern(vocab.lexicon.group_words(), true),
    );
    m.insert(
        "event".into(),
        names_pattern(vocab.lexicon.event_words(), true),
    );
    // In a quote rule, a quotation of the sentence (see `extract::speech`).
    m.insert("quote".into(), QUOTE_TOKEN.to_string());
    m.insert(
        "title".into(),
        names_pattern(vocab.titles.iter().map(String::as_str), true),
    );
    m.insert("hedge".into(), hedge_words(&vocab.hedges.prefixes));
    m.insert("hedge_after".into(), hedge_words(&vocab.hedges.suffixes));
    m.insert(
        "vague_quantity".into(),
        names_pattern(vocab.hedges.vague.iter().map(|v| v.phrase.as_str()), true),
    );
    m.insert("number_word".into(), words(number::number_word_pattern()));
    m.insert("ordinal_word".into(), words(number::ordinal_word_pattern()));
    m.insert("month".into(), format!("\\b{}", date::month_pattern()));
    m.insert(
        "weekday".into(),
        format!("\\b{}\\b", date::weekday_pattern()),
    );
    m.insert(
        "duration_unit".into(),
        format!("(?i:\\b{}\\b)", duration::unit_pattern()),
    );
    m
}

/// What `{{quote}}` stands for: the token a quotation is replaced with in the text
/// quote rules run on. Quote rules capture its number as `quote`.
pub const QUOTE_TOKEN: &str = "⟦[0-9]+⟧";
pub(super) const QUOTE_CAPTURE: &str = "⟦(?P<quote>[0-9]+)⟧";

/// A macro reference, `{{name}}`, with the name as group 1.
pub(crate) static MACRO_REF: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
    Regex::new(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
        .expect("the macro reference pattern is valid")
});

pub(super) fn build_macros(
    parsed: &[(&PackFile, RawFile)],
    vocab: &Vocabulary,
    errors: &mut Vec<RuleError>,
) -> Macros {
    let builtins = builtin_macros(vocab);
    let mut raw: BTreeMap<String, (String, &PackFile)> = BTreeMap::new();
    for (file, rf) in parsed {
        for (name, body) in &rf.macros {
            // Where the macro is defined, found only for an error.
            let pos = || key_position(file, name);
            if builtins.contains_key(name) {
                errors.push(
                    RuleError::new(
                        K::Duplicate,
                        &file.name,
                        format!("macro `{name}` is built in"),
                    )
                    .at(pos())
                    .in_rule(name)
                    .hint("built-in macros come from the vocabularies; choose another name"),
                );
            } else if let Some((_, first)) = raw.get(name) {
                errors.push(
                    RuleError::new(
                        K::Duplicate,
                        &file.name,
                        format!("macro `{name}` is defined twice"),
                    )
                    .at(pos())
                    .in_rule(name)
                    .hint(format!("the first definition is in {}", first.name)),
                );
            } else {
                raw.insert(name.clone(), (body.clone(), file));
            }
        }
    }
    let re = &*MACRO_REF;
    let mut expanded = builtins.clone();
    // Each macro expanded in name order; the expansions are then checked as regexes
    // in parallel (compiling is the slow part) and the errors kept in name order.
    let mut checks: Vec<Result<MacroCheck<'_>, RuleError>> = Vec::new();
    for (name, (_, file)) in &raw {
        let pos = || key_position(file, name);
        let mut stack = Vec::new();
        match expand_macro(name, &raw, re, &mut stack, &mut expanded) {
            Ok(body) => checks.push(Ok((name, body, file))),
            Err(MacroError::Undefined(missing)) => {
                checks.push(Err(undefined_macro(
                    &file.name,
                    pos(),
                    name,
                    &missing,
                    expanded.keys().chain(raw.keys()),
                )));
            }
            Err(MacroError::Cycle(chain)) => checks.push(Err(RuleError::new(
                K::MacroCycle,
                &file.name,
                format!("macros include each other: {}", chain.join(" → ")),
            )
            .at(pos())
            .in_rule(name))),
        }
    }
    let checked: Vec<Option<RuleError>> = checks
        .into_par_iter()
        .map(|check| {
            let (name, body, file) = match check {
                Ok(c) => c,
                Err(e) => return Some(e),
            };
            // Parsed, not built: building each macro's automata cost more than the
            // rest of loading the pack, and a macro too large to build is reported
            // by the pattern that uses it.
            if let Err(e) = regex_syntax::ParserBuilder::new().build().parse(&body) {
                Some(
                    RuleError::new(
                        K::Regex,
                        &file.name,
                        format!("macro is not a valid regex: {}", short(&e.to_string())),
                    )
                    .at(key_position(file, name))
                    .in_rule(name),
                )
            } else if body.contains("(?P<") || body.contains("(?<") {
                Some(
                    RuleError::new(
                        K::Invalid,
                        &file.name,
                        "a macro may not contain named captures",
                    )
                    .at(key_position(file, name))
                    .in_rule(name)
                    .hint("name captures in the rule's pattern: (?P<value>{{macro}})"),
                )
            } else {
                None
            }
        })
        .collect();
    errors.extend(checked.into_iter().flatten());
    let table = MacroTable::new(
        expanded
            .iter()
            .map(|(name, body)| (name.clone(), ascii_word_boundaries(body))),
    );
    Macros {
        expanded,
        table: std::sync::Arc::new(table),
    }
}

/// A macro to check as a regex: name, expansion, and the file defining it.
type MacroCheck<'a> = (&'a str, String, &'a PackFile);

/// Line and column of the key `name` in `file` ((0, 0) when not found): looked up
/// only for an error, as it scans the file.
fn key_position(file: &PackFile, name: &str) -> (usize, usize) {
    let locator = Locator::new(&file.text);
    locator
        .key_offset(name)
        .map_or((0, 0), |o| locator.line_col(o))
}

enum MacroError {
    Undefined(String),
    Cycle(Vec<String>),
}

fn expand_macro(
    name: &str,
    raw: &BTreeMap<String, (String, &PackFile)>,
    re: &Regex,
    stack: &mut Vec<String>,
    done: &mut BTreeMap<String, String>,
) -> Result<String, MacroError> {
    if let Some(body) = done.get(name) {
        return Ok(body.clone());
    }
    if stack.iter().any(|s| s == name) {
        let mut chain = stack.clone();
        chain.push(name.to_string());
        return Err(MacroError::Cycle(chain));
    }
    let Some((body, _)) = raw.get(name) else {
        return Err(MacroError::Undefined(name.to_string()));
    };
    stack.push(name.to_string());
    let mut out = String::new();
    let mut last = 0;
    for caps in re.captures_iter(body) {
        let whole = caps.get(0).expect("group 0 always participates");
        out.push_str(&body[last..whole.start()]);
        let inner = expand_macro(&caps[1], raw, re, stack, done)?;
        out.push_str("(?:");
        out.push_str(&inner);
        out.push(')');
        last = whole.end();
    }
    out.push_str(&body[last..]);
    stack.pop();
    done.insert(name.to_string(), out.clone());
    Ok(out)
}

/// `\\b` and `\\B` as ASCII word boundaries. The regex crate's fast engines cannot
/// apply a Unicode word boundary to text with non-ASCII characters (every report with
/// curly quotes) and fall back to one about seven times slower; an ASCII boundary
/// costs nothing. Letters with accents then count as non-word characters, which
/// matters only at the very edge of a word.
pub fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some(b @ ('b' | 'B')) => {
                out.push_str("(?-u:\\");
                out.push(b);
                out.push(')');
            }
            // Any other escape (including an escaped backslash) is kept whole.
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

pub(super) fn undefined_macro<'a>(
    file: &str,
    pos: (usize, usize),
    within: &str,
    missing: &str,
    known: impl Iterator<Item = &'a String>,
) -> RuleError {
    let mut err = RuleError::new(
        K::UndefinedMacro,
        file,
        format!("undefined macro `{{{{{missing}}}}}`"),
    )
    .at(pos)
    .in_rule(within);
    if let Some(best) = closest(missing, known) {
        err = err.hint(format!("did you mean `{{{{{best}}}}}`?"));
    } else {
        err = err.hint("define it under `macros:` in any file of the pack");
    }
    err
}

/// The closest candidate by edit distance, when close enough to be a likely typo.
pub fn closest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a String>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::damerau_levenshtein(wanted, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 4))
        .min()
        .map(|(_, c)| c.as_str())
}

/// Macros of the pack's files that no pattern and no other macro uses: (name, file,
/// line).
pub(super) fn unused_macros(
    parsed: &[(&PackFile, RawFile)],
    rules: &[Rule],
) -> Vec<(String, String, usize)> {
    let re = &*MACRO_REF;
    let mut used: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let mut mark = |text: &str| {
        for c in re.captures_iter(text) {
            used.insert(c[1].to_string());
        }
    };
    for rule in rules {
        rule.pattern_sources.iter().for_each(|p| mark(p));
    }
    for (_, raw) in parsed {
        raw.macros.values().for_each(|body| mark(body));
    }
    let mut unused = Vec::new();
    for (file, raw) in parsed {
        let locator = Locator::new(&file.text);
        for name in raw.macros.keys().filter(|n| !used.contains(*n)) {
            let line = locator
                .key_offset(name)
                .map_or(0, |o| locator.line_col(o).0);
            unused.push((name.clone(), file.name.clone(), line));
        }
    }
    unused
}
