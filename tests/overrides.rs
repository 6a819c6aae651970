//! A newsroom adapts the default pack without forking it: a crosscheck.yaml found
//! by walking up from the corpus, or flags, switch rules off and change parameters.

mod common;

use common::{Corpus, code, run, stderr, stdout};

const A: &str = "About 100 people have been killed in the fighting. Talks were held in Cairo.\n";
const B: &str = "Exactly 120 people have been killed in the fighting. Talks were held in Doha.\n";
/// Both reports of one day: two tolls of one day contradict each other (of two days,
/// the later would be an update).
const SAME_DAY: &str = "sources:\n  - {file: a.txt, published: 2024-05-01}\n  - {file: b.txt, published: 2024-05-01}\n";

fn conflicts(out: &std::process::Output) -> Vec<String> {
    let r: crosscheck::report::json::JsonReport =
        serde_json::from_slice(&out.stdout).expect("a JSON report");
    r.findings
        .into_iter()
        .filter(|f| f.kind == "conflict")
        .map(|f| f.key)
        .collect()
}

#[test]
fn without_overrides_both_conflicts_are_found() {
    let corpus = Corpus::new()
        .file("reports/a.txt", A)
        .file("reports/b.txt", B)
        .file("reports/sources.yaml", SAME_DAY);
    let out = run(&["check", &corpus.join("reports"), "--format", "json"]);
    assert_eq!(
        conflicts(&out),
        ["people killed · war", "venue of the talks"]
    );
}

#[test]
fn a_config_file_above_the_corpus_switches_a_rule_off() {
    let corpus = Corpus::new()
        .file("reports/a.txt", A)
        .file("reports/b.txt", B)
        .file("reports/sources.yaml", SAME_DAY)
        .file("crosscheck.yaml", "rules:\n  disable: [talks-*]\n");
    let out = run(&["check", &corpus.join("reports"), "--format", "json"]);
    assert_eq!(conflicts(&out), ["people killed · war"]);
    // --no-config ignores it.
    let out = run(&[
        "check",
        &corpus.join("reports"),
        "--format",
        "json",
        "--no-config",
    ]);
    assert_eq!(conflicts(&out).len(), 2);
}

#[test]
fn a_wider_hedge_makes_about_100_fit_120() {
    let corpus = Corpus::new()
        .file("reports/a.txt", A)
        .file("reports/b.txt", B)
        .file("reports/sources.yaml", SAME_DAY)
        .file(
            "crosscheck.yaml",
            "rules:\n  set:\n    \"count-*\": {hedge_width: 0.25}\n",
        );
    let out = run(&["check", &corpus.join("reports"), "--format", "json"]);
    assert_eq!(conflicts(&out), ["venue of the talks"]);
    // The same from the command line, without a config.
    let plain = Corpus::new()
        .file("a.txt", A)
        .file("b.txt", B)
        .file("sources.yaml", SAME_DAY);
    let dir = plain.path().display().to_string();
    for flags in [
        ["--set", "count-state:hedge_width=0.25"],
        ["--hedge-width", "0.25"],
    ] {
        let out = run(&[&["check", dir.as_str(), "--format", "json"][..], &flags].concat());
        assert_eq!(conflicts(&out), ["venue of the talks"], "{flags:?}");
    }
}

#[test]
fn disable_flags_and_unknown_globs() {
    let plain = Corpus::new()
        .file("a.txt", A)
        .file("b.txt", B)
        .file("sources.yaml", SAME_DAY);
    let out = run(&[
        "check",
        &plain.path().display().to_string(),
        "--format",
        "json",
        "--disable",
        "count-state",
        "--disable",
        "no-such-rule",
    ]);
    assert_eq!(conflicts(&out), ["venue of the talks"]);
    assert!(
        stderr(&out).contains("`no-such-rule` matches no rule"),
        "{}",
        stderr(&out)
    );
    let listed = stdout(&run(&["rules", "--disable", "count-state"]));
    assert!(
        listed.contains("disabled: count-state (by `count-state`)"),
        "{listed}"
    );
}

#[test]
fn a_bad_config_names_its_line() {
    let corpus = Corpus::new()
        .file("a.txt", A)
        .file("crosscheck.yaml", "rules:\n  disabel: [x]\n");
    let out = run(&["check", &corpus.path().display().to_string()]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("crosscheck.yaml:2:3: rules: unknown field `disabel`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn rules_explain_shows_where_a_rule_fires() {
    let out = run(&["rules", "explain", "talks-venue", "--corpus", "seeds/"]);
    let text = stdout(&out);
    assert_eq!(code(&out), 0);
    assert!(
        text.contains("talks-venue (place) — rules/venues.yaml:"),
        "{text}"
    );
    assert!(text.contains("with the pack's macros: "), "{text}");
    assert!(
        text.contains("seeds/003_7b46891325f9c359.txt:1:249  venue of the talks = Sharm el-Sheikh"),
        "{text}"
    );
    let unknown = run(&["rules", "explain", "talks-venu"]);
    assert_eq!(code(&unknown), 2);
    assert!(stderr(&unknown).contains("did you mean `talks-venue`?"));
}
