//! Rule authoring: a broken rule is named with its example; rule checks warn about
//! what compiles but is likely wrong; errors show a code frame.

mod common;

use common::{Corpus, code, run, stderr, stdout};
use std::path::Path;

/// A copy of the default pack, with `edit` applied to one file.
fn default_pack_with(file: &str, edit: impl Fn(&str) -> String) -> Corpus {
    common::default_pack_edited(|rel, text| {
        if rel == file {
            edit(text)
        } else {
            text.to_string()
        }
    })
}

fn line_of(path: &Path, needle: &str) -> usize {
    let text = std::fs::read_to_string(path).expect("the edited file");
    text.lines()
        .position(|l| l.contains(needle))
        .expect("the needle is in the file")
        + 1
}

#[test]
fn breaking_a_rules_regex_names_the_rule_and_the_example() {
    let pack = default_pack_with("counts.yaml", |t| {
        t.replace(
            r"(?i:hostages|captives)\s+(?:(?i:were",
            r"(?i:hostage|captive)\s+(?:(?i:were",
        )
    });
    let out = run(&["test", &pack.path().display().to_string()]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    let text = stdout(&out);
    let line = line_of(
        &pack.path().join("counts.yaml"),
        "the killing of 1,200 people and 251 hostages being taken",
    );
    let expected = format!("FAIL hostages ({}:{line})", pack.join("counts.yaml"));
    assert!(text.contains(&expected), "{text}");
    assert!(text.contains("    missed: hostages taken = 251"), "{text}");
    assert!(
        text.lines()
            .last()
            .is_some_and(|l| l.ends_with(" failed") && !l.contains(" 0 failed")),
        "{text}"
    );
}

#[test]
fn a_todo_example_is_counted_but_does_not_fail() {
    let pack = Corpus::new().file(
        "r.yaml",
        "lexicon:\n  measures:\n    - {id: people, label: people}\n    - {id: visitors, label: visitors}\nrules:\n  - id: count\n    description: a count\n    kind: quantity\n    patterns:\n      - '(?P<value>\\d+) people'\n    measure: people\n    examples:\n      - text: 12 people came\n        key: people\n        value: \"12\"\n      - text: a dozen people came\n        key: people\n        value: \"12\"\n        todo: number words are not in this pattern yet\n    counter_examples:\n      - text: 3 people or so\n        todo: a hedge after the people\n      - no numbers here\n",
    );
    let out = run(&["test", &pack.path().display().to_string()]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let text = stdout(&out);
    assert!(text.contains("TODO count"), "{text}");
    assert!(
        text.contains("todo: number words are not in this pattern yet"),
        "{text}"
    );
    assert!(text.ends_with("2 passed, 0 failed, 2 todo\n"), "{text}");
}

#[test]
fn junit_output_is_valid_xml_with_one_case_per_example() {
    let out = run(&["test", "--format", "junit"]);
    assert_eq!(code(&out), 0);
    let xml = stdout(&out);
    assert!(xml.starts_with("<?xml"));
    // Every opened element is closed, and there is a test case per example.
    let cases = xml.matches("<testcase ").count();
    let text_out = stdout(&run(&["test"]));
    let passed: usize = text_out
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a count");
    assert_eq!(cases, passed);
    assert_eq!(
        xml.matches("<testsuite ").count(),
        xml.matches("</testsuite>").count()
    );
}

#[test]
fn rule_checks_warn_with_file_and_line() {
    let pack = Corpus::new().file(
        "r.yaml",
        "macros:\n  unused: 'x'\n  num: '\\d+'\nrules:\n  - id: bare\n    description: no examples\n    kind: quantity\n    patterns:\n      - '(?P<value>{{num}}) people'\n    measure: people\n  - id: other\n    description: same words, other key\n    kind: quantity\n    patterns:\n      - '(?P<value>{{num}}) people came'\n    measure: visitors\n    examples:\n      - text: 12 people came\n        key: visitors\n        value: \"12\"\nlexicon:\n  measures:\n    - {id: people, label: people}\n    - {id: visitors, label: visitors}\n",
    );
    let out = run(&["test", &pack.path().display().to_string()]);
    let text = stdout(&out);
    let file = pack.join("r.yaml");
    assert!(
        text.contains(&format!(
            "warning: {file}:5: in `bare`: the rule has no examples"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "warning: {file}:2: in `unused`: the macro is defined but never used"
        )),
        "{text}"
    );
    assert!(
        text.contains("claim the same words «12» with different keys"),
        "{text}"
    );
    assert!(
        text.contains("has 1 example(s) and 0 counter-example(s)"),
        "{text}"
    );
    // The macro `num` is `\d+`: each rule using it is told to write `[0-9]`.
    assert!(
        text.contains(&format!(
            "warning: {file}:11: in `other`: `\\d` (in a pattern or a macro it uses) is any Unicode digit"
        )),
        "{text}"
    );
}

#[test]
fn a_misspelt_field_gets_a_code_frame_and_a_suggestion() {
    let pack = Corpus::new().file(
        "r.yaml",
        "rules:\n  - id: count\n    description: a count\n    kind: quantity\n    patterns:\n      - '(?P<value>\\d+) people'\n    mesure: people\n",
    );
    let out = run(&["test", &pack.path().display().to_string()]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains(" 7 |     mesure: people\n   |     ^\n"),
        "{err}"
    );
    assert!(err.contains("help: did you mean `measure`?"), "{err}");
}

#[test]
fn every_default_rule_has_two_examples_and_a_counter_example() {
    let pack = crosscheck::rules::Pack::embedded().expect("the default pack compiles");
    for rule in &pack.rules {
        assert!(
            rule.examples.len() >= 2 && !rule.counter_examples.is_empty(),
            "{} ({}:{}) has {} examples and {} counter-examples",
            rule.id,
            rule.file,
            rule.line,
            rule.examples.len(),
            rule.counter_examples.len()
        );
    }
}
