//! The lexicon of a pack, compiled: measures (what claims state) with the words
//! that trigger them in each construction, and the words for groups of people and
//! for events that fill claims' slots. Rules refer to trigger words through
//! built-in macros (`{{state}}`, `{{verb}}`, `{{toll}}`, `{{count_noun}}`,
//! `{{group}}`, `{{event}}`); a captured `trigger` names its measure here.

use std::collections::HashMap;

use super::vocab::normalize_name;
use crate::extract::claim::{Slots, Trend};

/// The constructions a trigger word serves in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TriggerClass {
    /// "N people were *killed*", "left N *dead*".
    State,
    /// "*killed* N people", "…, *injuring* N".
    Verb,
    /// "the *death toll* rose to N".
    Toll,
    /// "N *deaths*".
    Count,
}

impl TriggerClass {
    pub const ALL: [TriggerClass; 4] = [
        TriggerClass::State,
        TriggerClass::Verb,
        TriggerClass::Toll,
        TriggerClass::Count,
    ];

    /// The built-in macro of the class.
    pub fn macro_name(self) -> &'static str {
        match self {
            TriggerClass::State => "state",
            TriggerClass::Verb => "verb",
            TriggerClass::Toll => "toll",
            TriggerClass::Count => "count_noun",
        }
    }
}

/// A measure of the lexicon.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Measure {
    pub id: crate::extract::claim::Shared,
    /// How its keys read ("people killed", "title[ of {subject}]").
    pub label: String,
    pub trend: Trend,
    /// Trigger words by construction.
    pub triggers: Vec<(TriggerClass, String)>,
    /// A figure of the event itself: about the event its sentence names.
    pub of_event: bool,
}

/// Measures, groups and events.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    measures: Vec<Measure>,
    by_id: HashMap<String, usize>,
    /// Normalized trigger words → measure index.
    triggers: HashMap<String, usize>,
    /// (canonical, words) of groups and of events.
    groups: Vec<(String, Vec<String>)>,
    events: Vec<(String, Vec<String>)>,
    group_of: HashMap<String, usize>,
    event_of: HashMap<String, usize>,
    /// Any event word, as whole words, case folded.
    event_finder: Option<regex::Regex>,
}

impl Lexicon {
    /// Builds the lexicon; the caller has checked ids are unique and that no trigger
    /// word names two measures.
    pub fn new(
        measures: Vec<Measure>,
        groups: Vec<(String, Vec<String>)>,
        events: Vec<(String, Vec<String>)>,
    ) -> Lexicon {
        let mut lex = Lexicon {
            measures,
            groups,
            events,
            ..Lexicon::default()
        };
        for (i, m) in lex.measures.iter().enumerate() {
            lex.by_id.insert(m.id.to_string(), i);
            for (_, word) in &m.triggers {
                lex.triggers.entry(normalize_name(word)).or_insert(i);
            }
        }
        for (i, (canonical, words)) in lex.groups.iter().enumerate() {
            for w in words.iter().chain(std::iter::once(canonical)) {
                lex.group_of.entry(normalize_name(w)).or_insert(i);
            }
        }
        for (i, (canonical, words)) in lex.events.iter().enumerate() {
            for w in words.iter().chain(std::iter::once(canonical)) {
                lex.event_of.entry(normalize_name(w)).or_insert(i);
            }
        }
        let words = lex.event_words();
        if !words.is_empty() {
            let pattern =
                super::compile::ascii_word_boundaries(&super::vocab::names_pattern(words, true));
            lex.event_finder = regex::Regex::new(&pattern).ok();
        }
        lex
    }

    /// Finds an event word in a text.
    pub fn event_finder(&self) -> Option<&regex::Regex> {
        self.event_finder.as_ref()
    }

    pub fn measures(&self) -> &[Measure] {
        &self.measures
    }

    pub fn measure(&self, id: &str) -> Option<&Measure> {
        self.by_id.get(id).map(|&i| &self.measures[i])
    }

    /// The measure a trigger's words name ("were killed" → dead).
    pub fn trigger(&self, words: &str) -> Option<&Measure> {
        self.triggers
            .get(&normalize_name(words))
            .map(|&i| &self.measures[i])
    }

    /// The trigger words of one construction, for its macro.
    pub fn words(&self, class: TriggerClass) -> Vec<&str> {
        self.measures
            .iter()
            .flat_map(|m| m.triggers.iter())
            .filter(|(c, _)| *c == class)
            .map(|(_, w)| w.as_str())
            .collect()
    }

    /// Every word for a group or an event, for the `{{group}}` and `{{event}}`
    /// macros.
    pub fn group_words(&self) -> Vec<&str> {
        all_words(&self.groups)
    }

    pub fn event_words(&self) -> Vec<&str> {
        all_words(&self.events)
    }

    /// The canonical group a word names ("minors" → "children").
    pub fn group(&self, words: &str) -> Option<&str> {
        self.group_of
            .get(&normalize_name(words))
            .map(|&i| self.groups[i].0.as_str())
    }

    /// The canonical event a word names ("quake" → "earthquake").
    pub fn event(&self, words: &str) -> Option<&str> {
        self.event_of
            .get(&normalize_name(words))
            .map(|&i| self.events[i].0.as_str())
    }

    /// The one kind of `general` a text names, when it names exactly one: an event
    /// whose canonical name, or the written name, ends in the general one's
    /// ("marburg outbreak" is a kind of "outbreak"; a "rocket attack", a strike, is
    /// a kind of attack). A report about one outbreak calls it "the outbreak" too.
    pub fn only_kind_named(&self, general: &str, text: &str) -> Option<&str> {
        self.events_named(text).only_kind_of(general)
    }

    /// The event words of a text, found once for every general event a report's
    /// claims name (see [`EventsNamed::only_kind_of`]).
    pub fn events_named(&self, text: &str) -> EventsNamed<'_> {
        let found = self.event_finder.as_ref().map_or_else(Vec::new, |finder| {
            finder
                .find_iter(text)
                .filter_map(|m| {
                    let written = m.as_str();
                    Some((self.event(written)?, written.to_ascii_lowercase()))
                })
                .collect()
        });
        EventsNamed { found }
    }
}

/// The event words of one text: each one's kind and its words in lower case.
#[derive(Clone, Debug)]
pub struct EventsNamed<'l> {
    found: Vec<(&'l str, String)>,
}

impl<'l> EventsNamed<'l> {
    /// The one kind of `general` the text names, when it names exactly one (see
    /// [`Lexicon::only_kind_named`]).
    pub fn only_kind_of(&self, general: &str) -> Option<&'l str> {
        let suffix = format!(" {general}");
        let mut kinds = self
            .found
            .iter()
            .filter(|(kind, written)| kind.ends_with(&suffix) || written.ends_with(&suffix))
            .map(|&(kind, _)| kind);
        let first = kinds.next()?;
        kinds.all(|k| k == first).then_some(first)
    }
}

fn all_words(entries: &[(String, Vec<String>)]) -> Vec<&str> {
    entries
        .iter()
        .flat_map(|(c, ws)| std::iter::once(c.as_str()).chain(ws.iter().map(String::as_str)))
        .collect()
}

/// A key as people read it: the measure's label with the slots it names filled in
/// (a bracketed part is left out when a slot in it is missing), then the other slots
/// set: "people killed · earthquake · Gansu · children".
pub fn render_key(label: &str, slots: &Slots) -> String {
    let value = |name: &str| -> Option<String> {
        match name {
            "subject" => slots.subject.clone(),
            "group" => slots.group.clone(),
            "place" => slots.place.as_ref().map(|p| p.name.clone()),
            "event" => slots.event.clone(),
            _ => None,
        }
    };
    let mut used: Vec<String> = Vec::new();
    let fill = |text: &str, used: &mut Vec<String>| -> Option<String> {
        let mut out = String::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let close = open + rest[open..].find('}')?;
            out.push_str(&rest[..open]);
            let name = rest[open + 1..close].trim();
            out.push_str(&value(name)?);
            used.push(name.to_string());
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        Some(out)
    };
    let mut out = String::new();
    let mut rest = label;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']').map(|c| open + c) else {
            break;
        };
        out.push_str(&fill(&rest[..open], &mut used).unwrap_or_default());
        if let Some(part) = fill(&rest[open + 1..close], &mut used) {
            out.push_str(&part);
        }
        rest = &rest[close + 1..];
    }
    out.push_str(&fill(rest, &mut used).unwrap_or_else(|| rest.to_string()));
    for name in ["subject", "event", "place", "group"] {
        if !used.iter().any(|u| u == name)
            && let Some(v) = value(name)
        {
            out.push_str(" · ");
            out.push_str(&v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::PlaceValue;

    #[test]
    fn keys_read_as_labels_with_their_slots() {
        let slots = Slots {
            event: Some("earthquake".into()),
            place: Some(PlaceValue {
                id: "china/gansu".into(),
                name: "Gansu".into(),
                within: vec!["china".into()],
            }),
            ..Slots::default()
        };
        assert_eq!(
            render_key("people killed", &slots),
            "people killed · earthquake · Gansu"
        );
        assert_eq!(
            render_key("venue[ of the {event}]", &Slots::default()),
            "venue"
        );
        let talks = Slots {
            event: Some("talks".into()),
            ..Slots::default()
        };
        assert_eq!(
            render_key("venue[ of the {event}]", &talks),
            "venue of the talks"
        );
        let trump = Slots {
            subject: Some("Donald Trump".into()),
            ..Slots::default()
        };
        assert_eq!(
            render_key("title[ of {subject}]", &trump),
            "title of Donald Trump"
        );
    }

    #[test]
    fn triggers_groups_and_events_are_found_by_their_words() {
        let lex = Lexicon::new(
            vec![Measure {
                id: "dead".into(),
                label: "people killed".into(),
                trend: Trend::Rises,
                triggers: vec![
                    (TriggerClass::State, "killed".into()),
                    (TriggerClass::Toll, "death toll".into()),
                ],
                of_event: false,
            }],
            vec![("children".into(), vec!["minors".into()])],
            vec![("earthquake".into(), vec!["quake".into()])],
        );
        assert_eq!(lex.trigger("Death Toll").map(|m| &*m.id), Some("dead"));
        assert_eq!(lex.group("minors"), Some("children"));
        assert_eq!(lex.event("Quake"), Some("earthquake"));
        assert_eq!(lex.words(TriggerClass::State), ["killed"]);
    }

    #[test]
    fn the_general_event_is_the_one_kind_a_report_names() {
        let lex = Lexicon::new(
            Vec::new(),
            Vec::new(),
            vec![
                ("attack".into(), Vec::new()),
                ("strike".into(), vec!["rocket attack".into()]),
                ("marburg outbreak".into(), vec!["marburg".into()]),
                ("outbreak".into(), Vec::new()),
                ("shooting".into(), vec!["gun attack".into()]),
            ],
        );
        let text = "A rocket attack hit the station. The attack killed 12.";
        assert_eq!(lex.only_kind_named("attack", text), Some("strike"));
        assert_eq!(
            lex.only_kind_named("outbreak", "Marburg has spread; the outbreak grew."),
            Some("marburg outbreak")
        );
        // Two kinds named: "the attack" could be either.
        assert_eq!(
            lex.only_kind_named("attack", "A rocket attack and a gun attack."),
            None
        );
        assert_eq!(lex.only_kind_named("attack", "The attack killed 12."), None);
    }
}
