//! `crosscheck test`: the rule pack's own examples, with warnings from the rule
//! checks; with `--corpus`, the corpus's claim snapshot and gold scores too. Text for
//! people, JUnit XML for CI.

use std::io::Write;
use std::path::Path;

use super::{CmdResult, Settings, TestArgs, TestFormat, exit, load_pack_to_extract};
use crate::align::Finding;
use crate::pipeline;
use crate::report::Palette;
use crate::report::text::location;
use crate::rules::Pack;
use crate::ruletest::claims::{
    ClaimError, ClaimReport, GOLD_CLAIMS_NAME, read_gold_claims, score_claims,
};
use crate::ruletest::corpus::{
    GOLD_NAME, Gold, SNAPSHOT_NAME, Score, Scores, compare_snapshots, drops, read_gold, score,
    snapshot,
};
use crate::ruletest::junit::to_junit;
use crate::ruletest::lint::lint;
use crate::ruletest::{Verdict, explain, run_examples};
use std::collections::BTreeMap;

pub(crate) fn run(
    args: &TestArgs,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> CmdResult {
    let mut pack_args = args.pack.clone();
    if args.rules_dir.is_some() {
        pack_args.rules = args.rules_dir.clone();
    }
    let start = args
        .corpus
        .first()
        .cloned()
        .unwrap_or_else(|| std::path::PathBuf::from("."));
    let pack = load_pack_to_extract(&pack_args, &start, settings, err)?;
    let results = run_examples(&pack);
    let count = |v: Verdict| results.iter().filter(|r| r.verdict() == v).count();
    let failed = count(Verdict::Fail);
    if args.format == TestFormat::Junit {
        writeln!(out, "{}", to_junit(&results))?;
        return Ok(if failed == 0 {
            exit::OK
        } else {
            exit::FINDINGS
        });
    }
    let p = &settings.stdout;
    for r in &results {
        let (label, style) = match r.verdict() {
            Verdict::Pass => continue,
            Verdict::Fail => ("FAIL", p.conflict),
            Verdict::Todo => ("TODO", p.compatible),
            Verdict::Fixed => ("FIXED", p.agree),
        };
        writeln!(out, "{style}{label}{style:#} {} ({})", r.rule, r.location)?;
        writeln!(out, "    text: {}", r.text)?;
        match r.verdict() {
            Verdict::Fixed => writeln!(out, "    passes now: remove its `todo`")?,
            _ => {
                for line in explain(r) {
                    writeln!(out, "    {line}")?;
                }
                if let Some(todo) = &r.todo {
                    writeln!(out, "    todo: {todo}")?;
                }
            }
        }
    }
    for warning in lint(&pack, &results) {
        writeln!(out, "{w}warning:{w:#} {warning}", w = p.compatible)?;
    }
    let mut corpus_failed = false;
    for corpus in &args.corpus {
        corpus_failed |= !test_corpus(&pack, corpus, args, p, out)?;
    }
    let passed = count(Verdict::Pass) + count(Verdict::Fixed);
    let todo = count(Verdict::Todo);
    let todo = if todo > 0 {
        format!(", {todo} todo")
    } else {
        String::new()
    };
    if !args.corpus.is_empty() {
        let verdict = if corpus_failed {
            "corpus tests failed"
        } else {
            "corpus tests passed"
        };
        writeln!(out, "{verdict}")?;
    }
    writeln!(out, "{passed} passed, {failed} failed{todo}")?;
    Ok(if failed == 0 && !corpus_failed {
        exit::OK
    } else {
        exit::FINDINGS
    })
}

/// The labelled sets of a corpus folder: the folder itself when it holds reports or
/// a manifest, else its sub-folders that hold a gold file.
fn corpus_sets(dir: &Path) -> Vec<std::path::PathBuf> {
    let is_set = |d: &Path| {
        [
            crate::source::MANIFEST_NAME,
            SNAPSHOT_NAME,
            GOLD_NAME,
            GOLD_CLAIMS_NAME,
        ]
        .iter()
        .any(|f| d.join(f).exists())
    };
    if is_set(dir) {
        return vec![dir.to_path_buf()];
    }
    let mut sets: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.is_dir() && (p.join(GOLD_CLAIMS_NAME).exists() || p.join(GOLD_NAME).exists())
                })
                .collect()
        })
        .unwrap_or_default();
    sets.sort();
    if sets.is_empty() {
        vec![dir.to_path_buf()]
    } else {
        sets
    }
}

/// The kind of event a set of the development corpus is about, from its folder name
/// (`earthquake-gansu-2023`, `rail-crash-mixed`).
fn set_kind(set: &Path) -> String {
    let name = set
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    const KINDS: &[(&str, &str)] = &[
        ("earthquake", "earthquake"),
        ("flood", "flood or storm"),
        ("storm", "flood or storm"),
        ("air-crash", "air or rail crash"),
        ("rail-crash", "air or rail crash"),
        ("crash", "air or rail crash"),
        ("war", "war or strike"),
        ("strike", "war or strike"),
        ("election", "election"),
        ("shooting", "shooting or stampede"),
        ("stampede", "shooting or stampede"),
        ("epidemic", "epidemic"),
        ("fire", "fire or explosion"),
        ("explosion", "fire or explosion"),
    ];
    KINDS
        .iter()
        .find(|(prefix, _)| name.starts_with(prefix))
        .map_or(name.clone(), |(_, kind)| (*kind).to_string())
}

/// Snapshot, gold findings and gold claims of a corpus folder: one labelled set, or
/// every set under it with the scores by kind of event; true when they pass.
fn test_corpus(
    pack: &Pack,
    dir: &Path,
    args: &TestArgs,
    p: &Palette,
    out: &mut dyn Write,
) -> Result<bool, super::CliError> {
    let sets = corpus_sets(dir);
    if sets.len() == 1 {
        return test_set(pack, &sets[0], args, args.baseline.as_deref(), p, out).map(|r| r.0);
    }
    let mut ok = true;
    let mut all: BTreeMap<String, Scores> = BTreeMap::new();
    let mut by_kind: BTreeMap<String, (ClaimCounts, ClaimCounts)> = BTreeMap::new();
    for set in &sets {
        let (passed, scores) = test_set(pack, set, args, None, p, out)?;
        ok &= passed;
        let e = by_kind.entry(set_kind(set)).or_default();
        e.0.add(scores.claims.as_ref());
        e.1.add(Some(&scores.all).filter(|s| s.tp + s.fp + s.fn_ > 0));
        all.insert(set.display().to_string(), scores);
    }
    writeln!(
        out,
        "\n{h}corpus {} by kind of event{h:#}\n  {:<24} {:>24}   {:>24}",
        dir.display(),
        "",
        "claims  P / R (tp/fp/fn)",
        "findings  P / R (tp/fp/fn)",
        h = p.heading
    )?;
    let mut total = (ClaimCounts::default(), ClaimCounts::default());
    for (kind, (claims, findings)) in &by_kind {
        writeln!(
            out,
            "  {kind:<24} {:>24}   {:>24}",
            claims.line(),
            findings.line()
        )?;
        total.0.merge(claims);
        total.1.merge(findings);
    }
    writeln!(
        out,
        "  {:<24} {:>24}   {:>24}",
        "all",
        total.0.line(),
        total.1.line()
    )?;
    if let Some(base) = &args.baseline {
        ok &= compare_baselines(base, &all, args, p, out)?;
    }
    Ok(ok)
}

/// True positives, false positives and misses added up over sets.
#[derive(Clone, Copy, Debug, Default)]
struct ClaimCounts(usize, usize, usize);

impl ClaimCounts {
    fn add(&mut self, score: Option<&Score>) {
        if let Some(s) = score {
            self.0 += s.tp;
            self.1 += s.fp;
            self.2 += s.fn_;
        }
    }

    fn merge(&mut self, other: &ClaimCounts) {
        self.0 += other.0;
        self.1 += other.1;
        self.2 += other.2;
    }

    fn line(&self) -> String {
        let s = Score::new(self.0, self.1, self.2);
        format!(
            "{:.3} / {:.3} ({}/{}/{})",
            s.precision, s.recall, s.tp, s.fp, s.fn_
        )
    }
}

/// Compares every set's scores with a baseline of all sets; true when none dropped.
fn compare_baselines(
    base: &Path,
    now: &BTreeMap<String, Scores>,
    args: &TestArgs,
    p: &Palette,
    out: &mut dyn Write,
) -> Result<bool, super::CliError> {
    let before: BTreeMap<String, Scores> = match std::fs::read_to_string(base) {
        Ok(text) => serde_json::from_str(&text)
            .map_err(|e| format!("{}: not a scores file: {e}", base.display()))?,
        Err(_) if args.update => BTreeMap::new(),
        Err(_) => {
            writeln!(
                out,
                "baseline {}: missing; create it with --update",
                base.display()
            )?;
            return Ok(false);
        }
    };
    let mut dropped = Vec::new();
    for (set, b) in &before {
        let a = now.get(set).cloned().unwrap_or_default();
        // Per set, the claims and the findings as a whole: a corpus of many small
        // sets moves by single findings, which per kind or rule would be noise.
        let whole = |s: &Scores| Scores {
            all: s.all,
            claims: s.claims,
            ..Scores::default()
        };
        for (what, measure, x, y) in drops(&whole(b), &whole(&a)) {
            dropped.push(format!("{set}: {what} {measure} {x:.3} → {y:.3}"));
        }
    }
    if dropped.is_empty() {
        writeln!(out, "baseline {}: no score dropped", base.display())?;
    } else {
        writeln!(
            out,
            "baseline {}: {} score(s) dropped",
            base.display(),
            dropped.len()
        )?;
        for d in &dropped {
            writeln!(out, "  {c}{d}{c:#}", c = p.conflict)?;
        }
    }
    if args.update && before != *now {
        let text = serde_json::to_string_pretty(now)
            .map_err(|e| super::CliError::Message(e.to_string()))?;
        write_file(base, &(text + "\n"))?;
        writeln!(out, "baseline updated")?;
    }
    Ok(dropped.is_empty() || args.update)
}

/// Snapshot, gold findings and gold claims of one labelled set: whether they pass,
/// and the scores.
fn test_set(
    pack: &Pack,
    dir: &Path,
    args: &TestArgs,
    baseline: Option<&Path>,
    p: &Palette,
    out: &mut dyn Write,
) -> Result<(bool, Scores), super::CliError> {
    let extraction =
        pipeline::extract_all_with(pack, &[dir.to_path_buf()], true).map_err(|e| e.to_string())?;
    let claims = extraction.claims.clone();
    let texts = extraction.texts.clone();
    let report = pipeline::report_from(extraction);
    writeln!(
        out,
        "\n{h}corpus {}{h:#}: {} claims, {} findings",
        dir.display(),
        claims.len(),
        report.findings.len(),
        h = p.heading
    )?;
    let mut ok = true;

    // The snapshot.
    let snap_path = dir.join(SNAPSHOT_NAME);
    let now = snapshot(&claims, dir);
    match std::fs::read_to_string(&snap_path) {
        Ok(before) => {
            let diff = compare_snapshots(&before, &now);
            if diff.is_empty() {
                writeln!(out, "snapshot {}: unchanged", snap_path.display())?;
            } else {
                writeln!(
                    out,
                    "snapshot {}: {} gained, {} lost, {} changed",
                    snap_path.display(),
                    diff.gained.len(),
                    diff.lost.len(),
                    diff.changed.len()
                )?;
                for l in &diff.lost {
                    writeln!(out, "  {c}- {l}{c:#}", c = p.conflict)?;
                }
                for l in &diff.gained {
                    writeln!(out, "  {a}+ {l}{a:#}", a = p.agree)?;
                }
                for (before, after) in &diff.changed {
                    writeln!(
                        out,
                        "  {c}~ {before}{c:#}\n  {a}→ {after}{a:#}",
                        c = p.conflict,
                        a = p.agree
                    )?;
                }
                if args.update {
                    write_file(&snap_path, &now)?;
                    writeln!(out, "snapshot updated")?;
                } else {
                    writeln!(
                        out,
                        "  if this change is intended: crosscheck test --corpus {} --update",
                        dir.display()
                    )?;
                    ok = false;
                }
            }
        }
        Err(_) if args.update => {
            write_file(&snap_path, &now)?;
            writeln!(
                out,
                "snapshot {} created ({} claims)",
                snap_path.display(),
                claims.len()
            )?;
        }
        Err(_) => {
            writeln!(
                out,
                "snapshot {}: missing; create it with crosscheck test --corpus {} --update",
                snap_path.display(),
                dir.display()
            )?;
            // A set scored by gold claims can do without a change detector.
            ok &= dir.join(GOLD_CLAIMS_NAME).exists();
        }
    }

    // The gold claims.
    let claims_path = dir.join(GOLD_CLAIMS_NAME);
    let (claim_score, unmarked) = if claims_path.exists() {
        let gold = read_gold_claims(&claims_path)?;
        let graded = score_claims(pack, &gold, &claims, &texts);
        write_claim_report(&claims_path, &graded, p, out)?;
        (Some(graded.all), gold.unmarked)
    } else {
        (None, Vec::new())
    };

    // The gold file.
    let gold_path = dir.join(GOLD_NAME);
    if !gold_path.exists() {
        writeln!(out, "gold {}: none", gold_path.display())?;
        let scores = Scores {
            claims: claim_score,
            ..Scores::default()
        };
        return Ok((ok, scores));
    }
    let gold = read_gold(&gold_path)?;
    // The gold file names findings as they were before findings were per key (a
    // conflict, its compatible pairs, an agreement): each part of a key is scored.
    let parts: Vec<Finding> = report.findings.iter().flat_map(Finding::split).collect();
    let mut graded = score(&gold, &parts, &claims, &unmarked);
    graded.scores.claims = claim_score;
    write_scores(&gold_path, &gold, parts.len(), &graded.scores, p, out)?;
    let gold_text = std::fs::read_to_string(&gold_path).unwrap_or_default();
    let finding_lines: Vec<usize> = gold_text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("- kind:"))
        .map(|(i, _)| i + 1)
        .collect();
    if !graded.missed.is_empty() {
        writeln!(out, "missed (in the gold file, not found):")?;
        for (i, why) in &graded.missed {
            let g = &gold.findings[*i];
            let values: Vec<&str> = g.sides.iter().map(|s| s.value.as_str()).collect();
            let line = finding_lines.get(*i).copied().unwrap_or(0);
            writeln!(
                out,
                "  {} · {}: {} ({}:{line}): {why}",
                g.kind,
                g.name(),
                values.join(" | "),
                gold_path.display()
            )?;
            for claim in g.sides.iter().flat_map(|s| &s.claims) {
                writeln!(out, "      {} «{}»", claim.source, claim.text)?;
            }
        }
    }
    if !graded.unexpected.is_empty() {
        writeln!(out, "unexpected (found, not in the gold file):")?;
        for &i in &graded.unexpected {
            let f = &parts[i];
            let values: Vec<&str> = f.sides.iter().map(|s| s.value.as_str()).collect();
            writeln!(
                out,
                "  {} · {}: {}",
                f.kind.as_str(),
                f.key,
                values.join(" | ")
            )?;
            for c in f.sides.iter().flat_map(|s| &s.claims) {
                writeln!(out, "      {} «{}»", location(c), c.text.replace('\n', " "))?;
            }
        }
    }

    // The baseline.
    if let Some(base) = baseline {
        match std::fs::read_to_string(base) {
            Ok(text) => {
                let before: Scores = serde_json::from_str(&text)
                    .map_err(|e| format!("{}: not a scores file: {e}", base.display()))?;
                let dropped = drops(&before, &graded.scores);
                if dropped.is_empty() {
                    writeln!(out, "baseline {}: no score dropped", base.display())?;
                } else {
                    writeln!(
                        out,
                        "baseline {}: {} score(s) dropped",
                        base.display(),
                        dropped.len()
                    )?;
                    for (what, measure, b, a) in &dropped {
                        writeln!(
                            out,
                            "  {c}{what} {measure} {b:.3} → {a:.3} ({:+.3}){c:#}",
                            a - b,
                            c = p.conflict
                        )?;
                    }
                    if !args.update {
                        ok = false;
                    }
                }
                if args.update && before != graded.scores {
                    write_file(base, &scores_json(&graded.scores)?)?;
                    writeln!(out, "baseline updated")?;
                }
            }
            Err(_) if args.update => {
                write_file(base, &scores_json(&graded.scores)?)?;
                writeln!(out, "baseline {} created", base.display())?;
            }
            Err(_) => {
                writeln!(
                    out,
                    "baseline {}: missing; create it with --update",
                    base.display()
                )?;
                ok = false;
            }
        }
    }
    Ok((ok, graded.scores))
}

/// The claim scores of a set, then every miss, false claim and misread slot.
fn write_claim_report(
    path: &Path,
    r: &ClaimReport,
    p: &Palette,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    writeln!(
        out,
        "gold claims {}: {} sentences; claims precision {:.3} recall {:.3} ({}/{}/{}); slots read right {:.3} ({}/{})",
        path.display(),
        r.sentences,
        r.all.precision,
        r.all.recall,
        r.all.tp,
        r.all.fp,
        r.all.fn_,
        r.slots.recall,
        r.slots.tp,
        r.slots.tp + r.slots.fn_,
    )?;
    for (source, text) in &r.unplaced {
        writeln!(out, "  {c}not in {source}: «{text}»{c:#}", c = p.conflict)?;
    }
    for e in &r.errors {
        match e {
            ClaimError::Missed(source, g, sentence) => writeln!(
                out,
                "  {c}missed{c:#} {} = {} ({source}: {})",
                g.measure,
                g.value,
                shorten_sentence(sentence),
                c = p.conflict
            )?,
            ClaimError::False(c) => writeln!(
                out,
                "  {x}false{x:#}  {}  {} = {} «{}»",
                location(c),
                c.key,
                c.display,
                c.text.replace('\n', " "),
                x = p.conflict
            )?,
            ClaimError::Slot(g, c, why) => writeln!(
                out,
                "  {m}slot{m:#}   {}  {} = {}: {why}",
                location(c),
                g.measure,
                g.value,
                m = p.compatible
            )?,
        }
    }
    Ok(())
}

fn shorten_sentence(s: &str) -> String {
    let flat = s.replace('\n', " ");
    if flat.chars().count() > 160 {
        format!("{}…", flat.chars().take(160).collect::<String>())
    } else {
        flat
    }
}

fn scores_json(scores: &Scores) -> Result<String, super::CliError> {
    serde_json::to_string_pretty(scores)
        .map(|s| s + "\n")
        .map_err(|e| super::CliError::Message(e.to_string()))
}

fn write_file(path: &Path, text: &str) -> Result<(), super::CliError> {
    std::fs::write(path, text)
        .map_err(|e| super::CliError::Message(format!("{}: cannot write: {e}", path.display())))
}

fn write_scores(
    path: &Path,
    gold: &Gold,
    produced: usize,
    scores: &Scores,
    p: &Palette,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    writeln!(
        out,
        "gold {}: {} expected, {produced} found, {} matched",
        path.display(),
        gold.findings.len(),
        scores.all.tp
    )?;
    writeln!(
        out,
        "  {h}{:<28} {:>9} {:>7} {:>7}  {:>10}{h:#}",
        "",
        "precision",
        "recall",
        "F1",
        "tp/fp/fn",
        h = p.heading
    )?;
    let row = |out: &mut dyn Write, name: &str, s: &Score| {
        writeln!(
            out,
            "  {:<28} {:>9.3} {:>7.3} {:>7.3}  {:>10}",
            name,
            s.precision,
            s.recall,
            s.f1,
            format!("{}/{}/{}", s.tp, s.fp, s.fn_)
        )
    };
    for (kind, s) in &scores.kinds {
        row(out, &format!("kind {kind}"), s)?;
    }
    row(out, "all findings", &scores.all)?;
    for (rule, s) in &scores.rules {
        row(out, &format!("rule {rule}"), s)?;
    }
    Ok(())
}
