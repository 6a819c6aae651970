//! docs/rules.md shows what crosscheck makes of four made-up reports (an
//! earthquake, a crash, a flood, an election). The page is only useful while it is
//! true: each example's text is extracted here and every line the page shows must be
//! a claim crosscheck makes (measure, key, value and words), and no other quantity,
//! time or role claim may appear.

mod common;

use common::{Corpus, code, run};

/// One example of the page: the report's text and the claims shown under it.
struct Example {
    text: String,
    claims: Vec<(String, String, String, String)>,
}

fn examples() -> Vec<Example> {
    let page =
        std::fs::read_to_string(common::root().join("docs/rules.md")).expect("docs/rules.md");
    let section = page
        .split("### What claims look like")
        .nth(1)
        .expect("the section of claim examples")
        .split("\n### ")
        .next()
        .unwrap_or_default();
    section
        .split("```text\n")
        .skip(1)
        .filter_map(|block| block.split("\n```").next())
        .map(|block| {
            let (text, shown) = block
                .split_once("\n\n")
                .expect("text, a blank line, claims");
            let claims = shown
                .lines()
                .map(|line| {
                    let (measure, rest) = line.split_once(' ').expect("a measure");
                    let (key, rest) = rest.split_once(" = ").expect("key = value");
                    let (value, words) = rest.split_once('«').expect("«words»");
                    (
                        measure.trim().to_string(),
                        key.trim().to_string(),
                        value.trim().to_string(),
                        words.trim_end_matches('»').to_string(),
                    )
                })
                .collect();
            Example {
                text: format!("{text}\n"),
                claims,
            }
        })
        .collect()
}

#[test]
fn the_claims_docs_rules_md_shows_are_the_claims_crosscheck_makes() {
    let examples = examples();
    assert_eq!(
        examples.len(),
        4,
        "an earthquake, a crash, a flood, an election"
    );
    for (i, example) in examples.iter().enumerate() {
        let dir = Corpus::new().file("report.txt", &example.text);
        let out = run(&["extract", &dir.join("report.txt")]);
        assert_eq!(code(&out), 0, "{}", common::stderr(&out));
        let made: Vec<(String, String, String, String)> = common::stdout(&out)
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("a JSON line"))
            .filter(|c| c["kind"] != "name")
            .map(|c| {
                let s = |k: &str| c[k].as_str().unwrap_or_default().to_string();
                // The page shows a claim's words on one line.
                (
                    s("measure"),
                    s("key"),
                    s("display"),
                    s("text").split_whitespace().collect::<Vec<_>>().join(" "),
                )
            })
            .collect();
        assert_eq!(
            made,
            example.claims,
            "example {} of docs/rules.md:\n{}",
            i + 1,
            example.text
        );
    }
}
