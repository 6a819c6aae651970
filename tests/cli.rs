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
fn the_rule_pack_tests_pass() {
    let out = run(&["test"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(stdout(&out).ends_with(" passed, 0 failed\n"));
}
