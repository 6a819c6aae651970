//! Rule example results as JUnit XML, for CI systems that show test reports.

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use std::collections::BTreeMap;

use super::{ExampleResult, Verdict, explain};

/// One test suite per rule file, one test case per example.
pub fn to_junit(results: &[ExampleResult]) -> String {
    let mut report = Report::new("crosscheck rules");
    let mut suites: BTreeMap<String, Vec<&ExampleResult>> = BTreeMap::new();
    for r in results {
        let file = r
            .location
            .rsplit_once(':')
            .map_or(r.location.as_str(), |(f, _)| f);
        suites.entry(file.to_string()).or_default().push(r);
    }
    for (file, results) in suites {
        let mut suite = TestSuite::new(file);
        for r in results {
            let kind = if r.positive {
                "example"
            } else {
                "counter-example"
            };
            let name = format!("{} {kind} at {}: {}", r.rule, r.location, short(&r.text));
            let status = match r.verdict() {
                Verdict::Pass | Verdict::Fixed => TestCaseStatus::success(),
                Verdict::Todo => {
                    let mut s = TestCaseStatus::skipped();
                    s.set_message(format!("todo: {}", r.todo.as_deref().unwrap_or("")));
                    s
                }
                Verdict::Fail => {
                    let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                    let lines = explain(r);
                    s.set_message(lines.first().cloned().unwrap_or_default());
                    s.set_description(format!("text: {}\n{}", r.text, lines.join("\n")));
                    s
                }
            };
            let mut case = TestCase::new(name, status);
            case.set_classname(r.rule.clone());
            suite.add_test_case(case);
        }
        report.add_test_suite(suite);
    }
    report
        .to_string()
        .unwrap_or_else(|e| format!("<!-- cannot write JUnit XML: {e} -->"))
}

fn short(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(MAX).collect::<String>())
    }
}
