//! Editor mode: `check DRAFT --against REFERENCES`. The truth is written by hand:
//! `tests/against/draft.md` (written for this test, not copied from the seeds) puts
//! the talks in Alexandria, rewords Netanyahu's stated goals, agrees with the seeds
//! on the toll and the hostages of the October 2023 attack, and gives a figure no
//! seed gives (340 tonnes of flour). `tests/against/landslide/` is a made-up pair
//! of wire reports of different dates and a draft that gives the earlier toll.

mod common;

use common::{code, json_report, run, stderr, stdout};
use crosscheck::report::json::{JsonItem, JsonReview};

const DRAFT: &str = "tests/against/draft.md";

fn review(args: &[&str]) -> (JsonReview, crosscheck::report::json::JsonReport, i32) {
    let out = run(args);
    let mut report = json_report(&out);
    let review = report.review.take().expect("a review object");
    (review, report, code(&out))
}

fn problem<'r>(review: &'r JsonReview, kind: &str, key: &str) -> &'r JsonItem {
    review
        .problems
        .iter()
        .find(|i| i.kind == kind && i.key == key)
        .unwrap_or_else(|| panic!("no {kind} on {key} in {:#?}", review.problems))
}

#[test]
fn the_draft_against_the_seeds_shows_its_conflict_its_misquote_its_unsupported_figure_and_what_it_shares()
 {
    let (review, report, code) =
        review(&["check", DRAFT, "--against", "seeds/", "--format", "json"]);
    assert_eq!(code, 1, "the draft conflicts");
    assert_eq!(report.schema_version, 5);
    assert_eq!(review.draft, ["draft"]);
    assert_eq!(review.references, ["000", "001", "002", "003", "004"]);

    // The venue: Alexandria against Cairo (000, 001, 002) and Sharm el-Sheikh (003, 004).
    let venue = problem(&review, "conflict", "venue of the talks");
    assert_eq!(venue.value, "Alexandria");
    assert_eq!(venue.level, "error");
    assert!(venue.backing.is_empty());
    assert_eq!(venue.draft_claims.len(), 1);
    assert_eq!(venue.draft_claims[0].source, "draft");
    let draft = report.sources.iter().find(|s| s.id == "draft");
    assert_eq!(draft.expect("the draft's row").path, DRAFT);
    assert_eq!(
        (venue.draft_claims[0].line, venue.draft_claims[0].column),
        (3, 62)
    );
    assert_eq!(venue.draft_claims[0].text, "talks in Alexandria");
    let sides: Vec<(&str, Vec<&str>)> = venue
        .references
        .iter()
        .map(|s| {
            (
                s.value.as_str(),
                s.sources.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        sides,
        [
            ("Cairo", vec!["000", "001", "002"]),
            ("Sharm el-Sheikh", vec!["003", "004"])
        ]
    );
    // The references' sentences come with them, and none of the draft's.
    assert!(
        venue
            .references
            .iter()
            .flat_map(|s| &s.claims)
            .all(|c| c.source != "draft")
    );
    assert!(
        venue.references[1]
            .claims
            .iter()
            .any(|c| c.text == "talks in Sharm el-Sheikh")
    );

    // Netanyahu's goals, reworded: drift, with the word diff from 001's words to
    // the draft's.
    let words = problem(&review, "drift", "words of Benjamin Netanyahu");
    let diff = words.diff.as_ref().expect("a word diff");
    let changed: Vec<(&str, &str)> = diff
        .iter()
        .filter(|d| d.op != "equal")
        .map(|d| (d.old.as_str(), d.new.as_str()))
        .collect();
    assert_eq!(
        changed,
        [
            ("elimination", "dismantling"),
            ("ensuring", "making sure that")
        ]
    );
    let quoted: Vec<&str> = words
        .references
        .iter()
        .flat_map(|s| &s.sources)
        .map(String::as_str)
        .collect();
    assert_eq!(quoted, ["001", "002"]);

    // The flour is the one figure no seed gives.
    let unsupported: Vec<(&str, &str)> = review
        .unsupported
        .iter()
        .map(|c| (c.display.as_deref().unwrap_or("?"), c.text.as_str()))
        .collect();
    assert_eq!(unsupported, [("340 t", "340 tonnes of flour had")]);

    // What the draft shares with the seeds, with how many independent references.
    let agreed: Vec<(&str, &str, usize)> = review
        .agreements
        .iter()
        .filter(|i| i.kind == "agree")
        .map(|i| (i.key.as_str(), i.value.as_str(), i.independent_references))
        .collect();
    for expected in [
        ("hostages taken", "251", 2),
        ("people killed · attack", "about 1,200", 2),
        ("title of Benjamin Netanyahu", "Prime Minister", 4),
    ] {
        assert!(agreed.contains(&expected), "{expected:?} in {agreed:?}");
    }
    // Only the draft's problems are problems.
    assert_eq!(review.problems.len(), 2, "{:#?}", review.problems);
}

#[test]
fn the_text_review_starts_each_problem_at_the_draft_then_gives_the_sources() {
    let out = run(&["check", DRAFT, "--against", "seeds/"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let text = stdout(&out);
    let conflict = text
        .split("\n\n")
        .find(|b| b.starts_with("✗ conflict · venue of the talks"))
        .unwrap_or_else(|| panic!("no venue conflict in\n{text}"));
    let lines: Vec<&str> = conflict.lines().collect();
    assert!(
        lines[1].starts_with("  tests/against/draft.md:3:62  Alexandria  "),
        "{conflict}"
    );
    assert!(lines[1].contains("«talks in Alexandria»"), "{conflict}");
    assert!(
        conflict.contains("    Cairo  — 000, 001, 002"),
        "{conflict}"
    );
    assert!(
        conflict.contains("    Sharm el-Sheikh  — 003, 004"),
        "{conflict}"
    );
    assert!(
        conflict.contains("seeds/003_7b46891325f9c359.txt:1:249"),
        "{conflict}"
    );
    assert!(
        text.contains("[-elimination-]{+dismantling+}"),
        "the misquote's diff:\n{text}"
    );
    assert!(
        text.contains("Unsupported (claims of the draft no reference states)\n  ? tests/against/draft.md:9:22  amount of flour: 340 t"),
        "{text}"
    );
    assert!(
        text.contains("  ✓ hostages taken: 251 — 001, 002 (2 independent references)"),
        "{text}"
    );
}

#[test]
fn references_are_compared_with_each_other_only_when_asked() {
    let trump = "title of Donald Trump";
    let (plain, report, _) = review(&["check", DRAFT, "--against", "seeds/", "--format", "json"]);
    assert!(!plain.also_references);
    assert!(plain.reference_findings.is_empty());
    assert!(
        report.findings.iter().all(|f| f.key != trump),
        "the seeds' own conflict on Trump's title is not the draft's"
    );
    assert!(report.findings.iter().all(|f| {
        f.sides
            .iter()
            .any(|s| s.sources.iter().any(|id| id == "draft"))
    }));
    let text = stdout(&run(&["check", DRAFT, "--against", "seeds/"]));
    assert!(!text.contains(trump), "{text}");

    let (also, report, code) = review(&[
        "check",
        DRAFT,
        "--against",
        "seeds/",
        "--also-references",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    assert!(also.also_references);
    let among: Vec<&str> = also
        .reference_findings
        .iter()
        .map(|&i| report.findings[i].key.as_str())
        .collect();
    assert!(among.contains(&trump), "{among:?}");
    let trump_finding = &report.findings[also
        .reference_findings
        .iter()
        .copied()
        .find(|&i| report.findings[i].key == trump)
        .expect("listed")];
    assert_eq!(trump_finding.kind, "conflict");
    // The draft's own review is the same.
    assert_eq!(also.problems.len(), plain.problems.len());
    let text = stdout(&run(&[
        "check",
        DRAFT,
        "--against",
        "seeds/",
        "--also-references",
    ]));
    let among = text
        .split_once("Among the references")
        .map(|(_, rest)| rest)
        .unwrap_or_else(|| panic!("no section of the references' findings:\n{text}"));
    assert!(among.contains("✗ title of Donald Trump"), "{text}");
}

#[test]
fn an_earlier_toll_in_the_draft_is_outdated() {
    let (review, _, code) = review(&[
        "check",
        "tests/against/landslide/draft",
        "--against",
        "tests/against/landslide/wires",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1, "an outdated toll fails the draft");
    assert_eq!(review.problems.len(), 1, "{:#?}", review.problems);
    let toll = &review.problems[0];
    assert_eq!(toll.kind, "outdated");
    assert_eq!(toll.value, "at least 12");
    assert_eq!(toll.backing, ["wire-first"]);
    assert_eq!(toll.references.len(), 1);
    assert_eq!(toll.references[0].value, "19");
    assert_eq!(toll.references[0].sources, ["wire-later"]);
    assert_eq!(toll.references[0].as_of.as_deref(), Some("2025-03-03"));
    assert!(review.unsupported.is_empty());
}

#[test]
fn fail_on_never_keeps_the_exit_code_at_zero() {
    let out = run(&["check", DRAFT, "--against", "seeds/", "--fail-on", "never"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

#[test]
fn a_draft_that_states_only_what_the_references_do_passes() {
    let corpus = common::Corpus::new();
    let draft = corpus.dir.path().join("agreeing.md");
    std::fs::write(
        &draft,
        "Israeli Prime Minister Benjamin Netanyahu spoke as mediators met.\n",
    )
    .expect("written");
    let out = run(&[
        "check",
        draft.to_str().expect("utf-8"),
        "--against",
        "seeds/",
    ]);
    assert_eq!(code(&out), 0, "{}\n{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("✓ title of Benjamin Netanyahu: Prime Minister"));
}

#[test]
fn sarif_without_a_draft_to_review_is_refused() {
    let out = run(&["check", "seeds/", "--format", "sarif"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("--format sarif needs --against"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).is_empty());
    let out = run(&["check", DRAFT, "--also-references"]);
    assert_eq!(code(&out), 2, "--also-references needs --against");
}

#[test]
fn the_sarif_output_validates_against_the_sarif_2_1_0_schema() {
    let schema: serde_json::Value = serde_json::from_str(include_str!("sarif-schema-2.1.0.json"))
        .expect("the vendored schema is JSON");
    let validator = jsonschema::draft4::new(&schema).expect("the schema compiles");
    // The validator does reject what is not SARIF 2.1.0.
    let wrong = serde_json::json!({"version": "2.1.0", "runs": [{"results": []}]});
    assert!(
        !validator.is_valid(&wrong),
        "a run without a tool is no SARIF"
    );
    for (draft, refs) in [
        (DRAFT, "seeds/"),
        (
            "tests/against/landslide/draft",
            "tests/against/landslide/wires",
        ),
    ] {
        let out = run(&["check", draft, "--against", refs, "--format", "sarif"]);
        assert_eq!(code(&out), 1, "{}", stderr(&out));
        let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }

    let out = run(&["check", DRAFT, "--against", "seeds/", "--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(log["version"], "2.1.0");
    let run0 = &log["runs"][0];
    assert_eq!(run0["tool"]["driver"]["name"], "crosscheck");
    let results = run0["results"].as_array().expect("results");
    let summary: Vec<(&str, &str, u64, u64)> = results
        .iter()
        .map(|r| {
            let region = &r["locations"][0]["physicalLocation"]["region"];
            (
                r["ruleId"].as_str().unwrap_or(""),
                r["level"].as_str().unwrap_or(""),
                region["startLine"].as_u64().unwrap_or(0),
                region["startColumn"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("crosscheck/conflict", "error", 3, 62),
            ("crosscheck/drift", "warning", 5, 85),
            ("crosscheck/unsupported", "note", 9, 22),
        ]
    );
    for r in results {
        assert_eq!(
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            DRAFT
        );
    }
    let conflict = &results[0];
    let region = &conflict["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["endLine"].as_u64(), region["endColumn"].as_u64()),
        (Some(3), Some(81))
    );
    let message = conflict["message"]["text"].as_str().unwrap_or("");
    assert!(
        message.contains("Alexandria")
            && message.contains("Cairo (000, 001, 002)")
            && message.contains("Sharm el-Sheikh (003, 004)"),
        "{message}"
    );
    let related = conflict["relatedLocations"].as_array().expect("related");
    assert!(
        related
            .iter()
            .any(|l| l["physicalLocation"]["artifactLocation"]["uri"]
                == "seeds/003_7b46891325f9c359.txt")
    );
    // The rule of every result is one the driver lists, at its index.
    let rules = run0["tool"]["driver"]["rules"].as_array().expect("rules");
    for r in results {
        let index = r["ruleIndex"].as_u64().expect("an index") as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
    }
}
