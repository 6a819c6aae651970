//! Alignment: claims from all reports lined up by key and compared.
//!
//! For each key, the claims become nodes of a `petgraph` graph with an edge for
//! every pair whose values speak to each other (agree, compatible or conflict).
//! Claims joined by agree edges form a *side* (a consensus group). Sides joined by
//! conflict edges are one **conflict** (all of them); two sides joined only by
//! compatible edges are **compatible**; a side backed by two or more reports is an
//! **agreement**. Names spelled two ways are **variants**, never conflicts. Quotes
//! are matched by their words instead of by key ([`quotes`]): **drift**,
//! **attribution** and agreement. The result is plain data ([`Finding`]), not graph
//! indices.

pub mod copies;
pub mod quotes;
mod same_day;
pub mod stories;

use petgraph::unionfind::UnionFind;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::hash::Hasher as _;

use crate::extract::{Claim, Slots, Trend};
use crate::value::{ClaimKind, Relation, Value};
use same_day::SameDayOrder;
pub use same_day::warm_up;

/// What a finding says about its sides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FindingKind {
    /// Sides of one key that cannot all be true (each contradicts another).
    Conflict,
    /// A figure that moves over time, reported at different dates: a timeline.
    Update,
    /// The same words given to different speakers.
    Attribution,
    /// One speaker's statement, worded differently by different reports.
    Drift,
    /// One person, organization or place spelled two ways.
    Variant,
    /// Two different values that can both be true.
    Compatible,
    /// One value, stated by two or more reports.
    Agree,
}

impl FindingKind {
    /// Every kind, most serious first (the order of the declaration, which `Ord`
    /// and `kind as usize` follow too): the order reports show them in.
    pub const ALL: [FindingKind; 7] = [
        FindingKind::Conflict,
        FindingKind::Update,
        FindingKind::Attribution,
        FindingKind::Drift,
        FindingKind::Variant,
        FindingKind::Compatible,
        FindingKind::Agree,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Conflict => "conflict",
            FindingKind::Update => "update",
            FindingKind::Attribution => "attribution",
            FindingKind::Drift => "drift",
            FindingKind::Variant => "variant",
            FindingKind::Compatible => "compatible",
            FindingKind::Agree => "agree",
        }
    }
}

/// One step of a word-level difference between two wordings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WordDiff {
    /// `equal`, `delete` (only in the first), `insert` (only in the second) or
    /// `replace`.
    pub op: String,
    /// The words of the first wording, as written.
    pub old: String,
    /// The words of the second wording, as written.
    pub new: String,
}

/// Reports a side shows the claims of; the rest are counted (`claim_count`) and
/// listed among its `sources`. A value stated by 3,000 reports reads as one line
/// and a few sentences, not 3,000.
pub const SHOWN_REPORTS: usize = 3;

/// Which reports' claims a side shows: those of its first [`SHOWN_REPORTS`]
/// texts (the copies of one text are one text: of them, the first in id order is
/// shown), and of every report in `always`.
#[derive(Clone, Debug, Default)]
pub struct Show {
    /// Reports whose claims are always shown (a draft reviewed against references).
    pub always: BTreeSet<String>,
    /// Each report that copies another's text, with the report that stands for both
    /// (see [`copies`]).
    pub copy_of: BTreeMap<String, String>,
}

impl Show {
    /// The text a report stands for: its own, or the one it copies.
    fn text<'a>(&'a self, id: &'a str) -> &'a str {
        self.copy_of.get(id).map_or(id, String::as_str)
    }
}

/// Claims of one key that agree with each other: one value of the key.
#[derive(Clone, Debug, PartialEq)]
pub struct Side {
    /// The value as people read it (the most common display among the claims).
    pub value: String,
    /// Source ids, sorted, each once.
    pub sources: Vec<String>,
    /// The claims of its first [`SHOWN_REPORTS`] sources, in source then text order:
    /// the sentences a reader checks.
    pub claims: Vec<Claim>,
    /// How many claims back the side, shown or not.
    pub claim_count: usize,
    /// The earliest and latest dates its claims stand at, when known.
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    /// Who gives its figure, as its claims say ("USGS"), each once, sorted.
    pub cites: Vec<String>,
    /// Those of its sources that copy another report's text (a wire story
    /// republished), each with the report that stands for the copies (see
    /// [`copies`]).
    pub copies: BTreeMap<String, String>,
}

impl Side {
    /// A side of these claims, read as `value`.
    pub fn new<'c>(value: String, claims: impl IntoIterator<Item = &'c Claim>) -> Side {
        Side::showing(value, claims, &Show::default())
    }

    /// As [`Side::new`], showing the claims of the reports [`Show`] picks: of its
    /// first three texts, copies of one text once (a wire sentence is not shown
    /// three times), and of the reports in `show.always`.
    pub fn showing<'c>(
        value: String,
        claims: impl IntoIterator<Item = &'c Claim>,
        show: &Show,
    ) -> Side {
        let mut all: Vec<&Claim> = claims.into_iter().collect();
        all.sort_by(|a, b| a.text_order(b));
        let sources: BTreeSet<&str> = all.iter().map(|c| &*c.source).collect();
        let mut texts: BTreeSet<&str> = BTreeSet::new();
        let mut shown: BTreeSet<&str> = sources
            .iter()
            .copied()
            .filter(|s| texts.len() < SHOWN_REPORTS && texts.insert(show.text(s)))
            .collect();
        shown.extend(sources.iter().copied().filter(|s| show.always.contains(*s)));
        let dates = || all.iter().filter_map(|c| c.as_of.as_deref());
        let cites: BTreeSet<&str> = all
            .iter()
            .filter_map(|c| c.slots.source.as_deref())
            .collect();
        Side {
            value,
            sources: sources.iter().map(|s| (*s).to_string()).collect(),
            claims: all
                .iter()
                .filter(|c| shown.contains(&*c.source))
                .map(|c| (*c).clone())
                .collect(),
            claim_count: all.len(),
            first_date: dates().min().map(str::to_string),
            last_date: dates().max().map(str::to_string),
            cites: cites.into_iter().map(str::to_string).collect(),
            copies: BTreeMap::new(),
        }
    }

    /// How many independent sources back the side: its reports, copies of one text
    /// counted once.
    pub fn independent(&self) -> usize {
        self.sources
            .iter()
            .map(|s| self.copies.get(s).unwrap_or(s))
            .collect::<BTreeSet<_>>()
            .len()
    }

    /// The side's reports as the reports list them ("r1, r2, r3"), and when some
    /// are copies of one text, how many independent sources that makes: "r1, r2,
    /// r3; 3 reports, 2 independent sources: r1 and r3 are one text". A long list
    /// is cut after [`LISTED`] ids ("r1, r2, …, r12 and 2,988 more").
    pub fn sources_label(&self) -> String {
        let list = listed(&self.sources);
        if self.copies.is_empty() {
            return list;
        }
        let mut texts: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (copy, first) in &self.copies {
            texts.entry(first).or_default().push(copy);
        }
        let groups: Vec<String> = texts
            .iter()
            .map(|(first, copies)| {
                let mut all: Vec<&str> = copies.clone();
                if self.sources.iter().any(|s| s == first) {
                    all.push(first);
                }
                all.sort_unstable();
                let (last, rest) = all.split_last().unwrap_or((&"", &[]));
                if rest.is_empty() {
                    format!("{last} is a copy of {first}")
                } else {
                    format!("{} and {last} are one text", rest.join(", "))
                }
            })
            .collect();
        let n = self.independent();
        let groups = if groups.len() > LISTED {
            format!(
                "{} and {} more texts",
                groups[..LISTED].join("; "),
                groups.len() - LISTED
            )
        } else {
            groups.join("; ")
        };
        format!(
            "{list}; {} reports, {n} independent source{}: {groups}",
            self.sources.len(),
            if n == 1 { "" } else { "s" },
        )
    }

    /// The earliest date the side's claims stand at, if any is known.
    pub fn as_of(&self) -> Option<&str> {
        self.first_date.as_deref()
    }

    /// Who gives the side's figure, as the claims say ("USGS"), each once.
    pub fn cited(&self) -> Vec<&str> {
        self.cites.iter().map(String::as_str).collect()
    }

    /// How many of its claims are not shown.
    pub fn unshown(&self) -> usize {
        self.claim_count.saturating_sub(self.claims.len())
    }
}

/// Ids a label lists before it counts the rest.
pub const LISTED: usize = 12;

/// Ids as a list, cut after [`LISTED`]: "a, b, c" or "a, b, …, l and 40 more".
pub fn listed(ids: &[String]) -> String {
    if ids.len() <= LISTED {
        return ids.join(", ");
    }
    format!(
        "{} and {} more",
        ids[..LISTED].join(", "),
        ids.len() - LISTED
    )
}

/// What some sides of a key say to each other: a conflict among them, a timeline,
/// values that fit together, a spelling variant, an agreement.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    pub kind: FindingKind,
    /// Indices into the finding's sides: for a conflict or compatible set most
    /// reports first, for an update the timeline (oldest first), for drift the
    /// wordings, for attribution the speakers.
    pub sides: Vec<usize>,
    /// What a reader should know to weigh it ("the sides cite different sources",
    /// "one report's date is unknown: this may be an update").
    pub note: Option<String>,
}

/// One key (in one story) and everything the reports say about it: every value
/// given (a side each) and what the values say to each other (its parts). A
/// person reads the key once, however many reports state it.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// The most serious of its parts: a key with a conflict is a conflict, though
    /// some of its values also fit together.
    pub kind: FindingKind,
    /// The story the claims belong to, when the manifest gives stories.
    pub story: Option<String>,
    pub key: String,
    /// Every value of the key, most reports first (for quotes: the wordings or
    /// speakers of the part).
    pub sides: Vec<Side>,
    /// What the sides say to each other, most serious first.
    pub parts: Vec<Part>,
    /// For drift: the words of the first side against those of the second.
    pub diff: Option<Vec<WordDiff>>,
}

impl Finding {
    /// A finding of one part holding all its sides, in the order given.
    pub fn single(
        kind: FindingKind,
        story: Option<String>,
        key: String,
        sides: Vec<Side>,
        note: Option<String>,
    ) -> Finding {
        let part = Part {
            kind,
            sides: (0..sides.len()).collect(),
            note,
        };
        Finding {
            kind,
            story,
            key,
            sides,
            parts: vec![part],
            diff: None,
        }
    }

    /// A part's values as one line: "174 against 125" for a conflict, "35 → 48" for
    /// an update, "Egypt · Cairo" otherwise.
    pub fn part_values(&self, part: &Part) -> String {
        let joint = match part.kind {
            FindingKind::Conflict => " against ",
            FindingKind::Update => " → ",
            _ => " · ",
        };
        part.sides
            .iter()
            .filter_map(|&i| self.sides.get(i))
            .map(|s| s.value.as_str())
            .collect::<Vec<_>>()
            .join(joint)
    }

    /// The note of its most serious part.
    pub fn note(&self) -> Option<&str> {
        self.parts.first().and_then(|p| p.note.as_deref())
    }

    /// Each part as a finding of its own holding only the part's sides (how
    /// crosscheck reported before findings were per key; the corpus scorer reads
    /// findings this way).
    pub fn split(&self) -> Vec<Finding> {
        self.parts
            .iter()
            .map(|p| {
                let mut f = Finding::single(
                    p.kind,
                    self.story.clone(),
                    self.key.clone(),
                    p.sides.iter().map(|&i| self.sides[i].clone()).collect(),
                    p.note.clone(),
                );
                f.diff = self.diff.clone().filter(|_| p.kind == FindingKind::Drift);
                f
            })
            .collect()
    }

    /// The side most reports give, when one does (more independent sources than any
    /// other side) and the key has two or more values.
    pub fn majority(&self) -> Option<usize> {
        if self.sides.len() < 2 {
            return None;
        }
        let mut by: Vec<(usize, usize)> = self
            .sides
            .iter()
            .enumerate()
            .map(|(i, s)| (s.independent(), i))
            .collect();
        by.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        (by[0].0 > by[1].0).then_some(by[0].1)
    }

    /// The sides of the earliest and of the latest report, when dates are known
    /// and tell the two apart; ties go to the side with more reports.
    pub fn first_and_latest(&self) -> Option<(usize, usize)> {
        let first = (0..self.sides.len())
            .filter(|&i| self.sides[i].first_date.is_some())
            .min_by(|&a, &b| {
                self.sides[a]
                    .first_date
                    .cmp(&self.sides[b].first_date)
                    .then(a.cmp(&b))
            })?;
        let latest = (0..self.sides.len())
            .filter(|&i| self.sides[i].last_date.is_some())
            .max_by(|&a, &b| {
                self.sides[a]
                    .last_date
                    .cmp(&self.sides[b].last_date)
                    .then(b.cmp(&a))
            })?;
        (self.sides[first].first_date != self.sides[latest].last_date).then_some((first, latest))
    }

    /// Sides of a conflict that few reports give against one most give: fewer than
    /// a tenth of the majority's independent sources, which are at least
    /// [`OUTLIER_BASE`].
    pub fn outliers(&self) -> Vec<usize> {
        let Some(major) = self.majority() else {
            return Vec::new();
        };
        let most = self.sides[major].independent();
        if most < OUTLIER_BASE {
            return Vec::new();
        }
        let in_conflict: BTreeSet<usize> = self
            .parts
            .iter()
            .filter(|p| p.kind == FindingKind::Conflict && p.sides.contains(&major))
            .flat_map(|p| p.sides.iter().copied())
            .collect();
        in_conflict
            .into_iter()
            .filter(|&i| i != major && self.sides[i].independent() * 10 < most)
            .collect()
    }
}

/// Independent sources a majority needs before the few against it are outliers.
pub const OUTLIER_BASE: usize = 10;

/// Every finding over a set of claims, one per key (per story), in a
/// deterministic order: conflicts, then updates, …, then agreements; within a kind,
/// those involving more reports first, then by key and value.
///
/// Claims are compared only within a story and a measure, and only when their slots
/// unify (see [`clusters`]); names are compared by key, quotes by their words.
pub fn align(claims: &[Claim]) -> Vec<Finding> {
    let claims: Vec<&Claim> = claims.iter().collect();
    align_showing(&claims, &Show::default())
}

/// As [`align`], each side showing the claims of the reports `show` picks (see
/// [`Side::showing`]). The claims are borrowed wherever they are kept: a run
/// without stories holds them in one vector per report, not in one vector that
/// would need twice their memory while it grows.
pub fn align_showing<'c>(claims: &[&'c Claim], show: &Show) -> Vec<Finding> {
    let mut by_measure: BTreeMap<(Option<&str>, &str, ClaimKind), Vec<&'c Claim>> = BTreeMap::new();
    let mut names: BTreeMap<(Option<&str>, &str), Vec<&'c Claim>> = BTreeMap::new();
    let mut quoted: BTreeMap<Option<&str>, Vec<&'c Claim>> = BTreeMap::new();
    for &claim in claims {
        let story = claim.story.as_deref();
        match claim.kind {
            ClaimKind::Quote => quoted.entry(story).or_default().push(claim),
            ClaimKind::Name => names
                .entry((story, claim.key.as_str()))
                .or_default()
                .push(claim),
            _ => by_measure
                .entry((story, &*claim.measure, claim.kind))
                .or_default()
                .push(claim),
        }
    }
    // Stories and keys are aligned side by side: each is on its own, and `check`
    // aligns one chunk while the next is extracted, so the cores share both.
    let mut findings: Vec<Finding> = quoted
        .par_iter()
        .flat_map_iter(|(_, q)| quotes::align_quotes_showing(q, show))
        .collect();
    let day_order = SameDayOrder::new(claims);
    let ids = ValueIds::new(claims);
    let align = |story: Option<&str>, key: &str, group: &[&Claim]| {
        align_key(key, group, &day_order, &ids, show).map(|mut f| {
            f.story = story.map(str::to_string);
            f
        })
    };
    let groups: Vec<(Option<&str>, Option<&str>, Vec<&Claim>)> = names
        .into_iter()
        .map(|((story, key), group)| (story, Some(key), group))
        .chain(
            by_measure
                .into_iter()
                .map(|((story, _, _), group)| (story, None, group)),
        )
        .collect();
    findings.par_extend(groups.into_par_iter().flat_map_iter(|(story, key, group)| {
        match key {
            Some(key) => align(story, key, &group).into_iter().collect::<Vec<_>>(),
            None => clusters(group, &ids)
                .iter()
                .filter_map(|cluster| {
                    // The most specific claim names the cluster.
                    let key = cluster
                        .iter()
                        .max_by_key(|c| (c.slots.specificity(), std::cmp::Reverse(c.key.len())))
                        .map(|c| c.key.as_str())
                        .unwrap_or_default();
                    align(story, key, cluster)
                })
                .collect(),
        }
    }));
    findings.par_sort_by(|a, b| {
        a.kind
            .cmp(&b.kind)
            .then_with(|| b.source_count().cmp(&a.source_count()))
            .then_with(|| a.story.cmp(&b.story))
            .then_with(|| a.key.cmp(&b.key))
            .then_with(|| a.values().cmp(&b.values()))
    });
    findings
}

/// Claims of one measure with the same slots (who gives the figure aside): they
/// are placed alike, so grouping runs on distinct slots, and its cost grows with
/// them, not with the claims.
struct SlotClass<'c> {
    slots: Slots,
    /// Its [`Signature`], as a number.
    sig: usize,
    claims: Vec<&'c Claim>,
}

/// Claims of one measure in groups that may be compared. Every two claims of a
/// group are [comparable](Slots::comparable): claims with the same slots go
/// together, and join the one group all of whose claims they are comparable with;
/// when they would fit several groups they stand apart (a toll with no place is not
/// set against a Gaza toll *and* a West Bank toll). Then two groups whose slots
/// unify and that share a figure stated by different reports are one statement,
/// and merge ("67,173 killed in Gaza" and "the war has killed 67,173").
///
/// What the totals teach carries to their parts: when "killed in Gaza" and "killed
/// in the war" merged as one statement, "children killed in Gaza" and "children
/// killed in the war" are comparable too.
fn clusters<'c>(mut claims: Vec<&'c Claim>, ids: &ValueIds) -> Vec<Vec<&'c Claim>> {
    // The most specific first, so that groups form around what the text states.
    claims.sort_by(|a, b| {
        b.slots
            .specificity()
            .cmp(&a.slots.specificity())
            .then_with(|| a.text_order(b))
    });
    let mut classes: Vec<SlotClass<'_>> = Vec::new();
    let mut class_of: HashMap<Slots, usize> = HashMap::new();
    let mut sig_of: HashMap<Signature, usize> = HashMap::new();
    for claim in claims {
        let slots = Slots {
            source: None,
            ..claim.slots.clone()
        };
        let next = classes.len();
        let i = *class_of.entry(slots.clone()).or_insert(next);
        if i == next {
            let sigs = sig_of.len();
            let sig = *sig_of.entry(signature(&slots)).or_insert(sigs);
            classes.push(SlotClass {
                slots,
                sig,
                claims: Vec::new(),
            });
        }
        classes[i].claims.push(claim);
    }
    let totals: Vec<usize> = (0..classes.len())
        .filter(|&i| classes[i].slots.group.is_none() && classes[i].slots.subject.is_none())
        .collect();
    // Signatures known to state the same thing.
    let mut same = UnionFind::<usize>::new(sig_of.len());
    let apart = UnionFind::<usize>::new(sig_of.len());
    for group in cluster_with(&classes, totals, &apart, ids) {
        for pair in group.windows(2) {
            same.union(classes[pair[0]].sig, classes[pair[1]].sig);
        }
    }
    cluster_with(&classes, (0..classes.len()).collect(), &same, ids)
        .into_iter()
        .map(|group| {
            group
                .into_iter()
                .flat_map(|i| classes[i].claims.iter().copied())
                .collect()
        })
        .collect()
}

/// The reports that state a value, as far as merging groups asks: one report
/// (which), or more.
#[derive(Clone, Copy)]
struct Reports<'c> {
    first: &'c str,
    many: bool,
}

impl<'c> Reports<'c> {
    fn of(source: &'c str) -> Self {
        Reports {
            first: source,
            many: false,
        }
    }

    fn add(&mut self, source: &str) {
        self.many |= source != self.first;
    }

    fn merge(&mut self, other: &Reports<'_>) {
        self.many |= other.many || other.first != self.first;
    }

    /// Both are the same single report.
    fn one_report_with(&self, other: &Reports<'_>) -> bool {
        !self.many && !other.many && self.first == other.first
    }
}

/// Each claim's value as a small number: two claims with one number state the
/// same value. Read once per claim (from the value's full form), so grouping and
/// comparing go by numbers.
pub struct ValueIds {
    /// By the claim's address.
    of: HashMap<usize, u32>,
}

/// Writes text into two hashers.
struct HashWriter<'h>(
    &'h mut std::hash::DefaultHasher,
    &'h mut std::hash::DefaultHasher,
);

impl std::fmt::Write for HashWriter<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.write(s.as_bytes());
        self.1.write(s.as_bytes());
        Ok(())
    }
}

impl ValueIds {
    pub fn new(claims: &[&Claim]) -> ValueIds {
        // The value's full form, hashed as it is written out (two 64-bit hashes:
        // no two different values of a run share both).
        let forms: Vec<(u64, u64)> = claims
            .par_iter()
            .map(|c| {
                let mut a = std::hash::DefaultHasher::new();
                let mut b = std::hash::DefaultHasher::new();
                b.write_u8(0x5a);
                let _ = write!(HashWriter(&mut a, &mut b), "{:?}", c.value);
                (a.finish(), b.finish())
            })
            .collect();
        let mut intern: HashMap<(u64, u64), u32> = HashMap::new();
        let of = claims
            .iter()
            .zip(forms)
            .map(|(c, form)| {
                let next = u32::try_from(intern.len()).unwrap_or(u32::MAX);
                (
                    *c as *const Claim as usize,
                    *intern.entry(form).or_insert(next),
                )
            })
            .collect();
        ValueIds { of }
    }

    /// The claim's value number (claims not read at creation share `u32::MAX`,
    /// which never happens inside [`align`]).
    fn get(&self, c: &Claim) -> u32 {
        self.of
            .get(&(c as *const Claim as usize))
            .copied()
            .unwrap_or(u32::MAX)
    }
}

/// Where and which event: the slots news may leave unsaid.
type Signature = (Option<String>, Option<String>);

fn signature(slots: &Slots) -> Signature {
    (
        slots.place.as_ref().map(|p| p.id.clone()),
        slots.event.clone(),
    )
}

/// Groups of the given classes (indices, most specific first), as [`clusters`]
/// describes.
fn cluster_with(
    classes: &[SlotClass<'_>],
    order: Vec<usize>,
    same: &UnionFind<usize>,
    ids: &ValueIds,
) -> Vec<Vec<usize>> {
    let comparable = |x: usize, y: usize| {
        let (a, b) = (&classes[x].slots, &classes[y].slots);
        a.comparable(b)
            || (a.group == b.group
                && a.subject == b.subject
                && same.equiv(classes[x].sig, classes[y].sig))
    };
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for class in order {
        let fitting: Vec<usize> = (0..groups.len())
            .filter(|&g| groups[g].iter().all(|&c| comparable(c, class)))
            .collect();
        match fitting.as_slice() {
            &[g] => groups[g].push(class),
            _ => groups.push(vec![class]),
        }
    }
    // Each group's distinct values, with the reports that state each.
    let mut values: Vec<BTreeMap<u32, (&Claim, Reports<'_>)>> = groups
        .iter()
        .map(|group| {
            let mut out: BTreeMap<u32, (&Claim, Reports<'_>)> = BTreeMap::new();
            for &claim in group.iter().flat_map(|&i| &classes[i].claims) {
                out.entry(ids.get(claim))
                    .and_modify(|(_, r)| r.add(&claim.source))
                    .or_insert((claim, Reports::of(&claim.source)));
            }
            out
        })
        .collect();
    let one_statement = |a: &[usize],
                         b: &[usize],
                         va: &BTreeMap<u32, (&Claim, Reports<'_>)>,
                         vb: &BTreeMap<u32, (&Claim, Reports<'_>)>| {
        let unify = a
            .iter()
            .all(|&x| b.iter().all(|&y| classes[x].slots.unify(&classes[y].slots)));
        unify
            && va.values().any(|(x, sx)| {
                vb.values().any(|(y, sy)| {
                    !sx.one_report_with(sy) && x.value.relation(&y.value) == Relation::Agree
                })
            })
    };
    // A group that did not merge with either of two groups does not merge with
    // both together (all slots must unify, and any shared figure would have been
    // shared before): one pass, each group taking in the later ones it can.
    let mut i = 0;
    while i < groups.len() {
        let mut j = i + 1;
        while j < groups.len() {
            if one_statement(&groups[i], &groups[j], &values[i], &values[j]) {
                let moved = groups.remove(j);
                groups[i].extend(moved);
                for (id, (claim, reports)) in values.remove(j) {
                    values[i]
                        .entry(id)
                        .and_modify(|(_, r)| r.merge(&reports))
                        .or_insert((claim, reports));
                }
                j = i + 1;
            } else {
                j += 1;
            }
        }
        i += 1;
    }
    groups
}

impl Finding {
    /// The key as a heading: with its story, when there is one.
    pub fn title(&self) -> String {
        match &self.story {
            Some(story) => format!("{} · story {story}", self.key),
            None => self.key.clone(),
        }
    }

    /// How many different reports the finding involves.
    pub fn source_count(&self) -> usize {
        self.sides
            .iter()
            .flat_map(|s| &s.sources)
            .collect::<BTreeSet<_>>()
            .len()
    }

    fn values(&self) -> Vec<&str> {
        self.sides.iter().map(|s| s.value.as_str()).collect()
    }
}

/// Days from `a`'s date to `b`'s, when both are known.
fn days_between(a: &Claim, b: &Claim) -> Option<f64> {
    let da: jiff::civil::Date = a.as_of.as_deref()?.parse().ok()?;
    let db: jiff::civil::Date = b.as_of.as_deref()?.parse().ok()?;
    Some(f64::from(da.until(db).ok()?.get_days()))
}

/// How two claims of one key relate, their dates considered. A duration grows with
/// time. A figure that moves over time (a toll) is a series: reported at different
/// dates, a later higher figure is an update, a later lower one of a figure that
/// only grows a contradiction; two different figures of one day contradict each
/// other, unless one report is plainly the earlier count of that day (see
/// [`SameDayOrder`]). A report with no date is never ordered by guess: its different
/// figure is shown in the timeline, not as a contradiction.
fn relate(a: &Claim, b: &Claim, before: &dyn Fn(&Claim, &Claim) -> bool) -> Relation {
    let days = days_between(a, b);
    let relation = a.value.relation_after(&b.value, days.unwrap_or(0.0));
    if a.trend.is_fixed() || !matches!(relation, Relation::Conflict | Relation::Compatible) {
        return relation;
    }
    let differ = a.value.figure() != b.value.figure();
    match days {
        None if relation == Relation::Conflict => Relation::Update,
        Some(0.0) if a.trend == Trend::Rises && relation == Relation::Conflict => {
            let rose = |e: &Claim, l: &Claim| {
                matches!((e.value.figure(), l.value.figure()), (Some(x), Some(y)) if y > x)
                    && before(e, l)
            };
            if rose(a, b) || rose(b, a) {
                Relation::Update
            } else {
                relation
            }
        }
        None | Some(0.0) => relation,
        Some(days) => {
            let (earlier, later) = if days > 0.0 { (a, b) } else { (b, a) };
            let rose = match (earlier.value.figure(), later.value.figure()) {
                (Some(e), Some(l)) => l > e,
                _ => false,
            };
            match a.trend {
                Trend::Changes if differ => Relation::Update,
                Trend::Rises if rose => Relation::Update,
                _ => relation,
            }
        }
    }
}

/// Claims of one key that state one value on one day (and the same way: told as
/// a rise or not). They agree with each other and relate alike to every other
/// claim, so a key is compared value by value: its cost grows with its distinct
/// values, not with the pairs of its claims.
struct ValueClass<'c> {
    claims: Vec<&'c Claim>,
    /// One claim of each of its reports, for ordering reports of one day.
    per_source: Vec<&'c Claim>,
}

/// Reports of each class that [`SameDayOrder`] compares, at most: whether one of
/// two day's figures is the earlier count is read from this many reports a side.
const ORDERED_REPORTS: usize = 32;

fn value_classes<'c>(
    claims: &[&'c Claim],
    day_order: &SameDayOrder<'_>,
    ids: &ValueIds,
) -> Vec<ValueClass<'c>> {
    let mut index: HashMap<(u32, Option<&str>, bool), usize> = HashMap::new();
    let mut classes: Vec<ValueClass<'c>> = Vec::new();
    for &claim in claims {
        // The date tells only for figures that move over time and for durations
        // (a war's length grows with the day it is told).
        let dated = !claim.trend.is_fixed() || matches!(claim.value, Value::Duration(_));
        let key = (
            ids.get(claim),
            claim.as_of.as_deref().filter(|_| dated),
            day_order.told_rise(claim),
        );
        let next = classes.len();
        let i = *index.entry(key).or_insert(next);
        if i == next {
            classes.push(ValueClass {
                claims: Vec::new(),
                per_source: Vec::new(),
            });
        }
        let class = &mut classes[i];
        // Claims come in source order: a new report starts where the source changes.
        if class
            .per_source
            .last()
            .is_none_or(|last| last.source != claim.source)
        {
            class.per_source.push(claim);
        }
        class.claims.push(claim);
    }
    classes
}

/// How two classes relate: as their first claims do, the earlier count of a day
/// read from any of their reports.
fn relate_classes(
    a: &ValueClass<'_>,
    b: &ValueClass<'_>,
    day_order: &SameDayOrder<'_>,
) -> Relation {
    let (ra, rb) = (a.claims[0], b.claims[0]);
    let before = |e: &Claim, l: &Claim| {
        // `e` and `l` are the two classes' first claims; which is which decides.
        let (ce, cl) = if std::ptr::eq(e, ra) && !std::ptr::eq(l, ra) {
            (a, b)
        } else {
            (b, a)
        };
        ce.per_source.iter().take(ORDERED_REPORTS).any(|x| {
            cl.per_source
                .iter()
                .take(ORDERED_REPORTS)
                .any(|y| day_order.before(x, y))
        })
    };
    relate(ra, rb, &before)
}

/// The items taken in `order` (a permutation of their indices), moved, not cloned.
fn in_order<T>(items: Vec<T>, order: &[usize]) -> Vec<T> {
    let mut items: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order
        .iter()
        .filter_map(|&i| items.get_mut(i).and_then(Option::take))
        .collect()
}

/// The finding of one key: its sides and what they say to each other, or `None`
/// when they say nothing (one report alone, values that do not speak to each other).
fn align_key(
    key: &str,
    claims: &[&Claim],
    day_order: &SameDayOrder<'_>,
    ids: &ValueIds,
    show: &Show,
) -> Option<Finding> {
    let mut claims = claims.to_vec();
    claims.sort_by(|a, b| a.text_order(b));
    let classes = value_classes(&claims, day_order, ids);
    let k = classes.len();
    // How every two values relate, in a triangle of one byte a pair (no graph: a
    // key with 2,000 different venues has two million pairs).
    let mut relation = vec![Relation::Unrelated; k * k.saturating_sub(1) / 2];
    for j in 1..k {
        for i in 0..j {
            relation[pair_index(i, j)] = relate_classes(&classes[i], &classes[j], day_order);
        }
    }
    // Sides: values that agree.
    let mut union = UnionFind::<usize>::new(k);
    for j in 1..k {
        for i in 0..j {
            if relation[pair_index(i, j)] == Relation::Agree {
                union.union(i, j);
            }
        }
    }
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..k {
        members.entry(union.find(i)).or_default().push(i);
    }
    let groups: Vec<Vec<usize>> = members.into_values().collect();
    let mut side_of = vec![0; k];
    for (s, m) in groups.iter().enumerate() {
        for &c in m {
            side_of[c] = s;
        }
    }
    // Relations between sides, from the relations of their values. A side speaks
    // through its most precise values: a side holding "174", "at least 174" and
    // "up to 174" states 174, which 125 contradicts.
    let mut precise = vec![false; k];
    for m in &groups {
        let exact = m.iter().any(|&i| classes[i].claims[0].value.is_precise());
        for &i in m {
            precise[i] = !exact || classes[i].claims[0].value.is_precise();
        }
    }
    let n = groups.len();
    let mut seen = vec![RelationSet::default(); n * n.saturating_sub(1) / 2];
    for j in 1..k {
        for i in 0..j {
            let r = relation[pair_index(i, j)];
            let (sa, sb) = (side_of[i], side_of[j]);
            if r != Relation::Unrelated && sa != sb && precise[i] && precise[j] {
                seen[pair_index(sa.min(sb), sa.max(sb))].insert(r);
            }
        }
    }
    drop(relation);
    let side_claims = |m: &[usize]| -> Vec<&Claim> {
        let mut all: Vec<&Claim> = m
            .iter()
            .flat_map(|&i| classes[i].claims.iter().copied())
            .collect();
        all.sort_by(|a, b| a.text_order(b));
        all
    };
    let sides: Vec<Side> = groups
        .iter()
        .map(|m| {
            let all = side_claims(m);
            Side::showing(common_display(&all), all, show)
        })
        .collect();
    // Sides in the order a reader takes them: most reports first.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| side_order(&sides[a], &sides[b]));
    let mut rank = vec![0; n];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }
    let mut between = Between::new(n);
    for b in 1..n {
        for a in 0..b {
            let set = seen[pair_index(a, b)];
            if !set.is_empty() {
                between.set(rank[a], rank[b], set.between_sides());
            }
        }
    }
    drop(seen);
    let groups: Vec<Vec<usize>> = in_order(groups, &order);
    let sides = in_order(sides, &order);
    let mut parts = Vec::new();
    let part = |kind, sides: Vec<usize>, note: Option<String>| Part { kind, sides, note };
    // A report that is vaguer in one sentence than in another is not news; two
    // reports whose values differ but fit together are. Two figures of one report
    // are, far more often than a report contradicting itself, two things the claims'
    // slots failed to tell apart: not shown as a contradiction either.
    let two_reports = |a: usize, b: usize| {
        let (sa, sb) = (&sides[a].sources, &sides[b].sources);
        sa.len() >= 2 || sb.len() >= 2 || sa != sb
    };
    // One conflict per set of sides that contradict each other (a key where 174, 125
    // and 130 were all reported is one conflict with three sides, not three pairs).
    let conflicts = between.linked_sets(Relation::Conflict, two_reports);
    let conflict_of: BTreeMap<usize, usize> = conflicts
        .iter()
        .enumerate()
        .flat_map(|(k, members)| members.iter().map(move |&i| (i, k)))
        .collect();
    for members in &conflicts {
        let all: Vec<&Claim> = members
            .iter()
            .flat_map(|&i| side_claims(&groups[i]))
            .collect();
        let set: Vec<&Side> = members.iter().map(|&i| &sides[i]).collect();
        parts.push(part(
            FindingKind::Conflict,
            members.clone(),
            conflict_note(&set, &all),
        ));
    }
    // Where no values of the key contradict each other, the values that fit
    // together are one part too ("more than 900 · 963 · 1,067"); beside a
    // conflict, each pair says which side a value fits.
    if conflicts.is_empty() {
        for members in between.linked_sets(Relation::Compatible, two_reports) {
            parts.push(part(FindingKind::Compatible, members, None));
        }
    }
    for (a, b, relation) in between.pairs() {
        let kind = match relation {
            Relation::Variant => FindingKind::Variant,
            // Conflicts are gathered above, updates into one timeline below.
            Relation::Conflict | Relation::Update => continue,
            // Gathered above when the key has no conflict.
            Relation::Compatible if conflicts.is_empty() => continue,
            _ => FindingKind::Compatible,
        };
        // Two sides of one conflict are shown there, with every other side.
        let together = conflict_of
            .get(&a)
            .is_some_and(|k| conflict_of.get(&b) == Some(k));
        if together || !two_reports(a, b) {
            continue;
        }
        parts.push(part(kind, vec![a, b], None));
    }
    // One timeline of the sides linked by updates.
    let updated: BTreeSet<usize> = between
        .pairs()
        .filter(|(_, _, r)| *r == Relation::Update)
        .flat_map(|(a, b, _)| [a, b])
        .collect();
    if !updated.is_empty() {
        let mut timeline: Vec<usize> = updated.iter().copied().collect();
        // Oldest first (within a day, the lower count first: a day's figures are
        // in one timeline only when one report is that day's earlier count); sides
        // of unknown date last.
        let figure = |i: usize| classes[groups[i][0]].claims[0].value.figure();
        timeline.sort_by(|&a, &b| {
            let (sa, sb) = (&sides[a], &sides[b]);
            (sa.as_of().is_none(), sa.as_of())
                .cmp(&(sb.as_of().is_none(), sb.as_of()))
                .then_with(|| figure(a).partial_cmp(&figure(b)).unwrap_or(Ordering::Equal))
                .then_with(|| sa.value.cmp(&sb.value))
        });
        let note = timeline
            .iter()
            .any(|&i| sides[i].as_of().is_none())
            .then(|| {
                "a report's date is unknown: its figure is listed last, not ordered by guess"
                    .to_string()
            });
        parts.push(part(FindingKind::Update, timeline, note));
    }
    // A side in a conflict or a timeline is shown with its support there; it is not
    // also an agreement.
    let mut shown: BTreeSet<usize> = conflict_of.into_keys().collect();
    shown.extend(updated);
    // A name spelled alike by several reports is not news.
    let names = claims.first().is_some_and(|c| c.kind == ClaimKind::Name);
    for (i, side) in sides.iter().enumerate() {
        if side.sources.len() >= 2 && !shown.contains(&i) && !names {
            parts.push(part(FindingKind::Agree, vec![i], None));
        }
    }
    parts.sort_by_key(|p| p.kind);
    let kind = parts.first()?.kind;
    Some(Finding {
        kind,
        story: None,
        key: key.to_string(),
        sides,
        parts,
        diff: None,
    })
}

/// The place of pair (i, j), i < j, in a triangle of pairs.
fn pair_index(i: usize, j: usize) -> usize {
    j * (j - 1) / 2 + i
}

/// The relations seen between the values of two sides (a small bit set).
#[derive(Clone, Copy, Default)]
struct RelationSet(u8);

impl RelationSet {
    fn insert(&mut self, r: Relation) {
        self.0 |= 1 << r as u8;
    }

    fn is_empty(self) -> bool {
        self.0 == 0
    }

    fn has(self, r: Relation) -> bool {
        self.0 & (1 << r as u8) != 0
    }

    /// How two sides relate, from the relations of their values: a contradiction
    /// only when every pair contradicts (a side holding "nine" and "at least nine"
    /// does not contradict "10"); an update when the figure moved; else compatible.
    fn between_sides(self) -> Relation {
        if self.0 == 1 << Relation::Conflict as u8 {
            Relation::Conflict
        } else if self.has(Relation::Update) {
            Relation::Update
        } else if self.has(Relation::Variant) {
            Relation::Variant
        } else {
            Relation::Compatible
        }
    }
}

/// How every two sides of a key relate (a triangle, one byte a pair).
struct Between {
    n: usize,
    relation: Vec<Option<Relation>>,
}

impl Between {
    fn new(n: usize) -> Between {
        Between {
            n,
            relation: vec![None; n * n.saturating_sub(1) / 2],
        }
    }

    fn set(&mut self, a: usize, b: usize, r: Relation) {
        self.relation[pair_index(a.min(b), a.max(b))] = Some(r);
    }

    /// The related pairs (a < b), by a then b.
    fn pairs(&self) -> impl Iterator<Item = (usize, usize, Relation)> + '_ {
        (0..self.n).flat_map(move |a| {
            (a + 1..self.n).filter_map(move |b| self.relation[pair_index(a, b)].map(|r| (a, b, r)))
        })
    }

    /// The sets of sides joined, directly or through other sides, by `relation` in
    /// the pairs `keep` accepts, each sorted.
    fn linked_sets(
        &self,
        relation: Relation,
        keep: impl Fn(usize, usize) -> bool,
    ) -> Vec<Vec<usize>> {
        let mut union = UnionFind::<usize>::new(self.n);
        let mut linked: BTreeSet<usize> = BTreeSet::new();
        for (a, b, r) in self.pairs() {
            if r == relation && keep(a, b) {
                union.union(a, b);
                linked.extend([a, b]);
            }
        }
        let mut sets: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for i in linked {
            sets.entry(union.find(i)).or_default().push(i);
        }
        sets.into_values().collect()
    }
}

/// What a reader should know about a conflict: the sides cite different sources,
/// or a figure that moves over time is undated in a report.
fn conflict_note(sides: &[&Side], claims: &[&Claim]) -> Option<String> {
    let cited: Vec<Vec<&str>> = sides.iter().map(|s| s.cited()).collect();
    if cited.iter().all(|c| !c.is_empty()) && cited.windows(2).all(|w| w[0] != w[1]) {
        let names: Vec<String> = cited.iter().map(|c| c.join(", ")).collect();
        return Some(format!(
            "the sides cite different sources: {}",
            names.join("; ")
        ));
    }
    let moves = claims.iter().any(|c| !c.trend.is_fixed());
    let undated = claims.iter().any(|c| c.as_of.is_none());
    (moves && undated).then(|| {
        "a report's date is unknown, so this may be an update rather than a contradiction"
            .to_string()
    })
}

/// The most frequent display among claims; ties go to the one seen first.
fn common_display(claims: &[&Claim]) -> String {
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for (order, c) in claims.iter().enumerate() {
        counts.entry(c.display.as_str()).or_insert((0, order)).0 += 1;
    }
    counts
        .iter()
        .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)))
        .map_or_else(String::new, |(d, _)| (*d).to_string())
}

/// The side more reports support comes first; ties by sources, then value.
fn side_order(a: &Side, b: &Side) -> Ordering {
    b.sources
        .len()
        .cmp(&a.sources.len())
        .then_with(|| a.sources.cmp(&b.sources))
        .then_with(|| a.value.cmp(&b.value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::{Duration, HedgeLexicon, PlaceValue, Quantity, Value};

    fn place(id: &str, within: &[&str]) -> PlaceValue {
        PlaceValue {
            id: id.into(),
            name: id.into(),
            within: within.iter().map(|s| (*s).to_string()).collect(),
        }
    }

    fn place_claim(source: &str, id: &str, within: &[&str]) -> Claim {
        Claim::for_test(source, "venue", Value::Place(place(id, within)))
    }

    fn lexicon() -> HedgeLexicon {
        let mut lex = HedgeLexicon {
            prefixes: vec![
                ("at least".into(), crate::value::Hedge::AtLeast),
                ("nearly".into(), crate::value::Hedge::Nearly),
            ],
            ..HedgeLexicon::default()
        };
        lex.sort();
        lex
    }

    /// A toll of `source` published on `date` (or undated).
    fn toll(source: &str, figure: &str, date: Option<&str>) -> Claim {
        let q = Quantity::parse(figure, &lexicon()).expect("a figure");
        let mut c = Claim::for_test(source, "dead", Value::Quantity(q));
        c.trend = Trend::Rises;
        c.as_of = date.map(Into::into);
        c
    }

    fn in_place(mut c: Claim, id: &str) -> Claim {
        c.slots.place = Some(place(id, &[]));
        c
    }

    /// Each part of each finding: its kind and the values of its sides.
    fn summary(findings: &[Finding]) -> Vec<(FindingKind, Vec<&str>)> {
        findings
            .iter()
            .flat_map(|f| {
                f.parts.iter().map(|p| {
                    let values = p.sides.iter().map(|&i| f.sides[i].value.as_str()).collect();
                    (p.kind, values)
                })
            })
            .collect()
    }

    #[test]
    fn sibling_cities_conflict_and_the_country_is_compatible_with_both() {
        let claims = vec![
            place_claim("a", "cairo", &["egypt"]),
            place_claim("b", "cairo", &["egypt"]),
            place_claim("c", "sharm", &["egypt"]),
            place_claim("d", "egypt", &[]),
        ];
        let findings = align(&claims);
        // One finding for the key, holding all three values.
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].kind, FindingKind::Conflict);
        assert_eq!(
            summary(&findings),
            vec![
                (FindingKind::Conflict, vec!["cairo", "sharm"]),
                (FindingKind::Compatible, vec!["cairo", "egypt"]),
                (FindingKind::Compatible, vec!["sharm", "egypt"]),
            ]
        );
        assert_eq!(findings[0].sides[0].sources, vec!["a", "b"]);
        assert_eq!(findings[0].majority(), Some(0));
    }

    #[test]
    fn three_figures_that_contradict_each_other_are_one_conflict() {
        let claims = vec![
            toll("a", "174", Some("2022-10-02")),
            toll("b", "174", Some("2022-10-02")),
            toll("c", "125", Some("2022-10-02")),
            toll("d", "130", Some("2022-10-02")),
            toll("e", "at least 120", Some("2022-10-02")),
        ];
        let findings = align(&claims);
        let conflicts: Vec<_> = summary(&findings)
            .into_iter()
            .filter(|(k, _)| *k == FindingKind::Conflict)
            .collect();
        // One finding, the side most reports give first; "at least 120" fits all
        // three and is not a side of the conflict.
        assert_eq!(
            conflicts,
            vec![(FindingKind::Conflict, vec!["174", "125", "130"])]
        );
        // The pairs of the conflict are not shown again as compatible pairs.
        assert!(
            !summary(&findings)
                .iter()
                .any(|(k, v)| *k == FindingKind::Compatible
                    && v.contains(&"174")
                    && v.contains(&"125"))
        );
    }

    #[test]
    fn values_that_all_fit_together_are_one_compatible_finding() {
        let claims = vec![
            toll("a", "at least 900", Some("2024-04-03")),
            toll("b", "963", Some("2024-04-03")),
            toll("c", "nearly 1,000", Some("2024-04-03")),
        ];
        assert_eq!(
            summary(&align(&claims)),
            vec![(
                FindingKind::Compatible,
                vec!["at least 900", "963", "nearly 1,000"]
            )]
        );
    }

    #[test]
    fn claims_whose_slots_differ_are_not_compared() {
        let mut a = place_claim("a", "cairo", &[]);
        let mut b = place_claim("b", "doha", &[]);
        a.slots.event = Some("talks".into());
        b.slots.event = Some("summit".into());
        assert!(align(&[a.clone(), b]).is_empty());
        let c = place_claim("c", "doha", &[]);
        assert_eq!(align(&[a, c])[0].kind, FindingKind::Conflict);
    }

    #[test]
    fn a_claim_without_a_slot_does_not_join_two_sides_that_differ_in_it() {
        // A Gaza toll and a West Bank toll are not compared; a toll that names no
        // place fits both, so it is set against neither (the old code joined the
        // two through it and reported Gaza against the West Bank).
        let claims = vec![
            in_place(toll("a", "67,000", None), "gaza"),
            in_place(toll("b", "1,000", None), "west-bank"),
            toll("c", "67,000", None),
        ];
        let findings = align(&claims);
        assert!(
            findings.iter().all(|f| f.kind != FindingKind::Conflict),
            "{:?}",
            summary(&findings)
        );
    }

    #[test]
    fn a_part_is_not_its_total() {
        let mut children = toll("a", "300", None);
        children.slots.group = Some("children".into());
        let findings = align(&[children, toll("b", "1,200", None)]);
        assert!(findings.is_empty(), "{:?}", summary(&findings));
    }

    #[test]
    fn a_toll_that_rose_between_dates_is_an_update_and_one_that_fell_a_conflict() {
        let rose = align(&[
            toll("a", "95", Some("2023-12-19")),
            toll("b", "131", Some("2023-12-20")),
            toll("c", "at least 95", Some("2023-12-19")),
        ]);
        assert_eq!(
            summary(&rose),
            vec![(FindingKind::Update, vec!["95", "131"])],
            "{rose:?}"
        );
        let fell = align(&[
            toll("a", "131", Some("2023-12-19")),
            toll("b", "95", Some("2023-12-20")),
        ]);
        assert_eq!(summary(&fell)[0].0, FindingKind::Conflict);
        // Two figures of one day contradict each other.
        let same_day = align(&[
            toll("a", "95", Some("2023-12-19")),
            toll("b", "131", Some("2023-12-19")),
        ]);
        assert_eq!(summary(&same_day)[0].0, FindingKind::Conflict);
        // Without a date nothing is ordered by guess: the undated figure joins the
        // timeline last, with a note, and no contradiction is claimed.
        let undated = align(&[toll("a", "95", None), toll("b", "131", Some("2023-12-20"))]);
        assert_eq!(
            summary(&undated),
            vec![(FindingKind::Update, vec!["131", "95"])]
        );
        assert!(undated[0].note().is_some_and(|n| n.contains("unknown")));
        // "at least 9" then "10" a day later: the toll rose, though both can be true.
        let rose_within = align(&[
            toll("a", "at least 9", Some("2024-04-03")),
            toll("b", "10", Some("2024-04-04")),
        ]);
        assert_eq!(summary(&rose_within)[0].0, FindingKind::Update);
    }

    #[test]
    fn a_report_behind_on_every_count_of_its_day_is_that_days_earlier_count() {
        let injured = |source: &str, figure: &str| {
            let mut c = toll(source, figure, Some("2024-04-04"));
            c.measure = "injured".into();
            c.key = "injured".into();
            c
        };
        let day = |source: &str, figure: &str| toll(source, figure, Some("2024-04-04"));
        // Behind on both the dead and the injured: the injured rose during the day.
        let behind = align(&[
            day("a", "9"),
            injured("a", "960"),
            day("b", "10"),
            injured("b", "1,070"),
        ]);
        let kinds: Vec<FindingKind> = behind.iter().map(|f| f.kind).collect();
        assert!(!kinds.contains(&FindingKind::Conflict), "{behind:?}");
        assert_eq!(
            summary(&behind)
                .into_iter()
                .filter(|(k, _)| *k == FindingKind::Update)
                .count(),
            2
        );
        // Each ahead on one count: not ordered, the figures contradict each other.
        let crossed = align(&[
            day("a", "9"),
            injured("a", "1,070"),
            day("b", "10"),
            injured("b", "960"),
        ]);
        assert_eq!(
            summary(&crossed)
                .iter()
                .filter(|(k, _)| *k == FindingKind::Conflict)
                .count(),
            2
        );
        // One count alone orders nothing.
        let one = align(&[day("a", "9"), day("b", "10")]);
        assert_eq!(summary(&one)[0].0, FindingKind::Conflict);
        // Unless both figures are told as rises: a count in motion that day.
        let rising = |source: &str, figure: &str| {
            let mut c = day(source, figure);
            c.text = format!("the death toll rose to {figure}");
            c
        };
        let moving = align(&[rising("a", "233"), rising("b", "288")]);
        assert_eq!(
            summary(&moving),
            vec![(FindingKind::Update, vec!["233", "288"])]
        );
    }

    #[test]
    fn nearly_two_years_on_the_eve_and_two_years_after_the_anniversary_agree_in_time() {
        let dur = |source: &str, text: &str, date: &str| {
            let d = Duration::parse(text, &lexicon()).expect("a duration");
            let mut c = Claim::for_test(source, "duration", Value::Duration(d));
            c.as_of = Some(date.into());
            c
        };
        let findings = align(&[
            dur("a", "nearly two years", "2025-10-06"),
            dur("b", "two years", "2025-10-08"),
        ]);
        assert!(
            findings.iter().all(|f| f.kind != FindingKind::Conflict),
            "{:?}",
            summary(&findings)
        );
        // Stated on the same day, they contradict each other.
        let findings = align(&[
            dur("a", "nearly two years", "2025-10-08"),
            dur("b", "two years", "2025-10-08"),
        ]);
        assert_eq!(findings[0].kind, FindingKind::Conflict);
    }

    #[test]
    fn thousands_of_reports_on_one_figure_are_one_finding_with_the_few_against_it_as_outliers() {
        let mut claims: Vec<Claim> = (0..3000)
            .map(|i| toll(&format!("r{i:04}"), "67,173", Some("2025-10-05")))
            .collect();
        claims.extend((0..4).map(|i| toll(&format!("x{i}"), "67,183", Some("2025-10-05"))));
        let findings = align(&claims);
        assert_eq!(findings.len(), 1, "{:?}", summary(&findings));
        let f = &findings[0];
        assert_eq!(f.kind, FindingKind::Conflict);
        let values: Vec<&str> = f.sides.iter().map(|s| s.value.as_str()).collect();
        assert_eq!(values, ["67,173", "67,183"]);
        assert_eq!(f.majority(), Some(0));
        assert_eq!(f.outliers(), vec![1]);
        // Every report is listed and counted; the claims of a few are shown.
        assert_eq!(f.sides[0].sources.len(), 3000);
        assert_eq!(f.sides[0].claim_count, 3000);
        assert_eq!(f.sides[0].claims.len(), SHOWN_REPORTS);
        assert_eq!(f.sides[0].unshown(), 3000 - SHOWN_REPORTS);
        assert!(f.sides[0].sources_label().ends_with("and 2988 more"));
        assert_eq!(f.sides[1].claims.len(), SHOWN_REPORTS);
    }

    #[test]
    fn the_earliest_and_the_latest_report_are_told_apart_by_date() {
        let claims = vec![
            place_claim("a", "cairo", &[]),
            place_claim("b", "cairo", &[]),
            place_claim("c", "doha", &[]),
        ];
        let dated: Vec<Claim> = claims
            .into_iter()
            .zip(["2025-10-05", "2025-10-06", "2025-10-07"])
            .map(|(mut c, d)| {
                c.as_of = Some(d.into());
                c
            })
            .collect();
        let f = &align(&dated)[0];
        assert_eq!(f.sides[0].value, "cairo");
        assert_eq!(f.first_and_latest(), Some((0, 1)));
        // Two against one is a majority, but not one with outliers.
        assert_eq!(f.majority(), Some(0));
        assert!(f.outliers().is_empty());
    }

    #[test]
    fn one_report_alone_agrees_with_nobody() {
        let claims = vec![
            place_claim("a", "cairo", &[]),
            place_claim("a", "cairo", &[]),
        ];
        assert!(align(&claims).is_empty());
    }
}
