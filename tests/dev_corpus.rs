//! The development corpus (`tests/corpus/`): real reports of many kinds of event,
//! with claims and findings written down by hand. Its scores may only go up: a rule
//! change that loses a claim or a finding somebody marked fails here until the
//! baseline is updated on purpose (`crosscheck test --corpus tests/corpus --baseline
//! tests/corpus/scores.json --update`), in the commit that explains why.

mod common;

use common::{code, run, stdout};

#[test]
fn no_score_of_the_development_corpus_drops() {
    let out = run(&[
        "test",
        "--corpus",
        "tests/corpus",
        "--baseline",
        "tests/corpus/scores.json",
    ]);
    let text = stdout(&out);
    assert_eq!(code(&out), 0, "{text}");
    assert!(
        text.contains("baseline tests/corpus/scores.json: no score dropped"),
        "{text}"
    );
    // Every kind of event of the issue is there, with hand-written claims.
    for kind in [
        "earthquake",
        "flood or storm",
        "air or rail crash",
        "war or strike",
        "election",
        "shooting or stampede",
        "epidemic",
        "fire or explosion",
    ] {
        assert!(
            text.contains(&format!("\n  {kind:<24}")),
            "no row for {kind}:\n{text}"
        );
    }
}

#[test]
fn a_gold_sentence_that_is_not_in_its_report_is_reported() {
    let corpus = common::Corpus::new()
        .file("a.txt", "At least 12 people were killed in the flood.\n")
        .file("sources.yaml", "sources:\n  - {file: a.txt, id: a}\n")
        .file(
            "gold-claims.yaml",
            "sentences:\n  - source: a\n    text: \"At least 12 people were killed\"\n    claims:\n      - {measure: dead, value: at least 12, event: flood}\n  - source: a\n    text: \"words nobody wrote\"\n    claims: []\n",
        );
    let out = run(&["test", "--corpus", &corpus.path().display().to_string()]);
    let text = stdout(&out);
    assert!(
        text.contains("claims precision 1.000 recall 1.000 (1/0/0)"),
        "{text}"
    );
    assert!(text.contains("not in a: «words nobody wrote»"), "{text}");
}
