//! Reading a pack's files: folders walked for rule files, YAML parsed into the raw
//! types with errors located at file, line and column.

use regex::Regex;
use std::path::Path;

use super::super::error::{PackErrors, RuleError, RuleErrorKind as K};
use super::super::locate::Locator;
use super::super::raw::RawFile;
use super::macros::closest;

/// A rule file's name (as shown in errors) and text.
#[derive(Clone, Debug)]
pub struct PackFile {
    pub name: String,
    pub text: String,
}

/// Reads every `.yaml`/`.yml` file under `dir`, sorted by path.
pub fn read_dir(dir: &Path) -> Result<Vec<PackFile>, PackErrors> {
    let shown = dir.display().to_string();
    if !dir.is_dir() {
        return Err(PackErrors(vec![
            RuleError::new(K::Io, &shown, "not a directory")
                .hint("--rules takes a directory of .yaml rule files"),
        ]));
    }
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                errors.push(RuleError::new(K::Io, &shown, e.to_string()));
                continue;
            }
        };
        let path = entry.path();
        let is_yaml = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
        if !entry.file_type().is_file() || !is_yaml {
            continue;
        }
        match std::fs::read_to_string(path) {
            Ok(text) => files.push(PackFile {
                name: path.display().to_string(),
                text,
            }),
            Err(e) => errors.push(RuleError::new(
                K::Io,
                &path.display().to_string(),
                e.to_string(),
            )),
        }
    }
    if files.is_empty() && errors.is_empty() {
        errors.push(
            RuleError::new(
                K::Empty,
                &shown,
                "no rule files (.yaml or .yml) in this directory",
            )
            .hint("point --rules at a rule pack such as the repository's rules/ folder"),
        );
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(PackErrors(errors))
    }
}

pub(super) fn parse_file(file: &PackFile) -> Result<RawFile, Box<RuleError>> {
    let only_comments = file.text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---"
    });
    if only_comments {
        return Ok(RawFile::default());
    }
    serde_yaml::from_str::<RawFile>(&file.text).map_err(|e| {
        let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
        let message = strip_yaml_position(&e.to_string());
        let mut err = RuleError::new(K::Yaml, &file.name, message).at((line, column));
        if let Some(id) = Locator::new(&file.text).id_before_line(line) {
            err = err.in_rule(&id);
        }
        let hint = if err.message.contains("unknown field") {
            misspelt_field(&err.message)
                .map(|best| format!("did you mean `{best}`?"))
                .unwrap_or_else(|| {
                    "see docs/rules.md for the fields a rule file may have".to_string()
                })
        } else {
            "check the YAML syntax at this position (indentation, quotes, a missing `-`)"
                .to_string()
        };
        Box::new(err.hint(hint))
    })
}

/// For serde's "unknown field `kee`, expected one of `id`, `key`, …": the expected
/// field closest to the unknown one, if it is close.
fn misspelt_field(message: &str) -> Option<String> {
    let re = Regex::new(r"`([^`]+)`").ok()?;
    let mut names = re.captures_iter(message).map(|c| c[1].to_string());
    let unknown = names.next()?;
    let expected: Vec<String> = names.collect();
    closest(&unknown, expected.iter()).map(str::to_string)
}

/// serde_yaml ends its messages with "at line L column C"; the error already says so.
fn strip_yaml_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}
