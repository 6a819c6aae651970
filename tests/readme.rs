//! The README's "Two commands" are the ones CI runs: `.ci/run` runs each of them as
//! written, in the README's order, and runs the tests only through the README's test
//! command (no copy of what it does).

use std::path::PathBuf;

fn read(path: &str) -> String {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// A shell line without its trailing `# comment`, trimmed.
fn command_of(line: &str) -> &str {
    let line = line.trim();
    if line.starts_with('#') {
        return "";
    }
    line.split(" #").next().unwrap_or("").trim()
}

/// The commands of the first ```sh block under "## Two commands".
fn readme_commands() -> Vec<String> {
    let readme = read("README.md");
    let section = readme
        .split_once("\n## Two commands\n")
        .expect("README has a \"## Two commands\" section")
        .1;
    let section = section.split("\n## ").next().unwrap_or(section);
    let block = section
        .split_once("```sh\n")
        .expect("a ```sh block in \"Two commands\"")
        .1
        .split_once("\n```")
        .expect("the ```sh block ends")
        .0;
    block
        .lines()
        .map(command_of)
        .filter(|c| !c.is_empty())
        .map(String::from)
        .collect()
}

/// The command lines of `.ci/run`, without comments and blank lines.
fn ci_lines() -> Vec<String> {
    read(".ci/run")
        .lines()
        .map(command_of)
        .filter(|c| !c.is_empty())
        .map(String::from)
        .collect()
}

/// Whether `line` runs exactly `command`, possibly redirected or chained.
fn runs(line: &str, command: &str) -> bool {
    match line.strip_prefix(command) {
        Some("") => true,
        Some(rest) if rest.starts_with(' ') => {
            let rest = rest.trim_start();
            [">", "2>", "<", "|", "&", ";"]
                .iter()
                .any(|op| rest.starts_with(op))
        }
        _ => false,
    }
}

#[test]
fn the_readme_gives_two_commands() {
    let commands = readme_commands();
    assert_eq!(commands.len(), 2, "{commands:?}");
    assert!(commands[0].contains(" check seeds/"), "{commands:?}");
}

#[test]
fn ci_runs_the_readme_commands_in_the_readme_order() {
    let lines = ci_lines();
    let mut last = None;
    for command in readme_commands() {
        let at = lines
            .iter()
            .position(|line| runs(line, &command))
            .unwrap_or_else(|| panic!(".ci/run does not run the README's `{command}`"));
        assert!(
            last.is_none_or(|l| l < at),
            ".ci/run runs `{command}` out of the README's order"
        );
        last = Some(at);
    }
}

#[test]
fn ci_runs_the_tests_only_through_the_readme_command() {
    let tests = &readme_commands()[1];
    for line in ci_lines() {
        assert!(
            !line.starts_with("cargo test") || runs(&line, tests),
            ".ci/run runs `{line}` besides the README's test command `{tests}`"
        );
    }
    // A script given as the command is there and can be run.
    let program = tests.split_whitespace().next().expect("a command");
    if program.contains('/') {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(program);
        let meta =
            std::fs::metadata(&path).unwrap_or_else(|e| panic!("the README's {program}: {e}"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert!(
                meta.permissions().mode() & 0o111 != 0,
                "{program} is not executable"
            );
        }
        assert!(meta.is_file());
    }
}

#[test]
fn a_command_with_other_arguments_is_not_the_same_command() {
    let main = "cargo run --release -- check seeds/";
    assert!(runs(
        "cargo run --release -- check seeds/ > /dev/null",
        main
    ));
    assert!(runs("cargo run --release -- check seeds/", main));
    assert!(!runs(
        "cargo run --release -- check seeds/ --format json",
        main
    ));
    assert!(!runs("cargo run --release -- check seeds/extra", main));
    assert_eq!(
        command_of("  scripts/test.sh   # run every test"),
        "scripts/test.sh"
    );
    assert_eq!(command_of("# scripts/test.sh"), "");
}
