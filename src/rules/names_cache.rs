//! The gazetteer and the tagger's table of names, kept on disk between runs.
//!
//! Both are built from the pack's vocabulary files alone (the gazetteer tables, and
//! the places, people and organizations of its YAML files): tens of thousands of
//! rows parsed, every name normalized and indexed, then every written form of every
//! name put in the tagger's table. That was the longer of the two chains of a pack's
//! load (about 85 ms of the 90 a run over five reports spent loading), for the same
//! answer every time. With a cache folder, a run after the first reads them back
//! from one binary file (postcard: a compact binary format of serde's, field after
//! field with no names): in about a fifth of the time. The maps of names keep their
//! keys in one buffer each ([`super::strmap::StrMap`]), so reading them is a few
//! allocations, not one per name.
//!
//! The file is named by a SHA-256 of the build's salt (build.rs: every source file
//! of the crate, and the locked crate versions) and of the name and text of each file
//! the tables come from, in pack order. So editing a rule does not make a new file,
//! and a file is never read by a build, or for a vocabulary, other than the one that
//! wrote it. A missing, unreadable, damaged or inconsistent file (an index past the
//! end of a list) counts as missing: the tables are built, and written again to a
//! temporary file renamed into place. A file is several megabytes, so the folder
//! keeps the [`KEPT`] most recently written.

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

use super::vocab::Gazetteer;
use crate::tag::NameTables;

/// The build's salt (see build.rs).
const SALT: &str = env!("CROSSCHECK_NAMES_SALT");

/// Files a cache folder keeps at most (each some megabytes).
const KEPT: usize = 4;

/// Where the tables of one vocabulary are kept.
#[derive(Clone, Debug)]
pub struct NameCache {
    path: PathBuf,
}

/// What a file holds.
#[derive(serde::Serialize, serde::Deserialize)]
struct Stored {
    gazetteer: Gazetteer,
    names: NameTables,
}

/// The same, borrowed, to write.
#[derive(serde::Serialize)]
struct ToStore<'a> {
    gazetteer: &'a Gazetteer,
    names: &'a NameTables,
}

impl NameCache {
    /// The cache, in `dir`, of the tables built from the pack files whose digests
    /// are `sources` (see [`super::facts::digest`]: the files the gazetteer and the
    /// names come from, in pack order).
    pub fn open<'a>(dir: &Path, sources: impl IntoIterator<Item = &'a [u8; 32]>) -> NameCache {
        let mut h = Sha256::new();
        h.update(SALT.as_bytes());
        h.update([0]);
        for d in sources {
            h.update(d);
        }
        let hash: String = h.finalize()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        NameCache {
            path: dir.join(format!("names-{hash}.bin")),
        }
    }

    /// The tables a run wrote before, when the file is there and whole: `people`
    /// and `organizations` are the counts of the vocabulary's entries, which every
    /// index in the tables must be within.
    pub fn read(&self, people: usize, organizations: usize) -> Option<(Gazetteer, NameTables)> {
        let bytes = std::fs::read(&self.path).ok()?;
        let stored: Stored = postcard::from_bytes(&bytes).ok()?;
        let places = stored.gazetteer.places().len();
        (stored.gazetteer.is_consistent() && stored.names.fits(places, people, organizations))
            .then_some((stored.gazetteer, stored.names))
    }

    /// Keeps the tables for the next run.
    pub fn write(&self, gazetteer: &Gazetteer, names: &NameTables) -> std::io::Result<()> {
        // The file first: a folder that cannot be written costs no serializing.
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let mut file = tempfile::NamedTempFile::new_in(dir)?;
        let bytes = postcard::to_stdvec(&ToStore { gazetteer, names })
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        std::io::Write::write_all(&mut file, &bytes)?;
        file.persist(&self.path).map_err(|e| e.error)?;
        super::facts::prune(dir, &self.path, ("names-", ".bin"), KEPT);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compile::{Overrides, compile_cached};
    use crate::rules::strmap::StrMap;
    use crate::rules::vocab::PlaceRef;
    use crate::rules::{Pack, PackFile};
    use crate::tag::Entity;

    const TABLE: &str = "id\tkind\tname\twithin\tpopulation\taliases\tdemonyms\n\
        land\tcountry\tLandia\t\t5000000\t\tLandian|Landians\n\
        old-town\tcity\tOld Town\tland\t12000\tOldtown\t\n";
    const PEOPLE: &str = "people:\n  - id: ana-lima\n    name: Ana Lima\n    aliases: [Lima]\n";
    const RULES: &str = "rules:\n  - id: count\n    description: a count\n    kind: quantity\n    patterns:\n      - '(?P<value>[0-9]+) people'\n    measure: people\nlexicon:\n  measures:\n    - {id: people, label: people}\n";

    fn files(people: &str, rules: &str) -> Vec<PackFile> {
        [
            ("places.tsv", TABLE),
            ("people.yaml", people),
            ("rules.yaml", rules),
        ]
        .into_iter()
        .map(|(name, text)| PackFile {
            name: name.into(),
            text: text.into(),
        })
        .collect()
    }

    fn load(dir: &Path, files: &[PackFile]) -> Pack {
        compile_cached(files, &Overrides::default(), Some(dir)).expect("the pack compiles")
    }

    /// What the pack tags in `text`: each name and the id of its entry.
    fn tags(pack: &Pack, text: &str) -> Vec<(String, String)> {
        let v = &pack.vocab;
        pack.tagger()
            .tag(text)
            .tags
            .iter()
            .map(|t| {
                let id = match t.entity {
                    Entity::Place(i) => v.places.place(i as usize).unwrap().id().to_string(),
                    Entity::Demonym(i) => {
                        format!("{} (demonym)", v.places.place(i as usize).unwrap().id())
                    }
                    Entity::Person(i) => v.people.people()[i as usize].id.clone(),
                    other => format!("{other:?}"),
                };
                (text[t.start..t.end].to_string(), id)
            })
            .collect()
    }

    fn names_files(dir: &Path) -> Vec<PathBuf> {
        let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "bin"))
            .collect();
        found.sort();
        found
    }

    const TEXT: &str = "Landian officials met Ana Lima in Oldtown.";

    fn expected() -> Vec<(String, String)> {
        [
            ("Landian", "land (demonym)"),
            ("Ana Lima", "ana-lima"),
            ("Oldtown", "old-town"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .to_vec()
    }

    #[test]
    fn a_second_load_reads_the_tables_the_first_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let first = load(dir.path(), &files(PEOPLE, RULES));
        assert_eq!(tags(&first, TEXT), expected());
        let written = names_files(dir.path());
        assert_eq!(written.len(), 1, "{written:?}");
        let before = std::fs::metadata(&written[0]).unwrap().modified().unwrap();
        let second = load(dir.path(), &files(PEOPLE, RULES));
        assert_eq!(tags(&second, TEXT), expected());
        assert_eq!(second.vocab.places.lookup("Landians").unwrap().id(), "land");
        assert_eq!(
            second
                .vocab
                .places
                .ancestors(second.vocab.places.get("old-town").unwrap()),
            ["land"]
        );
        // Read, not built again: a table built is written.
        assert_eq!(names_files(dir.path()), written);
        assert_eq!(
            std::fs::metadata(&written[0]).unwrap().modified().unwrap(),
            before
        );
    }

    #[test]
    fn a_damaged_file_counts_as_missing_and_is_written_again() {
        let dir = tempfile::tempdir().unwrap();
        load(dir.path(), &files(PEOPLE, RULES));
        let path = names_files(dir.path()).remove(0);
        let whole = std::fs::read(&path).unwrap();
        for damaged in [&whole[..whole.len() / 2], b"not tables".as_slice(), b""] {
            std::fs::write(&path, damaged).unwrap();
            let pack = load(dir.path(), &files(PEOPLE, RULES));
            assert_eq!(tags(&pack, TEXT), expected());
            // Written again whole (its maps in another order: the same length).
            assert_eq!(std::fs::read(&path).unwrap().len(), whole.len());
            assert!(NameCache { path: path.clone() }.read(1, 0).is_some());
        }
    }

    #[test]
    fn tables_with_an_index_out_of_range_are_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let pack = load(dir.path(), &files(PEOPLE, RULES));
        let cache = NameCache {
            path: names_files(dir.path()).remove(0),
        };
        assert!(cache.read(1, 0).is_some());
        // Tables naming a second person, where the vocabulary has one.
        assert!(cache.read(0, 0).is_none());
        let places: Vec<_> = pack.vocab.places.places().map(PlaceRef::to_place).collect();
        let wrong_id: StrMap<usize> = [("land", 1), ("old-town", 0)].into_iter().collect();
        assert!(!Gazetteer::with_ids(places.clone(), wrong_id).is_consistent());
        let past_end: StrMap<usize> = [("land", 0), ("old-town", 2)].into_iter().collect();
        assert!(!Gazetteer::with_ids(places, past_end).is_consistent());
    }

    #[test]
    fn the_file_follows_the_vocabulary_not_the_rules() {
        let dir = tempfile::tempdir().unwrap();
        load(dir.path(), &files(PEOPLE, RULES));
        let one = names_files(dir.path());
        // Another rule, the same vocabulary: the same file, read.
        let other_rules = RULES.replace("a count", "a count of people");
        let pack = load(dir.path(), &files(PEOPLE, &other_rules));
        assert_eq!(tags(&pack, TEXT), expected());
        assert_eq!(names_files(dir.path()), one);
        // Another person: another file, and the person is found.
        let more = format!("{PEOPLE}  - id: rui-costa\n    name: Rui Costa\n");
        let pack = load(dir.path(), &files(&more, RULES));
        assert_eq!(names_files(dir.path()).len(), 2);
        assert_eq!(
            tags(&pack, "Rui Costa spoke."),
            [("Rui Costa".to_string(), "rui-costa".to_string())]
        );
    }

    #[test]
    fn a_folder_that_cannot_be_written_costs_the_file_not_the_run() {
        let dir = tempfile::tempdir().unwrap();
        let blocked = dir.path().join("file");
        std::fs::write(&blocked, "").unwrap();
        let cache_dir = blocked.join("cache");
        let pack = load(&cache_dir, &files(PEOPLE, RULES));
        assert_eq!(tags(&pack, TEXT), expected());
        let cache = NameCache::open(&cache_dir, []);
        assert!(
            cache
                .write(
                    &pack.vocab.places,
                    &NameTables::of(
                        &pack.vocab.places,
                        &pack.vocab.people,
                        &pack.vocab.organizations
                    )
                )
                .is_err()
        );
    }

    #[test]
    fn the_folder_keeps_the_newest_files_and_leaves_other_files_alone() {
        let dir = tempfile::tempdir().unwrap();
        let now = std::time::SystemTime::now();
        let day = std::time::Duration::from_secs(86_400);
        for (i, name) in [
            "names-old0.bin",
            "names-old1.bin",
            "names-old2.bin",
            "names-old3.bin",
            "names-old4.bin",
            "patterns-x.json",
        ]
        .iter()
        .enumerate()
        {
            let path = dir.path().join(name);
            std::fs::write(&path, "old").unwrap();
            let file = std::fs::File::options().write(true).open(&path).unwrap();
            file.set_modified(now - day * (10 - i as u32)).unwrap();
        }
        load(dir.path(), &files(PEOPLE, RULES));
        let left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            left.iter().filter(|n| n.starts_with("names-")).count(),
            KEPT
        );
        for kept in [
            "names-old4.bin",
            "names-old3.bin",
            "names-old2.bin",
            "patterns-x.json",
        ] {
            assert!(left.iter().any(|n| n == kept), "{kept} not in {left:?}");
        }
    }
}
