//! People no vocabulary lists, recognized by the shape of news writing: a name
//! after a title or role ("Governor Ahmed Karimi", "spokesman Tian Xiang"), a name
//! set off by commas before a description ("Ahmed Karimi, the provincial governor,"
//! or "…, 34,"), or a name right before a speech verb ("Ahmed Karimi said") or a
//! result ("Anna Berg won"). Later
//! mentions of the same surname are the same person. Names are two to four
//! capitalized words (one after a title); a span that overlaps a vocabulary name,
//! or that ends in an organization word ("Ministry", "News"), is not a person.

use regex::Regex;
use std::collections::BTreeSet;
use std::sync::LazyLock;

use super::{Entity, Tag};
use crate::rules::vocab::Vocabulary;

/// A capitalized word of a name: "Karimi", "O'Brien", "Al-Hayya", "bin" particles.
const WORD: &str = r"\p{Lu}\p{Ll}+(?:['’-]\p{Lu}?\p{Ll}+)*";
const PARTICLE: &str = r"(?:al|el|bin|ibn|abu|bint|de|da|di|du|van|von|der|den|le|la|dos|del)";

/// Titles and roles that come before a name in news writing.
const CUES: &str = r"(?:President|Vice President|Prime Minister|Minister|Governor|Lt\.? Gov\.?|Gov\.|Mayor|Senator|Sen\.|Rep\.|Representative|Gen\.|General|Lt\.? Gen\.|Maj\.? Gen\.|Col\.|Colonel|Lt\.|Lieutenant|Captain|Capt\.|Sgt\.|Sergeant|Officer|Commander|Admiral|Adm\.|Chief|Judge|Justice|Dr\.|Mr\.|Mrs\.|Ms\.|Sheikh|King|Queen|Prince|Princess|Emir|Pope|Ambassador|Secretary|Commissioner|Director|Superintendent|Sheriff|Deputy|Inspector|Professor|Prof\.|Rev\.|Father|Bishop|Imam|Rabbi|(?i:spokes(?:man|woman|person)|official|officer|administrator|inspector|director|chief|head|leader|commander|governor|mayor|minister|ambassador|envoy|secretary|chairman|chairwoman|president|resident|survivor|witness|doctor|nurse|surgeon|volunteer|farmer|teacher|student|engineer|pilot|analyst|researcher|economist|lawyer|attorney|prosecutor|coroner|seismologist|geologist|meteorologist|forecaster|epidemiologist|candidate|incumbent|challenger|rival|opponent|lawmaker|legislator|negotiator|mediator|activist|correspondent))";

/// Offices written in lower case after a name and a comma ("Ana Ruiz, governor of
/// the region,"; "Tom Berg, regional police chief,").
const OFFICES: &str = r"(?:president|premier|minister|governor|mayor|chief|spokes(?:man|woman|person)|director|head|commissioner|secretary|chair(?:man|woman|person)?|commander|official|officer|prosecutor|ambassador|envoy|advis[eo]r|senator|administrator|coordinator)";

/// Capitalized words that open sentences or name things, never a person.
static NOT_NAMES: LazyLock<BTreeSet<&'static str>> = LazyLock::new(|| {
    [
        "The",
        "A",
        "An",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "He",
        "She",
        "They",
        "We",
        "I",
        "You",
        "His",
        "Her",
        "Their",
        "Our",
        "In",
        "On",
        "At",
        "By",
        "For",
        "From",
        "With",
        "After",
        "Before",
        "But",
        "And",
        "Or",
        "As",
        "If",
        "When",
        "While",
        "Since",
        "Until",
        "Of",
        "To",
        "Over",
        "Under",
        "About",
        "Among",
        "Some",
        "Many",
        "Most",
        "All",
        "No",
        "Officials",
        "Authorities",
        "Police",
        "Rescuers",
        "Residents",
        "Witnesses",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Sir",
        "God",
        "Allah",
        "Christmas",
        "Easter",
        "Ramadan",
        "Eid",
        "North",
        "South",
        "East",
        "West",
        "Northern",
        "Southern",
        "Eastern",
        "Western",
        "Central",
        "State",
        "National",
        "International",
        "Federal",
        "Republican",
        "Democrat",
        "Democratic",
        "Republicans",
        "Democrats",
        "Parliament",
        "Congress",
        "Senate",
        "Cabinet",
        "Court",
        "Supreme",
        "Army",
        "Navy",
        "Air",
        "Force",
        "Red",
        "Cross",
        "Crescent",
        "Health",
        "Ministry",
        "Emergency",
        "Disaster",
        "Fire",
        "Department",
        "Agency",
        "Office",
        "Service",
        "Survey",
        "Center",
        "Centre",
        "Institute",
        "University",
        "Hospital",
        "School",
        "Council",
        "Committee",
        "Commission",
        "Party",
        "Union",
        "News",
        "Times",
        "Post",
        "Press",
        "Agence",
        "Associated",
        "Reuters",
        "Television",
        "Radio",
        "Airlines",
        "Airways",
        "Air",
        "Flight",
        "Company",
        "Corp",
        "Group",
        "Bank",
        "Fund",
        "Program",
        "Programme",
        "Organization",
        "Organisation",
        "Association",
        "Foundation",
        "Bureau",
        "Guard",
        "Forces",
        "Administration",
        "Authority",
        "Government",
        "Province",
        "County",
        "District",
        "City",
        "Region",
        "Street",
        "Road",
        "Avenue",
        "Square",
        "Bridge",
        "River",
        "Lake",
        "Mount",
        "Island",
        "Islands",
        "Bay",
        "Sea",
        "Ocean",
        "Gulf",
        "Valley",
        "General",
        "Secretary",
        "Minister",
        "President",
        "Prime",
        "Vice",
        "Foreign",
        "Defence",
        "Defense",
        "Interior",
        "Governor",
        "Mayor",
        "Senator",
        "Chief",
        "Director",
        "Spokesman",
        "Spokeswoman",
        "Commander",
        "Former",
        "Acting",
        "Deputy",
        "Special",
        "Envoy",
        "Ambassador",
        "Judge",
        "Justice",
        "Officer",
        "Captain",
        "Colonel",
        "Lieutenant",
        "Sergeant",
        "King",
        "Queen",
        "Prince",
        "Princess",
        "Emir",
        "Sheikh",
        "Pope",
        "Earthquake",
        "Hurricane",
        "Typhoon",
        "Cyclone",
        "Storm",
        "Tropical",
        "Magnitude",
        "Richter",
        "Scale",
        "Geological",
        "Seismological",
        "Meteorological",
        "Covid",
        "Ebola",
        "Marburg",
        "World",
        "Cup",
        "Olympic",
        "Olympics",
        "Games",
        "Prize",
    ]
    .into_iter()
    .collect()
});

/// The finders of unlisted people.
#[derive(Clone, Debug)]
pub struct Shapes {
    /// A cue and the name after it (group 1).
    after_cue: Regex,
    /// A name (group 1) and what marks it as a person after it.
    before_mark: Regex,
}

impl Shapes {
    pub fn new(vocab: &Vocabulary) -> Shapes {
        // Words of a name are on one line.
        let name = format!(r"{WORD}(?:[ -]+(?:{PARTICLE}[ -]+)?{WORD}){{1,3}}");
        let short = format!(r"{WORD}(?:[ -]+(?:{PARTICLE}[ -]+)?{WORD}){{0,3}}");
        // The pack's own titles are cues too.
        let titles = vocab
            .titles
            .iter()
            .map(|t| regex::escape(t))
            .collect::<Vec<_>>()
            .join("|");
        let cues = if titles.is_empty() {
            CUES.to_string()
        } else {
            format!("(?:{CUES}|(?i:{titles}))")
        };
        let after_cue =
            Regex::new(&format!(r"\b{cues},?\s+({short})\b")).expect("the cue pattern is valid");
        let before_mark = Regex::new(&format!(
            r"\b({name}),\s+(?:(?:the|a|an|who|aged)\b|\d{{1,3}},|(?:[a-z]+[ -]+){{0,2}}{OFFICES}\b)|\b({name})\s+(?:said|says|told|added|wrote|explained|recalled|warned|insisted|won|wins|received|secured|garnered|polled)\b"
        ))
        .expect("the name pattern is valid");
        Shapes {
            after_cue,
            before_mark,
        }
    }

    /// Adds tags for unlisted people to `tags` (sorted, not overlapping), and for
    /// later mentions of their surnames.
    pub fn tag(&self, text: &str, tags: &mut Vec<Tag>) {
        let mut found: Vec<(usize, usize)> = Vec::new();
        // A name after a cue may hold another cue ("Deputy Lagos Governor Ana
        // Ruiz"): the next search starts at the name, not after it.
        let mut at = 0;
        while let Some(caps) = self.after_cue.captures_at(text, at) {
            let Some(m) = caps.get(1) else { break };
            found.push(trim_name(text, m.start(), m.end()));
            at = m.start();
        }
        for caps in self.before_mark.captures_iter(text) {
            // "in El Geneina, the UN said" names a place, not a person.
            if let Some(m) = caps.get(1).or_else(|| caps.get(2))
                && !after_preposition(text, m.start())
            {
                found.push(trim_name(text, m.start(), m.end()));
            }
        }
        found.retain(|&(s, e)| e > s && plausible(&text[s..e]));
        found.sort_unstable();
        found.dedup();
        let mut added: Vec<Tag> = Vec::new();
        for (s, e) in found {
            if overlaps(tags, s, e) || added.iter().any(|t| t.start < e && s < t.end) {
                continue;
            }
            added.push(Tag {
                start: s,
                end: e,
                entity: Entity::UnlistedPerson,
            });
        }
        // Later mentions of a surname ("Karimi said") are the same person.
        let surnames: BTreeSet<&str> = added
            .iter()
            .filter_map(|t| {
                let words: Vec<&str> = text[t.start..t.end].split_whitespace().collect();
                (words.len() >= 2).then(|| *words.last().unwrap_or(&""))
            })
            .filter(|w| w.len() >= 3)
            .collect();
        if let Some(first) = added.first().map(|t| t.end) {
            for surname in surnames {
                for (i, _) in text[first..].match_indices(surname) {
                    let (s, e) = (first + i, first + i + surname.len());
                    if super::whole_word(text, s, e)
                        && !overlaps(tags, s, e)
                        && !added.iter().any(|t| t.start < e && s < t.end)
                    {
                        added.push(Tag {
                            start: s,
                            end: e,
                            entity: Entity::UnlistedPerson,
                        });
                    }
                }
            }
        }
        if added.is_empty() {
            return;
        }
        tags.extend(added);
        tags.sort_by_key(|t| (t.start, t.end));
    }
}

/// A name without the words that cannot belong to it at its ends ("The", "Monday").
fn trim_name(text: &str, start: usize, end: usize) -> (usize, usize) {
    let words: Vec<(usize, &str)> = text[start..end]
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
        .collect();
    let keep: Vec<&(usize, &str)> = words
        .iter()
        .skip_while(|(_, w)| NOT_NAMES.contains(w))
        .collect();
    let Some(first) = keep.first() else {
        return (start, start);
    };
    let last = keep
        .iter()
        .rposition(|(_, w)| !NOT_NAMES.contains(w))
        .map_or(*first, |i| keep[i]);
    (first.0, last.0 + last.1.len())
}

/// Whether the word before `pos` is a preposition of place ("in", "near").
fn after_preposition(text: &str, pos: usize) -> bool {
    let before = text[..pos].trim_end();
    let word = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    matches!(
        word.to_ascii_lowercase().as_str(),
        "in" | "at"
            | "from"
            | "to"
            | "near"
            | "of"
            | "outside"
            | "across"
            | "into"
            | "inside"
            | "around"
            | "toward"
            | "towards"
            | "via"
            | "through"
            | "throughout"
            | "off"
    )
}

/// The surname of a name that looks like a person's ("James Soong" → "Soong"): two
/// to four capitalized words, none of which names a thing rather than a person.
pub fn surname(name: &str) -> Option<&str> {
    let words: Vec<&str> = name.split_whitespace().collect();
    ((2..=4).contains(&words.len())
        && plausible(name)
        && words.iter().all(|w| w.starts_with(char::is_uppercase)))
    .then(|| words[words.len() - 1])
}

/// Whether every word could belong to a person's name.
fn plausible(name: &str) -> bool {
    name.split_whitespace().all(|w| !NOT_NAMES.contains(w))
}

fn overlaps(tags: &[Tag], start: usize, end: usize) -> bool {
    let i = tags.partition_point(|t| t.end <= start);
    tags.get(i).is_some_and(|t| t.start < end)
}
