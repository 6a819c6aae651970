//! The JSON report: a versioned contract, documented in `docs/output.md`. The wire
//! types here are separate from the domain types, so the pipeline can change without
//! changing what scripts read; `deny_unknown_fields` lets tests pin the shape.

use serde::{Deserialize, Serialize};
use std::io::{self, Write};

use super::Report;
use crate::align::{Finding, FindingKind, WordDiff};
use crate::extract::Claim;
use crate::source::SourceStatus;
use crate::value::Value;
use std::collections::BTreeMap;

/// Bumped when a field is removed or changes meaning; adding fields does not bump it.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonReport {
    pub schema_version: u32,
    pub tool: JsonTool,
    pub summary: JsonSummary,
    pub sources: Vec<SourceStatus>,
    pub findings: Vec<JsonFinding>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonTool {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonSummary {
    pub sources_checked: usize,
    pub sources_skipped: usize,
    pub sources_failed: usize,
    pub claims: usize,
    pub conflicts: usize,
    pub attributions: usize,
    pub drifts: usize,
    pub variants: usize,
    pub compatible: usize,
    pub agreements: usize,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonFinding {
    /// `conflict`, `attribution`, `drift`, `variant`, `compatible` or `agree`.
    pub kind: String,
    pub key: String,
    /// The story, when the manifest gives stories.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story: Option<String>,
    pub sides: Vec<JsonSide>,
    /// For drift: the word-level difference between the first two sides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diff: Option<Vec<WordDiff>>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonSide {
    /// The value as people read it.
    pub value: String,
    /// Ids of the sources behind this side.
    pub sources: Vec<String>,
    pub claims: Vec<JsonClaim>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonClaim {
    pub source: String,
    pub path: String,
    pub rule: String,
    /// The claim's words as they stand in the file.
    pub text: String,
    pub line: usize,
    pub column: usize,
    /// Byte offsets in the file.
    pub start: usize,
    pub end: usize,
    pub sentence: String,
    /// This claim's own value, as people read it.
    pub display: String,
    /// The typed value.
    pub value: Value,
}

impl From<&Claim> for JsonClaim {
    fn from(c: &Claim) -> Self {
        JsonClaim {
            source: c.source.clone(),
            path: c.path.clone(),
            rule: c.rule.clone(),
            text: c.text.clone(),
            line: c.line,
            column: c.column,
            start: c.start,
            end: c.end,
            sentence: c.sentence.clone(),
            display: c.display.clone(),
            value: c.value.clone(),
        }
    }
}

impl From<&Finding> for JsonFinding {
    fn from(f: &Finding) -> Self {
        JsonFinding {
            kind: f.kind.as_str().to_string(),
            key: f.key.clone(),
            story: f.story.clone(),
            diff: f.diff.clone(),
            sides: f
                .sides
                .iter()
                .map(|s| JsonSide {
                    value: s.value.clone(),
                    sources: s.sources.clone(),
                    claims: s.claims.iter().map(JsonClaim::from).collect(),
                })
                .collect(),
        }
    }
}

/// The wire form of a report.
pub fn to_wire(report: &Report) -> JsonReport {
    let s = report.summary();
    JsonReport {
        schema_version: SCHEMA_VERSION,
        tool: JsonTool {
            name: env!("CARGO_PKG_NAME").to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        },
        summary: JsonSummary {
            sources_checked: s.checked,
            sources_skipped: s.skipped,
            sources_failed: s.errors,
            claims: s.claims,
            conflicts: s.conflicts,
            attributions: s.attributions,
            drifts: s.drifts,
            variants: s.variants,
            compatible: s.compatible,
            agreements: s.agreements,
        },
        sources: report.sources.clone(),
        findings: report.findings.iter().map(JsonFinding::from).collect(),
    }
}

/// The JSON report written as findings come: a corpus of stories is aligned chunk by
/// chunk, and its findings never all sit in memory. Same schema as [`write`]; the
/// findings come before the sources and the summary.
pub struct JsonStream<'w> {
    out: &'w mut dyn Write,
    count: BTreeMap<FindingKind, usize>,
    written: usize,
    /// The `sources` rows, already serialized: they are written after the findings,
    /// and one compact line per file is a third of the memory of a `SourceStatus`.
    sources: Vec<Box<str>>,
    checked: usize,
    skipped: usize,
    failed: usize,
}

impl<'w> JsonStream<'w> {
    pub fn begin(out: &'w mut dyn Write) -> io::Result<Self> {
        let tool = JsonTool {
            name: env!("CARGO_PKG_NAME").to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        };
        write!(
            out,
            "{{\n  \"schema_version\": {SCHEMA_VERSION},\n  \"tool\": {},\n  \"findings\": [",
            serde_json::to_string(&tool).map_err(io::Error::other)?
        )?;
        Ok(JsonStream {
            out,
            count: BTreeMap::new(),
            written: 0,
            sources: Vec::new(),
            checked: 0,
            skipped: 0,
            failed: 0,
        })
    }

    pub fn findings(&mut self, findings: &[Finding]) -> io::Result<()> {
        for f in findings {
            let sep = if self.written == 0 { "" } else { "," };
            write!(self.out, "{sep}\n    ")?;
            serde_json::to_writer(&mut *self.out, &JsonFinding::from(f)).map_err(io_error)?;
            *self.count.entry(f.kind).or_default() += 1;
            self.written += 1;
        }
        Ok(())
    }

    /// Records one input's status for the `sources` array.
    pub fn source(&mut self, status: &SourceStatus) -> io::Result<()> {
        match status.status {
            crate::source::Status::Checked => self.checked += 1,
            crate::source::Status::Skipped => self.skipped += 1,
            crate::source::Status::Error => self.failed += 1,
        }
        let row = serde_json::to_string(status).map_err(io_error)?;
        self.sources.push(row.into_boxed_str());
        Ok(())
    }

    /// Reports checked so far.
    pub fn checked(&self) -> usize {
        self.checked
    }

    pub fn end(self, claims: usize) -> io::Result<()> {
        let n = |k: FindingKind| self.count.get(&k).copied().unwrap_or(0);
        let summary = JsonSummary {
            sources_checked: self.checked,
            sources_skipped: self.skipped,
            sources_failed: self.failed,
            claims,
            conflicts: n(FindingKind::Conflict),
            attributions: n(FindingKind::Attribution),
            drifts: n(FindingKind::Drift),
            variants: n(FindingKind::Variant),
            compatible: n(FindingKind::Compatible),
            agreements: n(FindingKind::Agree),
        };
        write!(self.out, "\n  ],\n  \"sources\": [")?;
        for (i, row) in self.sources.iter().enumerate() {
            let sep = if i == 0 { "" } else { "," };
            write!(self.out, "{sep}\n    {row}")?;
        }
        write!(self.out, "\n  ],\n  \"summary\": ")?;
        serde_json::to_writer(&mut *self.out, &summary).map_err(io_error)?;
        writeln!(self.out, "\n}}")
    }

    /// The summary counts so far: (conflicts and attributions, drifts).
    pub fn contradictions(&self) -> (usize, usize) {
        let n = |k: FindingKind| self.count.get(&k).copied().unwrap_or(0);
        (
            n(FindingKind::Conflict) + n(FindingKind::Attribution),
            n(FindingKind::Drift),
        )
    }
}

fn io_error(e: serde_json::Error) -> io::Error {
    match e.io_error_kind() {
        Some(kind) => io::Error::new(kind, e),
        None => io::Error::other(e),
    }
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &to_wire(report)).map_err(|e| {
        match e.io_error_kind() {
            // Keep the kind, so a closed pipe is still recognized as one.
            Some(kind) => io::Error::new(kind, e),
            None => io::Error::other(e),
        }
    })?;
    writeln!(out)
}
