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
    let bin = env!("CARGO_BIN_EXE_crosscheck");
    let command = format!("'{bin}' {args} > /dev/null");
    let out = std::process::Command::new("timeout")
        .args(["60", "script", "-q", "-e", "-c", &command, "/dev/null"])
        .env("CROSSCHECK_PROGRESS_AFTER_MS", "0")
        .env("NO_COLOR", "1")
        .current_dir(common::root())
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
