//! The Markdown report: a summary table, then each finding with its sides, the
//! quoted sentences with the claimed words in bold, and `file:line:col` references,
//! for pasting into a ticket or a review.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::sections::{Layout, SectionStream};
use super::text::{excerpt_parts, location, shorten};
use super::{Report, Stream, Summary};
use crate::align::{Finding, FindingKind, WordDiff};
use crate::extract::Claim;
use crate::review::{Item, Review};
use crate::source::{SourceStatus, Status};

/// Text with Markdown's markup characters escaped.
pub fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

const SECTIONS: &[(FindingKind, &str, &str)] = &[
    (
        FindingKind::Conflict,
        "Conflicts",
        "the reports cannot all be right",
    ),
    (
        FindingKind::Update,
        "Updates",
        "a figure that moved between reports of different dates, oldest first",
    ),
    (
        FindingKind::Attribution,
        "Attributions",
        "the same words, given to different speakers",
    ),
    (
        FindingKind::Drift,
        "Drift",
        "one speaker's words, quoted differently",
    ),
    (
        FindingKind::Variant,
        "Variants",
        "one name, spelled differently",
    ),
    (
        FindingKind::Compatible,
        "Compatible",
        "different values that can both be true",
    ),
    (
        FindingKind::Agree,
        "Agreements",
        "the same value in two or more reports",
    ),
];

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    if let Some(review) = &report.review {
        return write_review(report, review, out);
    }
    // One layout for every Markdown report, as `check` streams it.
    let mut stream = SectionStream::begin(MarkdownLayout, out);
    stream.findings(&report.findings)?;
    for source in &report.sources {
        stream.source(source)?;
    }
    stream.end(report.claims)
}

/// The Markdown report's layout (see [`SectionStream`]).
pub struct MarkdownLayout;

impl Layout for MarkdownLayout {
    fn head(&self, s: &Summary, out: &mut dyn Write) -> io::Result<()> {
        let mut doc = String::new();
        let _ = writeln!(doc, "# crosscheck report\n");
        let _ = writeln!(doc, "{} sources checked · {} claims\n", s.checked, s.claims);
        let _ = writeln!(doc, "| finding | count |\n|---|---:|");
        for (kind, title, _) in SECTIONS {
            let _ = writeln!(doc, "| {} | {} |", title.to_lowercase(), s.of_kind(*kind));
        }
        out.write_all(doc.as_bytes())
    }

    fn section(&self, kind: FindingKind, out: &mut dyn Write) -> io::Result<()> {
        let mut doc = String::new();
        section_heading(kind, "##", &mut doc);
        out.write_all(doc.as_bytes())
    }

    fn finding(&self, f: &Finding, out: &mut dyn Write) -> io::Result<()> {
        let mut doc = String::new();
        finding(f, "###", &mut doc);
        out.write_all(doc.as_bytes())
    }

    fn sources(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut doc = String::new();
        sources_heading(&mut doc);
        out.write_all(doc.as_bytes())
    }

    fn source(&self, status: &SourceStatus, out: &mut dyn Write) -> io::Result<()> {
        let mut doc = String::new();
        source_row(status, &mut doc);
        out.write_all(doc.as_bytes())
    }
}

/// Each kind of finding under its heading (`level`: `##` or deeper).
fn sections(findings: &[Finding], level: &str, doc: &mut String) {
    for (kind, _, _) in SECTIONS {
        let findings: Vec<&Finding> = findings.iter().filter(|f| f.kind == *kind).collect();
        if findings.is_empty() {
            continue;
        }
        section_heading(*kind, level, doc);
        for f in findings {
            finding(f, &format!("{level}#"), doc);
        }
    }
}

/// A kind's heading and what it means.
fn section_heading(kind: FindingKind, level: &str, doc: &mut String) {
    if let Some((_, title, explanation)) = SECTIONS.iter().find(|(k, _, _)| *k == kind) {
        let _ = writeln!(doc, "\n{level} {title}\n\n_{explanation}_");
    }
}

/// The table of sources.
fn sources(report: &Report, doc: &mut String) {
    sources_heading(doc);
    for src in &report.sources {
        source_row(src, doc);
    }
}

fn sources_heading(doc: &mut String) {
    let _ = writeln!(
        doc,
        "\n## Sources\n\n| id | file | outlet | title | published | claims | status |\n|---|---|---|---|---|---:|---|"
    );
}

/// One input's row of the table of sources.
fn source_row(src: &SourceStatus, doc: &mut String) {
    let status = match src.status {
        Status::Checked => "checked".to_string(),
        _ => format!(
            "{}: {}",
            src.status_word(),
            md(src.reason.as_deref().unwrap_or(""))
        ),
    };
    let _ = writeln!(
        doc,
        "| {} | `{}` | {} | {} | {} | {} | {status} |",
        md(&src.id),
        src.path.replace('`', "'"),
        md(src.outlet_shown().as_deref().unwrap_or("—")),
        md(src.title_shown().as_deref().unwrap_or("—")),
        src.published_shown().as_deref().unwrap_or("unknown"),
        src.claims
    );
}

fn finding(f: &Finding, level: &str, doc: &mut String) {
    let _ = writeln!(doc, "\n{level} {}\n", md(&f.title()));
    if let Some(note) = f.note() {
        let _ = writeln!(doc, "_{}_\n", md(note));
    }
    if f.parts.len() > 1 {
        for part in &f.parts {
            let _ = writeln!(
                doc,
                "- {}: {}",
                part.kind.as_str(),
                md(&f.part_values(part))
            );
        }
        doc.push('\n');
    }
    let majority = f.majority();
    let outliers = f.outliers();
    for (i, side) in f.sides.iter().enumerate() {
        let mut tags = String::new();
        if majority == Some(i) {
            tags.push_str(" (most reports)");
        }
        if outliers.contains(&i) {
            tags.push_str(" (outlier)");
        }
        let _ = writeln!(
            doc,
            "**{}**{tags} — {}\n",
            md(&side.value),
            md(&side.sources_label())
        );
        for c in &side.claims {
            let _ = writeln!(doc, "{}", claim_line(c));
        }
        if side.unshown() > 0 {
            let _ = writeln!(
                doc,
                "- … and {} more claims from the other reports listed",
                side.unshown()
            );
        }
        doc.push('\n');
    }
    if let Some(diff) = &f.diff {
        let _ = writeln!(doc, "Word diff: {}", diff_md(diff));
    }
}

/// A claim as a list item: `` `file:line:col` `` and its sentence, the claimed
/// words in bold.
fn claim_line(c: &Claim) -> String {
    let quoted = match excerpt_parts(c) {
        Some((before, words, after)) => {
            format!("{}**{}**{}", md(&before), md(&words), md(&after))
        }
        None => format!("**{}**", md(&c.text)),
    };
    format!("- `{}` — {quoted}", location(c).replace('`', "'"))
}

/// The Markdown report of a draft reviewed against references: the problems (the
/// draft's claims first, then the references'), the unsupported claims, the
/// agreements, and with `--also-references` the references' own findings.
fn write_review(report: &Report, review: &Review, out: &mut dyn Write) -> io::Result<()> {
    let mut doc = String::new();
    let _ = writeln!(doc, "# crosscheck review of the draft\n");
    let _ = writeln!(
        doc,
        "Draft: {} · references: {}\n",
        md(&review.draft_sources.join(", ")),
        md(&crate::align::listed(&review.reference_sources))
    );
    let _ = writeln!(doc, "| | count |\n|---|---:|");
    let _ = writeln!(doc, "| problems | {} |", review.problems.len());
    let _ = writeln!(doc, "| unsupported | {} |", review.unsupported.len());
    let _ = writeln!(doc, "| agreements | {} |", review.agreements.len());
    if !review.problems.is_empty() {
        let _ = writeln!(doc, "\n## Problems\n\n_where the references say otherwise_");
        for item in &review.problems {
            review_item(item, &mut doc);
        }
    }
    if !review.unsupported.is_empty() {
        let _ = writeln!(
            doc,
            "\n## Unsupported\n\n_claims of the draft no reference states_\n"
        );
        for c in &review.unsupported {
            let _ = writeln!(
                doc,
                "{} ({}: {})",
                claim_line(c),
                md(&c.key),
                md(&c.display)
            );
        }
    }
    if !review.agreements.is_empty() {
        let _ = writeln!(doc, "\n## Agreements\n\n_what the references back_");
        for item in &review.agreements {
            review_item(item, &mut doc);
        }
    }
    if review.also_references {
        let _ = writeln!(
            doc,
            "\n## Among the references\n\n_findings the draft takes no part in_"
        );
        if review.reference_findings.is_empty() {
            let _ = writeln!(doc, "\nNone.");
        }
        sections(&review.reference_findings, "###", &mut doc);
    }
    sources(report, &mut doc);
    out.write_all(doc.as_bytes())
}

fn review_item(item: &Item, doc: &mut String) {
    let _ = writeln!(doc, "\n### {}: {}\n", item.kind.as_str(), md(&item.key));
    let _ = writeln!(doc, "The draft: **{}**\n", md(&item.value));
    for c in &item.draft_claims {
        let _ = writeln!(doc, "{}", claim_line(c));
    }
    doc.push('\n');
    if !item.backing.is_empty() {
        let _ = writeln!(doc, "Also given by {}\n", md(&item.backing_line()));
    }
    if let Some(note) = &item.note {
        let _ = writeln!(doc, "_{}_\n", md(note));
    }
    for side in &item.references {
        let _ = writeln!(
            doc,
            "**{}** — {}\n",
            md(&side.value),
            md(&side.sources_label())
        );
        for c in &side.claims {
            let _ = writeln!(doc, "{}", claim_line(c));
        }
        doc.push('\n');
    }
    if let Some(diff) = &item.diff {
        let _ = writeln!(doc, "Word diff (reference → draft): {}", diff_md(diff));
    }
}

fn diff_md(diff: &[WordDiff]) -> String {
    let last = diff.len().saturating_sub(1);
    diff.iter()
        .enumerate()
        .map(|(i, d)| match d.op.as_str() {
            "equal" => md(&shorten(&d.old, i == 0, i == last)),
            "delete" => format!("~~{}~~", md(&d.old)),
            "insert" => format!("**{}**", md(&d.new)),
            _ => format!("~~{}~~ **{}**", md(&d.old), md(&d.new)),
        })
        .collect::<Vec<_>>()
        .join(" ")
}
