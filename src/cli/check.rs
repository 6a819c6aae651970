//! `crosscheck check`: extract, align and report in one run. JSON is streamed chunk by
//! chunk; the other formats are written once the whole corpus is aligned.

use std::io::Write;
use std::path::PathBuf;

use super::args::CheckArgs;
use super::error::{CliError, CmdResult};
use super::inputs::report_inputs;
use super::settings::{Settings, format_of, load_pack, start_of};
use super::{exit, progress};
use crate::pipeline;
use crate::report::{self, Format, Palette};
use crate::rules::Pack;
use crate::source::{SourceStatus, Status};

/// Where the HTML report goes when no `-o` is given.
pub const DEFAULT_HTML: &str = "crosscheck-report.html";

/// Runs `crosscheck check`; the exit code follows `--fail-on`.
pub(crate) fn run(
    args: &CheckArgs,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> CmdResult {
    let pack = load_pack(&args.pack, start_of(&args.paths), settings, err)?;
    let format = format_of(args.format);
    if format == Format::Json {
        return check_json_stream(&pack, args, settings, out, err);
    }
    // Only the HTML report shows the texts; other formats keep claims alone.
    let keep_texts = format == Format::Html;
    let extraction = pipeline::extract_all_with(&pack, &args.paths, keep_texts)?;
    let failed = report_inputs(&extraction.sources, &settings.stderr, err);
    if !extraction
        .sources
        .iter()
        .any(|s| s.status == Status::Checked)
    {
        return Err(CliError::NoReports(args.paths.clone()));
    }
    let report = pipeline::report_from(extraction);
    let target = match (&args.output, format) {
        (Some(path), _) => Some(path.clone()),
        (None, Format::Html) => Some(PathBuf::from(DEFAULT_HTML)),
        (None, _) => None,
    };
    match target {
        None => report::write(&report, format, &settings.stdout, out)?,
        Some(path) => {
            let file = std::fs::File::create(&path).map_err(|source| CliError::WriteReport {
                path: path.clone(),
                source,
            })?;
            let mut writer = std::io::BufWriter::new(file);
            // A file gets no color codes.
            report::write(&report, format, &Palette::plain(), &mut writer)
                .and_then(|()| writer.flush())
                .map_err(|source| CliError::WriteReport {
                    path: path.clone(),
                    source,
                })?;
            if !settings.quiet {
                let p = &settings.stderr;
                let _ = writeln!(err, "{h}wrote{h:#} {}", path.display(), h = p.heading);
            }
        }
    }
    Ok(exit::for_report(&report.summary(), args.fail_on, failed))
}

/// The streamed JSON report, and the statuses worth a line on stderr (skipped,
/// failed, or read with a warning): the others are only rows of the report.
struct JsonSink<'w> {
    stream: report::json::JsonStream<'w>,
    noted: Vec<SourceStatus>,
}

impl pipeline::CheckSink for JsonSink<'_> {
    fn findings(&mut self, findings: Vec<crate::align::Finding>) -> std::io::Result<()> {
        self.stream.findings(&findings)
    }

    fn source(&mut self, status: SourceStatus) -> std::io::Result<()> {
        self.stream.source(&status)?;
        if status.is_noteworthy() {
            self.noted.push(status);
        }
        Ok(())
    }
}

/// `check --format json`, streamed: findings are written as each chunk of stories is
/// aligned, so a large corpus with a story manifest runs in flat memory.
fn check_json_stream(
    pack: &Pack,
    args: &CheckArgs,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> CmdResult {
    let mut file_out;
    let target: &mut dyn Write = match &args.output {
        Some(path) => {
            let file = std::fs::File::create(path).map_err(|source| CliError::WriteReport {
                path: path.clone(),
                source,
            })?;
            file_out = std::io::BufWriter::new(file);
            &mut file_out
        }
        None => out,
    };
    let bar = progress::Bar::new(settings.progress, settings.progress_after);
    let mut sink = JsonSink {
        stream: report::json::JsonStream::begin(target)?,
        noted: Vec::new(),
    };
    let result = pipeline::check_each(pack, &args.paths, &bar, &mut sink);
    bar.finish();
    let claims = result?;
    let JsonSink { stream, noted } = sink;
    let failed = report_inputs(&noted, &settings.stderr, err);
    let summary = *stream.summary();
    if summary.checked == 0 {
        return Err(CliError::NoReports(args.paths.clone()));
    }
    stream.end(claims)?;
    if let Some(path) = &args.output
        && !settings.quiet
    {
        let p = &settings.stderr;
        let _ = writeln!(err, "{h}wrote{h:#} {}", path.display(), h = p.heading);
    }
    Ok(exit::for_report(&summary, args.fail_on, failed))
}
