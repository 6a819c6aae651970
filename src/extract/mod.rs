//! Extraction: a compiled rule pack run over one report, giving typed claims.
//!
//! The pack's prefilter says which patterns can match the text at all; only those
//! run their captures. Each match becomes a [`Claim`]: its key from the rule's
//! template, its value read by the value type of the rule's kind, and its position.
//! This module knows nothing of other reports or of printing.

pub mod claim;
pub mod columns;
mod context;
pub mod quotes;
pub mod speech;

use rayon::prelude::*;
use regex::Regex;
use regex_automata::util::captures::Captures;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::{LazyLock, OnceLock};

pub use claim::{Claim, Shared, Slots, Trend};

use crate::rules::lexicon::render_key;
use crate::rules::pattern::Engine;
use crate::rules::vocab::{PlaceRef, normalize_name};
use crate::rules::{Pack, Pattern, Rule, ScanStep, Template, TemplatePart};
use crate::source::Source;
use crate::source::text::{LineIndex, bytes_in, sentence_at, sentences};
use crate::tag::{Entity, Tag, Tagged};
use crate::value::number::{parse_number, parse_ordinal};
use crate::value::{
    ANY_OFFICE, ClaimKind, DateContext, DateValue, Duration, NameValue, PlaceValue, Quantity,
    RoleValue, TimeValue, Value,
};

/// Words that put a clause in the future, so that a weekday in it means the next
/// such day rather than the last.
static FUTURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:will|shall|(?:is|are)\s+(?:now\s+)?(?:expected|scheduled|due|set|slated|poised)\s+to|plans?\s+to|intends?\s+to)\b|['’]ll\b",
    )
    .expect("the future-clause pattern is valid")
});

/// A plan told in the past ("were expected to leave on Tuesday"): the day may lie
/// before or after the report's date, so a weekday in the clause is not resolved.
static PAST_PLAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:(?:was|were)\s+(?:now\s+|also\s+)?(?:expected|scheduled|due|set|slated|poised|supposed|planning|going)\s+to|would|planned\s+to|intended\s+to)\b",
    )
    .expect("the past-plan pattern is valid")
});

/// Builds the fixed patterns extraction uses besides the pack's (for the context
/// of claims, quotations, figures and date lines). Each is otherwise built the
/// first time a text needs it, and every thread that needs it meanwhile waits:
/// about 40 ms of a run over a few reports, most of it on one core. A caller with
/// an idle core runs this on it while the pack loads.
pub fn warm_up() {
    context::warm_up();
    speech::warm_up();
    crate::value::quantity::warm_up();
    crate::source::dateline::warm_up();
    for regex in [&FUTURE, &PAST_PLAN] {
        LazyLock::force(regex);
    }
}

/// Where a text stands: the pieces of a source extraction needs.
pub struct Document<'a> {
    pub source: &'a Source,
    /// The text's entities, and the shadow text rules run over.
    pub(crate) tagged: Tagged,
    pub(crate) index: LineIndex,
    /// Byte ranges of the sentences (a tagged name never split): claims stand in
    /// them, and anchored patterns run only on those holding an anchor.
    pub(crate) sentences: Vec<(usize, usize)>,
    /// What every claim of the report holds the same, shared by them all.
    pub(crate) shared: ReportIds,
    /// Each sentence's text, made once for the claims that stand in it.
    sentence_texts: Vec<OnceLock<Shared>>,
}

/// A report's id, path, story and publication day, as its claims hold them.
pub(crate) struct ReportIds {
    pub source: Shared,
    pub path: Shared,
    pub story: Option<Shared>,
    pub published: Option<Shared>,
}

impl ReportIds {
    fn of(source: &Source) -> ReportIds {
        ReportIds {
            source: source.id.as_str().into(),
            path: source.path.as_str().into(),
            story: source.story.as_deref().map(Shared::from),
            published: source.published.map(|d| d.to_string().into()),
        }
    }
}

impl<'a> Document<'a> {
    pub fn new(pack: &Pack, source: &'a Source) -> Self {
        let text = source.text.as_str();
        let tagged = pack.tagger().tag(text);
        let sentences = join_across_tags(sentences(text), &tagged.tags);
        let sentences_len = sentences.len();
        Document {
            tagged,
            index: LineIndex::new(text),
            sentences,
            shared: ReportIds::of(source),
            sentence_texts: std::iter::repeat_with(OnceLock::new)
                .take(sentences_len)
                .collect(),
            source,
        }
    }

    /// The text `start..end` (a range [`Document::sentence_span`] gave) as claims
    /// hold it: the claims of one sentence share one string.
    pub(crate) fn sentence_text(&self, start: usize, end: usize) -> Shared {
        let text = self.source.text.as_str();
        let i = self.sentences.partition_point(|s| s.0 < start);
        match (self.sentences.get(i), self.sentence_texts.get(i)) {
            (Some(&(s, e)), Some(cell)) if (s, e) == (start, end) => {
                cell.get_or_init(|| text[s..e].into()).clone()
            }
            _ => text[start..end].into(),
        }
    }

    /// The byte range of the sentence(s) covering `start..end`.
    pub(crate) fn sentence_span(&self, start: usize, end: usize) -> (usize, usize) {
        let first = sentence_at(&self.sentences, start).unwrap_or((start, end));
        let last = sentence_at(&self.sentences, end.saturating_sub(1).max(start)).unwrap_or(first);
        (first.0.min(start), last.1.max(end))
    }
}

/// The sentences with those a tagged name runs across joined: a full stop inside a
/// name ("St. Louis" split as a sentence ending at "St.") ends no sentence.
fn join_across_tags(sentences: Vec<(usize, usize)>, tags: &[Tag]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(sentences.len());
    let mut t = 0;
    for s in sentences {
        if let Some(last) = out.last_mut() {
            // The first tag ending after the last sentence's end: does it start
            // before it?
            while tags.get(t).is_some_and(|tag| tag.end <= last.1) {
                t += 1;
            }
            if tags.get(t).is_some_and(|tag| tag.start < last.1) {
                last.1 = s.1;
                continue;
            }
        }
        out.push(s);
    }
    out
}

/// Every claim the pack makes on a source, in text order.
pub fn extract(pack: &Pack, source: &Source) -> Vec<Claim> {
    extract_batch(pack, &[source]).pop().unwrap_or_default()
}

/// The claims of each source of a batch, as [`extract`] gives them. Each pattern
/// runs over every text of the batch before the next pattern runs: a pattern's lazy
/// DFA (its transition table, hundreds of KB) then stays in the CPU's caches for the
/// whole batch instead of being reloaded for every text, which takes a third off the
/// time the rules' regexes take. The claims do not depend on the batch.
pub fn extract_batch(pack: &Pack, sources: &[&Source]) -> Vec<Vec<Claim>> {
    extract_batch_budgeted(pack, sources, sources.len())
        .into_iter()
        .map(|(claims, _)| claims)
        .collect()
}

/// The most matches one rule may have in a text of `len` bytes: a thousand, plus
/// one for every 16 bytes. A rule of the default pack stays far below (at most one
/// match in 1,000 bytes on news); one that matches nearly every word
/// (`(?P<value>\w+)`) reaches it on any text of more than a few KB.
pub fn match_budget(len: usize) -> usize {
    1_000 + len / 16
}

/// As [`extract_batch`], with the extraction budget: a rule whose patterns match a
/// text more than [`match_budget`] times is skipped for that text (none of its
/// matches there make claims), and its id is returned beside the text's claims.
///
/// `run_len` is how many texts the run extracts in all, this batch's among them: a
/// pattern the batch needs is built with the engine that the bytes it will search
/// in the whole run call for (see [`Pattern`]), reckoned from the batch's share.
pub fn extract_batch_budgeted(
    pack: &Pack,
    sources: &[&Source],
    run_len: usize,
) -> Vec<(Vec<Claim>, Vec<String>)> {
    // A small batch (a run of a few reports is one, see the pipeline) runs each
    // step side by side, on the texts or on the rules: the cores work to the end,
    // and each pattern's lazy DFA is warmed by one thread, not by every thread's
    // batch. A larger one is one of several running at once, and runs on its thread
    // alone, where its patterns' automata stay in that core's caches.
    let side_by_side = sources.len() <= SIDE_BY_SIDE;
    let docs: Vec<Document<'_>> =
        map_each(sources.to_vec(), side_by_side, |s| Document::new(pack, s));
    let plans: Vec<Vec<ScanStep>> = map_each(docs.iter().collect(), side_by_side, |d| {
        pack.plan(&d.tagged.shadow, &d.sentences)
    });
    let mut order: Vec<(usize, usize)> = plans
        .iter()
        .flat_map(|plan| plan.iter().map(|(slot, _)| *slot))
        .collect();
    order.sort_unstable();
    order.dedup();
    // The patterns this batch needs and no batch has built yet are built side by
    // side, each by one thread: on a run of a few reports, the first batches need
    // nearly the same patterns at once, and share the builds.
    // Each by the engine its bytes in the run call for (see [`Pattern`]): those of
    // its ranges in the batch (for a quote rule's, about those of the sentences with
    // a quotation mark), times the run's texts over the batch's.
    let in_run =
        |bytes: usize| bytes.saturating_mul(run_len.max(sources.len())) / sources.len().max(1);
    let mut bytes = vec![0usize; order.len()];
    for plan in &plans {
        for (slot, ranges) in plan {
            if let Ok(i) = order.binary_search(slot) {
                bytes[i] += bytes_in(ranges.iter().copied());
            }
        }
    }
    let quote_patterns: Vec<&Pattern> = pack
        .quote_rules()
        .into_iter()
        .flat_map(|r| &r.patterns)
        .collect();
    let quoted: usize = if quote_patterns.iter().all(|p| p.is_built(Engine::Full)) {
        0
    } else {
        docs.iter().map(speech::quoted_bytes).sum()
    };
    let unbuilt: Vec<(&Pattern, Engine)> = order
        .iter()
        .zip(bytes)
        .map(|(&(ri, pi), bytes)| (&pack.rules[ri].patterns[pi], bytes))
        .chain(quote_patterns.into_iter().map(|p| (p, quoted)))
        .filter_map(|(p, bytes)| Some((p, p.unbuilt_for(in_run(bytes))?)))
        .collect();
    if unbuilt.len() > 1 {
        unbuilt
            .par_iter()
            .for_each(|(p, which)| p.build_unless_taken(*which));
    }
    // Rule by rule (the budget is a rule's, over its patterns), each pattern over
    // every text before the next pattern runs. Rules run over the shadow (names
    // replaced by placeholders of the same length); what they capture is read from
    // the text at the same offsets.
    let by_rule: Vec<RuleHits> = map_each(
        order.chunk_by(|a, b| a.0 == b.0).collect(),
        side_by_side,
        |slots| run_rule(pack, slots, &docs, &plans),
    );
    // Per document, per step of its plan, per range: the matches.
    let mut hits: Vec<Vec<Vec<Vec<Captures>>>> = plans
        .iter()
        .map(|plan| plan.iter().map(|_| Vec::new()).collect())
        .collect();
    let mut over: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); docs.len()];
    for rule in by_rule {
        for (d, step, found) in rule.hits {
            hits[d][step] = found;
        }
        for d in rule.over {
            over[d].insert(rule.rule);
        }
    }
    // The quote rules, over a share of the texts per thread.
    let threads = if side_by_side {
        rayon::current_num_threads()
    } else {
        1
    };
    let shares = docs.chunks(docs.len().div_ceil(threads).max(1)).collect();
    let quotes = map_each(shares, side_by_side, |docs| {
        speech::extract_quotes_batch(pack, docs)
    });
    let each: Vec<_> = docs
        .iter()
        .zip(plans)
        .zip(hits)
        .zip(quotes.into_iter().flatten())
        .zip(over)
        .collect();
    map_each(
        each,
        side_by_side,
        |((((doc, plan), hits), quotes), over)| {
            let skipped = over
                .iter()
                .map(|&ri| pack.rules[ri].id.to_string())
                .collect();
            (claims_of(pack, doc, &plan, hits, quotes), skipped)
        },
    )
}

/// `f` of each of `items`, in order: side by side on the thread pool, or one
/// after another on this thread.
fn map_each<T: Send, R: Send>(
    items: Vec<T>,
    side_by_side: bool,
    f: impl Fn(T) -> R + Sync + Send,
) -> Vec<R> {
    if side_by_side {
        items.into_par_iter().map(f).collect()
    } else {
        items.into_iter().map(f).collect()
    }
}

/// Batches of up to this many texts run their steps side by side (and a run of
/// up to this many files is one batch).
pub const SIDE_BY_SIDE: usize = 8;

/// What one rule's patterns found in a batch's texts.
struct RuleHits {
    rule: usize,
    /// (document, step of its plan, the matches in each range of the step); none for
    /// a document where the rule is over its budget.
    hits: Vec<(usize, usize, Vec<Vec<Captures>>)>,
    /// The documents where the rule matched more than its budget allows.
    over: Vec<usize>,
}

/// Runs the patterns `slots` of one rule (ascending) on the ranges the texts' plans
/// give them, each pattern over every text before the next.
fn run_rule(
    pack: &Pack,
    slots: &[(usize, usize)],
    docs: &[Document<'_>],
    plans: &[Vec<ScanStep>],
) -> RuleHits {
    let ri = slots[0].0;
    let mut hits = Vec::new();
    // Per document: the rule's matches so far, and whether it is over its budget.
    let mut spent = vec![0usize; docs.len()];
    let mut over = vec![false; docs.len()];
    for &slot in slots {
        let pattern = &pack.rules[ri].patterns[slot.1];
        for (d, doc) in docs.iter().enumerate() {
            let Ok(step) = plans[d].binary_search_by_key(&slot, |(s, _)| *s) else {
                continue;
            };
            let ranges = &plans[d][step].1;
            let regex = pattern.regex_for(bytes_in(ranges.iter().copied()));
            let shadow = doc.tagged.shadow.as_str();
            let budget = match_budget(shadow.len());
            let mut found: Vec<Vec<Captures>> = Vec::with_capacity(ranges.len());
            for &(start, end) in ranges {
                if spent[d] > budget {
                    break;
                }
                // One match past the budget says it is spent; no more are looked for.
                let in_range: Vec<Captures> = regex
                    .captures_iter(&shadow[start..end])
                    .take(budget + 1 - spent[d])
                    .collect();
                spent[d] += in_range.len();
                found.push(in_range);
            }
            found.resize_with(ranges.len(), Vec::new);
            over[d] |= spent[d] > budget;
            hits.push((d, step, found));
        }
    }
    // A rule over its budget makes no claim in that text.
    hits.retain(|(d, _, _)| !over[*d]);
    RuleHits {
        rule: ri,
        hits,
        over: (0..docs.len()).filter(|&d| over[d]).collect(),
    }
}

/// The claims of one document from the matches of its plan's patterns, and its
/// quotations.
fn claims_of(
    pack: &Pack,
    doc: &Document<'_>,
    plan: &[ScanStep],
    hits: Vec<Vec<Vec<Captures>>>,
    quotes: Vec<Claim>,
) -> Vec<Claim> {
    let text = doc.source.text.as_str();
    let mut found: Vec<Found> = Vec::new();
    // A spelling is recorded once per report: later matches are not even built.
    let mut spellings: HashSet<(usize, &str)> = HashSet::new();
    for (((ri, _), ranges), step_hits) in plan.iter().zip(hits) {
        let ri = *ri;
        let rule = &pack.rules[ri];
        for (&(start, _), range_hits) in ranges.iter().zip(step_hits) {
            for caps in range_hits {
                if !on_char_boundaries(&caps, start, text) {
                    continue;
                }
                if rule.kind == ClaimKind::Name
                    && let Some(v) = caps.get_group_by_name("value")
                    && !spellings.insert((ri, &text[start + v.start..start + v.end]))
                {
                    continue;
                }
                let found_at = Match {
                    caps: &caps,
                    base: start,
                    text,
                };
                if let Some(claim) = build_claim(pack, rule, &found_at, doc) {
                    let anchor = anchor_span(rule, &found_at);
                    found.push(Found {
                        claim,
                        rule_index: ri,
                        priority: rule.priority,
                        anchor,
                    });
                }
            }
        }
    }
    let mut claims = dedup_names(resolve_overlaps(found));
    context::drop_earlier(&mut claims);
    context::drop_increments(&mut claims);
    context::drop_shares(&mut claims);
    let mut earlier = context::reported_earlier(&claims);
    let other = context::fill(pack, doc, &mut claims);
    context::drop_other_events(&mut claims, &mut earlier, &other);
    context::drop_superseded(&mut claims, &earlier);
    let mut claims = attach_parts(claims);
    claims.extend(quotes);
    claims.sort_by(|a, b| (a.start, a.end, &a.rule).cmp(&(b.start, b.end, &b.rule)));
    claims
}

/// Whether every group of a match found at `base` begins and ends between
/// characters of `text`. The shadow's placeholders are ASCII where the name they
/// stand for may not be, so a pattern that takes only the start of one (`\s+_[a-z]`
/// after a name, to reject it) can end inside a character of the text: such a
/// match cuts a name in two, and is none.
fn on_char_boundaries(caps: &Captures, base: usize, text: &str) -> bool {
    caps.iter()
        .flatten()
        .all(|s| text.is_char_boundary(base + s.start) && text.is_char_boundary(base + s.end))
}

/// The captures of a match found in a slice of the shadow text that starts at
/// `base`; their words are read from `text`.
struct Match<'c, 't> {
    caps: &'c Captures,
    base: usize,
    text: &'t str,
}

/// A capture group's words and its byte range in the whole text.
#[derive(Clone, Copy)]
struct Group<'t> {
    text: &'t str,
    start: usize,
    end: usize,
}

impl<'t> Group<'t> {
    fn as_str(&self) -> &'t str {
        self.text
    }

    fn start(&self) -> usize {
        self.start
    }

    fn end(&self) -> usize {
        self.end
    }
}

impl<'t> Match<'_, 't> {
    fn get(&self, i: usize) -> Option<Group<'t>> {
        self.caps.get_group(i).map(|m| self.group(m))
    }

    fn name(&self, name: &str) -> Option<Group<'t>> {
        self.caps.get_group_by_name(name).map(|m| self.group(m))
    }

    fn group(&self, m: regex_automata::Span) -> Group<'t> {
        let (start, end) = (self.base + m.start, self.base + m.end);
        Group {
            text: &self.text[start..end],
            start,
            end,
        }
    }
}

/// The measure a part has until it is attached to the count it is a part of.
static PART: LazyLock<crate::rules::lexicon::Measure> =
    LazyLock::new(|| crate::rules::lexicon::Measure {
        id: "".into(),
        label: String::new(),
        trend: Trend::Fixed,
        triggers: Vec::new(),
        of_event: false,
    });

/// Parts ("…, 120 of them children") take the measure and slots of the nearest count
/// that starts before them in their sentence (it may hold them: "40 people,
/// including six children, were killed"), keeping their own group; a part with no
/// count before it is dropped. Claims come sorted by position.
fn attach_parts(claims: Vec<Claim>) -> Vec<Claim> {
    let mut out: Vec<Claim> = Vec::with_capacity(claims.len());
    for mut claim in claims {
        if !claim.measure.is_empty() {
            out.push(claim);
            continue;
        }
        let whole = out.iter().rev().find(|c| {
            c.kind == ClaimKind::Quantity
                && !c.measure.is_empty()
                && c.sentence_start == claim.sentence_start
                && c.start < claim.start
                && c.slots.group.is_none()
        });
        let Some(whole) = whole else { continue };
        let group = claim.slots.group.take();
        claim.measure = whole.measure.clone();
        claim.trend = whole.trend;
        claim.slots = Slots {
            group,
            ..whole.slots.clone()
        };
        claim.key = match &claim.slots.group {
            Some(g) if !whole.key.is_empty() => format!("{} · {g}", whole.key),
            _ => whole.key.clone(),
        };
        out.push(claim);
    }
    out
}

/// The words of a site without a joining word the pattern took after it ("the
/// stadium and …" is the stadium).
fn site_words(words: &str) -> &str {
    const JOINING: &[&str] = &[
        "and", "or", "but", "in", "on", "at", "of", "to", "with", "after", "before", "when",
        "where", "while", "as", "from", "by",
    ];
    match words.rsplit_once(' ') {
        Some((head, last)) if JOINING.contains(&last) => head,
        _ => words,
    }
}

/// A name is recorded once per spelling per report: what matters is which spellings
/// a report uses, not how often.
fn dedup_names(claims: Vec<Claim>) -> Vec<Claim> {
    let mut seen = std::collections::BTreeSet::new();
    claims
        .into_iter()
        .filter(|c| c.kind != ClaimKind::Name || seen.insert((c.key.clone(), c.display.clone())))
        .collect()
}

/// A claim with what overlap resolution needs.
struct Found {
    claim: Claim,
    rule_index: usize,
    priority: i32,
    /// The span of the words the value was read from.
    anchor: (usize, usize),
}

/// The same rule matching the same words through two patterns gives one claim; two
/// rules reading a value from the same words keep only the higher priority (both if
/// equal).
fn resolve_overlaps(mut found: Vec<Found>) -> Vec<Claim> {
    found.sort_by(|a, b| {
        (a.anchor, a.rule_index, a.claim.start, a.claim.end).cmp(&(
            b.anchor,
            b.rule_index,
            b.claim.start,
            b.claim.end,
        ))
    });
    found.dedup_by(|b, a| a.anchor == b.anchor && a.rule_index == b.rule_index);
    let mut best: BTreeMap<(usize, usize), i32> = BTreeMap::new();
    for f in &found {
        let e = best.entry(f.anchor).or_insert(f.priority);
        *e = (*e).max(f.priority);
    }
    // One title per name: the first rule's (the listed titles come before the
    // offices read by their shape).
    let mut titled = BTreeSet::new();
    let mut claims: Vec<(usize, Claim)> = found
        .into_iter()
        .filter(|f| best.get(&f.anchor) == Some(&f.priority))
        .filter(|f| f.claim.kind != ClaimKind::Role || titled.insert(f.anchor))
        .map(|f| (f.rule_index, f.claim))
        .collect();
    claims.sort_by(|(ra, a), (rb, b)| (a.start, a.end, ra).cmp(&(b.start, b.end, rb)));
    claims.into_iter().map(|(_, c)| c).collect()
}

fn anchor_span(rule: &Rule, caps: &Match<'_, '_>) -> (usize, usize) {
    let name = if rule.kind == ClaimKind::Role {
        "person"
    } else {
        "value"
    };
    let m = caps
        .name(name)
        .or_else(|| caps.get(0))
        .expect("group 0 always participates");
    (m.start(), m.end())
}

fn build_claim(
    pack: &Pack,
    rule: &Rule,
    caps: &Match<'_, '_>,
    doc: &Document<'_>,
) -> Option<Claim> {
    let text = doc.source.text.as_str();
    let whole = caps.get(0)?;
    // A rule rules out a context by capturing it as `reject` (or `reject_before`,
    // `reject_after` when a pattern rules out two).
    if ["reject", "reject_before", "reject_after"]
        .iter()
        .any(|r| caps.name(r).is_some())
    {
        return None;
    }
    let span = caps.name("claim").unwrap_or(whole);
    let (sentence_start, sentence_end) = doc.sentence_span(span.start(), span.end());
    let vocab = &pack.vocab;
    let width = rule.hedge_width.unwrap_or(vocab.hedges.width);
    let value_cap = caps.name("value");
    let (value, value_text) = match rule.kind {
        ClaimKind::Quantity => {
            let v = value_cap?;
            (
                Value::Quantity(Quantity::parse_with(v.as_str(), &vocab.hedges, width)?),
                v.as_str(),
            )
        }
        ClaimKind::Duration => {
            let v = value_cap?;
            (
                Value::Duration(Duration::parse_with(v.as_str(), &vocab.hedges, width)?),
                v.as_str(),
            )
        }
        ClaimKind::Date => {
            let v = value_cap?;
            let clause = &text[sentence_start..v.start()];
            let shift_days = caps
                .name("day_ordinal")
                .and_then(|m| {
                    parse_ordinal(m.as_str())
                        .or_else(|| parse_number(m.as_str()).map(|n| n.value as u32))
                })
                .map_or(0, |n| -(i32::try_from(n).unwrap_or(1) - 1));
            let ctx = DateContext {
                published: doc.source.published.filter(|_| !PAST_PLAN.is_match(clause)),
                future: FUTURE.is_match(clause),
                shift_days,
            };
            (Value::Date(DateValue::parse(v.as_str(), &ctx)?), v.as_str())
        }
        ClaimKind::Time => {
            let v = value_cap?;
            (Value::Time(TimeValue::parse(v.as_str())?), v.as_str())
        }
        ClaimKind::Place => {
            let v = value_cap?;
            let place = place_at(pack, doc, v)?;
            (Value::Place(vocab.places.value(place)), v.as_str())
        }
        ClaimKind::Name => {
            let v = value_cap?;
            // "Middle East’s" is "Middle East" spelled the same way.
            let spelling = v.as_str().trim();
            let spelling = ["’s", "'s", "’", "'"]
                .iter()
                .find_map(|p| spelling.strip_suffix(p))
                .unwrap_or(spelling);
            // An unlisted name is one no vocabulary name covers any part of.
            if rule.unlisted_only
                && doc
                    .tagged
                    .within(v.start(), v.end())
                    .iter()
                    .any(|t| t.entity != Entity::UnlistedPerson)
            {
                return None;
            }
            let name = NameValue {
                spelling: spelling.to_string(),
                normalized: normalize_name(spelling),
                form: rule.name_form,
            };
            (Value::Name(name), v.as_str())
        }
        // Quote rules run on masked sentences (see `speech`), never here.
        ClaimKind::Quote => return None,
        ClaimKind::Role => {
            let title = caps.name("title")?;
            // A title before an unlisted surname alone ("Governor Ruiz") is a later
            // mention of someone the report named in full: it names no one by
            // itself, and the full mention carries the claim.
            if let Some(person) = caps.name("person")
                && entity_at(doc, person) == Some(Entity::UnlistedPerson)
                && person.as_str().split_whitespace().count() == 1
            {
                return None;
            }
            let role = if caps.name("no_post").is_some() {
                // "not serving in any official post"
                RoleValue {
                    office: ANY_OFFICE.to_string(),
                    former: true,
                }
            } else {
                RoleValue {
                    office: office_name(vocab, title.as_str()),
                    former: caps.name("former").is_some(),
                }
            };
            let shown = caps.name("claim").unwrap_or(whole).as_str();
            (Value::Role(role), shown)
        }
    };
    // A part takes its measure from the count before it (see `attach_parts`).
    let measure = match &rule.measure {
        Some(id) => vocab.lexicon.measure(id)?,
        None if rule.part => &PART,
        None => vocab.lexicon.trigger(caps.name("trigger")?.as_str())?,
    };
    let slots = fill_slots(rule, caps, pack, doc);
    if slots.subject.as_deref().is_some_and(is_pronoun) {
        return None;
    }
    let (line, column) = doc.index.line_col(text, span.start());
    Some(Claim {
        source: doc.shared.source.clone(),
        path: doc.shared.path.clone(),
        digest: None,
        story: doc.shared.story.clone(),
        rule: rule.id.clone(),
        kind: rule.kind,
        measure: measure.id.clone(),
        key: render_key(&measure.label, &slots),
        slots,
        trend: measure.trend,
        as_of: doc.shared.published.clone(),
        display: value.to_string(),
        value,
        text: span.as_str().to_string(),
        value_text: value_text.to_string(),
        start: span.start(),
        end: span.end(),
        line,
        column,
        // A spelling needs no sentence (its findings show the spelling and where it
        // stands), and names are most of the claims: keeping memory small matters.
        sentence: if rule.kind == ClaimKind::Name {
            "".into()
        } else {
            doc.sentence_text(sentence_start, sentence_end)
        },
        sentence_start: if rule.kind == ClaimKind::Name {
            span.start()
        } else {
            sentence_start
        },
    })
}

/// The pack's spelling of a title; a plural ("envoys") read as its singular.
fn office_name(vocab: &crate::rules::Vocabulary, text: &str) -> String {
    let text = text.trim();
    vocab
        .title(text)
        .or_else(|| {
            text.strip_suffix('s')
                .and_then(|singular| vocab.title(singular))
        })
        .map_or_else(|| text.to_string(), str::to_string)
}

/// Fills a template from the captures; `None` when a capture it names did not take
/// part in the match.
fn render(
    template: &Template,
    rule: &Rule,
    caps: &Match<'_, '_>,
    pack: &Pack,
    doc: &Document<'_>,
) -> Option<String> {
    let mut out = String::new();
    for part in &template.parts {
        match part {
            TemplatePart::Literal(s) => out.push_str(s),
            TemplatePart::Capture(name) => {
                out.push_str(&normalize_capture(rule, name, caps.name(name)?, pack, doc))
            }
            TemplatePart::FirstWord(name) => {
                let words = normalize_name(caps.name(name)?.as_str());
                out.push_str(words.split_whitespace().next().unwrap_or(""));
            }
        }
    }
    Some(out)
}

/// The slots a match fills, from the rule's slot templates.
fn fill_slots(rule: &Rule, caps: &Match<'_, '_>, pack: &Pack, doc: &Document<'_>) -> Slots {
    let lexicon = &pack.vocab.lexicon;
    let mut slots = Slots::default();
    for (name, template) in &rule.slots {
        // A slot that is one capture reads its entity from the tag there.
        let single = match template.parts.as_slice() {
            [TemplatePart::Capture(c)] => caps.name(c),
            _ => None,
        };
        if name == "place" {
            slots.place = match single {
                Some(g) => match place_at(pack, doc, g) {
                    Some(p) => Some(pack.vocab.places.value(p)),
                    // A place the gazetteer lacks ("Ludian county"): known by its
                    // name alone, with nothing known to contain it.
                    None => unlisted_place(g.as_str()),
                },
                // A site within the place of the event ("died inside the stadium"):
                // a part of the toll, set apart from it.
                None => caps.name("site").map(|g| {
                    let name = site_words(g.as_str());
                    PlaceValue {
                        id: format!("{SITE}{}", normalize_name(name)),
                        name: name.to_string(),
                        within: Vec::new(),
                    }
                }),
            };
            continue;
        }
        let Some(text) = render(template, rule, caps, pack, doc) else {
            continue;
        };
        match name.as_str() {
            "subject" => slots.subject = Some(subject_of(&text, single, pack, doc)),
            "group" => slots.group = Some(lexicon.group(&text).map_or(text, str::to_string)),
            "event" => slots.event = Some(lexicon.event(&text).map_or(text, str::to_string)),
            "source" => slots.source = Some(text),
            _ => {}
        }
    }
    slots
}

/// Who a claim is about, as one name across reports: a person of the vocabulary by
/// their name; a person the text names by their surname (one report writes
/// "Masoud Pezeshkian", another "Pezeshkian"); else the captured words as written,
/// unless the rule or the vocabulary renamed them.
fn subject_of(
    rendered: &str,
    single: Option<Group<'_>>,
    pack: &Pack,
    doc: &Document<'_>,
) -> String {
    let Some(g) = single else {
        return rendered.to_string();
    };
    // "he won 53.7%": the person the pronoun stands for, when one can be told.
    if matches!(g.as_str(), "he" | "He" | "she" | "She") {
        return pronoun_person(doc, g.start())
            .map_or_else(|| rendered.to_string(), |t| person_name(pack, doc, t));
    }
    let tag = doc.tagged.at(g.start()).filter(|t| t.end == g.end());
    match tag.map(|t| t.entity) {
        Some(Entity::Person(_) | Entity::UnlistedPerson) => {
            tag.map_or_else(|| rendered.to_string(), |t| person_name(pack, doc, t))
        }
        Some(Entity::Organization(i)) => pack
            .vocab
            .organizations
            .all()
            .get(i as usize)
            .map_or_else(|| rendered.to_string(), |o| o.name.clone()),
        // Words a rule or the vocabulary did not rename are kept as written, without
        // an honorific; a person's name by its surname.
        _ if rendered == normalize_name(g.as_str())
            && g.as_str().starts_with(char::is_uppercase) =>
        {
            let name = strip_honorific(g.as_str().trim());
            crate::tag::people::surname(name)
                .unwrap_or(name)
                .to_string()
        }
        _ => rendered.to_string(),
    }
}

/// The id prefix of a site within the event's place ("inside the stadium").
pub use claim::SITE;

/// "Mr James Soong" → "James Soong".
fn strip_honorific(name: &str) -> &str {
    [
        "Mr. ", "Mr ", "Mrs. ", "Mrs ", "Ms. ", "Ms ", "Dr. ", "Dr ", "Prof. ", "Prof ",
    ]
    .iter()
    .find_map(|h| name.strip_prefix(h))
    .unwrap_or(name)
}

/// A subject a claim cannot be about: a pronoun stands for someone the rule did not
/// see, and guessing whom would be worse than no claim.
fn is_pronoun(words: &str) -> bool {
    matches!(
        words.trim().to_lowercase().as_str(),
        "he" | "she" | "they" | "it" | "we" | "i" | "you" | "his" | "her" | "their" | "its"
    )
}

/// The person a "he" or "she" at `pos` stands for: the first person named before it
/// in its sentence, else the first person named in the nearest of the three
/// sentences before it that names one (news names the subject first: "Gomez beat
/// Ortiz. He won 53%").
fn pronoun_person<'d>(doc: &'d Document<'_>, pos: usize) -> Option<&'d Tag> {
    let is_person = |t: &&Tag| matches!(t.entity, Entity::Person(_) | Entity::UnlistedPerson);
    let i = doc.sentences.partition_point(|&(start, _)| start <= pos);
    let current = i.checked_sub(1)?;
    let (start, _) = doc.sentences[current];
    if let Some(t) = doc.tagged.within(start, pos).iter().find(is_person) {
        return Some(t);
    }
    (current.saturating_sub(3)..current).rev().find_map(|k| {
        let (s, e) = doc.sentences[k];
        doc.tagged.within(s, e).iter().find(is_person)
    })
}

/// A person's name as a subject: the vocabulary's name, or an unlisted person's
/// surname.
fn person_name(pack: &Pack, doc: &Document<'_>, tag: &Tag) -> String {
    let words = &doc.source.text[tag.start..tag.end];
    match tag.entity {
        Entity::Person(i) => pack
            .vocab
            .people
            .people()
            .get(i as usize)
            .map_or_else(|| words.to_string(), |p| p.name.clone()),
        _ => words.split_whitespace().last().unwrap_or(words).to_string(),
    }
}

/// A capitalized place name the gazetteer does not know, as a place of its own.
fn unlisted_place(words: &str) -> Option<PlaceValue> {
    let name = words.trim();
    name.starts_with(|c: char| c.is_uppercase())
        .then(|| PlaceValue {
            id: format!("?{}", normalize_name(name)),
            name: name.to_string(),
            within: Vec::new(),
        })
}

/// The entity tagged exactly at a capture.
fn entity_at(doc: &Document<'_>, g: Group<'_>) -> Option<Entity> {
    doc.tagged
        .at(g.start())
        .filter(|t| t.end == g.end())
        .map(|t| t.entity)
}

/// The place a capture names: its tag, else its words looked up.
fn place_at<'p>(pack: &'p Pack, doc: &Document<'_>, g: Group<'_>) -> Option<PlaceRef<'p>> {
    let places = &pack.vocab.places;
    match entity_at(doc, g) {
        Some(Entity::Place(i) | Entity::Demonym(i)) => places.place(i as usize),
        _ => places.lookup(g.as_str()),
    }
}

/// A captured word as it goes into a key: the rule's own canonical spelling; else,
/// for a capture named `person…`, `place…` or `organization…`, the vocabulary's
/// name for it; else lower case with spaces collapsed.
fn normalize_capture(
    rule: &Rule,
    capture: &str,
    group: Group<'_>,
    pack: &Pack,
    doc: &Document<'_>,
) -> String {
    let text = group.as_str();
    let wanted = normalize_name(text);
    if let Some(entries) = rule.normalize.get(capture)
        && let Some((canonical, _)) = entries
            .iter()
            .find(|(_, variants)| variants.contains(&wanted))
    {
        return canonical.clone();
    }
    if capture.starts_with("person") {
        match entity_at(doc, group) {
            Some(Entity::Person(i)) => {
                if let Some(p) = pack.vocab.people.people().get(i as usize) {
                    return p.name.clone();
                }
            }
            // A name the text gives, as it gives it.
            Some(Entity::UnlistedPerson) => return text.trim().to_string(),
            _ => {}
        }
        if let Some(person) = pack.vocab.people.lookup(text) {
            return person.name.clone();
        }
    }
    if capture.starts_with("place")
        && let Some(place) = place_at(pack, doc, group)
    {
        return place.name().to_string();
    }
    if capture.starts_with("organization")
        && let Some(org) = pack.vocab.organizations.lookup(text)
    {
        return org.name.clone();
    }
    wanted
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Made-up reports of one storm, each a little different.
    fn reports(n: usize) -> Vec<Source> {
        (0..n)
            .map(|i| {
                Source::of_text(
                    &format!("r{i}"),
                    &format!("r{i}.txt"),
                    format!(
                        "The storm killed {} people in the coastal towns on Monday, officials said.\n\n\
                         About {} homes were destroyed and {} people were displaced.\n\n\
                         \"We have never seen water this high,\" Mayor Ana Ruiz told reporters.\n",
                        10 + i,
                        200 + 7 * i,
                        1_000 + 100 * i
                    ),
                )
            })
            .collect()
    }

    fn as_json(claims: &[Claim]) -> Vec<String> {
        claims
            .iter()
            .map(|c| serde_json::to_string(c).expect("a claim serializes"))
            .collect()
    }

    /// How many patterns of the pack have each engine built: (light, full).
    fn engines_built(pack: &Pack) -> (usize, usize) {
        let patterns = pack.rules.iter().flat_map(|r| &r.patterns);
        patterns.fold((0, 0), |(light, full), p| {
            (
                light + usize::from(p.is_built(Engine::Light)),
                full + usize::from(p.is_built(Engine::Full)),
            )
        })
    }

    #[test]
    fn a_run_of_a_few_reports_builds_light_engines_and_a_long_one_full_ones() {
        let sources = reports(3);
        let refs: Vec<&Source> = sources.iter().collect();
        let few = Pack::embedded().expect("the default pack compiles");
        let claims = extract_batch_budgeted(&few, &refs, refs.len());
        let (light, full) = engines_built(&few);
        assert!(light > 5 && full == 0, "{light} light, {full} full");
        // The same batch as the first of a run of 10,000 reports: the patterns
        // it needs will search far more than their light engines' share.
        let long = Pack::embedded().expect("the default pack compiles");
        let in_long_run = extract_batch_budgeted(&long, &refs, 10_000);
        let (light, full) = engines_built(&long);
        assert!(light == 0 && full > 5, "{light} light, {full} full");
        // Either way the claims are the same.
        let json = |batch: &[(Vec<Claim>, Vec<String>)]| -> Vec<Vec<String>> {
            batch.iter().map(|(claims, _)| as_json(claims)).collect()
        };
        assert_eq!(json(&claims), json(&in_long_run));
    }

    #[test]
    fn a_batch_finds_what_each_text_finds_alone() {
        let pack = Pack::embedded().expect("the default pack compiles");
        // A small batch runs its steps side by side; a larger one in order.
        for n in [SIDE_BY_SIDE - 3, SIDE_BY_SIDE + 4] {
            let sources = reports(n);
            let refs: Vec<&Source> = sources.iter().collect();
            let batch = extract_batch(&pack, &refs);
            assert_eq!(batch.len(), n);
            for (source, claims) in sources.iter().zip(&batch) {
                let alone = extract(&pack, source);
                assert_eq!(as_json(claims), as_json(&alone), "{}", source.id);
                // Not vacuous: the text's own death toll is among its claims.
                let toll = source.text.split_whitespace().nth(3).unwrap();
                assert!(
                    claims.iter().any(|c| c.key.contains("killed")
                        && serde_json::to_string(&c.value).unwrap().contains(toll)),
                    "{}: {:?}",
                    source.id,
                    as_json(claims)
                );
            }
        }
    }
}
