//! Command-line conventions: color only when asked or on a terminal, exit codes,
//! `--fail-on`.

mod common;

use common::{code, run, stdout};

#[test]
fn color_only_when_asked_and_never_with_no_color() {
    // The test harness sets NO_COLOR and stdout is a pipe: plain.
    let plain = run(&["check", "seeds/"]);
    assert!(!stdout(&plain).contains('\u{1b}'));
    let colored = run(&["--color", "always", "check", "seeds/"]);
    assert!(
        stdout(&colored).contains("\u{1b}["),
        "--color always colors even a pipe"
    );
}

#[test]
fn fail_on_never_exits_zero_despite_conflicts() {
    assert_eq!(code(&run(&["check", "seeds/"])), 1);
    assert_eq!(code(&run(&["check", "seeds/", "--fail-on", "never"])), 0);
}

#[test]
fn bad_arguments_exit_two() {
    let out = run(&["check", "seeds/", "--format", "pdf"]);
    assert_eq!(code(&out), 2);
    assert!(common::stderr(&out).contains("invalid value 'pdf'"));
}

#[test]
fn rules_macro_help_is_not_the_help_of_explain() {
    let help = |sub: &str| stdout(&run(&["rules", sub, "--help"]));
    let macro_ = help("macro");
    assert!(macro_.starts_with("A macro, fully expanded"), "{macro_}");
    let explain = help("explain");
    assert!(explain.starts_with("One rule: its patterns"), "{explain}");
    let rules = stdout(&run(&["rules", "--help"]));
    assert!(rules.contains("A macro, fully expanded"), "{rules}");
    assert!(rules.contains("One rule: its patterns"), "{rules}");
}

#[test]
fn the_rule_pack_tests_pass() {
    let out = run(&["test"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(stdout(&out).ends_with(" passed, 0 failed\n"));
}

/// Runs crosscheck under `script` (util-linux), so that its stderr is a terminal;
/// returns the exit code and what the terminal showed.
fn on_a_terminal(args: &str) -> (i32, String) {
    on_a_terminal_holding(args, None)
}

/// As [`on_a_terminal`], holding at most `hold` claims before a second reading.
fn on_a_terminal_holding(args: &str, hold: Option<usize>) -> (i32, String) {
    let bin = env!("CARGO_BIN_EXE_crosscheck");
    let command = format!("'{bin}' {args} > /dev/null");
    let mut cmd = std::process::Command::new("timeout");
    cmd.args(["60", "script", "-q", "-e", "-c", &command, "/dev/null"])
        .env("CROSSCHECK_PROGRESS_AFTER_MS", "0")
        .env("NO_COLOR", "1")
        .current_dir(common::root());
    if let Some(hold) = hold {
        cmd.env("CROSSCHECK_HOLD_CLAIMS", hold.to_string());
    }
    let out = cmd
        .output()
        .expect("`timeout` and `script` (coreutils, util-linux) are installed");
    (code(&out), stdout(&out))
}

#[test]
fn a_progress_bar_on_a_terminal_and_the_run_still_ends() {
    // The bar is drawn from worker threads; the run must not wait on stderr. 200
    // reports, so that the run lasts long enough for the bar's draws (20 a second).
    let mut corpus = common::Corpus::new();
    for i in 0..40 {
        for (name, text) in common::seed_reports() {
            corpus = corpus.file(&format!("{i:02}-{name}"), text);
        }
    }
    let dir = corpus.path().display().to_string();
    let (exit, screen) = on_a_terminal(&format!("extract '{dir}'"));
    assert_eq!(exit, 0, "ended with {exit} (124: it hung)\n{screen}");
    assert!(
        screen.contains("/200 files ·") && screen.contains(" claims"),
        "no progress bar on the terminal:\n{screen}"
    );
    let (exit, screen) = on_a_terminal(&format!("extract '{dir}' --quiet"));
    assert_eq!(exit, 0, "ended with {exit} (124: it hung)\n{screen}");
    assert!(!screen.contains("files ·"), "--quiet still drew:\n{screen}");
}

#[test]
fn a_second_reading_by_story_shows_on_the_bar_and_gives_the_same_report() {
    // Holding no claim, `--story-by auto` reads every report again once its story is
    // known; the bar says so, and the report is the one a single reading gives.
    let mut corpus = common::Corpus::new();
    for i in 0..4 {
        for (name, text) in common::seed_reports() {
            corpus = corpus.file(&format!("{i:02}-{name}"), text);
        }
    }
    let dir = corpus.path().display().to_string();
    let report = corpus.path().join("report.json").display().to_string();
    let args = format!("check '{dir}' --story-by auto --format json -o '{report}'");
    let (exit, screen) = on_a_terminal_holding(&args, Some(0));
    assert_eq!(exit, 1, "ended with {exit} (1: conflicts found)\n{screen}");
    assert!(
        screen.contains("read again by story: ") && screen.contains("/20 files ·"),
        "no second reading on the bar:\n{screen}"
    );
    let twice = std::fs::read_to_string(&report).expect("the report is written");
    let (exit, _) = on_a_terminal_holding(&args, None);
    assert_eq!(exit, 1);
    let once = std::fs::read_to_string(&report).expect("the report is written");
    let findings = |json: &str| {
        let report: crosscheck::report::json::JsonReport =
            serde_json::from_str(json).expect("a JSON report");
        let mut f: Vec<String> = report.findings.iter().map(|f| format!("{f:?}")).collect();
        f.sort();
        f
    };
    assert!(!findings(&once).is_empty());
    assert_eq!(findings(&once), findings(&twice));
    // Every other format is streamed the same way (their lines are compared with a
    // single reading's in tests/stories.rs).
    for format in ["text", "md", "html", "dot"] {
        let report = corpus.path().join(format!("report.{format}"));
        let args = format!(
            "check '{dir}' --story-by auto --format {format} -o '{}'",
            report.display()
        );
        let (exit, screen) = on_a_terminal_holding(&args, Some(0));
        assert_eq!(exit, 1, "{format}: ended with {exit}\n{screen}");
        assert!(
            screen.contains("read again by story: "),
            "{format}: no second reading on the bar:\n{screen}"
        );
        let written = std::fs::read_to_string(&report).expect("the report is written");
        assert!(written.contains("onflicts"), "{format}: {written}");
    }
}

/// Runs crosscheck with the pattern-facts cache in `cache` (`None`: no cache).
fn run_cached(cache: Option<&std::path::Path>, args: &[&str]) -> std::process::Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_crosscheck"));
    cmd.args(args)
        .env("NO_COLOR", "1")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    match cache {
        Some(dir) => cmd.env("CROSSCHECK_CACHE_DIR", dir),
        None => cmd.env("CROSSCHECK_NO_CACHE", "1"),
    };
    cmd.output().expect("the crosscheck binary runs")
}

fn cache_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| Some(e.ok()?.path())).collect())
        .unwrap_or_default()
}

#[test]
fn pattern_facts_kept_between_runs_change_no_finding() {
    let cache = tempfile::tempdir().unwrap();
    let args = ["check", "--format", "json", "seeds/"];
    let uncached = run_cached(None, &args);
    assert!(cache_files(cache.path()).is_empty());
    let first = run_cached(Some(cache.path()), &args);
    let mut files = cache_files(cache.path());
    files.sort();
    // One file of pattern facts for the pack, one of its gazetteer and names.
    let named = |start: &str, end: &str| {
        files.iter().any(|f| {
            let name = f.file_name().unwrap().to_string_lossy();
            name.starts_with(start) && name.ends_with(end)
        })
    };
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(
        named("patterns-", ".json") && named("names-", ".bin"),
        "{files:?}"
    );
    let names_size = std::fs::metadata(&files[0]).unwrap().len();
    let second = run_cached(Some(cache.path()), &args);
    assert_eq!(stdout(&first), stdout(&uncached));
    assert_eq!(stdout(&second), stdout(&uncached));
    assert_eq!(code(&second), code(&uncached));
    // A damaged file is read as none, and written again.
    std::fs::write(&files[0], "names").unwrap();
    std::fs::write(&files[1], "{\"patterns\": {\"0f").unwrap();
    let damaged = run_cached(Some(cache.path()), &args);
    assert_eq!(stdout(&damaged), stdout(&uncached));
    assert_eq!(std::fs::metadata(&files[0]).unwrap().len(), names_size);
    let text = std::fs::read_to_string(&files[1]).unwrap();
    assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok());
}

#[test]
fn a_pattern_made_invalid_after_a_cached_run_is_still_an_error() {
    let cache = tempfile::tempdir().unwrap();
    let pack = tempfile::tempdir().unwrap();
    let rule = |pattern: &str| {
        format!(
            "lexicon:\n  measures:\n    - {{id: people, label: people}}\nrules:\n  - id: count\n    description: a count\n    kind: quantity\n    patterns:\n      - '{pattern}'\n    measure: people\n"
        )
    };
    let file = pack.path().join("r.yaml");
    std::fs::write(&file, rule(r"(?P<value>\d+) people were killed")).unwrap();
    let dir = pack.path().to_str().unwrap();
    let ok = run_cached(Some(cache.path()), &["rules", "--rules", dir, "list"]);
    assert_eq!(code(&ok), 0, "{}", String::from_utf8_lossy(&ok.stderr));
    assert!(!cache_files(cache.path()).is_empty());
    std::fs::write(&file, rule(r"(?P<value>\d+) (people were killed")).unwrap();
    let bad = run_cached(Some(cache.path()), &["rules", "--rules", dir, "list"]);
    assert_eq!(code(&bad), 2);
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("r.yaml:9:") && err.contains("in `count`: invalid regex"),
        "{err}"
    );
}
