//! Speech: quotations with their speakers.
//!
//! Every quotation of a text becomes a claim. Who said it is found by the pack's
//! quote rules (`kind: quote`), which live in rule files, not here: each sentence is
//! rewritten with its quotations replaced by tokens (`⟦3⟧`), and the rules' patterns,
//! written around `{{quote}}`, capture a `speaker`. This module then resolves what
//! the rule captured:
//!
//! - a name of the people (or organization) vocabulary → that person;
//! - a pronoun ("he said") → the last person named before it in the same or the
//!   previous sentence (outside quotations);
//! - a description ("a senior Palestinian official") → kept as that description; a
//!   short definite one ("the official") → the last indefinite description with the
//!   same head noun a few sentences before;
//! - a country or an institution of one ("Israel's foreign ministry") → a group.
//!
//! A quotation no rule attributes, in a sentence where an earlier quotation was
//! attributed, continues that speaker's words; otherwise its speaker stays unknown.

use regex::Regex;
use std::sync::LazyLock;

use super::quotes::{QuoteSpan, find_quotes, quote_words};
use super::{Claim, Document, Shared};
use crate::rules::Pack;
use crate::rules::vocab::normalize_name;
use crate::source::text::{bytes_in, sentence_at, sentences};
use crate::tag::{Entity, Tag};
use crate::value::{ClaimKind, QuoteValue, Speaker, SpeakerKind, Value};

/// The key of every quote claim: quotes are matched by their words, not by key.
pub const QUOTE_KEY: &str = "quote";

static TOKEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"⟦([0-9]+)⟧").expect("the token pattern is valid"));

static PRONOUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:he|she|they|him|her)$").expect("the pronoun pattern is valid")
});

/// Determiners that open a description.
static DETERMINER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:(a|an|the|one|another|two|three|several|some|a\s+few)\s+)")
        .expect("the determiner pattern is valid")
});

/// Builds this module's fixed patterns (see [`super::warm_up`]).
pub(super) fn warm_up() {
    for regex in [&TOKEN, &PRONOUN, &DETERMINER] {
        LazyLock::force(regex);
    }
}

/// How many sentences back a short description ("the official") may refer.
const DESCRIPTION_REACH: usize = 6;

/// A text with its quotations replaced by `⟦n⟧` tokens, and the way back.
struct Masked {
    text: String,
    /// Runs of the masked text: (masked start, original start, is a token).
    runs: Vec<(usize, usize, bool)>,
}

impl Masked {
    fn new(text: &str, quotes: &[QuoteSpan]) -> Masked {
        let mut masked = String::with_capacity(text.len());
        let mut runs = Vec::new();
        let mut at = 0;
        for (i, q) in quotes.iter().enumerate() {
            runs.push((masked.len(), at, false));
            masked.push_str(&text[at..q.start]);
            runs.push((masked.len(), q.start, true));
            masked.push_str(&format!("⟦{i}⟧"));
            at = q.end;
        }
        runs.push((masked.len(), at, false));
        masked.push_str(&text[at..]);
        Masked { text: masked, runs }
    }

    /// The original offset of a masked offset (a token maps to its quote's start).
    fn original(&self, pos: usize) -> usize {
        let i = self
            .runs
            .partition_point(|&(m, _, _)| m <= pos)
            .saturating_sub(1);
        let (m, o, token) = self.runs[i];
        if token { o } else { o + (pos - m) }
    }
}

/// What a quote rule found for one quotation.
#[derive(Clone, Debug)]
struct Attribution {
    rule: Shared,
    /// The span of the speaker's words in the text.
    start: usize,
    end: usize,
}

/// Every quotation of the document, as claims.
pub fn extract_quotes(pack: &Pack, doc: &Document<'_>) -> Vec<Claim> {
    extract_quotes_batch(pack, std::slice::from_ref(doc))
        .pop()
        .unwrap_or_default()
}

/// The bytes of the sentences of `doc` that hold a double quotation mark or an
/// opening single one: about what the quote rules read of it (see
/// [`extract_quotes_batch`]), reckoned before they run.
pub(crate) fn quoted_bytes(doc: &Document<'_>) -> usize {
    let text = doc.source.text.as_str();
    bytes_in(doc.sentences.iter().copied().filter(|&(s, e)| {
        text.get(s..e)
            .is_some_and(|t| t.contains(['"', '“', '„', '”', '‘']))
    }))
}

/// A document's quotations while the quote rules run.
struct Quoting {
    quotes: Vec<QuoteSpan>,
    /// The shadow text with the quotations as tokens.
    masked: Masked,
    found: Vec<Option<Attribution>>,
    /// The sentences of `masked` holding a quotation, with the quotations' numbers.
    sentences: Vec<((usize, usize), Vec<usize>)>,
}

/// Every quotation of each document, as claims ([`extract_quotes`] for each). The
/// quote rules run rule by rule over the sentences of all the documents, so that a
/// rule's automaton is reused while it is in the CPU's caches; each sentence still
/// meets the rules in priority order, and a sentence's quotations are its own, so
/// what each sentence gets is the same.
pub fn extract_quotes_batch(pack: &Pack, docs: &[Document<'_>]) -> Vec<Vec<Claim>> {
    let token = &*TOKEN;
    let mut work: Vec<Option<Quoting>> = docs
        .iter()
        .map(|doc| {
            let quotes = find_quotes(&doc.source.text);
            if quotes.is_empty() {
                return None;
            }
            // Rules see the shadow text (names as placeholders) with quotations as
            // tokens.
            let masked = Masked::new(&doc.tagged.shadow, &quotes);
            let sentences = sentences(&masked.text)
                .into_iter()
                .filter_map(|(s, e)| {
                    let sentence = &masked.text[s..e];
                    if !sentence.contains('⟦') {
                        return None; // no quotation to attribute
                    }
                    let in_sentence: Vec<usize> = token
                        .captures_iter(sentence)
                        .filter_map(|t| t[1].parse::<usize>().ok())
                        .filter(|&q| q < quotes.len())
                        .collect();
                    Some(((s, e), in_sentence))
                })
                .collect();
            Some(Quoting {
                found: vec![None; quotes.len()],
                quotes,
                masked,
                sentences,
            })
        })
        .collect();
    for rule in pack.quote_rules() {
        // Once every quotation of a sentence has its speaker, lower rules could
        // change nothing: the first attribution stands.
        let open: Vec<Vec<usize>> = work
            .iter()
            .map(|w| match w {
                Some(w) => (0..w.sentences.len())
                    .filter(|&i| w.sentences[i].1.iter().any(|&q| w.found[q].is_none()))
                    .collect(),
                None => Vec::new(),
            })
            .collect();
        if open.iter().all(Vec::is_empty) {
            continue;
        }
        // The bytes each pattern of the rule reads: the open sentences.
        let bytes = bytes_in(
            work.iter()
                .zip(&open)
                .filter_map(|(w, open)| Some((w.as_ref()?, open)))
                .flat_map(|(w, open)| open.iter().map(|&i| w.sentences[i].0)),
        );
        for pattern in &rule.patterns {
            let regex = pattern.regex_for(bytes);
            for (w, open) in work.iter_mut().zip(&open) {
                let Some(Quoting {
                    masked,
                    found,
                    sentences,
                    ..
                }) = w
                else {
                    continue;
                };
                for &i in open {
                    let ((s, e), _) = sentences[i];
                    let sentence = &masked.text[s..e];
                    for caps in regex.captures_iter(sentence) {
                        let (Some(q), Some(speaker)) = (
                            caps.get_group_by_name("quote"),
                            caps.get_group_by_name("speaker"),
                        ) else {
                            continue;
                        };
                        let Ok(q) = sentence[q.range()].parse::<usize>() else {
                            continue;
                        };
                        if q < found.len() && found[q].is_none() {
                            found[q] = Some(Attribution {
                                rule: rule.id.clone(),
                                start: masked.original(s + speaker.start),
                                end: masked.original(s + speaker.end),
                            });
                        }
                    }
                }
            }
        }
    }
    docs.iter()
        .zip(work)
        .map(|(doc, w)| match w {
            Some(w) => quote_claims(pack, doc, w),
            None => Vec::new(),
        })
        .collect()
}

/// The claims of a document's quotations, once the rules have run.
fn quote_claims(pack: &Pack, doc: &Document<'_>, w: Quoting) -> Vec<Claim> {
    let token = &*TOKEN;
    let Quoting {
        quotes,
        masked,
        mut found,
        sentences,
    } = w;
    for ((s, e), _) in sentences {
        let sentence = &masked.text[s..e];
        // A quotation no rule attributed continues the speaker of an earlier one in
        // the same sentence: "… said the team arrived with a “positive spirit,” but
        // wanted “firm commitments”".
        let mut last: Option<Attribution> = None;
        for t in token.captures_iter(sentence) {
            let Ok(q) = t[1].parse::<usize>() else {
                continue;
            };
            match found.get(q) {
                Some(Some(a)) => last = Some(a.clone()),
                Some(None) => found[q] = last.clone(),
                None => {}
            }
        }
    }
    quotes
        .iter()
        .zip(found)
        .map(|(q, attribution)| {
            let speaker = attribution
                .as_ref()
                .and_then(|a| resolve(pack, doc, &quotes, a, q.start));
            quote_claim(doc, q, attribution.map(|a| a.rule), speaker)
        })
        .collect()
}

fn quote_claim(
    doc: &Document<'_>,
    q: &QuoteSpan,
    rule: Option<Shared>,
    speaker: Option<Speaker>,
) -> Claim {
    let text = doc.source.text.as_str();
    let words = &text[q.inner.0..q.inner.1];
    let (sentence_start, sentence_end) = doc.sentence_span(q.start, q.end);
    let (line, column) = doc.index.line_col(text, q.inner.0);
    let value = QuoteValue {
        text: words.to_string(),
        words: quote_words(words),
        speaker,
    };
    Claim {
        source: doc.shared.source.clone(),
        path: doc.shared.path.clone(),
        digest: None,
        story: doc.shared.story.clone(),
        rule: rule.unwrap_or_else(|| "unattributed-quote".into()),
        kind: ClaimKind::Quote,
        measure: QUOTE_KEY.into(),
        key: QUOTE_KEY.to_string(),
        slots: Default::default(),
        trend: Default::default(),
        as_of: doc.shared.published.clone(),
        display: value.to_string(),
        value: Value::Quote(value),
        text: words.to_string(),
        value_text: words.to_string(),
        start: q.inner.0,
        end: q.inner.1,
        line,
        column,
        sentence: doc.sentence_text(sentence_start, sentence_end),
        sentence_start,
    }
}

/// Who the captured speaker words stand for.
fn resolve(
    pack: &Pack,
    doc: &Document<'_>,
    quotes: &[QuoteSpan],
    a: &Attribution,
    quote_start: usize,
) -> Option<Speaker> {
    let text = doc.source.text.as_str();
    // The words, without the spaces and commas a pattern took around them.
    let raw = text.get(a.start..a.end)?;
    let lead = raw.len() - raw.trim_start().len();
    let words = raw.trim().trim_end_matches(',').trim();
    let (start, end) = (a.start + lead, a.start + lead + words.len());
    let tags = doc.tagged.within(start, end);
    if let Some(t) = tags
        .iter()
        .find(|t| matches!(t.entity, Entity::Person(_) | Entity::UnlistedPerson))
    {
        return person_of(pack, doc, t);
    }
    if PRONOUN.is_match(words) {
        return antecedent(pack, doc, quotes, a.start.min(quote_start));
    }
    let determiner = DETERMINER.find(words);
    let rest_start = start + determiner.map_or(0, |d| d.end());
    // "the White House", "Hamas", "Israel" name who speaks.
    if let [t] = tags
        && t.start == rest_start
        && t.end == end
    {
        match t.entity {
            Entity::Organization(i) => {
                return pack
                    .vocab
                    .organizations
                    .all()
                    .get(i as usize)
                    .map(organization);
            }
            Entity::Place(i) => {
                let place = pack.vocab.places.place(i as usize)?;
                return Some(country(place));
            }
            _ => {}
        }
    }
    if let Some(d) = determiner {
        let rest = &words[d.end()..];
        let definite = words[..d.end()].trim().eq_ignore_ascii_case("the");
        if definite
            && rest.split_whitespace().count() <= 2
            && let Some(full) = earlier_description(doc, rest, a.start)
        {
            return Some(description(pack, doc, &full, None));
        }
        return Some(description(pack, doc, words, Some((start, end))));
    }
    if let Some(Entity::Organization(i)) = tags
        .iter()
        .map(|t| t.entity)
        .find(|e| matches!(e, Entity::Organization(_)))
    {
        return pack
            .vocab
            .organizations
            .all()
            .get(i as usize)
            .map(organization);
    }
    let within = belongs_to(pack, tags);
    if !within.is_empty() {
        return Some(Speaker {
            kind: SpeakerKind::Group,
            id: normalize_name(words),
            name: words.to_string(),
            within,
        });
    }
    Some(description(pack, doc, words, Some((start, end))))
}

/// The speaker a person's tag stands for. An unlisted person mentioned by surname
/// alone ("Karimi said") is the one named in full earlier in the text.
fn person_of(pack: &Pack, doc: &Document<'_>, t: &Tag) -> Option<Speaker> {
    let text = doc.source.text.as_str();
    match t.entity {
        Entity::Person(i) => pack.vocab.people.people().get(i as usize).map(person),
        Entity::UnlistedPerson => {
            let words = &text[t.start..t.end];
            let full = doc
                .tagged
                .tags
                .iter()
                .take_while(|o| o.start < t.start)
                .filter(|o| o.entity == Entity::UnlistedPerson)
                .map(|o| &text[o.start..o.end])
                .filter(|name| {
                    name.len() > words.len() && name.split_whitespace().last() == Some(words)
                })
                .last()
                .unwrap_or(words);
            Some(Speaker {
                kind: SpeakerKind::Person,
                id: normalize_name(full),
                name: full.to_string(),
                within: Vec::new(),
            })
        }
        _ => None,
    }
}

fn person(p: &crate::rules::vocab::Person) -> Speaker {
    Speaker {
        kind: SpeakerKind::Person,
        id: p.id.clone(),
        name: p.name.clone(),
        within: Vec::new(),
    }
}

fn organization(o: &crate::rules::vocab::Organization) -> Speaker {
    Speaker {
        kind: SpeakerKind::Organization,
        id: o.id.clone(),
        name: o.name.clone(),
        within: o.within.iter().cloned().collect(),
    }
}

/// A country (or territory) that speaks as itself.
fn country(place: crate::rules::vocab::PlaceRef<'_>) -> Speaker {
    Speaker {
        kind: SpeakerKind::Group,
        id: place.id().to_string(),
        name: place.name().to_string(),
        within: Vec::new(),
    }
}

/// The places and organizations tagged in a speaker's words: "Israel's foreign
/// ministry" → ["israel"], "a Hamas official" → ["hamas"].
fn belongs_to(pack: &Pack, tags: &[Tag]) -> Vec<String> {
    let vocab = &pack.vocab;
    let mut ids: Vec<String> = tags
        .iter()
        .filter_map(|t| match t.entity {
            Entity::Place(i) | Entity::Demonym(i) => {
                vocab.places.place(i as usize).map(|p| p.id().to_string())
            }
            Entity::Organization(i) => vocab
                .organizations
                .all()
                .get(i as usize)
                .map(|o| o.id.clone()),
            _ => None,
        })
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// A described speaker ("a senior Palestinian official"); `span` is where the words
/// stand in the text, when they do (for the places and organizations they name).
fn description(
    pack: &Pack,
    doc: &Document<'_>,
    words: &str,
    span: Option<(usize, usize)>,
) -> Speaker {
    let bare = DETERMINER.replace(words, "");
    let mut name = words.to_string();
    // "A senior official" reads "a senior official" mid-sentence.
    if let Some(first) = name.get(..1)
        && DETERMINER.is_match(words)
    {
        name.replace_range(..1, &first.to_lowercase());
    }
    let within = match span {
        Some((s, e)) => belongs_to(pack, doc.tagged.within(s, e)),
        None => belongs_to(pack, &pack.tagger().tag(words).tags),
    };
    Speaker {
        kind: SpeakerKind::Description,
        id: normalize_name(&bare),
        name,
        within,
    }
}

/// The last person named before `pos`, in its sentence or the one before, outside
/// quotations.
fn antecedent(
    pack: &Pack,
    doc: &Document<'_>,
    quotes: &[QuoteSpan],
    pos: usize,
) -> Option<Speaker> {
    let here = doc
        .sentences
        .partition_point(|&(s, _)| s <= pos)
        .saturating_sub(1);
    let from = doc
        .sentences
        .get(here.saturating_sub(1))
        .map_or(0, |&(s, _)| s);
    let inside_quote = |at: usize| quotes.iter().any(|q| q.start <= at && at < q.end);
    let mention = doc
        .tagged
        .within(from, pos)
        .iter()
        .rev()
        .filter(|t| matches!(t.entity, Entity::Person(_) | Entity::UnlistedPerson))
        .find(|t| !inside_quote(t.start))?;
    person_of(pack, doc, mention)
}

thread_local! {
    /// Compiled "a/an/one … HEAD" patterns by head noun: the same few heads
    /// ("official", "source") come back in every report.
    static DESCRIPTIONS: std::cell::RefCell<std::collections::HashMap<String, Regex>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// The last match in `text` of the "a/an/one … HEAD" pattern of `head`. The search
/// runs on the cached regex itself: a clone of a `Regex` starts with an empty cache,
/// and its lazy DFA would be built again at every quotation.
fn last_description(head: &str, text: &str) -> Option<String> {
    let head = head.to_lowercase();
    DESCRIPTIONS.with(|cache| {
        let mut cache = cache.borrow_mut();
        let re = match cache.entry(head) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                let re = Regex::new(&format!(
                    r"(?i)\b(?:a|an|one|another)\s+(?:[\w’'-]+\s+){{0,4}}?{}\b",
                    regex::escape(e.key())
                ))
                .ok()?;
                e.insert(re)
            }
        };
        re.find_iter(text).last().map(|m| m.as_str().to_string())
    })
}

/// For "the official": the last "a/an/one … official" in the sentences before.
fn earlier_description(doc: &Document<'_>, head_words: &str, pos: usize) -> Option<String> {
    let text = doc.source.text.as_str();
    let head = head_words.split_whitespace().last()?;
    let here = sentence_at(&doc.sentences, pos).map_or(0, |(s, _)| s);
    let i = doc.sentences.partition_point(|&(s, _)| s < here);
    let from = doc
        .sentences
        .get(i.saturating_sub(DESCRIPTION_REACH))
        .map_or(0, |&(s, _)| s);
    last_description(head, &text[from..pos])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;
    use std::sync::LazyLock;

    static PACK: LazyLock<Pack> =
        LazyLock::new(|| Pack::embedded().expect("the default pack compiles"));

    /// (quote text, speaker name or "?") of every quotation in `text`.
    fn said(text: &str) -> Vec<(String, String)> {
        let source = Source::of_text("t", "t.txt", text);
        let doc = Document::new(&PACK, &source);
        extract_quotes(&PACK, &doc)
            .into_iter()
            .map(|c| match c.value {
                Value::Quote(q) => (
                    q.text,
                    q.speaker.map_or_else(|| "?".to_string(), |s| s.name),
                ),
                _ => unreachable!("quote claims hold quotes"),
            })
            .collect()
    }

    fn pair(q: &str, s: &str) -> (String, String) {
        (q.to_string(), s.to_string())
    }

    #[test]
    fn speaker_after_the_quote() {
        assert_eq!(
            said("“We are ready,” Netanyahu said."),
            vec![pair("We are ready,", "Benjamin Netanyahu")]
        );
        assert_eq!(
            said("“We are ready,” said Witkoff."),
            vec![pair("We are ready,", "Steve Witkoff")]
        );
    }

    #[test]
    fn speaker_before_the_quote() {
        assert_eq!(
            said(
                "Israeli Prime Minister Benjamin Netanyahu said the nation was at “a crossroads.”"
            ),
            vec![pair("a crossroads.", "Benjamin Netanyahu")]
        );
        assert_eq!(
            said("Guterres, speaking in New York, called it “a turning point.”"),
            vec![pair("a turning point.", "António Guterres")]
        );
    }

    #[test]
    fn pronouns_resolve_to_the_last_person_named() {
        assert_eq!(
            said("Trump spoke to reporters on Tuesday. “We will get it done,” he said."),
            vec![pair("We will get it done,", "Donald Trump")]
        );
        // A name inside a quotation is not an antecedent.
        assert_eq!(
            said("Netanyahu spoke first. “We thank Trump,” he said."),
            vec![pair("We thank Trump,", "Benjamin Netanyahu")]
        );
    }

    #[test]
    fn described_speakers_are_kept_and_referred_back_to() {
        assert_eq!(
            said(
                "A senior Egyptian official said talks were “stuck.” Later, “there is movement,” the official said."
            ),
            vec![
                pair("stuck.", "a senior Egyptian official"),
                pair("there is movement,", "a senior Egyptian official")
            ]
        );
    }

    #[test]
    fn a_quote_continues_the_speaker_of_its_sentence() {
        assert_eq!(
            said(
                "Khalil al-Hayya said the group was “serious,” but demanded “real guarantees” from mediators."
            ),
            vec![
                pair("serious,", "Khalil al-Hayya"),
                pair("real guarantees", "Khalil al-Hayya")
            ]
        );
    }

    #[test]
    fn without_an_attribution_the_speaker_stays_unknown() {
        assert_eq!(
            said("The plan remains “on the table” for now."),
            vec![pair("on the table", "?")]
        );
        // An unresolvable pronoun is not guessed either.
        assert_eq!(said("“Never,” he said."), vec![pair("Never,", "?")]);
    }

    #[test]
    fn unbalanced_quote_marks_do_not_break_extraction() {
        assert_eq!(
            said("He said “we will see\nand then left."),
            Vec::<(String, String)>::new()
        );
        assert_eq!(said("”” “ ” \" “"), Vec::<(String, String)>::new());
    }
}
