//! The command line, in two stages: clap types as typed (`args`), then resolved
//! settings (`settings`: color, progress, format, the rule pack); nothing past the
//! settings knows about clap. One subcommand, one [`Command`] variant, one module,
//! one `run`. Output goes to the writers the binary passes in; the exit code comes
//! back as a number (see [`exit`]).

mod align;
mod args;
mod check;
pub mod config;
mod error;
pub mod exit;
mod extract;
mod inputs;
mod progress;
mod rules;
mod settings;
mod test;

use clap::Parser;
use std::ffi::OsString;
use std::io::Write;

pub use args::{
    AlignArgs, CheckArgs, Cli, ColorChoice, Command, ExtractArgs, FailOn, FormatArg, PackArgs,
    RulesAction, RulesArgs, TestArgs, TestFormat,
};
pub use check::DEFAULT_HTML;
pub use settings::Terminal;

// What the subcommand modules share, by the paths they use (`super::…`).
use error::{CliError, CmdResult};
use settings::{Settings, load_pack};

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
        Command::Check(args) => check::run(&args, &settings, out, err),
        Command::Extract(args) => extract::run(&args, &settings, out, err),
        Command::Align(args) => align::run(&args, &settings, out, err),
        Command::Test(args) => test::run(&args, &settings, out, err),
        Command::Rules(args) => rules::run(&args, &settings, out, err),
    };
    match result {
        Ok(code) => code,
        // The reader went away (`crosscheck check | head`): stop quietly.
        Err(CliError::BrokenPipe) => exit::OK,
        Err(e) => {
            let p = &settings.stderr;
            let _ = writeln!(err, "{c}error:{c:#} {e}", c = p.conflict);
            exit::ERROR
        }
    }
}
