//! The command line: clap types, resolved settings, and one `run` per subcommand.
//! Nothing past [`Settings`] knows about clap. Output goes to the writers the
//! binary passes in; the exit code comes back as a number (see [`exit`]).

pub mod config;
pub mod exit;
mod progress;
mod rules;
mod test;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use crate::extract::Claim;
use crate::pipeline::{self, Extraction};
use crate::report::{self, Format, Palette, Summary};
use crate::rules::Pack;
use crate::source::{SourceStatus, Status};

/// Cross-checks what several news reports claim about the same event.
#[derive(Debug, Parser)]
#[command(name = "crosscheck", version, about, long_about = None)]
pub struct Cli {
    /// When to color the output: auto (a terminal, and NO_COLOR unset), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    /// No progress bar and no notes on standard error (warnings and errors stay).
    #[arg(short, long, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract claims from reports and show where they agree and conflict.
    Check(CheckArgs),
    /// Extract claims from reports and write them as JSON Lines.
    Extract(ExtractArgs),
    /// Align claims read as JSON Lines (from `extract`) and report findings.
    Align(AlignArgs),
    /// Run the rule pack's own examples, and test labelled corpora.
    Test(TestArgs),
    /// List the rules of the pack, or explain one.
    Rules(RulesArgs),
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub action: Option<RulesAction>,
    #[command(flatten)]
    pub pack: PackArgs,
}

#[derive(Debug, Subcommand)]
pub enum RulesAction {
    /// Each rule: id, kind, examples (+) and counter-examples (-), description.
    List,
    /// A macro, fully expanded (built-in vocabulary macros included), as one regex, as
    /// crosscheck compiles it (ASCII word boundaries): for grep-like tools.
    Macro {
        /// The macro name, e.g. amount.
        name: String,
    },
    /// One rule: its patterns with the pack's macros expanded, its examples, and
    /// where it fires on a corpus.
    Explain {
        /// The rule id.
        id: String,
        /// A corpus to show the rule's claims in.
        #[arg(long, value_name = "DIR")]
        corpus: Option<std::path::PathBuf>,
    },
}

#[derive(Clone, Debug, Args)]
pub struct PackArgs {
    /// Use the rule pack in DIR instead of the built-in one.
    #[arg(long, value_name = "DIR", global = true)]
    pub rules: Option<PathBuf>,
    /// Add the rule files in DIR to the pack (may be given more than once).
    #[arg(long, value_name = "DIR", global = true)]
    pub add_rules: Vec<PathBuf>,
    /// The project config file (default: the nearest crosscheck.yaml at or above the
    /// corpus or the working folder).
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,
    /// Ignore any crosscheck.yaml.
    #[arg(long, global = true, conflicts_with = "config")]
    pub no_config: bool,
    /// Leave out the rules whose id matches GLOB (may be given more than once).
    #[arg(long, value_name = "GLOB", global = true)]
    pub disable: Vec<String>,
    /// Set a rule parameter: GLOB:PARAM=VALUE, e.g. 'people-*:hedge_width=0.2'.
    #[arg(long, value_name = "GLOB:PARAM=VALUE", global = true)]
    pub set: Vec<String>,
    /// The width of "about N" and "nearly N" for the whole pack (0.1 = 10 %).
    #[arg(long, value_name = "WIDTH", global = true)]
    pub hedge_width: Option<f64>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Report files or folders (.txt and .md in folders; a sources.yaml gives ids and dates).
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub pack: PackArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// Exit with 1 when there are findings at or above this level.
    #[arg(long, value_enum, default_value_t = FailOn::Conflict)]
    pub fail_on: FailOn,
    /// Write the report to FILE instead of standard output (HTML: default
    /// crosscheck-report.html).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Where the HTML report goes when no `-o` is given.
pub const DEFAULT_HTML: &str = "crosscheck-report.html";

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Report files or folders.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub pack: PackArgs,
}

#[derive(Debug, Args)]
pub struct AlignArgs {
    /// JSON Lines files of claims; `-` or nothing reads standard input.
    #[arg(value_name = "FILE")]
    pub inputs: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    #[arg(long, value_enum, default_value_t = FailOn::Conflict)]
    pub fail_on: FailOn,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// The rule pack to test (default: the built-in pack, or --rules).
    #[arg(value_name = "RULES")]
    pub rules_dir: Option<PathBuf>,
    #[command(flatten)]
    pub pack: PackArgs,
    /// Output: `text` for people, `junit` for CI report viewers (JUnit XML).
    #[arg(long, value_enum, default_value_t = TestFormat::Text)]
    pub format: TestFormat,
    /// Also test a labelled corpus: its claim snapshot (`claims.snapshot`) and, when it
    /// has one, its gold file (`gold.yaml`). May be given more than once.
    #[arg(long, value_name = "DIR")]
    pub corpus: Vec<PathBuf>,
    /// Compare the gold scores with those saved in FILE; a lower score fails.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Accept the changes: rewrite the snapshot and the baseline scores.
    #[arg(long)]
    pub update: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TestFormat {
    Text,
    Junit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Text,
    Json,
    Html,
    Dot,
    Md,
}

/// The lowest finding that makes the exit code 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Conflicts and misattributions: one report must be wrong.
    Conflict,
    /// Also drift: a speaker's words quoted differently.
    Drift,
    /// Never: the exit code is 0 unless there is an error.
    Never,
}

/// What the binary knows about where output goes.
#[derive(Clone, Copy, Debug, Default)]
pub struct Terminal {
    pub stdout_is_terminal: bool,
    pub stderr_is_terminal: bool,
    /// `NO_COLOR` is set to a non-empty value.
    pub no_color: bool,
    /// How long a run goes before its progress bar shows (`None`: a second).
    pub progress_after: Option<std::time::Duration>,
}

/// Resolved settings shared by the commands.
pub(crate) struct Settings {
    pub(crate) stdout: Palette,
    pub(crate) stderr: Palette,
    /// Draw a progress bar on long runs (stderr is a terminal, no `--quiet`).
    pub(crate) progress: bool,
    /// `--quiet`: no notes on stderr.
    pub(crate) quiet: bool,
    pub(crate) progress_after: std::time::Duration,
}

impl Settings {
    fn new(choice: ColorChoice, quiet: bool, term: Terminal) -> Self {
        let decide = |tty: bool| match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !term.no_color,
        };
        let palette = |on: bool| {
            if on {
                Palette::colored()
            } else {
                Palette::plain()
            }
        };
        Settings {
            stdout: palette(decide(term.stdout_is_terminal)),
            stderr: palette(decide(term.stderr_is_terminal)),
            progress: term.stderr_is_terminal && !quiet,
            quiet,
            progress_after: term.progress_after.unwrap_or(progress::DELAY),
        }
    }
}

/// Parses the arguments and runs the command; returns the exit code.
pub fn run(
    args: impl IntoIterator<Item = OsString>,
    term: Terminal,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                exit::ERROR
            } else {
                exit::OK
            };
            let rendered = if term.stderr_is_terminal && !term.no_color {
                e.render().ansi().to_string()
            } else {
                e.render().to_string()
            };
            let target: &mut dyn Write = if e.use_stderr() { err } else { out };
            let _ = write!(target, "{rendered}");
            return code;
        }
    };
    let settings = Settings::new(cli.color, cli.quiet, term);
    let result = match cli.command {
        Command::Check(args) => run_check(&args, &settings, out, err),
        Command::Extract(args) => run_extract(&args, &settings, out, err),
        Command::Align(args) => run_align(&args, &settings, out, err),
        Command::Test(args) => test::run(&args, &settings, out, err),
        Command::Rules(args) => rules::run(&args, &settings, out, err),
    };
    match result {
        Ok(code) => code,
        // The reader went away (`crosscheck check | head`): stop quietly.
        Err(CliError::BrokenPipe) => exit::OK,
        Err(CliError::Message(message)) => {
            let p = &settings.stderr;
            let _ = writeln!(err, "{c}error:{c:#} {message}", c = p.conflict);
            exit::ERROR
        }
    }
}

/// Why a command stopped.
pub(crate) enum CliError {
    /// Shown to the user, exit code 2.
    Message(String),
    /// Standard output was closed by its reader.
    BrokenPipe,
}

impl From<&str> for CliError {
    fn from(message: &str) -> Self {
        CliError::Message(message.to_string())
    }
}

impl From<String> for CliError {
    fn from(message: String) -> Self {
        CliError::Message(message)
    }
}

impl From<pipeline::PipelineError> for CliError {
    fn from(e: pipeline::PipelineError) -> Self {
        match e {
            pipeline::PipelineError::Output(e) => e.into(),
            e => CliError::Message(e.to_string()),
        }
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            CliError::BrokenPipe
        } else {
            CliError::Message(format!("cannot write the output: {e}"))
        }
    }
}

pub(crate) type CmdResult = Result<u8, CliError>;

/// The pack the arguments ask for: built-in or `--rules`, plus added folders, with
/// the project config (found from `start`) and the flags applied. Notes which config
/// was used, and disable globs that match nothing, on stderr.
pub(crate) fn load_pack(
    args: &PackArgs,
    start: &Path,
    settings: &Settings,
    err: &mut dyn Write,
) -> Result<Pack, String> {
    let config_path = match (&args.config, args.no_config) {
        (Some(path), _) => Some(path.clone()),
        (None, true) => None,
        (None, false) => config::find(start),
    };
    let mut cfg = match &config_path {
        Some(path) => config::load(path)?,
        None => config::Config::default(),
    };
    cfg.add.extend(args.add_rules.iter().cloned());
    cfg.overrides.disable.extend(args.disable.iter().cloned());
    for set in &args.set {
        cfg.overrides.set.push(config::parse_set(set)?);
    }
    if args.hedge_width.is_some() {
        cfg.overrides.hedge_width = args.hedge_width;
    }
    let pack = Pack::load(args.rules.as_deref(), &cfg.add, &cfg.overrides).map_err(|e| {
        let n = e.0.len();
        format!(
            "the rule pack has {n} error{}:\n{e}",
            if n == 1 { "" } else { "s" }
        )
    })?;
    let p = &settings.stderr;
    for glob in &cfg.overrides.disable {
        if !pack.disabled.iter().any(|(_, by)| by == glob) {
            let from = config_path
                .as_ref()
                .map_or_else(|| "--disable".to_string(), |c| c.display().to_string());
            let _ = writeln!(
                err,
                "{w}warning:{w:#} {from}: `{glob}` matches no rule",
                w = p.compatible
            );
        }
    }
    Ok(pack)
}

/// Prints per-source warnings and skips to stderr; true when any input failed.
fn report_inputs(sources: &[SourceStatus], p: &Palette, err: &mut dyn Write) -> bool {
    let mut failed = false;
    for s in sources {
        for w in &s.warnings {
            let _ = writeln!(err, "{c}warning:{c:#} {}: {w}", s.path, c = p.compatible);
        }
        match s.status {
            Status::Error => {
                failed = true;
                let reason = s.reason.as_deref().unwrap_or("");
                let _ = writeln!(err, "{c}error:{c:#} {}: {reason}", s.path, c = p.conflict);
            }
            Status::Skipped => {
                let reason = s.reason.as_deref().unwrap_or("");
                let _ = writeln!(err, "{c}skipped:{c:#} {}: {reason}", s.path, c = p.dim);
            }
            Status::Checked => {}
        }
    }
    failed
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
            let file = std::fs::File::create(path)
                .map_err(|e| format!("{}: cannot write the report: {e}", path.display()))?;
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
        return Err(no_reports(&args.paths).into());
    }
    stream.end(claims)?;
    if let Some(path) = &args.output
        && !settings.quiet
    {
        let p = &settings.stderr;
        let _ = writeln!(err, "{h}wrote{h:#} {}", path.display(), h = p.heading);
    }
    Ok(exit_code(&summary, args.fail_on, failed))
}

/// Where to look for the project config: the first path given.
fn start_of(paths: &[PathBuf]) -> &Path {
    paths.first().map_or(Path::new("."), PathBuf::as_path)
}

fn no_reports(paths: &[PathBuf]) -> String {
    let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    format!(
        "no reports to check in {}\n  help: give report files or folders that hold .txt or .md reports",
        shown.join(", ")
    )
}

fn exit_code(summary: &Summary, fail_on: FailOn, failed_inputs: bool) -> u8 {
    if failed_inputs {
        exit::ERROR
    } else if fails(summary, fail_on) {
        exit::FINDINGS
    } else {
        exit::OK
    }
}

/// Whether the findings reach the `--fail-on` level.
fn fails(summary: &Summary, fail_on: FailOn) -> bool {
    match fail_on {
        FailOn::Conflict => summary.contradictions() > 0,
        FailOn::Drift => summary.contradictions() + summary.drifts > 0,
        FailOn::Never => false,
    }
}

fn format_of(arg: FormatArg) -> Format {
    match arg {
        FormatArg::Text => Format::Text,
        FormatArg::Json => Format::Json,
        FormatArg::Html => Format::Html,
        FormatArg::Dot => Format::Dot,
        FormatArg::Md => Format::Markdown,
    }
}

fn run_check(
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
    let extraction =
        pipeline::extract_all_with(&pack, &args.paths, keep_texts).map_err(|e| e.to_string())?;
    let failed = report_inputs(&extraction.sources, &settings.stderr, err);
    if !extraction
        .sources
        .iter()
        .any(|s| s.status == Status::Checked)
    {
        return Err(no_reports(&args.paths).into());
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
            let file = std::fs::File::create(&path)
                .map_err(|e| format!("{}: cannot write the report: {e}", path.display()))?;
            let mut writer = std::io::BufWriter::new(file);
            // A file gets no color codes.
            report::write(&report, format, &Palette::plain(), &mut writer)
                .and_then(|()| writer.flush())
                .map_err(|e| format!("{}: cannot write the report: {e}", path.display()))?;
            if !settings.quiet {
                let p = &settings.stderr;
                let _ = writeln!(err, "{h}wrote{h:#} {}", path.display(), h = p.heading);
            }
        }
    }
    Ok(exit_code(&report.summary(), args.fail_on, failed))
}

fn run_extract(
    args: &ExtractArgs,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> CmdResult {
    let pack = load_pack(&args.pack, start_of(&args.paths), settings, err)?;
    let bar = progress::Bar::new(settings.progress, settings.progress_after);
    let mut sources: Vec<SourceStatus> = Vec::new();
    let mut checked = false;
    // Claims go out as each chunk of files is done, in input order: memory holds one
    // chunk, not the corpus.
    let skipped = pipeline::extract_each(&pack, &args.paths, false, &bar, &mut |chunk| {
        for e in chunk {
            for claim in &e.claims {
                serde_json::to_writer(&mut *out, claim).map_err(std::io::Error::from)?;
                out.write_all(b"\n")?;
            }
            checked |= e.status.status == Status::Checked;
            // Only what must be reported is kept: skips, errors, warnings.
            if e.status.is_noteworthy() {
                sources.push(e.status);
            }
        }
        Ok(())
    });
    bar.finish();
    sources.extend(skipped?);
    let failed = report_inputs(&sources, &settings.stderr, err);
    if !checked {
        return Err(no_reports(&args.paths).into());
    }
    Ok(if failed { exit::ERROR } else { exit::OK })
}

fn run_align(
    args: &AlignArgs,
    settings: &Settings,
    out: &mut dyn Write,
    _err: &mut dyn Write,
) -> CmdResult {
    let mut claims: Vec<Claim> = Vec::new();
    let inputs: Vec<PathBuf> = if args.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.inputs.clone()
    };
    for input in &inputs {
        let reader: Box<dyn BufRead> = if input.as_os_str() == "-" {
            Box::new(std::io::BufReader::new(std::io::stdin()))
        } else {
            let file = std::fs::File::open(input)
                .map_err(|e| format!("{}: cannot read: {e}", input.display()))?;
            Box::new(std::io::BufReader::new(file))
        };
        let name = if input.as_os_str() == "-" {
            "<stdin>".to_string()
        } else {
            input.display().to_string()
        };
        for (n, line) in reader.lines().enumerate() {
            let line = line.map_err(|e| format!("{name}: cannot read: {e}"))?;
            if line.trim().is_empty() {
                continue;
            }
            let claim: Claim = serde_json::from_str(&line).map_err(|e| {
                format!(
                    "{name}:{}:{}: not a claim: {e}\n  help: align reads the JSON Lines that `crosscheck extract` writes",
                    n + 1,
                    e.column()
                )
            })?;
            claims.push(claim);
        }
    }
    // Sources are known only through their claims here.
    let mut sources: Vec<SourceStatus> = Vec::new();
    for claim in &claims {
        if let Some(s) = sources.iter_mut().find(|s| s.id == claim.source) {
            s.claims += 1;
        } else {
            sources.push(SourceStatus {
                id: claim.source.clone(),
                path: claim.path.clone(),
                status: Status::Checked,
                reason: None,
                published: None,
                outlet: None,
                url: None,
                story: claim.story.clone(),
                warnings: Vec::new(),
                claims: 1,
            });
        }
    }
    let report = pipeline::report_from(Extraction {
        claims,
        sources,
        texts: Default::default(),
    });
    report::write(&report, format_of(args.format), &settings.stdout, out)?;
    Ok(exit_code(&report.summary(), args.fail_on, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(stderr_is_terminal: bool) -> Terminal {
        Terminal {
            stdout_is_terminal: false,
            stderr_is_terminal,
            no_color: false,
            progress_after: None,
        }
    }

    #[test]
    fn progress_only_on_a_terminal_and_never_with_quiet() {
        assert!(Settings::new(ColorChoice::Auto, false, term(true)).progress);
        assert!(!Settings::new(ColorChoice::Auto, false, term(false)).progress);
        assert!(!Settings::new(ColorChoice::Auto, true, term(true)).progress);
        // --color always colors a pipe but does not draw a bar on it.
        assert!(!Settings::new(ColorChoice::Always, false, term(false)).progress);
    }
}
