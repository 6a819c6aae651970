//! The rule-file format as serde reads it: one YAML file may hold any of the
//! sections below. Every struct denies unknown fields, so a misspelt field is an
//! error, not a silently ignored line. Nothing here validates beyond the shape;
//! [`super::compile`] turns these into a checked [`super::Pack`].

use serde::Deserialize;
use std::collections::BTreeMap;

use crate::value::{ClaimKind, Hedge};

/// One YAML file of a rule pack.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    /// Named regex fragments, used in patterns and other macros as `{{name}}`.
    #[serde(default)]
    pub macros: BTreeMap<String, String>,
    /// Claim rules.
    #[serde(default)]
    pub rules: Vec<RawRule>,
    /// The place gazetteer.
    #[serde(default)]
    pub places: Vec<RawPlace>,
    /// People, with the spellings of their names.
    #[serde(default)]
    pub people: Vec<RawPerson>,
    /// Organizations, with the spellings of their names.
    #[serde(default)]
    pub organizations: Vec<RawOrganization>,
    /// Titles and offices a person can be given ("President", "special envoy").
    #[serde(default)]
    pub titles: Vec<String>,
    /// Hedge words and vague quantities; at most one file of a pack sets them.
    #[serde(default)]
    pub hedges: Option<RawHedges>,
    /// Measures, groups and events: what claims are about, and the words that say
    /// so. Any file may add to the pack's lexicon.
    #[serde(default)]
    pub lexicon: Option<RawLexicon>,
}

/// The lexicon: measures with their trigger words, and the words for groups of
/// people and for events that fill claims' slots.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLexicon {
    #[serde(default)]
    pub measures: Vec<RawMeasure>,
    /// Canonical group ("children") and the words for it ("minors", "kids").
    #[serde(default)]
    pub groups: BTreeMap<String, Vec<String>>,
    /// Canonical event ("earthquake") and the words for it ("quake", "temblor").
    #[serde(default)]
    pub events: BTreeMap<String, Vec<String>>,
}

/// A measure: something a claim can state, with the words that say it in each
/// construction of the rules.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeasure {
    /// Kebab- or snake-case id ("dead", "vote_share").
    pub id: String,
    /// How a key reads: "people killed", "title[ of {subject}]" (a part in brackets
    /// is left out when a slot in it is missing).
    pub label: String,
    /// How figures move over time: `fixed` (default), `rises`, `changes`.
    #[serde(default)]
    pub trend: crate::extract::claim::Trend,
    /// After a form of "be" or "left": "N people were *killed*", "left N *dead*".
    #[serde(default)]
    pub states: Vec<String>,
    /// Before the count: "*killed* N people", "…, *injuring* N".
    #[serde(default)]
    pub verbs: Vec<String>,
    /// A noun for the running figure: "the *death toll* rose to N".
    #[serde(default)]
    pub nouns: Vec<String>,
    /// A noun counted: "N *deaths*", "N *injuries*".
    #[serde(default)]
    pub counts: Vec<String>,
    /// A figure of the event itself (a magnitude, a depth, a time): when its own
    /// words name no event, it is about the event its sentence names.
    #[serde(default)]
    pub of_event: bool,
}

/// A row of a gazetteer table: `id, kind, name, within, population, aliases,
/// demonyms` (lists separated by `|`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TablePlace {
    pub id: String,
    pub kind: PlaceKind,
    pub name: String,
    pub within: Option<String>,
    pub population: u64,
    pub aliases: Vec<String>,
    pub demonyms: Vec<String>,
    /// 1-based line in the table.
    pub line: usize,
}

/// A claim rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    /// Unique across the pack, kebab-case by convention.
    pub id: String,
    /// One line for people reading reports and rule listings.
    pub description: String,
    /// The type of value the rule extracts.
    pub kind: ClaimKind,
    /// Regexes with named captures; `{{macro}}` inserts a macro.
    pub patterns: Vec<String>,
    /// The lexicon measure the rule's claims state. Without it, every pattern
    /// captures a `trigger` whose words name the measure.
    #[serde(default)]
    pub measure: Option<String>,
    /// Slot templates: literal text and `{capture}` references (`{capture:first}`
    /// for its first word). A slot whose template names a capture that did not take
    /// part in the match is left unset. By default a capture named like a slot
    /// (`subject`, `group`, `place`, `event`, `source`) fills it, and `person` fills
    /// `subject`.
    #[serde(default)]
    pub slots: BTreeMap<String, String>,
    /// Per capture, canonical spellings and the variants that map to them.
    #[serde(default)]
    pub normalize: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    /// For `kind: name` rules: how spellings are compared. `spelling` (default):
    /// variants only when they look like one word written two ways; `unlisted`: the
    /// same, for names the vocabulary does not list (matches that contain a listed
    /// name are dropped); `description`: any two descriptions of one entity differ.
    #[serde(default)]
    pub form: Option<RawNameForm>,
    /// When two rules claim the same words, the higher priority wins (default 0).
    #[serde(default)]
    pub priority: i32,
    /// The claim is a part of the count before it in the sentence ("…, 120 of them
    /// children"): it takes that claim's measure and slots, and its own group.
    #[serde(default)]
    pub part: bool,
    /// Texts the rule must match, with the key and value they must yield.
    #[serde(default)]
    pub examples: Vec<RawExample>,
    /// Texts the rule must not match.
    #[serde(default)]
    pub counter_examples: Vec<RawCounterExample>,
}

/// A text a rule must not match: the text alone, or with a `todo`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawCounterExample {
    Text(String),
    Full(RawCounterExampleFull),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCounterExampleFull {
    pub text: String,
    /// A known false hit: shown and counted, but not a failure.
    #[serde(default)]
    pub todo: Option<String>,
}

impl RawCounterExample {
    pub fn text(&self) -> &str {
        match self {
            RawCounterExample::Text(t) => t,
            RawCounterExample::Full(f) => &f.text,
        }
    }

    pub fn todo(&self) -> Option<&str> {
        match self {
            RawCounterExample::Text(_) => None,
            RawCounterExample::Full(f) => f.todo.as_deref(),
        }
    }
}

/// How a name rule's spellings are compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawNameForm {
    Spelling,
    Unlisted,
    Description,
}

/// A positive example of a rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExample {
    pub text: String,
    /// The key the claim must have (qualifiers not included).
    pub key: String,
    /// The claim's value, as crosscheck displays it ("at least 67,173").
    pub value: String,
    /// The words the claim must cover, when given.
    #[serde(default)]
    pub matched: Option<String>,
    /// A publication date (YYYY-MM-DD) to read relative dates against.
    #[serde(default)]
    pub published: Option<String>,
    /// For quote rules: who the quote must be attributed to, as crosscheck shows the
    /// speaker ("Benjamin Netanyahu", "a senior Palestinian official").
    #[serde(default)]
    pub speaker: Option<String>,
    /// A known miss: why the rule does not get this right yet. Shown and counted,
    /// but not a failure.
    #[serde(default)]
    pub todo: Option<String>,
}

/// A gazetteer entry. An entry whose id is in the pack's gazetteer table adds to
/// that place (other spellings, demonyms, another `within` or `kind`); a new id adds
/// a place.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlace {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The id of the place that contains this one.
    #[serde(default)]
    pub within: Option<String>,
    /// Adjectives of the place ("Egyptian").
    #[serde(default)]
    pub demonyms: Vec<String>,
    /// What sort of place: `country`, `territory`, `region` or `city`. Cities feed
    /// the `{{city}}` macro ("the Cairo talks" names a venue, "the Gaza talks" a topic).
    #[serde(default)]
    pub kind: Option<PlaceKind>,
}

/// The sort of a place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    Country,
    Territory,
    Region,
    City,
    Site,
}

/// A person of the people vocabulary.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPerson {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Offices the person is known to hold or have held (documentation, and for
    /// resolving descriptions to people).
    #[serde(default)]
    pub titles: Vec<String>,
}

/// An organization of the vocabulary.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOrganization {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The id of the place it belongs to, if any ("israel" for the IDF).
    #[serde(default)]
    pub within: Option<String>,
}

/// Hedge words by meaning, and vague quantity phrases.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHedges {
    /// Relative width of "about N" and "nearly N" (default 0.1, i.e. 10 %).
    #[serde(default)]
    pub width: Option<f64>,
    /// Words before the number, by hedge.
    #[serde(default)]
    pub before: BTreeMap<Hedge, Vec<String>>,
    /// Words after the number ("or more"), by hedge.
    #[serde(default)]
    pub after: BTreeMap<Hedge, Vec<String>>,
    /// Vague phrases and their intervals in interval notation: `"[20000, 100000)"`.
    #[serde(default)]
    pub vague: BTreeMap<String, String>,
}
