//! A folder of many reports on one story, no manifest (the 4,700 saved
//! reports, scaled down to run in seconds): each key is one finding a person reads
//! at a glance, and the report grows with the findings, not with the pairs of
//! claims.

mod common;

use common::{Corpus, code, run, stdout};
use crosscheck::report::json::JsonReport;

/// 400 reports give the quake's magnitude as 7.4, four as 7.1; each names its own
/// district (short texts, so none is a copy of another).
fn folder() -> Corpus {
    let mut corpus = Corpus::new();
    for i in 0..400 {
        corpus = corpus.file(
            &format!("r{i:03}.txt"),
            format!("The magnitude 7.4 earthquake struck on Tuesday, officials in the district of Kel{i} said.\n"),
        );
    }
    for i in 0..4 {
        corpus = corpus.file(
            &format!("x{i}.txt"),
            format!(
                "The magnitude 7.1 earthquake struck on Tuesday, a spokesman for Vor{i} said.\n"
            ),
        );
    }
    corpus
}

#[test]
fn four_hundred_reports_on_one_figure_are_one_finding_with_the_outliers_named() {
    let corpus = folder();
    let dir = corpus.path().display().to_string();
    let out = run(&["check", &dir, "--format", "json"]);
    assert_eq!(code(&out), 1, "a conflict: {}", common::stderr(&out));
    let r: JsonReport = serde_json::from_slice(&out.stdout).expect("a JSON report");
    let magnitude: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.measure.as_deref() == Some("magnitude"))
        .collect();
    assert_eq!(magnitude.len(), 1, "one finding for the key");
    let f = magnitude[0];
    assert_eq!(f.kind, "conflict");
    let values: Vec<&str> = f.sides.iter().map(|s| s.value.as_str()).collect();
    assert_eq!(values, ["7.4", "7.1"]);
    assert_eq!(f.majority, Some(0));
    assert_eq!(f.outliers, [1]);
    // Every report is listed and counted; three reports' sentences are shown.
    assert_eq!(f.sides[0].sources.len(), 400);
    assert_eq!(f.sides[0].claim_count, 400);
    assert_eq!(f.sides[0].claims.len(), 3);
    assert_eq!(f.sides[1].sources, ["x0", "x1", "x2", "x3"]);
    assert_eq!(r.summary.conflicts, 1);
    // The report holds the 404 sources and one finding: a few dozen kilobytes, not
    // a copy of every claim on each side (which was over 200 KB here).
    assert!(
        out.stdout.len() < 100_000,
        "{} bytes of JSON",
        out.stdout.len()
    );

    let text = stdout(&run(&["check", &dir]));
    assert!(text.contains("7.4 [most reports]"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.trim_start().starts_with("7.1 [") && l.contains("outlier]")),
        "{text}"
    );
    // Who gives the figure is named for a few reports, the rest counted.
    assert!(text.contains("and 1 more; outlier]"), "{text}");
    assert!(
        text.contains("and 388 more"),
        "the list of ids is cut: {text}"
    );
    assert!(
        text.contains("… and 397 more claims from 397 more reports"),
        "{text}"
    );
}
