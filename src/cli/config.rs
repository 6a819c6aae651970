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
            params.hedge_width = Some(value.trim().parse().map_err(|_| SetError::NotANumber {
                arg: arg.to_string(),
                value: value.to_string(),
            })?);
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
