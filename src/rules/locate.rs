//! Finding where things stand in a rule file. serde_yaml reports positions only for
//! parse errors, so semantic errors (a bad regex, a duplicate id) are located by
//! looking for the rule's `id:` line and the pattern's text after it.

use regex::Regex;
use std::collections::HashMap;
use std::sync::{LazyLock, OnceLock};

/// An `id: <id>` line, the `id` word as group 1 and the id as group 2.
static ID_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?m)^[ \t]*(?:-[ \t]+)?(id)[ \t]*:[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s#"'][^#\n]*?))[ \t]*(?:#.*)?$"#)
        .expect("the id-line pattern is valid")
});

/// An `{id: <id>, …}` flow mapping (a list entry written on one line, as the
/// vocabularies are), the `id` word as group 1 and the id as group 2, 3 or 4.
static FLOW_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\{[ \t]*(id)[ \t]*:[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s#"',{}\[\]][^,{}\[\]#\n]*?))[ \t]*[,}]"#)
        .expect("the flow-id pattern is valid")
});

/// A mapping key at the start of a line, the key as group 1 (quoted: 2 or 3).
static KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?m)^[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s#"'-][^:#\n]*?))[ \t]*:"#)
        .expect("the key pattern is valid")
});

/// Positions in one rule file, indexed on first use: a pack's thousands of ids
/// and keys are found by one scan of the file each, not one regex per id.
pub struct Locator<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    /// Each id's `id:` lines and `{id: …}` entries, in file order (offset of the
    /// `id` word).
    ids: OnceLock<HashMap<&'a str, Vec<usize>>>,
    /// Each key's first occurrence (offset of the key).
    keys: OnceLock<HashMap<&'a str, usize>>,
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Locator {
            text,
            line_starts,
            ids: OnceLock::new(),
            keys: OnceLock::new(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        (line, column)
    }

    /// Byte offset of the `nth` (0-based) `id: <id>` line, at the `id` word.
    pub fn id_offset(&self, id: &str, nth: usize) -> Option<usize> {
        let ids = self.ids.get_or_init(|| {
            let mut ids: HashMap<&str, Vec<usize>> = HashMap::new();
            let lines = ID_LINE.captures_iter(self.text);
            for c in lines.chain(FLOW_ID.captures_iter(self.text)) {
                let (Some(word), Some(value)) = (c.get(1), c.get(2).or(c.get(3)).or(c.get(4)))
                else {
                    continue;
                };
                ids.entry(value.as_str()).or_default().push(word.start());
            }
            for offsets in ids.values_mut() {
                offsets.sort_unstable();
            }
            ids
        });
        ids.get(id)?.get(nth).copied()
    }

    /// Byte offset of a mapping key (`name:` at the start of a line, indented).
    pub fn key_offset(&self, name: &str) -> Option<usize> {
        let keys = self.keys.get_or_init(|| {
            let mut keys: HashMap<&str, usize> = HashMap::new();
            for c in KEY.captures_iter(self.text) {
                if let Some(key) = c.get(1).or(c.get(2)).or(c.get(3)) {
                    keys.entry(key.as_str()).or_insert(key.start());
                }
            }
            keys
        });
        keys.get(name).copied()
    }

    /// Byte offset at which a string value written in the file starts, searching from
    /// `from`. Tries the text as is and as a single-quoted YAML scalar would write it;
    /// only the first line of the value is looked for.
    pub fn value_offset(&self, value: &str, from: usize) -> Option<usize> {
        let first_line = value.lines().next().unwrap_or("").trim_end();
        if first_line.is_empty() {
            return None;
        }
        let rest = self.text.get(from..)?;
        let quoted = first_line.replace('\'', "''");
        rest.find(first_line)
            .or_else(|| rest.find(&quoted))
            .map(|i| from + i)
    }

    /// The id of the last `id:` line (or `{id: …}` entry) at or before `line`
    /// (1-based), for errors that serde_yaml locates inside a rule.
    pub fn id_before_line(&self, line: usize) -> Option<String> {
        let re =
            Regex::new(r#"^[ \t]*(?:-[ \t]+)?id[ \t]*:[ \t]*["']?([^"'#]+?)["']?[ \t]*(?:#.*)?$"#)
                .ok()?;
        self.text
            .lines()
            .take(line)
            .collect::<Vec<_>>()
            .iter()
            .rev()
            .find_map(|l| match re.captures(l) {
                Some(c) => Some(c[1].to_string()),
                // The last `{id: …}` entry of the line.
                None => {
                    let c = FLOW_ID.captures_iter(l).last()?;
                    Some(c.get(2).or(c.get(3)).or(c.get(4))?.as_str().to_string())
                }
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str =
        "rules:\n  - id: first\n    patterns:\n      - 'a(b'\n  - id: second\n    key: x\n";

    #[test]
    fn finds_ids_values_and_lines() {
        let loc = Locator::new(FILE);
        let first = loc.id_offset("first", 0).unwrap();
        assert_eq!(loc.line_col(first), (2, 5));
        let pattern = loc.value_offset("a(b", first).unwrap();
        assert_eq!(loc.line_col(pattern), (4, 10));
        assert_eq!(loc.id_before_line(6).as_deref(), Some("second"));
        assert_eq!(loc.id_offset("third", 0), None);
    }

    #[test]
    fn finds_ids_of_entries_written_on_one_line() {
        let file = "places:\n  - {id: east, name: East}\n  - { id: 'west', name: West }\n  - id: east\n    name: East again\npeople: [{id: ann, name: Ann}]\n";
        let loc = Locator::new(file);
        let at = |id: &str, nth: usize| loc.id_offset(id, nth).map(|o| loc.line_col(o));
        assert_eq!(at("east", 0), Some((2, 6)));
        assert_eq!(at("west", 0), Some((3, 7)));
        assert_eq!(at("east", 1), Some((4, 5)));
        assert_eq!(at("ann", 0), Some((6, 11)));
        assert_eq!(at("East", 0), None);
        assert_eq!(loc.id_before_line(5).as_deref(), Some("east"));
        assert_eq!(loc.id_before_line(6).as_deref(), Some("ann"));
        assert_eq!(loc.id_before_line(3).as_deref(), Some("west"));
    }
}
