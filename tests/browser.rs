//! The HTML report in a real browser: headless Chromium (Debian's `chromium`),
//! driven by playwright-core (tests/browser/check.mjs), checks the rendered page,
//! not the HTML string. `scripts/test.sh` (the README's test command) installs
//! Chromium, Node and playwright-core when they are missing; without them the test
//! fails with instructions. Built with CROSSCHECK_SKIP_BROWSER set, the test is
//! ignored (see build.rs): `cargo test` reports it as ignored, never as passed.

mod common;

use common::{Corpus, code, run};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> PathBuf {
    std::env::var_os("CROSSCHECK_CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

/// The browser tools, or why they are missing.
fn tools() -> Result<PathBuf, String> {
    let dir = common::root().join("tests/browser");
    if !chromium().exists() {
        return Err(format!(
            "{} not found (apt-get install chromium)",
            chromium().display()
        ));
    }
    if !dir.join("node_modules/playwright-core").exists() {
        return Err("playwright-core not installed (npm ci --prefix tests/browser)".into());
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Err("node not found".into());
    }
    Ok(dir)
}

fn html_report(args: &[&str], path: &Path) {
    let mut all = args.to_vec();
    let out = path.display().to_string();
    all.extend(["--format", "html", "-o", &out]);
    let result = run(&all);
    assert!(code(&result) <= 1, "{}", common::stderr(&result));
    assert!(path.exists());
}

fn count(v: &Value, key: &str) -> u64 {
    v[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{key} is not a count in {v}"))
}

#[test]
#[cfg_attr(
    skip_browser,
    ignore = "CROSSCHECK_SKIP_BROWSER was set at build time; scripts/test.sh runs it"
)]
fn the_html_report_works_in_headless_chromium() {
    let dir = tools().unwrap_or_else(|why| {
        panic!(
            "the browser test cannot run: {why}; scripts/test.sh installs what it needs \
             (or build with CROSSCHECK_SKIP_BROWSER=1 to mark it ignored)"
        )
    });
    let artifacts = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser");
    std::fs::create_dir_all(&artifacts).expect("an artifacts folder");
    let seed = artifacts.join("seed-report.html");
    html_report(&["check", "seeds/"], &seed);

    // Articles that try to inject markup, in their text, in a quote and in a file name.
    let hostile = Corpus::new()
        .file(
            "a.txt",
            "Talks were held in Cairo. <script>window.__pwned=1</script> At least 10 people have been killed.\n“<script>window.__pwned=3</script> we will not go,” the minister said.\n",
        )
        .file(
            "b\"><img src=x onerror=alert(1)>.txt",
            "Talks were held in Doha. \"><img src=x onerror=\"window.__pwned=2\"> At least 30 people have been killed.\n",
        );
    let hostile_html = artifacts.join("hostile-report.html");
    html_report(
        &["check", &hostile.path().display().to_string()],
        &hostile_html,
    );

    let screenshot = artifacts.join("seed-report.png");
    let out = Command::new("node")
        .arg("check.mjs")
        .args([&seed, &hostile_html, &screenshot])
        .current_dir(&dir)
        .env("CROSSCHECK_CHROMIUM", chromium())
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "check.mjs failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen: Value = serde_json::from_slice(&out.stdout).expect("check.mjs writes JSON");

    // The findings are there, with the counts the JSON report gives.
    let json: Value = serde_json::from_slice(&run(&["check", "seeds/", "--format", "json"]).stdout)
        .expect("JSON");
    let summary = &json["summary"];
    for (kind, field) in [
        ("conflict", "conflicts"),
        ("attribution", "attributions"),
        ("drift", "drifts"),
        ("variant", "variants"),
        ("compatible", "compatible"),
        ("agree", "agreements"),
    ] {
        assert_eq!(
            count(&seen["headerCounts"], kind),
            count(summary, field),
            "header count of {kind}"
        );
        assert_eq!(
            count(&seen["cardCounts"], kind),
            count(summary, field),
            "visible cards of {kind}"
        );
    }

    // The card of the venue shows every value the reports give it (Cairo against
    // Sharm el-Sheikh, and Egypt, which fits both), its sentences highlighted, and
    // the picture of its conflict.
    let venue = &seen["venueCard"];
    assert_eq!(venue["visible"], true);
    assert_eq!(
        venue["sides"],
        serde_json::json!(["Cairo", "Egypt", "Sharm el-Sheikh"])
    );
    assert!(
        venue["marks"]
            .as_array()
            .is_some_and(|m| m.iter().any(|w| w == "talks in Sharm el-Sheikh"))
    );
    assert_eq!(venue["picture"], true);

    // Filters hide and show cards.
    let agree = count(summary, "agreements");
    assert_eq!(count(&seen, "agreeAfterUncheck"), 0);
    assert_eq!(
        count(&seen, "shownWithoutAgree"),
        count(&seen, "shownAtStart") - agree
    );
    assert_eq!(count(&seen, "agreeAfterRecheck"), agree);
    let only003 = seen["only003"].as_array().expect("a list");
    assert!(!only003.is_empty());
    assert!(only003.iter().all(|ids| {
        ids.as_array()
            .is_some_and(|a| a.iter().any(|id| id == "003"))
    }));
    let with003 = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| {
            f["sides"].as_array().is_some_and(|s| {
                s.iter().any(|side| {
                    side["sources"]
                        .as_array()
                        .is_some_and(|a| a.iter().any(|id| id == "003"))
                })
            })
        })
        .count();
    assert_eq!(only003.len(), with003);
    assert_eq!(seen["sourceArticlesShown"], serde_json::json!(["003"]));

    // Highlights link to their findings, and findings back to the highlights.
    let ids = seen["findingIds"].as_array().expect("ids");
    let targets = seen["claimTargets"].as_array().expect("targets");
    assert!(
        seen["sourceLinks"]
            .as_array()
            .is_some_and(|l| !l.is_empty() && l.iter().all(|x| ids.contains(x)))
    );
    assert!(
        seen["claimLinks"]
            .as_array()
            .is_some_and(|l| !l.is_empty() && l.iter().all(|x| targets.contains(x)))
    );
    for fate in [
        "fate-conflict",
        "fate-drift",
        "fate-attribution",
        "fate-agree",
    ] {
        assert!(
            seen["fates"]
                .as_array()
                .is_some_and(|f| f.iter().any(|x| x == fate)),
            "no {fate} highlight"
        );
    }

    // No network request, no JavaScript error, readable on a phone.
    assert_eq!(
        seen["seen"]["requests"],
        serde_json::json!([]),
        "the page made network requests"
    );
    assert_eq!(
        seen["seen"]["errors"],
        serde_json::json!([]),
        "the page logged errors"
    );
    assert!(
        seen["phoneOverflow"].as_i64().is_some_and(|w| w <= 0),
        "wider than a phone: {}",
        seen["phoneOverflow"]
    );

    // Hostile markup shows as text and runs nothing.
    let h = &seen["hostile"];
    assert_eq!(h["pwned"], Value::Null, "an injected script ran");
    assert_eq!(h["injectedImages"], 0);
    assert_eq!(h["injectedScripts"], 1, "only the report's own script");
    assert_eq!(h["textShowsScript"], true);
    assert_eq!(h["textShowsImg"], true);
    assert_eq!(h["seen"]["dialogs"], serde_json::json!([]));
    assert_eq!(h["seen"]["requests"], serde_json::json!([]));

    // The screenshot stays as a test artifact.
    assert!(
        std::fs::metadata(&screenshot).is_ok_and(|m| m.len() > 10_000),
        "no screenshot at {}",
        screenshot.display()
    );
}
