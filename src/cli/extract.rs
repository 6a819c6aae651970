//! `crosscheck extract`: claims as JSON Lines or an Arrow file, written as each chunk
//! of files is done.

use std::io::Write;

use super::args::{ClaimsFormat, ExtractArgs};
use super::error::{CliError, CmdResult};
use super::inputs::{given, report_inputs};
use super::settings::{Settings, load_pack_to_extract, start_of};
use super::{exit, progress};
use crate::extract::Claim;
use crate::extract::columns::{ClaimsWriter, ColumnsError};
use crate::pipeline;
use crate::source::{self, SourceStatus, Status};

/// Runs `crosscheck extract`: 2 when an input could not be read, else 0.
pub(crate) fn run(
    args: &ExtractArgs,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> CmdResult {
    if args.format == ClaimsFormat::Arrow && settings.stdout_is_terminal {
        return Err(CliError::Message(
            "an Arrow file is binary: redirect it to a file (crosscheck extract --format arrow … > claims.arrow)".to_string(),
        ));
    }
    let given = given(&args.paths, args.files_from.as_deref(), &args.manifest)?;
    let pack = load_pack_to_extract(&args.pack, start_of(&given.paths), settings, err)?;
    let bar = progress::Bar::new(settings.progress, settings.progress_after);
    let mut sources: Vec<SourceStatus> = Vec::new();
    let mut checked = false;
    // Claims go out as each chunk of files is done, in input order: memory holds one
    // chunk, not the corpus.
    let options = source::DiscoverOptions {
        output: None,
        max_file_size: args.limits.max_file_size,
        listed: given.listed,
        manifests: args.manifest.clone(),
    };
    let inputs = source::discover_with(&given.paths, &options)?;
    let mut sink = match args.format {
        ClaimsFormat::Jsonl => Sink::Lines(out),
        ClaimsFormat::Arrow => Sink::Arrow(Box::new(ClaimsWriter::new(out).map_err(io_error)?)),
    };
    let skipped = pipeline::extract_each_of(
        &pack,
        inputs,
        pipeline::Keep::default(),
        &bar,
        &mut |chunk| {
            // Each file's claims as they are: an Arrow record batch is made for the
            // chunk, JSON lines file by file (not copied into one vector first).
            let mut files: Vec<Vec<Claim>> = Vec::with_capacity(chunk.len());
            for e in chunk {
                files.push(e.claims);
                checked |= e.status.status == Status::Checked;
                // Only what must be reported is kept: skips, errors, warnings.
                if e.status.is_noteworthy() {
                    sources.push(e.status);
                }
            }
            sink.write(files)
        },
    );
    bar.finish();
    sources.extend(skipped?);
    sink.finish()?;
    let failed = report_inputs(&sources, &settings.stderr, err);
    if !checked {
        return Err(CliError::NoReports(given.shown.clone()));
    }
    Ok(if failed { exit::ERROR } else { exit::OK })
}

/// How many bytes of JSON Lines are made before they are written.
const LINES_BUFFER: usize = 1 << 20;

/// Where `extract` writes claims.
enum Sink<'w> {
    Lines(&'w mut dyn Write),
    Arrow(Box<ClaimsWriter<&'w mut dyn Write>>),
}

impl Sink<'_> {
    /// Writes one chunk's claims (each file's): a line each, or one record batch.
    fn write(&mut self, files: Vec<Vec<Claim>>) -> std::io::Result<()> {
        match self {
            Sink::Lines(out) => {
                // Lines are made in memory and written a megabyte at a time: a
                // writer's every small write (serde_json makes several per field)
                // costs more than a copy into a vector.
                let mut lines = Vec::with_capacity(LINES_BUFFER + (1 << 12));
                for claim in files.iter().flatten() {
                    serde_json::to_writer(&mut lines, claim).map_err(std::io::Error::from)?;
                    lines.push(b'\n');
                    if lines.len() >= LINES_BUFFER {
                        out.write_all(&lines)?;
                        lines.clear();
                    }
                }
                out.write_all(&lines)
            }
            Sink::Arrow(writer) => {
                let claims: Vec<Claim> = files.into_iter().flatten().collect();
                writer.write(&claims).map_err(io_error)
            }
        }
    }

    /// Ends the output (an Arrow file's footer).
    fn finish(self) -> std::io::Result<()> {
        match self {
            Sink::Lines(_) => Ok(()),
            Sink::Arrow(writer) => writer.finish().map(|_| ()).map_err(io_error),
        }
    }
}

/// An Arrow write error as the I/O error it wraps, if it does (a closed pipe stays
/// a closed pipe).
fn io_error(e: ColumnsError) -> std::io::Error {
    match e {
        ColumnsError::Arrow(arrow_schema::ArrowError::IoError(_, e)) => e,
        e => std::io::Error::other(e),
    }
}
