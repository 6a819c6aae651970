//! The report formats besides text and JSON: DOT renders with Graphviz, Markdown
//! reads on its own, HTML goes to crosscheck-report.html by default.

mod common;

use common::{Corpus, code, run, run_in, seeds, stderr, stdout};
use std::process::{Command, Stdio};

/// The seed corpus's alignment graph as DOT.
fn seed_dot() -> String {
    let out = run(&["check", "seeds/", "--format", "dot"]);
    assert_eq!(code(&out), 1);
    stdout(&out)
}

#[test]
fn dot_output_is_a_graph_of_the_findings() {
    let dot = seed_dot();
    assert!(dot.starts_with("graph crosscheck {"), "{dot}");
    assert!(dot.contains("label=\"venue of the talks\""));
    assert!(dot.contains("label=\"conflict\""));
}

/// Built with CROSSCHECK_SKIP_GRAPHVIZ set, this test is ignored (see build.rs);
/// otherwise it needs Graphviz, which scripts/test.sh installs.
#[test]
#[cfg_attr(
    skip_graphviz,
    ignore = "CROSSCHECK_SKIP_GRAPHVIZ was set at build time; scripts/test.sh runs it"
)]
fn dot_output_renders_with_graphviz() {
    let dot = seed_dot();
    assert!(
        Command::new("dot").arg("-V").output().is_ok(),
        "Graphviz `dot` is needed to render the DOT output; scripts/test.sh installs it \
         (or build with CROSSCHECK_SKIP_GRAPHVIZ=1 to mark this test ignored)"
    );
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dot runs");
    use std::io::Write;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(dot.as_bytes())
        .expect("write the graph");
    let rendered = child.wait_with_output().expect("dot finishes");
    assert!(
        rendered.status.success(),
        "dot -Tsvg failed: {}",
        String::from_utf8_lossy(&rendered.stderr)
    );
    let svg = String::from_utf8_lossy(&rendered.stdout);
    // Graphviz writes the hyphen as an entity.
    assert!(svg.contains("<svg") && svg.contains("Sharm el"), "{svg}");
}

#[test]
fn markdown_reads_on_its_own() {
    let out = run(&["check", "seeds/", "--format", "md"]);
    let md = stdout(&out);
    assert!(md.starts_with("# crosscheck report\n"), "{md}");
    assert!(md.contains("| conflicts | 4 |"), "{md}");
    assert!(md.contains("### venue of the talks"), "{md}");
    assert!(md.contains("**Sharm el-Sheikh** — 003, 004"), "{md}");
    assert!(
        md.contains("- `seeds/003_7b46891325f9c359.txt:1:249` — "),
        "{md}"
    );
    assert!(md.contains("**talks in Sharm el-Sheikh**"), "{md}");
    assert!(
        md.contains("Word diff: ") && md.contains("~~ensuring~~ **the assurance that**"),
        "{md}"
    );
}

#[test]
fn markdown_escapes_the_markup_of_reports() {
    let corpus = Corpus::new()
        .file("a.txt", "Talks were held in Cairo, say *sources* [link](x) <b>. At least 10 people have been killed.\n")
        .file("b.txt", "Talks were held in Doha. At least 30 people have been killed.\n");
    let md = stdout(&run(&[
        "check",
        &corpus.path().display().to_string(),
        "--format",
        "md",
    ]));
    assert!(md.contains("\\*sources\\* \\[link\\](x) \\<b\\>"), "{md}");
}

#[test]
fn html_goes_to_the_default_file() {
    let dir = Corpus::new();
    let out = run_in(
        Some(dir.path()),
        &["check", &seeds().display().to_string(), "--format", "html"],
    );
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("wrote crosscheck-report.html"),
        "{}",
        stderr(&out)
    );
    let html = std::fs::read_to_string(dir.path().join("crosscheck-report.html"))
        .expect("the report file");
    assert!(html.starts_with("<!doctype html>"));
    // Self-contained: nothing to fetch.
    assert!(
        !html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("@import")
    );
    assert!(html.contains("Content-Security-Policy"));
}
