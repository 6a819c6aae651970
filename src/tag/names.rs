//! The name table: every written form of every vocabulary name, found at a word's
//! start by hash lookups of the words that follow it.
//!
//! A text is tagged only at word starts, and a name counts only as whole words, so
//! the candidates at a start are few: the text up to each word end within the
//! longest name. The first word is looked up alone first; most words begin no name,
//! and one lookup settles them. Building the table is one pass over the spellings
//! (an Aho-Corasick automaton over the gazetteer's 75,000 spellings took a quarter
//! of a second, most of the pack's start-up).

use crate::rules::strmap::StrMap;

/// What one key of the table stands for.
#[derive(Clone, Copy, Debug, serde::Serialize, serde::Deserialize)]
struct Entry<T> {
    /// The spelling's target, when the key is a whole spelling (it may also, or
    /// only, be the first word of longer ones).
    target: Option<T>,
    /// The byte length of the longest spelling starting with this key as its first
    /// word (0 when none does).
    longest: usize,
}

/// The entry of `key`, added when new (many spellings share a first word).
fn entry<'t, T>(table: &'t mut StrMap<Entry<T>>, key: &str) -> &'t mut Entry<T> {
    table.get_or_insert_with(key, || Entry {
        target: None,
        longest: 0,
    })
}

/// Spellings (ASCII lower case) and what each names.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub(super) struct Names<T> {
    table: StrMap<Entry<T>>,
}

impl<T: Copy> Names<T> {
    /// The table of `spellings`; a spelling given twice keeps its first target.
    pub fn new<'a>(spellings: impl IntoIterator<Item = (&'a str, T)>) -> Names<T> {
        let spellings = spellings.into_iter();
        let mut table = StrMap::with_capacity(spellings.size_hint().0 * 5 / 4);
        for (spelling, target) in spellings {
            let Some(first) = ends(spelling, 0).next() else {
                continue;
            };
            entry(&mut table, spelling).target.get_or_insert(target);
            let head = entry(&mut table, &spelling[..first]);
            head.longest = head.longest.max(spelling.len());
        }
        Names { table }
    }

    /// What the spellings stand for, one per spelling.
    pub fn targets(&self) -> impl Iterator<Item = &T> {
        self.table.values().filter_map(|e| e.target.as_ref())
    }

    /// The longest spelling that `lower` (a text in ASCII lower case) holds at
    /// `start` as whole words, with the byte offset where it ends.
    pub fn longest_at(&self, lower: &str, start: usize) -> Option<(usize, T)> {
        let mut ends = ends(lower, start);
        let first = ends.next()?;
        let head = self.table.get(&lower[start..first])?;
        let mut best = head.target.map(|t| (first, t));
        let limit = start + head.longest;
        for end in ends.take_while(|&e| e <= limit) {
            if let Some(Entry {
                target: Some(t), ..
            }) = self.table.get(&lower[start..end])
            {
                best = Some((end, *t));
            }
        }
        best
    }
}

/// The offsets after `start` where a name starting there may end, in order: after
/// a word character not followed by one, and after a dot ("U.S.").
fn ends(text: &str, start: usize) -> impl Iterator<Item = usize> + '_ {
    let mut at = start;
    // Whether the character ending at `at` is a word character.
    let mut after_word = false;
    // A dot's end, due after the word end just before it.
    let mut dot_end = None;
    std::iter::from_fn(move || {
        if let Some(end) = dot_end.take() {
            return Some(end);
        }
        while at < text.len() {
            let (word, dot, len) = class_at(text, at);
            let word_end = after_word && !word;
            after_word = word;
            at += len;
            match (word_end, dot) {
                (true, true) => {
                    dot_end = Some(at);
                    return Some(at - len);
                }
                (true, false) => return Some(at - len),
                (false, true) => return Some(at),
                (false, false) => {}
            }
        }
        // The text's end closes its last word.
        std::mem::take(&mut after_word).then_some(at)
    })
}

/// Whether the character at byte `at` is a word character ([`super::is_word`]),
/// whether it is a dot, and its length; ASCII without decoding.
fn class_at(text: &str, at: usize) -> (bool, bool, usize) {
    let b = text.as_bytes()[at];
    if b.is_ascii() {
        return (b.is_ascii_alphanumeric() || b == b'_', b == b'.', 1);
    }
    let c = text[at..].chars().next().unwrap_or(' ');
    (super::is_word(c), false, c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Names<u32> {
        Names::new([
            ("new york", 1),
            ("new york city", 2),
            ("york", 3),
            ("u.s.", 4),
            ("gaza", 5),
            ("gaza city", 6),
        ])
    }

    #[test]
    fn the_longest_whole_name_at_a_start_wins() {
        let t = table();
        assert_eq!(t.longest_at("new york city police", 0), Some((13, 2)));
        assert_eq!(t.longest_at("new york police", 0), Some((8, 1)));
        assert_eq!(t.longest_at("in new york", 3), Some((11, 1)));
        // "Gaza Cityscape": Gaza City is not whole words there; Gaza is.
        assert_eq!(t.longest_at("gaza cityscape", 0), Some((4, 5)));
    }

    #[test]
    fn names_are_whole_words_and_may_end_in_a_dot() {
        let t = table();
        assert_eq!(t.longest_at("newark", 0), None);
        assert_eq!(t.longest_at("yorkshire", 0), None);
        assert_eq!(t.longest_at("u.s.-led talks", 0), Some((4, 4)));
        assert_eq!(t.longest_at("the u.s. says", 4), Some((8, 4)));
        assert_eq!(t.longest_at("", 0), None);
    }

    #[test]
    fn ends_fall_after_words_and_dots() {
        let found: Vec<usize> = ends("al-quds, é.", 0).collect();
        assert_eq!(found, [2, 7, 11, 12]);
    }
}
