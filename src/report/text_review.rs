//! The terminal report of a draft reviewed against references (`check --against`):
//! read as a review of the draft. Each problem starts at the draft's `line:col`
//! and its words, then says what the references say, with their sentences; then the
//! draft's claims no reference states, then what the references back, then (with
//! `--also-references`) what the references disagree on among themselves.

use std::io::{self, Write};

use super::text::{excerpt, location, printable, render_diff, write_sections, write_sources};
use super::{Palette, Report};
use crate::review::{Item, ItemKind, Review};

pub fn write(report: &Report, review: &Review, p: &Palette, out: &mut dyn Write) -> io::Result<()> {
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let draft_label = review
        .draft_sources
        .iter()
        .map(|id| {
            let path = report
                .sources
                .iter()
                .find(|s| &s.id == id)
                .map_or("", |s| s.path.as_str());
            format!("{} ({})", printable(id), printable(path))
        })
        .collect::<Vec<_>>()
        .join(", ");
    let draft_claims: usize = report
        .sources
        .iter()
        .filter(|s| review.draft_sources.contains(&s.id))
        .map(|s| s.claims)
        .sum();
    let of = |k: ItemKind| review.problems.iter().filter(|i| i.kind == k).count();
    let mut parts = vec![count(draft_claims, "claim", "claims")];
    for (kind, one, many) in [
        (ItemKind::Conflict, "conflict", "conflicts"),
        (ItemKind::Attribution, "misattribution", "misattributions"),
        (ItemKind::Drift, "misquote", "misquotes"),
        (ItemKind::Outdated, "outdated figure", "outdated figures"),
        (
            ItemKind::Ahead,
            "figure ahead of the references",
            "figures ahead of the references",
        ),
        (ItemKind::Variant, "spelling", "spellings"),
    ] {
        let n = of(kind);
        if n > 0 || kind == ItemKind::Conflict {
            parts.push(format!("{c}{}{c:#}", count(n, one, many), c = p.conflict));
        }
    }
    parts.push(format!(
        "{m}{} unsupported{m:#}",
        review.unsupported.len(),
        m = p.compatible
    ));
    parts.push(format!(
        "{a}{}{a:#}",
        count(review.agreements.len(), "agreement", "agreements"),
        a = p.agree
    ));
    writeln!(
        out,
        "{h}crosscheck:{h:#} review of {draft_label} against {}",
        count(review.reference_sources.len(), "reference", "references"),
        h = p.heading
    )?;
    writeln!(out, "  {}", parts.join(" · "))?;

    if !review.problems.is_empty() {
        section(out, p, "Problems", "where the references say otherwise")?;
        for item in &review.problems {
            write_problem(item, p, out)?;
        }
    }
    if !review.unsupported.is_empty() {
        section(
            out,
            p,
            "Unsupported",
            "claims of the draft no reference states",
        )?;
        for claim in &review.unsupported {
            writeln!(
                out,
                "  {c}?{c:#} {l}{}{l:#}  {}: {}  {}",
                location(claim),
                printable(&claim.key),
                printable(&claim.display),
                excerpt(claim, p),
                c = p.compatible,
                l = p.location
            )?;
        }
    }
    if !review.agreements.is_empty() {
        section(out, p, "Agreements", "what the references back")?;
        for item in &review.agreements {
            write_agreement(item, p, out)?;
        }
    }
    if review.also_references {
        section(
            out,
            p,
            "Among the references",
            "findings the draft takes no part in",
        )?;
        if review.reference_findings.is_empty() {
            writeln!(out, "  none")?;
        } else {
            write_sections(&review.reference_findings, p, out)?;
        }
    }
    write_sources(report, p, out)
}

/// The mark and the name of a problem.
fn heading(kind: ItemKind) -> (&'static str, &'static str) {
    match kind {
        ItemKind::Conflict => ("✗", "conflict"),
        ItemKind::Attribution => ("⇄", "misattribution"),
        ItemKind::Drift => ("≠", "misquote"),
        ItemKind::Outdated => ("↘", "outdated"),
        ItemKind::Ahead => ("↗", "ahead of the references"),
        ItemKind::Variant => ("≈", "spelling"),
        ItemKind::Agree => ("✓", "agreement"),
        ItemKind::Fits => ("~", "fits"),
    }
}

/// The draft's claims of an item, each at its place, with the draft's value (a
/// quotation is its own value: its words are marked in the sentence).
/// A section's heading, and what it holds.
fn section(out: &mut dyn Write, p: &Palette, title: &str, holds: &str) -> io::Result<()> {
    writeln!(out, "\n{h}{title}{h:#} ({holds})", h = p.heading)
}

fn write_draft(item: &Item, p: &Palette, out: &mut dyn Write) -> io::Result<()> {
    for claim in &item.draft_claims {
        let value = if item.kind == ItemKind::Drift {
            String::new()
        } else {
            format!("{h}{}{h:#}  ", printable(&item.value), h = p.heading)
        };
        writeln!(
            out,
            "  {l}{}{l:#}  {value}{}",
            location(claim),
            excerpt(claim, p),
            l = p.location,
        )?;
    }
    Ok(())
}

fn write_problem(item: &Item, p: &Palette, out: &mut dyn Write) -> io::Result<()> {
    let (mark, name) = heading(item.kind);
    let story = item
        .story
        .as_deref()
        .map(|s| format!(" · story {s}"))
        .unwrap_or_default();
    writeln!(
        out,
        "\n{c}{mark} {name} · {}{}{c:#}",
        printable(&item.key),
        printable(&story),
        c = p.conflict
    )?;
    write_draft(item, p, out)?;
    if !item.backing.is_empty() {
        writeln!(
            out,
            "  {d}also given by {}{d:#}",
            printable(&item.backing_line()),
            d = p.dim
        )?;
    }
    if let Some(note) = &item.note {
        writeln!(out, "  {d}({}){d:#}", printable(note), d = p.dim)?;
    }
    let says = match item.kind {
        ItemKind::Drift => "the references quote",
        ItemKind::Attribution => "the references give the words to",
        ItemKind::Outdated => "the later figure",
        ItemKind::Variant => "the references spell it",
        _ => "the references say",
    };
    writeln!(out, "  {says}:")?;
    for side in &item.references {
        super::text::write_side(side, &[], "    ", p, out)?;
    }
    if let Some(diff) = &item.diff {
        let first = item
            .references
            .first()
            .and_then(|s| s.claims.first())
            .map_or("", |c| &*c.source);
        writeln!(
            out,
            "  {d}diff ({} → the draft):{d:#} {}",
            printable(first),
            render_diff(diff, p),
            d = p.dim
        )?;
    }
    Ok(())
}

fn write_agreement(item: &Item, p: &Palette, out: &mut dyn Write) -> io::Result<()> {
    let (mark, _) = heading(item.kind);
    let style = if item.kind == ItemKind::Agree {
        p.agree
    } else {
        p.compatible
    };
    let mut line = format!("{}: {}", printable(&item.key), printable(&item.value));
    if !item.backing.is_empty() {
        line.push_str(&format!(" — {}", printable(&item.backing_line())));
    }
    if item.kind == ItemKind::Fits {
        line.push_str(&format!(" fits {}", printable(&item.references_line())));
    }
    writeln!(out, "  {style}{mark}{style:#} {line}")?;
    if let Some(note) = &item.note {
        writeln!(out, "    {d}({}){d:#}", printable(note), d = p.dim)?;
    }
    for claim in &item.draft_claims {
        writeln!(
            out,
            "    {l}{}{l:#}  {}",
            location(claim),
            excerpt(claim, p),
            l = p.location
        )?;
    }
    // One sentence of each reference shown, to read beside the draft's.
    for side in &item.references {
        let mut seen = std::collections::BTreeSet::new();
        for claim in side.claims.iter().filter(|c| seen.insert(&*c.source)) {
            writeln!(
                out,
                "    {l}{}{l:#}  {}",
                location(claim),
                excerpt(claim, p),
                l = p.location
            )?;
        }
    }
    Ok(())
}
