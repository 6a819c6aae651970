//! Bad input gets a clear error, and nothing is lost: every input file is either
//! checked or listed as skipped with the reason; no input panics the program.

mod common;

use common::{Corpus, code, run, run_in, stderr, stdout};
use crosscheck::report::json::JsonReport;

const REPORT: &str =
    "Talks were held in Cairo on Monday. At least 1,200 people have been killed in Gaza.\n";

/// `check DIR --format json` with `extra` arguments.
fn check_json(dir: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let dir = dir.display().to_string();
    let mut args = vec!["check", dir.as_str(), "--format", "json"];
    args.extend_from_slice(extra);
    run(&args)
}

/// Asserts that `text` (a command's standard error) holds `needle`, showing it when
/// not.
fn assert_has(text: &str, needle: &str) {
    assert!(text.contains(needle), "no {needle:?} in:\n{text}");
}

/// Asserts that a command's standard error holds `needle`.
fn assert_said(out: &std::process::Output, needle: &str) {
    assert_has(&stderr(out), needle);
}

/// The report's row of the source `id`.
fn source_row<'r>(report: &'r JsonReport, id: &str) -> &'r crosscheck::source::SourceStatus {
    report
        .sources
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("{id} is listed"))
}

fn json(out: &std::process::Output) -> JsonReport {
    common::json_report(out)
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
    assert_said(&out, "nope.txt: no such file or folder");
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
    // Mostly UTF-8 (the dash), with two bad bytes: UTF-8 it stays, not Windows-1252.
    let mut bytes = "Talks were held in Cairo — for now. ".as_bytes().to_vec();
    bytes.extend([0xff, 0xfe, b' ']);
    bytes.extend(b"Negotiations in Doha resumed.\n");
    let corpus = Corpus::new()
        .file("latin.txt", &bytes)
        .file("b.txt", REPORT);
    let out = check_json(corpus.path(), &[]);
    assert_said(&out, "latin.txt: not valid UTF-8");
    let report = json(&out);
    let latin = source_row(&report, "latin");
    assert_eq!(latin.status, crosscheck::source::Status::Checked);
    assert_eq!(latin.warnings.len(), 1);
    assert!(
        latin.warnings[0].contains("read as U+FFFD"),
        "{:?}",
        latin.warnings
    );
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
    let out = check_json(corpus.path(), &[]);
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
    let out = check_json(corpus.path(), &[]);
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
    assert_said(&out, "gone.txt: listed in");
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
    assert_has(
        &err,
        "r.yaml:10:5: in `count`: rules[0]: unknown field `mesure`",
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
    assert_has(&err, "r.yaml:9:25: in `count`: invalid regex");
}

#[test]
fn undefined_macro() {
    let (code, err) = bad_pack("r.yaml", &RULE.replace("\\d+", "{{amout}}"));
    assert_eq!(code, 2);
    assert_has(&err, "r.yaml:9:20: in `count`: undefined macro `{{amout}}`");
    assert!(err.contains("help: define it under `macros:`"), "{err}");
}

#[test]
fn duplicate_rule_id() {
    let twice = format!("{RULE}{}", &RULE[RULE.find("  - id").expect("a rule")..]);
    let (code, err) = bad_pack("r.yaml", &twice);
    assert_eq!(code, 2);
    assert_has(&err, "r.yaml:11:5: in `count`: duplicate rule id `count`");
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

// Safe output (issue 12, item 2): a report written with `-o` appears whole or not at
// all; stdout gets nothing before the inputs are known; write errors are errors; a
// closed pipe ends the run quietly with the code the findings call for.

/// A report with a conflict (Cairo against Doha): exit code 1 when checked alone.
const OTHER: &str =
    "Talks were held in Doha on Monday. At least 1,200 people have been killed in Gaza.\n";

/// A folder of two reports that conflict, and an earlier report `good.json` beside it.
fn corpus_with_earlier_report() -> (Corpus, String, String) {
    let corpus = Corpus::new()
        .file("news/a.txt", REPORT)
        .file("news/b.txt", OTHER)
        .file("good.json", "{\"an\": \"earlier report\"}\n");
    let news = corpus.join("news");
    let good = corpus.join("good.json");
    (corpus, news, good)
}

fn contents(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn a_bad_manifest_leaves_an_earlier_report_as_it_was() {
    let (corpus, news, good) = corpus_with_earlier_report();
    std::fs::write(
        corpus.path().join("news/sources.yaml"),
        "sources:\n  - file: a.txt\n    publshed: 2025-01-01\n",
    )
    .expect("write the manifest");
    for format in ["json", "text", "html", "md"] {
        let out = run(&["check", &news, "--format", format, "-o", &good]);
        assert_eq!(code(&out), 2, "{format}: {}", stderr(&out));
        assert_eq!(
            contents(&good),
            "{\"an\": \"earlier report\"}\n",
            "{format}"
        );
    }
    // Nothing else was left beside it.
    assert_eq!(names_in(corpus.path()), ["good.json", "news"]);
}

/// The names in a folder, sorted.
fn names_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("the folder")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn a_run_without_reports_leaves_an_earlier_report_as_it_was() {
    let (corpus, _news, good) = corpus_with_earlier_report();
    let missing = corpus.join("missing");
    for format in ["json", "text"] {
        let out = run(&["check", &missing, "--format", format, "-o", &good]);
        assert_eq!(code(&out), 2, "{format}");
        assert_eq!(
            contents(&good),
            "{\"an\": \"earlier report\"}\n",
            "{format}"
        );
    }
}

#[test]
fn a_successful_run_replaces_the_earlier_report_whole() {
    let (_corpus, news, good) = corpus_with_earlier_report();
    let out = run(&["check", &news, "--format", "json", "-o", &good]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    let report: JsonReport = serde_json::from_str(&contents(&good)).expect("a JSON report");
    assert_eq!(report.summary.sources_checked, 2);
    #[cfg(unix)]
    {
        // Readable by others as a file written by `>` would be (not the 0600 of a
        // temporary file).
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&good)
            .expect("the report")
            .permissions()
            .mode();
        assert_ne!(mode & 0o044, 0, "mode {mode:o}");
    }
}

#[test]
fn nothing_reaches_stdout_when_no_input_exists_or_none_is_a_report() {
    let empty = Corpus::new().file("blank.txt", "\n\n");
    for format in ["json", "text", "md"] {
        for input in ["/nonexistent/folder", &empty.path().display().to_string()] {
            let out = run(&["check", input, "--format", format]);
            assert_eq!(code(&out), 2, "{format} {input}");
            assert_eq!(stdout(&out), "", "{format} {input}: half a report");
            assert_said(&out, "no reports to check");
        }
    }
    // A manifest that cannot be read stops the run before the first byte, too.
    let bad = Corpus::new().file("a.txt", REPORT).file(
        "sources.yaml",
        "sources:\n  - file: a.txt\n    publshed: 2025-01-01\n",
    );
    let out = check_json(bad.path(), &[]);
    assert_eq!(code(&out), 2);
    assert_eq!(stdout(&out), "");
}

#[cfg(target_os = "linux")]
#[test]
fn o_naming_a_device_writes_to_it() {
    // No rename can replace /dev/stdout or /dev/null: they are written directly.
    let out = run(&["check", "seeds/", "--format", "html", "-o", "/dev/stdout"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("<!doctype html>"),
        "{}",
        stderr(&out)
    );
    let out = run(&["check", "seeds/", "-o", "/dev/null"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
}

#[test]
fn two_runs_writing_one_report_at_once_leave_a_whole_report() {
    // Two runs, two formats, one file: it ends up one report or the other, whole.
    let dir = common::seeds().display().to_string();
    let out = Corpus::new();
    let target = out.join("report.txt");
    let alone = |format: &str| stdout(&run(&["check", &dir, "--format", format]));
    let (json, text) = (alone("json"), alone("text"));
    let spawn = |format: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_crosscheck"))
            .args(["check", &dir, "--format", format, "-o", &target])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("crosscheck runs")
    };
    for _ in 0..4 {
        let (mut one, mut two) = (spawn("json"), spawn("text"));
        assert_eq!(one.wait().expect("waits").code(), Some(1));
        assert_eq!(two.wait().expect("waits").code(), Some(1));
        let written = contents(&target);
        assert!(
            written == json || written == text,
            "neither report whole:\n{}",
            &written[..written.len().min(300)]
        );
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_leaves_an_earlier_report_as_it_was_and_nothing_beside_it() {
    // Enough reports that the run is still going when it is interrupted.
    let mut corpus = Corpus::new();
    for copy in 0..60 {
        for (name, text) in common::seed_reports() {
            corpus = corpus.file(&format!("news/{copy:02}-{name}"), text);
        }
    }
    let corpus = corpus.file("good.json", "{\"an\": \"earlier report\"}\n");
    let (news, good) = (corpus.join("news"), corpus.join("good.json"));
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(["check", &news, "--format", "json", "-o", &good])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("crosscheck runs");
    // Interrupted once the report is being written: a temporary file has appeared
    // beside the earlier report, or the earlier report itself was opened.
    let writing = || {
        std::fs::read_dir(corpus.path())
            .expect("the corpus folder")
            .count()
            > 2
            || contents(&good) != "{\"an\": \"earlier report\"}\n"
    };
    let start = std::time::Instant::now();
    while !writing() && start.elapsed() < std::time::Duration::from_secs(60) {
        assert!(
            child.try_wait().expect("a status").is_none(),
            "the run ended before it started writing"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(
        child.try_wait().expect("a status").is_none(),
        "the run ended before it could be interrupted: give it more reports"
    );
    let kill = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(kill.success());
    let status = child.wait().expect("waits");
    assert_eq!(status.code(), Some(130), "{status:?}");
    assert_eq!(contents(&good), "{\"an\": \"earlier report\"}\n");
    // Nothing is left beside it: the temporary report was removed on the way out.
    assert_eq!(names_in(corpus.path()), ["good.json", "news"]);
}

#[cfg(target_os = "linux")]
#[test]
fn a_write_error_on_stdout_is_an_error() {
    // A small report, which fits in the output buffer: the error comes at the end.
    let corpus = Corpus::new().file("a.txt", REPORT).file("b.txt", OTHER);
    for format in ["text", "json"] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_crosscheck"))
            .args([
                "check",
                &corpus.path().display().to_string(),
                "--format",
                format,
            ])
            .env("NO_COLOR", "1")
            .stdout(full)
            .output()
            .expect("crosscheck runs");
        assert_eq!(code(&out), 2, "{format}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("cannot write the output"),
            "{format}: {}",
            stderr(&out)
        );
    }
}

/// Runs `check` with standard output read for `keep` bytes and then closed, as
/// `| head -c 100` does; returns the exit code and stderr.
fn check_into_closed_pipe(args: &[&str], keep: usize) -> (i32, String) {
    use std::io::Read;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("crosscheck runs");
    let mut head = vec![0; keep];
    child
        .stdout
        .take()
        .expect("a pipe")
        .read_exact(&mut head)
        .expect("the first bytes");
    // The pipe's read end is closed here.
    let out = child.wait_with_output().expect("waits");
    (code(&out), stderr(&out))
}

#[test]
fn a_closed_pipe_ends_the_run_quietly_with_the_findings_exit_code() {
    // Small reports and large ones (the seeds' JSON is far above any buffer): the
    // exit code is the findings', 1, whatever the size.
    let small = Corpus::new().file("a.txt", REPORT).file("b.txt", OTHER);
    let small = small.path().display().to_string();
    // Four copies of the seeds: reports of hundreds of kilobytes, far more than a
    // pipe and the output buffer hold, so that writes fail during the run.
    let mut large = Corpus::new();
    for copy in 0..4 {
        for (name, text) in common::seed_reports() {
            large = large.file(&format!("{copy}-{name}"), text);
        }
    }
    let large = large.path().display().to_string();
    for args in [
        vec!["check", small.as_str()],
        vec!["check", small.as_str(), "--format", "json"],
        vec!["check", "seeds/", "--format", "json"],
        vec!["check", large.as_str(), "--format", "json"],
        vec!["check", large.as_str()],
        vec!["check", large.as_str(), "--format", "md"],
    ] {
        let (code, err) = check_into_closed_pipe(&args, 100);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert_eq!(err, "", "{args:?}: quiet");
    }
}

// Input identity (issue 12, item 1): every input resolved to one file, read once;
// links followed; manifests honoured in every folder; the output and the config are
// never reports; `-o` never overwrites an input; a manifest id names one file.

/// The ids of the sources of a JSON report, with whether each was checked.
fn source_rows(report: &JsonReport) -> Vec<(String, bool)> {
    report
        .sources
        .iter()
        .map(|s| {
            (
                s.id.clone(),
                s.status == crosscheck::source::Status::Checked,
            )
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn symlinked_report_files_are_followed() {
    let corpus = Corpus::new()
        .file("news/a.txt", REPORT)
        .file("elsewhere/b.txt", OTHER)
        .file(
            "news/sources.yaml",
            "sources:\n  - {file: b.txt, id: linked}\n",
        );
    std::os::unix::fs::symlink("../elsewhere/b.txt", corpus.path().join("news/b.txt"))
        .expect("a link");
    let out = run(&["check", &corpus.join("news"), "--format", "json"]);
    assert_eq!(code(&out), 1, "Cairo against Doha: {}", stderr(&out));
    let report = json(&out);
    assert_eq!(
        source_rows(&report),
        [("a".to_string(), true), ("linked".to_string(), true)]
    );
    assert_eq!(report.sources[1].path, corpus.join("news/b.txt"));
}

#[cfg(unix)]
#[test]
fn symlinked_folders_are_followed_once_and_a_loop_is_reported() {
    let corpus = Corpus::new()
        .file("news/a.txt", REPORT)
        .file("other/b.txt", OTHER);
    let link = |to: &str, at: &str| {
        std::os::unix::fs::symlink(to, corpus.path().join(at)).expect("a link");
    };
    link("../other", "news/more");
    link("../other", "news/same");
    link(".", "news/zloop");
    let out = run(&["check", &corpus.join("news"), "--format", "json"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let report = json(&out);
    let checked: Vec<&str> = report
        .sources
        .iter()
        .filter(|s| s.status == crosscheck::source::Status::Checked)
        .map(|s| s.path.as_str())
        .collect();
    // news/same/b.txt is the same file as news/more/b.txt.
    assert_eq!(
        checked,
        [corpus.join("news/a.txt"), corpus.join("news/more/b.txt")]
    );
    let err = stderr(&out);
    assert_has(&err, "news/zloop: a link back to");
    assert_has(&err, "(a folder loop)");
}

#[test]
fn the_same_file_given_twice_is_read_once() {
    let once = json(&run(&["check", "seeds", "--format", "json"]));
    for twice in [
        vec!["check", "seeds", "./seeds", "--format", "json"],
        vec!["check", "seeds/", "seeds/../seeds", "--format", "json"],
    ] {
        let out = run(&twice);
        assert_eq!(code(&out), 1, "{}", stderr(&out));
        let report = json(&out);
        assert_eq!(report.summary.sources_checked, 5, "{twice:?}");
        assert_eq!(
            report.summary.agreements, once.summary.agreements,
            "{twice:?}: a report never corroborates itself"
        );
        assert_eq!(report.findings.len(), once.findings.len(), "{twice:?}");
    }
}

#[cfg(unix)]
#[test]
fn a_folder_and_a_link_to_it_are_read_once() {
    let corpus = Corpus::new();
    std::os::unix::fs::symlink(common::seeds(), corpus.path().join("wire")).expect("a link");
    let out = run(&["check", "seeds", &corpus.join("wire"), "--format", "json"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let report = json(&out);
    assert_eq!(report.summary.sources_checked, 5);
    assert_eq!(
        report.summary.sources_failed, 0,
        "no manifest entry is missing"
    );
}

#[test]
fn the_output_file_and_the_config_are_never_read_as_reports() {
    let corpus = Corpus::new()
        .file("a.txt", REPORT)
        .file("b.txt", OTHER)
        .file("crosscheck.yaml", "hedges:\n  width: 0.1\n");
    let dir = corpus.path();
    // `check . -o summary.txt`, twice: the second run does not read the first's report.
    for _ in 0..2 {
        let out = run_in(Some(dir), &["check", ".", "-o", "summary.txt"]);
        assert_eq!(code(&out), 1, "{}", stderr(&out));
    }
    let summary = std::fs::read_to_string(dir.join("summary.txt")).expect("the report");
    assert!(
        summary.starts_with("crosscheck: 2 sources ·"),
        "{}",
        summary.lines().next().unwrap_or("")
    );
    // Nor in JSON, to a file of any name in the folder.
    std::fs::remove_file(dir.join("summary.txt")).expect("rm summary.txt");
    let out = run_in(Some(dir), &["check", ".", "--format", "json", "-o", "r.md"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let out = run_in(Some(dir), &["check", ".", "--format", "json", "-o", "r.md"]);
    let report: JsonReport =
        serde_json::from_str(&std::fs::read_to_string(dir.join("r.md")).expect("r.md"))
            .expect("a JSON report");
    assert_eq!(code(&out), 1);
    let paths: Vec<&str> = report.sources.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(
        paths,
        ["./a.txt", "./b.txt"],
        "not summary.txt, r.md or crosscheck.yaml"
    );
}

#[test]
fn o_naming_an_input_is_refused() {
    let corpus = Corpus::new()
        .file("a.txt", REPORT)
        .file("b.txt", OTHER)
        .file("listed/c.txt", REPORT)
        .file(
            "listed/sources.yaml",
            "sources:\n  - {file: c.txt, id: c}\n",
        );
    let dir = corpus.path();
    for (args, target) in [
        (vec!["check", "a.txt", "b.txt", "-o", "a.txt"], "a.txt"),
        (vec!["check", ".", "-o", "./b.txt"], "b.txt"),
        (
            vec!["check", "listed", "-o", "listed/c.txt"],
            "listed/c.txt",
        ),
    ] {
        let before = std::fs::read(dir.join(target)).expect("the input");
        let out = run_in(Some(dir), &args);
        assert_eq!(code(&out), 2, "{args:?}");
        let err = stderr(&out);
        assert!(err.contains("-o names an input report"), "{args:?}: {err}");
        assert_eq!(
            std::fs::read(dir.join(target)).expect("the input"),
            before,
            "{args:?}: the input is untouched"
        );
    }
}

#[test]
fn a_manifest_id_given_to_two_files_is_an_error_naming_both() {
    let corpus = Corpus::new()
        .file("a.txt", REPORT)
        .file("b.txt", OTHER)
        .file(
            "sources.yaml",
            "sources:\n  - file: a.txt\n    id: wire\n  - file: b.txt\n    id: wire\n",
        );
    let out = run(&["check", &corpus.path().display().to_string()]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert_has(&err, "sources.yaml:5:9: duplicate id `wire`");
    assert!(err.contains("a.txt") && err.contains("b.txt"), "{err}");
    assert_eq!(stdout(&out), "");
    // Across two manifests, too.
    let corpus = Corpus::new()
        .file("one/a.txt", REPORT)
        .file("two/b.txt", OTHER)
        .file(
            "one/sources.yaml",
            "sources:\n  - {file: a.txt, id: wire}\n",
        )
        .file(
            "two/sources.yaml",
            "sources:\n  - {file: b.txt, id: wire}\n",
        );
    let out = run(&["check", &corpus.path().display().to_string()]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert_has(&err, "two/sources.yaml:2:23: duplicate id `wire`");
    assert_has(&err, "one/a.txt");
    assert_has(&err, "two/b.txt");
}

#[test]
fn manifests_in_sub_folders_are_honoured_and_the_nearest_wins() {
    // One folder per outlet, each with its manifest; the top one lists a file of
    // the first too, but the nearest manifest wins.
    let corpus = Corpus::new()
        .file("wire/a.txt", "The envoys arrived in Cairo on Wednesday.\n")
        .file("paper/b.txt", "The envoys arrived in Cairo on Wednesday.\n")
        .file(
            "wire/sources.yaml",
            "sources:\n  - {file: a.txt, id: wire, published: 2025-10-09}\n",
        )
        .file(
            "paper/sources.yaml",
            "sources:\n  - {file: b.txt, id: paper, published: 2025-10-16}\n",
        )
        .file(
            "sources.yaml",
            "sources:\n  - {file: wire/a.txt, id: top, published: 2024-01-01}\n",
        );
    let out = check_json(corpus.path(), &[]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let report = json(&out);
    let rows: Vec<(&str, Option<&str>)> = report
        .sources
        .iter()
        .map(|s| (s.id.as_str(), s.published.as_deref()))
        .collect();
    assert_eq!(
        rows,
        [("paper", Some("2025-10-16")), ("wire", Some("2025-10-09"))]
    );
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.kind == "conflict" && f.key == "date of the arrival"),
        "a week apart, the Wednesdays differ"
    );
}

// Encodings (issue 12, item 4): UTF-16 and Latin-1 reports are read, with a
// warning saying how; a UTF-8 byte order mark does not shift columns.

/// `crosscheck extract` on one file: its claims as JSON values, and stderr.
fn extract_one(name: &str, bytes: &[u8]) -> (Vec<serde_json::Value>, String) {
    let corpus = Corpus::new().file(name, bytes);
    let out = run(&["extract", &corpus.join(name)]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let claims = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a claim"))
        .collect();
    (claims, stderr(&out))
}

/// The venue claim of a text: (line, column, sentence).
fn venue(claims: &[serde_json::Value]) -> (u64, u64, String) {
    let c = claims
        .iter()
        .find(|c| c["measure"] == "venue")
        .unwrap_or_else(|| panic!("a venue claim in {claims:?}"));
    (
        c["line"].as_u64().expect("line"),
        c["column"].as_u64().expect("column"),
        c["sentence"].as_str().expect("sentence").to_string(),
    )
}

const NAMED: &str = "Jürgen Müller said talks were held in Cairo on Monday. At least 1,200 people have been killed in Gaza, he said.\n";

#[test]
fn utf16_reports_are_decoded_with_a_warning() {
    let mut le = vec![0xff, 0xfe];
    le.extend(NAMED.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be = vec![0xfe, 0xff];
    be.extend(OTHER.encode_utf16().flat_map(u16::to_be_bytes));
    let (claims, err) = extract_one("le.txt", &le);
    assert_has(&err, "le.txt: read as UTF-16LE (byte order mark)");
    assert_eq!(
        venue(&claims),
        (
            1,
            20,
            NAMED[..NAMED.find(" At").expect("two sentences")].to_string()
        )
    );
    // Both take part in the cross-check: Cairo against Doha.
    let corpus = Corpus::new().file("le.txt", &le).file("be.txt", &be);
    let out = check_json(corpus.path(), &[]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_said(&out, "be.txt: read as UTF-16BE (byte order mark)");
    assert_eq!(json(&out).summary.sources_checked, 2);
}

#[test]
fn latin1_reports_are_decoded_as_windows_1252_with_a_warning() {
    // Latin-1 ü, and Windows-1252's curly quotes (0x93, 0x94).
    let mut bytes = Vec::new();
    for c in NAMED.chars() {
        bytes.push(u8::try_from(u32::from(c)).expect("a Latin-1 character"));
    }
    bytes.extend(b"He called it \x93a historic opportunity\x94.\n");
    let (claims, err) = extract_one("latin.txt", &bytes);
    assert_has(
        &err,
        "latin.txt: not valid UTF-8: read as Windows-1252 (Latin-1)",
    );
    let (line, column, sentence) = venue(&claims);
    assert_eq!((line, column), (1, 20));
    assert!(sentence.starts_with("Jürgen Müller said"), "{sentence}");
    let quote = claims
        .iter()
        .find(|c| c["kind"] == "quote")
        .expect("the curly quotes make a quotation");
    assert_eq!(quote["value"]["text"], "a historic opportunity");
}

#[test]
fn a_utf8_byte_order_mark_does_not_shift_columns() {
    let (plain, _) = extract_one("plain.txt", NAMED.as_bytes());
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend(NAMED.as_bytes());
    let (marked, err) = extract_one("bom.txt", &bom);
    assert_eq!(err, "", "a byte order mark is no news");
    assert_eq!(venue(&marked), venue(&plain));
    let columns = |claims: &[serde_json::Value]| -> Vec<(u64, u64)> {
        claims
            .iter()
            .map(|c| {
                (
                    c["line"].as_u64().expect("line"),
                    c["column"].as_u64().expect("column"),
                )
            })
            .collect()
    };
    assert_eq!(columns(&marked), columns(&plain));
}

// Smaller things (issue 12): located manifest dates, validated numbers, warnings and
// exit codes where there were none, escaped file names, the right flag named.

#[test]
fn a_bad_manifest_date_names_its_line_and_column() {
    let corpus = Corpus::new().file("a.txt", REPORT).file(
        "sources.yaml",
        "sources:\n  - file: a.txt\n    published: 2025-13-45\n",
    );
    let out = run(&["check", &corpus.path().display().to_string()]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert_has(
        &err,
        "sources.yaml:3:16: `published: 2025-13-45` for a.txt is not a date",
    );
}

#[test]
fn numeric_flags_and_config_values_are_validated() {
    let corpus = Corpus::new().file("a.txt", REPORT);
    let dir = corpus.path().display().to_string();
    for width in ["NaN", "-0.1", "inf", "1.5", "wide"] {
        let out = run(&["check", &dir, &format!("--hedge-width={width}")]);
        assert_eq!(code(&out), 2, "--hedge-width {width}");
        let err = stderr(&out);
        assert!(err.contains("--hedge-width"), "{width}: {err}");
        assert_eq!(stdout(&out), "", "{width}");
    }
    let out = run(&["check", &dir, "--hedge-width", "0.2"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = run(&["check", &dir, "--set", "count-*:hedge_width=inf"]);
    assert_eq!(code(&out), 2);
    assert_said(&out, "`count-*:hedge_width=inf`: inf is not a width");
    for (config, at) in [
        (
            "hedges:\n  width: .nan\n",
            "crosscheck.yaml:2:10: hedges.width: NaN is not a width",
        ),
        (
            "rules:\n  set:\n    \"count-*\": {hedge_width: -1}\n",
            "crosscheck.yaml:3:30: rules.set.count-*.hedge_width: -1 is not a width",
        ),
    ] {
        let corpus = Corpus::new()
            .file("a.txt", REPORT)
            .file("crosscheck.yaml", config);
        let out = run(&["check", &corpus.path().display().to_string()]);
        assert_eq!(code(&out), 2, "{config}");
        assert!(stderr(&out).contains(at), "{config}: {}", stderr(&out));
    }
}

#[test]
fn a_parent_config_that_disables_every_rule_warns() {
    let corpus = Corpus::new()
        .file("news/a.txt", REPORT)
        .file("news/b.txt", OTHER)
        .file("crosscheck.yaml", "rules:\n  disable: [\"*\"]\n");
    let out = run(&["check", &corpus.join("news")]);
    let err = stderr(&out);
    assert_has(&err, "crosscheck.yaml disables every rule of the pack");
    assert!(err.contains("warning:"), "{err}");
}

#[test]
fn rules_explain_on_a_missing_corpus_fails() {
    let out = run(&[
        "rules",
        "explain",
        "count-state",
        "--corpus",
        "/nonexistent",
    ]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert_has(&err, "/nonexistent: no such file or folder");
    let out = run(&["rules", "explain", "count-state", "--corpus", "seeds"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

#[test]
fn align_on_empty_input_is_an_error_like_check() {
    let corpus = Corpus::new().file("empty.jsonl", "");
    let out = run(&["align", &corpus.join("empty.jsonl")]);
    assert_eq!(code(&out), 2);
    assert_said(&out, "no claims to align in");
    assert_eq!(stdout(&out), "");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(["align", "--format", "json"])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("crosscheck runs");
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("no claims to align in <stdin>"));
    assert_eq!(stdout(&out), "");
}

#[cfg(unix)]
#[test]
fn control_characters_in_file_names_are_escaped() {
    let evil = "evil\u{1b}[2J\u{1b}]0;owned\u{7}\nname.txt";
    let corpus = Corpus::new()
        .file(evil, REPORT)
        .file("b.txt", OTHER)
        .file("bad\u{1b}[31m.yaml", "x: 1\n");
    let out = run(&["check", &corpus.path().display().to_string()]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let (text, err) = (stdout(&out), stderr(&out));
    for (stream, shown) in [("stdout", &text), ("stderr", &err)] {
        assert!(
            !shown.contains(['\u{1b}', '\u{7}']),
            "{stream} carries terminal controls:\n{shown:?}"
        );
    }
    assert!(
        text.contains("evil\\u{1b}[2J\\u{1b}]0;owned\\u{7}\\nname.txt:1:"),
        "{text}"
    );
    assert!(err.contains("bad\\u{1b}[31m.yaml: not a report"), "{err}");
}

#[test]
fn add_rules_errors_name_add_rules() {
    let empty = Corpus::new().file("readme.txt", "no rules here");
    for dir in ["/nonexistent/rules", &empty.path().display().to_string()] {
        let out = run(&["check", "seeds/", "--add-rules", dir]);
        assert_eq!(code(&out), 2, "{dir}");
        let err = stderr(&out);
        assert!(err.contains(&format!("--add-rules {dir}: ")), "{err}");
        assert!(!err.contains("--rules"), "{err}");
    }
}

/// `extract DIR` run in `dir`, its JSON Lines written to `dir/NAME`.
fn extract_to(dir: &std::path::Path, reports: &str, name: &str) {
    let out = run_in(Some(dir), &["extract", reports]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    std::fs::write(dir.join(name), &out.stdout).expect("write claims");
}

#[test]
fn shards_from_two_machines_never_merge_two_reports_of_one_name() {
    // Two machines each extract a folder holding a `report.txt`: same id, same
    // file name, different contents.
    let desk = Corpus::new().file("a/report.txt", REPORT).file(
        "b/report.txt",
        "Talks were held in Doha on Monday. At least 900 people have been killed in Gaza.\n",
    );
    extract_to(desk.path(), "a", "a.jsonl");
    extract_to(desk.path(), "b", "b.jsonl");
    let claims = std::fs::read_to_string(desk.path().join("a.jsonl")).expect("claims");
    assert!(claims.contains("\"digest\":\""), "{claims}");
    let out = run_in(Some(desk.path()), &["align", "a.jsonl", "b.jsonl"]);
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    let err = stderr(&out);
    assert_has(&err, "source id `report` names two different reports");
    assert_has(&err, "a/report.txt");
    assert_has(&err, "b/report.txt");
    assert_eq!(stdout(&out), "", "no report from a conflict of ids");
}

#[test]
fn the_same_report_in_two_shards_is_one_source_counted_once() {
    let desk = Corpus::new().file("a/report.txt", REPORT);
    extract_to(desk.path(), "a", "a.jsonl");
    let once = run_in(Some(desk.path()), &["align", "a.jsonl", "--format", "json"]);
    let twice = run_in(
        Some(desk.path()),
        &["align", "a.jsonl", "a.jsonl", "--format", "json"],
    );
    assert_eq!(code(&twice), code(&once), "{}", stderr(&twice));
    let (once, twice) = (json(&once), json(&twice));
    assert_eq!(twice.sources.len(), 1);
    assert_eq!(twice.sources[0].claims, once.sources[0].claims);
    assert_eq!(twice.summary.claims, once.summary.claims);
}

#[test]
fn a_file_over_the_size_limit_is_skipped_with_a_message() {
    let big = REPORT.repeat(40); // 3.4 KB
    let corpus = Corpus::new().file("a.txt", REPORT).file("big.txt", &big);
    let out = check_json(corpus.path(), &["--max-file-size", "2KB"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(
            "big.txt: too large (3.3 KB, over the limit of 2 KB); --max-file-size raises the limit"
        ),
        "{err}"
    );
    let report = json(&out);
    let row = source_row(&report, "big");
    assert_eq!(row.status, crosscheck::source::Status::Skipped);
    assert!(row.reason.as_deref().unwrap_or("").contains("too large"));
    // Raised, the file is read.
    let out = check_json(corpus.path(), &["--max-file-size", "1MB"]);
    let report = json(&out);
    let row = source_row(&report, "big");
    assert_eq!(row.status, crosscheck::source::Status::Checked);
    // The same for extract.
    let out = run(&[
        "extract",
        &corpus.path().display().to_string(),
        "--max-file-size",
        "2KB",
    ]);
    assert_eq!(code(&out), 0);
    assert_said(&out, "big.txt: too large");
}

#[test]
fn the_default_size_limit_is_64_mb() {
    let corpus = Corpus::new().file("a.txt", REPORT);
    // A sparse file: 64 MB and one byte, at no cost in disk or time.
    let huge = std::fs::File::create(corpus.path().join("huge.txt")).expect("create");
    huge.set_len((64 << 20) + 1).expect("set the length");
    let out = check_json(corpus.path(), &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_said(
        &out,
        "huge.txt: too large (64.0 MB, over the limit of 64 MB)",
    );
}

#[test]
fn a_bad_size_limit_is_refused() {
    let corpus = Corpus::new().file("a.txt", REPORT);
    for bad in ["0", "-5", "NaN", "inf", "2XB", "1e400", ""] {
        let flag = format!("--max-file-size={bad}");
        let out = check_json(corpus.path(), &[&flag]);
        assert_eq!(code(&out), 2, "{bad}: {}", stdout(&out));
        assert!(
            stderr(&out).contains("--max-file-size"),
            "{bad}: {}",
            stderr(&out)
        );
        assert_eq!(stdout(&out), "");
    }
}

/// A rule file for `--add-rules`: one rule `id` of the `dead` measure with one
/// pattern.
fn one_rule(id: &str, pattern: &str) -> Corpus {
    Corpus::new().file(
        "mine.yaml",
        format!(
            "rules:\n  - id: {id}\n    description: a rule of the user's\n    kind: quantity\n    measure: dead\n    patterns:\n      - '{pattern}'\n"
        ),
    )
}

#[test]
fn an_over_broad_rule_is_skipped_for_a_file_with_a_warning_naming_both() {
    let rules = one_rule("every-word", r"(?P<value>\w+)");
    // 25 KB of news: the rule matches every word, far past the budget; the short
    // report stays within it.
    let corpus = Corpus::new()
        .file("long.txt", REPORT.repeat(300))
        .file("short.txt", "Talks were held in Doha on Monday.\n");
    let out = check_json(
        corpus.path(),
        &["--add-rules", &rules.path().display().to_string()],
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let err = stderr(&out);
    assert_has(
        &err,
        "long.txt: rule `every-word` skipped for this file: it matched more than",
    );
    assert!(!err.contains("short.txt"), "{err}");
    let report = json(&out);
    let long = source_row(&report, "long");
    assert!(
        long.warnings
            .iter()
            .any(|w| w.contains("`every-word` skipped")),
        "{:?}",
        long.warnings
    );
    // The other rules still read the file: Cairo against Doha.
    assert!(long.claims >= 300, "{}", long.claims);
    assert!(report.summary.conflicts >= 1);
}

/// `check` of one report with a user rule `id` of `pattern` added: it must fail to
/// load, with `message` on standard error.
fn refused_rule(id: &str, pattern: &str, message: &str) {
    let rules = one_rule(id, pattern);
    let corpus = Corpus::new().file("a.txt", REPORT);
    let out = run(&[
        "check",
        &corpus.path().display().to_string(),
        "--add-rules",
        &rules.path().display().to_string(),
    ]);
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    assert_said(&out, message);
}

#[test]
fn a_user_regex_over_the_size_limit_is_an_error_naming_file_line_column_and_rule() {
    refused_rule(
        "huge",
        r"(?P<value>\w{500}){40}",
        "mine.yaml:7:10: in `huge`: invalid regex: Compiled regex exceeds size limit",
    );
}

#[test]
fn a_user_regex_nested_too_deep_is_an_error_naming_file_line_column_and_rule() {
    let deep = format!("{}x{}", "(".repeat(300), ")".repeat(300));
    refused_rule(
        "deep",
        &deep,
        "mine.yaml:7:260: in `deep`: invalid regex: exceed the maximum number of nested",
    );
}

#[test]
fn a_capitalized_line_before_a_place_spelled_with_accents_does_not_panic() {
    // The name rule reads "Ruta Kamiro" on, and looks past the line break for a
    // tagged name after it; the place's placeholder is shorter in characters than
    // its accented name, so the look once ended inside the "ā".
    let corpus = Corpus::new()
        .file(
            "a.txt",
            "Filed by Ruta Kamiro\nAs Jājmau prepared for the talks, at least 12 people were killed there.\n",
        )
        .file("b.txt", REPORT);
    let out = check_json(corpus.path(), &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let report = json(&out);
    assert_eq!(report.summary.sources_checked, 2);
    let claims = run(&[
        "extract",
        &corpus.path().join("a.txt").display().to_string(),
    ]);
    assert_has(&stdout(&claims), "\"value_text\":\"at least 12\"");
}
