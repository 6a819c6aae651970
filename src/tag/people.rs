//! People no vocabulary lists, recognized by the shape of news writing: a name
//! after a title or role ("Governor Ahmed Karimi", "spokesman Tian Xiang"), a name
//! set off by commas before a description ("Ahmed Karimi, the provincial governor,"
//! or "…, 34,"), or a name right before a speech verb ("Ahmed Karimi said") or a
//! result ("Anna Berg won"). Later
//! mentions of the same surname are the same person. Names are two to four
//! capitalized words (one after a title); a span that overlaps a vocabulary name,
//! or that ends in an organization word ("Ministry", "News"), is not a person.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input};
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
///
/// The two shape regexes use Unicode classes and Unicode word boundaries, which the
/// lazy DFA cannot run on non-ASCII text (curly quotes are enough), so an
/// unanchored search over a whole report falls back to the slow PikeVM. The
/// matches are found instead by anchored searches at the few places where one can
/// start (see [`Shapes::matches`]): the same matches, in the same order, as
/// `captures_iter` over the whole text.
#[derive(Clone, Debug)]
pub struct Shapes {
    /// A cue and the name after it (group 1).
    after_cue: Regex,
    /// A name (group 1 or 2) and what marks it as a person after it.
    before_mark: Regex,
    /// The cues alone (the alternation `after_cue` starts with), where an
    /// `after_cue` match may start.
    cue: Regex,
    /// The speech verbs of `before_mark`'s second branch.
    verbs: AhoCorasick,
}

/// The speech verbs after a name (`before_mark`'s second branch).
const VERBS: [&str; 18] = [
    "said",
    "says",
    "told",
    "added",
    "wrote",
    "explained",
    "recalled",
    "warned",
    "insisted",
    "won",
    "wins",
    "received",
    "secured",
    "garnered",
    "polled",
    "defeated",
    "conceded",
    "obtained",
];

/// The sources of `after_cue`, `before_mark` and the cues alone.
fn patterns(vocab: &Vocabulary) -> [String; 3] {
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
    [
        format!(r"\b{cues},?\s+({short})\b"),
        format!(
            r"\b({name}),\s+(?:(?:the|a|an|who|aged)\b|\d{{1,3}},|(?:[a-z]+[ -]+){{0,2}}{OFFICES}\b)|\b({name})\s+(?:{})\b",
            VERBS.join("|")
        ),
        cues,
    ]
}

impl Shapes {
    pub fn new(vocab: &Vocabulary) -> Shapes {
        let [after_cue, before_mark, cue] = patterns(vocab);
        // Side by side: each is milliseconds (Unicode's letter classes, several
        // times over), and the pack's start-up waits on them.
        let (before_mark, (after_cue, cue)) = rayon::join(
            || Regex::new(&before_mark).expect("the name pattern is valid"),
            || {
                rayon::join(
                    || Regex::new(&after_cue).expect("the cue pattern is valid"),
                    || Regex::new(&cue).expect("the cue pattern is valid"),
                )
            },
        );
        // A DFA without a prefilter: the default, an NFA behind a prefilter for the
        // verbs' rarest bytes, is slower on prose, where no byte of them is rare.
        let verbs = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .kind(Some(AhoCorasickKind::DFA))
            .prefilter(false)
            .build(VERBS)
            .expect("the verbs build an automaton");
        Shapes {
            after_cue,
            before_mark,
            cue,
            verbs,
        }
    }

    /// Adds tags for unlisted people to `tags` (sorted, not overlapping), and for
    /// later mentions of their surnames.
    pub fn tag(&self, text: &str, tags: &mut Vec<Tag>) {
        let mut found: Vec<(usize, usize)> = Vec::new();
        // A name after a cue may hold another cue ("Deputy Lagos Governor Ana
        // Ruiz"): the next search starts at the name, not after it.
        for (start, end) in Self::matches(&self.after_cue, text, self.cue_starts(text), &[1], true)
        {
            found.push(trim_name(text, start, end));
        }
        for (start, end) in Self::matches(
            &self.before_mark,
            text,
            self.name_starts(text),
            &[1, 2],
            false,
        ) {
            // "in El Geneina, the UN said" names a place, not a person.
            if !after_preposition(text, start) {
                found.push(trim_name(text, start, end));
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

    /// The spans of the first participating group among `groups` of each match of
    /// `re` in `text`: what `captures_iter` gives, found by an anchored search at
    /// each of `starts` (sorted, every position where a match may start) past the
    /// last match, or past the start of its group when `restart_at_group`.
    fn matches(
        re: &Regex,
        text: &str,
        starts: Vec<usize>,
        groups: &[usize],
        restart_at_group: bool,
    ) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut caps = re.create_captures();
        let mut from = 0;
        for start in starts {
            if start < from {
                continue;
            }
            let input = Input::new(text)
                .span(start..text.len())
                .anchored(Anchored::Yes);
            re.search_captures(&input, &mut caps);
            let Some(m) = caps.get_match() else {
                continue;
            };
            // The patterns never match the empty string.
            from = m.end();
            if let Some(g) = groups.iter().find_map(|&g| caps.get_group(g)) {
                out.push((g.start, g.end));
                if restart_at_group && g.start > start {
                    from = g.start;
                }
            }
        }
        out
    }

    /// Where an `after_cue` match may start: at each match of the cues alone, and
    /// at each word boundary inside one (a cue may start inside another: "Vice
    /// President", "Lt. Gen."), since a match of the cues is found wherever a cue
    /// starts or inside the match before.
    fn cue_starts(&self, text: &str) -> Vec<usize> {
        let mut starts = Vec::new();
        for m in self.cue.find_iter(text) {
            starts.push(m.start());
            starts.extend(
                (m.start() + 1..m.end())
                    .filter(|&q| text.is_char_boundary(q) && maybe_boundary(text, q)),
            );
        }
        starts
    }

    /// Where a `before_mark` match may start: its name ends right before a comma,
    /// or before the white space ahead of a speech verb, and is made of letters,
    /// spaces, hyphens and apostrophes; so it starts at a capital letter (or any
    /// non-ASCII character) in the run of such characters before one of these.
    fn name_starts(&self, text: &str) -> Vec<usize> {
        let bytes = text.as_bytes();
        let mut ends: Vec<usize> = memchr::memchr_iter(b',', bytes).collect();
        // Non-overlapping is enough: a verb that marks a name follows white space,
        // and no verb contains white space, so no other verb's match overlaps it.
        for m in self.verbs.find_iter(text) {
            let end = text[..m.start()].trim_end().len();
            if end < m.start() {
                ends.push(end);
            }
        }
        ends.sort_unstable();
        ends.dedup();
        let in_name =
            |b: u8| b >= 0x80 || b.is_ascii_alphabetic() || matches!(b, b' ' | b'-' | b'\'');
        let mut starts = Vec::new();
        let mut done = 0; // the runs before `done` have been read
        for end in ends {
            let mut run = end;
            while run > done && in_name(bytes[run - 1]) {
                run -= 1;
            }
            starts.extend((run.max(done)..end).filter(|&q| {
                (bytes[q] >= 0x80 || bytes[q].is_ascii_uppercase())
                    && text.is_char_boundary(q)
                    && maybe_boundary(text, q)
            }));
            done = end;
        }
        starts
    }
}

/// False only where there is certainly no Unicode word boundary at `q` (a char
/// boundary): both neighbours ASCII and both word characters or both not. Beside a
/// non-ASCII character it says yes and leaves the regex to decide.
fn maybe_boundary(text: &str, q: usize) -> bool {
    let bytes = text.as_bytes();
    let (Some(&before), Some(&after)) = (q.checked_sub(1).and_then(|i| bytes.get(i)), bytes.get(q))
    else {
        return true;
    };
    if before >= 0x80 || after >= 0x80 {
        return true;
    }
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    word(before) != word(after)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Pack;
    use std::sync::LazyLock;

    static PACK: LazyLock<Pack> =
        LazyLock::new(|| Pack::embedded().expect("the default pack compiles"));

    /// The anchored searches give what `captures_iter` over the whole text gives.
    fn same_as_captures_iter(shapes: &Shapes, plain: &[regex::Regex; 2], text: &str) {
        let reference = |re: &regex::Regex, groups: &[usize]| -> Vec<(usize, usize)> {
            re.captures_iter(text)
                .filter_map(|c| groups.iter().find_map(|&g| c.get(g)))
                .map(|m| (m.start(), m.end()))
                .collect()
        };
        // After a cue, the next search starts at the name.
        let mut restarting = Vec::new();
        let mut at = 0;
        while let Some(caps) = plain[0].captures_at(text, at) {
            let Some(m) = caps.get(1) else { break };
            restarting.push((m.start(), m.end()));
            at = m.start();
        }
        assert_eq!(
            Shapes::matches(&shapes.after_cue, text, shapes.cue_starts(text), &[1], true),
            restarting,
            "after a cue, in {text:?}"
        );
        assert_eq!(
            Shapes::matches(
                &shapes.before_mark,
                text,
                shapes.name_starts(text),
                &[1, 2],
                false
            ),
            reference(&plain[1], &[1, 2]),
            "before a mark, in {text:?}"
        );
    }

    #[test]
    fn anchored_searches_find_what_a_scan_finds() {
        let shapes = &PACK.tagger().people;
        let [a, b, _] = patterns(&PACK.vocab);
        let plain = [
            regex::Regex::new(&a).unwrap(),
            regex::Regex::new(&b).unwrap(),
        ];
        for text in [
            "The provincial governor, Ahmed Karimi, said on Monday that 300 died.",
            "Vice President Kamala Harris and Lt. Gen. Ahmed Al-Hayya met; spokesman Tian Xiang said so.",
            "“We are here,” Ahmed Karimi, 34, told reporters. Karimi said: no.",
            "in El Geneina, the UN said. SPOKESMAN Omar Khalid\nsaid it. ſpokesman Ali Reza, who",
            "Élodie Dupont, the mayor, and Ünal Çelik said; xAhmed Karimi said; Mr. O’Brien warned.",
            "Prime Minister\n\nBenjamin Netanyahu said. Governor Ahmed bin Salman-Khalid, aged 40",
        ] {
            same_as_captures_iter(shapes, &plain, text);
        }
        let words = [
            "President",
            "Vice President",
            "Vice",
            "Lt.",
            "Gen.",
            "Lt. Gen.",
            "Maj.",
            "spokesman",
            "SPOKESWOMAN",
            "ſpokesman",
            "\u{212A}ing",
            "King",
            "official",
            "Ahmed",
            "Karimi",
            "O’Brien",
            "Al-Hayya",
            "al",
            "bin",
            "de",
            "Élodie",
            "Ünal",
            "Çelik",
            "the",
            "The",
            "a",
            "who",
            "aged",
            "34",
            "said",
            "says",
            "told",
            "insisted",
            "added",
            "in",
            "near",
            "Monday",
            "Ministry",
            "News",
            "x",
            "_",
            "é",
            "3,",
            "“",
            "”",
            "'",
            "-",
        ];
        let seps = [
            " ", " ", " ", ", ", ",  ", "\n", "\n\n", "-", "", ". ", " – ",
        ];
        let mut rng = fastrand::Rng::with_seed(10);
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..rng.usize(1..24) {
                text.push_str(words[rng.usize(..words.len())]);
                text.push_str(seps[rng.usize(..seps.len())]);
            }
            same_as_captures_iter(shapes, &plain, &text);
        }
    }
}
