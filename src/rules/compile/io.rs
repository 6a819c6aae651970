//! Reading a pack's files: folders walked for rule files (YAML) and gazetteer
//! tables (TSV), parsed into the raw types with errors located at file, line and
//! column.

use rayon::prelude::*;
use regex::Regex;
use std::path::Path;

use super::super::error::{PackErrors, RuleError, RuleErrorKind as K};
use super::super::locate::Locator;
use super::super::raw::{PlaceKind, RawFile, TablePlace};
use super::macros::closest;

/// A rule file's name (as shown in errors) and text.
#[derive(Clone, Debug)]
pub struct PackFile {
    pub name: String,
    pub text: String,
}

/// Whether a file of a pack folder is read: rule files and gazetteer tables.
fn is_pack_file(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["yaml", "yml", "tsv"]
            .iter()
            .any(|x| e.eq_ignore_ascii_case(x))
    })
}

/// Reads every `.yaml`/`.yml` rule file and `.tsv` gazetteer table under `dir`,
/// sorted by path.
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
        if !entry.file_type().is_file() || !is_pack_file(path) {
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

/// A rule file (YAML) parsed, or its first error located at line and column (a
/// gazetteer table is read by [`parse_table`]).
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

/// Whether a pack file is a gazetteer table (`.tsv`) rather than a rule file.
pub(super) fn is_table(file: &PackFile) -> bool {
    file.name.to_ascii_lowercase().ends_with(".tsv")
}

/// A gazetteer table: a header line, then `id, kind, name, within, population,
/// aliases, demonyms` separated by tabs, lists by `|`. A table has tens of
/// thousands of rows: they are read in blocks of lines side by side, and the first
/// bad row in the file's order is the error.
pub(super) fn parse_table(file: &PackFile) -> Result<Vec<TablePlace>, Box<RuleError>> {
    const BLOCK: usize = 128 * 1024;
    let text = file.text.as_str();
    // (index of the block's first line, the block).
    let mut blocks: Vec<(usize, &str)> = Vec::new();
    let (mut start, mut line) = (0, 0);
    while start < text.len() {
        let end = if text.len() - start <= BLOCK {
            text.len()
        } else {
            // Past the end of the line the block's last byte is in.
            text[start + BLOCK..]
                .find('\n')
                .map_or(text.len(), |i| start + BLOCK + i + 1)
        };
        blocks.push((line, &text[start..end]));
        line += text[start..end].bytes().filter(|&b| b == b'\n').count();
        start = end;
    }
    let parts: Vec<Result<Vec<TablePlace>, Box<RuleError>>> = blocks
        .par_iter()
        .map(|&(first, block)| parse_rows(file, first, block))
        .collect();
    let mut rows = Vec::with_capacity(parts.iter().flatten().map(Vec::len).sum());
    for part in parts {
        rows.extend(part?);
    }
    Ok(rows)
}

/// The rows among `lines` of a table, the first of them the file's line at index
/// `first` (0-based; the file's first line is its header).
fn parse_rows(
    file: &PackFile,
    first: usize,
    lines: &str,
) -> Result<Vec<TablePlace>, Box<RuleError>> {
    let list = |s: &str| -> Vec<String> {
        s.split('|')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(str::to_string)
            .collect()
    };
    // Rows of the default gazetteer are 65 bytes on average.
    let mut rows = Vec::with_capacity(lines.len() / 48);
    for (i, line) in lines.lines().enumerate().map(|(i, l)| (first + i, l)) {
        if i == 0 || line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |column: usize, message: String| {
            Box::new(
                RuleError::new(K::Invalid, &file.name, message)
                    .at((i + 1, column))
                    .hint("a gazetteer row is: id, kind, name, within, population, aliases, demonyms (tab-separated)"),
            )
        };
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 7 {
            return Err(bad(1, format!("{} columns, expected 7", f.len())));
        }
        let column_of = |n: usize| f[..n].iter().map(|x| x.chars().count() + 1).sum::<usize>() + 1;
        let kind = match f[1] {
            "country" => PlaceKind::Country,
            "territory" => PlaceKind::Territory,
            "region" => PlaceKind::Region,
            "city" => PlaceKind::City,
            "site" => PlaceKind::Site,
            other => return Err(bad(column_of(1), format!("unknown place kind `{other}`"))),
        };
        let population = if f[4].is_empty() {
            0
        } else {
            f[4].parse()
                .map_err(|_| bad(column_of(4), format!("`{}` is not a population", f[4])))?
        };
        rows.push(TablePlace {
            id: f[0].to_string(),
            kind,
            name: f[2].to_string(),
            within: (!f[3].is_empty()).then(|| f[3].to_string()),
            population,
            aliases: list(f[5]),
            demonyms: list(f[6]),
            line: i + 1,
        });
    }
    Ok(rows)
}
