//! `crosscheck test`: the rule pack's own examples, with warnings from the rule
//! checks; text for people, JUnit XML for CI.

use std::io::Write;

use super::{CmdResult, PackArgs, Settings, TestArgs, TestFormat, exit, load_pack};
use crate::ruletest::junit::to_junit;
use crate::ruletest::lint::lint;
use crate::ruletest::{Verdict, explain, run_examples};

pub(crate) fn run(
    args: &TestArgs,
    settings: &Settings,
    out: &mut dyn Write,
    _err: &mut dyn Write,
) -> CmdResult {
    let pack = load_pack(&PackArgs {
        rules: args.rules.clone(),
        add_rules: None,
    })?;
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
    let passed = count(Verdict::Pass) + count(Verdict::Fixed);
    let todo = count(Verdict::Todo);
    let todo = if todo > 0 {
        format!(", {todo} todo")
    } else {
        String::new()
    };
    writeln!(out, "{passed} passed, {failed} failed{todo}")?;
    Ok(if failed == 0 {
        exit::OK
    } else {
        exit::FINDINGS
    })
}
