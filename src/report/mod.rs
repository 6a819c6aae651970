//! Reports out: one printer per format, all reading the same plain [`Report`].
//! Printers write into any `io::Write`; nothing here decides where output goes or
//! whether to use color (the caller passes a [`Palette`]).

pub mod dot;
pub mod html;
pub mod json;
pub mod markdown;
pub mod sarif;
pub mod sections;
pub mod spill;
pub mod text;
mod text_review;

use std::collections::BTreeMap;
use std::io;

use crate::align::{Finding, FindingKind};
use crate::source::{SourceStatus, Status};

/// Everything a report shows.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Every input file, checked or not, in input order.
    pub sources: Vec<SourceStatus>,
    /// Claims extracted, over all sources.
    pub claims: usize,
    pub findings: Vec<Finding>,
    /// The texts by source id, when the format shows them (HTML).
    pub texts: BTreeMap<String, String>,
    /// Every claim, when the texts are kept: the HTML source view marks them all.
    pub all_claims: Vec<crate::extract::Claim>,
    /// A draft reviewed against references (`check --against`): the printers show
    /// the review, and `findings` holds the findings behind it.
    pub review: Option<crate::review::Review>,
}

/// Counts for the summary line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub checked: usize,
    pub skipped: usize,
    pub errors: usize,
    pub claims: usize,
    pub conflicts: usize,
    pub updates: usize,
    pub attributions: usize,
    pub drifts: usize,
    pub variants: usize,
    pub compatible: usize,
    pub agreements: usize,
}

impl Summary {
    /// The findings of `kind` counted.
    pub fn of_kind(&self, kind: FindingKind) -> usize {
        // A copy of the counts (a few words) lends its field.
        let mut counts = *self;
        *counts.count_of(kind)
    }

    /// Counts one more finding of `kind`.
    pub fn count_finding(&mut self, kind: FindingKind) {
        *self.count_of(kind) += 1;
    }

    /// The field that counts the findings of `kind`.
    fn count_of(&mut self, kind: FindingKind) -> &mut usize {
        match kind {
            FindingKind::Conflict => &mut self.conflicts,
            FindingKind::Update => &mut self.updates,
            FindingKind::Attribution => &mut self.attributions,
            FindingKind::Drift => &mut self.drifts,
            FindingKind::Variant => &mut self.variants,
            FindingKind::Compatible => &mut self.compatible,
            FindingKind::Agree => &mut self.agreements,
        }
    }

    /// Counts one more input of `status`.
    pub fn count_source(&mut self, status: Status) {
        *match status {
            Status::Checked => &mut self.checked,
            Status::Skipped => &mut self.skipped,
            Status::Error => &mut self.errors,
        } += 1;
    }

    /// Findings of every kind.
    pub fn findings(&self) -> usize {
        self.conflicts
            + self.updates
            + self.attributions
            + self.drifts
            + self.variants
            + self.compatible
            + self.agreements
    }

    /// Findings that mean one report must be wrong: conflicts and misattributions.
    pub fn contradictions(&self) -> usize {
        self.conflicts + self.attributions
    }
}

impl Report {
    pub fn summary(&self) -> Summary {
        let mut summary = Summary {
            claims: self.claims,
            ..Summary::default()
        };
        for f in &self.findings {
            summary.count_finding(f.kind);
        }
        for s in &self.sources {
            summary.count_source(s.status);
        }
        summary
    }
}

/// A report written as a run's findings come, chunk of stories by chunk (see
/// [`crate::pipeline::CheckSink`]): the JSON report ([`json::JsonStream`]), the text
/// and Markdown reports ([`sections::SectionStream`]), the HTML page
/// ([`html::HtmlStream`]) and the DOT graph ([`dot::DotStream`]).
pub trait Stream {
    /// A chunk's findings.
    fn findings(&mut self, findings: &[Finding]) -> io::Result<()>;
    /// One input's status, in input order.
    fn source(&mut self, status: &SourceStatus) -> io::Result<()>;
    /// The counts so far (claims are given at the end).
    fn summary(&self) -> &Summary;
    /// Writes what is left, once, at the end: the report is whole once this
    /// returns.
    fn end(&mut self, claims: usize) -> io::Result<()>;
    /// Whether the report shows the texts (the HTML report does).
    fn shows_texts(&self) -> bool {
        false
    }
    /// The texts of the reports whose findings came last, when the report shows
    /// them.
    fn texts(&mut self, _texts: &[Shown<'_>]) -> io::Result<()> {
        Ok(())
    }
}

/// A report's text as a report shows it, with every claim found in it.
#[derive(Clone, Debug)]
pub struct Shown<'a> {
    pub id: &'a str,
    pub path: &'a str,
    pub text: &'a str,
    pub claims: Vec<&'a crate::extract::Claim>,
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Html,
    Dot,
    Markdown,
    /// SARIF 2.1.0: a draft's problems at their places (a review only).
    Sarif,
}

/// Styles for the text report; all plain when color is off.
#[derive(Clone, Copy, Debug, Default)]
pub struct Palette {
    pub conflict: anstyle::Style,
    pub compatible: anstyle::Style,
    pub agree: anstyle::Style,
    pub heading: anstyle::Style,
    pub location: anstyle::Style,
    pub matched: anstyle::Style,
    pub dim: anstyle::Style,
    pub deleted: anstyle::Style,
    pub inserted: anstyle::Style,
    /// Whether matched words are marked by style (true) or by «brackets» (false).
    pub color: bool,
}

impl Palette {
    pub fn plain() -> Self {
        Palette::default()
    }

    pub fn colored() -> Self {
        use anstyle::{AnsiColor, Effects, Style};
        let fg = |c: AnsiColor| Style::new().fg_color(Some(c.into()));
        Palette {
            conflict: fg(AnsiColor::Red).effects(Effects::BOLD),
            compatible: fg(AnsiColor::Cyan).effects(Effects::BOLD),
            agree: fg(AnsiColor::Green).effects(Effects::BOLD),
            heading: Style::new().effects(Effects::BOLD),
            location: fg(AnsiColor::Blue),
            matched: fg(AnsiColor::Yellow).effects(Effects::BOLD | Effects::UNDERLINE),
            dim: Style::new().effects(Effects::DIMMED),
            deleted: fg(AnsiColor::Red).effects(Effects::STRIKETHROUGH),
            inserted: fg(AnsiColor::Green).effects(Effects::UNDERLINE),
            color: true,
        }
    }
}

/// Writes a report in a format.
pub fn write(
    report: &Report,
    format: Format,
    palette: &Palette,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    match format {
        Format::Text => text::write(report, palette, out),
        Format::Json => json::write(report, out),
        Format::Html => html::write(report, out),
        Format::Dot => dot::write(report, out),
        Format::Markdown => markdown::write(report, out),
        Format::Sarif => sarif::write(report, out),
    }
}

/// A report in `format` written as a run's findings come (see [`Stream`]); `palette`
/// colors the text report. SARIF, a draft's problems at their places, is written
/// whole from a review ([`write`]) and has no stream.
pub fn stream<'w>(
    format: Format,
    palette: Palette,
    out: &'w mut dyn io::Write,
) -> io::Result<Box<dyn Stream + 'w>> {
    Ok(match format {
        Format::Text => Box::new(sections::SectionStream::begin(
            text::TextLayout { palette },
            out,
        )),
        Format::Markdown => Box::new(sections::SectionStream::begin(
            markdown::MarkdownLayout,
            out,
        )),
        Format::Dot => Box::new(dot::DotStream::begin(out)),
        Format::Html => Box::new(html::HtmlStream::begin(out)),
        Format::Json => Box::new(json::JsonStream::begin(out)?),
        Format::Sarif => {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "SARIF is written from a review of a draft, not as findings come",
            ));
        }
    })
}
