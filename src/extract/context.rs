//! What a claim's words and sentence say beyond what its rule captured: the event
//! and place named in the clause that states a figure ("the death toll from
//! Wednesday's quake in Taiwan rose to 10"), and who gives the figure ("according to
//! the health ministry", "…, officials said"). Generic code over any measure, run
//! after the rules.

use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

use super::Document;
use super::claim::{Claim, Shared, Trend};
use crate::rules::Pack;
use crate::rules::prefilter::Gate;
use crate::tag::Entity;
use crate::value::ClaimKind;

/// "according to the health ministry", "according to Xinhua".
static ACCORDING_TO: LazyLock<WordRegex> = LazyLock::new(|| {
    WordRegex::new(&format!(
        r"\b(?i:according\s+to|citing|per)\s+(?P<who>{WHO})"
    ))
    .expect("the according-to pattern is valid")
});

/// "…, the health ministry said", "Xinhua reported".
static SAID: LazyLock<WordRegex> = LazyLock::new(|| {
    WordRegex::new(&format!(
        r"(?:^|[,;—–-]\s*|\b(?i:and|but)\s+)(?P<who>{WHO})\s+(?:(?i:has|had|have)\s+)?(?:(?i:earlier|previously|initially|originally|first|also|already|later)\s+)?(?i:said|says|reported|reports|announced|confirmed|stated|told\s+[\w\s]{{1,30}}?)\b"
    ))
    .expect("the said pattern is valid")
});

/// A regex written with Unicode's word boundaries and word class (`\b`, `\w`),
/// compiled twice: as written, and with ASCII's. On a text none of whose non-ASCII
/// characters is a word character (curly quotes and dashes are not) the two find the
/// same matches. The ASCII one is several times cheaper to build (Unicode's `\w` is
/// some 770 ranges, compiled forward and reversed at each use), and it runs in the
/// lazy DFA, which gives up on a Unicode boundary at the first non-ASCII byte and
/// leaves the search to the much slower NFA engines. The methods search `text` with
/// the one that fits it.
struct WordRegex {
    /// As written, built the first time a text needs it (few do).
    unicode: std::sync::OnceLock<Regex>,
    pattern: String,
    ascii: Regex,
    /// A word of each of its anchor sets, looked for before the regex runs: most
    /// texts these regexes read hold none, and the regex's search is dearer than
    /// the scan (see [`Gate`]).
    gate: Option<Gate>,
}

impl WordRegex {
    fn new(pattern: &str) -> Result<WordRegex, regex::Error> {
        let ascii = ascii_word_classes(&crate::rules::compile::ascii_word_boundaries(pattern));
        let gate = regex_syntax::parse(pattern)
            .ok()
            .and_then(|hir| Gate::new(&hir));
        Ok(WordRegex {
            unicode: std::sync::OnceLock::new(),
            pattern: pattern.to_string(),
            ascii: Regex::new(&ascii)?,
            gate,
        })
    }

    /// The regex to search `text` with; `None` when the gate says it cannot match.
    fn for_text(&self, text: &str) -> Option<&Regex> {
        if self.gate.as_ref().is_some_and(|g| !g.admits(text)) {
            return None;
        }
        let unicode_words = !text.is_ascii()
            && text
                .chars()
                .any(|c| !c.is_ascii() && regex_syntax::is_word_character(c));
        Some(if unicode_words {
            // The same syntax as the ASCII one, which was built.
            self.unicode
                .get_or_init(|| Regex::new(&self.pattern).unwrap_or_else(|_| self.ascii.clone()))
        } else {
            &self.ascii
        })
    }

    fn is_match(&self, text: &str) -> bool {
        self.for_text(text).is_some_and(|re| re.is_match(text))
    }

    fn find<'t>(&self, text: &'t str) -> Option<regex::Match<'t>> {
        self.for_text(text)?.find(text)
    }

    fn captures<'t>(&self, text: &'t str) -> Option<regex::Captures<'t>> {
        self.for_text(text)?.captures(text)
    }

    /// Every match's captures; none when the gate says there are none (the ASCII
    /// regex over no text: a regex with a gate never matches the empty string).
    fn captures_iter<'r, 't>(&'r self, text: &'t str) -> regex::CaptureMatches<'r, 't> {
        match self.for_text(text) {
            Some(re) => re.captures_iter(text),
            None => self.ascii.captures_iter(&text[..0]),
        }
    }
}

/// `pattern` with `\w` as ASCII's word characters (`[[:word:]]`, or `[:word:]`
/// inside a class). On a text without a non-ASCII word character, where
/// [`WordRegex`] runs its ASCII regex, the two match the same; Unicode's `\w` is
/// some 770 ranges, and the regexes repeat it (`[\w\s]{1,30}`): it was most of
/// their build.
fn ascii_word_classes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut depth = 0usize;
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('w') if depth > 0 => out.push_str("[:word:]"),
                Some('w') => out.push_str("[[:word:]]"),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            },
            '[' => {
                depth += 1;
                out.push(c);
                // A class's first `]` (after an optional `^`) is a member.
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().unwrap_or('^'));
                }
                if chars.peek() == Some(&']') {
                    out.push(chars.next().unwrap_or(']'));
                }
            }
            ']' if depth > 0 => {
                depth -= 1;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Who gives a figure: a name (capitalized words, "of" between them), or a
/// description ending in a word for a body or for officials.
const WHO: &str = r"(?:(?i:the)\s+)?(?:(?:[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*['’]s\s+)?(?:[a-z][\w-]*\s+){0,3}?(?:ministry|officials?|authorities|media|agency|police|spokes(?:man|woman|person)|government|sources|statement|report|survey|service|centre|center|office|department|army|military|forces|commission|council|committee|administration|bureau|mission)\b(?:\s+(?:in|of|for)\s+(?:the\s+)?(?:[a-z]+\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)?|[A-Z][\w.’'&-]*(?:\s+(?:of|for|and)?\s*[A-Z][\w.’'&-]*){0,6})";

/// Words that open a sentence or a clause and are no source.
const NOT_SOURCES: &[&str] = &[
    "The",
    "It",
    "He",
    "She",
    "They",
    "We",
    "This",
    "That",
    "There",
    "A",
    "An",
    "Citing",
    "According",
    "Officials",
    "Authorities",
    "Police",
];

/// A figure a report gives as an earlier one ("the count had earlier been put at 45",
/// "previously reported 15 deaths"): not the report's own, and no claim.
static EARLIER: LazyLock<WordRegex> = LazyLock::new(|| {
    WordRegex::new(r"(?i)\b(?:earlier|previously|initially|originally|at\s+first|first\s+said|had\s+earlier)\b")
        .expect("the earlier-figure pattern is valid")
});

/// Words just before a figure that make it an earlier one: "an earlier estimate of
/// N", "the initial toll of N", "up from N", "revised down from N".
static EARLIER_BEFORE: LazyLock<WordRegex> = LazyLock::new(|| {
    WordRegex::new(
        r"(?i)(?:\b(?:earlier|previous|initial|original|old)\s+(?:(?:official|death|casualty)\s+)?(?:estimate|figure|toll|count|tally|report|number)s?(?:\s+[a-z][\w-]*){0,4}?\s+(?:of|at|was|stood\s+at|put\s+at)|\b(?:up|down|revised(?:\s+(?:up|down)(?:ward)?)?|lowered|raised|rose|risen|rising|climbed|jumped|increased|fell|fallen|dropped)\s+from)\s+$",
    )
    .expect("the earlier-figure pattern is valid")
});

/// An earlier report of a figure, told before it: an adverb or phrase of earlier
/// time, then a reporting verb, in the same clause ("had initially reported N",
/// "after previously reporting N", "Earlier, the ministry said that N", "said in
/// previous statements that the toll reached N"). Without a reporting verb the
/// adverb may date the event, not the figure ("the quake that struck earlier on
/// Monday killed N"), and the figure stays.
static EARLIER_REPORT: LazyLock<WordRegex> = LazyLock::new(|| {
    WordRegex::new(
        r"(?i)\b(?:earlier|previously|initially|originally|at\s+first|in\s+(?:an?\s+)?(?:earlier|previous|initial|first)\s+(?:statements?|reports?|updates?|briefings?|counts?|estimates?))\b[^.;:!?]{0,80}?\b(?:reported|reporting|announced|announcing|said|saying|put|putting|gave|giving|estimated|counted|recorded|confirmed|stated|described)\b[^.;:!?]{0,90}$|\bfirst\s+(?:said|reported|announced|put|gave|estimated)\b[^.;:!?]{0,90}$|\b(?:reported|announced|said|stated|estimated)\s+(?:earlier|previously|initially|in\s+(?:an?\s+)?(?:earlier|previous|initial|first)\s+(?:statements?|reports?|updates?|briefings?))\b[^.;:!?]{0,90}$",
    )
    .expect("the earlier-report pattern is valid")
});

/// A word that opens a new clause (see [`earlier_report`]).
static NEW_CLAUSE: LazyLock<WordRegex> = LazyLock::new(|| {
    WordRegex::new(r"(?i)\b(?:and|but|while|whereas|now|later|since)\b")
        .expect("the clause pattern is valid")
});

/// A second figure joined to the first ("came to 30 dead and some 400
/// wounded"), which is in the first one's clause.
static JOINED_FIGURE: LazyLock<WordRegex> = LazyLock::new(|| {
    WordRegex::new(r"(?i)\d[\d,.]*\s+[a-z]+\s+(?:and|or)\s+(?:[a-z]+\s+){0,2}$")
        .expect("the joined-figure pattern is valid")
});

/// True when the words before a figure report it as an earlier one, in the same
/// clause: a new clause ("revised an earlier estimate and said that 87 …") starts
/// the report's own figures.
fn earlier_report(lead: &str) -> bool {
    let lead = match JOINED_FIGURE.find(lead) {
        Some(m) => &lead[..m.start()],
        None => lead,
    };
    EARLIER_REPORT
        .find(lead)
        .is_some_and(|m| !NEW_CLAUSE.is_match(m.as_str()))
}

/// An earlier report told after the figure: "nearly 500 deaths that officials
/// originally described".
static EARLIER_AFTER: LazyLock<WordRegex> = LazyLock::new(|| {
    WordRegex::new(
        r"(?i)^\s*(?:that|which|as)\s+[^.;:,!?]{0,60}?\b(?:originally|initially|earlier|previously|first)\s+(?:\w+\s+)?(?:reported|announced|said|described|gave|given|put|estimated|stated|claimed)\b",
    )
    .expect("the earlier-figure pattern is valid")
});

/// A figure foreseen, not counted: "projected 500 deaths by April", "could rise to
/// N", "is expected to reach N", "may top N".
static FORESEEN: LazyLock<WordRegex> = LazyLock::new(|| {
    WordRegex::new(
        r"(?i)\b(?:project(?:ed|s|ing)|forecasts?|forecasting|predict(?:ed|s|ing)|(?:is|are|was|were)\s+expected\s+to\s+\w+|(?:could|may|might|would|will)\s+(?:\w+\s+)?(?:rise|climb|grow|increase|reach|top|exceed|surpass|hit|pass|be)|feared\s+to\s+\w+)\s+(?:to\s+)?(?:\w+\s+){0,2}?$",
    )
    .expect("the foreseen-figure pattern is valid")
});

/// A figure foreseen by the words after it, of any measure: "winds of 150 km/h may
/// be expected", "a surge of 3 metres is forecast".
static FORESEEN_AFTER: LazyLock<WordRegex> = LazyLock::new(|| {
    WordRegex::new(
        r"(?i)^[^.;,]{0,25}?\b(?:may|might|could|would|will|is|are)\s+(?:be\s+|also\s+)?(?:expected|forecast|predicted|likely|possible)\b",
    )
    .expect("the foreseen-after pattern is valid")
});

/// A figure foreseen by a verb further back: "expecting the count from the storm
/// to climb to N", "warned the toll could climb to N" (not "caused the toll to rise
/// to N", which happened).
static FORESEEN_FAR: LazyLock<WordRegex> = LazyLock::new(|| {
    WordRegex::new(
        r"(?i)\b(?:expect(?:ing|s|ed)?|predict(?:ing|s|ed)?|forecast(?:ing|s)?|fear(?:ing|s|ed)?|warn(?:ing|s|ed)?|project(?:ing|s|ed)?)\b[^.;:!?]{0,100}?\bto\s+(?:rise|climb|grow|increase|reach|top|exceed|surpass|hit|pass)\s+(?:to\s+)?(?:\w+\s+){0,2}?$",
    )
    .expect("the foreseen-figure pattern is valid")
});

/// A count of what is current, not of what happened: "the number of active cases
/// fell to four" is no count of cases to date.
static CURRENT_ONLY: LazyLock<WordRegex> = LazyLock::new(|| {
    WordRegex::new(r"(?i)\bactive\s+(?:cases|infections|patients)\b")
        .expect("the current-count pattern is valid")
});

/// Drops figures a report gives as earlier ones, of measures that move over time
/// (by the claim's own words or the words just before its figure), and figures a
/// report foresees rather than counts.
pub(super) fn drop_earlier(claims: &mut Vec<Claim>) {
    claims.retain(|c| {
        if FORESEEN_AFTER.is_match(head_chars(words_after(c), 40)) {
            return false;
        }
        if c.trend == Trend::Fixed || EARLIER.is_match(&c.text) {
            return c.trend == Trend::Fixed;
        }
        let lead = lead_to_value(c);
        !follows_earlier(lead)
            && !FORESEEN.is_match(tail_chars(lead, 60))
            && !FORESEEN_FAR.is_match(tail_chars(lead, 160))
            && !CURRENT_ONLY.is_match(tail_chars(lead, 40))
            && !CURRENT_ONLY.is_match(&c.text)
    });
}

/// Which claims a report tells as an earlier report of a figure, in a clause of
/// their own ("had initially reported N", "N deaths that officials originally
/// described"): see [`drop_superseded`].
pub(super) fn reported_earlier(claims: &[Claim]) -> Vec<bool> {
    claims
        .iter()
        .map(|c| {
            let after = words_after(c);
            c.trend != Trend::Fixed
                && (earlier_report(lead_to_value(c)) || EARLIER_AFTER.is_match(after))
        })
        .collect()
}

/// Drops the figures a report tells as earlier ones (`earlier`, from
/// [`reported_earlier`], read before the slots were filled) when they name no
/// source ("earlier, 25 were reported dead"; "had said in an earlier briefing that
/// 5,000 were hurt": the report's own figure, moved on, and of no day to place it
/// at) or when the report gives the same measure again from the same source. An
/// earlier figure of another named source stays a claim of that source ("health
/// authorities had previously put the toll at 5,500" in a report of the Red
/// Crescent's 11,300).
pub(super) fn drop_superseded(claims: &mut Vec<Claim>, earlier: &[bool]) {
    if !earlier.contains(&true) {
        return;
    }
    let current: Vec<(Shared, Option<String>)> = claims
        .iter()
        .zip(earlier)
        .filter(|(_, e)| !**e)
        .map(|(c, _)| (c.measure.clone(), c.slots.source.clone()))
        .collect();
    let mut flags = earlier.iter();
    claims.retain(|c| {
        !flags.next().copied().unwrap_or(false)
            || (c.slots.source.is_some()
                && !current
                    .iter()
                    .any(|(m, s)| *m == c.measure && *s == c.slots.source))
    });
}

/// The sentence of a claim up to its figure: the words before the claim and the
/// claim's own words before its value ("An earlier toll had stood at ").
fn lead_to_value(c: &Claim) -> &str {
    let at = c.start.saturating_sub(c.sentence_start);
    let within = c.text.find(&c.value_text).unwrap_or_default();
    let end = at + within;
    c.sentence
        .get(..end)
        .or_else(|| c.sentence.get(..at))
        .unwrap_or_default()
}

/// The words of a claim's sentence after the claim.
fn words_after(c: &Claim) -> &str {
    c.end
        .checked_sub(c.sentence_start)
        .and_then(|i| c.sentence.get(i..))
        .unwrap_or_default()
}

/// True when the words before an event word make it a verb ("the second disaster
/// to strike the region", "storms that could strike"), not the event.
fn used_as_verb(before: &str) -> bool {
    let last = before.split_whitespace().next_back().unwrap_or_default();
    [
        "to", "will", "would", "could", "may", "might", "can", "did", "does", "not",
    ]
    .iter()
    .any(|w| last.eq_ignore_ascii_case(w))
}

/// A claim's sentence up to the end of the claim's clause: what comes after a
/// comma, semicolon, dash or bracket is another clause ("turnout was 60%, similar
/// to 2001's") and does not set the figure's event.
fn clause_scope(c: &Claim) -> &str {
    let after = words_after(c);
    let clause = after.find([',', ';', '(', '—', '–']).unwrap_or(after.len());
    let end = c.sentence.len() - after.len() + clause;
    &c.sentence[..end]
}

/// The last `n` characters of `text` (all of it when shorter).
fn tail_chars(text: &str, n: usize) -> &str {
    text.char_indices()
        .rev()
        .nth(n)
        .map_or(text, |(i, _)| &text[i..])
}

/// Words that make a figure an increment: "12 new cases", "an additional 40 deaths"
/// (not "the new coronavirus", a name).
static INCREMENT: LazyLock<WordRegex> = LazyLock::new(|| {
    WordRegex::new(r"\b(?:new|additional|further)\s+(\S+)").expect("the increment pattern is valid")
});

/// What follows an increment: "…, bringing the total to N", or the period it was
/// counted in ("in the past 24 hours", "in week 40"; not "in the last week", which
/// may be the whole event).
static INCREMENT_AFTER: LazyLock<WordRegex> = LazyLock::new(|| {
    WordRegex::new(
        r"(?i)^[^.;:]*?,\s*(?:bringing|taking|raising|pushing|lifting|putting)\s+(?:the|its|their|this)\s+(?:[\w-]+\s+){0,3}?(?:total|tally|toll|cumulative|fatalities|deaths)\b|^(?:\s+[\w-]+){0,3}?\s+(?:in|during|over|within)\s+(?:the\s+)?(?:(?:past|last|previous|preceding)\s+)?(?:(?:24|48|72|twenty-four)\s+hours|(?:epidemiological\s+)?week\s+\d+)",
    )
    .expect("the increment pattern is valid")
});

/// Drops figures a report gives as increments of a total that moves over time
/// ("another 40 cases, bringing the total to 900"): the total is the claim.
pub(super) fn drop_increments(claims: &mut Vec<Claim>) {
    claims.retain(|c| {
        if c.trend == Trend::Fixed {
            return true;
        }
        let after = words_after(c);
        !is_increment(&c.text, after) && !CHANGE_BEFORE.is_match(tail_chars(lead_to_value(c), 40))
    });
}

/// A total named before the part that follows it (see [`drop_shares`]).
static OF_THE_TOTAL: LazyLock<WordRegex> = LazyLock::new(|| {
    WordRegex::new(r"(?i)(?:^|[,;]\s*)of\s+(?:the|those|these)\s+[^,;]{2,80},\s[^;]*$")
        .expect("the of-the-total pattern is valid")
});

/// Drops figures a sentence gives as a part of a total it names first ("Of the 40
/// people in hospital, six are in a grave state and 12 were badly hurt"): a
/// part that names no group (those have their own key, "… · children") is a
/// share of the total, not a count of its own.
pub(super) fn drop_shares(claims: &mut Vec<Claim>) {
    claims.retain(|c| {
        c.kind != ClaimKind::Quantity
            || c.measure.is_empty()
            || c.slots.group.is_some()
            || !c
                .start
                .checked_sub(c.sentence_start)
                .and_then(|at| c.sentence.get(..at))
                .is_some_and(|lead| OF_THE_TOTAL.is_match(lead))
    });
}

/// True when a figure (its words, and the words around it) is an increment.
fn is_increment(words: &str, after: &str) -> bool {
    let named = |next: &str| {
        next.starts_with(char::is_uppercase)
            || ["coronavirus", "virus", "strain", "variant", "disease"]
                .iter()
                .any(|w| next.starts_with(w))
    };
    let own = INCREMENT
        .captures_iter(words)
        .any(|c| !named(c.get(1).map_or("", |m| m.as_str())));
    // "thousands more missing", "57 more people dead": more than another count,
    // not "more than 57" nor "57 or more".
    let lower = words.to_ascii_lowercase();
    let w: Vec<&str> = lower.split_whitespace().collect();
    let more = w.iter().enumerate().take(4).skip(1).any(|(i, word)| {
        *word == "more"
            && !matches!(w.get(i + 1), Some(&"than"))
            && !matches!(w[i - 1], "or" | "and" | "no" | "any" | "much")
    });
    // "one of the injured died", "two of the wounded later died": added to a toll,
    // not the toll.
    let of_hurt = [
        " of the injured",
        " of the wounded",
        " of those injured",
        " of those wounded",
    ]
    .iter()
    .any(|w| lower.contains(w))
        && ["died", "dead", "succumbed"]
            .iter()
            .any(|w| lower.contains(w));
    own || more || of_hurt || INCREMENT_AFTER.is_match(after)
}

/// Words before a figure that make it a change, not a count: "a jump of 70 cases",
/// "an increase of 12 deaths", "a rise of 5%".
static CHANGE_BEFORE: LazyLock<WordRegex> = LazyLock::new(|| {
    WordRegex::new(r"(?i)\b(?:an?|the)\s+(?:(?:daily|weekly|overnight|further|sharp|\w+-fold)\s+)?(?:jump|rise|increase|surge|spike|drop|fall|decrease|decline|climb)\s+of\s+(?:\w+\s+){0,2}?$")
        .expect("the change pattern is valid")
});

/// True when the words before a figure make it an earlier one.
fn follows_earlier(before: &str) -> bool {
    EARLIER_BEFORE.is_match(tail_chars(before, 60))
}

/// "as of late Monday", "as of 24 October 2024", "till Wednesday morning", "the army
/// said on Saturday that …": the day a sentence says its figures stand at.
static AS_OF: LazyLock<WordRegex> = LazyLock::new(|| {
    WordRegex::new(
        r"(?i)\b(?:as\s+of|as\s+at|till|until|by|(?:said|announced|reported|confirmed|stated)(?:\s+(?:late|early))?(?:\s+on)?)\s+(?:(?:late|early)\s+)?(?:(?:\d{1,2}(?::|\.)\d{2}\s*(?:a\.?m\.?|p\.?m\.?)?|\d{1,2}\s*(?:a\.?m\.?|p\.?m\.?)|noon|midnight)\s+(?:(?:on|local\s+time)\s+)?)?(?P<day>(?:mon|tues|wednes|thurs|fri|satur|sun)day|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*(?:\s+\d{4})?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:,?\s+\d{4})?)\b",
    )
    .expect("the as-of pattern is valid")
});

/// The day a sentence says its figures stand at, read against the publication date;
/// never after it.
fn stated_day(sentence: &str, published: jiff::civil::Date) -> Option<jiff::civil::Date> {
    let day = AS_OF.captures(sentence)?.name("day")?.as_str();
    let ctx = crate::value::DateContext {
        published: Some(published),
        future: false,
        shift_days: 0,
    };
    let value = crate::value::DateValue::parse(day, &ctx)?;
    let date = jiff::civil::Date::new(
        value.year.unwrap_or(published.year()),
        value.month?,
        value.day?,
    )
    .ok()?;
    (date <= published).then_some(date)
}

/// Fills the event and place a count's own words name, when its rule captured none,
/// and the source its sentence gives, for every claim of a quantity or time.
/// Returns which claims are figures of another, earlier event than the story's
/// (see [`drop_other_events`]).
pub(super) fn fill(pack: &Pack, doc: &Document<'_>, claims: &mut [Claim]) -> Vec<bool> {
    let mut other = vec![false; claims.len()];
    let text = doc.source.text.as_str();
    let lexicon = &pack.vocab.lexicon;
    // Claims share sentences: who a sentence names is read once per sentence.
    let mut sources: HashMap<Shared, Option<String>> = HashMap::new();
    // The report's event words, read once at the first claim that names an event.
    let mut named: Option<crate::rules::lexicon::EventsNamed<'_>> = None;
    for (index, claim) in claims.iter_mut().enumerate() {
        if !matches!(claim.kind, ClaimKind::Quantity | ClaimKind::Time) {
            continue;
        }
        let words = &text[claim.start..claim.end];
        if claim.slots.event.is_none()
            && let Some(re) = lexicon.event_finder()
        {
            // The claim's own words first; for a figure of the event itself (its
            // magnitude, its time), else the sentence's first event word before it
            // (what the sentence is about: "aftershocks followed the quake, reaching
            // 6.5"), else the nearest after it ("a magnitude 6.2 earthquake").
            let near = || {
                let s = claim.sentence_start;
                let sentence = &*claim.sentence;
                let mut all = re
                    .find_iter(sentence)
                    .filter(|m| !used_as_verb(&sentence[..m.start()]));
                let first = all.next()?;
                if s + first.end() <= claim.start {
                    return Some(first.as_str());
                }
                std::iter::once(first)
                    .chain(all)
                    .find(|m| s + m.start() >= claim.end)
                    .map(|m| m.as_str())
            };
            // A figure of the event itself, or a count in a clause that hangs on the
            // sentence's event ("An earthquake struck …, killing at least 35").
            let participle = words
                .split_whitespace()
                .next()
                .is_some_and(|w| w.len() > 4 && w.to_ascii_lowercase().ends_with("ing"));
            let of_event =
                participle || lexicon.measure(&claim.measure).is_some_and(|m| m.of_event);
            let found = re
                .find(words)
                .map(|m| m.as_str())
                .or_else(|| of_event.then(near).flatten());
            if let Some(w) = found {
                claim.slots.event = lexicon.event(w).map(str::to_string);
            }
        }
        // Where a count happened, as its clause says: not for figures whose place is
        // a point of reference (a distance from a town).
        if claim.slots.place.is_none() && claim.trend != Trend::Fixed {
            let places = &pack.vocab.places;
            claim.slots.place = doc
                .tagged
                .within(claim.start, claim.end)
                .iter()
                .find_map(|t| match t.entity {
                    Entity::Place(i) => places.place(i as usize),
                    _ => None,
                })
                .map(|p| places.value(p));
        }
        if claim.slots.source.is_none() {
            claim.slots.source = match sources.get(&claim.sentence) {
                Some(source) => source.clone(),
                None => {
                    let source = source_of(&claim.sentence);
                    sources.insert(claim.sentence.clone(), source.clone());
                    source
                }
            };
        }
        // A figure that moves over time stands at the day its sentence gives.
        if claim.trend != Trend::Fixed
            && let Some(published) = doc.source.published
            && let Some(day) = stated_day(&claim.sentence, published)
        {
            claim.as_of = Some(day.to_string().into());
        }
        // A figure in a sentence about an earlier year, or about an earlier event
        // the sentence names, is that event's, never the story's ("In 2008, a quake
        // in Sichuan killed almost 70,000 people"; "during the last epidemic";
        // "died in that fire"; undated, "the flood of 1998, when 900 died").
        if claim.kind == ClaimKind::Quantity {
            let scope = clause_scope(claim);
            let year = match doc.source.published {
                Some(published) => earlier_year(scope, published.year()),
                None => year_when(scope),
            };
            if year.is_some() || earlier_event(scope) || that_event(&claim.text, words_after(claim))
            {
                other[index] = true;
                continue;
            }
        }
        // "The outbreak" of a report that names one outbreak is that one.
        if let Some(general) = &claim.slots.event {
            let kind = named
                .get_or_insert_with(|| lexicon.events_named(text))
                .only_kind_of(general)
                .map(str::to_string);
            if let Some(kind) = kind {
                claim.slots.event = Some(kind);
            }
        }
        if claim.slots != Default::default() {
            let label = lexicon
                .measure(&claim.measure)
                .map(|m| m.label.as_str())
                .unwrap_or_default();
            if !label.is_empty() {
                claim.key = crate::rules::lexicon::render_key(label, &claim.slots);
            }
        }
    }
    other
}

/// Drops the figures of another event than the story's (`other`, from [`fill`]),
/// with their flags in `earlier`: a report's background ("the worst since 2010,
/// when 140 died") is not a claim about the event it reports.
pub(super) fn drop_other_events(claims: &mut Vec<Claim>, earlier: &mut Vec<bool>, other: &[bool]) {
    let mut keep = other.iter().map(|o| !o);
    let mut flags = other.iter();
    earlier.retain(|_| !flags.next().copied().unwrap_or(false));
    claims.retain(|_| keep.next().unwrap_or(true));
}

/// A year an event is placed in (see [`earlier_year`]).
static YEAR: LazyLock<WordRegex> = LazyLock::new(|| {
    WordRegex::new(
        r"(?i)\bin\s+(?:(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+)?((?:19|20)\d{2})\b|\b(?:the|an?)\s+((?:19|20)\d{2})\s+\w",
    )
    .expect("the year pattern is valid")
});

/// "Last year, …" and "last year's floods": the year before the report's.
static LAST_YEAR: LazyLock<WordRegex> = LazyLock::new(|| {
    WordRegex::new(r"(?i)^(?:last\s+year|a\s+year\s+(?:ago|earlier))\b|\blast\s+year['’]s\b")
        .expect("the last-year pattern is valid")
});

/// A year the sentence places its event in, when it lies two or more years before
/// the report's: "in 1999", "In September 2008,", "the 2015 floods", "a 1998 crash" — not "since
/// 2023", which counts to today.
fn earlier_year(sentence: &str, published: i16) -> Option<i16> {
    YEAR.captures_iter(sentence)
        .filter_map(|c| c.get(1).or_else(|| c.get(2)))
        .filter_map(|m| m.as_str().parse::<i16>().ok())
        .find(|&y| y <= published - 2)
        .or_else(|| LAST_YEAR.is_match(sentence).then_some(published - 1))
}

/// An earlier event of the story's kind (see [`earlier_event`]).
static EARLIER_EVENT: LazyLock<WordRegex> = LazyLock::new(|| {
    WordRegex::new(
        r"(?i)\bthe\s+(?:last|previous|prior|earlier)\s+(?:(?:major|big|large|deadly|great|worst)\s+)?(epidemic|outbreak|pandemic|earthquake|quake|war|floods?|election|fire|crash|storm|hurricane|cyclone|typhoon|attack|stampede|disaster)\b",
    )
    .expect("the earlier-event pattern is valid")
});

/// An earlier event of the story's kind that a sentence names: "during the last
/// major epidemic", "the previous war" (not "the last week", a time).
fn earlier_event(sentence: &str) -> bool {
    EARLIER_EVENT.is_match(sentence)
}

/// An event pointed back to with "that" (see [`that_event`]).
static THAT_EVENT: LazyLock<WordRegex> = LazyLock::new(|| {
    WordRegex::new(
        r"(?i)\b(?:in|during|from|by)\s+that\s+(?:[\w-]+\s+)?(epidemic|outbreak|pandemic|earthquake|quake|war|floods?|election|fire|blaze|crash|storm|hurricane|cyclone|typhoon|attack|stampede|disaster|explosion|blast|shooting)\b",
    )
    .expect("the that-event pattern is valid")
});

/// An event a figure's own words point back to as another one: "… died in that
/// fire" (news writes "that" for an event it named before, in comparison).
fn that_event(words: &str, after: &str) -> bool {
    THAT_EVENT.is_match(words) || THAT_EVENT.is_match(head_chars(after, 40))
}

/// The first `n` characters of `text` (all of it when shorter).
fn head_chars(text: &str, n: usize) -> &str {
    text.char_indices().nth(n).map_or(text, |(i, _)| &text[..i])
}

/// "in 2006, when …" (see [`year_when`]).
static YEAR_WHEN: LazyLock<WordRegex> = LazyLock::new(|| {
    WordRegex::new(r"(?i)\bin\s+(?:[a-z]+\s+)?((?:19|20)\d{2}),?\s+when\b")
        .expect("the year-when pattern is valid")
});

/// A year a sentence sets a figure in with "when": "in 2006, when 3,000 died".
fn year_when(sentence: &str) -> Option<i16> {
    YEAR_WHEN.captures(sentence)?[1].parse().ok()
}

/// Who a sentence says gives its figures.
fn source_of(sentence: &str) -> Option<String> {
    let found = ACCORDING_TO
        .captures(sentence)
        .or_else(|| SAID.captures(sentence))?;
    let who = found.name("who")?.as_str().trim();
    let who = who.strip_prefix("the ").unwrap_or(who);
    (!NOT_SOURCES.contains(&who) && who.len() > 1).then(|| who.to_string())
}

/// Builds every pattern of this module (each is otherwise built the first time a
/// claim needs it, while other threads wait on it; see [`super::warm_up`]).
pub(super) fn warm_up() {
    for regex in all() {
        LazyLock::force(regex);
    }
}

/// Every regex of this module.
fn all() -> [&'static LazyLock<WordRegex>; 22] {
    [
        &ACCORDING_TO,
        &SAID,
        &EARLIER,
        &EARLIER_BEFORE,
        &EARLIER_REPORT,
        &NEW_CLAUSE,
        &JOINED_FIGURE,
        &EARLIER_AFTER,
        &FORESEEN,
        &FORESEEN_AFTER,
        &FORESEEN_FAR,
        &CURRENT_ONLY,
        &INCREMENT,
        &INCREMENT_AFTER,
        &OF_THE_TOTAL,
        &CHANGE_BEFORE,
        &AS_OF,
        &YEAR,
        &LAST_YEAR,
        &EARLIER_EVENT,
        &THAT_EVENT,
        &YEAR_WHEN,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_classes_become_ascii_in_and_out_of_brackets() {
        assert_eq!(
            ascii_word_classes(r"[\w.&-]+\w\\w[^]\w][[:alpha:]\w]"),
            r"[[:word:].&-]+[[:word:]]\\w[^][:word:]][[:alpha:][:word:]]"
        );
    }

    #[test]
    fn where_the_ascii_regex_runs_it_finds_what_the_one_as_written_finds() {
        // Made-up snippets of the kinds each regex reads: the words before or after
        // a figure, a clause, a sentence.
        let texts = [
            "The toll rose to 12, the health ministry in Gaza said on Monday.",
            "Police told reporters at the scene that 4 people had died, and officials said more were missing.",
            "According to the Red Crescent, 30 were hurt; Reuters reported 31.",
            "The figure was 40 dead, according to the interior ministry of Sudan.",
            "officials had earlier put the toll at 7",
            "an earlier official estimate of ",
            "the count, revised up from ",
            "Earlier, the agency said the number of displaced stood at ",
            "came to 30 dead and some ",
            " that officials originally described.",
            "the toll could rise to ",
            "forecasters warn the river is expected to reach ",
            " may be expected within a day.",
            "which left the number of active cases at ",
            "another 40 new cases",
            ", bringing the total to 900",
            " in the past 24 hours",
            "of the 300 passengers on board, ",
            "a jump of more than ",
            "as of Tuesday, 12 March, the count was",
            "In 2008, a quake killed 70,000 people; last year's storm was smaller.",
            "the 1999 quake killed 2,400",
            "the toll of the last major earthquake was higher",
            "killed in that flood, officials said",
            "in June 2019, when the dam failed",
        ];
        let mut silent = Vec::new();
        for regex in all() {
            let written = Regex::new(&regex.pattern).unwrap();
            let mut matches = 0;
            for text in texts {
                let found =
                    |re: &Regex| -> Vec<_> { re.find_iter(text).map(|m| m.range()).collect() };
                let searched = regex.for_text(text).map_or_else(Vec::new, found);
                assert_eq!(searched, found(&written), "{text}");
                matches += found(&written).len();
            }
            if matches == 0 {
                silent.push(regex.pattern.clone());
            }
        }
        assert!(silent.is_empty(), "no text matched: {silent:#?}");
        // A text with a word character beyond ASCII is searched as written.
        let text = "the ministère said 4 had died";
        assert!(std::ptr::eq(
            SAID.for_text(text).unwrap(),
            SAID.unicode.get().unwrap()
        ));
        assert!(std::ptr::eq(
            SAID.for_text("the ministry said").unwrap(),
            &SAID.ascii
        ));
        // A text without a speech verb is not searched at all.
        assert!(SAID.for_text("the ministry, on Monday").is_none());
    }

    #[test]
    fn the_gates_turn_away_no_text_of_the_corpus_a_regex_matches() {
        // The texts these regexes read: real sentences, and each one's words before
        // every figure (what the regexes ending at `$` are given).
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus");
        let mut texts: Vec<String> = Vec::new();
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.unwrap();
            let path = entry.path();
            if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "txt") {
                continue;
            }
            let text = std::fs::read_to_string(path).unwrap();
            for (start, end) in crate::source::text::sentences(&text) {
                let sentence = &text[start..end];
                texts.extend(
                    sentence
                        .char_indices()
                        .filter(|&(i, c)| {
                            c.is_ascii_digit()
                                && !sentence[..i].ends_with(|c: char| c.is_ascii_digit())
                        })
                        .map(|(i, _)| sentence[..i].to_string()),
                );
                texts.push(sentence.to_string());
            }
        }
        assert!(texts.len() > 1000, "the corpus gives {} texts", texts.len());
        let mut turned_away = 0;
        for regex in all() {
            let written = Regex::new(&regex.pattern).unwrap();
            for text in &texts {
                let searched = regex.find(text).map(|m| m.range());
                assert_eq!(searched, written.find(text).map(|m| m.range()), "{text}");
                turned_away += usize::from(regex.for_text(text).is_none());
            }
        }
        // The gates are worth their scan: most texts never reach a regex.
        assert!(
            turned_away * 2 > texts.len() * all().len(),
            "{turned_away} of {} searches turned away",
            texts.len() * all().len()
        );
    }

    #[test]
    fn a_sentence_about_an_earlier_year() {
        assert_eq!(
            earlier_year(
                "In 2008, a quake in Sichuan killed almost 70,000 people.",
                2023
            ),
            Some(2008)
        );
        assert_eq!(
            earlier_year("the 1999 quake killed 2,400", 2024),
            Some(1999)
        );
        assert_eq!(earlier_year("killed 40,000 since October 2023", 2025), None);
        assert_eq!(earlier_year("The quake in 2023 killed 50,000", 2024), None);
    }

    #[test]
    fn figures_given_as_earlier_ones() {
        assert!(follows_earlier(
            "The governor revised an earlier estimate of "
        ));
        assert!(follows_earlier("The toll rose to 52, up from "));
        assert!(follows_earlier(
            "Officials lowered the toll, revised down from "
        ));
        assert!(follows_earlier("the initial death toll of "));
        assert!(follows_earlier(
            "A previous toll from the police had stood at "
        ));
        assert!(!follows_earlier("The governor said "));
        assert!(!follows_earlier(
            "an earlier estimate of 12 dead and added "
        ));
        assert!(follows_earlier("The toll rose from "));
        assert!(!follows_earlier("The toll rose from 30 to "));
    }

    #[test]
    fn figures_reported_earlier_in_their_own_clause() {
        assert!(earlier_report("The agency had initially reported "));
        assert!(earlier_report("after previously reporting "));
        assert!(earlier_report("Officials first said "));
        assert!(earlier_report(
            "Earlier on Tuesday, the governor announced that "
        ));
        assert!(earlier_report(
            "The governor had said in an earlier briefing that the count reached "
        ));
        // The adverb dates the event, not the figure.
        assert!(!earlier_report(
            "The quake that struck earlier on Monday killed "
        ));
        // A new clause gives the report's own figure.
        assert!(!earlier_report(
            "She revised an earlier estimate of 12 dead and said most of the "
        ));
        assert!(EARLIER_AFTER.is_match(" that officials originally described."));
        // The second of two joined figures is told as earlier as the first.
        assert!(earlier_report(
            "The mayor had said in earlier statements that the flood left 20 dead and some "
        ));
        assert!(!EARLIER_AFTER.is_match(" that officials confirmed on Monday."));
    }

    #[test]
    fn figures_foreseen_or_changed_are_not_counts() {
        assert!(FORESEEN.is_match("The government has projected "));
        assert!(FORESEEN.is_match("the toll could rise to "));
        assert!(FORESEEN.is_match("The toll is expected to reach "));
        assert!(!FORESEEN.is_match("The toll rose to "));
        assert!(!FORESEEN.is_match("Officials expected that "));
        assert!(FORESEEN_AFTER.is_match(" may be expected within a day."));
        assert!(FORESEEN_AFTER.is_match(" is forecast for the coast."));
        assert!(!FORESEEN_AFTER.is_match(" were recorded on Monday."));
        assert!(FORESEEN_FAR.is_match(
            "expecting the toll from the storm across the region to climb to more than "
        ));
        assert!(!FORESEEN_FAR.is_match("The floods caused the death toll to rise to "));
        assert!(CURRENT_ONLY.is_match("which left the number of active cases at "));
        assert!(CHANGE_BEFORE.is_match("a jump of more than "));
        assert!(CHANGE_BEFORE.is_match("an increase of "));
        assert!(!CHANGE_BEFORE.is_match("The toll of "));
    }

    #[test]
    fn an_earlier_year_counts_in_the_figures_clause_only() {
        // The year after a comma belongs to another clause.
        let scope = "Turnout was 61%, close to the 58% of 1997";
        let end = scope.find(',').unwrap_or_default();
        assert_eq!(earlier_year(&scope[..end], 2024), None);
        assert_eq!(
            earlier_year("the deadliest since 90 died in a 1998 pile-up", 2016),
            Some(1998)
        );
    }

    #[test]
    fn sentences_about_an_earlier_event() {
        assert_eq!(
            earlier_year("Last year, the toll stood at 281.", 2023),
            Some(2022)
        );
        assert_eq!(
            earlier_year("last year's floods killed 300", 2023),
            Some(2022)
        );
        // A war that began last year is still the story's.
        assert_eq!(
            earlier_year("The war that began last year has killed 900", 2023),
            None
        );
        assert!(earlier_event(
            "in the previous epidemic some 9,000 people fell ill"
        ));
        assert!(!earlier_event("in the last week 20 people died"));
        assert!(that_event(
            "Twenty people died",
            " in that fire, officials said."
        ));
        assert!(!that_event("Twenty people died", " in the fire."));
        assert_eq!(
            year_when("the flood in the delta in 1998 when more than 900 died"),
            Some(1998)
        );
        assert_eq!(year_when("The quake struck in 2006."), None);
    }

    #[test]
    fn an_event_word_used_as_a_verb_is_no_event() {
        assert!(used_as_verb("the third storm to "));
        assert!(used_as_verb("rockets that could "));
        assert!(!used_as_verb("killed in the "));
    }

    #[test]
    fn a_share_of_a_total_named_first_is_no_count() {
        let claim = |sentence: &str, figure: &str| {
            let value = crate::value::Value::Name(crate::value::NameValue {
                spelling: figure.into(),
                normalized: figure.into(),
                form: Default::default(),
            });
            let mut c = Claim::for_test("a", "injured", value);
            c.kind = ClaimKind::Quantity;
            c.start = sentence
                .find(figure)
                .expect("the figure is in the sentence");
            c.sentence = sentence.into();
            c
        };
        let mut claims = vec![
            claim("Of the 40 people in hospital, 12 were badly hurt.", "12"),
            claim("Officials said 12 were badly hurt.", "12"),
        ];
        drop_shares(&mut claims);
        assert_eq!(claims.len(), 1);
        assert!(claims[0].sentence.starts_with("Officials"));
    }

    #[test]
    fn increments_of_a_total() {
        assert!(is_increment("12 new cases", " were reported."));
        assert!(is_increment("an additional 40 deaths", "."));
        assert!(is_increment(
            "40 people died",
            ", bringing the death toll to 900."
        ));
        assert!(is_increment(
            "nine more deaths",
            ", raising the toll to 90."
        ));
        assert!(is_increment("23 cases", " in week 40."));
        assert!(is_increment(
            "30 deaths",
            " were recorded in the past 24 hours."
        ));
        assert!(!is_increment("more than 40 people died", " in the quake."));
        assert!(!is_increment("40 people died", " in the crash."));
        assert!(!is_increment("900", ", officials said."));
        assert!(!is_increment(
            "2 died",
            ", which took the tally of active cases to 4."
        ));
        assert!(!is_increment(
            "250 homes were destroyed",
            " by fires in the last week."
        ));
        assert!(!is_increment("40 people died in New York", "."));
        assert!(!is_increment("9,000 cases of the new coronavirus", "."));
        assert!(is_increment("thousands more were missing", "."));
        assert!(is_increment("57 more people dead", "."));
        assert!(!is_increment("500 or more people died", "."));
        assert!(!is_increment("more than 500 people died", "."));
        assert!(is_increment("One of the wounded died", " in the night."));
        assert!(is_increment("two of the wounded later died", "."));
        assert!(!is_increment(
            "40 of the injured are still in hospital",
            "."
        ));
        // Another kind of count, not an increment of the first.
        assert!(!is_increment(
            "672 people were injured",
            ", including 205 critically."
        ));
    }

    #[test]
    fn the_day_a_figure_stands_at() {
        let published = jiff::civil::date(2023, 9, 12);
        assert_eq!(
            stated_day("The count was 48 as of late Monday.", published),
            Some(jiff::civil::date(2023, 9, 11))
        );
        assert_eq!(
            stated_day(
                "As of 3:10 p.m. Tuesday, 12 deaths were recorded.",
                published
            ),
            Some(jiff::civil::date(2023, 9, 12))
        );
        assert_eq!(
            stated_day("As of 24 October 2023, 64 cases were reported.", published),
            None
        );
        assert_eq!(
            stated_day("As of 10 September, 64 cases were reported.", published),
            Some(jiff::civil::date(2023, 9, 10))
        );
        assert_eq!(stated_day("The toll rose to 61.", published), None);
        // The day a source gave the figure.
        assert_eq!(
            stated_day(
                "The coast guard said on Sunday that four were still missing.",
                published
            ),
            Some(jiff::civil::date(2023, 9, 10))
        );
        assert_eq!(
            stated_day(
                "Six have died, the minister announced late Sunday.",
                published
            ),
            Some(jiff::civil::date(2023, 9, 10))
        );
    }

    #[test]
    fn sources_from_the_sentence() {
        assert_eq!(
            source_of("At least 95 died, according to the health ministry.").as_deref(),
            Some("health ministry")
        );
        assert_eq!(
            source_of("At least 95 people died, Xinhua reported.").as_deref(),
            Some("Xinhua")
        );
        assert_eq!(
            source_of("The quake struck at 8 am, the U.S. Geological Survey said.").as_deref(),
            Some("U.S. Geological Survey")
        );
        assert_eq!(source_of("At least 95 people died."), None);
        assert_eq!(
            source_of("5,210 killed, according to Mali’s health ministry.").as_deref(),
            Some("Mali’s health ministry")
        );
    }
}
