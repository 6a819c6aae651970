//! The default pack's own examples: every positive example yields its key and value,
//! no counter-example matches its rule.

use crosscheck::rules::Pack;
use crosscheck::ruletest::run_examples;

#[test]
fn default_pack_examples_pass() {
    let pack = Pack::embedded().unwrap_or_else(|e| panic!("default pack does not compile:\n{e}"));
    let results = run_examples(&pack);
    let failures: Vec<String> = results
        .iter()
        .filter(|r| !r.passed())
        .map(|r| {
            format!(
                "{} ({}): {:?}\n    text: {}",
                r.rule, r.location, r.outcome, r.text
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} rule examples fail:\n{}",
        failures.len(),
        results.len(),
        failures.join("\n")
    );
}
