//! Resolved settings: what the commands use instead of the raw arguments. Color is
//! decided once per stream, the progress bar once per run, the output format and the
//! rule pack (with `crosscheck.yaml` and the pack flags applied) once per command.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::args::{ColorChoice, FormatArg, PackArgs};
use super::config::{self, ConfigError, SetError};
use super::progress;
use crate::report::{Format, Palette};
use crate::rules::{Pack, PackErrors};

/// What the binary knows about where output goes, and about its environment.
#[derive(Clone, Debug, Default)]
pub struct Terminal {
    pub stdout_is_terminal: bool,
    pub stderr_is_terminal: bool,
    /// `NO_COLOR` is set to a non-empty value.
    pub no_color: bool,
    /// How long a run goes before its progress bar shows (`None`: a second).
    pub progress_after: Option<std::time::Duration>,
    /// Where the facts of checked patterns are kept between runs (`None`: nowhere;
    /// see [`crate::rules::facts`]).
    pub cache_dir: Option<std::path::PathBuf>,
    /// How many claims of reports without a story `check --story-by auto` holds
    /// before it reads them again by story (`None`: [`crate::pipeline::HOLD_CLAIMS`]).
    pub hold_claims: Option<usize>,
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
    /// Standard output is a terminal (no binary output goes there).
    pub(crate) stdout_is_terminal: bool,
    /// The cache folder of pattern facts.
    pub(crate) cache_dir: Option<std::path::PathBuf>,
    pub(crate) hold_claims: usize,
}

impl Settings {
    pub(crate) fn new(choice: ColorChoice, quiet: bool, term: Terminal) -> Self {
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
            stdout_is_terminal: term.stdout_is_terminal,
            cache_dir: term.cache_dir,
            hold_claims: term.hold_claims.unwrap_or(crate::pipeline::HOLD_CLAIMS),
        }
    }
}

/// Why the pack the arguments ask for cannot be loaded.
#[derive(Debug, thiserror::Error)]
pub(crate) enum PackError {
    /// The project config (`--config` or the `crosscheck.yaml` found) is wrong.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A `--set` argument is wrong.
    #[error(transparent)]
    Set(#[from] SetError),
    /// A folder to add rules from (`--add-rules`, or `rules.add` of the config) is
    /// not one.
    #[error("{from} {}: {problem}\n  help: {from} takes a directory of .yaml rule files", .dir.display())]
    AddRules {
        /// `--add-rules`, or "CONFIG: rules.add".
        from: String,
        dir: PathBuf,
        problem: &'static str,
    },
    /// Every error of the pack's rule files, each with file, line and column.
    #[error("the rule pack has {}:\n{errors}", count(errors))]
    Rules {
        #[from]
        errors: PackErrors,
    },
}

/// "1 error", "3 errors".
fn count(errors: &PackErrors) -> String {
    match errors.0.len() {
        1 => "1 error".to_string(),
        n => format!("{n} errors"),
    }
}

/// As [`load_pack`], for a command that extracts: meanwhile the fixed patterns
/// extraction uses besides the pack's are built on another core (see
/// [`crate::extract::warm_up`]), which the first steps of loading leave idle.
pub(crate) fn load_pack_to_extract(
    args: &PackArgs,
    start: &Path,
    settings: &Settings,
    err: &mut dyn Write,
) -> Result<Pack, PackError> {
    rayon::spawn(crate::extract::warm_up);
    load_pack(args, start, settings, err)
}

/// The pack the arguments ask for: built-in or `--rules`, plus added folders, with
/// the project config (found from `start`) and the flags applied. Notes which config
/// was used, and disable globs that match nothing, on stderr.
pub(crate) fn load_pack(
    args: &PackArgs,
    start: &Path,
    settings: &Settings,
    err: &mut dyn Write,
) -> Result<Pack, PackError> {
    let config_path = match (&args.config, args.no_config) {
        (Some(path), _) => Some(path.clone()),
        (None, true) => None,
        (None, false) => config::find(start),
    };
    let mut cfg = match &config_path {
        Some(path) => config::load(path)?,
        None => config::Config::default(),
    };
    // Added folders are checked here, where it is known who named them: the pack's
    // own errors speak of `--rules`.
    let from_config = config_path
        .as_ref()
        .map(|c| format!("{}: rules.add", c.display()));
    for (dir, from) in cfg
        .add
        .iter()
        .map(|d| (d, from_config.as_deref().unwrap_or("rules.add")))
        .chain(args.add_rules.iter().map(|d| (d, "--add-rules")))
    {
        if let Some(problem) = not_a_rules_dir(dir) {
            return Err(PackError::AddRules {
                from: from.to_string(),
                dir: dir.clone(),
                problem,
            });
        }
    }
    cfg.add.extend(args.add_rules.iter().cloned());
    let config_disables = !cfg.overrides.disable.is_empty();
    cfg.overrides.disable.extend(args.disable.iter().cloned());
    for set in &args.set {
        cfg.overrides.set.push(config::parse_set(set)?);
    }
    if args.hedge_width.is_some() {
        cfg.overrides.hedge_width = args.hedge_width;
    }
    let pack = Pack::load(
        args.rules.as_deref(),
        &cfg.add,
        &cfg.overrides,
        settings.cache_dir.as_deref(),
    )?;
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
    if pack.rules.is_empty() && !pack.disabled.is_empty() {
        let from = config_path
            .as_ref()
            .filter(|_| config_disables)
            .map_or_else(|| "--disable".to_string(), |c| c.display().to_string());
        let _ = writeln!(
            err,
            "{w}warning:{w:#} {from} disables every rule of the pack: nothing will be checked",
            w = p.compatible
        );
    }
    Ok(pack)
}

/// What is wrong with a folder given to add rules from, if anything.
fn not_a_rules_dir(dir: &Path) -> Option<&'static str> {
    if !dir.is_dir() {
        return Some(if dir.exists() {
            "not a directory"
        } else {
            "no such directory"
        });
    }
    let has_rules = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .any(|e| {
            e.file_type().is_file()
                && e.path()
                    .extension()
                    .and_then(|x| x.to_str())
                    .is_some_and(|x| {
                        x.eq_ignore_ascii_case("yaml") || x.eq_ignore_ascii_case("yml")
                    })
        });
    (!has_rules).then_some("no rule files (.yaml or .yml) in this directory")
}

/// Where to look for the project config: the first path given.
pub(crate) fn start_of(paths: &[PathBuf]) -> &Path {
    paths.first().map_or(Path::new("."), PathBuf::as_path)
}

/// The report format a `--format` asks for.
pub(crate) fn format_of(arg: FormatArg) -> Format {
    match arg {
        FormatArg::Text => Format::Text,
        FormatArg::Json => Format::Json,
        FormatArg::Html => Format::Html,
        FormatArg::Dot => Format::Dot,
        FormatArg::Md => Format::Markdown,
        FormatArg::Sarif => Format::Sarif,
    }
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
            cache_dir: None,
            hold_claims: None,
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
