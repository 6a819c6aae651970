//! A report's date read from its own text when no manifest gives one: seed 000 has
//! a date line under its headline, the date its manifest entry was written from.

mod common;

use common::{Corpus, json_report, run, seed_reports, seeds, stdout};
use crosscheck::report::json::JsonReport;

fn check_json(dir: &str) -> JsonReport {
    json_report(&run(&["check", dir, "--format", "json"]))
}

#[test]
fn without_a_manifest_the_date_line_under_the_headline_is_the_reports_date() {
    let mut corpus = Corpus::new();
    for (name, bytes) in seed_reports() {
        corpus = corpus.file(&name, bytes);
    }
    let dir = corpus.path().display().to_string();
    let report = check_json(&dir);
    let dated: Vec<(&str, Option<&str>, Option<usize>)> = report
        .sources
        .iter()
        .map(|s| (s.id.as_str(), s.published.as_deref(), s.published_line))
        .collect();
    assert_eq!(
        dated,
        [
            ("000_ee5da1ed71b78aa9", Some("2025-10-05"), Some(2)),
            ("001_459522c8cf174e29", None, None),
            ("002_aef8a3b9ca76e6de", None, None),
            ("003_7b46891325f9c359", None, None),
            ("004_aedb8158f972869a", None, None),
        ]
    );
    let text = stdout(&run(&["check", &dir]));
    assert!(
        text.contains("published 2025-10-05 (line 2 of the text)"),
        "{text}"
    );
    // With the manifest, its date stands and no line is named.
    let report = check_json(&seeds().display().to_string());
    let seed = &report.sources[0];
    assert_eq!(
        (seed.published.as_deref(), seed.published_line),
        (Some("2025-10-05"), None)
    );
}
