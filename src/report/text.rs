//! The terminal report: a summary line, each conflict with every supporting claim
//! and its sentence, then compatible values and agreements, briefly, then the
//! sources and what became of each.

use std::io::{self, Write};

use super::sections::{Layout, SectionStream};
use super::{Palette, Report, Stream, Summary};
use crate::align::{Finding, FindingKind, Side, WordDiff};
use crate::extract::Claim;
use crate::source::{SourceStatus, Status};

/// Characters of context shown on each side of the claimed words.
const CONTEXT: usize = 70;

pub fn write(report: &Report, p: &Palette, out: &mut dyn Write) -> io::Result<()> {
    if let Some(review) = &report.review {
        return super::text_review::write(report, review, p, out);
    }
    // One layout for every text report, as `check` streams it.
    let mut stream = SectionStream::begin(TextLayout { palette: *p }, out);
    stream.findings(&report.findings)?;
    for source in &report.sources {
        stream.source(source)?;
    }
    stream.end(report.claims)
}

/// The terminal report's layout (see [`SectionStream`]).
pub struct TextLayout {
    pub palette: Palette,
}

impl Layout for TextLayout {
    fn head(&self, s: &Summary, out: &mut dyn Write) -> io::Result<()> {
        let p = &self.palette;
        let count =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut parts = vec![
            count(s.checked, "source", "sources"),
            count(s.claims, "claim", "claims"),
            format!(
                "{c}{}{c:#}",
                count(s.conflicts, "conflict", "conflicts"),
                c = p.conflict
            ),
        ];
        if s.updates > 0 {
            parts.push(count(s.updates, "update", "updates"));
        }
        for (n, one, many) in [
            (s.attributions, "attribution", "attributions"),
            (s.drifts, "drift", "drifts"),
            (s.variants, "variant", "variants"),
        ] {
            if n > 0 {
                parts.push(format!("{c}{}{c:#}", count(n, one, many), c = p.conflict));
            }
        }
        parts.push(format!(
            "{m}{}{m:#}",
            count(s.compatible, "compatible set", "compatible sets"),
            m = p.compatible
        ));
        parts.push(format!(
            "{a}{}{a:#}",
            count(s.agreements, "agreement", "agreements"),
            a = p.agree
        ));
        if s.skipped + s.errors > 0 {
            parts.push(format!("{} skipped", s.skipped + s.errors));
        }
        writeln!(
            out,
            "{h}crosscheck:{h:#} {}",
            parts.join(" · "),
            h = p.heading
        )
    }

    fn section(&self, kind: FindingKind, out: &mut dyn Write) -> io::Result<()> {
        let (title, gloss) = match kind {
            FindingKind::Conflict => ("Conflicts", " (the reports cannot all be right)"),
            FindingKind::Update => (
                "Updates",
                " (a figure that moved between reports of different dates, oldest first)",
            ),
            FindingKind::Attribution => (
                "Attributions",
                " (the same words, given to different speakers)",
            ),
            FindingKind::Drift => ("Drift", " (one speaker's words, quoted differently)"),
            FindingKind::Variant => ("Variants", " (one name, spelled differently)"),
            FindingKind::Compatible => ("Compatible", " (different values that can both be true)"),
            FindingKind::Agree => ("Agreements", ""),
        };
        writeln!(out, "\n{h}{title}{h:#}{gloss}", h = self.palette.heading)
    }

    fn finding(&self, finding: &Finding, out: &mut dyn Write) -> io::Result<()> {
        let p = &self.palette;
        match finding.kind {
            FindingKind::Conflict => write_card(finding, "✗", p, out),
            FindingKind::Update => write_card(finding, "↗", p, out),
            FindingKind::Attribution => write_card(finding, "⇄", p, out),
            FindingKind::Drift => write_drift(finding, p, out),
            FindingKind::Variant => write_part_brief(finding, 0, "≈", p.compatible, p, out),
            FindingKind::Compatible => write_part_brief(finding, 0, "~", p.compatible, p, out),
            FindingKind::Agree => write_part_brief(finding, 0, "✓", p.agree, p, out),
        }
    }

    fn sources(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "\n{h}Sources{h:#}", h = self.palette.heading)
    }

    fn source(&self, source: &SourceStatus, out: &mut dyn Write) -> io::Result<()> {
        write_source(source, &self.palette, out)
    }
}

/// Each kind of finding under its heading, most serious first.
pub(crate) fn write_sections(
    findings: &[Finding],
    p: &Palette,
    out: &mut dyn Write,
) -> io::Result<()> {
    let layout = TextLayout { palette: *p };
    for kind in FindingKind::ALL {
        let mut of = findings.iter().filter(|f| f.kind == kind).peekable();
        if of.peek().is_none() {
            continue;
        }
        layout.section(kind, out)?;
        for finding in of {
            layout.finding(finding, out)?;
        }
    }
    Ok(())
}

/// A finding's key, its most serious part in full (each side's value and sources,
/// then every shown claim with its location and sentence), then its other parts
/// briefly.
fn write_card(finding: &Finding, mark: &str, p: &Palette, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "\n{c}{mark} {}{c:#}",
        printable(&finding.title()),
        c = p.conflict
    )?;
    if let Some(note) = finding.note() {
        writeln!(out, "  {d}({}){d:#}", printable(note), d = p.dim)?;
    }
    let Some(head) = finding.parts.first() else {
        return Ok(());
    };
    let majority = finding.majority();
    let outliers = finding.outliers();
    let dates = finding.first_and_latest();
    for &i in &head.sides {
        let side = &finding.sides[i];
        // When the side stands (a timeline's step), who gives its figure, and where
        // it stands among the reports.
        let mut about = Vec::new();
        if head.kind == FindingKind::Update {
            about.push(side.as_of().unwrap_or("date unknown").to_string());
        }
        let cited = side.cited();
        if !cited.is_empty() {
            const NAMED: usize = 3;
            let more = cited.len().saturating_sub(NAMED);
            let named = cited[..cited.len().min(NAMED)].join(", ");
            about.push(if more > 0 {
                format!("per {named} and {more} more")
            } else {
                format!("per {named}")
            });
        }
        if head.kind == FindingKind::Conflict {
            if majority == Some(i) {
                about.push("most reports".to_string());
            }
            if outliers.contains(&i) {
                about.push("outlier".to_string());
            }
            match dates {
                Some((first, _)) if first == i => about.push("first reported".to_string()),
                Some((_, latest)) if latest == i => about.push("latest report".to_string()),
                _ => {}
            }
        }
        write_side(side, &about, "  ", p, out)?;
    }
    write_other_parts(finding, p, out)
}

/// A side: its value (with what to know about it in brackets), its sources, then
/// each shown claim with its location and sentence, and how many more there are;
/// the claims indented two more than the value.
pub(super) fn write_side(
    side: &Side,
    about: &[String],
    indent: &str,
    p: &Palette,
    out: &mut dyn Write,
) -> io::Result<()> {
    let about = if about.is_empty() {
        String::new()
    } else {
        format!(" [{}]", printable(&about.join("; ")))
    };
    writeln!(
        out,
        "{indent}{h}{}{h:#}{about}  {d}— {}{d:#}",
        printable(&side.value),
        printable(&side.sources_label()),
        h = p.heading,
        d = p.dim
    )?;
    let inner = format!("{indent}  ");
    for claim in &side.claims {
        writeln!(
            out,
            "{inner}{l}{}{l:#}  {}",
            location(claim),
            excerpt(claim, p),
            l = p.location
        )?;
    }
    write_unshown(side, &inner, p, out)
}

/// "… and 2,997 more claims from 2,997 more reports", when a side shows only some.
pub(crate) fn write_unshown(
    side: &Side,
    indent: &str,
    p: &Palette,
    out: &mut dyn Write,
) -> io::Result<()> {
    let more = side.unshown();
    if more == 0 {
        return Ok(());
    }
    let shown_reports: std::collections::BTreeSet<&str> =
        side.claims.iter().map(|c| &*c.source).collect();
    let reports = side.sources.len().saturating_sub(shown_reports.len());
    writeln!(
        out,
        "{indent}{d}… and {more} more claim{} from {reports} more report{}{d:#}",
        if more == 1 { "" } else { "s" },
        if reports == 1 { "" } else { "s" },
        d = p.dim
    )
}

/// The parts of a finding after its first, a line each, then the claims of sides
/// not shown yet.
fn write_other_parts(finding: &Finding, p: &Palette, out: &mut dyn Write) -> io::Result<()> {
    let Some((head, rest)) = finding.parts.split_first() else {
        return Ok(());
    };
    if rest.is_empty() {
        return Ok(());
    }
    let side = |i: usize| &finding.sides[i];
    let conflicted = finding.kind == FindingKind::Conflict;
    let pairs: Vec<(&Side, &Side)> = rest
        .iter()
        .filter(|part| part.kind == FindingKind::Compatible && part.sides.len() == 2)
        .map(|part| (side(part.sides[0]), side(part.sides[1])))
        .collect();
    if conflicted && !pairs.is_empty() {
        writeln!(out, "  {c}~{c:#} {}", pairs_line(&pairs), c = p.compatible)?;
    }
    for part in rest {
        let sides: Vec<&Side> = part.sides.iter().map(|&i| side(i)).collect();
        let line = match part.kind {
            FindingKind::Compatible if conflicted && part.sides.len() == 2 => continue,
            FindingKind::Update => {
                let steps: Vec<String> = sides
                    .iter()
                    .map(|s| format!("{} [{}]", shown(s), s.as_of().unwrap_or("date unknown")))
                    .collect();
                format!("{c}↗{c:#} {}", steps.join(" → "), c = p.conflict)
            }
            FindingKind::Agree => format!("{a}✓{a:#} {}", values_line(&sides), a = p.agree),
            FindingKind::Variant => format!("{c}≈{c:#} {}", values_line(&sides), c = p.compatible),
            FindingKind::Conflict => format!("{c}✗{c:#} {}", values_line(&sides), c = p.conflict),
            _ => format!("{c}~{c:#} {}", values_line(&sides), c = p.compatible),
        };
        writeln!(out, "  {line}")?;
        if let Some(note) = &part.note {
            writeln!(out, "    {d}({}){d:#}", printable(note), d = p.dim)?;
        }
    }
    // The sentences of the sides named above and not shown in full.
    let mut listed: Vec<usize> = Vec::new();
    for part in rest {
        for &i in &part.sides {
            if !head.sides.contains(&i) && !listed.contains(&i) {
                listed.push(i);
            }
        }
    }
    let sides: Vec<&Side> = listed.into_iter().map(side).collect();
    write_claim_lines(&sides, p, out)
}

/// One speaker's statement as each report words it, then the word diff.
fn write_drift(finding: &Finding, p: &Palette, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "\n{c}≠ {}{c:#}",
        printable(&finding.title()),
        c = p.conflict
    )?;
    for side in &finding.sides {
        for claim in &side.claims {
            writeln!(
                out,
                "  {h}{}{h:#}  {l}{}{l:#}  {}",
                printable(&claim.source),
                location(claim),
                excerpt(claim, p),
                h = p.heading,
                l = p.location
            )?;
        }
        write_unshown(side, "  ", p, out)?;
    }
    if let Some(diff) = &finding.diff {
        writeln!(out, "  {d}diff:{d:#} {}", render_diff(diff, p), d = p.dim)?;
    }
    Ok(())
}

/// Words only in the first wording as `[-…-]`, only in the second as `{+…+}` (or in
/// color); long stretches both share are shortened.
pub fn render_diff(diff: &[WordDiff], p: &Palette) -> String {
    let del = |t: &str| {
        if p.color {
            format!("{s}{t}{s:#}", s = p.deleted)
        } else {
            format!("[-{t}-]")
        }
    };
    let ins = |t: &str| {
        if p.color {
            format!("{s}{t}{s:#}", s = p.inserted)
        } else {
            format!("{{+{t}+}}")
        }
    };
    let last = diff.len().saturating_sub(1);
    let parts: Vec<String> = diff
        .iter()
        .enumerate()
        .map(|(i, d)| match d.op.as_str() {
            "equal" => shorten(&printable(&d.old), i == 0, i == last),
            "delete" => del(&printable(&d.old)),
            "insert" => ins(&printable(&d.new)),
            _ => format!("{}{}", del(&printable(&d.old)), ins(&printable(&d.new))),
        })
        .collect();
    parts.join(" ")
}

/// A shared stretch of more than a few words, cut in the middle (or at the open end
/// of the first and last stretch).
pub fn shorten(words: &str, first: bool, last: bool) -> String {
    const KEEP: usize = 4;
    let w: Vec<&str> = words.split_whitespace().collect();
    if w.len() <= 2 * KEEP + 1 {
        return words.to_string();
    }
    let head = w[..KEEP].join(" ");
    let tail = w[w.len() - KEEP..].join(" ");
    match (first, last) {
        (true, false) => format!("… {tail}"),
        (false, true) => format!("{head} …"),
        _ => format!("{head} … {tail}"),
    }
}

fn shown(side: &Side) -> String {
    printable(&format!("{} ({})", side.value, side.sources_label())).into_owned()
}

/// "A (…) · B (…)", each value once.
fn values_line(sides: &[&Side]) -> String {
    let mut values: Vec<String> = Vec::new();
    for side in sides {
        let v = shown(side);
        if !values.contains(&v) {
            values.push(v);
        }
    }
    values.join(" · ")
}

/// "E fits A · B" when one value fits all the others, else "A fits B; C fits D".
fn pairs_line(pairs: &[(&Side, &Side)]) -> String {
    let pair_values: Vec<(String, String)> =
        pairs.iter().map(|(a, b)| (shown(a), shown(b))).collect();
    let hub = pair_values
        .first()
        .into_iter()
        .flat_map(|(a, b)| [a, b])
        .find(|v| pair_values.iter().all(|(a, b)| a == *v || b == *v))
        .filter(|_| pair_values.len() > 1);
    match hub {
        Some(hub) => {
            let others: Vec<&str> = pair_values
                .iter()
                .map(|(a, b)| if a == hub { b.as_str() } else { a.as_str() })
                .collect();
            format!("{hub} fits {}", others.join(" · "))
        }
        None => pair_values
            .iter()
            .map(|(a, b)| format!("{a} fits {b}"))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// A key on one line with the values of its part `index`, then each claim's
/// location and words on a line of its own; then its other parts.
fn write_part_brief(
    finding: &Finding,
    index: usize,
    mark: &str,
    style: anstyle::Style,
    p: &Palette,
    out: &mut dyn Write,
) -> io::Result<()> {
    let Some(part) = finding.parts.get(index) else {
        return Ok(());
    };
    let sides: Vec<&Side> = part.sides.iter().map(|&i| &finding.sides[i]).collect();
    let key = if part.kind == FindingKind::Agree {
        finding.key.clone()
    } else {
        finding.title()
    };
    writeln!(
        out,
        "{style}{mark}{style:#} {}: {}",
        printable(&key),
        values_line(&sides)
    )?;
    if let Some(note) = &part.note {
        writeln!(out, "  {d}({}){d:#}", printable(note), d = p.dim)?;
    }
    write_claim_lines(&sides, p, out)?;
    write_other_parts(finding, p, out)
}

/// Each shown claim of the sides, its location and words on a line of its own (a
/// claim of several sides once).
fn write_claim_lines(sides: &[&Side], p: &Palette, out: &mut dyn Write) -> io::Result<()> {
    let mut claims: Vec<&Claim> = Vec::new();
    for side in sides {
        for claim in &side.claims {
            if !claims
                .iter()
                .any(|c| c.path == claim.path && c.start == claim.start)
            {
                claims.push(claim);
            }
        }
    }
    for c in claims {
        writeln!(
            out,
            "    {l}{}{l:#} «{}»",
            location(c),
            one_line(&c.text),
            l = p.location
        )?;
    }
    for side in sides {
        write_unshown(side, "    ", p, out)?;
    }
    Ok(())
}

pub(crate) fn write_sources(report: &Report, p: &Palette, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "\n{h}Sources{h:#}", h = p.heading)?;
    for source in &report.sources {
        write_source(source, p, out)?;
    }
    Ok(())
}

/// One input's row under "Sources": what was read, or why not.
fn write_source(source: &SourceStatus, p: &Palette, out: &mut dyn Write) -> io::Result<()> {
    match source.status {
        Status::Checked => {
            let published = source
                .published_shown()
                .map_or_else(|| "date unknown".to_string(), |d| format!("published {d}"));
            writeln!(
                out,
                "  {}  {l}{}{l:#}  {published} · {} claim{}",
                printable(&source.id),
                printable(&source.path),
                source.claims,
                if source.claims == 1 { "" } else { "s" },
                l = p.location
            )?;
            // What the page or manifest says the report is: title, outlet,
            // address, each with where it was read.
            if let Some(about) = source.about_shown() {
                writeln!(out, "      {d}{}{d:#}", printable(&about), d = p.dim)?;
            }
        }
        Status::Skipped | Status::Error => {
            let label = if source.status == Status::Error {
                "error"
            } else {
                "skipped"
            };
            writeln!(
                out,
                "  {d}{label}{d:#}  {l}{}{l:#}: {}",
                printable(&source.path),
                printable(source.reason.as_deref().unwrap_or("no reason given")),
                d = p.conflict,
                l = p.location
            )?;
        }
    }
    for warning in &source.warnings {
        writeln!(out, "      warning: {}", printable(warning))?;
    }
    Ok(())
}

/// `path:line:col`, the path made [`printable`].
pub fn location(claim: &Claim) -> String {
    format!("{}:{}:{}", printable(&claim.path), claim.line, claim.column)
}

/// `text` with what would drive a terminal shown as escapes (`\u{1b}`, `\n`): control
/// characters, and the bidirectional controls that reorder what follows them
/// (U+202A–U+202E, U+2066–U+2069). A file name or a report's text can then neither
/// move the cursor, recolor, clear the screen nor hide what comes after it.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char =
        |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The claim's sentence cut to a window around the claimed words: (text before,
/// the words, text after), with "…" where the sentence was cut, on one line. `None`
/// when the words do not lie in the sentence.
pub fn excerpt_parts(claim: &Claim) -> Option<(String, String, String)> {
    let sentence = &*claim.sentence;
    let (s, e) = claim.range_in_sentence()?;
    let (before, after) = (&sentence[..s], &sentence[e..]);
    let (before_cut, after_cut) = (tail(before, CONTEXT), head(after, CONTEXT));
    let lead = if before_cut.len() < before.len() {
        "…"
    } else {
        ""
    };
    let trail = if after_cut.len() < after.len() {
        "…"
    } else {
        ""
    };
    Some((
        format!("{lead}{}", one_line(before_cut)),
        one_line(&sentence[s..e]),
        format!("{}{trail}", one_line(after_cut)),
    ))
}

/// The claim's sentence, cut to a window around the claimed words, which are marked.
pub fn excerpt(claim: &Claim, p: &Palette) -> String {
    let Some((before, words, after)) = excerpt_parts(claim) else {
        return format!("«{}»", one_line(&claim.text));
    };
    let marked = if p.color {
        format!("{m}{words}{m:#}", m = p.matched)
    } else {
        format!("«{words}»")
    };
    format!("{before}{marked}{after}")
}

/// A text on one line: line breaks and tabs as spaces, other control characters
/// escaped (see [`printable`]).
pub fn one_line(text: &str) -> String {
    printable(&text.replace(['\n', '\r', '\t'], " ")).into_owned()
}

/// The last `n` characters of `text`.
fn tail(text: &str, n: usize) -> &str {
    let count = text.chars().count();
    if count <= n {
        return text;
    }
    let skip = text.char_indices().nth(count - n).map_or(0, |(i, _)| i);
    &text[skip..]
}

/// The first `n` characters of `text`.
fn head(text: &str, n: usize) -> &str {
    match text.char_indices().nth(n) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}
