//! What checking a pattern finds out (its capture names and prefilter anchors),
//! kept on disk between runs.
//!
//! Loading a pack checks every pattern: the regex parser reads each expanded source
//! (5–13 KB) to report a syntax error with its rule, to name its captures and to find
//! its anchor words. That was most of the start-up of a run over a few reports (about
//! 0.25 s of CPU for the default pack), for the same answers every time. With a
//! cache folder, a pattern seen before is taken on its facts and parsed only when a
//! text first needs its regex.
//!
//! One JSON file per pack (named by a hash of its files' names and texts), holding an
//! entry per pattern, keyed by the SHA-256 of the expanded source and of the build's
//! salt (build.rs: the code that derives facts and the locked crate versions). An
//! entry therefore never describes another pattern, nor comes from another parser; a
//! pattern that fails its check is never written. A missing, unreadable or damaged
//! file counts as empty; a new one is written to a temporary file and renamed into
//! place, so runs side by side never read half a file. A rule author's every edit
//! makes a new pack, so the folder keeps the [`KEPT`] most recently written files
//! and removes older ones as it writes.

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::PackFile;
use super::pattern::{Facts, Pattern};
#[cfg(test)]
use super::prefilter;

/// The build's salt (see build.rs).
const SALT: &str = env!("CROSSCHECK_FACTS_SALT");

/// Pack files a cache folder keeps at most (each some tens of kilobytes).
const KEPT: usize = 32;

/// The known facts of one pack's patterns, and where they are kept.
#[derive(Debug, Default)]
pub struct FactCache {
    path: PathBuf,
    known: BTreeMap<String, Facts>,
}

/// The file's content (in key order, so one pack's file is always written alike).
#[derive(serde::Serialize, serde::Deserialize)]
struct Stored {
    patterns: BTreeMap<String, Facts>,
}

/// The SHA-256 of a pack file's name and text. The caches' files are named by the
/// digests of the pack files they come from, each file hashed once per run.
pub fn digest(file: &PackFile) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(file.name.as_bytes());
    h.update([0]);
    h.update(file.text.as_bytes());
    h.update([0]);
    h.finalize().into()
}

impl FactCache {
    /// The cache, kept in `dir`, of the pack whose files have `digests` (see
    /// [`digest`]), in order; read now if there.
    pub fn open(dir: &Path, digests: &[[u8; 32]]) -> FactCache {
        let mut pack = Sha256::new();
        for d in digests {
            pack.update(d);
        }
        let name = format!("patterns-{}.json", &hex(&pack.finalize())[..16]);
        let path = dir.join(name);
        let known = std::fs::read(&path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Stored>(&bytes).ok())
            .map(|s| s.patterns)
            .unwrap_or_default();
        FactCache { path, known }
    }

    /// The facts of the pattern `source`, if a run found them before.
    pub fn get(&self, source: &str) -> Option<&Facts> {
        self.known.get(&key(source))
    }

    /// Keeps the facts of `patterns` (the pack's, just checked), when any of them
    /// was not known: the file then holds exactly these. Returns whether it wrote.
    pub fn update<'a>(
        &self,
        patterns: impl IntoIterator<Item = &'a Pattern>,
    ) -> std::io::Result<bool> {
        let patterns: BTreeMap<String, Facts> = patterns
            .into_iter()
            .map(|p| (key(p.as_str()), p.facts().clone()))
            .collect();
        if patterns.keys().all(|k| self.known.contains_key(k)) {
            return Ok(false);
        }
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let mut file = tempfile::NamedTempFile::new_in(dir)?;
        serde_json::to_writer(&mut file, &Stored { patterns })?;
        file.persist(&self.path).map_err(|e| e.error)?;
        // Facts of packs no longer used are only a cost; a file pruned too early is
        // written again by the next run that needs it.
        prune(dir, &self.path, ("patterns-", ".json"), KEPT);
        Ok(true)
    }

    /// The file the facts are kept in.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Removes the files of `dir` named `prefix…suffix` beyond the `kept` most recently
/// written, never `keep`; what cannot be read or removed is left.
pub(super) fn prune(dir: &Path, keep: &Path, (prefix, suffix): (&str, &str), kept: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<(std::time::SystemTime, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with(prefix) && name.ends_with(suffix)
        })
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    // Newest first (then by name, so that equal times prune alike).
    files.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    for (_, path) in files.into_iter().skip(kept) {
        if path != keep {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The key of a pattern: its source and the build's salt, hashed.
fn key(source: &str) -> String {
    let mut h = Sha256::new();
    h.update(SALT.as_bytes());
    h.update([0]);
    h.update(source.as_bytes());
    hex(&h.finalize()[..16])
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The digests of a pack of one file.
    fn pack(text: &str) -> Vec<[u8; 32]> {
        vec![digest(&PackFile {
            name: "r.yaml".into(),
            text: text.into(),
        })]
    }

    #[test]
    fn facts_written_once_are_read_back_for_the_same_pack_only() {
        let dir = tempfile::tempdir().unwrap();
        let p = Pattern::new(r"(?P<value>\d+)\s+(?i:killed)".into()).unwrap();
        let cache = FactCache::open(dir.path(), &pack("a"));
        assert!(cache.get(p.as_str()).is_none());
        assert!(cache.update([&p]).unwrap());
        let again = FactCache::open(dir.path(), &pack("a"));
        assert_eq!(again.get(p.as_str()), Some(p.facts()));
        assert_eq!(
            p.facts().anchors,
            vec![vec!["killed".to_string()], vec![prefilter::DIGIT.into()]]
        );
        // Nothing new: nothing written.
        assert!(!again.update([&p]).unwrap());
        // Another pack, another file; another source, no facts.
        assert!(
            FactCache::open(dir.path(), &pack("b"))
                .get(p.as_str())
                .is_none()
        );
        assert!(again.get(r"(?P<value>\d+)\s+(?i:died)").is_none());
    }

    #[test]
    fn a_damaged_file_counts_as_none_and_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let cache = FactCache::open(dir.path(), &pack("a"));
        std::fs::write(cache.path(), b"{\"patterns\": {\"12").unwrap();
        let cache = FactCache::open(dir.path(), &pack("a"));
        let p = Pattern::new(r"(?P<value>\d+) dead".into()).unwrap();
        assert!(cache.get(p.as_str()).is_none());
        assert!(cache.update([&p]).unwrap());
        assert!(
            FactCache::open(dir.path(), &pack("a"))
                .get(p.as_str())
                .is_some()
        );
    }

    #[test]
    fn writing_a_pack_file_removes_all_but_the_most_recent_ones() {
        let dir = tempfile::tempdir().unwrap();
        let day = std::time::Duration::from_secs(86_400);
        let now = std::time::SystemTime::now();
        // Forty older packs' files, the first written longest ago.
        for i in 0..40u32 {
            let path = dir.path().join(format!("patterns-old{i:02}.json"));
            std::fs::write(&path, "{\"patterns\": {}}").unwrap();
            let file = std::fs::File::options().write(true).open(&path).unwrap();
            file.set_modified(now - day * (100 - i)).unwrap();
        }
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let cache = FactCache::open(dir.path(), &pack("a"));
        let p = Pattern::new(r"(?P<value>\d+) dead".into()).unwrap();
        assert!(cache.update([&p]).unwrap());
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left.len(), KEPT + 1, "{left:?}");
        assert!(left.contains(&"notes.txt".to_string()));
        assert!(left.iter().any(|n| cache.path().ends_with(n)));
        // The newest old files stay, the oldest go.
        assert!(left.contains(&"patterns-old39.json".to_string()));
        assert!(!left.contains(&"patterns-old08.json".to_string()));
        assert!(left.contains(&"patterns-old09.json".to_string()));
    }

    #[test]
    fn a_folder_that_cannot_be_written_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let blocked = dir.path().join("file");
        std::fs::write(&blocked, "").unwrap();
        let cache = FactCache::open(&blocked.join("cache"), &pack("a"));
        let p = Pattern::new(r"x(?P<value>\d+)".into()).unwrap();
        assert!(cache.update([&p]).is_err());
    }
}
