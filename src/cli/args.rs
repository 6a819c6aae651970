//! The command line as clap parses it: typed arguments and value enums, nothing
//! resolved yet. [`super::settings`] turns them into what the commands use; no module
//! past it imports clap.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

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
        corpus: Option<PathBuf>,
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
    /// The width of "about N" and "nearly N" for the whole pack (0.1 = 10 %; from 0
    /// up to, not including, 1).
    #[arg(long, value_name = "WIDTH", global = true, value_parser = super::config::parse_width)]
    pub hedge_width: Option<f64>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Report files or folders (.txt, .md and .html in folders; a sources.yaml gives
    /// ids and dates) [default: . unless --files-from or --manifest is given].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Also read the paths listed in FILE, one a line (`-`: standard input); blank
    /// lines and lines starting with `#` are passed over.
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,
    /// Also read the reports a manifest (a sources.yaml anywhere, say a shard's) lists,
    /// with their ids, dates, outlets and stories; a relative `file` is taken from the
    /// manifest's folder (may be given more than once).
    #[arg(long, value_name = "FILE", conflicts_with = "against")]
    pub manifest: Vec<PathBuf>,
    /// Review the reports given as PATH (a draft) against the reference reports in
    /// PATH (a file or folder; may be given more than once): where the draft
    /// disagrees with them, where they back it, and which of its claims none states.
    #[arg(long, value_name = "PATH")]
    pub against: Vec<PathBuf>,
    /// With --against: also report what the references disagree on among themselves.
    #[arg(long, requires = "against")]
    pub also_references: bool,
    #[command(flatten)]
    pub pack: PackArgs,
    /// Output format (sarif: the draft's problems at their place in it; needs
    /// --against).
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// Exit with 1 when there are findings at or above this level (with --against:
    /// when the draft conflicts, is misquoted, misattributes or is outdated).
    #[arg(long, value_enum, default_value_t = FailOn::Conflict)]
    pub fail_on: FailOn,
    /// How reports are grouped into stories, whose claims alone are compared:
    /// `manifest` (the manifest's stories; reports without one are all one story) or
    /// `auto` (reports without a story grouped into the events they tell of, by the
    /// places, people and events they name)
    #[arg(long, value_enum, default_value_t = StoryByArg::Manifest)]
    pub story_by: StoryByArg,
    /// Write the report to FILE instead of standard output (HTML: default
    /// crosscheck-report.html).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Limits on what a run reads.
#[derive(Clone, Debug, Args)]
pub struct LimitArgs {
    /// Skip (and list as skipped) reports larger than SIZE: bytes, or KB, MB, GB
    /// (binary units) [default: 64MB].
    #[arg(long, value_name = "SIZE", value_parser = parse_file_size)]
    pub max_file_size: Option<u64>,
}

fn parse_file_size(text: &str) -> Result<u64, String> {
    crate::source::parse_size(text)
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Report files or folders [default: . unless --files-from or --manifest is
    /// given].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Also read the paths listed in FILE, one a line (`-`: standard input); blank
    /// lines and lines starting with `#` are passed over.
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,
    /// Also read the reports a manifest (a sources.yaml anywhere, say a shard's) lists,
    /// with their ids, dates, outlets and stories; a relative `file` is taken from the
    /// manifest's folder (may be given more than once).
    #[arg(long, value_name = "FILE")]
    pub manifest: Vec<PathBuf>,
    /// How claims are written: JSON Lines (one claim a line) or an Apache Arrow IPC
    /// file (columns, LZ4-compressed: a fifth of the size; for `align` and for
    /// pandas, Polars, DuckDB).
    #[arg(long, value_enum, default_value_t = ClaimsFormat::Jsonl)]
    pub format: ClaimsFormat,
    #[command(flatten)]
    pub pack: PackArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// `extract --format`: how claims are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ClaimsFormat {
    /// JSON Lines, one claim a line.
    Jsonl,
    /// An Apache Arrow IPC file (Feather v2), a column per field.
    Arrow,
}

#[derive(Debug, Args)]
pub struct AlignArgs {
    /// Claims files, JSON Lines or Arrow (as `extract` writes them; told apart by
    /// their first bytes); `-` or nothing reads standard input.
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
    /// SARIF 2.1.0 (with --against): the draft's problems, each at its place.
    Sarif,
}

/// `--story-by`: how reports are grouped into stories.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StoryByArg {
    /// The manifest's stories; reports without one are all one story.
    Manifest,
    /// Reports without a story grouped into the events they tell of.
    Auto,
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
