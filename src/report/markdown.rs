//! The Markdown report: a summary table, then each finding with its sides, the
//! quoted sentences with the claimed words in bold, and `file:line:col` references,
//! for pasting into a ticket or a review.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::Report;
use super::text::{excerpt_parts, location, shorten};
use crate::align::{Finding, FindingKind, WordDiff};
use crate::source::Status;

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
    let s = report.summary();
    let mut doc = String::new();
    let _ = writeln!(doc, "# crosscheck report\n");
    let _ = writeln!(doc, "{} sources checked · {} claims\n", s.checked, s.claims);
    let _ = writeln!(doc, "| finding | count |\n|---|---:|");
    for (kind, title, _) in SECTIONS {
        let n = report.findings.iter().filter(|f| f.kind == *kind).count();
        let _ = writeln!(doc, "| {} | {n} |", title.to_lowercase());
    }
    for (kind, title, explanation) in SECTIONS {
        let findings: Vec<&Finding> = report.findings.iter().filter(|f| f.kind == *kind).collect();
        if findings.is_empty() {
            continue;
        }
        let _ = writeln!(doc, "\n## {title}\n\n_{explanation}_");
        for f in findings {
            finding(f, &mut doc);
        }
    }
    let _ = writeln!(
        doc,
        "\n## Sources\n\n| id | file | outlet | title | published | claims | status |\n|---|---|---|---|---|---:|---|"
    );
    for src in &report.sources {
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
    out.write_all(doc.as_bytes())
}

fn finding(f: &Finding, doc: &mut String) {
    let _ = writeln!(doc, "\n### {}\n", md(&f.title()));
    if let Some(note) = f.note() {
        let _ = writeln!(doc, "_{}_\n", md(note));
    }
    if f.parts.len() > 1 {
        for part in &f.parts {
            let values: Vec<&str> = part
                .sides
                .iter()
                .map(|&i| f.sides[i].value.as_str())
                .collect();
            let joint = match part.kind {
                FindingKind::Conflict => " against ",
                FindingKind::Update => " → ",
                _ => " · ",
            };
            let _ = writeln!(doc, "- {}: {}", part.kind.as_str(), md(&values.join(joint)));
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
            let quoted = match excerpt_parts(c) {
                Some((before, words, after)) => {
                    format!("{}**{}**{}", md(&before), md(&words), md(&after))
                }
                None => format!("**{}**", md(&c.text)),
            };
            let _ = writeln!(doc, "- `{}` — {quoted}", location(c).replace('`', "'"));
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
