//! The text and Markdown reports written as findings come, and the [`Spill`] every
//! streamed report but JSON keeps its parts in.
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

use std::fs::File;
use std::io::{self, BufWriter, Seek, Write};

use rayon::prelude::*;

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

/// Bytes kept in memory up to a limit ([`Spill::IN_MEMORY`] unless made
/// [`Spill::limited`]), then in an unnamed temporary file.
pub struct Spill {
    memory: Vec<u8>,
    file: Option<BufWriter<File>>,
    /// Bytes kept in memory before the file.
    limit: usize,
}

impl Default for Spill {
    fn default() -> Self {
        Spill::limited(Spill::IN_MEMORY)
    }
}

impl Spill {
    /// What a spill keeps in memory before it moves to a file: eight spills of a
    /// report stay within a few tens of megabytes, and a small run never makes one.
    pub const IN_MEMORY: usize = 4 << 20;

    /// A spill that keeps `limit` bytes in memory before it moves to a file.
    pub fn limited(limit: usize) -> Spill {
        Spill {
            memory: Vec::new(),
            file: None,
            limit,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.memory.is_empty() && self.file.is_none()
    }

    /// Everything written, to be read back from the start.
    pub fn into_reader(self) -> io::Result<Box<dyn io::BufRead>> {
        match self.file {
            None => Ok(Box::new(io::Cursor::new(self.memory))),
            Some(file) => {
                let mut file = file.into_inner().map_err(io::IntoInnerError::into_error)?;
                file.rewind()?;
                Ok(Box::new(io::BufReader::with_capacity(1 << 16, file)))
            }
        }
    }

    /// Copies everything written to `out`.
    pub fn copy_to(self, out: &mut dyn Write) -> io::Result<()> {
        match self.file {
            None => out.write_all(&self.memory),
            Some(file) => {
                let mut file = file.into_inner().map_err(io::IntoInnerError::into_error)?;
                file.rewind()?;
                io::copy(&mut file, out).map(drop)
            }
        }
    }
}

impl Write for Spill {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.file.is_none() && self.memory.len() + buf.len() > self.limit {
            let mut file = BufWriter::with_capacity(1 << 16, tempfile::tempfile()?);
            file.write_all(&self.memory)?;
            self.memory = Vec::new();
            self.file = Some(file);
        }
        match &mut self.file {
            Some(file) => file.write(buf),
            None => self.memory.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.file {
            Some(file) => file.flush(),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

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

    #[test]
    fn a_spill_gives_back_what_was_written_in_memory_or_from_its_file() {
        for size in [0, 10, Spill::IN_MEMORY + 10] {
            let bytes: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
            let mut spill = Spill::default();
            for piece in bytes.chunks(1000) {
                spill.write_all(piece).unwrap();
            }
            assert_eq!(spill.file.is_some(), size > Spill::IN_MEMORY);
            let mut back = Vec::new();
            spill.copy_to(&mut back).unwrap();
            assert_eq!(back, bytes);
        }
    }

    #[test]
    fn a_limited_spill_reads_back_what_was_written() {
        for lines in [0, 3, 500] {
            let text: String = (0..lines).map(|i| format!("line {i}\n")).collect();
            let mut spill = Spill::limited(64);
            spill.write_all(text.as_bytes()).unwrap();
            assert_eq!(spill.file.is_some(), text.len() > 64);
            let mut back = String::new();
            spill
                .into_reader()
                .unwrap()
                .read_to_string(&mut back)
                .unwrap();
            assert_eq!(back, text);
        }
    }
}
