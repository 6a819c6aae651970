//! Rule tests: every rule's inline examples run against the whole pack. A positive
//! example must yield a claim of its rule with the expected key and value (and
//! words, when given); a counter-example must yield no claim of its rule.

use crate::extract::{Claim, extract};
use crate::rules::{Example, Pack, Rule};
use crate::source::Source;

/// The outcome of one example.
#[derive(Clone, Debug, PartialEq)]
pub struct ExampleResult {
    pub rule: String,
    /// `file:line` of the example.
    pub location: String,
    pub text: String,
    pub outcome: Outcome,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Passed,
    /// A positive example the rule did not match at all.
    Missed {
        expected: String,
    },
    /// A positive example matched with another key, value or words.
    Wrong {
        expected: String,
        got: Vec<String>,
    },
    /// A counter-example the rule matched.
    Unexpected {
        got: Vec<String>,
    },
}

impl ExampleResult {
    pub fn passed(&self) -> bool {
        self.outcome == Outcome::Passed
    }
}

/// Runs every example of every rule of the pack, in pack order.
pub fn run_examples(pack: &Pack) -> Vec<ExampleResult> {
    let mut results = Vec::new();
    for rule in &pack.rules {
        for example in &rule.examples {
            results.push(check_positive(pack, rule, example));
        }
        for counter in &rule.counter_examples {
            let got: Vec<String> = claims_of(pack, rule, &counter.text, None)
                .iter()
                .map(describe)
                .collect();
            results.push(ExampleResult {
                rule: rule.id.clone(),
                location: format!("{}:{}", rule.file, counter.line),
                text: counter.text.clone(),
                outcome: if got.is_empty() {
                    Outcome::Passed
                } else {
                    Outcome::Unexpected { got }
                },
            });
        }
    }
    results
}

fn check_positive(pack: &Pack, rule: &Rule, example: &Example) -> ExampleResult {
    let claims = claims_of(pack, rule, &example.text, example.published);
    let expected = format!(
        "{} = {}{}",
        example.key,
        example.value,
        example
            .matched
            .as_ref()
            .map_or(String::new(), |m| format!(" «{m}»"))
    );
    let ok = claims.iter().any(|c| {
        c.key == example.key
            && c.display == example.value
            && example.matched.as_ref().is_none_or(|m| *m == c.text)
    });
    let outcome = if ok {
        Outcome::Passed
    } else if claims.is_empty() {
        Outcome::Missed { expected }
    } else {
        Outcome::Wrong {
            expected,
            got: claims.iter().map(describe).collect(),
        }
    };
    ExampleResult {
        rule: rule.id.clone(),
        location: format!("{}:{}", rule.file, example.line),
        text: example.text.clone(),
        outcome,
    }
}

fn claims_of(
    pack: &Pack,
    rule: &Rule,
    text: &str,
    published: Option<jiff::civil::Date>,
) -> Vec<Claim> {
    let source = Source {
        id: "example".into(),
        path: "example".into(),
        published,
        outlet: None,
        url: None,
        text: text.to_string(),
        warnings: Vec::new(),
    };
    extract(pack, &source)
        .into_iter()
        .filter(|c| c.rule == rule.id)
        .collect()
}

fn describe(claim: &Claim) -> String {
    format!("{} = {} «{}»", claim.key, claim.display, claim.text)
}
