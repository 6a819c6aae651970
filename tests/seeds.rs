//! The acceptance list: `check seeds/` against ../shared/seeds/FINDINGS.md, read
//! through the JSON contract. Quote rows come with the quotes issue; every
//! conflict, agreement and compatible row about quantities, dates, durations,
//! places and roles is checked here.

mod common;

use common::{code, run, run_in, seeds, stdout};
use crosscheck::report::json::{JsonFinding, JsonReport, JsonSide};

fn report() -> JsonReport {
    let out = run(&["check", "seeds/", "--format", "json"]);
    assert_eq!(
        code(&out),
        1,
        "conflicts exist, so the exit code is 1:\n{}",
        common::stderr(&out)
    );
    let r: JsonReport =
        serde_json::from_slice(&out.stdout).expect("the JSON report matches the documented schema");
    common::by_part(r)
}

fn findings<'a>(r: &'a JsonReport, kind: &str, key: &str) -> Vec<&'a JsonFinding> {
    r.findings
        .iter()
        .filter(|f| f.kind == kind && f.key == key)
        .collect()
}

fn side<'a>(f: &'a JsonFinding, value: &str) -> &'a JsonSide {
    f.sides
        .iter()
        .find(|s| s.value == value)
        .unwrap_or_else(|| {
            panic!(
                "no side {value:?} in {} {:?}",
                f.key,
                f.sides.iter().map(|s| &s.value).collect::<Vec<_>>()
            )
        })
}

/// Every quote is the sentence (or words) of a claim on this side, from that source.
fn backed_by(side: &JsonSide, quotes: &[(&str, &str)]) {
    for (source, quote) in quotes {
        assert!(
            side.claims
                .iter()
                .any(|c| c.source == *source
                    && (c.sentence.contains(quote) || quote.contains(&c.text))),
            "side {:?} has no claim from {source} at {quote:?}",
            side.value
        );
    }
}

fn the_conflict<'a>(r: &'a JsonReport, key: &str) -> &'a JsonFinding {
    let found = findings(r, "conflict", key);
    assert_eq!(found.len(), 1, "expected one conflict on {key:?}");
    found[0]
}

#[test]
fn venue_of_the_talks_cairo_against_sharm_el_sheikh() {
    let r = report();
    let f = the_conflict(&r, "venue of the talks");
    let cairo = side(f, "Cairo");
    assert_eq!(cairo.sources, ["000", "001", "002"]);
    backed_by(
        cairo,
        &[
            ("000", "The meetings are being hosted in Cairo"),
            ("001", "As the Cairo talks continue"),
            (
                "002",
                "in Cairo to participate in high-stakes mediation efforts",
            ),
        ],
    );
    let sharm = side(f, "Sharm el-Sheikh");
    assert_eq!(sharm.sources, ["003", "004"]);
    backed_by(
        sharm,
        &[
            ("003", "leads talks in Sharm el-Sheikh"),
            (
                "004",
                "Following the conclusion of talks in Sharm el-Sheikh",
            ),
        ],
    );
}

#[test]
fn traveled_to_cairo_to_brief_is_not_a_venue() {
    let r = report();
    for f in r.findings.iter().filter(|f| f.key == "venue of the talks") {
        for s in &f.sides {
            for c in &s.claims {
                assert!(
                    !c.sentence.contains("traveled to Cairo") || !c.text.contains("Cairo"),
                    "{c:?}"
                );
            }
        }
    }
}

#[test]
fn egypt_is_compatible_with_both_cities_never_a_conflict() {
    let r = report();
    let compatible = findings(&r, "compatible", "venue of the talks");
    for city in ["Cairo", "Sharm el-Sheikh"] {
        let pair = compatible
            .iter()
            .find(|f| {
                f.sides.iter().any(|s| s.value == city)
                    && f.sides.iter().any(|s| s.value == "Egypt")
            })
            .unwrap_or_else(|| panic!("Egypt is not shown compatible with {city}"));
        let egypt = side(pair, "Egypt");
        for source in ["000", "001", "003"] {
            assert!(
                egypt.sources.iter().any(|s| s == source),
                "Egypt lacks {source}"
            );
        }
    }
    assert!(
        the_conflict(&r, "venue of the talks")
            .sides
            .iter()
            .all(|s| s.value != "Egypt")
    );
}

#[test]
fn trump_former_president_against_president() {
    let r = report();
    let f = the_conflict(&r, "title of Donald Trump");
    let former = side(f, "former President");
    assert_eq!(former.sources, ["001", "002"]);
    backed_by(
        former,
        &[
            ("001", "former President Donald Trump’s son-in-law"),
            ("002", "Former President Donald Trump, commemorating"),
        ],
    );
    let sitting = side(f, "President");
    assert_eq!(sitting.sources, ["003", "004"]);
    backed_by(
        sitting,
        &[
            ("003", "as President Trump pushes"),
            ("004", "President Trump held his final consultation"),
        ],
    );
}

#[test]
fn war_in_its_second_year_against_two_years() {
    let r = report();
    let f = the_conflict(&r, "duration of the war");
    let second = side(f, "in its 2nd year (1–2 years)");
    assert_eq!(second.sources, ["002"]);
    backed_by(second, &[("002", "which has entered its second year")]);
    let two = side(f, "2 years");
    assert_eq!(two.sources, ["001", "004"]);
    backed_by(
        two,
        &[
            ("001", "marked two years since the deadly Hamas-led attacks"),
            ("004", "a devastating two-year war"),
        ],
    );
}

#[test]
fn kushner_an_official_envoy_against_no_official_post() {
    let r = report();
    let f = the_conflict(&r, "title of Jared Kushner");
    backed_by(
        side(f, "envoy"),
        &[("000", "serving as envoys from the United States")],
    );
    backed_by(
        side(f, "no official post"),
        &[(
            "003",
            "no longer serving in an official government capacity",
        )],
    );
}

#[test]
fn the_agreements_are_agreements() {
    let r = report();
    let agree = |key: &str, value: &str, sources: &[&str]| {
        let found = findings(&r, "agree", key);
        let f = found
            .iter()
            .find(|f| f.sides[0].value == value)
            .unwrap_or_else(|| panic!("no agreement {key:?} = {value:?}; have {found:?}"));
        for s in sources {
            assert!(
                f.sides[0].sources.iter().any(|x| x == s),
                "{key} = {value} lacks {s}"
            );
        }
    };
    agree("people killed · war", "at least 67,173", &["001", "002"]);
    agree("people killed · attack", "about 1,200", &["001", "002"]);
    agree("hostages taken", "251", &["001", "002"]);
    agree("people killed · malnutrition", "460", &["001", "002"]);
    agree("people facing famine", "more than 500,000", &["001", "002"]);
    agree(
        "share of israelis who support",
        "about 70%",
        &["001", "002"],
    );
    agree("date of the attack", "7 October", &["001", "002"]);
    agree("points in the plan", "20", &["003", "004"]);
    agree("date of the arrival", "Wednesday", &["001", "002", "004"]);
    agree("date of the start of the talks", "Monday", &["001", "004"]);
}

#[test]
fn the_compatible_rows_are_compatible() {
    let r = report();
    let compatible =
        |key: &str, a: &str, b: &str| {
            let found = findings(&r, "compatible", key);
            assert!(
                found.iter().any(|f| f.sides.iter().any(|s| s.value == a)
                    && f.sides.iter().any(|s| s.value == b)),
                "{key}: {a} and {b} are not shown compatible; have {found:?}"
            );
        };
    compatible(
        "people killed · war · children",
        "more than 20,000",
        "20,179",
    );
    compatible(
        "people killed · war",
        "at least 67,173",
        "tens of thousands",
    );
    compatible("date of the attack", "October 2023", "7 October 2023");
    compatible(
        "date of the declaration of famine · Gaza City",
        "August",
        "August 2025",
    );
}

#[test]
fn only_the_listed_conflicts_are_reported() {
    let r = report();
    let mut keys: Vec<&str> = r
        .findings
        .iter()
        .filter(|f| f.kind == "conflict")
        .map(|f| f.key.as_str())
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "duration of the war",
            "title of Donald Trump",
            "title of Jared Kushner",
            "venue of the talks"
        ]
    );
}

#[test]
fn every_claim_points_at_its_words_in_the_file() {
    let r = report();
    // A claim's file is its source's.
    let path = |id: &str| {
        let source = r.sources.iter().find(|s| s.id == id);
        source.expect("the claim's source").path.clone()
    };
    for f in &r.findings {
        for s in &f.sides {
            for c in &s.claims {
                let path = path(&c.source);
                let text =
                    std::fs::read_to_string(common::root().join(&path)).expect("the claim's file");
                assert_eq!(&text[c.start..c.end], c.text, "{c:?}");
                // Spellings of names carry no sentence.
                assert!(c.sentence.is_empty() || c.sentence.contains(&c.text));
                let line = text.lines().nth(c.line - 1).expect("the claim's line");
                let col_byte = line
                    .char_indices()
                    .nth(c.column - 1)
                    .map(|(i, _)| i)
                    .expect("the column");
                assert!(
                    line[col_byte..].starts_with(&c.text),
                    "{}:{}:{} is not {:?}",
                    path,
                    c.line,
                    c.column,
                    c.text
                );
            }
        }
    }
}

#[test]
fn every_seed_is_listed_with_its_status_and_date() {
    let r = report();
    let ids: Vec<&str> = r.sources.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["000", "001", "002", "003", "004"]);
    assert_eq!(r.sources[0].published.as_deref(), Some("2025-10-05"));
    assert!(r.sources[1..].iter().all(|s| s.published.is_none()));
    assert_eq!(r.schema_version, 5);
}

#[test]
fn output_is_deterministic() {
    let a = run(&["check", "seeds/", "--format", "json"]);
    let b = run(&["check", "seeds/", "--format", "json"]);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn the_default_pack_works_from_any_folder() {
    let elsewhere = tempfile::tempdir().expect("a temporary folder");
    let out = run_in(
        Some(elsewhere.path()),
        &["check", &seeds().display().to_string()],
    );
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(text.contains("✗ venue of the talks"), "{text}");
    assert!(text.starts_with("crosscheck: 5 sources"), "{text}");
}

#[test]
fn the_text_report_marks_the_claimed_words_with_their_location() {
    let out = run(&["check", "seeds/"]);
    let text = stdout(&out);
    assert!(text.contains("seeds/003_7b46891325f9c359.txt:1:"), "{text}");
    assert!(text.contains("«talks in Sharm el-Sheikh»"), "{text}");
    assert!(!text.contains('\u{1b}'), "no color codes with NO_COLOR");
    assert!(
        text.contains("~ people killed · war · children: more than 20,000 (001) · 20,179 (002)"),
        "{text}"
    );
}

// The quote rows of FINDINGS.md: attribution, drift, name variants, and the quotes
// that agree.

fn claim_texts(f: &JsonFinding) -> Vec<(&str, &str)> {
    f.sides
        .iter()
        .flat_map(|s| &s.claims)
        .map(|c| (c.source.as_str(), c.text.as_str()))
        .collect()
}

#[test]
fn historic_opportunity_is_given_to_guterres_and_to_trump() {
    let r = report();
    let found = findings(&r, "attribution", "who said “historic opportunity”");
    assert_eq!(
        found.len(),
        1,
        "{:?}",
        r.findings
            .iter()
            .filter(|f| f.kind == "attribution")
            .collect::<Vec<_>>()
    );
    let f = found[0];
    assert_eq!(side(f, "António Guterres").sources, ["001"]);
    assert_eq!(side(f, "Donald Trump").sources, ["002"]);
    backed_by(
        side(f, "António Guterres"),
        &[("001", "seize what he described as a “historic opportunity”")],
    );
    backed_by(
        side(f, "Donald Trump"),
        &[("002", "calling the peace effort a “historic opportunity.”")],
    );
}

fn the_drift<'a>(r: &'a JsonReport, speaker: &str) -> &'a JsonFinding {
    let found = findings(r, "drift", &format!("words of {speaker}"));
    assert_eq!(found.len(), 1, "expected one drift of {speaker}");
    found[0]
}

/// The words only one side has, as the diff shows them: (deleted, inserted).
fn changes(f: &JsonFinding) -> Vec<(String, String)> {
    f.diff
        .as_ref()
        .expect("a drift has a diff")
        .iter()
        .filter(|d| d.op != "equal")
        .map(|d| (d.old.clone(), d.new.clone()))
        .collect()
}

#[test]
fn netanyahu_ensuring_became_the_assurance_that() {
    let r = report();
    let f = the_drift(&r, "Benjamin Netanyahu");
    let texts = claim_texts(f);
    assert!(texts.contains(&(
        "001",
        "the return of all the kidnapped, the elimination of the Hamas regime, and ensuring Gaza will no longer pose a threat to Israel."
    )));
    assert!(texts.contains(&(
        "002",
        "The return of all the kidnapped, the elimination of the Hamas regime, and the assurance that Gaza will no longer pose a threat to Israel."
    )));
    assert_eq!(
        changes(f),
        [("ensuring".to_string(), "the assurance that".to_string())]
    );
}

#[test]
fn trump_a_possibility_we_could_have_peace() {
    let r = report();
    let f = the_drift(&r, "Donald Trump");
    let texts = claim_texts(f);
    assert!(texts.contains(&(
        "001",
        "a possibility we could have peace in the Middle East"
    )));
    assert!(texts.contains(&(
        "002",
        "There’s a possibility that we could have peace in the Middle East,"
    )));
    assert!(changes(f).contains(&(String::new(), "that".to_string())));
}

#[test]
fn the_palestinian_official_tough_talks() {
    let r = report();
    let f = the_drift(&r, "a senior Palestinian official");
    let texts = claim_texts(f);
    assert!(texts.iter().any(|(s, t)| *s == "001"
        && t.contains("The talks are tough and haven’t yet produced any real breakthrough")));
    assert!(
        texts
            .iter()
            .any(|(s, t)| *s == "002"
                && t.contains("tough and yet to produce any real breakthrough"))
    );
    assert!(changes(f).contains(&("produced".to_string(), "to produce".to_string())));
}

#[test]
fn al_hayya_attitude_became_negotiations() {
    let r = report();
    let f = the_drift(&r, "Khalil al-Hayya");
    let changed = changes(f);
    assert_eq!(changed.len(), 1);
    assert!(
        changed[0].0.starts_with("attitude") && changed[0].1.starts_with("negotiations"),
        "{changed:?}"
    );
}

#[test]
fn quotes_that_agree_are_not_drift() {
    let r = report();
    for words in [
        "fateful days of decision",
        "real guarantees",
        "distorted and false",
    ] {
        let agreed = r.findings.iter().any(|f| {
            f.kind == "agree"
                && f.sides[0]
                    .claims
                    .iter()
                    .filter(|c| c.text.contains(words))
                    .count()
                    >= 2
        });
        assert!(agreed, "“{words}” is not shown as an agreement");
        let drifted = r
            .findings
            .iter()
            .filter(|f| matches!(f.kind.as_str(), "drift" | "attribution"))
            .flat_map(|f| f.sides.iter().flat_map(|s| &s.claims))
            .any(|c| c.text.contains(words));
        assert!(!drifted, "“{words}” is reported as drift or attribution");
    }
}

#[test]
fn spelling_variants_are_variants_never_conflicts() {
    let r = report();
    let variant = |key: &str, a: &str, b: &str| {
        let found = findings(&r, "variant", key);
        assert_eq!(found.len(), 1, "no variant for {key}");
        let values: Vec<&str> = found[0].sides.iter().map(|s| s.value.as_str()).collect();
        assert!(
            values.contains(&a) && values.contains(&b),
            "{key}: {values:?}"
        );
    };
    variant(
        "name of Mohammed bin Abdulrahman Al Thani",
        "Sheikh Mohammed bin Abdul Rahman Al Thani",
        "Sheikh Mohammed bin Abdulrahman Al Thani",
    );
    variant("name of United States", "U.S.", "US");
    variant(
        "name of Turkey intelligence chief",
        "Turkey’s intelligence chief",
        "the head of Turkish intelligence",
    );
    assert!(
        r.findings
            .iter()
            .all(|f| f.kind != "conflict" || !f.key.starts_with("name of"))
    );
}

#[test]
fn fail_on_drift_counts_drift() {
    let out = run(&["check", "seeds/", "--fail-on", "drift"]);
    assert_eq!(code(&out), 1);
}

#[test]
fn each_key_is_one_finding_holding_every_value() {
    // Read whole, not split into parts: the venue is one finding, a conflict,
    // holding Cairo, Sharm el-Sheikh and Egypt (which fits both).
    let out = run(&["check", "seeds/", "--format", "json"]);
    let r: JsonReport = serde_json::from_slice(&out.stdout).expect("a JSON report");
    let venue: Vec<&JsonFinding> = r
        .findings
        .iter()
        .filter(|f| f.key == "venue of the talks")
        .collect();
    assert_eq!(venue.len(), 1);
    let f = venue[0];
    assert_eq!(f.kind, "conflict");
    let values: Vec<&str> = f.sides.iter().map(|s| s.value.as_str()).collect();
    assert_eq!(values, ["Cairo", "Egypt", "Sharm el-Sheikh"]);
    let parts: Vec<(&str, Vec<&str>)> = f
        .parts
        .iter()
        .map(|p| {
            (
                p.kind.as_str(),
                p.sides.iter().map(|&i| values[i]).collect(),
            )
        })
        .collect();
    assert_eq!(
        parts,
        [
            ("conflict", vec!["Cairo", "Sharm el-Sheikh"]),
            ("compatible", vec!["Cairo", "Egypt"]),
            ("compatible", vec!["Egypt", "Sharm el-Sheikh"]),
            ("agree", vec!["Egypt"]),
        ]
    );
    // Every claim of a side of three reports or fewer is shown and counted.
    for side in &f.sides {
        assert_eq!(side.claims.len(), side.claim_count);
    }
    // No key is reported twice.
    let mut keys: Vec<(&Option<String>, &str)> = r
        .findings
        .iter()
        .filter(|f| f.measure.is_some())
        .map(|f| (&f.story, f.key.as_str()))
        .collect();
    keys.sort();
    let n = keys.len();
    keys.dedup();
    assert_eq!(keys.len(), n, "a key in two findings");
}
