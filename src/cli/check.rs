//! `crosscheck check`: extract, align and report in one run, streamed chunk by
//! chunk in every format; a review (`--against`) is written once the whole run is
//! aligned.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;

use super::args::{CheckArgs, FailOn, StoryByArg};
use super::error::{CliError, CmdResult};
use super::inputs::{Given, given, report_inputs};
use super::output::ReportFile;
use super::settings::{Settings, format_of, load_pack_to_extract, start_of};
use super::{exit, progress};
use crate::pipeline;
use crate::report::{self, Format, Palette};
use crate::rules::Pack;
use crate::source::{self, SourceStatus, Status};

/// Where the HTML report goes when no `-o` is given.
pub const DEFAULT_HTML: &str = "crosscheck-report.html";

/// Runs `crosscheck check`; the exit code follows `--fail-on`.
pub(crate) fn run(
    args: &CheckArgs,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> CmdResult {
    let given = given(&args.paths, args.files_from.as_deref(), &args.manifest)?;
    // The pattern aligning needs besides the pack's, built while the pack loads.
    rayon::spawn(crate::align::warm_up);
    let pack = load_pack_to_extract(&args.pack, start_of(&given.paths), settings, err)?;
    let format = format_of(args.format);
    let target = match (&args.output, format) {
        (Some(path), _) => Some(path.clone()),
        (None, Format::Html) => Some(PathBuf::from(DEFAULT_HTML)),
        (None, _) => None,
    };
    // The inputs are found and their manifests read before a byte is written; the
    // report file is never one of them.
    let options = source::DiscoverOptions {
        output: target.clone(),
        max_file_size: args.limits.max_file_size,
        listed: given.listed.clone(),
        manifests: args.manifest.clone(),
    };
    if !args.against.is_empty() {
        return review(args, settings, &given, &pack, &options, out, err);
    }
    if format == Format::Sarif {
        return Err(CliError::Message(
            "--format sarif needs --against: SARIF shows a draft's problems at their place in it\n  help: crosscheck check DRAFT --against REFERENCES --format sarif".to_string(),
        ));
    }
    let inputs = source::discover_with(&given.paths, &options)?;
    // The stream knows the paths on the command line; a run that found no report
    // names the list too.
    check_stream(pack, inputs, target, args, settings, out, err).map_err(|e| match e {
        CliError::NoReports(_) => CliError::NoReports(given.shown.clone()),
        e => e,
    })
}

/// Writes the report to standard output, or whole to `target` (without color) and
/// says so on stderr.
fn write_report(
    report: &report::Report,
    format: Format,
    target: Option<PathBuf>,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), CliError> {
    match target {
        None => report::write(report, format, &settings.stdout, out)?,
        Some(path) => {
            let mut file = ReportFile::create(&path)?;
            // A file gets no color codes.
            report::write(report, format, &Palette::plain(), file.writer()).map_err(|source| {
                CliError::WriteReport {
                    path: path.clone(),
                    source,
                }
            })?;
            file.commit()?;
            wrote(&path, settings, err);
        }
    }
    Ok(())
}

/// `check DRAFT --against REFERENCES`: the draft reviewed against the references
/// (see [`crate::review`]). Every format is written once the whole run is aligned.
fn review(
    args: &CheckArgs,
    settings: &Settings,
    given: &Given,
    pack: &Pack,
    options: &source::DiscoverOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> CmdResult {
    let format = format_of(args.format);
    // The draft's files are those its own paths reach; a file reached both ways is
    // the draft's (it is read once, under the path that reached it first).
    let draft_inputs = source::discover_with(&given.paths, options)?;
    let mut draft_paths: BTreeSet<String> = draft_inputs
        .candidates
        .iter()
        .map(|c| c.path.display().to_string())
        .collect();
    draft_paths.extend(draft_inputs.skipped.iter().map(|s| s.path.clone()));
    let mut paths = given.paths.clone();
    paths.extend(args.against.iter().cloned());
    let inputs = source::discover_with(&paths, options)?;
    let keep_texts = format == Format::Html;
    let mut extraction = pipeline::extract_all_of(pack, inputs, keep_texts, &pipeline::Silent);
    let draft: BTreeSet<String> = extraction
        .sources
        .iter()
        .filter(|s| draft_paths.contains(&s.path))
        .map(|s| s.id.clone())
        .collect();
    if args.story_by == StoryByArg::Auto {
        // The references are grouped into stories; the draft is compared with each.
        let (mut refs, drafts): (Vec<_>, Vec<_>) = std::mem::take(&mut extraction.claims)
            .into_iter()
            .partition(|c| !draft.contains(&*c.source));
        pipeline::find_stories(&mut refs);
        extraction.claims = drafts;
        extraction.claims.extend(refs);
    }
    let failed = report_inputs(&extraction.sources, &settings.stderr, err);
    let checked = |is_draft: bool| {
        extraction
            .sources
            .iter()
            .any(|s| s.status == Status::Checked && draft.contains(&s.id) == is_draft)
    };
    if !checked(true) {
        return Err(CliError::NoReports(given.shown.clone()));
    }
    if !checked(false) {
        return Err(CliError::NoReports(args.against.clone()));
    }
    let report = pipeline::review_from(extraction, &draft, args.also_references);
    let code = match (&report.review, failed) {
        (_, true) => exit::ERROR,
        (Some(r), false) if args.fail_on != FailOn::Never && r.errors() > 0 => exit::FINDINGS,
        _ => exit::OK,
    };
    let target = match (&args.output, format) {
        (Some(path), _) => Some(path.clone()),
        (None, Format::Html) => Some(PathBuf::from(DEFAULT_HTML)),
        (None, _) => None,
    };
    write_report(&report, format, target, settings, out, err)?;
    Ok(code)
}

/// Notes on stderr where the report went.
fn wrote(path: &std::path::Path, settings: &Settings, err: &mut dyn Write) {
    if !settings.quiet {
        let p = &settings.stderr;
        let _ = writeln!(err, "{h}wrote{h:#} {}", path.display(), h = p.heading);
    }
}

/// The streamed report, and the statuses worth a line on stderr (skipped, failed,
/// or read with a warning): the others are only rows of the report.
pub(super) struct StreamSink<'w> {
    pub(super) stream: Box<dyn report::Stream + 'w>,
    noted: Vec<SourceStatus>,
}

impl<'w> StreamSink<'w> {
    pub(super) fn new(stream: Box<dyn report::Stream + 'w>) -> Self {
        StreamSink {
            stream,
            noted: Vec::new(),
        }
    }
}

impl pipeline::CheckSink for StreamSink<'_> {
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

    fn wants_texts(&self) -> bool {
        self.stream.shows_texts()
    }

    fn texts(&mut self, texts: &[report::Shown<'_>]) -> std::io::Result<()> {
        self.stream.texts(texts)
    }
}

/// `check`, streamed: findings are laid out as each chunk of stories is aligned, so
/// a large corpus runs in bounded memory (JSON writes them at once; the other
/// formats keep their parts aside, see [`report::spill::Spill`], and write the
/// report at the end). To a file, the report
/// goes to a temporary file that replaces the target only at the end.
fn check_stream(
    pack: Pack,
    inputs: source::Inputs,
    target: Option<PathBuf>,
    args: &CheckArgs,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> CmdResult {
    let mut file = target.as_deref().map(ReportFile::create).transpose()?;
    // Errors writing a file name it; those on stdout are the output's.
    let failed_write = |source: std::io::Error| match &target {
        Some(path) => CliError::WriteReport {
            path: path.clone(),
            source,
        },
        None => source.into(),
    };
    // A file gets no color codes.
    let palette = match &file {
        Some(_) => Palette::plain(),
        None => settings.stdout,
    };
    // The report is written through a borrow of the file, which ends with this block.
    let (summary, failed) = {
        let writer: &mut dyn Write = match &mut file {
            Some(f) => f.writer(),
            None => out,
        };
        let bar = progress::Bar::new(settings.progress, settings.progress_after);
        let stream =
            report::stream(format_of(args.format), palette, writer).map_err(failed_write)?;
        let mut sink = StreamSink::new(stream);
        let story_by = match args.story_by {
            StoryByArg::Manifest => pipeline::StoryBy::Manifest,
            StoryByArg::Auto => pipeline::StoryBy::Auto,
        };
        let result = pipeline::check_each_holding(
            pack,
            inputs,
            story_by,
            settings.hold_claims,
            &bar,
            &mut sink,
        );
        bar.finish();
        let claims = result.map_err(failed_write)?;
        let StreamSink { mut stream, noted } = sink;
        let failed = report_inputs(&noted, &settings.stderr, err);
        let summary = *stream.summary();
        if summary.checked == 0 {
            return Err(CliError::NoReports(args.paths.clone()));
        }
        stream.end(claims).map_err(failed_write)?;
        (summary, failed)
    };
    if let Some(file) = file {
        let path = file.path().to_path_buf();
        file.commit()?;
        wrote(&path, settings, err);
    }
    Ok(exit::for_report(&summary, args.fail_on, failed))
}
