//! Bytes set aside while a run goes on: in memory up to a limit, then in an unnamed
//! temporary file the system removes however the run ends. The streamed reports
//! keep their parts in spills until the end (each kind's findings, the sources, the
//! texts), and `align` parks its claims in them by story.

use std::fs::File;
use std::io::{self, BufWriter, Seek, Write};

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
