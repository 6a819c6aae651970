//! Tagging: the entities of a text found once, before any rule runs.
//!
//! Every name of the vocabularies (the gazetteer's places and demonyms, people,
//! organizations) is in one table of spellings ([`names`]), looked up at each
//! word's start (the longest name there), ASCII case folded (a lower-cased copy of
//! the text against lower-cased names), whole words only, and capitalized wherever
//! the name is. Rules do not
//! inline thousands of names: they run over a *shadow* of the text in which every
//! tagged name is replaced by a placeholder of the same byte length (`_p____` for
//! "Israel"), which the built-in macros `{{place}}`, `{{city}}`, `{{demonym}}`,
//! `{{person}}` (`{{known_person}}`, `{{unknown_person}}`) and `{{organization}}`
//! match. Offsets in the shadow are offsets in
//! the text, so a capture's words are read from the text and its entity from the
//! tag at the same place.
//!
//! This module knows the vocabularies and texts; it knows nothing of rules.

mod names;
pub mod people;

use rayon::prelude::*;

use crate::rules::raw::PlaceKind;
use crate::rules::vocab::{Gazetteer, Organizations, People, Vocabulary, normalize_name};

/// What a tagged span names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Entity {
    /// A place of the gazetteer (index into `Gazetteer::places`).
    Place(u32),
    /// A demonym of a place ("Egyptian").
    Demonym(u32),
    /// A person of the people vocabulary (index into `People::people`).
    Person(u32),
    /// An organization of the vocabulary.
    Organization(u32),
    /// A person no vocabulary lists, recognized by the shape of news writing
    /// ("the provincial governor, Ahmed Karimi, said"): the tag's words are the name.
    UnlistedPerson,
}

/// A tagged span of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tag {
    pub start: usize,
    pub end: usize,
    pub entity: Entity,
}

/// The letter after `_` in a placeholder: what the built-in macros match. Lower
/// case, so that no pattern's `[A-Z]` takes a placeholder for a capitalized word.
pub mod letter {
    /// A city.
    pub const CITY: u8 = b'c';
    /// Any other place: country, region, territory, site.
    pub const PLACE: u8 = b'p';
    pub const DEMONYM: u8 = b'd';
    /// A person of the vocabulary.
    pub const PERSON: u8 = b'h';
    /// A person recognized by the shape of the text.
    pub const UNLISTED_PERSON: u8 = b'u';
    pub const ORGANIZATION: u8 = b'o';
}

/// The regexes of the built-in entity macros: a placeholder of the shadow text.
pub fn placeholder_pattern(letters: &str) -> String {
    format!("(?:_[{letters}]_*)")
}

/// A text with its entities tagged.
#[derive(Clone, Debug, Default)]
pub struct Tagged {
    /// The text with every tag replaced by its placeholder (same byte length).
    pub shadow: String,
    /// Tags in text order, not overlapping.
    pub tags: Vec<Tag>,
}

impl Tagged {
    /// The tag starting exactly at `start`, if any.
    pub fn at(&self, start: usize) -> Option<&Tag> {
        let i = self.tags.partition_point(|t| t.start < start);
        self.tags.get(i).filter(|t| t.start == start)
    }

    /// The tags lying wholly within `start..end`.
    pub fn within(&self, start: usize, end: usize) -> &[Tag] {
        let from = self.tags.partition_point(|t| t.start < start);
        let to = self.tags.partition_point(|t| t.start < end);
        let slice = &self.tags[from..to.max(from)];
        let keep = slice.partition_point(|t| t.end <= end);
        &slice[..keep]
    }
}

/// The compiled entity finder of a pack.
#[derive(Clone, Debug)]
pub struct Tagger {
    /// Every spelling: what a capitalized word may start.
    names: names::Names<Entity>,
    /// The spellings of the names not written with a capital letter: what any other
    /// word may start ("Most" the town is not "most" the word). Most words of a text
    /// are not capitalized, and this table is small.
    uncapitalized: names::Names<Entity>,
    places: Vec<u8>,
    pub(crate) people: people::Shapes,
}

impl Tagger {
    /// Builds the table of every name of the vocabulary. A spelling shared by
    /// several entries goes to one: people, then organizations, then places in the
    /// gazetteer's order of precedence, then demonyms.
    pub fn new(vocab: &Vocabulary) -> Tagger {
        // The people's shapes (a few regexes) are built on the other core while the
        // table of names is.
        let (names, people) = rayon::join(
            || NameTables::of(&vocab.places, &vocab.people, &vocab.organizations),
            || people::Shapes::new(vocab),
        );
        Tagger::from_parts(names, people)
    }

    /// The tagger of a table of names and the shapes of people, built apart (a
    /// pack's compilation builds each beside other work).
    pub fn from_parts(names: NameTables, people: people::Shapes) -> Tagger {
        Tagger {
            names: names.names,
            uncapitalized: names.uncapitalized,
            places: names.places,
            people,
        }
    }

    /// Tags the entities of `text` and builds its shadow.
    pub fn tag(&self, text: &str) -> Tagged {
        let mut tags = Vec::new();
        // ASCII lower case keeps every byte offset.
        let lower = text.to_ascii_lowercase();
        // A name starts where a word does: the longest name at each word's start
        // past the last name. (A scan for names anywhere finds them inside words:
        // "He-ha", a town's other name, in "the Hamas leadership", hid "Hamas".)
        let mut from = 0;
        for s in word_starts(text) {
            if s < from {
                continue;
            }
            let names = if text[s..].starts_with(char::is_uppercase) {
                &self.names
            } else {
                &self.uncapitalized
            };
            let Some((e, entity)) = names.longest_at(&lower, s) else {
                continue;
            };
            if matches!(entity, Entity::Place(_)) && names_a_service(&text[e..]) {
                continue;
            }
            tags.push(Tag {
                start: s,
                end: e,
                entity,
            });
            from = e;
        }
        self.people.tag(text, &mut tags);
        let mut shadow = text.as_bytes().to_vec();
        for t in &tags {
            let letter = match t.entity {
                Entity::Place(i) => self.places[i as usize],
                Entity::Demonym(_) => letter::DEMONYM,
                Entity::Person(_) => letter::PERSON,
                Entity::UnlistedPerson => letter::UNLISTED_PERSON,
                Entity::Organization(_) => letter::ORGANIZATION,
            };
            shadow[t.start..t.end].fill(b'_');
            shadow[t.start + 1] = letter;
        }
        // Whole characters (the tags' words) were replaced by ASCII bytes.
        let shadow = String::from_utf8(shadow).unwrap_or_else(|_| text.to_string());
        Tagged { shadow, tags }
    }
}

/// A name as it may be written: as listed, with hyphens and spaces swapped, and
/// with the other apostrophe.
fn written_forms(name: &str) -> Vec<String> {
    let mut forms = vec![name.to_string()];
    if name.contains('-') {
        forms.push(name.replace('-', " "));
    }
    if name.contains(' ') {
        forms.push(name.replace(' ', "-"));
    }
    let more: Vec<String> = forms
        .iter()
        .filter(|f| f.contains('\'') || f.contains('’'))
        .map(|f| {
            if f.contains('\'') {
                f.replace('\'', "’")
            } else {
                f.replace('’', "'")
            }
        })
        .collect();
    forms.extend(more);
    forms
}

/// Whether the words after a place name make it part of the name of a train, an
/// airline or a newspaper ("the Coromandel Express", "China Daily", "the Jerusalem
/// Post"): no place of the event.
fn names_a_service(after: &str) -> bool {
    const HEADS: &[&str] = &[
        "Express",
        "Airlines",
        "Airways",
        "Times",
        "Post",
        "Herald",
        "Tribune",
        "News",
        "Mail",
        "Journal",
        "Telegraph",
        "Gazette",
        "Observer",
        "Chronicle",
        "Daily",
        "Independent",
    ];
    after
        .strip_prefix(' ')
        .and_then(|rest| rest.split(|c: char| !c.is_alphanumeric()).next())
        .is_some_and(|word| HEADS.contains(&word))
}

/// Where a name may start: each character that is not white space and follows no
/// word character (as [`whole_word`] wants it), except right after the particle of
/// an Arabic name and its hyphen ("al-Haiti", "el-Masri", "bin-Laden"): that word is
/// part of a person's name, not the place or the people it spells.
fn word_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    const PARTICLES: [&str; 15] = [
        "al", "el", "ad", "an", "ar", "as", "ash", "at", "az", "ud", "ul", "bin", "ibn", "abu",
        "bint",
    ];
    let mut after_word = false;
    // Where the current word started, and whether the last character was the hyphen
    // after a particle.
    let mut word_start = 0;
    let mut after_particle = false;
    text.char_indices().filter_map(move |(i, c)| {
        let start = !after_word && !c.is_whitespace() && !after_particle;
        after_particle = c == '-'
            && after_word
            && PARTICLES
                .iter()
                .any(|p| p.eq_ignore_ascii_case(&text[word_start..i]));
        if is_word(c) && !after_word {
            word_start = i;
        }
        after_word = is_word(c);
        start.then_some(i)
    })
}

/// A character of a word: a letter, a digit or `_` (what a name's ends are told by).
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `start..end` is a whole word: no letter or digit right before or after.
fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start]
        .chars()
        .next_back()
        .is_none_or(|c| !is_word(c));
    let after = text[end..].chars().next().is_none_or(|c| !is_word(c));
    // A name ending in a dot ("U.S.") may be followed by anything.
    before && (after || text[..end].ends_with('.'))
}

/// The tagger's tables: every spelling, the spellings not written with a capital,
/// and each place's placeholder letter.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct NameTables {
    names: names::Names<Entity>,
    uncapitalized: names::Names<Entity>,
    places: Vec<u8>,
}

impl NameTables {
    /// Whether every entity of the tables is within a vocabulary of `places`,
    /// `people` and `organizations` entries, and every place has its letter (true of
    /// tables built here; checked of tables read from a cache file).
    pub fn fits(&self, places: usize, people: usize, organizations: usize) -> bool {
        let within = |e: &Entity| match *e {
            Entity::Place(i) | Entity::Demonym(i) => (i as usize) < places,
            Entity::Person(i) => (i as usize) < people,
            Entity::Organization(i) => (i as usize) < organizations,
            Entity::UnlistedPerson => true,
        };
        self.places.len() == places
            && self.names.targets().all(within)
            && self.uncapitalized.targets().all(within)
    }

    /// Every spelling of the names of people, organizations and places. A name
    /// whose normalized spelling several entries share goes to one of them: the
    /// first person, else the first organization, else the place the gazetteer's
    /// lookup gives (as a place if the name is one of its names, else as its
    /// demonym).
    pub fn of(places: &Gazetteer, people: &People, organizations: &Organizations) -> NameTables {
        let mut chosen: Vec<(&str, Entity)> = Vec::new();
        let mut taken: foldhash::HashMap<String, Entity> = foldhash::HashMap::default();
        let people = people.people().iter().enumerate().map(|(i, p)| {
            (
                Entity::Person(i as u32),
                std::iter::once(&p.name).chain(&p.aliases),
            )
        });
        let organizations = organizations.all().iter().enumerate().map(|(i, o)| {
            (
                Entity::Organization(i as u32),
                std::iter::once(&o.name).chain(&o.aliases),
            )
        });
        for (entity, names) in people.chain(organizations) {
            for name in names {
                let key = normalize_name(name);
                if key.len() < 2 {
                    continue;
                }
                if *taken.entry(key).or_insert(entity) == entity {
                    chosen.push((name, entity));
                }
            }
        }
        // The gazetteer's tens of thousands of names, side by side.
        let gazetteer = places;
        let names_of_places: Vec<(&str, Entity)> = (0..gazetteer.len())
            .into_par_iter()
            .filter_map(|i| gazetteer.place(i))
            .flat_map_iter(|p| {
                let i = p.index();
                let means_this = |key: &str| {
                    key.len() >= 2 && !taken.contains_key(key) && gazetteer.index_of(key) == Some(i)
                };
                let own: Vec<(&str, String)> = std::iter::once(p.name())
                    .chain(p.aliases())
                    .map(|name| (name, normalize_name(name)))
                    .collect();
                let place = Entity::Place(i as u32);
                let demonym = Entity::Demonym(i as u32);
                let mut chosen: Vec<(&str, Entity)> = own
                    .iter()
                    .filter(|(_, key)| means_this(key))
                    .map(|&(name, _)| (name, place))
                    .collect();
                chosen.extend(p.demonyms().filter_map(|d| {
                    let key = normalize_name(d);
                    (means_this(&key) && own.iter().all(|(_, k)| *k != key)).then_some((d, demonym))
                }));
                chosen
            })
            .collect();
        chosen.extend(names_of_places);
        // Every written form of each chosen name: as listed, and with spaces and
        // hyphens, straight and curly apostrophes swapped.
        let spellings: Vec<(String, Entity, bool)> = chosen
            .par_iter()
            .flat_map_iter(|&(name, entity)| {
                let capital = name.chars().next().is_some_and(char::is_uppercase);
                written_forms(name)
                    .into_iter()
                    .map(move |spelling| (spelling.to_ascii_lowercase(), entity, capital))
            })
            .collect();
        let (names, uncapitalized) = rayon::join(
            || names::Names::new(spellings.iter().map(|(s, e, _)| (s.as_str(), *e))),
            || {
                names::Names::new(
                    spellings
                        .iter()
                        .filter(|(_, _, capital)| !capital)
                        .map(|(s, e, _)| (s.as_str(), *e)),
                )
            },
        );
        let place_letters = gazetteer
            .places()
            .map(|p| {
                if p.kind() == Some(PlaceKind::City) {
                    letter::CITY
                } else {
                    letter::PLACE
                }
            })
            .collect();
        NameTables {
            names,
            uncapitalized,
            places: place_letters,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Pack;
    use std::sync::LazyLock;

    static PACK: LazyLock<Pack> =
        LazyLock::new(|| Pack::embedded().expect("the default pack compiles"));

    fn names(text: &str) -> Vec<(String, String)> {
        let t = PACK.tagger().tag(text);
        assert_eq!(t.shadow.len(), text.len());
        t.tags
            .iter()
            .map(|tag| {
                let what = match tag.entity {
                    Entity::Place(i) => PACK
                        .vocab
                        .places
                        .place(i as usize)
                        .unwrap()
                        .id()
                        .to_string(),
                    Entity::Demonym(i) => {
                        format!(
                            "{}-demonym",
                            PACK.vocab.places.place(i as usize).unwrap().id()
                        )
                    }
                    Entity::Person(i) => PACK.vocab.people.people()[i as usize].id.clone(),
                    Entity::Organization(i) => {
                        PACK.vocab.organizations.all()[i as usize].id.clone()
                    }
                    Entity::UnlistedPerson => "person".to_string(),
                };
                (text[tag.start..tag.end].to_string(), what)
            })
            .collect()
    }

    #[test]
    fn places_of_the_gazetteer_are_tagged_by_precedence() {
        assert_eq!(
            names("The death toll in Nepal rose; Kathmandu and Gansu were hit."),
            [
                ("Nepal".to_string(), "nepal".to_string()),
                ("Kathmandu".into(), "nepal/kathmandu".into()),
                ("Gansu".into(), "china/gansu-sheng".into()),
            ]
        );
        // Curated names win: "Gaza" is the Strip.
        assert_eq!(names("in Gaza")[0].1, "palestinian-territory/gaza-strip");
    }

    #[test]
    fn a_place_in_the_name_of_a_train_or_a_paper_is_no_place() {
        assert!(names_a_service(" Express derailed"));
        assert!(names_a_service(" Daily reported"));
        assert!(!names_a_service(" on Friday"));
        assert!(!names_a_service(" Expressway"));
        assert!(!names_a_service(", Express"));
    }

    #[test]
    fn words_are_not_places_unless_capitalized_and_whole() {
        assert!(names("most people said so").is_empty());
        assert!(names("Gazans fled").iter().all(|(w, _)| w != "Gaza"));
        assert_eq!(
            names("Gazans fled")[0].1,
            "palestinian-territory/gaza-strip-demonym"
        );
    }

    #[test]
    fn a_name_found_inside_a_word_hides_no_name_after_it() {
        // "He-ha" (another name of Heho, Myanmar) is written "he ha", and stands in
        // "the Hamas": inside a word, so no name, and Hamas is still a name.
        assert_eq!(
            names("the Hamas leadership met"),
            [("Hamas".to_string(), "hamas".to_string())]
        );
    }

    #[test]
    fn a_place_in_a_persons_name_is_no_place() {
        for text in ["Abdel-Moneim al-Haiti said", "Abdel-Moneim Al-Haiti said"] {
            let found = names(text);
            assert!(found.iter().all(|(_, id)| id != "haiti"), "{found:?}");
        }
        // A place after another place's name still is one, and so are a people
        // after a prefix.
        assert_eq!(names("the Israel-Gaza war").len(), 2);
        assert_eq!(names("pro-Russian forces").len(), 1);
    }

    #[test]
    fn the_longest_name_wins_and_the_shadow_keeps_offsets() {
        let text = "Israel Katz met Israeli officials in Sharm El Sheikh.";
        let t = PACK.tagger().tag(text);
        assert_eq!(
            names(text),
            [
                ("Israel Katz".to_string(), "israel-katz".to_string()),
                ("Israeli".into(), "israel-demonym".into()),
                ("Sharm El Sheikh".into(), "egypt/sharm-el-sheikh".into()),
            ]
        );
        assert_eq!(
            t.shadow,
            "_h_________ met _d_____ officials in _c_____________."
        );
    }
}
