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

pub const CONFIG_NAME: &str = "crosscheck.yaml";

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

/// Reads a config file; errors name the file, line and column.
pub fn load(path: &Path) -> Result<Config, String> {
    let shown = path.display();
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{shown}: cannot read the config: {e}"))?;
    let raw: RawConfig = if text.trim().is_empty() {
        RawConfig::default()
    } else {
        serde_yaml::from_str(&text).map_err(|e| {
            let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
            let message = e.to_string();
            let message = message.rfind(" at line ").map_or(message.clone(), |i| message[..i].to_string());
            format!("{shown}:{line}:{column}: {message}\n  help: a config has `rules: {{add, disable, set}}` and `hedges: {{width}}`")
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

/// `--set 'people-*:hedge_width=0.2'` as (glob, params).
pub fn parse_set(arg: &str) -> Result<(String, RuleParams), String> {
    let help = "write --set RULE:PARAM=VALUE, e.g. --set 'people-*:hedge_width=0.2' (params: hedge_width, priority)";
    let (glob, assignment) = arg
        .rsplit_once(':')
        .ok_or_else(|| format!("`{arg}`: {help}"))?;
    let (param, value) = assignment
        .split_once('=')
        .ok_or_else(|| format!("`{arg}`: {help}"))?;
    let mut params = RuleParams::default();
    match param.trim() {
        "hedge_width" => {
            params.hedge_width = Some(
                value
                    .trim()
                    .parse()
                    .map_err(|_| format!("`{arg}`: {value} is not a number"))?,
            );
        }
        "priority" => {
            params.priority = Some(
                value
                    .trim()
                    .parse()
                    .map_err(|_| format!("`{arg}`: {value} is not a whole number"))?,
            );
        }
        other => return Err(format!("`{arg}`: no parameter `{other}`; {help}")),
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
        assert!(parse_set("people-killed").is_err());
        assert!(parse_set("x:colour=red").is_err());
    }
}
