//! A folder without a manifest holding reports of three real events (a missile
//! strike, an earthquake, a rail crash), checked with `--story-by auto`: crosscheck
//! groups the reports into the events itself, never sets one event's figures
//! against another's, and still finds every conflict it finds in each event's
//! reports alone.

mod common;

use common::{Corpus, json_report, root, run};
use crosscheck::report::json::JsonReport;
use std::collections::{BTreeMap, BTreeSet};

const EVENTS: [&str; 3] = [
    "strike-kramatorsk-2022",
    "earthquake-hualien-2024",
    "rail-crash-odisha-2023",
];

/// The reports of `sets`, copied into one folder without a manifest, each named
/// `<set>__<file>`.
fn folder(sets: &[&str]) -> Corpus {
    let mut corpus = Corpus::new();
    for set in sets {
        let dir = root().join("tests/corpus").join(set);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("the corpus set exists")
            .map(|e| e.expect("a folder entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        for path in files {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read(&path).expect("a corpus report");
            corpus = corpus.file(&format!("{set}__{name}"), text);
        }
    }
    corpus
}

fn check(corpus: &Corpus) -> JsonReport {
    let dir = corpus.path().display().to_string();
    json_report(&run(&[
        "check",
        &dir,
        "--format",
        "json",
        "--story-by",
        "auto",
    ]))
}

/// The event of a report id (`<set>__<file>`).
fn event(id: &str) -> &str {
    id.split("__").next().unwrap_or(id)
}

/// The events of the reports behind a finding's sides (each side's source ids).
fn events_of<'a>(sides: impl IntoIterator<Item = &'a Vec<String>>) -> BTreeSet<&'a str> {
    sides
        .into_iter()
        .flat_map(|sources| sources.iter().map(|id| event(id)))
        .collect()
}

/// Each conflict as its key and the values of its sides.
fn conflicts(report: &JsonReport) -> BTreeSet<(String, BTreeSet<String>)> {
    report
        .findings
        .iter()
        .filter(|f| f.kind == "conflict")
        .map(|f| {
            (
                f.key.clone(),
                f.sides.iter().map(|s| s.value.clone()).collect(),
            )
        })
        .collect()
}

#[test]
fn reports_of_three_events_are_grouped_and_never_compared_across_events() {
    let mixed = check(&folder(&EVENTS));
    let mut stories: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for f in &mixed.findings {
        let events = events_of(f.sides.iter().map(|s| &s.sources));
        assert_eq!(events.len(), 1, "a finding across events: {f:#?}");
        let story = f.story.clone().expect("every finding has a story");
        stories.entry(story).or_default().extend(events);
    }
    // No story holds two events.
    for (story, events) in &stories {
        assert_eq!(events.len(), 1, "story {story} holds {events:?}");
    }
    // Every conflict found in one event's reports alone is found among the three.
    let found = conflicts(&mixed);
    for set in EVENTS {
        for conflict in conflicts(&check(&folder(&[set]))) {
            assert!(
                found.contains(&conflict),
                "{set}: {conflict:?} not found among the three events: {found:#?}"
            );
        }
    }
}

/// Findings and statuses as a check hands them over.
#[derive(Default)]
struct Collected {
    findings: Vec<crosscheck::align::Finding>,
    sources: Vec<crosscheck::source::SourceStatus>,
}

impl crosscheck::pipeline::CheckSink for Collected {
    fn findings(&mut self, findings: Vec<crosscheck::align::Finding>) -> std::io::Result<()> {
        self.findings.extend(findings);
        Ok(())
    }

    fn source(&mut self, status: crosscheck::source::SourceStatus) -> std::io::Result<()> {
        self.sources.push(status);
        Ok(())
    }
}

/// The folder of three events checked with stories found, holding at most `hold`
/// claims: the number of claims, the findings (in a fixed order) and the statuses.
fn check_holding(corpus: &Corpus, hold: usize) -> (usize, Collected) {
    use crosscheck::pipeline::{Silent, StoryBy, check_each_holding};
    let inputs = crosscheck::source::discover(&[corpus.path().to_path_buf()])
        .expect("the folder is readable");
    let pack = crosscheck::rules::Pack::embedded().expect("the default pack compiles");
    let mut sink = Collected::default();
    let claims = check_each_holding(pack, inputs, StoryBy::Auto, hold, &Silent, &mut sink)
        .expect("nothing to write fails");
    sink.findings.sort_by_cached_key(|f| format!("{f:?}"));
    (claims, sink)
}

#[test]
fn a_folder_with_more_claims_than_are_held_is_read_twice_with_the_same_findings() {
    let corpus = folder(&EVENTS);
    let (claims, once) = check_holding(&corpus, usize::MAX);
    // Holding none, every report is read again once its story is known.
    let (claims_twice, twice) = check_holding(&corpus, 0);
    assert!(
        once.findings
            .iter()
            .any(|f| f.kind == crosscheck::align::FindingKind::Conflict),
        "the three events hold conflicts"
    );
    assert_eq!(claims, claims_twice, "claims are counted once");
    assert_eq!(once.sources, twice.sources, "each report is listed once");
    assert_eq!(once.findings, twice.findings);
    for f in &twice.findings {
        let events = events_of(f.sides.iter().map(|s| &s.sources));
        assert_eq!(events.len(), 1, "a finding across events: {f:#?}");
    }
}

/// `crosscheck check DIR --story-by auto --format FORMAT`'s report, holding at
/// most `hold` claims before reading the reports again by story.
fn report_holding(corpus: &Corpus, format: &str, hold: Option<usize>) -> String {
    let dir = corpus.path().display().to_string();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_crosscheck"));
    cmd.args(["check", &dir, "--story-by", "auto", "--format", format])
        .args(["-o", "/dev/stdout"])
        .env("NO_COLOR", "1")
        .env(
            "CROSSCHECK_CACHE_DIR",
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("facts"),
        )
        .current_dir(root());
    if let Some(hold) = hold {
        cmd.env("CROSSCHECK_HOLD_CLAIMS", hold.to_string());
    }
    let out = cmd.output().expect("the crosscheck binary runs");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    String::from_utf8(out.stdout).expect("the report is UTF-8")
}

/// A report's lines, sorted, with the numbers `pattern` finds (names given in the
/// order findings come, which differs between one reading and two) taken out.
fn lines_unnumbered(report: &str, pattern: &str) -> Vec<String> {
    let numbers = regex::Regex::new(pattern).unwrap();
    let mut lines: Vec<String> = report
        .lines()
        .map(|l| numbers.replace_all(l, "$1").into_owned())
        .collect();
    lines.sort();
    lines
}

#[test]
fn html_and_dot_reports_come_whole_from_a_second_reading() {
    // HTML and DOT are written as the stories are aligned, too: read twice, each
    // card, highlight and node of one reading is there, and every highlight in a
    // text links to a card of the page.
    let corpus = folder(&EVENTS);
    let once = report_holding(&corpus, "html", None);
    let twice = report_holding(&corpus, "html", Some(0));
    let cards = r##"(id="f|href="#f)[0-9]+"##;
    assert_eq!(
        lines_unnumbered(&once, cards),
        lines_unnumbered(&twice, cards)
    );
    let texts = &twice[twice.find("<section id=\"texts\">").expect("the texts")..];
    let ids = regex::Regex::new(r#"^<article class="finding [^>]* id="(f[0-9]+)""#).unwrap();
    let cards: BTreeSet<&str> = twice
        .lines()
        .filter_map(|l| Some(ids.captures(l)?.get(1)?.as_str()))
        .collect();
    let links = regex::Regex::new(r##"href="#(f[0-9]+)""##).unwrap();
    let mut linked = 0;
    for to in links.captures_iter(texts) {
        assert!(
            cards.contains(&to[1]),
            "a highlight links to no card: {}",
            &to[1]
        );
        linked += 1;
    }
    assert!(linked > 0, "no highlight links to a card");
    let once = report_holding(&corpus, "dot", None);
    let twice = report_holding(&corpus, "dot", Some(0));
    let clusters = r"(cluster_|k)[0-9]+";
    assert_eq!(
        lines_unnumbered(&once, clusters),
        lines_unnumbered(&twice, clusters)
    );
    assert!(twice.starts_with("graph crosscheck {\n") && twice.ends_with("}\n"));
}

#[test]
fn text_and_markdown_reports_come_whole_from_a_second_reading() {
    // Text and Markdown are written as the stories are aligned, chunk by chunk, each
    // kind's findings kept aside until the end: read twice (nothing held), the
    // report has every line of one reading, under the same headings, in the same
    // order of sections, and the counts it opens with are those of the JSON report.
    let corpus = folder(&EVENTS);
    let json = check(&corpus);
    let conflicts = json
        .findings
        .iter()
        .filter(|f| f.kind == "conflict")
        .count();
    assert!(conflicts > 0);
    for (format, first, headings) in [
        (
            "text",
            format!("{conflicts} conflicts"),
            ["\nConflicts (", "\nAgreements\n", "\nSources\n"],
        ),
        (
            "md",
            format!("| conflicts | {conflicts} |"),
            ["\n## Conflicts\n", "\n## Agreements\n", "\n## Sources\n"],
        ),
    ] {
        let once = report_holding(&corpus, format, None);
        let twice = report_holding(&corpus, format, Some(0));
        let lines = |report: &str| {
            let mut lines: Vec<String> = report.lines().map(str::to_string).collect();
            lines.sort();
            lines
        };
        assert_eq!(lines(&once), lines(&twice), "{format}");
        assert!(twice.contains(&first), "{format}: no `{first}` in\n{twice}");
        let at: Vec<usize> = headings
            .iter()
            .map(|h| {
                assert_eq!(twice.matches(h).count(), 1, "{format}: `{h}` not once");
                twice.find(h).unwrap()
            })
            .collect();
        assert!(at.is_sorted(), "{format}: sections out of order: {at:?}");
    }
}
