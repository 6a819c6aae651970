//! The alignment graph in Graphviz DOT: for each key a cluster with one node per
//! side (its value and how many claims back it), edges between sides styled by the
//! finding (conflict, attribution, drift, variant, compatible), a side that several
//! reports agree on drawn green, and an edge from every source to each side it
//! supports. `dot -Tsvg report.dot > report.svg` draws it. `check` writes it as
//! findings come (see [`DotStream`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::io::{self, Write};

use rayon::prelude::*;

use super::spill::Spill;
use super::{Report, Stream, Summary};
use crate::align::{Finding, FindingKind};
use crate::source::{SourceStatus, Status};

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
    // One drawing for every graph, as `check` streams it.
    let mut stream = DotStream::begin(out);
    stream.findings(&report.findings)?;
    for source in &report.sources {
        stream.source(source)?;
    }
    stream.end(report.claims)
}

/// The graph written as findings come: each chunk's clusters are drawn and kept
/// aside (see [`Spill`]) until the end, when the graph's title (its counts), the
/// clusters and a node per checked source are written. Findings of one key are
/// always in one chunk (a chunk holds whole stories), so a key is one cluster.
pub struct DotStream<'w> {
    out: &'w mut dyn Write,
    summary: Summary,
    clusters: Spill,
    sources: Spill,
}

impl<'w> DotStream<'w> {
    /// Nothing is written to `out` before [`Stream::end`].
    pub fn begin(out: &'w mut dyn Write) -> Self {
        DotStream {
            out,
            summary: Summary::default(),
            clusters: Spill::default(),
            sources: Spill::default(),
        }
    }
}

impl Stream for DotStream<'_> {
    /// Draws a chunk's findings, a cluster per key in the order keys first come.
    fn findings(&mut self, findings: &[Finding]) -> io::Result<()> {
        let mut keys: Vec<(String, Vec<&Finding>)> = Vec::new();
        let mut at: HashMap<String, usize> = HashMap::new();
        for f in findings {
            self.summary.count_finding(f.kind);
            let title = f.title();
            let i = *at.entry(title.clone()).or_insert_with(|| {
                keys.push((title, Vec::new()));
                keys.len() - 1
            });
            keys[i].1.push(f);
        }
        let first = self.summary.findings() - findings.len();
        let drawn: Vec<String> = keys
            .par_iter()
            .enumerate()
            .map(|(i, (title, group))| {
                let mut dot = String::new();
                cluster(first + i, title, group, &mut dot);
                dot
            })
            .collect();
        drawn
            .iter()
            .try_for_each(|d| self.clusters.write_all(d.as_bytes()))
    }

    /// A checked source's node.
    fn source(&mut self, src: &SourceStatus) -> io::Result<()> {
        self.summary.count_source(src.status);
        if src.status != Status::Checked {
            return Ok(());
        }
        let label = match &src.published {
            Some(d) => format!("{}\n{d}", src.id),
            None => src.id.clone(),
        };
        writeln!(
            self.sources,
            "  {} [shape=box, style=\"rounded,filled\", fillcolor=\"#eceff1\", label={}];",
            quote(&format!("source:{}", src.id)),
            quote(&label)
        )
    }

    fn summary(&self) -> &Summary {
        &self.summary
    }

    /// Writes the graph: its attributes, the clusters, the sources' nodes
    /// (Graphviz gives a node met first in an edge its later statement's
    /// attributes).
    fn end(&mut self, claims: usize) -> io::Result<()> {
        self.summary.claims = claims;
        let s = &self.summary;
        let title = format!(
            "crosscheck: {} sources, {} conflicts, {} attributions, {} drifts, {} variants",
            s.checked, s.conflicts, s.attributions, s.drifts, s.variants
        );
        let mut dot = String::new();
        let _ = writeln!(dot, "graph crosscheck {{");
        let _ = writeln!(
            dot,
            "  graph [rankdir=LR, fontname=\"Helvetica\", labelloc=t, label={}];",
            quote(&title)
        );
        let _ = writeln!(dot, "  node [fontname=\"Helvetica\", fontsize=11];");
        let _ = writeln!(dot, "  edge [fontname=\"Helvetica\", fontsize=9];");
        self.out.write_all(dot.as_bytes())?;
        std::mem::take(&mut self.clusters).copy_to(self.out)?;
        std::mem::take(&mut self.sources).copy_to(self.out)?;
        writeln!(self.out, "}}")
    }
}

/// The findings of one key (`title`) as cluster `k`: each part of a finding drawn
/// as the finding it was before findings were per key (its sides and the edges
/// between them), one node per value, and an edge from each source to the sides it
/// supports.
fn cluster(k: usize, key: &str, findings: &[&Finding], dot: &mut String) {
    let parts: Vec<Finding> = findings.iter().flat_map(|f| f.split()).collect();
    // value → (node id, claims, sources, agreed by several reports)
    let mut sides: BTreeMap<&str, (String, usize, BTreeSet<&str>, bool)> = BTreeMap::new();
    for f in &parts {
        for side in &f.sides {
            let n = sides.len();
            let entry = sides
                .entry(side.value.as_str())
                .or_insert_with(|| (format!("k{k}s{n}"), 0, BTreeSet::new(), false));
            entry.1 = entry.1.max(side.claim_count);
            entry.2.extend(side.sources.iter().map(String::as_str));
            entry.3 |= f.kind == FindingKind::Agree;
        }
    }
    let worst = parts
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
    for f in parts.iter().filter(|f| f.sides.len() >= 2) {
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
