//! Why a command stopped, and what the user is told: the typed errors of the library
//! convert into [`CliError`], which [`super::run`] prints and turns into exit code 2.

use std::path::PathBuf;

use super::settings::PackError;
use crate::pipeline;
use crate::ruletest::corpus::GoldError;
use crate::source::{DiscoverError, ManifestError};

/// Why a command stopped.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CliError {
    /// The rule pack, the config or a `--set` is wrong.
    #[error(transparent)]
    Pack(#[from] PackError),
    /// A sources.yaml cannot be used.
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    /// The inputs cannot be used as given (`-o` names one of them).
    #[error(transparent)]
    Inputs(#[from] DiscoverError),
    /// A corpus's gold file cannot be used.
    #[error(transparent)]
    Gold(#[from] GoldError),
    /// Nothing in the paths given was a report.
    #[error(
        "no reports to check in {}\n  help: give report files or folders that hold .txt, .md or .html reports",
        shown(.0)
    )]
    NoReports(Vec<PathBuf>),
    /// `align` read no claim at all.
    #[error(
        "no claims to align in {0}\n  help: align reads the JSON Lines that `crosscheck extract` writes, from files or standard input"
    )]
    NoClaims(String),
    /// The report file given with `-o` (or the default HTML file) cannot be written.
    #[error("{}: cannot write the report: {source}", .path.display())]
    WriteReport {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The list of `--files-from` cannot be read (`<stdin>` for standard input).
    #[error("{name}: cannot read the list of files: {source}")]
    ReadList {
        name: String,
        source: std::io::Error,
    },
    /// An input of `align` cannot be read (`<stdin>` for standard input).
    #[error("{name}: cannot read: {source}")]
    ReadClaims {
        name: String,
        source: std::io::Error,
    },
    /// A line of an input of `align` is not a claim; line and column are 1-based.
    #[error(
        "{name}:{line}:{column}: not a claim: {source}\n  help: align reads the JSON Lines that `crosscheck extract` writes"
    )]
    NotAClaim {
        name: String,
        line: usize,
        column: usize,
        source: serde_json::Error,
    },
    /// An Arrow input of `align` is not a claims file, or a row of it is not a claim.
    #[error(
        "{name}: {source}\n  help: align reads the Arrow files that `crosscheck extract --format arrow` writes"
    )]
    NotClaims {
        name: String,
        source: crate::extract::columns::ColumnsError,
    },
    /// Two different reports under one source id in the claims given to `align`.
    #[error(transparent)]
    IdConflict(#[from] Box<pipeline::IdConflict>),
    /// Anything else shown to the user.
    #[error("{0}")]
    Message(String),
    /// Standard output was closed by its reader: not shown, exit code 0.
    #[error("standard output was closed by its reader")]
    BrokenPipe,
}

fn shown(paths: &[PathBuf]) -> String {
    let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    shown.join(", ")
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
            pipeline::PipelineError::Manifest(e) => e.into(),
        }
    }
}

impl From<pipeline::AddError> for CliError {
    fn from(e: pipeline::AddError) -> Self {
        match e {
            pipeline::AddError::Conflict(conflict) => CliError::IdConflict(conflict),
            pipeline::AddError::Park(e) => e.into(),
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
