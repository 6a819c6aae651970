//! The text and Markdown reports written as findings come.
//!
//! Both reports open with counts and then show the findings kind by kind (every
//! conflict, then every update, …), then the sources. A run aligned a chunk of
//! stories at a time (see [`crate::pipeline::check_each_of`]) hands its findings
//! over chunk by chunk, in no order of kind; [`SectionStream`] lays each one out as
//! it comes and keeps the text of each kind, and of the sources, in its own
//! [`Spill`] (memory up to a few megabytes, then an unnamed temporary file the
//! system removes however the run ends). At the end, once the counts are known, it
//! writes the opening and the sections in their order. A run holds one chunk of
//! findings, whatever the size of the report; within a kind, findings keep the
//! order they came in.

use std::io::{self, Write};

use rayon::prelude::*;

use super::spill::Spill;
use super::{Stream, Summary};
use crate::align::{Finding, FindingKind};
use crate::source::SourceStatus;

/// How one report format lays out each piece.
pub trait Layout: Sync {
    /// What comes before the findings (counts).
    fn head(&self, summary: &Summary, out: &mut dyn Write) -> io::Result<()>;
    /// The heading of a kind's section (written only for a kind with findings).
    fn section(&self, kind: FindingKind, out: &mut dyn Write) -> io::Result<()>;
    /// One finding.
    fn finding(&self, finding: &Finding, out: &mut dyn Write) -> io::Result<()>;
    /// The heading of the sources.
    fn sources(&self, out: &mut dyn Write) -> io::Result<()>;
    /// One input's row.
    fn source(&self, status: &SourceStatus, out: &mut dyn Write) -> io::Result<()>;
}

/// A report in sections, written as findings and sources come (see the module).
pub struct SectionStream<'w, L: Layout> {
    layout: L,
    out: &'w mut dyn Write,
    summary: Summary,
    /// The findings laid out so far, one spill per kind of [`FindingKind::ALL`].
    sections: Vec<Spill>,
    sources: Spill,
}

impl<'w, L: Layout> SectionStream<'w, L> {
    /// Nothing is written to `out` before [`Stream::end`].
    pub fn begin(layout: L, out: &'w mut dyn Write) -> Self {
        SectionStream {
            layout,
            out,
            summary: Summary::default(),
            sections: FindingKind::ALL.iter().map(|_| Spill::default()).collect(),
            sources: Spill::default(),
        }
    }
}

impl<L: Layout> Stream for SectionStream<'_, L> {
    /// Lays out a chunk's findings (side by side), each into its kind's section.
    fn findings(&mut self, findings: &[Finding]) -> io::Result<()> {
        let layout = &self.layout;
        let laid: Vec<Vec<u8>> = findings
            .par_iter()
            .map(|f| {
                let mut text = Vec::new();
                layout.finding(f, &mut text).map(|()| text)
            })
            .collect::<io::Result<_>>()?;
        for (f, text) in findings.iter().zip(laid) {
            self.summary.count_finding(f.kind);
            self.sections[f.kind as usize].write_all(&text)?;
        }
        Ok(())
    }

    /// Lays out one input's row, in the order they come.
    fn source(&mut self, status: &SourceStatus) -> io::Result<()> {
        self.summary.count_source(status.status);
        self.layout.source(status, &mut self.sources)
    }

    fn summary(&self) -> &Summary {
        &self.summary
    }

    /// Writes the whole report: the opening, each kind's section, the sources.
    fn end(&mut self, claims: usize) -> io::Result<()> {
        self.summary.claims = claims;
        self.layout.head(&self.summary, self.out)?;
        for (kind, spill) in FindingKind::ALL
            .iter()
            .zip(std::mem::take(&mut self.sections))
        {
            if spill.is_empty() {
                continue;
            }
            self.layout.section(*kind, self.out)?;
            spill.copy_to(self.out)?;
        }
        self.layout.sources(self.out)?;
        std::mem::take(&mut self.sources).copy_to(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Shows each piece as a line: the counts, a section's kind, a finding's key.
    struct Lines;

    impl Layout for Lines {
        fn head(&self, s: &Summary, out: &mut dyn Write) -> io::Result<()> {
            writeln!(
                out,
                "{} sources, {} claims, {} conflicts",
                s.checked, s.claims, s.conflicts
            )
        }
        fn section(&self, kind: FindingKind, out: &mut dyn Write) -> io::Result<()> {
            writeln!(out, "# {}", kind.as_str())
        }
        fn finding(&self, f: &Finding, out: &mut dyn Write) -> io::Result<()> {
            writeln!(out, "{}", f.key)
        }
        fn sources(&self, out: &mut dyn Write) -> io::Result<()> {
            writeln!(out, "# sources")
        }
        fn source(&self, s: &SourceStatus, out: &mut dyn Write) -> io::Result<()> {
            writeln!(out, "{}", s.path)
        }
    }

    fn finding(kind: FindingKind, key: &str) -> Finding {
        Finding::single(kind, None, key.to_string(), Vec::new(), None)
    }

    #[test]
    fn findings_from_chunks_come_out_by_kind_most_serious_first_after_the_counts() {
        let mut out = Vec::new();
        let mut stream = SectionStream::begin(Lines, &mut out);
        // Two chunks, kinds mixed as alignment hands them over.
        stream
            .findings(&[
                finding(FindingKind::Agree, "a1"),
                finding(FindingKind::Conflict, "c1"),
            ])
            .unwrap();
        let checked: SourceStatus =
            serde_json::from_str(r#"{"id": "r1", "path": "one.txt", "status": "checked"}"#)
                .unwrap();
        stream.source(&checked).unwrap();
        stream
            .findings(&[
                finding(FindingKind::Conflict, "c2"),
                finding(FindingKind::Update, "u1"),
            ])
            .unwrap();
        assert_eq!(stream.summary().conflicts, 2);
        stream.end(9).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "1 sources, 9 claims, 2 conflicts\n# conflict\nc1\nc2\n# update\nu1\n# agree\na1\n# sources\none.txt\n"
        );
    }
}
