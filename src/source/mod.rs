//! Reports in: finding the files to check, reading the sources manifest, and loading
//! each text. Every path the user gives ends up either as a loaded [`Source`] or as a
//! [`SourceStatus`] that says why it was skipped; nothing is dropped silently.

pub mod dateline;
pub mod html;
pub mod text;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The manifest file crosscheck looks for in a folder of reports.
pub const MANIFEST_NAME: &str = "sources.yaml";

/// The project config (see `cli::config`): never read as a report.
pub const CONFIG_NAME: &str = "crosscheck.yaml";

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
pub const REPORT_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "text", "html", "htm"];

/// File extensions of saved web pages: their article is read (see [`html`]).
pub const PAGE_EXTENSIONS: &[&str] = &["html", "htm"];

/// Where a report's metadata was read when the manifest did not give it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// The page's own metadata (JSON-LD, meta tags, `<time>`, `<title>`).
    Page,
    /// A line of the report's text (a date line; see [`dateline`]).
    Text,
}

/// Where each of a report's published date, outlet, address and title was read
/// when not from the manifest: `None` when the manifest gave it, or nothing did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Origins {
    pub published: Option<Origin>,
    pub outlet: Option<Origin>,
    pub url: Option<Origin>,
    pub title: Option<Origin>,
}

/// A report, loaded.
#[derive(Clone, Debug)]
pub struct Source {
    pub id: String,
    /// As the user would type it (relative to the working folder when given so).
    pub path: String,
    pub published: Option<Date>,
    /// The line of the text the date was read from, when no manifest gave it (see
    /// [`dateline`]).
    pub published_from: Option<usize>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    /// The headline (manifest `title`, else a page's title).
    pub title: Option<String>,
    /// Who wrote it, as a page names them (or the manifest's `author` for a page).
    pub byline: Option<String>,
    /// Where published, outlet, url and title were read when not from the manifest.
    pub origins: Origins,
    /// The story the report belongs to (manifest): only reports of one story are
    /// compared. `None`: every report is about the same story.
    pub story: Option<String>,
    /// The text claims point into: the file's text, or a page's readable text.
    pub text: String,
    /// Things the user should know about the file (invalid UTF-8 replaced…).
    pub warnings: Vec<String>,
}

impl Source {
    /// A source of `text` alone, read from no file: no date, outlet, url, title or
    /// story (a rule's example, a test's text).
    pub fn of_text(id: &str, path: &str, text: impl Into<String>) -> Source {
        Source {
            id: id.into(),
            path: path.into(),
            published: None,
            published_from: None,
            outlet: None,
            url: None,
            title: None,
            byline: None,
            origins: Origins::default(),
            story: None,
            text: text.into(),
            warnings: Vec::new(),
        }
    }
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
    /// The line of the report's text its date was read from, when no manifest gave
    /// the date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_line: Option<usize>,
    /// Where `published` was read when no manifest gave it: `page` or `text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_from: Option<Origin>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// `page` when the outlet was read from the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet_from: Option<Origin>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// `page` when the address was read from the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_from: Option<Origin>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `page` when the title was read from the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_from: Option<Origin>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byline: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story: Option<String>,
    /// The report whose text this one copies (a wire story republished), which
    /// stands for both as one independent source; found when claims are aligned, so
    /// only the JSON report, written after the findings, gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy_of: Option<String>,
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
            published_line: None,
            published_from: None,
            outlet: None,
            outlet_from: None,
            url: None,
            url_from: None,
            title: None,
            title_from: None,
            byline: None,
            story: None,
            copy_of: None,
            warnings: Vec::new(),
            claims: 0,
        }
    }

    /// The publication date as reports show it, saying where it was read when the
    /// manifest did not give it: "2025-10-05 (line 2 of the text)", "2025-10-05
    /// (from the page)".
    pub fn published_shown(&self) -> Option<String> {
        let date = self.published.as_deref()?;
        Some(match (self.published_line, self.published_from) {
            (Some(line), _) => format!("{date} (line {line} of the text)"),
            (None, Some(Origin::Page)) => format!("{date} (from the page)"),
            _ => date.to_string(),
        })
    }

    /// The outlet as reports show it: "Wikinews (from the page)" when read there.
    pub fn outlet_shown(&self) -> Option<String> {
        shown_from(self.outlet.as_deref()?, self.outlet_from)
    }

    /// The title as reports show it, "(from the page)" when read there.
    pub fn title_shown(&self) -> Option<String> {
        shown_from(self.title.as_deref()?, self.title_from)
    }

    /// The address as reports show it, "(from the page)" when read there.
    pub fn url_shown(&self) -> Option<String> {
        shown_from(self.url.as_deref()?, self.url_from)
    }

    /// Title, outlet and address on one line, saying where they were read when not
    /// from the manifest: "“Quake kills 35” · Example News · https://… (from the
    /// page)"; `None` when none is known.
    pub fn about_shown(&self) -> Option<String> {
        let title = self.title.as_ref().map(|t| format!("“{t}”"));
        let parts: Vec<(String, Option<Origin>)> = [
            (title, self.title_from),
            (self.outlet.clone(), self.outlet_from),
            (self.url.clone(), self.url_from),
        ]
        .into_iter()
        .filter_map(|(value, from)| Some((value?, from)))
        .collect();
        let first = parts.first()?.1;
        if parts.iter().all(|(_, from)| *from == first) {
            let joined: Vec<&str> = parts.iter().map(|(v, _)| v.as_str()).collect();
            return shown_from(&joined.join(" · "), first);
        }
        let each: Vec<String> = parts
            .iter()
            .filter_map(|(v, from)| shown_from(v, *from))
            .collect();
        Some(each.join(" · "))
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
            published_line: source.published_from,
            published_from: source.origins.published,
            outlet: source.outlet.clone(),
            outlet_from: source.origins.outlet,
            url: source.url.clone(),
            url_from: source.origins.url,
            title: source.title.clone(),
            title_from: source.origins.title,
            byline: source.byline.clone(),
            story: source.story.clone(),
            copy_of: None,
            warnings: source.warnings.clone(),
            claims: 0,
        }
    }
}

/// A value and where it was read, as reports show it.
fn shown_from(value: &str, from: Option<Origin>) -> Option<String> {
    Some(match from {
        Some(Origin::Page) => format!("{value} (from the page)"),
        Some(Origin::Text) => format!("{value} (from the text)"),
        None => value.to_string(),
    })
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
/// file until the file is read, so it keeps only what loading needs, and what a
/// manifest gives least (outlet, address, title, author) in a box of its own, none
/// when the entry gives none of them: 88 bytes a file rather than 176, 21 MB of a
/// run over 240,000 files.
#[derive(Clone, Debug, Default)]
pub struct Candidate {
    pub path: PathBuf,
    pub id: Option<String>,
    pub story: Option<String>,
    pub published: Option<Date>,
    pub about: Option<Box<About>>,
}

/// What a manifest entry says of a report besides its id, story and date.
#[derive(Clone, Debug, Default)]
pub struct About {
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub author: Option<String>,
}

/// The inputs of a run: files to load, and files already known to be skipped.
#[derive(Debug, Default)]
pub struct Inputs {
    pub candidates: Vec<Candidate>,
    pub skipped: Vec<SourceStatus>,
    /// Files larger than this are skipped when loaded (`None`:
    /// [`DEFAULT_MAX_FILE_SIZE`]).
    pub max_file_size: Option<u64>,
}

/// What discovery needs to know besides the paths.
#[derive(Clone, Debug, Default)]
pub struct DiscoverOptions {
    /// The file the report will be written to (`-o`): never read as a report, and
    /// never allowed to be one of the inputs.
    pub output: Option<PathBuf>,
    /// Files larger than this are skipped (`None`: [`DEFAULT_MAX_FILE_SIZE`]).
    pub max_file_size: Option<u64>,
    /// Paths read from a list (`--files-from`), after the paths given: folders are
    /// walked; a file is read when it has a report's extension and is not a
    /// manifest or config, else listed as skipped with the reason, as in a walk.
    pub listed: Vec<PathBuf>,
    /// Manifests given by name (`--manifest`): each file they list is read, wherever
    /// it lies (a relative `file` is taken from the manifest's folder), with its id,
    /// date, outlet and story; read before the paths, so that these win.
    pub manifests: Vec<PathBuf>,
}

/// Why the inputs cannot be used: the run stops before reading any report.
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    /// `-o` names one of the reports to check.
    #[error(
        "{}: -o names an input report ({why}); writing the report there would overwrite it\n  help: write the report to a file that is not one of the inputs",
        .path.display()
    )]
    OutputIsInput { path: PathBuf, why: &'static str },
}

/// Expands the paths the user gave into files to check. Folders are walked in name
/// order; a `sources.yaml` in a folder supplies ids and dates for its files.
pub fn discover(paths: &[PathBuf]) -> Result<Inputs, ManifestError> {
    discover_with(paths, &DiscoverOptions::default()).map_err(|e| match e {
        DiscoverError::Manifest(m) => m,
        DiscoverError::OutputIsInput { .. } => unreachable!("no output was named"),
    })
}

/// As [`discover`], knowing where the report goes. Every input is resolved to one
/// file: symbolic links to files and folders are followed (a folder link that leads
/// back into its own walk is reported, not followed again), and a file reached twice
/// (`check seeds ./seeds`, or through a link) is read once, the first time. The
/// manifest (`sources.yaml`) nearest to a file that lists it gives its id and dates;
/// manifests and `crosscheck.yaml` are never read as reports, nor is the output file.
pub fn discover_with(
    paths: &[PathBuf],
    options: &DiscoverOptions,
) -> Result<Inputs, DiscoverError> {
    let mut walk = Walk {
        inputs: Inputs::default(),
        seen: HashSet::new(),
        ids: HashMap::new(),
        output: options
            .output
            .as_deref()
            .and_then(|o| Some((o, file_key(o)?))),
        manifests: HashMap::new(),
    };
    for manifest in &options.manifests {
        walk.manifest(manifest)?;
    }
    for path in paths {
        if path.is_dir() {
            walk.dir(path)?;
        } else if path.is_file() {
            walk.file(path)?;
        } else {
            walk.not_a_file(path);
        }
    }
    for path in &options.listed {
        if path.is_dir() {
            walk.dir(path)?;
        } else if path.is_file() {
            walk.listed_file(path)?;
        } else {
            walk.not_a_file(path);
        }
    }
    walk.inputs.max_file_size = options.max_file_size;
    Ok(walk.inputs)
}

/// What makes a file that file, whatever path reaches it: device and inode where
/// there are such, else the canonical path.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum FileKey {
    #[cfg_attr(not(unix), allow(dead_code))]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Path(PathBuf),
}

/// The identity of the file at `path` (links followed); `None` when it cannot be
/// read.
fn file_key(path: &Path) -> Option<FileKey> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path).ok()?;
        Some(FileKey::Inode(m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        std::fs::canonicalize(path).ok().map(FileKey::Path)
    }
}

/// A manifest in force over a folder of a walk.
struct Scope {
    /// The depth of its folder in the walk.
    depth: usize,
    dir: PathBuf,
    manifest: PathBuf,
    entries: Vec<ManifestEntry>,
    /// Entry indices sorted by file name: files are looked up by name (a manifest may
    /// list hundreds of thousands) through a few bytes per entry, where a map would
    /// copy every name.
    by_file: Vec<usize>,
    /// The entries given to a file.
    used: Vec<bool>,
}

impl Scope {
    fn new(depth: usize, dir: &Path, manifest: PathBuf, entries: Vec<ManifestEntry>) -> Self {
        let mut by_file: Vec<usize> = (0..entries.len()).collect();
        by_file.sort_by(|&a, &b| entries[a].file.cmp(&entries[b].file));
        Scope {
            depth,
            dir: dir.to_path_buf(),
            manifest,
            used: vec![false; entries.len()],
            entries,
            by_file,
        }
    }

    /// The first unused entry for `path`, marked used.
    fn take(&mut self, path: &Path) -> Option<usize> {
        let rel = path
            .strip_prefix(&self.dir)
            .ok()?
            .to_string_lossy()
            .replace('\\', "/");
        let entries = &self.entries;
        let first = self
            .by_file
            .partition_point(|&i| entries[i].file.as_str() < rel.as_str());
        let i = self.by_file[first..]
            .iter()
            .take_while(|&&i| entries[i].file == rel)
            .find(|&&i| !self.used[i])
            .copied()?;
        self.used[i] = true;
        Some(i)
    }

    /// The entry `i`, its fields moved out.
    fn entry(&mut self, i: usize) -> ManifestEntry {
        let e = &mut self.entries[i];
        ManifestEntry {
            file: String::new(),
            id: e.id.take(),
            outlet: e.outlet.take(),
            url: e.url.take(),
            author: e.author.take(),
            title: e.title.take(),
            published: e.published.take(),
            licence: None,
            note: None,
            story: e.story.take(),
        }
    }

    /// The entries no file took: listed, but not found.
    fn missing(self) -> impl Iterator<Item = SourceStatus> {
        let Scope {
            dir,
            manifest,
            entries,
            used,
            ..
        } = self;
        entries
            .into_iter()
            .zip(used)
            .filter_map(|(e, used)| (!used).then_some(e))
            .map(move |entry| {
                let path = dir.join(&entry.file);
                let reason = format!("listed in {} but not found", manifest.display());
                let mut status = SourceStatus::skipped(&path, Status::Error, reason);
                if let Some(id) = entry.id {
                    status.id = id;
                }
                status
            })
    }
}

/// A discovery under way.
struct Walk<'o> {
    inputs: Inputs,
    /// Files already taken.
    seen: HashSet<FileKey>,
    /// The ids manifests gave, and to which file by which manifest: two files may
    /// not share one.
    ids: HashMap<String, (PathBuf, PathBuf)>,
    /// The output file, when it exists.
    output: Option<(&'o Path, FileKey)>,
    /// Manifests read for files given one by one, by path.
    manifests: HashMap<PathBuf, Vec<ManifestEntry>>,
}

impl Walk<'_> {
    /// The output file's path as given, when `key` is its identity.
    fn output_named(&self, key: Option<&FileKey>) -> Option<PathBuf> {
        let (output, out_key) = self.output.as_ref()?;
        (Some(out_key) == key).then(|| output.to_path_buf())
    }

    /// Whether a file named as an input (`why` it is one) is met for the first time;
    /// naming the report's output is an error.
    fn first_time(&mut self, path: &Path, why: &'static str) -> Result<bool, DiscoverError> {
        let key = file_key(path);
        if let Some(output) = self.output_named(key.as_ref()) {
            return Err(DiscoverError::OutputIsInput { path: output, why });
        }
        Ok(key.is_none_or(|k| self.seen.insert(k)))
    }

    /// A file given by name: always a report (a manifest or config given by name is
    /// read as one, as asked), and never the output.
    fn file(&mut self, path: &Path) -> Result<(), DiscoverError> {
        if !self.first_time(path, "it is given as an input")? {
            return Ok(());
        }
        let manifest = path
            .parent()
            .map(|p| p.join(MANIFEST_NAME))
            .filter(|m| m.is_file());
        let mut entry = None;
        if let Some(m) = manifest {
            if !self.manifests.contains_key(&m) {
                let entries = read_manifest(&m)?;
                self.manifests.insert(m.clone(), entries);
            }
            let name = path.file_name().map(|n| n.to_string_lossy().to_string());
            entry = self.manifests[&m]
                .iter()
                .find(|e| Some(&e.file) == name.as_ref())
                .cloned()
                .map(|e| (e, m));
        }
        self.push(path, entry)
    }

    /// A path that is neither a folder nor a file: missing (an error), or something
    /// else (a device, a socket: skipped).
    fn not_a_file(&mut self, path: &Path) {
        let status = if path.exists() {
            SourceStatus::skipped(path, Status::Skipped, "not a regular file")
        } else {
            SourceStatus::skipped(path, Status::Error, "no such file or folder")
        };
        self.inputs.skipped.push(status);
    }

    /// The files a manifest given by name lists, each with its entry; one it lists
    /// that is not there is an input in error.
    fn manifest(&mut self, manifest: &Path) -> Result<(), DiscoverError> {
        let entries = read_manifest(manifest)?;
        let dir = manifest.parent().unwrap_or(Path::new(""));
        for entry in entries {
            let path = dir.join(&entry.file);
            if !path.is_file() {
                let reason = format!("listed in {} but not found", manifest.display());
                let mut status = SourceStatus::skipped(&path, Status::Error, reason);
                if let Some(id) = &entry.id {
                    status.id.clone_from(id);
                }
                self.inputs.skipped.push(status);
                continue;
            }
            if self.first_time(&path, "a manifest given lists it")? {
                self.push(&path, Some((entry, manifest.to_path_buf())))?;
            }
        }
        Ok(())
    }

    /// A file named in a list (`--files-from`): read as a report when a folder walk
    /// would read it, else listed as skipped with the reason.
    fn listed_file(&mut self, path: &Path) -> Result<(), DiscoverError> {
        let name = path.file_name().unwrap_or_default();
        let reason = if name == MANIFEST_NAME || name == CONFIG_NAME {
            Some(format!(
                "not a report ({} describes reports)",
                name.to_string_lossy()
            ))
        } else if !is_report_name(path) {
            let ext = path.extension().map_or_else(
                || "no extension".to_string(),
                |e| format!(".{}", e.to_string_lossy()),
            );
            Some(format!(
                "not a report ({ext}); crosscheck reads .txt, .md and .html files"
            ))
        } else if is_page_name(path) && is_crosscheck_report(path) {
            Some("a crosscheck report, not a news report".to_string())
        } else {
            None
        };
        let Some(reason) = reason else {
            return self.file(path);
        };
        // Listed twice, said once.
        if file_key(path).is_none_or(|k| self.seen.insert(k)) {
            self.inputs
                .skipped
                .push(SourceStatus::skipped(path, Status::Skipped, reason));
        }
        Ok(())
    }

    /// A folder, walked in name order with links followed.
    fn dir(&mut self, dir: &Path) -> Result<(), DiscoverError> {
        let mut scopes: Vec<Scope> = Vec::new();
        for item in walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
        {
            let item = match item {
                Ok(i) => i,
                Err(e) => {
                    self.walk_error(dir, &e);
                    continue;
                }
            };
            let path = item.path();
            let depth = item.depth();
            // Scopes of folders this item is not inside end here.
            while let Some(scope) = scopes.pop_if(|s| s.depth >= depth) {
                self.inputs.skipped.extend(scope.missing());
            }
            if item.file_type().is_dir() {
                let manifest = path.join(MANIFEST_NAME);
                if manifest.is_file() {
                    let entries = read_manifest(&manifest)?;
                    scopes.push(Scope::new(depth, path, manifest, entries));
                }
                continue;
            }
            if !item.file_type().is_file() {
                continue;
            }
            let name = path.file_name().unwrap_or_default();
            let metadata = name == MANIFEST_NAME
                || name == CONFIG_NAME
                || (depth == 1 && CORPUS_METADATA.iter().any(|m| name == *m));
            if metadata {
                continue;
            }
            // The nearest manifest that lists the file gives its entry; outer ones
            // that list it too are shadowed (and not "listed but not found").
            let mut entry = None;
            for scope in scopes.iter_mut().rev() {
                if let Some(i) = scope.take(path)
                    && entry.is_none()
                {
                    entry = Some((scope.entry(i), scope.manifest.clone()));
                }
            }
            let key = file_key(path);
            if let Some(output) = self.output_named(key.as_ref()) {
                // An earlier report of this very run (`check . -o summary.txt`, run
                // again) is passed over; a report to check is not overwritten.
                if entry.is_some() {
                    return Err(DiscoverError::OutputIsInput {
                        path: output,
                        why: "a manifest lists it",
                    });
                }
                if !is_crosscheck_report(path) {
                    return Err(DiscoverError::OutputIsInput {
                        path: output,
                        why: "it is a report in an input folder",
                    });
                }
                continue;
            }
            if key.is_some_and(|k| !self.seen.insert(k)) {
                continue;
            }
            if !is_report_name(path) {
                let ext = path.extension().map_or_else(
                    || "no extension".to_string(),
                    |e| format!(".{}", e.to_string_lossy()),
                );
                self.inputs.skipped.push(SourceStatus::skipped(
                    path,
                    Status::Skipped,
                    format!("not a report ({ext}); crosscheck reads .txt, .md and .html files in folders"),
                ));
                continue;
            }
            if is_page_name(path) && is_crosscheck_report(path) {
                self.inputs.skipped.push(SourceStatus::skipped(
                    path,
                    Status::Skipped,
                    "a crosscheck report, not a news report",
                ));
                continue;
            }
            self.push(path, entry)?;
        }
        while let Some(scope) = scopes.pop() {
            self.inputs.skipped.extend(scope.missing());
        }
        Ok(())
    }

    /// An entry of a folder that cannot be walked: a folder link leading back into
    /// the walk (reported and not followed again), a link to nothing, an unreadable
    /// folder.
    fn walk_error(&mut self, dir: &Path, e: &walkdir::Error) {
        let path = e
            .path()
            .map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
        let status = if let Some(ancestor) = e.loop_ancestor() {
            SourceStatus::skipped(
                &path,
                Status::Skipped,
                format!(
                    "a link back to {} (a folder loop): not followed again",
                    ancestor.display()
                ),
            )
        } else if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink())
            && !path.exists()
        {
            if is_report_name(&path) {
                let to = std::fs::read_link(&path)
                    .map_or_else(|_| "?".to_string(), |t| t.display().to_string());
                SourceStatus::skipped(
                    &path,
                    Status::Error,
                    format!("a link to a missing file ({to})"),
                )
            } else {
                return;
            }
        } else {
            SourceStatus::skipped(&path, Status::Error, format!("cannot read: {e}"))
        };
        self.inputs.skipped.push(status);
    }

    /// Adds a report to check, with its manifest entry (and which manifest gave it).
    fn push(
        &mut self,
        path: &Path,
        entry: Option<(ManifestEntry, PathBuf)>,
    ) -> Result<(), DiscoverError> {
        if let Some((e, manifest)) = &entry
            && let Some(id) = &e.id
        {
            if let Some((other, other_manifest)) = self.ids.get(id) {
                let nth = usize::from(other_manifest == manifest);
                let (line, column) = locate(manifest, "id", id, nth);
                return Err(ManifestError {
                    path: manifest.display().to_string(),
                    line,
                    column,
                    message: format!(
                        "duplicate id `{id}`: given to {} and to {}{}\n  help: give each report its own id",
                        other.display(),
                        path.display(),
                        if other_manifest == manifest {
                            String::new()
                        } else {
                            format!(" (by {})", other_manifest.display())
                        }
                    ),
                }
                .into());
            }
            self.ids
                .insert(id.clone(), (path.to_path_buf(), manifest.clone()));
        }
        let candidate = candidate(path.to_path_buf(), entry)?;
        self.inputs.candidates.push(candidate);
        Ok(())
    }
}

/// Whether a file's extension is one of a saved web page.
pub fn is_page_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| PAGE_EXTENSIONS.iter().any(|r| r.eq_ignore_ascii_case(e)))
}

/// Whether a file's extension is one of a report.
fn is_report_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| REPORT_EXTENSIONS.iter().any(|r| r.eq_ignore_ascii_case(e)))
}

/// Whether a file is a report crosscheck wrote (any format): how each begins.
fn is_crosscheck_report(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::with_capacity(2048);
    let read = std::fs::File::open(path).and_then(|f| f.take(2048).read_to_end(&mut head));
    if read.is_err() {
        return false;
    }
    let head = String::from_utf8_lossy(&head);
    head.starts_with("crosscheck: ")
        || head.starts_with("# crosscheck report")
        || head.starts_with("graph crosscheck")
        || (head.starts_with('{') && head.contains("\"schema_version\""))
        || (head.starts_with("<!doctype html") && head.contains("<title>crosscheck report"))
}

/// 1-based line and column of the `nth` (from 0) value `value` of key `key` in a
/// manifest (block or flow style); (0, 0) when it cannot be found. The YAML parser
/// locates syntax errors; this locates errors found in the values it read.
fn locate(manifest: &Path, key: &str, value: &str, nth: usize) -> (usize, usize) {
    let Ok(text) = std::fs::read_to_string(manifest) else {
        return (0, 0);
    };
    let pattern = format!(
        r#"(?:^|[\s{{,-]){}\s*:\s*(["']?){}["']?\s*(?:$|[,}}#])"#,
        regex::escape(key),
        regex::escape(value)
    );
    let Ok(re) = regex::Regex::new(&pattern) else {
        return (0, 0);
    };
    let mut found = 0;
    for (n, line) in text.lines().enumerate() {
        for caps in re.captures_iter(line) {
            if found == nth {
                let at = caps.get(1).map_or(0, |m| m.end());
                let at = at - caps.get(1).map_or(0, |m| m.len());
                return (n + 1, line[..at].chars().count() + 1);
            }
            found += 1;
        }
    }
    (0, 0)
}

fn candidate(
    path: PathBuf,
    entry: Option<(ManifestEntry, PathBuf)>,
) -> Result<Candidate, ManifestError> {
    let published = match &entry {
        Some((e, manifest)) => match e.published.as_deref() {
            Some(text) => Some(parse_date(manifest, &path.display().to_string(), text)?),
            None => None,
        },
        None => None,
    };
    let entry = entry.map(|(e, _)| e).unwrap_or_default();
    let about = About {
        outlet: entry.outlet,
        url: entry.url,
        title: entry.title,
        author: entry.author,
    };
    let given = about.outlet.is_some()
        || about.url.is_some()
        || about.title.is_some()
        || about.author.is_some();
    Ok(Candidate {
        path,
        id: entry.id,
        story: entry.story,
        published,
        about: given.then(|| Box::new(about)),
    })
}

/// A manifest's `published` date of `file`; the error is located at the value.
fn parse_date(manifest: &Path, file: &str, text: &str) -> Result<Date, ManifestError> {
    text.trim().parse::<Date>().map_err(|e| {
        let (line, column) = locate(manifest, "published", text.trim(), 0);
        ManifestError {
            path: manifest.display().to_string(),
            line,
            column,
            message: format!("`published: {text}` for {file} is not a date (YYYY-MM-DD): {e}"),
        }
    })
}

/// What serde cannot check in a manifest: every date is a date, and no id is given
/// to two files. Errors are located at the value.
fn validate(manifest: &Path, entries: &[ManifestEntry]) -> Result<(), ManifestError> {
    let mut ids: HashMap<&str, &str> = HashMap::new();
    for e in entries {
        if let Some(text) = e.published.as_deref() {
            parse_date(manifest, &e.file, text)?;
        }
        if let Some(id) = e.id.as_deref()
            && let Some(first) = ids.insert(id, &e.file)
        {
            let (line, column) = locate(manifest, "id", id, 1);
            return Err(ManifestError {
                path: manifest.display().to_string(),
                line,
                column,
                message: format!(
                    "duplicate id `{id}`: given to {first} and to {}\n  help: give each report its own id",
                    e.file
                ),
            });
        }
    }
    Ok(())
}

/// Manifests larger than this are read one entry at a time (see [`entries_one_by_one`]).
const LARGE_MANIFEST: usize = 1 << 20;

fn read_manifest(path: &Path) -> Result<Vec<ManifestEntry>, ManifestError> {
    let text = std::fs::read_to_string(path).map_err(|e| ManifestError {
        path: path.display().to_string(),
        line: 0,
        column: 0,
        message: format!("cannot read the manifest: {e}"),
    })?;
    parse_manifest(path, text)
}

/// The entries of a manifest's `text`, checked (dates are dates, no id given twice);
/// `path` names it in errors, and the file there, when it exists, locates them.
pub fn parse_manifest(path: &Path, text: String) -> Result<Vec<ManifestEntry>, ManifestError> {
    let shown = path.display().to_string();
    let entries = match (text.len() > LARGE_MANIFEST)
        .then(|| entries_one_by_one(&text))
        .flatten()
    {
        Some(entries) => entries,
        None => {
            let raw: RawManifest =
                serde_yaml::from_str(&text).map_err(|e| yaml_error(&shown, &e))?;
            raw.sources
        }
    };
    drop(text);
    validate(path, &entries)?;
    Ok(entries)
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

/// Reports larger than this are skipped unless `--max-file-size` raises it: 64 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 << 20;

/// Reads a candidate: a [`Source`], or the status that says why it was skipped.
pub fn load(candidate: &Candidate) -> Result<Source, Box<SourceStatus>> {
    load_limited(candidate, DEFAULT_MAX_FILE_SIZE).map(|(source, _)| source)
}

/// As [`load`], skipping a file larger than `max_bytes`; also returns the file's
/// digest (see [`digest`]).
pub fn load_limited(
    candidate: &Candidate,
    max_bytes: u64,
) -> Result<(Source, String), Box<SourceStatus>> {
    use std::io::Read;
    let path = &candidate.path;
    let status_id = |mut s: SourceStatus| {
        if let Some(id) = candidate.id.clone() {
            s.id = id;
        }
        Box::new(s)
    };
    let cannot_read = |e: std::io::Error| {
        Box::new(SourceStatus::skipped(
            path,
            Status::Error,
            format!("cannot read: {e}"),
        ))
    };
    let file = std::fs::File::open(path).map_err(cannot_read)?;
    // The size is checked on the open file, and no more than the limit is read even
    // if the file grows meanwhile: a cap on what a run holds in memory.
    let size = file.metadata().map_err(cannot_read)?.len();
    let too_large = |size: u64| {
        status_id(SourceStatus::skipped(
            path,
            Status::Skipped,
            format!(
                "too large ({}, over the limit of {}); --max-file-size raises the limit",
                show_size(size),
                show_size(max_bytes)
            ),
        ))
    };
    if size > max_bytes {
        return Err(too_large(size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(cannot_read)?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(bytes.len() as u64));
    }
    let digest = digest(&bytes);
    let mut warnings = Vec::new();
    let page = is_page_name(path);
    let text = match decode(bytes, page) {
        Decoded::Text { text, warning } => {
            warnings.extend(warning);
            text
        }
        Decoded::Binary => {
            return Err(status_id(SourceStatus::skipped(
                path,
                Status::Skipped,
                "binary file (contains NUL bytes)",
            )));
        }
    };
    if text.chars().all(char::is_whitespace) {
        return Err(status_id(SourceStatus::skipped(
            path,
            Status::Skipped,
            "empty file",
        )));
    }
    // A page's readable text is the report; what the page says about itself fills
    // in what the manifest does not give.
    let (text, meta) = if page {
        match html::read(&text) {
            Ok(page) => (page.text, Some(page.meta)),
            Err(e) => {
                return Err(status_id(SourceStatus::skipped(
                    path,
                    Status::Skipped,
                    e.to_string(),
                )));
            }
        }
    } else {
        (text, None)
    };
    let meta = meta.unwrap_or_default();
    let mut origins = Origins::default();
    let pick = |manifest: Option<String>, page: Option<String>, origin: &mut Option<Origin>| {
        manifest.or_else(|| {
            *origin = page.is_some().then_some(Origin::Page);
            page
        })
    };
    // The manifest's words, copied once.
    let about = candidate.about.as_deref().cloned().unwrap_or_default();
    let outlet = pick(about.outlet, meta.outlet, &mut origins.outlet);
    let url = pick(about.url, meta.url, &mut origins.url);
    let title = pick(about.title, meta.title, &mut origins.title);
    // A text report's byline is in its text; a page's is part of what it says about
    // itself, unless the manifest names the author.
    let byline = if page {
        about.author.or(meta.byline)
    } else {
        None
    };
    // Without a date from the manifest, the page's date, else a date line at the top
    // of the text.
    let (published, published_from) = match (candidate.published, meta.published) {
        (Some(date), _) => (Some(date), None),
        (None, Some((date, _))) => {
            origins.published = Some(Origin::Page);
            (Some(date), None)
        }
        (None, None) => match dateline::text_date(&text) {
            Some((date, line)) => {
                origins.published = Some(Origin::Text);
                (Some(date), Some(line))
            }
            None => (None, None),
        },
    };
    let source = Source {
        id: candidate.id.clone().unwrap_or_else(|| file_id(path)),
        path: path.display().to_string(),
        published,
        published_from,
        outlet,
        url,
        title,
        byline,
        origins,
        story: candidate.story.clone(),
        text,
        warnings,
    };
    Ok((source, digest))
}

/// A report's content identity: the first 16 hex digits (64 bits) of the SHA-256 of
/// its bytes as stored, so `sha256sum FILE` shows the same digits. Enough to tell two
/// different files apart by accident; not a defence against forged collisions.
pub fn digest(bytes: &[u8]) -> String {
    use sha2::Digest;
    use std::fmt::Write;
    let sum = sha2::Sha256::digest(bytes);
    sum[..8]
        .iter()
        .fold(String::with_capacity(16), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}

/// A size as people read it: "64 MB", "1.5 GB", "900 bytes" (binary units: 1 MB is
/// 1,048,576 bytes, as `--max-file-size` reads them).
pub fn show_size(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)];
    for (unit, size) in UNITS {
        if bytes >= size {
            let value = bytes as f64 / size as f64;
            return if bytes.is_multiple_of(size) {
                format!("{} {unit}", bytes / size)
            } else {
                format!("{value:.1} {unit}")
            };
        }
    }
    format!("{bytes} bytes")
}

/// Reads a size as `--max-file-size` takes it: a number of bytes, or a number with
/// `KB`, `MB`, `GB` (binary: 1 KB = 1,024 bytes; `K`, `KiB`… too). It must be whole,
/// positive and fit in 64 bits.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = (&t[..split], t[split..].trim());
    let scale: u64 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => {
            return Err(format!(
                "`{text}` is not a size: use a number of bytes, or KB, MB or GB (e.g. 200MB)"
            ));
        }
    };
    let value: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size: use a number, e.g. 200MB"))?;
    let bytes = value * scale as f64;
    if !bytes.is_finite() || bytes < 1.0 || bytes >= u64::MAX as f64 {
        return Err(format!(
            "`{text}` is out of range: a size from 1 byte up to 16 EB"
        ));
    }
    Ok(bytes as u64)
}

/// A report's bytes, decoded.
enum Decoded {
    /// The text, and a warning when it was not plain UTF-8.
    Text {
        text: String,
        warning: Option<String>,
    },
    /// NUL bytes outside UTF-16: not text.
    Binary,
}

/// Decodes a report: UTF-8, its byte order mark dropped (so that columns on the
/// first line count from the first character); UTF-16 with a byte order mark; and a
/// file that is not UTF-8 at all (no valid multi-byte sequence) as Windows-1252, the
/// superset of Latin-1 that such files are written in. A file of UTF-8 with a few bad
/// bytes keeps its UTF-8, the bad bytes read as U+FFFD. Every decoding but UTF-8 is
/// said in a warning.
///
/// A page (`page`) that is not UTF-8 is decoded in the charset its markup declares
/// (`<meta charset>` in its first 1,024 bytes), when it declares one.
fn decode(bytes: Vec<u8>, page: bool) -> Decoded {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(&bytes) {
        let (text, errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
        let text = text.into_owned();
        let warning = (encoding != encoding_rs::UTF_8 || errors).then(|| {
            format!(
                "read as {} (byte order mark){}; byte offsets are those of the text decoded to UTF-8",
                encoding.name(),
                if errors {
                    "; invalid sequences read as U+FFFD"
                } else {
                    ""
                }
            )
        });
        return Decoded::Text { text, warning };
    }
    if bytes.contains(&0) {
        return Decoded::Binary;
    }
    match String::from_utf8(bytes) {
        Ok(text) => Decoded::Text {
            text,
            warning: None,
        },
        Err(e) => {
            if let Some(encoding) = page.then(|| declared_charset(e.as_bytes())).flatten()
                && encoding != encoding_rs::UTF_8
            {
                let (text, _, errors) = encoding.decode(e.as_bytes());
                return Decoded::Text {
                    text: text.into_owned(),
                    warning: Some(format!(
                        "read as {} (the page's declared charset){}; byte offsets are those of the text decoded to UTF-8",
                        encoding.name(),
                        if errors {
                            "; invalid sequences read as U+FFFD"
                        } else {
                            ""
                        }
                    )),
                };
            }
            let lossy = String::from_utf8_lossy(e.as_bytes());
            let replaced = lossy.matches('\u{fffd}').count();
            let multibyte = lossy.chars().filter(|&c| !c.is_ascii()).count() - replaced;
            if multibyte == 0 {
                let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(e.as_bytes());
                return Decoded::Text {
                    text: text.into_owned(),
                    warning: Some(
                        "not valid UTF-8: read as Windows-1252 (Latin-1); byte offsets are those of the text decoded to UTF-8"
                            .to_string(),
                    ),
                };
            }
            Decoded::Text {
                text: lossy.into_owned(),
                warning: Some(format!(
                    "not valid UTF-8: {replaced} invalid byte sequence(s) read as U+FFFD; columns after them may be off"
                )),
            }
        }
    }
}

/// The charset a page declares in its first 1,024 bytes (`<meta charset="…">`, or
/// `content="text/html; charset=…"`), when encoding_rs knows it.
fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    static CHARSET: std::sync::LazyLock<regex::bytes::Regex> = std::sync::LazyLock::new(|| {
        regex::bytes::Regex::new(r#"(?i)<meta[^>]*?charset\s*=\s*["']?([a-z0-9_:.-]+)"#)
            .expect("the charset pattern is valid")
    });
    let head = &bytes[..bytes.len().min(1024)];
    let label = CHARSET.captures(head)?.get(1)?.as_bytes();
    encoding_rs::Encoding::for_label(label)
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
    fn a_page_that_is_not_utf8_is_read_in_its_declared_charset() {
        // "Łódź" in ISO-8859-2: not UTF-8, and not what Windows-1252 makes of it.
        let mut bytes = b"<html><head><meta charset=\"iso-8859-2\"></head><body><p>".to_vec();
        bytes.extend([0xa3, 0xf3, 0x64, 0xbc]);
        bytes.extend(b"</p></body></html>");
        let Decoded::Text { text, warning } = decode(bytes.clone(), true) else {
            panic!("not text");
        };
        assert!(text.contains("Łódź"), "{text}");
        assert!(warning.is_some_and(|w| w.contains("ISO-8859-2")));
        // A text report knows no charset declaration: Windows-1252, as before.
        let Decoded::Text { text, .. } = decode(bytes, false) else {
            panic!("not text");
        };
        assert!(!text.contains("Łódź"));
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
