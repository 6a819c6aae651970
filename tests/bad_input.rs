//! Bad input gets a clear error, and nothing is lost: every input file is either
//! checked or listed as skipped with the reason; no input panics the program.

mod common;

use common::{Corpus, code, run, run_in, stderr, stdout};
use crosscheck::report::json::JsonReport;

const REPORT: &str =
    "Talks were held in Cairo on Monday. At least 1,200 people have been killed in Gaza.\n";

fn json(out: &std::process::Output) -> JsonReport {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not a JSON report ({e}):\n{}", stdout(out)))
}

#[test]
fn a_missing_file_is_an_error_but_the_rest_is_checked() {
    let corpus = Corpus::new().file("a.txt", REPORT);
    let out = run(&[
        "check",
        &corpus.join("a.txt"),
        &corpus.join("nope.txt"),
        "--format",
        "json",
    ]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("nope.txt: no such file or folder"),
        "{}",
        stderr(&out)
    );
    let report = json(&out);
    let statuses: Vec<(&str, &str)> = report
        .sources
        .iter()
        .map(|s| {
            (
                s.id.as_str(),
                if s.status == crosscheck::source::Status::Checked {
                    "checked"
                } else {
                    "error"
                },
            )
        })
        .collect();
    assert_eq!(statuses, [("a", "checked"), ("nope", "error")]);
    assert!(report.sources[0].claims >= 2);
}

#[test]
fn a_folder_without_reports_is_an_error() {
    let corpus = Corpus::new().file("notes.yaml", "x: 1\n");
    let out = run(&["check", &corpus.path().display().to_string()]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("no reports to check"), "{err}");
    assert!(err.contains("notes.yaml: not a report (.yaml)"), "{err}");
}

#[test]
fn an_empty_folder_is_an_error() {
    let corpus = Corpus::new();
    let out = run(&["check", &corpus.path().display().to_string()]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("no reports to check"));
}

#[test]
fn invalid_utf8_is_read_lossily_with_a_warning() {
    let mut bytes = b"Talks were held in Cairo. ".to_vec();
    bytes.extend([0xff, 0xfe, b' ']);
    bytes.extend(b"Negotiations in Doha resumed.\n");
    let corpus = Corpus::new()
        .file("latin.txt", &bytes)
        .file("b.txt", REPORT);
    let out = run(&[
        "check",
        &corpus.path().display().to_string(),
        "--format",
        "json",
    ]);
    assert!(
        stderr(&out).contains("latin.txt: not valid UTF-8"),
        "{}",
        stderr(&out)
    );
    let report = json(&out);
    let latin = report
        .sources
        .iter()
        .find(|s| s.id == "latin")
        .expect("latin.txt is listed");
    assert_eq!(latin.status, crosscheck::source::Status::Checked);
    assert_eq!(latin.warnings.len(), 1);
    assert!(latin.claims >= 2, "both venues are still read");
    // Cairo against Doha: the lossy file still takes part in the cross-check.
    assert_eq!(code(&out), 1);
}

#[test]
fn empty_and_binary_files_are_skipped_with_a_reason() {
    let corpus = Corpus::new()
        .file("a.txt", REPORT)
        .file("empty.txt", "  \n\n")
        .file("blob.md", b"\x00\x01\x02binary".as_slice());
    let out = run(&[
        "check",
        &corpus.path().display().to_string(),
        "--format",
        "json",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let report = json(&out);
    let reason = |id: &str| {
        report
            .sources
            .iter()
            .find(|s| s.id == id)
            .and_then(|s| s.reason.clone())
            .unwrap_or_default()
    };
    assert_eq!(reason("empty"), "empty file");
    assert!(reason("blob").starts_with("binary file"));
    assert_eq!(report.summary.sources_checked, 1);
    assert_eq!(report.summary.sources_skipped, 2);
}

#[test]
fn a_bad_manifest_names_its_line() {
    let corpus = Corpus::new().file("a.txt", REPORT).file(
        "sources.yaml",
        "sources:\n  - file: a.txt\n    publshed: 2025-01-01\n",
    );
    let out = run(&["check", &corpus.path().display().to_string()]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("sources.yaml:3:5"), "{err}");
    assert!(err.contains("unknown field `publshed`"), "{err}");
}

#[test]
fn a_manifest_gives_ids_and_dates_and_resolves_weekdays() {
    let corpus = Corpus::new()
        .file("a.txt", "The envoys arrived in Cairo on Wednesday.\n")
        .file("b.txt", "The envoys arrived in Cairo on Wednesday.\n")
        .file(
            "sources.yaml",
            "sources:\n  - {file: a.txt, id: wire, published: 2025-10-09}\n  - {file: b.txt, id: draft, published: 2025-10-16}\n",
        );
    let out = run(&[
        "check",
        &corpus.path().display().to_string(),
        "--format",
        "json",
    ]);
    let report = json(&out);
    let ids: Vec<&str> = report.sources.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["wire", "draft"]);
    // A week apart, "Wednesday" is two different days.
    let conflict = report
        .findings
        .iter()
        .find(|f| f.kind == "conflict" && f.key == "date of the arrival")
        .expect("the arrival dates conflict");
    let values: Vec<&str> = conflict.sides.iter().map(|s| s.value.as_str()).collect();
    assert_eq!(
        values,
        ["Wednesday, 15 October 2025", "Wednesday, 8 October 2025"]
    );
}

#[test]
fn manifest_entries_find_their_files_and_a_missing_one_is_an_error() {
    // Listed out of order, in a subfolder, one listed but missing, one unlisted; the
    // folder and one of its files are both given, which checks that file once.
    let corpus = Corpus::new()
        .file("b.txt", REPORT)
        .file("sub/a.txt", REPORT)
        .file("c.txt", REPORT)
        .file(
            "sources.yaml",
            "sources:\n  - {file: gone.txt, id: ghost}\n  - {file: sub/a.txt, id: alpha, story: one}\n  - {file: b.txt, id: beta, story: one}\n",
        );
    let dir = corpus.path().display().to_string();
    let out = run(&["check", &dir, &corpus.join("b.txt"), "--format", "json"]);
    assert_eq!(code(&out), 2, "a listed file is missing");
    assert!(
        stderr(&out).contains("gone.txt: listed in"),
        "{}",
        stderr(&out)
    );
    let report = json(&out);
    let rows: Vec<(&str, Option<&str>, bool)> = report
        .sources
        .iter()
        .map(|s| {
            (
                s.id.as_str(),
                s.story.as_deref(),
                s.status == crosscheck::source::Status::Checked,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            // Grouped by story, in order of first appearance.
            ("beta", Some("one"), true),
            ("alpha", Some("one"), true),
            ("c", None, true),
            ("ghost", None, false),
        ]
    );
}

fn bad_pack(file: &str, text: &str) -> (i32, String) {
    let pack = Corpus::new().file(file, text);
    let reports = Corpus::new().file("a.txt", REPORT);
    let out = run(&[
        "check",
        &reports.path().display().to_string(),
        "--rules",
        &pack.path().display().to_string(),
    ]);
    (code(&out), stderr(&out))
}

const RULE: &str = "lexicon:\n  measures:\n    - {id: people, label: people}\nrules:\n  - id: count\n    description: a count\n    kind: quantity\n    patterns:\n      - '(?P<value>\\d+) people'\n    measure: people\n";

#[test]
fn a_good_custom_pack_is_used() {
    let (code, err) = bad_pack("mine.yaml", RULE);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn yaml_syntax_error() {
    let (code, err) = bad_pack(
        "broken.yaml",
        "rules:\n  - id: count\n    patterns: [unclosed\n",
    );
    assert_eq!(code, 2);
    assert!(err.contains("broken.yaml:"), "{err}");
    assert!(err.contains("in `count`"), "{err}");
}

#[test]
fn unknown_field() {
    let (code, err) = bad_pack(
        "r.yaml",
        &RULE.replace("    measure: people", "    mesure: people"),
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("r.yaml:10:5: in `count`: rules[0]: unknown field `mesure`"),
        "{err}"
    );
}

#[test]
fn invalid_regex() {
    let (code, err) = bad_pack(
        "r.yaml",
        &RULE.replace("(?P<value>\\d+) people", "(?P<value>\\d+) (people"),
    );
    assert_eq!(code, 2);
    // Line 9, the pattern starts at column 10; the unclosed group is its 16th character.
    assert!(
        err.contains("r.yaml:9:25: in `count`: invalid regex"),
        "{err}"
    );
}

#[test]
fn undefined_macro() {
    let (code, err) = bad_pack("r.yaml", &RULE.replace("\\d+", "{{amout}}"));
    assert_eq!(code, 2);
    assert!(
        err.contains("r.yaml:9:20: in `count`: undefined macro `{{amout}}`"),
        "{err}"
    );
    assert!(err.contains("help: define it under `macros:`"), "{err}");
}

#[test]
fn duplicate_rule_id() {
    let twice = format!("{RULE}{}", &RULE[RULE.find("  - id").expect("a rule")..]);
    let (code, err) = bad_pack("r.yaml", &twice);
    assert_eq!(code, 2);
    assert!(
        err.contains("r.yaml:11:5: in `count`: duplicate rule id `count`"),
        "{err}"
    );
}

#[test]
fn a_rules_folder_without_rule_files() {
    let (code, err) = bad_pack("readme.txt", "not rules");
    assert_eq!(code, 2);
    assert!(err.contains("no rule files"), "{err}");
}

#[test]
fn align_rejects_lines_that_are_not_claims() {
    let corpus = Corpus::new().file("claims.jsonl", "{\"source\": 1}\n");
    let out = run_in(Some(corpus.path()), &["align", "claims.jsonl"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("claims.jsonl:1:"), "{}", stderr(&out));
}

#[test]
fn extract_then_align_gives_the_same_findings_as_check() {
    let corpus = Corpus::new();
    let extracted = run(&["extract", "seeds/"]);
    assert_eq!(code(&extracted), 0);
    let claims = corpus.path().join("claims.jsonl");
    std::fs::write(&claims, &extracted.stdout).expect("write claims");
    let aligned = run(&["align", &claims.display().to_string(), "--format", "json"]);
    let checked = run(&["check", "seeds/", "--format", "json"]);
    let (a, c) = (json(&aligned), json(&checked));
    assert_eq!(a.findings.len(), c.findings.len());
    assert_eq!(
        serde_json::to_string(&a.findings).expect("findings serialize"),
        serde_json::to_string(&c.findings).expect("findings serialize")
    );
}

#[test]
fn the_rule_test_command_fails_on_a_broken_example() {
    let pack = Corpus::new().file(
        "r.yaml",
        format!("{RULE}    examples:\n      - text: Some 40 persons came.\n        key: people\n        value: about 40\n"),
    );
    let out = run(&["test", &pack.path().display().to_string()]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(text.contains("FAIL count"), "{text}");
    assert!(text.contains("r.yaml:12"), "{text}");
    assert!(text.contains("missed: people = about 40"), "{text}");
    assert!(text.ends_with("0 passed, 1 failed\n"), "{text}");
}
