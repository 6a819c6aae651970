//! Rule tests: every rule's inline examples run against the whole pack. A positive
//! example must yield a claim of its rule with the expected key and value (and
//! words, and speaker, when given); a counter-example must yield no claim of its
//! rule. An example marked `todo` is a known miss or false hit: counted and shown,
//! never a failure.

pub mod claims;
pub mod corpus;
pub mod junit;
pub mod lint;

use crate::extract::{Claim, extract};
use crate::rules::{Example, Pack, Rule};
use crate::source::Source;
use crate::value::{ClaimKind, Value};

/// The outcome of one example.
#[derive(Clone, Debug, PartialEq)]
pub struct ExampleResult {
    pub rule: String,
    /// `file:line` of the example.
    pub location: String,
    pub text: String,
    /// Positive (must match) or counter (must not).
    pub positive: bool,
    pub outcome: Outcome,
    /// Why the example is a known miss or false hit, when it is one.
    pub todo: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Passed,
    /// A positive example the rule did not match at all.
    Missed {
        expected: String,
        elsewhere: Vec<String>,
    },
    /// A positive example matched with another key, value, words or speaker.
    Wrong {
        expected: String,
        got: Vec<String>,
    },
    /// A counter-example the rule matched.
    Unexpected {
        got: Vec<String>,
    },
}

/// What an example result means for the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    Fail,
    /// Fails, but is marked as a known problem.
    Todo,
    /// Marked as a known problem, but passes now: the mark can go.
    Fixed,
}

impl ExampleResult {
    pub fn passed(&self) -> bool {
        self.outcome == Outcome::Passed
    }

    pub fn verdict(&self) -> Verdict {
        match (self.passed(), self.todo.is_some()) {
            (true, false) => Verdict::Pass,
            (true, true) => Verdict::Fixed,
            (false, true) => Verdict::Todo,
            (false, false) => Verdict::Fail,
        }
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
            let got: Vec<String> = claims_of(pack, &counter.text, None)
                .iter()
                .filter(|c| c.rule == rule.id)
                .map(describe)
                .collect();
            results.push(ExampleResult {
                rule: rule.id.to_string(),
                location: format!("{}:{}", rule.file, counter.line),
                text: counter.text.clone(),
                positive: false,
                outcome: if got.is_empty() {
                    Outcome::Passed
                } else {
                    Outcome::Unexpected { got }
                },
                todo: counter.todo.clone(),
            });
        }
    }
    results
}

fn check_positive(pack: &Pack, rule: &Rule, example: &Example) -> ExampleResult {
    let all = claims_of(pack, &example.text, example.published);
    let expected = format!(
        "{} = {}{}{}",
        example.key,
        example.value,
        example
            .speaker
            .as_ref()
            .map_or(String::new(), |s| format!(" said by {s}")),
        example
            .matched
            .as_ref()
            .map_or(String::new(), |m| format!(" «{m}»"))
    );
    let fits = |c: &Claim| {
        c.key == example.key
            && c.display == example.value
            && example.matched.as_ref().is_none_or(|m| *m == c.text)
            && example
                .speaker
                .as_ref()
                .is_none_or(|s| Some(s.as_str()) == speaker_of(c).as_deref())
    };
    let own: Vec<&Claim> = all.iter().filter(|c| c.rule == rule.id).collect();
    let outcome = if own.iter().any(|c| fits(c)) {
        Outcome::Passed
    } else if own.is_empty() {
        // Another rule making the expected claim is worth saying: the example sits
        // under the wrong rule, or the rules overlap.
        let elsewhere = all
            .iter()
            .filter(|c| fits(c))
            .map(|c| c.rule.to_string())
            .collect();
        Outcome::Missed {
            expected,
            elsewhere,
        }
    } else {
        Outcome::Wrong {
            expected,
            got: own.iter().map(|c| describe(c)).collect(),
        }
    };
    ExampleResult {
        rule: rule.id.to_string(),
        location: format!("{}:{}", rule.file, example.line),
        text: example.text.clone(),
        positive: true,
        outcome,
        todo: example.todo.clone(),
    }
}

/// Every claim the whole pack makes on a text.
pub fn claims_of(pack: &Pack, text: &str, published: Option<jiff::civil::Date>) -> Vec<Claim> {
    let source = Source {
        published,
        ..Source::of_text("example", "example", text)
    };
    extract(pack, &source)
}

/// A claim as a failure line shows it.
pub fn describe(claim: &Claim) -> String {
    match speaker_of(claim) {
        Some(speaker) => format!("{} = {} said by {speaker}", claim.key, claim.display),
        None if claim.kind == ClaimKind::Quote => {
            format!("{} = {} (speaker unknown)", claim.key, claim.display)
        }
        None => format!("{} = {} «{}»", claim.key, claim.display, claim.text),
    }
}

fn speaker_of(claim: &Claim) -> Option<String> {
    match &claim.value {
        Value::Quote(q) => q.speaker.as_ref().map(|s| s.name.clone()),
        _ => None,
    }
}

/// The lines that explain a result to a person: `missed:`, `expected … got …`,
/// `unexpected:`.
pub fn explain(result: &ExampleResult) -> Vec<String> {
    match &result.outcome {
        Outcome::Passed => Vec::new(),
        Outcome::Missed {
            expected,
            elsewhere,
        } => {
            let mut lines = vec![format!("missed: {expected}")];
            if !elsewhere.is_empty() {
                lines.push(format!("(made by {} instead)", elsewhere.join(", ")));
            }
            lines
        }
        Outcome::Wrong { expected, got } => {
            let mut lines = vec![format!("expected {expected}")];
            lines.extend(got.iter().map(|g| format!("got      {g}")));
            lines
        }
        Outcome::Unexpected { got } => got.iter().map(|g| format!("unexpected: {g}")).collect(),
    }
}
