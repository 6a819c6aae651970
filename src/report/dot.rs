//! The alignment graph in Graphviz DOT: for each key a cluster with one node per
//! side (its value and how many claims back it), edges between sides styled by the
//! finding (conflict, attribution, drift, variant, compatible), a side that several
//! reports agree on drawn green, and an edge from every source to each side it
//! supports. `dot -Tsvg report.dot > report.svg` draws it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::Report;
use crate::align::FindingKind;

/// A DOT string literal.
fn quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn color(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::Conflict => "#c62828",
        FindingKind::Update => "#5d4037",
        FindingKind::Attribution => "#e65100",
        FindingKind::Drift => "#6a1b9a",
        FindingKind::Variant => "#00796b",
        FindingKind::Compatible => "#1565c0",
        FindingKind::Agree => "#2e7d32",
    }
}

fn short(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(MAX).collect::<String>())
    }
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let s = report.summary();
    let mut dot = String::new();
    let title = format!(
        "crosscheck: {} sources, {} conflicts, {} attributions, {} drifts, {} variants",
        s.checked, s.conflicts, s.attributions, s.drifts, s.variants
    );
    let _ = writeln!(dot, "graph crosscheck {{");
    let _ = writeln!(
        dot,
        "  graph [rankdir=LR, fontname=\"Helvetica\", labelloc=t, label={}];",
        quote(&title)
    );
    let _ = writeln!(dot, "  node [fontname=\"Helvetica\", fontsize=11];");
    let _ = writeln!(dot, "  edge [fontname=\"Helvetica\", fontsize=9];");
    for src in report
        .sources
        .iter()
        .filter(|s| s.status == crate::source::Status::Checked)
    {
        let label = match &src.published {
            Some(d) => format!("{}\n{d}", src.id),
            None => src.id.clone(),
        };
        let _ = writeln!(
            dot,
            "  {} [shape=box, style=\"rounded,filled\", fillcolor=\"#eceff1\", label={}];",
            quote(&format!("source:{}", src.id)),
            quote(&label)
        );
    }
    // Each part of a finding drawn as the finding it was before findings were per
    // key: its sides and the edges between them.
    let split: Vec<crate::align::Finding> = report
        .findings
        .iter()
        .flat_map(crate::align::Finding::split)
        .collect();
    // Keys in the order their first finding comes; sides by value within a key.
    let mut keys: Vec<String> = Vec::new();
    for f in &split {
        let title = f.title();
        if !keys.contains(&title) {
            keys.push(title);
        }
    }
    for (k, key) in keys.iter().enumerate() {
        let findings: Vec<_> = split.iter().filter(|f| f.title() == *key).collect();
        // value → (node id, claims, sources, agreed by several reports)
        let mut sides: BTreeMap<&str, (String, usize, Vec<&str>, bool)> = BTreeMap::new();
        for f in &findings {
            for side in &f.sides {
                let n = sides.len();
                let entry = sides
                    .entry(side.value.as_str())
                    .or_insert_with(|| (format!("k{k}s{n}"), 0, Vec::new(), false));
                entry.1 = entry.1.max(side.claim_count);
                for src in &side.sources {
                    if !entry.2.contains(&src.as_str()) {
                        entry.2.push(src);
                    }
                }
                entry.3 |= f.kind == FindingKind::Agree;
            }
        }
        let worst = findings
            .iter()
            .map(|f| f.kind)
            .min()
            .unwrap_or(FindingKind::Agree);
        let _ = writeln!(dot, "  subgraph {} {{", quote(&format!("cluster_{k}")));
        let _ = writeln!(
            dot,
            "    label={}; color={}; fontcolor={};",
            quote(key),
            quote(color(worst)),
            quote(color(worst))
        );
        for (value, (id, claims, _, agreed)) in &sides {
            let border = if *agreed {
                color(FindingKind::Agree)
            } else {
                "#555555"
            };
            let label = format!(
                "{}\n{claims} claim{}",
                short(value),
                if *claims == 1 { "" } else { "s" }
            );
            let _ = writeln!(
                dot,
                "    {} [shape=ellipse, color={}, penwidth={}, label={}];",
                quote(id),
                quote(border),
                if *agreed { 2 } else { 1 },
                quote(&label)
            );
        }
        let _ = writeln!(dot, "  }}");
        for f in findings.iter().filter(|f| f.sides.len() >= 2) {
            let (style, width) = match f.kind {
                FindingKind::Conflict | FindingKind::Attribution => ("bold", 2),
                FindingKind::Compatible => ("dashed", 1),
                FindingKind::Variant => ("dotted", 1),
                _ => ("solid", 1),
            };
            for pair in f.sides.windows(2) {
                let (a, b) = (
                    &sides[pair[0].value.as_str()].0,
                    &sides[pair[1].value.as_str()].0,
                );
                let _ = writeln!(
                    dot,
                    "  {} -- {} [color={}, style={style}, penwidth={width}, label={}];",
                    quote(a),
                    quote(b),
                    quote(color(f.kind)),
                    quote(f.kind.as_str())
                );
            }
        }
        for (id, _, sources, _) in sides.values() {
            for src in sources {
                let _ = writeln!(
                    dot,
                    "  {} -- {} [color=\"#9e9e9e\"];",
                    quote(&format!("source:{src}")),
                    quote(id)
                );
            }
        }
    }
    let _ = writeln!(dot, "}}");
    out.write_all(dot.as_bytes())
}
