//! Copies of one text count as one independent source: a wire report republished by
//! three outlets (each with its own headline, a trim and a paragraph of its own)
//! backs a side once, while reports that share a few sentences and quotations (the
//! seeds) stay independent.

mod common;

use common::{Corpus, json_report, root, run, seeds, stdout};
use crosscheck::report::json::JsonReport;

fn check(dir: &str) -> JsonReport {
    json_report(&run(&["check", dir, "--format", "json"]))
}

fn corpus_file(set: &str, file: &str) -> String {
    std::fs::read_to_string(root().join("tests/corpus").join(set).join(file))
        .expect("the corpus file exists")
}

#[test]
fn a_wire_report_republished_by_three_outlets_is_one_independent_source() {
    // A public-domain report (Voice of America) as a wire story, and three outlets'
    // versions of it; another outlet's own report of the same event.
    let wire = corpus_file("stampede-kanjuruhan-2022", "voa.txt");
    let paragraphs: Vec<&str> = wire.split("\n\n").collect();
    let n = paragraphs.len();
    let version = |headline: &str, keep: &[&str], own: &str| {
        format!("{headline}\n\n{}\n\n{own}\n", keep.join("\n\n"))
    };
    let outlet_a = version(
        "Dozens die in crush at Indonesian stadium",
        &paragraphs[..n - 1],
        "The league said it would publish a statement on Sunday evening.",
    );
    let outlet_b = version(
        "Indonesia halts league matches after stadium disaster",
        &paragraphs[1..],
        "Our correspondent in Malang said families gathered outside the hospital.",
    );
    let outlet_c = version(
        "Stadium stampede: what we know",
        &paragraphs[..n - 2],
        "Rights groups called for an inquiry into the use of tear gas by the police.",
    );
    let other = corpus_file("stampede-kanjuruhan-2022", "indiatoday.txt");
    let corpus = Corpus::new()
        .file("wire.txt", &wire)
        .file("outlet_a.txt", outlet_a)
        .file("outlet_b.txt", outlet_b)
        .file("outlet_c.txt", outlet_c)
        .file("other.txt", other);
    let dir = corpus.path().display().to_string();
    let report = check(&dir);
    // The four versions of the wire text are one group.
    let text = ["outlet_a", "outlet_b", "outlet_c", "wire"];
    // The toll the wire gives (125) is backed by four reports, two independent
    // sources: the wire's three copies count once.
    let toll = report
        .findings
        .iter()
        .flat_map(|f| &f.sides)
        .find(|s| s.value == "125" && s.sources.len() >= 4)
        .unwrap_or_else(|| panic!("no side of 125 backed by the copies: {report:#?}"));
    // Each copy names, in the sources table, the report that stands for its text.
    let copy_of = |id: &str| {
        let row = report.sources.iter().find(|s| s.id == id);
        row.expect("every report has a row").copy_of.clone()
    };
    let copies: Vec<(&str, String)> = toll
        .sources
        .iter()
        .filter_map(|id| Some((id.as_str(), copy_of(id)?)))
        .collect();
    let mut grouped: Vec<&str> = copies
        .iter()
        .flat_map(|(copy, first)| [*copy, first.as_str()])
        .collect();
    grouped.sort_unstable();
    grouped.dedup();
    assert_eq!(grouped, text, "{toll:#?}");
    let independent = toll.sources.len() - copies.len();
    assert_eq!(toll.independent_sources, Some(independent), "{toll:#?}");
    assert!(toll.sources.iter().any(|s| s == "other"), "{toll:#?}");
    // Its claims are shown from two texts, the wire's once: the first copy in id
    // order (outlet_a) and the other report, not three copies of one sentence.
    let mut shown: Vec<&str> = toll.claims.iter().map(|c| c.source.as_str()).collect();
    shown.dedup();
    assert_eq!(shown, ["other", "outlet_a"], "{toll:#?}");
    // An agreement only the copies make is no corroboration, and says so.
    let copies_only = report.findings.iter().find(|f| {
        f.kind == "agree"
            && f.sides
                .iter()
                .all(|s| s.sources.iter().all(|id| text.contains(&id.as_str())))
    });
    let f = copies_only.expect("the copies agree on something only they say");
    assert!(
        f.note
            .as_deref()
            .is_some_and(|n| n.contains("copies of one text")),
        "{f:#?}"
    );
    // The text report says it too.
    let shown = stdout(&run(&["check", &dir, "--color", "never"]));
    assert!(
        shown.contains("independent source")
            && shown.contains("outlet_a, outlet_b, outlet_c and wire are one text"),
        "{shown}"
    );
}

#[test]
fn reports_sharing_sentences_and_quotes_stay_independent() {
    let report = check(&seeds().display().to_string());
    for side in report.findings.iter().flat_map(|f| &f.sides) {
        assert_eq!(side.independent_sources, None, "{side:#?}");
    }
    for row in &report.sources {
        assert_eq!(row.copy_of, None, "{row:#?}");
    }
}
