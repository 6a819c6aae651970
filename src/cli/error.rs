//! Why a command stopped, and what the user is told: the errors of the library
//! convert into [`CliError`], which [`super::run`] prints and turns into exit code 2.

use crate::pipeline;

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
