//! A map from strings to values with its keys in one buffer.
//!
//! The gazetteer's index of names and the tagger's table of spellings hold some
//! 300,000 keys. As `HashMap<String, _>` each key is an allocation of its own, made
//! again every time the tables are read from the cache file (most of the read) and
//! freed at the end of the run. Here the keys are one string, the entries one list
//! of (where the key is, its value), and the hash table only indices into that
//! list: reading the map back is two allocations and a pass hashing the keys.

use hashbrown::HashTable;
use serde::de::Error as _;
use std::hash::BuildHasher;

/// The keys' hash: fast, and the same on every run (the keys come from the
/// pack's own files, so hash flooding is no concern).
fn hash(key: &str) -> u64 {
    foldhash::fast::FixedState::with_seed(0).hash_one(key)
}

/// Strings (compared byte for byte) and a value for each.
#[derive(Clone, Debug)]
pub struct StrMap<V> {
    /// Every key, one after another.
    keys: String,
    /// Where each key is in `keys` (start, end), and its value; in the order the
    /// keys were added.
    entries: Vec<(usize, usize, V)>,
    /// Indices into `entries`, by the hash of their key.
    table: HashTable<usize>,
}

impl<V> Default for StrMap<V> {
    fn default() -> Self {
        StrMap {
            keys: String::new(),
            entries: Vec::new(),
            table: HashTable::new(),
        }
    }
}

impl<V> StrMap<V> {
    /// An empty map with room for `n` keys.
    pub fn with_capacity(n: usize) -> Self {
        StrMap {
            keys: String::with_capacity(n * 12),
            entries: Vec::with_capacity(n),
            table: HashTable::with_capacity(n),
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn key(&self, entry: usize) -> &str {
        let (start, end, _) = self.entries[entry];
        &self.keys[start..end]
    }

    fn find(&self, key: &str) -> Option<usize> {
        self.table.find(hash(key), |&e| self.key(e) == key).copied()
    }

    pub fn get(&self, key: &str) -> Option<&V> {
        self.find(key).map(|e| &self.entries[e].2)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_some()
    }

    /// The value of `key`, added as `value()` when the key is new.
    pub fn get_or_insert_with(&mut self, key: &str, value: impl FnOnce() -> V) -> &mut V {
        let e = match self.find(key) {
            Some(e) => e,
            None => self.push(key, value()),
        };
        &mut self.entries[e].2
    }

    /// Adds `key` with `value` unless the key is there; says whether it was added.
    pub fn insert(&mut self, key: &str, value: V) -> bool {
        if self.contains_key(key) {
            return false;
        }
        self.push(key, value);
        true
    }

    /// Adds a key known not to be in the map; returns its entry.
    fn push(&mut self, key: &str, value: V) -> usize {
        let start = self.keys.len();
        self.keys.push_str(key);
        let e = self.entries.len();
        self.entries.push((start, self.keys.len(), value));
        let (keys, entries) = (&self.keys, &self.entries);
        self.table.insert_unique(hash(key), e, |&i| {
            let (start, end, _) = entries[i];
            hash(&keys[start..end])
        });
        e
    }

    /// The keys and their values, in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.entries
            .iter()
            .map(|(start, end, v)| (&self.keys[*start..*end], v))
    }

    /// The values, in the order their keys were added.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.entries.iter().map(|(_, _, v)| v)
    }
}

impl<'k, V> FromIterator<(&'k str, V)> for StrMap<V> {
    /// A key given twice keeps its first value.
    fn from_iter<I: IntoIterator<Item = (&'k str, V)>>(pairs: I) -> Self {
        let pairs = pairs.into_iter();
        let mut map = StrMap::with_capacity(pairs.size_hint().0);
        for (key, value) in pairs {
            let mut value = Some(value);
            map.get_or_insert_with(key, || value.take().expect("taken once"));
        }
        map
    }
}

/// On disk: the keys, one after another, then each key's length and value (the
/// keys are in the order of the entries); the hash table is made again on reading.
#[derive(serde::Serialize)]
struct Stored<'a, V> {
    keys: &'a str,
    entries: Vec<(usize, &'a V)>,
}

#[derive(serde::Deserialize)]
struct Read<V> {
    keys: String,
    entries: Vec<(usize, V)>,
}

impl<V: serde::Serialize> serde::Serialize for StrMap<V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Stored {
            keys: &self.keys,
            entries: self.entries.iter().map(|(a, b, v)| (b - a, v)).collect(),
        }
        .serialize(s)
    }
}

impl<'de, V: serde::Deserialize<'de>> serde::Deserialize<'de> for StrMap<V> {
    /// Refuses lengths that do not add up to the keys or end inside a character,
    /// and a key given twice (a damaged file).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let Read { keys, entries } = Read::deserialize(d)?;
        let mut start = 0;
        let entries: Vec<(usize, usize, V)> = entries
            .into_iter()
            .map(|(len, v)| {
                let end = start + len;
                let entry = (start, end, v);
                start = end;
                entry
            })
            .collect();
        if start != keys.len() {
            return Err(D::Error::custom("key lengths that are not the keys'"));
        }
        let mut table = HashTable::with_capacity(entries.len());
        for (e, &(start, end, _)) in entries.iter().enumerate() {
            let key = keys
                .get(start..end)
                .ok_or_else(|| D::Error::custom("a key ending inside a character"))?;
            let h = hash(key);
            let same = |&i: &usize| {
                let (s, t, _) = entries[i];
                &keys[s..t] == key
            };
            if table.find(h, same).is_some() {
                return Err(D::Error::custom("a key given twice"));
            }
            table.insert_unique(h, e, |&i| {
                let (s, t, _) = entries[i];
                hash(&keys[s..t])
            });
        }
        Ok(StrMap {
            keys,
            entries,
            table,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_found_and_the_first_value_stays() {
        let mut map: StrMap<u32> = [("gaza", 1), ("gaza city", 2), ("gaza", 3)]
            .into_iter()
            .collect();
        assert_eq!(map.len(), 2);
        assert_eq!(map.get("gaza"), Some(&1));
        assert_eq!(map.get("gaza city"), Some(&2));
        assert_eq!(map.get("gaz"), None);
        assert_eq!(map.get(""), None);
        *map.get_or_insert_with("rafah", || 0) += 4;
        *map.get_or_insert_with("gaza", || 0) += 10;
        assert_eq!(map.get("rafah"), Some(&4));
        assert_eq!(map.get("gaza"), Some(&11));
        let all: Vec<(&str, &u32)> = map.iter().collect();
        assert_eq!(all, [("gaza", &11), ("gaza city", &2), ("rafah", &4)]);
    }

    #[test]
    fn a_map_read_back_finds_what_it_found() {
        let map: StrMap<usize> = (0..5000)
            .map(|i| (format!("name {i} é"), i))
            .collect::<Vec<_>>()
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect();
        let bytes = postcard::to_stdvec(&map).unwrap();
        let read: StrMap<usize> = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(read.len(), 5000);
        for i in [0, 1, 77, 4999] {
            assert_eq!(read.get(&format!("name {i} é")), Some(&i));
        }
        assert_eq!(read.get("name 5000 é"), None);
    }

    #[test]
    fn a_damaged_map_is_refused() {
        let damaged = |keys: &str, entries: Vec<(usize, &u8)>| {
            postcard::to_stdvec(&Stored { keys, entries }).unwrap()
        };
        for bytes in [
            // Lengths past the keys, short of them, inside a character; a key twice.
            damaged("ab", vec![(3, &1)]),
            damaged("abc", vec![(1, &1), (1, &2)]),
            damaged("é", vec![(1, &1), (1, &2)]),
            damaged("abab", vec![(2, &1), (2, &2)]),
        ] {
            assert!(postcard::from_bytes::<StrMap<u8>>(&bytes).is_err());
        }
        // Whole, the same shape reads.
        let map: StrMap<u8> =
            postcard::from_bytes(&damaged("abé", vec![(2, &1), (2, &2)])).unwrap();
        assert_eq!(map.get("é"), Some(&2));
    }
}
