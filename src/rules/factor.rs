//! Word lists compiled with their common beginnings written once.
//!
//! The vocabulary macros are alternations of words, longest first
//! (`seventeen|eighteen|…|seven|…|six`), and `{{amount}}` holds the number words
//! six times. Compiled as written, every word is a branch of the automaton, and
//! the lazy DFA follows every branch that starts with the letter it has just read.
//! So each macro is also kept with such alternations made trees of their words
//! (`s(?:even(?:teen|ty)?|ix(?:teen|ty)?)|…`), and that form is spliced into the
//! patterns to build (see [`super::splice`]): the default pack's patterns compile
//! to 302,568 NFA states instead of 360,060.
//!
//! The tree matches what the list matches, and prefers what it prefers, in any
//! context. Two words that part at a letter cannot both match at one place, so
//! branches may be put in any order, as long as the tokens they part at have no
//! character in common (checked; else the list is left as written). Where one word
//! is the beginning of another (`seven`, `seventeen`), the tree tries the longer
//! first (a greedy `?`), which the list must do too: the longer word before it
//! (checked). The prefilter's anchors are read from the pattern as written, not
//! from this form.

use regex_syntax::hir::{Class, Hir, HirKind, Repetition};

/// Fewer alternatives than this are left as written: too few to share much.
const MIN_WORDS: usize = 4;

/// `hir` with each alternation of plain words (sequences of characters and
/// character classes) factored into a tree, where that keeps its meaning.
pub fn factor(hir: &Hir) -> Hir {
    factored(hir).unwrap_or_else(|| hir.clone())
}

/// As [`factor`]; `None` when nothing changes (nothing is copied then).
fn factored(hir: &Hir) -> Option<Hir> {
    // The parts, each factored or as it was; `None` when none changed.
    let parts = |subs: &[Hir]| -> Option<Vec<Hir>> {
        let changed: Vec<Option<Hir>> = subs.iter().map(factored).collect();
        changed.iter().any(Option::is_some).then(|| {
            changed
                .into_iter()
                .zip(subs)
                .map(|(new, old)| new.unwrap_or_else(|| old.clone()))
                .collect()
        })
    };
    match hir.kind() {
        HirKind::Alternation(alts) => {
            if alts.len() >= MIN_WORDS
                && let Some(words) = alts.iter().map(tokens).collect::<Option<Vec<_>>>()
            {
                let all: Vec<Word<'_>> = words
                    .iter()
                    .enumerate()
                    .map(|(i, w)| (i, w.as_slice()))
                    .collect();
                if let Some(tree) = tree(&all, true) {
                    return Some(tree);
                }
            }
            parts(alts).map(Hir::alternation)
        }
        HirKind::Concat(subs) => parts(subs).map(Hir::concat),
        HirKind::Capture(c) => factored(&c.sub).map(|sub| {
            let mut c = c.clone();
            c.sub = Box::new(sub);
            Hir::capture(c)
        }),
        HirKind::Repetition(r) => factored(&r.sub).map(|sub| {
            let mut r = r.clone();
            r.sub = Box::new(sub);
            Hir::repetition(r)
        }),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => None,
    }
}

/// A plain word as its tokens: each character of a literal, each class.
fn tokens(hir: &Hir) -> Option<Vec<Hir>> {
    match hir.kind() {
        HirKind::Empty => Some(Vec::new()),
        HirKind::Literal(lit) => Some(
            std::str::from_utf8(&lit.0)
                .ok()?
                .chars()
                .map(|c| Hir::literal(c.to_string().into_bytes()))
                .collect(),
        ),
        HirKind::Class(_) => Some(vec![hir.clone()]),
        HirKind::Concat(parts) => {
            let mut all = Vec::new();
            for part in parts {
                match part.kind() {
                    HirKind::Literal(_) | HirKind::Class(_) => all.extend(tokens(part)?),
                    _ => return None,
                }
            }
            Some(all)
        }
        _ => None,
    }
}

/// A word of a list: its place in the list, and its tokens (or what is left of them).
type Word<'h> = (usize, &'h [Hir]);

/// The tree of `words` ((place in the list, tokens), in list order); `None` when
/// it would not match as the list does, or (at the `top`) shares nothing.
fn tree(words: &[Word<'_>], top: bool) -> Option<Hir> {
    if let [(_, word)] = words {
        return Some(Hir::concat(word.to_vec()));
    }
    // The words that end here (the first of them), and the others by their next
    // token, in the order each token first comes.
    let mut ends: Option<usize> = None;
    let mut groups: Vec<(&Hir, Vec<Word<'_>>)> = Vec::new();
    for &(i, word) in words {
        let Some((first, rest)) = word.split_first() else {
            ends.get_or_insert(i);
            continue;
        };
        match groups.iter_mut().find(|(token, _)| *token == first) {
            Some((_, same)) => same.push((i, rest)),
            None => groups.push((first, vec![(i, rest)])),
        }
    }
    if top && ends.is_none() && groups.len() == words.len() {
        return None;
    }
    // Branches in any order: their first tokens have no character in common.
    for (a, (x, _)) in groups.iter().enumerate() {
        if groups[a + 1..].iter().any(|(y, _)| !disjoint(x, y)) {
            return None;
        }
    }
    // A word that is the beginning of others comes after them in the list.
    if let Some(end) = ends
        && words.iter().any(|&(i, w)| !w.is_empty() && i > end)
    {
        return None;
    }
    let mut branches = Vec::with_capacity(groups.len());
    for (token, rest) in &groups {
        branches.push(Hir::concat(vec![(*token).clone(), tree(rest, false)?]));
    }
    Some(match ends {
        _ if branches.is_empty() => Hir::empty(),
        None => Hir::alternation(branches),
        Some(_) => Hir::repetition(Repetition {
            min: 0,
            max: Some(1),
            greedy: true,
            sub: Box::new(Hir::alternation(branches)),
        }),
    })
}

/// Whether no character matches both tokens (a character or a class each).
fn disjoint(a: &Hir, b: &Hir) -> bool {
    if a == b {
        return false;
    }
    match (a.kind(), b.kind()) {
        (HirKind::Literal(_), HirKind::Literal(_)) => true,
        (HirKind::Literal(lit), HirKind::Class(class))
        | (HirKind::Class(class), HirKind::Literal(lit)) => !class_has(class, &lit.0),
        (HirKind::Class(Class::Unicode(x)), HirKind::Class(Class::Unicode(y))) => {
            let mut both = x.clone();
            both.intersect(y);
            both.ranges().is_empty()
        }
        (HirKind::Class(Class::Bytes(x)), HirKind::Class(Class::Bytes(y))) => {
            let mut both = x.clone();
            both.intersect(y);
            both.ranges().is_empty()
        }
        _ => false,
    }
}

/// Whether a class matches the character `bytes` (one character's UTF-8).
fn class_has(class: &Class, bytes: &[u8]) -> bool {
    match class {
        Class::Unicode(u) => std::str::from_utf8(bytes)
            .ok()
            .and_then(|s| s.chars().next())
            .is_some_and(|c| u.ranges().iter().any(|r| r.start() <= c && c <= r.end())),
        Class::Bytes(b) => match bytes {
            [byte] => b
                .ranges()
                .iter()
                .any(|r| r.start() <= *byte && *byte <= r.end()),
            // A class of bytes may match a character's first byte: not disjoint.
            _ => true,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_automata::meta::Regex;
    use regex_automata::nfa::thompson::NFA;

    fn parse(pattern: &str) -> Hir {
        regex_syntax::parse(pattern).unwrap()
    }

    fn spans(hir: &Hir, text: &str) -> Vec<(usize, usize)> {
        let re = Regex::builder().build_from_hir(hir).unwrap();
        re.find_iter(text).map(|m| (m.start(), m.end())).collect()
    }

    fn states(hir: &Hir) -> usize {
        NFA::compiler().build_from_hir(hir).unwrap().states().len()
    }

    const WORDS: &[&str] = &[
        "seven",
        "seventeen",
        "seventy",
        "six",
        "sixteen",
        "sixty",
        "ten",
        "two",
        "twelve",
        "twenty",
        "three",
        "thirteen",
        "thirty",
        "at",
        "least",
        "more",
        "than",
        "about",
        "above",
        "up",
        "upward",
        "upwards",
        "to",
        "of",
        "SEVEN",
        "Six",
    ];

    /// Texts of the lists' words and pieces of them, run together or apart.
    fn texts() -> Vec<String> {
        let mut rng = fastrand::Rng::with_seed(11);
        let seps = [" ", "-", "", ", ", "\n", "teen", "s"];
        (0..400)
            .map(|_| {
                (0..rng.usize(1..8))
                    .map(|_| {
                        let w = WORDS[rng.usize(..WORDS.len())];
                        let w = &w[..rng.usize(1..=w.len())];
                        format!("{w}{}", seps[rng.usize(..seps.len())])
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn word_lists_match_as_written_in_any_context() {
        for pattern in [
            // Longest first, as the vocabulary macros are written.
            r"(?i-u:\b(?:seventeen|thirteen|sixteen|seventy|twelve|twenty|thirty|sixty|seven|three|six|ten|two)\b)",
            // Without boundaries, and with a greedy or lazy tail after the list.
            r"(?i-u:seventeen|seventy|sixteen|sixty|seven|six|ten|two)(?:teen)?",
            r"(?:seventeen|seventy|sixteen|sixty|seven|six|ten|two)[a-z]*?s",
            // Phrases with a class between words, and captures around the list.
            r"(?P<h>(?i-u:upwards[-\s]of|upward[-\s]of|up[-\s]to|more[-\s]than|at[-\s]least|about|above))\s+(?P<n>[a-z]+)",
            // A word before a longer one it begins: left as written.
            r"(?:seven|seventeen|six|sixty|ten)(?:teen|ty)?",
        ] {
            let hir = parse(pattern);
            let factored = factor(&hir);
            for text in texts() {
                assert_eq!(
                    spans(&factored, &text),
                    spans(&hir, &text),
                    "{pattern} on {text:?}"
                );
            }
        }
    }

    #[test]
    fn a_sorted_word_list_becomes_a_smaller_tree_and_an_unsorted_one_stays() {
        let sorted = parse(
            r"(?i-u:\b(?:seventeen|thirteen|sixteen|seventy|twelve|twenty|thirty|sixty|seven|three|six|ten|two)\b)",
        );
        let factored = factor(&sorted);
        assert_ne!(factored, sorted);
        assert!(states(&factored) < states(&sorted) * 9 / 10);
        // "seven" before "seventeen": the list prefers the shorter word, which a
        // tree (trying the longer first) would not.
        let unsorted = parse(r"(?:seven|seventeen|six|sixty|ten)");
        assert_eq!(factor(&unsorted), unsorted);
        // Branches parting at overlapping classes: left as written.
        let overlapping = parse(r"(?:a[bc]x|a[cd]y|a[de]z|q)");
        assert_eq!(factor(&overlapping), overlapping);
    }
}
