//! Finding where things stand in a rule file. serde_yaml reports positions only for
//! parse errors, so semantic errors (a bad regex, a duplicate id) are located by
//! looking for the rule's `id:` line and the pattern's text after it.

use regex::Regex;

pub struct Locator<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Locator { text, line_starts }
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

    /// Byte offset of the `nth` (0-based) `id: <id>` line under `section` keys, at
    /// the `id` word.
    pub fn id_offset(&self, id: &str, nth: usize) -> Option<usize> {
        let re = Regex::new(&format!(
            r#"(?m)^[ \t]*(?:-[ \t]+)?(id)[ \t]*:[ \t]*["']?{}["']?[ \t]*(?:#.*)?$"#,
            regex::escape(id)
        ))
        .ok()?;
        re.captures_iter(self.text)
            .nth(nth)
            .and_then(|c| c.get(1))
            .map(|m| m.start())
    }

    /// Byte offset of a mapping key (`name:` at the start of a line, indented).
    pub fn key_offset(&self, name: &str) -> Option<usize> {
        let re = Regex::new(&format!(
            r#"(?m)^[ \t]*["']?({})["']?[ \t]*:"#,
            regex::escape(name)
        ))
        .ok()?;
        re.captures(self.text)
            .and_then(|c| c.get(1))
            .map(|m| m.start())
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

    /// The id of the last `id:` line at or before `line` (1-based), for errors that
    /// serde_yaml locates inside a rule.
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
            .find_map(|l| re.captures(l).map(|c| c[1].to_string()))
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
}
