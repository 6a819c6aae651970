//! Rule checks beyond syntax: what compiles but is likely wrong. Each is a warning
//! with the file and line it concerns.

use std::collections::BTreeSet;

use super::{ExampleResult, Verdict, claims_of};
use crate::extract::Claim;
use crate::rules::Pack;
use crate::value::ClaimKind;

/// A rule check's finding.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    pub file: String,
    pub line: usize,
    pub rule: Option<String>,
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: ", self.file, self.line)?;
        if let Some(rule) = &self.rule {
            write!(f, "in `{rule}`: ")?;
        }
        f.write_str(&self.message)
    }
}

/// Every check over the pack and its example results.
pub fn lint(pack: &Pack, results: &[ExampleResult]) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for rule in &pack.rules {
        let positives = rule.examples.len();
        let negatives = rule.counter_examples.len();
        let warn = |message: String| Warning {
            file: rule.file.clone(),
            line: rule.line,
            rule: Some(rule.id.to_string()),
            message,
        };
        if positives == 0 {
            warnings.push(warn(
                "the rule has no examples: nothing tests what it should match".into(),
            ));
        } else if positives < 2 || negatives < 1 {
            warnings.push(warn(format!(
                "the rule has {positives} example(s) and {negatives} counter-example(s); give at least 2 and 1"
            )));
        }
        if rule.patterns.iter().any(|p| uses_unicode_digit(p.as_str())) {
            warnings.push(warn(
                "`\\d` (in a pattern or a macro it uses) is any Unicode digit: about 150 automaton states where `[0-9]` is one, a slower start, and the number reader takes ASCII digits only; write `[0-9]`".into(),
            ));
        }
        for example in &rule.examples {
            let claims = claims_of(pack, &example.text, example.published);
            for other in claims
                .iter()
                .filter(|c| c.rule != rule.id && c.key == example.key && c.display == example.value)
            {
                warnings.push(Warning {
                    file: rule.file.clone(),
                    line: example.line,
                    rule: Some(rule.id.to_string()),
                    message: format!("the example is also claimed by rule `{}`", other.rule),
                });
            }
            warnings.extend(same_words_other_keys(&claims).into_iter().map(|(a, b)| Warning {
                file: rule.file.clone(),
                line: example.line,
                rule: Some(rule.id.to_string()),
                message: format!(
                    "rules `{}` and `{}` claim the same words «{}» with different keys (`{}`, `{}`); give one of them a higher priority",
                    a.rule, b.rule, a.value_text, a.key, b.key
                ),
            }));
        }
    }
    // A missed example made by another rule sits under the wrong rule.
    for r in results.iter().filter(|r| r.verdict() == Verdict::Fail) {
        if let super::Outcome::Missed { elsewhere, .. } = &r.outcome
            && !elsewhere.is_empty()
        {
            let (file, line) = r.location.rsplit_once(':').unwrap_or((&r.location, "0"));
            warnings.push(Warning {
                file: file.to_string(),
                line: line.parse().unwrap_or(0),
                rule: Some(r.rule.clone()),
                message: format!(
                    "the example fires `{}`, not this rule",
                    elsewhere.join("`, `")
                ),
            });
        }
    }
    for (name, file, line) in &pack.unused_macros {
        warnings.push(Warning {
            file: file.clone(),
            line: *line,
            rule: Some(name.clone()),
            message: "the macro is defined but never used".into(),
        });
    }
    warnings.sort();
    warnings.dedup();
    warnings
}

/// Whether a regex source holds the class `\d` (not an escaped backslash before a `d`).
fn uses_unicode_digit(source: &str) -> bool {
    let mut chars = source.chars();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.next() == Some('d') {
            return true;
        }
    }
    false
}

/// Pairs of claims from different rules that read a value from the same words but
/// key it differently. Names and quotes are compared by other means and left out.
pub fn same_words_other_keys(claims: &[Claim]) -> Vec<(&Claim, &Claim)> {
    let comparable = |c: &&Claim| !matches!(c.kind, ClaimKind::Name | ClaimKind::Quote);
    let claims: Vec<&Claim> = claims.iter().filter(comparable).collect();
    let mut seen = BTreeSet::new();
    let mut pairs = Vec::new();
    for (i, a) in claims.iter().enumerate() {
        for b in &claims[i + 1..] {
            let overlap = a.start < b.end && b.start < a.end;
            if a.rule != b.rule
                && a.key != b.key
                && a.source == b.source
                && overlap
                && a.value_text == b.value_text
                && seen.insert((a.rule.clone(), b.rule.clone()))
            {
                pairs.push((*a, *b));
            }
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::uses_unicode_digit;

    #[test]
    fn a_digit_class_is_found_and_an_escaped_backslash_is_not() {
        assert!(uses_unicode_digit(r"(?P<value>\d+) people"));
        assert!(uses_unicode_digit(r"[^.;\d]"));
        assert!(!uses_unicode_digit(r"[0-9]+\\d"));
        assert!(!uses_unicode_digit(r"\w+\s\.d"));
    }
}
