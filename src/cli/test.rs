//! `crosscheck test`: the rule pack's own examples, with warnings from the rule
//! checks; with `--corpus`, the corpus's claim snapshot and gold scores too. Text for
//! people, JUnit XML for CI.

use std::io::Write;
use std::path::Path;

use super::{CmdResult, Settings, TestArgs, TestFormat, exit, load_pack};
use crate::pipeline;
use crate::report::Palette;
use crate::report::text::location;
use crate::rules::Pack;
use crate::ruletest::corpus::{
    GOLD_NAME, Gold, SNAPSHOT_NAME, Score, Scores, compare_snapshots, drops, read_gold, score,
    snapshot,
};
use crate::ruletest::junit::to_junit;
use crate::ruletest::lint::lint;
use crate::ruletest::{Verdict, explain, run_examples};

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
    let pack = load_pack(&pack_args, &start, settings, err)?;
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

/// Snapshot and gold checks of one corpus; true when they pass.
fn test_corpus(
    pack: &Pack,
    dir: &Path,
    args: &TestArgs,
    p: &Palette,
    out: &mut dyn Write,
) -> Result<bool, super::CliError> {
    let extraction =
        pipeline::extract_all(pack, &[dir.to_path_buf()]).map_err(|e| e.to_string())?;
    let claims = extraction.claims.clone();
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
            ok = false;
        }
    }

    // The gold file.
    let gold_path = dir.join(GOLD_NAME);
    if !gold_path.exists() {
        writeln!(out, "gold {}: none", gold_path.display())?;
        return Ok(ok);
    }
    let gold = read_gold(&gold_path)?;
    let graded = score(&gold, &report.findings, &claims);
    write_scores(
        &gold_path,
        &gold,
        report.findings.len(),
        &graded.scores,
        p,
        out,
    )?;
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
                g.key,
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
            let f = &report.findings[i];
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
    if let Some(base) = &args.baseline {
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
    Ok(ok)
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
