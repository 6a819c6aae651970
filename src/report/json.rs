//! The JSON report: a versioned contract, documented in `docs/output.md`. The wire
//! types here are separate from the domain types, so the pipeline can change without
//! changing what scripts read; `deny_unknown_fields` lets tests pin the shape.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::{self, Write};

use super::spill::Spill;
use super::{Report, Stream, Summary};
use crate::align::{Finding, Side, WordDiff};
use crate::extract::{Claim, Slots};
use crate::review::{Item, Review};
use crate::source::SourceStatus;
use crate::value::Value;

/// Bumped when a field is removed or changes meaning; adding fields does not bump it.
pub const SCHEMA_VERSION: u32 = 5;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonReport {
    pub schema_version: u32,
    pub tool: JsonTool,
    pub summary: JsonSummary,
    pub sources: Vec<SourceStatus>,
    pub findings: Vec<JsonFinding>,
    /// A draft reviewed against references (`check --against`); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<JsonReview>,
}

/// The review of a draft against references: what the text report shows, as data.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonReview {
    /// Ids of the draft's reports.
    pub draft: Vec<String>,
    /// Ids of the reference reports.
    pub references: Vec<String>,
    /// Where the draft disagrees with the references.
    pub problems: Vec<JsonItem>,
    /// Where references back the draft's values, or fit them.
    pub agreements: Vec<JsonItem>,
    /// The draft's claims no reference speaks to.
    pub unsupported: Vec<JsonClaim>,
    /// Whether the references were compared with each other (`--also-references`).
    pub also_references: bool,
    /// Indices into `findings` of the findings among the references alone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reference_findings: Vec<usize>,
}

/// One value of the draft and what the references say to it.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonItem {
    /// `conflict`, `attribution`, `drift`, `outdated`, `ahead`, `variant` (problems);
    /// `agree`, `fits` (agreements).
    pub kind: String,
    /// `error`, `warning` or `note`, as in the SARIF output.
    pub level: String,
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story: Option<String>,
    /// The draft's value (for attribution, the speaker the draft names).
    pub value: String,
    /// The draft's claims of it.
    pub draft_claims: Vec<JsonClaim>,
    /// References that give the draft's value too.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub backing: Vec<String>,
    /// How many of them are independent (copies of one text once).
    pub independent_references: usize,
    /// What the references say: the sides they give (the later figure, for
    /// `outdated`; the draft's value as they give it, for `agree`).
    pub references: Vec<JsonSide>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// For drift: the first reference's words (`old`) against the draft's (`new`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diff: Option<Vec<WordDiff>>,
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
    pub updates: usize,
    pub attributions: usize,
    pub drifts: usize,
    pub variants: usize,
    pub compatible: usize,
    pub agreements: usize,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonFinding {
    /// `conflict`, `update`, `attribution`, `drift`, `variant`, `compatible` or
    /// `agree`.
    pub kind: String,
    pub key: String,
    /// The measure the claims state ("dead"); absent for quotes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
    /// What a reader should know to weigh the finding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The story, when the manifest gives stories.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story: Option<String>,
    /// What its claims are about besides the measure (subject, group, place, event,
    /// source): its first claim's; a claim whose own differ says so.
    #[serde(default, skip_serializing_if = "Slots::is_empty")]
    pub slots: Slots,
    /// Every value of the key, most reports first.
    pub sides: Vec<JsonSide>,
    /// What the sides say to each other, most serious first; the finding's `kind`
    /// is the first part's.
    pub parts: Vec<JsonPart>,
    /// The side most reports give (an index into `sides`), when one does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub majority: Option<usize>,
    /// The sides of the earliest and of the latest report, when dates tell them
    /// apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_reported: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_reported: Option<usize>,
    /// Sides of a conflict that few reports give against one most give.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outliers: Vec<usize>,
    /// For drift: the word-level difference between the first two sides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diff: Option<Vec<WordDiff>>,
}

/// Some sides of a finding and what they say to each other.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonPart {
    pub kind: String,
    /// Indices into the finding's `sides`.
    pub sides: Vec<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonSide {
    /// The value as people read it.
    pub value: String,
    /// The typed value, its first claim's (a claim whose own differs says so).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typed: Option<Value>,
    /// Ids of the sources behind this side.
    pub sources: Vec<String>,
    /// How many independent sources back it, when some of its sources copy another
    /// report's text (absent when every source is independent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub independent_sources: Option<usize>,
    /// The earliest date its claims stand at (YYYY-MM-DD), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// Who gives the side's figure, as the claims say.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cited: Vec<String>,
    /// How many claims back it.
    pub claim_count: usize,
    /// The claims of its first three texts (the reports that copy one text, as
    /// `copy_of` in `sources` says, count as one; all of them when it has three or
    /// fewer).
    pub claims: Vec<JsonClaim>,
}

/// A claim as the report shows it. Its file is its source's `path` in `sources`.
/// Within a side, what it shares with its finding and its side is said once there:
/// `slots`, `display` and `value` are given only where the claim's own differ.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonClaim {
    pub source: String,
    pub rule: String,
    /// The claim's words as they stand in the file.
    pub text: String,
    pub line: usize,
    pub column: usize,
    /// Byte offsets in the file.
    pub start: usize,
    pub end: usize,
    pub sentence: String,
    /// The claim's slots (subject, group, place, event, source); in a side, absent
    /// when they are its finding's `slots`, elsewhere absent when it has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slots: Option<Slots>,
    /// The day the claim's figure stands at, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// This claim's own value, as people read it; in a side, absent when it is the
    /// side's `value`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
    /// The typed value; in a side, absent when it is the side's `typed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
}

impl From<&Claim> for JsonClaim {
    /// A claim on its own (a draft's, in a review): every field given.
    fn from(c: &Claim) -> Self {
        JsonClaim {
            slots: (!c.slots.is_empty()).then(|| c.slots.clone()),
            display: Some(c.display.clone()),
            value: Some(c.value.clone()),
            ..JsonClaim::located(c)
        }
    }
}

impl JsonClaim {
    /// Where the claim stands and what it says, without its slots and value.
    fn located(c: &Claim) -> Self {
        JsonClaim {
            source: c.source.to_string(),
            rule: c.rule.to_string(),
            text: c.text.clone(),
            line: c.line,
            column: c.column,
            start: c.start,
            end: c.end,
            sentence: c.sentence.to_string(),
            slots: None,
            as_of: c.as_of.as_deref().map(str::to_string),
            display: None,
            value: None,
        }
    }

    /// A claim of `side` in a finding whose slots are `slots`: only what differs
    /// from them is given.
    fn within(c: &Claim, slots: &Slots, side: &Side, typed: Option<&Value>) -> Self {
        JsonClaim {
            slots: (c.slots != *slots).then(|| c.slots.clone()),
            display: (c.display != side.value).then(|| c.display.clone()),
            value: (Some(&c.value) != typed).then(|| c.value.clone()),
            ..JsonClaim::located(c)
        }
    }
}

/// The slots a finding's claims share: its first shown claim's.
fn finding_slots(sides: &[Side]) -> Slots {
    sides
        .iter()
        .flat_map(|s| &s.claims)
        .next()
        .map(|c| c.slots.clone())
        .unwrap_or_default()
}

impl From<&Finding> for JsonFinding {
    fn from(f: &Finding) -> Self {
        let slots = finding_slots(&f.sides);
        JsonFinding {
            kind: f.kind.as_str().to_string(),
            key: f.key.clone(),
            measure: f
                .sides
                .iter()
                .flat_map(|s| &s.claims)
                .next()
                .filter(|c| c.kind != crate::value::ClaimKind::Quote)
                .map(|c| c.measure.to_string()),
            note: f.note().map(str::to_string),
            story: f.story.clone(),
            diff: f.diff.clone(),
            parts: f
                .parts
                .iter()
                .map(|p| JsonPart {
                    kind: p.kind.as_str().to_string(),
                    sides: p.sides.clone(),
                    note: p.note.clone(),
                })
                .collect(),
            majority: f.majority(),
            first_reported: f.first_and_latest().map(|(first, _)| first),
            latest_reported: f.first_and_latest().map(|(_, latest)| latest),
            outliers: f.outliers(),
            sides: f
                .sides
                .iter()
                .map(|s| JsonSide::within(s, &slots))
                .collect(),
            slots,
        }
    }
}

impl JsonSide {
    /// A side of a finding whose claims' slots are `slots`.
    fn within(s: &Side, slots: &Slots) -> Self {
        let typed = s.claims.first().map(|c| &c.value);
        JsonSide {
            value: s.value.clone(),
            typed: typed.cloned(),
            sources: s.sources.clone(),
            independent_sources: (s.independent() < s.sources.len()).then(|| s.independent()),
            as_of: s.as_of().map(str::to_string),
            cited: s.cited().into_iter().map(str::to_string).collect(),
            claim_count: s.claim_count,
            claims: s
                .claims
                .iter()
                .map(|c| JsonClaim::within(c, slots, s, typed))
                .collect(),
        }
    }
}

impl From<&Item> for JsonItem {
    fn from(i: &Item) -> Self {
        JsonItem {
            kind: i.kind.as_str().to_string(),
            level: i.kind.level().to_string(),
            key: i.key.clone(),
            story: i.story.clone(),
            value: i.value.clone(),
            draft_claims: i.draft_claims.iter().map(JsonClaim::from).collect(),
            backing: i.backing.clone(),
            independent_references: i.independent,
            references: {
                let slots = finding_slots(&i.references);
                i.references
                    .iter()
                    .map(|s| JsonSide::within(s, &slots))
                    .collect()
            },
            note: i.note.clone(),
            diff: i.diff.clone(),
        }
    }
}

/// The wire form of a review; `findings` are the report's, in which the
/// references' own findings come last.
fn review_wire(review: &Review, findings: usize) -> JsonReview {
    let own = review.reference_findings.len();
    JsonReview {
        draft: review.draft_sources.clone(),
        references: review.reference_sources.clone(),
        problems: review.problems.iter().map(JsonItem::from).collect(),
        agreements: review.agreements.iter().map(JsonItem::from).collect(),
        unsupported: review.unsupported.iter().map(JsonClaim::from).collect(),
        also_references: review.also_references,
        reference_findings: (findings.saturating_sub(own)..findings).collect(),
    }
}

impl JsonFinding {
    /// Each part as a finding of its own holding only the part's sides, as
    /// findings were before they were per key (schema 3).
    pub fn split(&self) -> Vec<JsonFinding> {
        self.parts
            .iter()
            .map(|p| JsonFinding {
                kind: p.kind.clone(),
                key: self.key.clone(),
                measure: self.measure.clone(),
                note: p.note.clone(),
                story: self.story.clone(),
                slots: self.slots.clone(),
                sides: p
                    .sides
                    .iter()
                    .filter_map(|&i| self.sides.get(i).cloned())
                    .collect(),
                parts: vec![JsonPart {
                    kind: p.kind.clone(),
                    sides: (0..p.sides.len()).collect(),
                    note: p.note.clone(),
                }],
                majority: None,
                first_reported: None,
                latest_reported: None,
                outliers: Vec::new(),
                diff: self.diff.clone().filter(|_| p.kind == "drift"),
            })
            .collect()
    }
}

impl From<&Summary> for JsonSummary {
    fn from(s: &Summary) -> Self {
        JsonSummary {
            sources_checked: s.checked,
            sources_skipped: s.skipped,
            sources_failed: s.errors,
            claims: s.claims,
            conflicts: s.conflicts,
            updates: s.updates,
            attributions: s.attributions,
            drifts: s.drifts,
            variants: s.variants,
            compatible: s.compatible,
            agreements: s.agreements,
        }
    }
}

impl JsonTool {
    /// This build of crosscheck.
    fn this() -> Self {
        JsonTool {
            name: env!("CARGO_PKG_NAME").to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

/// The JSON report written as findings come: a corpus of stories is aligned chunk by
/// chunk, and its findings never all sit in memory. Same schema as [`write`]; the
/// findings come before the sources and the summary. Nothing is written before the
/// first findings (or the end): a run that finds no report at all leaves its output
/// empty, not half a document.
pub struct JsonStream<'w> {
    out: &'w mut dyn Write,
    /// Whether the opening (version, tool, `"findings": [`) is written.
    begun: bool,
    /// Counts of what was written so far.
    summary: Summary,
    /// The `sources` rows, already serialized, a line each: they are written after
    /// the findings, and are set aside (in a temporary file past a few megabytes),
    /// not held, so that a run's memory does not grow with its number of files.
    rows: Spill,
    /// Each row's id, in order (for `copy_of`, known only once every finding is
    /// written).
    ids: Vec<Box<str>>,
    /// Each report that copies another's text, with the report that stands for
    /// both, as the findings' sides say: the rows give it as `copy_of`.
    copy_of: HashMap<String, String>,
    /// The review of a draft, already serialized, written before the summary.
    review: Option<String>,
}

impl<'w> JsonStream<'w> {
    pub fn begin(out: &'w mut dyn Write) -> io::Result<Self> {
        Ok(JsonStream {
            out,
            begun: false,
            summary: Summary::default(),
            rows: Spill::default(),
            ids: Vec::new(),
            copy_of: HashMap::new(),
            review: None,
        })
    }

    /// Records the review of a draft (`check --against`).
    pub fn review(&mut self, review: &JsonReview) -> io::Result<()> {
        self.review = Some(serde_json::to_string(review).map_err(io_error)?);
        Ok(())
    }

    /// Writes the opening, once.
    fn open(&mut self) -> io::Result<()> {
        if self.begun {
            return Ok(());
        }
        self.begun = true;
        write!(
            self.out,
            "{{\n  \"schema_version\": {SCHEMA_VERSION},\n  \"tool\": {},\n  \"findings\": [",
            serde_json::to_string(&JsonTool::this()).map_err(io::Error::other)?
        )
    }
}

impl Stream for JsonStream<'_> {
    fn findings(&mut self, findings: &[Finding]) -> io::Result<()> {
        if !findings.is_empty() {
            self.open()?;
        }
        // Each finding is laid out on its own (side by side, as `check` extracts the
        // next chunk meanwhile), then written in order.
        let rows: Vec<Vec<u8>> = findings
            .par_iter()
            .map(|f| serde_json::to_vec(&JsonFinding::from(f)))
            .collect::<Result<_, _>>()
            .map_err(io_error)?;
        for (f, row) in findings.iter().zip(rows) {
            let sep = if self.summary.findings() == 0 {
                ""
            } else {
                ","
            };
            write!(self.out, "{sep}\n    ")?;
            self.out.write_all(&row)?;
            self.summary.count_finding(f.kind);
            for side in &f.sides {
                for (copy, first) in &side.copies {
                    if !self.copy_of.contains_key(copy) {
                        self.copy_of.insert(copy.clone(), first.clone());
                    }
                }
            }
        }
        Ok(())
    }

    /// Records one input's status for the `sources` array.
    fn source(&mut self, status: &SourceStatus) -> io::Result<()> {
        self.summary.count_source(status.status);
        // Compact JSON holds no line break (one in a string is escaped).
        serde_json::to_writer(&mut self.rows, status).map_err(io_error)?;
        self.rows.write_all(b"\n")?;
        self.ids.push(status.id.as_str().into());
        Ok(())
    }

    fn summary(&self) -> &Summary {
        &self.summary
    }

    fn end(&mut self, claims: usize) -> io::Result<()> {
        self.summary.claims = claims;
        self.open()?;
        write!(self.out, "\n  ],\n  \"sources\": [")?;
        let rows = std::mem::take(&mut self.rows).into_reader()?;
        for (i, (id, row)) in self.ids.iter().zip(io::BufRead::lines(rows)).enumerate() {
            let row = row?;
            let sep = if i == 0 { "" } else { "," };
            match self.copy_of.get(&**id) {
                // The row is an object: `copy_of` goes before its closing brace.
                Some(first) if row.ends_with('}') => {
                    let first = serde_json::to_string(first).map_err(io_error)?;
                    let open = &row[..row.len() - 1];
                    write!(self.out, "{sep}\n    {open},\"copy_of\":{first}}}")?;
                }
                _ => write!(self.out, "{sep}\n    {row}")?,
            }
        }
        write!(self.out, "\n  ],")?;
        if let Some(review) = &self.review {
            write!(self.out, "\n  \"review\": {review},")?;
        }
        write!(self.out, "\n  \"summary\": ")?;
        serde_json::to_writer(&mut *self.out, &JsonSummary::from(&self.summary))
            .map_err(io_error)?;
        writeln!(self.out, "\n}}")
    }
}

fn io_error(e: serde_json::Error) -> io::Error {
    match e.io_error_kind() {
        Some(kind) => io::Error::new(kind, e),
        None => io::Error::other(e),
    }
}

/// The whole report, in the layout [`JsonStream`] writes.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    // One layout for every JSON report: a finding or a source a line, as `check`
    // streams it, whether or not the findings were all in memory.
    let mut stream = JsonStream::begin(out)?;
    stream.findings(&report.findings)?;
    for source in &report.sources {
        stream.source(source)?;
    }
    if let Some(review) = &report.review {
        stream.review(&review_wire(review, report.findings.len()))?;
    }
    stream.end(report.claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_of_many_files_sets_its_source_rows_aside_and_writes_them_all_in_order() {
        let n = 50_000;
        let sources: Vec<SourceStatus> = (0..n)
            .map(|i| {
                serde_json::from_value(serde_json::json!({
                    "id": format!("r{i:06}"),
                    "path": format!("corpus/{:04}/r{i:06}.txt", i / 1000),
                    "status": "checked",
                    "outlet": "An outlet with a name long enough to fill the row",
                }))
                .unwrap()
            })
            .collect();
        let report = Report {
            sources,
            ..Default::default()
        };
        let mut out = Vec::new();
        write(&report, &mut out).unwrap();
        // More rows than a spill keeps in memory: they went through its file.
        assert!(out.len() > Spill::IN_MEMORY);
        let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let rows = doc["sources"].as_array().unwrap();
        assert_eq!(rows.len(), n);
        for (i, row) in rows.iter().enumerate() {
            assert_eq!(row["id"], format!("r{i:06}"));
            assert_eq!(row["status"], "checked");
        }
        assert_eq!(doc["summary"]["sources_checked"], n);
    }
}
