//! A corpus split into shards, as a run across processes or machines splits it:
//! each shard is a manifest listing files that lie anywhere (`extract --manifest`),
//! its claims are extracted alone, and `align` over all the shards' claims must
//! find exactly what one `check` of the whole corpus finds.

mod common;

use common::{Corpus, code, run, seed_reports, stderr};
use crosscheck::extract::Claim;
use crosscheck::extract::columns::ClaimsReader;
use serde_json::Value;

/// The seed reports in two folders, and two shard manifests in a third folder that
/// list them by relative and by absolute path, with the seeds' own ids and date.
fn sharded() -> Corpus {
    let mut corpus = Corpus::new();
    for (i, (name, text)) in seed_reports().into_iter().enumerate() {
        let folder = if i < 3 { "a" } else { "b" };
        corpus = corpus.file(&format!("{folder}/{name}"), text);
    }
    let names: Vec<String> = seed_reports().into_iter().map(|(n, _)| n).collect();
    let entry = |i: usize, file: String| {
        let date = if i == 0 {
            ", published: 2025-10-05"
        } else {
            ""
        };
        format!("  - {{file: \"{file}\", id: \"{i:03}\"{date}}}\n")
    };
    let one: String = (0..3)
        .map(|i| entry(i, format!("../a/{}", names[i])))
        .collect();
    let absolute = corpus.path().join("b");
    let two: String = (3..5)
        .map(|i| entry(i, absolute.join(&names[i]).display().to_string()))
        .collect();
    corpus
        .file("shards/one.yaml", format!("sources:\n{one}"))
        .file(
            "shards/two.yaml",
            format!("sources:\n{two}  - {{file: ../b/lost.txt, id: lost}}\n"),
        )
}

/// The findings of a JSON report, without the claims' paths (the shards read the
/// same texts from other folders).
fn findings(report: &[u8]) -> Vec<Value> {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(map) => {
                map.remove("path");
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut doc: Value = serde_json::from_slice(report).expect("a JSON report");
    let mut found = doc["findings"].take();
    strip(&mut found);
    found.as_array().cloned().expect("a list of findings")
}

#[test]
fn shards_extracted_alone_and_aligned_together_find_what_one_check_finds() {
    let corpus = sharded();
    let one = run(&["extract", "--manifest", &corpus.join("shards/one.yaml")]);
    assert_eq!(code(&one), 0, "{}", stderr(&one));
    let two = run(&["extract", "--manifest", &corpus.join("shards/two.yaml")]);
    // A file a manifest lists but that is not there is an input in error; the
    // others are read.
    assert_eq!(code(&two), 2, "{}", stderr(&two));
    assert!(
        stderr(&two).contains("lost.txt: listed in") && stderr(&two).contains("but not found"),
        "{}",
        stderr(&two)
    );
    // Each claim carries the id the shard's manifest gives its file.
    let ids = |out: &std::process::Output| -> std::collections::BTreeSet<String> {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).expect("a claim")["source"].to_string())
            .collect()
    };
    assert_eq!(ids(&one).len(), 3);
    assert_eq!(
        ids(&two).into_iter().collect::<Vec<_>>(),
        ["\"003\"", "\"004\""]
    );
    let claims = corpus.path().join("claims.jsonl");
    std::fs::write(&claims, [one.stdout, two.stdout].concat()).expect("write claims");
    let aligned = run(&["align", "--format", "json", &claims.display().to_string()]);
    let whole = run(&["check", "--format", "json", "seeds"]);
    let (aligned, whole) = (findings(&aligned.stdout), findings(&whole.stdout));
    assert!(whole.len() > 10, "{}", whole.len());
    assert_eq!(aligned, whole);
}

#[test]
fn shards_as_arrow_files_find_what_their_json_lines_find() {
    let corpus = sharded();
    let shard = |name: &str, format: &str| {
        let out = run(&[
            "extract",
            "--format",
            format,
            "--manifest",
            &corpus.join(&format!("shards/{name}.yaml")),
        ]);
        let path = corpus.path().join(format!("{name}.{format}"));
        std::fs::write(&path, &out.stdout).expect("write claims");
        path.display().to_string()
    };
    let (one_lines, two_lines) = (shard("one", "jsonl"), shard("two", "jsonl"));
    let (one_arrow, two_arrow) = (shard("one", "arrow"), shard("two", "arrow"));

    // The Arrow file holds the very claims the JSON Lines hold, in the same order.
    for (lines, arrow) in [(&one_lines, &one_arrow), (&two_lines, &two_arrow)] {
        let from_lines: Vec<Claim> = std::fs::read_to_string(lines)
            .expect("the JSON Lines")
            .lines()
            .map(|l| serde_json::from_str(l).expect("a claim"))
            .collect();
        let file = std::fs::read(arrow).expect("the Arrow file");
        let from_arrow: Vec<Claim> = ClaimsReader::new(file)
            .expect("an Arrow claims file")
            .map(|c| c.expect("a claim").0)
            .collect();
        assert!(from_lines.len() >= 20, "{}", from_lines.len());
        assert_eq!(from_arrow, from_lines);
        // Smaller (repeated ids, paths and sentences are compressed), even for a
        // shard of two reports, whose schema and footer weigh most.
        let size = |p: &str| std::fs::metadata(p).expect("a file").len();
        assert!(
            size(arrow) < size(lines),
            "{} vs {}",
            size(arrow),
            size(lines)
        );
    }

    // `align` takes either, and both at once.
    let align = |files: &[&str]| {
        let mut args = vec!["align", "--format", "json"];
        args.extend(files);
        findings(&run(&args).stdout)
    };
    let whole = findings(&run(&["check", "--format", "json", "seeds"]).stdout);
    assert_eq!(align(&[&one_arrow, &two_arrow]), whole);
    assert_eq!(align(&[&one_lines, &two_arrow]), whole);
}

#[test]
fn a_cut_arrow_file_is_an_error_that_names_it() {
    let corpus = sharded();
    let out = run(&[
        "extract",
        "--format",
        "arrow",
        "--manifest",
        &corpus.join("shards/one.yaml"),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // Cut short, as a copy interrupted halfway leaves it.
    let cut = corpus.path().join("cut.arrow");
    std::fs::write(&cut, &out.stdout[..out.stdout.len() / 2]).expect("write");
    let aligned = run(&["align", &cut.display().to_string()]);
    assert_eq!(code(&aligned), 2);
    let message = stderr(&aligned);
    assert!(
        message.contains("cut.arrow") && message.contains("extract --format arrow"),
        "{message}"
    );
}

/// The generator's program (`examples/gen-corpus.rs`), which `cargo test` builds
/// beside the test binaries.
fn generator() -> std::path::PathBuf {
    let exe = std::env::current_exe().expect("the test binary");
    let dir = exe.parent().and_then(|d| d.parent()).expect("target/debug");
    let path = dir
        .join("examples")
        .join(format!("gen-corpus{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.is_file(),
        "{} is missing: `cargo test` builds it (`cargo build --example gen-corpus`)",
        path.display()
    );
    path
}

/// What a finding says, without the claims it shows or its copies (`align` has
/// claims, not texts, so it cannot tell copies of one text apart): its kind, key,
/// story, and each side's value with every report behind it.
fn substance(report: &[u8]) -> Vec<Value> {
    let doc: Value = serde_json::from_slice(report).expect("a JSON report");
    let findings = doc["findings"].as_array().expect("findings");
    findings
        .iter()
        .map(|f| {
            let sides: Vec<Value> = f["sides"]
                .as_array()
                .expect("sides")
                .iter()
                .map(|s| serde_json::json!([s["value"], s["sources"]]))
                .collect();
            serde_json::json!([f["kind"], f["key"], f["story"], sides])
        })
        .collect()
}

#[test]
fn a_generated_corpus_in_three_shards_finds_what_one_check_finds() {
    let corpus = Corpus::new();
    let generated = corpus.path().join("gen");
    let made = std::process::Command::new(generator())
        .args([
            &generated.display().to_string(),
            "--bytes",
            "150KB",
            "--seed",
            "7",
        ])
        .output()
        .expect("the generator runs");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    // Its manifest's entries dealt round-robin into three shard manifests, so each
    // story's reports are spread over the shards.
    let manifest = std::fs::read_to_string(generated.join("sources.yaml")).expect("a manifest");
    let entries: Vec<&str> = manifest.lines().filter(|l| l.starts_with("  - ")).collect();
    assert!(entries.len() >= 25, "{}", entries.len());
    std::fs::create_dir_all(corpus.path().join("shards")).expect("a folder");
    let mut claims = Vec::new();
    for k in 0..3 {
        let listed: String = entries
            .iter()
            .skip(k)
            .step_by(3)
            .map(|e| format!("{}\n", e.replace("{file: ", "{file: ../gen/")))
            .collect();
        let shard = corpus.path().join(format!("shards/{k}.yaml"));
        std::fs::write(&shard, format!("sources:\n{listed}")).expect("a shard");
        // Two shards as Arrow files, one as JSON Lines.
        let format = if k == 2 { "jsonl" } else { "arrow" };
        let out = run(&[
            "extract",
            "--format",
            format,
            "--manifest",
            &shard.display().to_string(),
        ]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let path = corpus.path().join(format!("{k}.{format}"));
        std::fs::write(&path, &out.stdout).expect("write claims");
        claims.push(path.display().to_string());
    }
    let mut args = vec!["align", "--format", "json"];
    args.extend(claims.iter().map(String::as_str));
    let aligned = substance(&run(&args).stdout);
    let whole = substance(
        &run(&[
            "check",
            "--format",
            "json",
            &generated.display().to_string(),
        ])
        .stdout,
    );
    assert!(whole.len() >= 20, "{}", whole.len());
    // `align` aligns its claims a bucket of stories at a time, `check` a chunk of
    // files: the findings are the same, in the order of their buckets or chunks.
    let sorted = |mut findings: Vec<Value>| {
        findings.sort_by_cached_key(Value::to_string);
        findings
    };
    assert_eq!(sorted(aligned), sorted(whole));
}
