//! The project config file, `crosscheck.yaml`: a newsroom's changes to the default
//! pack without forking it. Found by walking up from the corpus (or the working
//! folder), or given with `--config`; command-line flags add to it and win.
//!
//! ```yaml
//! rules:
//!   add: [newsroom-rules]          # rule folders added to the pack, relative to this file
//!   disable: [unlisted-name, "poll-*"]
//!   set:
//!     "people-*": {hedge_width: 0.2}
//! hedges:
//!   width: 0.15                    # the pack-wide width of "about N" and "nearly N"
//! ```

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::rules::{Overrides, RuleParams};

pub use crate::source::CONFIG_NAME;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    rules: RawRules,
    #[serde(default)]
    hedges: RawHedges,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    /// Rule folders added to the pack, relative to the config file.
    #[serde(default)]
    add: Vec<PathBuf>,
    /// Rule ids or globs to leave out.
    #[serde(default)]
    disable: Vec<String>,
    /// Parameters by rule id or glob.
    #[serde(default)]
    set: BTreeMap<String, RuleParams>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHedges {
    #[serde(default)]
    width: Option<f64>,
}

/// A loaded config: extra rule folders and overrides.
#[derive(Debug, Default)]
pub struct Config {
    pub path: Option<PathBuf>,
    pub add: Vec<PathBuf>,
    pub overrides: Overrides,
}

/// The nearest `crosscheck.yaml` at or above `start`.
pub fn find(start: &Path) -> Option<PathBuf> {
    let start = if start.is_file() {
        start.parent()?
    } else {
        start
    };
    let start = std::fs::canonicalize(start).ok()?;
    start
        .ancestors()
        .map(|d| d.join(CONFIG_NAME))
        .find(|p| p.is_file())
}

/// A config file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("{}: cannot read the config: {source}", .path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file is not a config; line and column are 1-based, 0 when the YAML parser
    /// gives no location.
    #[error(
        "{}:{line}:{column}: {message}\n  help: a config has `rules: {{add, disable, set}}` and `hedges: {{width}}`",
        .path.display()
    )]
    Yaml {
        path: PathBuf,
        line: usize,
        column: usize,
        /// The parser's message, without its own "at line … column …".
        message: String,
    },
}

/// Reads a config file; errors name the file, line and column.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let raw: RawConfig = if text.trim().is_empty() {
        RawConfig::default()
    } else {
        serde_yaml::from_str(&text).map_err(|e| {
            let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
            let message = e.to_string();
            let message = message
                .rfind(" at line ")
                .map_or(message.clone(), |i| message[..i].to_string());
            ConfigError::Yaml {
                path: path.to_path_buf(),
                line,
                column,
                message,
            }
        })?
    };
    // Numbers serde cannot check: widths are finite fractions below 1.
    let bad_width = |key: &str, from: usize, width: f64, what: &str| {
        check_width(width).map_err(|message| {
            let (line, column) = locate_key(&text, key, from);
            ConfigError::Yaml {
                path: path.to_path_buf(),
                line,
                column,
                message: format!("{what}: {message}"),
            }
        })
    };
    if let Some(width) = raw.hedges.width {
        let hedges = locate_key(&text, "hedges", 1).0;
        bad_width("width", hedges, width, "hedges.width")?;
    }
    for (glob, params) in &raw.rules.set {
        if let Some(width) = params.hedge_width {
            let at = locate_key(&text, glob, 1).0;
            bad_width(
                "hedge_width",
                at,
                width,
                &format!("rules.set.{glob}.hedge_width"),
            )?;
        }
    }
    let base = path.parent().unwrap_or(Path::new("."));
    Ok(Config {
        path: Some(path.to_path_buf()),
        add: raw.rules.add.iter().map(|p| base.join(p)).collect(),
        overrides: Overrides {
            disable: raw.rules.disable,
            set: raw.rules.set.into_iter().collect(),
            hedge_width: raw.hedges.width,
        },
    })
}

/// The widths "about N" and "nearly N" may have: a finite fraction of N, at least 0
/// and less than 1 (at 1, "about 10" would reach 0).
pub(crate) fn check_width(width: f64) -> Result<f64, String> {
    if width.is_finite() && (0.0..1.0).contains(&width) {
        Ok(width)
    } else {
        Err(format!(
            "{width} is not a width: give a number from 0 up to (not including) 1, e.g. 0.1 for 10 %"
        ))
    }
}

/// `--hedge-width`, as clap parses it.
pub(crate) fn parse_width(arg: &str) -> Result<f64, String> {
    let width: f64 = arg
        .trim()
        .parse()
        .map_err(|_| format!("`{arg}` is not a number"))?;
    check_width(width)
}

/// 1-based line and column of the first `key:` value in a YAML text at or after
/// line `from` (1-based); (0, 0) when not found.
fn locate_key(text: &str, key: &str, from: usize) -> (usize, usize) {
    for (n, line) in text.lines().enumerate().skip(from.saturating_sub(1)) {
        let mut at = 0;
        while let Some(i) = line[at..].find(key) {
            let start = at + i;
            let rest = &line[start + key.len()..];
            let before = line[..start].chars().next_back();
            if before.is_none_or(|c| c.is_whitespace() || matches!(c, '{' | ',' | '"' | '\''))
                && let Some(value) = rest
                    .trim_start_matches(['"', '\''])
                    .trim_start()
                    .strip_prefix(':')
            {
                let value_at = line.len() - value.trim_start().len();
                return (n + 1, line[..value_at].chars().count() + 1);
            }
            at = start + key.len();
        }
    }
    (0, 0)
}

/// How a `--set` is written, for its errors.
const SET_HELP: &str = "write --set RULE:PARAM=VALUE, e.g. --set 'people-*:hedge_width=0.2' (params: hedge_width, priority)";

/// A `--set` argument that cannot be used; each names the argument as given.
#[derive(Debug, thiserror::Error)]
pub enum SetError {
    /// Not of the form GLOB:PARAM=VALUE.
    #[error("`{arg}`: {SET_HELP}")]
    Form { arg: String },
    /// A parameter crosscheck does not know.
    #[error("`{arg}`: no parameter `{param}`; {SET_HELP}")]
    UnknownParam { arg: String, param: String },
    /// `hedge_width` takes a number.
    #[error("`{arg}`: {value} is not a number")]
    NotANumber { arg: String, value: String },
    /// `priority` takes a whole number.
    #[error("`{arg}`: {value} is not a whole number")]
    NotAWholeNumber { arg: String, value: String },
    /// A number out of its range (a width that is not finite, or not in [0, 1)).
    #[error("`{arg}`: {message}")]
    OutOfRange { arg: String, message: String },
}

/// `--set 'people-*:hedge_width=0.2'` as (glob, params).
pub fn parse_set(arg: &str) -> Result<(String, RuleParams), SetError> {
    let form = || SetError::Form {
        arg: arg.to_string(),
    };
    let (glob, assignment) = arg.rsplit_once(':').ok_or_else(form)?;
    let (param, value) = assignment.split_once('=').ok_or_else(form)?;
    let mut params = RuleParams::default();
    match param.trim() {
        "hedge_width" => {
            let width: f64 = value.trim().parse().map_err(|_| SetError::NotANumber {
                arg: arg.to_string(),
                value: value.to_string(),
            })?;
            let width = check_width(width).map_err(|message| SetError::OutOfRange {
                arg: arg.to_string(),
                message,
            })?;
            params.hedge_width = Some(width);
        }
        "priority" => {
            params.priority =
                Some(
                    value
                        .trim()
                        .parse()
                        .map_err(|_| SetError::NotAWholeNumber {
                            arg: arg.to_string(),
                            value: value.to_string(),
                        })?,
                );
        }
        other => {
            return Err(SetError::UnknownParam {
                arg: arg.to_string(),
                param: other.to_string(),
            });
        }
    }
    Ok((glob.to_string(), params))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_arguments() {
        let (glob, params) = parse_set("people-*:hedge_width=0.2").unwrap();
        assert_eq!(glob, "people-*");
        assert_eq!(params.hedge_width, Some(0.2));
        assert!(matches!(
            parse_set("people-killed"),
            Err(SetError::Form { .. })
        ));
        assert_eq!(
            parse_set("x:colour=red").unwrap_err().to_string(),
            format!("`x:colour=red`: no parameter `colour`; {SET_HELP}")
        );
        assert!(matches!(
            parse_set("x:priority=high"),
            Err(SetError::NotAWholeNumber { .. })
        ));
    }
}
