//! `crosscheck rules`: the pack at a glance, and one rule explained.

use std::io::Write;

use super::inputs::report_inputs;
use super::{CmdResult, RulesAction, RulesArgs, Settings, exit, load_pack};
use crate::pipeline;
use crate::report::text::location;
use crate::rules::Pack;
use crate::rules::prefilter::DIGIT;

pub(crate) fn run(
    args: &RulesArgs,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> CmdResult {
    let start = match &args.action {
        Some(RulesAction::Explain {
            corpus: Some(c), ..
        }) => c.clone(),
        _ => std::path::PathBuf::from("."),
    };
    let pack = load_pack(&args.pack, &start, settings, err)?;
    match &args.action {
        None | Some(RulesAction::List) => list(&pack, settings, out),
        Some(RulesAction::Explain { id, corpus }) => {
            explain(&pack, id, corpus.as_deref(), settings, out, err)
        }
        Some(RulesAction::Macro { name }) => match pack.macros.get(name) {
            Some(body) => {
                // As crosscheck compiles it: with ASCII word boundaries.
                writeln!(
                    out,
                    "{}",
                    crate::rules::compile::ascii_word_boundaries(body)
                )?;
                Ok(exit::OK)
            }
            None => {
                let hint = crate::rules::compile::closest(name, pack.macros.keys())
                    .map_or_else(String::new, |b| format!("\n  help: did you mean `{b}`?"));
                Err(format!("no macro `{name}` in the pack{hint}").into())
            }
        },
    }
}

fn list(pack: &Pack, settings: &Settings, out: &mut dyn Write) -> CmdResult {
    let p = &settings.stdout;
    let width = pack.rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut file = "";
    for rule in &pack.rules {
        if rule.file != file {
            file = &rule.file;
            writeln!(out, "{h}{file}{h:#}", h = p.heading)?;
        }
        writeln!(
            out,
            "  {:<width$}  {:<9} {:>2}+ {:>2}-  {}",
            rule.id,
            rule.kind.to_string(),
            rule.examples.len(),
            rule.counter_examples.len(),
            rule.description
        )?;
    }
    let (patterns, anchored) = pack.pattern_counts();
    writeln!(
        out,
        "{} rules, {patterns} patterns ({anchored} run only where their anchor words occur)",
        pack.rules.len()
    )?;
    for (id, by) in &pack.disabled {
        writeln!(out, "disabled: {id} (by `{by}`)")?;
    }
    Ok(exit::OK)
}

fn explain(
    pack: &Pack,
    id: &str,
    corpus: Option<&std::path::Path>,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> CmdResult {
    let p = &settings.stdout;
    let Some((index, rule)) = pack.rules.iter().enumerate().find(|(_, r)| &*r.id == id) else {
        let ids: Vec<String> = pack.rules.iter().map(|r| r.id.to_string()).collect();
        let hint = crate::rules::compile::closest(id, ids.iter())
            .map_or_else(String::new, |b| format!("\n  help: did you mean `{b}`?"));
        return Err(format!("no rule `{id}` in the pack{hint}").into());
    };
    writeln!(
        out,
        "{h}{}{h:#} ({}) — {}:{}",
        rule.id,
        rule.kind,
        rule.file,
        rule.line,
        h = p.heading
    )?;
    writeln!(out, "  {}", rule.description)?;
    match &rule.measure {
        Some(m) => writeln!(out, "  measure: {m}")?,
        None => writeln!(out, "  measure: named by the `trigger` capture")?,
    }
    for (name, template) in &rule.slots {
        writeln!(out, "  slot {name}: {}", template.source)?;
    }
    writeln!(out, "  priority: {}", rule.priority)?;
    if let Some(w) = rule.hedge_width {
        writeln!(out, "  hedge width: {w}")?;
    }
    // The anchor that stands for any digit is shown in words.
    let words = |set: &[String]| {
        set.iter()
            .map(|w| if w == DIGIT { "a digit" } else { w.as_str() })
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (i, source) in rule.pattern_sources.iter().enumerate() {
        writeln!(out, "  pattern {}: {source}", i + 1)?;
        writeln!(
            out,
            "    with the pack's macros: {}",
            pack.readable_pattern(source)
        )?;
        match pack.anchors(index, i) {
            [] => writeln!(out, "    tried on every text (no anchor word)")?,
            [set] => writeln!(out, "    tried on sentences containing: {}", words(set))?,
            sets => {
                writeln!(out, "    tried on sentences containing each of:")?;
                for set in sets {
                    writeln!(out, "      one of: {}", words(set))?;
                }
            }
        }
    }
    writeln!(
        out,
        "  (built-in macros such as {{{{place}}}} and {{{{person}}}} stand for the vocabularies)"
    )?;
    for ex in &rule.examples {
        writeln!(
            out,
            "  example: {}\n    → {} = {}",
            ex.text, ex.key, ex.value
        )?;
    }
    for ex in &rule.counter_examples {
        writeln!(out, "  counter-example: {}", ex.text)?;
    }
    let mut code = exit::OK;
    if let Some(dir) = corpus {
        let extraction = pipeline::extract_all(pack, &[dir.to_path_buf()])?;
        // As `check`: a corpus that is not there, or holds no report, is an error.
        if report_inputs(&extraction.sources, &settings.stderr, err) {
            code = exit::ERROR;
        }
        if !extraction
            .sources
            .iter()
            .any(|s| s.status == crate::source::Status::Checked)
        {
            return Err(super::CliError::NoReports(vec![dir.to_path_buf()]));
        }
        let fired: Vec<_> = extraction
            .claims
            .iter()
            .filter(|c| c.rule == rule.id)
            .collect();
        writeln!(out, "  fires {} time(s) on {}:", fired.len(), dir.display())?;
        for c in fired {
            writeln!(
                out,
                "    {}  {} = {}  «{}»",
                location(c),
                c.key,
                c.display,
                c.text.replace('\n', " ")
            )?;
        }
    }
    Ok(code)
}
