//! Reports in: finding the files to check, reading the sources manifest, and loading
//! each text. Every path the user gives ends up either as a loaded [`Source`] or as a
//! [`SourceStatus`] that says why it was skipped; nothing is dropped silently.

pub mod text;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The manifest file crosscheck looks for in a folder of reports.
pub const MANIFEST_NAME: &str = "sources.yaml";

/// Files of a corpus folder that describe the corpus rather than report on the event:
/// the manifest, and the gold file, claim snapshot and saved scores of `crosscheck
/// test --corpus`. A folder walk passes over them.
pub const CORPUS_METADATA: &[&str] = &[
    MANIFEST_NAME,
    "gold.yaml",
    "gold-claims.yaml",
    "claims.snapshot",
    "gold-scores.json",
];

/// File extensions read as reports when walking a folder.
pub const REPORT_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "text"];

/// A report, loaded.
#[derive(Clone, Debug)]
pub struct Source {
    pub id: String,
    /// As the user would type it (relative to the working folder when given so).
    pub path: String,
    pub published: Option<Date>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    /// The story the report belongs to (manifest): only reports of one story are
    /// compared. `None`: every report is about the same story.
    pub story: Option<String>,
    pub text: String,
    /// Things the user should know about the file (invalid UTF-8 replaced…).
    pub warnings: Vec<String>,
}

/// What became of an input file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Read and checked.
    Checked,
    /// Not a report, or nothing to check in it (empty, binary, another extension).
    Skipped,
    /// Should have been checked but could not be (missing, unreadable): exit code 2.
    Error,
}

/// One input file and its fate, as the report lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceStatus {
    pub id: String,
    pub path: String,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Claims extracted from it.
    #[serde(default)]
    pub claims: usize,
}

impl SourceStatus {
    fn skipped(path: &Path, status: Status, reason: impl Into<String>) -> Self {
        SourceStatus {
            id: file_id(path),
            path: path.display().to_string(),
            status,
            reason: Some(reason.into()),
            published: None,
            outlet: None,
            url: None,
            story: None,
            warnings: Vec::new(),
            claims: 0,
        }
    }

    /// Whether the user should hear of this input on stderr: skipped, failed, or
    /// read with a warning.
    pub fn is_noteworthy(&self) -> bool {
        self.status != Status::Checked || !self.warnings.is_empty()
    }

    /// "checked", "skipped" or "error".
    pub fn status_word(&self) -> &'static str {
        match self.status {
            Status::Checked => "checked",
            Status::Skipped => "skipped",
            Status::Error => "error",
        }
    }

    /// The status of a loaded source before extraction.
    pub fn checked(source: &Source) -> Self {
        SourceStatus {
            id: source.id.clone(),
            path: source.path.clone(),
            status: Status::Checked,
            reason: None,
            published: source.published.map(|d| d.to_string()),
            outlet: source.outlet.clone(),
            url: source.url.clone(),
            story: source.story.clone(),
            warnings: source.warnings.clone(),
            claims: 0,
        }
    }
}

/// A manifest entry: metadata for one report file.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestEntry {
    /// The file name, relative to the manifest's folder.
    pub file: String,
    /// Defaults to the file name without its extension.
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub outlet: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    /// Publication date, YYYY-MM-DD.
    #[serde(default)]
    pub published: Option<String>,
    /// Under what terms the text is kept ("public domain", "CC BY 2.5",
    /// "quotation"): shown, never interpreted.
    #[serde(default)]
    pub licence: Option<String>,
    /// Anything a reader of the manifest should know about the file: shown, never
    /// interpreted.
    #[serde(default)]
    pub note: Option<String>,
    /// The story (event) the report is about: reports of different stories are not
    /// compared with each other.
    #[serde(default)]
    pub story: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    sources: Vec<ManifestEntry>,
}

/// A manifest that cannot be used: the run stops, since its dates would be lost.
#[derive(Debug, thiserror::Error)]
#[error("{path}:{line}:{column}: {message}")]
pub struct ManifestError {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// A file to load, with what its manifest entry says. A run holds one per input
/// file until the file is read, so it keeps only what loading needs.
#[derive(Clone, Debug, Default)]
pub struct Candidate {
    pub path: PathBuf,
    pub id: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub story: Option<String>,
    pub published: Option<Date>,
}

/// The inputs of a run: files to load, and files already known to be skipped.
#[derive(Debug, Default)]
pub struct Inputs {
    pub candidates: Vec<Candidate>,
    pub skipped: Vec<SourceStatus>,
}

/// Expands the paths the user gave into files to check. Folders are walked in name
/// order; a `sources.yaml` in a folder supplies ids and dates for its files.
pub fn discover(paths: &[PathBuf]) -> Result<Inputs, ManifestError> {
    let mut inputs = Inputs::default();
    // Files already taken, when several paths may name one file twice. One folder's
    // walk yields each file once, so a single path needs no set (on a corpus of
    // 250,000 files the set is tens of megabytes).
    let mut seen = Seen((paths.len() > 1).then(BTreeSet::new));
    for path in paths {
        if path.is_dir() {
            discover_dir(path, &mut inputs, &mut seen)?;
        } else if path.is_file() {
            if seen.insert(path) {
                let manifest = path
                    .parent()
                    .map(|p| p.join(MANIFEST_NAME))
                    .filter(|m| m.is_file());
                let entries = match &manifest {
                    Some(m) => read_manifest(m)?,
                    None => Vec::new(),
                };
                let name = path.file_name().map(|n| n.to_string_lossy().to_string());
                let entry = entries.into_iter().find(|e| Some(&e.file) == name.as_ref());
                inputs.candidates.push(candidate(path.clone(), entry)?);
            }
        } else if path.exists() {
            inputs.skipped.push(SourceStatus::skipped(
                path,
                Status::Skipped,
                "not a regular file",
            ));
        } else {
            inputs.skipped.push(SourceStatus::skipped(
                path,
                Status::Error,
                "no such file or folder",
            ));
        }
    }
    Ok(inputs)
}

/// The files a discovery has taken; `None` when no file can come twice.
struct Seen(Option<BTreeSet<PathBuf>>);

impl Seen {
    /// False when `path` was taken before.
    fn insert(&mut self, path: &Path) -> bool {
        self.0
            .as_mut()
            .is_none_or(|set| set.insert(path.to_path_buf()))
    }
}

fn discover_dir(dir: &Path, inputs: &mut Inputs, seen: &mut Seen) -> Result<(), ManifestError> {
    let manifest_path = dir.join(MANIFEST_NAME);
    let mut entries: Vec<ManifestEntry> = if manifest_path.is_file() {
        read_manifest(&manifest_path)?
    } else {
        Vec::new()
    };
    // Files are looked up by name (a manifest may list hundreds of thousands) through
    // entry indices sorted by file name: a few bytes per entry, where a map would copy
    // every name. `used` marks the entries given to a file.
    let mut by_file: Vec<usize> = (0..entries.len()).collect();
    by_file.sort_by(|&a, &b| entries[a].file.cmp(&entries[b].file));
    let mut used = vec![false; entries.len()];
    for item in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let item = match item {
            Ok(i) => i,
            Err(e) => {
                let path = e
                    .path()
                    .map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
                inputs.skipped.push(SourceStatus::skipped(
                    &path,
                    Status::Error,
                    format!("cannot read: {e}"),
                ));
                continue;
            }
        };
        let path = item.path();
        let metadata = item.depth() == 1
            && path
                .file_name()
                .is_some_and(|n| CORPUS_METADATA.iter().any(|m| n == *m));
        if !item.file_type().is_file() || metadata {
            continue;
        }
        if !seen.insert(path) {
            continue;
        }
        let is_report = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| REPORT_EXTENSIONS.iter().any(|r| r.eq_ignore_ascii_case(e)));
        if !is_report {
            let ext = path.extension().map_or_else(
                || "no extension".to_string(),
                |e| format!(".{}", e.to_string_lossy()),
            );
            inputs.skipped.push(SourceStatus::skipped(
                path,
                Status::Skipped,
                format!("not a report ({ext}); crosscheck reads .txt and .md files in folders"),
            ));
            continue;
        }
        let rel = path
            .strip_prefix(dir)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        // The first unused entry for this name; its fields are moved, not cloned.
        let first = by_file.partition_point(|&i| entries[i].file.as_str() < rel.as_str());
        let entry = by_file[first..]
            .iter()
            .take_while(|&&i| entries[i].file == rel)
            .find(|&&i| !used[i])
            .map(|&i| {
                used[i] = true;
                let e = &mut entries[i];
                ManifestEntry {
                    file: String::new(),
                    id: e.id.take(),
                    outlet: e.outlet.take(),
                    url: e.url.take(),
                    author: None,
                    title: None,
                    published: e.published.take(),
                    licence: None,
                    note: None,
                    story: e.story.take(),
                }
            });
        inputs
            .candidates
            .push(candidate(path.to_path_buf(), entry)?);
    }
    for entry in entries
        .into_iter()
        .zip(used)
        .filter_map(|(e, used)| (!used).then_some(e))
    {
        let path = dir.join(&entry.file);
        let reason = format!("listed in {} but not found", manifest_path.display());
        let mut status = SourceStatus::skipped(&path, Status::Error, reason);
        if let Some(id) = entry.id {
            status.id = id;
        }
        inputs.skipped.push(status);
    }
    Ok(())
}

fn candidate(path: PathBuf, entry: Option<ManifestEntry>) -> Result<Candidate, ManifestError> {
    let published = match entry.as_ref().and_then(|e| e.published.as_deref()) {
        None => None,
        Some(text) => Some(text.trim().parse::<Date>().map_err(|e| {
            ManifestError {
                path: path
                    .parent()
                    .map_or_else(String::new, |p| p.join(MANIFEST_NAME).display().to_string()),
                line: 0,
                column: 0,
                message: format!(
                    "`published: {text}` for {} is not a date (YYYY-MM-DD): {e}",
                    path.display()
                ),
            }
        })?),
    };
    let entry = entry.unwrap_or_default();
    Ok(Candidate {
        path,
        id: entry.id,
        outlet: entry.outlet,
        url: entry.url,
        story: entry.story,
        published,
    })
}

/// Manifests larger than this are read one entry at a time (see [`entries_one_by_one`]).
const LARGE_MANIFEST: usize = 1 << 20;

fn read_manifest(path: &Path) -> Result<Vec<ManifestEntry>, ManifestError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| ManifestError {
        path: shown.clone(),
        line: 0,
        column: 0,
        message: format!("cannot read the manifest: {e}"),
    })?;
    if text.len() > LARGE_MANIFEST
        && let Some(entries) = entries_one_by_one(&text)
    {
        return Ok(entries);
    }
    let raw: RawManifest = serde_yaml::from_str(&text).map_err(|e| yaml_error(&shown, &e))?;
    Ok(raw.sources)
}

fn yaml_error(path: &str, e: &serde_yaml::Error) -> ManifestError {
    let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
    let message = e.to_string();
    let message = message
        .rfind(" at line ")
        .map_or(message.clone(), |i| message[..i].to_string());
    ManifestError {
        path: path.to_string(),
        line,
        column,
        message,
    }
}

/// A large manifest read entry by entry: serde_yaml holds every event of a document
/// in memory before deserializing it, which for a manifest of 250,000 files is a few
/// hundred megabytes. This handles the usual layout (comments, `sources:`, then one
/// `- ` item per file at one indentation). `None` for anything else, and for any
/// entry that does not parse on its own: the caller then reads the whole document,
/// which gives the same entries or the error with its exact line.
fn entries_one_by_one(text: &str) -> Option<Vec<ManifestEntry>> {
    let blank = |l: &str| l.trim().is_empty() || l.trim_start().starts_with('#');
    // Leading spaces only: a tab or other whitespace in the indentation is left to
    // the YAML parser.
    let indent_of = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = lines.iter().position(|l| !blank(l))?;
    if lines[i].trim_end() != "sources:" {
        return None;
    }
    i += 1;
    let first = i + lines[i..].iter().position(|l| !blank(l))?;
    let indent = indent_of(lines[first]);
    let is_item = |l: &str| indent_of(l) == indent && l[indent..].starts_with("- ");
    if !is_item(lines[first]) {
        return None;
    }
    let mut entries = Vec::new();
    let mut start = first;
    let mut item = String::new();
    while start < lines.len() {
        let mut end = start + 1;
        while end < lines.len() && !is_item(lines[end]) {
            if !(blank(lines[end]) || indent_of(lines[end]) > indent) {
                return None; // another top-level key: read the whole document
            }
            end += 1;
        }
        item.clear();
        for l in &lines[start..end] {
            // Blank and comment lines may be indented less than the item.
            item.push_str(
                l.get(indent..)
                    .filter(|_| indent_of(l) >= indent)
                    .unwrap_or(""),
            );
            item.push('\n');
        }
        entries.append(&mut serde_yaml::from_str::<Vec<ManifestEntry>>(&item).ok()?);
        start = end;
    }
    Some(entries)
}

fn file_id(path: &Path) -> String {
    path.file_stem().map_or_else(
        || path.display().to_string(),
        |s| s.to_string_lossy().to_string(),
    )
}

/// The id a candidate gets: its manifest id, else its file name without extension.
pub fn candidate_id(candidate: &Candidate) -> String {
    candidate
        .id
        .clone()
        .unwrap_or_else(|| file_id(&candidate.path))
}

/// Reads a candidate: a [`Source`], or the status that says why it was skipped.
pub fn load(candidate: &Candidate) -> Result<Source, Box<SourceStatus>> {
    let path = &candidate.path;
    let bytes = std::fs::read(path).map_err(|e| {
        Box::new(SourceStatus::skipped(
            path,
            Status::Error,
            format!("cannot read: {e}"),
        ))
    })?;
    let status_id = |mut s: SourceStatus| {
        if let Some(id) = candidate.id.clone() {
            s.id = id;
        }
        Box::new(s)
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(status_id(SourceStatus::skipped(
            path,
            Status::Skipped,
            "empty file",
        )));
    }
    if bytes.contains(&0) {
        return Err(status_id(SourceStatus::skipped(
            path,
            Status::Skipped,
            "binary file (contains NUL bytes)",
        )));
    }
    let mut warnings = Vec::new();
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let replaced = lossy.matches('\u{fffd}').count();
            warnings.push(format!(
                "not valid UTF-8: {replaced} invalid byte sequence(s) read as U+FFFD; columns after them may be off"
            ));
            lossy
        }
    };
    Ok(Source {
        id: candidate.id.clone().unwrap_or_else(|| file_id(path)),
        path: path.display().to_string(),
        published: candidate.published,
        outlet: candidate.outlet.clone(),
        url: candidate.url.clone(),
        story: candidate.story.clone(),
        text,
        warnings,
    })
}

/// Makes source ids unique: a later file whose id is taken gets its path as id.
pub fn dedup_ids(sources: &mut [Source]) {
    let mut taken = BTreeSet::new();
    for source in sources.iter_mut() {
        if !taken.insert(source.id.clone()) {
            source.id = source.path.clone();
            taken.insert(source.id.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(text: &str) -> Vec<ManifestEntry> {
        serde_yaml::from_str::<RawManifest>(text).unwrap().sources
    }

    fn summary(entries: &[ManifestEntry]) -> Vec<(String, Option<String>, Option<String>)> {
        entries
            .iter()
            .map(|e| (e.file.clone(), e.id.clone(), e.story.clone()))
            .collect()
    }

    #[test]
    fn entry_by_entry_reads_what_the_whole_document_reads() {
        let text = "# a manifest\nsources:\n  - file: a.txt\n    id: \"001\"\n    # note\n\n    story: talks\n  - file: b.txt   # trailing comment\n    published: 2025-10-05\n";
        let one = entries_one_by_one(text).expect("usual layout");
        assert_eq!(summary(&one), summary(&whole(text)));
        assert_eq!(one.len(), 2);
    }

    #[test]
    fn unusual_layouts_and_bad_entries_fall_back_to_the_whole_document() {
        // Another top-level key, an entry that does not parse, odd indentation and
        // multi-byte whitespace: never a panic, always `None`.
        for text in [
            "sources:\n  - file: a.txt\nother: 1\n",
            "sources:\n  - file: a.txt\n    nonsense_field: 1\n",
            "sources:\n  - file: a.txt\n\u{3000}\u{3000}- file: b.txt\n",
            "sources:\n\u{3000}- file: a.txt\n",
            "sources: []\n",
            "sources:\n",
        ] {
            assert!(entries_one_by_one(text).is_none(), "{text:?}");
        }
    }
}
