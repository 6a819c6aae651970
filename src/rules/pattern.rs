//! A rule's pattern: its expanded source, checked when the pack is compiled, and its
//! regex built the first time a text needs it.
//!
//! Building the regexes (forward and reverse automata of 5–13 KB patterns) was most
//! of a pack's start-up, and a run on a few reports needs only the patterns whose
//! anchor words occur in them. The source is parsed when the pack is compiled, so a
//! pattern that is not valid regex syntax is still reported then, with its rule;
//! what is left for the first use is the regex crate's size limit, which a pattern
//! would have to be thousands of times larger than ours to reach.

use regex::{Regex, RegexBuilder};
use regex_syntax::hir::{Hir, HirKind};
use std::sync::OnceLock;

/// Compiled regexes may be large: some macros are long alternations.
pub(crate) const REGEX_SIZE_LIMIT: usize = 64 << 20;

/// A pattern with macros expanded: checked, its captures known, compiled on first
/// use (once, shared by every thread).
#[derive(Clone, Debug)]
pub struct Pattern {
    source: String,
    /// The names of its capture groups, in the order they open.
    names: Vec<String>,
    regex: OnceLock<Regex>,
}

impl Pattern {
    /// Parses `source` (as the regex crate would); the error is the regex crate's
    /// own message.
    pub fn new(source: String) -> Result<Pattern, regex::Error> {
        let hir = regex_syntax::ParserBuilder::new()
            .build()
            .parse(&source)
            .map_err(|e| regex::Error::Syntax(e.to_string()))?;
        let mut names = Vec::new();
        capture_names(&hir, &mut names);
        Ok(Pattern {
            source,
            names,
            regex: OnceLock::new(),
        })
    }

    /// The pattern as compiled (macros expanded, ASCII word boundaries).
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The names of its capture groups.
    pub fn capture_names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str)
    }

    /// The regex, built on first use. A pattern the regex crate refuses (only its
    /// size limit can, once the syntax is checked) matches nothing.
    pub fn regex(&self) -> &Regex {
        self.regex.get_or_init(|| {
            build(&self.source).unwrap_or_else(|_| {
                Regex::new(r"[^\s\S]").expect("the empty-class pattern is valid")
            })
        })
    }

    /// Builds the regex now, reporting the regex crate's error.
    pub fn compile(&self) -> Result<&Regex, regex::Error> {
        if let Some(re) = self.regex.get() {
            return Ok(re);
        }
        let re = build(&self.source)?;
        Ok(self.regex.get_or_init(|| re))
    }

    /// Whether the regex has been built.
    pub fn is_compiled(&self) -> bool {
        self.regex.get().is_some()
    }
}

fn build(source: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(source)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
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
    fn names_and_errors_are_the_regex_crates() {
        let p = Pattern::new(r"(?P<value>\d+)(?:x|(?P<unit>km))(y)".into()).unwrap();
        assert_eq!(p.capture_names().collect::<Vec<_>>(), ["value", "unit"]);
        assert!(!p.is_compiled());
        assert_eq!(p.regex().find("12km").map(|m| m.as_str()), None);
        assert_eq!(p.regex().find("12kmy").map(|m| m.as_str()), Some("12kmy"));
        let bad = r"(?P<value>\d+";
        assert_eq!(
            Pattern::new(bad.into()).unwrap_err().to_string(),
            Regex::new(bad).unwrap_err().to_string()
        );
    }
}
