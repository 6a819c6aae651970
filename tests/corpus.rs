//! The seed corpus as a regression suite: its claim snapshot and its gold scores.
//! A rule change that changes the seed claims or lowers a score fails here until
//! the snapshot (and baseline) are updated on purpose.

mod common;

use common::{Corpus, code, run, stdout};

#[test]
fn the_seed_snapshot_and_gold_scores_hold() {
    let out = run(&[
        "test",
        "--corpus",
        "seeds/",
        "--baseline",
        "seeds/gold-scores.json",
    ]);
    let text = stdout(&out);
    assert_eq!(code(&out), 0, "{text}");
    assert!(
        text.contains("snapshot seeds/claims.snapshot: unchanged"),
        "{text}"
    );
    assert!(
        text.contains("baseline seeds/gold-scores.json: no score dropped"),
        "{text}"
    );
    // Precision and recall per kind against the gold file.
    for kind in [
        "conflict",
        "attribution",
        "drift",
        "variant",
        "compatible",
        "agree",
    ] {
        assert!(
            text.contains(&format!("  kind {kind} ")),
            "no row for {kind}:\n{text}"
        );
    }
    assert!(
        text.contains("  kind conflict                    1.000   1.000   1.000"),
        "{text}"
    );
}

/// A copy of the seed corpus (reports, manifest, snapshot) and of the default pack.
fn copies(edit_rules: impl Fn(&str, &str) -> String) -> (Corpus, Corpus) {
    let mut corpus = Corpus::new();
    for name in ["sources.yaml", "claims.snapshot"] {
        corpus = corpus.file(
            name,
            std::fs::read(common::seeds().join(name)).expect("seed file"),
        );
    }
    for (name, text) in common::seed_reports() {
        corpus = corpus.file(&name, text);
    }
    let pack = common::default_pack_edited(edit_rules);
    (corpus, pack)
}

#[test]
fn a_rule_change_that_alters_seed_claims_fails_with_a_diff_until_updated() {
    // Narrow the hostage rule: "251 hostages taken" and "251 hostages being taken"
    // are no longer claims.
    let (corpus, pack) = copies(|file, text| {
        if file == "counts.yaml" {
            text.replace(
                r"(?i:hostages|captives)\s+(?:(?i:were|being|had\s+been|was)\s+)?(?i:taken",
                r"(?i:hostages|captives)\s+(?:(?i:were|had\s+been|was)\s+)(?i:taken",
            )
        } else {
            text.to_string()
        }
    });
    let dir = corpus.path().display().to_string();
    let rules = pack.path().display().to_string();
    let out = run(&["test", &rules, "--corpus", &dir]);
    let text = stdout(&out);
    assert_eq!(code(&out), 1, "{text}");
    assert!(text.contains("2 lost"), "{text}");
    assert!(
        text.contains("  - 002_aef8a3b9ca76e6de.txt:10:342  hostages  hostages taken = 251  «251 hostages being taken»"),
        "{text}"
    );
    assert!(
        text.contains(&format!("crosscheck test --corpus {dir} --update")),
        "{text}"
    );

    // The narrowed rule also fails its own example (`251 hostages being taken`), so
    // the exit code stays 1; the corpus part passes once the snapshot is updated.
    assert!(text.contains("FAIL hostages"), "{text}");
    let updated = stdout(&run(&["test", &rules, "--corpus", &dir, "--update"]));
    assert!(updated.contains("snapshot updated"), "{updated}");
    let again = stdout(&run(&["test", &rules, "--corpus", &dir]));
    assert!(
        again.contains("snapshot") && again.contains(": unchanged"),
        "{again}"
    );
    assert!(again.contains("corpus tests passed"), "{again}");
}
