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
mod output;
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
use settings::{Settings, load_pack, load_pack_to_extract};

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
    // The report commands write through a `Pipe`: a reader that goes away does not
    // cut the run short, so the exit code is the findings' whatever the output size.
    let result = match cli.command {
        Command::Check(args) => {
            let mut pipe = output::Pipe::new(out);
            finish(check::run(&args, &settings, &mut pipe, err), &mut pipe)
        }
        Command::Align(args) => {
            let mut pipe = output::Pipe::new(out);
            finish(align::run(&args, &settings, &mut pipe, err), &mut pipe)
        }
        Command::Extract(args) => finish(extract::run(&args, &settings, out, err), out),
        Command::Test(args) => finish(test::run(&args, &settings, out, err), out),
        Command::Rules(args) => finish(rules::run(&args, &settings, out, err), out),
    };
    match result {
        Ok(code) => code,
        // The reader went away (`crosscheck extract | head`): stop quietly.
        Err(CliError::BrokenPipe) => exit::OK,
        Err(e) => {
            let p = &settings.stderr;
            let _ = writeln!(err, "{c}error:{c:#} {e}", c = p.conflict);
            exit::ERROR
        }
    }
}

/// A command's result once what it wrote has left the buffers: a write error found
/// only now (a full disk, `> /dev/full`) is an error like any other; a reader gone
/// away after the run is not.
fn finish(result: CmdResult, out: &mut dyn Write) -> CmdResult {
    let code = result?;
    match out.flush() {
        Ok(()) => Ok(code),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(code),
        Err(e) => Err(e.into()),
    }
}
